//! Who is calling: the peer's address, or — when the peer is one of the
//! configured trusted proxies — the client it forwards for
//! (`X-Forwarded-For`, nearest hop last). Anyone else's forwarding headers
//! are ignored, since anyone could send them.

use crate::app::App;
use axum::extract::{ConnectInfo, Request};
use std::net::{IpAddr, SocketAddr};

/// The calling client's address, if the connection has one.
pub fn client_ip(app: &App, req: &Request) -> Option<IpAddr> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())?;
    if !app.config.trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|ip| ip.trim().parse().ok());
    Some(forwarded.unwrap_or(peer))
}
