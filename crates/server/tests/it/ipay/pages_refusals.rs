//! Every way the iPay pages refuse: a cart the URL does not describe
//! (unknown, wrong seller, wrong price), a method or card company the Fast
//! page does not allow, an open redirect through `LoginNonMember.aspx`, a
//! `JoinConfirm2.aspx` referer that is no registered site; and the images.

use super::pages::{
    ADDRESS_JEJU, FAST, PRICE, STD, fast_page, order, page, post, register, state_of, std_page,
};
use crate::support::TestServer;
use gyeolje_core::PaymentState;
use gyeolje_server::seed::IPAY_DEMO_SELLER;

#[tokio::test]
async fn the_order_pages_refuse_a_url_that_does_not_describe_the_cart() {
    let server = TestServer::start().await;
    let cart = register(&server, order(&[])).await;
    for path in [STD, FAST] {
        let (status, html) = server
            .get(&page(path, 987_654_321, IPAY_DEMO_SELLER, PRICE))
            .await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("존재하지 않는 카트번호입니다"), "{html}");

        let (status, html) = server
            .get(&format!("{path}?cartnos=abc&sellerid=test&price=1"))
            .await;
        assert_eq!(status, 400);
        assert!(
            html.contains("카트번호(cartnos)가 올바르지 않습니다"),
            "{html}"
        );

        let (status, html) = server.get(&page(path, cart, "someone", PRICE)).await;
        assert_eq!(status, 400, "{path}");
        assert!(html.contains("판매자 아이디(sellerid)가 주문의 판매자와 일치하지 않습니다"));

        let (status, html) = server
            .get(&page(path, cart, IPAY_DEMO_SELLER, PRICE - 1))
            .await;
        assert_eq!(status, 400, "{path}");
        assert!(html.contains("결제금액(price)이 주문 금액과 일치하지 않습니다"));

        // The same checks guard the POST: nothing is paid.
        let mut fields = ADDRESS_JEJU.to_vec();
        fields.extend([("method", "card"), ("card_number", "4242424242424242")]);
        let (status, _, _) = post(
            &server,
            &page(path, cart, IPAY_DEMO_SELLER, PRICE + JEJU_ALREADY_ADDED),
            &fields,
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(state_of(&server, cart).await.state, PaymentState::Requested);
    }
    // The seller id is compared as Auction member ids are: case aside.
    let (status, _) = server.get(&page(STD, cart, "TEST", PRICE)).await;
    assert_eq!(status, 200);
    server.stop().await;
}

/// The URL keeps the registered price even when the buyer picks Jeju; a
/// URL with the surcharge added is a wrong price.
const JEJU_ALREADY_ADDED: i64 = super::pages::JEJU;

#[tokio::test]
async fn fast_offers_only_what_payment_rule_allows_and_std_ignores_it() {
    let server = TestServer::start().await;
    let cart = register(&server, order(&[("payment_rule", "13")])).await;
    let (status, html) = server.get(&fast_page(cart)).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"method-card\""));
    for other in ["method-vbank", "method-phone", "method-rbank"] {
        assert!(!html.contains(other), "Fast offers {other}");
    }
    // Std offers all four whatever payment_rule says (§3.1.2).
    let (_, html) = server.get(&std_page(cart)).await;
    for m in [
        "method-card",
        "method-vbank",
        "method-phone",
        "method-rbank",
    ] {
        assert!(html.contains(m), "Std lacks {m}");
    }

    let mut fields = ADDRESS_JEJU.to_vec();
    fields.extend([("method", "vbank"), ("bank_code", "004")]);
    let (status, _, html) = post(&server, &fast_page(cart), &fields).await;
    assert_eq!(status, 400, "{html}");
    assert!(
        html.contains("이 주문에서는 무통장입금(가상계좌) 결제를 사용할 수 없습니다"),
        "{html}"
    );
    let payment = state_of(&server, cart).await;
    assert_eq!(payment.state, PaymentState::Requested);
    assert!(payment.virtual_account.is_none());

    // Rule 12 (무통장입금 only) refuses a card.
    let cart = register(&server, order(&[("payment_rule", "12")])).await;
    let mut fields = ADDRESS_JEJU.to_vec();
    fields.extend([("method", "card"), ("card_number", "4242424242424242")]);
    let (status, _, html) = post(&server, &fast_page(cart), &fields).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("신용카드 결제를 사용할 수 없습니다"),
        "{html}"
    );
    assert_eq!(state_of(&server, cart).await.state, PaymentState::Requested);
    server.stop().await;
}

