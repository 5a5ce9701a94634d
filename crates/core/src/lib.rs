//! The domain of gyeolje, free of I/O.
//!
//! Everything the three protocol front ends share lives here: integer money
//! ([`Won`]), time as a parameter ([`Clock`]), merchants and their per-protocol
//! credentials, the payment aggregate with its one transition function, the
//! append-only event history, and the outbox messages (merchant callbacks and
//! SMS) that a state change produces. The store persists these values; the
//! server moves them over the wire. Nothing here reads a clock, a socket or a
//! file, so every rule can be tested with plain values.

pub mod cash_receipt;
pub mod change;
pub mod escrow;
pub mod fault;
pub mod ids;
pub mod innopay_account;
pub mod merchant;
pub mod money;
pub mod outbox;
pub mod payment;
pub mod secret;
pub mod seller;
pub mod time;
pub mod urlencoded;

pub use cash_receipt::{
    CashAmounts, CashAmountsError, CashReceipt, CashReceiptError, CashReceiptId, CashReceiptState,
    NewCashReceipt,
};
pub use change::{Change, PaymentWrite};
pub use fault::{ArmedFault, FaultError, FaultKind, FaultTarget, NewFault};
pub use ids::{IdError, MerchantId, OutboxId, PageCode, PaymentId, PhoneNumber};
pub use innopay_account::{
    InnoPayAccount, NotifyMethod, NotifySetting, NotifySettingError, NotifySettings, PgMid,
};
pub use merchant::{IpayAccount, Merchant, NewMerchant, PayAppAccount, Protocol};
pub use money::{MoneyError, Won};
pub use outbox::{
    AttemptRecord, Channel, ChannelError, DeliveryVerdict, Lease, NextStep, OutboxMessage,
    OutboxRecord, OutboxState, RetryPolicy, SuccessRule,
};
pub use payment::{
    Approval, Attachment, CancelAmount, CancelAsk, CancelOrigin, Command, EventRecord, NewPayment,
    PayMethod, PayerDetails, Payment, PaymentEvent, PaymentState, PendingCancel, ProtocolDataError,
    Transition, TransitionError, VirtualAccountInfo,
};
pub use secret::Secret;
pub use seller::{
    BIZ_KINDS, JoinType, NewSeller, PasswordHash, PayAppSeller, Permissions, SellerKind,
    SellerProfile, SubAccount, UserType,
};
pub use time::{Clock, FixedClock, Timestamp};
