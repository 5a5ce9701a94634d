//! The operation catalog: the one source of truth for the WSDL
//! ([`crate::wsdl`]), argument checking ([`Args`]) and results
//! ([`ResultValue`](crate::soap::ResultValue) constructors in `ops/result.rs`).
//!
//! Conventions are those of the real ASMX service, which generated clients
//! (suds, zeep, .NET, node-soap) depend on: simple parameters travel as child
//! elements of the operation wrapper (`<payno>123</payno>`); complex request
//! and result data travel as **XML attributes** of one element
//! (`<ORDER pay_price="1000" …/>`, `<GetIpayAccountNumbResult PayNo="…"/>`);
//! arrays are a wrapper element with one child per item, named after the
//! item type (`<ITEMS><IpayServiceItems …/></ITEMS>`).

use std::fmt;

mod args;
mod catalog;
mod result;

pub use args::{ArgError, Args, Object};
pub use catalog::{OPERATIONS, Op};

/// The XML Schema type of a simple parameter or attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum XsdType {
    /// `xs:int`, a 32-bit signed integer.
    Int,
    /// `xs:long`, a 64-bit signed integer (cart numbers).
    Long,
    /// `xs:string`.
    String,
    /// `xs:boolean`: `true`, `false`, `1`, `0`.
    Boolean,
    /// `xs:decimal`: digits with an optional fraction. Kept as text (money
    /// is never a float here; the caller parses it into its own type).
    Decimal,
    /// `xs:dateTime`: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.f][zone]`.
    DateTime,
}

impl XsdType {
    /// The name after `s:` in the schema (`int`, `dateTime`…).
    pub const fn xsd_name(self) -> &'static str {
        match self {
            XsdType::Int => "int",
            XsdType::Long => "long",
            XsdType::String => "string",
            XsdType::Boolean => "boolean",
            XsdType::Decimal => "decimal",
            XsdType::DateTime => "dateTime",
        }
    }

    /// Whether `value` (as received; surrounding whitespace is allowed, as
    /// .NET's `XmlConvert` allowed it) is a valid lexical form of the type.
    pub fn accepts(self, value: &str) -> bool {
        let v = value.trim();
        match self {
            XsdType::String => true,
            XsdType::Int => v.parse::<i32>().is_ok(),
            XsdType::Long => v.parse::<i64>().is_ok(),
            XsdType::Boolean => matches!(v, "true" | "false" | "1" | "0"),
            XsdType::Decimal => is_decimal(v),
            XsdType::DateTime => is_date_time(v),
        }
    }
}

impl fmt::Display for XsdType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.xsd_name())
    }
}

/// `[+-]digits[.digits]` or `[+-].digits`, at least one digit.
fn is_decimal(v: &str) -> bool {
    let v = v.strip_prefix(['+', '-']).unwrap_or(v);
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    !(int.is_empty() && frac.is_empty())
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fn is_date_time(v: &str) -> bool {
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    if date.len() != 10 || chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
        return false;
    }
    let Some(time) = time else { return true };
    // Split off the zone: `Z`, or `+HH:MM` / `-HH:MM` after the seconds.
    let (clock, zone) = if let Some(c) = time.strip_suffix('Z') {
        (c, None)
    } else if time.len() > 8 && matches!(time.as_bytes().get(time.len() - 6), Some(b'+' | b'-')) {
        let (c, z) = time.split_at(time.len() - 6);
        (c, Some(&z[1..]))
    } else {
        (time, None)
    };
    if let Some(zone) = zone
        && chrono::NaiveTime::parse_from_str(&format!("{zone}:00"), "%H:%M:%S").is_err()
    {
        return false;
    }
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    hms.len() == 8
        && chrono::NaiveTime::parse_from_str(hms, "%H:%M:%S").is_ok()
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// One attribute of a complex type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub ty: XsdType,
    /// `use="optional"` in the schema; required ones are `use="required"`.
    pub optional: bool,
}

