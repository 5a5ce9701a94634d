//! The bearer-token check in front of every admin API route.

use super::reply::ApiError;
use crate::app::App;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Lets the request through only with `Authorization: Bearer <token>`.
pub(super) async fn require_token(State(app): State<App>, req: Request, next: Next) -> Response {
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let valid = match (&app.config.admin_token, presented) {
        (Some(token), Some(given)) => token.matches(given),
        _ => false,
    };
    if valid {
        next.run(req).await
    } else {
        tracing::warn!(
            presented = presented.is_some(),
            "admin API request refused: bad or missing bearer token"
        );
        ApiError::Unauthorized.into_response()
    }
}
