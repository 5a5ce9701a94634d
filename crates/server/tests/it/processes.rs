//! The real binary as separate processes: killed mid-delivery and restarted,
//! stopped with SIGTERM while a callback is in flight, and two processes
//! sharing one PostgreSQL database.

use crate::support::outbox::stored_of_kind;
use crate::support::process::GyeoljeProcess;
use crate::support::{Reply, Sink, eventually};
use gyeolje_core::{OutboxRecord, OutboxState, PaymentId, PaymentState};
use gyeolje_store::Store;
use gyeolje_store::testing::TestDatabase;
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::ExitStatusExt;
use std::time::Duration;

const CARD: &str = "4242424242424242";

/// Every `payapp.feedback` message in the database.
async fn feedback_rows(store: &dyn Store) -> Vec<OutboxRecord> {
    stored_of_kind(store, "payapp.feedback", None).await
}

/// Waits until every feedback message is out of `pending`; returns them.
async fn wait_all_settled(store: &dyn Store, expected: usize) -> Vec<OutboxRecord> {
    eventually(
        &format!("{expected} feedback row(s) settled"),
        Duration::from_secs(15),
        || async {
            let rows = feedback_rows(store).await;
            (rows.len() == expected && rows.iter().all(|r| r.state != OutboxState::Pending))
                .then_some(rows)
        },
    )
    .await
}

#[tokio::test]
async fn a_payment_acknowledged_before_a_sigkill_gets_its_feedback_after_restart() {
    let db = TestDatabase::sqlite().unwrap();
    let flags = ["--lease-secs", "3", "--callback-timeout-secs", "2"];
    let mut first = GyeoljeProcess::start("first", &db.url, &flags).await;
    let sink = Sink::start().await;
    // The first process's attempt never gets an answer: it dies waiting.
    sink.script([Reply::Hang]);

    // Requests the first process acknowledged with state=1 before it died.
    let mut acknowledged = Vec::new();
    for i in 0..5 {
        acknowledged.push(first.pay_request(&[("var1", &format!("ack-{i}"))]).await);
    }
    let mul_no = first
        .pay_request(&[
            ("feedbackurl", &sink.url("/fb")),
            ("checkretry", "y"),
            ("var1", "killed"),
        ])
        .await;
    let paid = first.sandbox_pay(mul_no, CARD).await;
    assert_eq!(paid["outcome"], "approved", "{paid}");

    // The attempt is in flight (the endpoint holds it); kill the process now,
    // well inside the 2 s callback timeout, so attempt 1 is never recorded.
    let hanging = sink.wait_for(1).await;
    let status = first.sigkill().await;
    assert_eq!(status.signal(), Some(9), "{status:?}");
    assert_eq!(hanging[0].field("mul_no"), mul_no.to_string());

    // A new process on the same file takes the message once the dead
    // process's 3 s (wall-clock) lease has lapsed, and delivers it.
    let mut second = GyeoljeProcess::start("second", &db.url, &flags).await;
    let got = sink.wait_for(2).await;
    let redelivered = &got[1];
    assert_eq!(redelivered.path, "/fb");
    assert_eq!(redelivered.field("pay_state"), "4");
    assert_eq!(redelivered.field("mul_no"), mul_no.to_string());
    assert_eq!(redelivered.field("var1"), "killed");
    assert_eq!(
        redelivered.body, got[0].body,
        "the retry sends the very message the first attempt sent"
    );

    let store = gyeolje_store::open(&db.url).await.unwrap();
    let rows = wait_all_settled(&*store, 1).await;
    let record = &rows[0];
    assert_eq!(record.message.payment_id, Some(PaymentId::new(mul_no)));
    assert_eq!(record.state, OutboxState::Delivered, "{record:?}");
    // Two leases were taken (the attempt number is reserved when leasing)...
    assert_eq!(record.attempts, 2, "{record:?}");
    // ...but only the second attempt is on record: the first process died
    // before it could write what happened to attempt 1.
    let attempts = store.attempts(record.id).await.unwrap();
    assert_eq!(
        attempts.iter().map(|a| a.attempt_no).collect::<Vec<_>>(),
        [2],
        "{attempts:?}"
    );
    let a = &attempts[0];
    assert!(a.succeeded, "{a:?}");
    assert_eq!(a.status, Some(200));
    assert_eq!(a.response_excerpt.as_deref(), Some("SUCCESS"));
    assert_eq!(a.target, sink.url("/fb"));
    assert!(
        a.worker.starts_with(&format!("{}-", second.pid())),
        "attempt 2 was made by the second process (pid {}): {a:?}",
        second.pid()
    );

    let payment = store
        .payment(PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.state, PaymentState::Paid);
    for id in acknowledged {
        let p = store.payment(PaymentId::new(id)).await.unwrap();
        let p = p.unwrap_or_else(|| panic!("payrequest {id} was acknowledged but is lost"));
        assert_eq!(p.state, PaymentState::Requested);
        assert_eq!(p.goods_name, "process test");
    }
    assert_eq!(sink.received().len(), 2, "delivered once after the restart");

    second.sigterm();
    let status = second.wait_exit(Duration::from_secs(15)).await;
    assert!(status.success(), "{status:?}\n{}", second.log());
}

