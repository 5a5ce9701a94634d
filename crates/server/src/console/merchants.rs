//! 가맹점: the list, one merchant's page with its credentials masked (a
//! reveal button shows them once: a POST with the CSRF token whose answer
//! is a page, never a link), and disable / enable. Creating and editing
//! are `merchant_form`. What each operation does is `admin::merchants`'s,
//! shared with the CLI and the admin API.

use super::page::{self, Chrome, Nav};
use super::session::Session;
use crate::admin::merchant_view::{Extras, MASK};
use crate::admin::merchants::{self, MerchantError};
use crate::app::App;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gyeolje_core::{Merchant, MerchantId, Secret};
use serde::Deserialize;

/// A merchant as the list shows it.
pub struct ListRow {
    pub id: i64,
    pub name: String,
    pub payapp: String,
    pub innopay: String,
    pub ipay: String,
    pub disabled: bool,
    pub created_at: String,
}

#[derive(Template)]
#[template(path = "console/merchants.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<ListRow>,
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// `GET /console/merchants`.
pub async fn list(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let all = match app.store.list_merchants().await {
        Ok(m) => m,
        Err(e) => return page::store_failed(&e),
    };
    let rows = all
        .iter()
        .map(|m| ListRow {
            id: m.id.get(),
            name: m.name.clone(),
            payapp: m
                .payapp
                .as_ref()
                .map(|p| p.userid.clone())
                .unwrap_or_default(),
            innopay: m
                .innopay
                .as_ref()
                .map(|i| i.mid.clone())
                .unwrap_or_default(),
            ipay: m
                .ipay
                .as_ref()
                .map(|s| s.seller_id.clone())
                .unwrap_or_default(),
            disabled: m.is_disabled(),
            created_at: page::kst(m.created_at),
        })
        .collect();
    page::render(
        StatusCode::OK,
        &ListPage {
            chrome: Chrome::new(&app, &session, Nav::Merchants)
                .with_notice(page::notice(q.notice.as_deref())),
            rows,
        },
    )
}

/// One merchant, credentials masked or shown.
pub struct View {
    pub id: i64,
    pub name: String,
    pub disabled: bool,
    pub disabled_at: String,
    pub created_at: String,
    pub callback_hosts: String,
    pub payapp: Option<PayAppView>,
    pub innopay: Option<InnoPayView>,
    pub ipay: Option<IpayView>,
    /// Whether the secrets below are the real ones.
    pub revealed: bool,
}

pub struct PayAppView {
    pub userid: String,
    pub linkkey: String,
    pub linkval: String,
    pub common_feedbackurl: String,
    pub kind: String,
}

