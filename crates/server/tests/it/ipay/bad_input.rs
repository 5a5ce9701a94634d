//! Hostile and broken requests: each is answered by a SOAP fault (HTTP 500,
//! a readable envelope with a `faultcode`), never a hang, a crash or an
//! expanded entity, and the service goes on registering carts afterwards.

use super::interop_wire::{
    Cart, action, assert_fault, envelope11, envelope12, op_element, post, still_serving,
};
use crate::support::TestServer;
use gyeolje_server::seed::IPAY_DEMO_TICKET_ASP;

const T: &str = IPAY_DEMO_TICKET_ASP;
const XML: &str = "text/xml; charset=utf-8";

fn insert_body() -> String {
    let c = Cart::manual();
    let attrs = |a: &[(String, String)]| {
        a.iter()
            .map(|(k, v)| format!(" {k}='{}'", v.replace('&', "&amp;")))
            .collect::<String>()
    };
    let items: String = c
        .items
        .iter()
        .map(|i| format!("<IpayServiceItems{} />", attrs(i)))
        .collect();
    op_element(
        "InsertIpayOrderToLong",
        &format!("<ORDER{} /><ITEMS>{items}</ITEMS>", attrs(&c.order)),
    )
}

/// POSTs `chunks` chunks of `size` spaces with `Transfer-Encoding:
/// chunked` over a raw socket; returns the status and body. Write errors
/// are ignored: the server may answer and close before the end.
async fn post_chunked(server: &TestServer, chunks: usize, size: usize) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = server.base.trim_start_matches("http://");
    let mut sock = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /ArcheSystem/IpayService.asmx HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: {}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        action("InsertIpayOrderToLong")
    );
    let _ = sock.write_all(head.as_bytes()).await;
    let chunk = format!("{size:x}\r\n{}\r\n", " ".repeat(size));
    for _ in 0..chunks {
        if sock.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = sock.write_all(b"0\r\n\r\n").await;
    let mut raw = Vec::new();
    let _ = sock.read_to_end(&mut raw).await;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head: {}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status: {head}"));
    let mut body = &raw[split + 4..];
    if !head.contains("transfer-encoding: chunked") {
        return (status, String::from_utf8_lossy(body).into_owned());
    }
    let mut out = Vec::new();
    while let Some(eol) = body.windows(2).position(|w| w == b"\r\n") {
        let len = std::str::from_utf8(&body[..eol]).unwrap_or("0");
        let n = usize::from_str_radix(len.trim(), 16).unwrap_or(0);
        let rest = &body[eol + 2..];
        if n == 0 || rest.len() < n {
            break;
        }
        out.extend_from_slice(&rest[..n]);
        body = rest[n..].strip_prefix(b"\r\n").unwrap_or(&rest[n..]);
    }
    (status, String::from_utf8_lossy(&out).into_owned())
}

/// Posts `body` as SOAP 1.1 with the InsertIpayOrderToLong action and
/// asserts a fault; returns (faultcode, faultstring).
async fn fault_for(server: &TestServer, body: impl Into<reqwest::Body>) -> (String, String) {
    let (status, text) = post(server, body, XML, Some(&action("InsertIpayOrderToLong"))).await;
    assert_fault(status, &text)
}

#[tokio::test]
async fn the_reference_request_works() {
    // The body the other tests break, unbroken.
    let server = TestServer::start().await;
    let (status, text) = post(
        &server,
        envelope11(Some(T), &insert_body()),
        XML,
        Some(&action("InsertIpayOrderToLong")),
    )
    .await;
    let no: i64 = super::interop_wire::result_text(status, &text, "InsertIpayOrderToLong")
        .parse()
        .unwrap();
    assert!(no > 0);
    server.stop().await;
}

