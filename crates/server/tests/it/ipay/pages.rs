//! The iPay buyer pages over HTTP: the Std order page from a cart
//! registered through the SOAP client to the paid result, the escrow
//! orders and their receipts, `move_to_redirect_url`, a virtual account on
//! the Fast page with `payment_due_date`, a decline. The refusals are in
//! `pages_refusals`, the browser runs in `browser`.

use crate::support::TestServer;
use gyeolje_core::{PaymentId, PaymentState};
use gyeolje_ipay::client::IpayClient;
use gyeolje_ipay::xml::Element;
use gyeolje_server::seed::{IPAY_DEMO_SELLER, IPAY_DEMO_TICKET_PHP};

pub const STD: &str = "/ipay/IpayStdOrder.aspx";
pub const FAST: &str = "/ipay/IpayFastOrder.aspx";
/// 15,000 × 2 + 2,500 + shipping 3,000.
pub const PRICE: i64 = 35_500;
/// `add_shipping_price_jeju` of the first line.
pub const JEJU: i64 = 3_000;

/// The test cart's ORDER, with `extra` attributes replacing or adding.
pub fn order(extra: &[(&str, &str)]) -> Element {
    let mut attrs = vec![
        ("payment_rule", "0".to_owned()),
        ("pay_price", PRICE.to_string()),
        ("shipping_price", "3000".to_owned()),
        ("shipping_type", "3".to_owned()),
        ("back_url", "https://shop.example/cart".to_owned()),
        ("service_url", "https://shop.example/ipay/notify".to_owned()),
        ("redirect_url", "https://shop.example/done?o=1".to_owned()),
        ("buyer_name", "홍길동".to_owned()),
        ("buyer_tel_no", "010-1234-5678".to_owned()),
        ("buyer_email", "hong@example.com".to_owned()),
    ];
    for (k, v) in extra {
        attrs.retain(|(key, _)| key != k);
        attrs.push((k, (*v).to_owned()));
    }
    attrs
        .into_iter()
        .fold(Element::new("ORDER"), |e, (k, v)| e.with_attr(k, v))
}

/// The two lines: a mouse with a Jeju and a remote surcharge, and a pad.
pub fn items() -> Vec<Element> {
    vec![
        Element::new("IpayServiceItems")
            .with_attr("item_name", "무선 마우스")
            .with_attr("ipay_itemno", "M-100")
            .with_attr("item_option_name", "색상: 검정")
            .with_attr("item_price", "15000")
            .with_attr("order_qty", "2")
            .with_attr("item_url", "https://shop.example/m100")
            .with_attr("thumbnail_url", "https://shop.example/m100.jpg")
            .with_attr("add_shipping_price_jeju", JEJU.to_string())
            .with_attr("add_shipping_price_etc", "5000"),
        Element::new("IpayServiceItems")
            .with_attr("item_name", "마우스 패드")
            .with_attr("ipay_itemno", "P-7")
            .with_attr("item_option_name", "")
            .with_attr("item_price", "2500")
            .with_attr("order_qty", "1")
            .with_attr("item_url", "https://shop.example/p7")
            .with_attr("thumbnail_url", "https://shop.example/p7.jpg"),
    ]
}

/// Registers a cart through the SOAP client; returns its number.
pub async fn register(server: &TestServer, order: Element) -> i64 {
    let client = IpayClient::new(&server.base, IPAY_DEMO_TICKET_PHP);
    let cart = client.insert_order_to_long(order, items()).await.unwrap();
    assert!(cart > 0, "InsertIpayOrderToLong answered {cart}");
    cart
}

/// A page path for `cart` with the seller and price given.
pub fn page(path: &str, cart: i64, seller: &str, price: i64) -> String {
    format!("{path}?cartnos={cart}&sellerid={seller}&price={price}")
}

pub fn std_page(cart: i64) -> String {
    page(STD, cart, IPAY_DEMO_SELLER, PRICE)
}

pub fn fast_page(cart: i64) -> String {
    page(FAST, cart, IPAY_DEMO_SELLER, PRICE)
}

/// An HTTP client that does not follow redirects.
pub fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// POSTs the order form; returns status, `Location` and body.
pub async fn post(
    server: &TestServer,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, Option<String>, String) {
    let resp = no_redirects()
        .post(format!("{}{path}", server.base))
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, location, resp.text().await.unwrap())
}

