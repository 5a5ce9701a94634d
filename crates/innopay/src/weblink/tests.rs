use super::*;
use crate::codes::ResultCode;
use crate::fields::{format_pay_exp, parse_pay_exp_date};
use crate::product::SmsProduct;
use encoding_rs::EUC_KR;
use gyeolje_core::Timestamp;
use proptest::prelude::*;

const LICENSE_KEY: &str =
    "Ma29gyAFhvv/+e4/AHpV6pISQlvSKziLlbrNoXPbRS5nfTx2DOs8OJve+NzwyoaQ8p9Uy1AN4S1I0Um5v7oNUg==";

/// The §1.1 example URL's query, GoodsName as the manual prints it (raw UTF-8).
const MANUAL_QUERY: &str = "LicenseKey=Ma29gyAFhvv/%2Be4/AHpV6pISQlvSKziLlbrNoXPbRS5nfTx2DOs8OJve%2BNzwyoaQ8p9Uy1AN4S1I0Um5v7oNUg==&ServiceMode=PY0&Mid=testpay01m&PayMethod=CSMS&PgMID=nictest14m&Moid=test20180313003&RequestType=&GoodsName=테스트상품&Amt=10005";

/// 2018-03-13 10:00:00 KST.
fn now() -> Timestamp {
    parse_pay_exp_date("t", "2018-03-13 10:00:00").unwrap()
}

fn euc_kr_percent(text: &str) -> String {
    EUC_KR
        .encode(text)
        .0
        .iter()
        .map(|b| format!("%{b:02X}"))
        .collect()
}

#[test]
fn the_manual_example_url() {
    let encoded = MANUAL_QUERY.replace(
        "테스트상품",
        "%ED%85%8C%EC%8A%A4%ED%8A%B8%EC%83%81%ED%92%88",
    );
    for query in [MANUAL_QUERY.to_owned(), encoded] {
        let req = WebLinkRequest::from_urlencoded(query.as_bytes());
        assert_eq!(req.license_key, LICENSE_KEY);
        assert_eq!(req.goods_name, "테스트상품");
        let order = req.validate(now()).unwrap();
        assert_eq!(order.request_type, RequestType::Web);
        assert_eq!(order.mid, "testpay01m");
        assert_eq!(order.pg_mid, "nictest14m");
        assert_eq!(order.moid.as_deref(), Some("test20180313003"));
        assert_eq!(order.amount.get(), 10005);
        assert_eq!(order.product, SmsProduct::ManualEntry);
        assert_eq!(order.encoding, Encoding::Utf8);
        assert_eq!(order.pay_exp, None);
    }
}

#[test]
fn the_card_auth_variant_spells_svc_prdt_cd_with_a_capital() {
    let query = format!(
        "{}&SvcPrdtCd=04",
        MANUAL_QUERY.replace("nictest14m", "2999199999")
    );
    let order = WebLinkRequest::from_urlencoded(query.as_bytes())
        .validate(now())
        .unwrap();
    assert_eq!(order.product, SmsProduct::CardAuth);
    assert_eq!(order.pg_mid, "2999199999");
    let both = WebLinkRequest::from_urlencoded(b"svcPrdtCd=03&SvcPrdtCd=04");
    assert_eq!(both.svc_prdt_cd, "03", "the first occurrence wins");
}

