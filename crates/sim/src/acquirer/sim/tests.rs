use super::*;
use crate::KnownCharge;
use crate::acquirer::books::AcquirerBooks;
use crate::acquirer::{TEST_CARDS, TestOutcome};
use gyeolje_core::{Timestamp, Won};
use std::sync::Arc;

/// A simulator on memory books, and the books to inspect.
fn sim() -> (SimAcquirer, Arc<MemoryBooks>) {
    let books = Arc::new(MemoryBooks::default());
    (SimAcquirer::with_books(books.clone()), books)
}

// 2024-01-31 13:05:09 KST.
const NOW: Timestamp = Timestamp::from_millis(1_706_673_909_000);

fn won(v: i64) -> Won {
    Won::new(v).unwrap()
}

fn auth(key: &str, card: &str, amount: i64) -> AuthRequest {
    AuthRequest {
        idempotency_key: key.to_owned(),
        card_number: card.to_owned(),
        expiry: None,
        amount: won(amount),
        installment_months: 0,
        now: NOW,
    }
}

fn refund(key: &str, approval_no: &str, amount: i64) -> RefundRequest {
    RefundRequest {
        idempotency_key: key.to_owned(),
        approval_no: approval_no.to_owned(),
        amount: won(amount),
        now: NOW,
        known_charge: None,
    }
}

#[tokio::test]
async fn a_restarted_simulator_refunds_from_the_gateways_records() {
    let (acq, books) = sim();
    let mut req = refund("r", "12345678", 4000);
    assert_eq!(
        acq.refund(req.clone()).await,
        Err(AcquirerError::UnknownApproval)
    );
    req.known_charge = Some(KnownCharge {
        amount: won(10_000),
        refunded: won(7000),
    });
    assert_eq!(
        acq.refund(req.clone()).await,
        Err(AcquirerError::ExceedsAuthorized)
    );
    req.amount = won(3000);
    acq.refund(req).await.unwrap();
    assert_eq!(books.refunded_total("12345678"), Some(won(10_000)));
}

async fn decline_code(acq: &SimAcquirer, card: &str) -> DeclineCode {
    acq.authorize(auth("k", card, 1000)).await.unwrap_err().code
}

#[tokio::test]
async fn approving_test_cards() {
    let (acq, books) = sim();
    let cases = [
        ("4242424242424242", "신한카드", "424242******4242"),
        ("5555555555554444", "KB국민카드", "555555******4444"),
        ("9410000000000001", "BC카드", "941000******0001"),
    ];
    for (i, (number, name, masked)) in cases.into_iter().enumerate() {
        let a = acq
            .authorize(auth(&format!("key-{i}"), number, 10_000))
            .await
            .unwrap();
        assert_eq!(a.card_name, name);
        assert_eq!(a.card_masked, masked);
        assert_eq!(a.approved_at, NOW);
        assert_eq!(a.approval_no.len(), 8);
        assert!(a.approval_no.bytes().all(|b| b.is_ascii_digit()));
    }
    assert_eq!(books.charged_total(), won(30_000));
    assert_eq!(books.authorization_count(), 3);
}

#[tokio::test]
async fn declining_test_cards() {
    let (acq, books) = sim();
    let cases = [
        (
            "4000000000000002",
            DeclineCode::Generic,
            "카드사에서 승인을 거절했습니다",
        ),
        (
            "4000000000009995",
            DeclineCode::InsufficientFunds,
            "잔액(한도)이 부족합니다",
        ),
        (
            "4000000000000069",
            DeclineCode::ExpiredCard,
            "유효기간이 지난 카드입니다",
        ),
        (
            "4000000000000119",
            DeclineCode::Timeout,
            "카드사 응답 시간이 초과되었습니다. 잠시 후 다시 시도해 주세요",
        ),
    ];
    for (number, code, message) in cases {
        let d = acq.authorize(auth("k", number, 1000)).await.unwrap_err();
        assert_eq!(d.code, code, "{number}");
        assert_eq!(d.message, message, "{number}");
    }
    assert_eq!(books.charged_total(), Won::ZERO);
    assert_eq!(books.authorization_count(), 0);
}

