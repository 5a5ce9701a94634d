//! The merchant-side client: what a shop written in Rust uses instead of
//! hand-concatenated envelopes (feature `client`).
//!
//! It speaks exactly what the server reads ([`crate::soap`]), with the
//! `EncryptedTicket` header, `SOAPAction` and content type of the chosen
//! SOAP version, and hands back the `<OpResult>` element, so the typed
//! readers of the crate (`ops`, and the cart types) can interpret it.

use std::fmt;

use thiserror::Error;

use crate::soap::{self, NS_IPAY, NS_SECURITY, Reply, SoapVersion};
use crate::xml::{self, Element, Limits, XmlError};

mod ops;
pub use ops::{AccountNumb, GetOrderList};

/// The service path under the base URL, as on api.auction.co.kr.
pub const SERVICE_PATH: &str = "/ArcheSystem/IpayService.asmx";

/// Replies may hold whole order lists; allow more than a request may.
const REPLY_LIMITS: Limits = Limits {
    max_depth: 32,
    max_bytes: 16 * 1024 * 1024,
};

/// Why a call did not produce a result.
#[derive(Debug, Error)]
pub enum ClientError {
    /// The service answered with a SOAP fault.
    #[error("SOAP fault {code}: {message}")]
    Fault { code: String, message: String },
    /// The reply was not a SOAP envelope we could read, or the result was
    /// not of the expected type.
    #[error("malformed reply: {0}")]
    Malformed(String),
    /// The request could not be sent, or the reply was an HTTP error
    /// without a SOAP fault in it.
    #[error("HTTP error{}: {message}", status.map(|s| format!(" {s}")).unwrap_or_default())]
    Http {
        status: Option<u16>,
        message: String,
    },
}

impl From<XmlError> for ClientError {
    fn from(e: XmlError) -> Self {
        ClientError::Malformed(e.to_string())
    }
}

/// A client for one merchant (one ticket).
#[derive(Clone)]
pub struct IpayClient {
    http: reqwest::Client,
    endpoint: String,
    ticket: String,
}

/// The ticket works like a password (manual §3.1.1 4): never printed.
impl fmt::Debug for IpayClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IpayClient")
            .field("endpoint", &self.endpoint)
            .field("ticket", &"***")
            .finish()
    }
}

impl IpayClient {
    /// A client posting to `{base_url}/ArcheSystem/IpayService.asmx`
    /// (`base_url` like `https://api.auction.co.kr`, trailing `/` allowed).
    pub fn new(base_url: &str, ticket: impl Into<String>) -> Self {
        Self::with_http_client(reqwest::Client::new(), base_url, ticket)
    }

    /// The same with a caller-configured `reqwest::Client` (timeouts,
    /// proxies).
    pub fn with_http_client(
        http: reqwest::Client,
        base_url: &str,
        ticket: impl Into<String>,
    ) -> Self {
        IpayClient {
            http,
            endpoint: format!("{}{SERVICE_PATH}", base_url.trim_end_matches('/')),
            ticket: ticket.into(),
        }
    }

    /// The URL requests are posted to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Calls `op` with `body` as the operation wrapper (`<Op>` with its
    /// parameters; elements without a namespace are put in the service
    /// namespace). Returns the `<OpResult>` element, or an empty element of
    /// that name for a void operation.
    pub async fn call(
        &self,
        version: SoapVersion,
        op: &str,
        body: Element,
    ) -> Result<Element, ClientError> {
        let envelope = self.envelope(version, op, body);
        let action = soap::soap_action(op);
        let content_type = match version {
            SoapVersion::V11 => soap::content_type(version).to_string(),
            SoapVersion::V12 => format!("{}; action=\"{action}\"", soap::content_type(version)),
        };
        let response = self
            .http
            .post(&self.endpoint)
            .header("Content-Type", content_type)
            .header("SOAPAction", format!("\"{action}\""))
            .body(envelope)
            .send()
            .await
            .map_err(|e| ClientError::Http {
                status: e.status().map(|s| s.as_u16()),
                message: e.to_string(),
            })?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| ClientError::Http {
            status: Some(status.as_u16()),
            message: e.to_string(),
        })?;
        let reply = match soap::parse_reply(&bytes, REPLY_LIMITS) {
            Ok(reply) => reply,
            Err(_) if !status.is_success() => {
                return Err(ClientError::Http {
                    status: Some(status.as_u16()),
                    message: String::from_utf8_lossy(&bytes).chars().take(200).collect(),
                });
            }
            Err(e) => return Err(ClientError::Malformed(e.to_string())),
        };
        let result_name = format!("{op}Result");
        match reply {
            Reply::Fault { code, message } => Err(ClientError::Fault { code, message }),
            Reply::Response(r) if r.name == format!("{op}Response") => Ok(r
                .children
                .into_iter()
                .find(|c| c.name == result_name)
                .unwrap_or_else(|| Element::new(result_name).with_namespace(NS_IPAY))),
            Reply::Response(r) => Err(ClientError::Malformed(format!(
                "expected {op}Response, got {}",
                r.name
            ))),
        }
    }

    fn envelope(&self, version: SoapVersion, op: &str, mut body: Element) -> String {
        if body.name.is_empty() {
            body.name = op.to_string();
        }
        qualify(&mut body);
        let mut out = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">"#,
            version.namespace()
        );
        if op != "test" {
            let ticket = Element::new("EncryptedTicket")
                .with_namespace(NS_SECURITY)
                .with_child(
                    Element::new("Value")
                        .with_namespace(NS_SECURITY)
                        .with_text(self.ticket.as_str()),
                );
            out.push_str("<soap:Header>");
            xml::write_into(&mut out, &ticket, "");
            out.push_str("</soap:Header>");
        }
        out.push_str("<soap:Body>");
        xml::write_into(&mut out, &body, "");
        out.push_str("</soap:Body></soap:Envelope>");
        out
    }

    /// `InsertIpayOrderToLong`: registers a cart and returns its number, or
    /// the service's negative error code (§3.1.5) as `Ok(code)`. `order` and
    /// `items` carry their fields as attributes; their element names are
    /// set here (`ORDER`, `IpayServiceItems`).
    pub async fn insert_order_to_long(
        &self,
        mut order: Element,
        items: Vec<Element>,
    ) -> Result<i64, ClientError> {
        order.name = "ORDER".to_string();
        let items = items
            .into_iter()
            .fold(Element::new("ITEMS"), |w, mut item| {
                item.name = "IpayServiceItems".to_string();
                w.with_child(item)
            });
        let body = Element::new("InsertIpayOrderToLong")
            .with_child(order)
            .with_child(items);
        let result = self
            .call(SoapVersion::V11, "InsertIpayOrderToLong", body)
            .await?;
        result.text.trim().parse().map_err(|_| {
            ClientError::Malformed(format!("cart number is not a long: {:?}", result.text))
        })
    }

    /// `test`: the service answers with the caller's IP address.
    pub async fn test(&self) -> Result<String, ClientError> {
        let result = self
            .call(SoapVersion::V11, "test", Element::new("test"))
            .await?;
        Ok(result.text)
    }
}

/// Puts every element without a namespace into the service namespace
/// (the schema is `elementFormDefault="qualified"`).
fn qualify(e: &mut Element) {
    if e.namespace.is_empty() {
        e.namespace = NS_IPAY.to_string();
    }
    for c in &mut e.children {
        qualify(c);
    }
}

#[cfg(test)]
mod tests;
