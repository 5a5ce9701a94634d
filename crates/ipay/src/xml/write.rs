//! The writer behind [`super::write`]: an [`Element`] tree to XML text.
//!
//! Used for response bodies and for the client's requests. Every element is
//! written unprefixed; a default-namespace declaration (`xmlns="…"`) is
//! emitted wherever an element's namespace differs from its parent's, which
//! is exactly how ASMX writes `<OpResponse xmlns="…">` inside `soap:Body`.

use super::Element;

pub(super) fn write(element: &Element) -> String {
    let mut out = String::new();
    write_into(&mut out, element, "");
    out
}

/// Writes `element` as a child of an element in `parent_ns`.
pub(super) fn write_into(out: &mut String, element: &Element, parent_ns: &str) {
    out.push('<');
    out.push_str(&element.name);
    if element.namespace != parent_ns {
        out.push_str(" xmlns=\"");
        escape_into(out, &element.namespace, true);
        out.push('"');
    }
    for (name, value) in &element.attributes {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_into(out, value, true);
        out.push('"');
    }
    if element.children.is_empty() && element.text.is_empty() {
        out.push_str(" />");
        return;
    }
    out.push('>');
    escape_into(out, &element.text, false);
    for child in &element.children {
        write_into(out, child, &element.namespace);
    }
    out.push_str("</");
    out.push_str(&element.name);
    out.push('>');
}

/// Escapes text or an attribute value. In attributes, tab, newline and
/// carriage return become character references too, so a reader's
/// attribute-value normalization gives back what was written.
pub fn escape_into(out: &mut String, s: &str, attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

/// [`escape_into`] returning a new string.
pub fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, attribute);
    out
}
