//! Typed reading of an operation's arguments, checked against the catalog.
//!
//! [`Args::read`] checks every value that is present against its xsd type
//! up front, so a malformed number becomes one [`ArgError`] (a `soap:Client`
//! fault, as ASMX answered "Input string was not in a correct format")
//! before any business logic runs. Missing values are not errors here:
//! iPay answers a missing cart field with a negative code, not a fault, so
//! the server decides. The accessors then cannot fail on a present value.
//!
//! Elements are matched by local name only: hand-written envelopes put
//! `<ORDER>` in the operation's default namespace, generated clients
//! sometimes leave it unqualified, and ASMX read both.

use std::ops::Deref;

use thiserror::Error;

use super::{ComplexType, Operation, TypeRef, XsdType};
use crate::soap::FaultCode;
use crate::xml::Element;

/// A value that does not fit its declared type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ArgError {
    /// `name` is the parameter (`payno`) or `param.attribute`
    /// (`ORDER.pay_price`, `ITEMS.IpayServiceItems[2].order_qty`).
    #[error("Input string was not in a correct format: {name} must be {expected}, got {value:?}")]
    WrongType {
        name: String,
        expected: XsdType,
        value: String,
    },
}

impl ArgError {
    /// Always the caller's fault.
    pub const fn fault_code(&self) -> FaultCode {
        FaultCode::Client
    }
}

/// The checked arguments of one call.
#[derive(Clone, Copy, Debug)]
pub struct Args<'a> {
    op: &'a Operation,
    body: &'a Element,
}

