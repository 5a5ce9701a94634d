//! The InnoPay front end (manual 002, SMS 카드 결제 연동 매뉴얼): the
//! `smsPayApi` and `cancelApi` JSON APIs, the Web-Link popup, the buyer's
//! card page behind the SMS link, the help and terms pages, result
//! notifications and the merchant's notification settings.

pub mod api;
pub mod notification;
pub mod order;
pub mod settings;

use crate::app::App;
use axum::Router;
use axum::routing::{any, get};

pub fn routes() -> Router<App> {
    Router::new()
        .route(gyeolje_innopay::SMS_PAY_PATH, any(api::sms_pay_api))
        .route(gyeolje_innopay::CANCEL_PATH, any(api::cancel_api))
        .route("/admin/innopay/{mid}/notify-settings", get(settings::show))
        .route(
            "/admin/innopay/{mid}/notify-settings/{method}",
            axum::routing::put(settings::put).delete(settings::delete),
        )
}

/// The buyer's card payment page for an order: the link in the SMS.
pub fn order_url(app: &App, payment: &gyeolje_core::Payment) -> String {
    app.url(&format!("/s/{}", payment.page_code))
}
