//! The InnoPay operator story in headless Chromium, end to end with a
//! merchant made in the console: create it from the form (its LicenseKey
//! generated and shown once), register an order with its own credentials
//! through `smsPayApi`, pay it, find it in the console by its `moid`, see
//! the §4.2 `status=25` notification's failed attempt, replay it and see
//! the new attempt delivered, log out. Screenshots:
//! `target/test-artifacts/console-innopay-*.png`.

use super::{PASSWORD, set_password};
use crate::support::browser::{PATIENCE, screenshot, wait_for, with_browser};
use crate::support::sandbox_pay::post as sandbox_pay;
use crate::support::{Expect, Reply, SandboxPay, Sink, TestServer};
use fantoccini::{Client, Locator};
use gyeolje_innopay::{InnoPayClient, SmsPayRequest};
use std::time::Duration;

const MID: &str = "consolem7";
const MOID: &str = "console-order-0001";

async fn click(client: &Client, css: &str) {
    wait_for(client, css).await.click().await.unwrap();
}

async fn text_of(client: &Client, css: &str) -> String {
    wait_for(client, css).await.text().await.unwrap()
}

/// Reloads until `css` has `attr` = `want`.
async fn reload_until(client: &Client, css: &str, attr: &str, want: &str) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
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
        tokio::time::sleep(Duration::from_millis(100)).await;
        client.refresh().await.unwrap();
    }
}

fn order() -> SmsPayRequest {
    SmsPayRequest {
        mid: MID.into(),
        moid: MOID.into(),
        goods_name: "콘솔상품".into(),
        amt: "12,000".into(),
        duty_free_amt: String::new(),
        buyer_name: "구매자".into(),
        buyer_tel: "010-2222-3333".into(),
        buyer_email: String::new(),
        pay_exp_date: String::new(),
        user_id: String::new(),
        svc_prdt_cd: "03".into(),
    }
}

#[tokio::test]
async fn an_innopay_merchant_made_in_the_console_is_paid_notified_and_replayed() {
    let server = TestServer::start().await;
    set_password(&server, PASSWORD).await;
    let sink = Sink::start().await;
    sink.answer_by_default("0000");
    sink.script([Reply::Body(200, "FAIL")]);
    let base = server.base.clone();
    let notify_url = sink.url("/innopay/noti");
    let watched = sink.clone();

    with_browser("console::innopay", move |client| async move {
        let http = reqwest::Client::new();
        client.goto(&format!("{base}/console/login")).await.unwrap();
        wait_for(&client, "#password")
            .await
            .send_keys(PASSWORD)
            .await
            .unwrap();
        click(&client, "#login-submit").await;
        wait_for(&client, "#dashboard").await;

        // The merchant, from the form; its generated LicenseKey shown once.
        click(&client, "#nav-merchants").await;
        click(&client, "#merchant-new").await;
        wait_for(&client, "#name")
            .await
            .send_keys("콘솔 InnoPay 상점")
            .await
            .unwrap();
        wait_for(&client, "#innopay_mid")
            .await
            .send_keys(MID)
            .await
            .unwrap();
        click(&client, "#merchant-submit").await;
        let license_key = text_of(&client, "#innopay-license-key").await;
        assert!(!license_key.contains('*'), "{license_key}");

        // The shop's side, with only those credentials: its §4.4 setting,
        // an order through smsPayApi, the buyer paying.
        let resp = http
            .put(format!("{base}/admin/innopay/{MID}/notify-settings/card"))
            .bearer_auth(&license_key)
            .json(&serde_json::json!({"url": notify_url, "interval": 1, "count": 3}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            resp.status().as_u16(),
            200,
            "{}",
            resp.text().await.unwrap()
        );
        let reply = InnoPayClient::new(&base).sms_pay(&order()).await.unwrap();
        assert_eq!(reply.result_code, "0000", "{reply:?}");
        sandbox_pay(
            &http,
            &base,
            "",
            &SandboxPay::innopay(MID, MOID),
            Expect::Approved,
        )
        .await;
        watched.wait_for(1).await;

        // Found in the console by its moid; the notification's first attempt failed.
        click(&client, "#nav-payments").await;
        wait_for(&client, "#filter-q")
            .await
            .send_keys(MOID)
            .await
            .unwrap();
        click(&client, "#filter-submit").await;
        wait_for(
            &client,
            "#payment[data-protocol='innopay'][data-state='paid']",
        )
        .await;
        let css = ".payment-message[data-kind='innopay.notification']";
        reload_until(&client, css, "data-attempts", "1").await;
        let message = wait_for(&client, css).await;
        let id = message.attr("data-message-id").await.unwrap().unwrap();
        let first = text_of(&client, &format!("#message-{id} .attempt-request")).await;
        assert!(first.contains("status=25"), "{first}");
        assert!(first.contains(&format!("moid={MOID}")), "{first}");
        assert!(
            text_of(&client, &format!("#message-{id} .attempt-response"))
                .await
                .contains("FAIL")
        );
        screenshot(&client, "console-innopay-payment.png").await;

        click(&client, &format!("#replay-{id}")).await;
        assert!(text_of(&client, "#notice").await.contains("재전송"));
        reload_until(
            &client,
            &format!("#message-{id}"),
            "data-state",
            "delivered",
        )
        .await;
        let second = wait_for(
            &client,
            &format!("#message-{id} .attempt[data-attempt-no='2']"),
        )
        .await;
        assert_eq!(
            second.attr("data-succeeded").await.unwrap().as_deref(),
            Some("true")
        );
        screenshot(&client, "console-innopay-replayed.png").await;

        click(&client, "#logout").await;
        wait_for(&client, "#login-form").await;
    })
    .await;
    server.stop().await;
}
