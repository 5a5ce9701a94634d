//! `multipart/form-data` bodies (PHP curl with an array of fields, Java
//! multipart clients) are read exactly like urlencoded ones, on every cmd.

use crate::support::php::PhpSample;
use crate::support::raw::{addr_of, api_post, exchange, multipart};
use crate::support::{TestServer, form, won};
use gyeolje_core::{PaymentId, PaymentState};
use gyeolje_server::seed::PAYAPP_DEMO_LINKKEY;
use std::time::Duration;

const BOUNDARY: &str = "------------------------d74496d66958873e";

/// One API call in both encodings; returns (urlencoded reply, multipart reply).
async fn both(server: &TestServer, pairs: &[(&str, &str)]) -> (String, String) {
    let (_, urlencoded) = server.api_raw(form(pairs)).await;
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let reply = exchange(
        addr_of(&server.base),
        &api_post(
            &[("Content-Type", &content_type), ("Connection", "close")],
            &multipart(BOUNDARY, pairs),
        ),
        Duration::from_secs(10),
    )
    .await;
    assert!(reply.text.starts_with("HTTP/1.1 200"), "{}", reply.text);
    assert!(
        reply.closed,
        "Connection: close, still open after {:?}",
        reply.elapsed
    );
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    (urlencoded, reply.body().to_owned())
}

#[tokio::test]
async fn a_multipart_payrequest_creates_the_request() {
    let server = TestServer::start().await;
    let (_, reply) = both(
        &server,
        &[
            ("cmd", "payrequest"),
            ("userid", "payapptest"),
            ("goodname", "멀티파트 상품"),
            ("price", "1000"),
            ("recvphone", "010-1234-5678"),
            ("memo", "100% 면+"),
            ("smsuse", "n"),
        ],
    )
    .await;
    let pairs = gyeolje_payapp::parse_reply(&reply);
    let get = |k: &str| gyeolje_payapp::codec::reply_value(&pairs, k).unwrap_or("");
    assert_eq!(get("state"), "1", "{reply}");
    let payment = server
        .app
        .store
        .payment(PaymentId::new(get("mul_no").parse().unwrap()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.goods_name, "멀티파트 상품");
    assert_eq!(payment.amount, won(1000));
    let req: gyeolje_payapp::PayRequest = payment.protocol_data().unwrap();
    assert_eq!(req.memo, "100% 면+", "no percent-decoding inside parts");
    server.stop().await;
}

#[tokio::test]
async fn every_cmd_answers_a_multipart_body_as_it_answers_urlencoded() {
    let server = TestServer::start().await;
    let (mul_no, _) = server.pay_request(&[]).await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let mul_no = mul_no.to_string();
    let calls: Vec<Vec<(&str, &str)>> = vec![
        vec![
            ("cmd", "useridCheck"),
            ("userid", "brandnewseller"),
            ("resellerid", "payappreseller"),
        ],
        vec![
            ("cmd", "useridCheck"),
            ("userid", "payapptest"),
            ("resellerid", "payappreseller"),
        ],
        vec![
            ("cmd", "paycancelreq"),
            ("userid", "payapptest"),
            ("linkkey", PAYAPP_DEMO_LINKKEY),
            ("mul_no", &mul_no),
        ],
        vec![
            ("cmd", "cashStCn"),
            ("userid", "payapptest"),
            ("cashstno", "999999"),
        ],
        vec![("cmd", "sellerRegist"), ("resellerid", "payappreseller")],
        vec![("cmd", "subidregist"), ("userid", "payapptest")],
        vec![("cmd", "cashSt"), ("userid", "payapptest")],
        vec![("cmd", "paycancel"), ("userid", "payapptest")],
        vec![("cmd", "payrequest"), ("userid", "payapptest")],
        vec![("cmd", "nosuchcmd")],
        vec![("userid", "payapptest")],
    ];
    for call in &calls {
        let (urlencoded, multipart) = both(&server, call).await;
        assert_eq!(urlencoded, multipart, "{call:?}");
        // Today's bug was a multipart body read as no fields at all.
        let pairs = gyeolje_payapp::parse_reply(&multipart);
        let message = gyeolje_payapp::codec::reply_value(&pairs, "errorMessage").unwrap_or("");
        let sent_cmd = call.iter().any(|(k, _)| *k == "cmd");
        assert!(
            !(sent_cmd && message.starts_with("cmd 값을 확인하세요: 비어")),
            "multipart lost cmd: {message}"
        );
    }
    // And a multipart cancel cancels.
    let (_, reply) = both(
        &server,
        &[
            ("cmd", "paycancel"),
            ("userid", "payapptest"),
            ("linkkey", PAYAPP_DEMO_LINKKEY),
            ("mul_no", &mul_no),
        ],
    )
    .await;
    // The urlencoded call of `both` cancelled it first; the multipart one
    // then finds it cancelled: both were read.
    assert!(reply.contains("errno=70020"), "{reply}");
    let p = server
        .app
        .store
        .payment(PaymentId::new(mul_no.parse().unwrap()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.state, PaymentState::Cancelled);
    server.stop().await;
}

#[tokio::test]
async fn a_broken_multipart_body_is_70020_not_a_missing_cmd() {
    let server = TestServer::start().await;
    for (content_type, body) in [
        ("multipart/form-data", &b"cmd=payrequest"[..]),
        (
            "multipart/form-data; boundary=XX",
            &b"--XX\r\nContent-Disposition: form-data; name=\"cmd\"\r\n\r\npayrequest"[..],
        ),
    ] {
        let reply = exchange(
            addr_of(&server.base),
            &api_post(
                &[("Content-Type", content_type), ("Connection", "close")],
                body,
            ),
            Duration::from_secs(10),
        )
        .await;
        let body = reply.body();
        assert!(body.starts_with("state=0&"), "{body}");
        assert!(body.ends_with("&errno=70020"), "{body}");
        let pairs = gyeolje_payapp::parse_reply(body);
        let message = gyeolje_payapp::codec::reply_value(&pairs, "errorMessage").unwrap();
        assert!(message.contains("multipart/form-data"), "{message}");
    }
    server.stop().await;
}

/// PHP's curl with `CURLOPT_POSTFIELDS` set to the array itself (not the
/// urlencoded string the manual's `payapp_lib.php` builds): curl sends
/// `multipart/form-data`.
#[tokio::test]
async fn php_curl_with_an_array_body_gets_state_1() {
    const SCRIPT: &str = include_str!("../php/curl_array_payrequest.php");
    let server = TestServer::start().await;
    let Some(php) = PhpSample::available(&server, "php_curl_with_an_array_body_gets_state_1")
    else {
        return;
    };
    let script = SCRIPT.replace("GYEOLJE_BASE", &server.base);
    let reply = php.run("curl_array_payrequest.php", &script).await;
    assert_eq!(reply["state"], "1", "{reply}");
    assert!(
        reply["sent_content_type"]
            .as_str()
            .unwrap_or("")
            .starts_with("multipart/form-data"),
        "{reply}"
    );
    let mul_no: i64 = reply["mul_no"].as_str().unwrap().parse().unwrap();
    let payment = server
        .app
        .store
        .payment(PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.goods_name, "배열 상품");
    server.stop().await;
}
