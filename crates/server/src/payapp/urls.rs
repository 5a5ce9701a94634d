//! The links PayApp hands out for a payment: `payurl`, `qrurl` and `csturl`.

use crate::app::App;
use gyeolje_core::Payment;

/// The buyer's payment page for a payment.
pub fn pay_url(app: &App, payment: &Payment) -> String {
    app.url(&format!("/p/{}", payment.page_code))
}

/// The sales slip (매출전표) page for a payment.
pub fn slip_url(app: &App, payment: &Payment) -> String {
    app.url(&format!("/cst/{}", payment.page_code))
}

/// A QR code image (SVG) of the payment page (`qrurl`).
pub fn qr_url(app: &App, payment: &Payment) -> String {
    app.url(&format!("/qr/{}", payment.page_code))
}
