//! Deposit faults: the next `count` virtual-account deposits of a merchant
//! arrive after the account's deadline. The deposit is refused (the bank
//! returns it to the buyer) and the request ends as the deadline sweep ends
//! it, as of its deadline: PayApp sends its `pay_state=32` feedback, iPay's
//! orders end 입금기한만료. The business clock does not move.

use super::{arm, listed, server_on};
use crate::ipay::manage_support::{Item, Shop};
use crate::support::{Expect, SandboxPay, Sink, TestServer};
use gyeolje_core::escrow::OrderState;
use gyeolje_core::{Payment, PaymentEvent, PaymentId, PaymentState};
use serde_json::json;

async fn payment(server: &TestServer, id: i64) -> Payment {
    server
        .app
        .store
        .payment(PaymentId::new(id))
        .await
        .unwrap()
        .unwrap()
}

async fn deposit(server: &TestServer, protocol: &str, reference: i64) -> (u16, serde_json::Value) {
    server
        .sandbox(
            "/sandbox/deposit",
            json!({"protocol": protocol, "reference": reference.to_string()}),
        )
        .await
}

async fn payapp_late_deposit(backend: &str) {
    let Some(server) = server_on(backend, "fault_deposit", |_| {}).await else {
        return;
    };
    let sink = Sink::start().await;
    let fb = sink.url("/fb");
    let (late, _) = server.pay_request(&[("feedbackurl", &fb)]).await;
    let (on_time, _) = server.pay_request(&[("feedbackurl", &fb)]).await;
    for mul_no in [late, on_time] {
        server
            .sandbox_pay_with(
                SandboxPay::payapp(mul_no).method("vbank"),
                Expect::AwaitingDeposit,
            )
            .await;
    }
    sink.wait_for(2).await;
    arm(
        &server,
        json!({"merchant":"payapptest","target":"deposit","count":1}),
    )
    .await;
    let before = server.app.now();
    let issued = payment(&server, late).await;
    assert!(issued.expires_at > before, "the account is still open");

    let (status, v) = deposit(&server, "payapp", late).await;
    assert_eq!(status, 409, "{v}");
    assert_eq!(v["outcome"], "refused", "{v}");
    let p = payment(&server, late).await;
    assert_eq!(p.state, PaymentState::Expired);
    assert_eq!(
        p.closed_at,
        Some(issued.expires_at),
        "ended as of its deadline"
    );
    let events = server.app.store.events(p.id).await.unwrap();
    assert!(matches!(
        events.last().unwrap().event,
        PaymentEvent::Expired
    ));
    assert!(
        !events
            .iter()
            .any(|e| matches!(e.event, PaymentEvent::DepositConfirmed { .. })),
        "{events:?}"
    );
    let got = sink.wait_for(3).await;
    assert_eq!(got[2].field("mul_no"), late.to_string());
    assert_eq!(got[2].field("pay_state"), "32");
    assert_eq!(listed(&server, "payapptest").await[0]["remaining"], 0);

    // The fault is spent: the other account takes its deposit.
    let (status, v) = deposit(&server, "payapp", on_time).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(payment(&server, on_time).await.state, PaymentState::Paid);
    server.stop().await;
}

#[tokio::test]
async fn a_late_payapp_deposit_expires_the_account_sqlite() {
    payapp_late_deposit("sqlite").await;
}

#[tokio::test]
async fn a_late_payapp_deposit_expires_the_account_postgres() {
    payapp_late_deposit("postgres").await;
}

const ITEMS: [Item; 1] = [("후드티", "47245950", 29800)];

#[tokio::test]
async fn a_late_ipay_deposit_ends_the_orders() {
    let shop = Shop::open().await;
    let cart_no = shop.register(&ITEMS).await;
    shop.checkout(cart_no).await;
    shop.server
        .sandbox_pay_with(
            SandboxPay::ipay(cart_no).method("vbank"),
            Expect::AwaitingDeposit,
        )
        .await;
    arm(&shop.server, json!({"merchant":"test","target":"deposit"})).await;
    let (status, v) = deposit(&shop.server, "ipay", cart_no).await;
    assert_eq!(status, 409, "{v}");
    assert_eq!(
        payment(&shop.server, cart_no).await.state,
        PaymentState::Expired
    );
    let orders = shop.orders(cart_no).await;
    assert!(!orders.is_empty());
    assert!(
        orders.iter().all(|o| o.state == OrderState::DepositExpired),
        "{orders:?}"
    );
}
