//! The typed methods against the one-shot fake server of `client/tests.rs`:
//! what they send is what the server reads, and what they read back is
//! what the server writes (`soap::response`).

#![allow(clippy::unwrap_used)]

use super::super::tests::serve_once;
use super::*;
use crate::ops::operation;
use crate::soap::{ResultValue, parse_request, response};
use crate::xml::Limits;

fn args_of(body: &[u8], op: &str) -> Element {
    let req = parse_request(body, Some(&crate::soap::soap_action(op)), Limits::default()).unwrap();
    assert_eq!(req.operation, op);
    req.body
}

#[tokio::test]
async fn account_numb_reads_every_attribute() {
    let fields = [
        ("OrderNo", "501"),
        ("IpayCartNo", "9000000001"),
        ("InsDate", "2024-01-31 12:00:00"),
        ("BankCode", ""),
        ("BankName", ""),
        ("AcctNumb", ""),
        ("PayDate", "2024-01-31 12:01:00"),
        ("PayPrice", "32300.00"),
        ("PaymentType", "C"),
        ("ServiceUrl", "http://shop/s?a=1&b=2"),
        ("RedirectUrl", "http://shop/r"),
        ("Emoney", "0"),
        ("ExpireDate", ""),
        ("ItemNos", "47245950"),
        ("CardName", "신한카드"),
        ("NoInterestYN", "N"),
        ("CardMonth", "00"),
        ("CardNumb", "123456******1234"),
        ("PayNo", "77"),
        ("BuyerID", "buyer"),
        ("BuyerName", "홍길동"),
        ("AuctionOrderNos", "501"),
        ("ApprNumb", "12345678"),
        ("CardCode", "CCLG"),
        ("DiscountPrice", "0.0"),
        ("ShppingPrice", "2500"),
    ];
    let op = operation("GetIpayAccountNumb").unwrap();
    let reply = response(
        SoapVersion::V11,
        op.name,
        ResultValue::object(op, fields.iter().map(|(k, v)| (*k, v.to_string()))),
    );
    let (base, req) = serve_once(200, reply).await;
    let a = IpayClient::new(&base, "T")
        .get_account_numb(77)
        .await
        .unwrap();
    assert_eq!(a.order_no, 501);
    assert_eq!(a.ipay_cart_no, 9_000_000_001);
    assert_eq!(a.pay_price, 32300);
    assert_eq!(a.shipping_price, 2500);
    assert_eq!(a.service_url, "http://shop/s?a=1&b=2");
    assert_eq!(a.card_name, "신한카드");
    assert_eq!(a.card_month, "00");
    assert_eq!(a.pay_no, 77);
    assert_eq!(a.appr_numb, "12345678");
    let (_, body) = req.await.unwrap();
    assert_eq!(
        args_of(&body, "GetIpayAccountNumb").child_text("payNo"),
        Some("77")
    );
}

#[test]
fn account_numb_refuses_malformed_numbers() {
    let mut a = BTreeMap::new();
    a.insert("PayPrice".to_string(), "10.50".to_string());
    assert!(matches!(
        AccountNumb::from_attrs(&a),
        Err(ClientError::Malformed(_))
    ));
    a.insert("PayPrice".to_string(), "10".to_string());
    a.insert("OrderNo".to_string(), "x".to_string());
    assert!(matches!(
        AccountNumb::from_attrs(&a),
        Err(ClientError::Malformed(_))
    ));
    // Absent fields read as empty, as generated proxies read them.
    assert_eq!(
        AccountNumb::from_attrs(&BTreeMap::new()).unwrap(),
        AccountNumb::default()
    );
}

