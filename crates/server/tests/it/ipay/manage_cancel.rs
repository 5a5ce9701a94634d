//! Cancellation before shipping: `IpayDenySell`, and the buyer's cancel
//! request approved through `GetIpayCancelApprovalList` /
//! `IpayConfirmCancelApprovalList` — each refused in the wrong state.

use super::manage_support::{BUYER_ID, Shop, attr, attrs, rows};
use gyeolje_core::escrow::OrderState;
use gyeolje_ipay::notice::IpayNotice;
use serde_json::json;

const ITEMS: [super::manage_support::Item; 2] = [("티셔츠", "TS-1", 15000), ("양말", "SK-2", 3000)];

fn deny(order_no: i64, item: &str, reason: &str) -> Vec<(&'static str, String)> {
    vec![
        ("SellerID", "test".to_owned()),
        ("ItemID", item.to_owned()),
        ("OrderID", order_no.to_string()),
        ("DenySellReason", reason.to_owned()),
    ]
}

#[tokio::test]
async fn deny_sell_refunds_a_paid_order_and_refuses_otherwise() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let orders = shop.orders(cart_no).await;
    let (first, second) = (orders[0].order_no, orders[1].order_no);

    // Checks before anything happens: reason, item, seller.
    let r = shop
        .call("IpayDenySell", &deny(first, "TS-1", "NoReason"))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    assert!(attr(&r, "FalseMessage").contains("DenySellReason"));
    let r = shop
        .call("IpayDenySell", &deny(first, "SK-2", "RunOutOfStock"))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false", "the item of the other order");
    let mut other_seller = deny(first, "TS-1", "RunOutOfStock");
    other_seller[0].1 = "someone".into();
    let r = shop.call("IpayDenySell", &other_seller).await.unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    let r = shop
        .call("IpayDenySell", &deny(999_999, "TS-1", "RunOutOfStock"))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    assert_eq!(shop.order(first).await.state, OrderState::Paid);

    // 결제완료 → refunded, by the shop's item number or iPay's.
    let r = shop
        .call("IpayDenySell", &deny(first, "TS-1", "RunOutOfStock"))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "true", "{r:?}");
    assert_eq!(shop.order(first).await.state, OrderState::Cancelled);
    let notices = shop.wait_notices(2).await;
    let IpayNotice::Cancel(c) = &notices[1] else {
        panic!("{notices:?}");
    };
    assert_eq!((c.auction_order_no, c.cancel_price.get()), (first, 15000));

    // Shipped: too late to deny.
    shop.confirm(second).await;
    shop.ship(second).await;
    let item = orders[1].auction_item_no.clone();
    let r = shop
        .call("IpayDenySell", &deny(second, &item, "OtherReason"))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    assert!(attr(&r, "FalseMessage").contains("배송중"), "{r:?}");
    // Denying the cancelled one again is refused too.
    let r = shop
        .call("IpayDenySell", &deny(first, "TS-1", "RunOutOfStock"))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
}

fn approval(seller: &str, buyer: &str, order: &str) -> Vec<(&'static str, String)> {
    attrs(&[("SellerID", seller), ("BuyerID", buyer), ("OrderNo", order)])
}

