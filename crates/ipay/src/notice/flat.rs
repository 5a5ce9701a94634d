//! A reader and writer for the flat `<IpayResponse>` document: one root,
//! children with text only. The documents are tiny and fixed in shape, so a
//! dedicated reader keeps this module independent of the SOAP parser and
//! strict about everything else (no attributes, no nesting, no DTD).

use super::NoticeError;

/// The XML declaration every notice starts with, as in the manual's samples.
pub(super) const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>"#;

/// Writes the document: declaration, `<root>`, one `<name>text</name>` per
/// line, `</root>`; lines end with `\n`.
pub(super) fn write(root: &str, fields: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(64 + fields.len() * 40);
    out.push_str(DECLARATION);
    out.push('\n');
    out.push_str(&format!("<{root}>\n"));
    for (name, value) in fields {
        out.push_str(&format!("<{name}>{}</{name}>\n", escape(value)));
    }
    out.push_str(&format!("</{root}>\n"));
    out
}

/// Escapes text content (`&`, `<`, `>`).
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Undoes XML escaping: the five predefined entities and numeric references.
pub(super) fn unescape(text: &str) -> Result<String, NoticeError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after
            .find(';')
            .ok_or_else(|| malformed("an unterminated entity reference"))?;
        let entity = &after[..end];
        let ch = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| malformed(&format!("unknown entity &{entity};")))?
            }
        };
        out.push(ch);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Reads `root`'s children as (name, unescaped text) pairs, in order.
pub(super) fn read(doc: &str, root: &str) -> Result<Vec<(String, String)>, NoticeError> {
    let mut rest = doc.trim_start_matches('\u{feff}').trim_start();
    if rest.starts_with("<?xml") {
        let end = rest
            .find("?>")
            .ok_or_else(|| malformed("an unterminated XML declaration"))?;
        rest = rest[end + 2..].trim_start();
    }
    let open = format!("<{root}>");
    rest = rest
        .strip_prefix(open.as_str())
        .ok_or_else(|| malformed(&format!("the document does not start with {open}")))?;
    let close = format!("</{root}>");
    let mut fields = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(close.as_str()) {
            if !after.trim().is_empty() {
                return Err(malformed("content after the root element"));
            }
            return Ok(fields);
        }
        let tag = rest
            .strip_prefix('<')
            .ok_or_else(|| malformed("text outside an element"))?;
        let end = tag
            .find('>')
            .ok_or_else(|| malformed("an unterminated tag"))?;
        let (name, empty) = match tag[..end].strip_suffix('/') {
            Some(n) => (n.trim_end(), true),
            None => (&tag[..end], false),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(malformed(&format!("unexpected tag <{}>", &tag[..end])));
        }
        rest = &tag[end + 1..];
        if empty {
            fields.push((name.to_owned(), String::new()));
            continue;
        }
        let text_end = rest
            .find('<')
            .ok_or_else(|| malformed(&format!("<{name}> is not closed")))?;
        let text = unescape(&rest[..text_end])?;
        let closing = format!("</{name}>");
        rest = rest[text_end..]
            .strip_prefix(closing.as_str())
            .ok_or_else(|| malformed(&format!("<{name}> must hold text only")))?;
        fields.push((name.to_owned(), text));
    }
}

fn malformed(why: &str) -> NoticeError {
    NoticeError::Malformed(why.to_owned())
}
