//! What the buyer submits on an order page, read into the two commands the
//! server runs: the order form ([`CheckoutInput`]) and the payment
//! ([`PayInput`]). The Std and Fast pages differ only in what they let
//! through: Std offers every method and every card (§3.1.2 says
//! `payment_rule` and `card_type` work on Fast only); Fast refuses a
//! method `payment_rule` does not allow, a card company outside
//! `card_type`, and a virtual account once `payment_due_date` is over.

use crate::ipay::checkout::CheckoutInput;
use crate::ipay::state::Area;
use crate::payments::pay::PayInput;
use gyeolje_core::escrow::Destination;
use gyeolje_core::time::kst;
use gyeolje_core::{PayerDetails, PhoneNumber, Timestamp};
use gyeolje_ipay::cart::{CardCompany, CartRequest, PayMethod};
use serde::Deserialize;

/// Which of the two order pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Std,
    Fast,
}

impl Flavor {
    pub fn path(self) -> &'static str {
        match self {
            Flavor::Std => super::paths::STD_PATH,
            Flavor::Fast => super::paths::FAST_PATH,
        }
    }

    /// The methods the page offers for `cart`, in the manual's order.
    pub fn methods(self, cart: &CartRequest) -> Vec<PayMethod> {
        METHODS
            .into_iter()
            .filter(|m| self == Flavor::Std || cart.payment_rule.allows(*m))
            .collect()
    }

    /// The card companies the buyer picks from: none on Std (the card
    /// number decides), `card_type` on Fast, or every company when the
    /// cart names none.
    pub fn companies(self, cart: &CartRequest) -> Vec<CardCompany> {
        match self {
            Flavor::Std => Vec::new(),
            Flavor::Fast if cart.card_type.is_empty() => CardCompany::ALL.to_vec(),
            Flavor::Fast => cart.card_type.iter().map(|r| r.company).collect(),
        }
    }
}

const METHODS: [PayMethod; 4] = [
    PayMethod::Card,
    PayMethod::VirtualAccount,
    PayMethod::Phone,
    PayMethod::Transfer,
];

/// The form value of a method, and its label on the page.
pub fn method_label(m: PayMethod) -> (&'static str, &'static str) {
    match m {
        PayMethod::Card => ("card", "신용카드"),
        PayMethod::VirtualAccount => ("vbank", "무통장입금(가상계좌)"),
        PayMethod::Phone => ("phone", "휴대폰"),
        PayMethod::Transfer => ("rbank", "실시간계좌이체"),
    }
}

fn method_of(value: &str) -> Option<PayMethod> {
    METHODS.into_iter().find(|m| method_label(*m).0 == value)
}

/// The submitted form. Every field is text and optional, so a form with a
/// field missing gets the page again with a message.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrderForm {
    pub buyer_name: String,
    pub buyer_tel: String,
    pub buyer_email: String,
    pub rcpt_name: String,
    pub post_no: String,
    pub address: String,
    pub address_detail: String,
    pub rcpt_tel: String,
    pub rcpt_mobile: String,
    pub remark: String,
    pub area: String,
    pub method: String,
    pub card_company: String,
    pub card_number: String,
    pub expiry: String,
    pub installment: String,
    pub phone: String,
    pub bank_code: String,
}

impl OrderForm {
    /// The form as the page first shows it: the buyer fields prefilled
    /// from the cart's `buyer_name`/`buyer_tel_no`/`buyer_email`.
    pub fn prefilled(cart: &CartRequest) -> OrderForm {
        let tel = cart.buyer_tel_no.clone().unwrap_or_default();
        OrderForm {
            buyer_name: cart.buyer_name.clone().unwrap_or_default(),
            buyer_email: cart.buyer_email.clone().unwrap_or_default(),
            phone: tel.clone(),
            buyer_tel: tel,
            ..OrderForm::default()
        }
    }
}

