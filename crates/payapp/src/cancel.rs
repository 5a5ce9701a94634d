//! `cmd=paycancel` and `cmd=paycancelreq`: a seller takes a payment back.
//!
//! `paycancel` cancels a request that was not paid yet, or an approval within
//! D+5 before settlement; `paycancelreq` asks for a cancellation after that,
//! which the seller completes by returning the settled money. Both carry the
//! seller's `linkkey`, so unlike `payrequest` they are authenticated; that
//! key is kept out of `Debug` output so a logged request does not leak it.
//!
//! `partcancel`/`cancelprice` are not in the manual's table; they are
//! accepted because PayApp's current API takes them for partial refunds
//! (and `price` for `cancelprice`, which some clients send).

use crate::cmd::Cmd;
use crate::codec::Form;
use crate::error::PayAppError;
use crate::params;
use gyeolje_core::Won;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A validated `paycancel`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayCancel {
    pub userid: String,
    /// 연동 KEY. Check it with `Secret::matches` (constant time).
    pub linkkey: String,
    /// 결제요청번호.
    pub mul_no: i64,
    /// 결제요청취소 메모.
    pub cancelmemo: String,
    /// `cancelmode=ready`: cancel only if the payment is still unpaid.
    pub cancelmode_ready: bool,
    /// `partcancel=1`: refund `cancelprice` only, not the whole payment.
    pub partcancel: bool,
    /// The amount to refund; present exactly when `partcancel` is set.
    pub cancelprice: Option<Won>,
}

impl PayCancel {
    pub fn from_form(form: &Form) -> Result<PayCancel, PayAppError> {
        let userid = params::userid(form)?;
        let linkkey = params::linkkey(form)?;
        let mul_no = params::mul_no(form)?;
        let cancelmode_ready = params::choice(form, "cancelmode", &[("ready", true)], false)?;
        let partcancel = params::one_zero(form, "partcancel")?;
        // Without partcancel=1 a cancelprice is ignored: the whole remaining
        // amount is cancelled, as the manual's plain paycancel does. Some
        // clients send the amount as `price` instead of `cancelprice`; both
        // are read, and when both are sent they must agree.
        let cancelprice = if partcancel {
            Some(part_amount(form)?)
        } else {
            None
        };
        Ok(PayCancel {
            userid,
            linkkey,
            mul_no,
            cancelmemo: params::text(form, "cancelmemo"),
            cancelmode_ready,
            partcancel,
            cancelprice,
        })
    }

    pub fn to_form(&self) -> Vec<(String, String)> {
        let mut out = credentials_form(Cmd::PayCancel, &self.userid, &self.linkkey, self.mul_no);
        if !self.cancelmemo.is_empty() {
            out.push(("cancelmemo".into(), self.cancelmemo.clone()));
        }
        if self.cancelmode_ready {
            out.push(("cancelmode".into(), "ready".into()));
        }
        if self.partcancel {
            out.push(("partcancel".into(), "1".into()));
        }
        if let Some(price) = self.cancelprice {
            out.push(("cancelprice".into(), price.to_string()));
        }
        out
    }
}

/// The amount of a partial cancel: `cancelprice`, or `price` as some
/// clients send it.
fn part_amount(form: &Form) -> Result<Won, PayAppError> {
    match (form.non_empty("cancelprice"), form.non_empty("price")) {
        (Some(_), None) | (None, None) => params::amount(form, "cancelprice"),
        (None, Some(_)) => params::amount(form, "price"),
        (Some(_), Some(_)) => {
            let cancelprice = params::amount(form, "cancelprice")?;
            let price = params::amount(form, "price")?;
            if cancelprice != price {
                return Err(PayAppError::invalid(
                    "cancelprice",
                    &format!(
                        "price({})와 다릅니다: 부분취소 금액은 하나만 보내세요",
                        price.get()
                    ),
                ));
            }
            Ok(cancelprice)
        }
    }
}

