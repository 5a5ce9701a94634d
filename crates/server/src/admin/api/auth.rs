//! The bearer-token check in front of every admin API route.

use super::reply::ApiError;
use crate::app::App;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether `headers` carry `Authorization: Bearer <token>` with the
/// configured admin token (compared in constant time): `None` when no
/// header was presented, so callers can log that without the value.
pub fn bearer_matches(app: &App, headers: &HeaderMap) -> Option<bool> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)?;
    Some(
        app.config
            .admin_token
            .as_ref()
            .is_some_and(|token| token.matches(presented)),
    )
}

/// Lets the request through only with `Authorization: Bearer <token>`.
pub(super) async fn require_token(State(app): State<App>, req: Request, next: Next) -> Response {
    let matched = bearer_matches(&app, req.headers());
    let presented = matched.is_some();
    if matched == Some(true) {
        next.run(req).await
    } else {
        tracing::warn!(
            presented,
            "admin API request refused: bad or missing bearer token"
        );
        ApiError::Unauthorized.into_response()
    }
}
