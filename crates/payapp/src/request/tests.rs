use super::*;
use crate::error::ErrorCode;
use proptest::prelude::*;

const BASE: [(&str, &str); 5] = [
    ("cmd", "payrequest"),
    ("userid", "payapptest"),
    ("goodname", "api test"),
    ("price", "1000"),
    ("recvphone", "01012345678"),
];

fn with(extra: &[(&str, &str)]) -> Form {
    let mut pairs: Vec<(&str, &str)> = BASE.to_vec();
    pairs.extend_from_slice(extra);
    Form::from_pairs(pairs)
}

fn without(field: &str) -> Form {
    Form::from_pairs(BASE.iter().copied().filter(|(k, _)| *k != field))
}

fn parse(extra: &[(&str, &str)]) -> Result<PayRequest, PayAppError> {
    PayRequest::from_form(&with(extra))
}

/// Asserts a 70020 whose message starts with `field: `.
fn assert_invalid(result: Result<PayRequest, PayAppError>, field: &str) {
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
}

#[test]
fn minimal_request_has_defaults() {
    let r = parse(&[]).unwrap();
    assert_eq!(r.userid, "payapptest");
    assert_eq!(r.goodname, "api test");
    assert_eq!(r.price.get(), 1000);
    assert_eq!(r.recvphone.as_str(), "01012345678");
    assert_eq!(r.memo, "");
    assert!(!r.reqaddr);
    assert_eq!(r.feedbackurl, None);
    assert!(r.smsuse);
    assert_eq!(r.reqmode, ReqMode::Krw);
    assert_eq!(r.vccode, None);
    assert!(r.openpaytype.is_empty());
    assert!(!r.checkretry && !r.skip_cstpage);
    assert_eq!((r.appurl, r.shopname, r.returnurl), (None, None, None));
}

#[test]
fn every_parameter_is_read() {
    let r = parse(&[
        ("memo", " 결제요청 테스트 메모 "),
        ("reqaddr", "1"),
        ("feedbackurl", "https://shop.example/payapp_feedbackurl.php"),
        ("var1", "order-1"),
        ("var2", "x&y"),
        ("smsuse", "n"),
        ("reqmode", "usd"),
        ("vccode", "1"),
        ("returnurl", "http://shop.example/done"),
        ("openpaytype", "card, Phone,,kakaopay"),
        ("checkretry", "y"),
        ("appurl", "myapp://card_pay"),
        ("skip_cstpage", "y"),
        ("shopname", "좋은상점"),
    ])
    .unwrap();
    assert_eq!(r.memo, "결제요청 테스트 메모");
    assert!(r.reqaddr);
    assert_eq!(
        r.feedbackurl.as_deref(),
        Some("https://shop.example/payapp_feedbackurl.php")
    );
    assert_eq!((r.var1.as_str(), r.var2.as_str()), ("order-1", "x&y"));
    assert!(!r.smsuse);
    assert_eq!(r.reqmode, ReqMode::Usd);
    assert_eq!(r.vccode.as_deref(), Some("1"));
    assert_eq!(r.returnurl.as_deref(), Some("http://shop.example/done"));
    assert_eq!(r.openpaytype, ["card", "phone", "kakaopay"]);
    assert!(r.checkretry && r.skip_cstpage);
    assert_eq!(r.appurl.as_deref(), Some("myapp://card_pay"));
    assert_eq!(r.shopname.as_deref(), Some("좋은상점"));
}

#[test]
fn blank_userid_is_70010() {
    for form in [without("userid"), with(&[("userid", "  ")])] {
        let e = PayRequest::from_form(&form).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadCredentials);
        assert_eq!(e.message, "userid 값을 확인하세요");
    }
}

#[test]
fn missing_required_fields_are_70020() {
    for field in ["goodname", "price", "recvphone"] {
        assert_invalid(PayRequest::from_form(&without(field)), field);
        assert_invalid(parse(&[(field, " \t")]), field);
    }
}

