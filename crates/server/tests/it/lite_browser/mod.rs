//! PayApp Lite in a real browser (headless Chromium; see `support::browser`).
//!
//! The merchant's pages are the manual's own examples, served by the test
//! from its own HTTP server — a different origin from gyeolje — with only
//! the script's host changed; they load `payapp-lite.js` from gyeolje, and
//! the popup, the SMS link and the pay page are gyeolje's. Screenshots of
//! the popup and the pay page land in `target/test-artifacts/`.

use crate::support::browser::{
    self as driver, screenshot, switch_to_new_window, wait_for, wait_until_closed, with_browser,
};
use crate::support::merchant_site::MerchantSite;
use crate::support::{Sink, TestServer, eventually};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use std::time::Duration;

const FORM_EXAMPLE: &str = include_str!("form_example.html");
const JS_EXAMPLE: &str = include_str!("js_example.html");
const UNIT_PAGE: &str = include_str!("unit.html");
const MANUAL_SCRIPT_HOST: &str = "http://lite.payapp.kr";

/// A manual example with the script pointed at gyeolje instead of PayApp.
fn pointed_at(example: &str, gyeolje: &str) -> String {
    assert_eq!(example.matches(MANUAL_SCRIPT_HOST).count(), 1);
    example.replace(MANUAL_SCRIPT_HOST, gyeolje)
}

/// The newest payment-request SMS to `phone`: (payment id, its link).
async fn request_sms(http: &reqwest::Client, gyeolje: &str, phone: &str) -> (i64, String) {
    eventually(
        "the payment-request SMS",
        Duration::from_secs(10),
        || async {
            let v: Value = http
                .get(format!("{gyeolje}/sandbox/sms?phone={phone}"))
                .send()
                .await
                .ok()?
                .json()
                .await
                .ok()?;
            let m = v["messages"].as_array()?.first()?.clone();
            Some((
                m["payment_id"].as_i64()?,
                m["links"][0].as_str()?.to_owned(),
            ))
        },
    )
    .await
}

async fn text_of(client: &Client, css: &str) -> String {
    wait_for(client, css).await.text().await.unwrap()
}

