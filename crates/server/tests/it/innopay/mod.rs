//! InnoPay SMS card payment (manual 002), end to end: the JSON APIs through
//! the client crate and raw bytes, SMS and buyer page, notifications with the
//! merchant's retry settings, and the settings themselves.

mod api;
mod bad_input;
mod browser;
mod buyer_page;
mod flow;
mod guessing;
mod live_forms;
mod repeats;
mod retries;
mod settings;
mod weblink;

use crate::support::{Expect, SandboxPay, Sink, TestServer, eventually};
use gyeolje_innopay::{InnoPayClient, SmsPayReply, SmsPayRequest};
use serde_json::Value;
use std::time::Duration;

pub const MID: &str = "testpay01m";
pub const LICENSE_KEY: &str =
    "Ma29gyAFhvv/+e4/AHpV6pISQlvSKziLlbrNoXPbRS5nfTx2DOs8OJve+NzwyoaQ8p9Uy1AN4S1I0Um5v7oNUg==";

pub fn client(server: &TestServer) -> InnoPayClient {
    InnoPayClient::new(&server.base)
}

/// The manual's §2.2 example with a deadline the server accepts today
/// (empty: the default) and `moid` made unique by `suffix`.
pub fn example_request(suffix: &str, tel: &str) -> SmsPayRequest {
    SmsPayRequest {
        mid: MID.into(),
        moid: format!("test20180313{suffix}"),
        goods_name: "테스트상품".into(),
        amt: "10,004".into(),
        duty_free_amt: String::new(),
        buyer_name: "테스트".into(),
        buyer_tel: tel.into(),
        buyer_email: String::new(),
        pay_exp_date: String::new(),
        user_id: String::new(),
        svc_prdt_cd: "03".into(),
    }
}

pub async fn register(server: &TestServer, req: &SmsPayRequest) -> SmsPayReply {
    let reply = client(server).sms_pay(req).await.unwrap();
    assert_eq!(reply.result_code, "0000", "{reply:?}");
    reply
}

/// Sets the card notification setting through the authenticated endpoint.
pub async fn set_notify(server: &TestServer, url: &str, interval: u32, count: u32) {
    let resp = server
        .http
        .put(format!(
            "{}/admin/innopay/{MID}/notify-settings/card",
            server.base
        ))
        .bearer_auth(LICENSE_KEY)
        .json(&serde_json::json!({"url": url, "interval": interval, "count": count}))
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["resultCode"], "0000", "{body}");
}

/// The test merchant's order `moid`, to pay through `/sandbox/pay` (by
/// card unless changed): `server.sandbox_pay_with(pay_order(moid), Expect::…)`.
pub fn pay_order(moid: &str) -> SandboxPay {
    SandboxPay::innopay(MID, moid)
}

/// Waits for the merchant endpoint's `n`-th notification.
pub async fn notification(sink: &Sink, n: usize) -> gyeolje_innopay::Notification {
    let all = sink.wait_for(n).await;
    let body = String::from_utf8(all[n - 1].body.clone()).unwrap();
    gyeolje_innopay::Notification::parse(&body).unwrap()
}

pub async fn wait<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    eventually(what, Duration::from_secs(10), check).await
}
