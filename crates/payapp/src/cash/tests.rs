//! Every field rule of `cashSt` and `cashStCn`.

use super::*;
use crate::error::ErrorCode;
use gyeolje_core::cash_receipt::IdentityKind;

const BASE: [(&str, &str); 13] = [
    ("cmd", "cashSt"),
    ("userid", "payapptest"),
    ("good_name", "테스트상품"),
    ("buyr_name", "홍길동"),
    ("id_info", "01012345678"),
    ("trad_time", "20151231183120"),
    ("tr_code", "0"),
    ("amt_tot", "1100"),
    ("amt_sup", "1000"),
    ("amt_svc", "0"),
    ("amt_tax", "100"),
    ("corp_tax_type", "TG01"),
    ("buyr_mail", ""),
];

fn with(extra: &[(&str, &str)]) -> Form {
    let mut pairs: Vec<(&str, &str)> = BASE.to_vec();
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        pairs.push((k, v));
    }
    Form::from_pairs(pairs)
}

fn without(field: &str) -> Form {
    Form::from_pairs(BASE.iter().copied().filter(|(k, _)| *k != field))
}

fn parse(extra: &[(&str, &str)]) -> Result<CashSt, PayAppError> {
    CashSt::from_form(&with(extra))
}

/// Asserts a 70020 whose message starts with `field: ` and returns the message.
#[track_caller]
fn invalid(result: Result<CashSt, PayAppError>, field: &str) -> String {
    let e = result.unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::InvalidParameter,
        "{field}: {}",
        e.message
    );
    assert!(
        e.message.starts_with(&format!("{field}: ")),
        "{field}: {}",
        e.message
    );
    e.message
}

fn won(v: i64) -> Won {
    Won::new(v).unwrap()
}

#[test]
fn minimal_receipt() {
    let c = parse(&[]).unwrap();
    assert_eq!(c.userid, "payapptest");
    assert_eq!(c.linkkey, None);
    assert_eq!(c.good_name, "테스트상품");
    assert_eq!(c.buyr_name, "홍길동");
    assert_eq!((c.buyr_tel1.clone(), c.buyr_mail.clone()), (None, None));
    assert_eq!(c.id_info.kind(), IdentityKind::Phone);
    assert_eq!(c.id_info.digits(), "01012345678");
    assert_eq!(c.trad_time.kst_datetime(), "2015-12-31 18:31:20");
    assert_eq!(c.tr_code, Purpose::IncomeDeduction);
    let a = c.amounts;
    assert_eq!(
        (a.total(), a.supply(), a.service(), a.tax(), a.tax_type()),
        (won(1100), won(1000), won(0), won(100), TaxType::Taxable)
    );
}

#[test]
fn every_field_is_read_and_trimmed() {
    let c = parse(&[
        ("linkkey", "KEY+/="),
        ("good_name", " 커피 원두 1kg "),
        ("buyr_tel1", "010-9876-5432"),
        ("buyr_mail", " buyer@example.co.kr "),
        ("id_info", "124-81-00998"),
        ("tr_code", "1"),
        ("amt_tot", "10500"),
        ("amt_sup", "9091"),
        ("amt_svc", "500"),
        ("amt_tax", "909"),
        ("corp_tax_type", "tg01"),
    ])
    .unwrap();
    assert_eq!(c.linkkey.as_deref(), Some("KEY+/="));
    assert_eq!(c.good_name, "커피 원두 1kg");
    assert_eq!(c.buyr_tel1.unwrap().as_str(), "01098765432");
    assert_eq!(c.buyr_mail.as_deref(), Some("buyer@example.co.kr"));
    assert_eq!(c.id_info.kind(), IdentityKind::BusinessNumber);
    assert_eq!(c.id_info.digits(), "1248100998");
    assert_eq!(c.tr_code, Purpose::ExpenseProof);
    assert_eq!(c.amounts.service(), won(500));
}

#[test]
fn userid_is_70010() {
    for form in [without("userid"), with(&[("userid", "  ")])] {
        let e = CashSt::from_form(&form).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadCredentials);
        assert!(e.message.contains("userid"));
    }
}

#[test]
fn required_fields_are_70020_naming_the_field() {
    for field in [
        "good_name",
        "buyr_name",
        "id_info",
        "trad_time",
        "tr_code",
        "amt_tot",
        "amt_sup",
        "amt_svc",
        "amt_tax",
        "corp_tax_type",
    ] {
        let message = invalid(CashSt::from_form(&without(field)), field);
        assert!(message.contains("필수"), "{message}");
        invalid(parse(&[(field, " \t ")]), field);
    }
}

