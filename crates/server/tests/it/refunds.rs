//! Refunds through the outbox: a cancellation of a card payment commits
//! with an `acquirer.refund` message, which the delivery worker sends to the
//! acquirer, retries with backoff and records like any callback — so a
//! crash between the commit and the refund, or an acquirer that fails for a
//! while, still refunds, exactly once.

use crate::support::outbox::{
    assert_retry_after, assert_settled, messages_of_kind, stored_of_kind, wait_attempts,
};
use crate::support::process::GyeoljeProcess;
use crate::support::{TestServer, eventually};
use async_trait::async_trait;
use gyeolje_core::{OutboxRecord, OutboxState, PaymentId, PaymentState};
use gyeolje_payapp::PayCancel;
use gyeolje_server::seed::PAYAPP_DEMO_LINKKEY;
use gyeolje_server::startup::Parts;
use gyeolje_sim::{
    Acquirer, AcquirerError, AuthRequest, Authorization, Decline, RefundReceipt, RefundRequest,
    SimAcquirer,
};
use gyeolje_store::Store;
use gyeolje_store::testing::TestDatabase;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

const CARD: &str = "4242424242424242";
const REFUND: &str = "acquirer.refund";

fn cancel(mul_no: i64, part: Option<i64>) -> PayCancel {
    PayCancel {
        userid: "payapptest".into(),
        linkkey: PAYAPP_DEMO_LINKKEY.into(),
        mul_no,
        cancelmemo: "환불".into(),
        cancelmode_ready: false,
        partcancel: part.is_some(),
        cancelprice: part.map(crate::support::won),
    }
}

/// The refund messages of payment `mul_no` in `store`, oldest first.
async fn refunds_in(store: &dyn Store, mul_no: i64) -> Vec<OutboxRecord> {
    stored_of_kind(store, REFUND, Some(PaymentId::new(mul_no))).await
}

#[tokio::test]
async fn a_refund_committed_before_a_sigkill_is_sent_exactly_once_after_restart() {
    let db = TestDatabase::sqlite().unwrap();
    // No workers: nothing leaves the first process after its commits, so
    // the kill falls between the cancel's commit and its refund.
    let mut first = GyeoljeProcess::start("first", &db.url, &["--workers", "false"]).await;
    let mul_no = first.pay_request(&[]).await;
    first.sandbox_pay(mul_no, CARD).await;
    let client = gyeolje_payapp::PayAppClient::new(&first.base);
    client.pay_cancel(&cancel(mul_no, None)).await.unwrap();

    let store = gyeolje_store::open(&db.url).await.unwrap();
    let payment = store
        .payment(PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.state, PaymentState::Cancelled);
    let queued = refunds_in(&*store, mul_no).await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(
        (queued[0].state, queued[0].attempts),
        (OutboxState::Pending, 0)
    );
    assert_eq!(queued[0].message.channel.name(), "acquirer");
    let body: serde_json::Value = serde_json::from_str(&queued[0].message.body).unwrap();
    assert_eq!(body["amount"], 1000);
    assert_eq!(body["charged"], 1000);
    assert_eq!(body["refunded_before"], 0);
    assert_eq!(
        body["approval_no"],
        payment.approval.as_ref().unwrap().approval_no.as_str()
    );

    first.sigkill().await;
    let mut second = GyeoljeProcess::start("second", &db.url, &[]).await;
    let id = queued[0].id;
    let delivered = eventually("the refund delivered", Duration::from_secs(15), || async {
        let r = store.outbox_get(id).await.unwrap().unwrap();
        (r.state == OutboxState::Delivered).then_some(r)
    })
    .await;
    second.sigterm();
    second.wait_exit(Duration::from_secs(15)).await;

    // One message, one attempt, and it succeeded: refunded once.
    assert_eq!(delivered.attempts, 1, "{delivered:?}");
    let attempts = store.attempts(id).await.unwrap();
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    assert!(attempts[0].succeeded, "{:?}", attempts[0]);
    assert_eq!(attempts[0].target, body["approval_no"].as_str().unwrap());
    assert_eq!(refunds_in(&*store, mul_no).await.len(), 1);
}

/// An acquirer whose first `fail` refunds fail as if it were unreachable.
struct Flaky {
    inner: SimAcquirer,
    fail: u32,
    refunds: AtomicU32,
}

#[async_trait]
impl Acquirer for Flaky {
    async fn authorize(&self, req: AuthRequest) -> Result<Authorization, Decline> {
        self.inner.authorize(req).await
    }

    async fn refund(&self, req: RefundRequest) -> Result<RefundReceipt, AcquirerError> {
        let n = self.refunds.fetch_add(1, Ordering::SeqCst) + 1;
        if n <= self.fail {
            return Err(AcquirerError::Unavailable);
        }
        self.inner.refund(req).await
    }
}

#[tokio::test]
async fn an_acquirer_that_fails_twice_gets_the_refund_on_the_third_attempt() {
    let flaky = Arc::new(Flaky {
        inner: SimAcquirer::new(),
        fail: 2,
        refunds: AtomicU32::new(0),
    });
    let parts = Parts {
        acquirer: Some(flaky.clone()),
    };
    let server = TestServer::start_with_parts(|_| {}, parts).await;
    let (mul_no, _) = server.pay_request(&[]).await;
    server.sandbox_pay(mul_no, CARD).await;
    // A partial cancel: the refund is of 300 won, 0 refunded before.
    server
        .client()
        .pay_cancel(&cancel(mul_no, Some(300)))
        .await
        .unwrap();
    let id = messages_of_kind(&server, PaymentId::new(mul_no), REFUND)
        .await
        .first()
        .map(|r| r.id)
        .expect("the cancel queued its refund");

    // The refund schedule waits 5 s, then 30 s, on the business clock.
    let first = wait_attempts(&server, id, 1).await;
    assert_retry_after(&first, Duration::from_secs(5));
    server.advance_clock(5).await;
    let second = wait_attempts(&server, id, 2).await;
    assert_retry_after(&second, Duration::from_secs(30));
    server.advance_clock(30).await;
    wait_attempts(&server, id, 3).await;

    let seen = assert_settled(&server, id, OutboxState::Delivered, 3).await;
    let outcomes: Vec<bool> = seen.attempts.iter().map(|a| a.succeeded).collect();
    assert_eq!(outcomes, [false, false, true]);
    for failed in &seen.attempts[..2] {
        assert_eq!(failed.status, None);
        let error = failed.error.as_deref().unwrap_or("");
        assert!(error.contains("매입사에 연결할 수 없습니다"), "{error}");
    }
    let done = &seen.attempts[2];
    assert_eq!(done.status, Some(200));
    assert!(
        !done.response_excerpt.as_deref().unwrap_or("").is_empty(),
        "the refund number is recorded: {done:?}"
    );
    assert_eq!(flaky.refunds.load(Ordering::SeqCst), 3);
    let body: serde_json::Value = serde_json::from_str(&seen.record.message.body).unwrap();
    assert_eq!(
        (body["amount"].clone(), body["refunded_before"].clone()),
        (300.into(), 0.into())
    );
    // The payment stays paid with 700 won left; nothing else was refunded.
    let payment = server
        .app
        .store
        .payment(PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.state, PaymentState::Paid);
    assert_eq!(payment.refundable().get(), 700);
    assert_eq!(
        messages_of_kind(&server, PaymentId::new(mul_no), REFUND)
            .await
            .len(),
        1
    );
}
