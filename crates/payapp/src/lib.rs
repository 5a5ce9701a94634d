//! PayApp's wire protocol, as gyeolje speaks it.
//!
//! gyeolje re-implements the Korean PG PayApp so merchants' existing PayApp
//! integrations (mostly the manual's PHP samples, copied verbatim) work
//! against it unchanged. This crate is that contract and nothing else: how a
//! form body is decoded ([`codec`]), which `cmd` is being called ([`cmd`]),
//! what makes a request valid and which `errno` refuses it ([`request`],
//! [`error`]), what the merchant's `feedbackurl` is sent ([`feedback`]), and
//! a client that speaks it from the merchant's side ([`client`], feature
//! `client`). It does no I/O of its own apart from that client, so the server
//! and the tests share one definition of every rule.
//!
//! The manual is `seeds/001` (PayApp 서비스 연동 매뉴얼). Where it is silent
//! or inconsistent, the decision is documented at the item that makes it.

/// The REST API's path (manual 001, REST API URL 주소).
pub const API_PATH: &str = "/oapi/apiLoad.html";

mod account_fields;
mod cancel;
pub mod cash;
mod charset;
pub mod cmd;
pub mod codec;
pub mod error;
pub mod feedback;
#[doc(hidden)]
pub mod fuzzing;
mod multipart;
pub mod params;
pub mod request;
pub mod seller;
pub mod subaccount;
pub mod wallet;

#[cfg(feature = "client")]
pub mod client;

pub use cash::{CashSt, CashStCn, CashStReply};
pub use cmd::Cmd;
pub use codec::{CodecError, Form, encode_reply, ok_reply, parse_reply};
pub use error::{ErrorCode, PayAppError};
pub use feedback::{CancelAmounts, Feedback, FeedbackType, PayState, PayType};
pub use request::{LiveParams, PayCancel, PayCancelReq, PayRequest, PayRequestReply, ReqMode};
pub use seller::{SellerRegist, SellerRegistReply, UseridCheck};
pub use subaccount::SubIdRegist;
pub use wallet::Wallet;

#[cfg(feature = "client")]
pub use client::{ClientError, PayAppClient};
