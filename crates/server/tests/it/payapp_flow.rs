//! The walking skeleton: request → pay → feedback, through the manual's own
//! curl example, the sandbox API and the hosted page's form.

use crate::support::outbox::messages_of_kind;
use crate::support::{Expect, Sink, TestServer, eventually, won};
use gyeolje_core::PaymentId;
use gyeolje_payapp::Feedback;
use gyeolje_server::seed::{PAYAPP_DEMO_LINKKEY, PAYAPP_DEMO_LINKVAL};
use std::time::Duration;

/// Every field of the manual's "Feedbackurl 전달" table, plus `card_name`
/// (the spelling of its PHP sample).
const FEEDBACK_FIELDS: [&str; 27] = [
    "userid",
    "linkkey",
    "linkval",
    "goodname",
    "price",
    "recvphone",
    "memo",
    "reqaddr",
    "reqdate",
    "pay_memo",
    "pay_addr",
    "pay_date",
    "pay_type",
    "pay_state",
    "var1",
    "var2",
    "mul_no",
    "payurl",
    "csturl",
    "cardname",
    "card_name",
    "currency",
    "vccode",
    "score",
    "vbank",
    "vbankno",
    "feedbacktype",
];

fn is_kst_datetime(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").is_ok()
}

#[tokio::test]
async fn the_manuals_curl_example_gets_a_request_number_and_payurl() {
    let server = TestServer::start().await;
    // Byte for byte what `curl -d … -d …` sends for the manual's example.
    let (status, text) = server
        .api_raw("cmd=payrequest&userid=payapptest&goodname=api%20test&price=1000&recvphone=01012345678&smsuse=n")
        .await;
    assert_eq!(status, 200);
    assert!(!text.contains('\n'), "one line: {text:?}");
    assert!(text.starts_with("state=1&errorMessage=&mul_no="), "{text}");
    let reply = gyeolje_payapp::parse_reply(&text);
    let mul_no: i64 = gyeolje_payapp::codec::reply_value(&reply, "mul_no")
        .unwrap()
        .parse()
        .unwrap();
    let payurl = gyeolje_payapp::codec::reply_value(&reply, "payurl").unwrap();
    assert!(
        payurl.starts_with(&format!("{}/p/", server.base)),
        "absolute payurl: {payurl}"
    );
    let stored = server
        .app
        .store
        .payment(gyeolje_core::PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.amount, won(1000));
    assert_eq!(stored.goods_name, "api test");
    let (page_status, html) = server.get(payurl.trim_start_matches(&server.base)).await;
    assert_eq!(page_status, 200);
    assert!(
        html.contains("api test") && html.contains("1,000"),
        "the page shows goods and price"
    );
    server.stop().await;
}

#[tokio::test]
async fn paying_through_the_sandbox_sends_feedback_with_every_field() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let fb = sink.url("/payapp_feedbackurl.php");
    let (mul_no, payurl) = server
        .pay_request(&[
            ("feedbackurl", &fb),
            ("var1", "order-1234"),
            ("var2", "회원 kim"),
            ("memo", "결제요청 테스트 메모"),
            ("reqaddr", "0"),
        ])
        .await;
    let paid = server.sandbox_pay(mul_no, "4242424242424242").await;
    assert_eq!(paid["outcome"], "approved", "{paid}");

    let got = sink.wait_for(1).await;
    let f = &got[0];
    assert_eq!(f.path, "/payapp_feedbackurl.php");
    assert!(
        f.content_type
            .starts_with("application/x-www-form-urlencoded"),
        "{}",
        f.content_type
    );
    let fields = f.form();
    for key in FEEDBACK_FIELDS {
        assert!(fields.contains_key(key), "feedback lacks {key}: {fields:?}");
    }
    assert_eq!(fields["userid"], "payapptest");
    assert_eq!(fields["linkkey"], PAYAPP_DEMO_LINKKEY);
    assert_eq!(fields["linkval"], PAYAPP_DEMO_LINKVAL);
    assert_eq!(fields["goodname"], "api test");
    assert_eq!(fields["price"], "1000");
    assert_eq!(fields["recvphone"], "01012345678");
    assert_eq!(fields["memo"], "결제요청 테스트 메모");
    assert_eq!(fields["reqaddr"], "0");
    assert!(
        is_kst_datetime(&fields["reqdate"]),
        "reqdate {:?}",
        fields["reqdate"]
    );
    assert!(
        is_kst_datetime(&fields["pay_date"]),
        "pay_date {:?}",
        fields["pay_date"]
    );
    assert_eq!(fields["pay_type"], "1");
    assert_eq!(fields["pay_state"], "4");
    assert_eq!(fields["var1"], "order-1234");
    assert_eq!(fields["var2"], "회원 kim");
    assert_eq!(fields["mul_no"], mul_no.to_string());
    assert_eq!(fields["payurl"], payurl);
    assert!(
        fields["csturl"].starts_with(&format!("{}/cst/", server.base)),
        "{}",
        fields["csturl"]
    );
    assert_eq!(fields["card_name"], "신한카드");
    assert_eq!(fields["cardname"], "신한카드");
    assert_eq!(fields["currency"], "krw");
    assert_eq!(fields["feedbacktype"], "0");

    // The merchant's own check (payapp_feedbackurl.php) accepts it.
    let parsed = Feedback::parse(&f.body).unwrap();
    assert!(parsed.verify(
        "payapptest",
        PAYAPP_DEMO_LINKKEY,
        PAYAPP_DEMO_LINKVAL,
        won(1000)
    ));

    // The sales slip behind csturl shows the approval.
    let (status, slip) = server
        .get(fields["csturl"].trim_start_matches(&server.base))
        .await;
    assert_eq!(status, 200);
    assert!(
        slip.contains(&paid["approval_no"].as_str().unwrap().to_owned()),
        "{slip}"
    );

    // Answered SUCCESS: exactly one attempt, recorded as delivered.
    let outbox = server
        .app
        .store
        .outbox_list(&Default::default())
        .await
        .unwrap();
    let feedback = outbox
        .iter()
        .find(|r| r.message.kind == "payapp.feedback")
        .unwrap();
    eventually("delivered state", Duration::from_secs(5), || async {
        let r = server
            .app
            .store
            .outbox_get(feedback.id)
            .await
            .unwrap()
            .unwrap();
        (r.state == gyeolje_core::OutboxState::Delivered).then_some(())
    })
    .await;
    assert_eq!(
        server.app.store.attempts(feedback.id).await.unwrap().len(),
        1
    );
    server.stop().await;
}

