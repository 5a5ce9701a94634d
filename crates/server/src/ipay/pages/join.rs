//! `JoinConfirm2.aspx` (§2.2.2): the page the iPay logo links to. The shop
//! links it with a plain `<a>` so the browser sends a `Referer`; the page
//! finds the seller whose registered site (`IpayAccount::site_urls`) is on
//! the referring host and confirms that the shop uses the escrow service.
//!
//! Matching is by host name only, ignoring scheme, port, path and a
//! leading `www.`: a shop registered as `http://shop.example` that moved to
//! `https://www.shop.example` is still the same shop. No `Referer`, or one
//! that matches no seller, gets a 404 page saying the site is not
//! registered. There is no store index by site: the merchant list is
//! scanned, which is fine for the number of sellers one gyeolje serves.

use crate::app::App;
use crate::pages::{notice, render};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use reqwest::Url;

#[derive(Template)]
#[template(path = "ipay_join.html")]
struct JoinPage {
    shop: String,
    site: String,
    seller_id: String,
}

/// `GET /Popup/JoinConfirm2.aspx`.
pub async fn show(State(app): State<App>, headers: HeaderMap) -> Response {
    let referer_host = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(site_host);
    let Some(host) = referer_host else {
        return not_registered();
    };
    let merchants = match app.store.list_merchants().await {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "listing merchants for JoinConfirm2");
            return notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "일시적인 오류",
                "잠시 후 다시 시도해 주세요.",
            );
        }
    };
    let found = merchants
        .into_iter()
        .filter(|m| !m.is_disabled())
        .find_map(|m| {
            let account = m.ipay?;
            let site = account
                .site_urls
                .into_iter()
                .find(|site| site_host(site).as_deref() == Some(host.as_str()))?;
            Some(JoinPage {
                shop: m.name,
                site,
                seller_id: account.seller_id,
            })
        });
    match found {
        Some(page) => render(StatusCode::OK, &page),
        None => not_registered(),
    }
}

fn not_registered() -> Response {
    notice(
        StatusCode::NOT_FOUND,
        "등록되지 않은 사이트입니다",
        "이 쇼핑몰은 iPay 에스크로 서비스에 가입된 사이트로 확인되지 않습니다.",
    )
}

/// The host a URL names, lower case, without `www.`. A registered site
/// written without a scheme (`shop.example`) is read as `http://`.
fn site_host(url: &str) -> Option<String> {
    let url = url.trim();
    let parsed = Url::parse(url)
        .ok()
        .filter(|u| u.has_host())
        .or_else(|| Url::parse(&format!("http://{url}")).ok())?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_match_by_host() {
        assert_eq!(
            site_host("https://www.Shop.example:8443/a?b").as_deref(),
            Some("shop.example")
        );
        assert_eq!(site_host("shop.example").as_deref(), Some("shop.example"));
        assert_eq!(
            site_host("http://127.0.0.1").as_deref(),
            site_host("http://127.0.0.1:41234/page.html").as_deref()
        );
        assert_eq!(site_host(""), None);
    }
}
