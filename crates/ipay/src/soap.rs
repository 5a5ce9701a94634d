//! SOAP 1.1 and 1.2 envelopes as the iPay ASMX service reads and writes them.
//!
//! Reading: [`parse_request`] takes the raw POST body (and the `SOAPAction`
//! header if any) and returns the operation, its body element and the
//! `EncryptedTicket`. The version is decided by the envelope's namespace
//! only: real clients send SOAP 1.2 envelopes as `text/xml` with a
//! `SOAPAction`, and ASMX answered them in 1.2.
//!
//! Writing: [`response`] and [`fault`] produce the exact envelopes ASMX
//! produced, because merchant code parses them with string tricks
//! (`Replace(cartNo, "soap:", "")` then `Envelope/Body`, see §3.1.2).
//! HTTP status is the server's business (500 for a fault, as ASMX did).

use thiserror::Error;

use crate::xml::{self, Element, Limits, XmlError, escape};

/// The SOAP 1.1 envelope namespace.
pub const NS_SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.2 envelope namespace.
pub const NS_SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The service's target namespace: operation wrappers and their children.
pub const NS_IPAY: &str = "http://www.auction.co.kr/IpayService/Ipay";
/// The namespace of the shared schema types the live service nests in
/// requests (`<RemittanceMethod xmlns="…"/>`, `<SearchDuration …/>`).
pub const NS_ARCHE: &str = "http://schema.auction.co.kr/Arche.API.xsd";
/// Another spelling of [`NS_ARCHE`] one public integration writes; read
/// the same (elements are matched by local name).
pub const NS_ARCHE_SVC: &str = "http://schema.auction.co.kr/Arche.APISvc.xsd";
/// The namespace of the `EncryptedTicket` header.
pub const NS_SECURITY: &str = "http://www.auction.co.kr/Security";
/// `SOAPAction` is this prefix followed by the operation name.
pub const ACTION_PREFIX: &str = "http://www.auction.co.kr/IpayService/Ipay/";

/// Which SOAP the client spoke; the answer is given in the same one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1 (`soap:` envelope, `text/xml`).
    V11,
    /// SOAP 1.2 (`soap12:` envelope, `application/soap+xml`).
    V12,
}

impl SoapVersion {
    /// The envelope namespace URI of this version.
    pub const fn namespace(self) -> &'static str {
        match self {
            SoapVersion::V11 => NS_SOAP11,
            SoapVersion::V12 => NS_SOAP12,
        }
    }

    /// The version whose envelope namespace is `ns`.
    pub fn from_namespace(ns: &str) -> Option<SoapVersion> {
        match ns {
            NS_SOAP11 => Some(SoapVersion::V11),
            NS_SOAP12 => Some(SoapVersion::V12),
            _ => None,
        }
    }
}

/// The `Content-Type` of a response in `version`.
pub const fn content_type(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::V11 => "text/xml; charset=utf-8",
        SoapVersion::V12 => "application/soap+xml; charset=utf-8",
    }
}

/// The `Content-Type` of a fault in `version` (ASMX used the same as for
/// responses; the status code, 500, is what differs).
pub const fn fault_content_type(version: SoapVersion) -> &'static str {
    content_type(version)
}

/// The `SOAPAction` value for `operation`.
pub fn soap_action(operation: &str) -> String {
    format!("{ACTION_PREFIX}{operation}")
}

/// A parsed request envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Decided by the envelope namespace.
    pub version: SoapVersion,
    /// The trimmed `EncryptedTicket/Value`, `None` when absent or empty.
    pub ticket: Option<String>,
    /// Local name of the first child of `Body` (`InsertIpayOrderToLong`).
    pub operation: String,
    /// That first child of `Body`, the operation's wrapper element.
    pub body: Element,
}

