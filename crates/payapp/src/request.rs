//! `cmd=payrequest`: a seller asks PayApp to bill a buyer.
//!
//! [`PayRequest`] holds every parameter of the manual's 호출 파라메터 목록,
//! already validated: the server builds it with [`PayRequest::from_form`] and
//! stores it as JSON with the payment (it is needed again for the feedback
//! and the pay page), and the client sends it with [`PayRequest::to_form`].
//! The two directions are kept in one place so they cannot drift apart.

use crate::cmd::Cmd;
use crate::codec::{Form, encode_reply};
use crate::error::PayAppError;
use crate::params;
use gyeolje_core::{PhoneNumber, Won};
use serde::{Deserialize, Serialize};

pub use crate::cancel::{PayCancel, PayCancelReq};

/// The longest `goodname` accepted, in characters.
pub const GOODNAME_MAX_CHARS: usize = 200;

/// The values `openpaytype` may list: the manual's four (phone, card, rbank,
/// vbank) plus the wallets PayApp offers today ([`crate::Wallet`]).
pub const OPEN_PAY_TYPES: [&str; 12] = [
    "phone",
    "card",
    "rbank",
    "vbank",
    "kakaopay",
    "naverpay",
    "smilepay",
    "applepay",
    "payco",
    "wechat",
    "myaccount",
    "tosspay",
];

/// 결제요청 구분 (`reqmode`): which currency and network the buyer pays in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReqMode {
    /// 원화결제.
    #[default]
    Krw,
    /// 달러결제: `price` is in cents (1000 → $10.00); `vccode` is required.
    Usd,
    /// 중국은련카드결제.
    UnionPay,
}

impl ReqMode {
    pub const fn as_str(self) -> &'static str {
        match self {
            ReqMode::Krw => "krw",
            ReqMode::Usd => "usd",
            ReqMode::UnionPay => "unionpay",
        }
    }
}

/// A validated `payrequest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayRequest {
    /// 판매자 회원 아이디.
    pub userid: String,
    /// 상품명, at most [`GOODNAME_MAX_CHARS`] characters.
    pub goodname: String,
    /// 결제요청 금액. With `reqmode=usd` the unit is US cents.
    pub price: Won,
    /// 수신 휴대폰번호, digits only.
    pub recvphone: PhoneNumber,
    pub memo: String,
    /// 주소요청: ask the buyer for a delivery address.
    pub reqaddr: bool,
    /// Where PayApp POSTs the feedback; `http(s)://` only.
    pub feedbackurl: Option<String>,
    pub var1: String,
    pub var2: String,
    /// Send the payment SMS (`smsuse=n` turns it off).
    pub smsuse: bool,
    pub reqmode: ReqMode,
    /// 국제전화 국가번호, required with `reqmode=usd`.
    pub vccode: Option<String>,
    /// Link behind the receipt page's "확인" button; `http(s)://` only.
    pub returnurl: Option<String>,
    /// Methods the buyer may choose from; empty means all. Lower-case.
    pub openpaytype: Vec<String>,
    /// Retry the feedback until the merchant answers `SUCCESS` (10 times).
    pub checkretry: bool,
    /// The merchant app's scheme URL for card/bank app hand-offs.
    pub appurl: Option<String>,
    /// Skip the receipt (매출전표) page after payment.
    pub skip_cstpage: bool,
    /// 상점명, sent by PayApp Lite.
    pub shopname: Option<String>,
    /// Parameters of the live service that the manual's table lacks.
    /// Nested, not `#[serde(flatten)]`: flattening makes serde buffer the
    /// whole document on every read, and the request is read back for every
    /// event of the payment.
    #[serde(default)]
    pub live: LiveParams,
}

/// `payrequest` parameters public integrations send that the manual's table
/// does not list (issue 15). Stored with the request (under `live`, so older
/// stored requests read as all absent) and echoed in the feedback.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveParams {
    /// 과세 공급가액.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_taxable: Option<Won>,
    /// 면세 금액.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_taxfree: Option<Won>,
    /// 부가세.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_vat: Option<Won>,
    /// The shop's own id of the buyer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyerid: Option<String>,
    /// The sub-account (부계정) the seller `userid` makes the request for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subuserid: Option<String>,
    /// `opener` or `self`: which window a Lite-style page moves after
    /// payment (PayApp Lite's `redirect`); stored, it has no effect on the
    /// REST API's pay page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
    /// `redirectpay=1`/`y`: after paying, send the buyer straight to
    /// `returnurl` (as `skip_cstpage=y` does).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub redirectpay: bool,
}