#[test]
fn every_encoding_mode() {
    let name = "테스트상품";
    let euc = euc_kr_percent(name);
    let utf = "%ED%85%8C%EC%8A%A4%ED%8A%B8%EC%83%81%ED%92%88";
    let cases = [
        (format!("GoodsName={utf}"), "utf-8 default"),
        (
            format!("GoodsName={euc}"),
            "utf-8 default falls back to EUC-KR",
        ),
        (format!("Encoding=UTF-8&GoodsName={utf}"), "utf-8"),
        (
            format!("GoodsName={euc}&Encoding=euc-kr"),
            "euc-kr raw bytes, Encoding later",
        ),
        (
            format!("Encoding=euc-kr&GoodsName={utf}"),
            "euc-kr that is really UTF-8",
        ),
        (format!("Encoding=noencoding&GoodsName={utf}"), "noencoding"),
        (
            format!("Encoding=url_utf-8&GoodsName={utf}"),
            "url_utf-8 single",
        ),
        (
            format!("Encoding=url_utf-8&GoodsName={}", utf.replace('%', "%25")),
            "url_utf-8 double",
        ),
        (
            format!("Encoding=url_euc-kr&GoodsName={euc}"),
            "url_euc-kr single (GET)",
        ),
        (
            format!("Encoding=url_euc-kr&GoodsName={}", euc.replace('%', "%25")),
            "url_euc-kr double (POST)",
        ),
    ];
    for (query, what) in cases {
        let req = WebLinkRequest::from_urlencoded(query.as_bytes());
        assert_eq!(req.goods_name, name, "{what}");
    }
    let req =
        WebLinkRequest::from_urlencoded(format!("Encoding=url_euc-kr&BuyerName={euc}").as_bytes());
    assert_eq!(req.buyer_name, name);
    let raw: Vec<u8> = [
        &b"GoodsName="[..],
        &EUC_KR.encode(name).0,
        b"&Encoding=euc-kr",
    ]
    .concat();
    assert_eq!(
        WebLinkRequest::from_urlencoded(&raw).goods_name,
        name,
        "unescaped EUC-KR bytes"
    );
    let plus = WebLinkRequest::from_urlencoded(b"GoodsName=a+b&Moid=x&Moid=y&Unknown=1");
    assert_eq!((plus.goods_name.as_str(), plus.moid.as_str()), ("a b", "x"));
    for (text, want) in [
        ("", Encoding::Utf8),
        ("NoEncoding", Encoding::NoEncoding),
        ("EUC-KR", Encoding::EucKr),
        ("url_UTF-8", Encoding::UrlUtf8),
        ("URL_EUC-KR", Encoding::UrlEucKr),
    ] {
        assert_eq!(Encoding::parse(text), Some(want));
        assert_eq!(Encoding::parse(want.as_str()), Some(want));
    }
}

fn valid() -> WebLinkRequest {
    WebLinkRequest::from_urlencoded(MANUAL_QUERY.as_bytes())
}

#[test]
fn validation_codes_name_the_parameter() {
    let check = |edit: &dyn Fn(&mut WebLinkRequest), code: ResultCode, field: &str| {
        let mut r = valid();
        edit(&mut r);
        let e = r.validate(now()).unwrap_err();
        assert_eq!(e.code, code, "{field}: {e}");
        assert!(e.message.starts_with(field), "{}", e.message);
    };
    check(
        &|r| r.request_type = "APP".into(),
        ResultCode::InvalidValue,
        "RequestType",
    );
    check(&|r| r.mid.clear(), ResultCode::MissingField, "Mid");
    check(&|r| r.mid = "x".repeat(11), ResultCode::FieldTooLong, "Mid");
    check(
        &|r| r.license_key.clear(),
        ResultCode::MissingField,
        "LicenseKey",
    );
    check(
        &|r| r.license_key = "k".repeat(256),
        ResultCode::FieldTooLong,
        "LicenseKey",
    );
    check(
        &|r| r.moid = "m".repeat(41),
        ResultCode::FieldTooLong,
        "Moid",
    );
    check(
        &|r| r.service_mode.clear(),
        ResultCode::MissingField,
        "ServiceMode",
    );
    check(
        &|r| r.service_mode = "PY1".into(),
        ResultCode::InvalidValue,
        "ServiceMode",
    );
    check(
        &|r| r.pay_method = "CARD".into(),
        ResultCode::InvalidValue,
        "PayMethod",
    );
    check(&|r| r.pg_mid.clear(), ResultCode::MissingField, "PgMID");
    check(
        &|r| r.pg_mid = "p".repeat(21),
        ResultCode::FieldTooLong,
        "PgMID",
    );
    check(&|r| r.amt.clear(), ResultCode::MissingField, "Amt");
    check(
        &|r| r.amt = "10005원".into(),
        ResultCode::InvalidFormat,
        "Amt",
    );
    check(&|r| r.amt = "0".into(), ResultCode::InvalidValue, "Amt");
    check(
        &|r| r.duty_free_amt = "20000".into(),
        ResultCode::InvalidValue,
        "DutyFreeAmt",
    );
    check(
        &|r| r.goods_name.clear(),
        ResultCode::MissingField,
        "GoodsName",
    );
    check(
        &|r| r.goods_name = "상".repeat(41),
        ResultCode::FieldTooLong,
        "GoodsName",
    );
    check(
        &|r| r.buyer_name = "이".repeat(31),
        ResultCode::FieldTooLong,
        "BuyerName",
    );
    check(
        &|r| r.buyer_hp = "010-abcd".into(),
        ResultCode::InvalidFormat,
        "BuyerHp",
    );
    check(
        &|r| r.buyer_email = "a@b".into(),
        ResultCode::InvalidFormat,
        "BuyerEmail",
    );
    check(
        &|r| r.pay_exp_date = "2018-03-20".into(),
        ResultCode::InvalidDeadline,
        "PayExpDate",
    );
    check(
        &|r| r.pay_exp_date = "2018.03.14".into(),
        ResultCode::InvalidFormat,
        "PayExpDate",
    );
    check(
        &|r| r.user_id = "u".repeat(21),
        ResultCode::FieldTooLong,
        "UserId",
    );
    check(
        &|r| r.svc_prdt_cd = "05".into(),
        ResultCode::InvalidValue,
        "svcPrdtCd",
    );
    check(
        &|r| r.encoding = "utf-16".into(),
        ResultCode::InvalidValue,
        "Encoding",
    );
    check(
        &|r| r.return_url = "ftp://x".into(),
        ResultCode::InvalidFormat,
        "ReturnUrl",
    );
    check(
        &|r| r.return_url = format!("https://{}", "a".repeat(100)),
        ResultCode::FieldTooLong,
        "ReturnUrl",
    );
}

