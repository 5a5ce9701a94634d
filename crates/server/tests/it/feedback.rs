//! Feedback beyond payment: the creation-time feedback (pay_state 1), errno
//! 70080 when the merchant answers it with something else than SUCCESS, and
//! the seller's common feedback URL (feedbacktype 1).

use crate::support::{Reply, Sink, TestServer, eventually};
use gyeolje_core::{NewMerchant, OutboxState, PayAppAccount, Secret};
use std::time::Duration;

#[tokio::test]
async fn the_creation_feedback_arrives_before_the_reply_and_is_recorded() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (mul_no, payurl) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb")), ("var1", "A-1")])
        .await;
    let created = sink.creations();
    assert_eq!(created.len(), 1, "sent before payrequest answered");
    assert_eq!(created[0].field("pay_state"), "1");
    assert_eq!(created[0].field("feedbacktype"), "0");
    assert_eq!(created[0].field("mul_no"), mul_no.to_string());
    assert_eq!(created[0].field("payurl"), payurl);
    assert_eq!(created[0].field("var1"), "A-1");
    assert_eq!(created[0].field("pay_date"), "");
    let rows = server
        .app
        .store
        .outbox_list(&Default::default())
        .await
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r.message.kind == "payapp.feedback.created")
        .unwrap();
    assert_eq!(row.state, OutboxState::Delivered);
    let attempts = server.app.store.attempts(row.id).await.unwrap();
    assert_eq!((attempts.len(), attempts[0].succeeded), (1, true));
    server.stop().await;
}

#[tokio::test]
async fn a_merchant_that_does_not_answer_success_gets_70080_and_no_request() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    sink.answer_creation(Reply::Body(200, "FAIL"));
    let r = server
        .api(&[
            ("cmd", "payrequest"),
            ("userid", "payapptest"),
            ("goodname", "api test"),
            ("price", "1000"),
            ("recvphone", "01077778888"),
            ("feedbackurl", &sink.url("/fb")),
        ])
        .await;
    assert_eq!(r.get("state"), "0", "{}", r.1);
    assert_eq!(r.get("errno"), "70080");
    assert!(r.get("errorMessage").contains("SUCCESS"), "{}", r.1);
    assert_eq!(sink.creations().len(), 1);
    // Nothing was created: no SMS, no payment, no queued message.
    let sms = server.sms_to("01077778888").await;
    assert!(sms.is_empty(), "{sms:?}");
    assert!(
        server
            .app
            .store
            .outbox_list(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    server.stop().await;
}

#[tokio::test]
async fn an_unreachable_feedbackurl_does_not_block_the_request() {
    let server = TestServer::start().await;
    // The manual's own sample sends this placeholder.
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", "http://고객사 도메인/payapp_feedbackurl.php")])
        .await;
    assert!(
        server
            .app
            .store
            .payment(gyeolje_core::PaymentId::new(mul_no))
            .await
            .unwrap()
            .is_some()
    );
    let row = eventually(
        "the queued creation feedback is attempted",
        Duration::from_secs(10),
        || async {
            let rows = server
                .app
                .store
                .outbox_list(&Default::default())
                .await
                .unwrap();
            rows.into_iter().find(|r| {
                r.message.kind == "payapp.feedback.created" && r.state == OutboxState::Failed
            })
        },
    )
    .await;
    let attempts = server.app.store.attempts(row.id).await.unwrap();
    assert!(attempts[0].error.is_some(), "{attempts:?}");
    server.stop().await;
}

#[tokio::test]
async fn the_common_feedbackurl_receives_every_payment_of_the_seller() {
    let server = TestServer::start().await;
    let common = Sink::start().await;
    let own = Sink::start().await;
    server
        .app
        .store
        .create_merchant(
            NewMerchant {
                callback_hosts: Vec::new(),
                innopay: None,
                ipay: None,
                name: "공통통보상점".into(),
                payapp: Some(PayAppAccount {
                    userid: "commonshop".into(),
                    linkkey: Secret::new("K"),
                    linkval: Secret::new("V"),
                    common_feedbackurl: Some(common.url("/common")),
                }),
            },
            server.app.now(),
        )
        .await
        .unwrap();
    // One request with its own feedbackurl, one without.
    let (with_url, _) = server
        .pay_request(&[("userid", "commonshop"), ("feedbackurl", &own.url("/own"))])
        .await;
    let (without, _) = server.pay_request(&[("userid", "commonshop")]).await;
    for m in [with_url, without] {
        server.sandbox_pay(m, "4242424242424242").await;
    }
    let own_got = own.wait_for(1).await;
    assert_eq!(own_got[0].field("feedbacktype"), "0");
    let got = common.wait_for(2).await;
    assert!(
        got.iter()
            .all(|r| r.field("feedbacktype") == "1" && r.field("pay_state") == "4")
    );
    let mut muls: Vec<String> = got.iter().map(|r| r.field("mul_no")).collect();
    muls.sort();
    let mut want = vec![with_url.to_string(), without.to_string()];
    want.sort();
    assert_eq!(muls, want);
    eventually(
        "creation feedbacks to the common URL",
        Duration::from_secs(10),
        || async { (common.creations().len() == 2).then_some(()) },
    )
    .await;
    assert!(
        common
            .creations()
            .iter()
            .all(|r| r.field("feedbacktype") == "1")
    );
    server.stop().await;
}
