//! Returns (approve, hold, by the seller) and exchanges (list, detail,
//! shipping again), each refused in the wrong state.

use super::manage_support::{BUYER_ID, Shop, attr, attrs, rows};
use gyeolje_core::escrow::OrderState;
use gyeolje_ipay::client::ClientError;
use gyeolje_ipay::notice::IpayNotice;
use serde_json::json;

const ITEMS: [super::manage_support::Item; 3] = [
    ("운동화", "SH-1", 59000),
    ("모자", "CP-2", 12000),
    ("가방", "BG-3", 33000),
];

fn seller_order(order_no: i64) -> Vec<(&'static str, String)> {
    vec![
        ("SellerID", "test".to_owned()),
        ("OrderNo", order_no.to_string()),
    ]
}

fn with(
    mut base: Vec<(&'static str, String)>,
    k: &'static str,
    v: &str,
) -> Vec<(&'static str, String)> {
    base.push((k, v.to_owned()));
    base
}

#[tokio::test]
async fn returns_are_held_approved_and_requested_by_the_seller() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let nos: Vec<i64> = shop
        .orders(cart_no)
        .await
        .iter()
        .map(|o| o.order_no)
        .collect();

    // Not shipped yet: neither the buyer nor the seller can ask a return.
    let (status, _) = shop
        .buyer(nos[0], "return-request", json!({"reason": "파손"}))
        .await;
    assert_eq!(status, 409);
    let r = shop
        .call(
            "DoIpayReturnRequestBySeller",
            &with(seller_order(nos[1]), "ReturnReason", "오배송"),
        )
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    assert!(attr(&r, "FalseMessage").contains("결제완료"), "{r:?}");

    for n in &nos {
        shop.confirm(*n).await;
        shop.ship(*n).await;
    }
    let (status, v) = shop
        .buyer(
            nos[0],
            "return-request",
            json!({"reason": "파손", "detail": "밑창이 떨어짐"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["label"], "반품요청");
    let r = shop
        .call(
            "DoIpayReturnRequestBySeller",
            &with(
                with(seller_order(nos[1]), "ReturnReason", "오배송"),
                "ReturnReasonDetail",
                "다른 색상",
            ),
        )
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "true", "{r:?}");
    // A reason is required; another seller id is refused.
    let r = shop
        .call(
            "DoIpayReturnRequestBySeller",
            &with(seller_order(nos[2]), "ReturnReason", " "),
        )
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    let mut wrong = with(seller_order(nos[2]), "ReturnReason", "x");
    wrong[0].1 = "other".into();
    let r = shop
        .call("DoIpayReturnRequestBySeller", &wrong)
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");

    let list = shop.work_list("GetIpayReturnList").await;
    let found = rows(&list, "ReturnList");
    assert_eq!(found.len(), 2);
    assert_eq!(attr(found[0], "ReturnReason"), "파손");
    assert_eq!(attr(found[0], "ReturnReasonDetail"), "밑창이 떨어짐");
    assert_eq!(attr(found[0], "ReturnStatus"), "반품요청");
    assert_eq!(attr(found[1], "ReturnReason"), "오배송");
    assert_eq!(attr(found[1], "BuyerID"), BUYER_ID);

    // Hold the first (a reason is needed), then approve it.
    let r = shop
        .call(
            "DoIpayReturnHold",
            &with(seller_order(nos[0]), "HoldReason", ""),
        )
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    let r = shop
        .call(
            "DoIpayReturnHold",
            &with(seller_order(nos[0]), "HoldReason", "상품 미회수"),
        )
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "true", "{r:?}");
    let held = shop
        .call(
            "GetIpayReturnList",
            &attrs(&[
                ("SearchType", "OrderNo"),
                ("SearchString", &nos[0].to_string()),
                ("SearchDateType", "None"),
            ]),
        )
        .await
        .unwrap();
    assert_eq!(
        attr(rows(&held, "ReturnList")[0], "ReturnStatus"),
        "반품보류"
    );
    // Holding twice is refused (반품보류 only approves or decides).
    let r = shop
        .call(
            "DoIpayReturnHold",
            &with(seller_order(nos[0]), "HoldReason", "또"),
        )
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");

    let r = shop
        .call("DoIpayReturnApproval", &seller_order(nos[0]))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "true", "{r:?}");
    assert_eq!(shop.order(nos[0]).await.state, OrderState::Returned);
    let notices = shop.wait_notices(2).await;
    assert!(
        matches!(&notices[1], IpayNotice::Cancel(c) if c.auction_order_no == nos[0] && c.cancel_price.get() == 59000),
        "{notices:?}"
    );
    // The third order is shipping, not returned: approval refused.
    let r = shop
        .call("DoIpayReturnApproval", &seller_order(nos[2]))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    assert!(attr(&r, "FalseMessage").contains("배송중"));
    // And an approved return cannot be approved again.
    let r = shop
        .call("DoIpayReturnApproval", &seller_order(nos[0]))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
}

