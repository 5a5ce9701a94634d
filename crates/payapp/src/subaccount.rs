//! `cmd=subidregist`: a seller opens a sub-account for a member of staff
//! (manual 001, 부계정 등록).
//!
//! `state` is the permission bit mask — 1 부계정사용, 2 메인관리자, 4 결제취소
//! and their sums, 0 through 7; anything else is 70020. Absent or blank it is
//! 0 (권한없음), the first value of the manual's list: the field is not
//! marked 필수, and granting nothing is the safe reading of silence.
//! The manual's call sends no `linkkey`; one is accepted and, when sent,
//! checked by the server (see `docs/protocols/payapp.md`).

use crate::account_fields::{self as fields, NAME_MAX_CHARS};
use crate::cmd::Cmd;
use crate::codec::Form;
use crate::error::PayAppError;
use crate::params;
use crate::seller::collect;
use gyeolje_core::{Permissions, Secret};

/// A validated `subidregist`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubIdRegist {
    /// The seller the sub-account acts for.
    pub userid: String,
    /// The seller's link key, if sent.
    pub linkkey: Option<Secret>,
    pub subuserid: String,
    pub subpwd: Secret,
    /// 부계정명.
    pub subname: String,
    /// 대분류, 중분류, 소분류 (e.g. 본사 / 기획팀 / 마케팅파트); may be empty.
    pub subetc1: String,
    pub subetc2: String,
    pub subetc3: String,
    /// 직급; may be empty.
    pub subjtype: String,
    /// `state`.
    pub permissions: Permissions,
}

impl SubIdRegist {
    pub fn from_form(form: &Form) -> Result<SubIdRegist, PayAppError> {
        let userid = params::userid(form)?;
        let subuserid = fields::new_id(form, "subuserid")?;
        let subpwd = fields::password(form, "subpwd")?;
        let subname = fields::required_max(form, "subname", NAME_MAX_CHARS)?;
        let optional =
            |field| fields::text_max(form, field, NAME_MAX_CHARS).map(Option::unwrap_or_default);
        Ok(SubIdRegist {
            userid,
            linkkey: fields::optional_linkkey(form),
            subuserid,
            subpwd,
            subname,
            subetc1: optional("subetc1")?,
            subetc2: optional("subetc2")?,
            subetc3: optional("subetc3")?,
            subjtype: optional("subjtype")?,
            permissions: permissions(form)?,
        })
    }

    /// The form a client POSTs, in the manual's order; `state` is always sent.
    pub fn to_form(&self) -> Vec<(String, String)> {
        let state = self.permissions.bits().to_string();
        let non_empty = |s: &str| (!s.is_empty()).then_some(s.to_owned());
        let (e1, e2, e3, jt) = (
            non_empty(&self.subetc1),
            non_empty(&self.subetc2),
            non_empty(&self.subetc3),
            non_empty(&self.subjtype),
        );
        collect(&[
            ("cmd", Some(Cmd::SubIdRegist.as_str())),
            ("userid", Some(&self.userid)),
            ("linkkey", self.linkkey.as_ref().map(Secret::expose)),
            ("subuserid", Some(&self.subuserid)),
            ("subpwd", Some(self.subpwd.expose())),
            ("subname", Some(&self.subname)),
            ("subetc1", e1.as_deref()),
            ("subetc2", e2.as_deref()),
            ("subetc3", e3.as_deref()),
            ("subjtype", jt.as_deref()),
            ("state", Some(&state)),
        ])
    }
}

