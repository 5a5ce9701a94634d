//! Issue 15 point 15, as raw bytes in the manual's form and the live form:
//! `buyerName` in the SMS and on the buyer's page (§1.1/§2.2 "SMS 청구문자 및
//! 접속 url 에 포함", §2.1 결제자명), a JSON body in EUC-KR declared with
//! `charset=euc-kr`, and `amt`'s size counted in digits, not commas.

use super::weblink::{EXAMPLE, agreed, open, submit};
use super::*;
use serde_json::json;

/// `{"k":"v",…}` with every value's bytes as given (EUC-KR where the test says so).
fn raw_json(pairs: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = b"{".to_vec();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(format!("\"{k}\":\"").as_bytes());
        body.extend_from_slice(v);
        body.push(b'"');
    }
    body.push(b'}');
    body
}

/// 테스트상품 and 홍길동 in EUC-KR.
const GOODS_EUC_KR: &[u8] = b"\xc5\xd7\xbd\xba\xc6\xae\xbb\xf3\xc7\xb0";
const NAME_EUC_KR: &[u8] = b"\xc8\xab\xb1\xe6\xb5\xbf";
/// 고객요청 취소 in EUC-KR.
const CANCEL_MSG_EUC_KR: &[u8] = b"\xb0\xed\xb0\xb4\xbf\xe4\xc3\xbb \xc3\xeb\xbc\xd2";

