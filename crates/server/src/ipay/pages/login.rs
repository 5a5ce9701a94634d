//! `LoginNonMember.aspx?url=…` (§1.2): the step Auction puts in front of
//! the iPay Fast page, where the buyer chooses 비회원 구매 and goes on to
//! `url`. gyeolje has no Auction members, so the page only says so and
//! links on.
//!
//! `url` is followed only to this server's own iPay pages (`/ipay/…`), or
//! the page would be an open redirect anyone could put in a phishing mail
//! under gyeolje's name. Accepted forms, all continuing to the same path
//! and query on this server:
//! - a path: `/ipay/IpayFastOrder.aspx?cartnos=…`;
//! - an absolute URL on this server's host (the `Host` header, or the
//!   configured `public_url`);
//! - an absolute URL on `ssl.auction.co.kr`, as the manual writes it, so
//!   a shop that only changed the outer host still lands here.
//!
//! Anything else gets a 400 page.

use crate::app::App;
use crate::pages::{notice, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use reqwest::Url;
use serde::Deserialize;

/// The hosts of the manual's page URLs (§1.2), taken as this server's.
const AUCTION_HOSTS: [&str; 2] = ["ssl.auction.co.kr", "memberssl.auction.co.kr"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginQuery {
    url: String,
}

#[derive(Template)]
#[template(path = "ipay_login.html")]
struct LoginPage {
    next: String,
}

/// `GET /Authenticate/LoginNonMember.aspx`.
pub async fn show(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    let own_hosts = own_hosts(&app, &headers);
    match continue_to(&query.url, &own_hosts) {
        Some(next) => render(StatusCode::OK, &LoginPage { next }),
        None => notice(
            StatusCode::BAD_REQUEST,
            "잘못된 접근입니다",
            "iPay 결제 페이지가 아닌 주소로는 이동할 수 없습니다. 쇼핑몰에서 다시 주문해 주세요.",
        ),
    }
}

/// `host[:port]` values that name this server.
fn own_hosts(app: &App, headers: &HeaderMap) -> Vec<String> {
    let mut hosts: Vec<String> = AUCTION_HOSTS.iter().map(|h| (*h).to_owned()).collect();
    if let Some(h) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) {
        hosts.push(h.to_ascii_lowercase());
    }
    if let Some(public) = app
        .config
        .public_url
        .as_deref()
        .and_then(|u| Url::parse(u).ok())
    {
        hosts.push(host_port(&public));
    }
    hosts
}

fn host_port(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    }
}

/// The path and query on this server to continue to, or `None`.
fn continue_to(url: &str, own_hosts: &[String]) -> Option<String> {
    let url = url.trim();
    let base = Url::parse("http://gyeolje.invalid/").ok()?;
    let parsed = if url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\") {
        let joined = base.join(url).ok()?;
        // A path that the parser reads as another host (`/\t/evil`) is refused.
        if joined.host_str() != base.host_str() {
            return None;
        }
        joined
    } else {
        let u = Url::parse(url).ok()?;
        if !matches!(u.scheme(), "http" | "https") || !u.username().is_empty() {
            return None;
        }
        let hp = host_port(&u);
        let bare = u.host_str().unwrap_or("").to_ascii_lowercase();
        if !own_hosts.iter().any(|h| *h == hp || *h == bare) {
            return None;
        }
        u
    };
    // After parsing, `..` segments are resolved, so the check sees the real path.
    if !parsed.path().to_ascii_lowercase().starts_with("/ipay/") {
        return None;
    }
    Some(match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own() -> Vec<String> {
        vec!["ssl.auction.co.kr".into(), "127.0.0.1:8080".into()]
    }

    #[test]
    fn continues_only_to_own_ipay_pages() {
        let ok = "/ipay/IpayFastOrder.aspx?cartnos=1&sellerid=test&price=100";
        assert_eq!(continue_to(ok, &own()).as_deref(), Some(ok));
        assert_eq!(
            continue_to(&format!("https://ssl.auction.co.kr{ok}"), &own()).as_deref(),
            Some(ok)
        );
        assert_eq!(
            continue_to(&format!("http://127.0.0.1:8080{ok}"), &own()).as_deref(),
            Some(ok)
        );
        for bad in [
            "https://evil.example/ipay/IpayFastOrder.aspx",
            "//evil.example/ipay/x",
            "/\\evil.example/ipay/x",
            "/\t/evil.example/ipay/x",
            "http://127.0.0.1:9999/ipay/x",
            "/ipay/../admin",
            "/admin",
            "javascript:alert(1)",
            "https://user@ssl.auction.co.kr/ipay/x",
            "",
        ] {
            assert_eq!(continue_to(bad, &own()), None, "{bad}");
        }
    }
}
