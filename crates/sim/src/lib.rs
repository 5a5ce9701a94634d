//! Simulators of the world outside gyeolje: the card acquirer, the bank
//! (virtual accounts), the SMS carrier, and the clock.
//!
//! gyeolje is a sandbox PG: merchants integrate against it to see what their
//! code does when a card is approved, declined or times out, when an SMS
//! cannot be delivered, or when five days pass before settlement. None of
//! that may depend on a real card network, a real phone, or waiting a real
//! week. So each outside dependency is a trait ([`Acquirer`], [`SmsCarrier`],
//! [`Bank`], `gyeolje_core::Clock`) and this crate holds the deterministic
//! implementations the server runs with. None keeps a per-process record of
//! what it did: the acquirer writes its books through [`AcquirerBooks`] (the
//! server's store), the SMS carrier's messages are the gateway's outbox, and
//! the bank's and phone billing's answers are derived from the request. Outcomes are chosen by input (test
//! card numbers, a reserved phone number), never by chance, so tests and
//! merchants' integration runs are reproducible.

pub mod acquirer;
pub mod bank;
pub mod clock;
pub mod phone;
pub mod sms;

pub use acquirer::{
    Acquirer, AcquirerBooks, AcquirerError, ApprovalRecorded, AuthRequest, Authorization,
    BookedApproval, BookedRefund, BooksError, Decline, DeclineCode, KnownCharge,
    MEMORY_BOOKS_CAPACITY, MemoryBooks, RefundReceipt, RefundRecorded, RefundRequest, SimAcquirer,
    TEST_CARDS, TestCard, TestOutcome,
};
pub use bank::{
    AccountRequest, BANKS, Bank, BankError, SimBank, TransferReceipt, TransferRequest,
    VirtualAccount,
};
pub use clock::{SandboxClock, SystemClock};
pub use phone::{
    PHONE_AUTH_FAILED, PHONE_LIMIT_EXCEEDED, PhoneApproval, PhoneBilling, PhoneChargeRequest,
    PhoneDecline, SimPhoneBilling,
};
pub use sms::{
    REJECTED_NUMBER, REJECTED_REASON, SimCarrier, SmsCarrier, SmsError, SmsMessage, SmsReceipt,
};