#[tokio::test]
async fn sigterm_finishes_in_flight_work_and_exits_cleanly() {
    let db = TestDatabase::sqlite().unwrap();
    let mut server = GyeoljeProcess::start("server", &db.url, &[]).await;
    let sink = Sink::start().await;
    sink.script([Reply::Slow(Duration::from_millis(800), "SUCCESS")]);
    let mul_no = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    let paid = server.sandbox_pay(mul_no, CARD).await;
    assert_eq!(paid["outcome"], "approved", "{paid}");

    // The callback has reached the merchant, whose answer is still coming.
    sink.wait_for(1).await;
    server.sigterm();
    let status = server.wait_exit(Duration::from_secs(15)).await;
    let log = server.log();
    assert!(status.success(), "{status:?}\n{log}");
    assert!(log.contains("shutting down"), "{log}");

    // The in-flight attempt was finished and recorded before the exit.
    let store = gyeolje_store::open(&db.url).await.unwrap();
    let rows = feedback_rows(&*store).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].state,
        OutboxState::Delivered,
        "{:?}\n{log}",
        rows[0]
    );
    assert_eq!(rows[0].attempts, 1);
    let attempts = store.attempts(rows[0].id).await.unwrap();
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    assert!(attempts[0].succeeded, "{:?}", attempts[0]);
    assert_eq!(attempts[0].response_excerpt.as_deref(), Some("SUCCESS"));
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn two_processes_on_one_postgres_deliver_every_feedback_exactly_once() {
    const N: usize = 40;
    let Some(db) = TestDatabase::postgres("two_processes").await else {
        return;
    };
    // Both start at once on a fresh schema: both migrate and seed.
    let (mut a, mut b) = tokio::join!(
        GyeoljeProcess::start("A", &db.url, &[]),
        GyeoljeProcess::start("B", &db.url, &[]),
    );
    let sink = Sink::start().await;
    let fb = sink.url("/fb");

    // Create N requests at once, alternating A and B.
    let procs = [a.api(), b.api()];
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..N {
        let api = procs[i % 2].clone();
        let fb = fb.clone();
        tasks.spawn(async move {
            let mul_no = api
                .pay_request(&[("feedbackurl", &fb), ("var1", &i.to_string())])
                .await;
            (i, mul_no)
        });
    }
    let created: BTreeMap<usize, i64> = tasks.join_all().await.into_iter().collect();
    assert_eq!(created.len(), N);
    let mul_nos: BTreeSet<i64> = created.values().copied().collect();
    assert_eq!(mul_nos.len(), N, "payment numbers are unique: {created:?}");

    // Pay each through the process that did not create it, all at once.
    let mut tasks = tokio::task::JoinSet::new();
    for (&i, &mul_no) in &created {
        let api = procs[(i + 1) % 2].clone();
        tasks.spawn(async move { api.sandbox_pay(mul_no, CARD).await });
    }
    for paid in tasks.join_all().await {
        assert_eq!(paid["outcome"], "approved", "{paid}");
    }

    sink.wait_for(N).await;
    let store = gyeolje_store::open(&db.url).await.unwrap();
    let rows = wait_all_settled(&*store, N).await;
    // Nothing more can arrive: every message is settled, and (checked
    // below) delivered after exactly one lease, so no worker holds or can
    // take another attempt of any of them.
    assert_eq!(rows.len(), N);
    let got = sink.received();
    assert_eq!(got.len(), N);
    let mut seen = BTreeSet::new();
    for f in &got {
        assert_eq!(f.field("pay_state"), "4", "{:?}", f.form());
        let mul_no: i64 = f.field("mul_no").parse().unwrap();
        let index: usize = f.field("var1").parse().unwrap();
        assert_eq!(created[&index], mul_no, "var1 and mul_no belong together");
        assert!(seen.insert(mul_no), "feedback for {mul_no} arrived twice");
    }
    assert_eq!(seen, mul_nos);

    // Every message: delivered, one lease, one attempt on record.
    let worker_name = |w: &str| {
        if w.starts_with(&format!("{}-", a.pid())) {
            "A"
        } else if w.starts_with(&format!("{}-", b.pid())) {
            "B"
        } else {
            panic!("attempt by an unknown worker {w}")
        }
    };
    let mut by_worker: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        assert_eq!(r.state, OutboxState::Delivered, "{r:?}");
        assert_eq!(r.attempts, 1, "{r:?}");
        let attempts = store.attempts(r.id).await.unwrap();
        assert_eq!(attempts.len(), 1, "{attempts:?}");
        assert_eq!(attempts[0].attempt_no, 1);
        assert!(attempts[0].succeeded, "{:?}", attempts[0]);
        *by_worker
            .entry(worker_name(&attempts[0].worker))
            .or_default() += 1;
    }
    println!("feedback attempts by process: {by_worker:?}");

    // The start-up race seeded each demo account once.
    let merchants = store.list_merchants().await.unwrap();
    let userids: Vec<&str> = merchants
        .iter()
        .filter_map(|m| m.payapp.as_ref().map(|p| p.userid.as_str()))
        .collect();
    assert_eq!(
        userids,
        ["payapptest", "payappagency", "payappreseller"],
        "{merchants:?}"
    );

    a.sigterm();
    b.sigterm();
    let (sa, sb) = (
        a.wait_exit(Duration::from_secs(15)).await,
        b.wait_exit(Duration::from_secs(15)).await,
    );
    assert!(sa.success() && sb.success(), "{sa:?} {sb:?}");
    drop(store);
    db.cleanup().await;
}

