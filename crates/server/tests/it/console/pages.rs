//! The console's pages over HTTP, logged in: the dashboard counts, the
//! 콜백 page and a replay (one message, then every failed one) reaching the
//! merchant again with the new attempt on the message page, secrets masked
//! there; the sandbox clock, deposit and SMS inbox; merchants created,
//! revealed, edited and disabled from the forms, with what the store holds
//! asserted after each.

use super::{failed_feedback, logged_in};
use crate::support::{TestServer, eventually};
use gyeolje_core::{MerchantId, OutboxState};
use std::time::Duration;

#[tokio::test]
async fn a_failed_callback_is_listed_replayed_and_its_new_attempt_shown() {
    let server = TestServer::start().await;
    let (sink, failed) = failed_feedback(&server).await;
    let id = failed.id.get();
    let mut c = logged_in(&server).await;

    let dashboard = c.get("/console").await;
    assert!(
        dashboard
            .body
            .contains("<span class=\"n\" id=\"count-failed\">1</span>"),
        "{}",
        dashboard.body
    );
    let paid = failed.message.payment_id.unwrap().get();
    assert!(
        dashboard
            .body
            .contains(&format!("data-payment-id=\"{paid}\" data-state=\"paid\"")),
        "the latest payments: {}",
        dashboard.body
    );
    let list = c.get("/console/callbacks").await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains(&format!(
            "id=\"message-{id}\" data-message-id=\"{id}\" data-state=\"failed\""
        )),
        "{}",
        list.body
    );
    assert!(list.body.contains(&format!("id=\"replay-{id}\"")));

    let page = c
        .post_from(
            "/console/callbacks",
            &format!("/console/callbacks/{id}/replay"),
            &[("back", &format!("/console/messages/{id}"))],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        page.location(),
        format!("/console/messages/{id}?notice=replayed")
    );
    sink.wait_for(2).await;
    let delivered = eventually(
        "the replayed feedback delivered",
        Duration::from_secs(15),
        || async {
            let r = server
                .app
                .store
                .outbox_get(failed.id)
                .await
                .unwrap()
                .unwrap();
            (r.state == OutboxState::Delivered).then_some(r)
        },
    )
    .await;
    assert_eq!(delivered.attempts, 2);

    let message = c.get(&format!("/console/messages/{id}")).await;
    assert_eq!(message.status, 200);
    for page in [&dashboard, &list, &message] {
        page.assert_csp_clean();
    }
    for want in [
        "id=\"attempt-1\" data-attempt-no=\"1\" data-succeeded=\"false\" data-status=\"200\"",
        "id=\"attempt-2\" data-attempt-no=\"2\" data-succeeded=\"true\" data-status=\"200\"",
        "data-state=\"delivered\"",
    ] {
        assert!(message.body.contains(want), "{want}: {}", message.body);
    }
    // The feedback carries the seller's linkkey and linkval: masked.
    assert!(message.body.contains("linkkey=***"), "{}", message.body);
    assert!(!message.body.contains("linkval=") || message.body.contains("linkval=***"));
    server.stop().await;
}

#[tokio::test]
async fn replay_all_makes_every_failed_message_due_again() {
    let server = TestServer::start().await;
    let (sink_a, a) = failed_feedback(&server).await;
    let (sink_b, b) = failed_feedback(&server).await;
    let mut c = logged_in(&server).await;
    let page = c
        .post_from(
            "/console/callbacks",
            "/console/callbacks/replay-failed",
            &[],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        page.location(),
        "/console/callbacks?state=pending&notice=replayed-all:2"
    );
    let shown = c.get(page.location()).await;
    assert!(shown.body.contains("2건의 재전송"), "{}", shown.body);
    sink_a.wait_for(2).await;
    sink_b.wait_for(2).await;
    for id in [a.id, b.id] {
        eventually("delivered", Duration::from_secs(15), || async {
            let r = server.app.store.outbox_get(id).await.unwrap().unwrap();
            (r.state == OutboxState::Delivered).then_some(())
        })
        .await;
    }
    server.stop().await;
}

