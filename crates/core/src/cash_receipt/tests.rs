use super::*;
use crate::Won;
use proptest::prelude::*;

fn won(v: i64) -> Won {
    Won::new(v).unwrap()
}

fn t(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms)
}

fn new_receipt(id: &str, purpose: Purpose, traded_at: Timestamp) -> NewCashReceipt {
    NewCashReceipt {
        id: CashReceiptId::new(1000),
        protocol: Protocol::PayApp,
        merchant_id: MerchantId::new(1),
        page_code: PageCode::parse("AAAAAAAAAAAAAAA1").unwrap(),
        goods_name: "테스트상품".into(),
        buyer_name: "홍길동".into(),
        buyer_phone: None,
        buyer_email: None,
        identity: Identity::parse(id).unwrap(),
        purpose,
        amounts: CashAmounts::new(won(1100), won(1000), won(0), won(100), TaxType::Taxable)
            .unwrap(),
        traded_at,
    }
}

#[test]
fn phones_and_business_numbers() {
    let p = Identity::parse("010-1234-5678").unwrap();
    assert_eq!(p.kind(), IdentityKind::Phone);
    assert_eq!(p.digits(), "01012345678");
    assert_eq!(p.masked(), "010-****-5678");
    let old = Identity::parse("0111234567").unwrap();
    assert_eq!(old.kind(), IdentityKind::Phone);
    assert_eq!(old.masked(), "011-***-4567");
    for prefix in ["010", "011", "016", "017", "018", "019"] {
        assert!(
            Identity::parse(&format!("{prefix}12345678")).is_ok(),
            "{prefix}"
        );
    }
    let b = Identity::parse("123-45-67891").unwrap();
    assert_eq!(b.kind(), IdentityKind::BusinessNumber);
    assert_eq!(b.digits(), "1234567891");
    assert_eq!(b.masked(), "123-45-*****");
    // Numbers companies print on their sites pass the check digit.
    assert!(Identity::parse("220-81-62517").is_ok());
    assert!(Identity::parse("124-81-00998").is_ok());
}

#[test]
fn identity_errors() {
    let e = |s| Identity::parse(s).unwrap_err();
    assert_eq!(e(""), IdentityError::Empty);
    assert_eq!(e(" - "), IdentityError::Empty);
    assert_eq!(e("010-1234-567a"), IdentityError::NotDigits);
    assert_eq!(e("+821012345678"), IdentityError::NotDigits);
    assert_eq!(e("0212345678"), IdentityError::NotMobile, "Seoul landline");
    assert_eq!(e("01212345678"), IdentityError::NotMobile);
    assert_eq!(e("010123456"), IdentityError::Length);
    assert_eq!(e("010123456789"), IdentityError::Length);
    assert_eq!(e("1234567890"), IdentityError::CheckDigit);
    assert_eq!(e("123456789"), IdentityError::Length);
    assert_eq!(e("12345678911"), IdentityError::Length);
    assert_eq!(e("1234567890123456"), IdentityError::Length, "card numbers");
}

#[test]
fn identity_serializes_as_its_digits() {
    let b = Identity::parse("123-45-67891").unwrap();
    let json = serde_json::to_string(&b).unwrap();
    assert_eq!(json, "\"1234567891\"");
    assert_eq!(serde_json::from_str::<Identity>(&json).unwrap(), b);
    assert!(serde_json::from_str::<Identity>("\"1234567890\"").is_err());
}

#[test]
fn amounts_must_add_up() {
    let a = CashAmounts::new(won(1100), won(1000), won(0), won(100), TaxType::Taxable).unwrap();
    assert_eq!(
        (a.total(), a.supply(), a.service(), a.tax(), a.tax_type()),
        (won(1100), won(1000), won(0), won(100), TaxType::Taxable)
    );
    assert_eq!(
        CashAmounts::new(won(1100), won(1000), won(0), won(99), TaxType::Taxable),
        Err(CashAmountsError::SumMismatch {
            total: won(1100),
            parts: Some(won(1099))
        })
    );
    assert_eq!(
        CashAmounts::new(won(0), won(0), won(0), won(0), TaxType::Taxable),
        Err(CashAmountsError::ZeroTotal)
    );
    // Past Won::MAX the sum is an error, never a wrap.
    assert_eq!(
        CashAmounts::new(Won::MAX, Won::MAX, won(1), won(0), TaxType::Taxable),
        Err(CashAmountsError::SumMismatch {
            total: Won::MAX,
            parts: None
        })
    );
    // Any VAT that makes the sum right is accepted on a taxed sale (영세율: 0).
    assert!(CashAmounts::new(won(1000), won(1000), won(0), won(0), TaxType::Taxable).is_ok());
}

