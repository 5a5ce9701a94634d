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

use crate::app::App;
use axum::Router;
use axum::routing::{any, get};

pub fn routes() -> Router<App> {
    Router::new()
        .route(gyeolje_innopay::SMS_PAY_PATH, any(api::sms_pay_api))
        .route(gyeolje_innopay::CANCEL_PATH, any(api::cancel_api))
        .route(
            gyeolje_innopay::WEBLINK_PATH,
            get(weblink::open).post(weblink::open),
        )
        .route(
            weblink::REQUEST_PATH,
            get(weblink::request_get).post(weblink::request),
        )
        .route("/s/{code}", get(buyer::show).post(buyer::submit))
        .route("/api/helpSms", get(terms::help_sms))
        .route("/api/terms", get(terms::terms))
        .route("/api/collection", get(terms::collection))
        .route("/api/offering", get(terms::offering))
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
