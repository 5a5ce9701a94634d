use super::*;
use crate::codes::ResultCode;
use proptest::prelude::*;

/// 2018-03-13 10:00:00 KST.
fn now() -> Timestamp {
    parse_pay_exp_date("t", "2018-03-13 10:00:00").unwrap()
}

#[test]
fn amounts() {
    assert_eq!(parse_amount("amt", "10,004").unwrap().get(), 10004);
    assert_eq!(parse_amount("amt", " 10004 ").unwrap().get(), 10004);
    assert_eq!(parse_amount("amt", "1,0,0").unwrap().get(), 100);
    assert_eq!(parse_amount("amt", "0").unwrap().get(), 0);
    assert_eq!(
        parse_amount("amt", "").unwrap_err().code,
        ResultCode::MissingField
    );
    for bad in ["-1", "1.0", ",100", "100,", "1,,0", "1 000", "abc", "１０"] {
        let e = parse_amount("amt", bad).unwrap_err();
        assert_eq!(e.code, ResultCode::InvalidFormat, "{bad}");
        assert!(e.message.starts_with("amt:"), "{}", e.message);
    }
    let e = parse_amount("amt", "99999999999999999999").unwrap_err();
    assert_eq!(e.code, ResultCode::InvalidFormat);
    assert_eq!(parse_optional_amount("dutyFreeAmt", " ").unwrap(), None);
    assert_eq!(
        parse_optional_amount("dutyFreeAmt", "1,000").unwrap(),
        Some(Won::new(1000).unwrap())
    );
}

#[test]
fn phone_numbers() {
    assert_eq!(
        parse_tel("buyerTel", "010-4311-6330").unwrap().as_str(),
        "01043116330"
    );
    assert_eq!(
        parse_tel("buyerTel", "010 1234 1234").unwrap().as_str(),
        "01012341234"
    );
    assert_eq!(
        parse_tel("buyerTel", "").unwrap_err().code,
        ResultCode::MissingField
    );
    let e = parse_tel("buyerTel", "010-12a4-1234").unwrap_err();
    assert_eq!(e.code, ResultCode::InvalidFormat);
    assert!(e.message.contains("buyerTel"));
}

#[test]
fn every_deadline_spelling() {
    let want = "2017-11-21 23:59:59";
    for text in [
        "2017-11-21 23:59:59",
        "20171121235959",
        "201711212359",
        "2017-11-21 23:59",
        "2017-11-21",
        "20171121",
        " 2017-11-21 23:59:59 ",
    ] {
        let t = parse_pay_exp_date("payExpDate", text).unwrap();
        assert_eq!(format_pay_exp(t), want, "{text}");
    }
    assert_eq!(
        format_pay_exp(parse_pay_exp_date("p", "201711211200").unwrap()),
        "2017-11-21 12:00:59"
    );
    for bad in [
        "2017-11-21T23:59:59",
        "2017-1-21 23:59:59",
        "2017-02-30",
        "2017-11-21 24:00:00",
        "2017-11-21 23:59:60",
        "tomorrow",
        "2017/11/21",
        "1711212359",
    ] {
        let e = parse_pay_exp_date("payExpDate", bad).unwrap_err();
        assert_eq!(e.code, ResultCode::InvalidFormat, "{bad}");
        assert!(e.message.starts_with("payExpDate:"));
    }
}

#[test]
fn default_and_latest_deadlines() {
    assert_eq!(
        format_pay_exp(default_pay_exp(now())),
        "2018-03-14 23:59:59"
    );
    assert_eq!(format_pay_exp(latest_pay_exp(now())), "2018-03-16 23:59:59");
    // 23:59:59.5 on the 13th is still the 13th; midnight is the 14th.
    let late = Timestamp::from_millis(
        parse_pay_exp_date("t", "2018-03-13 23:59:59")
            .unwrap()
            .as_millis()
            + 500,
    );
    assert_eq!(format_pay_exp(default_pay_exp(late)), "2018-03-14 23:59:59");
    let midnight = parse_pay_exp_date("t", "2018-03-14 00:00:00").unwrap();
    assert_eq!(
        format_pay_exp(default_pay_exp(midnight)),
        "2018-03-15 23:59:59"
    );
}

#[test]
fn lengths_are_characters() {
    assert!(check_len("goodsName", &"가".repeat(40), 40).is_ok());
    let e = check_len("goodsName", &"가".repeat(41), 40).unwrap_err();
    assert_eq!(e.code, ResultCode::FieldTooLong);
    assert!(e.message.contains("goodsName") && e.message.contains("40"));
}

#[test]
fn emails() {
    assert!(looks_like_email("noemail@noemail.com"));
    for bad in ["", "a", "@b.c", "a@b", "a@.c", "a@b.", "a b@c.d", "a@b@c.d"] {
        assert!(!looks_like_email(bad), "{bad}");
    }
}

proptest! {
    #[test]
    fn grouped_amounts_parse_back(v in 0i64..=Won::MAX.get()) {
        let w = Won::new(v).unwrap();
        prop_assert_eq!(parse_amount("amt", &w.grouped()).unwrap(), w);
        prop_assert_eq!(parse_amount("amt", &w.to_string()).unwrap(), w);
    }

    #[test]
    fn compact_deadlines_round_trip(secs in 0i64..4_000_000_000) {
        let t = Timestamp::from_millis(secs * 1000);
        prop_assert_eq!(parse_pay_exp_date("p", &t.kst_compact()).unwrap(), t);
        prop_assert_eq!(parse_pay_exp_date("p", &format_pay_exp(t)).unwrap(), t);
    }
}
