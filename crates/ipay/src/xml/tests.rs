//! Reader and writer tests: round trips, every refusal, and the shapes
//! real merchants send (see the manual's ASP and PHP samples).

#![allow(clippy::unwrap_used)]

use super::*;

fn p(s: &str) -> Result<Element, XmlError> {
    parse(s.as_bytes(), Limits::default())
}

#[test]
fn parses_namespaces_attributes_and_text() {
    let doc = r#"<?xml version='1.0' encoding='utf-8'?>
<s:Envelope xmlns:s="urn:env" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <s:Body><Op xmlns="urn:op" a="1 &amp; 2" xsi:type="x"><v>a&lt;b&#65;&#x42;<![CDATA[<c>]]></v></Op></s:Body>
</s:Envelope>"#;
    let root = p(doc).unwrap();
    assert_eq!(root.name, "Envelope");
    assert_eq!(root.namespace, "urn:env");
    assert!(root.attributes.is_empty(), "xmlns attributes are dropped");
    let body = root.child("Body").unwrap();
    assert_eq!(body.namespace, "urn:env");
    let op = body.child("Op").unwrap();
    assert_eq!(op.namespace, "urn:op");
    assert_eq!(op.attr("a"), Some("1 & 2"));
    assert_eq!(op.attr("type"), Some("x"));
    let v = op.child("v").unwrap();
    assert_eq!(v.namespace, "urn:op");
    assert_eq!(v.text, "a<bAB<c>");
}

#[test]
fn tolerates_bom_and_leading_whitespace() {
    let mut bytes = b"\xEF\xBB\xBF \r\n <?xml version='1.0' encoding='utf-8'?> ".to_vec();
    bytes.extend_from_slice(b"<a>x</a> ");
    let root = parse(&bytes, Limits::default()).unwrap();
    assert_eq!(root.text, "x");
}

#[test]
fn round_trips() {
    let tree = Element::new("Envelope").with_namespace("urn:a").with_child(
        Element::new("Op")
            .with_namespace("urn:b")
            .with_attr("q", "\"'<&>\n\t")
            .with_child(
                Element::new("v")
                    .with_namespace("urn:b")
                    .with_text("x & <y> 'z' \"w\"\r\n"),
            )
            .with_child(Element::new("plain")),
    );
    let text = write(&tree);
    assert_eq!(p(&text).unwrap(), tree);
}

#[test]
fn writer_escapes_and_declares_namespaces() {
    let tree = Element::new("a")
        .with_namespace("urn:x")
        .with_attr("k", "<&\"'>")
        .with_child(Element::new("b"))
        .with_child(Element::new("c").with_namespace("urn:x").with_text("1<2"));
    assert_eq!(
        write(&tree),
        r#"<a xmlns="urn:x" k="&lt;&amp;&quot;&apos;&gt;"><b xmlns="" /><c>1&lt;2</c></a>"#
    );
}

#[test]
fn refuses_too_large() {
    let limits = Limits {
        max_depth: 8,
        max_bytes: 10,
    };
    assert_eq!(
        parse(b"<a>0123456789</a>", limits),
        Err(XmlError::TooLarge { limit: 10 })
    );
}

#[test]
fn refuses_deep_nesting() {
    let doc = "<a>".repeat(1000) + &"</a>".repeat(1000);
    assert_eq!(p(&doc), Err(XmlError::TooDeep { limit: 64 }));
    // Exactly at the limit is fine, one more is not, for empty tags too.
    let limits = Limits {
        max_depth: 3,
        max_bytes: 1000,
    };
    assert!(parse(b"<a><b><c/></b></a>", limits).is_ok());
    assert_eq!(
        parse(b"<a><b><c><d/></c></b></a>", limits),
        Err(XmlError::TooDeep { limit: 3 })
    );
}

#[test]
fn refuses_doctype_with_external_entity() {
    let doc = r#"<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<foo>&xxe;</foo>"#;
    assert_eq!(p(doc), Err(XmlError::DoctypeForbidden));
}

#[test]
fn refuses_billion_laughs() {
    let doc = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>"#;
    assert_eq!(p(doc), Err(XmlError::DoctypeForbidden));
}

