//! Reading and writing the flat `<IpayResponse>` document: one root whose
//! children hold text only. Writing follows the manual's samples line by
//! line; reading goes through the crate's safe XML reader
//! ([`crate::xml::parse`]: no DTD, bounded size and depth) and then insists
//! on the flat shape.

use super::NoticeError;
use crate::xml::{self, Limits};

/// The XML declaration every notice starts with, as in the manual's samples.
pub(super) const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>"#;

/// The notices are a few hundred bytes; anything near this is not one.
const LIMITS: Limits = Limits {
    max_depth: 2,
    max_bytes: 64 * 1024,
};

/// Writes the document: declaration, `<root>`, one `<name>text</name>` per
/// line, `</root>`; lines end with `\n`.
pub(super) fn write(root: &str, fields: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(64 + fields.len() * 40);
    out.push_str(DECLARATION);
    out.push('\n');
    out.push_str(&format!("<{root}>\n"));
    for (name, value) in fields {
        out.push_str(&format!("<{name}>{}</{name}>\n", xml::escape(value, false)));
    }
    out.push_str(&format!("</{root}>\n"));
    out
}

/// Reads `root`'s children as (name, unescaped text) pairs, in order.
pub(super) fn read(doc: &str, root: &str) -> Result<Vec<(String, String)>, NoticeError> {
    let element =
        xml::parse(doc.as_bytes(), LIMITS).map_err(|e| NoticeError::Malformed(e.to_string()))?;
    if element.name != root {
        return Err(NoticeError::Malformed(format!(
            "the document does not start with <{root}>"
        )));
    }
    element
        .children
        .into_iter()
        .map(|c| {
            if c.children.is_empty() && c.attributes.is_empty() {
                Ok((c.name, c.text))
            } else {
                Err(NoticeError::Malformed(format!(
                    "<{}> must hold text only",
                    c.name
                )))
            }
        })
        .collect()
}