#[test]
fn optional_fields_may_be_absent_or_blank() {
    assert!(CashSt::from_form(&without("buyr_mail")).is_ok());
    let c = parse(&[("buyr_tel1", ""), ("buyr_mail", " "), ("linkkey", "")]).unwrap();
    assert_eq!((c.buyr_tel1, c.buyr_mail, c.linkkey), (None, None, None));
}

#[test]
fn names_have_a_length_limit() {
    let long = "가".repeat(GOOD_NAME_MAX_CHARS + 1);
    assert!(invalid(parse(&[("good_name", &long)]), "good_name").contains("200자"));
    assert!(parse(&[("good_name", &long[3..])]).is_ok());
    let long = "가".repeat(BUYR_NAME_MAX_CHARS + 1);
    invalid(parse(&[("buyr_name", &long)]), "buyr_name");
}

#[test]
fn buyr_tel1_is_digits_with_dashes() {
    assert!(parse(&[("buyr_tel1", "02-123-4567")]).is_ok());
    for bad in [
        "010-1234-567a",
        "1234",
        "+82 10 1234 5678",
        "０１０１２３４５６７８",
    ] {
        invalid(parse(&[("buyr_tel1", bad)]), "buyr_tel1");
    }
}

#[test]
fn buyr_mail_looks_like_an_address() {
    for ok in [
        "a@b.co",
        "first.last+tag@sub.example.com",
        "홍길동@예시.한국",
    ] {
        assert!(parse(&[("buyr_mail", ok)]).is_ok(), "{ok}");
    }
    for bad in [
        "buyer",
        "buyer@",
        "@example.com",
        "buyer@example",
        "buyer@@example.com",
        "a@b@example.com",
        "buyer@.example.com",
        "buyer@example.com.",
        "buyer@exa..mple.com",
        "buyer@-example.com",
        ".buyer@example.com",
        "bu..yer@example.com",
        "bu yer@example.com",
        "<buyer@example.com>",
        "\"buyer\"@example.com",
        "buyer@example.com, x@y.z",
    ] {
        invalid(parse(&[("buyr_mail", bad)]), "buyr_mail");
    }
    let long = format!("{}@example.com", "a".repeat(BUYR_MAIL_MAX_CHARS));
    assert!(invalid(parse(&[("buyr_mail", &long)]), "buyr_mail").contains("254자"));
}

#[test]
fn id_info_is_a_mobile_or_a_business_number() {
    for ok in ["010-1234-5678", "0111234567", "019 1234 5678"] {
        assert_eq!(
            parse(&[("id_info", ok)]).unwrap().id_info.kind(),
            IdentityKind::Phone,
            "{ok}"
        );
    }
    assert_eq!(
        parse(&[("id_info", "1234567891"), ("tr_code", "1")])
            .unwrap()
            .id_info
            .kind(),
        IdentityKind::BusinessNumber
    );
    let cases = [
        ("010-1234-567a", "숫자만"),
        ("0212345678", "휴대폰번호(010"),
        ("010123456", "10~11자리"),
        ("1234567890123456", "10~11자리"),
        ("123456789", "10~11자리"),
        ("1234567890", "검증번호"),
    ];
    for (bad, why) in cases {
        let message = invalid(parse(&[("id_info", bad), ("tr_code", "1")]), "id_info");
        assert!(message.contains(why), "{bad}: {message}");
    }
    invalid(parse(&[("id_info", "--")]), "id_info");
}

#[test]
fn income_deduction_goes_to_a_phone_expense_proof_to_either() {
    let message = invalid(
        parse(&[("id_info", "1234567891"), ("tr_code", "0")]),
        "id_info",
    );
    assert!(message.contains("tr_code=1"), "{message}");
    assert!(parse(&[("id_info", "1234567891"), ("tr_code", "1")]).is_ok());
    assert!(parse(&[("id_info", "01012345678"), ("tr_code", "1")]).is_ok());
}