#[test]
fn refuses_unknown_entities_in_text_and_attributes() {
    assert_eq!(
        p("<a>&nbsp;</a>"),
        Err(XmlError::UnknownEntity("nbsp".into()))
    );
    assert_eq!(
        p("<a b='&lol;'/>"),
        Err(XmlError::UnknownEntity("lol".into()))
    );
}

#[test]
fn refuses_broken_documents() {
    assert_eq!(p(""), Err(XmlError::Empty));
    assert_eq!(p("  "), Err(XmlError::Empty));
    assert!(matches!(p("<a><b></a>"), Err(XmlError::Malformed(_))));
    assert!(matches!(p("<a>"), Err(XmlError::Malformed(_))));
    assert!(matches!(p("<a/><b/>"), Err(XmlError::Malformed(_))));
    assert!(matches!(p("<x:a/>"), Err(XmlError::Malformed(_))));
    assert!(matches!(p("<a>&</a>"), Err(XmlError::Malformed(_))));
    assert!(matches!(
        parse(b"<a>\xff</a>", Limits::default()),
        Err(XmlError::Malformed(_))
    ));
}

/// The manual's ASP and PHP samples run `Replace(reqMsg, "&", "&amp;")` over
/// the whole envelope, so a URL with a query string arrives escaped once
/// (correct) and a value the merchant had already escaped arrives twice.
#[test]
fn blindly_escaped_body_parses() {
    let raw = "<?xml version='1.0' encoding='utf-8'?> <soap:Envelope xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'  xmlns:xsd='http://www.w3.org/2001/XMLSchema'    xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'>   <soap:Header>     <EncryptedTicket xmlns='http://www.auction.co.kr/Security'>    <Value>TICKET</Value>     </EncryptedTicket>   </soap:Header>   <soap:Body>     <InsertIpayOrderToLong xmlns='http://www.auction.co.kr/IpayService/Ipay'> <ORDER payment_rule='0' pay_price='12000' shipping_price='0' shipping_type='1' back_url='http://shop.example/back.asp?a=1&b=2' service_url='http://shop.example/svc.php?x=1&y=2' redirect_url='http://shop.example/ok' /><ITEMS><IpayServiceItems item_name='Tom &amp; Jerry' ipay_itemno='A1' item_option_name='' item_price='12000' order_qty='1' item_url='http://shop.example/item?id=5&c=7' thumbnail_url='http://shop.example/t.jpg' /></ITEMS>    </InsertIpayOrderToLong>   </soap:Body> </soap:Envelope> ";
    let escaped = raw.replace('&', "&amp;");
    let root = p(&escaped).unwrap();
    let op = root
        .child("Body")
        .unwrap()
        .child("InsertIpayOrderToLong")
        .unwrap();
    let order = op.child("ORDER").unwrap();
    assert_eq!(
        order.attr("back_url"),
        Some("http://shop.example/back.asp?a=1&b=2")
    );
    let item = op
        .child("ITEMS")
        .unwrap()
        .child("IpayServiceItems")
        .unwrap();
    assert_eq!(
        item.attr("item_url"),
        Some("http://shop.example/item?id=5&c=7")
    );
    assert_eq!(item.attr("item_name"), Some("Tom &amp; Jerry"));
}

#[test]
fn declared_encodings_are_decoded() {
    let (euc_kr, _, _) = encoding_rs::EUC_KR.encode("홍길동");
    let doc = |decl: &str| {
        let mut d = format!("{decl}<a n=\"").into_bytes();
        d.extend_from_slice(&euc_kr);
        d.extend_from_slice(b"\"/>");
        d
    };
    // The XML declaration says so.
    for decl in [
        r#"<?xml version="1.0" encoding="euc-kr"?>"#,
        "<?xml version='1.0' encoding='EUC-KR'?>",
        r#"<?xml version="1.0" encoding="ks_c_5601-1987" ?>"#,
    ] {
        let e = parse(&doc(decl), Limits::default()).unwrap();
        assert_eq!(e.attr("n"), Some("홍길동"), "{decl}");
    }
    // Only the Content-Type charset says so.
    let e = parse_declared(&doc(""), Some("euc-kr"), Limits::default()).unwrap();
    assert_eq!(e.attr("n"), Some("홍길동"));
    // Said by neither: UTF-8, strictly.
    assert!(parse(&doc(""), Limits::default()).is_err());
    // UTF-16 with a byte order mark, either order.
    let text = r#"<?xml version="1.0" encoding="utf-16"?><a n="홍길동"/>"#;
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for bytes in [le, be] {
        let e = parse(&bytes, Limits::default()).unwrap();
        assert_eq!(e.attr("n"), Some("홍길동"));
    }
    // A UTF-8 BOM still wins over a charset that says otherwise.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(r#"<a n="홍길동"/>"#.as_bytes());
    let e = parse_declared(&bom, Some("euc-kr"), Limits::default()).unwrap();
    assert_eq!(e.attr("n"), Some("홍길동"));
}

