use super::*;
use crate::fields::parse_pay_exp_date;

/// 2018-03-13 10:00:00 KST, the day of the manual's example.
fn now() -> Timestamp {
    parse_pay_exp_date("t", "2018-03-13 10:00:00").unwrap()
}

/// The §2.2 example, as proper JSON.
const MANUAL_EXAMPLE: &str = r#"{
  "mid":"testpay01m", "moid":"test20180313001", "goodsName":"테스트상품",
  "amt":"10,004", "dutyFreeAmt":"", "buyerName":"테스트", "buyerTel":"01012341234",
  "buyerEmail":"", "payExpDate":"2018-03-13 23:59:59", "userId":"", "svcPrdtCd":"03"
}"#;

fn example() -> SmsPayRequest {
    SmsPayRequest::from_json(MANUAL_EXAMPLE.as_bytes()).unwrap()
}

fn refusal(edit: impl FnOnce(&mut SmsPayRequest)) -> InnoPayError {
    let mut req = example();
    edit(&mut req);
    req.validate(now()).unwrap_err()
}

#[test]
fn the_manual_example_validates() {
    let req = example();
    assert_eq!(req.amt, "10,004");
    let order = req.validate(now()).unwrap();
    assert_eq!(order.amount.get(), 10004);
    assert_eq!(order.mid, "testpay01m");
    assert_eq!(order.moid.as_deref(), Some("test20180313001"));
    assert_eq!(order.buyer_tel.as_str(), "01012341234");
    assert_eq!(order.duty_free, None);
    assert_eq!(order.buyer_email, None);
    assert_eq!(order.user_id, None);
    assert_eq!(order.product, SmsProduct::ManualEntry);
    assert_eq!(format_pay_exp(order.pay_exp), "2018-03-13 23:59:59");
}

#[test]
fn numbers_dashes_defaults_and_unknown_fields() {
    let req = SmsPayRequest::from_json(
        r#"{"mid":"testpay01m","goodsName":"상품","amt":10004,"buyerName":"홍길동",
            "buyerTel":"010-4311-6330","svcPrdtCd":4,"extra":"x","buyerEmail":null}"#
            .as_bytes(),
    )
    .unwrap();
    let order = req.validate(now()).unwrap();
    assert_eq!(order.amount.get(), 10004);
    assert_eq!(order.buyer_tel.as_str(), "01043116330");
    assert_eq!(order.product, SmsProduct::CardAuth);
    assert_eq!(order.moid, None);
    assert_eq!(format_pay_exp(order.pay_exp), "2018-03-14 23:59:59");
}