impl<'a> Args<'a> {
    /// Checks `body` (the operation wrapper, [`crate::soap::Request::body`])
    /// against `op`'s parameters.
    pub fn read(op: &'a Operation, body: &'a Element) -> Result<Args<'a>, ArgError> {
        for param in op.params {
            let Some(element) = param.element(body) else {
                continue;
            };
            match param.ty {
                TypeRef::Simple(ty) => check(ty, element.name.clone(), &element.text)?,
                TypeRef::Complex(ty) => check_attrs(ty, param.name, element)?,
                TypeRef::Array(ty) => {
                    for (i, item) in element.children_named(ty.name).enumerate() {
                        check_attrs(ty, &format!("{}.{}[{i}]", param.name, ty.name), item)?;
                    }
                }
            }
        }
        Ok(Args { op, body })
    }

    /// The operation these arguments were checked against.
    pub fn operation(&self) -> &'a Operation {
        self.op
    }

    fn simple(&self, param: &str, ty: XsdType) -> Option<&'a str> {
        debug_assert!(
            self.op
                .param(param)
                .is_some_and(|p| p.ty == TypeRef::Simple(ty) || ty == XsdType::String),
            "{} has no {ty} parameter {param}",
            self.op.name
        );
        self.op
            .param(param)
            .and_then(|p| p.element(self.body))
            .map(|e| e.text.trim())
    }

    /// An `xs:int` parameter; `None` when absent.
    pub fn int(&self, param: &str) -> Option<i32> {
        self.simple(param, XsdType::Int)?.parse().ok()
    }

    /// An `xs:long` parameter; `None` when absent.
    pub fn long(&self, param: &str) -> Option<i64> {
        self.simple(param, XsdType::Long)?.parse().ok()
    }

    /// An `xs:boolean` parameter; `None` when absent.
    pub fn boolean(&self, param: &str) -> Option<bool> {
        self.simple(param, XsdType::Boolean)
            .map(|v| matches!(v, "true" | "1"))
    }

    /// A simple parameter's trimmed text, whatever its type.
    pub fn string(&self, param: &str) -> Option<&'a str> {
        self.simple(param, XsdType::String)
    }

    /// A complex parameter's element; `None` when absent.
    pub fn object(&self, param: &str) -> Option<Object<'a>> {
        let Some(p) = self.op.param(param) else {
            debug_assert!(false, "{} has no parameter {param}", self.op.name);
            return None;
        };
        let TypeRef::Complex(ty) = p.ty else {
            debug_assert!(false, "{} has no complex parameter {param}", self.op.name);
            return None;
        };
        p.element(self.body).map(|element| Object { ty, element })
    }

    /// An array parameter's items (empty when absent or empty).
    pub fn list(&self, param: &str) -> Vec<Object<'a>> {
        let Some(TypeRef::Array(ty)) = self.op.param(param).map(|p| p.ty) else {
            debug_assert!(false, "{} has no array parameter {param}", self.op.name);
            return Vec::new();
        };
        self.body
            .child(param)
            .map(|wrapper| {
                wrapper
                    .children_named(ty.name)
                    .map(|element| Object { ty, element })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A checked complex-type element: derefs to the [`Element`], and its
/// `attr_*` getters are checked (in debug builds) against the type, so the
/// server cannot ask for a field the WSDL does not publish.
#[derive(Clone, Copy, Debug)]
pub struct Object<'a> {
    ty: &'static ComplexType,
    element: &'a Element,
}

impl<'a> Object<'a> {
    /// The complex type this element was checked against.
    pub fn complex_type(&self) -> &'static ComplexType {
        self.ty
    }

    /// The underlying element.
    pub fn element(&self) -> &'a Element {
        self.element
    }

    fn get(&self, name: &str, ty: XsdType) -> Option<&'a str> {
        debug_assert!(
            self.ty
                .field(name)
                .is_some_and(|f| f.ty == ty || ty == XsdType::String),
            "{} has no {ty} field {name}",
            self.ty.name
        );
        self.element.attr(name)
    }

    /// An `xs:int` attribute; `None` when absent.
    pub fn attr_int(&self, name: &str) -> Option<i32> {
        self.get(name, XsdType::Int)?.trim().parse().ok()
    }

    /// An `xs:long` attribute; `None` when absent.
    pub fn attr_long(&self, name: &str) -> Option<i64> {
        self.get(name, XsdType::Long)?.trim().parse().ok()
    }

    /// An `xs:boolean` attribute; `None` when absent.
    pub fn attr_bool(&self, name: &str) -> Option<bool> {
        self.get(name, XsdType::Boolean)
            .map(|v| matches!(v.trim(), "true" | "1"))
    }

    /// An `xs:decimal` attribute's trimmed text (checked digits; the caller
    /// parses it into its money type).
    pub fn attr_decimal(&self, name: &str) -> Option<&'a str> {
        self.get(name, XsdType::Decimal).map(str::trim)
    }

    /// An `xs:dateTime` attribute's trimmed text (checked form).
    pub fn attr_date_time(&self, name: &str) -> Option<&'a str> {
        self.get(name, XsdType::DateTime).map(str::trim)
    }

    /// Any attribute's value as sent (strings are not trimmed: ASMX kept
    /// them as written).
    pub fn attr_str(&self, name: &str) -> Option<&'a str> {
        self.get(name, XsdType::String)
    }

    /// The child element `name` the type declares (matched by local name,
    /// so `Arche.API.xsd`, `Arche.APISvc.xsd` and an unqualified child all
    /// read the same); `None` when absent.
    pub fn child(&self, name: &str) -> Option<Object<'a>> {
        let Some(child) = self.ty.child(name) else {
            debug_assert!(false, "{} has no child {name}", self.ty.name);
            return None;
        };
        self.element.child(name).map(|element| Object {
            ty: child.ty,
            element,
        })
    }

    /// The first present of the attributes `names`, as sent (a field the
    /// live service and the manual spell differently: `OrderNo`, `OrderID`).
    pub fn first_str(&self, names: &[&str]) -> Option<&'a str> {
        names.iter().find_map(|n| self.attr_str(n))
    }
}

impl Deref for Object<'_> {
    type Target = Element;

    fn deref(&self) -> &Element {
        self.element
    }
}

fn check(ty: XsdType, name: String, value: &str) -> Result<(), ArgError> {
    if ty.accepts(value) {
        Ok(())
    } else {
        Err(ArgError::WrongType {
            name,
            expected: ty,
            value: value.to_string(),
        })
    }
}

/// Checks the attributes of `element` that `ty` declares (published or
/// accepted), and those of its declared children; others are ignored, as
/// ASMX's serializer ignored them.
fn check_attrs(ty: &ComplexType, path: &str, element: &Element) -> Result<(), ArgError> {
    for (name, value) in &element.attributes {
        if let Some(field) = ty.field(name) {
            check(field.ty, format!("{path}.{name}"), value)?;
        }
    }
    for child in ty.children {
        for e in element.children_named(child.name) {
            check_attrs(child.ty, &format!("{path}.{}", child.name), e)?;
        }
    }
    Ok(())
}
