//! Payment methods and request options: virtual accounts (pay_state 10, then
//! 4 on deposit, or expiry), phone, real-time transfer, `openpaytype`,
//! `reqmode=usd`, `reqaddr`/memo, `returnurl` and `skip_cstpage`.

use crate::support::{Expect, SandboxPay, Sink, TestServer, eventually};
use gyeolje_core::{PaymentId, PaymentState};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_virtual_account_is_issued_then_paid_by_deposit() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (mul_no, payurl) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    let vbank = SandboxPay::payapp(mul_no)
        .method("vbank")
        .field("bank_code", "088");
    let v = server
        .sandbox_pay_with(vbank, Expect::AwaitingDeposit)
        .await;
    assert_eq!(v["vbank"], "신한은행");
    let account = v["vbankno"].as_str().unwrap().to_owned();

    let got = sink.wait_for(1).await;
    assert_eq!(got[0].field("pay_state"), "10");
    assert_eq!(got[0].field("pay_type"), "7");
    assert_eq!(got[0].field("vbank"), "신한은행");
    assert_eq!(got[0].field("vbankno"), account);
    let (_, page) = server.get(payurl.trim_start_matches(&server.base)).await;
    assert!(
        page.contains(&account) && page.contains("입금"),
        "the page shows where to deposit"
    );

    let (status, v) = server
        .sandbox(
            "/sandbox/deposit",
            json!({"protocol": "payapp", "reference": mul_no.to_string()}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["state"], "paid");
    let got = sink.wait_for(2).await;
    assert_eq!(got[1].field("pay_state"), "4");
    assert_eq!(got[1].field("vbankno"), account);
    assert_eq!(got[1].field("csturl"), "", "no card slip for a deposit");
    let (status, _) = server
        .sandbox(
            "/sandbox/deposit",
            json!({"protocol": "payapp", "reference": mul_no.to_string()}),
        )
        .await;
    assert_eq!(status, 409, "a second deposit is refused");
    server.stop().await;
}

#[tokio::test]
async fn an_undeposited_virtual_account_expires() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server
        .sandbox_pay_with(
            SandboxPay::payapp(mul_no).method("vbank"),
            Expect::AwaitingDeposit,
        )
        .await;
    sink.wait_for(1).await;
    server.advance_clock(3 * 86_400 + 1).await;
    eventually("expiry", Duration::from_secs(10), || async {
        let p = server
            .app
            .store
            .payment(PaymentId::new(mul_no))
            .await
            .unwrap()
            .unwrap();
        (p.state == PaymentState::Expired).then_some(())
    })
    .await;
    let got = sink.wait_for(2).await;
    assert_eq!(got[1].field("pay_state"), "32");
    let (status, _) = server
        .sandbox(
            "/sandbox/deposit",
            json!({"protocol": "payapp", "reference": mul_no.to_string()}),
        )
        .await;
    assert_eq!(status, 409);
    server.stop().await;
}

#[tokio::test]
async fn phone_and_transfer_payments_report_their_pay_type() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let fb = sink.url("/fb");
    let (phone_no, _) = server.pay_request(&[("feedbackurl", &fb)]).await;
    let phone = SandboxPay::payapp(phone_no).method("phone");
    let v = server
        .sandbox_pay_with(
            phone.clone().field("phone", "01000000001"),
            Expect::Declined,
        )
        .await;
    assert_eq!(
        (v["outcome"].as_str(), v["code"].as_str()),
        (Some("declined"), Some("limit_exceeded")),
        "{v}"
    );
    server.sandbox_pay_with(phone, Expect::Approved).await;
    let (bank_no, _) = server.pay_request(&[("feedbackurl", &fb)]).await;
    let rbank = SandboxPay::payapp(bank_no)
        .method("rbank")
        .field("bank_code", "004");
    server.sandbox_pay_with(rbank, Expect::Approved).await;
    let got = sink.wait_for(2).await;
    let by_mul = |m: i64| {
        got.iter()
            .find(|r| r.field("mul_no") == m.to_string())
            .unwrap()
            .clone()
    };
    assert_eq!(by_mul(phone_no).field("pay_type"), "2");
    assert_eq!(by_mul(bank_no).field("pay_type"), "6");
    server.stop().await;
}

