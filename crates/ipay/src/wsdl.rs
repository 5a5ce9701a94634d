//! The service description, generated from the catalog ([`crate::ops`]).
//!
//! The shape is what an ASP.NET ASMX service publishes, because merchant
//! code is generated from it (suds, zeep, .NET `wsdl.exe`, node-soap):
//! document/literal wrapped, one schema in the target namespace with an
//! `<Op>` and `<OpResponse>` element per operation, complex types carrying
//! their data as `s:attribute`s, arrays as `ArrayOfX`; a second schema for
//! the `EncryptedTicket` header; one portType and two bindings (SOAP 1.1
//! and 1.2) on the same operations; the `IpayService` service with a port
//! per binding. Generating it from the catalog means the WSDL, argument
//! checking and results cannot disagree.

use std::fmt::Write as _;

use crate::ops::{ComplexType, OPERATIONS, Operation, TypeRef, XsdType, complex_types};
use crate::soap::{NS_ARCHE, NS_IPAY, NS_SECURITY, soap_action};
use crate::xml::escape;

mod help;

pub use help::help_page;

/// The complete WSDL 1.1 document with both ports at `service_url`
/// (e.g. `https://pg.example/ArcheSystem/IpayService.asmx`).
pub fn wsdl(service_url: &str) -> String {
    let mut w = String::with_capacity(64 * 1024);
    w.push_str(r#"<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tm="http://microsoft.com/wsdl/mime/textMatching/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:tns="http://www.auction.co.kr/IpayService/Ipay" xmlns:s1="http://www.auction.co.kr/Security" xmlns:s2="http://schema.auction.co.kr/Arche.API.xsd" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" targetNamespace="http://www.auction.co.kr/IpayService/Ipay" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">
  <wsdl:types>
"#);
    schema(&mut w);
    shared_schema(&mut w);
    security_schema(&mut w);
    w.push_str("  </wsdl:types>\n");
    for op in OPERATIONS {
        let n = op.name;
        let _ = write!(
            w,
            r#"  <wsdl:message name="{n}SoapIn">
    <wsdl:part name="parameters" element="tns:{n}" />
  </wsdl:message>
  <wsdl:message name="{n}SoapOut">
    <wsdl:part name="parameters" element="tns:{n}Response" />
  </wsdl:message>
"#
        );
    }
    w.push_str(
        r#"  <wsdl:message name="EncryptedTicketHeader">
    <wsdl:part name="EncryptedTicket" element="s1:EncryptedTicket" />
  </wsdl:message>
  <wsdl:portType name="IpayServiceSoap">
"#,
    );
    for op in OPERATIONS {
        let n = op.name;
        let _ = write!(
            w,
            r#"    <wsdl:operation name="{n}">
      <wsdl:documentation xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">{}</wsdl:documentation>
      <wsdl:input message="tns:{n}SoapIn" />
      <wsdl:output message="tns:{n}SoapOut" />
    </wsdl:operation>
"#,
            escape(op.doc, false)
        );
    }
    w.push_str("  </wsdl:portType>\n");
    binding(&mut w, "IpayServiceSoap", "soap");
    binding(&mut w, "IpayServiceSoap12", "soap12");
    let url = escape(service_url, true);
    let _ = write!(
        w,
        r#"  <wsdl:service name="IpayService">
    <wsdl:port name="IpayServiceSoap" binding="tns:IpayServiceSoap">
      <soap:address location="{url}" />
    </wsdl:port>
    <wsdl:port name="IpayServiceSoap12" binding="tns:IpayServiceSoap12">
      <soap12:address location="{url}" />
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>"#
    );
    w
}

/// `s:int` or `tns:IpayServiceOrder` or `tns:ArrayOfGetOrderListResponseT`.
fn type_name(ty: TypeRef) -> String {
    match ty {
        TypeRef::Simple(t) => format!("s:{}", t.xsd_name()),
        TypeRef::Complex(t) => format!("{}:{}", prefix(t), t.name),
        TypeRef::Array(t) => format!("tns:{}", t.array_name()),
    }
}

/// The WSDL's prefix for the schema `ty` is declared in.
fn prefix(ty: &ComplexType) -> &'static str {
    if ty.namespace == NS_ARCHE {
        "s2"
    } else {
        "tns"
    }
}

/// ASMX made value types (`int`, `long`, `boolean`, `decimal`, `dateTime`)
/// `minOccurs="1"` and reference types (strings, objects, arrays) optional.
fn min_occurs(ty: TypeRef) -> u8 {
    match ty {
        TypeRef::Simple(XsdType::String) | TypeRef::Complex(_) | TypeRef::Array(_) => 0,
        TypeRef::Simple(_) => 1,
    }
}

/// The wrapper element of a request or response: a sequence of elements.
fn wrapper(w: &mut String, name: &str, elements: &[(&str, TypeRef)]) {
    if elements.is_empty() {
        let _ = writeln!(
            w,
            r#"      <s:element name="{name}">
        <s:complexType />
      </s:element>"#
        );
        return;
    }
    let _ = write!(
        w,
        "      <s:element name=\"{name}\">\n        <s:complexType>\n          <s:sequence>\n"
    );
    for (n, ty) in elements {
        let _ = writeln!(
            w,
            r#"            <s:element minOccurs="{}" maxOccurs="1" name="{n}" type="{}" />"#,
            min_occurs(*ty),
            type_name(*ty)
        );
    }
    w.push_str("          </s:sequence>\n        </s:complexType>\n      </s:element>\n");
}

