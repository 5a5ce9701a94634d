//! Bad input never crashes the server and always gets the PayApp error shape.

use crate::support::{TestServer, form};

fn payrequest_without(field: &str) -> String {
    let pairs: Vec<(&str, &str)> = [
        ("cmd", "payrequest"),
        ("userid", "payapptest"),
        ("goodname", "api test"),
        ("price", "1000"),
        ("recvphone", "01012345678"),
        ("smsuse", "n"),
    ]
    .into_iter()
    .filter(|(k, _)| *k != field)
    .collect();
    form(&pairs)
}

/// Asserts a PayApp failure line with `errno` and returns its message.
fn failure(text: &str, errno: &str) -> String {
    assert!(!text.contains('\n'), "one line: {text:?}");
    let r = gyeolje_payapp::parse_reply(text);
    let get = |k| {
        gyeolje_payapp::codec::reply_value(&r, k)
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(get("state"), "0", "{text}");
    assert_eq!(get("errno"), errno, "{text}");
    let message = get("errorMessage");
    assert!(!message.is_empty(), "{text}");
    message
}

#[tokio::test]
async fn missing_or_empty_required_fields_name_the_field() {
    let server = TestServer::start().await;
    for field in ["goodname", "price", "recvphone"] {
        let (status, text) = server.api_raw(payrequest_without(field)).await;
        assert_eq!(status, 200);
        let message = failure(&text, "70020");
        assert!(message.contains(field), "{field}: {message}");
        // Present but blank (trimmed) is the same as missing.
        let (_, text) = server
            .api_raw(format!("{}&{field}=%20%20", payrequest_without(field)))
            .await;
        assert!(failure(&text, "70020").contains(field));
    }
    let (_, text) = server.api_raw(payrequest_without("userid")).await;
    failure(&text, "70010");
    server.stop().await;
}

#[tokio::test]
async fn prices_must_be_whole_numbers_but_a_trailing_point_zero_is_fine() {
    let server = TestServer::start().await;
    for bad in ["abc", "10.5", "-1", "1,000", "0", "1e3"] {
        let (_, text) = server
            .api_raw(format!("{}&price={bad}", payrequest_without("price")))
            .await;
        assert!(failure(&text, "70020").contains("price"), "{bad}");
    }
    let (_, text) = server
        .api_raw(format!("{}&price=1000.0", payrequest_without("price")))
        .await;
    assert!(text.starts_with("state=1&"), "{text}");
    server.stop().await;
}

#[tokio::test]
async fn unknown_cmd_and_unknown_user() {
    let server = TestServer::start().await;
    let (_, text) = server.api_raw("cmd=payrequst&userid=payapptest").await;
    failure(&text, "70040");
    let (_, text) = server.api_raw("userid=payapptest").await;
    failure(&text, "70040");
    let (_, text) = server.api_raw("").await;
    failure(&text, "70040");
    let (_, text) = server
        .api_raw(payrequest_without("userid") + "&userid=nosuchseller")
        .await;
    assert!(failure(&text, "70010").contains("userid"));
    let (status, text) = server.get("/oapi/apiLoad.html").await;
    assert_eq!(status, 200);
    failure(&text, "70040");
    server.stop().await;
}

#[tokio::test]
async fn random_bytes_and_oversized_bodies_get_the_error_shape() {
    let server = TestServer::start().await;
    // Deterministic noise: a linear congruential generator over every byte value.
    let mut x: u32 = 12345;
    for len in [1usize, 17, 4096, 65_536] {
        let noise: Vec<u8> = (0..len)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        let (status, text) = server.api_raw(noise).await;
        assert_eq!(status, 200);
        let r = gyeolje_payapp::parse_reply(&text);
        assert_eq!(
            gyeolje_payapp::codec::reply_value(&r, "state"),
            Some("0"),
            "{text}"
        );
        assert!(
            text.len() < 400 && !text.contains('\n'),
            "short, one line: {text:?}"
        );
    }
    let huge = format!(
        "{}&memo={}",
        payrequest_without(""),
        "a".repeat(1024 * 1024 + 10)
    );
    let (status, text) = server.api_raw(huge).await;
    assert_eq!(status, 200);
    assert!(failure(&text, "70020").contains("1MiB"));
    // Still serving.
    let (status, _) = server.get("/healthz").await;
    assert_eq!(status, 200);
    let (_, text) = server.api_raw(payrequest_without("")).await;
    assert!(text.starts_with("state=1&"));
    server.stop().await;
}

#[tokio::test]
async fn euc_kr_bodies_are_read_when_they_say_so() {
    let server = TestServer::start().await;
    // 좋은상품 in EUC-KR.
    let (_, text) = server
        .api_raw(format!(
            "{}&goodname=%C1%C1%C0%BA%BB%F3%C7%B0&charset=euc-kr",
            payrequest_without("goodname")
        ))
        .await;
    assert!(text.starts_with("state=1&"), "{text}");
    let r = gyeolje_payapp::parse_reply(&text);
    let mul_no: i64 = gyeolje_payapp::codec::reply_value(&r, "mul_no")
        .unwrap()
        .parse()
        .unwrap();
    let p = server
        .app
        .store
        .payment(gyeolje_core::PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.goods_name, "좋은상품");
    // Without charset=euc-kr the same bytes are not UTF-8: 70020 naming the field.
    let (_, text) = server
        .api_raw(format!(
            "{}&goodname=%C1%C1%C0%BA%BB%F3%C7%B0",
            payrequest_without("goodname")
        ))
        .await;
    assert!(failure(&text, "70020").contains("goodname"));
    server.stop().await;
}

/// A link a request puts on the paid page (`appurl`, "앱으로 돌아가기")
/// never runs script in gyeolje's origin (issue 16): `javascript:` is
/// refused with 70020 and no payment is made; an app scheme is kept.
#[tokio::test]
async fn a_javascript_appurl_is_refused() {
    let server = TestServer::start().await;
    let base = [
        ("cmd", "payrequest"),
        ("userid", "payapptest"),
        ("goodname", "t"),
        ("price", "1000"),
        ("recvphone", "01012345678"),
        ("smsuse", "n"),
    ];
    let mut bad = base.to_vec();
    bad.push(("appurl", "javascript:alert(document.domain)"));
    let r = server.api(&bad).await;
    assert_eq!((r.get("state"), r.get("errno")), ("0", "70020"), "{}", r.1);
    assert!(r.get("errorMessage").starts_with("appurl"), "{}", r.1);
    // An app scheme (the manual's `앱스키마://card_pay`) is kept.
    let mut good = base.to_vec();
    good.push(("appurl", "myapp://card_pay"));
    let (mul_no, _) = server.pay_request(&good[1..]).await;
    let payment = server
        .app
        .store
        .payment(gyeolje_core::PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.protocol_data["appurl"], "myapp://card_pay");
}
