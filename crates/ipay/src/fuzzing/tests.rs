use super::ipay_soap;
use proptest::prelude::*;

/// Real envelopes and notices (the tests' ASP, zeep and SOAP 1.2 samples,
/// the manual's §3.1.6 and §3.1.8 notices), the seeds the structured cases
/// mutate. A leading `\x00` means no headers; `\x01` a charset line, `\x02`
/// a SOAPAction line, `\x03` both.
const SAMPLES: &[&str] = &[
    "\x00<?xml version='1.0' encoding='utf-8'?> <soap:Envelope xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' \
     xmlns:xsd='http://www.w3.org/2001/XMLSchema' xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'>   \
     <soap:Header>     <EncryptedTicket xmlns='http://www.auction.co.kr/Security'>    <Value> TICKET== </Value>     \
     </EncryptedTicket>   </soap:Header>   <soap:Body>     <InsertIpayOrderToLong xmlns='http://www.auction.co.kr/IpayService/Ipay'> \
     <ORDER pay_price='1000'/> </InsertIpayOrderToLong>   </soap:Body> </soap:Envelope> ",
    "\x02http://www.auction.co.kr/IpayService/Ipay/InsertIpayOrderToLong\n\
     <soap-env:Envelope xmlns:soap-env=\"http://www.w3.org/2003/05/soap-envelope\"><soap-env:Header>\
     <ns0:EncryptedTicket xmlns:ns0=\"http://www.auction.co.kr/Security\"><ns0:Value>TICKET</ns0:Value></ns0:EncryptedTicket>\
     </soap-env:Header><soap-env:Body><ns0:InsertIpayOrderToLong xmlns:ns0=\"http://www.auction.co.kr/IpayService/Ipay\">\
     <ns0:ORDER payment_rule=\"0\" pay_price=\"1000\" shipping_price=\"0\" shipping_type=\"1\" back_url=\"http://a/?x=1&amp;y=2\" \
     service_url=\"s\" redirect_url=\"r\"/><ns0:ITEMS><ns0:IpayServiceItems item_name=\"n\" ipay_itemno=\"1\" \
     item_option_name=\"\" item_price=\"1000\" order_qty=\"1\" item_url=\"u\" thumbnail_url=\"t\"/></ns0:ITEMS>\
     </ns0:InsertIpayOrderToLong></soap-env:Body></soap-env:Envelope>",
    "\x00<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:sec=\"http://www.auction.co.kr/Security\">\
     <e:Header><sec:EncryptedTicket><sec:Value>T</sec:Value></sec:EncryptedTicket></e:Header><e:Body>\
     <test xmlns=\"http://www.auction.co.kr/IpayService/Ipay\"/></e:Body></e:Envelope>",
    "\x01euc-kr\n<?xml version=\"1.0\" encoding=\"euc-kr\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\
     <soap:Body><GetIpayReceiptStatus xmlns=\"http://www.auction.co.kr/IpayService/Ipay\"><payNo>12</payNo>\
     </GetIpayReceiptStatus></soap:Body></soap:Envelope>",
    "\x00<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>\
     <faultcode>soap:Client</faultcode><faultstring>x &lt; y &#xAC00;<![CDATA[ & ]]></faultstring></soap:Fault>\
     </soap:Body></soap:Envelope>",
    "\x00<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<IpayResponse>\n<ResponseType>0</ResponseType>\n\
     <AuctionOrderNo>123456789</AuctionOrderNo>\n<IpayCartNo>12345</IpayCartNo>\n<OrderDate>2010-10-05 08:23:00</OrderDate>\n\
     <BankCode>우리은행</BankCode>\n<BankName>1520</BankName>\n<AccountNumb>12345678901234</AccountNumb>\n<PayDate></PayDate>\n\
     <PayPrice>32500</PayPrice>\n<PaymentType>A</PaymentType>\n<ExpireDate>2010-10-12 08:23:00</ExpireDate>\n<Emoney>0</Emoney>\n\
     <CardName></CardName>\n<CardMonth></CardMonth>\n<CardNumb></CardNumb>\n<NoInterestYN>N</NoInterestYN>\n\
     <BuyerName>홍길동</BuyerName>\n<AuctionPayNo>5678901234</AuctionPayNo>\n\
     <AuctionOrderNos>1234567890@1234567891@</AuctionOrderNos>\n<ItemNos>1903=I000092448@54=I000092449@</ItemNos>\n</IpayResponse>\n",
    "\x00<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<IpayResponse>\n<ResponseType>1</ResponseType>\n\
     <AuctionOrderNo>123456789</AuctionOrderNo>\n<IpayCartNo>12345</IpayCartNo>\n<AuctionItemNo>I000016033</AuctionItemNo>\n\
     <IpayItemNo>54</IpayItemNo>\n<CancelCode></CancelCode>\n<CancelDate>2010-10-02 오후 5:37:00 </CancelDate>\n\
     <CancelPrice>32500.0000</CancelPrice>\n</IpayResponse>\n",
];