#[test]
fn trad_time_is_a_real_compact_kst_time() {
    let c = parse(&[("trad_time", "20240229235959")]).unwrap();
    assert_eq!(c.trad_time.rfc3339(), "2024-02-29T14:59:59.000Z");
    for bad in [
        "2015-12-31 18:31:20",
        "201512311831",
        "2015123118312099",
        "20150229120000",
        "20151232120000",
        "20151231250000",
        "20151231186100",
        "20151231183160",
        "1451554280",
        "abcdefghijklmn",
    ] {
        let message = invalid(parse(&[("trad_time", bad)]), "trad_time");
        assert!(message.contains("yyyyMMddHHmmss"), "{message}");
    }
}

#[test]
fn tr_code_is_0_or_1() {
    for bad in ["2", "00", "-1", "소득공제", "y", "1.0"] {
        let message = invalid(parse(&[("tr_code", bad)]), "tr_code");
        assert!(message.contains("소득공제용"), "{message}");
    }
}

#[test]
fn corp_tax_type_is_tg01_or_tg02() {
    assert_eq!(
        parse(&[
            ("corp_tax_type", "TG02"),
            ("amt_tax", "0"),
            ("amt_sup", "1100")
        ])
        .unwrap()
        .amounts
        .tax_type(),
        TaxType::TaxExempt
    );
    for bad in ["TG03", "tg", "과세", "1", "TG01 TG02"] {
        let message = invalid(parse(&[("corp_tax_type", bad)]), "corp_tax_type");
        assert!(message.contains("TG02(면세)"), "{message}");
    }
}

#[test]
fn amounts_are_whole_won_digits() {
    for field in ["amt_tot", "amt_sup", "amt_svc", "amt_tax"] {
        for bad in ["1,000", "-1", "+1", "10.5", "1000.0", "1e3", "abc", "１０"] {
            let message = invalid(parse(&[(field, bad)]), field);
            assert!(message.contains("정수"), "{field}={bad}: {message}");
        }
        let message = invalid(parse(&[(field, "99999999999999999999")]), field);
        assert!(message.contains("너무 큽니다"), "{message}");
    }
    // Leading zeros are only zeros.
    assert_eq!(
        parse(&[("amt_tot", "01100")]).unwrap().amounts.total(),
        won(1100)
    );
}

#[test]
fn amounts_must_add_up_exactly() {
    let message = invalid(parse(&[("amt_tax", "99")]), "amt_tot");
    assert_eq!(
        message,
        "amt_tot: 거래금액(1,100원)이 공급가액+봉사료+부가가치세(1,099원)와 같아야 합니다"
    );
    invalid(parse(&[("amt_tot", "1101")]), "amt_tot");
    let message = invalid(
        parse(&[
            ("amt_tot", "0"),
            ("amt_sup", "0"),
            ("amt_svc", "0"),
            ("amt_tax", "0"),
        ]),
        "amt_tot",
    );
    assert!(message.contains("0보다"), "{message}");
    // A sum past the largest amount is refused, never wrapped.
    let max = Won::MAX.to_string();
    let message = invalid(
        parse(&[
            ("amt_tot", &max),
            ("amt_sup", &max),
            ("amt_svc", "1"),
            ("amt_tax", "0"),
        ]),
        "amt_tot",
    );
    assert!(message.contains("너무 큽니다"), "{message}");
    // Service charge counts.
    assert!(parse(&[("amt_tot", "1200"), ("amt_svc", "100")]).is_ok());
}

#[test]
fn tax_exempt_sales_have_no_vat() {
    let message = invalid(parse(&[("corp_tax_type", "TG02")]), "amt_tax");
    assert!(message.contains("TG02"), "{message}");
    assert!(
        parse(&[
            ("corp_tax_type", "TG02"),
            ("amt_sup", "1100"),
            ("amt_tax", "0")
        ])
        .is_ok()
    );
    // A taxed sale may carry any VAT that makes the sum right, zero included.
    assert!(parse(&[("amt_sup", "1100"), ("amt_tax", "0")]).is_ok());
}

