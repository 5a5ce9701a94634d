//! Wallets (간편결제) as their own choices with their live `pay_type`s,
//! `qrurl` in the payrequest reply, and the live parameters (`amount_*`,
//! `buyerid`, `subuserid`, `redirect`, `redirectpay`) accepted and echoed.

use crate::support::{Sink, TestServer};

/// Pays `payurl`'s page by POSTing the form a browser would.
async fn pay_on_page(payurl: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = client.post(payurl).form(fields).send().await.unwrap();
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = resp.text().await.unwrap();
    (status, location.unwrap_or(text))
}

#[tokio::test]
async fn each_wallet_is_its_own_choice_and_reports_its_pay_type() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let all = "card,kakaopay,naverpay,smilepay,wechat,applepay,myaccount,tosspay,payco";
    let cases = [
        ("kakaopay", "카카오페이", "15"),
        ("naverpay", "네이버페이", "16"),
        ("smilepay", "스마일페이", "21"),
        ("wechat", "위챗페이", "22"),
        ("applepay", "애플페이", "23"),
        ("myaccount", "내통장결제", "24"),
        ("tosspay", "토스페이", "25"),
        ("payco", "페이코", "1"),
        ("card", "신용카드", "1"),
    ];
    for (i, (name, label, pay_type)) in cases.iter().enumerate() {
        let (mul_no, payurl) = server
            .pay_request(&[("openpaytype", all), ("feedbackurl", &sink.url("/fb"))])
            .await;
        if i == 0 {
            let (_, page) = server.get(payurl.trim_start_matches(&server.base)).await;
            for (n, l, _) in &cases {
                let radio = format!("name=\"method\" value=\"{n}\"");
                let at = page.find(&radio).unwrap_or_else(|| panic!("{n}: {page}"));
                assert!(
                    page[at..].split("</label>").next().unwrap().contains(l),
                    "{n}"
                );
            }
            assert!(page.contains("id=\"wallet-fields\""), "{page}");
        }
        let mut form = vec![("method", *name), ("bank_code", "004")];
        if *name == "card" {
            form.push(("card_number", "4242424242424242"));
        }
        let (status, page) = pay_on_page(&payurl, &form).await;
        assert_eq!(status, 200, "{name}: {page}");
        assert!(
            page.contains(&format!("<td>{label}</td>")),
            "{name}: {page}"
        );
        let got = sink.wait_for(i + 1).await;
        let fb = got
            .iter()
            .find(|r| r.field("mul_no") == mul_no.to_string())
            .unwrap();
        assert_eq!(fb.field("pay_state"), "4", "{name}");
        assert_eq!(fb.field("pay_type"), *pay_type, "{name}");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_wallet_that_was_not_offered_is_refused_and_its_card_decides() {
    let server = TestServer::start().await;
    let (_, payurl) = server.pay_request(&[("openpaytype", "card")]).await;
    let (status, page) = pay_on_page(&payurl, &[("method", "kakaopay")]).await;
    assert_eq!(status, 402, "{page}");
    assert!(page.contains("결제수단을 선택해 주세요"), "{page}");
    // The card registered in the wallet decides, as a card would.
    let (_, payurl) = server.pay_request(&[("openpaytype", "naverpay")]).await;
    let declining = gyeolje_sim::TEST_CARDS
        .iter()
        .find(|c| !matches!(c.outcome, gyeolje_sim::TestOutcome::Approve))
        .unwrap();
    let (status, page) = pay_on_page(
        &payurl,
        &[("method", "naverpay"), ("wallet_card", declining.number)],
    )
    .await;
    assert_eq!(status, 402, "{page}");
    assert!(page.contains("결제가 거절되었습니다"), "{page}");
    server.stop().await;
}

#[tokio::test]
async fn the_payrequest_reply_carries_a_qrurl_of_the_payurl() {
    let server = TestServer::start().await;
    let (_, text) = server
        .api_raw("cmd=payrequest&userid=payapptest&goodname=qr&price=1000&recvphone=01012345678&smsuse=n")
        .await;
    let pairs = gyeolje_payapp::parse_reply(&text);
    let get = |k| {
        gyeolje_payapp::codec::reply_value(&pairs, k)
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(get("state"), "1", "{text}");
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["state", "errorMessage", "mul_no", "payurl", "qrurl"]);
    let code = get("payurl").rsplit('/').next().unwrap().to_owned();
    assert_eq!(get("qrurl"), format!("{}/qr/{code}", server.base));
    let resp = server.http.get(get("qrurl")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "image/svg+xml");
    let svg = resp.text().await.unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    // The Rust client reads it too.
    let reply = server
        .client()
        .pay_request(
            &gyeolje_payapp::PayRequest::from_form(&gyeolje_payapp::Form::from_pairs([
                ("userid", "payapptest"),
                ("goodname", "qr"),
                ("price", "1000"),
                ("recvphone", "01012345678"),
                ("smsuse", "n"),
            ]))
            .unwrap(),
        )
        .await
        .unwrap();
    assert!(reply.qrurl.is_some_and(|q| q.contains("/qr/")));
    server.stop().await;
}

#[tokio::test]
async fn live_parameters_are_accepted_and_echoed_in_the_feedback() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    // A sub-account that may request payments (부계정사용).
    let (_, text) = server
        .api_raw("cmd=subidregist&userid=payapptest&subuserid=counter01&subpwd=staffpw123&subname=%EC%A7%81%EC%9B%90&state=1")
        .await;
    assert_eq!(text, "state=1&errorMessage=");
    let fb = sink.url("/fb");
    let base = [
        ("cmd", "payrequest"),
        ("goodname", "과세면세"),
        ("price", "11000"),
        ("recvphone", "01012345678"),
        ("smsuse", "n"),
        ("feedbackurl", fb.as_str()),
        ("returnurl", "http://shop.example/done"),
        ("amount_taxable", "9000"),
        ("amount_taxfree", "1100"),
        ("amount_vat", "900"),
        ("buyerid", "buyer-7"),
        ("redirect", "self"),
        ("redirectpay", "1"),
    ];
    // The live form: the seller's userid and subuserid; the manual's form:
    // the sub-account's id as userid. Both are the seller's request.
    for userid in [
        &[("userid", "payapptest"), ("subuserid", "counter01")][..],
        &[("userid", "counter01")][..],
    ] {
        let mut pairs = base.to_vec();
        pairs.extend_from_slice(userid);
        let r = server.api(&pairs).await;
        assert_eq!(r.get("state"), "1", "{}", r.1);
        let payurl = r.get("payurl").to_owned();
        let mul_no = r.get("mul_no").to_owned();
        // redirectpay=1: after paying the buyer goes straight to returnurl.
        let (status, location) = pay_on_page(
            &payurl,
            &[("method", "card"), ("card_number", "4242424242424242")],
        )
        .await;
        assert_eq!(
            (status, location.as_str()),
            (303, "http://shop.example/done")
        );
        // (The sink counts feedbacks after the synchronous creation one.)
        let got = sink.wait_for(if userid.len() == 2 { 1 } else { 2 }).await;
        let paid = got
            .iter()
            .find(|f| f.field("mul_no") == mul_no && f.field("pay_state") == "4")
            .unwrap();
        assert_eq!(paid.field("userid"), "payapptest");
        assert_eq!(paid.field("buyerid"), "buyer-7");
        assert_eq!(paid.field("amount_taxable"), "9000");
        assert_eq!(paid.field("amount_taxfree"), "1100");
        assert_eq!(paid.field("amount_vat"), "900");
        let expected_sub = if userid.len() == 2 { "counter01" } else { "" };
        assert_eq!(paid.field("subuserid"), expected_sub);
    }

    // The amounts may not exceed the price; subuserid must be the seller's.
    let mut pairs = base.to_vec();
    pairs.extend_from_slice(&[("userid", "payapptest"), ("amount_vat", "2001")]);
    let r = server.api(&pairs).await;
    assert_eq!(r.get("errno"), "70020", "{}", r.1);
    let mut pairs = base.to_vec();
    pairs.extend_from_slice(&[("userid", "payapptest"), ("subuserid", "nobody99")]);
    let r = server.api(&pairs).await;
    assert_eq!(r.get("errno"), "70010", "{}", r.1);
    server.stop().await;
}