/// The acceptance test of issue 3's Lite item, step by step as a buyer.
#[tokio::test]
async fn the_manuals_html_form_example_takes_a_payment_end_to_end() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let site = MerchantSite::start().await;
    // The manual's "HTML 폼 사용" example verbatim, with two changes: the
    // script comes from gyeolje, and one extra hidden `feedbackurl` input
    // (a Lite parameter the example leaves out) so the test can see the
    // payment's feedback arrive.
    let price_line = r#"    <input type="hidden" name="price"    value="1000">"#;
    let page = pointed_at(FORM_EXAMPLE, &server.base);
    assert_eq!(page.matches(price_line).count(), 1);
    let page = page.replace(
        price_line,
        &format!(
            "{price_line}\n    <input type=\"hidden\" name=\"feedbackurl\" value=\"{}\">",
            sink.url("/payapp_feedbackurl.php")
        ),
    );
    let page_url = site.page("/order.html", page);
    let gyeolje = server.base.clone();
    let http = server.http.clone();
    let feedback = sink.clone();

    with_browser(
        "lite_browser::html_form_example",
        move |client| async move {
            client.goto(&page_url).await.unwrap();
            let main = client.window().await.unwrap();
            client
                .find(Locator::LinkText("결제하기"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();

            // The popup: gyeolje's page, in the window named PayAppWindow.
            switch_to_new_window(&client, &main).await;
            // A popup-sized window, so the screenshot shows the whole form.
            client.set_window_size(460, 1000).await.unwrap();
            let phone = wait_for(&client, "#recvphone").await;
            let url = client.current_url().await.unwrap();
            assert_eq!(url.as_str(), format!("{gyeolje}/lite/request"));
            let name = client.execute("return window.name;", vec![]).await.unwrap();
            assert_eq!(name, json!("PayAppWindow"));
            assert_eq!(text_of(&client, "#shop").await, "좋은상점");
            assert_eq!(text_of(&client, "#goods").await, "착한상품");
            assert_eq!(text_of(&client, "#price-shown").await, "1,000");
            phone.send_keys("010-1234-5678").await.unwrap();
            client
                .find(Locator::Css("#agree"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            screenshot(&client, "lite-popup.png").await;
            client
                .find(Locator::Css("#request"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            let done = text_of(&client, "#content-success").await;
            assert!(
                done.contains("입력된 휴대폰으로 결제요청 메시지가 전송되었습니다."),
                "{done}"
            );
            screenshot(&client, "lite-popup-success.png").await;
            // No redirecturl: 확인 closes the popup.
            client
                .find(Locator::Css("#complete"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_until_closed(&client, &main).await;

            // The SMS link opens the pay page; the test card pays.
            let (mul_no, link) = request_sms(&http, &gyeolje, "01012345678").await;
            assert!(link.starts_with(&gyeolje), "{link}");
            client.goto(&link).await.unwrap();
            let card = wait_for(&client, "#card_number").await;
            assert_eq!(text_of(&client, "#goods").await, "착한상품");
            screenshot(&client, "lite-pay-page.png").await;
            card.send_keys("4242424242424242").await.unwrap();
            client
                .find(Locator::Css("#pay-button"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_for(&client, "#paid").await;
            screenshot(&client, "lite-paid.png").await;

            // The merchant's feedbackurl hears about it.
            let paid = eventually("pay_state=4 feedback", Duration::from_secs(15), || async {
                feedback
                    .received()
                    .into_iter()
                    .find(|r| r.field("pay_state") == "4")
            })
            .await;
            assert_eq!(paid.path, "/payapp_feedbackurl.php");
            assert_eq!(paid.field("mul_no"), mul_no.to_string());
            assert_eq!(paid.field("userid"), "payapptest");
            assert_eq!(paid.field("goodname"), "착한상품");
            assert_eq!(paid.field("price"), "1000");
            assert_eq!(paid.field("recvphone"), "01012345678");
            assert_eq!(paid.field("feedbacktype"), "0");
        },
    )
    .await;
    server.stop().await;
}

/// The manual's "자바스크립트 사용 #2" example plus `redirecturl` (relative,
/// made absolute by the script against the merchant's page) and
/// `charset=euc-kr`: the popup reads the EUC-KR post correctly, and after
/// 확인 the merchant's window — another origin — moves to `redirecturl`.
#[tokio::test]
async fn redirecturl_moves_the_opener_and_euc_kr_reads_correctly() {
    let server = TestServer::start().await;
    let site = MerchantSite::start().await;
    let extra = "\n<script>\nPayApp.setDefault('redirecturl', '/order/done?from=popup');\n\
                 PayApp.setDefault('charset', 'euc-kr');\nPayApp.setDefault('smsuse', 'n');\n</script>\n";
    let page_url = site.page(
        "/goods.html",
        format!("{}{extra}", pointed_at(JS_EXAMPLE, &server.base)),
    );
    site.page("/order/done", "<p id=\"done\">주문 완료</p>");
    let done_url = format!("{}/order/done?from=popup", site.base);
    let visits = site.clone();

    with_browser("lite_browser::redirect_opener", move |client| async move {
        client.goto(&page_url).await.unwrap();
        let main = client.window().await.unwrap();
        client
            .find(Locator::LinkText("보통상품 결제하기"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        switch_to_new_window(&client, &main).await;
        let phone = wait_for(&client, "#recvphone").await;
        assert_eq!(text_of(&client, "#shop").await, "좋은상점");
        assert_eq!(text_of(&client, "#goods").await, "보통상품");
        assert_eq!(text_of(&client, "#price-shown").await, "2,000");
        phone.send_keys("01098765432").await.unwrap();
        client
            .find(Locator::Css("#agree"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .find(Locator::Css("#request"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let done = text_of(&client, "#content-success").await;
        assert!(
            done.contains("결제요청이 등록되었습니다."),
            "smsuse=n: {done}"
        );
        client
            .find(Locator::Css("#complete"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_until_closed(&client, &main).await;
        client
            .wait()
            .at_most(driver::PATIENCE)
            .for_url(&done_url.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(text_of(&client, "#done").await, "주문 완료");
        assert!(
            visits
                .visited()
                .contains(&"/order/done?from=popup".to_owned())
        );
    })
    .await;
    server.stop().await;
}

async fn js(client: &Client, script: &str) -> Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// The script's methods, one by one, in a page that records what `call()`
/// would open and submit instead of doing it. The script is loaded from
/// `localhost` while gyeolje's own public URL says `127.0.0.1`, so the
/// popup address is seen to come from the script's `src`.
#[tokio::test]
async fn the_script_behaves_as_the_manual_says() {
    let server = TestServer::start().await;
    let site = MerchantSite::start().await;
    let script_base = server.base.replace("127.0.0.1", "localhost");
    let page_url = site.page(
        "/unit.html",
        UNIT_PAGE.replace(
            "@SCRIPT@",
            &format!("{script_base}/public/api/v2/payapp-lite.js"),
        ),
    );
    let merchant = site.base.clone();

    with_browser("lite_browser::script_units", move |client| async move {
        client.goto(&page_url).await.unwrap();
        wait_for(&client, "#pay-button").await;
        let fields = |v: &Value| v["fields"].clone();

        // Defaults < params < call(obj); the popup is POSTed to gyeolje.
        let sent = js(
            &client,
            "PayApp.setDefault('userid', 'payapptest')
                   .setDefault({shopname: '기본상점', goodname: '기본상품', price: '100'});
             PayApp.setParam('goodname', '파라미터상품').setParam({price: '200', memo: 'm'});
             PayApp.call({price: '300'});
             return last();",
        )
        .await;
        assert_eq!(sent["action"], json!(format!("{script_base}/lite/request")));
        assert_eq!(sent["method"], json!("post"));
        assert_eq!(sent["target"], json!("PayAppWindow"));
        assert_eq!(sent["charset"], json!("UTF-8"));
        assert_eq!(
            fields(&sent),
            json!({"_charset_": "", "userid": "payapptest", "shopname": "기본상점",
                   "goodname": "파라미터상품", "price": "300", "memo": "m"})
        );
        let opened = js(&client, "return window.__opened;").await;
        assert_eq!(opened[0]["name"], json!("PayAppWindow"));
        assert_eq!(opened[0]["url"], json!(""));

        // setParam values are gone after call(); defaults stay.
        let sent = js(&client, "PayApp.call(); return last();").await;
        assert_eq!(
            fields(&sent),
            json!({"_charset_": "", "userid": "payapptest", "shopname": "기본상점",
                   "goodname": "기본상품", "price": "100"})
        );

        // Chaining: every method returns PayApp; call() ends the chain.
        let chained = js(
            &client,
            "return [PayApp.setDefault('a', 'b') === PayApp, PayApp.setParam('a', 'b') === PayApp,
                     PayApp.setTarget('') === PayApp, PayApp.setForm(null) === PayApp,
                     PayApp.call() === undefined];",
        )
        .await;
        assert_eq!(chained, json!([true, true, true, true, true]));

        // Trimming and digits-only numeric fields.
        let sent = js(
            &client,
            "PayApp.setParam({goodname: '  착한상품  ', price: ' 1,000원 ', recvphone: ' 010-1234-5678 ',
                              reqaddr: ' 1 ', memo: '\\u3000메모\\t', vccode: ' 82 ', var1: ' \\n '}).call();
             return last();",
        )
        .await;
        let f = fields(&sent);
        assert_eq!(f["goodname"], json!("착한상품"));
        assert_eq!(f["price"], json!("1000"));
        assert_eq!(f["recvphone"], json!("01012345678"));
        assert_eq!(f["reqaddr"], json!("1"));
        assert_eq!(f["memo"], json!("메모"));
        assert_eq!(f["vccode"], json!("82"));
        assert_eq!(f["var1"], json!(""));
        let prices = js(
            &client,
            "return ['1000.0', '₩2,000.00', '10.5', 'abc'].map(function (p) {
                 PayApp.call({price: p}); return last().fields.price; });",
        )
        .await;
        assert_eq!(prices, json!(["1000", "2000", "10.5", ""]));

        // redirecturl is made absolute against the merchant's page.
        let sent = js(&client, "PayApp.call({redirecturl: '/done?x=1'}); return last();").await;
        assert_eq!(fields(&sent)["redirecturl"], json!(format!("{merchant}/done?x=1")));

        // charset=euc-kr makes the browser encode the post in EUC-KR.
        let sent = js(&client, "PayApp.call({charset: 'euc-kr'}); return last();").await;
        assert_eq!(sent["charset"], json!("EUC-KR"));
        let sent = js(&client, "PayApp.call({charset: 'auto'}); return last();").await;
        assert_eq!(sent["charset"], json!("UTF-8"));

        // setTarget: keywords use the window as is; names open a window.
        let got = js(
            &client,
            "window.__opened = [];
             PayApp.setTarget('_self').call(); var a = last().target;
             PayApp.setTarget('MyWindow').call(); var b = last().target;
             PayApp.setTarget('').call(); var c = last().target;
             return [a, b, c, window.__opened.map(function (o) { return o.name; })];",
        )
        .await;
        assert_eq!(
            got,
            json!(["_self", "MyWindow", "PayAppWindow", ["MyWindow", "PayAppWindow"]])
        );

        // A registered form (by name, id, element or jQuery object) is all
        // that is sent: defaults, params and call(obj) are ignored.
        let form_fields = json!({"_charset_": "", "userid": "payapptest", "shopname": "폼상점",
                                 "price": "1000", "openpaytype": "card,phone"});
        for register in [
            "PayApp.setForm('MyForm')",
            "PayApp.setForm('my-form-id')",
            "PayApp.setForm(document.forms['MyForm'])",
            "PayApp.setForm(PayApp.$('#my-form-id'))",
        ] {
            let sent = js(
                &client,
                &format!(
                    "{register}.setParam('goodname', '무시').call({{shopname: '무시'}}); return last();"
                ),
            )
            .await;
            assert_eq!(fields(&sent), form_fields, "{register}");
        }
        // …and the params set meanwhile were still reset.
        let sent = js(&client, "PayApp.setForm(null).call(); return last();").await;
        assert_eq!(fields(&sent)["goodname"], json!("기본상품"));
        let missing = js(
            &client,
            "try { PayApp.setForm('no-such-form').call(); return 'no error'; }
             catch (e) { PayApp.setForm(null); return String(e.message); }",
        )
        .await;
        assert!(missing.as_str().unwrap().contains("no-such-form"), "{missing}");

        // The built-in jQuery, as the manual uses it, without touching the page.
        let jq = js(
            &client,
            "var v = PayApp.$().jquery;
             PayApp.$('#pay-button').attr('disabled', 'disabled');
             var off = document.getElementById('pay-button').disabled;
             PayApp.$('#pay-button').removeAttr('disabled');
             var on = !document.getElementById('pay-button').disabled;
             return [v, off, on, PayApp.jQuery === PayApp.$,
                     typeof window.$, typeof window.jQuery];",
        )
        .await;
        assert_eq!(jq, json!(["3.7.1", true, true, true, "undefined", "undefined"]));
    })
    .await;
    server.stop().await;
}