#[test]
fn tax_exempt_sales_have_no_vat() {
    assert!(CashAmounts::new(won(1000), won(900), won(100), won(0), TaxType::TaxExempt).is_ok());
    assert_eq!(
        CashAmounts::new(won(1100), won(1000), won(0), won(100), TaxType::TaxExempt),
        Err(CashAmountsError::TaxOnExempt { tax: won(100) })
    );
}

#[test]
fn amounts_decode_only_when_valid() {
    let a = CashAmounts::new(won(1100), won(1000), won(0), won(100), TaxType::Taxable).unwrap();
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<CashAmounts>(&json).unwrap(), a);
    let bad = json.replace("1100", "1200");
    assert!(serde_json::from_str::<CashAmounts>(&bad).is_err());
}

#[test]
fn purpose_decides_which_identity_is_allowed() {
    let phone = Identity::parse("01012345678").unwrap();
    let business = Identity::parse("1234567891").unwrap();
    assert!(Purpose::IncomeDeduction.accepts(&phone));
    assert!(!Purpose::IncomeDeduction.accepts(&business));
    assert!(Purpose::ExpenseProof.accepts(&phone));
    assert!(Purpose::ExpenseProof.accepts(&business));
    assert_eq!(
        CashReceipt::issue(
            new_receipt("1234567891", Purpose::IncomeDeduction, t(0)),
            t(0)
        ),
        Err(CashReceiptError::IdentityNotAllowed {
            purpose: Purpose::IncomeDeduction,
            kind: IdentityKind::BusinessNumber
        })
    );
}

#[test]
fn trade_time_may_not_lie_beyond_the_clock_skew() {
    let now = t(10_000_000);
    let skew = i64::try_from(CashReceipt::CLOCK_SKEW.as_millis()).unwrap();
    let at = |ms| new_receipt("01012345678", Purpose::IncomeDeduction, t(ms));
    assert!(CashReceipt::issue(at(now.as_millis() + skew), now).is_ok());
    assert_eq!(
        CashReceipt::issue(at(now.as_millis() + skew + 1), now),
        Err(CashReceiptError::TradedInFuture)
    );
    assert!(
        CashReceipt::issue(at(0), now).is_ok(),
        "past trades are fine"
    );
}

#[test]
fn issue_then_cancel_once() {
    let r = CashReceipt::issue(
        new_receipt("1234567891", Purpose::ExpenseProof, t(5)),
        t(10),
    )
    .unwrap();
    assert_eq!(r.state, CashReceiptState::Issued);
    assert_eq!(
        (r.issued_at, r.cancelled_at, r.traded_at),
        (t(10), None, t(5))
    );
    let c = r.cancel(t(20)).unwrap();
    assert_eq!(c.state, CashReceiptState::Cancelled);
    assert_eq!(c.cancelled_at, Some(t(20)));
    assert_eq!(
        CashReceipt {
            state: r.state,
            cancelled_at: None,
            ..c.clone()
        },
        r,
        "cancelling changes only the state and its time"
    );
    assert_eq!(c.cancel(t(30)), Err(CashReceiptError::AlreadyCancelled));
}

#[test]
fn names_round_trip() {
    for p in Purpose::ALL {
        assert_eq!(Purpose::parse(p.as_str()), Some(p));
    }
    for s in CashReceiptState::ALL {
        assert_eq!(CashReceiptState::parse(s.as_str()), Some(s));
    }
    for t in TaxType::ALL {
        assert_eq!(TaxType::parse(t.as_str()), Some(t));
    }
    for k in [IdentityKind::Phone, IdentityKind::BusinessNumber] {
        assert_eq!(IdentityKind::parse(k.as_str()), Some(k));
    }
    assert_eq!(Purpose::IncomeDeduction.label(), "소득공제용");
    assert_eq!(TaxType::TaxExempt.label(), "면세");
}

proptest! {
    #[test]
    fn exactly_one_check_digit_fits(prefix in 100_000_000u32..1_000_000_000) {
        let fits: Vec<u32> = (0..10)
            .filter(|d| Identity::parse(&format!("{prefix}{d}")).is_ok())
            .collect();
        prop_assert_eq!(fits.len(), 1);
    }

    #[test]
    fn amounts_that_add_up_are_accepted(
        s in 0i64..1_000_000_000_000,
        v in 0i64..1_000_000,
        x in 0i64..1_000_000_000,
    ) {
        let total = s + v + x;
        prop_assume!(total > 0);
        let ok = CashAmounts::new(won(total), won(s), won(v), won(x), TaxType::Taxable);
        prop_assert!(ok.is_ok());
        let off = CashAmounts::new(won(total + 1), won(s), won(v), won(x), TaxType::Taxable);
        let is_mismatch = matches!(off, Err(CashAmountsError::SumMismatch { .. }));
        prop_assert!(is_mismatch);
    }
}
