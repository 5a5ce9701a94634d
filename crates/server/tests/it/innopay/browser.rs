//! InnoPay in a real browser (headless Chromium, `support::browser`): the
//! Web-Link popup opened by a merchant page on another origin, with its
//! ReturnUrl events, and the buyer's card page behind the SMS link.
//! Screenshots land in `target/test-artifacts/innopay-*.png`.

use super::weblink::EXAMPLE;
use super::*;
use crate::support::browser::{
    screenshot, switch_to_new_window, wait_for, wait_until_closed, with_browser,
};
use crate::support::merchant_site::MerchantSite;
use fantoccini::{Client, Locator};

async fn text_of(client: &Client, css: &str) -> String {
    wait_for(client, css).await.text().await.unwrap()
}

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn type_into(client: &Client, css: &str, text: &str) {
    let field = wait_for(client, css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// The acceptance test of the Web-Link item: a back-office page opens the
/// §1.1 URL with `window.open`, staff request the SMS, the merchant's
/// ReturnUrl hears `0000`, 닫기 closes the popup.
#[tokio::test]
async fn the_weblink_popup_registers_an_order_and_reports_to_the_return_url() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let site = MerchantSite::start().await;
    let popup_url = format!(
        "{}/api/cardInterface?{}&ReturnUrl={}",
        server.base,
        EXAMPLE
            .replace("RequestType=", "RequestType=WEB")
            .replace("Moid=test20180313003", "Moid=browser-wl-1"),
        sink.url("/innopay/return")
    );
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>CRM</title></head><body>\
         <h1>주문 관리</h1>\
         <button id=\"open\" onclick=\"openSms()\">SMS 카드결제 요청</button>\
         <script>function openSms() {{ window.open({}, 'innopay', 'width=480,height=900'); }}</script>\
         </body></html>",
        serde_json::to_string(&popup_url).unwrap()
    );
    let page_url = site.page("/crm/order.html", page);
    let gyeolje = server.base.clone();
    let events = sink.clone();

    with_browser("innopay::weblink_popup", move |client| async move {
        client.goto(&page_url).await.unwrap();
        let main = client.window().await.unwrap();
        click(&client, "#open").await;
        switch_to_new_window(&client, &main).await;
        client.set_window_size(480, 1100).await.unwrap();
        wait_for(&client, "#request-form").await;
        let url = client.current_url().await.unwrap();
        assert!(
            url.as_str()
                .starts_with(&format!("{gyeolje}/api/cardInterface?")),
            "{url}"
        );
        assert_eq!(text_of(&client, "#goods").await, "테스트상품");
        assert_eq!(text_of(&client, "#price").await, "10,005원");
        assert_eq!(text_of(&client, "#moid").await, "browser-wl-1");

        // 전체동의 ticks the three consents.
        click(&client, "#agree_all").await;
        for id in ["#agree_terms", "#agree_collection", "#agree_offering"] {
            let checked = client
                .find(Locator::Css(id))
                .await
                .unwrap()
                .prop("checked")
                .await
                .unwrap();
            assert_eq!(checked.as_deref(), Some("true"), "{id}");
        }
        type_into(&client, "#buyer_name", "홍길동").await;
        type_into(&client, "#buyer_hp", "010-1234-1234").await;
        screenshot(&client, "innopay-weblink-input.png").await;
        click(&client, "#request").await;

        let done = text_of(&client, "#registered").await;
        assert!(done.contains("주문등록 완료"), "{done}");
        let sms = text_of(&client, "#sms-text").await;
        assert!(
            sms.starts_with("[테스트가맹점] 상품명:테스트상품 상품금액:10,005원"),
            "{sms}"
        );
        assert_eq!(text_of(&client, "#phone").await, "010-1234-1234");
        screenshot(&client, "innopay-weblink-result.png").await;

        // §1.2: the popup posted 0000 with the SMS text to ReturnUrl.
        let got = events.wait_for(1).await;
        let first = &got[0];
        assert_eq!(first.path, "/innopay/return");
        // The §1.2 table's content type, charset included (issue 15 §14).
        assert_eq!(
            first.content_type.to_ascii_lowercase(),
            "application/x-www-form-urlencoded; charset=utf-8",
            "{}",
            first.content_type
        );
        assert_eq!(first.field("resultCode"), "0000");
        assert_eq!(first.field("moid"), "browser-wl-1");
        assert_eq!(first.field("resultMsg"), sms);

        // 닫기 closes the window. It used to post 0000 a second time; issue
        // 15 §14 wants one 0000 per order, so it posts nothing now.
        click(&client, "#close").await;
        wait_until_closed(&client, &main).await;
        assert_eq!(events.received().len(), 1, "{:?}", events.received());
    })
    .await;
    server.stop().await;
}

