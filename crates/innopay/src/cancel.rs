//! `POST /api/cancelApi`: cancel a card payment (§3.1) and its result (§3.2).
//!
//! Beyond the manual's six fields, real clients send `partialCancelCode`
//! (`0` full, `1` partial) and refund-account fields (used by InnoPay for
//! virtual-account refunds; a card cancel ignores them). They are accepted
//! and, on the client side, only sent when set, so a plain cancel is exactly
//! the §3.2 request example.

use crate::codes::ResultCode;
use crate::error::InnoPayError;
use crate::fields::{check_len, parse_amount};
use crate::json::{read_object, read_object_declared, text};
use crate::rules::required;
use gyeolje_core::{Timestamp, Won};
use serde::{Deserialize, Serialize};

/// The §3.1 request, every field as received.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CancelRequest {
    pub mid: String,
    pub tid: String,
    pub svc_cd: String,
    pub cancel_amt: String,
    pub cancel_msg: String,
    pub cancel_pwd: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub partial_cancel_code: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub refund_bank_cd: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub refund_acct_no: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub refund_acct_nm: String,
}

/// A well-formed cancel; whether it is allowed is the server's question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidCancel {
    pub mid: String,
    /// Trimmed: the §3.2 example sends `" testpay01m01011801181105238578"`.
    pub tid: String,
    pub amount: Won,
    pub message: String,
    pub password: String,
    /// `None`: not given; `Some(true)`: `"1"`; `Some(false)`: `"0"`.
    pub partial: Option<bool>,
}

impl CancelRequest {
    /// Reads the JSON body (see [`read_object`]); unknown fields are ignored.
    pub fn from_json(body: &[u8]) -> Result<Self, InnoPayError> {
        Self::from_body(body, None)
    }

    /// Reads the JSON body sent with `content_type`, which may declare
    /// `charset=euc-kr` (see [`read_object_declared`]).
    pub fn from_body(body: &[u8], content_type: Option<&str>) -> Result<Self, InnoPayError> {
        let m = read_object_declared(body, content_type)?;
        Ok(CancelRequest {
            mid: text(&m, "mid"),
            tid: text(&m, "tid"),
            svc_cd: text(&m, "svcCd"),
            cancel_amt: text(&m, "cancelAmt"),
            cancel_msg: text(&m, "cancelMsg"),
            cancel_pwd: text(&m, "cancelPwd"),
            partial_cancel_code: text(&m, "partialCancelCode"),
            refund_bank_cd: text(&m, "refundBankCd"),
            refund_acct_no: text(&m, "refundAcctNo"),
            refund_acct_nm: text(&m, "refundAcctNm"),
        })
    }

    /// Applies §3.1 in the table's order: all six fields required, sizes
    /// from the table, `svcCd` "01 고정" (a JSON number `1` reads as "1" and
    /// is taken as 01), `cancelAmt` above zero (commas allowed as for `amt`),
    /// `partialCancelCode` empty, `0` or `1`.
    pub fn validate(&self) -> Result<ValidCancel, InnoPayError> {
        let mid = required("mid", &self.mid, 10)?;
        let tid = required("tid", &self.tid, 30)?;
        let svc_cd = required("svcCd", &self.svc_cd, 2)?;
        if svc_cd != "01" && svc_cd != "1" {
            return Err(InnoPayError::value("svcCd", "01 고정"));
        }
        check_len("cancelAmt", self.cancel_amt.trim(), 12)?;
        let amount = parse_amount("cancelAmt", &self.cancel_amt)?;
        if amount.is_zero() {
            return Err(InnoPayError::value("cancelAmt", "0원보다 커야 합니다"));
        }
        let message = required("cancelMsg", &self.cancel_msg, 100)?;
        let password = required("cancelPwd", &self.cancel_pwd, 20)?;
        let partial = match self.partial_cancel_code.trim() {
            "" => None,
            "0" => Some(false),
            "1" => Some(true),
            _ => {
                return Err(InnoPayError::value(
                    "partialCancelCode",
                    "0(전체취소) 또는 1(부분취소)",
                ));
            }
        };
        Ok(ValidCancel {
            mid,
            tid,
            amount,
            message,
            password,
            partial,
        })
    }
}

/// The §3.2 result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CancelReply {
    pub pg_tid: String,
    pub result_code: String,
    pub result_msg: String,
    pub pg_approval_amt: String,
    pub pg_app_date: String,
    pub pg_app_time: String,
}

impl CancelReply {
    /// A refusal: `pgTid` echoes the tid as sent, amount and time empty.
    pub fn refused(tid: &str, e: &InnoPayError) -> Self {
        CancelReply {
            pg_tid: tid.to_owned(),
            result_code: e.code.code().to_owned(),
            result_msg: e.message.clone(),
            ..CancelReply::default()
        }
    }

    /// `2001 취소 성공` for `amount` cancelled at `at`: `pgAppDate` is
    /// `yyyyMMdd`, `pgAppTime` `HHmmss`, both KST, as in the §3.2 example.
    pub fn cancelled(tid: &str, amount: Won, at: Timestamp) -> Self {
        let compact = at.kst_compact();
        let (date, time) = compact.split_at(8.min(compact.len()));
        CancelReply {
            pg_tid: tid.to_owned(),
            result_code: ResultCode::CancelSuccess.code().to_owned(),
            result_msg: ResultCode::CancelSuccess.default_message().to_owned(),
            pg_approval_amt: amount.to_string(),
            pg_app_date: date.to_owned(),
            pg_app_time: time.to_owned(),
        }
    }

    /// `resultCode == "2001"`.
    pub fn is_success(&self) -> bool {
        self.result_code.trim() == ResultCode::CancelSuccess.code()
    }

    /// Reads a reply: JSON (what the §3.2 example shows and InnoPay sends)
    /// or, failing that, a form-urlencoded body (what the §3.2 table's
    /// Content-Type says). `None` if it is neither.
    pub fn parse(body: &[u8]) -> Option<CancelReply> {
        let get: Box<dyn Fn(&str) -> String> = match read_object(body) {
            Ok(m) => Box::new(move |k| text(&m, k)),
            Err(_) => {
                let pairs: Vec<(String, String)> = form_urlencoded::parse(body)
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                if !pairs.iter().any(|(k, _)| k == "resultCode") {
                    return None;
                }
                Box::new(move |k| {
                    pairs
                        .iter()
                        .find(|(name, _)| name == k)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
            }
        };
        Some(CancelReply {
            pg_tid: get("pgTid"),
            result_code: get("resultCode"),
            result_msg: get("resultMsg"),
            pg_approval_amt: get("pgApprovalAmt"),
            pg_app_date: get("pgAppDate"),
            pg_app_time: get("pgAppTime"),
        })
    }
}

#[cfg(test)]
mod tests;
