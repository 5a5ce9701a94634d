//! Web-Link `/api/cardInterface` (§1.1–1.3): the merchant opens InnoPay's
//! SMS payment window with query parameters, by GET or (recommended) POST.
//!
//! Parameter names are case-sensitive (§1.1 "대소문자 구분"), except that
//! `svcPrdtCd` is also read as `SvcPrdtCd`, the spelling of the manual's own
//! SMS 인증 example URL. Bytes are percent-decoded here, before any charset,
//! so the `Encoding` parameter (§1.3) can decide how Korean is read.

mod encoding;
mod validate;

pub use encoding::Encoding;
pub use validate::{RequestType, WebLinkOrder};

use crate::percent;
use encoding::utf8_or_euc_kr;
use serde::{Deserialize, Serialize};

/// The §1.1 parameters, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebLinkRequest {
    #[serde(rename = "RequestType")]
    pub request_type: String,
    #[serde(rename = "Mid")]
    pub mid: String,
    #[serde(rename = "LicenseKey")]
    pub license_key: String,
    #[serde(rename = "Moid")]
    pub moid: String,
    #[serde(rename = "ServiceMode")]
    pub service_mode: String,
    #[serde(rename = "PayMethod")]
    pub pay_method: String,
    #[serde(rename = "PgMID")]
    pub pg_mid: String,
    #[serde(rename = "Amt")]
    pub amt: String,
    #[serde(rename = "DutyFreeAmt")]
    pub duty_free_amt: String,
    #[serde(rename = "GoodsName")]
    pub goods_name: String,
    #[serde(rename = "BuyerName")]
    pub buyer_name: String,
    #[serde(rename = "BuyerHp")]
    pub buyer_hp: String,
    #[serde(rename = "BuyerEmail")]
    pub buyer_email: String,
    #[serde(rename = "PayExpDate")]
    pub pay_exp_date: String,
    #[serde(rename = "UserId")]
    pub user_id: String,
    #[serde(rename = "svcPrdtCd", alias = "SvcPrdtCd")]
    pub svc_prdt_cd: String,
    #[serde(rename = "Encoding")]
    pub encoding: String,
    #[serde(rename = "ReturnUrl")]
    pub return_url: String,
}

/// The parameters' wire names in the §1.1 table's order.
const NAMES: [&str; 18] = [
    "RequestType",
    "Mid",
    "LicenseKey",
    "Moid",
    "ServiceMode",
    "PayMethod",
    "PgMID",
    "Amt",
    "DutyFreeAmt",
    "GoodsName",
    "BuyerName",
    "BuyerHp",
    "BuyerEmail",
    "PayExpDate",
    "UserId",
    "svcPrdtCd",
    "Encoding",
    "ReturnUrl",
];

/// Whether a parameter is Korean text decoded per `Encoding` (§1.3).
fn is_korean(name: &str) -> bool {
    name == "GoodsName" || name == "BuyerName"
}

