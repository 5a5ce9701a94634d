//! `GET /admin/api/payments?merchant=&protocol=&state=&since=&q=&limit=`:
//! payment summaries, newest first — `gyeolje payment list --json`.

use super::reply::ApiError;
use crate::admin::payments::{self, LookupError};
use crate::app::App;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use gyeolje_core::{PaymentState, Protocol, Timestamp};
use gyeolje_store::PaymentFilter;
use serde::Deserialize;
use serde_json::Value;

/// The query, every field optional; `merchant` is an id or any
/// protocol's merchant key, `q` a number or any reference (or part of one).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ListQuery {
    merchant: Option<String>,
    protocol: Option<String>,
    state: Option<String>,
    since: Option<String>,
    q: Option<String>,
    limit: Option<u32>,
}

/// A present, non-blank query value.
fn given(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub(super) async fn list(
    State(app): State<App>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let protocol = given(query.protocol)
        .map(|p| {
            Protocol::parse(&p)
                .ok_or_else(|| ApiError::BadRequest(format!("unknown protocol {p:?}")))
        })
        .transpose()?;
    let state = given(query.state)
        .map(|s| {
            PaymentState::parse(&s)
                .ok_or_else(|| ApiError::BadRequest(format!("unknown state {s:?}")))
        })
        .transpose()?;
    let since = given(query.since)
        .map(|t| {
            chrono::DateTime::parse_from_rfc3339(&t)
                .map(|t| Timestamp::from_millis(t.timestamp_millis()))
                .map_err(|e| ApiError::BadRequest(format!("since {t:?}: {e}")))
        })
        .transpose()?;
    let merchant = match given(query.merchant) {
        Some(key) => Some(crate::admin::merchants::find(&*app.store, &key).await?.id),
        None => None,
    };
    let filter = PaymentFilter {
        merchant,
        protocol,
        state,
        since,
        q: given(query.q),
        limit: query.limit.unwrap_or(0),
    };
    let found = payments::list(&*app.store, &app.front_ends, &filter).await?;
    Ok(Json(Value::Array(
        found
            .iter()
            .map(|p| payments::summary_json(&app.front_ends, p))
            .collect(),
    )))
}

impl From<LookupError> for ApiError {
    fn from(e: LookupError) -> Self {
        match e {
            LookupError::NotFound(_) => ApiError::NotFound(e.to_string()),
            LookupError::Ambiguous { .. } => ApiError::BadRequest(e.to_string()),
            LookupError::Store(e) => e.into(),
        }
    }
}
