//! `cmd=cashSt` and `cmd=cashStCn`: a seller issues a cash receipt
//! (현금영수증) for a cash sale, and cancels it.
//!
//! The manual's tables list the fields and little else, so the rules here
//! are the tax authority's, applied at the edge so a seller learns about a
//! bad receipt from the reply rather than from the buyer: amounts are whole
//! won and the parts add up to the total; a tax-exempt (`TG02`) sale has no
//! VAT; `id_info` is a mobile number or a business registration number with
//! a valid check digit; an income-deduction receipt (`tr_code=0`) goes to a
//! phone, never a business number; `trad_time` is a real KST time. The rules
//! themselves live in `gyeolje_core::cash_receipt`; this module reads the
//! fields, names the one at fault and says why, in Korean.
//!
//! Neither table lists `linkkey`, and the manual's PHP samples do not send
//! one. A `linkkey` that is sent is checked all the same (70010 when wrong),
//! since PayApp's later API documents it for these cmds and clients send it.

use crate::cmd::Cmd;
use crate::codec::{Form, encode_reply};
use crate::error::PayAppError;
use crate::params;
use gyeolje_core::cash_receipt::{
    CashAmounts, CashAmountsError, CashReceiptError, Identity, IdentityError, Purpose, TaxType,
};
use gyeolje_core::{MoneyError, PhoneNumber, Timestamp, Won};
use std::fmt;

/// The longest `good_name` accepted, in characters.
pub const GOOD_NAME_MAX_CHARS: usize = 200;
/// The longest `buyr_name` accepted, in characters.
pub const BUYR_NAME_MAX_CHARS: usize = 100;
/// The longest `buyr_mail` accepted, in characters (RFC 5321's path limit).
pub const BUYR_MAIL_MAX_CHARS: usize = 254;

/// A validated `cashSt` (also sent as `cashStRegist`).
#[derive(Clone, PartialEq, Eq)]
pub struct CashSt {
    /// 판매자 회원 아이디.
    pub userid: String,
    /// 연동 KEY, optional here (see the module docs); checked when present.
    pub linkkey: Option<String>,
    /// 상품명.
    pub good_name: String,
    /// 구매자명.
    pub buyr_name: String,
    /// 구매자 휴대폰.
    pub buyr_tel1: Option<PhoneNumber>,
    /// 구매자 이메일.
    pub buyr_mail: Option<String>,
    /// 휴대폰번호 또는 사업자번호.
    pub id_info: Identity,
    /// 원거래시각, read as KST.
    pub trad_time: Timestamp,
    /// 발행용도.
    pub tr_code: Purpose,
    /// `amt_tot`, `amt_sup`, `amt_svc`, `amt_tax` and `corp_tax_type`.
    pub amounts: CashAmounts,
}

impl CashSt {
    /// Validates a `cashSt` form. The first problem found is returned,
    /// fields in the order of the manual's table, then the rules that join
    /// several fields (the amounts' sum, VAT on a tax-exempt sale, the
    /// purpose and the identity).
    pub fn from_form(form: &Form) -> Result<CashSt, PayAppError> {
        let userid = params::userid(form)?;
        let linkkey = params::optional(form, "linkkey");
        let good_name = bounded_text(form, "good_name", GOOD_NAME_MAX_CHARS)?;
        let buyr_name = bounded_text(form, "buyr_name", BUYR_NAME_MAX_CHARS)?;
        let buyr_tel1 = params::optional(form, "buyr_tel1")
            .map(|t| {
                PhoneNumber::parse(&t).map_err(|_| {
                    PayAppError::invalid(
                        "buyr_tel1",
                        "휴대폰번호는 숫자(하이픈 허용) 9~15자리여야 합니다",
                    )
                })
            })
            .transpose()?;
        let buyr_mail = params::optional(form, "buyr_mail");
        if let Some(mail) = &buyr_mail {
            check_email(mail)?;
        }
        let id_info = parse_id_info(params::required(form, "id_info")?)?;
        let trad_time = parse_trad_time(params::required(form, "trad_time")?)?;
        let tr_code = parse_tr_code(params::required(form, "tr_code")?)?;
        let total = whole_won(form, "amt_tot")?;
        let supply = whole_won(form, "amt_sup")?;
        let service = whole_won(form, "amt_svc")?;
        let tax = whole_won(form, "amt_tax")?;
        let tax_type = parse_corp_tax_type(params::required(form, "corp_tax_type")?)?;
        let amounts = CashAmounts::new(total, supply, service, tax, tax_type)
            .map_err(|e| amounts_error(&e))?;
        if !tr_code.accepts(&id_info) {
            return Err(receipt_error(&CashReceiptError::IdentityNotAllowed {
                purpose: tr_code,
                kind: id_info.kind(),
            }));
        }
        Ok(CashSt {
            userid,
            linkkey,
            good_name,
            buyr_name,
            buyr_tel1,
            buyr_mail,
            id_info,
            trad_time,
            tr_code,
            amounts,
        })
    }