#[test]
fn cash_st_round_trips_through_form() {
    let c = parse(&[
        ("linkkey", "KEY+/="),
        ("buyr_tel1", "010-9876-5432"),
        ("buyr_mail", "buyer@example.com"),
        ("id_info", "124-81-00998"),
        ("tr_code", "1"),
        ("corp_tax_type", "TG02"),
        ("amt_sup", "1100"),
        ("amt_tax", "0"),
    ])
    .unwrap();
    let sent = c.to_form();
    assert_eq!(sent[0], ("cmd".to_string(), "cashSt".to_string()));
    let keys: Vec<&str> = sent.iter().map(|(k, _)| k.as_str()).collect();
    assert!(keys.contains(&"corp_tax_type") && keys.contains(&"trad_time"));
    assert!(
        sent.iter()
            .any(|(k, v)| k == "trad_time" && v == "20151231183120")
    );
    assert!(
        sent.iter()
            .any(|(k, v)| k == "corp_tax_type" && v == "TG02")
    );
    assert_eq!(CashSt::from_form(&Form::from_pairs(sent)).unwrap(), c);
    // Optional fields that are not set are not sent.
    let minimal = parse(&[]).unwrap().to_form();
    assert!(
        !minimal
            .iter()
            .any(|(k, _)| k == "linkkey" || k == "buyr_tel1" || k == "buyr_mail")
    );
}

#[test]
fn debug_hides_linkkey_and_id_info() {
    let c = parse(&[("linkkey", "KEY+/=")]).unwrap();
    let text = format!("{c:?}");
    assert!(
        !text.contains("KEY+/=") && !text.contains("01012345678"),
        "{text}"
    );
    assert!(text.contains("010-****-5678"), "{text}");
    let n = CashStCn {
        userid: "u".into(),
        linkkey: Some("KEY+/=".into()),
        cashstno: 5,
    };
    assert!(!format!("{n:?}").contains("KEY"));
}

#[test]
fn reply_line() {
    let r = CashStReply {
        cashstno: 1000,
        cashsturl: "http://127.0.0.1:8080/cashst/AbCd1234EfGh5678".into(),
    };
    assert_eq!(
        r.to_reply(),
        "state=1&errorMessage=&cashstno=1000&cashsturl=http%3A%2F%2F127.0.0.1%3A8080%2Fcashst%2FAbCd1234EfGh5678"
    );
}

#[test]
fn cancel_fields() {
    let form = |pairs: &[(&str, &str)]| Form::from_pairs(pairs.iter().copied());
    let c = CashStCn::from_form(&form(&[
        ("cmd", "cashStCn"),
        ("userid", "payapptest"),
        ("cashstno", " 1000 "),
    ]))
    .unwrap();
    assert_eq!(
        (c.userid.as_str(), c.linkkey.as_deref(), c.cashstno),
        ("payapptest", None, 1000)
    );
    assert_eq!(
        CashStCn::from_form(&Form::from_pairs(c.to_form())).unwrap(),
        c
    );
    let keyed = CashStCn {
        linkkey: Some("K".into()),
        ..c.clone()
    };
    assert_eq!(
        CashStCn::from_form(&Form::from_pairs(keyed.to_form())).unwrap(),
        keyed
    );

    let e = CashStCn::from_form(&form(&[("cashstno", "1000")])).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadCredentials);
    let e = CashStCn::from_form(&form(&[("userid", "u")])).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameter);
    assert_eq!(e.message, "cashstno: 필수 값이 비어 있습니다");
    for bad in ["abc", "0", "-1", "1.0", "12 3", "99999999999999999999"] {
        let e = CashStCn::from_form(&form(&[("userid", "u"), ("cashstno", bad)])).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter, "{bad}");
        assert!(e.message.starts_with("cashstno: "), "{bad}: {}", e.message);
    }
}

#[test]
fn core_refusals_name_the_field() {
    use gyeolje_core::cash_receipt::CashReceiptError;
    let e = receipt_error(&CashReceiptError::TradedInFuture);
    assert!(e.message.starts_with("trad_time: "));
    let e = receipt_error(&CashReceiptError::AlreadyCancelled);
    assert_eq!(e.code, ErrorCode::InvalidParameter);
    assert_eq!(e.message, "cashstno: 이미 취소된 현금영수증입니다");
}

#[test]
fn wire_codes() {
    assert_eq!(tr_code(Purpose::IncomeDeduction), "0");
    assert_eq!(tr_code(Purpose::ExpenseProof), "1");
    assert_eq!(corp_tax_type(TaxType::Taxable), "TG01");
    assert_eq!(corp_tax_type(TaxType::TaxExempt), "TG02");
    for p in Purpose::ALL {
        assert_eq!(parse_tr_code(tr_code(p)), Ok(p));
    }
    for t in TaxType::ALL {
        assert_eq!(parse_corp_tax_type(corp_tax_type(t)), Ok(t));
    }
}