#[tokio::test]
async fn the_sandbox_page_moves_the_clock_deposits_and_shows_sms_and_cards() {
    let server = TestServer::start().await;
    let mut c = logged_in(&server).await;
    let page = c.get("/console/sandbox").await;
    assert_eq!(page.status, 200);
    page.assert_csp_clean();
    assert!(page.body.contains("data-number=\"4242424242424242\""));
    assert!(
        page.body
            .contains("id=\"advance-5d\" data-seconds=\"432000\"")
    );

    let before = server.app.now();
    let page = c
        .post_from(
            "/console/sandbox",
            "/console/sandbox/clock",
            &[("seconds", "86400")],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(server.app.clock.offset_ms() / 1000, 86_400);
    assert!(server.app.now().as_millis() - before.as_millis() >= 86_400_000);
    let stored = server
        .app
        .store
        .setting(gyeolje_server::app::CLOCK_OFFSET_SETTING)
        .await
        .unwrap();
    assert_eq!(stored, Some(86_400_000), "shared with other processes");
    let page = c
        .post_from(
            "/console/sandbox",
            "/console/sandbox/clock",
            &[("seconds", "0")],
        )
        .await;
    assert_eq!(page.status, 400);

    // A PayApp request with its SMS, paid by virtual account, deposited here.
    let (mul_no, _) = server
        .pay_request(&[("smsuse", "y"), ("recvphone", "01055554444")])
        .await;
    let sms = c.get("/console/sandbox?phone=010-5555-4444").await;
    assert!(sms.body.contains("class=\"sms\""), "{}", sms.body);
    assert!(sms.body.contains("class=\"sms-link\""), "{}", sms.body);
    server
        .sandbox_pay_with(
            crate::support::SandboxPay::payapp(mul_no).method("vbank"),
            crate::support::Expect::AwaitingDeposit,
        )
        .await;
    let page = c
        .post_from(
            "/console/sandbox",
            "/console/sandbox/deposit",
            &[("protocol", "payapp"), ("reference", &mul_no.to_string())],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let paid = server
        .app
        .store
        .payment(gyeolje_core::PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(paid.state, gyeolje_core::PaymentState::Paid);
    // A second deposit is refused on the page, in words.
    let page = c
        .post_from(
            "/console/sandbox",
            "/console/sandbox/deposit",
            &[("protocol", "payapp"), ("reference", &mul_no.to_string())],
        )
        .await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("id=\"sandbox-error\""), "{}", page.body);
    server.stop().await;
}

#[tokio::test]
async fn without_the_sandbox_there_is_no_sandbox_page() {
    let server = TestServer::start_with(|c| c.sandbox = false).await;
    let mut c = logged_in(&server).await;
    assert_eq!(c.get("/console/sandbox").await.status, 404);
    assert!(!c.get("/console").await.body.contains("nav-sandbox"));
    server.stop().await;
}

#[tokio::test]
async fn merchants_are_created_revealed_edited_and_disabled_from_the_forms() {
    let server = TestServer::start().await;
    let mut c = logged_in(&server).await;
    let form = c.get("/console/merchants/new").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("id=\"merchant-form\""));
    form.assert_csp_clean();
    c.get("/console/merchants").await.assert_csp_clean();

    // Nothing but a name: refused, nothing stored.
    let before = server.app.store.list_merchants().await.unwrap().len();
    let page = c
        .post_from(
            "/console/merchants/new",
            "/console/merchants",
            &[("name", "빈 가맹점")],
        )
        .await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("id=\"merchant-error\""), "{}", page.body);
    assert_eq!(
        server.app.store.list_merchants().await.unwrap().len(),
        before
    );

    let page = c
        .post_from(
            "/console/merchants/new",
            "/console/merchants",
            &[
                ("name", "콘솔상점"),
                ("innopay_mid", "consolem01"),
                ("innopay_cancel_pwd", "654321"),
                ("ipay_seller_id", "consoleseller"),
                ("ipay_tickets", "TICKET-ONE\nTICKET-TWO"),
                ("ipay_site_urls", "https://shop.example.com"),
                ("callback_hosts", "shop.example.com"),
            ],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("data-revealed=\"true\""));
    // The generated LicenseKey is shown this once, the given cancelPwd too.
    let m = server
        .app
        .store
        .merchant_by_innopay_mid("consolem01")
        .await
        .unwrap()
        .expect("created");
    let inno = m.innopay.clone().unwrap();
    assert!(page.body.contains(inno.license_key.expose()));
    assert_eq!(inno.cancel_pwd.expose(), "654321");
    assert_eq!(m.callback_hosts, ["shop.example.com"]);
    assert!(
        page.body.contains("id=\"ipay-tickets\" data-count=\"2\""),
        "{}",
        page.body
    );
    assert!(!page.body.contains("TICKET-ONE"), "tickets are never shown");
    let id = m.id.get();

    // Shown again: masked, with the reveal button; revealing needs the token.
    let shown = c.get(&format!("/console/merchants/{id}")).await;
    assert!(shown.body.contains("data-revealed=\"false\""));
    assert!(!shown.body.contains(inno.license_key.expose()));
    assert!(!shown.body.contains("654321"));
    assert!(shown.body.contains("id=\"reveal\""));
    assert!(shown.body.contains("id=\"innopay-notify\""));
    shown.assert_csp_clean();
    let refused = c
        .post(&format!("/console/merchants/{id}/reveal"), &[])
        .await;
    assert_eq!(refused.status, 403);
    assert!(!refused.body.contains("654321"));
    let revealed = c
        .post_from(
            &format!("/console/merchants/{id}"),
            &format!("/console/merchants/{id}/reveal"),
            &[],
        )
        .await;
    assert_eq!(revealed.status, 200);
    assert!(revealed.body.contains("654321"));

    // Edit: a PayApp account added, the cancelPwd kept (left blank).
    let page = c
        .post_from(
            &format!("/console/merchants/{id}/edit"),
            &format!("/console/merchants/{id}"),
            &[
                ("name", "콘솔상점 본점"),
                ("innopay_mid", "consolem01"),
                ("payapp_userid", "consoleuser"),
                ("ipay_seller_id", "consoleseller"),
                ("ipay_remove_tickets", "TICKET-TWO"),
                ("callback_hosts", ""),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let m = server
        .app
        .store
        .merchant(MerchantId::new(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.name, "콘솔상점 본점");
    assert_eq!(m.payapp.as_ref().unwrap().userid, "consoleuser");
    assert_eq!(m.innopay.as_ref().unwrap().cancel_pwd.expose(), "654321");
    assert!(m.callback_hosts.is_empty(), "cleared: any host");
    assert_eq!(
        server
            .app
            .store
            .ipay_ticket_hashes(m.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let list = c.get("/console/merchants").await;
    assert!(
        list.body.contains(&format!(
            "id=\"merchant-{id}\" data-merchant-id=\"{id}\" data-payapp-userid=\"consoleuser\""
        )),
        "{}",
        list.body
    );

    // Disabled, then enabled again.
    let page = c
        .post_from(
            &format!("/console/merchants/{id}"),
            &format!("/console/merchants/{id}/disable"),
            &[],
        )
        .await;
    assert_eq!(page.status, 303);
    let m = server
        .app
        .store
        .merchant(MerchantId::new(id))
        .await
        .unwrap()
        .unwrap();
    assert!(m.is_disabled());
    assert!(
        c.get(&format!("/console/merchants/{id}"))
            .await
            .body
            .contains("id=\"merchant-disabled\"")
    );
    c.post_from(
        &format!("/console/merchants/{id}"),
        &format!("/console/merchants/{id}/enable"),
        &[],
    )
    .await;
    let m = server
        .app
        .store
        .merchant(MerchantId::new(id))
        .await
        .unwrap()
        .unwrap();
    assert!(!m.is_disabled());
    server.stop().await;
}
