//! PayApp Lite over plain HTTP: the script is served, and the popup window
//! shows, validates and creates requests exactly as the browser would drive
//! it (`lite_browser` drives it in a real browser).

use crate::support::{TestServer, eventually, form, won};
use gyeolje_core::PaymentId;
use gyeolje_payapp::PayRequest;
use std::time::Duration;

/// The fields of the manual's "HTML 폼 사용" example, as its form posts them.
const EXAMPLE: [(&str, &str); 4] = [
    ("userid", "payapptest"),
    ("shopname", "좋은상점"),
    ("goodname", "착한상품"),
    ("price", "1000"),
];

async fn post(server: &TestServer, path: &str, body: impl Into<reqwest::Body>) -> (u16, String) {
    let resp = server
        .http
        .post(format!("{}{path}", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

async fn show(server: &TestServer, pairs: &[(&str, &str)]) -> (u16, String) {
    post(server, "/lite/request", form(pairs)).await
}

async fn submit(server: &TestServer, pairs: &[(&str, &str)]) -> (u16, String) {
    post(server, "/lite/request/submit", form(pairs)).await
}

/// Parameters, the message the popup shows for them, and its errno.
type Refusal = (
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
);

/// Owned pairs as the borrowed pairs `form` takes.
fn borrowed(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// Undoes askama's HTML escaping of an attribute value.
fn unescape(value: &str) -> String {
    value
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
}

/// The hidden fields of a rendered popup, as the browser would send them back.
fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest
                .strip_prefix(" value=\"")
                .and_then(|v| v.split_once('"'))
                .map_or("", |(v, _)| v);
            Some((name.to_owned(), unescape(value)))
        })
        .collect()
}

async fn stored_request(server: &TestServer, phone: &str) -> (gyeolje_core::Payment, PayRequest) {
    let messages = eventually("the request SMS", Duration::from_secs(5), || async {
        let m = server.sms_to(phone).await;
        (!m.is_empty()).then_some(m)
    })
    .await;
    let id = messages[0]["payment_id"].as_i64().unwrap();
    let payment = server
        .app
        .store
        .payment(PaymentId::new(id))
        .await
        .unwrap()
        .unwrap();
    let req: PayRequest = serde_json::from_value(payment.protocol_data.clone()).unwrap();
    (payment, req)
}

#[tokio::test]
async fn the_script_is_served_on_both_paths() {
    let server = TestServer::start().await;
    let mut bodies = Vec::new();
    for path in [
        "/public/api/payapp-lite.js",
        "/public/api/v2/payapp-lite.js",
    ] {
        let resp = server
            .http
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(
            resp.headers()["content-type"],
            "application/javascript; charset=utf-8"
        );
        let body = resp.text().await.unwrap();
        assert!(body.contains("jQuery v3.7.1"), "jQuery is bundled");
        assert!(body.contains("window.PayApp = PayApp;"));
        assert!(body.contains(&format!("var SERVER_BASE = '{}';", server.base)));
        bodies.push(body);
    }
    assert_eq!(bodies[0], bodies[1]);
    server.stop().await;
}

#[tokio::test]
async fn the_popup_shows_shop_goods_price_phone_and_terms() {
    let server = TestServer::start().await;
    let mut pairs = EXAMPLE.to_vec();
    pairs.push(("recvphone", "010-1234-5678"));
    let (status, html) = show(&server, &pairs).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<td id=\"shop\">좋은상점</td>"), "{html}");
    assert!(html.contains("<span id=\"goods\">착한상품</span>"));
    assert!(html.contains("<span class=\"price\" id=\"price-shown\">1,000</span> 원"));
    // Prefilled, editable, digits only.
    assert!(html.contains("name=\"recvphone\" id=\"recvphone\" value=\"01012345678\""));
    assert!(html.contains("id=\"agree\""));
    assert!(html.contains(">결제요청</button>"));
    assert!(!html.contains("id=\"vccode\""), "no country code for KRW");
    let hidden = hidden_fields(&html);
    for (k, v) in EXAMPLE {
        assert!(
            hidden.contains(&(k.to_owned(), v.to_owned())),
            "{k}: {hidden:?}"
        );
    }
    assert!(!hidden.iter().any(|(k, _)| k == "recvphone"));
    server.stop().await;
}

#[tokio::test]
async fn a_get_link_shows_the_popup_too() {
    let server = TestServer::start().await;
    let (status, html) = server
        .get(&format!("/lite/request?{}", form(&EXAMPLE)))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("착한상품"));
    server.stop().await;
}

