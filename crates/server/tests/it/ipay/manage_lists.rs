//! `GetIpayPaidOrderList`, 발주확인, the checks of `DoIpayShippingGeneral`,
//! `IpayChangeShippingType`, `DoIpayOrderDecisionRequest`, and buyer notes.

use super::manage_support::{BUYER_ID, Shop, attr, attrs, rows, shipping};
use gyeolje_core::escrow::OrderState;
use gyeolje_ipay::client::ClientError;
use serde_json::json;

const ITEMS: [super::manage_support::Item; 2] = [("책상", "DK-1", 120000), ("의자", "CH-2", 80000)];

fn list_req(duration: &str, search: &str, value: &str) -> Vec<(&'static str, String)> {
    attrs(&[
        ("DurationType", duration),
        ("SearchType", search),
        ("SearchValue", value),
    ])
}

#[tokio::test]
async fn paid_order_list_finds_by_order_pay_number_and_receipt_date() {
    let shop = Shop::open().await;
    let (cart_no, paid) = shop.paid_cart(&ITEMS).await;
    let pay_no = paid["pay_no"].as_i64().unwrap().to_string();
    let nos: Vec<i64> = shop
        .orders(cart_no)
        .await
        .iter()
        .map(|o| o.order_no)
        .collect();

    let one = shop
        .call(
            "GetIpayPaidOrderList",
            &list_req("Nothing", "OrderNo", &nos[1].to_string()),
        )
        .await
        .unwrap();
    let row = rows(&one, "GetOrderListResponseT");
    assert_eq!(row.len(), 1);
    let r = row[0];
    assert_eq!(attr(r, "OrderNo"), nos[1].to_string());
    assert_eq!(attr(r, "PayNo"), pay_no);
    assert_eq!(attr(r, "GroupOrderSeqno"), pay_no);
    assert_eq!(attr(r, "CartNo"), cart_no.to_string());
    assert_eq!(attr(r, "ItemName"), "의자");
    assert_eq!(attr(r, "ItemCode"), "CH-2");
    assert!(attr(r, "ItemNo").starts_with('I'));
    assert_eq!(attr(r, "BuyerID"), BUYER_ID);
    assert_eq!(attr(r, "BuyerName"), "홍길동");
    assert_eq!(attr(r, "AwardQty"), "1");
    assert_eq!(attr(r, "AwardAmount"), "80000");
    assert_eq!(attr(r, "DistName"), "홍길동");
    assert_eq!(attr(r, "DistPostNo"), "06236");
    assert_eq!(attr(r, "DistAddressPost"), "서울특별시 강남구 테헤란로 152");
    assert_eq!(attr(r, "DistMoblieTel"), "010-1234-5678");
    assert_eq!(attr(r, "DeliveryRemark"), "부재시 경비실");
    assert_eq!(attr(r, "OrderStatus"), "결제완료");
    assert_eq!(attr(r, "CancelYn"), "N");
    assert_eq!(attr(r, "RequestOption"), "색상:검정");
    assert_eq!(attr(r, "OptionName"), "색상:검정");
    assert_eq!(attr(r, "OptionItemPrice"), "80000");
    assert_eq!(attr(r, "DeliveryFee"), "0", "the fee is on the first line");
    assert!(!attr(r, "OderDate").is_empty());

    let by_pay = shop
        .call(
            "GetIpayPaidOrderList",
            &list_req("Nothing", "PayNo", &pay_no),
        )
        .await
        .unwrap();
    let both = rows(&by_pay, "GetOrderListResponseT");
    assert_eq!(both.len(), 2);
    assert_eq!(attr(both[0], "DeliveryFee"), "2500");

    // Nothing found is an empty list; a search type outside the manual a fault.
    for req in [
        list_req("Nothing", "OrderNo", "999999"),
        list_req("Nothing", "PayNo", "12"),
        list_req("Nothing", "OrderNo", "abc"),
    ] {
        let r = shop.call("GetIpayPaidOrderList", &req).await.unwrap();
        assert!(rows(&r, "GetOrderListResponseT").is_empty(), "{req:?}");
    }
    let bad = shop
        .call(
            "GetIpayPaidOrderList",
            &list_req("Nothing", "ItemNo", "CH-2"),
        )
        .await;
    assert!(matches!(bad, Err(ClientError::Fault { .. })), "{bad:?}");
    let bad = shop
        .call(
            "GetIpayPaidOrderList",
            &list_req("Yesterday", "OrderNo", "1"),
        )
        .await;
    assert!(matches!(bad, Err(ClientError::Fault { .. })), "{bad:?}");

    // ReceiptDate: unshipped orders of the last month.
    shop.confirm(nos[0]).await;
    shop.ship(nos[0]).await;
    let recent = shop
        .call(
            "GetIpayPaidOrderList",
            &list_req("ReceiptDate", "OrderNo", ""),
        )
        .await
        .unwrap();
    let open = rows(&recent, "GetOrderListResponseT");
    assert_eq!(open.len(), 1, "the shipped order is not listed");
    assert_eq!(attr(open[0], "OrderNo"), nos[1].to_string());
    // A window over a year long is clamped to the month before EndDate,
    // which here lies a year in the past.
    let mut old = list_req("ReceiptDate", "OrderNo", "");
    old.push(("StartDate", "2000-01-01T00:00:00".into()));
    old.push(("EndDate", "2001-01-01T00:00:00".into()));
    let r = shop.call("GetIpayPaidOrderList", &old).await.unwrap();
    assert!(rows(&r, "GetOrderListResponseT").is_empty());
    // Forty days later the order is outside the default month.
    shop.server.advance_clock(40 * 24 * 60 * 60).await;
    let later = shop
        .call(
            "GetIpayPaidOrderList",
            &list_req("ReceiptDate", "OrderNo", ""),
        )
        .await
        .unwrap();
    assert!(rows(&later, "GetOrderListResponseT").is_empty());
}