#[tokio::test]
async fn openpaytype_limits_the_methods_and_usd_is_card_only() {
    let server = TestServer::start().await;
    let (mul_no, payurl) = server
        .pay_request(&[("openpaytype", "phone,kakaopay")])
        .await;
    server
        .sandbox_pay_with(SandboxPay::payapp(mul_no).method("vbank"), Expect::Refused)
        .await;
    let (_, page) = server.get(payurl.trim_start_matches(&server.base)).await;
    // A wallet is its own choice now, not a plain card form (issue 15).
    assert!(
        page.contains("value=\"phone\"") && page.contains("value=\"kakaopay\""),
        "{page}"
    );
    assert!(!page.contains("value=\"card\""), "{page}");
    assert!(!page.contains("value=\"vbank\""));

    let sink = Sink::start().await;
    let (usd, payurl) = server
        .pay_request(&[
            ("reqmode", "usd"),
            ("vccode", "1"),
            ("openpaytype", "phone"),
            ("feedbackurl", &sink.url("/fb")),
        ])
        .await;
    // usd is card only, whatever openpaytype says.
    server
        .sandbox_pay_with(SandboxPay::payapp(usd).method("phone"), Expect::Refused)
        .await;
    let (_, page) = server.get(payurl.trim_start_matches(&server.base)).await;
    assert!(page.contains("$10.00"), "price 1000 is $10.00");
    server
        .sandbox_pay_with(SandboxPay::payapp(usd), Expect::Approved)
        .await;
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].field("currency"), "usd");
    assert_eq!(got[0].field("vccode"), "1");
    assert_eq!(got[0].field("score"), "0");
    server.stop().await;
}

#[tokio::test]
async fn the_page_asks_for_the_address_and_memo_and_honours_returnurl() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (mul_no, payurl) = server
        .pay_request(&[
            ("reqaddr", "1"),
            ("feedbackurl", &sink.url("/fb")),
            ("returnurl", "http://shop.example/done"),
        ])
        .await;
    let path = payurl.trim_start_matches(&server.base).to_owned();
    let (_, page) = server.get(&path).await;
    assert!(
        page.contains("name=\"pay_addr\""),
        "reqaddr=1 asks for the address"
    );
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let (http, url) = (server.http.clone(), format!("{}{path}", server.base));
        async move {
            let resp = http.post(url).form(&fields).send().await.unwrap();
            (resp.status().as_u16(), resp.text().await.unwrap())
        }
    };
    let (status, page) = post(vec![
        ("method", "card"),
        ("card_number", "4242424242424242"),
    ])
    .await;
    assert_eq!(status, 402);
    assert!(page.contains("배송지 주소"), "{page}");
    let (status, page) = post(vec![
        ("method", "card"),
        ("card_number", "4242424242424242"),
        ("pay_addr", "서울시 중구 세종대로 110"),
        ("pay_memo", "문 앞에 놓아 주세요"),
    ])
    .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("http://shop.example/done"),
        "확인 goes to returnurl"
    );
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].field("pay_addr"), "서울시 중구 세종대로 110");
    assert_eq!(got[0].field("pay_memo"), "문 앞에 놓아 주세요");
    assert_eq!(got[0].field("reqaddr"), "1");
    assert_eq!(got[0].field("mul_no"), mul_no.to_string());

    // skip_cstpage=y: straight back to returnurl after paying.
    let (_, payurl) = server
        .pay_request(&[
            ("returnurl", "http://shop.example/done"),
            ("skip_cstpage", "y"),
        ])
        .await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = client
        .post(payurl)
        .form(&[("card_number", "4242424242424242")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(resp.headers()["location"], "http://shop.example/done");
    server.stop().await;
}
