//! The buyer's card page behind the SMS link (`/s/{code}`): SMS 수기 (03)
//! with its field rules, declines and approval; SMS 인증 (04) in two steps.

use super::*;
use crate::support::TestServer;

/// Registers an order through `smsPayApi`; returns its page path.
async fn order_page(server: &TestServer, suffix: &str, amt: &str, product: &str) -> String {
    let req = SmsPayRequest {
        amt: amt.into(),
        svc_prdt_cd: product.into(),
        ..example_request(suffix, "01030300000")
    };
    let reply = register(server, &req).await;
    reply.order_url.trim_start_matches(&server.base).to_owned()
}

async fn post(server: &TestServer, path: &str, pairs: &[(&str, &str)]) -> (u16, String) {
    let resp = server
        .http
        .post(format!("{}{path}", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(crate::support::form(pairs))
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

fn manual_form<'a>(card: &'a str, birth: &'a str, months: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("step", "pay"),
        ("card_number", card),
        ("expiry", "12/30"),
        ("birth_or_biz", birth),
        ("installment_months", months),
        ("agree", "y"),
    ]
}

#[tokio::test]
async fn manual_entry_declines_refuses_bad_fields_and_approves() {
    let server = TestServer::start().await;
    let path = order_page(&server, "101", "10,004", "03").await;
    let (status, page) = server.get(&path).await;
    assert_eq!(status, 200, "{page}");
    for shown in [
        "테스트가맹점",
        "테스트상품",
        "10,004원",
        "test20180313101",
        "name=\"card_number\"",
        "name=\"expiry\"",
        "name=\"birth_or_biz\"",
        "name=\"installment_months\"",
        "일시불",
        "4242424242424242",
    ] {
        assert!(page.contains(shown), "{shown} missing: {page}");
    }
    // Below 50,000원 only 일시불.
    assert!(!page.contains("3개월"), "{page}");
    let deadline = page.split("id=\"deadline\">").nth(1).unwrap();
    assert!(
        deadline.starts_with("20") && deadline[..19].ends_with(":59:59"),
        "{deadline}"
    );

    // A five-digit birth date, a forbidden instalment, no consent.
    let (status, again) = post(
        &server,
        &path,
        &manual_form("4242424242424242", "90010", "0"),
    )
    .await;
    assert_eq!(status, 402, "{again}");
    assert!(again.contains("생년월일 6자리"), "{again}");
    let (status, again) = post(
        &server,
        &path,
        &manual_form("4242424242424242", "900101", "3"),
    )
    .await;
    assert_eq!(status, 402);
    assert!(again.contains("할부"), "{again}");
    let mut no_consent = manual_form("4242424242424242", "1234567890", "0");
    no_consent.retain(|(k, _)| *k != "agree");
    let (status, again) = post(&server, &path, &no_consent).await;
    assert_eq!(status, 402);
    assert!(again.contains("동의"), "{again}");

    // Declined for funds: the reason, and the form again.
    let (status, declined) = post(
        &server,
        &path,
        &manual_form("4000000000009995", "900101", "0"),
    )
    .await;
    assert_eq!(status, 402, "{declined}");
    assert!(declined.contains("결제가 거절되었습니다"), "{declined}");
    assert!(declined.contains("name=\"card_number\""), "{declined}");

    // Approved (a business number works too).
    let (status, paid) = post(
        &server,
        &path,
        &manual_form("4242-4242-4242-4242", "123-45-67890", "0"),
    )
    .await;
    assert_eq!(status, 200, "{paid}");
    for shown in [
        "결제 완료",
        "승인번호",
        "10,004원",
        "일시불",
        "testpay01m0103",
    ] {
        assert!(paid.contains(shown), "{shown} missing: {paid}");
    }
    assert!(!paid.contains("4242424242424242") && !paid.contains("name=\"card_number\""));

    // Paid: the link shows the result, no form; a second POST cannot pay.
    let (status, page) = server.get(&path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("결제 완료") && !page.contains("name=\"card_number\""),
        "{page}"
    );
    let (_, again) = post(
        &server,
        &path,
        &manual_form("4242424242424242", "900101", "0"),
    )
    .await;
    assert!(again.contains("결제 완료") && !again.contains("name=\"card_number\""));
    server.stop().await;
}

#[tokio::test]
async fn instalments_from_fifty_thousand_won() {
    let server = TestServer::start().await;
    let path = order_page(&server, "102", "60,000", "03").await;
    let (_, page) = server.get(&path).await;
    assert!(page.contains("12개월") && page.contains("2개월"), "{page}");
    let (status, paid) = post(
        &server,
        &path,
        &manual_form("5555555555554444", "900101", "6"),
    )
    .await;
    assert_eq!(status, 200, "{paid}");
    assert!(paid.contains("6개월"), "{paid}");
    server.stop().await;
}

#[tokio::test]
async fn card_auth_walks_through_the_card_app() {
    let server = TestServer::start().await;
    let path = order_page(&server, "103", "10,004", "04").await;
    let (status, page) = server.get(&path).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("name=\"card_company\"") && page.contains("신한"),
        "{page}"
    );
    assert!(page.contains("name=\"card_number\"") && !page.contains("name=\"expiry\""));

    let (status, step2) = post(
        &server,
        &path,
        &[
            ("step", "auth"),
            ("card_company", "06"),
            ("card_number", "4242424242424242"),
            ("installment_months", "0"),
            ("agree", "y"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{step2}");
    assert!(step2.contains("카드사 앱에서 인증을 진행하세요"), "{step2}");
    assert!(step2.contains("4242********4242"), "{step2}");
    let code = step2.split("id=\"auth-code\">").nth(1).unwrap();
    assert!(
        code[..6].bytes().all(|b| b.is_ascii_digit()) && code[6..].starts_with('<'),
        "{code}"
    );
    assert!(step2.contains("인증 완료"));
    // Nothing is paid until the app confirms.
    let (_, still) = server.get(&path).await;
    assert!(still.contains("name=\"card_number\""));

    let (status, paid) = post(
        &server,
        &path,
        &[
            ("step", "confirm"),
            ("card_company", "06"),
            ("card_number", "4242424242424242"),
            ("installment_months", "0"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{paid}");
    assert!(
        paid.contains("결제 완료") && paid.contains("testpay01m0104"),
        "{paid}"
    );

    // Step 1 without a company is refused.
    let path = order_page(&server, "104", "10,004", "04").await;
    let (status, again) = post(
        &server,
        &path,
        &[
            ("step", "auth"),
            ("card_number", "4242424242424242"),
            ("agree", "y"),
        ],
    )
    .await;
    assert_eq!(status, 402);
    assert!(again.contains("카드사를 선택해 주세요"), "{again}");
    server.stop().await;
}

#[tokio::test]
async fn unknown_links_and_other_protocols_are_not_found() {
    let server = TestServer::start().await;
    let (status, _) = server.get("/s/AAAAAAAA").await;
    assert_eq!(status, 404);
    let (status, _) = server.get("/s/../../etc").await;
    assert_eq!(status, 404);
    // A PayApp request's code is not an InnoPay link.
    let (_, payurl) = server.pay_request(&[]).await;
    let code = payurl.rsplit('/').next().unwrap();
    let (status, _) = server.get(&format!("/s/{code}")).await;
    assert_eq!(status, 404);
    server.stop().await;
}
