//! `POST /api/smsPayApi`: register an SMS card payment order (§2.2) and its
//! result (§2.3).
//!
//! The request is JSON with the manual's camelCase names (case-sensitive).
//! [`SmsPayRequest`] keeps every field as the text that arrived, so the reply
//! can echo it back exactly as §2.3 does (the example answers `amt:"10,005"`
//! with the commas still in); [`SmsPayRequest::validate`] turns it into an
//! [`SmsOrder`] of parsed values or the first refusal.

use crate::codes::ResultCode;
use crate::error::InnoPayError;
use crate::fields::{check_len, default_pay_exp, format_pay_exp, parse_tel};
use crate::json::{read_object, read_object_declared, text};
use crate::product::SmsProduct;
use crate::rules::{amounts, deadline, optional, optional_email, product, required};
use gyeolje_core::{PhoneNumber, Timestamp, Won};
use serde::{Deserialize, Serialize};

/// The §2.2 request, every field as received.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SmsPayRequest {
    pub mid: String,
    pub moid: String,
    pub goods_name: String,
    pub amt: String,
    pub duty_free_amt: String,
    pub buyer_name: String,
    pub buyer_tel: String,
    pub buyer_email: String,
    pub pay_exp_date: String,
    pub user_id: String,
    pub svc_prdt_cd: String,
}

/// A valid order: what the server registers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsOrder {
    pub mid: String,
    /// `None` when the merchant sent none; the server generates one.
    pub moid: Option<String>,
    pub goods_name: String,
    pub amount: Won,
    pub duty_free: Option<Won>,
    pub buyer_name: String,
    pub buyer_tel: PhoneNumber,
    pub buyer_email: Option<String>,
    /// The effective deadline: the requested one or [`default_pay_exp`].
    pub pay_exp: Timestamp,
    pub user_id: Option<String>,
    pub product: SmsProduct,
}

impl SmsPayRequest {
    /// Reads the JSON body (see [`read_object`]); unknown fields are ignored.
    pub fn from_json(body: &[u8]) -> Result<SmsPayRequest, InnoPayError> {
        Ok(Self::from_fields(&read_object(body)?))
    }

    /// Reads the JSON body sent with `content_type`, which may declare
    /// `charset=euc-kr` (see [`read_object_declared`]).
    pub fn from_body(
        body: &[u8],
        content_type: Option<&str>,
    ) -> Result<SmsPayRequest, InnoPayError> {
        Ok(Self::from_fields(&read_object_declared(
            body,
            content_type,
        )?))
    }

    /// The request's fields out of a [`read_object`] map (shared with the
    /// reply, which echoes them).
    fn from_fields(m: &std::collections::BTreeMap<String, String>) -> SmsPayRequest {
        let text = |name| text(m, name);
        SmsPayRequest {
            mid: text("mid"),
            moid: text("moid"),
            goods_name: text("goodsName"),
            amt: text("amt"),
            duty_free_amt: text("dutyFreeAmt"),
            buyer_name: text("buyerName"),
            buyer_tel: text("buyerTel"),
            buyer_email: text("buyerEmail"),
            pay_exp_date: text("payExpDate"),
            user_id: text("userId"),
            svc_prdt_cd: text("svcPrdtCd"),
        }
    }

    /// Applies §2.2 in the table's order and returns the first refusal.
    ///
    /// Sizes are the table's; `mid`, `goodsName`, `amt`, `buyerName` and
    /// `buyerTel` are required (the "* 필수 정보" notes under 상품 정보 and
    /// 결제자 정보); text is trimmed. The deadline defaults to
    /// [`default_pay_exp`] and must lie after `now` and no later than
    /// [`latest_pay_exp`](crate::fields::latest_pay_exp).
    pub fn validate(&self, now: Timestamp) -> Result<SmsOrder, InnoPayError> {
        let mid = required("mid", &self.mid, 10)?;
        let moid = optional("moid", &self.moid, 40)?;
        let goods_name = required("goodsName", &self.goods_name, 40)?;
        let (amount, duty_free) =
            amounts(("amt", &self.amt), ("dutyFreeAmt", &self.duty_free_amt))?;
        let buyer_name = required("buyerName", &self.buyer_name, 30)?;
        check_len("buyerTel", self.buyer_tel.trim(), 20)?;
        let buyer_tel = parse_tel("buyerTel", &self.buyer_tel)?;
        let buyer_email = optional_email("buyerEmail", &self.buyer_email, 60)?;
        let pay_exp = if self.pay_exp_date.trim().is_empty() {
            default_pay_exp(now)
        } else {
            deadline("payExpDate", &self.pay_exp_date, now)?
        };
        let user_id = optional("userId", &self.user_id, 20)?;
        let product = product("svcPrdtCd", &self.svc_prdt_cd)?;
        Ok(SmsOrder {
            mid,
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
        })
    }
}

