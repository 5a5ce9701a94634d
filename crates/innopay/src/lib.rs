//! InnoPay SMS card payment's wire protocol, as gyeolje speaks it.
//!
//! gyeolje re-implements InnoPay (주)인피니소프트's SMS card payment so
//! merchants' existing integrations work against it unchanged. This crate is
//! that contract and nothing else: the Web-Link window's parameters
//! ([`weblink`], §1), the `smsPayApi` order API ([`sms_pay`], §2), the
//! `cancelApi` ([`cancel`], §3), the result notification ([`notification`],
//! §4.2), the card-company table ([`cards`], §5), gyeolje's result codes
//! ([`codes`], [`error`]) and transaction ids ([`tid`]), and a client that
//! speaks it from the merchant's side ([`client`], feature `client`). It does
//! no I/O apart from that client, so server and tests share every rule.
//!
//! The manual is `seeds/002` (SMS 카드 결제 연동 메뉴얼 v1.5); "§2.2" and so on
//! refer to its sections. Where it is silent, loose or inconsistent, the
//! decision is documented at the item that makes it, and leans towards
//! accepting what real merchants' code sends.

/// §1.1 Web-Link URL.
pub const WEBLINK_PATH: &str = "/api/cardInterface";
/// §2.2 SMS 카드결제요청 API URL.
pub const SMS_PAY_PATH: &str = "/api/smsPayApi";
/// §3.1 결제취소 요청 API URL.
pub const CANCEL_PATH: &str = "/api/cancelApi";

pub mod cancel;
pub mod cards;
pub mod codes;
pub mod error;
pub mod fields;
#[doc(hidden)]
pub mod fuzzing;
pub mod json;
pub mod notification;
mod percent;
pub mod product;
mod rules;
pub mod sms_pay;
pub mod tid;
pub mod weblink;

#[cfg(feature = "client")]
pub mod client;

pub use cancel::{CancelReply, CancelRequest, ValidCancel};
pub use cards::{CARD_COMPANIES, card_company_by_name, card_company_name};
pub use codes::ResultCode;
pub use error::InnoPayError;
pub use fields::{
    check_len, default_pay_exp, format_pay_exp, latest_pay_exp, parse_amount,
    parse_optional_amount, parse_pay_exp_date, parse_tel,
};
pub use json::{read_object, read_object_declared};
pub use notification::{
    CancelFields, CardFields, CashFields, GoodsLine, Notification, NotifyStatus, Shipping,
};
pub use product::SmsProduct;
pub use sms_pay::{SmsOrder, SmsPayReply, SmsPayRequest, sms_text};
pub use tid::{make_tid, payment_id_of_tid};
pub use weblink::{Encoding, RequestType, WebLinkEvent, WebLinkOrder, WebLinkRequest};

#[cfg(feature = "client")]
pub use client::{ClientError, InnoPayClient};
