//! How connections are accepted and kept: the one place that configures
//! the HTTP server under the router, for plain HTTP and TLS alike.
//!
//! Both paths run on axum-server with one [`ConnectionPolicy`] applied to
//! its hyper builder, so a rule about connections is written once:
//!
//! - **Idle keep-alive connections are closed** after
//!   [`ConnectionPolicy::idle_timeout`] (`--idle-timeout-secs`, default 5 s).
//!   Without it a client that keeps its connection open and reads until the
//!   server closes — the manual's `payapp_lib.php` in socket mode does
//!   exactly that — waits for its own timeout (30 s in the sample). hyper's
//!   HTTP/1 `header_read_timeout` is what implements it: its timer runs
//!   from the moment the connection waits for a request head, which on a
//!   kept-alive connection is the moment the previous reply was written.
//!   The same timer therefore also bounds how long a request's head may
//!   take to arrive, from its first byte to its last: a client trickling a
//!   header a byte a second (slowloris) is dropped when it runs out. hyper
//!   has one timer for both, so there is one flag.
//! - **At most [`ConnectionPolicy::max_connections`]** are open at once
//!   (`--max-connections`, default [`crate::config::DEFAULT_MAX_CONNECTIONS`]);
//!   past it new connections are closed at once (`connection_limit.rs`).
//! - **`Connection: close` requests** (and HTTP/1.0 without keep-alive) are
//!   closed as soon as the reply is written: hyper's own rule, kept.
//! - A reply may itself ask for the close (`Connection: close` in its
//!   headers), as the PayApp API does (`payapp/api.rs`); hyper honours it.
//!
//! Shutdown is graceful: the listener stops accepting, in-flight requests
//! finish (for up to [`SHUTDOWN_GRACE`]), idle connections close at once.

use crate::connection_limit::LimitAcceptor;
use axum::Router;
use axum_server::Handle;
use axum_server::accept::DefaultAcceptor;
use axum_server::tls_rustls::RustlsConfig;
use hyper_util::rt::TokioExecutor;
use hyper_util::rt::TokioTimer;
use hyper_util::server::conn::auto::Builder;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// How long a graceful shutdown waits for in-flight requests.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// The rules connections are served by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionPolicy {
    /// How long a kept-alive connection may sit idle after a reply (and how
    /// long a request head may take to arrive) before it is closed.
    pub idle_timeout: Duration,
    /// Connections open at once; more are closed as they arrive.
    pub max_connections: usize,
}

impl ConnectionPolicy {
    /// Applies the policy to axum-server's hyper builder (HTTP/1 only: the
    /// router is built with axum's `http1` feature).
    fn apply(&self, builder: &mut Builder<TokioExecutor>) {
        builder
            .http1()
            .timer(TokioTimer::new())
            .keep_alive(true)
            .header_read_timeout(self.idle_timeout);
    }
}

/// Serves `router` on `listener` until `shutdown` is cancelled, over TLS
/// when `tls` is given. Handlers see the peer address (`ConnectInfo`).
pub async fn serve(
    router: Router,
    listener: TcpListener,
    tls: Option<RustlsConfig>,
    policy: ConnectionPolicy,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let handle = Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.cancelled().await;
        stopper.graceful_shutdown(Some(SHUTDOWN_GRACE));
    });
    let listener = listener.into_std()?;
    match tls {
        None => {
            let mut server = axum_server::from_tcp(listener)?
                .handle(handle)
                .map(|a| LimitAcceptor::new(a, policy.max_connections));
            policy.apply(server.http_builder());
            server.serve(service).await
        }
        Some(tls) => {
            // The limit counts TCP connections, before their TLS handshake.
            let mut server = axum_server::from_tcp_rustls(listener, tls)?
                .handle(handle)
                .map(|a| a.acceptor(LimitAcceptor::new(DefaultAcceptor, policy.max_connections)));
            policy.apply(server.http_builder());
            server.serve(service).await
        }
    }
}