async fn post(server: &TestServer, path: &str, content_type: &str, body: Vec<u8>) -> Value {
    let (status, text) = client(server)
        .post_raw(path, content_type, body)
        .await
        .unwrap();
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

async fn the_sms(server: &TestServer, phone: &str) -> String {
    let sms = wait("the order SMS", || async {
        server.sms_to(phone).await.into_iter().next()
    })
    .await;
    sms["text"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_buyer_name_is_in_the_sms_and_on_the_buyer_page() {
    let server = TestServer::start().await;
    // smsPayApi, the §2.2 example (manual form).
    let body = json!({
        "mid": "testpay01m", "moid": "live-name-1", "goodsName": "테스트상품",
        "amt": "10,004", "dutyFreeAmt": "", "buyerName": "테스트", "buyerTel": "01015150001",
        "buyerEmail": "", "payExpDate": "", "userId": "", "svcPrdtCd": "03"
    });
    let v = post(
        &server,
        "/api/smsPayApi",
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    assert_eq!(v["resultCode"], "0000", "{v}");
    let sms = the_sms(&server, "01015150001").await;
    assert!(
        sms.starts_with("[테스트가맹점] 상품명:테스트상품 상품금액:10,004원 결제자명:테스트 SMS 안심결제가 요청되었습니다"),
        "{sms}"
    );
    assert_eq!(v["resultMsg"], sms.as_str());
    let path = v["orderUrl"]
        .as_str()
        .unwrap()
        .trim_start_matches(&server.base)
        .to_owned();
    let (status, page) = server.get(&path).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("결제자명"), "{page}");
    assert!(page.contains("id=\"buyer-name\">테스트<"), "{page}");
    assert!(page.contains("id=\"buyer-phone\">010-****-0001<"), "{page}");

    // The Web-Link popup: the name typed on screen 1.
    let query = EXAMPLE.replace("Moid=test20180313003", "Moid=live-name-2");
    let (_, page) = open(&server, &query).await;
    let fields = agreed("010-1515-0002");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, done) = submit(&server, &page, &fields).await;
    assert_eq!(status, 200, "{done}");
    let sms = the_sms(&server, "01015150002").await;
    assert!(
        sms.contains("상품금액:10,005원 결제자명:홍길동 SMS"),
        "{sms}"
    );
    server.stop().await;
}

#[tokio::test]
async fn an_euc_kr_json_body_declared_with_its_charset_is_decoded() {
    let server = TestServer::start().await;
    let order = |moid: &str, tel: &str, goods: &[u8], name: &[u8]| {
        raw_json(&[
            ("mid", b"testpay01m"),
            ("moid", moid.as_bytes()),
            ("goodsName", goods),
            ("amt", b"10,004"),
            ("buyerName", name),
            ("buyerTel", tel.as_bytes()),
            ("svcPrdtCd", b"03"),
        ])
    };
    let cases: [(&str, &str, Vec<u8>, &str); 4] = [
        // The manual's form: UTF-8 JSON, `application/json`.
        (
            "01015150011",
            "application/json",
            order(
                "live-euc-1",
                "01015150011",
                "테스트상품".as_bytes(),
                "홍길동".as_bytes(),
            ),
            "live-euc-1",
        ),
        // The live form: EUC-KR bytes, declared.
        (
            "01015150012",
            "application/json; charset=euc-kr",
            order("live-euc-2", "01015150012", GOODS_EUC_KR, NAME_EUC_KR),
            "live-euc-2",
        ),
        (
            "01015150013",
            "application/json;charset=EUC-KR",
            order("live-euc-3", "010-1515-0013", GOODS_EUC_KR, NAME_EUC_KR),
            "live-euc-3",
        ),
        // EUC-KR with no charset: not UTF-8, so read as EUC-KR.
        (
            "01015150014",
            "application/json",
            order("live-euc-4", "01015150014", GOODS_EUC_KR, NAME_EUC_KR),
            "live-euc-4",
        ),
    ];
    for (phone, content_type, body, moid) in cases {
        let v = post(&server, "/api/smsPayApi", content_type, body).await;
        assert_eq!(v["resultCode"], "0000", "{content_type}: {v}");
        // The reply is UTF-8 JSON whatever the request's charset.
        assert_eq!(v["goodsName"], "테스트상품", "{v}");
        assert_eq!(v["buyerName"], "홍길동", "{v}");
        assert_eq!(v["moid"], moid);
        let sms = the_sms(&server, phone).await;
        assert!(
            sms.contains("상품명:테스트상품 상품금액:10,004원 결제자명:홍길동"),
            "{sms}"
        );
    }
    // Declared EUC-KR but neither EUC-KR nor UTF-8: 3001 in the reply shape.
    let v = post(
        &server,
        "/api/smsPayApi",
        "application/json; charset=euc-kr",
        order("live-euc-5", "01015150015", b"\xff\xfe", NAME_EUC_KR),
    )
    .await;
    assert_eq!(v["resultCode"], "3001", "{v}");
    assert!(v["resultMsg"].as_str().unwrap().contains("euc-kr"), "{v}");

    // cancelApi takes the same bodies: an EUC-KR cancelMsg.
    let paid = server
        .sandbox_pay_with(pay_order("live-euc-2"), Expect::Approved)
        .await;
    let tid = paid["tid"].as_str().unwrap();
    let cancel = raw_json(&[
        ("mid", b"testpay01m"),
        ("tid", tid.as_bytes()),
        ("svcCd", b"01"),
        ("cancelAmt", b"1,000"),
        ("cancelMsg", CANCEL_MSG_EUC_KR),
        ("cancelPwd", b"123456"),
    ]);
    let v = post(
        &server,
        "/api/cancelApi",
        "application/json; charset=euc-kr",
        cancel,
    )
    .await;
    assert_eq!(v["resultCode"], "2001", "{v}");
    assert_eq!(v["pgApprovalAmt"], "1000", "{v}");
    let payment = server
        .app
        .store
        .payment(gyeolje_core::PaymentId::new(
            paid["reference"].as_str().unwrap().parse().unwrap(),
        ))
        .await
        .unwrap()
        .unwrap();
    let events = server.app.store.events(payment.id).await.unwrap();
    let memo = format!("{events:?}");
    assert!(memo.contains("고객요청 취소"), "{memo}");
    server.stop().await;
}

#[tokio::test]
async fn amount_sizes_count_digits_not_commas() {
    let server = TestServer::start().await;
    let order = |moid: &str, amt: Value| {
        json!({
            "mid": "testpay01m", "moid": moid, "goodsName": "테스트상품", "amt": amt,
            "buyerName": "테스트", "buyerTel": "01015150021", "svcPrdtCd": "03"
        })
        .to_string()
        .into_bytes()
    };
    // Twelve digits: the manual's form (digits only, here a JSON number)
    // and the live form (grouped, 15 characters).
    for (moid, amt) in [
        ("live-amt-1", json!(100000000000_i64)),
        ("live-amt-2", json!("100,000,000,000")),
        ("live-amt-3", json!("999,999,999,999")),
    ] {
        let v = post(
            &server,
            "/api/smsPayApi",
            "application/json",
            order(moid, amt),
        )
        .await;
        assert_eq!(v["resultCode"], "0000", "{v}");
    }
    // Thirteen digits, with or without commas.
    for (moid, amt) in [
        ("live-amt-4", json!("1000000000000")),
        ("live-amt-5", json!("1,000,000,000,000")),
    ] {
        let v = post(
            &server,
            "/api/smsPayApi",
            "application/json",
            order(moid, amt),
        )
        .await;
        assert_eq!(v["resultCode"], "3004", "{v}");
        assert!(v["resultMsg"].as_str().unwrap().starts_with("amt"), "{v}");
    }
    // Web-Link `Amt` (§1.1 `N 12`, "숫자"): the same rule.
    let (status, page) = open(
        &server,
        &EXAMPLE.replace("Amt=10005", "Amt=100,000,000,000"),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("100,000,000,000원"), "{page}");
    let (status, page) = open(
        &server,
        &EXAMPLE.replace("Amt=10005", "Amt=1,000,000,000,000"),
    )
    .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("3004") && page.contains("Amt"), "{page}");
    server.stop().await;
}