impl LiveParams {
    /// Nothing of the live interface was sent.
    pub fn is_empty(&self) -> bool {
        *self == LiveParams::default()
    }

    fn from_form(form: &Form, price: Won) -> Result<LiveParams, PayAppError> {
        let amount_taxable = params::amount_or_zero(form, "amount_taxable")?;
        let amount_taxfree = params::amount_or_zero(form, "amount_taxfree")?;
        let amount_vat = params::amount_or_zero(form, "amount_vat")?;
        // The parts may not add up to more than the price. They need not add
        // up to it exactly: clients send one of them alone (only the tax-free
        // part, say), leaving the rest implied.
        let parts = [amount_taxable, amount_taxfree, amount_vat]
            .into_iter()
            .flatten()
            .try_fold(Won::ZERO, Won::checked_add);
        match parts {
            Some(sum) if sum <= price => {}
            Some(_) | None => {
                return Err(PayAppError::invalid(
                    "amount_taxable",
                    &format!(
                        "과세·면세·부가세 금액의 합이 결제요청 금액({}원)보다 큽니다",
                        price.grouped()
                    ),
                ));
            }
        }
        let buyerid = params::optional(form, "buyerid");
        if buyerid.as_ref().is_some_and(|b| b.chars().count() > 100) {
            return Err(PayAppError::invalid("buyerid", "100자 이하로 입력하세요"));
        }
        let redirect = params::choice(
            form,
            "redirect",
            &[("opener", Some("opener")), ("self", Some("self"))],
            None,
        )?
        .map(str::to_owned);
        let redirectpay = params::choice(
            form,
            "redirectpay",
            &[("1", true), ("y", true), ("0", false), ("n", false)],
            false,
        )?;
        Ok(LiveParams {
            amount_taxable,
            amount_taxfree,
            amount_vat,
            buyerid,
            subuserid: params::optional(form, "subuserid"),
            redirect,
            redirectpay,
        })
    }