/// The popup opened again for an order it already registered (the CRM's
/// button pressed twice): the order is shown with a notice, no SMS is sent
/// and ReturnUrl hears no second `0000` — not on load, not on 닫기.
#[tokio::test]
async fn a_repeated_popup_posts_no_second_0000() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let site = MerchantSite::start().await;
    let popup_url = format!(
        "{}/api/cardInterface?{}&ReturnUrl={}",
        server.base,
        EXAMPLE.replace("Moid=test20180313003", "Moid=browser-wl-3"),
        sink.url("/innopay/return")
    );
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\
         <button id=\"open\" onclick=\"window.open({}, 'innopay', 'width=480,height=900')\">SMS</button>\
         </body></html>",
        serde_json::to_string(&popup_url)
            .unwrap()
            .replace('"', "&quot;")
    );
    let page_url = site.page("/crm/repeat.html", page);
    let events = sink.clone();
    with_browser("innopay::weblink_repeat", move |client| async move {
        client.goto(&page_url).await.unwrap();
        let main = client.window().await.unwrap();
        for round in 0..2 {
            click(&client, "#open").await;
            switch_to_new_window(&client, &main).await;
            wait_for(&client, "#request-form").await;
            click(&client, "#agree_all").await;
            type_into(&client, "#buyer_name", "홍길동").await;
            type_into(&client, "#buyer_hp", "010-3333-0003").await;
            click(&client, "#request").await;
            let done = text_of(&client, "#registered").await;
            assert!(done.contains("주문등록 완료"), "{done}");
            if round == 0 {
                events.wait_for(1).await;
            } else {
                let notice = text_of(&client, "#repeat").await;
                assert!(notice.contains("SMS를 다시 보내지 않았습니다"), "{notice}");
            }
            click(&client, "#close").await;
            wait_until_closed(&client, &main).await;
        }
        let got = events.received();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].field("resultCode"), "0000");
        assert_eq!(got[0].field("moid"), "browser-wl-3");
    })
    .await;
    assert_eq!(server.sms_to("01033330003").await.len(), 1);
    server.stop().await;
}

/// 취소 on the input screen: ReturnUrl hears `9001` 사용자 취소 and the
/// popup closes; nothing is registered.
#[tokio::test]
async fn cancelling_the_popup_reports_9001_and_closes_it() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let site = MerchantSite::start().await;
    let popup_url = format!(
        "{}/api/cardInterface?{}&ReturnUrl={}",
        server.base,
        EXAMPLE.replace("Moid=test20180313003", "Moid=browser-wl-2"),
        sink.url("/innopay/return")
    );
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\
         <button id=\"open\" onclick=\"window.open({}, 'innopay', 'width=480,height=900')\">SMS</button>\
         </body></html>",
        serde_json::to_string(&popup_url)
            .unwrap()
            .replace('"', "&quot;")
    );
    let page_url = site.page("/crm/cancel.html", page);
    let events = sink.clone();
    with_browser("innopay::weblink_cancel", move |client| async move {
        client.goto(&page_url).await.unwrap();
        let main = client.window().await.unwrap();
        click(&client, "#open").await;
        switch_to_new_window(&client, &main).await;
        wait_for(&client, "#request-form").await;
        click(&client, "#cancel").await;
        wait_until_closed(&client, &main).await;
        let got = events.wait_for(1).await;
        assert_eq!(
            got[0].content_type.to_ascii_lowercase(),
            "application/x-www-form-urlencoded; charset=utf-8"
        );
        assert_eq!(got[0].field("resultCode"), "9001");
        assert_eq!(got[0].field("resultMsg"), "사용자 취소");
        assert_eq!(got[0].field("moid"), "browser-wl-2");
    })
    .await;
    assert!(server.sms_to("01012341234").await.is_empty());
    server.stop().await;
}

/// The acceptance test of the buyer's page: the link from the SMS, the card
/// form (SMS 수기), a test card, 결제 완료.
#[tokio::test]
async fn the_buyer_pays_on_the_page_behind_the_sms_link() {
    let server = TestServer::start().await;
    register(&server, &example_request("201", "01020202020")).await;
    let sms = wait("the order SMS", || async {
        server.sms_to("01020202020").await.into_iter().next()
    })
    .await;
    let link = sms["links"][0].as_str().unwrap().to_owned();

    with_browser("innopay::buyer_page", move |client| async move {
        client.set_window_size(460, 1200).await.unwrap();
        client.goto(&link).await.unwrap();
        wait_for(&client, "#card-form").await;
        assert_eq!(text_of(&client, "#goods").await, "테스트상품");
        assert_eq!(text_of(&client, "#price").await, "10,004원");
        type_into(&client, "#card_number", "4242424242424242").await;
        type_into(&client, "#expiry", "12/30").await;
        type_into(&client, "#birth_or_biz", "900101").await;
        click(&client, "#agree").await;
        screenshot(&client, "innopay-buyer-form.png").await;
        click(&client, "#pay-button").await;
        let paid = text_of(&client, "#paid").await;
        assert!(paid.contains("결제 완료"), "{paid}");
        let approval = text_of(&client, "#approval-no").await;
        assert!(!approval.is_empty());
        assert!(text_of(&client, "#tid").await.starts_with("testpay01m0103"));
        screenshot(&client, "innopay-buyer-paid.png").await;
    })
    .await;
    server.stop().await;
}
