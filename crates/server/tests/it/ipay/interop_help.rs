//! The ASMX GET pages: the WSDL (`?wsdl` and `?WSDL` alike), an operation's
//! help page, 404 for an unknown one.

use super::interop_wire::action;
use crate::support::TestServer;
use gyeolje_ipay::xml::{self, Limits};

#[tokio::test]
async fn wsdl_both_spellings_are_the_same_xml() {
    let server = TestServer::start().await;
    let path = "/ArcheSystem/IpayService.asmx";
    let (s1, lower) = server.get(&format!("{path}?wsdl")).await;
    let (s2, upper) = server.get(&format!("{path}?WSDL")).await;
    assert_eq!((s1, s2), (200, 200));
    assert_eq!(lower, upper);
    let root = xml::parse(lower.as_bytes(), Limits::default()).unwrap();
    assert_eq!(root.name, "definitions");
    assert!(
        lower.contains(&format!("{}{path}", server.base)),
        "the service address"
    );
    for op in [
        "InsertIpayOrderToLong",
        "GetIpayAccountNumb",
        "GetIpayPaidOrderList",
        "test",
    ] {
        assert!(
            lower.contains(&format!("soapAction=\"{}\"", action(op))),
            "{op}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn help_pages() {
    let server = TestServer::start().await;
    let resp = server
        .http
        .get(format!(
            "{}/ArcheSystem/IpayService.asmx?op=InsertIpayOrderToLong",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = resp.text().await.unwrap();
    assert!(html.contains("SOAPAction"), "{html}");
    assert!(html.contains(&action("InsertIpayOrderToLong")), "{html}");
    let (status, _) = server.get("/ArcheSystem/IpayService.asmx?op=Nope").await;
    assert_eq!(status, 404);
    let (status, page) = server.get("/ArcheSystem/IpayService.asmx").await;
    assert_eq!(status, 200);
    assert!(page.contains("GetIpayAccountNumb"));
    server.stop().await;
}