impl fmt::Debug for PayCancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PayCancel")
            .field("userid", &self.userid)
            .field("linkkey", &"***")
            .field("mul_no", &self.mul_no)
            .field("cancelmemo", &self.cancelmemo)
            .field("cancelmode_ready", &self.cancelmode_ready)
            .field("partcancel", &self.partcancel)
            .field("cancelprice", &self.cancelprice)
            .finish()
    }
}

/// A validated `paycancelreq`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayCancelReq {
    pub userid: String,
    /// 연동 KEY.
    pub linkkey: String,
    /// 결제요청번호.
    pub mul_no: i64,
    /// 결제요청취소 메모.
    pub cancelmemo: String,
}

impl PayCancelReq {
    pub fn from_form(form: &Form) -> Result<PayCancelReq, PayAppError> {
        Ok(PayCancelReq {
            userid: params::userid(form)?,
            linkkey: params::linkkey(form)?,
            mul_no: params::mul_no(form)?,
            cancelmemo: params::text(form, "cancelmemo"),
        })
    }

    pub fn to_form(&self) -> Vec<(String, String)> {
        let mut out = credentials_form(Cmd::PayCancelReq, &self.userid, &self.linkkey, self.mul_no);
        if !self.cancelmemo.is_empty() {
            out.push(("cancelmemo".into(), self.cancelmemo.clone()));
        }
        out
    }
}

impl fmt::Debug for PayCancelReq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PayCancelReq")
            .field("userid", &self.userid)
            .field("linkkey", &"***")
            .field("mul_no", &self.mul_no)
            .field("cancelmemo", &self.cancelmemo)
            .finish()
    }
}

