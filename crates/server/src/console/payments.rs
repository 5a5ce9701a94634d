//! 결제: payments across merchants, filtered by merchant, protocol, state
//! and date, and searched by any reference (a payment number, PayApp
//! `mul_no`, InnoPay `tid` or `moid`, iPay cart, pay or order number) —
//! through `admin::payments::list`, as `gyeolje payment list` and the admin
//! API search. A search that names exactly one payment opens it.

use super::page::{self, Chrome, Nav};
use super::session::Session;
use crate::app::App;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gyeolje_core::{MerchantId, Payment, PaymentState, Protocol, Timestamp};
use gyeolje_store::PaymentFilter;
use serde::Deserialize;
use std::collections::HashMap;

/// How many payments a list shows at most.
const LIST_LIMIT: u32 = 200;

/// A payment state in the operator's words.
pub fn state_label(s: PaymentState) -> &'static str {
    match s {
        PaymentState::Requested => "결제요청",
        PaymentState::AwaitingDeposit => "입금대기",
        PaymentState::Paid => "결제완료",
        PaymentState::RequestCancelled => "요청취소",
        PaymentState::Expired => "기한만료",
        PaymentState::Cancelled => "결제취소",
    }
}

pub struct Row {
    pub id: i64,
    pub protocol: &'static str,
    pub merchant: String,
    pub goods: String,
    pub amount: String,
    pub cancelled: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub references: String,
    pub requested_at: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "console/payments.html")]
struct ListPage {
    chrome: Chrome,
    merchants: Vec<Choice>,
    protocols: Vec<Choice>,
    states: Vec<Choice>,
    since: String,
    q: String,
    rows: Vec<Row>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    merchant: String,
    protocol: String,
    state: String,
    /// `YYYY-MM-DD`, a KST day.
    since: String,
    q: String,
}

/// The start of KST day `text` (`YYYY-MM-DD`).
fn kst_day(text: &str) -> Option<Timestamp> {
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let at = day
        .and_hms_opt(0, 0, 0)?
        .and_local_timezone(gyeolje_core::time::kst())
        .single()?;
    Some(Timestamp::from_millis(at.timestamp_millis()))
}

fn choices(all: impl Iterator<Item = (String, String)>, selected: &str) -> Vec<Choice> {
    all.map(|(value, label)| Choice {
        selected: value == selected,
        value,
        label,
    })
    .collect()
}

/// `GET /console/payments`.
pub async fn list(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Query(q): Query<ListQuery>,
) -> Response {
    let merchants = match app.store.list_merchants().await {
        Ok(m) => m,
        Err(e) => return page::store_failed(&e),
    };
    let mut error = None;
    let mut filter = PaymentFilter {
        limit: LIST_LIMIT,
        q: Some(q.q.trim().to_owned()).filter(|t| !t.is_empty()),
        ..PaymentFilter::default()
    };
    if let Ok(id) = q.merchant.trim().parse::<i64>() {
        filter.merchant = Some(MerchantId::new(id));
    }
    filter.protocol = Protocol::parse(q.protocol.trim());
    filter.state = PaymentState::parse(q.state.trim());
    if !q.since.trim().is_empty() {
        filter.since = kst_day(&q.since);
        if filter.since.is_none() {
            error = Some(format!("날짜는 YYYY-MM-DD 형식이어야 합니다: {}", q.since));
        }
    }
    let found = match crate::admin::payments::list(&*app.store, &app.front_ends, &filter).await {
        Ok(f) => f,
        Err(e) => return page::store_failed(&e),
    };
    // A search naming exactly one payment, with no other filter, opens it.
    let only_search = filter.merchant.is_none()
        && filter.protocol.is_none()
        && filter.state.is_none()
        && filter.since.is_none();
    if only_search && filter.q.is_some() && found.len() == 1 {
        return Redirect::to(&format!("/console/payments/{}", found[0].id)).into_response();
    }
    let names: HashMap<MerchantId, String> =
        merchants.iter().map(|m| (m.id, m.name.clone())).collect();
    let rows = found.iter().map(|p| row(&app, &names, p)).collect();
    page::render(
        StatusCode::OK,
        &ListPage {
            chrome: Chrome::new(&app, &session, Nav::Payments),
            merchants: choices(
                merchants
                    .iter()
                    .map(|m| (m.id.to_string(), format!("{} (#{})", m.name, m.id))),
                q.merchant.trim(),
            ),
            protocols: choices(
                Protocol::ALL
                    .iter()
                    .map(|p| (p.as_str().to_owned(), p.as_str().to_owned())),
                q.protocol.trim(),
            ),
            states: choices(
                PaymentState::ALL
                    .iter()
                    .map(|s| (s.as_str().to_owned(), state_label(*s).to_owned())),
                q.state.trim(),
            ),
            since: q.since.trim().to_owned(),
            q: q.q.trim().to_owned(),
            rows,
            error,
        },
    )
}

/// One payment as a list row (shared with the dashboard).
pub fn row(app: &App, names: &HashMap<MerchantId, String>, p: &Payment) -> Row {
    let references = app
        .front_end(p.protocol)
        .references(p)
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ");
    Row {
        id: p.id.get(),
        protocol: p.protocol.as_str(),
        merchant: names.get(&p.merchant_id).cloned().unwrap_or_default(),
        goods: p.goods_name.clone(),
        amount: page::won(p.amount.get()),
        cancelled: if p.cancelled_amount.get() > 0 {
            page::won(p.cancelled_amount.get())
        } else {
            String::new()
        },
        state: p.state.as_str(),
        state_label: state_label(p.state),
        references,
        requested_at: page::kst(p.requested_at),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_kst_day_starts_at_midnight_kst() {
        let t = super::kst_day("2024-01-31").unwrap();
        assert_eq!(t.rfc3339(), "2024-01-30T15:00:00.000Z");
        assert!(super::kst_day("31/01/2024").is_none());
    }
}
