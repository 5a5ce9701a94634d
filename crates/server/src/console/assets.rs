//! The console's stylesheet, compiled into the binary (`include_str!`) and
//! served by gyeolje itself: no build step, no CDN, and it works offline.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("../../templates/console/console.css");

/// `GET /console/assets/console.css` (no session needed: the login page uses it).
pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}
