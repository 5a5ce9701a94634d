//! gyeolje's transaction id (`tid`, `pgTid`).
//!
//! The manual's only example, `testpay01m01011801181105238578` (§3.2), is
//! the mid, a service code, the approval date `180118` and a serial. gyeolje
//! builds the same shape — `{mid}01{svcPrdtCd}{yyMMdd}{payment id}` — so a
//! tid looks familiar in logs and fits the 30-character `tid` field for any
//! mid of at most 10 characters, and carries the payment id so a cancel can
//! find the payment without a lookup table.

use crate::product::SmsProduct;
use gyeolje_core::Timestamp;

/// Digits of the payment id at the end of a tid.
const ID_DIGITS: usize = 10;

/// `{mid}01{svcPrdtCd}{yyMMdd KST of approval}{payment id, 10 digits}`,
/// e.g. `testpay01m0103180118` + `0000001234`. Payment ids are positive and
/// below 10^10 (a database sequence); a larger one would be printed in full
/// and not read back by [`payment_id_of_tid`].
pub fn make_tid(mid: &str, product: SmsProduct, approved_at: Timestamp, payment_id: i64) -> String {
    let date = approved_at.to_kst().format("%y%m%d");
    format!(
        "{mid}01{}{date}{payment_id:0width$}",
        product.code(),
        width = ID_DIGITS
    )
}

/// The payment id in a tid: its last 10 characters, which must be digits.
/// Surrounding whitespace is ignored (§3.2's example has a leading space).
pub fn payment_id_of_tid(tid: &str) -> Option<i64> {
    let tid = tid.trim();
    let start = tid.len().checked_sub(ID_DIGITS)?;
    let tail = tid.get(start..)?;
    if !tail.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    tail.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 2018-01-18 11:05:23 KST.
    const AT: Timestamp = Timestamp::from_millis(1_516_241_123_000);

    #[test]
    fn shape() {
        let tid = make_tid("testpay01m", SmsProduct::ManualEntry, AT, 1234);
        assert_eq!(tid, "testpay01m01031801180000001234");
        assert_eq!(tid.len(), 30);
        assert_eq!(payment_id_of_tid(&tid), Some(1234));
        assert_eq!(
            payment_id_of_tid(" testpay01m01011801181105238578"),
            Some(1_105_238_578)
        );
        assert_eq!(payment_id_of_tid("123456789"), None);
        assert_eq!(payment_id_of_tid("abc12345678x"), None);
        assert_eq!(payment_id_of_tid("테스트1234567890"), Some(1_234_567_890));
        assert_eq!(payment_id_of_tid("1234567890테"), None);
    }

    proptest! {
        #[test]
        fn round_trips(id in 1i64..10_000_000_000, mid in "[a-z0-9]{1,10}", auth: bool, ms in 0i64..4_000_000_000_000) {
            let product = if auth { SmsProduct::CardAuth } else { SmsProduct::ManualEntry };
            let tid = make_tid(&mid, product, Timestamp::from_millis(ms), id);
            prop_assert!(tid.len() <= 30);
            prop_assert_eq!(payment_id_of_tid(&tid), Some(id));
        }
    }
}
