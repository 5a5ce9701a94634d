//! The PayApp front end (manual 001): the REST API at `/oapi/apiLoad.html`,
//! feedback to merchants, and the payment-request SMS.

pub mod accounts;
pub mod api;
pub mod cash;
pub mod feedback;
pub mod frontend;
pub mod lite;
pub mod methods;
pub mod sellers;
pub mod sms;
pub mod subaccounts;

use crate::app::App;
use axum::Router;
use axum::routing::any;

pub fn routes() -> Router<App> {
    Router::new().route(gyeolje_payapp::API_PATH, any(api::api_load))
}

/// The buyer's payment page for a payment.
pub fn pay_url(app: &App, payment: &gyeolje_core::Payment) -> String {
    app.url(&format!("/p/{}", payment.page_code))
}

/// The sales slip (매출전표) page for a payment.
pub fn slip_url(app: &App, payment: &gyeolje_core::Payment) -> String {
    app.url(&format!("/cst/{}", payment.page_code))
}