fn schema(w: &mut String) {
    let _ = writeln!(
        w,
        r#"    <s:schema elementFormDefault="qualified" targetNamespace="{NS_IPAY}">
      <s:import namespace="{NS_ARCHE}" />"#
    );
    for op in OPERATIONS {
        wrapper_pair(w, op);
    }
    for ty in complex_types().iter().filter(|t| t.namespace == NS_IPAY) {
        complex(w, ty);
    }
    // Array types, once each, in the order their items were declared.
    for ty in complex_types() {
        let used_as_array = OPERATIONS.iter().any(|op| {
            op.params
                .iter()
                .map(|p| p.ty)
                .chain(op.result)
                .any(|t| t == TypeRef::Array(ty))
        });
        if used_as_array {
            let _ = write!(
                w,
                r#"      <s:complexType name="{}">
        <s:sequence>
          <s:element minOccurs="0" maxOccurs="unbounded" name="{}" nillable="true" type="tns:{}" />
        </s:sequence>
      </s:complexType>
"#,
                ty.array_name(),
                ty.name,
                ty.name
            );
        }
    }
    w.push_str("    </s:schema>\n");
}

fn wrapper_pair(w: &mut String, op: &Operation) {
    let params: Vec<_> = op.params.iter().map(|p| (p.name, p.ty)).collect();
    wrapper(w, op.name, &params);
    let result_name = format!("{}Result", op.name);
    let result: Vec<_> = op
        .result
        .map(|t| (result_name.as_str(), t))
        .into_iter()
        .collect();
    wrapper(w, &format!("{}Response", op.name), &result);
}

/// The schema of the shared types the live service nests in requests
/// (`RemittanceMethodT`…), in their own namespace: each nested type, and a
/// global element per child name that the parents reference.
fn shared_schema(w: &mut String) {
    let _ = writeln!(
        w,
        r#"    <s:schema elementFormDefault="qualified" targetNamespace="{NS_ARCHE}">"#
    );
    let mut declared: Vec<&str> = Vec::new();
    for parent in complex_types() {
        for c in parent
            .children
            .iter()
            .filter(|c| c.ty.namespace == NS_ARCHE)
        {
            if !declared.contains(&c.name) {
                declared.push(c.name);
                let _ = writeln!(
                    w,
                    r#"      <s:element name="{}" type="s2:{}" />"#,
                    c.name, c.ty.name
                );
            }
        }
    }
    for ty in complex_types().iter().filter(|t| t.namespace == NS_ARCHE) {
        complex(w, ty);
    }
    w.push_str("    </s:schema>\n");
}

fn complex(w: &mut String, ty: &ComplexType) {
    let _ = writeln!(w, r#"      <s:complexType name="{}">"#, ty.name);
    if !ty.children.is_empty() {
        w.push_str("        <s:sequence>\n");
        for c in ty.children {
            let _ = writeln!(
                w,
                r#"          <s:element minOccurs="0" maxOccurs="1" ref="{}:{}" />"#,
                prefix(c.ty),
                c.name
            );
        }
        w.push_str("        </s:sequence>\n");
    }
    for f in ty.fields {
        let usage = if f.optional { "optional" } else { "required" };
        let _ = writeln!(
            w,
            r#"        <s:attribute name="{}" type="s:{}" use="{usage}" />"#,
            f.name,
            f.ty.xsd_name()
        );
    }
    w.push_str("      </s:complexType>\n");
}

fn security_schema(w: &mut String) {
    let _ = write!(
        w,
        r#"    <s:schema elementFormDefault="qualified" targetNamespace="{NS_SECURITY}">
      <s:element name="EncryptedTicket" type="s1:EncryptedTicket" />
      <s:complexType name="EncryptedTicket">
        <s:sequence>
          <s:element minOccurs="0" maxOccurs="1" name="Value" type="s:string" />
        </s:sequence>
        <s:anyAttribute />
      </s:complexType>
    </s:schema>
"#
    );
}

fn binding(w: &mut String, name: &str, p: &str) {
    let _ = write!(
        w,
        r#"  <wsdl:binding name="{name}" type="tns:IpayServiceSoap">
    <{p}:binding transport="http://schemas.xmlsoap.org/soap/http" />
"#
    );
    for op in OPERATIONS {
        let header = if op.needs_ticket() {
            format!(
                "\n        <{p}:header message=\"tns:EncryptedTicketHeader\" part=\"EncryptedTicket\" use=\"literal\" />"
            )
        } else {
            String::new()
        };
        let _ = write!(
            w,
            r#"    <wsdl:operation name="{n}">
      <{p}:operation soapAction="{a}" style="document" />
      <wsdl:input>
        <{p}:body use="literal" />{header}
      </wsdl:input>
      <wsdl:output>
        <{p}:body use="literal" />
      </wsdl:output>
    </wsdl:operation>
"#,
            n = op.name,
            a = soap_action(op.name)
        );
    }
    w.push_str("  </wsdl:binding>\n");
}

#[cfg(test)]
mod tests;
