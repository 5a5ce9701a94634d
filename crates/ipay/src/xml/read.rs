//! The reader behind [`super::parse`].
//!
//! quick-xml's [`NsReader`] does the tokenizing and namespace bookkeeping;
//! this file decides what a SOAP message may contain. Every refusal happens
//! while reading, before the tree grows: a `<!DOCTYPE` is refused the moment
//! it is seen (so neither external entities nor "billion laughs" expansion
//! can ever start), and an element that would be one level too deep is
//! refused before it is allocated.

use quick_xml::XmlVersion;
use quick_xml::escape::EscapeError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{NamespaceResolver, ResolveResult};
use quick_xml::reader::NsReader;

use super::{Element, Limits, XmlError};

/// UTF-8 byte order mark; Windows clients (ASP's `MSXML2.ServerXMLHTTP`,
/// .NET's `StreamWriter`) put one in front of the document.
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn parse(bytes: &[u8], limits: Limits) -> Result<Element, XmlError> {
    if bytes.len() > limits.max_bytes {
        return Err(XmlError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    // Encodings other than UTF-8 are not supported: every known client sends
    // `encoding='utf-8'`, and the manual's samples all do.
    let text = std::str::from_utf8(bytes)
        .map_err(|e| XmlError::Malformed(format!("the document is not UTF-8: {e}")))?;
    // Hand-built envelopes sometimes start with a newline or spaces before
    // `<?xml`; strictly that is ill-formed, but ASMX accepted it.
    let text = text.trim_start();

    let mut reader = NsReader::from_str(text);
    reader.config_mut().trim_text(false);

    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(malformed)?;
        let namespace = namespace_of(ns)?;
        match event {
            Event::DocType(_) => return Err(XmlError::DoctypeForbidden),
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(XmlError::Malformed(
                    "more than one root element".to_string(),
                ));
            }
            Event::Start(start) => {
                if stack.len() >= limits.max_depth {
                    return Err(XmlError::TooDeep {
                        limit: limits.max_depth,
                    });
                }
                let element = open(reader.resolver(), &start, namespace)?;
                stack.push(element);
            }
            Event::Empty(start) => {
                if stack.len() >= limits.max_depth {
                    return Err(XmlError::TooDeep {
                        limit: limits.max_depth,
                    });
                }
                let element = open(reader.resolver(), &start, namespace)?;
                close(element, &mut stack, &mut root);
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| XmlError::Malformed("unexpected end tag".to_string()))?;
                close(element, &mut stack, &mut root);
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content())?,
            Event::CData(c) => push_text(&mut stack, &c.xml10_content())?,
            Event::GeneralRef(r) => push_text(&mut stack, &resolve_ref(&r)?)?,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Malformed("unclosed element".to_string()));
    }
    root.ok_or(XmlError::Empty)
}

/// Attaches a finished element to its parent, or makes it the root.
fn close(element: Element, stack: &mut [Element], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

/// Appends text to the open element. Whitespace between top-level markup is
/// ignored (clients end documents with `"</soap:Envelope> "`); any other
/// text outside the root is an error.
fn push_text(stack: &mut [Element], text: &str) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(open) => {
            open.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(XmlError::Malformed(
            "text outside the root element".to_string(),
        )),
    }
}

/// Resolves `&name;` / `&#n;` met in text: the five predefined entities and
/// character references, nothing else (there is no DTD to define others).
fn resolve_ref(r: &BytesRef<'_>) -> Result<String, XmlError> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            Ok(None) | Err(_) => Err(XmlError::Malformed(format!(
                "invalid character reference &{};",
                &**r
            ))),
        };
    }
    let s = match &**r {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        other => return Err(XmlError::UnknownEntity(other.to_string())),
    };
    Ok(s.to_string())
}

/// The namespace URI of a resolved name; an undeclared prefix is an error
/// (ASMX refused it too, and guessing would let `x:Body` pass for a body).
fn namespace_of(ns: ResolveResult<'_>) -> Result<String, XmlError> {
    match ns {
        ResolveResult::Bound(ns) => Ok(ns.as_ref().to_string()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(prefix) => Err(XmlError::Malformed(format!(
            "undeclared namespace prefix {prefix}"
        ))),
    }
}

/// Builds the element for a start tag: local name, namespace, attributes
/// with their values unescaped and `xmlns` declarations dropped.
fn open(
    resolver: &NamespaceResolver,
    start: &BytesStart<'_>,
    namespace: String,
) -> Result<Element, XmlError> {
    let mut element = Element::new(start.local_name().as_ref());
    element.namespace = namespace;
    for attr in start.attributes() {
        let attr = attr.map_err(|e| XmlError::Malformed(e.to_string()))?;
        if attr.key.as_namespace_binding().is_some() {
            continue;
        }
        let (_, local) = resolver.resolve_attribute(attr.key);
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(malformed)?;
        element
            .attributes
            .push((local.as_ref().to_string(), value.into_owned()));
    }
    Ok(element)
}

/// Maps quick-xml's error, keeping unknown entities distinguishable.
fn malformed(e: quick_xml::Error) -> XmlError {
    match e {
        quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(_, name)) => {
            XmlError::UnknownEntity(name)
        }
        other => XmlError::Malformed(other.to_string()),
    }
}