    /// The pairs a client sends, only those set.
    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let amount = |v: Option<Won>| v.map(|w| w.to_string());
        [
            ("amount_taxable", amount(self.amount_taxable)),
            ("amount_taxfree", amount(self.amount_taxfree)),
            ("amount_vat", amount(self.amount_vat)),
            ("buyerid", self.buyerid.clone()),
            ("subuserid", self.subuserid.clone()),
            ("redirect", self.redirect.clone()),
            ("redirectpay", self.redirectpay.then(|| "1".to_owned())),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

impl PayRequest {
    /// Validates a `payrequest` form. The first problem found is returned;
    /// the order follows the manual's table so errors are predictable.
    pub fn from_form(form: &Form) -> Result<PayRequest, PayAppError> {
        let userid = params::userid(form)?;

        let goodname = params::required(form, "goodname")?;
        if goodname.chars().count() > GOODNAME_MAX_CHARS {
            return Err(PayAppError::invalid(
                "goodname",
                &format!("{GOODNAME_MAX_CHARS}자 이하로 입력하세요"),
            ));
        }

        let price = params::amount(form, "price")?;

        let recvphone = PhoneNumber::parse(params::required(form, "recvphone")?).map_err(|_| {
            PayAppError::invalid("recvphone", "휴대폰번호는 숫자 9~15자리여야 합니다")
        })?;

        let reqaddr = params::one_zero(form, "reqaddr")?;
        let feedbackurl = params::web_url(form, "feedbackurl")?;
        let smsuse = params::yes_no(form, "smsuse", true)?;
        let reqmode = params::choice(
            form,
            "reqmode",
            &[
                ("krw", ReqMode::Krw),
                ("usd", ReqMode::Usd),
                ("unionpay", ReqMode::UnionPay),
            ],
            ReqMode::Krw,
        )?;
        let vccode = params::optional(form, "vccode");
        if reqmode == ReqMode::Usd && vccode.is_none() {
            return Err(PayAppError::invalid(
                "vccode",
                "달러결제(reqmode=usd)에는 국제전화 국가번호가 필요합니다",
            ));
        }
        let returnurl = params::web_url(form, "returnurl")?;
        let openpaytype = parse_openpaytype(form.get("openpaytype").unwrap_or_default())?;
        let checkretry = params::yes_no(form, "checkretry", false)?;
        let skip_cstpage = params::yes_no(form, "skip_cstpage", false)?;
        let live = LiveParams::from_form(form, price)?;

        Ok(PayRequest {
            userid,
            goodname: goodname.to_owned(),
            price,
            recvphone,
            memo: params::text(form, "memo"),
            reqaddr,
            feedbackurl,
            var1: params::text(form, "var1"),
            var2: params::text(form, "var2"),
            smsuse,
            reqmode,
            vccode,
            returnurl,
            openpaytype,
            checkretry,
            appurl: params::app_url(form, "appurl")?,
            skip_cstpage,
            shopname: params::optional(form, "shopname"),
            live,
        })
    }

    /// The form a client POSTs: `cmd` first, then the required fields, then
    /// only the optional fields that differ from their defaults.
    pub fn to_form(&self) -> Vec<(String, String)> {
        let openpaytype = self.openpaytype.join(",");
        let price = self.price.to_string();
        let fields: [(&str, Option<&str>); 19] = [
            ("cmd", Some(Cmd::PayRequest.as_str())),
            ("userid", Some(&self.userid)),
            ("goodname", Some(&self.goodname)),
            ("price", Some(&price)),
            ("recvphone", Some(self.recvphone.as_str())),
            ("memo", non_empty(&self.memo)),
            ("reqaddr", self.reqaddr.then_some("1")),
            ("feedbackurl", self.feedbackurl.as_deref()),
            ("var1", non_empty(&self.var1)),
            ("var2", non_empty(&self.var2)),
            ("smsuse", (!self.smsuse).then_some("n")),
            (
                "reqmode",
                (self.reqmode != ReqMode::Krw).then_some(self.reqmode.as_str()),
            ),
            ("vccode", self.vccode.as_deref()),
            ("returnurl", self.returnurl.as_deref()),
            ("openpaytype", non_empty(&openpaytype)),
            ("checkretry", self.checkretry.then_some("y")),
            ("appurl", self.appurl.as_deref()),
            ("skip_cstpage", self.skip_cstpage.then_some("y")),
            ("shopname", self.shopname.as_deref()),
        ];
        fields
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned())))
            .chain(
                self.live
                    .to_pairs()
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v)),
            )
            .collect()
    }
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// `openpaytype`: a comma list; entries trimmed and lower-cased, blanks
/// dropped, duplicates kept once, each checked against [`OPEN_PAY_TYPES`].
pub fn parse_openpaytype(text: &str) -> Result<Vec<String>, PayAppError> {
    let mut out: Vec<String> = Vec::new();
    for entry in text.split(',') {
        let entry = entry.trim().to_ascii_lowercase();
        if entry.is_empty() {
            continue;
        }
        if !OPEN_PAY_TYPES.contains(&entry.as_str()) {
            return Err(PayAppError::invalid(
                "openpaytype",
                &format!(
                    "알 수 없는 결제수단입니다 (가능한 값: {})",
                    OPEN_PAY_TYPES.join(", ")
                ),
            ));
        }
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    Ok(out)
}

/// The success reply to `payrequest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayRequestReply {
    /// 결제요청 번호.
    pub mul_no: i64,
    /// 결제창 URL.
    pub payurl: String,
    /// A QR code image of `payurl`, for shops that show it on a screen. Not
    /// in the manual's reply table; the live service sends it after
    /// `payurl`, and shops read it.
    pub qrurl: Option<String>,
}

impl PayRequestReply {
    /// `state=1&errorMessage=&mul_no=<n>&payurl=<urlencoded>[&qrurl=<urlencoded>]`.
    pub fn to_reply(&self) -> String {
        let mul_no = self.mul_no.to_string();
        let mut pairs = vec![
            ("state", "1"),
            ("errorMessage", ""),
            ("mul_no", mul_no.as_str()),
            ("payurl", self.payurl.as_str()),
        ];
        if let Some(qrurl) = &self.qrurl {
            pairs.push(("qrurl", qrurl));
        }
        encode_reply(&pairs)
    }
}

#[cfg(test)]
mod tests;
