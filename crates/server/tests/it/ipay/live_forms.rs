//! Issue 15: the request shapes public shop integrations send to the live
//! service, replayed as raw bytes beside the manual's form, with the
//! replies they parse (`docs/protocols/ipay.md`, "Live forms").

use super::interop_wire::{action, envelope11, op_element, post};
use super::manage_support::{Shop, attr, shipping};
use gyeolje_core::escrow::OrderState;
use gyeolje_ipay::soap::{self, Reply};
use gyeolje_ipay::xml::{Element, Limits};
use gyeolje_server::seed::IPAY_DEMO_TICKET_PHP;
use serde_json::json;

const ARCHE: &str = "http://schema.auction.co.kr/Arche.API.xsd";
const ARCHE_SVC: &str = "http://schema.auction.co.kr/Arche.APISvc.xsd";

/// Posts `inner` as the body of `op` (SOAP 1.1, the demo ticket); the
/// `…Result` element of a 200 reply.
async fn raw(shop: &Shop, op: &str, inner: &str) -> Element {
    raw_bytes(
        shop,
        op,
        envelope11(Some(IPAY_DEMO_TICKET_PHP), &op_element(op, inner)).into_bytes(),
        "text/xml; charset=utf-8",
    )
    .await
}

async fn raw_bytes(shop: &Shop, op: &str, body: Vec<u8>, content_type: &str) -> Element {
    let (status, text) = post(&shop.server, body, content_type, Some(&action(op))).await;
    assert_eq!(status, 200, "{op}: {text}");
    let Ok(Reply::Response(r)) = soap::parse_reply(text.as_bytes(), Limits::default()) else {
        panic!("{op}: {text}")
    };
    r.child(&format!("{op}Result"))
        .cloned()
        .unwrap_or_else(|| panic!("{op}: no result in {text}"))
}

/// The live `DoIpayShippingGeneral` request, with the children in `ns`.
fn nested_shipping(order_no: i64, ns: &str) -> String {
    format!(
        r#"<req SellerID="test" OrderNo="{order_no}"><RemittanceMethod RemittanceMethodType="Emoney" RemittanceAccountName="" RemittanceAccountNumber="" RemittanceBankCode="" xmlns="{ns}"/><ShippingMethod SendDate="2026-12-03" InvoiceNo="6012345678" MessageForBuyer="" ShippingMethodClassficationType="Door2Door" DeliveryAgency="korex" DeliveryAgencyName="대한통운" ShippingEtcMethod="Nothing" ShippingEtcAgencyName="" xmlns="{ns}"/></req>"#
    )
}

