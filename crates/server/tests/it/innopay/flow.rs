//! The whole life of an SMS card payment, as a merchant's back office drives
//! it through the client crate: order → SMS → buyer's page → card payment →
//! approval notification → partial and full cancels → cancel notifications.

use super::*;
use crate::support::Sink;
use crate::support::outbox::{assert_settled, messages_for, wait_attempts};
use gyeolje_core::{OutboxState, PaymentId};
use gyeolje_innopay::{CancelRequest, NotifyStatus};

fn cancel(tid: &str, amount: &str, partial: &str) -> CancelRequest {
    CancelRequest {
        mid: MID.into(),
        tid: tid.into(),
        svc_cd: "01".into(),
        cancel_amt: amount.into(),
        cancel_msg: "test".into(),
        cancel_pwd: "123456".into(),
        partial_cancel_code: partial.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn order_sms_page_payment_notifications_and_cancels() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    sink.answer_by_default("0000");
    set_notify(&server, &sink.url("/innopay/noti"), 1, 3).await;

    // §2.2: register the order; the reply echoes the request.
    let req = example_request("001", "010-4311-6330");
    let reply = register(&server, &req).await;
    assert_eq!(reply.amt, "10,004");
    assert_eq!(reply.buyer_tel, "010-4311-6330");
    assert_eq!(reply.moid, "test20180313001");
    assert!(
        reply.order_url.starts_with(&format!("{}/s/", server.base)),
        "{reply:?}"
    );
    assert!(
        // Issue 15 §15: the payer's name (결제자명) is part of the SMS text.
        reply.result_msg.starts_with(
            "[테스트가맹점] 상품명:테스트상품 상품금액:10,004원 결제자명:테스트 SMS 안심결제가 요청되었습니다"
        ),
        "{}",
        reply.result_msg
    );
    assert!(reply.result_msg.contains(&reply.order_url));

    // §2.1: the SMS reaches the buyer with the same text and link.
    let sms = wait("the order SMS", || async {
        let all = server.sms_to("01043116330").await;
        all.into_iter().find(|m| m["kind"] == "innopay.sms")
    })
    .await;
    assert_eq!(sms["text"], reply.result_msg.as_str());
    assert_eq!(sms["links"][0], reply.order_url.as_str());

    // The link opens the buyer's card page.
    let path = reply.order_url.trim_start_matches(&server.base).to_owned();
    let (status, page) = server.get(&path).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("테스트상품") && page.contains("10,004"),
        "{page}"
    );

    // Pay with a test card (three-month instalment).
    let paid = server
        .sandbox_pay_with(
            pay_order("test20180313001")
                .card("4242424242424242")
                .field("installment_months", 3),
            Expect::Approved,
        )
        .await;
    let tid = paid["tid"].as_str().unwrap().to_owned();
    assert!(
        tid.starts_with("testpay01m0103") && tid.len() == 30,
        "{tid}"
    );

    // §4.2: the approval notification, form-urlencoded, status 25.
    let n = notification(&sink, 1).await;
    assert_eq!(n.status(), Some(NotifyStatus::Approved));
    assert_eq!(n.status, "25");
    assert_eq!(n.moid, "test20180313001");
    assert_eq!(n.goods_amt, "10004");
    assert_eq!(n.approval_amt, "10004");
    assert_eq!(n.pg_tid, tid);
    assert_eq!(n.pg_mid, "nictest14m");
    assert_eq!(n.pay_method, "CSMS");
    assert_eq!(n.buyer_phone_no, "01043116330");
    let card = n.card.clone().expect("card fields");
    assert!(
        card.card_no.contains('*') && !card.card_no.contains("42424242424242"),
        "{card:?}"
    );
    assert_eq!(card.card_quota, "03");
    assert_eq!(
        (card.card_issue_code.as_str(), card.card_issue_name.as_str()),
        ("06", "신한")
    );
    assert_eq!(card.card_acquire_code, "06");
    assert!(n.cancel.is_none());
    let raw = &sink.received()[0];
    assert!(
        raw.content_type
            .starts_with("application/x-www-form-urlencoded"),
        "{}",
        raw.content_type
    );

    // §3: a partial cancel, then the rest; more than the balance fails.
    let c = client(&server);
    let partial = c.cancel(&cancel(&tid, "1000", "1")).await.unwrap();
    assert_eq!(partial.result_code, "2001", "{partial:?}");
    assert_eq!(partial.pg_tid, tid);
    assert_eq!(partial.pg_approval_amt, "1000");
    assert_eq!(partial.pg_app_date.len(), 8);
    assert_eq!(partial.pg_app_time.len(), 6);
    let over = c.cancel(&cancel(&tid, "9005", "1")).await.unwrap();
    assert_eq!(over.result_code, "2013", "{over:?}");
    let wrong_full = c.cancel(&cancel(&tid, "5000", "0")).await.unwrap();
    assert_eq!(wrong_full.result_code, "2016", "{wrong_full:?}");
    let rest = c.cancel(&cancel(&tid, "9,004", "")).await;
    let rest = rest.unwrap();
    assert_eq!(rest.result_code, "2001", "{rest:?}");
    let again = c.cancel(&cancel(&tid, "1", "")).await.unwrap();
    assert_eq!(again.result_code, "2014", "{again:?}");

    let n2 = notification(&sink, 2).await;
    assert_eq!(n2.status, "85");
    let cf = n2.cancel.clone().expect("cancel fields");
    assert_eq!(cf.cancel_amt, "1000");
    assert_eq!(cf.cancel_msg, "test");
    assert_eq!(cf.cancel_result_code, "2001");
    let n3 = notification(&sink, 3).await;
    assert_eq!(n3.status(), Some(NotifyStatus::Cancelled));
    assert_eq!(n3.cancel.unwrap().cancel_amt, "9004");
    assert_ne!(cf.cancel_approval_no, "");

    // The buyer's page now says the order is paid, not payable.
    let (_, page) = server.get(&path).await;
    assert!(!page.contains("name=\"card_number\""), "{page}");
    server.stop().await;
}

