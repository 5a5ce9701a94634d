//! `/admin/api/merchants`: list, create, show, change and disable merchants.
//!
//! The body of `POST` and `PATCH` mirrors what `GET` returns:
//! `{"name":…,"callback_hosts":[…],"disabled":false,
//!   "payapp":{"userid","linkkey","linkval","common_feedbackurl"},
//!   "innopay":{"mid","license_key","cancel_pwd","pg_mid_manual","pg_mid_auth"},
//!   "ipay":{"seller_id","tickets":[…],"remove_tickets":[…],"site_urls":[…]}}`,
//! every field optional but `name` (on create). `POST` answers 201 with the
//! secrets shown once; `GET …?reveal=true` shows them again.

use super::reply::ApiError;
use crate::admin::merchant_view::merchant_value;
use crate::admin::merchants::{self, MerchantError, MerchantInput};
use crate::app::App;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gyeolje_core::Clock;
use gyeolje_sim::SystemClock;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct PayAppBody {
    userid: Option<String>,
    linkkey: Option<String>,
    linkval: Option<String>,
    common_feedbackurl: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct InnoPayBody {
    mid: Option<String>,
    license_key: Option<String>,
    cancel_pwd: Option<String>,
    pg_mid_manual: Option<String>,
    pg_mid_auth: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct IpayBody {
    seller_id: Option<String>,
    tickets: Vec<String>,
    remove_tickets: Vec<String>,
    site_urls: Vec<String>,
}

/// A merchant as `POST` and `PATCH` take it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct MerchantBody {
    name: Option<String>,
    callback_hosts: Option<Vec<String>>,
    disabled: Option<bool>,
    payapp: Option<PayAppBody>,
    innopay: Option<InnoPayBody>,
    ipay: Option<IpayBody>,
}

impl MerchantBody {
    fn input(self) -> MerchantInput {
        let p = self.payapp.unwrap_or_default();
        let i = self.innopay.unwrap_or_default();
        let s = self.ipay.unwrap_or_default();
        MerchantInput {
            name: self.name,
            payapp_userid: p.userid,
            payapp_linkkey: p.linkkey,
            payapp_linkval: p.linkval,
            common_feedbackurl: p.common_feedbackurl,
            innopay_mid: i.mid,
            innopay_license_key: i.license_key,
            innopay_cancel_pwd: i.cancel_pwd,
            innopay_pg_mid_manual: i.pg_mid_manual,
            innopay_pg_mid_auth: i.pg_mid_auth,
            ipay_seller_id: s.seller_id,
            ipay_tickets: s.tickets,
            ipay_remove_tickets: s.remove_tickets,
            ipay_site_urls: s.site_urls,
            callback_hosts: self.callback_hosts,
        }
    }
}

impl From<MerchantError> for ApiError {
    fn from(e: MerchantError) -> Self {
        match e {
            MerchantError::Invalid(m) => ApiError::BadRequest(m),
            e @ MerchantError::NotFound(_) => ApiError::NotFound(e.to_string()),
            MerchantError::Taken(m) => ApiError::Conflict(m),
            MerchantError::Store(e) => e.into(),
        }
    }
}

/// The JSON body, or the API's 400 naming what is wrong with it.
fn body(
    parsed: Result<Json<MerchantBody>, axum::extract::rejection::JsonRejection>,
) -> Result<MerchantBody, ApiError> {
    parsed
        .map(|Json(b)| b)
        .map_err(|e| ApiError::BadRequest(e.body_text()))
}

pub(super) async fn list(State(app): State<App>) -> Result<Json<Value>, ApiError> {
    let mut list = Vec::new();
    for m in app.store.list_merchants().await? {
        list.push(merchant_value(&*app.store, &m, false).await?);
    }
    Ok(Json(Value::Array(list)))
}

pub(super) async fn create(
    State(app): State<App>,
    parsed: Result<Json<MerchantBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let body = body(parsed)?;
    let disabled = body.disabled.unwrap_or(false);
    let input = body.input();
    let mut m = merchants::create(&*app.store, &input, SystemClock.now()).await?;
    if disabled {
        m = merchants::disable(&*app.store, m, SystemClock.now()).await?;
    }
    let shown = merchant_value(&*app.store, &m, true).await?;
    Ok((StatusCode::CREATED, Json(shown)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ShowQuery {
    #[serde(default)]
    reveal: bool,
}

pub(super) async fn show(
    State(app): State<App>,
    Path(key): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Json<Value>, ApiError> {
    let m = merchants::find(&*app.store, &key).await?;
    Ok(Json(merchant_value(&*app.store, &m, q.reveal).await?))
}

pub(super) async fn update(
    State(app): State<App>,
    Path(key): Path<String>,
    parsed: Result<Json<MerchantBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let body = body(parsed)?;
    let disabled = body.disabled;
    let input = body.input();
    let m = merchants::find(&*app.store, &key).await?;
    let mut m = merchants::update(&*app.store, m, &input).await?;
    match disabled {
        Some(true) => m = merchants::disable(&*app.store, m, SystemClock.now()).await?,
        Some(false) => m = merchants::enable(&*app.store, m).await?,
        None => {}
    }
    Ok(Json(merchant_value(&*app.store, &m, false).await?))
}
