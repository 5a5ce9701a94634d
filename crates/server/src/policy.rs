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
/// iPay keeps the PayApp rule until its own issue defines escrow settlement.
pub fn settle_due(protocol: Protocol, paid_at: Timestamp) -> Option<Timestamp> {
    match protocol {
        Protocol::PayApp | Protocol::Ipay => {
            Some(paid_at.kst_midnight_after(PAYAPP_CANCEL_DAYS + 1))
        }
        Protocol::InnoPay => None,
    }
}

/// The payment methods a payment's request offers the buyer.
pub fn offered_methods(payment: &gyeolje_core::Payment) -> Vec<gyeolje_core::PayMethod> {
    match payment.protocol {
        Protocol::PayApp => crate::payapp::methods::offered(payment),
        Protocol::InnoPay | Protocol::Ipay => vec![gyeolje_core::PayMethod::Card],
    }
}
