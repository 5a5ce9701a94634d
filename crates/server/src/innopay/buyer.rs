//! The buyer's card page behind the SMS link, `/s/{code}` (manual §2.1:
//! "입력하신 휴대폰번호로 결제링크가 SMS문자로 발송되며, 해당링크에서만 신용카드
//! SMS 결제가 가능합니다").
//!
//! The order's `svcPrdtCd` decides the page: `03` SMS 수기 is one form (card
//! number, expiry, birth date or business number, instalments); `04` SMS
//! 인증 is a simulated card-app authentication in two steps (card company and
//! number, then "인증 완료"). Both pay through [`App::pay`], so test cards
//! decide the outcome exactly as on every other page. The link only works
//! until the deadline ("결제링크는 결제마감시간 내에만 유효하고, 결제마감시간
//! 경과 시 결제링크는 소멸됩니다", §2.1): after it the page is 410 Gone.
//!
//! The card number is never stored or logged: it goes to the acquirer, and
//! between the two SMS 인증 steps it travels only in the buyer's own form.

use super::card_form::{
    CardForm, auth_input, auth_step, company_of, installments_for, manual_input, mask,
};
use super::order::{StoredOrder, order_of};
use crate::app::App;
use crate::error::ServiceError;
use crate::pages::{find, notice, render};
use crate::payments::pay::{PayInput, PayOutcome};
use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gyeolje_core::{PayerDetails, Payment, PaymentState, TransitionError};
use gyeolje_innopay::{CARD_COMPANIES, SmsProduct, format_pay_exp};
use rand::RngExt;

/// What every state of the page shows about the order. The payer's name
/// and phone are on it because §1.1/§2.2 say the `buyerName` and `buyerTel`
/// values are "SMS 청구문자 및 접속 url 에 포함" — the buyer checks the
/// request is theirs; the phone is masked, since anyone holding the link
/// sees the page.
pub(crate) struct Summary {
    pub shop: String,
    pub goods: String,
    pub price: String,
    pub moid: String,
    pub deadline: String,
    pub buyer: String,
    pub phone: String,
}

impl Summary {
    async fn of(app: &App, payment: &Payment, order: &StoredOrder) -> Summary {
        let shop = app
            .store
            .merchant(payment.merchant_id)
            .await
            .ok()
            .flatten()
            .map(|m| m.name)
            .unwrap_or_default();
        Summary {
            shop,
            goods: order.goods_name.clone(),
            price: format!("{}원", order.amount.grouped()),
            moid: order.moid.clone(),
            deadline: format_pay_exp(payment.expires_at),
            buyer: order.buyer_name.clone(),
            phone: masked_phone(order.buyer_tel.as_str()),
        }
    }
}

/// `010-****-1234`: the phone with its middle group hidden.
fn masked_phone(digits: &str) -> String {
    let dashed = super::weblink::dashed(digits);
    match dashed.split('-').collect::<Vec<_>>().as_slice() {
        [head, middle, tail] => format!("{head}-{}-{tail}", "*".repeat(middle.chars().count())),
        _ => dashed,
    }
}

/// Step 1 of either product: the form.
#[derive(Template)]
#[template(path = "innopay_card.html")]
struct CardPage {
    s: Summary,
    action: String,
    auth: bool,
    error: Option<String>,
    installments: Vec<u8>,
    companies: Vec<(&'static str, &'static str)>,
    company: String,
    sandbox: bool,
    test_cards: Vec<(&'static str, &'static str)>,
}

/// SMS 인증 step 2: "카드사 앱에서 인증을 진행하세요".
#[derive(Template)]
#[template(path = "innopay_auth.html")]
struct AuthPage {
    s: Summary,
    action: String,
    company: String,
    company_name: String,
    card_number: String,
    masked: String,
    installment: u8,
    auth_code: String,
}

#[derive(Template)]
#[template(path = "innopay_paid.html")]
struct PaidPage {
    s: Summary,
    approval_no: String,
    card_name: String,
    card_masked: String,
    installment: String,
    paid_at: String,
    tid: String,
}

/// A page without a form: expired, cancelled.
#[derive(Template)]
#[template(path = "innopay_closed.html")]
struct ClosedPage {
    s: Summary,
    heading: String,
    message: String,
}

