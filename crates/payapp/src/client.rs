//! A Rust client for PayApp's REST API — for merchants, and for gyeolje's own
//! end-to-end tests, which drive the server exactly as a merchant would.
//!
//! It does what the manual's `payapp_lib.php` does: POST the parameters
//! form-encoded as UTF-8 to `/oapi/apiLoad.html`, read the first line of the
//! reply, and split success (`state=1`) from refusal (`state=0`, with `errno`).
//! The body is encoded here rather than by reqwest so it is byte-for-byte
//! what PHP's `urlencode` would send.

use crate::cash::{CashSt, CashStCn, CashStReply};
use crate::codec::{encode_pairs, parse_reply, reply_value};
use crate::request::{PayCancel, PayCancelReq, PayRequest, PayRequestReply};
use reqwest::header::CONTENT_TYPE;
use std::time::Duration;

/// The path every PayApp API lives at.
use crate::API_PATH;

/// The PHP library's curl timeout.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Why a call did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The request did not complete (connection, timeout, non-2xx status).
    #[error("http: {0}")]
    Http(#[from] reqwest::Error),
    /// PayApp answered `state=0`.
    #[error("rejected ({errno}): {message}")]
    Rejected { errno: u32, message: String },
    /// The reply was not a PayApp reply.
    #[error("malformed reply: {0}")]
    Malformed(String),
}

/// A PayApp API endpoint.
#[derive(Debug, Clone)]
pub struct PayAppClient {
    base: String,
    http: reqwest::Client,
}

impl PayAppClient {
    /// A client for the server at `base_url` (e.g. `http://127.0.0.1:8080`
    /// or `https://api.payapp.kr`); [`API_PATH`] is appended.
    pub fn new(base_url: impl Into<String>) -> Self {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self::with_http(base_url, http)
    }

    /// Like [`PayAppClient::new`] with a caller-configured HTTP client.
    pub fn with_http(base_url: impl Into<String>, http: reqwest::Client) -> Self {
        let base = base_url.into().trim_end_matches('/').to_owned();
        PayAppClient { base, http }
    }

    /// The full URL calls are POSTed to.
    pub fn endpoint(&self) -> String {
        format!("{}{API_PATH}", self.base)
    }

    /// `cmd=payrequest`.
    pub async fn pay_request(&self, req: &PayRequest) -> Result<PayRequestReply, ClientError> {
        let reply = self.call(&req.to_form()).await?;
        let mul_no = reply_value(&reply, "mul_no")
            .and_then(|v| v.parse::<i64>().ok())
            .ok_or_else(|| ClientError::Malformed("mul_no missing or not a number".into()))?;
        let payurl = reply_value(&reply, "payurl")
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ClientError::Malformed("payurl missing".into()))?;
        Ok(PayRequestReply {
            mul_no,
            payurl: payurl.to_owned(),
            qrurl: reply_value(&reply, "qrurl")
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
        })
    }

    /// `cmd=paycancel`.
    pub async fn pay_cancel(&self, c: &PayCancel) -> Result<(), ClientError> {
        self.call(&c.to_form()).await.map(drop)
    }

    /// `cmd=paycancelreq`.
    pub async fn pay_cancel_req(&self, c: &PayCancelReq) -> Result<(), ClientError> {
        self.call(&c.to_form()).await.map(drop)
    }

    /// `cmd=cashSt`: issues a cash receipt.
    pub async fn cash_st(&self, c: &CashSt) -> Result<CashStReply, ClientError> {
        let reply = self.call(&c.to_form()).await?;
        let cashstno = reply_value(&reply, "cashstno")
            .and_then(|v| v.parse::<i64>().ok())
            .ok_or_else(|| ClientError::Malformed("cashstno missing or not a number".into()))?;
        let cashsturl = reply_value(&reply, "cashsturl")
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ClientError::Malformed("cashsturl missing".into()))?;
        Ok(CashStReply {
            cashstno,
            cashsturl: cashsturl.to_owned(),
        })
    }

    /// `cmd=cashStCn`: cancels a cash receipt.
    pub async fn cash_st_cn(&self, c: &CashStCn) -> Result<(), ClientError> {
        self.call(&c.to_form()).await.map(drop)
    }

    /// POSTs `pairs` as they are and returns the reply's pairs when
    /// `state=1`. `state=0` becomes [`ClientError::Rejected`]; a reply with
    /// no `state` or another value is [`ClientError::Malformed`].
    pub async fn call(
        &self,
        pairs: &[(String, String)],
    ) -> Result<Vec<(String, String)>, ClientError> {
        let body = encode_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let response = self
            .http
            .post(self.endpoint())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await?
            .error_for_status()?;
        let bytes = response.bytes().await?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| ClientError::Malformed("reply is not UTF-8".into()))?;
        let reply = parse_reply(text);
        match reply_value(&reply, "state") {
            Some("1") => Ok(reply),
            Some("0") => {
                let errno = reply_value(&reply, "errno")
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .ok_or_else(|| {
                        ClientError::Malformed("state=0 without a numeric errno".into())
                    })?;
                let message = reply_value(&reply, "errorMessage")
                    .unwrap_or_default()
                    .to_owned();
                Err(ClientError::Rejected { errno, message })
            }
            _ => Err(ClientError::Malformed(format!(
                "no state in reply: {}",
                truncate(text, 200)
            ))),
        }
    }
}

/// At most `max` bytes of `text`, cut on a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

mod accounts;

#[cfg(test)]
mod tests;