/// Why a submitted form is not paid.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FormError {
    #[error("결제수단을 선택해 주세요.")]
    NoMethod,
    #[error("이 주문에서는 {0} 결제를 사용할 수 없습니다.")]
    MethodNotAllowed(&'static str),
    #[error("배송지역을 다시 선택해 주세요.")]
    BadArea,
    #[error("카드사를 선택해 주세요.")]
    NoCompany,
    #[error("이 주문에서는 {0}를 사용할 수 없습니다.")]
    CompanyNotAllowed(&'static str),
    #[error("카드번호를 입력해 주세요.")]
    NoCardNumber,
    #[error("휴대폰번호를 확인해 주세요.")]
    BadPhone,
    #[error("입금마감일({0})이 지나 무통장입금을 사용할 수 없습니다.")]
    DueDatePassed(String),
}

/// A form ready to run.
pub struct Choice {
    pub checkout: CheckoutInput,
    pub pay: PayInput,
    pub payer: PayerDetails,
    /// The virtual account's latest due (Fast `payment_due_date`).
    pub deposit_by: Option<Timestamp>,
}

/// Reads `form` for `cart` on the `flavor` page at `now`.
pub fn read(
    form: &OrderForm,
    flavor: Flavor,
    cart: &CartRequest,
    now: Timestamp,
) -> Result<Choice, FormError> {
    let method = method_of(form.method.trim()).ok_or(FormError::NoMethod)?;
    if !flavor.methods(cart).contains(&method) {
        return Err(FormError::MethodNotAllowed(method_label(method).1));
    }
    let area = Area::parse(form.area.trim()).ok_or(FormError::BadArea)?;
    let bank_code = non_empty(&form.bank_code);
    let mut deposit_by = None;
    let pay = match method {
        PayMethod::Card => {
            let companies = flavor.companies(cart);
            if !companies.is_empty() {
                let picked =
                    CardCompany::from_code(form.card_company.trim()).ok_or(FormError::NoCompany)?;
                if !companies.contains(&picked) {
                    return Err(FormError::CompanyNotAllowed(picked.name_ko()));
                }
            }
            let number = form.card_number.trim();
            if number.is_empty() {
                return Err(FormError::NoCardNumber);
            }
            let expiry: String = form.expiry.chars().filter(char::is_ascii_digit).collect();
            PayInput::Card {
                number: number.to_owned(),
                expiry: (!expiry.is_empty()).then_some(expiry),
                installment_months: form.installment.trim().parse().unwrap_or(0),
            }
        }
        PayMethod::Phone => {
            let phone = PhoneNumber::parse(form.phone.trim()).map_err(|_| FormError::BadPhone)?;
            PayInput::Phone { phone }
        }
        PayMethod::Transfer => PayInput::BankTransfer { bank_code },
        PayMethod::VirtualAccount => {
            if flavor == Flavor::Fast
                && let Some(date) = cart.payment_due_date
            {
                let by = end_of_day_kst(date);
                if by <= now {
                    return Err(FormError::DueDatePassed(date.to_string()));
                }
                deposit_by = Some(by);
            }
            PayInput::VirtualAccount { bank_code }
        }
    };
    let destination = cart.is_address_required.then(|| Destination {
        name: form.rcpt_name.trim().to_owned(),
        post_no: form.post_no.trim().to_owned(),
        address: form.address.trim().to_owned(),
        address_detail: form.address_detail.trim().to_owned(),
        tel: form.rcpt_tel.trim().to_owned(),
        mobile: form.rcpt_mobile.trim().to_owned(),
        remark: form.remark.trim().to_owned(),
    });
    let payer = PayerDetails {
        memo: form.remark.trim().to_owned(),
        address: destination.as_ref().map(one_line).unwrap_or_default(),
        wallet: None,
    };
    Ok(Choice {
        checkout: CheckoutInput {
            buyer_name: form.buyer_name.clone(),
            buyer_tel: form.buyer_tel.clone(),
            buyer_email: form.buyer_email.clone(),
            destination,
            area,
        },
        pay,
        payer,
        deposit_by,
    })
}

fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// `(06236) 서울 강남구 테헤란로 1 2층`, as the payment record keeps it.
fn one_line(d: &Destination) -> String {
    let mut out = String::new();
    if !d.post_no.is_empty() {
        out.push_str(&format!("({}) ", d.post_no));
    }
    out.push_str(&d.address);
    if !d.address_detail.is_empty() {
        out.push(' ');
        out.push_str(&d.address_detail);
    }
    out
}

/// The last millisecond of `date` in KST: `payment_due_date` is a day
/// (`2011-12-31`), and a deposit during that day is in time.
pub fn end_of_day_kst(date: chrono::NaiveDate) -> Timestamp {
    let next = date.succ_opt().unwrap_or(date);
    let midnight = next.and_hms_opt(0, 0, 0).unwrap_or_default();
    match midnight.and_local_timezone(kst()).earliest() {
        Some(t) => Timestamp::from_millis(t.timestamp_millis() - 1),
        None => Timestamp::from_millis(i64::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_due_date_ends_at_midnight_kst() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 31).unwrap_or_default();
        // 2024-02-01 00:00 KST = 2024-01-31 15:00 UTC.
        assert_eq!(end_of_day_kst(date).as_millis(), 1_706_713_200_000 - 1);
        assert_eq!(end_of_day_kst(date).kst_datetime(), "2024-01-31 23:59:59");
    }

    #[test]
    fn method_values_round_trip() {
        for m in METHODS {
            assert_eq!(method_of(method_label(m).0), Some(m));
        }
        assert_eq!(method_of("cash"), None);
    }
}