#[tokio::test]
async fn shipping_general_in_the_nested_and_the_flat_form() {
    let shop = Shop::open().await;
    let items = [("a", "A-1", 1000), ("b", "B-1", 1000), ("c", "C-1", 1000)];
    let (cart_no, _) = shop.paid_cart(&items).await;
    let orders = shop.orders(cart_no).await;
    for (order, ns) in [(&orders[0], ARCHE), (&orders[1], ARCHE_SVC)] {
        let r = raw(
            &shop,
            "DoIpayShippingGeneral",
            &nested_shipping(order.order_no, ns),
        )
        .await;
        assert_eq!(
            attr(&r, "DoShippingGeneralResponseType"),
            "Success",
            "{r:?}"
        );
        let o = shop.order(order.order_no).await;
        assert_eq!(o.state, OrderState::Shipping);
        let s = o.shipment.unwrap();
        assert_eq!(s.remittance, "Emoney");
        assert_eq!(s.agency.as_deref(), Some("korex"));
        assert_eq!(s.invoice_no, "6012345678");
        assert_eq!(s.send_date, "2026-12-03");
    }
    // The manual's flat form, still accepted.
    let flat = shipping(orders[2].order_no)
        .iter()
        .map(|(k, v)| format!(r#" {k}="{v}""#))
        .collect::<String>();
    let r = raw(&shop, "DoIpayShippingGeneral", &format!("<req{flat}/>")).await;
    assert_eq!(
        attr(&r, "DoShippingGeneralResponseType"),
        "Success",
        "{r:?}"
    );
    assert_eq!(
        shop.order(orders[2].order_no).await.state,
        OrderState::Shipping
    );

    // A nested part that is wrong is answered in the operation's own form.
    let (cart_no, _) = shop.paid_cart(&[("d", "D-1", 1000)]).await;
    let d = shop.orders(cart_no).await[0].order_no;
    let bad = nested_shipping(d, ARCHE).replace(
        r#"RemittanceMethodType="Emoney""#,
        r#"RemittanceMethodType="Gold""#,
    );
    let r = raw(&shop, "DoIpayShippingGeneral", &bad).await;
    assert_eq!(attr(&r, "DoShippingGeneralResponseType"), "Fail");
    assert!(
        attr(&r, "FailReason").contains("RemittanceMethodType"),
        "{r:?}"
    );

    // IpayChangeShippingType without InvoiceNo (optional in the manual)
    // succeeds and keeps the invoice.
    let first = orders[0].order_no;
    let r = raw(
        &shop,
        "IpayChangeShippingType",
        &format!(
            r#"<req OrderNo="{first}" ShippingMethodClassfication="Door2Door" DeliveryAgency="hanjin" MessageForBuyer=""/>"#
        ),
    )
    .await;
    assert_eq!(
        attr(&r, "ChangeShippingTypeResponseType"),
        "Success",
        "{r:?}"
    );
    let s = shop.order(first).await.shipment.unwrap();
    assert_eq!(
        (s.agency.as_deref(), s.invoice_no.as_str()),
        (Some("hanjin"), "6012345678")
    );
    shop.server.stop().await;
}

#[tokio::test]
async fn account_numb_by_pay_no_and_payno() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&[("a", "A-1", 1000)]).await;
    let pay_no = shop.client.get_order_confirm(cart_no).await.unwrap();
    for name in ["payNo", "payno"] {
        let r = raw(
            &shop,
            "GetIpayAccountNumb",
            &format!("<{name}>{pay_no}</{name}>"),
        )
        .await;
        assert_eq!(attr(&r, "PayNo"), pay_no.to_string(), "{name}");
        assert_eq!(attr(&r, "IpayCartNo"), cart_no.to_string(), "{name}");
    }
    shop.server.stop().await;
}

#[tokio::test]
async fn deny_sell_by_order_no_and_order_id() {
    let shop = Shop::open().await;
    let items = [("a", "A-1", 1000), ("b", "B-1", 1000), ("c", "C-1", 1000)];
    let (cart_no, _) = shop.paid_cart(&items).await;
    let orders = shop.orders(cart_no).await;
    let deny = |field: &str, order: i64, item: &str| {
        format!(
            r#"<req SellerID="test" ItemID="{item}" {field}="{order}" DenySellReason="SellToOtherDitstributionChannel"/>"#
        )
    };
    let r = raw(
        &shop,
        "IpayDenySell",
        &deny("OrderNo", orders[0].order_no, "A-1"),
    )
    .await;
    assert_eq!(attr(&r, "DenySellResponseType"), "Success", "{r:?}");
    assert_eq!(attr(&r, "Result"), "true");
    let r = raw(
        &shop,
        "IpayDenySell",
        &deny("OrderID", orders[1].order_no, "B-1"),
    )
    .await;
    assert_eq!(attr(&r, "DenySellResponseType"), "Success", "{r:?}");
    for o in &orders[..2] {
        assert_eq!(shop.order(o.order_no).await.state, OrderState::Cancelled);
    }
    // Refused: both failure forms say so.
    let r = raw(
        &shop,
        "IpayDenySell",
        &deny("OrderNo", orders[2].order_no, "A-1"),
    )
    .await;
    assert_eq!(attr(&r, "DenySellResponseType"), "Fail");
    assert_eq!(attr(&r, "Result"), "false");
    assert!(!attr(&r, "FailReason").is_empty());
    assert_eq!(attr(&r, "FailReason"), attr(&r, "FalseMessage"));
    shop.server.stop().await;
}