fn credentials_form(cmd: Cmd, userid: &str, linkkey: &str, mul_no: i64) -> Vec<(String, String)> {
    vec![
        ("cmd".into(), cmd.as_str().into()),
        ("userid".into(), userid.into()),
        ("linkkey".into(), linkkey.into()),
        ("mul_no".into(), mul_no.to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form::from_pairs(pairs.iter().copied())
    }

    const BASE: [(&str, &str); 4] = [
        ("cmd", "paycancel"),
        ("userid", "payapptest"),
        ("linkkey", "KEY+/="),
        ("mul_no", "2000"),
    ];

    fn with(extra: &[(&str, &str)]) -> Form {
        let mut pairs: Vec<(&str, &str)> = BASE.to_vec();
        pairs.extend_from_slice(extra);
        form(&pairs)
    }

    fn without(field: &str) -> Form {
        form(
            &BASE
                .iter()
                .copied()
                .filter(|(k, _)| *k != field)
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn minimal_cancel() {
        let c = PayCancel::from_form(&with(&[])).unwrap();
        assert_eq!(c.userid, "payapptest");
        assert_eq!(c.linkkey, "KEY+/=");
        assert_eq!(c.mul_no, 2000);
        assert_eq!(c.cancelmemo, "");
        assert!(!c.cancelmode_ready && !c.partcancel);
        assert_eq!(c.cancelprice, None);
    }

    #[test]
    fn full_cancel_fields() {
        let c = PayCancel::from_form(&with(&[
            ("cancelmemo", " 품절되었습니다 "),
            ("cancelmode", "ready"),
            ("partcancel", "1"),
            ("cancelprice", "500"),
        ]))
        .unwrap();
        assert_eq!(c.cancelmemo, "품절되었습니다");
        assert!(c.cancelmode_ready && c.partcancel);
        assert_eq!(c.cancelprice, Some(Won::new(500).unwrap()));
    }

    #[test]
    fn credentials_are_70010() {
        for field in ["userid", "linkkey"] {
            let e = PayCancel::from_form(&without(field)).unwrap_err();
            assert_eq!(e.code, ErrorCode::BadCredentials, "{field}");
            assert!(e.message.contains(field));
            let e = PayCancel::from_form(&with(&[(field, "  ")])).unwrap_err();
            assert_eq!(e.code, ErrorCode::BadCredentials, "{field} blank");
            let e = PayCancelReq::from_form(&without(field)).unwrap_err();
            assert_eq!(e.code, ErrorCode::BadCredentials, "{field} req");
        }
    }

    #[test]
    fn bad_mul_no_is_70020() {
        let e = PayCancel::from_form(&without("mul_no")).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert!(e.message.starts_with("mul_no: "));
        for bad in ["", "abc", "12.0", "-3", "0"] {
            let e = PayCancel::from_form(&with(&[("mul_no", bad)])).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidParameter, "{bad}");
            let e = PayCancelReq::from_form(&with(&[("mul_no", bad)])).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidParameter, "{bad} req");
        }
    }

    #[test]
    fn bad_cancelmode_is_70020() {
        let e = PayCancel::from_form(&with(&[("cancelmode", "now")])).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert!(e.message.starts_with("cancelmode: "));
        let c = PayCancel::from_form(&with(&[("cancelmode", "")])).unwrap();
        assert!(!c.cancelmode_ready);
    }

    #[test]
    fn partcancel_rules() {
        let e = PayCancel::from_form(&with(&[("partcancel", "1")])).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert!(e.message.starts_with("cancelprice: "));
        for bad in ["0", "10.5", "abc"] {
            let e = PayCancel::from_form(&with(&[("partcancel", "1"), ("cancelprice", bad)]))
                .unwrap_err();
            assert!(e.message.starts_with("cancelprice: "), "{bad}");
        }
        let e = PayCancel::from_form(&with(&[("partcancel", "yes")])).unwrap_err();
        assert!(e.message.starts_with("partcancel: "));
        // The live form: the amount as `price`; both must agree when both come.
        let c = PayCancel::from_form(&with(&[("partcancel", "1"), ("price", "400")])).unwrap();
        assert_eq!(c.cancelprice, Some(Won::new(400).unwrap()));
        let c = PayCancel::from_form(&with(&[
            ("partcancel", "1"),
            ("price", "400.0"),
            ("cancelprice", "400"),
        ]))
        .unwrap();
        assert_eq!(c.cancelprice, Some(Won::new(400).unwrap()));
        let e = PayCancel::from_form(&with(&[
            ("partcancel", "1"),
            ("price", "500"),
            ("cancelprice", "400"),
        ]))
        .unwrap_err();
        assert!(e.message.starts_with("cancelprice: "), "{}", e.message);
        let e = PayCancel::from_form(&with(&[("partcancel", "1"), ("price", "x")])).unwrap_err();
        assert!(e.message.starts_with("price: "), "{}", e.message);
        // cancelprice without partcancel is ignored, not validated.
        let c = PayCancel::from_form(&with(&[("partcancel", "0"), ("cancelprice", "x")])).unwrap();
        assert_eq!(c.cancelprice, None);
    }

    #[test]
    fn cancel_round_trips_through_form() {
        let c = PayCancel::from_form(&with(&[
            ("cancelmemo", "memo & more"),
            ("cancelmode", "ready"),
            ("partcancel", "1"),
            ("cancelprice", "500"),
        ]))
        .unwrap();
        let sent = c.to_form();
        assert_eq!(sent[0], ("cmd".to_string(), "paycancel".to_string()));
        assert_eq!(PayCancel::from_form(&Form::from_pairs(sent)).unwrap(), c);

        let r = PayCancelReq::from_form(&with(&[("cancelmemo", "정산 후 취소")])).unwrap();
        let sent = r.to_form();
        assert_eq!(sent[0], ("cmd".to_string(), "paycancelreq".to_string()));
        assert_eq!(PayCancelReq::from_form(&Form::from_pairs(sent)).unwrap(), r);
    }

    #[test]
    fn debug_hides_linkkey() {
        let c = PayCancel::from_form(&with(&[])).unwrap();
        let r = PayCancelReq::from_form(&with(&[])).unwrap();
        for text in [format!("{c:?}"), format!("{r:?}")] {
            assert!(!text.contains("KEY+/="), "{text}");
            assert!(text.contains("***"));
        }
    }
}