#[tokio::test]
async fn confirm_receiving_refuses_with_a_client_fault() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS[..1]).await;
    let order_no = shop.orders(cart_no).await[0].order_no;
    shop.confirm(order_no).await;
    assert_eq!(shop.order(order_no).await.state, OrderState::Preparing);
    let again = shop
        .call(
            "IpayConfirmReceivingOrder",
            &[("OrderNo", order_no.to_string())],
        )
        .await;
    match again {
        Err(ClientError::Fault { code, message }) => {
            assert!(code.contains("Client"), "{code}");
            assert!(message.contains("배송준비중"), "{message}");
        }
        other => panic!("expected a fault, got {other:?}"),
    }
    let missing = shop
        .call(
            "IpayConfirmReceivingOrder",
            &[("OrderNo", "424242".to_owned())],
        )
        .await;
    assert!(
        matches!(missing, Err(ClientError::Fault { message, .. }) if message.contains("존재하지"))
    );
}

fn set(
    mut req: Vec<(&'static str, String)>,
    k: &'static str,
    v: &str,
) -> Vec<(&'static str, String)> {
    match req.iter_mut().find(|(n, _)| *n == k) {
        Some(slot) => slot.1 = v.to_owned(),
        None => req.push((k, v.to_owned())),
    }
    req
}

#[tokio::test]
async fn shipping_checks_every_field_then_changes_and_decides() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let nos: Vec<i64> = shop
        .orders(cart_no)
        .await
        .iter()
        .map(|o| o.order_no)
        .collect();
    let base = shipping(nos[0]);
    let refused = [
        set(base.clone(), "SellerID", "nobody"),
        set(base.clone(), "RemittanceMethodType", "Cheque"),
        set(base.clone(), "RemittanceMethodType", "Cash"),
        set(
            set(
                set(
                    set(base.clone(), "RemittanceMethodType", "Cash"),
                    "RemittanceAccountName",
                    "김판매",
                ),
                "RemittanceAccountNumber",
                "1002-123",
            ),
            "RemittanceBankCode",
            "999",
        ),
        set(base.clone(), "ShippingMethodClassficationType", "Drone"),
        set(base.clone(), "DeliveryAgency", "dhl"),
        set(base.clone(), "DeliveryAgency", ""),
        set(base.clone(), "DeliveryAgency", "etc"),
        set(base.clone(), "InvoiceNo", ""),
        set(
            set(base.clone(), "ShippingMethodClassficationType", "Etc"),
            "DeliveryAgency",
            "",
        ),
        set(
            set(base.clone(), "ShippingMethodClassficationType", "Etc"),
            "ShippingEtcMethod",
            "Bike",
        ),
        set(base.clone(), "OrderNo", "777777"),
    ];
    for req in refused {
        let r = shop.call("DoIpayShippingGeneral", &req).await.unwrap();
        assert_eq!(attr(&r, "DoShippingGeneralResponseType"), "Fail", "{req:?}");
        assert!(!attr(&r, "FailReason").is_empty());
    }
    assert_eq!(shop.order(nos[0]).await.state, OrderState::Paid);

    // Cash with a full account, straight from 결제완료 (발주확인 is optional).
    let cash = set(
        set(
            set(
                set(base.clone(), "RemittanceMethodType", "Cash"),
                "RemittanceAccountName",
                "김판매",
            ),
            "RemittanceAccountNumber",
            "1002-123-456789",
        ),
        "RemittanceBankCode",
        "020",
    );
    let r = shop.call("DoIpayShippingGeneral", &cash).await.unwrap();
    assert_eq!(
        attr(&r, "DoShippingGeneralResponseType"),
        "Success",
        "{r:?}"
    );
    let shipped = shop.order(nos[0]).await;
    let s = shipped.shipment.clone().unwrap();
    assert_eq!(
        (s.agency.as_deref(), s.agency_name.as_deref()),
        (Some("cjgls"), Some("CJ GLS택배"))
    );
    assert_eq!(s.remittance, "Cash");
    // Shipping twice is refused.
    let r = shop.call("DoIpayShippingGeneral", &cash).await.unwrap();
    assert_eq!(attr(&r, "DoShippingGeneralResponseType"), "Fail");
    assert!(attr(&r, "FailReason").contains("배송중"));

    // Change the courier while 배송중; the remittance stays.
    let change = |order_no: i64, agency: &str| {
        attrs(&[
            ("ShippingMethodClassfication", "Door2Door"),
            ("DeliveryAgency", agency),
            ("InvoiceNo", "9999"),
            ("MessageForBuyer", "택배사 변경"),
        ])
        .into_iter()
        .chain([("OrderNo", order_no.to_string())])
        .collect::<Vec<_>>()
    };
    let r = shop
        .call("IpayChangeShippingType", &change(nos[0], "hanjin"))
        .await
        .unwrap();
    assert_eq!(
        attr(&r, "ChangeShippingTypeResponseType"),
        "Success",
        "{r:?}"
    );
    let s = shop.order(nos[0]).await.shipment.unwrap();
    assert_eq!(
        (s.agency.as_deref(), s.invoice_no.as_str()),
        (Some("hanjin"), "9999")
    );
    assert_eq!(s.remittance, "Cash");
    let r = shop
        .call("IpayChangeShippingType", &change(nos[0], "ups"))
        .await
        .unwrap();
    assert_eq!(attr(&r, "ChangeShippingTypeResponseType"), "Fail");
    let r = shop
        .call("IpayChangeShippingType", &change(nos[1], "hanjin"))
        .await
        .unwrap();
    assert_eq!(
        attr(&r, "ChangeShippingTypeResponseType"),
        "Fail",
        "not shipped"
    );
    assert!(attr(&r, "FailReason").contains("결제완료"));

    // The seller records the decision: only while 배송중.
    let decide = |n: i64| {
        attrs(&[("SellerID", "test"), ("SellerManagementNumber", "M-1")])
            .into_iter()
            .chain([("OrderNo", n.to_string())])
            .collect::<Vec<_>>()
    };
    let r = shop
        .call("DoIpayOrderDecisionRequest", &decide(nos[1]))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    assert!(attr(&r, "FalseMessage").contains("결제완료"));
    let r = shop
        .call("DoIpayOrderDecisionRequest", &decide(nos[0]))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "true", "{r:?}");
    assert_eq!(shop.order(nos[0]).await.state, OrderState::Decided);
    let r = shop
        .call("IpayChangeShippingType", &change(nos[0], "hanjin"))
        .await
        .unwrap();
    assert_eq!(
        attr(&r, "ChangeShippingTypeResponseType"),
        "Fail",
        "decided"
    );
}

