//! A small, safe XML reader: bytes in, an owned [`Element`] tree out.
//!
//! Merchant SOAP requests are untrusted input. The reader refuses what a
//! SOAP message never needs and an attacker would use: any `<!DOCTYPE>`
//! (so no entity expansion and no external entities), references other than
//! the five predefined entities and numeric character references, nesting
//! deeper than [`Limits::max_depth`], and documents larger than
//! [`Limits::max_bytes`]. Names are kept with their namespace URI resolved,
//! so `soap:Body`, `soap12:Body` and an unprefixed `Body` in the default
//! namespace compare by what they mean, not by how they were spelled.

use thiserror::Error;

/// Bounds on what the reader accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Maximum nesting depth of elements (the envelope itself is depth 1).
    pub max_depth: usize,
    /// Maximum size of the whole document in bytes.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_bytes: 1024 * 1024,
        }
    }
}

/// One element: its name, attributes, child elements and text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// The local name, without prefix (`Envelope` for `soap:Envelope`).
    pub name: String,
    /// The resolved namespace URI, empty when the element has none.
    pub namespace: String,
    /// Attributes in document order: local name (prefix dropped) and the
    /// unescaped value. `xmlns` declarations are not included.
    pub attributes: Vec<(String, String)>,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// The element's own text (text and CDATA directly inside it, joined and
    /// unescaped; whitespace kept as written).
    pub text: String,
}

impl Element {
    /// A new element with no namespace, attributes, children or text.
    pub fn new(name: impl Into<String>) -> Self {
        Element {
            name: name.into(),
            ..Element::default()
        }
    }

    /// Builder: adds an attribute.
    pub fn with_attr(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attributes.push((name.into(), value.into()));
        self
    }

    /// Builder: adds a child element.
    pub fn with_child(mut self, child: Element) -> Self {
        self.children.push(child);
        self
    }

    /// Builder: sets the text.
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = text.into();
        self
    }

    /// The value of the attribute whose local name is `name`. ASMX matched
    /// attribute names exactly; so do we.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child element with local name `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child element with local name `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child named `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }
}

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum XmlError {
    #[error("the document is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("elements are nested deeper than {limit} levels")]
    TooDeep { limit: usize },
    #[error("document type declarations are not allowed")]
    DoctypeForbidden,
    #[error("unknown entity reference &{0};")]
    UnknownEntity(String),
    #[error("the document has no root element")]
    Empty,
    #[error("malformed XML: {0}")]
    Malformed(String),
}

mod read;
mod write;

pub use write::{escape, escape_into};

/// Parses a document into its root [`Element`], refusing anything outside
/// the [`Limits`] and any DTD or unknown entity (see the module docs).
///
/// A byte order mark and whitespace before the XML declaration are
/// tolerated, as ASMX tolerated them. The encoding is the BOM's, else the
/// XML declaration's, else UTF-8 (see [`parse_declared`]).
pub fn parse(bytes: &[u8], limits: Limits) -> Result<Element, XmlError> {
    read::parse(bytes, None, limits)
}

/// [`parse`], with the `charset` of the HTTP `Content-Type` as the
/// encoding when neither a byte order mark nor the XML declaration names
/// one (`euc-kr` envelopes from Korean shops, UTF-16 with a BOM).
pub fn parse_declared(
    bytes: &[u8],
    charset: Option<&str>,
    limits: Limits,
) -> Result<Element, XmlError> {
    read::parse(bytes, charset, limits)
}

/// Writes an element tree as XML text (no declaration). Text and attribute
/// values are escaped; a default namespace declaration is emitted where an
/// element's namespace differs from its parent's.
pub fn write(element: &Element) -> String {
    write::write(element)
}

/// Writes `element` into `out` as a child of an element in namespace
/// `parent_ns` (used to embed trees in hand-written envelopes).
pub fn write_into(out: &mut String, element: &Element, parent_ns: &str) {
    write::write_into(out, element, parent_ns);
}

impl Element {
    /// Builder: sets the namespace URI.
    pub fn with_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = namespace.into();
        self
    }

    /// The first child element with local name `name` in `namespace`.
    pub fn child_ns(&self, namespace: &str, name: &str) -> Option<&Element> {
        self.children
            .iter()
            .find(|c| c.name == name && c.namespace == namespace)
    }
}

#[cfg(test)]
mod tests;