    /// The form a client POSTs, in the manual's order; optional fields only
    /// when set.
    pub fn to_form(&self) -> Vec<(String, String)> {
        let a = &self.amounts;
        let fields: [(&str, Option<String>); 15] = [
            ("cmd", Some(Cmd::CashSt.as_str().into())),
            ("userid", Some(self.userid.clone())),
            ("linkkey", self.linkkey.clone()),
            ("good_name", Some(self.good_name.clone())),
            ("buyr_name", Some(self.buyr_name.clone())),
            (
                "buyr_tel1",
                self.buyr_tel1.as_ref().map(|p| p.as_str().into()),
            ),
            ("buyr_mail", self.buyr_mail.clone()),
            ("id_info", Some(self.id_info.digits().into())),
            ("trad_time", Some(self.trad_time.kst_compact())),
            ("tr_code", Some(tr_code(self.tr_code).into())),
            ("amt_tot", Some(a.total().to_string())),
            ("amt_sup", Some(a.supply().to_string())),
            ("amt_svc", Some(a.service().to_string())),
            ("amt_tax", Some(a.tax().to_string())),
            ("corp_tax_type", Some(corp_tax_type(a.tax_type()).into())),
        ];
        fields
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
            .collect()
    }
}

impl fmt::Debug for CashSt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CashSt")
            .field("userid", &self.userid)
            .field("linkkey", &self.linkkey.as_ref().map(|_| "***"))
            .field("good_name", &self.good_name)
            .field("buyr_name", &self.buyr_name)
            .field("buyr_tel1", &self.buyr_tel1)
            .field("buyr_mail", &self.buyr_mail)
            .field("id_info", &self.id_info.masked())
            .field("trad_time", &self.trad_time)
            .field("tr_code", &self.tr_code)
            .field("amounts", &self.amounts)
            .finish()
    }
}

/// The success reply to `cashSt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashStReply {
    /// 발행번호.
    pub cashstno: i64,
    /// 발행url: the receipt page.
    pub cashsturl: String,
}

impl CashStReply {
    /// `state=1&errorMessage=&cashstno=<n>&cashsturl=<urlencoded>`.
    pub fn to_reply(&self) -> String {
        let cashstno = self.cashstno.to_string();
        encode_reply(&[
            ("state", "1"),
            ("errorMessage", ""),
            ("cashstno", &cashstno),
            ("cashsturl", &self.cashsturl),
        ])
    }
}

/// A validated `cashStCn` (also sent as `cashStCancel`).
#[derive(Clone, PartialEq, Eq)]
pub struct CashStCn {
    pub userid: String,
    /// 연동 KEY, optional; checked when present.
    pub linkkey: Option<String>,
    /// 발행번호 from the `cashSt` reply.
    pub cashstno: i64,
}

impl CashStCn {
    pub fn from_form(form: &Form) -> Result<CashStCn, PayAppError> {
        Ok(CashStCn {
            userid: params::userid(form)?,
            linkkey: params::optional(form, "linkkey"),
            cashstno: parse_cashstno(params::required(form, "cashstno")?)?,
        })
    }