#[tokio::test]
async fn exchanges_are_listed_detailed_and_shipped_again() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS[..2]).await;
    let nos: Vec<i64> = shop
        .orders(cart_no)
        .await
        .iter()
        .map(|o| o.order_no)
        .collect();

    let (status, _) = shop
        .buyer(nos[0], "exchange-request", json!({"reason": "사이즈"}))
        .await;
    assert_eq!(status, 409, "not shipped yet");
    for n in &nos {
        shop.confirm(*n).await;
        shop.ship(*n).await;
    }
    let (status, v) = shop
        .buyer(
            nos[0],
            "exchange-request",
            json!({"reason": "사이즈", "detail": "260으로"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["label"], "교환요청");

    let list = shop
        .call(
            "GetIpayExchangeRequestList",
            &attrs(&[
                ("SearchType", "None"),
                ("SearchDateType", "ExchangeRequestDate"),
                ("FromDate", "2000-01-01"),
            ]),
        )
        .await
        .unwrap();
    let found = rows(&list, "ExchangeT");
    assert_eq!(found.len(), 1);
    assert_eq!(attr(found[0], "OrderNo"), nos[0].to_string());
    assert_eq!(attr(found[0], "ExchangeReason"), "사이즈");
    assert_eq!(attr(found[0], "ExchangeStatus"), "교환요청");

    let detail = shop
        .call(
            "GetIpayExchangeRequestDetailInfo",
            &[("OrderNo", nos[0].to_string())],
        )
        .await
        .unwrap();
    assert_eq!(attr(&detail, "ExchangeReasonDetail"), "260으로");
    assert_eq!(attr(&detail, "RequestOption"), "색상:검정");
    assert_eq!(attr(&detail, "DistAddressDetail"), "12층");
    assert_eq!(attr(&detail, "BuyerID"), BUYER_ID);
    // No exchange on the second order: a Client fault (a record has no failure form).
    let none = shop
        .call(
            "GetIpayExchangeRequestDetailInfo",
            &[("OrderNo", nos[1].to_string())],
        )
        .await;
    assert!(
        matches!(none, Err(ClientError::Fault { ref code, .. }) if code.contains("Client")),
        "{none:?}"
    );

    // The seller ships again; the order is back in 배송중 and off the list.
    let again = shop.ship(nos[0]).await;
    assert_eq!(attr(&again, "DoShippingGeneralResponseType"), "Success");
    assert_eq!(shop.order(nos[0]).await.state, OrderState::Shipping);
    let list = shop.work_list("GetIpayExchangeRequestList").await;
    assert!(rows(&list, "ExchangeT").is_empty());
    // Exchange asked twice in a row is refused once decided.
    let (status, _) = shop.buyer(nos[1], "decide", json!({})).await;
    assert_eq!(status, 200);
    let (status, v) = shop
        .buyer(nos[1], "exchange-request", json!({"reason": "x"}))
        .await;
    assert_eq!(status, 409, "{v}");
}