#[tokio::test]
async fn buyer_cancel_request_is_listed_and_approved() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let orders = shop.orders(cart_no).await;
    let (first, second) = (orders[0].order_no, orders[1].order_no);

    let (status, v) = shop
        .buyer(
            first,
            "cancel-request",
            json!({"reason": "단순변심", "detail": "색상이 마음에 안 들어요"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["label"], "취소요청");

    // The second order ships; the buyer can no longer ask to cancel it.
    shop.confirm(second).await;
    shop.ship(second).await;
    let (status, v) = shop
        .buyer(second, "cancel-request", json!({"reason": "x"}))
        .await;
    assert_eq!(status, 409, "{v}");
    assert_eq!(v["outcome"], "refused");

    let list = shop.work_list("GetIpayCancelApprovalList").await;
    let found = rows(&list, "CancelApprovalT");
    assert_eq!(found.len(), 1);
    assert_eq!(attr(found[0], "OrderNo"), first.to_string());
    assert_eq!(attr(found[0], "CancReason"), "단순변심");
    assert_eq!(attr(found[0], "BuyerID"), BUYER_ID);
    assert_eq!(attr(found[0], "BuyerName"), "홍길동");
    assert!(!attr(found[0], "RecpDate").is_empty());

    // Filters: by buyer id, by a date range that excludes today.
    let by_buyer = shop
        .call(
            "GetIpayCancelApprovalList",
            &attrs(&[
                ("SearchType", "BuyerID"),
                ("SearchString", BUYER_ID),
                ("SearchDateType", "None"),
            ]),
        )
        .await
        .unwrap();
    assert_eq!(rows(&by_buyer, "CancelApprovalT").len(), 1);
    let old = shop
        .call(
            "GetIpayCancelApprovalList",
            &attrs(&[
                ("SearchType", "None"),
                ("SearchDateType", "CancelRequestDate"),
                ("FromDate", "2001-01-01"),
                ("ToDate", "2001-01-31"),
            ]),
        )
        .await
        .unwrap();
    assert!(rows(&old, "CancelApprovalT").is_empty());
    let bad = shop
        .call(
            "GetIpayCancelApprovalList",
            &attrs(&[("SearchType", "Color"), ("SearchDateType", "None")]),
        )
        .await;
    assert!(
        matches!(bad, Err(gyeolje_ipay::client::ClientError::Fault { .. })),
        "{bad:?}"
    );

    // Each documented answer.
    let order = first.to_string();
    let answer = |r: gyeolje_ipay::xml::Element| r.text.trim().to_owned();
    let cases = [
        (approval("test", BUYER_ID, "abc"), "WrongOrderNo"),
        (
            approval("other", BUYER_ID, &order),
            "DifferentRequestSellerID",
        ),
        (approval("test", BUYER_ID, "999999"), "NotExistsOrder"),
        (approval("test", "guest000", &order), "WrongRequestID"),
        (
            approval("test", BUYER_ID, &second.to_string()),
            "UnavailableCancelStatus",
        ),
        (approval("test", BUYER_ID, &order), "Success"),
        (
            approval("test", BUYER_ID, &order),
            "UnavailableCancelStatus",
        ),
    ];
    for (req, expected) in cases {
        let r = shop
            .call("IpayConfirmCancelApprovalList", &req)
            .await
            .unwrap();
        assert_eq!(answer(r), expected, "{req:?}");
    }
    assert_eq!(shop.order(first).await.state, OrderState::Cancelled);
    let notices = shop.wait_notices(2).await;
    assert!(matches!(&notices[1], IpayNotice::Cancel(c) if c.auction_order_no == first));
    let list = shop.work_list("GetIpayCancelApprovalList").await;
    assert!(rows(&list, "CancelApprovalT").is_empty());
}

/// Issue 15 (6): a buyer's cancel request of an unconfirmed order that the
/// seller leaves unanswered is approved by the clock after
/// `cancel_approve_after` (3 days): refunded, with the `ResponseType` 1
/// callback. A request of a confirmed (배송준비중) order waits for the seller.
#[tokio::test]
async fn an_unanswered_cancel_request_is_approved_after_three_days() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let orders = shop.orders(cart_no).await;
    let (first, second) = (orders[0].order_no, orders[1].order_no);
    shop.confirm(second).await;
    for order in [first, second] {
        let (status, v) = shop
            .buyer(order, "cancel-request", json!({"reason": "단순변심"}))
            .await;
        assert_eq!(status, 200, "{v}");
    }
    // Not before the period ends.
    shop.server.advance_clock(2 * 24 * 60 * 60).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(shop.order(first).await.state, OrderState::CancelRequested);

    shop.server.advance_clock(24 * 60 * 60 + 60).await;
    crate::support::eventually("취소완료", std::time::Duration::from_secs(15), || async {
        (shop.order(first).await.state == OrderState::Cancelled).then_some(())
    })
    .await;
    let notices = shop.wait_notices(2).await;
    assert!(
        notices
            .iter()
            .any(|n| matches!(n, IpayNotice::Cancel(c) if c.auction_order_no == first)),
        "{notices:?}"
    );
    let o = shop.order(first).await;
    assert_eq!(o.refunded, o.amount);
    // The confirmed order's request is still the seller's to answer.
    assert_eq!(shop.order(second).await.state, OrderState::CancelRequested);
    shop.server.stop().await;
}
