//! §4.3–4.4: anything but `0000` is retried at the merchant's interval, up
//! to the merchant's count, on the business clock; then the notification is
//! failed, and can be replayed.

use super::*;
use crate::innopay::settings::notify_settings;
use crate::support::outbox::{
    Seen, assert_retry_after, assert_settled, assert_still_waiting, newest_of_kind, wait_attempts,
};
use crate::support::{Reply, Sink, cli};
use gyeolje_core::{OutboxRecord, OutboxState};

async fn notification_record(server: &TestServer) -> Option<OutboxRecord> {
    newest_of_kind(server, "innopay.notification").await
}

/// Waits until the notification has made `n` attempts, all recorded.
async fn attempts_recorded(server: &TestServer, n: usize) -> Seen {
    let r = wait("the notification", || notification_record(server)).await;
    wait_attempts(server, r.id, n).await
}

#[tokio::test]
async fn failures_are_retried_at_the_interval_up_to_the_count_then_replayable() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    // Every attempt fails: a DB error page, an HTTP error, SUCCESS (PayApp's word, not InnoPay's).
    sink.script([
        Reply::Body(200, "FAIL"),
        Reply::Body(500, "0000"),
        Reply::Body(200, "SUCCESS"),
    ]);
    sink.answer_by_default("0000");
    set_notify(&server, &sink.url("/noti"), 5, 2).await;
    register(&server, &example_request("201", "01012340201")).await;
    server
        .sandbox_pay_with(pay_order("test20180313201"), Expect::Approved)
        .await;

    let first = attempts_recorded(&server, 1).await;
    assert_eq!(first.record.message.retry.max_attempts, 3);
    // The retry is due one interval (five minutes) after the attempt.
    assert_retry_after(&first, Duration::from_secs(5 * 60));
    // Not before the interval: four minutes in, nothing was leased again and
    // the retry is still ahead of the business clock.
    server.advance_clock(4 * 60).await;
    assert_still_waiting(&server, &first).await;
    assert_eq!(sink.received().len(), 1);
    server.advance_clock(60).await;
    attempts_recorded(&server, 2).await;
    server.advance_clock(5 * 60).await;
    attempts_recorded(&server, 3).await;
    let record = wait("failed", || async {
        let r = notification_record(&server).await?;
        (r.state == OutboxState::Failed).then_some(r)
    })
    .await;
    let attempts = server.app.store.attempts(record.id).await.unwrap();
    assert_eq!(
        attempts.iter().map(|a| a.status).collect::<Vec<_>>(),
        [Some(200), Some(500), Some(200)]
    );
    assert!(attempts.iter().all(|a| !a.succeeded));
    // The three attempts carried the same document.
    let bodies: Vec<_> = sink.received().iter().map(|r| r.body.clone()).collect();
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));

    // Replay: the merchant fixed its page, which now answers 0000.
    server.advance_clock(3600).await;
    assert_settled(&server, record.id, OutboxState::Failed, 3).await;
    assert_eq!(sink.received().len(), 3, "no attempt beyond the count");
    assert!(
        server
            .app
            .store
            .replay(record.id, server.app.now())
            .await
            .unwrap()
    );
    server.app.wake.notify_one();
    wait("delivered after replay", || async {
        let r = notification_record(&server).await?;
        (r.state == OutboxState::Delivered).then_some(())
    })
    .await;
    assert_eq!(sink.received().len(), 4);
    server.stop().await;
}

#[tokio::test]
async fn a_new_setting_applies_to_the_next_notification() {
    let server = TestServer::start().await;
    let old = Sink::start().await;
    let new = Sink::start().await;
    old.answer_by_default("0000");
    new.answer_by_default("0000");
    set_notify(&server, &old.url("/old"), 1, 1).await;
    register(&server, &example_request("202", "01012340202")).await;
    let paid = server
        .sandbox_pay_with(pay_order("test20180313202"), Expect::Approved)
        .await;
    notification(&old, 1).await;

    // Changed from the CLI, as an operator would, on the same database.
    let out = cli(&notify_settings(
        &server,
        &[
            "--mid",
            MID,
            "--method",
            "card",
            "--url",
            &new.url("/new"),
            "--interval",
            "60",
            "--count",
            "10",
        ],
    ))
    .await;
    assert!(out.contains("interval=60min count=10"), "{out}");
    let body = format!(
        r#"{{"mid":"testpay01m","tid":"{}","svcCd":"01","cancelAmt":"10004","cancelMsg":"x","cancelPwd":"123456"}}"#,
        paid["tid"].as_str().unwrap()
    );
    let (code, _) = client(&server)
        .post_raw("/api/cancelApi", "application/json", body.into_bytes())
        .await
        .unwrap();
    assert_eq!(code, 200);
    let n = notification(&new, 1).await;
    assert_eq!(n.status, "85");
    assert_eq!(old.received().len(), 1);
    let latest = server
        .app
        .store
        .outbox_list(&Default::default())
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.message.kind == "innopay.notification")
        .map(|r| r.message.retry.max_attempts)
        .max();
    assert_eq!(latest, Some(11));
    server.stop().await;
}
