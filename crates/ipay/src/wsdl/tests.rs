#![allow(clippy::unwrap_used)]

use super::*;
use crate::xml::{Limits, parse};

const URL: &str = "https://pg.example/ArcheSystem/IpayService.asmx";

#[test]
fn wsdl_is_well_formed_and_complete() {
    let text = wsdl(URL);
    let root = parse(
        text.as_bytes(),
        Limits {
            max_depth: 64,
            max_bytes: 1 << 20,
        },
    )
    .unwrap();
    assert_eq!(root.name, "definitions");
    let types = root.child("types").unwrap();
    // The service schema, the shared `Arche.API.xsd` types, the ticket.
    assert_eq!(types.children.len(), 3);
    let schema = &types.children[0];
    for op in OPERATIONS {
        assert!(
            schema
                .children
                .iter()
                .any(|e| e.attr("name") == Some(op.name))
        );
        let response = format!("{}Response", op.name);
        assert!(
            schema
                .children
                .iter()
                .any(|e| e.attr("name") == Some(response.as_str()))
        );
    }
    for name in [
        "IpayServiceOrder",
        "ArrayOfIpayServiceItems",
        "ArrayOfGetOrderListResponseT",
        "ArrayOfReturnList",
        "IpayAccountNumbT",
    ] {
        assert!(
            schema
                .children
                .iter()
                .any(|e| e.name == "complexType" && e.attr("name") == Some(name)),
            "{name}"
        );
    }
    let bindings: Vec<_> = root.children_named("binding").collect();
    assert_eq!(bindings.len(), 2);
    for b in bindings {
        let ops: Vec<_> = b.children_named("operation").collect();
        assert_eq!(ops.len(), OPERATIONS.len());
        for op in ops {
            let has_header = op.child("input").unwrap().child("header").is_some();
            assert_eq!(has_header, op.attr("name") != Some("test"));
        }
    }
    assert_eq!(
        root.child("service")
            .unwrap()
            .children_named("port")
            .count(),
        2
    );
    assert!(text.contains(&format!("location=\"{URL}\"")));
}

#[test]
fn help_pages() {
    let index = help_page(None, URL).unwrap();
    assert!(index.contains("<a href=\"?op=GetIpayPaidOrderList\">"));
    let page = help_page(Some("GetIpayAccountNumb"), URL).unwrap();
    assert!(page.contains("POST /ArcheSystem/IpayService.asmx HTTP/1.1"));
    assert!(page.contains("Host: pg.example"));
    assert!(page.contains("&lt;payNo&gt;int&lt;/payNo&gt;"));
    assert!(page.contains(
        "SOAPAction: &quot;http://www.auction.co.kr/IpayService/Ipay/GetIpayAccountNumb&quot;"
    ));
    assert!(page.contains("application/soap+xml; charset=utf-8"));
    assert!(help_page(Some("Nope"), URL).is_none());
    let test_page = help_page(Some("test"), URL).unwrap();
    assert!(!test_page.contains("EncryptedTicket"));
}

/// The whole document, so any change to what generated clients see shows up
/// in review.
#[test]
fn wsdl_snapshot() {
    insta::assert_snapshot!(wsdl("https://api.example/ArcheSystem/IpayService.asmx"));
}
