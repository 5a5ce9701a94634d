//! Hosted pages a buyer opens: the payment page behind `payurl` (and the SMS
//! link), the deposit instructions of a virtual account, and the sales slip
//! behind `csturl`. Server-rendered HTML in Korean, usable on a phone.

mod pay;
mod slip;

use crate::app::App;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use gyeolje_core::{PageCode, Payment};
use gyeolje_payapp::{PayRequest, ReqMode};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/p/{code}", get(pay::show).post(pay::submit))
        .route("/cst/{code}", get(slip::slip))
}

#[derive(Template)]
#[template(path = "notice.html")]
struct Notice {
    heading: String,
    message: String,
}

pub(crate) fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "page could not be rendered",
            )
                .into_response()
        }
    }
}

pub(crate) fn notice(status: StatusCode, heading: &str, message: impl Into<String>) -> Response {
    render(
        status,
        &Notice {
            heading: heading.into(),
            message: message.into(),
        },
    )
}

/// What the pages show about a payment beyond the payment itself: the shop
/// name and the protocol request's options.
struct Shown {
    shop: String,
    req: Option<PayRequest>,
}

impl Shown {
    async fn of(app: &App, payment: &Payment) -> Shown {
        let merchant = app.store.merchant(payment.merchant_id).await.ok().flatten();
        let req = crate::payapp::feedback::request_of(payment).ok();
        let shop = req
            .as_ref()
            .and_then(|r| r.shopname.clone())
            .or_else(|| merchant.map(|m| m.name))
            .unwrap_or_default();
        Shown { shop, req }
    }

    fn memo(&self) -> String {
        self.req
            .as_ref()
            .map(|r| r.memo.clone())
            .unwrap_or_default()
    }

    fn return_url(&self) -> Option<String> {
        self.req.as_ref().and_then(|r| r.returnurl.clone())
    }

    /// The amount as the buyer reads it: won, or dollars for `reqmode=usd`
    /// (whose `price` is in cents: 1000 is $10.00).
    fn price(&self, payment: &Payment) -> String {
        let amount = payment.amount;
        match self.req.as_ref().map(|r| r.reqmode) {
            Some(ReqMode::Usd) => format!("${}.{:02}", amount.get() / 100, amount.get() % 100),
            Some(ReqMode::Krw | ReqMode::UnionPay) | None => format!("{}원", amount.grouped()),
        }
    }
}

/// The payment behind a page code, or the page to answer instead: 404 for
/// an unknown code, 503 when the store fails. Shared with the InnoPay SMS
/// link page (`/s/{code}`).
pub(crate) async fn find(app: &App, code: &str) -> Result<Payment, Response> {
    let not_found = || {
        notice(
            StatusCode::NOT_FOUND,
            "결제요청을 찾을 수 없습니다",
            "주소를 다시 확인해 주세요.",
        )
    };
    let Ok(code) = PageCode::parse(code) else {
        return Err(not_found());
    };
    match app.store.payment_by_page_code(&code).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(not_found()),
        Err(e) => {
            tracing::error!(error = %e, "page lookup failed");
            Err(notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "일시적인 오류",
                "잠시 후 다시 시도해 주세요.",
            ))
        }
    }
}
