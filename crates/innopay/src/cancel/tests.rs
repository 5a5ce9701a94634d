use super::*;

/// The §3.2 request example, leading space in the tid and all.
const MANUAL_EXAMPLE: &str = r#"{
  "mid": "testpay01m",
  "tid": " testpay01m01011801181105238578",
  "svcCd": "01",
  "cancelAmt": "1000",
  "cancelMsg": "test",
  "cancelPwd": "123456"
}"#;

fn example() -> CancelRequest {
    CancelRequest::from_json(MANUAL_EXAMPLE.as_bytes()).unwrap()
}

#[test]
fn the_manual_example_validates() {
    let c = example().validate().unwrap();
    assert_eq!(c.tid, "testpay01m01011801181105238578");
    assert_eq!(c.amount.get(), 1000);
    assert_eq!(c.password, "123456");
    assert_eq!(c.message, "test");
    assert_eq!(c.partial, None);
}

#[test]
fn partial_codes_and_refund_fields() {
    for (code, want) in [("0", Some(false)), ("1", Some(true)), ("", None)] {
        let mut r = example();
        r.partial_cancel_code = code.into();
        assert_eq!(r.validate().unwrap().partial, want);
    }
    let mut r = example();
    r.partial_cancel_code = "2".into();
    let e = r.validate().unwrap_err();
    assert_eq!(e.code, ResultCode::InvalidValue);
    assert!(e.message.starts_with("partialCancelCode"));
    let r = CancelRequest::from_json(
        br#"{"mid":"m","tid":"t","svcCd":1,"cancelAmt":500,"cancelMsg":"x","cancelPwd":"p","partialCancelCode":"1","refundBankCd":"004"}"#,
    )
    .unwrap();
    assert_eq!(r.refund_bank_cd, "004");
    assert_eq!(r.validate().unwrap().amount.get(), 500);
}

#[test]
fn refusals_name_the_field() {
    let check = |edit: fn(&mut CancelRequest), code: ResultCode, field: &str| {
        let mut r = example();
        edit(&mut r);
        let e = r.validate().unwrap_err();
        assert_eq!(e.code, code, "{field}: {e}");
        assert!(e.message.starts_with(field), "{}", e.message);
    };
    check(|r| r.mid.clear(), ResultCode::MissingField, "mid");
    check(|r| r.tid = "  ".into(), ResultCode::MissingField, "tid");
    check(|r| r.svc_cd.clear(), ResultCode::MissingField, "svcCd");
    check(
        |r| r.cancel_amt.clear(),
        ResultCode::MissingField,
        "cancelAmt",
    );
    check(
        |r| r.cancel_msg.clear(),
        ResultCode::MissingField,
        "cancelMsg",
    );
    check(
        |r| r.cancel_pwd.clear(),
        ResultCode::MissingField,
        "cancelPwd",
    );
    check(|r| r.tid = "1".repeat(31), ResultCode::FieldTooLong, "tid");
    check(
        |r| r.cancel_msg = "가".repeat(101),
        ResultCode::FieldTooLong,
        "cancelMsg",
    );
    check(
        |r| r.cancel_pwd = "1".repeat(21),
        ResultCode::FieldTooLong,
        "cancelPwd",
    );
    check(
        |r| r.cancel_amt = "1".repeat(13),
        ResultCode::FieldTooLong,
        "cancelAmt",
    );
    check(
        |r| r.cancel_amt = "1000원".into(),
        ResultCode::InvalidFormat,
        "cancelAmt",
    );
    check(
        |r| r.cancel_amt = "0".into(),
        ResultCode::InvalidValue,
        "cancelAmt",
    );
    check(
        |r| r.svc_cd = "02".into(),
        ResultCode::InvalidValue,
        "svcCd",
    );
}

#[test]
fn client_json_is_the_manual_shape() {
    let json = serde_json::to_string(&example()).unwrap();
    assert_eq!(
        json,
        r#"{"mid":"testpay01m","tid":" testpay01m01011801181105238578","svcCd":"01","cancelAmt":"1000","cancelMsg":"test","cancelPwd":"123456"}"#
    );
    let mut r = example();
    r.partial_cancel_code = "1".into();
    assert!(
        serde_json::to_string(&r)
            .unwrap()
            .contains(r#""partialCancelCode":"1""#)
    );
}

#[test]
fn replies() {
    // 2018-01-18 14:50:38 KST, the §3.2 response example.
    let at = Timestamp::from_millis(1_516_254_638_000);
    let ok = CancelReply::cancelled(
        " testpay01m01011801181105238578",
        Won::new(1000).unwrap(),
        at,
    );
    assert!(ok.is_success());
    assert_eq!(
        (ok.pg_app_date.as_str(), ok.pg_app_time.as_str()),
        ("20180118", "145038")
    );
    let json = serde_json::to_string_pretty(&ok).unwrap();
    assert_eq!(CancelReply::parse(json.as_bytes()), Some(ok.clone()));
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!("cancel_reply_json", json);
    });
    let no = CancelReply::refused("t1", &InnoPayError::of(ResultCode::WrongCancelPassword));
    assert_eq!(no.result_code, "2011");
    assert!(!no.is_success());
    let form =
        CancelReply::parse(b"pgTid=t1&resultCode=2001&resultMsg=%EC%B7%A8%EC%86%8C").unwrap();
    assert_eq!(form.result_msg, "취소");
    assert!(form.is_success());
    assert_eq!(CancelReply::parse(b"<html>"), None);
}

#[test]
fn unreadable_bodies() {
    let e = CancelRequest::from_json(br#"{"cancelAmt": {"v": 1}}"#).unwrap_err();
    assert_eq!(e.code, ResultCode::WrongType);
    assert!(e.message.starts_with("cancelAmt"));
    let e = CancelRequest::from_json(b"mid=testpay01m&tid=x").unwrap_err();
    assert_eq!(e.code, ResultCode::MalformedRequest);
}
