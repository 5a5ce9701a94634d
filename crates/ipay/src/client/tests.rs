//! The client against a one-shot fake server on port 0, which records the
//! request and plays back a canned reply.

#![allow(clippy::unwrap_used)]

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;
use crate::soap::{FaultCode, ResultValue, parse_request};

/// Serves one request with `status` and `body`; returns the base URL and
/// a handle yielding the raw request (head and body).
pub(super) async fn serve_once(
    status: u16,
    body: String,
) -> (String, tokio::task::JoinHandle<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let (head, body_start, len) = loop {
            let n = sock.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..i]).to_string();
                let len = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                break (head, i + 4, len);
            }
        };
        while buf.len() < body_start + len {
            let n = sock.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
        }
        let reply = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        sock.write_all(reply.as_bytes()).await.unwrap();
        (head, buf[body_start..].to_vec())
    });
    (format!("http://{addr}/"), handle)
}

#[tokio::test]
async fn insert_order_round_trip() {
    let reply = soap::response(
        SoapVersion::V11,
        "InsertIpayOrderToLong",
        ResultValue::Text("123456789012".into()),
    );
    let (base, req) = serve_once(200, reply).await;
    let client = IpayClient::new(&base, "SECRET&1");
    assert!(!format!("{client:?}").contains("SECRET"));
    let order = Element::new("x")
        .with_attr("pay_price", "1000")
        .with_attr("back_url", "http://a/?b=1&c=2");
    let item = Element::new("y").with_attr("item_name", "Tom & Jerry");
    assert_eq!(
        client
            .insert_order_to_long(order, vec![item])
            .await
            .unwrap(),
        123_456_789_012
    );
    let (head, body) = req.await.unwrap();
    assert!(
        head.starts_with("POST /ArcheSystem/IpayService.asmx "),
        "{head}"
    );
    assert!(head.to_ascii_lowercase().contains(
        "soapaction: \"http://www.auction.co.kr/ipayservice/ipay/insertipayordertolong\""
    ));
    // What the client sent is what the server reads.
    let parsed = parse_request(
        &body,
        Some("http://www.auction.co.kr/IpayService/Ipay/InsertIpayOrderToLong"),
        Limits::default(),
    )
    .unwrap();
    assert_eq!(parsed.ticket.as_deref(), Some("SECRET&1"));
    let order = parsed.body.child("ORDER").unwrap();
    assert_eq!(order.namespace, NS_IPAY);
    assert_eq!(order.attr("back_url"), Some("http://a/?b=1&c=2"));
    let item = parsed
        .body
        .child("ITEMS")
        .unwrap()
        .child("IpayServiceItems")
        .unwrap();
    assert_eq!(item.attr("item_name"), Some("Tom & Jerry"));
}

#[tokio::test]
async fn soap12_fault_is_mapped() {
    let (base, req) = serve_once(
        500,
        soap::fault(SoapVersion::V12, FaultCode::Client, "bad ticket"),
    )
    .await;
    let client = IpayClient::new(&base, "T");
    let err = client
        .call(
            SoapVersion::V12,
            "GetIpayAccountNumb",
            Element::new("GetIpayAccountNumb").with_child(Element::new("payno").with_text("1")),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ClientError::Fault { code, message } if code == "soap:Sender" && message == "bad ticket"),
        "{err:?}"
    );
    let (head, body) = req.await.unwrap();
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/soap+xml; charset=utf-8; action=")
    );
    assert_eq!(
        parse_request(&body, None, Limits::default())
            .unwrap()
            .version,
        SoapVersion::V12
    );
}

#[tokio::test]
async fn http_error_and_malformed_replies() {
    let (base, _req) = serve_once(502, "Bad Gateway".into()).await;
    let err = IpayClient::new(&base, "T").test().await.unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::Http {
                status: Some(502),
                ..
            }
        ),
        "{err:?}"
    );
    let (base, _req) = serve_once(200, "<html>oops</html>".into()).await;
    let err = IpayClient::new(&base, "T").test().await.unwrap_err();
    assert!(matches!(err, ClientError::Malformed(_)), "{err:?}");
}

#[tokio::test]
async fn test_and_void_operations() {
    let (base, req) = serve_once(
        200,
        soap::response(
            SoapVersion::V11,
            "test",
            ResultValue::Text("10.0.0.1".into()),
        ),
    )
    .await;
    assert_eq!(
        IpayClient::new(&base, "T").test().await.unwrap(),
        "10.0.0.1"
    );
    let (_, body) = req.await.unwrap();
    assert!(!String::from_utf8(body).unwrap().contains("EncryptedTicket"));
    let (base, _req) = serve_once(
        200,
        soap::response(
            SoapVersion::V11,
            "IpayConfirmReceivingOrder",
            ResultValue::None,
        ),
    )
    .await;
    let r = IpayClient::new(&base, "T")
        .call(
            SoapVersion::V11,
            "IpayConfirmReceivingOrder",
            Element::new("IpayConfirmReceivingOrder"),
        )
        .await
        .unwrap();
    assert_eq!(r.name, "IpayConfirmReceivingOrderResult");
    assert!(r.attributes.is_empty() && r.children.is_empty());
}
