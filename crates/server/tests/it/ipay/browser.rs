//! The iPay order pages in a real browser (headless Chromium,
//! `support::browser`): the Std page from cart to paid with the address
//! entered and Jeju picked (the total on the page and the amount charged
//! both include the surcharge), and the Fast page reached through
//! `LoginNonMember.aspx` with `payment_rule=13` offering the card only.
//! Screenshots land in `target/test-artifacts/ipay-*.png`.

use super::pages::{JEJU, PRICE, fast_page, order, register, state_of, std_page};
use crate::support::TestServer;
use crate::support::browser::{screenshot, wait_for, with_browser};
use fantoccini::{Client, Locator};
use gyeolje_core::PaymentState;

async fn text_of(client: &Client, css: &str) -> String {
    wait_for(client, css).await.text().await.unwrap()
}

async fn click(client: &Client, css: &str) {
    wait_for(client, css).await.click().await.unwrap();
}

async fn type_into(client: &Client, css: &str, text: &str) {
    let field = wait_for(client, css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

#[tokio::test]
async fn the_std_page_takes_an_address_in_jeju_and_charges_its_surcharge() {
    let server = TestServer::start().await;
    let cart = register(&server, order(&[])).await;
    let url = format!("{}{}", server.base, std_page(cart));

    with_browser("ipay::std_order_page", move |client| async move {
        client.goto(&url).await.unwrap();
        client.set_window_size(520, 1900).await.unwrap();
        wait_for(&client, "#order-form").await;
        assert_eq!(text_of(&client, "#total").await, "35,500원");
        let name = wait_for(&client, "#buyer_name").await;
        assert_eq!(name.prop("value").await.unwrap().as_deref(), Some("홍길동"));

        type_into(&client, "#rcpt_name", "홍길순").await;
        type_into(&client, "#post_no", "63122").await;
        type_into(&client, "#address", "제주특별자치도 제주시 첨단로 242").await;
        type_into(&client, "#address_detail", "2층").await;
        type_into(&client, "#rcpt_mobile", "010-9876-5432").await;
        type_into(&client, "#remark", "부재 시 경비실").await;
        click(&client, "#area-jeju").await;
        assert_eq!(text_of(&client, "#surcharge").await, "3,000원");
        assert_eq!(text_of(&client, "#total").await, "38,500원");

        click(&client, "#method-card").await;
        type_into(&client, "#card_number", "4242424242424242").await;
        type_into(&client, "#expiry", "1230").await;
        screenshot(&client, "ipay-std-order.png").await;
        click(&client, "#pay-button").await;

        let result = text_of(&client, "#result").await;
        assert!(result.contains("결제가 완료되었습니다"), "{result}");
        assert_eq!(text_of(&client, "#amount").await, "38,500원");
        let orders = client.find_all(Locator::Css("tr.order")).await.unwrap();
        assert_eq!(orders.len(), 2);
        screenshot(&client, "ipay-std-paid.png").await;
    })
    .await;

    let payment = state_of(&server, cart).await;
    // Without a browser the test is skipped and nothing was paid.
    if payment.state == PaymentState::Paid {
        assert_eq!(payment.amount.get(), PRICE + JEJU);
    }
    server.stop().await;
}

#[tokio::test]
async fn the_fast_page_with_payment_rule_13_offers_the_card_only() {
    let server = TestServer::start().await;
    let cart = register(
        &server,
        order(&[
            ("payment_rule", "13"),
            ("card_type", "CCBC0|CCLG0"),
            ("is_address_required", "false"),
        ]),
    )
    .await;
    let target = fast_page(cart);
    let url = format!(
        "{}/Authenticate/LoginNonMember.aspx?url={}",
        server.base,
        form_urlencoded::byte_serialize(format!("{}{target}", server.base).as_bytes())
            .collect::<String>()
    );

    with_browser("ipay::fast_order_page", move |client| async move {
        client.goto(&url).await.unwrap();
        client.set_window_size(520, 1400).await.unwrap();
        screenshot(&client, "ipay-fast-login.png").await;
        click(&client, "#continue").await;
        wait_for(&client, "#order-form").await;
        let here = client.current_url().await.unwrap();
        assert!(
            here.as_str().contains("/ipay/IpayFastOrder.aspx?"),
            "{here}"
        );

        let methods = client
            .find_all(Locator::Css("input[name=method]"))
            .await
            .unwrap();
        assert_eq!(methods.len(), 1);
        assert_eq!(
            methods[0].attr("value").await.unwrap().as_deref(),
            Some("card")
        );
        assert!(client.find(Locator::Css("#address-fields")).await.is_err());
        let companies = client
            .find_all(Locator::Css("#card_company option"))
            .await
            .unwrap();
        let mut names = Vec::new();
        for c in &companies {
            names.push(c.text().await.unwrap());
        }
        assert_eq!(names, ["비씨카드", "신한카드"]);

        client
            .find(Locator::Css("#card_company"))
            .await
            .unwrap()
            .select_by_value("CCLG")
            .await
            .unwrap();
        type_into(&client, "#card_number", "4242424242424242").await;
        screenshot(&client, "ipay-fast-order.png").await;
        click(&client, "#pay-button").await;
        let result = text_of(&client, "#result").await;
        assert!(result.contains("결제가 완료되었습니다"), "{result}");
        assert_eq!(text_of(&client, "#amount").await, "35,500원");
        screenshot(&client, "ipay-fast-paid.png").await;
    })
    .await;
    server.stop().await;
}