pub struct InnoPayView {
    pub mid: String,
    /// The §4.4 result-notification settings: method, URL, interval
    /// (minutes), retries.
    pub notify: Vec<(&'static str, String, u32, u32)>,
    pub license_key: String,
    pub cancel_pwd: String,
    pub pg_mid_manual: String,
    pub pg_mid_auth: String,
}

pub struct IpayView {
    pub seller_id: String,
    pub site_urls: Vec<String>,
    pub tickets: Vec<String>,
}

fn shown(s: &Secret, reveal: bool) -> String {
    if reveal {
        s.expose().to_owned()
    } else {
        MASK.to_owned()
    }
}

impl View {
    pub fn of(m: &Merchant, extras: &Extras, reveal: bool) -> View {
        View {
            id: m.id.get(),
            name: m.name.clone(),
            disabled: m.is_disabled(),
            disabled_at: m.disabled_at.map(page::kst).unwrap_or_default(),
            created_at: page::kst(m.created_at),
            callback_hosts: m.callback_hosts.join(", "),
            payapp: m.payapp.as_ref().map(|p| PayAppView {
                userid: p.userid.clone(),
                linkkey: shown(&p.linkkey, reveal),
                linkval: shown(&p.linkval, reveal),
                common_feedbackurl: p.common_feedbackurl.clone().unwrap_or_default(),
                kind: extras
                    .seller
                    .as_ref()
                    .map(|s| s.kind.as_str().to_owned())
                    .unwrap_or_default(),
            }),
            innopay: m.innopay.as_ref().map(|i| InnoPayView {
                mid: i.mid.clone(),
                notify: gyeolje_core::NotifyMethod::ALL
                    .iter()
                    .filter_map(|method| {
                        let s = i.notify.get(*method)?;
                        Some((
                            method.as_str(),
                            s.url.clone(),
                            s.interval_minutes,
                            s.retry_count,
                        ))
                    })
                    .collect(),
                license_key: shown(&i.license_key, reveal),
                cancel_pwd: shown(&i.cancel_pwd, reveal),
                pg_mid_manual: i
                    .pg_mid_for("03")
                    .map(|p| p.pg_mid.clone())
                    .unwrap_or_default(),
                pg_mid_auth: i
                    .pg_mid_for("04")
                    .map(|p| p.pg_mid.clone())
                    .unwrap_or_default(),
            }),
            ipay: m.ipay.as_ref().map(|s| IpayView {
                seller_id: s.seller_id.clone(),
                site_urls: s.site_urls.clone(),
                tickets: extras
                    .ticket_hashes
                    .iter()
                    .map(|h| h.chars().take(12).collect())
                    .collect(),
            }),
            revealed: reveal,
        }
    }
}

#[derive(Template)]
#[template(path = "console/merchant.html")]
struct MerchantPage {
    chrome: Chrome,
    m: View,
}

/// The merchant page; `reveal` shows the secrets (only as the answer to a
/// POST: the reveal button, or the create that generated them).
pub async fn render(
    app: &App,
    session: &Session,
    merchant: &Merchant,
    reveal: bool,
    notice: Option<String>,
) -> Response {
    let extras = match Extras::load(&*app.store, merchant).await {
        Ok(x) => x,
        Err(e) => return page::store_failed(&e),
    };
    page::render(
        StatusCode::OK,
        &MerchantPage {
            chrome: Chrome::new(app, session, Nav::Merchants).with_notice(notice),
            m: View::of(merchant, &extras, reveal),
        },
    )
}

/// The merchant `id` names, or the page to answer instead.
pub async fn load(app: &App, id: i64) -> Result<Merchant, Response> {
    match app.store.merchant(MerchantId::new(id)).await {
        Ok(Some(m)) => Ok(m),
        Ok(None) => Err(page::not_found("가맹점")),
        Err(e) => Err(page::store_failed(&e)),
    }
}

/// `GET /console/merchants/{id}`.
pub async fn show(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    match load(&app, id).await {
        Ok(m) => render(&app, &session, &m, false, page::notice(q.notice.as_deref())).await,
        Err(r) => r,
    }
}

/// `POST /console/merchants/{id}/reveal`: the same page with the secrets.
pub async fn reveal(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(id): Path<i64>,
) -> Response {
    match load(&app, id).await {
        Ok(m) => {
            tracing::info!(merchant = id, "console: merchant credentials revealed");
            render(&app, &session, &m, true, None).await
        }
        Err(r) => r,
    }
}

/// A refused merchant operation as a page.
pub fn refused(e: &MerchantError) -> Response {
    match e {
        MerchantError::Store(e) => page::store_failed(e),
        MerchantError::NotFound(_) => page::not_found("가맹점"),
        other => page::error(StatusCode::BAD_REQUEST, other.to_string()),
    }
}

/// `POST /console/merchants/{id}/disable`.
pub async fn disable(State(app): State<App>, Path(id): Path<i64>) -> Response {
    let m = match load(&app, id).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match merchants::disable(&*app.store, m, app.wall_now()).await {
        Ok(_) => {
            tracing::info!(merchant = id, "console: merchant disabled");
            Redirect::to(&format!("/console/merchants/{id}?notice=merchant-disabled"))
                .into_response()
        }
        Err(e) => refused(&e),
    }
}

/// `POST /console/merchants/{id}/enable`.
pub async fn enable(State(app): State<App>, Path(id): Path<i64>) -> Response {
    let m = match load(&app, id).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match merchants::enable(&*app.store, m).await {
        Ok(_) => {
            tracing::info!(merchant = id, "console: merchant enabled");
            Redirect::to(&format!("/console/merchants/{id}?notice=merchant-enabled"))
                .into_response()
        }
        Err(e) => refused(&e),
    }
}
