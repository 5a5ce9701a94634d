//! The operator console at `/console`: server-rendered Korean pages
//! (askama templates under `templates/console/`) for the operator — the
//! dashboard, merchants, payments, callbacks with their attempts and
//! replay, and the sandbox controls. No script, no framework, no CDN: the
//! one stylesheet is compiled in (`assets`).
//!
//! Everything but the login page and the stylesheet is behind
//! `session::require` (a session cookie, and the session's CSRF token on
//! every POST). `password` keeps the admin password (argon2), `login` the
//! login and logout, `page` what every page shares; one module per page
//! otherwise. This file only declares them and mounts their routes.

pub mod assets;
pub mod callbacks;
pub mod dashboard;
pub mod login;
pub mod merchant_form;
pub mod merchants;
pub mod message;
pub mod page;
pub mod password;
pub mod payment;
pub mod payments;
pub mod render;
pub mod sandbox;
pub mod session;

use crate::app::App;
use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

/// The console's routes (the sandbox page only when the sandbox is on).
pub fn routes(app: &App) -> Router<App> {
    let mut private = Router::new()
        .route("/console", get(dashboard::show))
        .route("/console/logout", post(login::logout))
        .route("/console/callbacks", get(callbacks::list))
        .route(
            "/console/callbacks/replay-failed",
            post(callbacks::replay_failed),
        )
        .route("/console/callbacks/{id}/replay", post(callbacks::replay))
        .route("/console/messages/{id}", get(message::show))
        .route(
            "/console/merchants",
            get(merchants::list).post(merchant_form::create),
        )
        .route("/console/merchants/new", get(merchant_form::new))
        .route(
            "/console/merchants/{id}",
            get(merchants::show).post(merchant_form::update),
        )
        .route("/console/merchants/{id}/edit", get(merchant_form::edit))
        .route("/console/merchants/{id}/reveal", post(merchants::reveal))
        .route("/console/merchants/{id}/disable", post(merchants::disable))
        .route("/console/merchants/{id}/enable", post(merchants::enable))
        .route("/console/payments", get(payments::list))
        .route("/console/payments/{id}", get(payment::show))
        .route(
            "/console/payments/{id}/actions/{action}",
            post(payment::act),
        );
    if app.config.sandbox {
        private = private
            .route("/console/sandbox", get(sandbox::show))
            .route("/console/sandbox/clock", post(sandbox::advance))
            .route(
                "/console/sandbox/merchant-clock",
                post(sandbox::advance_merchant),
            )
            .route("/console/sandbox/deposit", post(sandbox::deposit));
    }
    let private = private.layer(middleware::from_fn_with_state(
        app.clone(),
        session::require,
    ));
    Router::new()
        .route("/console/login", get(login::show).post(login::submit))
        .route("/console/assets/console.css", get(assets::css))
        .merge(private)
        .layer(middleware::from_fn(page::harden))
}