/// `state`: one digit 0–7.
fn permissions(form: &Form) -> Result<Permissions, PayAppError> {
    let Some(text) = form.non_empty("state") else {
        return Ok(Permissions::default());
    };
    let bits = match text.as_bytes() {
        [d @ b'0'..=b'7'] => d - b'0',
        _ => {
            return Err(PayAppError::invalid(
                "state",
                "권한은 0~7 중 하나여야 합니다 (부계정사용=1, 메인관리자=2, 결제취소=4 및 그 합)",
            ));
        }
    };
    Permissions::new(bits)
        .ok_or_else(|| PayAppError::invalid("state", "권한은 0~7 중 하나여야 합니다"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    const BASE: [(&str, &str); 6] = [
        ("cmd", "subidregist"),
        ("userid", "payapptest"),
        ("subuserid", "staff01"),
        ("subpwd", "staffpw123"),
        ("subname", "김직원"),
        ("state", "5"),
    ];

    fn with(extra: &[(&str, &str)]) -> Form {
        let mut pairs: Vec<(&str, &str)> = BASE
            .iter()
            .copied()
            .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
            .collect();
        pairs.extend_from_slice(extra);
        Form::from_pairs(pairs)
    }

    fn refused(extra: &[(&str, &str)]) -> PayAppError {
        SubIdRegist::from_form(&with(extra)).unwrap_err()
    }

    #[test]
    fn minimal_and_full() {
        let s = SubIdRegist::from_form(&with(&[])).unwrap();
        assert_eq!(s.userid, "payapptest");
        assert_eq!(s.subuserid, "staff01");
        assert!(s.subpwd.matches("staffpw123"));
        assert_eq!(s.subname, "김직원");
        assert_eq!(s.permissions.bits(), 5);
        assert_eq!((s.subetc1.as_str(), s.subjtype.as_str()), ("", ""));
        assert_eq!(s.linkkey, None);

        let s = SubIdRegist::from_form(&with(&[
            ("subetc1", "본사"),
            ("subetc2", "기획팀"),
            ("subetc3", "마케팅파트"),
            ("subjtype", "대리"),
            ("linkkey", "KEY"),
        ]))
        .unwrap();
        assert_eq!(
            [s.subetc1.as_str(), &s.subetc2, &s.subetc3, &s.subjtype],
            ["본사", "기획팀", "마케팅파트", "대리"]
        );
        assert!(s.linkkey.unwrap().matches("KEY"));
    }

    #[test]
    fn every_mask_from_0_to_7() {
        for bits in 0..=7u8 {
            let text = bits.to_string();
            let s = SubIdRegist::from_form(&with(&[("state", &text)])).unwrap();
            assert_eq!(s.permissions.bits(), bits);
        }
        let s = SubIdRegist::from_form(&with(&[("state", " ")])).unwrap();
        assert_eq!(s.permissions.bits(), 0, "blank state is 권한없음");
        for bad in ["8", "9", "-1", "07", "1.0", "a", "1,2", "15"] {
            let e = refused(&[("state", bad)]);
            assert_eq!(e.code, ErrorCode::InvalidParameter, "{bad}");
            assert!(e.message.starts_with("state: "), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn userid_is_a_credential() {
        let e = refused(&[("userid", "")]);
        assert_eq!(e.code, ErrorCode::BadCredentials);
    }

    #[test]
    fn field_rules_are_70020() {
        for (field, bad) in [
            ("subuserid", ""),
            ("subuserid", "x"),
            ("subuserid", "직원"),
            ("subpwd", ""),
            ("subpwd", "short1"),
            ("subpwd", "lettersonly"),
            ("subname", ""),
        ] {
            let e = refused(&[(field, bad)]);
            assert_eq!(e.code, ErrorCode::InvalidParameter, "{field}={bad}");
            assert!(
                e.message.starts_with(&format!("{field}: ")),
                "{}",
                e.message
            );
        }
        let long = "가".repeat(NAME_MAX_CHARS + 1);
        for field in ["subname", "subetc1", "subetc2", "subetc3", "subjtype"] {
            let e = refused(&[(field, &long)]);
            assert!(
                e.message.starts_with(&format!("{field}: ")),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn round_trips_and_hides_passwords() {
        let s =
            SubIdRegist::from_form(&with(&[("subetc2", "기획팀"), ("linkkey", "K+/=")])).unwrap();
        let sent = s.to_form();
        assert_eq!(sent[0], ("cmd".to_owned(), "subidregist".to_owned()));
        assert_eq!(SubIdRegist::from_form(&Form::from_pairs(sent)).unwrap(), s);
        let debug = format!("{s:?}");
        assert!(
            !debug.contains("staffpw123") && !debug.contains("K+/="),
            "{debug}"
        );
    }
}
