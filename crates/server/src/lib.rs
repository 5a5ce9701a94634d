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

pub mod app;
pub mod cli;
pub mod config;
pub mod error;
pub mod frontends;
pub mod http;
pub mod ids;
pub mod innopay;
pub mod ipay;
pub mod kinds;
pub mod locks;
pub mod metrics;
pub mod outbound;
pub mod pages;
pub mod payapp;
pub mod payments;
pub mod peer;
pub mod sandbox;
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
    // Handlers see the peer address (trusted proxies, the iPay `test` operation).
    let service =
        http::router(app.clone()).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let result = match &app.config.tls {
        None => {
            axum::serve(listener, service)
                .with_graceful_shutdown(shutdown.cancelled_owned())
                .await
        }
        Some((cert, key)) => {
            let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await?;
            let handle = axum_server::Handle::new();
            let stopper = handle.clone();
            tokio::spawn(async move {
                shutdown.cancelled().await;
                stopper.graceful_shutdown(Some(std::time::Duration::from_secs(30)));
            });
            axum_server::from_tcp_rustls(listener.into_std()?, tls)?
                .handle(handle)
                .serve(service)
                .await
        }
    };
    stop_workers.cancel();
    while workers.join_next().await.is_some() {}
    tracing::info!("stopped");
    result
}
