//! The console in headless Chromium (`support::browser`): log in, see the
//! dashboard, replay a failed callback from the 콜백 page and see its new
//! attempt on the message page, look at the sandbox page on a phone-sized
//! window, log out (and find the session gone). Screenshots land in
//! `target/test-artifacts/console-*.png`.
//!
//! Elements the tests target (stable ids and data attributes):
//! - login: `#login-form`, `#password`, `#login-submit`, `#login-error`
//! - every page: `#nav` with `#nav-dashboard`, `#nav-merchants`,
//!   `#nav-payments`, `#nav-callbacks`, `#nav-sandbox` (sandbox only);
//!   `#logout-form` / `#logout`; `#notice` after an action
//! - dashboard: `#dashboard`, `#count-failed`, `#count-pending`,
//!   `#count-delivered`, `#count-merchants`, `#business-now`
//! - 콜백: tabs `#tab-failed`, `#tab-pending`, `#tab-delivered`;
//!   `table#messages` rows `tr.message#message-{id}[data-message-id]
//!   [data-state][data-kind][data-attempts]`, each with
//!   `button#replay-{id}.replay`; `#replay-all-form` / `#replay-all`
//! - a message: `#message[data-message-id][data-state]`, `#replay`,
//!   `#attempt-count`, `.attempt#attempt-{n}[data-attempt-no]
//!   [data-succeeded][data-status]` with `.attempt-request`,
//!   `.attempt-response`, `.attempt-error`
//! - 가맹점: `#merchant-new`; `table#merchants` rows `tr.merchant#merchant-{id}
//!   [data-merchant-id][data-payapp-userid][data-innopay-mid]
//!   [data-ipay-seller-id][data-disabled]`; the form `#merchant-form` with
//!   inputs named and id'd as the CLI flags (`#name`, `#payapp_userid`,
//!   `#payapp_linkkey`, `#payapp_linkval`, `#common_feedbackurl`,
//!   `#innopay_mid`, `#innopay_license_key`, `#innopay_cancel_pwd`,
//!   `#innopay_pg_mid_manual`, `#innopay_pg_mid_auth`, `#ipay_seller_id`,
//!   `#ipay_tickets`, `#ipay_remove_tickets`, `#ipay_site_urls`,
//!   `#callback_hosts`), `#merchant-submit`, `#merchant-error`; a merchant:
//!   `#merchant[data-merchant-id][data-revealed]`, `#merchant-edit`,
//!   `#reveal`, `#disable`, `#enable`, `#payapp-linkkey`, `#innopay-mid`,
//!   `#innopay-license-key`, `#innopay-cancel-pwd`, `#ipay-tickets[data-count]`
//! - 샌드박스: `#clock-now`, `#advance-1h`, `#advance-1d`, `#advance-5d`
//!   (`[data-seconds]`), `#deposit-form` (`#deposit-protocol`,
//!   `#deposit-merchant`, `#deposit-reference`, `#deposit-submit`),
//!   `#sms-form` / `#sms-phone`, `table#sms tr.sms[data-phone]` with
//!   `a.sms-link`, `table#test-cards tr.test-card[data-number]`
//! - 결제: see the list at the top of `payments.rs`.

use super::{PASSWORD, failed_feedback, set_password};
use crate::support::TestServer;
use crate::support::browser::{screenshot, wait_for, with_browser};
use fantoccini::{Client, Locator};
use gyeolje_core::OutboxState;

async fn click(client: &Client, css: &str) {
    wait_for(client, css).await.click().await.unwrap();
}

async fn text_of(client: &Client, css: &str) -> String {
    wait_for(client, css).await.text().await.unwrap()
}