#[tokio::test]
async fn simple_queries_send_their_parameters() {
    let reply = response(
        SoapVersion::V11,
        "GetIpayReceiptStatus",
        ResultValue::Text("결제완료".into()),
    );
    let (base, req) = serve_once(200, reply).await;
    let c = IpayClient::new(&base, "T");
    assert_eq!(c.get_receipt_status(12, "A&1").await.unwrap(), "결제완료");
    let (_, body) = req.await.unwrap();
    let args = args_of(&body, "GetIpayReceiptStatus");
    assert_eq!(args.child_text("ipayCartNo"), Some("12"));
    assert_eq!(args.child_text("ipayItemNo"), Some("A&1"));

    let reply = response(
        SoapVersion::V11,
        "GetIpayOrderConfirm",
        ResultValue::Text("4242".into()),
    );
    let (base, req) = serve_once(200, reply).await;
    let c = IpayClient::new(&base, "T");
    assert_eq!(c.get_order_confirm(13).await.unwrap(), 4242);
    let (_, body) = req.await.unwrap();
    assert_eq!(
        args_of(&body, "GetIpayOrderConfirm").child_text("ipayCartNo"),
        Some("13")
    );

    let reply = response(
        SoapVersion::V11,
        "GetIpaySettlementMeans",
        ResultValue::Text("C".into()),
    );
    let (base, req) = serve_once(200, reply).await;
    let c = IpayClient::new(&base, "T");
    assert_eq!(c.get_settlement_means(14, "X").await.unwrap(), "C");
    let (_, body) = req.await.unwrap();
    assert_eq!(
        args_of(&body, "GetIpaySettlementMeans").child_text("ipayItemNo"),
        Some("X")
    );
}

#[tokio::test]
async fn order_confirm_refuses_a_non_number() {
    let reply = response(
        SoapVersion::V11,
        "GetIpayOrderConfirm",
        ResultValue::Text("abc".into()),
    );
    let (base, _req) = serve_once(200, reply).await;
    let err = IpayClient::new(&base, "T")
        .get_order_confirm(1)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Malformed(_)), "{err:?}");
}

#[tokio::test]
async fn insert_order_answers_an_int() {
    let reply = response(
        SoapVersion::V11,
        "InsertIpayOrder",
        ResultValue::Text("-19".into()),
    );
    let (base, req) = serve_once(200, reply).await;
    let code = IpayClient::new(&base, "T")
        .insert_order(
            Element::new("o").with_attr("pay_price", "1"),
            vec![Element::new("i").with_attr("item_name", "n")],
        )
        .await
        .unwrap();
    assert_eq!(code, -19);
    let (_, body) = req.await.unwrap();
    let args = args_of(&body, "InsertIpayOrder");
    assert_eq!(args.child("ORDER").unwrap().attr("pay_price"), Some("1"));
    assert_eq!(
        args.child("ITEMS")
            .unwrap()
            .child("IpayServiceItems")
            .unwrap()
            .attr("item_name"),
        Some("n")
    );
}

#[tokio::test]
async fn paid_order_list_reads_rows() {
    let op = operation("GetIpayPaidOrderList").unwrap();
    let reply = response(
        SoapVersion::V11,
        op.name,
        ResultValue::rows(
            op,
            [
                vec![
                    ("OrderNo", "1".to_string()),
                    ("OrderStatus", "결제완료".to_string()),
                ],
                vec![
                    ("OrderNo", "2".to_string()),
                    ("OrderStatus", "배송중".to_string()),
                ],
            ],
        ),
    );
    let (base, req) = serve_once(200, reply).await;
    let rows = IpayClient::new(&base, "T")
        .get_paid_order_list(GetOrderList {
            duration_type: "Nothing".into(),
            search_type: "PayNo".into(),
            search_value: "77".into(),
            ..GetOrderList::default()
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["OrderNo"], "1");
    assert_eq!(rows[1]["OrderStatus"], "배송중");
    let (_, body) = req.await.unwrap();
    let r = args_of(&body, "GetIpayPaidOrderList");
    let r = r.child("req").unwrap();
    assert_eq!(r.attr("SearchType"), Some("PayNo"));
    assert_eq!(r.attr("SearchValue"), Some("77"));
    assert_eq!(r.attr("StartDate"), None);
}

#[tokio::test]
async fn call_object_round_trip() {
    let op = operation("DoIpayShippingGeneral").unwrap();
    let reply = response(
        SoapVersion::V11,
        op.name,
        ResultValue::object(
            op,
            [
                ("DoShippingGeneralResponseType", "Success".to_string()),
                ("FailReason", String::new()),
            ],
        ),
    );
    let (base, req) = serve_once(200, reply).await;
    let result = IpayClient::new(&base, "T")
        .call_object(
            "DoIpayShippingGeneral",
            "req",
            &[("OrderNo", "5"), ("InvoiceNo", "123")],
        )
        .await
        .unwrap();
    assert_eq!(result["DoShippingGeneralResponseType"], "Success");
    assert_eq!(result["FailReason"], "");
    let (_, body) = req.await.unwrap();
    let args = args_of(&body, "DoIpayShippingGeneral");
    assert_eq!(args.child("req").unwrap().attr("InvoiceNo"), Some("123"));
}