async fn form_page(
    app: &App,
    payment: &Payment,
    order: &StoredOrder,
    error: Option<String>,
    company: &str,
) -> Response {
    let status = if error.is_some() {
        StatusCode::PAYMENT_REQUIRED
    } else {
        StatusCode::OK
    };
    render(
        status,
        &CardPage {
            s: Summary::of(app, payment, order).await,
            action: format!("/s/{}", payment.page_code),
            auth: order.product == SmsProduct::CardAuth,
            error,
            installments: installments_for(order),
            companies: CARD_COMPANIES.to_vec(),
            company: company.to_owned(),
            sandbox: app.config.sandbox,
            test_cards: gyeolje_sim::TEST_CARDS
                .iter()
                .map(|c| (c.number, c.description))
                .collect(),
        },
    )
}

async fn closed_page(
    app: &App,
    payment: &Payment,
    order: &StoredOrder,
    status: StatusCode,
    heading: &str,
    message: String,
) -> Response {
    render(
        status,
        &ClosedPage {
            s: Summary::of(app, payment, order).await,
            heading: heading.to_owned(),
            message,
        },
    )
}

async fn expired_page(app: &App, payment: &Payment, order: &StoredOrder) -> Response {
    let message = format!(
        "결제 링크가 만료되었습니다 (결제마감 {}). 판매자에게 결제요청을 다시 받아 주세요.",
        format_pay_exp(payment.expires_at)
    );
    closed_page(
        app,
        payment,
        order,
        StatusCode::GONE,
        "결제 링크가 만료되었습니다",
        message,
    )
    .await
}

async fn paid_page(app: &App, payment: &Payment, order: &StoredOrder) -> Response {
    let Some(approval) = payment.approval.as_ref() else {
        return notice(
            StatusCode::CONFLICT,
            "결제 정보를 찾을 수 없습니다",
            "판매자에게 문의해 주세요.",
        );
    };
    render(
        StatusCode::OK,
        &PaidPage {
            s: Summary::of(app, payment, order).await,
            approval_no: approval.approval_no.clone(),
            card_name: approval.card_name.clone().unwrap_or_default(),
            card_masked: approval.card_masked.clone().unwrap_or_default(),
            installment: match approval.installment_months {
                0 => "일시불".to_owned(),
                m => format!("{m}개월"),
            },
            paid_at: approval.approved_at.kst_datetime(),
            tid: order.tid(payment).unwrap_or_default(),
        },
    )
}

/// The page for a payment in any state; `None` when it can take a card.
async fn settled_page(app: &App, payment: &Payment, order: &StoredOrder) -> Option<Response> {
    let (status, heading, message) = match payment.state {
        PaymentState::Requested if app.now_for(payment.merchant_id) >= payment.expires_at => {
            return Some(expired_page(app, payment, order).await);
        }
        PaymentState::Requested => return None,
        PaymentState::Expired => return Some(expired_page(app, payment, order).await),
        PaymentState::Paid => return Some(paid_page(app, payment, order).await),
        PaymentState::Cancelled => (
            StatusCode::GONE,
            "취소된 결제입니다",
            "결제가 취소되었습니다. 자세한 내용은 판매자에게 문의해 주세요.",
        ),
        PaymentState::RequestCancelled => (
            StatusCode::GONE,
            "취소된 결제요청입니다",
            "판매자가 결제요청을 취소했습니다.",
        ),
        // A card payment never waits for a deposit; say so rather than offer a form.
        PaymentState::AwaitingDeposit => (
            StatusCode::CONFLICT,
            "결제할 수 없는 상태입니다",
            "판매자에게 문의해 주세요.",
        ),
    };
    Some(closed_page(app, payment, order, status, heading, message.to_owned()).await)
}

/// The payment and its InnoPay order, or the 404 page (PayApp's links are
/// `/p/…`, so a code of another protocol is "not found" here too).
async fn lookup(app: &App, code: &str) -> Result<(Payment, StoredOrder), Response> {
    let payment = find(app, code).await?;
    match order_of(&payment) {
        Ok(order) => Ok((payment, order)),
        Err(_) => Err(notice(
            StatusCode::NOT_FOUND,
            "결제요청을 찾을 수 없습니다",
            "주소를 다시 확인해 주세요.",
        )),
    }
}

