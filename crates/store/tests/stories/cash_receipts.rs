//! Cash receipts on every backend: stored with every field, found by number
//! and by page code, cancelled exactly once even under concurrency.

use super::*;
use gyeolje_core::cash_receipt::{Identity, Purpose, TaxType};

fn receipt(m: &Merchant, id: i64, code: &str, identity: &str, purpose: Purpose) -> CashReceipt {
    let won = |v| Won::new(v).unwrap();
    CashReceipt::issue(
        NewCashReceipt {
            id: CashReceiptId::new(id),
            protocol: Protocol::PayApp,
            merchant_id: m.id,
            page_code: PageCode::parse(code).unwrap(),
            goods_name: "현금 상품".into(),
            buyer_name: "홍길동".into(),
            buyer_phone: Some(PhoneNumber::parse("010-9876-5432").unwrap()),
            buyer_email: Some("buyer@example.com".into()),
            identity: Identity::parse(identity).unwrap(),
            purpose,
            amounts: CashAmounts::new(won(10500), won(9091), won(500), won(909), TaxType::Taxable)
                .unwrap(),
            traded_at: t(1_451_554_280_000),
        },
        t(1_451_554_290_000),
    )
    .unwrap()
}

pub(crate) async fn cash_receipt_story(store: Arc<dyn Store>) {
    let m = merchant(&*store, "payapptest").await;
    let ids = store.reserve_ids("cash_receipt", 1).await.unwrap();
    let next = store.reserve_ids("cash_receipt", 1).await.unwrap();
    assert_eq!(ids.end - ids.start, 1);
    assert!(next.start >= ids.end, "{ids:?} then {next:?}");

    let r = receipt(
        &m,
        ids.start,
        "CASHCASHCASHCAS1",
        "01012345678",
        Purpose::IncomeDeduction,
    );
    store.insert_cash_receipt(&r).await.unwrap();
    assert_eq!(store.cash_receipt(r.id).await.unwrap(), Some(r.clone()));
    assert_eq!(
        store.cash_receipt_by_page_code(&r.page_code).await.unwrap(),
        Some(r.clone())
    );
    assert_eq!(
        store
            .cash_receipt(CashReceiptId::new(next.start + 1000))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .cash_receipt_by_page_code(&PageCode::parse("NOSUCHCODE123456").unwrap())
            .await
            .unwrap(),
        None
    );

    // A number or a page code is never reused.
    let same_code = receipt(
        &m,
        next.start,
        "CASHCASHCASHCAS1",
        "01012345678",
        Purpose::ExpenseProof,
    );
    let dup = store.insert_cash_receipt(&same_code).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    let same_id = receipt(
        &m,
        r.id.get(),
        "CASHCASHCASHCAS2",
        "01012345678",
        Purpose::ExpenseProof,
    );
    let dup = store.insert_cash_receipt(&same_id).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");

    // Cancel once; a second compare-and-set from `issued` is a conflict.
    let cancelled = r.cancel(t(1_451_554_300_000)).unwrap();
    store
        .update_cash_receipt_state(&cancelled, CashReceiptState::Issued)
        .await
        .unwrap();
    assert_eq!(
        store.cash_receipt(r.id).await.unwrap(),
        Some(cancelled.clone())
    );
    let again = store
        .update_cash_receipt_state(&cancelled, CashReceiptState::Issued)
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let unknown = receipt(
        &m,
        next.start + 77,
        "CASHCASHCASHCAS9",
        "01012345678",
        Purpose::ExpenseProof,
    )
    .cancel(t(1))
    .unwrap();
    let missing = store
        .update_cash_receipt_state(&unknown, CashReceiptState::Issued)
        .await;
    assert!(
        matches!(missing, Err(StoreError::Conflict(_))),
        "{missing:?}"
    );

    // Twenty concurrent cancellations of one receipt: exactly one wins.
    let b = receipt(
        &m,
        next.start,
        "CASHCASHCASHCAS3",
        "124-81-00998",
        Purpose::ExpenseProof,
    );
    store.insert_cash_receipt(&b).await.unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let store = store.clone();
        let c = b.cancel(t(2_000_000_000_000 + i)).unwrap();
        tasks.spawn(async move {
            store
                .update_cash_receipt_state(&c, CashReceiptState::Issued)
                .await
        });
    }
    let mut won = 0;
    while let Some(result) = tasks.join_next().await {
        match result.unwrap() {
            Ok(()) => won += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(won, 1);
    let stored = store.cash_receipt(b.id).await.unwrap().unwrap();
    assert_eq!(stored.state, CashReceiptState::Cancelled);
    assert_eq!(stored.identity.digits(), "1248100998");
    assert_eq!(stored.amounts, b.amounts);
}
