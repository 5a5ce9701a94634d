//! The Web-Link popup over HTTP (§1.1–1.3): the manual's example URLs as
//! printed, GET and POST, EUC-KR in both `Encoding`s, the error screens with
//! their §1.2 event form, and the request screen's rules.

use super::*;
use crate::support::TestServer;

/// §1.1 "테스트 정보 (SMS 수기)" Request, exactly as printed (after the host).
pub const EXAMPLE: &str = "LicenseKey=Ma29gyAFhvv/%2Be4/AHpV6pISQlvSKziLlbrNoXPbRS5nfTx2DOs8OJve%2BNzwyoaQ8p9Uy1AN4S1I0Um5v7oNUg==&ServiceMode=PY0&Mid=testpay01m&PayMethod=CSMS&PgMID=nictest14m&Moid=test20180313003&RequestType=&GoodsName=테스트상품&Amt=10005";

/// §1.1 "테스트 정보 (SMS 인증)" Request, exactly as printed.
const AUTH_EXAMPLE: &str = "LicenseKey=Ma29gyAFhvv/%2Be4/AHpV6pISQlvSKziLlbrNoXPbRS5nfTx2DOs8OJve%2BNzwyoaQ8p9Uy1AN4S1I0Um5v7oNUg==&ServiceMode=PY0&Mid=testpay01m&PayMethod=CSMS&PgMID=2999199999&Moid=test20180313003&RequestType=&GoodsName=테스트상품&Amt=10005&SvcPrdtCd=04";

/// 테스트상품 in EUC-KR, percent-encoded.
const GOODS_EUC_KR: &str = "%C5%D7%BD%BA%C6%AE%BB%F3%C7%B0";

/// `GET /api/cardInterface?{query}`.
pub async fn open(server: &TestServer, query: &str) -> (u16, String) {
    server.get(&format!("/api/cardInterface?{query}")).await
}