/// The `action` and the field names of the pay page's form.
fn form_of(html: &str) -> (String, Vec<String>) {
    let start = html.find("<form").expect("the page has a form");
    let form = &html[start..html[start..].find("</form>").map(|e| start + e).unwrap()];
    let action = form
        .split("action=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let names = form
        .split("name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect();
    (action, names)
}

#[tokio::test]
async fn paying_on_the_hosted_page_retries_after_a_decline_and_sends_feedback() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (mul_no, payurl) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    let (_, html) = server.get(payurl.trim_start_matches(&server.base)).await;
    let (action, names) = form_of(&html);
    assert!(names.contains(&"card_number".to_owned()), "{names:?}");
    let submit = |card: &'static str| {
        let http = server.http.clone();
        let url = format!("{}{action}", server.base);
        async move {
            let resp = http
                .post(url)
                .form(&[("card_number", card), ("expiry", ""), ("installment", "0")])
                .send()
                .await
                .unwrap();
            (resp.status().as_u16(), resp.text().await.unwrap())
        }
    };
    // Insufficient funds: the reason is shown and the form is offered again.
    let (status, declined) = submit("4000000000009995").await;
    assert_eq!(status, 402);
    assert!(declined.contains("잔액(한도)이 부족합니다"), "{declined}");
    assert!(declined.contains("<form"), "the buyer can retry");
    // Messages are stored with the change that makes them: none for the decline.
    let feedbacks = messages_of_kind(&server, PaymentId::new(mul_no), "payapp.feedback").await;
    assert_eq!(feedbacks, [], "a decline sends no feedback");
    assert!(sink.received().is_empty(), "a decline sends no feedback");

    let (status, done) = submit("5555555555554444").await;
    assert_eq!(status, 200);
    assert!(done.contains("결제가 완료되었습니다"), "{done}");
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].field("pay_state"), "4");
    assert_eq!(got[0].field("mul_no"), mul_no.to_string());
    assert_eq!(got[0].field("card_name"), "KB국민카드");

    // The page now shows the payment as done; paying again is refused.
    let (_, again) = server.get(payurl.trim_start_matches(&server.base)).await;
    assert!(again.contains("결제가 완료되었습니다"));
    let v = server
        .sandbox_pay_expect(mul_no, "4242424242424242", Expect::Refused)
        .await;
    assert_eq!(v["outcome"], "refused", "{v}");
    let feedbacks = messages_of_kind(&server, PaymentId::new(mul_no), "payapp.feedback").await;
    assert_eq!(
        feedbacks.len(),
        1,
        "only the approval's feedback: {feedbacks:?}"
    );
    let events = server
        .app
        .store
        .events(gyeolje_core::PaymentId::new(mul_no))
        .await
        .unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.event.kind()).collect();
    assert_eq!(kinds, ["requested", "declined", "approved"]);
    server.stop().await;
}

#[tokio::test]
async fn the_request_sms_carries_the_payurl_unless_smsuse_is_n() {
    let server = TestServer::start().await;
    let (_, payurl) = server
        .pay_request(&[("smsuse", "y"), ("recvphone", "010-2222-3333")])
        .await;
    let (_, silent) = server
        .pay_request(&[("smsuse", "n"), ("recvphone", "01044445555")])
        .await;
    let messages = server.sms_to("01022223333").await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["links"][0], payurl.as_str());
    assert!(messages[0]["text"].as_str().unwrap().contains("1,000원"));
    // The SMS is stored with the request, before the reply: none to wait for.
    assert!(
        server.sms_to("01044445555").await.is_empty(),
        "smsuse=n sends nothing ({silent})"
    );
    server.stop().await;
}
