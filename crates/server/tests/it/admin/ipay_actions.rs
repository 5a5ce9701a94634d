//! Operator actions on iPay carts, as the seller's back office: a buyer's
//! cancel request approved (the refund and the `ResponseType` 1 callback
//! `IpayConfirmCancelApprovalList` causes) or refused (the order goes
//! back; no callback), and an order cancelled by the operator.

use super::{TOKEN, act, api_show, messages_of};
use crate::ipay::manage_support::{Item, Shop};
use gyeolje_core::Secret;
use gyeolje_core::escrow::OrderState;
use gyeolje_ipay::notice::IpayNotice;
use serde_json::json;

const ITEMS: [Item; 2] = [("티셔츠", "TS-1", 15000), ("양말", "SK-2", 3000)];

async fn shop() -> Shop {
    Shop::open_with(|c| c.admin_token = Some(Secret::new(TOKEN))).await
}

#[tokio::test]
async fn approving_a_buyer_cancel_request_refunds_and_calls_back() {
    let shop = shop().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let orders = shop.orders(cart_no).await;
    let (first, second) = (orders[0].order_no, orders[1].order_no);
    let cart = cart_no.to_string();
    shop.wait_notices(1).await;
    // No order has a cancel request to approve yet.
    let v = act(&shop.server, &cart, "approve-cancel", json!(null), 409).await;
    assert_eq!(
        v["error"]["message"],
        format!("no order of cart {cart_no} accepts approve-cancel now")
    );
    let (status, v) = shop
        .buyer(first, "cancel-request", json!({"reason": "단순변심"}))
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        api_show(&shop.server, &cart).await["actions"],
        json!(["approve-cancel", "refuse-cancel", "cancel"])
    );
    // The other order has no request to approve.
    let v = act(
        &shop.server,
        &cart,
        "approve-cancel",
        json!({"order_no": second}),
        409,
    )
    .await;
    assert!(
        v["error"]["message"].as_str().unwrap().contains("결제완료"),
        "{v}"
    );

    let v = act(&shop.server, &cart, "approve-cancel", json!(null), 200).await;
    assert_eq!(
        v["orders"],
        json!([{"order_no": first, "state": "cancelled", "label": "취소완료"}])
    );
    assert_eq!(v["payment"]["cancelled_amount"], 15000);
    assert_eq!(shop.order(first).await.state, OrderState::Cancelled);
    assert_eq!(shop.order(second).await.state, OrderState::Paid);
    let notices = shop.wait_notices(2).await;
    let IpayNotice::Cancel(c) = &notices[1] else {
        panic!("{notices:?}");
    };
    assert_eq!((c.auction_order_no, c.cancel_price.get()), (first, 15000));
    let raw = shop.sink.received();
    let body = String::from_utf8_lossy(&raw[1].body);
    assert!(body.contains("<ResponseType>1</ResponseType>"), "{body}");
    let d = api_show(&shop.server, &cart).await;
    assert_eq!(messages_of(&d, "acquirer.refund").len(), 1);
    assert_eq!(messages_of(&d, "ipay.cancel").len(), 1);
    assert_eq!(d["orders"][0]["label"], "취소완료");
    shop.server.stop().await;
}

#[tokio::test]
async fn refusing_a_cancel_request_sends_the_order_back_without_a_callback() {
    let shop = shop().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let first = shop.orders(cart_no).await[0].order_no;
    let cart = cart_no.to_string();
    shop.confirm(first).await;
    let (status, v) = shop
        .buyer(first, "cancel-request", json!({"reason": "단순변심"}))
        .await;
    assert_eq!(status, 200, "{v}");
    let v = act(
        &shop.server,
        &cart,
        "refuse-cancel",
        json!({"order_no": first, "reason": "이미 포장했습니다"}),
        200,
    )
    .await;
    assert_eq!(v["orders"][0]["state"], "preparing");
    let order = shop.order(first).await;
    assert_eq!(order.state, OrderState::Preparing);
    let refusal = order.cancel_request.and_then(|r| r.refusal);
    assert_eq!(refusal.as_deref(), Some("이미 포장했습니다"));
    // Nothing to send: no cancel callback and no refund is stored.
    let d = api_show(&shop.server, &cart).await;
    assert!(messages_of(&d, "ipay.cancel").is_empty(), "{d}");
    assert!(messages_of(&d, "acquirer.refund").is_empty(), "{d}");
    assert_eq!(d["cancelled_amount"], 0);
    let v = act(&shop.server, &cart, "refuse-cancel", json!(null), 409).await;
    assert_eq!(v["error"]["code"], "conflict");
    shop.server.stop().await;
}

#[tokio::test]
async fn cancel_refunds_an_order_with_the_cancel_callback() {
    let shop = shop().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let orders = shop.orders(cart_no).await;
    let (first, second) = (orders[0].order_no, orders[1].order_no);
    let cart = cart_no.to_string();
    shop.wait_notices(1).await;
    let v = act(&shop.server, &cart, "cancel", json!({"amount": 100}), 400).await;
    assert!(
        v["error"]["message"].as_str().unwrap().contains("order_no"),
        "{v}"
    );
    shop.confirm(second).await;
    shop.ship(second).await;
    // A shipped order cannot be cancelled by the operator.
    let v = act(
        &shop.server,
        &cart,
        "cancel",
        json!({"order_no": second}),
        409,
    )
    .await;
    assert!(
        v["error"]["message"].as_str().unwrap().contains("배송중"),
        "{v}"
    );

    let v = act(&shop.server, &cart, "cancel", json!(null), 200).await;
    assert_eq!(
        v["orders"],
        json!([{"order_no": first, "state": "cancelled", "label": "취소완료"}])
    );
    let notices = shop.wait_notices(2).await;
    let IpayNotice::Cancel(c) = &notices[1] else {
        panic!("{notices:?}");
    };
    assert_eq!((c.auction_order_no, c.cancel_price.get()), (first, 15000));
    assert_eq!(shop.order(second).await.state, OrderState::Shipping);
    let d = api_show(&shop.server, &cart).await;
    assert_eq!(d["actions"], json!([]));
    shop.server.stop().await;
}