#[tokio::test]
async fn malformed_xml_dtd_entities() {
    let server = TestServer::start().await;
    let good = envelope11(Some(T), &insert_body());
    let cases: Vec<(&str, String)> = vec![
        ("truncated", good[..good.len() / 2].to_owned()),
        (
            "mismatched tag",
            good.replace("</soap:Body>", "</soap:Bodx>"),
        ),
        (
            "bare ampersand",
            good.replace("code=1&amp;x=2", "code=1&x=2"),
        ),
        ("not xml", "hello".to_owned()),
        ("empty", String::new()),
        (
            "a DTD",
            format!(
                "<!DOCTYPE soap:Envelope [<!ELEMENT a ANY>]>{}",
                good.trim_start_matches("<?xml version='1.0' encoding='utf-8'?> ")
            ),
        ),
        (
            "an external entity",
            format!(
                "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>{}",
                envelope11(
                    Some(T),
                    &op_element(
                        "GetIpayReceiptStatus",
                        "<ipayCartNo>1</ipayCartNo><ipayItemNo>&xxe;</ipayItemNo>"
                    )
                )
                .trim_start_matches("<?xml version='1.0' encoding='utf-8'?> ")
            ),
        ),
        (
            "billion laughs",
            format!(
                "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>{}]>{}",
                (1..10)
                    .map(|i| format!(
                        "<!ENTITY lol{i} '{}'>",
                        format!(
                            "&lol{};",
                            if i == 1 {
                                String::new()
                            } else {
                                (i - 1).to_string()
                            }
                        )
                        .repeat(10)
                    ))
                    .collect::<String>(),
                envelope11(
                    Some(T),
                    &op_element(
                        "GetIpayReceiptStatus",
                        "<ipayCartNo>1</ipayCartNo><ipayItemNo>&lol9;</ipayItemNo>"
                    )
                )
                .trim_start_matches("<?xml version='1.0' encoding='utf-8'?> ")
            ),
        ),
        ("an undeclared entity", good.replace("47245950", "&nbsp;")),
    ];
    for (what, body) in cases {
        let (_, message) = fault_for(&server, body).await;
        assert!(
            !message.contains("root:"),
            "{what}: no file contents: {message}"
        );
    }
    still_serving(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn deep_nesting_and_a_huge_body() {
    let server = TestServer::start().await;
    let deep = format!("{}{}", "<a>".repeat(1000), "</a>".repeat(1000));
    fault_for(
        &server,
        envelope11(Some(T), &op_element("InsertIpayOrderToLong", &deep)),
    )
    .await;
    // Over 1 MiB: an item description of 1.1 MiB.
    let huge = insert_body().replace(
        "<IpayServiceItems ",
        &format!(
            "<IpayServiceItems item_description='{}' ",
            "x".repeat(1_100_000)
        ),
    );
    let (code, _) = fault_for(&server, envelope11(Some(T), &huge)).await;
    assert_eq!(code, "soap:Client");
    // Also when the client announces no length (chunked).
    let (status, text) = post_chunked(&server, 12, 100_000).await;
    assert_fault(status, &text);
    still_serving(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn unknown_operation_and_a_soapaction_naming_another_op() {
    let server = TestServer::start().await;
    let (status, text) = post(
        &server,
        envelope11(Some(T), &op_element("DoSomethingElse", "")),
        XML,
        Some(&action("DoSomethingElse")),
    )
    .await;
    let (code, _) = assert_fault(status, &text);
    assert_eq!(code, "soap:Client");
    // The header names one operation, the body another: refused, not guessed.
    let (status, text) = post(
        &server,
        envelope11(Some(T), &insert_body()),
        XML,
        Some(&action("GetIpayOrderConfirm")),
    )
    .await;
    assert_fault(status, &text);
    // Same mismatch in SOAP 1.2's action parameter.
    let (status, text) = post(
        &server,
        envelope12(Some(T), &insert_body()),
        &format!(
            "application/soap+xml; charset=utf-8; action=\"{}\"",
            action("GetIpayOrderConfirm")
        ),
        None,
    )
    .await;
    let (code, _) = assert_fault(status, &text);
    assert_eq!(code, "soap:Sender", "a 1.2 fault: {text}");
    still_serving(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn wrong_argument_types() {
    let server = TestServer::start().await;
    for (what, body) in [
        (
            "pay_price='abc'",
            insert_body().replace("pay_price='32300'", "pay_price='abc'"),
        ),
        (
            "order_qty='1.5'",
            insert_body().replace("order_qty='1'", "order_qty='1.5'"),
        ),
        (
            "payno text",
            op_element("GetIpayAccountNumb", "<payno>twelve</payno>"),
        ),
        (
            "ipayCartNo overflow",
            op_element(
                "GetIpayOrderConfirm",
                "<ipayCartNo>99999999999999999999</ipayCartNo>",
            ),
        ),
    ] {
        let op = if what.starts_with("payno") {
            "GetIpayAccountNumb"
        } else if what.starts_with("ipayCartNo") {
            "GetIpayOrderConfirm"
        } else {
            "InsertIpayOrderToLong"
        };
        let (status, text) =
            post(&server, envelope11(Some(T), &body), XML, Some(&action(op))).await;
        let (code, message) = assert_fault(status, &text);
        assert_eq!(code, "soap:Client", "{what}");
        assert!(
            message.contains("Input string was not in a correct format"),
            "{what}: {message}"
        );
    }
    still_serving(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn missing_or_wrong_ticket() {
    let server = TestServer::start().await;
    let (code, _) = fault_for(&server, envelope11(None, &insert_body())).await;
    assert_eq!(code, "soap:Client");
    let (code, _) = fault_for(&server, envelope11(Some("not-a-ticket"), &insert_body())).await;
    assert_eq!(code, "soap:Client");
    let (code, _) = fault_for(&server, envelope11(Some(""), &insert_body())).await;
    assert_eq!(code, "soap:Client");
    // The ticket in the wrong namespace is no ticket.
    let wrong_ns = envelope11(Some(T), &insert_body()).replace(
        "http://www.auction.co.kr/Security",
        "http://example.com/Security",
    );
    fault_for(&server, wrong_ns).await;
    still_serving(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn not_an_envelope_or_an_empty_body() {
    let server = TestServer::start().await;
    let cases = [
        ("bare operation", insert_body()),
        (
            "another namespace",
            envelope11(Some(T), &insert_body()).replace(
                "http://schemas.xmlsoap.org/soap/envelope/",
                "http://example.com/envelope/",
            ),
        ),
        ("empty body", envelope11(Some(T), "")),
        (
            "no body",
            "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'></soap:Envelope>"
                .to_owned(),
        ),
    ];
    for (what, body) in cases {
        let (status, text) = post(&server, body, XML, Some(&action("InsertIpayOrderToLong"))).await;
        let (code, _) = assert_fault(status, &text);
        assert_eq!(code, "soap:Client", "{what}");
    }
    still_serving(&server).await;
    server.stop().await;
}
