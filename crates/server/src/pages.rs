//! What every hosted page shares: rendering a template (a failure is a
//! plain 500, never a panic), the notice page for refusals and errors, and
//! the payment behind a page code. The pages themselves belong to their
//! protocol's front end (`payapp::pages`, `innopay::buyer`, `ipay::pages`).
//! Server-rendered HTML in Korean, usable on a phone.

use crate::app::App;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gyeolje_core::{PageCode, Payment};

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