#[test]
fn price_rules() {
    assert_eq!(parse(&[("price", "1000.0")]).unwrap().price.get(), 1000);
    assert_eq!(parse(&[("price", "1000.00")]).unwrap().price.get(), 1000);
    assert_eq!(parse(&[("price", " 500 ")]).unwrap().price.get(), 500);
    for bad in ["10.5", "abc", "-5", "1,000", "0", "1000.", "1e3"] {
        assert_invalid(parse(&[("price", bad)]), "price");
    }
    assert_eq!(
        parse(&[("price", "abc")]).unwrap_err().message,
        "price: 숫자만 입력할 수 있습니다"
    );
}

#[test]
fn recvphone_rules() {
    let r = parse(&[("recvphone", "010-1234-5678")]).unwrap();
    assert_eq!(r.recvphone.as_str(), "01012345678");
    for bad in ["010-1234-567a", "0101", "+821012345678"] {
        assert_invalid(parse(&[("recvphone", bad)]), "recvphone");
    }
}

#[test]
fn goodname_length_counts_characters() {
    let ok = "가".repeat(GOODNAME_MAX_CHARS);
    assert_eq!(parse(&[("goodname", &ok)]).unwrap().goodname, ok);
    let long = "a".repeat(GOODNAME_MAX_CHARS + 1);
    assert_invalid(parse(&[("goodname", &long)]), "goodname");
}

#[test]
fn reqaddr_values() {
    assert!(parse(&[("reqaddr", "1")]).unwrap().reqaddr);
    assert!(!parse(&[("reqaddr", "0")]).unwrap().reqaddr);
    assert!(!parse(&[("reqaddr", "")]).unwrap().reqaddr);
    assert_invalid(parse(&[("reqaddr", "2")]), "reqaddr");
    assert_invalid(parse(&[("reqaddr", "y")]), "reqaddr");
}

#[test]
fn feedbackurl_and_returnurl_must_be_http() {
    assert!(parse(&[("feedbackurl", "http://a.example/f")]).is_ok());
    assert_eq!(parse(&[("feedbackurl", "")]).unwrap().feedbackurl, None);
    for field in ["feedbackurl", "returnurl"] {
        for bad in [
            "ftp://a.example",
            "a.example/f",
            "javascript:alert(1)",
            "http://",
        ] {
            assert_invalid(parse(&[(field, bad)]), field);
        }
    }
}

#[test]
fn smsuse_values() {
    for (v, expected) in [
        ("n", false),
        ("N", false),
        ("y", true),
        ("Y", true),
        ("", true),
    ] {
        assert_eq!(parse(&[("smsuse", v)]).unwrap().smsuse, expected, "{v}");
    }
    assert_invalid(parse(&[("smsuse", "no")]), "smsuse");
}

#[test]
fn reqmode_values() {
    assert_eq!(parse(&[("reqmode", "krw")]).unwrap().reqmode, ReqMode::Krw);
    assert_eq!(parse(&[("reqmode", "")]).unwrap().reqmode, ReqMode::Krw);
    assert_eq!(
        parse(&[("reqmode", "unionpay")]).unwrap().reqmode,
        ReqMode::UnionPay
    );
    assert_invalid(parse(&[("reqmode", "jpy")]), "reqmode");
    assert_invalid(parse(&[("reqmode", "usd")]), "vccode");
    assert_invalid(parse(&[("reqmode", "usd"), ("vccode", " ")]), "vccode");
    assert!(parse(&[("reqmode", "usd"), ("vccode", "82")]).is_ok());
}

#[test]
fn openpaytype_values() {
    assert_eq!(
        parse_openpaytype(" CARD ,card,,vbank, ").unwrap(),
        ["card", "vbank"]
    );
    assert!(parse_openpaytype("").unwrap().is_empty());
    for t in OPEN_PAY_TYPES {
        assert_eq!(parse_openpaytype(t).unwrap(), [t]);
    }
    assert_invalid(parse(&[("openpaytype", "card,bitcoin")]), "openpaytype");
}

