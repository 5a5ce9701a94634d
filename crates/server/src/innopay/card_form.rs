//! The buyer's card form on the SMS link page, as submitted, and its
//! rules: what a card number, an expiry, a birth date or business number
//! and an instalment choice must look like, and which fields each step of
//! SMS 수기 (03) and SMS 인증 (04) needs. Pure functions, so the page
//! handlers in `buyer` only decide what to show.

use super::order::StoredOrder;
use crate::payments::pay::PayInput;
use gyeolje_innopay::card_company_name;

/// Instalments are offered from 50,000원, the card companies' usual floor;
/// below it the page offers 일시불 only.
const INSTALLMENT_FLOOR: i64 = 50_000;

/// The buyer's form, as submitted (UTF-8: our own page sends it).
#[derive(Default)]
pub(super) struct CardForm {
    pub step: String,
    pub card_number: String,
    pub expiry: String,
    pub birth_or_biz: String,
    pub installment_months: String,
    pub agree: bool,
    pub card_company: String,
}

impl CardForm {
    pub(super) fn parse(body: &[u8]) -> CardForm {
        let mut f = CardForm::default();
        for (k, v) in form_urlencoded::parse(body) {
            let v = v.trim().to_owned();
            match k.as_ref() {
                "step" => f.step = v,
                "card_number" => f.card_number = v,
                "expiry" => f.expiry = v,
                "birth_or_biz" => f.birth_or_biz = v,
                "installment_months" => f.installment_months = v,
                "agree" => f.agree = !v.is_empty(),
                "card_company" => f.card_company = v,
                _ => {}
            }
        }
        f
    }
}

/// The digits of a card number as people type it (spaces, dashes).
fn card_digits(text: &str) -> Result<String, &'static str> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if digits.is_empty() {
        return Err("카드번호를 입력해 주세요.");
    }
    if !(13..=19).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("카드번호는 숫자 13~19자리입니다.");
    }
    Ok(digits)
}

/// `MM/YY` (or `MMYY`) as the acquirer reads it: four digits.
fn expiry_digits(text: &str) -> Result<String, &'static str> {
    let digits: String = text.chars().filter(|c| !matches!(c, '/' | ' ')).collect();
    let ok = digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(digits[..2].parse::<u8>(), Ok(1..=12));
    if ok {
        Ok(digits)
    } else {
        Err("유효기간을 MM/YY 형식으로 입력해 주세요.")
    }
}

/// 생년월일 6자리 (개인카드) or 사업자번호 10자리 (법인카드).
fn check_birth_or_biz(text: &str) -> Result<(), &'static str> {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    if matches!(digits.len(), 6 | 10) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err("생년월일 6자리 또는 사업자번호 10자리를 숫자로 입력해 주세요.")
    }
}

pub(super) fn installments_for(order: &StoredOrder) -> Vec<u8> {
    if order.amount.get() >= INSTALLMENT_FLOOR {
        (2..=12).collect()
    } else {
        Vec::new()
    }
}

/// 0 (일시불) or one of the offered months.
fn installment_of(text: &str, order: &StoredOrder) -> Result<u8, &'static str> {
    let months: u8 = match text {
        "" | "0" | "00" => return Ok(0),
        t => t.parse().map_err(|_| "할부개월을 다시 선택해 주세요.")?,
    };
    if installments_for(order).contains(&months) {
        Ok(months)
    } else {
        Err("선택할 수 없는 할부개월입니다 (50,000원 이상만 할부 가능).")
    }
}

pub(super) fn company_of(code: &str) -> Result<&'static str, &'static str> {
    card_company_name(code).ok_or("카드사를 선택해 주세요.")
}

/// SMS 수기: every field on one form.
pub(super) fn manual_input(form: &CardForm, order: &StoredOrder) -> Result<PayInput, &'static str> {
    let number = card_digits(&form.card_number)?;
    let expiry = expiry_digits(&form.expiry)?;
    check_birth_or_biz(&form.birth_or_biz)?;
    let months = installment_of(&form.installment_months, order)?;
    if !form.agree {
        return Err("결제 진행에 동의해 주세요.");
    }
    Ok(PayInput::Card {
        number,
        expiry: Some(expiry),
        installment_months: months,
    })
}

/// SMS 인증 step 1: company, number, instalments and consent.
pub(super) fn auth_step(
    form: &CardForm,
    order: &StoredOrder,
) -> Result<(String, u8), &'static str> {
    company_of(&form.card_company)?;
    let number = card_digits(&form.card_number)?;
    let months = installment_of(&form.installment_months, order)?;
    if !form.agree {
        return Err("결제 진행에 동의해 주세요.");
    }
    Ok((number, months))
}

/// SMS 인증 step 2 ("인증 완료"): the step-1 values again, from the form.
pub(super) fn auth_input(form: &CardForm, order: &StoredOrder) -> Result<PayInput, &'static str> {
    company_of(&form.card_company)?;
    let number = card_digits(&form.card_number)?;
    let months = installment_of(&form.installment_months, order)?;
    Ok(PayInput::Card {
        number,
        expiry: None,
        installment_months: months,
    })
}

/// `1234-****-****-3456`-style, for showing which card is being authenticated.
pub(super) fn mask(digits: &str) -> String {
    let n = digits.len();
    digits
        .char_indices()
        .map(|(i, c)| if i < 4 || i + 4 >= n { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_rules() {
        assert_eq!(
            card_digits("4242 4242-4242 4242"),
            Ok("4242424242424242".into())
        );
        assert!(card_digits("").is_err() && card_digits("4242x").is_err());
        assert_eq!(expiry_digits("12/30"), Ok("1230".into()));
        assert!(expiry_digits("13/30").is_err() && expiry_digits("1/30").is_err());
        assert!(check_birth_or_biz("900101").is_ok());
        assert!(check_birth_or_biz("123-45-67890").is_ok());
        assert!(check_birth_or_biz("90010").is_err() && check_birth_or_biz("9001011").is_err());
        assert_eq!(mask("4242424242424242"), "4242********4242");
    }
}
