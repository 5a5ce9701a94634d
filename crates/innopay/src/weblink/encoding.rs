//! §1.3 Web-Link Encoding: how `GoodsName` and `BuyerName` bytes become text.
//!
//! "noencoding: 디코딩 없음, utf-8: utf-8 디코딩, euc-kr: euc-kr 디코딩,
//! url_utf-8: URL 디코드 utf-8, url_euc-kr: URL 디코드 euc-kr". The `url_*`
//! modes mean the merchant URL-encoded the value itself
//! (`URLEncoder.encode(GoodsName, "euc-kr")`) before the form or URL
//! encoding every query value gets, so one more percent-decoding is due.

use crate::percent;
use encoding_rs::{EUC_KR, UTF_8};

/// The `Encoding` parameter's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// `noencoding`: the bytes as they are, read as UTF-8.
    NoEncoding,
    /// `utf-8`, the default.
    Utf8,
    /// `euc-kr`.
    EucKr,
    /// `url_utf-8`: URL-encoded UTF-8.
    UrlUtf8,
    /// `url_euc-kr`: URL-encoded EUC-KR.
    UrlEucKr,
}

impl Encoding {
    /// The manual's spelling, case-insensitive; `""` is the default `utf-8`.
    /// `utf8`/`euckr` without the dash are accepted too (common typos that
    /// name the same charset).
    pub fn parse(text: &str) -> Option<Encoding> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "utf-8" | "utf8" => Some(Encoding::Utf8),
            "noencoding" => Some(Encoding::NoEncoding),
            "euc-kr" | "euckr" => Some(Encoding::EucKr),
            "url_utf-8" | "url_utf8" => Some(Encoding::UrlUtf8),
            "url_euc-kr" | "url_euckr" => Some(Encoding::UrlEucKr),
            _ => None,
        }
    }

    /// The manual's spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::NoEncoding => "noencoding",
            Encoding::Utf8 => "utf-8",
            Encoding::EucKr => "euc-kr",
            Encoding::UrlUtf8 => "url_utf-8",
            Encoding::UrlEucKr => "url_euc-kr",
        }
    }

    /// A Korean field's text from its once-percent-decoded bytes.
    ///
    /// `url_*`: decoded once more. A hand-built GET URL carries the value
    /// single-encoded (`%C5%D7`), a POSTed hidden input double-encoded
    /// (`%25C5%25D7`); after the first decoding both are `%C5%D7` or the raw
    /// bytes, and a second decoding gives the raw bytes either way (only a
    /// literal `+` or `%XX` in a single-encoded value is ambiguous, and then
    /// read as encoded, as the manual says it is).
    pub(crate) fn decode_korean(self, bytes: &[u8]) -> String {
        match self {
            Encoding::NoEncoding => String::from_utf8_lossy(bytes).into_owned(),
            Encoding::Utf8 => utf8_or_euc_kr(bytes),
            Encoding::EucKr => euc_kr_or_utf8(bytes),
            Encoding::UrlUtf8 => utf8_or_euc_kr(&percent::decode(bytes)),
            Encoding::UrlEucKr => euc_kr_or_utf8(&percent::decode(bytes)),
        }
    }

    /// A Korean field as a query value, the way a merchant following §1.3
    /// sends it: `utf-8`/`noencoding` UTF-8 percent-encoded; `euc-kr` EUC-KR
    /// percent-encoded; `url_*` URL-encoded in that charset and then encoded
    /// again as the form POST of a hidden input does (the unambiguous form:
    /// a literal `+` or `%` survives).
    pub(crate) fn encode_korean(self, text: &str) -> String {
        match self {
            Encoding::NoEncoding | Encoding::Utf8 => percent::encode(text.as_bytes()),
            Encoding::EucKr => percent::encode(&EUC_KR.encode(text).0),
            Encoding::UrlUtf8 => percent::encode(percent::encode(text.as_bytes()).as_bytes()),
            Encoding::UrlEucKr => {
                percent::encode(percent::encode(&EUC_KR.encode(text).0).as_bytes())
            }
        }
    }
}

/// UTF-8 if the bytes are UTF-8, EUC-KR otherwise: EUC-KR Hangul is almost
/// never valid UTF-8, so a merchant who forgot `Encoding=euc-kr` is still read
/// right.
pub(crate) fn utf8_or_euc_kr(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => EUC_KR.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// EUC-KR, unless the bytes are not EUC-KR but are UTF-8 — the usual
/// mistake (`Encoding=euc-kr` from a UTF-8 page), read as the merchant meant.
fn euc_kr_or_utf8(bytes: &[u8]) -> String {
    let (text, had_errors) = EUC_KR.decode_without_bom_handling(bytes);
    if had_errors && let Some(s) = UTF_8.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return s.into_owned();
    }
    text.into_owned()
}