/// Waits until the element's attribute has the value (the page reloads
/// after a POST, so each look finds the element afresh).
async fn wait_attr(client: &Client, css: &str, attr: &str, want: &str) {
    let deadline = tokio::time::Instant::now() + crate::support::browser::PATIENCE;
    loop {
        if let Ok(e) = client.find(Locator::Css(css)).await
            && e.attr(attr).await.ok().flatten().as_deref() == Some(want)
        {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{css} never had {attr}={want}"
        );
        client.refresh().await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_operator_logs_in_replays_a_failed_callback_and_logs_out() {
    let server = TestServer::start().await;
    let (_sink, failed) = failed_feedback(&server).await;
    set_password(&server, PASSWORD).await;
    let base = server.base.clone();
    let id = failed.id.get();

    with_browser("console::replay", move |client| async move {
        client.goto(&format!("{base}/console")).await.unwrap();
        // Sent to the login page first.
        wait_for(&client, "#login-form").await;
        wait_for(&client, "#password")
            .await
            .send_keys("wrong-password")
            .await
            .unwrap();
        click(&client, "#login-submit").await;
        assert!(
            text_of(&client, "#login-error")
                .await
                .contains("맞지 않습니다")
        );
        wait_for(&client, "#password")
            .await
            .send_keys(PASSWORD)
            .await
            .unwrap();
        screenshot(&client, "console-login.png").await;
        click(&client, "#login-submit").await;

        wait_for(&client, "#dashboard").await;
        assert_eq!(text_of(&client, "#count-failed").await, "1");
        screenshot(&client, "console-dashboard.png").await;

        click(&client, "#nav-callbacks").await;
        let row = wait_for(&client, &format!("tr#message-{id}")).await;
        assert_eq!(
            row.attr("data-state").await.unwrap().as_deref(),
            Some("failed")
        );
        screenshot(&client, "console-callbacks.png").await;
        click(&client, &format!("#replay-{id}")).await;
        assert!(text_of(&client, "#notice").await.contains("재전송"));

        // Delivered now: it moves to the 완료 tab, and its page has the new attempt.
        click(&client, "#tab-delivered").await;
        wait_attr(
            &client,
            &format!("tr#message-{id}"),
            "data-state",
            "delivered",
        )
        .await;
        click(&client, &format!("#message-{id} a.message-link")).await;
        wait_attr(&client, "#message", "data-state", "delivered").await;
        assert_eq!(text_of(&client, "#attempt-count").await, "2");
        let second = wait_for(&client, "#attempt-2").await;
        assert_eq!(
            second.attr("data-succeeded").await.unwrap().as_deref(),
            Some("true")
        );
        screenshot(&client, "console-message.png").await;

        // Its payment, with the timeline and both attempts.
        click(&client, "#message-payment").await;
        wait_for(&client, "#payment").await;
        wait_for(&client, "#events li.event[data-kind='approved']").await;
        let on_payment = wait_for(&client, &format!(".payment-message#message-{id}")).await;
        assert_eq!(
            on_payment.attr("data-attempts").await.unwrap().as_deref(),
            Some("2")
        );
        screenshot(&client, "console-payment.png").await;
        click(&client, "#nav-merchants").await;
        wait_for(&client, "table#merchants").await;
        screenshot(&client, "console-merchants.png").await;

        // The sandbox page on a phone-sized window.
        client.set_window_size(390, 1400).await.unwrap();
        click(&client, "#nav-sandbox").await;
        wait_for(&client, "#test-cards").await;
        let before = text_of(&client, "#clock-now").await;
        click(&client, "#advance-1d").await;
        assert!(text_of(&client, "#notice").await.contains("업무 시각"));
        assert_ne!(text_of(&client, "#clock-now").await, before);
        screenshot(&client, "console-sandbox-phone.png").await;

        click(&client, "#logout").await;
        wait_for(&client, "#login-form").await;
        client
            .goto(&format!("{base}/console/callbacks"))
            .await
            .unwrap();
        wait_for(&client, "#login-form").await;
    })
    .await;

    // Without a browser the test was skipped and nothing was replayed.
    let r = server
        .app
        .store
        .outbox_get(failed.id)
        .await
        .unwrap()
        .unwrap();
    if r.attempts > 1 {
        assert_eq!(r.state, OutboxState::Delivered);
    }
    server.stop().await;
}

#[tokio::test]
async fn an_operator_creates_an_innopay_merchant_from_the_form() {
    let server = TestServer::start().await;
    set_password(&server, PASSWORD).await;
    let base = server.base.clone();

    with_browser("console::merchant_form", move |client| async move {
        client.goto(&format!("{base}/console/login")).await.unwrap();
        wait_for(&client, "#password")
            .await
            .send_keys(PASSWORD)
            .await
            .unwrap();
        click(&client, "#login-submit").await;
        wait_for(&client, "#dashboard").await;
        click(&client, "#nav-merchants").await;
        click(&client, "#merchant-new").await;
        client.set_window_size(1000, 1500).await.unwrap();
        for (css, text) in [
            ("#name", "브라우저상점"),
            ("#innopay_mid", "browserm01"),
            ("#callback_hosts", "shop.example.com"),
        ] {
            wait_for(&client, css).await.send_keys(text).await.unwrap();
        }
        screenshot(&client, "console-merchant-new.png").await;
        click(&client, "#merchant-submit").await;
        let page = wait_for(&client, "#merchant").await;
        assert_eq!(
            page.attr("data-revealed").await.unwrap().as_deref(),
            Some("true")
        );
        assert_eq!(text_of(&client, "#innopay-mid").await, "browserm01");
        let key = text_of(&client, "#innopay-license-key").await;
        assert!(key.len() > 20 && !key.contains('*'), "{key}");
        screenshot(&client, "console-merchant-created.png").await;
        // Shown again later: masked.
        click(&client, "#nav-merchants").await;
        click(
            &client,
            "tr.merchant[data-innopay-mid='browserm01'] a.merchant-link",
        )
        .await;
        assert!(text_of(&client, "#innopay-license-key").await.contains('*'));
    })
    .await;
    server.stop().await;
}