#[tokio::test]
async fn a_retried_order_is_the_same_order_and_a_different_one_is_refused() {
    let server = TestServer::start().await;
    let req = example_request("002", "01012341234");
    let first = register(&server, &req).await;
    let second = register(&server, &req).await;
    assert_eq!(first.order_url, second.order_url);
    // Issue 15 §13: the repeat says no SMS went out (it used to repeat the
    // SMS text, as if one had been sent again).
    assert!(
        second.result_msg.contains("SMS는 다시 발송하지 않았습니다"),
        "{}",
        second.result_msg
    );
    assert!(second.result_msg.contains(&first.order_url));
    // Concurrent retries too: every one gets the same order.
    let mut tries = Vec::new();
    for _ in 0..6 {
        let c = client(&server);
        let r = req.clone();
        tries.push(tokio::spawn(async move { c.sms_pay(&r).await.unwrap() }));
    }
    for t in tries {
        assert_eq!(t.await.unwrap().order_url, first.order_url);
    }
    let sms = server.sms_to("01012341234").await;
    assert_eq!(sms.len(), 1, "one order, one SMS: {sms:?}");

    let changed = SmsPayRequest {
        amt: "20,000".into(),
        ..req.clone()
    };
    let refused = client(&server).sms_pay(&changed).await.unwrap();
    assert_eq!(refused.result_code, "3021", "{refused:?}");
    assert!(
        refused.result_msg.contains("moid"),
        "{}",
        refused.result_msg
    );
    assert_eq!(refused.order_url, "");
    server.stop().await;
}

#[tokio::test]
async fn a_declined_card_leaves_the_order_payable_and_nothing_is_notified() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    sink.answer_by_default("0000");
    set_notify(&server, &sink.url("/noti"), 1, 1).await;
    register(&server, &example_request("003", "01012341235")).await;
    let order = pay_order("test20180313003");
    let declined = server
        .sandbox_pay_with(order.clone().card("4000000000009995"), Expect::Declined)
        .await;
    assert_eq!(declined["state"], "requested", "{declined}");
    let payment = PaymentId::new(declined["reference"].as_str().unwrap().parse().unwrap());
    // Messages are stored with the change that makes them: none for the decline.
    assert_eq!(messages_for(&server, payment, "http").await, []);
    let approved = server
        .sandbox_pay_with(order.card("5555555555554444"), Expect::Approved)
        .await;
    assert_eq!(approved["reference"], declined["reference"]);
    let n = notification(&sink, 1).await;
    assert_eq!(n.card.unwrap().card_issue_code, "02");
    // The approval's notification is the payment's only one, and is delivered:
    // nothing else can reach the endpoint.
    let sent = messages_for(&server, payment, "http").await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].message.kind, "innopay.notification");
    wait_attempts(&server, sent[0].id, 1).await;
    assert_settled(&server, sent[0].id, OutboxState::Delivered, 1).await;
    assert_eq!(sink.received().len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn the_order_link_expires_at_the_deadline() {
    let server = TestServer::start().await;
    let reply = register(&server, &example_request("004", "01012341236")).await;
    let path = reply.order_url.trim_start_matches(&server.base).to_owned();
    // The default deadline is tomorrow 23:59:59; three days later it is gone.
    server.advance_clock(3 * 24 * 3600).await;
    let (status, page) = server.get(&path).await;
    assert_eq!(status, 410, "{page}");
    assert!(page.contains("만료") || page.contains("마감"), "{page}");
    server
        .sandbox_pay_with(pay_order("test20180313004"), Expect::Refused)
        .await;
    server.stop().await;
}