#[test]
fn y_switches() {
    assert!(parse(&[("checkretry", "y")]).unwrap().checkretry);
    assert!(!parse(&[("checkretry", "n")]).unwrap().checkretry);
    assert_invalid(parse(&[("checkretry", "1")]), "checkretry");
    assert!(parse(&[("skip_cstpage", "y")]).unwrap().skip_cstpage);
    assert_invalid(parse(&[("skip_cstpage", "yes")]), "skip_cstpage");
}

#[test]
fn to_form_sends_cmd_first_and_only_set_fields() {
    let sent = parse(&[]).unwrap().to_form();
    let keys: Vec<&str> = sent.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["cmd", "userid", "goodname", "price", "recvphone"]);
    assert_eq!(sent[0].1, "payrequest");
}

#[test]
fn full_request_round_trips_through_bytes() {
    let r = parse(&[
        ("memo", "메모 & = + %"),
        ("reqaddr", "1"),
        ("feedbackurl", "https://shop.example/fb?a=1&b=2"),
        ("var1", "v1"),
        ("var2", "v2"),
        ("smsuse", "n"),
        ("reqmode", "usd"),
        ("vccode", "1"),
        ("returnurl", "http://shop.example/done"),
        ("openpaytype", "card,phone"),
        ("checkretry", "y"),
        ("appurl", "myapp://card_pay"),
        ("skip_cstpage", "y"),
        ("shopname", "좋은상점"),
    ])
    .unwrap();
    let sent = r.to_form();
    let body = crate::codec::encode_pairs(sent.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let back = PayRequest::from_form(&Form::parse(body.as_bytes()).unwrap()).unwrap();
    assert_eq!(back, r);
}

#[test]
fn serde_json_round_trip() {
    let r = parse(&[("reqmode", "unionpay"), ("openpaytype", "card")]).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"reqmode\":\"unionpay\""), "{json}");
    assert!(json.contains("\"price\":1000"), "{json}");
    assert_eq!(serde_json::from_str::<PayRequest>(&json).unwrap(), r);
}

#[test]
fn success_reply_line() {
    let mut reply = PayRequestReply {
        mul_no: 2000,
        payurl: "http://payapp.kr/000000000000".into(),
        qrurl: None,
    };
    // The manual's own example.
    assert_eq!(
        reply.to_reply(),
        "state=1&errorMessage=&mul_no=2000&payurl=http%3A%2F%2Fpayapp.kr%2F000000000000"
    );
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!(reply.to_reply());
    });
    // The live reply: qrurl after payurl.
    reply.qrurl = Some("http://payapp.kr/qr/000000000000".into());
    assert!(
        reply
            .to_reply()
            .ends_with("&payurl=http%3A%2F%2Fpayapp.kr%2F000000000000&qrurl=http%3A%2F%2Fpayapp.kr%2Fqr%2F000000000000"),
        "{}",
        reply.to_reply()
    );
}

