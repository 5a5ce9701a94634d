//! Every rule of `sellerRegist` and `useridCheck`.

use super::*;
use crate::error::ErrorCode;

/// An individual seller signed up by the demo reseller.
const INDIVIDUAL: [(&str, &str); 12] = [
    ("cmd", "sellerRegist"),
    ("userid", "newseller01"),
    ("userpwd", "passw0rd1"),
    ("sellername", "홍길동상회"),
    ("phone", "010-1234-5678"),
    ("email", "seller@example.co.kr"),
    ("bizkind", "쇼핑몰사업자"),
    ("username", "홍길동"),
    ("usertype", "1"),
    ("resellerid", "payappreseller"),
    ("join_type", "0"),
    ("seller_type", "seller"),
];

const BUSINESS: [(&str, &str); 5] = [
    ("compregno", "123-45-67890"),
    ("compname", "(주)길동"),
    ("biztype1", "도소매"),
    ("biztype2", "전자상거래"),
    ("ceo_nm", "홍길동"),
];

fn with(extra: &[(&str, &str)]) -> Form {
    let mut pairs: Vec<(&str, &str)> = INDIVIDUAL
        .iter()
        .copied()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
        .collect();
    pairs.extend(extra.iter().copied().filter(|(_, v)| *v != "<absent>"));
    Form::from_pairs(pairs)
}

fn business(extra: &[(&str, &str)]) -> Form {
    let mut all: Vec<(&str, &str)> = BUSINESS.to_vec();
    all.push(("usertype", "2"));
    all.extend_from_slice(extra);
    with(&all)
}

fn refused(form: &Form, field: &str, code: ErrorCode) -> String {
    let e = SellerRegist::from_form(form).unwrap_err();
    assert_eq!(e.code, code, "{field}: {}", e.message);
    assert!(
        e.message.starts_with(field),
        "expected {field}: {}",
        e.message
    );
    e.message
}

#[test]
fn individual_seller() {
    let r = SellerRegist::from_form(&with(&[])).unwrap();
    assert_eq!(r.userid, "newseller01");
    assert!(r.userpwd.matches("passw0rd1"));
    assert_eq!(r.resellerid, "payappreseller");
    assert_eq!(r.seller_type, SellerKind::Seller);
    assert_eq!(r.linkkey, None);
    assert_eq!(r.common_feedbackurl, None);
    let p = &r.profile;
    assert_eq!(p.sellername, "홍길동상회");
    assert_eq!(p.phone.as_str(), "01012345678");
    assert_eq!(p.usertype, UserType::Individual);
    assert_eq!(p.username.as_deref(), Some("홍길동"));
    assert_eq!(p.bizkind, "쇼핑몰사업자");
    assert_eq!(p.join_type, JoinType::Paid);
    assert_eq!(p.compregno, None);
}

#[test]
fn business_seller_with_every_field() {
    let r = SellerRegist::from_form(&business(&[
        ("zipcode", "06236"),
        ("addr1", "서울 강남구 테헤란로 1"),
        ("addr2", "10층"),
        ("homepage", "https://shop.example"),
        ("compbank", "국민은행"),
        ("compbanknum", "123-456-7890123"),
        ("compbankname", "(주)길동"),
        ("username", ""),
        ("join_type", "4"),
        ("common_feedbackurl", "https://shop.example/common"),
        ("linkkey", "RESELLERKEY"),
    ]))
    .unwrap();
    let p = &r.profile;
    assert_eq!(p.usertype, UserType::Business);
    assert_eq!(p.compregno.as_deref(), Some("1234567890"));
    assert_eq!(p.compname.as_deref(), Some("(주)길동"));
    assert_eq!(p.biztype1.as_deref(), Some("도소매"));
    assert_eq!(p.biztype2.as_deref(), Some("전자상거래"));
    assert_eq!(p.ceo_nm.as_deref(), Some("홍길동"));
    assert_eq!(p.username, None, "username is optional for a business");
    assert_eq!(p.zipcode.as_deref(), Some("06236"));
    assert_eq!(p.addr1.as_deref(), Some("서울 강남구 테헤란로 1"));
    assert_eq!(p.addr2.as_deref(), Some("10층"));
    assert_eq!(p.homepage.as_deref(), Some("https://shop.example"));
    assert_eq!(p.compbank.as_deref(), Some("국민은행"));
    assert_eq!(p.compbanknum.as_deref(), Some("1234567890123"));
    assert_eq!(p.compbankname.as_deref(), Some("(주)길동"));
    assert_eq!(p.join_type, JoinType::Discount);
    assert_eq!(
        r.common_feedbackurl.as_deref(),
        Some("https://shop.example/common")
    );
    assert!(r.linkkey.unwrap().matches("RESELLERKEY"));
}

#[test]
fn resellerid_is_the_callers_credential() {
    for v in ["<absent>", "", "  "] {
        refused(
            &with(&[("resellerid", v)]),
            "resellerid",
            ErrorCode::BadCredentials,
        );
    }
}

#[test]
fn required_fields() {
    for field in [
        "userid",
        "userpwd",
        "sellername",
        "phone",
        "email",
        "bizkind",
        "username",
        "usertype",
        "join_type",
        "seller_type",
    ] {
        for v in ["<absent>", " "] {
            refused(&with(&[(field, v)]), field, ErrorCode::InvalidParameter);
        }
    }
}

