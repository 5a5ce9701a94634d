//! 결제 pages over HTTP: the list filtered and searched by any reference,
//! a payment's page with its timeline, messages and attempts, a replay from
//! there, and the operator actions (PayApp's operator cancel of an unpaid
//! request sends `pay_state=16`; a refund of a paid one) — refused without
//! the CSRF token and when the state refuses, with the stored payment
//! asserted unchanged.
//!
//! Elements: the filter form `#payments-filter` (`#filter-q`,
//! `#filter-merchant`, `#filter-protocol`, `#filter-state`, `#filter-since`,
//! `#filter-submit`); `table#payments` rows `tr.payment#payment-{id}
//! [data-payment-id][data-protocol][data-state]` with `a.payment-link`; a
//! payment: `#payment[data-payment-id][data-protocol][data-state]`,
//! `code.reference[data-name]`, `#events li.event[data-seq][data-kind]`,
//! `table#orders tr.order[data-order-no][data-state][data-cancel-requested]`,
//! `.payment-message#message-{id}[data-kind][data-state][data-attempts]`
//! with `#replay-{id}` and its `.attempt`s, the actions
//! `form#action-{name}` / `button#do-{name}[data-action]` (names:
//! `cancel-request`, `approve-cancel`, `refuse-cancel`, `cancel`; inputs
//! `#amount-cancel`, `#order-{name}`, `#reason-refuse-cancel`),
//! `#action-error`.

use super::{Page, logged_in};
use crate::support::{Reply, Sink, TestServer};
use gyeolje_core::{PaymentId, PaymentState};

async fn state(server: &TestServer, id: i64) -> PaymentState {
    let p = server.app.store.payment(PaymentId::new(id)).await.unwrap();
    p.unwrap().state
}

fn has(page: &Page, text: &str) {
    assert!(page.body.contains(text), "no {text:?} in:\n{}", page.body);
}

#[tokio::test]
async fn payments_are_listed_filtered_and_found_by_reference() {
    let server = TestServer::start().await;
    let (paid, _) = server.pay_request(&[("goodname", "콘솔 상품")]).await;
    server.sandbox_pay(paid, "4242424242424242").await;
    let (open, _) = server.pay_request(&[]).await;
    let mut c = logged_in(&server).await;

    let all = c.get("/console/payments").await;
    assert_eq!(all.status, 200);
    all.assert_csp_clean();
    has(
        &all,
        &format!(
            "id=\"payment-{paid}\" data-payment-id=\"{paid}\" data-protocol=\"payapp\" data-state=\"paid\""
        ),
    );
    has(&all, &format!("id=\"payment-{open}\""));

    let only_paid = c.get("/console/payments?state=paid&protocol=payapp").await;
    has(&only_paid, &format!("id=\"payment-{paid}\""));
    assert!(!only_paid.body.contains(&format!("id=\"payment-{open}\"")));
    let none = c.get("/console/payments?protocol=ipay").await;
    has(&none, "id=\"payments-empty\"");
    let later = c.get("/console/payments?since=2999-01-01").await;
    has(&later, "id=\"payments-empty\"");
    let bad = c.get("/console/payments?since=yesterday").await;
    has(&bad, "id=\"payments-error\"");

    // A search naming one payment opens it.
    let found = c.get(&format!("/console/payments?q={paid}")).await;
    assert_eq!(found.status, 303);
    assert_eq!(found.location(), format!("/console/payments/{paid}"));
    let page = c.get(found.location()).await;
    has(
        &page,
        &format!(
            "id=\"payment\" data-payment-id=\"{paid}\" data-protocol=\"payapp\" data-state=\"paid\""
        ),
    );
    has(&page, "data-kind=\"requested\"");
    has(&page, "data-kind=\"approved\"");
    has(&page, "콘솔 상품");
    page.assert_csp_clean();
    assert_eq!(c.get("/console/payments/999999").await.status, 404);
    server.stop().await;
}

