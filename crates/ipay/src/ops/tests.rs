#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use super::result::sample;
use super::*;
use crate::soap::ResultValue;
use crate::xml::{Limits, parse};

#[test]
fn catalog_is_consistent() {
    let mut ops = HashSet::new();
    for op in OPERATIONS {
        assert!(ops.insert(op.name), "duplicate operation {}", op.name);
        assert_eq!(operation(op.name), Some(op));
        for p in op.params.iter().map(|p| p.ty).chain(op.result) {
            if let TypeRef::Complex(t) | TypeRef::Array(t) = p {
                assert_eq!(complex_type(t.name), Some(t), "{} not listed", t.name);
            }
        }
    }
    assert_eq!(OPERATIONS.len(), 26);
    let mut types = HashSet::new();
    for t in complex_types() {
        assert!(types.insert(t.name), "duplicate type {}", t.name);
        let mut fields = HashSet::new();
        for f in t.fields {
            assert!(
                fields.insert(f.name),
                "duplicate field {}.{}",
                t.name,
                f.name
            );
        }
    }
    assert!(operation("insertipayordertolong").is_none());
    assert_eq!(
        complex_type("IpayAccountNumbT")
            .unwrap()
            .field("ShppingPrice")
            .unwrap()
            .ty,
        XsdType::Decimal
    );
}

#[test]
fn lexical_forms() {
    for v in ["0", "-5", " 12 ", "2147483647"] {
        assert!(XsdType::Int.accepts(v), "{v}");
    }
    for v in ["", "1.0", "2147483648", "abc"] {
        assert!(!XsdType::Int.accepts(v), "{v}");
    }
    assert!(XsdType::Long.accepts("9007199254740993"));
    for v in ["true", "false", "1", "0"] {
        assert!(XsdType::Boolean.accepts(v));
    }
    assert!(!XsdType::Boolean.accepts("True"));
    for v in ["1000", "1000.0", "-0.5", ".5", "+3"] {
        assert!(XsdType::Decimal.accepts(v), "{v}");
    }
    for v in ["", ".", "1e3", "1,000", "NaN"] {
        assert!(!XsdType::Decimal.accepts(v), "{v}");
    }
    for v in [
        "2024-02-29",
        "2024-01-31T23:59:59",
        "2024-01-31T23:59:59.1234567",
        "2024-01-31T23:59:59Z",
        "2024-01-31T23:59:59+09:00",
        "2024-01-31T23:59:59.5-05:00",
    ] {
        assert!(XsdType::DateTime.accepts(v), "{v}");
    }
    for v in [
        "2023-02-29",
        "20240131",
        "2024-01-31 23:59:59",
        "2024-01-31T25:00:00",
        "2024-01-31T23:59",
        "2024-01-31T23:59:59+9",
        "2024-01-31T23:59:59.",
        "2024-01-31T한글한글한글",
    ] {
        assert!(!XsdType::DateTime.accepts(v), "{v}");
    }
}

fn body(xml: &str) -> crate::xml::Element {
    parse(xml.as_bytes(), Limits::default()).unwrap()
}

#[test]
fn reads_cart_arguments() {
    let op = operation("InsertIpayOrderToLong").unwrap();
    let b = body(
        r#"<InsertIpayOrderToLong xmlns="http://www.auction.co.kr/IpayService/Ipay"><ORDER payment_rule="0" pay_price="12000" is_address_required="true" unknown="x"/><ITEMS><IpayServiceItems item_name="a" order_qty="2"/><IpayServiceItems item_name="b" order_qty="1"/></ITEMS></InsertIpayOrderToLong>"#,
    );
    let args = Args::read(op, &b).unwrap();
    let order = args.object("ORDER").unwrap();
    assert_eq!(order.attr_int("pay_price"), Some(12000));
    assert_eq!(order.attr_int("shipping_price"), None);
    assert_eq!(order.attr_bool("is_address_required"), Some(true));
    assert_eq!(order.attr("unknown"), Some("x"));
    let items = args.list("ITEMS");
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].attr_str("item_name"), Some("b"));
    assert_eq!(items[0].attr_int("order_qty"), Some(2));
}

#[test]
fn reads_simple_arguments_and_missing_ones() {
    let op = operation("GetIpayReceiptStatus").unwrap();
    let b = body(
        "<GetIpayReceiptStatus><ipayCartNo> 9007199254740993 </ipayCartNo></GetIpayReceiptStatus>",
    );
    let args = Args::read(op, &b).unwrap();
    assert_eq!(args.long("ipayCartNo"), Some(9_007_199_254_740_993));
    assert_eq!(args.string("ipayItemNo"), None);
}

