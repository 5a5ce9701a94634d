//! The HTTP surface: every front end's routes, the sandbox (when enabled),
//! the admin API, `/healthz`, `/metrics` (behind the admin token when one
//! is set), and a middleware that counts and times requests.

use crate::app::App;
use crate::config::BODY_LIMIT;
use crate::metrics::{RouteLabels, RouteOnly};
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::time::Instant;

pub fn router(app: App) -> Router {
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .merge(crate::admin::api::routes(&app))
        .merge(crate::console::routes(&app));
    for front in app.front_ends.all() {
        router = router.merge(front.routes());
    }
    if app.config.sandbox {
        router = router
            .merge(crate::sandbox::routes())
            .merge(crate::faults::api::routes())
            .route("/bench/baseline", post(bench_baseline));
        for front in app.front_ends.all() {
            router = router.merge(front.sandbox_routes());
        }
    }
    router
        .fallback(fallback)
        .layer(middleware::from_fn_with_state(app.clone(), observe))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app)
}

/// Paths no route matched, offered to each front end (iPay answers its SOAP
/// path in any case, as IIS did), else 404.
async fn fallback(State(app): State<App>, mut req: Request) -> Response {
    for front in app.front_ends.all() {
        match front.fallback(&app, req).await {
            Ok(response) => return response,
            Err(back) => req = back,
        }
    }
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// Counts and times every request by its route pattern (never the raw path,
/// which holds page codes), and logs it without query or body.
async fn observe(State(app): State<App>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().clone();
    let started = Instant::now();
    let response = next.run(req).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    app.metrics
        .requests
        .get_or_create(&RouteLabels {
            route: route.clone(),
            status,
        })
        .inc();
    app.metrics
        .latency
        .get_or_create(&RouteOnly {
            route: route.clone(),
        })
        .observe(elapsed.as_secs_f64());
    tracing::debug!(%method, %route, status, micros = elapsed.as_micros() as u64, "request");
    response
}

/// `POST /bench/baseline` (sandbox only): parses a PayApp form body and
/// answers a constant, touching no database. `gyeolje-bench` drives it as its
/// `baseline` scenario: the same listener, router, middleware and form codec
/// as `/oapi/apiLoad.html`, so its requests/s is the HTTP limit of the machine
/// the other scenarios are compared with.
async fn bench_baseline(body: axum::body::Bytes) -> Response {
    match gyeolje_payapp::Form::parse(&body) {
        Ok(form) if form.get("cmd").is_some() => {
            (StatusCode::OK, "state=1&errorMessage=\n").into_response()
        }
        Ok(_) => (StatusCode::OK, "state=0&errorMessage=cmd\n").into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "state=0&errorMessage=form\n").into_response(),
    }
}

async fn healthz(State(app): State<App>) -> Response {
    match app.store.setting("healthz").await {
        Ok(_) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// `GET /metrics`. With an admin token configured it must be presented
/// (`Authorization: Bearer`); without one, production mode does not serve
/// metrics at all (404) and the sandbox serves them to anyone.
async fn metrics(State(app): State<App>, headers: axum::http::HeaderMap) -> Response {
    let configured = app.config.admin_token.is_some();
    if configured && crate::admin::api::bearer_matches(&app, &headers) != Some(true) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "metrics need the admin token\n",
        )
            .into_response();
    }
    if !configured && !app.config.sandbox {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    if let Ok(c) = app.store.outbox_counts().await {
        app.metrics
            .pending
            .set(i64::try_from(c.pending).unwrap_or(i64::MAX));
        app.metrics
            .failed_total
            .set(i64::try_from(c.failed).unwrap_or(i64::MAX));
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics.render(),
    )
        .into_response()
}
