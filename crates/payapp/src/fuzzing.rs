//! The body of the `payapp_form` fuzz target (`fuzz/`), shared with the
//! proptest harness in this module's tests so CI runs it briefly on stable.
//!
//! Not part of the protocol's API: hidden from the docs, and free to change.

use crate::{
    Cmd, Feedback, Form, PayCancel, PayCancelReq, PayRequest, SellerRegist, SubIdRegist,
    UseridCheck,
    cash::{CashSt, CashStCn},
    codec::{encode_pairs, parse_reply},
};

/// Splits fuzz input into an optional `Content-Type` and a body: when the
/// first byte is odd, the text up to the first newline is the header.
pub fn split_content_type(data: &[u8]) -> (Option<String>, &[u8]) {
    match data.split_first() {
        Some((flag, rest)) if flag & 1 == 1 => {
            let end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
            let header = String::from_utf8_lossy(&rest[..end]).into_owned();
            (Some(header), rest.get(end + 1..).unwrap_or_default())
        }
        Some((_, rest)) => (None, rest),
        None => (None, data),
    }
}

/// Feeds `data` to every decoder the server runs on PayApp bytes: the REST
/// API's strict decoder (urlencoded or multipart, UTF-8 or EUC-KR), the Lite
/// popup's lenient one, every command's request reader, the feedback reader
/// and the reply reader. Panics (the fuzz finding) when a decoder panics or
/// a round trip does not hold.
pub fn payapp_form(data: &[u8]) {
    let (content_type, body) = split_content_type(data);
    let content_type = content_type.as_deref();

    if let Ok(form) = Form::parse(body) {
        // encode_pairs is the inverse of parse on what parse produces.
        let again = Form::parse(encode_pairs(form.iter()).as_bytes());
        assert_eq!(again.as_ref(), Ok(&form), "urlencoded round trip");
        requests(&form);
    }
    if let Ok(form) = Form::parse_body(content_type, body) {
        requests(&form);
    }
    let _ = Form::parse_with_charset(body);
    requests(&Form::decode_lenient(body));
    requests(&Form::decode_body_lenient(content_type, body));

    if let Ok(feedback) = Feedback::parse(body) {
        let _ = feedback.to_body();
        let _ = feedback.verify("payapptest", "key", "val", feedback.price);
    }
    let _ = parse_reply(&String::from_utf8_lossy(body));
}

/// Every command's reader over one decoded form, and each accepted
/// request's own encoding read back.
fn requests(form: &Form) {
    let _ = form.get("cmd").and_then(Cmd::parse);
    if let Ok(r) = PayRequest::from_form(form) {
        let again = PayRequest::from_form(&Form::from_pairs(r.to_form()));
        assert!(again.is_ok(), "payrequest to_form reads back: {again:?}");
    }
    if let Ok(r) = PayCancel::from_form(form) {
        let _ = PayCancel::from_form(&Form::from_pairs(r.to_form()));
    }
    if let Ok(r) = PayCancelReq::from_form(form) {
        let _ = PayCancelReq::from_form(&Form::from_pairs(r.to_form()));
    }
    if let Ok(r) = SellerRegist::from_form(form) {
        let _ = SellerRegist::from_form(&Form::from_pairs(r.to_form()));
    }
    if let Ok(r) = UseridCheck::from_form(form) {
        let _ = UseridCheck::from_form(&Form::from_pairs(r.to_form()));
    }
    if let Ok(r) = SubIdRegist::from_form(form) {
        let _ = SubIdRegist::from_form(&Form::from_pairs(r.to_form()));
    }
    if let Ok(r) = CashSt::from_form(form) {
        let _ = CashSt::from_form(&Form::from_pairs(r.to_form()));
    }
    if let Ok(r) = CashStCn::from_form(form) {
        let _ = CashStCn::from_form(&Form::from_pairs(r.to_form()));
    }
}

#[cfg(test)]
mod tests;
