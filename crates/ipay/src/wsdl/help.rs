//! The ASMX-style HTML pages: `IpayService.asmx` lists the operations,
//! `IpayService.asmx?op=Name` shows sample SOAP 1.1 and 1.2 exchanges.
//! The manual links merchants to these pages (`…asmx?op=GetIpayReceiptStatus`,
//! §3.1.7), so they exist here too, built from the same catalog.

use std::fmt::Write as _;

use crate::ops::{OPERATIONS, Operation, TypeRef, operation};
use crate::soap::{self, NS_IPAY, NS_SECURITY, SoapVersion, soap_action};
use crate::xml::{self, Element, escape};

const STYLE: &str = "body{font-family:Verdana,sans-serif;margin:0 2em}h1{background:#003366;color:#fff;padding:.4em}pre{background:#e5e5cc;padding:.5em;white-space:pre-wrap}";

/// The service page (`op` = `None`) or one operation's page; `None` for an
/// unknown operation (the server answers 404 or the service page).
pub fn help_page(op: Option<&str>, service_url: &str) -> Option<String> {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>IpayService Web Service</title><style>{STYLE}</style></head><body><h1>IpayService</h1>"
    );
    match op {
        None => {
            html.push_str("<p>The following operations are supported. For a formal definition, please review the <a href=\"?WSDL\">Service Description</a>.</p><ul>");
            for op in OPERATIONS {
                let _ = write!(
                    html,
                    "<li><a href=\"?op={n}\">{n}</a><br>{}</li>",
                    escape(op.doc, false),
                    n = op.name
                );
            }
            html.push_str("</ul>");
        }
        Some(name) => {
            let op = operation(name)?;
            op_page(&mut html, op, service_url);
        }
    }
    html.push_str("</body></html>");
    Some(html)
}

fn op_page(html: &mut String, op: &Operation, service_url: &str) {
    let _ = write!(
        html,
        "<p>Click <a href=\"?\">here</a> for a complete list of operations.</p><h2>{}</h2><p>{}</p>",
        op.name,
        escape(op.doc, false)
    );
    let (host, path) = host_and_path(service_url);
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let (title, action) = match version {
            SoapVersion::V11 => (
                "SOAP 1.1",
                format!("\nSOAPAction: \"{}\"", soap_action(op.name)),
            ),
            SoapVersion::V12 => ("SOAP 1.2", String::new()),
        };
        let request = format!(
            "POST {path} HTTP/1.1\nHost: {host}\nContent-Type: {}\nContent-Length: length{action}\n\n{}",
            soap::content_type(version),
            sample_request(version, op)
        );
        let response = format!(
            "HTTP/1.1 200 OK\nContent-Type: {}\nContent-Length: length\n\n{}",
            soap::content_type(version),
            sample_response(version, op)
        );
        let _ = write!(
            html,
            "<h3>{title}</h3><p>The following is a sample {title} request and response. The placeholders shown need to be replaced with actual values.</p><pre>{}</pre><pre>{}</pre>",
            escape(&request, false),
            escape(&response, false)
        );
    }
}

/// `https://host:port/path` → (`host:port`, `/path`).
fn host_and_path(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    }
}

/// An element for a value of `ty` with the type names as placeholders, as
/// ASMX's samples show them (`pay_price="int"`).
fn sample_value(name: &str, ty: TypeRef) -> Element {
    let e = Element::new(name).with_namespace(NS_IPAY);
    match ty {
        TypeRef::Simple(t) => e.with_text(t.xsd_name()),
        TypeRef::Complex(t) => sample_object(e, t),
        TypeRef::Array(t) => (0..2).fold(e, |e, _| {
            e.with_child(sample_value(t.name, TypeRef::Complex(t)))
        }),
    }
}

/// `e` with `ty`'s attributes and its nested children (in their own
/// namespace) as placeholders.
fn sample_object(e: Element, ty: &crate::ops::ComplexType) -> Element {
    let e = ty
        .fields
        .iter()
        .fold(e, |e, f| e.with_attr(f.name, f.ty.xsd_name()));
    ty.children.iter().fold(e, |e, c| {
        e.with_child(sample_object(
            Element::new(c.name).with_namespace(c.ty.namespace),
            c.ty,
        ))
    })
}

fn envelope(version: SoapVersion, header: Option<Element>, body: Element) -> String {
    let prefix = match version {
        SoapVersion::V11 => "soap",
        SoapVersion::V12 => "soap12",
    };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<{prefix}:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:{prefix}=\"{}\">\n",
        version.namespace()
    );
    if let Some(header) = header {
        let _ = write!(
            out,
            "  <{prefix}:Header>\n    {}\n  </{prefix}:Header>\n",
            xml::write(&header)
        );
    }
    let _ = write!(
        out,
        "  <{prefix}:Body>\n    {}\n  </{prefix}:Body>\n</{prefix}:Envelope>",
        xml::write(&body)
    );
    out
}

fn sample_request(version: SoapVersion, op: &Operation) -> String {
    let header = op.needs_ticket().then(|| {
        Element::new("EncryptedTicket")
            .with_namespace(NS_SECURITY)
            .with_child(
                Element::new("Value")
                    .with_namespace(NS_SECURITY)
                    .with_text("string"),
            )
    });
    let body = op
        .params
        .iter()
        .fold(Element::new(op.name).with_namespace(NS_IPAY), |body, p| {
            body.with_child(sample_value(p.name, p.ty))
        });
    envelope(version, header, body)
}

fn sample_response(version: SoapVersion, op: &Operation) -> String {
    let mut body = Element::new(format!("{}Response", op.name)).with_namespace(NS_IPAY);
    if let Some(ty) = op.result {
        body.children
            .push(sample_value(&format!("{}Result", op.name), ty));
    }
    envelope(version, None, body)
}