#[tokio::test]
async fn buyer_notes_are_listed_detailed_and_answered() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let nos: Vec<i64> = shop
        .orders(cart_no)
        .await
        .iter()
        .map(|o| o.order_no)
        .collect();
    let (status, v) = shop
        .buyer(
            nos[0],
            "note",
            json!({"title": "배송 문의", "content": "언제 오나요?"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let first = v["seqno"].as_i64().unwrap();
    let (_, v) = shop
        .buyer(
            nos[1],
            "note",
            json!({"title": "색상 문의", "content": "흰색 있나요?"}),
        )
        .await;
    let second = v["seqno"].as_i64().unwrap();
    let (status, _) = shop
        .buyer(999_999, "note", json!({"title": "t", "content": "c"}))
        .await;
    assert_eq!(status, 404);

    let all = shop.call("IpaySellerNoteList", &[]).await.unwrap();
    let found = rows(&all, "SellerNoteT");
    assert_eq!(found.len(), 2);
    assert_eq!(attr(found[0], "Seqno"), first.to_string());
    assert_eq!(attr(found[0], "ItemName"), "책상");
    assert_eq!(attr(found[0], "BuyerID"), BUYER_ID);
    assert_eq!(attr(found[0], "ReplyYn"), "N");

    // Replies: empty content and unknown notes refused.
    let reply = |seqno: i64, text: &str| {
        vec![
            ("Seqno", seqno.to_string()),
            ("ReplyContent", text.to_owned()),
        ]
    };
    let r = shop
        .call("IpaySellerNoteReply", &reply(first, "  "))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    let r = shop
        .call("IpaySellerNoteReply", &reply(5, "답변"))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "false");
    let r = shop
        .call("IpaySellerNoteReply", &reply(first, "내일 도착합니다"))
        .await
        .unwrap();
    assert_eq!(attr(&r, "Result"), "true", "{r:?}");

    let detail = shop
        .call(
            "IpaySellerNoteDetailBySeqno",
            &[("Seqno", first.to_string())],
        )
        .await
        .unwrap();
    assert_eq!(attr(&detail, "Content"), "언제 오나요?");
    assert_eq!(attr(&detail, "ReplyYn"), "Y");
    assert_eq!(attr(&detail, "ReplyContent"), "내일 도착합니다");
    assert!(!attr(&detail, "ReplyDate").is_empty());
    let missing = shop
        .call("IpaySellerNoteDetailBySeqno", &[("Seqno", "5".to_owned())])
        .await;
    assert!(matches!(missing, Err(ClientError::Fault { .. })));

    let waiting = shop
        .call("IpaySellerNoteList", &attrs(&[("ReplyStatus", "N")]))
        .await
        .unwrap();
    let w = rows(&waiting, "SellerNoteT");
    assert_eq!(w.len(), 1);
    assert_eq!(attr(w[0], "Seqno"), second.to_string());
    let replied = shop
        .call(
            "IpaySellerNoteList",
            &attrs(&[("ReplyStatus", "Y"), ("FromDate", "2000-01-01")]),
        )
        .await
        .unwrap();
    assert_eq!(rows(&replied, "SellerNoteT").len(), 1);
    let bad = shop
        .call("IpaySellerNoteList", &attrs(&[("ReplyStatus", "Maybe")]))
        .await;
    assert!(matches!(bad, Err(ClientError::Fault { .. })));
}
