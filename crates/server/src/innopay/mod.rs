//! The InnoPay front end (manual 002, SMS 카드 결제 연동 매뉴얼): the
//! `smsPayApi` and `cancelApi` JSON APIs, the Web-Link popup, the buyer's
//! card page behind the SMS link, the help and terms pages, result
//! notifications and the merchant's notification settings.

pub mod api;
mod buyer;
mod card_form;
pub mod frontend;
pub mod notification;
pub mod order;
mod seal;
pub mod settings;
mod terms;
pub mod weblink;