/// The buyer and address part of the form, for Jeju.
pub const ADDRESS_JEJU: [(&str, &str); 9] = [
    ("buyer_name", "홍길동"),
    ("buyer_tel", "010-1234-5678"),
    ("rcpt_name", "홍길순"),
    ("post_no", "63122"),
    ("address", "제주특별자치도 제주시 첨단로 242"),
    ("address_detail", "2층"),
    ("rcpt_mobile", "010-9876-5432"),
    ("remark", "부재 시 경비실"),
    ("area", "jeju"),
];

fn with<'a>(base: &[(&'a str, &'a str)], more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    base.iter().chain(more).copied().collect()
}

pub async fn state_of(server: &TestServer, cart: i64) -> gyeolje_core::Payment {
    server
        .app
        .store
        .payment(PaymentId::new(cart))
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn the_std_page_shows_the_cart_with_the_buyer_prefilled() {
    let server = TestServer::start().await;
    let cart = register(&server, order(&[])).await;
    let (status, html) = server.get(&std_page(cart)).await;
    assert_eq!(status, 200, "{html}");
    for text in [
        "무선 마우스",
        "색상: 검정",
        "마우스 패드",
        "30,000원",
        "3,000원",
        "35,500원",
        "value=\"홍길동\"",
        "value=\"010-1234-5678\"",
        "value=\"hong@example.com\"",
        "받는 분",
        "우편번호",
        "상세주소",
        "배송 요청사항",
        "제주",
        "+3,000원",
        "도서산간",
        "+5,000원",
        "신용카드",
        "무통장입금(가상계좌)",
        "휴대폰",
        "실시간계좌이체",
        "href=\"https://shop.example/cart\"",
        "쇼핑몰로 돌아가기",
    ] {
        assert!(html.contains(text), "missing {text:?}");
    }
    // Std has no card-company choice (card_type is a Fast feature).
    assert!(!html.contains("id=\"card_company\""));
    server.stop().await;
}

#[tokio::test]
async fn without_an_address_the_form_asks_none() {
    let server = TestServer::start().await;
    let cart = register(&server, order(&[("is_address_required", "false")])).await;
    let (status, html) = server.get(&std_page(cart)).await;
    assert_eq!(status, 200);
    assert!(!html.contains("address-fields"), "{html}");
    let (status, _, html) = post(
        &server,
        &std_page(cart),
        &[
            ("buyer_name", "홍길동"),
            ("method", "card"),
            ("card_number", "4242424242424242"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(state_of(&server, cart).await.amount.get(), PRICE);
    server.stop().await;
}

#[tokio::test]
async fn paying_on_the_std_page_charges_the_jeju_surcharge_and_opens_orders() {
    let server = TestServer::start().await;
    let cart = register(&server, order(&[])).await;
    let fields = with(
        &ADDRESS_JEJU,
        &[("method", "card"), ("card_number", "4242424242424242")],
    );
    let (status, location, html) = post(&server, &std_page(cart), &fields).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(location, None);
    assert!(html.contains("결제가 완료되었습니다"), "{html}");
    assert!(html.contains("38,500원"), "{html}");

    let payment = state_of(&server, cart).await;
    assert_eq!(payment.state, PaymentState::Paid);
    assert_eq!(payment.amount.get(), PRICE + JEJU);
    let pay_no = payment.reference.clone().unwrap();
    assert!(html.contains(&pay_no), "pay no {pay_no} not shown");

    let orders = server.app.store.escrow_orders_of(payment.id).await.unwrap();
    assert_eq!(orders.len(), 2);
    let dest = orders[0].destination.clone().unwrap();
    assert_eq!(dest.name, "홍길순");
    assert_eq!(dest.post_no, "63122");
    assert_eq!(dest.remark, "부재 시 경비실");
    for o in &orders {
        assert!(
            html.contains(&o.order_no.to_string()),
            "order {}",
            o.order_no
        );
    }
    // The link back carries the pay number.
    assert!(html.contains(&format!(
        "https://shop.example/done?o=1&#38;ipayno={pay_no}"
    )));

    // Opening the page again shows the paid result, not the form.
    let (status, again) = server.get(&std_page(cart)).await;
    assert_eq!(status, 200);
    assert!(again.contains("결제가 완료되었습니다"));
    assert!(!again.contains("order-form"));

    // §3.3.1: the receipt of each order.
    let first = orders[0].order_no;
    let (status, receipt) = server
        .get(&format!(
            "/card/receiptlist.aspx?order_no={first}&seller_id={IPAY_DEMO_SELLER}"
        ))
        .await;
    assert_eq!(status, 200, "{receipt}");
    for text in [
        "신용카드 매출전표",
        "iPay 테스트 판매자",
        "무선 마우스",
        "30,000원",
        "신한카드",
        "424242******4242",
    ] {
        assert!(receipt.contains(text), "receipt misses {text:?}");
    }
    let (status, _) = server
        .get(&format!(
            "/card/receiptlist.aspx?order_no={first}&seller_id=other"
        ))
        .await;
    assert_eq!(status, 404);
    let (status, html) = server
        .get("/card/receiptlist.aspx?order_no=999999999&seller_id=test")
        .await;
    assert_eq!(status, 404);
    assert!(html.contains("영수증을 찾을 수 없습니다"));
    server.stop().await;
}

#[tokio::test]
async fn move_to_redirect_url_sends_the_buyer_on_with_the_pay_number() {
    let server = TestServer::start().await;
    let cart = register(
        &server,
        order(&[
            ("move_to_redirect_url", "true"),
            ("is_address_required", "false"),
        ]),
    )
    .await;
    let (status, location, _) = post(
        &server,
        &std_page(cart),
        &[
            ("buyer_name", "홍길동"),
            ("method", "card"),
            ("card_number", "4242424242424242"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let pay_no = state_of(&server, cart).await.reference.unwrap();
    assert_eq!(
        location.as_deref(),
        Some(format!("https://shop.example/done?o=1&ipayno={pay_no}").as_str())
    );

    // A redirect_url without a query gets `?ipayno=`.
    let cart = register(
        &server,
        order(&[
            ("move_to_redirect_url", "true"),
            ("is_address_required", "false"),
            ("redirect_url", "https://shop.example/done"),
        ]),
    )
    .await;
    let (status, location, _) = post(
        &server,
        &std_page(cart),
        &[
            ("buyer_name", "홍길동"),
            ("method", "rbank"),
            ("bank_code", "004"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let pay_no = state_of(&server, cart).await.reference.unwrap();
    assert_eq!(
        location.as_deref(),
        Some(format!("https://shop.example/done?ipayno={pay_no}").as_str())
    );
    server.stop().await;
}

#[tokio::test]
async fn the_fast_virtual_account_is_due_by_payment_due_date() {
    let server = TestServer::start().await;
    let tomorrow = server.app.now().to_kst().date_naive() + chrono::Days::new(1);
    let cart = register(
        &server,
        order(&[("payment_due_date", &tomorrow.to_string())]),
    )
    .await;
    let (_, html) = server.get(&fast_page(cart)).await;
    assert!(
        html.contains(&format!("무통장입금 입금마감일: {tomorrow}")),
        "{html}"
    );
    let fields = with(&ADDRESS_JEJU, &[("method", "vbank"), ("bank_code", "004")]);
    let (status, _, html) = post(&server, &fast_page(cart), &fields).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("무통장입금 안내"), "{html}");
    let payment = state_of(&server, cart).await;
    assert_eq!(payment.state, PaymentState::AwaitingDeposit);
    let account = payment.virtual_account.unwrap();
    assert_eq!(account.due.kst_datetime(), format!("{tomorrow} 23:59:59"));
    assert!(html.contains(&account.account_no));
    assert!(html.contains(&format!("{tomorrow} 23:59:59")));
    server.stop().await;
}

#[tokio::test]
async fn a_decline_shows_the_form_again() {
    let server = TestServer::start().await;
    let cart = register(&server, order(&[])).await;
    let fields = with(
        &ADDRESS_JEJU,
        &[("method", "card"), ("card_number", "4000000000000002")],
    );
    let (status, _, html) = post(&server, &std_page(cart), &fields).await;
    assert_eq!(status, 402, "{html}");
    assert!(html.contains("결제가 거절되었습니다"), "{html}");
    assert!(html.contains("order-form"));
    // What the buyer typed is kept.
    assert!(html.contains("value=\"홍길순\""));
    assert_eq!(state_of(&server, cart).await.state, PaymentState::Requested);
    server.stop().await;
}