impl WebLinkRequest {
    fn field_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "RequestType" => &mut self.request_type,
            "Mid" => &mut self.mid,
            "LicenseKey" => &mut self.license_key,
            "Moid" => &mut self.moid,
            "ServiceMode" => &mut self.service_mode,
            "PayMethod" => &mut self.pay_method,
            "PgMID" => &mut self.pg_mid,
            "Amt" => &mut self.amt,
            "DutyFreeAmt" => &mut self.duty_free_amt,
            "GoodsName" => &mut self.goods_name,
            "BuyerName" => &mut self.buyer_name,
            "BuyerHp" => &mut self.buyer_hp,
            "BuyerEmail" => &mut self.buyer_email,
            "PayExpDate" => &mut self.pay_exp_date,
            "UserId" => &mut self.user_id,
            "svcPrdtCd" | "SvcPrdtCd" => &mut self.svc_prdt_cd,
            "Encoding" => &mut self.encoding,
            "ReturnUrl" => &mut self.return_url,
            _ => return None,
        })
    }

    fn field(&self, name: &str) -> &str {
        match name {
            "RequestType" => &self.request_type,
            "Mid" => &self.mid,
            "LicenseKey" => &self.license_key,
            "Moid" => &self.moid,
            "ServiceMode" => &self.service_mode,
            "PayMethod" => &self.pay_method,
            "PgMID" => &self.pg_mid,
            "Amt" => &self.amt,
            "DutyFreeAmt" => &self.duty_free_amt,
            "GoodsName" => &self.goods_name,
            "BuyerName" => &self.buyer_name,
            "BuyerHp" => &self.buyer_hp,
            "BuyerEmail" => &self.buyer_email,
            "PayExpDate" => &self.pay_exp_date,
            "UserId" => &self.user_id,
            "svcPrdtCd" => &self.svc_prdt_cd,
            "Encoding" => &self.encoding,
            "ReturnUrl" => &self.return_url,
            _ => "",
        }
    }

    /// The `Encoding` in force: the parameter, or the default `utf-8` when
    /// it is empty or unknown (an unknown value is refused by `validate`).
    pub fn effective_encoding(&self) -> Encoding {
        Encoding::parse(&self.encoding).unwrap_or(Encoding::Utf8)
    }

    /// Parses a raw query string or form body (bytes, before any decoding). Percent-decoding is done here on bytes ('+' is a space), so EUC-KR survives; GoodsName and BuyerName are then decoded per `Encoding`: utf-8 (default) = the bytes as UTF-8, falling back to EUC-KR if they are not valid UTF-8; euc-kr = the bytes as EUC-KR; url_utf-8 / url_euc-kr = percent-decode the value once more (the merchant URL-encoded it with that charset: `URLEncoder.encode(GoodsName, "euc-kr")`; a POSTed hidden input arrives double-encoded, a hand-built GET URL single-encoded — both must work) then decode with that charset; noencoding = the bytes as UTF-8 (lossy). Other parameters: UTF-8 with EUC-KR fallback. Unknown parameters ignored; the first occurrence of a repeated one wins. Never fails on bytes: an unknown Encoding value is reported by validate().
    pub fn from_urlencoded(raw: &[u8]) -> WebLinkRequest {
        let raw = raw.strip_prefix(b"?").unwrap_or(raw);
        let pairs: Vec<(String, Vec<u8>)> = raw
            .split(|b| *b == b'&')
            .filter(|s| !s.is_empty())
            .map(|segment| {
                let (k, v) = match segment.iter().position(|b| *b == b'=') {
                    Some(i) => (&segment[..i], &segment[i + 1..]),
                    None => (segment, &b""[..]),
                };
                let name = String::from_utf8_lossy(&percent::decode(k))
                    .trim()
                    .to_owned();
                (name, percent::decode(v))
            })
            .collect();
        let mut req = WebLinkRequest::default();
        let mut seen: Vec<&str> = Vec::new();
        // Encoding first: it decides how the Korean fields read.
        if let Some((_, v)) = pairs.iter().find(|(k, _)| k == "Encoding") {
            req.encoding = utf8_or_euc_kr(v);
        }
        let encoding = req.effective_encoding();
        for (name, value) in &pairs {
            let canonical = if name == "SvcPrdtCd" {
                "svcPrdtCd"
            } else {
                name.as_str()
            };
            if seen.contains(&canonical) {
                continue;
            }
            let text = if is_korean(canonical) {
                encoding.decode_korean(value)
            } else {
                utf8_or_euc_kr(value)
            };
            if let Some(slot) = req.field_mut(canonical) {
                *slot = text;
                seen.push(canonical);
            }
        }
        req
    }

    /// The query string a merchant would send (client side): every non-empty field with the manual's parameter names, GoodsName/BuyerName encoded per `encoding` (url_euc-kr: EUC-KR percent-encoded; euc-kr: EUC-KR bytes percent-encoded; utf-8/noencoding/url_utf-8: UTF-8), '+' in LicenseKey sent as %2B exactly as the manual's example.
    ///
    /// `url_*` values are encoded twice (charset URL-encoding, then query
    /// encoding), as the browser's POST of the §1.3 hidden-input form sends
    /// them; the server reads single-encoded GET values as well.
    pub fn to_query(&self) -> String {
        let encoding = self.effective_encoding();
        let mut out = String::new();
        for name in NAMES {
            let value = self.field(name);
            if value.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(name);
            out.push('=');
            if is_korean(name) {
                out.push_str(&encoding.encode_korean(value));
            } else {
                out.push_str(&percent::encode(value.as_bytes()));
            }
        }
        out
    }
}

/// §1.2 ReturnUrl event body: form-urlencoded UTF-8 `moid`, `resultCode`, `resultMsg`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebLinkEvent {
    pub moid: String,
    pub result_code: String,
    pub result_msg: String,
}

impl WebLinkEvent {
    /// `moid=…&resultCode=…&resultMsg=…`, UTF-8.
    pub fn to_body(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("moid", &self.moid)
            .append_pair("resultCode", &self.result_code)
            .append_pair("resultMsg", &self.result_msg)
            .finish()
    }

    /// Reads an event body; `None` without a `resultCode`.
    pub fn parse(body: &str) -> Option<Self> {
        let mut moid = None;
        let mut code = None;
        let mut msg = None;
        for (k, v) in form_urlencoded::parse(body.as_bytes()) {
            let slot = match k.as_ref() {
                "moid" => &mut moid,
                "resultCode" => &mut code,
                "resultMsg" => &mut msg,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(v.into_owned());
            }
        }
        Some(WebLinkEvent {
            moid: moid.unwrap_or_default(),
            result_code: code?,
            result_msg: msg.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests;