#[test]
fn wrong_types_are_reported() {
    let op = operation("GetIpayAccountNumb").unwrap();
    let b = body("<GetIpayAccountNumb><payno>12a</payno></GetIpayAccountNumb>");
    assert_eq!(
        Args::read(op, &b).unwrap_err(),
        ArgError::WrongType {
            name: "payno".into(),
            expected: XsdType::Int,
            value: "12a".into()
        }
    );
    let op = operation("InsertIpayOrderToLong").unwrap();
    let b = body(r#"<I><ORDER pay_price="1,000"/></I>"#);
    assert!(
        matches!(Args::read(op, &b), Err(ArgError::WrongType { name, .. }) if name == "ORDER.pay_price")
    );
    let b = body(
        r#"<I><ITEMS><IpayServiceItems order_qty="1"/><IpayServiceItems order_qty="one"/></ITEMS></I>"#,
    );
    let err = Args::read(op, &b).unwrap_err();
    assert!(
        err.to_string()
            .contains("ITEMS.IpayServiceItems[1].order_qty"),
        "{err}"
    );
    let op = operation("GetIpayPaidOrderList").unwrap();
    let b = body(r#"<G><req StartDate="2024/01/01"/></G>"#);
    assert!(Args::read(op, &b).is_err());
}

/// Builds a full result for every operation from the catalog itself, so a
/// type whose fields the builders reject would fail here.
#[test]
fn every_result_type_builds() {
    for op in OPERATIONS {
        let value = match op.result {
            None => ResultValue::void(op),
            Some(TypeRef::Simple(ty)) => ResultValue::simple(op, sample(ty)),
            Some(TypeRef::Complex(t)) => ResultValue::object(
                op,
                t.fields.iter().map(|f| (f.name, sample(f.ty).to_string())),
            ),
            Some(TypeRef::Array(t)) => ResultValue::rows(
                op,
                (0..2).map(|_| t.fields.iter().map(|f| (f.name, sample(f.ty).to_string()))),
            ),
        };
        let text = crate::soap::response(crate::soap::SoapVersion::V11, op.name, value);
        assert!(
            parse(text.as_bytes(), Limits::default()).is_ok(),
            "{}",
            op.name
        );
    }
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "has no field PayNumber")]
fn unknown_result_field_panics_in_debug() {
    let op = operation("GetIpayAccountNumb").unwrap();
    let _ = ResultValue::object(op, [("PayNumber", "1".to_string())]);
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "must be int")]
fn wrong_result_value_panics_in_debug() {
    let op = operation("GetIpayAccountNumb").unwrap();
    let _ = ResultValue::object(op, [("PayNo", "1.5".to_string())]);
}

/// A request exactly as zeep 4 builds it from our WSDL (checked by hand with
/// `client.create_message`): prefixed elements, attributes unqualified.
#[test]
fn reads_a_zeep_request() {
    let zeep = r#"<soap-env:Envelope xmlns:soap-env="http://www.w3.org/2003/05/soap-envelope"><soap-env:Header><ns0:EncryptedTicket xmlns:ns0="http://www.auction.co.kr/Security"><ns0:Value>TICKET</ns0:Value></ns0:EncryptedTicket></soap-env:Header><soap-env:Body><ns0:InsertIpayOrderToLong xmlns:ns0="http://www.auction.co.kr/IpayService/Ipay"><ns0:ORDER payment_rule="0" pay_price="1000" shipping_price="0" shipping_type="1" back_url="http://a/?x=1&amp;y=2" service_url="s" redirect_url="r"/><ns0:ITEMS><ns0:IpayServiceItems item_name="n" ipay_itemno="1" item_option_name="" item_price="1000" order_qty="1" item_url="u" thumbnail_url="t"/></ns0:ITEMS></ns0:InsertIpayOrderToLong></soap-env:Body></soap-env:Envelope>"#;
    let req = crate::soap::parse_request(
        zeep.as_bytes(),
        Some("http://www.auction.co.kr/IpayService/Ipay/InsertIpayOrderToLong"),
        Limits::default(),
    )
    .unwrap();
    assert_eq!(req.version, crate::soap::SoapVersion::V12);
    assert_eq!(req.ticket.as_deref(), Some("TICKET"));
    let op = operation(&req.operation).unwrap();
    let args = Args::read(op, &req.body).unwrap();
    assert_eq!(
        args.object("ORDER").unwrap().attr_str("back_url"),
        Some("http://a/?x=1&y=2")
    );
    assert_eq!(args.list("ITEMS")[0].attr_int("item_price"), Some(1000));
}

#[test]
fn each_operation_has_its_own_op() {
    let mut seen = std::collections::HashSet::new();
    for op in OPERATIONS {
        assert!(seen.insert(op.op), "{:?} twice", op.op);
        assert_eq!(operation(op.name).map(|o| o.op), Some(op.op));
        // The variant is the operation's name (`test` capitalised).
        assert!(format!("{:?}", op.op).eq_ignore_ascii_case(op.name));
    }
    assert!(!operation("test").unwrap().needs_ticket());
    assert!(operation("GetIpayAccountNumb").unwrap().needs_ticket());
}