/// `GET /s/{code}`.
pub async fn show(State(app): State<App>, Path(code): Path<String>) -> Response {
    let (payment, order) = match lookup(&app, &code).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    match settled_page(&app, &payment, &order).await {
        Some(page) => page,
        None => form_page(&app, &payment, &order, None, "").await,
    }
}

/// `POST /s/{code}`: pays (SMS 수기, SMS 인증 step 2) or shows the SMS 인증
/// step 2 (`step=auth`).
pub async fn submit(
    State(app): State<App>,
    Path(code): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(body) = body else {
        return notice(
            StatusCode::PAYLOAD_TOO_LARGE,
            "요청이 너무 큽니다",
            "입력한 내용이 너무 깁니다. 결제 화면으로 돌아가 다시 시도해 주세요.",
        );
    };
    let (payment, order) = match lookup(&app, &code).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    if let Some(page) = settled_page(&app, &payment, &order).await {
        return page;
    }
    let form = CardForm::parse(&body);
    let checked = match order.product {
        SmsProduct::ManualEntry => manual_input(&form, &order),
        SmsProduct::CardAuth if form.step == "confirm" => auth_input(&form, &order),
        SmsProduct::CardAuth => {
            return match auth_step(&form, &order) {
                Ok((number, months)) => {
                    auth_page(&app, &payment, &order, &form, number, months).await
                }
                Err(message) => {
                    form_page(
                        &app,
                        &payment,
                        &order,
                        Some(message.into()),
                        &form.card_company,
                    )
                    .await
                }
            };
        }
    };
    let input = match checked {
        Ok(input) => input,
        Err(message) => {
            return form_page(
                &app,
                &payment,
                &order,
                Some(message.into()),
                &form.card_company,
            )
            .await;
        }
    };
    pay(&app, &payment, &order, input, &form.card_company).await
}

async fn auth_page(
    app: &App,
    payment: &Payment,
    order: &StoredOrder,
    form: &CardForm,
    number: String,
    installment: u8,
) -> Response {
    let masked = mask(&number);
    let auth_code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    render(
        StatusCode::OK,
        &AuthPage {
            s: Summary::of(app, payment, order).await,
            action: format!("/s/{}", payment.page_code),
            company: form.card_company.clone(),
            company_name: company_of(&form.card_company)
                .unwrap_or_default()
                .to_owned(),
            card_number: number,
            masked,
            installment,
            auth_code,
        },
    )
}

async fn pay(
    app: &App,
    payment: &Payment,
    order: &StoredOrder,
    input: PayInput,
    company: &str,
) -> Response {
    match app.pay(payment.id, input, PayerDetails::default()).await {
        Ok(PayOutcome::Approved(p)) => paid_page(app, &p, order).await,
        Ok(PayOutcome::Declined {
            payment, message, ..
        }) => {
            let error = format!("결제가 거절되었습니다: {message}");
            form_page(app, &payment, order, Some(error), company).await
        }
        // Paid meanwhile (another tab), or past the deadline: show what is.
        Ok(PayOutcome::AwaitingDeposit(_))
        | Err(ServiceError::Refused(TransitionError::AlreadyPaid | TransitionError::Expired)) => {
            let fresh = match app.store.payment(payment.id).await {
                Ok(Some(p)) => p,
                _ => payment.clone(),
            };
            match settled_page(app, &fresh, order).await {
                Some(page) => page,
                None => form_page(app, &fresh, order, None, company).await,
            }
        }
        Err(e) if e.is_internal() => {
            tracing::error!(payment = %payment.id, error = %e, "innopay card payment failed");
            notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "일시적인 오류",
                "잠시 후 다시 시도해 주세요.",
            )
        }
        Err(e) => notice(StatusCode::CONFLICT, "결제할 수 없습니다", e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::masked_phone;

    #[test]
    fn phones_are_masked_in_the_middle() {
        assert_eq!(masked_phone("01012341234"), "010-****-1234");
        assert_eq!(masked_phone("0212345678"), "02-****-5678");
        assert_eq!(masked_phone("0311234567"), "031-***-4567");
        assert_eq!(masked_phone("12"), "12");
    }
}
