//! `cmd=sellerRegist` and `cmd=useridCheck`: the demo agency signs up a
//! reseller, resellers sign up sellers, and a new seller takes and cancels a
//! payment at once; every refusal through the client and raw form bytes.

use crate::support::{Sink, TestServer, cli, rejected};
use gyeolje_core::{PaymentId, SellerKind, UserType};
use gyeolje_payapp::{ClientError, Form, PayCancel, PayRequest, SellerRegist, UseridCheck};
use gyeolje_server::payapp::accounts::verify_password;
use gyeolje_server::seed::{
    PAYAPP_AGENCY_LINKKEY, PAYAPP_AGENCY_USERID, PAYAPP_RESELLER_LINKKEY, PAYAPP_RESELLER_USERID,
};

/// An individual seller signed up by the demo reseller, as form pairs.
pub fn individual(userid: &str) -> Vec<(&'static str, String)> {
    [
        ("cmd", "sellerRegist"),
        ("userid", userid),
        ("userpwd", "passw0rd1"),
        ("sellername", "홍길동상회"),
        ("phone", "010-1234-5678"),
        ("email", "seller@example.co.kr"),
        ("bizkind", "쇼핑몰사업자"),
        ("username", "홍길동"),
        ("usertype", "1"),
        ("resellerid", PAYAPP_RESELLER_USERID),
        ("join_type", "0"),
        ("seller_type", "seller"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

/// Form fields as the tests build them.
type Pairs = Vec<(&'static str, String)>;

/// `pairs` with `changes` applied: a new value replaces the old one, and
/// `None` removes the field.
fn changed(
    mut pairs: Vec<(&'static str, String)>,
    changes: &[(&'static str, Option<&str>)],
) -> Vec<(&'static str, String)> {
    for (key, value) in changes {
        pairs.retain(|(k, _)| k != key);
        if let Some(v) = value {
            pairs.push((key, (*v).to_owned()));
        }
    }
    pairs
}

fn as_form(pairs: &[(&'static str, String)]) -> Form {
    Form::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
}

async fn raw(server: &TestServer, pairs: &[(&'static str, String)]) -> (String, String, String) {
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = server.api(&borrowed).await;
    assert!(!r.1.contains('\n'), "one line: {:?}", r.1);
    (
        r.get("state").to_owned(),
        r.get("errno").to_owned(),
        r.get("errorMessage").to_owned(),
    )
}

#[tokio::test]
async fn a_registered_seller_can_request_and_cancel_at_once() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let common = sink.url("/common");
    let form = changed(
        individual("newseller01"),
        &[("common_feedbackurl", Some(&common))],
    );
    let reg = SellerRegist::from_form(&as_form(&form)).unwrap();
    let reply = server.client().seller_regist(&reg).await.unwrap();
    assert_eq!(reply.userid, "newseller01");
    for secret in [&reply.linkkey, &reply.linkval] {
        assert_eq!(secret.expose().len(), 44);
        assert!(secret.expose().ends_with('='));
    }
    assert_ne!(reply.linkkey, reply.linkval);

    // Stored as a seller under the reseller, with a salted password digest.
    let stored = server
        .app
        .store
        .payapp_seller("newseller01")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.kind, SellerKind::Seller);
    assert_eq!(stored.parent.as_deref(), Some(PAYAPP_RESELLER_USERID));
    let profile = stored.profile.unwrap();
    assert_eq!(profile.usertype, UserType::Individual);
    assert_eq!(profile.username.as_deref(), Some("홍길동"));
    let pw = stored.password.unwrap();
    assert!(!pw.as_stored().contains("passw0rd1"));
    assert!(verify_password(&pw, "passw0rd1"));

    // The new credentials work with payrequest and paycancel.
    let req = PayRequest::from_form(&Form::from_pairs([
        ("userid", "newseller01"),
        ("goodname", "첫 상품"),
        ("price", "1000"),
        ("recvphone", "01012345678"),
        ("smsuse", "n"),
    ]))
    .unwrap();
    let paid = server.client().pay_request(&req).await.unwrap();
    let payment = server
        .app
        .store
        .payment(PaymentId::new(paid.mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.merchant_id, stored.merchant_id);
    server.sandbox_pay(paid.mul_no, "4242424242424242").await;
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].field("userid"), "newseller01");
    assert_eq!(got[0].field("feedbacktype"), "1");
    assert_eq!(got[0].field("linkkey"), reply.linkkey.expose());
    assert_eq!(got[0].field("linkval"), reply.linkval.expose());
    let cancel = PayCancel {
        userid: "newseller01".into(),
        linkkey: reply.linkkey.expose().into(),
        mul_no: paid.mul_no,
        cancelmemo: String::new(),
        cancelmode_ready: false,
        partcancel: false,
        cancelprice: None,
    };
    server.client().pay_cancel(&cancel).await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn the_agency_signs_up_a_reseller_who_signs_up_a_business_seller() {
    let server = TestServer::start().await;
    let reseller = changed(
        individual("reseller02"),
        &[
            ("resellerid", Some(PAYAPP_AGENCY_USERID)),
            ("seller_type", Some("reseller")),
            ("linkkey", Some(PAYAPP_AGENCY_LINKKEY)),
        ],
    );
    let (state, _, message) = raw(&server, &reseller).await;
    assert_eq!(state, "1", "{message}");
    let stored = server
        .app
        .store
        .payapp_seller("reseller02")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.kind, SellerKind::Reseller);
    assert_eq!(stored.parent.as_deref(), Some(PAYAPP_AGENCY_USERID));

    let business = changed(
        individual("bizseller1"),
        &[
            ("resellerid", Some("reseller02")),
            ("usertype", Some("2")),
            ("username", None),
            ("compregno", Some("123-45-67890")),
            ("compname", Some("(주)길동")),
            ("biztype1", Some("도소매")),
            ("biztype2", Some("전자상거래")),
            ("ceo_nm", Some("홍길동")),
            ("zipcode", Some("06236")),
            ("addr1", Some("서울 강남구 테헤란로 1")),
            ("addr2", Some("10층")),
            ("homepage", Some("https://shop.example")),
            ("compbank", Some("국민은행")),
            ("compbanknum", Some("123-456-7890123")),
            ("compbankname", Some("(주)길동")),
            ("join_type", Some("4")),
        ],
    );
    let reply = server
        .client()
        .seller_regist(&SellerRegist::from_form(&as_form(&business)).unwrap())
        .await
        .unwrap();
    assert_eq!(reply.userid, "bizseller1");
    let stored = server
        .app
        .store
        .payapp_seller("bizseller1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.parent.as_deref(), Some("reseller02"));
    let p = stored.profile.unwrap();
    assert_eq!(p.compregno.as_deref(), Some("1234567890"));
    assert_eq!(p.ceo_nm.as_deref(), Some("홍길동"));
    assert_eq!(p.compbanknum.as_deref(), Some("1234567890123"));
    server.stop().await;
}

#[tokio::test]
async fn seller_regist_refusals_have_the_documented_codes() {
    let server = TestServer::start().await;
    let base = || individual("wanted01");
    // (what, form, errno, text the message contains)
    let cases: Vec<(&str, Pairs, &str, &str)> = vec![
        // 70010: the caller is blank, unknown, or its key is wrong.
        (
            "blank resellerid",
            changed(base(), &[("resellerid", Some(" "))]),
            "70010",
            "resellerid",
        ),
        (
            "unknown resellerid",
            changed(base(), &[("resellerid", Some("nobody"))]),
            "70010",
            "resellerid",
        ),
        (
            "wrong linkkey",
            changed(base(), &[("linkkey", Some(PAYAPP_AGENCY_LINKKEY))]),
            "70010",
            "resellerid 또는 linkkey",
        ),
        // 70060: an account that may not sign this up.
        (
            "a plain seller",
            changed(base(), &[("resellerid", Some("payapptest"))]),
            "70060",
            "권한이 없습니다",
        ),
        (
            "a reseller signing up a reseller",
            changed(base(), &[("seller_type", Some("reseller"))]),
            "70060",
            "대리점 아이디여야",
        ),
        (
            "an agency signing up a seller",
            changed(base(), &[("resellerid", Some(PAYAPP_AGENCY_USERID))]),
            "70060",
            "리셀러 아이디여야",
        ),
        // 70020: fields.
        (
            "individual without username",
            changed(base(), &[("username", None)]),
            "70020",
            "username: ",
        ),
        (
            "business without ceo_nm",
            changed(
                base(),
                &[
                    ("usertype", Some("2")),
                    ("compregno", Some("1234567890")),
                    ("compname", Some("상호")),
                    ("biztype1", Some("도소매")),
                    ("biztype2", Some("전자상거래")),
                ],
            ),
            "70020",
            "ceo_nm: ",
        ),
        (
            "password without digits",
            changed(base(), &[("userpwd", Some("onlyletters"))]),
            "70020",
            "userpwd: ",
        ),
        (
            "short password",
            changed(base(), &[("userpwd", Some("a1b2"))]),
            "70020",
            "userpwd: ",
        ),
        (
            "bizkind not in the list",
            changed(base(), &[("bizkind", Some("카페"))]),
            "70020",
            "bizkind: ",
        ),
        (
            "discounted reseller",
            changed(
                base(),
                &[
                    ("resellerid", Some(PAYAPP_AGENCY_USERID)),
                    ("seller_type", Some("reseller")),
                    ("join_type", Some("4")),
                ],
            ),
            "70020",
            "join_type: ",
        ),
        (
            "bad seller_type",
            changed(base(), &[("seller_type", Some("agency"))]),
            "70020",
            "seller_type: ",
        ),
        (
            "missing email",
            changed(base(), &[("email", None)]),
            "70020",
            "email: ",
        ),
        (
            "a taken userid",
            changed(base(), &[("userid", Some("payapptest"))]),
            "70020",
            "userid: 이미 사용 중인 아이디입니다",
        ),
    ];
    for (what, pairs, errno, needle) in cases {
        let (state, got, message) = raw(&server, &pairs).await;
        assert_eq!(
            (state.as_str(), got.as_str()),
            ("0", errno),
            "{what}: {message}"
        );
        assert!(message.contains(needle), "{what}: {message}");
    }
    // None of them created anything.
    assert!(
        server
            .app
            .store
            .payapp_seller("wanted01")
            .await
            .unwrap()
            .is_none()
    );

    // The same through the client: a second registration of one id.
    let reg = SellerRegist::from_form(&as_form(&base())).unwrap();
    server.client().seller_regist(&reg).await.unwrap();
    let (errno, message) = rejected(server.client().seller_regist(&reg).await);
    assert_eq!(errno, 70020, "{message}");
    assert!(message.starts_with("userid: "), "{message}");
    server.stop().await;
}

#[tokio::test]
async fn userid_check_through_client_and_raw_bytes() {
    let server = TestServer::start().await;
    let check = |userid: &str, resellerid: &str| UseridCheck {
        userid: userid.into(),
        resellerid: resellerid.into(),
        linkkey: None,
    };
    let client = server.client();
    client
        .userid_check(&check("freshid01", PAYAPP_RESELLER_USERID))
        .await
        .unwrap();
    client
        .userid_check(&check("freshid01", PAYAPP_AGENCY_USERID))
        .await
        .unwrap();
    client
        .userid_check(&UseridCheck {
            linkkey: Some(gyeolje_core::Secret::new(PAYAPP_RESELLER_LINKKEY)),
            ..check("freshid01", PAYAPP_RESELLER_USERID)
        })
        .await
        .unwrap();

    for taken in ["payapptest", PAYAPP_AGENCY_USERID, PAYAPP_RESELLER_USERID] {
        let (errno, message) = rejected(
            client
                .userid_check(&check(taken, PAYAPP_RESELLER_USERID))
                .await,
        );
        assert_eq!(errno, 70020);
        assert_eq!(message, "userid: 이미 사용 중인 아이디입니다");
    }
    let (errno, _) = rejected(client.userid_check(&check("freshid01", "nobody")).await);
    assert_eq!(errno, 70010);
    let (errno, message) = rejected(client.userid_check(&check("freshid01", "payapptest")).await);
    assert_eq!(errno, 70060, "{message}");
    let (errno, _) = rejected(
        client
            .userid_check(&UseridCheck {
                linkkey: Some(gyeolje_core::Secret::new("wrong")),
                ..check("freshid01", PAYAPP_RESELLER_USERID)
            })
            .await,
    );
    assert_eq!(errno, 70010);

    // Raw bytes: exactly the manual's reply shape.
    let (status, text) = server
        .api_raw("cmd=useridCheck&userid=freshid01&resellerid=payappreseller")
        .await;
    assert_eq!((status, text.as_str()), (200, "state=1&errorMessage="));
    let (_, text) = server
        .api_raw("cmd=useridCheck&userid=payapptest&resellerid=payappreseller")
        .await;
    assert!(text.starts_with("state=0&errorMessage=userid"), "{text}");
    assert!(text.ends_with("&errno=70020"), "{text}");
    let (_, text) = server.api_raw("cmd=useridCheck&userid=freshid01").await;
    assert!(text.ends_with("&errno=70010"), "{text}");
    let (_, text) = server
        .api_raw("cmd=useridCheck&userid=a%20b&resellerid=payappreseller")
        .await;
    assert!(text.ends_with("&errno=70020"), "{text}");

    // An id stops being free once registered.
    let reg = SellerRegist::from_form(&as_form(&individual("freshid01"))).unwrap();
    client.seller_regist(&reg).await.unwrap();
    let (errno, _) = rejected(
        client
            .userid_check(&check("freshid01", PAYAPP_RESELLER_USERID))
            .await,
    );
    assert_eq!(errno, 70020);
    server.stop().await;
}

#[tokio::test]
async fn concurrent_sign_ups_of_one_id_register_it_once() {
    let server = TestServer::start().await;
    let reg = SellerRegist::from_form(&as_form(&individual("raceid01"))).unwrap();
    let tries = (0..8).map(|_| {
        let client = server.client();
        let reg = reg.clone();
        tokio::spawn(async move { client.seller_regist(&reg).await })
    });
    let mut won = 0;
    for t in tries.collect::<Vec<_>>() {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(ClientError::Rejected { errno: 70020, .. }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(won, 1);
    server.stop().await;
}

#[tokio::test]
async fn merchant_list_shows_the_demo_hierarchy_and_its_credentials() {
    let db = gyeolje_store::testing::TestDatabase::sqlite().unwrap();
    cli(&["migrate", "--database", &db.url]).await;
    let listed = cli(&["merchant", "list", "--json", "--database", &db.url]).await;
    let v: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let by_userid = |userid: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|m| m["payapp"]["userid"] == userid)
            .unwrap_or_else(|| panic!("{userid} listed: {v}"))
            .clone()
    };
    let agency = by_userid(PAYAPP_AGENCY_USERID);
    assert_eq!(agency["payapp"]["kind"], "agency");
    assert_eq!(agency["payapp"]["parent"], serde_json::Value::Null);
    assert_eq!(
        agency["payapp"]["linkkey"], "********",
        "list masks secrets"
    );
    let reseller = by_userid(PAYAPP_RESELLER_USERID);
    assert_eq!(reseller["payapp"]["kind"], "reseller");
    assert_eq!(reseller["payapp"]["parent"], PAYAPP_AGENCY_USERID);
    assert_eq!(by_userid("payapptest")["payapp"]["kind"], "seller");
    let shown = cli(&[
        "merchant",
        "show",
        PAYAPP_RESELLER_USERID,
        "--reveal",
        "--database",
        &db.url,
    ])
    .await;
    assert!(
        shown.contains(&format!(
            "payapp userid={PAYAPP_RESELLER_USERID} linkkey={PAYAPP_RESELLER_LINKKEY}"
        )),
        "{shown}"
    );
    let shown = cli(&[
        "merchant",
        "show",
        PAYAPP_AGENCY_USERID,
        "--reveal",
        "--json",
        "--database",
        &db.url,
    ])
    .await;
    let agency: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(agency["payapp"]["linkkey"], PAYAPP_AGENCY_LINKKEY);

    let text = cli(&["merchant", "list", "--database", &db.url]).await;
    assert!(!text.contains(PAYAPP_RESELLER_LINKKEY), "{text}");
    assert!(
        text.contains("payapp kind=reseller parent=payappagency"),
        "{text}"
    );
    assert!(text.contains("payapp kind=agency\n"), "{text}");
}

#[tokio::test]
async fn the_hierarchy_is_added_to_a_demo_database_once() {
    let db = gyeolje_store::testing::TestDatabase::sqlite().unwrap();
    let store = gyeolje_store::open(&db.url).await.unwrap();
    let now = gyeolje_core::Timestamp::from_millis(1);
    // A database made before the hierarchy existed: only the demo seller.
    store
        .create_merchant(
            gyeolje_core::NewMerchant {
                callback_hosts: Vec::new(),
                innopay: None,
                ipay: None,
                name: "페이앱 테스트상점".into(),
                payapp: Some(gyeolje_core::PayAppAccount {
                    userid: "payapptest".into(),
                    linkkey: gyeolje_core::Secret::new("k"),
                    linkval: gyeolje_core::Secret::new("v"),
                    common_feedbackurl: None,
                }),
            },
            now,
        )
        .await
        .unwrap();
    for _ in 0..2 {
        gyeolje_server::seed::seed_demo_merchants(&*store, now)
            .await
            .unwrap();
    }
    let userids: Vec<String> = store
        .list_payapp_sellers()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.userid)
        .collect();
    assert_eq!(userids, ["payapptest", "payappagency", "payappreseller"]);

    // A database of the operator's own merchants is left alone.
    let db = gyeolje_store::testing::TestDatabase::sqlite().unwrap();
    let store = gyeolje_store::open(&db.url).await.unwrap();
    store
        .create_merchant(
            gyeolje_core::NewMerchant {
                callback_hosts: Vec::new(),
                innopay: None,
                ipay: None,
                name: "내 상점".into(),
                payapp: None,
            },
            now,
        )
        .await
        .unwrap();
    gyeolje_server::seed::seed_demo_merchants(&*store, now)
        .await
        .unwrap();
    assert!(store.list_payapp_sellers().await.unwrap().is_empty());
}