/// A complex type: a named set of attributes, and the child elements of
/// other complex types it may carry (the live service's nested form,
/// `<req …><RemittanceMethod …/></req>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ComplexType {
    pub name: &'static str,
    /// The schema the type is declared in: the service's own
    /// ([`NS_IPAY`](crate::soap::NS_IPAY)) or the shared
    /// [`NS_ARCHE`](crate::soap::NS_ARCHE) types an ASMX service publishes
    /// from a referenced assembly, whose elements travel in that namespace.
    pub namespace: &'static str,
    /// Published attributes, in WSDL order.
    pub fields: &'static [Field],
    /// Child elements, each of a type of its own, in WSDL order.
    pub children: &'static [Child],
    /// Attributes read and type-checked but not published: another
    /// spelling merchants send for a published field (the manual's
    /// `OrderID` beside the live `OrderNo`, the flat shipping attributes
    /// beside the nested `ShippingMethod`).
    pub accepted: &'static [Field],
}

/// A child element of a complex type: `<name …/>` of type `ty`, in `ty`'s
/// namespace (declared as a global element of that schema and referenced,
/// as ASMX does for `[XmlElement(Namespace = …)]` members).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Child {
    pub name: &'static str,
    pub ty: &'static ComplexType,
}

impl ComplexType {
    /// The base of every catalog type: the service namespace, no children,
    /// no unpublished spellings.
    pub const PLAIN: ComplexType = ComplexType {
        name: "",
        namespace: crate::soap::NS_IPAY,
        fields: &[],
        children: &[],
        accepted: &[],
    };

    /// The field called `name`, published or only accepted.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields
            .iter()
            .chain(self.accepted)
            .find(|f| f.name == name)
    }

    /// The published field called `name`.
    pub fn published_field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The child element called `name`.
    pub fn child(&self, name: &str) -> Option<&'static Child> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The name of the array type of this item (`ArrayOfGetOrderListResponseT`).
    pub fn array_name(&self) -> String {
        format!("ArrayOf{}", self.name)
    }
}

/// The type of a parameter or result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// A child element with text.
    Simple(XsdType),
    /// An element whose attributes are the type's fields.
    Complex(&'static ComplexType),
    /// A wrapper element (`ArrayOf<item>`) with one child per item, each
    /// named after the item type.
    Array(&'static ComplexType),
}

/// One parameter: a child element of the operation wrapper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// The published name (element names are case-sensitive).
    pub name: &'static str,
    pub ty: TypeRef,
    /// Other spellings accepted but not published (the manual's `payno`
    /// beside the live `payNo`).
    pub also: &'static [&'static str],
}

impl Param {
    /// The parameter's element in the operation wrapper `body`: the
    /// published name first, then the accepted spellings.
    pub fn element<'e>(&self, body: &'e crate::xml::Element) -> Option<&'e crate::xml::Element> {
        body.child(self.name)
            .or_else(|| self.also.iter().find_map(|n| body.child(n)))
    }
}

/// One operation of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// Which operation this is, for an exhaustive `match`.
    pub op: Op,
    pub name: &'static str,
    /// One line in Korean, as the manual describes the operation; shown on
    /// the help page and as `wsdl:documentation`.
    pub doc: &'static str,
    pub params: &'static [Param],
    /// `None` for a void operation.
    pub result: Option<TypeRef>,
}

impl Operation {
    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Whether the operation takes the `EncryptedTicket` header (all but
    /// `test`).
    pub fn needs_ticket(&self) -> bool {
        self.op != Op::Test
    }
}

/// The operation called `name` (exact, case-sensitive as ASMX was).
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.name == name)
}

/// The complex type called `name`.
pub fn complex_type(name: &str) -> Option<&'static ComplexType> {
    catalog::TYPES.iter().copied().find(|t| t.name == name)
}

/// Every complex type, in schema order.
pub fn complex_types() -> &'static [&'static ComplexType] {
    catalog::TYPES
}

#[cfg(test)]
mod tests;