    pub fn to_form(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("cmd".to_owned(), Cmd::CashStCn.as_str().to_owned()),
            ("userid".to_owned(), self.userid.clone()),
        ];
        if let Some(key) = &self.linkkey {
            out.push(("linkkey".to_owned(), key.clone()));
        }
        out.push(("cashstno".to_owned(), self.cashstno.to_string()));
        out
    }
}

impl fmt::Debug for CashStCn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CashStCn")
            .field("userid", &self.userid)
            .field("linkkey", &self.linkkey.as_ref().map(|_| "***"))
            .field("cashstno", &self.cashstno)
            .finish()
    }
}

/// `tr_code` on the wire: `0` 소득공제용, `1` 지출증빙용.
pub const fn tr_code(p: Purpose) -> &'static str {
    match p {
        Purpose::IncomeDeduction => "0",
        Purpose::ExpenseProof => "1",
    }
}

/// `corp_tax_type` on the wire: `TG01` 과세, `TG02` 면세.
pub const fn corp_tax_type(t: TaxType) -> &'static str {
    match t {
        TaxType::Taxable => "TG01",
        TaxType::TaxExempt => "TG02",
    }
}

pub fn parse_tr_code(text: &str) -> Result<Purpose, PayAppError> {
    match text {
        "0" => Ok(Purpose::IncomeDeduction),
        "1" => Ok(Purpose::ExpenseProof),
        _ => Err(PayAppError::invalid(
            "tr_code",
            "0(소득공제용) 또는 1(지출증빙용)이어야 합니다",
        )),
    }
}

/// `TG01`/`TG02`, ASCII case-insensitively (`tg01` is `TG01`).
pub fn parse_corp_tax_type(text: &str) -> Result<TaxType, PayAppError> {
    if text.eq_ignore_ascii_case("TG01") {
        Ok(TaxType::Taxable)
    } else if text.eq_ignore_ascii_case("TG02") {
        Ok(TaxType::TaxExempt)
    } else {
        Err(PayAppError::invalid(
            "corp_tax_type",
            "TG01(과세) 또는 TG02(면세)여야 합니다",
        ))
    }
}

/// `trad_time`: `yyyyMMddHHmmss`, a real date and time, read as KST.
pub fn parse_trad_time(text: &str) -> Result<Timestamp, PayAppError> {
    Timestamp::parse_kst_compact(text).ok_or_else(|| {
        PayAppError::invalid(
            "trad_time",
            "yyyyMMddHHmmss 형식의 실제 날짜와 시각이어야 합니다 (예: 20151231183120)",
        )
    })
}

/// `id_info`: a mobile number or a business registration number.
pub fn parse_id_info(text: &str) -> Result<Identity, PayAppError> {
    Identity::parse(text).map_err(|e| {
        let why = match e {
            IdentityError::Empty => "필수 값이 비어 있습니다",
            IdentityError::NotDigits => "숫자만 입력할 수 있습니다 (하이픈 허용)",
            IdentityError::NotMobile => {
                "휴대폰번호(010, 011, 016~019로 시작) 또는 사업자번호여야 합니다"
            }
            IdentityError::Length => "휴대폰번호는 10~11자리, 사업자번호는 10자리여야 합니다",
            IdentityError::CheckDigit => "사업자번호의 검증번호(마지막 자리)가 맞지 않습니다",
        };
        PayAppError::invalid("id_info", why)
    })
}

/// `cashstno`: digits only, at least 1.
pub fn parse_cashstno(text: &str) -> Result<i64, PayAppError> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PayAppError::invalid(
            "cashstno",
            "숫자만 입력할 수 있습니다",
        ));
    }
    match text.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        Ok(_) => Err(PayAppError::invalid("cashstno", "1 이상이어야 합니다")),
        Err(_) => Err(PayAppError::invalid("cashstno", "발행번호가 너무 큽니다")),
    }
}

