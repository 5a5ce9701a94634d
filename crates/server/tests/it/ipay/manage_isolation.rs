//! Another seller's orders do not exist for a caller: every operation
//! answers them as it answers an unknown order.

use super::manage_support::{BUYER_ID, Shop, attr, attrs, rows, shipping};
use gyeolje_core::escrow::OrderState;
use gyeolje_core::{IpayAccount, NewMerchant};
use gyeolje_ipay::client::{ClientError, IpayClient};
use gyeolje_ipay::soap::SoapVersion;
use gyeolje_ipay::xml::Element;
use serde_json::json;

const RIVAL_TICKET: &str = "rival-ticket-for-tests";

async fn rival(shop: &Shop) -> IpayClient {
    let app = &shop.server.app;
    let m = app
        .store
        .create_merchant(
            NewMerchant {
                callback_hosts: Vec::new(),
                name: "경쟁 판매자".into(),
                payapp: None,
                innopay: None,
                ipay: Some(IpayAccount {
                    seller_id: "rival".into(),
                    site_urls: Vec::new(),
                }),
            },
            app.now(),
        )
        .await
        .unwrap();
    app.store
        .add_ipay_ticket(
            m.id,
            &gyeolje_server::ipay::ticket::ticket_hash(RIVAL_TICKET),
        )
        .await
        .unwrap();
    IpayClient::new(&shop.server.base, RIVAL_TICKET)
}

async fn call(c: &IpayClient, op: &str, attrs: &[(&str, String)]) -> Result<Element, ClientError> {
    let req = attrs
        .iter()
        .fold(Element::new("req"), |e, (k, v)| e.with_attr(*k, v.as_str()));
    c.call(SoapVersion::V11, op, Element::new(op).with_child(req))
        .await
}

#[tokio::test]
async fn another_sellers_orders_are_not_found() {
    let shop = Shop::open().await;
    let (cart_no, paid) = shop.paid_cart(&[("램프", "LP-1", 25000)]).await;
    let order_no = shop.orders(cart_no).await[0].order_no;
    let no = order_no.to_string();
    let rival = rival(&shop).await;
    let (_, v) = shop
        .buyer(order_no, "cancel-request", json!({"reason": "r"}))
        .await;
    assert_eq!(v["label"], "취소요청");
    let (_, note) = shop
        .buyer(order_no, "note", json!({"title": "t", "content": "c"}))
        .await;

    let r = call(
        &rival,
        "GetIpayPaidOrderList",
        &attrs(&[
            ("DurationType", "Nothing"),
            ("SearchType", "OrderNo"),
            ("SearchValue", &no),
        ]),
    )
    .await
    .unwrap();
    assert!(rows(&r, "GetOrderListResponseT").is_empty());
    let pay_no = paid["pay_no"].as_i64().unwrap().to_string();
    let r = call(
        &rival,
        "GetIpayPaidOrderList",
        &attrs(&[
            ("DurationType", "Nothing"),
            ("SearchType", "PayNo"),
            ("SearchValue", &pay_no),
        ]),
    )
    .await
    .unwrap();
    assert!(rows(&r, "GetOrderListResponseT").is_empty());
    let r = call(
        &rival,
        "GetIpayCancelApprovalList",
        &attrs(&[("SearchType", "None"), ("SearchDateType", "None")]),
    )
    .await
    .unwrap();
    assert!(rows(&r, "CancelApprovalT").is_empty());
    let r = call(
        &rival,
        "IpayConfirmCancelApprovalList",
        &attrs(&[
            ("SellerID", "rival"),
            ("BuyerID", BUYER_ID),
            ("OrderNo", &no),
        ]),
    )
    .await
    .unwrap();
    assert_eq!(r.text.trim(), "NotExistsOrder");
    let mut ship = shipping(order_no);
    ship[0].1 = "rival".into();
    let r = call(&rival, "DoIpayShippingGeneral", &ship).await.unwrap();
    assert_eq!(attr(&r, "DoShippingGeneralResponseType"), "Fail");
    assert!(attr(&r, "FailReason").contains("존재하지"), "{r:?}");
    let r = call(
        &rival,
        "IpayConfirmReceivingOrder",
        &[("OrderNo", no.clone())],
    )
    .await;
    assert!(matches!(r, Err(ClientError::Fault { .. })));
    let r = call(
        &rival,
        "DoIpayOrderDecisionCancel",
        &[("OrderNo", no.clone())],
    )
    .await
    .unwrap();
    assert_eq!(attr(&r, "DecisionCancelResponseType"), "Fail");
    let r = call(&rival, "IpaySellerNoteList", &[]).await.unwrap();
    assert!(rows(&r, "SellerNoteT").is_empty());
    let seqno = note["seqno"].as_i64().unwrap().to_string();
    let r = call(
        &rival,
        "IpaySellerNoteDetailBySeqno",
        &[("Seqno", seqno.clone())],
    )
    .await;
    assert!(matches!(r, Err(ClientError::Fault { .. })));
    let r = call(
        &rival,
        "IpaySellerNoteReply",
        &[("Seqno", seqno), ("ReplyContent", "x".into())],
    )
    .await
    .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    // The demo seller's own SellerID is still "test", not the rival's.
    let r = shop
        .call(
            "IpayConfirmCancelApprovalList",
            &attrs(&[
                ("SellerID", "rival"),
                ("BuyerID", BUYER_ID),
                ("OrderNo", &no),
            ]),
        )
        .await
        .unwrap();
    assert_eq!(r.text.trim(), "DifferentRequestSellerID");
    assert_eq!(
        shop.order(order_no).await.state,
        OrderState::CancelRequested
    );
}