/// The §2.3 result: the request echoed, plus `resultCode`, `resultMsg` and
/// `orderUrl` (the SMS link, which real replies carry; empty on refusal).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SmsPayReply {
    pub mid: String,
    pub moid: String,
    pub goods_name: String,
    pub amt: String,
    pub duty_free_amt: String,
    pub buyer_name: String,
    pub buyer_tel: String,
    pub buyer_email: String,
    pub pay_exp_date: String,
    pub user_id: String,
    pub svc_prdt_cd: String,
    pub result_code: String,
    pub result_msg: String,
    pub order_url: String,
}

impl SmsPayReply {
    /// Every request field as received, with `code` and `msg`.
    pub fn echo(req: &SmsPayRequest, code: ResultCode, msg: impl Into<String>) -> Self {
        SmsPayReply {
            mid: req.mid.clone(),
            moid: req.moid.clone(),
            goods_name: req.goods_name.clone(),
            amt: req.amt.clone(),
            duty_free_amt: req.duty_free_amt.clone(),
            buyer_name: req.buyer_name.clone(),
            buyer_tel: req.buyer_tel.clone(),
            buyer_email: req.buyer_email.clone(),
            pay_exp_date: req.pay_exp_date.clone(),
            user_id: req.user_id.clone(),
            svc_prdt_cd: req.svc_prdt_cd.clone(),
            result_code: code.code().to_owned(),
            result_msg: msg.into(),
            order_url: String::new(),
        }
    }

    /// The refusal reply for `e`.
    pub fn refused(req: &SmsPayRequest, e: &InnoPayError) -> Self {
        SmsPayReply::echo(req, e.code, e.message.clone())
    }

    /// The `0000` reply for a registered order: the request echoed, with the
    /// effective deadline (§2.3: the reply carries the 결제마감 the UI must show),
    /// the order's moid (generated when the merchant sent none), the SMS text
    /// as `resultMsg` (as the §2.3 example does) and the link as `orderUrl`.
    pub fn registered(
        req: &SmsPayRequest,
        order: &SmsOrder,
        moid: &str,
        sms: &str,
        url: String,
    ) -> Self {
        let mut reply = SmsPayReply::echo(req, ResultCode::Success, sms).with_order_url(url);
        reply.pay_exp_date = format_pay_exp(order.pay_exp);
        reply.moid = moid.to_owned();
        reply
    }

    /// Sets `orderUrl`.
    pub fn with_order_url(mut self, url: String) -> Self {
        self.order_url = url;
        self
    }

    /// Sets `payExpDate` to the effective deadline.
    pub fn with_pay_exp(mut self, at: Timestamp) -> Self {
        self.pay_exp_date = format_pay_exp(at);
        self
    }

    /// `resultCode == "0000"`.
    pub fn is_success(&self) -> bool {
        self.result_code.trim() == ResultCode::Success.code()
    }

    /// Reads a reply leniently (numbers as text, unknown fields ignored),
    /// as the client does.
    pub fn from_json(body: &[u8]) -> Result<SmsPayReply, InnoPayError> {
        let m = read_object(body)?;
        Ok(SmsPayReply {
            result_code: text(&m, "resultCode"),
            result_msg: text(&m, "resultMsg"),
            order_url: text(&m, "orderUrl"),
            ..SmsPayReply::echo(&SmsPayRequest::from_fields(&m), ResultCode::Success, "")
        })
    }
}

/// The SMS the buyer receives: the §2.1 "SMS 메시지" example,
/// `[테스트가맹점] 상품명:테스트상품 상품금액:10,005원 SMS 안심결제가 요청되었습니다 안심결제 접속URL안내 https://…/s/AZBUfx - 결제대행사 (주)인피니소프트 이노페이`,
/// with the payer's name after the amount (`상품금액:10,005원 결제자명:홍길동 SMS …`):
/// §1.1 and §2.2 say the `buyerName` value "결제자의 휴대폰으로 발송하는 SMS
/// 청구문자 및 접속 url 에 포함됩니다", and §2.1 calls it 결제자명. It goes after
/// the amount so the text still starts as the example does (`[상점] 상품명:…
/// 상품금액:…원`) and still contains `SMS 안심결제가 요청되었습니다`, which is what
/// merchants match in `resultMsg`. The amount is printed with thousands
/// separators, as in the manual.
pub fn sms_text(shop: &str, goods_name: &str, amount: Won, buyer_name: &str, link: &str) -> String {
    format!(
        "[{shop}] 상품명:{goods_name} 상품금액:{}원 결제자명:{buyer_name} SMS 안심결제가 요청되었습니다 안심결제 접속URL안내 {link} - 결제대행사 (주)인피니소프트 이노페이",
        amount.grouped()
    )
}

#[cfg(test)]
mod tests;
