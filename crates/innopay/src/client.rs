//! A Rust client for InnoPay's APIs — for merchants, and for gyeolje's own
//! end-to-end tests, which drive the server exactly as a merchant would.
//!
//! `smsPayApi` and `cancelApi` are POSTed as JSON with the manual's field
//! names (§2.2, §3.1). InnoPay answers HTTP 200 JSON even when it refuses,
//! and merchants judge by `resultCode`, so any reply that decodes is `Ok`:
//! callers check `is_success()`. Only a transport failure or an undecodable
//! body is a [`ClientError`].

use crate::cancel::{CancelReply, CancelRequest};
use crate::sms_pay::{SmsPayReply, SmsPayRequest};
use crate::weblink::WebLinkRequest;
use crate::{CANCEL_PATH, SMS_PAY_PATH, WEBLINK_PATH};
use reqwest::header::CONTENT_TYPE;
use std::time::Duration;

/// A generous timeout: InnoPay's samples use 30 s.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Why a call did not produce a reply.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The request did not complete (connection, timeout).
    #[error("http: {0}")]
    Http(#[from] reqwest::Error),
    /// The reply was not an InnoPay reply.
    #[error("malformed reply: {0}")]
    Malformed(String),
}

/// An InnoPay endpoint.
#[derive(Clone, Debug)]
pub struct InnoPayClient {
    base: String,
    http: reqwest::Client,
}

impl InnoPayClient {
    /// A client for the server at `base_url` (e.g. `http://127.0.0.1:8080`
    /// or `https://api.innopay.co.kr`); the API paths are appended.
    pub fn new(base_url: impl Into<String>) -> Self {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self::with_http(base_url, http)
    }

    /// Like [`InnoPayClient::new`] with a caller-configured HTTP client.
    pub fn with_http(base_url: impl Into<String>, http: reqwest::Client) -> Self {
        let base = base_url.into().trim_end_matches('/').to_owned();
        InnoPayClient { base, http }
    }

    /// `POST /api/smsPayApi` (§2.2). A non-`0000` reply is still `Ok`.
    pub async fn sms_pay(&self, req: &SmsPayRequest) -> Result<SmsPayReply, ClientError> {
        let body = serde_json::to_vec(req).map_err(|e| ClientError::Malformed(e.to_string()))?;
        let (status, text) = self
            .post_raw(SMS_PAY_PATH, "application/json", body)
            .await?;
        SmsPayReply::from_json(text.as_bytes())
            .map_err(|e| ClientError::Malformed(format!("HTTP {status}: {e}: {}", truncate(&text))))
    }

    /// `POST /api/cancelApi` (§3.1). A non-`2001` reply is still `Ok`.
    pub async fn cancel(&self, req: &CancelRequest) -> Result<CancelReply, ClientError> {
        let body = serde_json::to_vec(req).map_err(|e| ClientError::Malformed(e.to_string()))?;
        let (status, text) = self.post_raw(CANCEL_PATH, "application/json", body).await?;
        CancelReply::parse(text.as_bytes())
            .ok_or_else(|| ClientError::Malformed(format!("HTTP {status}: {}", truncate(&text))))
    }

    /// POSTs `body` as it is to `path`; returns the status and the body
    /// (lossily UTF-8). For tests that send raw wire bytes.
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<(u16, String), ClientError> {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header(CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await?;
        Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
    }

    /// The Web-Link URL a merchant opens (§1.1, GET form).
    pub fn weblink_url(&self, req: &WebLinkRequest) -> String {
        format!("{}{WEBLINK_PATH}?{}", self.base, req.to_query())
    }
}

/// At most 200 bytes of `text`, cut on a character boundary.
fn truncate(text: &str) -> &str {
    let mut end = text.len().min(200);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests;
