//! The body of the `innopay_json` fuzz target (`fuzz/`), shared with the
//! proptest harness in this module's tests so CI runs it briefly on stable.
//!
//! Not part of the protocol's API: hidden from the docs, and free to change.

use crate::{
    CancelReply, CancelRequest, Notification, ResultCode, SmsPayReply, SmsPayRequest, SmsProduct,
    WebLinkEvent, WebLinkRequest, card_company_by_name, card_company_name, fields,
    payment_id_of_tid, read_object_declared,
};
use gyeolje_core::Timestamp;

/// 2018-03-13 10:00:00 KST, the day of the manual's examples: a fixed
/// `now`, so a finding replays the same way whenever it is run.
const NOW: Timestamp = Timestamp::from_millis(1_520_902_800_000);

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

/// Feeds `data` to every reader the server runs on InnoPay bytes: the JSON
/// object reader (UTF-8 or EUC-KR by `Content-Type`) behind `smsPayApi`,
/// `cancelApi` and the notify settings, both requests' validation, the
/// Web-Link parameter reader and its validation, and the merchant-side
/// readers (replies, notifications, Web-Link events), with the field
/// readers on every value. Panics (the fuzz finding) when a reader panics or
/// a round trip does not hold.
pub fn innopay_json(data: &[u8]) {
    let (content_type, body) = split_content_type(data);
    let content_type = content_type.as_deref();

    if let Ok(fields) = read_object_declared(body, content_type) {
        for (name, value) in &fields {
            field_readers(name, value);
        }
    }
    if let Ok(req) = SmsPayRequest::from_body(body, content_type) {
        let _ = req.validate(NOW);
    }
    if let Ok(req) = CancelRequest::from_body(body, content_type) {
        let _ = req.validate();
    }
    let _ = SmsPayReply::from_json(body);
    let _ = CancelReply::parse(body);

    let weblink = WebLinkRequest::from_urlencoded(body);
    let _ = weblink.validate(NOW);
    let _ = WebLinkRequest::from_urlencoded(weblink.to_query().as_bytes());

    let text = String::from_utf8_lossy(body);
    if let Ok(n) = Notification::parse(&text) {
        let again = Notification::parse(&n.to_body());
        assert_eq!(again.as_ref(), Ok(&n), "notification round trip");
        let _ = n.status();
    }
    if let Some(event) = WebLinkEvent::parse(&text) {
        assert_eq!(
            WebLinkEvent::parse(&event.to_body()),
            Some(event),
            "web-link event round trip"
        );
    }
}

/// The field readers, each on one value (they are called on request fields
/// after the JSON has been read).
fn field_readers(name: &str, value: &str) {
    let _ = fields::parse_amount(name, value);
    let _ = fields::parse_optional_amount(name, value);
    let _ = fields::parse_tel(name, value);
    if let Ok(at) = fields::parse_pay_exp_date(name, value) {
        let _ = fields::format_pay_exp(at);
    }
    let _ = fields::check_len(name, value, 20);
    let _ = fields::looks_like_email(value);
    let _ = payment_id_of_tid(value);
    let _ = ResultCode::parse(value);
    let _ = SmsProduct::parse(value);
    let _ = card_company_name(value);
    let _ = card_company_by_name(value);
}

#[cfg(test)]
mod tests;
