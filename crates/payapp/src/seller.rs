//! `cmd=sellerRegist` and `cmd=useridCheck`: an agency signs up resellers,
//! a reseller signs up sellers (manual 001, 판매자 회원 가입 / 아이디 중복 체크).
//!
//! The caller is named by `resellerid`; the manual sends no key with these
//! calls, so the server authenticates by that id and its place in the
//! hierarchy, and checks a `linkkey` only when one is sent (see
//! `docs/protocols/payapp.md`). This module validates the form; whether
//! `resellerid` exists and may sign up the requested `seller_type`, and
//! whether `userid` is free, need the store and are decided by the server.
//!
//! Field order follows the manual's table, so the first problem reported is
//! predictable. A blank or missing `resellerid` is 70010 (it identifies the
//! caller, like `userid` elsewhere); every other field problem is 70020.

use crate::account_fields::{self as fields, LONG_MAX_CHARS, NAME_MAX_CHARS};
use crate::cmd::Cmd;
use crate::codec::{Form, encode_reply};
use crate::error::PayAppError;
use crate::params;
use gyeolje_core::{BIZ_KINDS, JoinType, Secret, SellerKind, SellerProfile, UserType};

/// A validated `sellerRegist`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SellerRegist {
    /// The new account's id.
    pub userid: String,
    pub userpwd: Secret,
    /// The reseller (for a seller) or agency (for a reseller) signing it up.
    pub resellerid: String,
    /// The caller's link key, if it sent one (not in the manual's table).
    pub linkkey: Option<Secret>,
    /// `seller_type`: [`SellerKind::Seller`] or [`SellerKind::Reseller`].
    pub seller_type: SellerKind,
    pub profile: SellerProfile,
    /// 공통 통보 URL: receives every payment of the new seller.
    pub common_feedbackurl: Option<String>,
}

impl SellerRegist {
    pub fn from_form(form: &Form) -> Result<SellerRegist, PayAppError> {
        let resellerid = reseller_id(form)?;
        let userid = fields::new_id(form, "userid")?;
        let userpwd = fields::password(form, "userpwd")?;
        let sellername = fields::required_max(form, "sellername", NAME_MAX_CHARS)?;
        let phone = fields::mobile(form, "phone")?;
        // usertype decides which of the fields before it are required, so it
        // is read first; its own errors still name it.
        let usertype = params::choice(
            form,
            "usertype",
            &[
                ("1", Some(UserType::Individual)),
                ("2", Some(UserType::Business)),
            ],
            None,
        )?
        .ok_or_else(|| PayAppError::missing("usertype"))?;
        let business = usertype == UserType::Business;
        let because_business = "사업자(usertype=2)는";
        let business_field = |field: &str| {
            if business {
                fields::required_because(form, field, NAME_MAX_CHARS, because_business).map(Some)
            } else {
                fields::text_max(form, field, NAME_MAX_CHARS)
            }
        };
        let compregno = fields::digits(
            form,
            "compregno",
            10..=10,
            "사업자등록번호는 숫자 10자리여야 합니다 (예: 123-45-67890)",
        )?;
        if business && compregno.is_none() {
            return Err(PayAppError::invalid(
                "compregno",
                &format!("{because_business} 필수 값입니다"),
            ));
        }
        let compname = business_field("compname")?;
        let biztype1 = business_field("biztype1")?;
        let biztype2 = business_field("biztype2")?;
        let email = fields::email(form, "email")?;
        let zipcode = fields::digits(
            form,
            "zipcode",
            5..=6,
            "우편번호는 숫자 5자리(또는 구 우편번호 6자리)여야 합니다",
        )?;
        let addr1 = fields::text_max(form, "addr1", LONG_MAX_CHARS)?;
        let addr2 = fields::text_max(form, "addr2", LONG_MAX_CHARS)?;
        let homepage = fields::text_max(form, "homepage", LONG_MAX_CHARS)?;
        let compbank = fields::text_max(form, "compbank", NAME_MAX_CHARS)?;
        let compbanknum = fields::digits(
            form,
            "compbanknum",
            6..=20,
            "계좌번호는 숫자(와 -) 6~20자리여야 합니다",
        )?;
        let compbankname = fields::text_max(form, "compbankname", NAME_MAX_CHARS)?;
        let bizkind = biz_kind(form)?;
        let username = if business {
            fields::text_max(form, "username", NAME_MAX_CHARS)?
        } else {
            Some(fields::required_because(
                form,
                "username",
                NAME_MAX_CHARS,
                "개인(usertype=1)은",
            )?)
        };
        let join_type = params::choice(
            form,
            "join_type",
            &[("0", Some(JoinType::Paid)), ("4", Some(JoinType::Discount))],
            None,
        )?
        .ok_or_else(|| PayAppError::missing("join_type"))?;
        let ceo_nm = business_field("ceo_nm")?;
        let seller_type = params::choice(
            form,
            "seller_type",
            &[
                ("seller", Some(SellerKind::Seller)),
                ("reseller", Some(SellerKind::Reseller)),
            ],
            None,
        )?
        .ok_or_else(|| PayAppError::missing("seller_type"))?;
        if seller_type == SellerKind::Reseller && join_type != JoinType::Paid {
            return Err(PayAppError::invalid(
                "join_type",
                "리셀러 회원가입은 유료형(join_type=0)만 가능합니다",
            ));
        }
        let common_feedbackurl = params::web_url(form, "common_feedbackurl")?;

        Ok(SellerRegist {
            userid,
            userpwd,
            resellerid,
            linkkey: fields::optional_linkkey(form),
            seller_type,
            profile: SellerProfile {
                sellername,
                phone,
                email,
                usertype,
                username,
                compregno,
                compname,
                biztype1,
                biztype2,
                ceo_nm,
                zipcode,
                addr1,
                addr2,
                homepage,
                compbank,
                compbanknum,
                compbankname,
                bizkind,
                join_type,
            },
            common_feedbackurl,
        })
    }

