//! [`ResultValue`] constructors tied to an operation's declared result.
//!
//! Taking the [`Operation`] rather than a free type name means the server
//! cannot send `GetIpayAccountNumb` the fields of another type; in debug
//! builds every field name and value is checked against the catalog, so a
//! typo or a renamed field fails the tests instead of silently breaking
//! generated clients that read attributes by name.

use super::{ComplexType, Operation, TypeRef};
use crate::soap::ResultValue;

fn check_fields(ty: &ComplexType, fields: &[(String, String)]) {
    if cfg!(debug_assertions) {
        for (name, value) in fields {
            let field = ty.field(name);
            assert!(field.is_some(), "{} has no field {name}", ty.name);
            if let Some(field) = field {
                assert!(
                    field.ty.accepts(value),
                    "{}.{name} must be {}, got {value:?}",
                    ty.name,
                    field.ty
                );
            }
        }
    }
}

fn own<'k>(fields: impl IntoIterator<Item = (&'k str, String)>) -> Vec<(String, String)> {
    fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

impl ResultValue {
    /// The result of a void operation.
    pub fn void(op: &Operation) -> ResultValue {
        debug_assert!(op.result.is_none(), "{} is not void", op.name);
        ResultValue::None
    }

    /// A simple result (`<OpResult>value</OpResult>`).
    pub fn simple(op: &Operation, value: impl ToString) -> ResultValue {
        let value = value.to_string();
        if cfg!(debug_assertions) {
            match op.result {
                Some(TypeRef::Simple(ty)) => {
                    assert!(
                        ty.accepts(&value),
                        "{} returns {ty}, got {value:?}",
                        op.name
                    )
                }
                _ => panic!("{} does not return a simple value", op.name),
            }
        }
        ResultValue::Text(value)
    }

    /// A complex result: `(field, value)` pairs become attributes of
    /// `<OpResult>`, in the order given.
    pub fn object<'k>(
        op: &Operation,
        fields: impl IntoIterator<Item = (&'k str, String)>,
    ) -> ResultValue {
        let fields = own(fields);
        match op.result {
            Some(TypeRef::Complex(ty)) => check_fields(ty, &fields),
            _ => debug_assert!(false, "{} does not return a complex type", op.name),
        }
        ResultValue::Attrs(fields)
    }

    /// An array result: one item element per row.
    pub fn rows<'k, R>(op: &Operation, rows: impl IntoIterator<Item = R>) -> ResultValue
    where
        R: IntoIterator<Item = (&'k str, String)>,
    {
        let rows: Vec<_> = rows.into_iter().map(own).collect();
        let item = match op.result {
            Some(TypeRef::Array(ty)) => {
                for row in &rows {
                    check_fields(ty, row);
                }
                ty.name.to_string()
            }
            _ => {
                debug_assert!(false, "{} does not return an array", op.name);
                String::new()
            }
        };
        ResultValue::List { item, rows }
    }
}

/// A valid sample value of `ty`, for tests.
#[cfg(test)]
pub(crate) fn sample(ty: super::XsdType) -> &'static str {
    match ty {
        super::XsdType::Int | super::XsdType::Long => "0",
        super::XsdType::String => "string",
        super::XsdType::Boolean => "true",
        super::XsdType::Decimal => "0.0",
        super::XsdType::DateTime => "2024-01-31T12:00:00",
    }
}