/// Fuzz finding (ipay_soap): namespace declarations were kept as written,
/// so `xmlns="urn:a&amp;b"` named `urn:a&amp;b` and what the writer wrote
/// (it escapes the URI) did not read back as the same tree.
#[test]
fn namespace_declarations_are_unescaped_like_attribute_values() {
    let root = parse(
        b"<e xmlns=\"urn:a&amp;b&#x41;\" xmlns:p=\"urn:\tc\"><p:f/></e>",
        Limits::default(),
    )
    .unwrap();
    assert_eq!(root.namespace, "urn:a&bA");
    assert_eq!(root.children[0].namespace, "urn: c");
    let tree = Element::new("e").with_namespace("urn:x&y<z>\"'\t");
    assert_eq!(
        parse(write(&tree).as_bytes(), Limits::default()).unwrap(),
        tree
    );
    assert_eq!(
        parse(b"<e xmlns=\"urn:&nope;\"/>", Limits::default()),
        Err(XmlError::UnknownEntity("nope".into()))
    );
    // A SOAP envelope whose namespace is written with a reference is still one.
    let doc = "<soap:Envelope xmlns:soap=\"http&#58;//schemas.xmlsoap.org/soap/envelope/\">\
               <soap:Body><test/></soap:Body></soap:Envelope>";
    assert!(crate::soap::parse_request(doc.as_bytes(), None, Limits::default()).is_ok());
}

/// Fuzz finding (ipay_soap, libFuzzer after 0.8 M runs): `:xmlns="u"`
/// (an empty prefix) was kept as an attribute named `xmlns`, which the
/// writer wrote back beside the element's own declaration (a duplicate
/// attribute), and `a:x`/`b:x` became one name twice. Names must be
/// qualified names; a repeated local name keeps the first value.
#[test]
fn attribute_names_are_qualified_names_and_read_back() {
    for doc in [
        "<e :xmlns='u'/>",
        "<e p:xmlns='u' xmlns:p='v'/>",
        "<e :a='1'/>",
        "<e xmlns:p='v' p:='1'/>",
        "<e xmlns:p='v' p:a:b='1'/>",
        "<:e/>",
        "<e a\"b='1'/>",
        "<e a\u{0}b='1'/>",
        "<e 1a='1'/>",
        "<e\u{1}/>",
    ] {
        assert!(matches!(p(doc), Err(XmlError::Malformed(_))), "{doc}");
    }
    let root = p("<e xmlns:a='u' xmlns:b='v' a:x='1' b:x='2' x='3'/>").unwrap();
    assert_eq!(root.attributes, [("x".to_string(), "1".to_string())]);
    assert_eq!(
        parse(write(&root).as_bytes(), Limits::default()).unwrap(),
        root
    );
}

/// Fuzz finding (ipay_soap, libFuzzer after 7.2 M runs): quick-xml takes
/// any bytes up to `=` for an attribute name, so `E"x='0'` was an attribute
/// the writer could not write back. Names are XML names; Korean ones too.
#[test]
fn names_are_xml_names() {
    let root = p("<주문 상품명='a' x-y.z_1='b'/>").unwrap();
    assert_eq!(root.name, "주문");
    assert_eq!(
        parse(write(&root).as_bytes(), Limits::default()).unwrap(),
        root
    );
    assert!(matches!(p("<e E\"x='0'/>"), Err(XmlError::Malformed(_))));
}