/// Issue 5's durability check: SIGKILL the server in the middle of
/// concurrent `payrequest` load (commits are batched by the group-commit
/// writer); every request that was answered `state=1` must be in the
/// database after a restart, with the amount and goods it was sent with.
#[tokio::test]
async fn every_acknowledged_payrequest_survives_a_sigkill_under_load() {
    let db = TestDatabase::sqlite().unwrap();
    let mut server = GyeoljeProcess::start("loaded", &db.url, &[]).await;
    let base = server.api().base.clone();
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(i64, String)>::new()));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut clients = Vec::new();
    for c in 0..16 {
        let (base, acked, stop) = (base.clone(), acked.clone(), stop.clone());
        clients.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) && n < 2_000 {
                n += 1;
                let goods = format!("load-{c}-{n}");
                let body = format!(
                    "cmd=payrequest&userid=payapptest&goodname={goods}&price=1000&recvphone=01012345678&smsuse=n"
                );
                let sent = http
                    .post(format!("{base}/oapi/apiLoad.html"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body)
                    .send()
                    .await;
                // Anything but a complete `state=1` reply is not acknowledged.
                let Ok(resp) = sent else { break };
                let Ok(text) = resp.text().await else { break };
                let reply = gyeolje_payapp::parse_reply(&text);
                if gyeolje_payapp::codec::reply_value(&reply, "state") == Some("1") {
                    let mul_no = gyeolje_payapp::codec::reply_value(&reply, "mul_no").unwrap().parse().unwrap();
                    acked.lock().unwrap().push((mul_no, goods));
                }
            }
        }));
    }
    eventually(
        "300 acknowledged requests",
        Duration::from_secs(30),
        || async { (acked.lock().unwrap().len() >= 300).then_some(()) },
    )
    .await;
    let status = server.sigkill().await;
    assert_eq!(status.signal(), Some(9));
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for c in clients {
        c.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();

    // Restart on the same file: every acknowledged request is there.
    let mut again = GyeoljeProcess::start("restarted", &db.url, &[]).await;
    let store = gyeolje_store::open(&db.url).await.unwrap();
    for (mul_no, goods) in &acked {
        let p = store.payment(PaymentId::new(*mul_no)).await.unwrap();
        let p = p.unwrap_or_else(|| panic!("acknowledged mul_no {mul_no} lost after SIGKILL"));
        assert_eq!(&p.goods_name, goods);
        assert_eq!(p.state, PaymentState::Requested);
    }
    println!("{} acknowledged requests survived the SIGKILL", acked.len());
    // The restarted server still takes requests.
    again.api().pay_request(&[]).await;
    again.sigterm();
    again.wait_exit(Duration::from_secs(15)).await;
}