#[tokio::test]
async fn every_table_entry_behaves_as_documented() {
    for (i, card) in TEST_CARDS.iter().enumerate() {
        let (acq, _books) = sim();
        let result = acq.authorize(auth(&i.to_string(), card.number, 1000)).await;
        match card.outcome {
            TestOutcome::Approve => {
                let a = result.unwrap();
                assert_eq!(a.card_name, card.card_name);
                assert_eq!(a.card_company_code, card.card_company_code);
            }
            TestOutcome::Decline(code) => assert_eq!(result.unwrap_err().code, code),
        }
    }
}

#[tokio::test]
async fn timeout_card_waits_the_configured_delay() {
    let (acq, books) = sim();
    let acq = acq.with_timeout_delay(Duration::from_millis(50));
    let started = std::time::Instant::now();
    let d = acq
        .authorize(auth("k", "4000 0000 0000 0119", 1000))
        .await
        .unwrap_err();
    assert_eq!(d.code, DeclineCode::Timeout);
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(books.charged_total(), Won::ZERO);
}

#[tokio::test]
async fn separators_are_accepted() {
    let (acq, _books) = sim();
    let a = acq
        .authorize(auth("k", "4242-4242-4242-4242", 1000))
        .await
        .unwrap();
    assert_eq!(a.card_masked, "424242******4242");
    let a = acq
        .authorize(auth("k2", "5555 5555 5555 4444", 1000))
        .await
        .unwrap();
    assert_eq!(a.card_name, "KB국민카드");
}

#[tokio::test]
async fn unknown_numbers_must_pass_luhn() {
    let (acq, books) = sim();
    for bad in [
        "4242424242424241",     // Luhn fails
        "4242 4242 4242",       // too short
        "42424242424242424242", // too long
        "4242x42424242424",
        "",
    ] {
        assert_eq!(
            decline_code(&acq, bad).await,
            DeclineCode::InvalidNumber,
            "{bad}"
        );
    }
    assert_eq!(books.charged_total(), Won::ZERO);
}

#[tokio::test]
async fn unknown_luhn_valid_numbers_approve_by_first_digit() {
    let (acq, _books) = sim();
    let cases = [
        ("36227206271667", "현대카드", "61", "362272****1667"),
        ("4111111111111111", "신한카드", "41", "411111******1111"),
        ("5105105105105100", "KB국민카드", "11", "510510******5100"),
        ("6011111111111117", "롯데카드", "71", "601111******1117"),
        ("9400000000000007", "BC카드", "31", "940000******0007"),
        ("1234567812345670", "테스트카드", "99", "123456******5670"),
    ];
    for (i, (number, name, code, masked)) in cases.into_iter().enumerate() {
        let a = acq
            .authorize(auth(&i.to_string(), number, 1000))
            .await
            .unwrap();
        assert_eq!(
            (
                a.card_name.as_str(),
                a.card_company_code.as_str(),
                a.card_masked.as_str()
            ),
            (name, code, masked),
        );
    }
}

#[tokio::test]
async fn expiry_is_checked_in_kst() {
    let (acq, _books) = sim();
    let mut req = auth("k", "4242424242424242", 1000);
    req.expiry = Some("1223".to_owned());
    let d = acq.authorize(req.clone()).await.unwrap_err();
    assert_eq!(d, Decline::new(DeclineCode::ExpiredCard));

    req.expiry = Some("13/30".to_owned());
    assert_eq!(
        acq.authorize(req.clone()).await.unwrap_err().code,
        DeclineCode::ExpiredCard
    );

    req.expiry = Some("0124".to_owned());
    assert!(acq.authorize(req).await.is_ok());
}

#[tokio::test]
async fn invalid_number_is_reported_before_expiry() {
    let (acq, _books) = sim();
    let mut req = auth("k", "1234", 1000);
    req.expiry = Some("0101".to_owned());
    assert_eq!(
        acq.authorize(req).await.unwrap_err().code,
        DeclineCode::InvalidNumber
    );
}