#[tokio::test]
async fn fast_offers_only_the_card_companies_of_card_type() {
    let server = TestServer::start().await;
    let cart = register(&server, order(&[("card_type", "CCBC0|CCKM1")])).await;
    let (_, html) = server.get(&fast_page(cart)).await;
    assert!(html.contains("value=\"CCBC\""));
    assert!(html.contains("value=\"CCKM\""));
    assert!(!html.contains("value=\"CCSS\""), "{html}");

    let mut fields = ADDRESS_JEJU.to_vec();
    fields.extend([
        ("method", "card"),
        ("card_company", "CCSS"),
        ("card_number", "4242424242424242"),
    ]);
    let (status, _, html) = post(&server, &fast_page(cart), &fields).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("이 주문에서는 삼성카드를 사용할 수 없습니다"),
        "{html}"
    );

    let mut fields = ADDRESS_JEJU.to_vec();
    fields.extend([("method", "card"), ("card_number", "4242424242424242")]);
    let (status, _, html) = post(&server, &fast_page(cart), &fields).await;
    assert_eq!(status, 400);
    assert!(html.contains("카드사를 선택해 주세요"), "{html}");
    assert_eq!(state_of(&server, cart).await.state, PaymentState::Requested);

    let mut fields = ADDRESS_JEJU.to_vec();
    fields.extend([
        ("method", "card"),
        ("card_company", "CCBC"),
        ("card_number", "9410000000000001"),
    ]);
    let (status, _, html) = post(&server, &fast_page(cart), &fields).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(state_of(&server, cart).await.state, PaymentState::Paid);
    server.stop().await;
}

#[tokio::test]
async fn fast_refuses_a_virtual_account_after_payment_due_date() {
    let server = TestServer::start().await;
    let yesterday = server.app.now().to_kst().date_naive() - chrono::Days::new(1);
    let cart = register(
        &server,
        order(&[("payment_due_date", &yesterday.to_string())]),
    )
    .await;
    let mut fields = ADDRESS_JEJU.to_vec();
    fields.extend([("method", "vbank"), ("bank_code", "004")]);
    let (status, _, html) = post(&server, &fast_page(cart), &fields).await;
    assert_eq!(status, 400);
    assert!(html.contains("입금마감일"), "{html}");
    assert_eq!(state_of(&server, cart).await.state, PaymentState::Requested);
    server.stop().await;
}

#[tokio::test]
async fn login_non_member_continues_only_to_own_ipay_pages() {
    let server = TestServer::start().await;
    let cart = register(&server, order(&[])).await;
    let target = fast_page(cart);
    let host = server.base.trim_start_matches("http://").to_owned();
    let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    for url in [
        target.clone(),
        format!("{}{target}", server.base),
        // The manual's form, with Auction's host.
        format!("https://ssl.auction.co.kr{target}"),
    ] {
        let (status, html) = server
            .get(&format!(
                "/Authenticate/LoginNonMember.aspx?url={}",
                encode(&url)
            ))
            .await;
        assert_eq!(status, 200, "{url}: {html}");
        assert!(html.contains("비회원 구매"));
        assert!(
            html.contains(&format!("href=\"{}\"", target.replace('&', "&#38;"))),
            "{html}"
        );
    }
    for url in [
        format!("https://evil.example{target}"),
        format!("//evil.example{target}"),
        format!("http://{host}/oapi/apiLoad.html"),
        "/ipay/../sandbox/pay".to_owned(),
        "javascript:alert(1)".to_owned(),
        String::new(),
    ] {
        let (status, html) = server
            .get(&format!(
                "/Authenticate/LoginNonMember.aspx?url={}",
                encode(&url)
            ))
            .await;
        assert_eq!(status, 400, "{url}: {html}");
        assert!(html.contains("잘못된 접근입니다"));
        assert!(!html.contains("evil.example"));
    }
    server.stop().await;
}

async fn join_confirm(server: &TestServer, referer: Option<&str>) -> (u16, String) {
    let mut req = server
        .http
        .get(format!("{}/Popup/JoinConfirm2.aspx", server.base));
    if let Some(r) = referer {
        req = req.header("referer", r);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

#[tokio::test]
async fn join_confirm_checks_the_referer_against_registered_sites() {
    let server = TestServer::start().await;
    // The demo seller's site is http://127.0.0.1 (any port, any page).
    let (status, html) =
        join_confirm(&server, Some("http://127.0.0.1:43210/shop/index.html")).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("에스크로 서비스 가입확인"));
    assert!(html.contains("iPay 테스트 판매자"));

    for referer in [
        Some("https://evil.example/"),
        Some("not a url at all"),
        None,
    ] {
        let (status, html) = join_confirm(&server, referer).await;
        assert_eq!(status, 404, "{referer:?}");
        assert!(html.contains("등록되지 않은 사이트입니다"), "{html}");
        assert!(!html.contains("iPay 테스트 판매자"));
    }
    server.stop().await;
}

#[tokio::test]
async fn the_buttons_and_logos_are_svg_images() {
    let server = TestServer::start().await;
    for name in [
        "btn_ipay_1.svg",
        "btn_ipay_2.svg",
        "btn_ipay_3.svg",
        "btn_ipay_4.svg",
        "logo_ipay_1.svg",
        "logo_ipay_2.svg",
    ] {
        let resp = server
            .http
            .get(format!("{}/ipay/images/{name}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200, "{name}");
        let ct = resp.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("image/svg+xml"), "{ct}");
        assert!(resp.text().await.unwrap().starts_with("<svg "));
    }
    let (status, _) = server.get("/ipay/images/../seed.rs").await;
    assert_eq!(status, 404);
    let (status, _) = server.get("/ipay/images/btn_ipay_9.svg").await;
    assert_eq!(status, 404);
    server.stop().await;
}
