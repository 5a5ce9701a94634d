//! The §1.1 rules for a Web-Link request.

use super::{Encoding, WebLinkRequest};
use crate::error::InnoPayError;
use crate::fields::{check_len, parse_tel};
use crate::product::SmsProduct;
use crate::rules::{amounts, deadline, optional, optional_email, product, required};
use gyeolje_core::{PhoneNumber, Timestamp, Won};

/// `RequestType`: whose UI the window shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestType {
    /// `Mobile`: the buyer pays on their phone.
    Mobile,
    /// `WEB` or `""`: a merchant's back-office user requests the SMS.
    Web,
}

impl RequestType {
    /// `Mobile`, `WEB` or `""`, case-insensitively.
    pub fn parse(text: &str) -> Option<RequestType> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("mobile") {
            Some(RequestType::Mobile)
        } else if t.is_empty() || t.eq_ignore_ascii_case("web") {
            Some(RequestType::Web)
        } else {
            None
        }
    }

    /// The manual's spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            RequestType::Mobile => "Mobile",
            RequestType::Web => "WEB",
        }
    }
}

/// A valid Web-Link request: what the window is opened with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebLinkOrder {
    pub request_type: RequestType,
    pub mid: String,
    pub license_key: String,
    pub pg_mid: String,
    pub moid: Option<String>,
    pub goods_name: String,
    pub amount: Won,
    pub duty_free: Option<Won>,
    pub buyer_name: Option<String>,
    pub buyer_tel: Option<PhoneNumber>,
    pub buyer_email: Option<String>,
    /// `None`: not given, the default (`default_pay_exp`) applies when the
    /// order is registered, which may be later than now.
    pub pay_exp: Option<Timestamp>,
    pub user_id: Option<String>,
    pub product: SmsProduct,
    pub encoding: Encoding,
    pub return_url: Option<String>,
}

impl WebLinkRequest {
    /// Applies §1.1 in the table's order; the message names the parameter
    /// as the manual spells it.
    ///
    /// `ServiceMode` must be `PY0`; `PYO` (letter O, the table's typo) is
    /// accepted as the same. `PayMethod` must be `CSMS` (case-insensitive).
    /// `ReturnUrl` must be an http(s) URL, since gyeolje POSTs to it (§1.2).
    pub fn validate(&self, now: Timestamp) -> Result<WebLinkOrder, InnoPayError> {
        let request_type = RequestType::parse(&self.request_type)
            .ok_or_else(|| InnoPayError::value("RequestType", "Mobile, WEB 또는 빈 값"))?;
        let mid = required("Mid", &self.mid, 10)?;
        let license_key = required("LicenseKey", &self.license_key, 255)?;
        let moid = optional("Moid", &self.moid, 40)?;
        let service_mode = required("ServiceMode", &self.service_mode, 3)?;
        if !matches!(service_mode.to_ascii_uppercase().as_str(), "PY0" | "PYO") {
            return Err(InnoPayError::value("ServiceMode", "PY0 고정"));
        }
        let pay_method = required("PayMethod", &self.pay_method, 4)?;
        if !pay_method.eq_ignore_ascii_case("CSMS") {
            return Err(InnoPayError::value("PayMethod", "CSMS 고정"));
        }
        let pg_mid = required("PgMID", &self.pg_mid, 20)?;
        let (amount, duty_free) =
            amounts(("Amt", &self.amt), ("DutyFreeAmt", &self.duty_free_amt))?;
        let goods_name = required("GoodsName", &self.goods_name, 40)?;
        let buyer_name = optional("BuyerName", &self.buyer_name, 30)?;
        check_len("BuyerHp", self.buyer_hp.trim(), 20)?;
        let buyer_tel = if self.buyer_hp.trim().is_empty() {
            None
        } else {
            Some(parse_tel("BuyerHp", &self.buyer_hp)?)
        };
        let buyer_email = optional_email("BuyerEmail", &self.buyer_email, 60)?;
        let pay_exp = if self.pay_exp_date.trim().is_empty() {
            None
        } else {
            Some(deadline("PayExpDate", &self.pay_exp_date, now)?)
        };
        let user_id = optional("UserId", &self.user_id, 20)?;
        let product = product("svcPrdtCd", &self.svc_prdt_cd)?;
        let encoding = Encoding::parse(&self.encoding).ok_or_else(|| {
            InnoPayError::value(
                "Encoding",
                "noencoding, utf-8, euc-kr, url_utf-8, url_euc-kr",
            )
        })?;
        let return_url = optional("ReturnUrl", &self.return_url, 100)?;
        if let Some(url) = &return_url {
            let lower = url.to_ascii_lowercase();
            let rest = lower
                .strip_prefix("https://")
                .or_else(|| lower.strip_prefix("http://"));
            if rest.is_none_or(|r| r.is_empty() || r.contains(char::is_whitespace)) {
                return Err(InnoPayError::format(
                    "ReturnUrl",
                    "http:// 또는 https:// 로 시작하는 URL",
                ));
            }
        }
        Ok(WebLinkOrder {
            request_type,
            mid,
            license_key,
            pg_mid,
            moid,
            goods_name,
            amount,
            duty_free,
            buyer_name,
            buyer_tel,
            buyer_email,
            pay_exp,
            user_id,
            product,
            encoding,
            return_url,
        })
    }
}
