//! The §4.4 notification settings (결제 데이터 통보): where a merchant's
//! results go, and how often a failed notification is retried. Set from the
//! CLI (`gyeolje merchant notify-settings`) or over HTTP, authenticated with
//! the merchant's LicenseKey:
//!
//! ```text
//! GET    /admin/innopay/{mid}/notify-settings            both rows
//! PUT    /admin/innopay/{mid}/notify-settings/{method}   {"url","interval","count"}
//! DELETE /admin/innopay/{mid}/notify-settings/{method}   no more notifications
//! Authorization: Bearer <LicenseKey>
//! ```
//!
//! As the manual says, a setting applies only when all values are given:
//! one with a value missing or out of range is refused whole.

use crate::app::App;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gyeolje_core::{Merchant, NotifyMethod, NotifySetting, NotifySettings, Timestamp};
use gyeolje_innopay::{ResultCode, read_object_declared};
use gyeolje_store::Store;
use serde_json::json;

/// Validates and stores one setting; the error text is for the operator.
pub async fn apply(
    store: &dyn Store,
    mid: &str,
    method: &str,
    values: [Option<&str>; 3],
    now: Timestamp,
) -> Result<NotifySetting, String> {
    let method = NotifyMethod::parse(method)
        .ok_or_else(|| gyeolje_core::NotifySettingError::Method(method.to_owned()).to_string())?;
    let [url, interval, count] = values;
    let setting = NotifySetting::parse(url, interval, count, now).map_err(|e| e.to_string())?;
    let merchant = store
        .merchant_by_innopay_mid(mid)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("등록되지 않은 InnoPay 상점 아이디입니다: {mid}"))?;
    if let Some(why) = crate::callback_hosts::refused(&merchant, &setting.url) {
        return Err(why);
    }
    store
        .set_innopay_notify_setting(merchant.id, method, Some(&setting))
        .await
        .map_err(|e| e.to_string())?;
    Ok(setting)
}

pub fn setting_json(s: Option<&NotifySetting>) -> serde_json::Value {
    match s {
        None => serde_json::Value::Null,
        Some(s) => json!({
            "url": s.url,
            "interval": s.interval_minutes,
            "count": s.retry_count,
            "since": s.since.kst_datetime(),
        }),
    }
}

pub fn settings_json(n: &NotifySettings) -> serde_json::Value {
    json!({
        "card": setting_json(n.card.as_ref()),
        "cash": setting_json(n.cash.as_ref()),
    })
}

fn reply(status: StatusCode, code: ResultCode, msg: &str, extra: serde_json::Value) -> Response {
    let mut body = json!({ "resultCode": code.code(), "resultMsg": msg });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

/// The merchant `mid`, if the request carries its LicenseKey.
async fn authorised(app: &App, mid: &str, headers: &HeaderMap) -> Result<Merchant, Response> {
    let denied = || {
        reply(
            StatusCode::UNAUTHORIZED,
            ResultCode::InvalidLicenseKey,
            "Authorization: Bearer <LicenseKey> 헤더가 없거나 상점 아이디와 맞지 않습니다",
            json!({}),
        )
    };
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(denied)?;
    let merchant = app.store.merchant_by_innopay_mid(mid).await.map_err(|e| {
        tracing::error!(error = %e, "notify settings: store failed");
        reply(
            StatusCode::SERVICE_UNAVAILABLE,
            ResultCode::Internal,
            "일시적인 오류입니다",
            json!({}),
        )
    })?;
    match merchant {
        Some(m)
            if m.innopay
                .as_ref()
                .is_some_and(|a| a.license_key.matches(key)) =>
        {
            Ok(m)
        }
        _ => Err(denied()),
    }
}

pub async fn show(State(app): State<App>, Path(mid): Path<String>, headers: HeaderMap) -> Response {
    let merchant = match authorised(&app, &mid, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let settings = merchant.innopay.map(|a| a.notify).unwrap_or_default();
    reply(
        StatusCode::OK,
        ResultCode::Success,
        "조회 성공",
        json!({ "mid": mid, "settings": settings_json(&settings) }),
    )
}

pub async fn put(
    State(app): State<App>,
    Path((mid, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if let Err(r) = authorised(&app, &mid, &headers).await {
        return r;
    }
    let Ok(body) = body else {
        let e = super::weblink::too_large();
        return reply(StatusCode::PAYLOAD_TOO_LARGE, e.code, &e.message, json!({}));
    };
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let fields = match read_object_declared(&body, content_type) {
        Ok(f) => f,
        Err(e) => return reply(StatusCode::BAD_REQUEST, e.code, &e.message, json!({})),
    };
    let value = |name: &str| fields.get(name).map(String::as_str);
    let values = [value("url"), value("interval"), value("count")];
    match apply(&*app.store, &mid, &method, values, app.now()).await {
        Ok(s) => reply(
            StatusCode::OK,
            ResultCode::Success,
            "저장되었습니다. 다음 통보부터 적용됩니다",
            json!({ "method": method, "setting": setting_json(Some(&s)) }),
        ),
        Err(msg) => reply(
            StatusCode::BAD_REQUEST,
            ResultCode::InvalidValue,
            &msg,
            json!({}),
        ),
    }
}

pub async fn delete(
    State(app): State<App>,
    Path((mid, method)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let merchant = match authorised(&app, &mid, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(method) = NotifyMethod::parse(&method) else {
        let msg = gyeolje_core::NotifySettingError::Method(method).to_string();
        return reply(
            StatusCode::BAD_REQUEST,
            ResultCode::InvalidValue,
            &msg,
            json!({}),
        );
    };
    match app
        .store
        .set_innopay_notify_setting(merchant.id, method, None)
        .await
    {
        Ok(()) => reply(
            StatusCode::OK,
            ResultCode::Success,
            "삭제되었습니다",
            json!({}),
        ),
        Err(e) => {
            tracing::error!(error = %e, "notify settings: store failed");
            reply(
                StatusCode::SERVICE_UNAVAILABLE,
                ResultCode::Internal,
                "일시적인 오류입니다",
                json!({}),
            )
        }
    }
}
