//! Rules from the manual's prose rather than its tables: `reqmode=usd`
//! prices in cents, so its SMS states dollars; `vccode` (국제전화 국가번호) is
//! the country code the SMS is sent with; `paycancelreq` on a request
//! nobody paid says why it is refused.

use crate::support::TestServer;
use gyeolje_server::seed::PAYAPP_DEMO_LINKKEY;

#[tokio::test]
async fn a_usd_request_texts_dollars_to_the_international_number() {
    let server = TestServer::start().await;
    let (_, payurl) = server
        .pay_request(&[
            ("reqmode", "usd"),
            ("vccode", "1"),
            ("price", "1000"),
            ("recvphone", "2025550123"),
            ("smsuse", "y"),
        ])
        .await;
    let messages = server.sms_to("12025550123").await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    let text = messages[0]["text"].as_str().unwrap();
    assert!(text.contains("결제금액: $10.00"), "{text}");
    assert!(text.contains(&payurl), "{text}");
    // The page shows the same amount.
    let (_, page) = server.get(payurl.trim_start_matches(&server.base)).await;
    assert!(page.contains("$10.00"), "{page}");
    // Nothing went to the number without its country code.
    assert!(server.sms_to("2025550123").await.is_empty());

    // Korea's own code, or none, texts recvphone as it is, in won.
    server
        .pay_request(&[
            ("vccode", "82"),
            ("recvphone", "01055556666"),
            ("smsuse", "y"),
        ])
        .await;
    let messages = server.sms_to("01055556666").await;
    let text = messages[0]["text"].as_str().unwrap();
    assert!(text.contains("결제금액: 1,000원"), "{text}");
    server.stop().await;
}

#[tokio::test]
async fn paycancelreq_on_an_unpaid_request_says_why() {
    let server = TestServer::start().await;
    let (mul_no, _) = server.pay_request(&[]).await;
    let linkkey = PAYAPP_DEMO_LINKKEY.replace('+', "%2B").replace('=', "%3D");
    let (_, text) = server
        .api_raw(format!(
            "cmd=paycancelreq&userid=payapptest&linkkey={linkkey}&mul_no={mul_no}&cancelmemo="
        ))
        .await;
    let pairs = gyeolje_payapp::parse_reply(&text);
    let get = |k| gyeolje_payapp::codec::reply_value(&pairs, k).unwrap_or("");
    assert_eq!((get("state"), get("errno")), ("0", "70020"), "{text}");
    let message = get("errorMessage");
    assert!(
        message.contains("결제가 완료되지 않은 건(결제요청)"),
        "{message}"
    );
    assert!(message.contains("paycancel로 취소하세요"), "{message}");
    assert!(!message.contains("찾을 수 없습니다"), "{message}");
    // A number that does not exist is still "not found".
    let (_, text) = server
        .api_raw(format!(
            "cmd=paycancelreq&userid=payapptest&linkkey={linkkey}&mul_no=987654321"
        ))
        .await;
    assert!(text.ends_with("errno=70020"), "{text}");
    let pairs = gyeolje_payapp::parse_reply(&text);
    let message = gyeolje_payapp::codec::reply_value(&pairs, "errorMessage").unwrap();
    assert!(message.contains("찾을 수 없습니다"), "{message}");
    server.stop().await;
}