/// Why an envelope was refused. Every variant is the client's fault
/// (`soap:Client` / `soap:Sender`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SoapError {
    #[error(transparent)]
    Xml(#[from] XmlError),
    #[error("the root element is not a SOAP 1.1 or 1.2 Envelope")]
    NotEnvelope,
    #[error("the envelope has no Body")]
    NoBody,
    #[error("the Body is empty")]
    EmptyBody,
    #[error(
        "Server did not recognize the value of HTTP Header SOAPAction: {action} (the body calls {body})"
    )]
    ActionMismatch { action: String, body: String },
}

impl SoapError {
    /// The fault to answer with, in `version` (callers that could not tell
    /// the version, e.g. on [`SoapError::NotEnvelope`], use 1.1 as ASMX did).
    pub fn to_fault(&self, version: SoapVersion) -> String {
        fault(version, FaultCode::Client, &self.to_string())
    }
}

/// Reads a request envelope. `soap_action` is the HTTP header as received
/// (quotes are stripped); when given and non-empty it must name the same
/// operation as the body.
pub fn parse_request(
    bytes: &[u8],
    soap_action: Option<&str>,
    limits: Limits,
) -> Result<Request, SoapError> {
    parse_request_in(bytes, None, soap_action, limits)
}

/// [`parse_request`] for a body sent with `Content-Type` `charset`:
/// envelopes declared `encoding="euc-kr"` (in the XML declaration and/or
/// the charset) are decoded as declared, as ASP.NET did; UTF-16 with a
/// byte order mark too ([`xml::parse_declared`]).
pub fn parse_request_in(
    bytes: &[u8],
    charset: Option<&str>,
    soap_action: Option<&str>,
    limits: Limits,
) -> Result<Request, SoapError> {
    let root = xml::parse_declared(bytes, charset, limits)?;
    let version = match SoapVersion::from_namespace(&root.namespace) {
        Some(v) if root.name == "Envelope" => v,
        _ => return Err(SoapError::NotEnvelope),
    };
    let ns = version.namespace();
    let ticket = root
        .child_ns(ns, "Header")
        .and_then(|header| {
            header.children.iter().find(|c| {
                c.name == "EncryptedTicket"
                    && (c.namespace == NS_SECURITY || c.namespace.is_empty())
            })
        })
        .and_then(|t| t.child_text("Value"))
        .filter(|v| !v.is_empty())
        .map(str::to_string);
    let mut root = root;
    let body_at = root
        .children
        .iter()
        .position(|c| c.name == "Body" && c.namespace == ns)
        .ok_or(SoapError::NoBody)?;
    let body = root.children.swap_remove(body_at);
    let op = body
        .children
        .into_iter()
        .next()
        .ok_or(SoapError::EmptyBody)?;
    if let Some(action) = soap_action.map(|a| a.trim().trim_matches('"').trim())
        && !action.is_empty()
    {
        let named = action.strip_prefix(ACTION_PREFIX).unwrap_or(action);
        if named != op.name {
            return Err(SoapError::ActionMismatch {
                action: action.to_string(),
                body: op.name.clone(),
            });
        }
    }
    Ok(Request {
        version,
        ticket,
        operation: op.name.clone(),
        body: op,
    })
}

/// What an operation returns, in the ASMX document/literal shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultValue {
    /// A void operation: `<OpResponse />`.
    None,
    /// A simple result: `<OpResult>text</OpResult>`.
    Text(String),
    /// A complex result: its fields are attributes of `<OpResult … />`.
    Attrs(Vec<(String, String)>),
    /// An array result: one `<item … />` child of `<OpResult>` per row.
    List {
        item: String,
        rows: Vec<Vec<(String, String)>>,
    },
}

/// Whether the fault blames the caller or the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultCode {
    /// `soap:Client` in 1.1, `soap:Sender` in 1.2.
    Client,
    /// `soap:Server` in 1.1, `soap:Receiver` in 1.2.
    Server,
}

