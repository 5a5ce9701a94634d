//! Rendering a console page and the console's error pages (403 for a form
//! without its CSRF token, 404, 503 when the store fails). Kept apart from
//! `page` (the frame of a logged-in page) because the session check in
//! front of every page answers with these, and `page` needs the session.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Template)]
#[template(path = "console/error.html")]
struct ErrorPage {
    heading: &'static str,
    message: String,
}

/// A rendered page, or a plain 500 when the template fails (never a panic).
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "console template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "page could not be rendered",
            )
                .into_response()
        }
    }
}

/// A page saying what went wrong (no navigation: it may be shown to a
/// request without a session).
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let heading = match status {
        StatusCode::FORBIDDEN => "요청을 처리할 수 없습니다",
        StatusCode::NOT_FOUND => "찾을 수 없습니다",
        StatusCode::TOO_MANY_REQUESTS => "잠시 후 다시 시도하세요",
        s if s.is_server_error() => "일시적인 오류",
        _ => "잘못된 요청",
    };
    render(
        status,
        &ErrorPage {
            heading,
            message: message.into(),
        },
    )
}

/// 403: a form without the session's CSRF token.
pub fn forbidden() -> Response {
    error(
        StatusCode::FORBIDDEN,
        "보안 토큰이 없거나 맞지 않습니다. 페이지를 새로 고친 뒤 다시 시도하세요.",
    )
}

pub fn not_found(what: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!("{what}을(를) 찾을 수 없습니다."),
    )
}

/// 503: the store failed (already logged by the caller).
pub fn unavailable() -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "데이터베이스에 연결할 수 없습니다. 잠시 후 다시 시도하세요.",
    )
}

/// A store failure: logged, then the 503 page.
pub fn store_failed(e: &impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "console: store failed");
    unavailable()
}
