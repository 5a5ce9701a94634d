//! Issuing, viewing and cancelling cash receipts.

use super::*;
use crate::support::{form, won};
use gyeolje_core::cash_receipt::{CashReceiptState, IdentityKind, Purpose, TaxType};
use gyeolje_payapp::ClientError;
use gyeolje_server::seed::PAYAPP_DEMO_LINKKEY;

#[tokio::test]
async fn issue_through_the_client_stores_every_field_and_serves_the_page() {
    let server = TestServer::start().await;
    let before = server.app.now();
    let reply = server.client().cash_st(&receipt(&[])).await.unwrap();
    let after = server.app.now();
    assert!(reply.cashstno > 0);
    assert!(
        reply
            .cashsturl
            .starts_with(&format!("{}/cashst/", server.base)),
        "{reply:?}"
    );
    let code = path_of(&server, &reply.cashsturl).trim_start_matches("/cashst/");
    assert_eq!(code.len(), 16, "an unguessable page code, not the number");
    assert!(!code.contains(&reply.cashstno.to_string()));

    let r = stored(&server, reply.cashstno).await;
    let merchant = server
        .app
        .store
        .merchant_by_payapp_userid("payapptest")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.merchant_id, merchant.id);
    assert_eq!(r.page_code.as_str(), code);
    assert_eq!(r.goods_name, "아메리카노 외 2건");
    assert_eq!(r.buyer_name, "홍길동");
    assert_eq!(r.buyer_phone.as_ref().unwrap().as_str(), "01012345678");
    assert_eq!(r.buyer_email.as_deref(), Some("buyer@example.com"));
    assert_eq!(r.identity.kind(), IdentityKind::Phone);
    assert_eq!(r.identity.digits(), "01012345678");
    assert_eq!(r.purpose, Purpose::IncomeDeduction);
    assert_eq!(r.traded_at.kst_compact(), "20151231183120");
    let a = r.amounts;
    assert_eq!(
        (a.total(), a.supply(), a.service(), a.tax(), a.tax_type()),
        (won(10500), won(9091), won(500), won(909), TaxType::Taxable)
    );
    assert_eq!(r.state, CashReceiptState::Issued);
    assert!(
        before <= r.issued_at && r.issued_at <= after,
        "business time"
    );
    assert_eq!(r.cancelled_at, None);

    let (status, page) = server.get(path_of(&server, &reply.cashsturl)).await;
    assert_eq!(status, 200);
    for shown in [
        "현금영수증",
        "width=device-width",
        "페이앱 테스트상점",
        "아메리카노 외 2건",
        "소득공제용",
        "휴대폰번호",
        "010-****-5678",
        "2015-12-31 18:31:20",
        &reply.cashstno.to_string(),
        &r.issued_at.kst_datetime(),
        "과세",
        "9,091원",
        "909원",
        "500원",
        "10,500",
        "<strong>발행</strong>",
    ] {
        assert!(
            page.contains(shown),
            "{shown} missing from the page:\n{page}"
        );
    }
    assert!(!page.contains("01012345678") && !page.contains("1234-5678"));
    assert!(!page.contains("취소일시") && !page.contains("<strong>취소</strong>"));
    server.stop().await;
}

#[tokio::test]
async fn raw_bytes_with_the_alias_cmds() {
    let server = TestServer::start().await;
    let (status, text) = server
        .api_raw(form(&pairs(&[("cmd", "cashStRegist")])))
        .await;
    assert_eq!(status, 200);
    assert!(!text.contains('\n'), "one line: {text:?}");
    let prefix = "state=1&errorMessage=&cashstno=";
    assert!(text.starts_with(prefix), "{text}");
    let (number, url) = text[prefix.len()..].split_once("&cashsturl=").unwrap();
    let cashstno: i64 = number.parse().unwrap();
    let encoded_base = server.base.replace(':', "%3A").replace('/', "%2F");
    assert!(
        url.starts_with(&format!("{encoded_base}%2Fcashst%2F")),
        "the URL is urlencoded like PHP's urlencode: {url}"
    );

    let (status, text) = server
        .api_raw(format!(
            "cmd=cashStCancel&userid=payapptest&cashstno={cashstno}"
        ))
        .await;
    assert_eq!((status, text.as_str()), (200, "state=1&errorMessage="));
    assert_eq!(
        stored(&server, cashstno).await.state,
        CashReceiptState::Cancelled
    );
    server.stop().await;
}

