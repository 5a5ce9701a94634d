//! The gyeolje server: protocol front ends over one durable core.
//!
//! ```text
//!  merchant ──► payapp/ innopay/ ipay/ ─┐ FrontEnd (app.rs)  ┌──► workers::delivery ──► merchant URLs,
//!  buyer ─────► their pages ────────────┼──► payments (App) ──┤                          SMS carrier, acquirer
//!  QA ────────► sandbox ────────────────┘        │            └──► workers::schedule
//!                                                ▼
//!                          gyeolje-store (one transaction: state + event + outbox)
//! ```
//!
//! The front ends (`payapp`, `innopay`, `ipay`) speak their protocols and
//! reach the neutral service (`payments`, `workers`, `sandbox`) through
//! [`app::App`]; the service reaches them only through the
//! [`app::FrontEnd`] seam, registered in [`frontends`]. See
//! `docs/architecture.md`.
//!
//! [`serve`] runs the HTTP server and the workers until a shutdown token
//! fires, then lets in-flight requests and deliveries finish.

pub mod acquirer_books;
pub mod admin;
pub mod app;
pub mod callback_hosts;
pub mod cli;
pub mod clocks;
pub mod config;
pub mod connection_limit;
pub mod console;
pub mod error;
pub mod faults;
pub mod frontends;
pub mod http;
pub mod ids;
pub mod innopay;
pub mod ipay;
pub mod kinds;
pub mod listener;
pub mod locks;
pub mod metrics;
pub mod operator;
pub mod outbound;
pub mod pages;
pub mod payapp;
pub mod payments;
pub mod peer;
pub mod sandbox;
pub mod sandbox_clock;
pub mod seed;
pub mod startup;
pub mod target_guard;
pub mod throttle;
pub mod workers;

pub use app::App;
pub use config::Config;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// Serves until `shutdown` is cancelled — plain HTTP, or HTTPS when the
/// configuration names a certificate. In-flight requests finish first, then
/// the workers stop (delivery records the attempts it has in flight).
pub async fn serve(
    app: App,
    listener: TcpListener,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let stop_workers = CancellationToken::new();
    let mut workers = if app.config.workers {
        workers::spawn(&app, &stop_workers)
    } else {
        tokio::task::JoinSet::new()
    };
    let tls = match &app.config.tls {
        None => None,
        Some((cert, key)) => {
            Some(axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await?)
        }
    };
    let policy = listener::ConnectionPolicy {
        idle_timeout: app.config.idle_timeout,
        max_connections: app.config.max_connections,
    };
    let result = listener::serve(http::router(app.clone()), listener, tls, policy, shutdown).await;
    stop_workers.cancel();
    while workers.join_next().await.is_some() {}
    tracing::info!("stopped");
    result
}