/// The message for amounts that do not make a receipt: the sum is blamed on
/// `amt_tot`, VAT on a tax-exempt sale on `amt_tax`.
pub fn amounts_error(e: &CashAmountsError) -> PayAppError {
    match e {
        CashAmountsError::ZeroTotal => {
            PayAppError::invalid("amt_tot", "0보다 큰 금액이어야 합니다")
        }
        CashAmountsError::SumMismatch {
            total,
            parts: Some(parts),
        } => PayAppError::invalid(
            "amt_tot",
            &format!(
                "거래금액({}원)이 공급가액+봉사료+부가가치세({}원)와 같아야 합니다",
                total.grouped(),
                parts.grouped()
            ),
        ),
        CashAmountsError::SumMismatch { parts: None, .. } => {
            PayAppError::invalid("amt_tot", "공급가액+봉사료+부가가치세의 합이 너무 큽니다")
        }
        CashAmountsError::TaxOnExempt { .. } => PayAppError::invalid(
            "amt_tax",
            "면세(corp_tax_type=TG02) 거래는 부가가치세가 0이어야 합니다",
        ),
    }
}

/// The message for a receipt the core refuses to issue or cancel.
pub fn receipt_error(e: &CashReceiptError) -> PayAppError {
    match e {
        CashReceiptError::IdentityNotAllowed {
            purpose: Purpose::IncomeDeduction,
            ..
        } => PayAppError::invalid(
            "id_info",
            "소득공제용(tr_code=0)은 휴대폰번호로 발행합니다 (사업자번호는 지출증빙용 tr_code=1)",
        ),
        CashReceiptError::IdentityNotAllowed {
            purpose: Purpose::ExpenseProof,
            ..
        } => PayAppError::invalid("id_info", "지출증빙용으로 발행할 수 없는 번호입니다"),
        CashReceiptError::TradedInFuture => {
            PayAppError::invalid("trad_time", "미래 시각으로 발행할 수 없습니다")
        }
        CashReceiptError::AlreadyCancelled => {
            PayAppError::invalid("cashstno", "이미 취소된 현금영수증입니다")
        }
    }
}

/// A required amount in whole won: ASCII digits only (zero allowed — the
/// total's own rule is checked with the sum).
fn whole_won(form: &Form, field: &str) -> Result<Won, PayAppError> {
    Won::parse_digits(params::required(form, field)?).map_err(|e| match e {
        MoneyError::TooLarge => PayAppError::invalid(field, "금액이 너무 큽니다"),
        MoneyError::Empty | MoneyError::NotDigits | MoneyError::Negative => {
            PayAppError::invalid(field, "원 단위 정수(숫자)만 입력할 수 있습니다")
        }
    })
}

/// A required text of at most `max` characters.
fn bounded_text(form: &Form, field: &str, max: usize) -> Result<String, PayAppError> {
    let text = params::required(form, field)?;
    if text.chars().count() > max {
        return Err(PayAppError::invalid(
            field,
            &format!("{max}자 이하로 입력하세요"),
        ));
    }
    Ok(text.to_owned())
}

/// `buyr_mail` must look like an address mail can go to: one `@`, a local
/// part, a domain of dot-separated labels, no spaces or quoting characters.
/// Full RFC 5322 syntax (quoted local parts, comments) is refused — no
/// receipt e-mail needs it and it only hides typos.
fn check_email(mail: &str) -> Result<(), PayAppError> {
    let bad = || {
        PayAppError::invalid(
            "buyr_mail",
            "이메일 주소 형식이 아닙니다 (예: buyer@example.com)",
        )
    };
    if mail.chars().count() > BUYR_MAIL_MAX_CHARS {
        return Err(PayAppError::invalid(
            "buyr_mail",
            &format!("{BUYR_MAIL_MAX_CHARS}자 이하로 입력하세요"),
        ));
    }
    if mail
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"".contains(c))
    {
        return Err(bad());
    }
    let Some((local, domain)) = mail.split_once('@') else {
        return Err(bad());
    };
    let labels_ok = domain
        .split('.')
        .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
    if local.is_empty()
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || domain.contains('@')
        || !domain.contains('.')
        || !labels_ok
    {
        return Err(bad());
    }
    Ok(())
}

#[cfg(test)]
mod tests;
