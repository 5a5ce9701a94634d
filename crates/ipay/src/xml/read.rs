//! The reader behind [`super::parse`].
//!
//! quick-xml's [`NsReader`] does the tokenizing and namespace bookkeeping;
//! this file decides what a SOAP message may contain. Every refusal happens
//! while reading, before the tree grows: a `<!DOCTYPE` is refused the moment
//! it is seen (so neither external entities nor "billion laughs" expansion
//! can ever start), and an element that would be one level too deep is
//! refused before it is allocated.

use std::borrow::Cow;
use std::collections::HashSet;

use quick_xml::XmlVersion;
use quick_xml::escape::EscapeError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{NamespaceResolver, ResolveResult};
use quick_xml::reader::NsReader;

use super::{Element, Limits, XmlError};

pub(super) fn parse(
    bytes: &[u8],
    charset: Option<&str>,
    limits: Limits,
) -> Result<Element, XmlError> {
    if bytes.len() > limits.max_bytes {
        return Err(XmlError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    let decoded = decode(bytes, charset)?;
    let text: &str = &decoded;
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

/// The document's text, decoded as ASP.NET decoded it: a byte order mark
/// (UTF-8, UTF-16LE/BE) decides; else an encoding the XML declaration
/// names; else the `charset` of the request's `Content-Type`; else UTF-8.
/// Korean shops built on EUC-KR pages send `encoding="euc-kr"` envelopes
/// (and `charset=euc-kr`); `euc-kr`, `ks_c_5601-1987` and `cp949` all
/// decode as windows-949, which is what those pages produce. Bytes that
/// do not fit a declared legacy encoding become U+FFFD, as .NET's decoder
/// replaced them; UTF-8 stays strict.
fn decode<'b>(bytes: &'b [u8], charset: Option<&str>) -> Result<Cow<'b, str>, XmlError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        return if encoding == encoding_rs::UTF_8 {
            utf8(body)
        } else {
            Ok(encoding.decode_without_bom_handling(body).0)
        };
    }
    let declared = declared_encoding(bytes)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8);
    let from_header = charset
        .and_then(|label| {
            encoding_rs::Encoding::for_label(label.trim().trim_matches('"').as_bytes())
        })
        .filter(|e| *e != encoding_rs::UTF_8);
    match declared.or(from_header) {
        Some(encoding) => Ok(encoding.decode_without_bom_handling(bytes).0),
        None => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, XmlError> {
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|e| XmlError::Malformed(format!("the document is not UTF-8: {e}")))
}

/// The `encoding` of an XML declaration at the start of `bytes` (after any
/// whitespace), read as ASCII: every encoding a SOAP client uses without a
/// byte order mark is ASCII-compatible.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = bytes.get(start..)?;
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = rest.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(rest.get(..end)?).ok()?;
    let at = decl.find("encoding")?;
    let after = decl.get(at + "encoding".len()..)?.trim_start();
    let after = after.strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = after.get(1..)?;
    let close = value.find(quote)?;
    Some(value.get(..close)?.to_owned())
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
        ResolveResult::Bound(ns) => namespace_value(ns.as_ref()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(prefix) => Err(XmlError::Malformed(format!(
            "undeclared namespace prefix {prefix}"
        ))),
    }
}

/// An `xmlns` declaration's value as the URI it names. quick-xml's resolver
/// keeps the value as written, so it is read here like any other attribute
/// value: line breaks and tabs become spaces, then references are resolved
/// (`xmlns="urn:a&amp;b"` names `urn:a&b`, the URI the writer escaped).
fn namespace_value(raw: &str) -> Result<String, XmlError> {
    if !raw.contains(['&', '\t', '\n', '\r']) {
        return Ok(raw.to_string());
    }
    let normalized = raw.replace("\r\n", " ").replace(['\t', '\n', '\r'], " ");
    match quick_xml::escape::unescape(&normalized) {
        Ok(uri) => Ok(uri.into_owned()),
        Err(EscapeError::UnrecognizedEntity(_, name)) => Err(XmlError::UnknownEntity(name)),
        Err(e) => Err(XmlError::Malformed(format!("namespace {raw:?}: {e}"))),
    }
}

/// Builds the element for a start tag: local name, namespace, attributes
/// with their values unescaped and `xmlns` declarations dropped.
fn open(
    resolver: &NamespaceResolver,
    start: &BytesStart<'_>,
    namespace: String,
) -> Result<Element, XmlError> {
    qname(start.name().as_ref())?;
    let mut element = Element::new(start.local_name().as_ref());
    element.namespace = namespace;
    let mut seen = HashSet::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| XmlError::Malformed(e.to_string()))?;
        if attr.key.as_namespace_binding().is_some() {
            continue;
        }
        qname(attr.key.as_ref())?;
        let (_, local) = resolver.resolve_attribute(attr.key);
        let local = local.as_ref();
        if local == "xmlns" {
            // `p:xmlns="…"` declares nothing; kept, it would be written
            // back as a declaration.
            return Err(XmlError::Malformed(format!(
                "attribute {} is not a namespace declaration",
                attr.key.as_ref()
            )));
        }
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(malformed)?;
        // Attributes are kept by local name, so `a:x` and `b:x` would be
        // one name twice; the first is the one `Element::attr` finds, so
        // the later ones are dropped (the tree then writes back as read).
        // (A set, not `attr`: a 1 MiB start tag holds ~10^5 attributes.)
        if seen.insert(local.to_string()) {
            element
                .attributes
                .push((local.to_string(), value.into_owned()));
        }
    }
    Ok(element)
}

/// Refuses a name that is not a qualified name of the namespaces spec:
/// an empty prefix or local part (`:x`, `x:`), more than one colon, or a
/// character XML does not allow in names (quick-xml takes any bytes up to
/// `=` or whitespace, so `a"b` or a NUL would otherwise be a name).
fn qname(name: &str) -> Result<(), XmlError> {
    let mut parts = name.split(':');
    let ok = match (parts.next(), parts.next(), parts.next()) {
        (Some(local), None, _) => ncname(local),
        (Some(prefix), Some(local), None) => ncname(prefix) && ncname(local),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(XmlError::Malformed(format!("invalid name {name:?}")))
    }
}

/// A name without colons (XML 1.0 `NameStartChar NameChar*`, minus `:`).
fn ncname(part: &str) -> bool {
    let mut chars = part.chars();
    chars.next().is_some_and(name_start_char) && chars.all(name_char)
}

fn name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn name_char(c: char) -> bool {
    name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
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