/// A sample with some bytes replaced, inserted or cut.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(SAMPLES),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..8),
    )
        .prop_map(|(sample, edits)| {
            let mut bytes = sample.as_bytes().to_vec();
            for (at, byte, kind) in edits {
                let i = at.index(bytes.len());
                match kind {
                    0 => bytes[i] = byte,
                    1 => bytes.insert(i, byte),
                    _ => bytes.truncate(i.max(1)),
                }
            }
            bytes
        })
}

/// A sample with a splice of XML syntax (markup, references, CDATA, DTDs)
/// inserted somewhere.
fn spliced() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(
        &[
            "<",
            ">",
            "</",
            "/>",
            "&",
            "&amp;",
            "&#0;",
            "&#x110000;",
            "&#xD800;",
            "&lt",
            "&bogus;",
            "<![CDATA[",
            "]]>",
            "<!DOCTYPE x [<!ENTITY a \"b\">]>",
            "<?pi x?>",
            "<!--",
            "-->",
            "xmlns=\"\"",
            "xmlns:p=\"u\"",
            " a='1' a='2'",
            "p:",
            "\u{feff}",
            "\r\n",
            "\"",
            "'",
            "<x>",
            "</x>",
            "<soap:Body>",
            "</soap:Body>",
        ][..],
    );
    (
        prop::sample::select(SAMPLES),
        prop::collection::vec((any::<prop::sample::Index>(), pieces), 1..6),
    )
        .prop_map(|(sample, splices)| {
            let mut bytes = sample.as_bytes().to_vec();
            for (at, piece) in splices {
                let i = at.index(bytes.len()).max(1);
                bytes.splice(i..i, piece.bytes());
            }
            bytes
        })
}

#[test]
fn samples_run_clean() {
    for s in SAMPLES {
        ipay_soap(s.as_bytes());
    }
}

#[test]
fn nesting_past_the_limits_is_refused_cleanly() {
    let deep = format!("\x00{}{}", "<a>".repeat(100), "</a>".repeat(100));
    ipay_soap(deep.as_bytes());
    let wide = format!("\x00<a>{}</a>", "<b/>".repeat(3000));
    ipay_soap(wide.as_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
        ipay_soap(&data);
    }

    #[test]
    fn mutated_envelopes(data in mutated()) {
        ipay_soap(&data);
    }

    #[test]
    fn spliced_envelopes(data in spliced()) {
        ipay_soap(&data);
    }
}

/// A large start tag (~40 k attributes), all attributes: read in
/// linear time (a quadratic duplicate check would hang here).
#[test]
fn a_large_start_tag_reads_quickly() {
    let mut doc = String::from("\x00<e");
    let mut i = 0;
    while doc.len() < 300_000 {
        doc.push_str(&format!(" a{i}=''"));
        i += 1;
    }
    doc.push_str("/>");
    let started = std::time::Instant::now();
    ipay_soap(doc.as_bytes());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