async fn open_post(server: &TestServer, body: impl Into<reqwest::Body>) -> (u16, String) {
    let resp = server
        .http
        .post(format!("{}/api/cardInterface", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// Undoes askama's HTML escaping.
pub fn unescape(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of the input `name` on `page`.
pub fn input_value(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no input {name} in {page}"))
        + marker.len();
    let len = page[start..].find('"').unwrap();
    unescape(&page[start..start + len])
}

/// Submits screen 1 of `page` with `fields` (consents, payer).
pub async fn submit(server: &TestServer, page: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let request = input_value(page, "request");
    let seal = input_value(page, "seal");
    let issued = input_value(page, "issued");
    let mut pairs = vec![
        ("request", request.as_str()),
        ("seal", seal.as_str()),
        ("issued", issued.as_str()),
    ];
    pairs.extend_from_slice(fields);
    let resp = server
        .http
        .post(format!("{}/api/cardInterface/request", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(crate::support::form(&pairs))
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// Every consent, a payer name and `phone`.
pub fn agreed(phone: &str) -> Vec<(&'static str, String)> {
    vec![
        ("agree_terms", "y".into()),
        ("agree_collection", "y".into()),
        ("agree_offering", "y".into()),
        ("buyer_name", "홍길동".into()),
        ("buyer_hp", phone.to_owned()),
    ]
}

async fn submit_agreed(server: &TestServer, page: &str, phone: &str) -> (u16, String) {
    let fields = agreed(phone);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    submit(server, page, &refs).await
}

#[tokio::test]
async fn the_manuals_example_url_opens_the_input_screen() {
    let server = TestServer::start().await;
    let (status, page) = open(&server, EXAMPLE).await;
    assert_eq!(status, 200, "{page}");
    for shown in [
        "INNOPAY",
        "SMS 카드결제",
        "입력",
        "요청결과",
        "test20180313003",
        "테스트상품",
        "10,005원",
        "전체동의",
        "href=\"/api/helpSms\"",
        "href=\"/api/terms\"",
        "href=\"/api/collection\"",
        "href=\"/api/offering\"",
        "결제자명",
        "휴대폰번호",
        "이메일",
        "결제마감",
        "※ 결제마감시간 미입력시 D+1일이 자동 설정됩니다",
        "취소",
        "SMS 결제요청",
        "SMS 수기",
    ] {
        assert!(page.contains(shown), "{shown} missing: {page}");
    }
    // The licence key is sealed, never echoed.
    assert!(!page.contains("Ma29gyAFhvv"), "{page}");
    assert!(!page.contains("Ma29gyAFhvv".replace('/', "&#x2f;").as_str()));
    // The default deadline (tomorrow 23:59:59) is prefilled.
    assert!(
        input_value(&page, "pay_exp").ends_with(" 23:59:59"),
        "{page}"
    );

    // The same as a POST form (the manual's recommendation).
    let (status, posted) = open_post(
        &server,
        EXAMPLE.replace(
            "테스트상품",
            "%ED%85%8C%EC%8A%A4%ED%8A%B8%EC%83%81%ED%92%88",
        ),
    )
    .await;
    assert_eq!(status, 200, "{posted}");
    assert!(
        posted.contains("테스트상품") && posted.contains("10,005원"),
        "{posted}"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_sms_auth_example_registers_an_04_order() {
    let server = TestServer::start().await;
    let (status, page) = open(&server, AUTH_EXAMPLE).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("SMS 인증"), "{page}");
    let (status, done) = submit_agreed(&server, &page, "010-2222-0004").await;
    assert_eq!(status, 200, "{done}");
    assert!(done.contains("주문등록 완료"), "{done}");
    let payment = server
        .app
        .store
        .payment_by_reference(
            server
                .app
                .store
                .merchant_by_innopay_mid(MID)
                .await
                .unwrap()
                .unwrap()
                .id,
            gyeolje_core::Protocol::InnoPay,
            "test20180313003",
        )
        .await
        .unwrap()
        .unwrap();
    let order = gyeolje_server::innopay::order::order_of(&payment).unwrap();
    assert_eq!(order.product, gyeolje_innopay::SmsProduct::CardAuth);
    assert_eq!(order.pg_mid, "2999199999");
    server.stop().await;
}

#[tokio::test]
async fn a_request_registers_the_order_and_shows_the_sms_as_sent() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let query = format!(
        "{}&ReturnUrl={}&BuyerEmail=buyer@example.com",
        EXAMPLE.replace("Moid=test20180313003", "Moid=wl-done-1"),
        sink.url("/ret")
    );
    let (_, page) = open(&server, &query).await;
    assert_eq!(input_value(&page, "buyer_email"), "buyer@example.com");
    // Before registration the page has the event form ready for 취소 (9001).
    assert!(page.contains("data-event-code=\"9001\""), "{page}");
    let (status, done) = submit_agreed(&server, &page, "010-1234-1234").await;
    assert_eq!(status, 200, "{done}");
    let text = unescape(&done);
    for shown in [
        "✓ 주문등록 완료",
        "010-1234-1234",
        "wl-done-1",
        "※ 결제마감시간 내에 상기 휴대폰으로 결제링크 연결 및 진행하셔야 주문완료 처리됩니다.",
        "닫기",
    ] {
        assert!(text.contains(shown), "{shown} missing: {text}");
    }
    let sms = wait("the order SMS", || async {
        server.sms_to("01012341234").await.into_iter().next()
    })
    .await;
    let sms_text = sms["text"].as_str().unwrap();
    assert!(text.contains(sms_text), "{sms_text} not on {text}");
    // The §1.2 event: 0000 with the SMS text, submitted on load.
    assert_eq!(input_value(&done, "resultCode"), "0000");
    assert_eq!(input_value(&done, "resultMsg"), sms_text);
    assert_eq!(input_value(&done, "moid"), "wl-done-1");
    // ... once: 닫기 posts no second 0000 (issue 15 §14).
    assert!(!done.contains("data-event-code=\""), "{done}");
    assert!(done.contains("id=\"close\" data-close"), "{done}");
    assert!(
        done.contains(&format!("action=\"{}\"", sink.url("/ret"))),
        "{done}"
    );
    // WEB: no pay-now button.
    assert!(!done.contains("id=\"pay-now\""));

    // Mobile: the buyer gets a button to the payment page.
    let mobile = EXAMPLE
        .replace("RequestType=", "RequestType=Mobile")
        .replace("Moid=test20180313003", "Moid=wl-mobile-1");
    let (_, page) = open(&server, &mobile).await;
    let (_, done) = submit_agreed(&server, &page, "01055550001").await;
    assert!(done.contains("id=\"pay-now\""), "{done}");
    assert!(done.contains(&format!("{}/s/", server.base)), "{done}");
    server.stop().await;
}

#[tokio::test]
async fn a_wrong_licence_key_shows_the_error_and_posts_its_code() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let query = format!(
        "{}&ReturnUrl={}",
        EXAMPLE.replace("LicenseKey=Ma29", "LicenseKey=XX29"),
        sink.url("/ret")
    );
    let (status, page) = open(&server, &query).await;
    assert_eq!(status, 400, "{page}");
    assert!(
        page.contains("LicenseKey") && page.contains("3012"),
        "{page}"
    );
    assert!(page.contains("id=\"event-form\""), "{page}");
    assert_eq!(input_value(&page, "resultCode"), "3012");
    assert_eq!(input_value(&page, "moid"), "test20180313003");
    assert!(!page.contains("name=\"seal\""), "{page}");
    // Unknown Mid and a PgMID of another product.
    let (status, page) = open(&server, &EXAMPLE.replace("Mid=testpay01m", "Mid=nosuchmid")).await;
    assert_eq!(status, 400);
    assert!(page.contains("3011"), "{page}");
    let (_, page) = open(&server, &format!("{EXAMPLE}&svcPrdtCd=04")).await;
    assert!(page.contains("3013") && page.contains("PgMID"), "{page}");
    // No ReturnUrl: no event form.
    let (_, page) = open(
        &server,
        &EXAMPLE.replace("LicenseKey=Ma29", "LicenseKey=XX29"),
    )
    .await;
    assert!(!page.contains("id=\"event-form\""), "{page}");
    server.stop().await;
}

#[tokio::test]
async fn missing_and_malformed_parameters_are_named() {
    let server = TestServer::start().await;
    let (status, page) = open(&server, &EXAMPLE.replace("&GoodsName=테스트상품", "")).await;
    assert_eq!(status, 400, "{page}");
    assert!(
        page.contains("GoodsName") && page.contains("3002"),
        "{page}"
    );
    for (query, field) in [
        (EXAMPLE.replace("Amt=10005", "Amt=ten"), "Amt"),
        (format!("{EXAMPLE}&Encoding=latin-1"), "Encoding"),
        (
            EXAMPLE.replace("PayMethod=CSMS", "PayMethod=CARD"),
            "PayMethod",
        ),
        (format!("{EXAMPLE}&BuyerHp=abc"), "BuyerHp"),
        (format!("{EXAMPLE}&PayExpDate=200001010000"), "PayExpDate"),
        (String::new(), "Mid"),
    ] {
        let (status, page) = open(&server, &query).await;
        assert_eq!(status, 400, "{query}: {page}");
        assert!(page.contains(field), "{field}: {page}");
    }
    // Bytes that are neither UTF-8 nor EUC-KR do not break the page.
    let (status, _) = open_post(&server, b"Mid=%FF%FE&GoodsName=%FF".to_vec()).await;
    assert_eq!(status, 400);
    server.stop().await;
}

#[tokio::test]
async fn euc_kr_survives_both_encodings_into_the_sms() {
    let server = TestServer::start().await;
    for (n, encoding) in ["url_euc-kr", "euc-kr"].into_iter().enumerate() {
        let query = EXAMPLE
            .replace("GoodsName=테스트상품", &format!("GoodsName={GOODS_EUC_KR}"))
            .replace("Moid=test20180313003", &format!("Moid=euckr-{n}"))
            + &format!("&Encoding={encoding}");
        let (status, page) = open(&server, &query).await;
        assert_eq!(status, 200, "{encoding}: {page}");
        assert!(page.contains("테스트상품"), "{encoding}: {page}");
        let phone = format!("0107777000{n}");
        let (status, done) = submit_agreed(&server, &page, &phone).await;
        assert_eq!(status, 200, "{done}");
        let sms = wait("the order SMS", || async {
            server.sms_to(&phone).await.into_iter().next()
        })
        .await;
        assert!(
            sms["text"].as_str().unwrap().contains("상품명:테스트상품"),
            "{encoding}: {sms}"
        );
    }
    // The same bytes POSTed.
    let body = EXAMPLE.replace("GoodsName=테스트상품", &format!("GoodsName={GOODS_EUC_KR}"))
        + "&Encoding=euc-kr";
    let (status, page) = open_post(&server, body).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("테스트상품"), "{page}");
    server.stop().await;
}

#[tokio::test]
async fn the_request_screen_insists_on_consent_name_and_phone() {
    let server = TestServer::start().await;
    let (_, page) = open(&server, EXAMPLE).await;
    let (status, again) = submit(
        &server,
        &page,
        &[
            ("agree_terms", "y"),
            ("agree_collection", "y"),
            ("buyer_name", "홍길동"),
            ("buyer_hp", "01088880001"),
        ],
    )
    .await;
    assert_eq!(status, 400, "{again}");
    assert!(again.contains("동의"), "{again}");
    assert!(
        again.contains("name=\"seal\""),
        "the form comes back: {again}"
    );
    assert_eq!(input_value(&again, "buyer_hp"), "01088880001");
    let (status, again) = submit(
        &server,
        &page,
        &[
            ("agree_terms", "y"),
            ("agree_collection", "y"),
            ("agree_offering", "y"),
            ("buyer_hp", "01088880001"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(again.contains("결제자명"), "{again}");
    let (status, again) = submit(
        &server,
        &page,
        &[
            ("agree_terms", "y"),
            ("agree_collection", "y"),
            ("agree_offering", "y"),
            ("buyer_name", "홍길동"),
            ("buyer_hp", "0101"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(again.contains("BuyerHp"), "{again}");
    assert!(server.sms_to("01088880001").await.is_empty());

    // A tampered request (another amount) is refused whole.
    let request = input_value(&page, "request").replace("10005", "5");
    let seal = input_value(&page, "seal");
    let issued = input_value(&page, "issued");
    let fields = agreed("01088880001");
    let mut pairs = vec![
        ("request", request.as_str()),
        ("seal", seal.as_str()),
        ("issued", issued.as_str()),
    ];
    pairs.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    let resp = server
        .http
        .post(format!("{}/api/cardInterface/request", server.base))
        .body(crate::support::form(&pairs))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert!(resp.text().await.unwrap().contains("3012"));

    // A screen 1 submitted hours after it was opened is refused, and its
    // issue time cannot be moved without breaking the seal.
    server.advance_clock(2 * 3600).await;
    let fields = agreed("01088880001");
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, late) = submit(&server, &page, &borrowed).await;
    assert_eq!(status, 400, "{late}");
    assert!(late.contains("창을 다시 여세요"), "{late}");
    let now = server.app.now().as_millis().to_string();
    let moved = page.replacen(&input_value(&page, "issued"), &now, 1);
    let (status, forged) = submit(&server, &moved, &borrowed).await;
    assert_eq!(status, 400, "{forged}");
    assert!(forged.contains("3012"), "{forged}");
    assert!(server.sms_to("01088880001").await.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn help_and_terms_pages() {
    let server = TestServer::start().await;
    // A reloaded result screen (GET on the request path) gets the popup's error screen.
    let (status, page) = server.get("/api/cardInterface/request").await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("3008"), "{page}");
    for (path, title) in [
        ("/api/helpSms", "신용카드 SMS 결제 안내"),
        ("/api/terms", "전자금융거래 기본약관"),
        ("/api/collection", "개인정보 수집 및 이용안내"),
        ("/api/offering", "개인정보 제공 및 위탁안내"),
    ] {
        let (status, page) = server.get(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.contains(title), "{path}: {page}");
        assert!(page.contains("gyeolje 샌드박스"), "{path}: {page}");
    }
    server.stop().await;
}