#[test]
fn live_parameters_are_read_and_checked() {
    let r = parse(&[
        ("amount_taxable", "900"),
        ("amount_taxfree", "0"),
        ("amount_vat", "100.0"),
        ("buyerid", " kim "),
        ("subuserid", "payappsub"),
        ("redirect", "SELF"),
        ("redirectpay", "1"),
    ])
    .unwrap();
    assert_eq!(r.live.amount_taxable, Some(Won::new(900).unwrap()));
    assert_eq!(r.live.amount_taxfree, Some(Won::ZERO));
    assert_eq!(r.live.amount_vat, Some(Won::new(100).unwrap()));
    assert_eq!(r.live.buyerid.as_deref(), Some("kim"));
    assert_eq!(r.live.subuserid.as_deref(), Some("payappsub"));
    assert_eq!(r.live.redirect.as_deref(), Some("self"));
    assert!(r.live.redirectpay);
    assert_eq!(
        PayRequest::from_form(&Form::from_pairs(r.to_form())).unwrap(),
        r
    );
    assert_eq!(parse(&[]).unwrap().live, LiveParams::default());
    // One part alone is fine; parts above the price are not.
    assert!(parse(&[("amount_taxfree", "1000")]).is_ok());
    assert_invalid(
        parse(&[("amount_taxable", "901"), ("amount_vat", "100")]),
        "amount_taxable",
    );
    for bad in ["-1", "1,000", "10.5", "x"] {
        assert_invalid(parse(&[("amount_vat", bad)]), "amount_vat");
    }
    assert_invalid(parse(&[("redirect", "parent")]), "redirect");
    assert_invalid(parse(&[("redirectpay", "yes")]), "redirectpay");
    assert_invalid(parse(&[("buyerid", &"x".repeat(101))]), "buyerid");
    // Requests stored before these fields existed still read.
    let mut json = serde_json::to_value(parse(&[]).unwrap()).unwrap();
    for k in [
        "amount_taxable",
        "amount_taxfree",
        "amount_vat",
        "buyerid",
        "subuserid",
        "redirect",
        "redirectpay",
    ] {
        json.as_object_mut().unwrap().remove(k);
    }
    assert_eq!(
        serde_json::from_value::<PayRequest>(json).unwrap(),
        parse(&[]).unwrap()
    );
}

fn text_strategy(min: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[a-zA-Z0-9가-힣&=+%._ -]{{{min},30}}"))
        .unwrap()
        .prop_map(|s| s.trim().to_owned())
}

proptest! {
    #[test]
    fn arbitrary_requests_round_trip(
        goodname in text_strategy(1).prop_filter("non-empty", |s| !s.is_empty()),
        price in 1i64..=Won::MAX.get(),
        phone in "01[0-9]{8,9}",
        memo in text_strategy(0),
        var1 in text_strategy(0),
        reqaddr in any::<bool>(),
        smsuse in any::<bool>(),
        checkretry in any::<bool>(),
        types in proptest::sample::subsequence(OPEN_PAY_TYPES.to_vec(), 0..4),
    ) {
        let goodname_copy = goodname.clone();
        let r = PayRequest {
            userid: "payapptest".into(),
            goodname,
            price: Won::new(price).unwrap(),
            recvphone: gyeolje_core::PhoneNumber::parse(&phone).unwrap(),
            memo,
            reqaddr,
            feedbackurl: Some("http://127.0.0.1:9/fb".into()),
            var1,
            var2: String::new(),
            smsuse,
            reqmode: ReqMode::Krw,
            vccode: None,
            returnurl: None,
            openpaytype: types.into_iter().map(str::to_owned).collect(),
            checkretry,
            appurl: None,
            skip_cstpage: false,
            shopname: None,
            live: LiveParams {
                amount_taxfree: (price > 10).then(|| Won::new(10).unwrap()),
                buyerid: Some(goodname_copy.clone()).filter(|b| !b.is_empty()),
                redirectpay: reqaddr,
                ..LiveParams::default()
            },
        };
        let sent = r.to_form();
        let body = crate::codec::encode_pairs(sent.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let back = PayRequest::from_form(&Form::parse(body.as_bytes()).unwrap()).unwrap();
        prop_assert_eq!(back, r);
    }
}

/// `appurl` goes on the paid page as a link: app schemes and http(s) are
/// kept, script-running schemes refused (issue 16) with 70020.
#[test]
fn appurl_takes_app_schemes_but_no_script() {
    for ok in [
        "myapp://card_pay",
        "intent://pay#Intent;end",
        "https://shop.example/app",
    ] {
        let r = parse(&[("appurl", ok)]).unwrap();
        assert_eq!(r.appurl.as_deref(), Some(ok));
    }
    for bad in [
        "javascript:alert(document.domain)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "no scheme here",
        "://x",
        "myapp://a\nb",
    ] {
        assert_invalid(parse(&[("appurl", bad)]), "appurl");
    }
}
