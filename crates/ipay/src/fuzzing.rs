//! The body of the `ipay_soap` fuzz target (`fuzz/`), shared with the
//! proptest harness in this module's tests so CI runs it briefly on stable.
//!
//! Not part of the protocol's API: hidden from the docs, and free to change.

use crate::cart::read_cart;
use crate::notice::IpayNotice;
use crate::ops::{self, Args, Op};
use crate::soap;
use crate::xml::{self, Element, Limits, XmlError};

/// Tight limits beside the server's, so the limit paths are reached with
/// inputs a fuzzer can build.
const SMALL: Limits = Limits {
    max_depth: 8,
    max_bytes: 2048,
};

/// Splits fuzz input into an optional `Content-Type` charset, an optional
/// `SOAPAction` header and a body: bit 0 of the first byte says a charset
/// line follows, bit 1 an action line.
pub fn split_headers(data: &[u8]) -> (Option<String>, Option<String>, &[u8]) {
    let Some((flag, mut rest)) = data.split_first() else {
        return (None, None, data);
    };
    let mut line = |on: bool| -> Option<String> {
        if !on {
            return None;
        }
        let end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
        let text = String::from_utf8_lossy(&rest[..end]).into_owned();
        rest = rest.get(end + 1..).unwrap_or_default();
        Some(text)
    };
    let charset = line(flag & 1 == 1);
    let action = line(flag & 2 == 2);
    (charset, action, rest)
}

/// Feeds `data` to everything the server runs on iPay bytes: the XML reader
/// (with the server's limits and tight ones, by BOM, declaration or
/// charset), the SOAP request reader, the catalog's argument checks and the
/// cart reader for the cart operations; and the merchant-side readers
/// (response envelopes, `IpayResponse` notices). Panics (the fuzz finding)
/// when a reader panics, a limit is exceeded, or a round trip does not hold.
pub fn ipay_soap(data: &[u8]) {
    let (charset, action, body) = split_headers(data);

    for limits in [Limits::default(), SMALL] {
        match xml::parse_declared(body, charset.as_deref(), limits) {
            Ok(root) => {
                assert!(body.len() <= limits.max_bytes, "size limit not enforced");
                assert!(depth(&root) <= limits.max_depth, "depth limit not enforced");
                // What the writer writes, the reader reads back the same.
                let written = xml::write(&root);
                let again = xml::parse(written.as_bytes(), Limits::default());
                assert_eq!(again.as_ref(), Ok(&root), "xml round trip of {written}");
            }
            Err(XmlError::TooLarge { .. }) => {
                assert!(body.len() > limits.max_bytes, "refused as too large");
            }
            Err(_) => {}
        }
    }

    if let Ok(request) = soap::parse_request_in(
        body,
        charset.as_deref(),
        action.as_deref(),
        Limits::default(),
    ) {
        call(&request);
    }
    let _ = soap::parse_reply(body, Limits::default());

    let text = String::from_utf8_lossy(body);
    if let Ok(notice) = IpayNotice::parse(&text) {
        let _ = notice.to_xml();
    }
}

/// What the endpoint does with a parsed envelope before it needs the store.
fn call(request: &soap::Request) {
    let Some(op) = ops::operation(&request.operation) else {
        return;
    };
    let Ok(args) = Args::read(op, &request.body) else {
        return;
    };
    if matches!(op.op, Op::InsertIpayOrderToLong | Op::InsertIpayOrder) {
        let order = args.object("ORDER");
        let items = args.list("ITEMS");
        let items: Vec<&Element> = items.iter().map(|o| o.element()).collect();
        if let Ok(cart) = read_cart(order.as_ref().map(|o| o.element()), &items) {
            let _ = cart.goods_name();
        }
    }
}

/// Nesting depth of `e` (a lone root is 1), without recursion.
fn depth(e: &Element) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(e, 1)];
    while let Some((e, d)) = stack.pop() {
        deepest = deepest.max(d);
        stack.extend(e.children.iter().map(|c| (c, d + 1)));
    }
    deepest
}

#[cfg(test)]
mod tests;
