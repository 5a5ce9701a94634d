//! Who may see the buyer's order page link (`MyOrder.aspx?code=…`).
//!
//! The link's code is the buyer's key: with it anyone can decide a
//! purchase (구매결정, which releases escrow to the seller) or file cancel
//! and return requests in the buyer's name. The order page URL
//! (`IpayStdOrder.aspx?cartnos=&sellerid=&price=`) is known to the seller —
//! cart numbers are sequential — so the result page it shows after payment
//! must not hand the key to whoever opens it. The browser that paid gets a
//! cookie with the key on the paying response (HttpOnly, SameSite=Lax,
//! path `/ipay`), and the result page shows the link only to a request
//! carrying it. The sandbox's pay reply carries the link too (it stands in
//! for the buyer).

use axum::http::{HeaderMap, HeaderValue, header};
use gyeolje_core::Payment;

/// How long the paying browser keeps the key (the escrow's whole life:
/// decision, remittance and a return or exchange fit in it).
const MAX_AGE_SECS: u64 = 90 * 24 * 3600;

fn name(payment: &Payment) -> String {
    format!("ipay_buyer_{}", payment.id)
}

/// The `Set-Cookie` value that hands `payment`'s key to the paying browser.
pub fn cookie(payment: &Payment) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{}={}; Path=/ipay; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Lax",
        name(payment),
        payment.page_code.as_str()
    ))
    .ok()
}

/// Whether the request comes from the browser that paid `payment`.
pub fn is_buyer(headers: &HeaderMap, payment: &Payment) -> bool {
    let wanted = name(payment);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(k, v)| k == wanted && v == payment.page_code.as_str())
}
