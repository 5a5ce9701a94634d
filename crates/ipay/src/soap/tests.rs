#![allow(clippy::unwrap_used)]

use super::*;

const ASP_SAMPLE: &str = "<?xml version='1.0' encoding='utf-8'?> <soap:Envelope xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xmlns:xsd='http://www.w3.org/2001/XMLSchema' xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'>   <soap:Header>     <EncryptedTicket xmlns='http://www.auction.co.kr/Security'>    <Value> TICKET== </Value>     </EncryptedTicket>   </soap:Header>   <soap:Body>     <InsertIpayOrderToLong xmlns='http://www.auction.co.kr/IpayService/Ipay'> <ORDER pay_price='1000'/> </InsertIpayOrderToLong>   </soap:Body> </soap:Envelope> ";

fn req(doc: &str, action: Option<&str>) -> Result<Request, SoapError> {
    parse_request(doc.as_bytes(), action, Limits::default())
}

#[test]
fn reads_the_manuals_envelope() {
    let r = req(
        ASP_SAMPLE,
        Some("\"http://www.auction.co.kr/IpayService/Ipay/InsertIpayOrderToLong\""),
    )
    .unwrap();
    assert_eq!(r.version, SoapVersion::V11);
    assert_eq!(r.ticket.as_deref(), Some("TICKET=="));
    assert_eq!(r.operation, "InsertIpayOrderToLong");
    assert_eq!(r.body.namespace, NS_IPAY);
    assert_eq!(
        r.body.child("ORDER").unwrap().attr("pay_price"),
        Some("1000")
    );
}

#[test]
fn soap12_with_prefixed_ticket_and_unquoted_action() {
    let doc = r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:sec="http://www.auction.co.kr/Security"><e:Header><sec:EncryptedTicket><sec:Value>T</sec:Value></sec:EncryptedTicket></e:Header><e:Body><test xmlns="http://www.auction.co.kr/IpayService/Ipay"/></e:Body></e:Envelope>"#;
    let r = req(doc, Some("http://www.auction.co.kr/IpayService/Ipay/test")).unwrap();
    assert_eq!(r.version, SoapVersion::V12);
    assert_eq!(r.ticket.as_deref(), Some("T"));
    assert_eq!(r.operation, "test");
}

#[test]
fn ticket_without_namespace_and_missing_ticket() {
    let doc = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><EncryptedTicket><Value>X</Value></EncryptedTicket></soap:Header><soap:Body><test/></soap:Body></soap:Envelope>"#;
    assert_eq!(req(doc, None).unwrap().ticket.as_deref(), Some("X"));
    let doc = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><test/></soap:Body></soap:Envelope>"#;
    assert_eq!(req(doc, Some("")).unwrap().ticket, None);
}

#[test]
fn refusals() {
    assert!(matches!(req("<a/>", None), Err(SoapError::NotEnvelope)));
    assert!(matches!(
        req(r#"<Envelope xmlns="urn:other"><Body/></Envelope>"#, None),
        Err(SoapError::NotEnvelope)
    ));
    assert!(matches!(
        req(
            r#"<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"/>"#,
            None
        ),
        Err(SoapError::NoBody)
    ));
    assert!(matches!(
        req(
            r#"<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body> </Body></Envelope>"#,
            None
        ),
        Err(SoapError::EmptyBody)
    ));
    assert!(matches!(
        req(
            ASP_SAMPLE,
            Some("http://www.auction.co.kr/IpayService/Ipay/test")
        ),
        Err(SoapError::ActionMismatch { .. })
    ));
    assert!(matches!(req("<a>", None), Err(SoapError::Xml(_))));
}

#[test]
fn snapshot_response_11() {
    insta::assert_snapshot!(response(
        SoapVersion::V11,
        "GetIpayAccountNumb",
        ResultValue::Attrs(vec![
            ("OrderNo".into(), "1234".into()),
            ("BankName".into(), "국민 & 은행".into()),
        ])
    ));
}

#[test]
fn snapshot_response_12() {
    insta::assert_snapshot!(response(
        SoapVersion::V12,
        "GetIpayReturnList",
        ResultValue::List {
            item: "ReturnT".into(),
            rows: vec![
                vec![("OrderNo".into(), "1".into())],
                vec![("OrderNo".into(), "2".into())]
            ],
        }
    ));
}

#[test]
fn text_and_void_responses() {
    let r = response(
        SoapVersion::V11,
        "test",
        ResultValue::Text("127.0.0.1".into()),
    );
    assert!(r.contains("<testResponse xmlns=\"http://www.auction.co.kr/IpayService/Ipay\"><testResult>127.0.0.1</testResult></testResponse>"));
    let r = response(
        SoapVersion::V11,
        "IpayConfirmReceivingOrder",
        ResultValue::None,
    );
    assert!(r.contains(
        "<IpayConfirmReceivingOrderResponse xmlns=\"http://www.auction.co.kr/IpayService/Ipay\" />"
    ));
    match parse_reply(r.as_bytes(), Limits::default()).unwrap() {
        Reply::Response(e) => assert_eq!(e.name, "IpayConfirmReceivingOrderResponse"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn snapshot_fault_11() {
    insta::assert_snapshot!(fault(
        SoapVersion::V11,
        FaultCode::Client,
        "Input string was not in a correct format. <pay_price>"
    ));
}

#[test]
fn snapshot_fault_12() {
    insta::assert_snapshot!(fault(
        SoapVersion::V12,
        FaultCode::Server,
        "Server was unable to process request."
    ));
}

#[test]
fn faults_read_back() {
    for (v, code) in [
        (SoapVersion::V11, "soap:Client"),
        (SoapVersion::V12, "soap:Sender"),
    ] {
        let f = fault(v, FaultCode::Client, "a < b");
        assert_eq!(
            parse_reply(f.as_bytes(), Limits::default()).unwrap(),
            Reply::Fault {
                code: code.into(),
                message: "a < b".into()
            }
        );
    }
}