#[test]
fn names_are_case_sensitive() {
    let req = SmsPayRequest::from_json(br#"{"MID":"testpay01m"}"#).unwrap();
    assert_eq!(req.mid, "");
}

#[test]
fn every_validation_code_names_the_field() {
    let cases: Vec<(InnoPayError, ResultCode, &str)> = vec![
        (refusal(|r| r.mid.clear()), ResultCode::MissingField, "mid"),
        (
            refusal(|r| r.goods_name = " ".into()),
            ResultCode::MissingField,
            "goodsName",
        ),
        (refusal(|r| r.amt.clear()), ResultCode::MissingField, "amt"),
        (
            refusal(|r| r.buyer_name.clear()),
            ResultCode::MissingField,
            "buyerName",
        ),
        (
            refusal(|r| r.buyer_tel.clear()),
            ResultCode::MissingField,
            "buyerTel",
        ),
        (
            refusal(|r| r.mid = "x".repeat(11)),
            ResultCode::FieldTooLong,
            "mid",
        ),
        (
            refusal(|r| r.moid = "x".repeat(41)),
            ResultCode::FieldTooLong,
            "moid",
        ),
        (
            refusal(|r| r.goods_name = "가".repeat(41)),
            ResultCode::FieldTooLong,
            "goodsName",
        ),
        (
            refusal(|r| r.amt = "1".repeat(13)),
            ResultCode::FieldTooLong,
            "amt",
        ),
        (
            refusal(|r| r.duty_free_amt = "1".repeat(13)),
            ResultCode::FieldTooLong,
            "dutyFreeAmt",
        ),
        (
            refusal(|r| r.buyer_name = "가".repeat(31)),
            ResultCode::FieldTooLong,
            "buyerName",
        ),
        (
            refusal(|r| r.buyer_tel = "1".repeat(21)),
            ResultCode::FieldTooLong,
            "buyerTel",
        ),
        (
            refusal(|r| r.buyer_email = format!("{}@a.kr", "x".repeat(60))),
            ResultCode::FieldTooLong,
            "buyerEmail",
        ),
        (
            refusal(|r| r.user_id = "x".repeat(21)),
            ResultCode::FieldTooLong,
            "userId",
        ),
        (
            refusal(|r| r.svc_prdt_cd = "003".into()),
            ResultCode::FieldTooLong,
            "svcPrdtCd",
        ),
        (
            refusal(|r| r.amt = "10.004".into()),
            ResultCode::InvalidFormat,
            "amt",
        ),
        (
            refusal(|r| r.duty_free_amt = "-1".into()),
            ResultCode::InvalidFormat,
            "dutyFreeAmt",
        ),
        (
            refusal(|r| r.buyer_tel = "010-1234-abcd".into()),
            ResultCode::InvalidFormat,
            "buyerTel",
        ),
        (
            refusal(|r| r.buyer_email = "noemail".into()),
            ResultCode::InvalidFormat,
            "buyerEmail",
        ),
        (
            refusal(|r| r.pay_exp_date = "내일".into()),
            ResultCode::InvalidFormat,
            "payExpDate",
        ),
        (
            refusal(|r| r.amt = "0".into()),
            ResultCode::InvalidValue,
            "amt",
        ),
        (
            refusal(|r| r.duty_free_amt = "10,005".into()),
            ResultCode::InvalidValue,
            "dutyFreeAmt",
        ),
        (
            refusal(|r| r.svc_prdt_cd = "05".into()),
            ResultCode::InvalidValue,
            "svcPrdtCd",
        ),
        (
            refusal(|r| r.pay_exp_date = "2018-03-13 09:59:59".into()),
            ResultCode::InvalidDeadline,
            "payExpDate",
        ),
    ];
    for (e, code, field) in cases {
        assert_eq!(e.code, code, "{field}: {e}");
        assert!(e.message.starts_with(field), "{field}: {}", e.message);
    }
    let e = SmsPayRequest::from_json(br#"{"amt":[10004]}"#).unwrap_err();
    assert_eq!(e.code, ResultCode::WrongType);
    assert!(e.message.starts_with("amt"));
    let e = SmsPayRequest::from_json(b"mid=testpay01m").unwrap_err();
    assert_eq!(e.code, ResultCode::MalformedRequest);
}

/// `amt` is `N 12`: twelve digits, however many commas group them (§2.2
/// "숫자, 쉼표(,) 가능"). The manual's digits-only form and the live grouped
/// form of the same number are the same amount.
#[test]
fn amount_size_counts_digits_not_commas() {
    let with = |amt: &str, free: &str| {
        let mut r = example();
        r.amt = amt.into();
        r.duty_free_amt = free.into();
        r.validate(now())
    };
    for (amt, free) in [
        ("100000000000", "100000000000"),
        ("100,000,000,000", "100,000,000,000"),
        (" 999,999,999,999 ", "1,000"),
    ] {
        let order = with(amt, free).unwrap_or_else(|e| panic!("{amt}: {e}"));
        assert_eq!(
            order.amount.get(),
            amt.trim().replace(',', "").parse::<i64>().unwrap()
        );
    }
    for (amt, free, field) in [
        ("1,000,000,000,000", "", "amt"),
        ("1000000000000", "", "amt"),
        ("100,000,000,000", "1,000,000,000,000", "dutyFreeAmt"),
    ] {
        let e = with(amt, free).unwrap_err();
        assert_eq!(e.code, ResultCode::FieldTooLong, "{amt} {free}: {e}");
        assert!(e.message.starts_with(field), "{}", e.message);
        assert!(e.message.contains("12자리"), "{}", e.message);
    }
}

#[test]
fn deadline_window() {
    let with = |d: &str| {
        let mut r = example();
        r.pay_exp_date = d.into();
        r.validate(now()).map(|o| format_pay_exp(o.pay_exp))
    };
    assert_eq!(with("2018-03-16 23:59:59").unwrap(), "2018-03-16 23:59:59");
    assert_eq!(with("201803162359").unwrap(), "2018-03-16 23:59:59");
    assert_eq!(with("2018-03-16").unwrap(), "2018-03-16 23:59:59");
    assert_eq!(with("20180313100001").unwrap(), "2018-03-13 10:00:01");
    for late in ["2018-03-17 00:00:00", "20180317000000"] {
        assert_eq!(with(late).unwrap_err().code, ResultCode::InvalidDeadline);
    }
    for past in ["2018-03-13 10:00:00", "2018-03-12 23:59:59"] {
        assert_eq!(with(past).unwrap_err().code, ResultCode::InvalidDeadline);
    }
    assert_eq!(with("").unwrap(), "2018-03-14 23:59:59");
}

#[test]
fn replies_echo_the_request() {
    let req = example();
    let refused = SmsPayReply::refused(&req, &InnoPayError::missing("buyerName"));
    assert_eq!(refused.amt, "10,004");
    assert_eq!(refused.result_code, "3002");
    assert!(!refused.is_success());
    let mut req = example();
    req.pay_exp_date.clear();
    let order = req.validate(now()).unwrap();
    let sms = sms_text(
        "테스트가맹점",
        &order.goods_name,
        order.amount,
        &order.buyer_name,
        "https://pg.example/s/AZBUfx",
    );
    let ok = SmsPayReply::registered(
        &req,
        &order,
        "test20180313001",
        &sms,
        "https://pg.example/s/AZBUfx".into(),
    );
    assert!(ok.is_success());
    assert_eq!(ok.pay_exp_date, "2018-03-14 23:59:59");
    let json = serde_json::to_string_pretty(&ok).unwrap();
    assert_eq!(SmsPayReply::from_json(json.as_bytes()).unwrap(), ok);
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!("sms_pay_reply_json", json);
        insta::assert_snapshot!("sms_text", sms);
    });
}

#[test]
fn client_side_json_has_every_field() {
    let json = serde_json::to_value(example()).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 11);
    for k in [
        "goodsName",
        "dutyFreeAmt",
        "buyerTel",
        "payExpDate",
        "userId",
        "svcPrdtCd",
    ] {
        assert!(keys.contains(&k), "{k}");
    }
}
