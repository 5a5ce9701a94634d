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

mod buyer;
mod form;
mod images;
mod join;
mod locate;
mod login;
mod order;
mod receipt;
mod result;

use crate::app::App;
use axum::Router;
use axum::routing::get;

/// iPay Standard's order page (§1.2).
pub const STD_PATH: &str = "/ipay/IpayStdOrder.aspx";
/// iPay Fast's order page (§1.2).
pub const FAST_PATH: &str = "/ipay/IpayFastOrder.aspx";
/// The non-member login step in front of the Fast page (§1.2).
pub const LOGIN_PATH: &str = "/Authenticate/LoginNonMember.aspx";
/// The receipt popup (§3.3.1).
pub const RECEIPT_PATH: &str = "/card/receiptlist.aspx";
/// The escrow join confirmation the iPay logo links to (§2.2.2).
pub const JOIN_CONFIRM_PATH: &str = "/Popup/JoinConfirm2.aspx";
/// The buyer's order page (구매결정, cancel/return/exchange requests, questions).
pub const BUYER_PATH: &str = buyer::PATH;
/// Where the §2 button and logo images live.
pub const IMAGES_PATH: &str = "/ipay/images";

pub fn routes() -> Router<App> {
    Router::new()
        .route(STD_PATH, get(order::show_std).post(order::submit_std))
        .route(FAST_PATH, get(order::show_fast).post(order::submit_fast))
        .route(LOGIN_PATH, get(login::show))
        .route(RECEIPT_PATH, get(receipt::show))
        .route(JOIN_CONFIRM_PATH, get(join::show))
        .route(BUYER_PATH, get(buyer::show).post(buyer::submit))
        .route("/ipay/images/{name}", get(images::serve))
}

/// A link the page may print as `href`: only `http(s)` URLs, so a cart
/// registered with `back_url="javascript:…"` cannot script the page.
fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| url.to_owned())
}

/// `seller_id`s are compared as Auction compares member ids: ASCII case
/// does not matter.
fn same_seller(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_are_printed() {
        assert_eq!(
            safe_link(" https://shop.example/back "),
            Some("https://shop.example/back".into())
        );
        assert_eq!(safe_link("HTTP://a/"), Some("HTTP://a/".into()));
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link(""), None);
    }
}
