//! Two `gyeolje` processes on one PostgreSQL database: a merchant clock
//! advanced through one is the time of the next command on the other.

use super::CARD;
use crate::support::process::GyeoljeProcess;
use crate::support::sandbox_pay::post;
use crate::support::{Expect, SandboxPay};
use gyeolje_core::{PaymentId, PaymentState};
use gyeolje_store::testing::TestDatabase;
use serde_json::{Value, json};

#[tokio::test]
async fn a_merchant_clock_advanced_on_one_node_is_the_time_on_the_other() {
    let Some(db) = TestDatabase::postgres("merchant_clock_nodes").await else {
        return;
    };
    let (node_a, node_b) = tokio::join!(
        GyeoljeProcess::start("A", &db.url, &[]),
        GyeoljeProcess::start("B", &db.url, &[]),
    );
    let (a, b) = (node_a.api(), node_b.api());
    // Merchant X's request (created on A) and another merchant's clock
    // for comparison: testpay01m stays on the shared clock.
    let (reply, text) = a.try_pay_request(&[]).await;
    let get = |k| gyeolje_payapp::codec::reply_value(&reply, k).unwrap_or("");
    assert_eq!(get("state"), "1", "{text}");
    let mul_no: i64 = get("mul_no").parse().unwrap();
    let payurl = get("payurl").to_owned();

    let advanced: Value = a
        .http
        .post(format!("{}/sandbox/clock/advance", a.base))
        .json(&json!({"merchant": "payapptest", "seconds": 40 * 86_400}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(advanced["own_clock"], true, "{advanced}");

    // At once on B: paying X's request is refused as expired …
    let body = SandboxPay::payapp(mul_no).card(CARD);
    let refused = post(&b.http, &b.base, "B: ", &body, Expect::Refused).await;
    assert_eq!(refused["error"], "결제 가능 기간이 지났습니다", "{refused}");
    // … the buyer's page on B says the payment period is over …
    let page = b
        .http
        .get(&payurl)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("결제 가능 기간이 지났습니다"), "{page}");
    // … and the store holds the request as expired.
    let store = gyeolje_store::open(&db.url).await.unwrap();
    let p = store
        .payment(PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.state, PaymentState::Expired);

    // B reports X's clock as A left it; the shared clock did not move.
    let clock = |base: String, query: &'static str| {
        let http = b.http.clone();
        async move {
            let v: Value = http
                .get(format!("{base}/sandbox/clock{query}"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v
        }
    };
    let x_on_b = clock(b.base.clone(), "?merchant=payapptest").await;
    assert_eq!(x_on_b["own_clock"], true, "{x_on_b}");
    assert_eq!(x_on_b["offset_seconds"], 40 * 86_400, "{x_on_b}");
    let shared_on_b = clock(b.base.clone(), "").await;
    assert_eq!(shared_on_b["offset_seconds"], 0, "{shared_on_b}");
    let other_on_a = clock(a.base.clone(), "?merchant=testpay01m").await;
    assert_eq!(other_on_a["own_clock"], false, "{other_on_a}");
    drop((node_a, node_b));
    db.cleanup().await;
}