fn open_envelope(out: &mut String, prefix: &str, version: SoapVersion) {
    out.push_str(r#"<?xml version="1.0" encoding="utf-8"?>"#);
    out.push_str(&format!(
        r#"<{prefix}:Envelope xmlns:{prefix}="{}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><{prefix}:Body>"#,
        version.namespace()
    ));
}

fn close_envelope(out: &mut String, prefix: &str) {
    out.push_str(&format!("</{prefix}:Body></{prefix}:Envelope>"));
}

/// The response envelope for `operation` returning `result`.
pub fn response(version: SoapVersion, operation: &str, result: ResultValue) -> String {
    let prefix = match version {
        SoapVersion::V11 => "soap",
        SoapVersion::V12 => "soap12",
    };
    let mut out = String::new();
    open_envelope(&mut out, prefix, version);
    let mut wrapper = Element::new(format!("{operation}Response")).with_namespace(NS_IPAY);
    let result_name = format!("{operation}Result");
    let result_element = |attrs: Vec<(String, String)>| Element {
        name: result_name.clone(),
        namespace: NS_IPAY.to_string(),
        attributes: attrs,
        ..Element::default()
    };
    match result {
        ResultValue::None => {}
        ResultValue::Text(text) => wrapper
            .children
            .push(result_element(Vec::new()).with_text(text)),
        ResultValue::Attrs(attrs) => wrapper.children.push(result_element(attrs)),
        ResultValue::List { item, rows } => {
            let mut list = result_element(Vec::new());
            list.children = rows
                .into_iter()
                .map(|attributes| Element {
                    name: item.clone(),
                    namespace: NS_IPAY.to_string(),
                    attributes,
                    ..Element::default()
                })
                .collect();
            wrapper.children.push(list);
        }
    }
    xml::write_into(&mut out, &wrapper, "");
    close_envelope(&mut out, prefix);
    out
}

/// A fault envelope, in the form ASMX gave each version.
pub fn fault(version: SoapVersion, code: FaultCode, message: &str) -> String {
    let mut out = String::new();
    open_envelope(&mut out, "soap", version);
    let message = escape(message, false);
    match version {
        SoapVersion::V11 => {
            let code = match code {
                FaultCode::Client => "soap:Client",
                FaultCode::Server => "soap:Server",
            };
            out.push_str(&format!(
                "<soap:Fault><faultcode>{code}</faultcode><faultstring>{message}</faultstring><detail /></soap:Fault>"
            ));
        }
        SoapVersion::V12 => {
            let code = match code {
                FaultCode::Client => "soap:Sender",
                FaultCode::Server => "soap:Receiver",
            };
            out.push_str(&format!(
                r#"<soap:Fault><soap:Code><soap:Value>{code}</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">{message}</soap:Text></soap:Reason><soap:Detail /></soap:Fault>"#
            ));
        }
    }
    close_envelope(&mut out, "soap");
    out
}

/// A response envelope as a client reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The `<OpResponse>` element.
    Response(Element),
    /// A fault: its code as written (`soap:Client`, `soap:Sender`…) and
    /// its message.
    Fault { code: String, message: String },
}

/// Reads a response or fault envelope (the client side of [`response`] and
/// [`fault`]).
pub fn parse_reply(bytes: &[u8], limits: Limits) -> Result<Reply, SoapError> {
    let root = xml::parse(bytes, limits)?;
    let version = match SoapVersion::from_namespace(&root.namespace) {
        Some(v) if root.name == "Envelope" => v,
        _ => return Err(SoapError::NotEnvelope),
    };
    let ns = version.namespace();
    let body = root.child_ns(ns, "Body").ok_or(SoapError::NoBody)?;
    let first = body.children.first().ok_or(SoapError::EmptyBody)?;
    if first.name != "Fault" || first.namespace != ns {
        return Ok(Reply::Response(first.clone()));
    }
    let (code, message) = match version {
        SoapVersion::V11 => (
            first.child_text("faultcode"),
            first.child_text("faultstring"),
        ),
        SoapVersion::V12 => (
            first.child("Code").and_then(|c| c.child_text("Value")),
            first.child("Reason").and_then(|r| r.child_text("Text")),
        ),
    };
    Ok(Reply::Fault {
        code: code.unwrap_or_default().to_string(),
        message: message.unwrap_or_default().to_string(),
    })
}

#[cfg(test)]
mod tests;