#[tokio::test]
async fn agreement_status_follows_the_order() {
    let shop = Shop::open().await;
    let cart_no = shop
        .register(&[("a", "A-1", 1000), ("b", "B-1", 1000)])
        .await;
    let status = |item: &'static str| {
        let shop = &shop;
        async move {
            let r = raw(
                shop,
                "GetIpayAgreementStatus",
                &format!("<ipayCartNo>{cart_no}</ipayCartNo><ipayItemNo>{item}</ipayItemNo>"),
            )
            .await;
            r.text.trim().to_owned()
        }
    };
    assert_eq!(status("A-1").await, "", "registered, unpaid");
    shop.checkout(cart_no).await;
    shop.server
        .sandbox_pay_with(
            crate::support::SandboxPay::ipay(cart_no),
            crate::support::Expect::Approved,
        )
        .await;
    assert_eq!(status("A-1").await, "N");
    let orders = shop.orders(cart_no).await;
    shop.ship(orders[0].order_no).await;
    let (code, v) = shop.buyer(orders[0].order_no, "decide", json!({})).await;
    assert_eq!(code, 200, "{v}");
    assert_eq!(status("A-1").await, "Y");
    shop.call(
        "IpayDenySell",
        &[
            ("SellerID", "test".to_owned()),
            ("ItemID", "B-1".to_owned()),
            ("OrderNo", orders[1].order_no.to_string()),
            ("DenySellReason", "RunOutOfStock".to_owned()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(status("B-1").await, "C");
    assert_eq!(status("Z-9").await, "", "not the cart's item");
    shop.server.stop().await;
}

/// Returns in every state the flags name, asked in the live form (flags,
/// keyword, page size, nested duration) and in the earlier one; one hold
/// sent as an `euc-kr` envelope, one list asked in UTF-16.
#[tokio::test]
async fn return_list_honours_flags_keyword_paging_and_duration() {
    let shop = Shop::open().await;
    let items = [
        ("요청 물품", "R-1", 1000),
        ("보류 물품", "R-2", 1000),
        ("완료 물품", "R-3", 1000),
        ("교환 물품 1", "X-1", 1000),
        ("교환 물품 2", "X-2", 1000),
    ];
    let (cart_no, _) = shop.paid_cart(&items).await;
    let orders = shop.orders(cart_no).await;
    let no = |i: usize| orders[i].order_no;
    for i in 0..5 {
        shop.ship(no(i)).await;
    }
    for i in 0..3 {
        let (code, v) = shop
            .buyer(no(i), "return-request", json!({"reason": "파손"}))
            .await;
        assert_eq!(code, 200, "{v}");
    }
    for i in 3..5 {
        let (code, v) = shop
            .buyer(no(i), "exchange-request", json!({"reason": "사이즈"}))
            .await;
        assert_eq!(code, 200, "{v}");
    }
    // The hold as a Korean shop on an EUC-KR page sends it.
    let hold = envelope11(
        Some(IPAY_DEMO_TICKET_PHP),
        &op_element(
            "DoIpayReturnHold",
            &format!(
                r#"<req SellerID="test" OrderNo="{}" HoldReason="회수 전 확인 필요"/>"#,
                no(1)
            ),
        ),
    )
    .replacen("encoding='utf-8'", "encoding='euc-kr'", 1);
    assert!(hold.contains("encoding='euc-kr'"));
    let (bytes, _, _) = encoding_rs::EUC_KR.encode(&hold);
    let r = raw_bytes(&shop, "DoIpayReturnHold", bytes.into_owned(), "text/xml").await;
    assert_eq!(attr(&r, "Result"), "true", "{r:?}");
    let held = shop.order(no(1)).await;
    assert_eq!(held.state, OrderState::ReturnHeld);
    assert_eq!(
        held.return_request.unwrap().hold_reason.as_deref(),
        Some("회수 전 확인 필요")
    );
    let r = raw(
        &shop,
        "DoIpayReturnApproval",
        &format!(r#"<req SellerID="test" OrderNo="{}"/>"#, no(2)),
    )
    .await;
    assert_eq!(attr(&r, "Result"), "true", "{r:?}");

    let list = |flags: &str, extra: &str, duration: &str| {
        format!(
            r#"<req SearchFlags="{flags}" SearchType="None" SearchKeyword="" SearchDateType="None" {extra}>{duration}</req>"#
        )
    };
    let duration = |from: &str, to: &str| {
        format!(r#"<SearchDuration StartDate="{from}" EndDate="{to}" xmlns="{ARCHE}"/>"#)
    };
    let order_nos = |r: &Element| -> Vec<i64> {
        r.children_named("ReturnList")
            .map(|e| attr(e, "OrderNo").parse().unwrap())
            .collect()
    };
    let empty = duration("", "");
    for (flags, want) in [
        ("Requested", vec![no(0)]),
        ("Hold", vec![no(1)]),
        ("Finished", vec![no(2)]),
        ("Reject", vec![]),
        ("All", vec![no(0), no(1), no(2)]),
    ] {
        let r = raw(
            &shop,
            "GetIpayReturnList",
            &list(flags, r#"PageSize="100""#, &empty),
        )
        .await;
        assert_eq!(order_nos(&r), want, "{flags}");
    }
    let r = raw(
        &shop,
        "GetIpayReturnList",
        &list("All", r#"PageSize="2""#, &empty),
    )
    .await;
    assert_eq!(order_nos(&r), vec![no(0), no(1)], "PageSize");
    let keyword = list("All", "", &empty).replace(
        r#"SearchType="None" SearchKeyword="""#,
        r#"SearchType="ItemName" SearchKeyword="완료""#,
    );
    let r = raw(&shop, "GetIpayReturnList", &keyword).await;
    assert_eq!(order_nos(&r), vec![no(2)], "SearchKeyword");
    let old = list("All", "", &duration("2001-01-01", "2001-01-31")).replace(
        r#"SearchDateType="None""#,
        r#"SearchDateType="ReturnRequestDate""#,
    );
    let r = raw(&shop, "GetIpayReturnList", &old).await;
    assert!(order_nos(&r).is_empty(), "SearchDuration");
    let today = list("All", "", &duration("2001-01-01", "2099-12-31")).replace(
        r#"SearchDateType="None""#,
        r#"SearchDateType="ReturnRequestDate""#,
    );
    let r = raw(&shop, "GetIpayReturnList", &today).await;
    assert_eq!(order_nos(&r).len(), 3, "SearchDuration");
    // The earlier form (no flags): the open returns, as before.
    let r = raw(
        &shop,
        "GetIpayReturnList",
        r#"<req SearchType="None" SearchDateType="None"/>"#,
    )
    .await;
    assert_eq!(order_nos(&r), vec![no(0), no(1)]);
    // Asked in UTF-16 with a byte order mark.
    let text = envelope11(
        Some(IPAY_DEMO_TICKET_PHP),
        &op_element("GetIpayReturnList", &list("Finished", "", "")),
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let r = raw_bytes(
        &shop,
        "GetIpayReturnList",
        utf16,
        "text/xml; charset=utf-16",
    )
    .await;
    assert_eq!(order_nos(&r), vec![no(2)], "UTF-16");

    // The exchange list pages by PageNumber.
    let exchanges = |page: &str| {
        format!(
            r#"<req SearchType="None" SearchDateType="None" PageSize="1" PageNumber="{page}"/>"#
        )
    };
    for (page, want) in [("1", vec![no(3)]), ("2", vec![no(4)]), ("3", vec![])] {
        let r = raw(&shop, "GetIpayExchangeRequestList", &exchanges(page)).await;
        let got: Vec<i64> = r
            .children_named("ExchangeT")
            .map(|e| attr(e, "OrderNo").parse().unwrap())
            .collect();
        assert_eq!(got, want, "page {page}");
    }
    let r = raw(
        &shop,
        "GetIpayExchangeRequestList",
        r#"<req SearchType="None" SearchDateType="None" PageNumber="1"/>"#,
    )
    .await;
    assert_eq!(
        r.children_named("ExchangeT").count(),
        2,
        "default page size"
    );
    shop.server.stop().await;
}

#[tokio::test]
async fn return_request_by_seller_in_the_live_form() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop
        .paid_cart(&[("a", "A-1", 1000), ("b", "B-1", 1000)])
        .await;
    let orders = shop.orders(cart_no).await;
    for o in &orders {
        shop.ship(o.order_no).await;
    }
    let r = raw(
        &shop,
        "DoIpayReturnRequestBySeller",
        &format!(
            r#"<req SellerID="test" OrderNo="{}" ReturnBySellerDeliveryMethod="Door2Door" ReturnBySellerReasonCode="BadProduct" ReturnReasonDetail="불량"/>"#,
            orders[0].order_no
        ),
    )
    .await;
    assert_eq!(attr(&r, "Result"), "true", "{r:?}");
    let asked = shop.order(orders[0].order_no).await.return_request.unwrap();
    assert_eq!(asked.reason, "BadProduct");
    assert!(
        asked.detail.contains("불량") && asked.detail.contains("Door2Door"),
        "{asked:?}"
    );
    // The earlier `ReturnReason` still works.
    let r = raw(
        &shop,
        "DoIpayReturnRequestBySeller",
        &format!(
            r#"<req SellerID="test" OrderNo="{}" ReturnReason="파손"/>"#,
            orders[1].order_no
        ),
    )
    .await;
    assert_eq!(attr(&r, "Result"), "true", "{r:?}");
    shop.server.stop().await;
}

/// `free_gift` comes back "배송정보 받을 때" (§3.1.2): on the seller's order
/// list row, as `FreeGift`.
#[tokio::test]
async fn free_gift_comes_back_on_the_order_list_row() {
    let shop = Shop::open().await;
    let inner = format!(
        r#"<ORDER payment_rule="0" pay_price="12500" shipping_price="2500" shipping_type="3" back_url="{b}" service_url="{s}" redirect_url="{b}"/><ITEMS><IpayServiceItems item_name="램프" ipay_itemno="L-1" item_option_name="" item_price="10000" order_qty="1" item_url="{b}" thumbnail_url="{b}" free_gift="전구 2개"/></ITEMS>"#,
        b = shop.sink.url("/back"),
        s = shop.sink.url("/ipay/notice"),
    );
    let r = raw(&shop, "InsertIpayOrderToLong", &inner).await;
    let cart_no: i64 = r.text.trim().parse().expect("a cart number");
    assert!(cart_no > 0, "{cart_no}");
    shop.checkout(cart_no).await;
    let paid = shop
        .server
        .sandbox_pay_with(
            crate::support::SandboxPay::ipay(cart_no),
            crate::support::Expect::Approved,
        )
        .await;
    let pay_no = paid["pay_no"].as_i64().unwrap().to_string();
    let list = raw(
        &shop,
        "GetIpayPaidOrderList",
        &format!(
            r#"<req SellerID="test" DurationType="Nothing" SearchType="PayNo" SearchValue="{pay_no}"/>"#
        ),
    )
    .await;
    let row = list
        .children
        .iter()
        .find(|c| c.name == "GetOrderListResponseT")
        .unwrap_or_else(|| panic!("no row in {list:?}"));
    assert_eq!(attr(row, "FreeGift"), "전구 2개");
}

/// A virtual account is due five business days after it is issued (§3.1.2,
/// the §3.1.6 sample), not the three-day window of the other protocols.
#[tokio::test]
async fn a_virtual_account_is_due_in_five_business_days() {
    let shop = Shop::open().await;
    let cart_no = shop.register(&[("책상", "D-1", 50_000)]).await;
    shop.checkout(cart_no).await;
    let reply = shop
        .server
        .sandbox_pay_with(
            crate::support::SandboxPay::ipay(cart_no).method("vbank"),
            crate::support::Expect::AwaitingDeposit,
        )
        .await;
    let due = reply["deposit_due"].as_str().unwrap().to_owned();
    let events = shop
        .server
        .app
        .store
        .events(gyeolje_core::PaymentId::new(cart_no))
        .await
        .unwrap();
    let issued = events
        .iter()
        .find(|e| e.event.kind() == "virtual_account_issued")
        .expect("the account was issued")
        .at;
    // The deadline is taken from the time the account was asked for, a
    // moment before the event that records it.
    let expected = gyeolje_server::ipay::deposit::due(issued);
    let due_ms = chrono::DateTime::parse_from_rfc3339(&due)
        .unwrap()
        .timestamp_millis();
    assert!(
        (expected.as_millis() - due_ms).abs() < 1000,
        "{due} vs {}",
        expected.rfc3339()
    );
    let days = (expected.as_millis() - issued.as_millis()) / 86_400_000;
    assert!((5..=7).contains(&days), "{days} calendar days");
}