    /// The form a client POSTs, in the manual's order; blank optional
    /// fields are left out.
    pub fn to_form(&self) -> Vec<(String, String)> {
        let p = &self.profile;
        let usertype = p.usertype.code().to_string();
        let join_type = p.join_type.code().to_string();
        let fields: [(&str, Option<&str>); 26] = [
            ("cmd", Some(Cmd::SellerRegist.as_str())),
            ("userid", Some(&self.userid)),
            ("userpwd", Some(self.userpwd.expose())),
            ("sellername", Some(&p.sellername)),
            ("phone", Some(p.phone.as_str())),
            ("compregno", p.compregno.as_deref()),
            ("compname", p.compname.as_deref()),
            ("biztype1", p.biztype1.as_deref()),
            ("biztype2", p.biztype2.as_deref()),
            ("email", Some(&p.email)),
            ("zipcode", p.zipcode.as_deref()),
            ("addr1", p.addr1.as_deref()),
            ("addr2", p.addr2.as_deref()),
            ("homepage", p.homepage.as_deref()),
            ("compbank", p.compbank.as_deref()),
            ("compbanknum", p.compbanknum.as_deref()),
            ("compbankname", p.compbankname.as_deref()),
            ("bizkind", Some(&p.bizkind)),
            ("username", p.username.as_deref()),
            ("usertype", Some(&usertype)),
            ("resellerid", Some(&self.resellerid)),
            ("join_type", Some(&join_type)),
            ("ceo_nm", p.ceo_nm.as_deref()),
            ("seller_type", Some(self.seller_type.as_str())),
            ("common_feedbackurl", self.common_feedbackurl.as_deref()),
            ("linkkey", self.linkkey.as_ref().map(Secret::expose)),
        ];
        collect(&fields)
    }
}

/// The success reply to `sellerRegist`: the new account's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SellerRegistReply {
    pub userid: String,
    /// 연동 KEY.
    pub linkkey: Secret,
    /// 연동 VALUE.
    pub linkval: Secret,
}

impl SellerRegistReply {
    /// `state=1&errorMessage=&userid=…&linkkey=…&linkval=…`.
    pub fn to_reply(&self) -> String {
        encode_reply(&[
            ("state", "1"),
            ("errorMessage", ""),
            ("userid", &self.userid),
            ("linkkey", self.linkkey.expose()),
            ("linkval", self.linkval.expose()),
        ])
    }
}

/// A validated `useridCheck`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseridCheck {
    /// The id to check.
    pub userid: String,
    /// The reseller or agency asking.
    pub resellerid: String,
    pub linkkey: Option<Secret>,
}

impl UseridCheck {
    /// An id that could never be registered (bad characters, too short) is
    /// refused with the reason (70020) rather than reported free.
    pub fn from_form(form: &Form) -> Result<UseridCheck, PayAppError> {
        let resellerid = reseller_id(form)?;
        Ok(UseridCheck {
            userid: fields::new_id(form, "userid")?,
            resellerid,
            linkkey: fields::optional_linkkey(form),
        })
    }

    pub fn to_form(&self) -> Vec<(String, String)> {
        collect(&[
            ("cmd", Some(Cmd::UseridCheck.as_str())),
            ("userid", Some(&self.userid)),
            ("resellerid", Some(&self.resellerid)),
            ("linkkey", self.linkkey.as_ref().map(Secret::expose)),
        ])
    }
}

/// `resellerid`: the caller. Blank is 70010, like a blank `userid`.
fn reseller_id(form: &Form) -> Result<String, PayAppError> {
    form.non_empty("resellerid")
        .map(str::to_owned)
        .ok_or_else(|| {
            PayAppError::bad_credentials(
                "resellerid 값을 확인하세요: 대리점 또는 리셀러 아이디가 필요합니다",
            )
        })
}

/// `bizkind`: one of the manual's list, spelled as there (ASCII letters in
/// any case: `blog사업자` is `Blog사업자`).
fn biz_kind(form: &Form) -> Result<String, PayAppError> {
    let value = params::required(form, "bizkind")?;
    BIZ_KINDS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(value))
        .map(|k| (*k).to_owned())
        .ok_or_else(|| {
            PayAppError::invalid(
                "bizkind",
                &format!(
                    "서비스 구분이 아닙니다 (가능한 값: {})",
                    BIZ_KINDS.join(", ")
                ),
            )
        })
}

pub(crate) fn collect(fields: &[(&str, Option<&str>)]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter_map(|(k, v)| v.map(|v| ((*k).to_owned(), v.to_owned())))
        .collect()
}

#[cfg(test)]
mod tests;