#[tokio::test]
async fn a_payment_page_shows_each_attempt_and_replays_its_message() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    sink.script([Reply::Body(500, "busy")]);
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    sink.wait_for(1).await;
    let feedback = crate::support::outbox::newest_of_kind(&server, "payapp.feedback")
        .await
        .unwrap();
    crate::support::outbox::wait_attempts(&server, feedback.id, 1).await;
    let id = feedback.id.get();
    let mut c = logged_in(&server).await;

    let page = c.get(&format!("/console/payments/{mul_no}")).await;
    has(
        &page,
        &format!(
            "id=\"message-{id}\" data-message-id=\"{id}\" data-kind=\"payapp.feedback\" data-state=\"failed\""
        ),
    );
    has(
        &page,
        "data-attempt-no=\"1\" data-succeeded=\"false\" data-status=\"500\"",
    );
    has(&page, "busy");
    has(&page, "linkkey=***");

    let done = c
        .post_from(
            &format!("/console/payments/{mul_no}"),
            &format!("/console/callbacks/{id}/replay"),
            &[("back", &format!("/console/payments/{mul_no}"))],
        )
        .await;
    assert_eq!(done.status, 303);
    assert_eq!(
        done.location(),
        format!("/console/payments/{mul_no}?notice=replayed")
    );
    sink.wait_for(2).await;
    crate::support::outbox::wait_attempts(&server, feedback.id, 2).await;
    let page = c.get(&format!("/console/payments/{mul_no}")).await;
    has(&page, "data-attempt-no=\"2\" data-succeeded=\"true\"");
    server.stop().await;
}

#[tokio::test]
async fn operator_actions_run_from_their_buttons_and_refusals_change_nothing() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (open, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    let mut c = logged_in(&server).await;
    let page = c.get(&format!("/console/payments/{open}")).await;
    has(
        &page,
        "id=\"do-cancel-request\" data-action=\"cancel-request\"",
    );
    assert!(!page.body.contains("id=\"do-cancel\""), "unpaid: no refund");

    // Without the token: 403, still requested, nothing sent.
    let path = format!("/console/payments/{open}/actions/cancel-request");
    let refused = c.post(&path, &[]).await;
    assert_eq!(refused.status, 403);
    assert_eq!(state(&server, open).await, PaymentState::Requested);
    // An action its state refuses: said on the page, nothing changed.
    let page = c
        .post_from(
            &format!("/console/payments/{open}"),
            &format!("/console/payments/{open}/actions/cancel"),
            &[],
        )
        .await;
    assert_eq!(page.status, 409, "{}", page.body);
    has(&page, "id=\"action-error\"");
    assert_eq!(state(&server, open).await, PaymentState::Requested);

    let done = c
        .post_from(&format!("/console/payments/{open}"), &path, &[])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(state(&server, open).await, PaymentState::RequestCancelled);
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].field("pay_state"), "16");
    let page = c.get(done.location()).await;
    has(&page, "작업을 처리했습니다");
    has(&page, "data-kind=\"request_cancelled\"");
    has(&page, "id=\"actions-empty\"");

    // A paid payment refunded in part, then in full.
    let (paid, _) = server.pay_request(&[]).await;
    server.sandbox_pay(paid, "4242424242424242").await;
    let cancel = format!("/console/payments/{paid}/actions/cancel");
    let from = format!("/console/payments/{paid}");
    let bad = c.post_from(&from, &cancel, &[("amount", "abc")]).await;
    assert_eq!(bad.status, 400);
    let part = c.post_from(&from, &cancel, &[("amount", "300")]).await;
    assert_eq!(part.status, 303, "{}", part.body);
    let p = server
        .app
        .store
        .payment(PaymentId::new(paid))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (p.state, p.cancelled_amount.get()),
        (PaymentState::Paid, 300)
    );
    let rest = c.post_from(&from, &cancel, &[]).await;
    assert_eq!(rest.status, 303, "{}", rest.body);
    assert_eq!(state(&server, paid).await, PaymentState::Cancelled);
    server.stop().await;
}