#[tokio::test]
async fn empty_goodname_or_price_become_input_boxes() {
    let server = TestServer::start().await;
    // The manual's "사용자 입력 결제창 제작": only userid and shopname.
    let (status, html) = show(
        &server,
        &[
            ("userid", "payapptest"),
            ("shopname", "좋은상점"),
            ("goodname", " "),
        ],
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<input name=\"goodname\" id=\"goodname\" value=\"\""));
    assert!(html.contains("<input name=\"price\" id=\"price\" value=\"\""));
    let hidden = hidden_fields(&html);
    assert!(
        hidden.contains(&("_ask".into(), "goodname,price".into())),
        "{hidden:?}"
    );

    // The buyer types them; the price is cleaned like every numeric field.
    let mut back: Vec<(String, String)> = hidden;
    back.extend(
        [
            ("goodname", "  직접 입력한 상품 "),
            ("price", "2,500원"),
            ("recvphone", "010 2222 3333"),
            ("agree", "y"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    let pairs = borrowed(&back);
    let (status, html) = submit(&server, &pairs).await;
    assert_eq!(status, 200, "{html}");
    let (payment, req) = stored_request(&server, "01022223333").await;
    assert_eq!(payment.goods_name, "직접 입력한 상품");
    assert_eq!(payment.amount, won(2500));
    assert_eq!(req.shopname.as_deref(), Some("좋은상점"));
    server.stop().await;
}

#[tokio::test]
async fn usd_asks_for_the_country_code_and_shows_dollars() {
    let server = TestServer::start().await;
    let mut pairs = EXAMPLE.to_vec();
    pairs.extend([("currency", "usd"), ("vccode", "1")]);
    let (status, html) = show(&server, &pairs).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("name=\"vccode\" id=\"vccode\" value=\"1\""));
    assert!(html.contains(">USD 10.00</span>"));

    let mut back = hidden_fields(&html);
    back.extend([
        ("vccode".to_owned(), "82".to_owned()),
        ("recvphone".to_owned(), "01033334444".to_owned()),
        ("agree".to_owned(), "y".to_owned()),
    ]);
    let pairs = borrowed(&back);
    let (status, html) = submit(&server, &pairs).await;
    assert_eq!(status, 200, "{html}");
    let (_, req) = stored_request(&server, "01033334444").await;
    assert_eq!(req.reqmode, gyeolje_payapp::ReqMode::Usd);
    assert_eq!(req.vccode.as_deref(), Some("82"));
    server.stop().await;
}

#[tokio::test]
async fn the_merchants_mistakes_are_shown_before_the_buyer_types() {
    let server = TestServer::start().await;
    let cases: [Refusal; 7] = [
        (
            &[("userid", "nobody"), ("goodname", "a"), ("price", "1")],
            "userid: 등록되지 않은 판매자 아이디입니다",
            "70010",
        ),
        (&[("goodname", "a"), ("price", "1")], "userid:", "70010"),
        (
            &[("userid", "payapptest"), ("goodname", "a"), ("price", "0")],
            "price: 0보다 큰 금액이어야 합니다",
            "70020",
        ),
        (
            &[
                ("userid", "payapptest"),
                ("goodname", "a"),
                ("price", "10.5"),
            ],
            "price: 정수 금액만",
            "70020",
        ),
        (
            &[
                ("userid", "payapptest"),
                ("price", "1"),
                ("feedbackurl", "ftp://x"),
            ],
            "feedbackurl:",
            "70020",
        ),
        (
            &[
                ("userid", "payapptest"),
                ("price", "1"),
                ("currency", "eur"),
            ],
            "currency: 허용되지 않는 값입니다",
            "70020",
        ),
        (
            &[
                ("userid", "payapptest"),
                ("price", "1"),
                ("redirecturl", "javascript:alert(1)"),
            ],
            "redirecturl:",
            "70020",
        ),
    ];
    for (pairs, message, errno) in cases {
        let (status, html) = show(&server, pairs).await;
        assert_eq!(status, 422, "{pairs:?}: {html}");
        assert!(
            html.contains(message),
            "{pairs:?}: wants {message:?} in {html}"
        );
        assert!(html.contains(&format!("오류코드 {errno}")), "{pairs:?}");
        assert!(!html.contains("id=\"request\""), "no form to submit");
    }
    server.stop().await;
}

#[tokio::test]
async fn submitting_creates_the_request_and_sends_the_sms() {
    let server = TestServer::start().await;
    let mut pairs = EXAMPLE.to_vec();
    pairs.extend([
        ("memo", "메모"),
        ("var1", "v1"),
        ("var2", "v2"),
        ("feedbackurl", "http://127.0.0.1:9/feedback"),
        ("returnurl", "http://shop.example/returned"),
        ("openpaytype", "card,phone"),
        ("checkretry", "y"),
        ("reqaddr", "1"),
    ]);
    let (_, html) = show(&server, &pairs).await;
    let mut back = hidden_fields(&html);
    back.extend([
        ("recvphone".to_owned(), "01012345678".to_owned()),
        ("agree".to_owned(), "y".to_owned()),
    ]);
    let pairs = borrowed(&back);
    let (status, html) = submit(&server, &pairs).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("입력된 휴대폰으로 결제요청 메시지가 전송되었습니다."));
    assert!(html.contains("id=\"complete\""));
    assert!(
        !html.contains("data-redirecturl=\""),
        "no redirecturl: the window closes"
    );

    let (payment, req) = stored_request(&server, "01012345678").await;
    assert_eq!(payment.goods_name, "착한상품");
    assert_eq!(payment.amount, won(1000));
    assert_eq!(req.shopname.as_deref(), Some("좋은상점"));
    assert_eq!(req.memo, "메모");
    assert_eq!((req.var1.as_str(), req.var2.as_str()), ("v1", "v2"));
    assert_eq!(
        req.feedbackurl.as_deref(),
        Some("http://127.0.0.1:9/feedback")
    );
    assert_eq!(
        req.returnurl.as_deref(),
        Some("http://shop.example/returned")
    );
    assert_eq!(req.openpaytype, ["card", "phone"]);
    assert!(req.checkretry && req.reqaddr && req.smsuse);
    let text = server.sms_to("01012345678").await[0]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        text.contains("좋은상점") && text.contains("착한상품"),
        "{text}"
    );
    assert!(
        text.contains(&format!("/p/{}", payment.page_code)),
        "{text}"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_buyers_mistakes_show_above_the_form_with_values_kept() {
    let server = TestServer::start().await;
    let (_, html) = show(&server, &EXAMPLE).await;
    let hidden = hidden_fields(&html);
    let with = |extra: &[(&str, &str)]| {
        let mut v: Vec<(String, String)> = hidden.clone();
        v.extend(
            extra
                .iter()
                .map(|(k, val)| ((*k).to_owned(), (*val).to_owned())),
        );
        v
    };

    let no_terms = with(&[("recvphone", "01055556666")]);
    let pairs = borrowed(&no_terms);
    let (status, html) = submit(&server, &pairs).await;
    assert_eq!(status, 422);
    assert!(html.contains("agree: 이용약관에 동의해야"), "{html}");
    assert!(html.contains("value=\"01055556666\""), "the phone is kept");
    assert!(html.contains("id=\"request\""), "the form is shown again");

    let bad_phone = with(&[("recvphone", "123"), ("agree", "y")]);
    let pairs = borrowed(&bad_phone);
    let (status, html) = submit(&server, &pairs).await;
    assert_eq!(status, 422);
    assert!(html.contains("recvphone: 휴대폰번호는"), "{html}");
    assert!(html.contains(" checked"), "the consent is kept");

    assert!(
        server.sms_to("01055556666").await.is_empty(),
        "nothing was created"
    );
    server.stop().await;
}

#[tokio::test]
async fn redirect_and_smsuse_shape_the_success_screen() {
    let server = TestServer::start().await;
    let mut pairs = EXAMPLE.to_vec();
    pairs.extend([
        ("recvphone", "01077778888"),
        ("agree", "y"),
        ("smsuse", "n"),
        ("redirecturl", "http://shop.example/done?a=1&b=2"),
        ("redirect", "self"),
    ]);
    let (status, html) = submit(&server, &pairs).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("data-redirecturl=\"http://shop.example/done?a=1&#38;b=2\""),
        "{html}"
    );
    assert!(html.contains("data-redirect=\"self\""));
    assert!(html.contains("결제요청이 등록되었습니다."));
    assert!(!html.contains("메시지가 전송되었습니다"));
    // An SMS is stored with the request it announces, before the reply: none.
    assert!(server.sms_to("01077778888").await.is_empty(), "smsuse=n");

    pairs.retain(|(k, _)| *k != "redirect" && *k != "smsuse");
    let (status, html) = submit(&server, &pairs).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("data-redirect=\"opener\""),
        "opener is the default"
    );
    // The same request without smsuse=n: its SMS is the phone's only one.
    let sms = server.sms_to("01077778888").await;
    assert_eq!(sms.len(), 1, "{sms:?}");
    server.stop().await;
}

#[tokio::test]
async fn euc_kr_input_is_shown_in_korean() {
    let server = TestServer::start().await;
    // 좋은상점 / 착한상품 in EUC-KR, as a page in EUC-KR posts them.
    let body = "userid=payapptest&shopname=%C1%C1%C0%BA%BB%F3%C1%A1\
                &goodname=%C2%F8%C7%D1%BB%F3%C7%B0&price=1000&charset=euc-kr";
    let (status, html) = post(&server, "/lite/request", body).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("좋은상점") && html.contains("착한상품"),
        "{html}"
    );
    // The popup's own form is UTF-8 and no longer carries charset=euc-kr.
    assert!(html.contains("accept-charset=\"UTF-8\""));
    assert!(!hidden_fields(&html).iter().any(|(k, _)| k == "charset"));
    server.stop().await;
}