#[test]
fn individual_needs_username_business_needs_its_fields() {
    let m = refused(
        &with(&[("username", "<absent>")]),
        "username",
        ErrorCode::InvalidParameter,
    );
    assert!(m.contains("개인(usertype=1)은 필수"), "{m}");
    for (field, _) in BUSINESS {
        let m = refused(
            &business(&[(field, "")]),
            field,
            ErrorCode::InvalidParameter,
        );
        assert!(m.contains("사업자(usertype=2)는 필수"), "{m}");
    }
    // Business fields sent by an individual are kept (and still checked).
    let r = SellerRegist::from_form(&with(&[("compname", "개인상점")])).unwrap();
    assert_eq!(r.profile.compname.as_deref(), Some("개인상점"));
    refused(
        &with(&[("compregno", "12345")]),
        "compregno",
        ErrorCode::InvalidParameter,
    );
}

#[test]
fn field_formats() {
    for (field, bad) in [
        ("userid", "ab"),
        ("userid", "새판매자"),
        ("userpwd", "short1"),
        ("userpwd", "onlyletters"),
        ("userpwd", "1234567890"),
        ("phone", "02-123-4567"),
        ("phone", "phone"),
        ("email", "seller.example.com"),
        ("zipcode", "1234"),
        ("zipcode", "12a45"),
        ("compbanknum", "12-34"),
        ("compbanknum", "계좌번호"),
        ("bizkind", "카페"),
        ("usertype", "3"),
        ("usertype", "개인"),
        ("join_type", "1"),
        ("join_type", "유료"),
        ("seller_type", "agency"),
        ("seller_type", "buyer"),
        ("common_feedbackurl", "javascript:alert(1)"),
        ("addr1", &"가".repeat(201)),
        ("sellername", &"가".repeat(51)),
    ] {
        refused(&with(&[(field, bad)]), field, ErrorCode::InvalidParameter);
    }
}

#[test]
fn password_needs_letters_and_digits() {
    let m = refused(
        &with(&[("userpwd", "abcdefgh")]),
        "userpwd",
        ErrorCode::InvalidParameter,
    );
    assert!(m.contains("영문과 숫자"), "{m}");
    let m = refused(
        &with(&[("userpwd", "abc12")]),
        "userpwd",
        ErrorCode::InvalidParameter,
    );
    assert!(m.contains("8자 이상"), "{m}");
}

#[test]
fn bizkind_is_one_of_the_manuals_list() {
    for kind in BIZ_KINDS {
        let r = SellerRegist::from_form(&with(&[("bizkind", kind)])).unwrap();
        assert_eq!(r.profile.bizkind, kind);
    }
    let r = SellerRegist::from_form(&with(&[("bizkind", "blog사업자")])).unwrap();
    assert_eq!(r.profile.bizkind, "Blog사업자");
    let m = refused(
        &with(&[("bizkind", "Blog")]),
        "bizkind",
        ErrorCode::InvalidParameter,
    );
    assert!(m.contains("음식점(배달)"), "lists the choices: {m}");
}

#[test]
fn resellers_join_paid_only() {
    let r = SellerRegist::from_form(&with(&[("seller_type", "reseller")])).unwrap();
    assert_eq!(r.seller_type, SellerKind::Reseller);
    let m = refused(
        &with(&[("seller_type", "reseller"), ("join_type", "4")]),
        "join_type",
        ErrorCode::InvalidParameter,
    );
    assert!(m.contains("유료형"), "{m}");
    let r = SellerRegist::from_form(&with(&[("join_type", "4")])).unwrap();
    assert_eq!(r.profile.join_type, JoinType::Discount);
}

#[test]
fn round_trips_through_form() {
    let r = SellerRegist::from_form(&business(&[
        ("addr1", "서울 & 부산"),
        ("common_feedbackurl", "https://shop.example/c?a=1&b=2"),
        ("linkkey", "K+/="),
    ]))
    .unwrap();
    let sent = r.to_form();
    assert_eq!(sent[0], ("cmd".to_owned(), "sellerRegist".to_owned()));
    assert_eq!(SellerRegist::from_form(&Form::from_pairs(sent)).unwrap(), r);
    let debug = format!("{r:?}");
    assert!(
        !debug.contains("passw0rd1") && !debug.contains("K+/="),
        "{debug}"
    );
}

#[test]
fn reply_line() {
    let reply = SellerRegistReply {
        userid: "newseller01".into(),
        linkkey: Secret::new("AB+/cd="),
        linkval: Secret::new("EF+/gh="),
    };
    assert_eq!(
        reply.to_reply(),
        "state=1&errorMessage=&userid=newseller01&linkkey=AB%2B%2Fcd%3D&linkval=EF%2B%2Fgh%3D"
    );
}

#[test]
fn userid_check() {
    let form = |pairs: &[(&str, &str)]| Form::from_pairs(pairs.iter().copied());
    let c = UseridCheck::from_form(&form(&[
        ("userid", "wanted01"),
        ("resellerid", "payappreseller"),
    ]))
    .unwrap();
    assert_eq!(c.userid, "wanted01");
    assert_eq!(c.resellerid, "payappreseller");
    assert_eq!(
        UseridCheck::from_form(&Form::from_pairs(c.to_form())).unwrap(),
        c
    );
    let e = UseridCheck::from_form(&form(&[("userid", "wanted01")])).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadCredentials);
    assert!(e.message.starts_with("resellerid"));
    for bad in ["", "ab", "아이디"] {
        let e = UseridCheck::from_form(&form(&[("userid", bad), ("resellerid", "r")])).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter, "{bad}");
        assert!(e.message.starts_with("userid: "));
    }
}
