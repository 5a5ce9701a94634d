//! The admin HTTP API: JSON under `/admin/api/`, for scripts and CI.
//!
//! Every route requires `Authorization: Bearer <token>` with the token set
//! by `--admin-token` / `GYEOLJE_ADMIN_TOKEN`. Without a configured token
//! none of these routes exist (404), so a default install exposes nothing.
//! A wrong or missing token is 401; the token is compared in constant time
//! and never logged. The JSON shapes are the CLI's `--json` output.

mod auth;
mod merchants;
mod message_replay;
mod payment_action;
mod payment_show;
mod payments_list;
mod reply;

pub use auth::bearer_matches;
pub use reply::ApiError;

use crate::app::App;
use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

/// The API's routes, behind the token check; empty without a token.
pub fn routes(app: &App) -> Router<App> {
    if app.config.admin_token.is_none() {
        return Router::new();
    }
    let api: Router<App> = Router::new()
        .route("/merchants", get(merchants::list).post(merchants::create))
        .route(
            "/merchants/{id}",
            get(merchants::show).patch(merchants::update),
        )
        .route("/payments", get(payments_list::list))
        .route("/payments/{id}", get(payment_show::show))
        .route("/payments/{id}/actions/{action}", post(payment_action::act))
        .route("/messages/{id}/replay", post(message_replay::replay));
    Router::new().nest(
        "/admin/api",
        api.layer(middleware::from_fn_with_state(
            app.clone(),
            auth::require_token,
        )),
    )
}