#[test]
fn lenient_values() {
    let mut r = valid();
    r.request_type = "mobile".into();
    r.service_mode = "PYO".into();
    r.amt = "10,005".into();
    r.buyer_hp = "010-1234-1234".into();
    r.pay_exp_date = "201803162359".into();
    r.return_url = "https://shop.example/innopay/return".into();
    let o = r.validate(now()).unwrap();
    assert_eq!(o.request_type, RequestType::Mobile);
    assert_eq!(o.amount.get(), 10005);
    assert_eq!(o.buyer_tel.unwrap().as_str(), "01012341234");
    assert_eq!(
        o.pay_exp.map(format_pay_exp).as_deref(),
        Some("2018-03-16 23:59:59")
    );
    r.request_type = "WEB".into();
    assert_eq!(r.validate(now()).unwrap().request_type, RequestType::Web);
    // `Amt` is `N 12`: digits are counted, the commas live clients add are not.
    r.amt = "100,000,000,000".into();
    assert_eq!(r.validate(now()).unwrap().amount.get(), 100_000_000_000);
    r.amt = "1,000,000,000,000".into();
    assert_eq!(
        r.validate(now()).unwrap_err().code,
        ResultCode::FieldTooLong
    );
}

#[test]
fn to_query_sends_the_key_as_the_manual_does() {
    let q = valid().to_query();
    assert!(q.contains("LicenseKey=Ma29gyAFhvv/%2Be4/AHpV6pISQlvSKziLlbrNoXPbRS5nfTx2DOs8OJve%2BNzwyoaQ8p9Uy1AN4S1I0Um5v7oNUg=="), "{q}");
    assert!(!q.contains("RequestType"), "empty fields are not sent");
    assert!(q.starts_with("Mid=testpay01m&LicenseKey="), "{q}");
    let mut r = valid();
    r.encoding = "url_euc-kr".into();
    let q = r.to_query();
    assert!(
        q.contains(&format!(
            "GoodsName={}",
            euc_kr_percent("테스트상품").replace('%', "%25")
        )),
        "{q}"
    );
}

#[test]
fn return_url_events() {
    let e = WebLinkEvent {
        moid: "test20180119001".into(),
        result_code: "0000".into(),
        result_msg: "[테스트가맹점] 상품명:테스트상품 & co".into(),
    };
    let body = e.to_body();
    assert!(body.starts_with("moid=test20180119001&resultCode=0000&resultMsg="));
    assert_eq!(WebLinkEvent::parse(&body), Some(e));
    assert_eq!(WebLinkEvent::parse("moid=x"), None);
}

fn text_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            proptest::char::range('\u{AC00}', '\u{D7A3}'),
            proptest::char::range(' ', '~'),
        ],
        0..20,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #[test]
    fn to_query_round_trips_in_every_encoding(
        goods in text_strategy(),
        buyer in text_strategy(),
        moid in text_strategy(),
        which in 0usize..5,
    ) {
        let encoding = [Encoding::NoEncoding, Encoding::Utf8, Encoding::EucKr, Encoding::UrlUtf8, Encoding::UrlEucKr][which];
        let req = WebLinkRequest {
            mid: "testpay01m".into(),
            license_key: LICENSE_KEY.into(),
            moid,
            goods_name: goods,
            buyer_name: buyer,
            amt: "1,000".into(),
            encoding: encoding.as_str().into(),
            ..WebLinkRequest::default()
        };
        let back = WebLinkRequest::from_urlencoded(req.to_query().as_bytes());
        prop_assert_eq!(back, req);
    }
}
