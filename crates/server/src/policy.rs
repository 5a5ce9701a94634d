//! Business rules that differ by protocol but are not wire format: when a
//! payment is settled to the seller (which also closes the window for a
//! plain cancel).

use gyeolje_core::{Protocol, Timestamp};

/// Days after the payment day during which a plain cancel works (PayApp:
/// "결제승인 후 D+5일이 경과 되었거나 … 취소 되지 않습니다").
pub const PAYAPP_CANCEL_DAYS: u32 = 5;

/// When a payment approved at `paid_at` is settled to the seller.
///
/// PayApp: at the first moment after D+5 (midnight KST starting day D+6),
/// so "D+5 has passed" and "settlement is due" are the same instant and the
/// manual's two reasons for refusing `paycancel` never disagree.
///
/// InnoPay: `None`. Manual 002 defines no settlement and no time limit on
/// `cancelApi`, so a card payment can be cancelled (in parts) until its
/// balance is zero; a settlement rule there would refuse cancels the manual
/// allows.
///
/// iPay: `None` for the payment. Escrow settles each order on its own
/// (구매결정 → 송금완료, see `gyeolje_core::escrow`), and refunds follow the
/// order's state, not a window on the payment.
pub fn settle_due(protocol: Protocol, paid_at: Timestamp) -> Option<Timestamp> {
    match protocol {
        Protocol::PayApp => Some(paid_at.kst_midnight_after(PAYAPP_CANCEL_DAYS + 1)),
        Protocol::InnoPay | Protocol::Ipay => None,
    }
}

/// The payment methods a payment's request offers the buyer.
pub fn offered_methods(payment: &gyeolje_core::Payment) -> Vec<gyeolje_core::PayMethod> {
    match payment.protocol {
        Protocol::PayApp => crate::payapp::methods::offered(payment),
        Protocol::InnoPay => vec![gyeolje_core::PayMethod::Card],
        // The Std page offers every method (§3.1.2 payment_rule); the Fast
        // page narrows by payment_rule before it pays.
        Protocol::Ipay => vec![
            gyeolje_core::PayMethod::Card,
            gyeolje_core::PayMethod::VirtualAccount,
            gyeolje_core::PayMethod::Phone,
            gyeolje_core::PayMethod::BankTransfer,
        ],
    }
}