#[tokio::test]
async fn cancelling_twice_fails_and_the_page_shows_the_cancellation() {
    let server = TestServer::start().await;
    let reply = server.client().cash_st(&receipt(&[])).await.unwrap();
    server.advance_clock(60).await;
    server
        .client()
        .cash_st_cn(&cancel(reply.cashstno))
        .await
        .unwrap();
    let r = stored(&server, reply.cashstno).await;
    assert_eq!(r.state, CashReceiptState::Cancelled);
    let cancelled_at = r.cancelled_at.expect("cancellation time");
    assert!(
        cancelled_at.millis_since(r.issued_at) >= 60_000,
        "business time"
    );

    let (errno, message) = rejected(server.client().cash_st_cn(&cancel(reply.cashstno)).await);
    assert_eq!(errno, 70020);
    assert_eq!(message, "cashstno: 이미 취소된 현금영수증입니다");
    // The same through raw bytes and the other name.
    let r2 = server
        .api(&[
            ("cmd", "cashStCancel"),
            ("userid", "payapptest"),
            ("cashstno", &reply.cashstno.to_string()),
        ])
        .await;
    assert_eq!(
        (r2.get("state"), r2.get("errno")),
        ("0", "70020"),
        "{}",
        r2.1
    );
    assert_eq!(r2.get("errorMessage"), message);
    assert_eq!(
        stored(&server, reply.cashstno).await.cancelled_at,
        Some(cancelled_at),
        "a refused repeat changes nothing"
    );

    let (status, page) = server.get(path_of(&server, &reply.cashsturl)).await;
    assert_eq!(status, 200);
    assert!(page.contains("<strong>취소</strong>"), "{page}");
    assert!(!page.contains("<strong>발행</strong>"), "{page}");
    assert!(page.contains("취소일시"), "{page}");
    assert!(page.contains(&cancelled_at.kst_datetime()), "{page}");
    server.stop().await;
}

#[tokio::test]
async fn concurrent_cancels_succeed_exactly_once() {
    let server = TestServer::start().await;
    let reply = server.client().cash_st(&receipt(&[])).await.unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let client = server.client();
        let c = cancel(reply.cashstno);
        calls.spawn(async move { client.cash_st_cn(&c).await });
    }
    let mut ok = 0;
    while let Some(result) = calls.join_next().await {
        match result.unwrap() {
            Ok(()) => ok += 1,
            Err(ClientError::Rejected { errno, message }) => {
                assert_eq!(errno, 70020);
                assert!(message.contains("이미 취소된"), "{message}");
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(ok, 1);
    server.stop().await;
}

#[tokio::test]
async fn receipt_numbers_are_unique_under_concurrency() {
    let server = TestServer::start().await;
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let client = server.client();
        calls.spawn(async move { client.cash_st(&receipt(&[])).await.unwrap() });
    }
    let mut numbers = std::collections::HashSet::new();
    let mut urls = std::collections::HashSet::new();
    while let Some(reply) = calls.join_next().await {
        let reply = reply.unwrap();
        assert!(numbers.insert(reply.cashstno), "{reply:?}");
        assert!(urls.insert(reply.cashsturl));
    }
    assert_eq!(numbers.len(), 20);
    server.stop().await;
}

#[tokio::test]
async fn expense_proof_to_a_business_number_tax_exempt() {
    let server = TestServer::start().await;
    let mut req = receipt(&[
        ("id_info", "124-81-00998"),
        ("tr_code", "1"),
        ("corp_tax_type", "TG02"),
        ("amt_sup", "10000"),
        ("amt_tax", "0"),
        ("buyr_tel1", ""),
        ("buyr_mail", ""),
    ]);
    // A linkkey that is sent must be the seller's.
    req.linkkey = Some(PAYAPP_DEMO_LINKKEY.into());
    let reply = server.client().cash_st(&req).await.unwrap();
    let r = stored(&server, reply.cashstno).await;
    assert_eq!(r.identity.kind(), IdentityKind::BusinessNumber);
    assert_eq!(r.purpose, Purpose::ExpenseProof);
    assert_eq!(r.amounts.tax_type(), TaxType::TaxExempt);
    assert_eq!((r.buyer_phone, r.buyer_email), (None, None));
    let (_, page) = server.get(path_of(&server, &reply.cashsturl)).await;
    for shown in [
        "지출증빙용",
        "사업자번호",
        "124-81-*****",
        "면세",
        "10,000원",
    ] {
        assert!(page.contains(shown), "{shown} missing:\n{page}");
    }
    assert!(!page.contains("1248100998") && !page.contains("00998"));
    server
        .client()
        .cash_st_cn(&CashStCn {
            linkkey: Some(PAYAPP_DEMO_LINKKEY.into()),
            ..cancel(reply.cashstno)
        })
        .await
        .unwrap();
    server.stop().await;
}

#[tokio::test]
async fn unknown_page_codes_are_404() {
    let server = TestServer::start().await;
    for path in [
        "/cashst/AAAAAAAAAAAAAAAA",
        "/cashst/short",
        "/cashst/%3Cscript%3E",
    ] {
        let (status, page) = server.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(page.contains("현금영수증을 찾을 수 없습니다"), "{page}");
    }
    server.stop().await;
}
