//! The buyer's iPay pages (§1.2, §2, §3.1.2, §3.1.4, §3.3.1), at the paths
//! Auction serves them on, so an integration only changes the host name:
//!
//! | path | page |
//! |---|---|
//! | `/ipay/IpayStdOrder.aspx?cartnos=&sellerid=&price=` | iPay Standard order page (every method) |
//! | `/ipay/IpayFastOrder.aspx?cartnos=&sellerid=&price=` | iPay Fast: `payment_rule`, `card_type`, `payment_due_date` honoured |
//! | `/Authenticate/LoginNonMember.aspx?url=` | 비회원 구매 step before the Fast page |
//! | `/card/receiptlist.aspx?order_no=&seller_id=` | the receipt of an order |
//! | `/Popup/JoinConfirm2.aspx` | 에스크로 서비스 가입확인, by `Referer` |
//! | `/ipay/images/{btn_ipay_1..4,logo_ipay_1..2}.svg` | the §2 buttons and logos |
//! | `/ipay/MyOrder.aspx?code=` | the buyer's orders: 구매결정, cancel, return, exchange, questions (`buyer`) |
//!
//! Auction spreads these over several hosts (`ssl.`, `memberssl.`,
//! `accounting.`, `ipay.auction.co.kr`); gyeolje serves them all on one.

pub mod buyer;
pub mod buyer_key;
pub mod form;
pub mod images;
pub mod join;
pub mod links;
pub mod locate;
pub mod login;
pub mod order;
pub mod order_page;
pub mod paths;
pub mod receipt;
pub mod result;