#[tokio::test]
async fn authorize_is_idempotent() {
    let (acq, books) = sim();
    let first = acq
        .authorize(auth("order-1", "4242424242424242", 5000))
        .await
        .unwrap();
    let mut retry = auth("order-1", "4242424242424242", 5000);
    retry.now = Timestamp::from_millis(NOW.as_millis() + 60_000);
    let second = acq.authorize(retry).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(books.charged_total(), won(5000));
    assert_eq!(books.authorization_count(), 1);

    let other = acq
        .authorize(auth("order-2", "4242424242424242", 5000))
        .await
        .unwrap();
    assert_ne!(other.approval_no, first.approval_no);
    assert_eq!(books.charged_total(), won(10_000));
}

#[tokio::test]
async fn approval_numbers_are_deterministic() {
    let a = SimAcquirer::new();
    let b = SimAcquirer::new();
    let x = a
        .authorize(auth("same", "4242424242424242", 1))
        .await
        .unwrap();
    let y = b
        .authorize(auth("same", "5555555555554444", 2))
        .await
        .unwrap();
    assert_eq!(x.approval_no, y.approval_no);
}

#[tokio::test]
async fn a_decline_does_not_burn_the_key() {
    let (acq, _books) = sim();
    assert!(
        acq.authorize(auth("k", "4000000000009995", 1000))
            .await
            .is_err()
    );
    assert!(
        acq.authorize(auth("k", "4242424242424242", 1000))
            .await
            .is_ok()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_retries_charge_once() {
    let (acq, books) = sim();
    let acq = Arc::new(acq);
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let acq = Arc::clone(&acq);
            tokio::spawn(async move {
                acq.authorize(auth("race", "4242424242424242", 700))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut approvals = Vec::new();
    for t in tasks {
        approvals.push(t.await.unwrap());
    }
    assert!(approvals.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(books.charged_total(), won(700));
}

#[tokio::test]
async fn card_numbers_are_not_stored_whole() {
    let (acq, books) = sim();
    acq.authorize(auth("k", "4242424242424242", 1000))
        .await
        .unwrap();
    let dump = format!("{books:?}");
    assert!(!dump.contains("4242424242424242"), "{dump}");
    assert!(dump.contains("424242******4242"));

    let req_dump = format!("{:?}", auth("k", "4242-4242-4242-4242", 1));
    assert!(!req_dump.contains("4242-4242-4242-4242"), "{req_dump}");
    assert!(req_dump.contains("424242******4242"));
}

#[tokio::test]
async fn refunds_partial_then_full() {
    let (acq, books) = sim();
    let a = acq
        .authorize(auth("k", "4242424242424242", 10_000))
        .await
        .unwrap();
    assert_eq!(books.refunded_total(&a.approval_no), Some(Won::ZERO));

    let r1 = acq
        .refund(refund("r1", &a.approval_no, 3000))
        .await
        .unwrap();
    assert_eq!(r1.refunded_at, NOW);
    assert_eq!(r1.refund_no.len(), 8);
    let r2 = acq
        .refund(refund("r2", &a.approval_no, 7000))
        .await
        .unwrap();
    assert_ne!(r1.refund_no, r2.refund_no);
    assert_eq!(books.refunded_total(&a.approval_no), Some(won(10_000)));
}

#[tokio::test]
async fn refund_never_exceeds_the_charge() {
    let (acq, books) = sim();
    let a = acq
        .authorize(auth("k", "4242424242424242", 10_000))
        .await
        .unwrap();
    assert_eq!(
        acq.refund(refund("r0", &a.approval_no, 10_001)).await,
        Err(AcquirerError::ExceedsAuthorized)
    );
    acq.refund(refund("r1", &a.approval_no, 6000))
        .await
        .unwrap();
    assert_eq!(
        acq.refund(refund("r2", &a.approval_no, 4001)).await,
        Err(AcquirerError::ExceedsAuthorized)
    );
    assert_eq!(books.refunded_total(&a.approval_no), Some(won(6000)));
    acq.refund(refund("r3", &a.approval_no, 4000))
        .await
        .unwrap();
    assert_eq!(
        acq.refund(refund("r4", &a.approval_no, 1)).await,
        Err(AcquirerError::ExceedsAuthorized)
    );
    assert_eq!(books.refunded_total(&a.approval_no), Some(won(10_000)));
}

#[tokio::test]
async fn refund_is_idempotent() {
    let (acq, books) = sim();
    let a = acq
        .authorize(auth("k", "4242424242424242", 10_000))
        .await
        .unwrap();
    let first = acq.refund(refund("r", &a.approval_no, 8000)).await.unwrap();
    let mut retry = refund("r", &a.approval_no, 8000);
    retry.now = Timestamp::from_millis(NOW.as_millis() + 5000);
    // Without idempotency this retry would exceed the charge.
    let second = acq.refund(retry).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(books.refunded_total(&a.approval_no), Some(won(8000)));
}

#[tokio::test]
async fn refund_of_unknown_approval() {
    let (acq, books) = sim();
    assert_eq!(
        acq.refund(refund("r", "12345678", 1)).await,
        Err(AcquirerError::UnknownApproval)
    );
    assert_eq!(books.refunded_total("12345678"), None);
}

#[test]
fn decline_codes_have_stable_names() {
    let names: Vec<_> = [
        DeclineCode::Generic,
        DeclineCode::InsufficientFunds,
        DeclineCode::ExpiredCard,
        DeclineCode::Timeout,
        DeclineCode::InvalidNumber,
    ]
    .iter()
    .map(|c| c.as_str())
    .collect();
    assert_eq!(
        names,
        [
            "declined",
            "insufficient_funds",
            "expired_card",
            "timeout",
            "invalid_number"
        ]
    );
}

#[test]
fn digits_are_rederived_after_a_collision() {
    let first = derived_digits("k", "auth", 0);
    let second = derived_digits("k", "auth", 1);
    assert_ne!(first, second);
    assert_eq!(second.len(), 8);
    // FNV-1a reference value for the empty string.
    assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
}

#[tokio::test]
async fn two_simulators_on_one_set_of_books_refund_once() {
    let books = Arc::new(MemoryBooks::default());
    let first = SimAcquirer::with_books(books.clone());
    let second = SimAcquirer::with_books(books.clone());
    let a = first
        .authorize(auth("k", "4242424242424242", 10_000))
        .await
        .unwrap();
    assert_eq!(
        second
            .authorize(auth("k", "4242424242424242", 10_000))
            .await
            .unwrap(),
        a
    );
    assert_eq!(books.authorization_count(), 1);
    let r = first
        .refund(refund("r", &a.approval_no, 6000))
        .await
        .unwrap();
    let mut again = refund("r", &a.approval_no, 6000);
    again.now = Timestamp::from_millis(NOW.as_millis() + 1);
    assert_eq!(second.refund(again).await.unwrap(), r);
    assert_eq!(books.refunded_total(&a.approval_no), Some(won(6000)));
}

#[tokio::test]
async fn memory_books_forget_the_oldest_charge_past_their_capacity() {
    let books = Arc::new(MemoryBooks::with_capacity(2));
    let acq = SimAcquirer::with_books(books.clone());
    let mut approvals = Vec::new();
    for key in ["a", "b", "c"] {
        let a = acq
            .authorize(auth(key, "4242424242424242", 1000))
            .await
            .unwrap();
        acq.refund(refund(&format!("r{key}"), &a.approval_no, 10))
            .await
            .unwrap();
        approvals.push(a.approval_no);
    }
    assert_eq!(books.authorization_count(), 2);
    assert_eq!(books.refunded_total(&approvals[0]), None);
    assert_eq!(books.refunded_total(&approvals[2]), Some(won(10)));
    assert_eq!(books.refund_by_key("ra").await.unwrap(), None);
}
