//! The whole escrow life of a two-item cart, per order line, through the
//! client crate: register → pay → completion callback → 발주확인 → 발송 →
//! buyer's decision → the clock remits → `DoIpayOrderDecisionCancel`
//! refunds → cancel callback. And the virtual-account variant with its two
//! completion callbacks.

use super::manage_support::{BUYER_ID, Shop, attr, attrs, rows};
use crate::support::{Expect, SandboxPay};
use gyeolje_core::escrow::OrderState;
use gyeolje_ipay::notice::IpayNotice;
use serde_json::json;
use std::time::Duration;

const ITEMS: [super::manage_support::Item; 2] = [
    ("무선 키보드", "KB-100", 29800),
    ("마우스 패드", "MP-7", 4500),
];

#[tokio::test]
async fn card_cart_lives_through_escrow_to_a_refund_after_remittance() {
    let shop = Shop::open().await;
    let (cart_no, paid) = shop.paid_cart(&ITEMS).await;
    let orders = paid["orders"].as_array().unwrap().clone();
    assert_eq!(orders.len(), 2, "{paid}");
    let pay_no = paid["pay_no"].as_i64().unwrap();

    // The completion callback names both orders.
    let notices = shop.wait_notices(1).await;
    let IpayNotice::Completion(done) = &notices[0] else {
        panic!("expected a completion notice, got {notices:?}");
    };
    assert_eq!(done.ipay_cart_no, cart_no);
    assert_eq!(done.auction_pay_no, pay_no);
    assert!(done.pay_date.is_some());
    let order_nos: Vec<i64> = orders
        .iter()
        .map(|o| o["order_no"].as_i64().unwrap())
        .collect();
    assert_eq!(done.auction_order_nos, order_nos);

    // The seller pulls the orders by pay number.
    let list = shop
        .call(
            "GetIpayPaidOrderList",
            &attrs(&[("DurationType", "Nothing"), ("SearchType", "PayNo")])
                .into_iter()
                .chain([("SearchValue", pay_no.to_string())])
                .collect::<Vec<_>>(),
        )
        .await
        .unwrap();
    let found = rows(&list, "GetOrderListResponseT");
    assert_eq!(found.len(), 2);
    assert_eq!(attr(found[0], "OrderStatus"), "결제완료");
    assert_eq!(attr(found[0], "BuyerID"), BUYER_ID);
    assert_eq!(attr(found[0], "ItemCode"), "KB-100");
    assert_eq!(attr(found[1], "AwardAmount"), "4500");

    for (i, order_no) in order_nos.iter().copied().enumerate() {
        shop.confirm(order_no).await;
        let shipped = shop.ship(order_no).await;
        assert_eq!(
            attr(&shipped, "DoShippingGeneralResponseType"),
            "Success",
            "{shipped:?}"
        );
        let (status, v) = shop.buyer(order_no, "decide", json!({})).await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["label"], "구매결정");

        // Refunding before the remittance is refused in the Fail form.
        let early = shop
            .call(
                "DoIpayOrderDecisionCancel",
                &[("OrderNo", order_no.to_string())],
            )
            .await
            .unwrap();
        assert_eq!(attr(&early, "DecisionCancelResponseType"), "Fail");
        assert!(attr(&early, "FailWithResponse").contains("구매결정"));

        // Two days later the schedule worker pays the seller out.
        shop.server.advance_clock(3 * 24 * 60 * 60).await;
        crate::support::eventually("송금완료", Duration::from_secs(15), || async {
            (shop.order(order_no).await.state == OrderState::Remitted).then_some(())
        })
        .await;

        let refund = shop
            .call(
                "DoIpayOrderDecisionCancel",
                &[("OrderNo", order_no.to_string())],
            )
            .await
            .unwrap();
        assert_eq!(
            attr(&refund, "DecisionCancelResponseType"),
            "Success",
            "{refund:?}"
        );
        assert_eq!(attr(&refund, "FailWithResponse"), "");
        assert_eq!(shop.order(order_no).await.state, OrderState::Refunded);

        // §3.1.8: the cancel callback for this line.
        let notices = shop.wait_notices(2 + i).await;
        let IpayNotice::Cancel(cancel) = &notices[1 + i] else {
            panic!("expected a cancel notice, got {notices:?}");
        };
        assert_eq!(cancel.auction_order_no, order_no);
        assert_eq!(cancel.ipay_cart_no, cart_no);
        assert_eq!(cancel.ipay_item_no, ITEMS[i].1);
        // The cart's shipping fee goes back with the last order refunded.
        let shipping = if i + 1 == ITEMS.len() { 2500 } else { 0 };
        assert_eq!(cancel.cancel_price.get(), ITEMS[i].2 + shipping);
    }

    // A second refund of the same order is a Fail.
    let again = shop
        .call(
            "DoIpayOrderDecisionCancel",
            &[("OrderNo", order_nos[0].to_string())],
        )
        .await
        .unwrap();
    assert_eq!(attr(&again, "DecisionCancelResponseType"), "Fail");
    let payment = shop
        .server
        .app
        .store
        .payment(gyeolje_core::PaymentId::new(cart_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.cancelled_amount.get(), 29800 + 4500 + 2500);
}

#[tokio::test]
async fn virtual_account_cart_sends_two_completion_callbacks() {
    let shop = Shop::open().await;
    let cart_no = shop.register(&ITEMS).await;
    shop.checkout(cart_no).await;
    let issued = shop
        .server
        .sandbox_pay_with(
            SandboxPay::ipay(cart_no).method("vbank"),
            Expect::AwaitingDeposit,
        )
        .await;
    assert_eq!(issued["orders"][0]["label"], "입금대기");
    assert!(issued["pay_no"].as_i64().is_some());

    let first = shop.wait_notices(1).await;
    let IpayNotice::Completion(on_issue) = &first[0] else {
        panic!("{first:?}");
    };
    assert_eq!(on_issue.pay_date, None, "issued, not paid yet");
    assert!(!on_issue.account_numb.is_empty());

    // Shipping an order not paid yet is refused in the Fail form.
    let order_no = issued["orders"][0]["order_no"].as_i64().unwrap();
    let early = shop.ship(order_no).await;
    assert_eq!(attr(&early, "DoShippingGeneralResponseType"), "Fail");
    assert!(attr(&early, "FailReason").contains("입금대기"), "{early:?}");

    let (status, deposited) = shop
        .server
        .sandbox(
            "/sandbox/deposit",
            json!({"protocol": "ipay", "reference": cart_no.to_string()}),
        )
        .await;
    assert_eq!(status, 200, "{deposited}");
    assert_eq!(deposited["orders"][0]["label"], "결제완료");
    assert_eq!(deposited["orders"][1]["label"], "결제완료");

    let both = shop.wait_notices(2).await;
    let IpayNotice::Completion(on_deposit) = &both[1] else {
        panic!("{both:?}");
    };
    assert!(on_deposit.pay_date.is_some());
    assert_eq!(on_deposit.auction_order_nos, on_issue.auction_order_nos);
    assert_eq!(on_deposit.account_numb, on_issue.account_numb);
}
