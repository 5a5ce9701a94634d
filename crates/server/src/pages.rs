//! Hosted pages a buyer opens: the payment page behind `payurl` (and the SMS
//! link), and the sales slip behind `csturl`. Server-rendered HTML in Korean,
//! usable on a phone; a declined card shows the reason and the form again.

use crate::app::App;
use crate::payments::{PayError, PayInput, PayOutcome};
use askama::Template;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use gyeolje_core::{PageCode, Payment, PaymentState};
use serde::Deserialize;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/p/{code}", get(show).post(submit))
        .route("/cst/{code}", get(slip))
}

#[derive(Template)]
#[template(path = "pay.html")]
struct PayPage {
    shop: String,
    goods: String,
    price: String,
    memo: String,
    action: String,
    error: Option<String>,
    installments: Vec<u8>,
    sandbox: bool,
    test_cards: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "paid.html")]
struct PaidPage {
    shop: String,
    goods: String,
    price: String,
    card_name: String,
    approval_no: String,
    paid_at: String,
    slip_url: String,
    return_url: Option<String>,
}

#[derive(Template)]
#[template(path = "notice.html")]
struct Notice {
    heading: String,
    message: String,
}

#[derive(Template)]
#[template(path = "slip.html")]
struct SlipPage {
    status: String,
    shop: String,
    goods: String,
    reference: String,
    card_name: String,
    card_masked: String,
    approval_no: String,
    paid_at: String,
    amount: String,
    cancelled: String,
    return_url: Option<String>,
}

pub(crate) fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "page could not be rendered",
            )
                .into_response()
        }
    }
}

pub(crate) fn notice(status: StatusCode, heading: &str, message: impl Into<String>) -> Response {
    render(
        status,
        &Notice {
            heading: heading.into(),
            message: message.into(),
        },
    )
}

/// What a page shows about the payment: the names the buyer saw when asked.
struct Shown {
    shop: String,
    memo: String,
    return_url: Option<String>,
}

async fn shown(app: &App, payment: &Payment) -> Shown {
    let merchant = app.store.merchant(payment.merchant_id).await.ok().flatten();
    let req = crate::payapp::feedback::request_of(payment);
    let shop = req
        .as_ref()
        .and_then(|r| r.shopname.clone())
        .or_else(|| merchant.map(|m| m.name))
        .unwrap_or_default();
    Shown {
        shop,
        memo: req.as_ref().map(|r| r.memo.clone()).unwrap_or_default(),
        return_url: req.and_then(|r| r.returnurl),
    }
}

async fn find(app: &App, code: &str) -> Result<Payment, Response> {
    let not_found = || {
        notice(
            StatusCode::NOT_FOUND,
            "결제요청을 찾을 수 없습니다",
            "주소를 다시 확인해 주세요.",
        )
    };
    let Ok(code) = PageCode::parse(code) else {
        return Err(not_found());
    };
    match app.store.payment_by_page_code(&code).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(not_found()),
        Err(e) => {
            tracing::error!(error = %e, "page lookup failed");
            Err(notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "일시적인 오류",
                "잠시 후 다시 시도해 주세요.",
            ))
        }
    }
}

async fn pay_page(app: &App, payment: &Payment, error: Option<String>) -> Response {
    let s = shown(app, payment).await;
    let status = if error.is_some() {
        StatusCode::PAYMENT_REQUIRED
    } else {
        StatusCode::OK
    };
    render(
        status,
        &PayPage {
            shop: s.shop,
            goods: payment.goods_name.clone(),
            price: payment.amount.grouped(),
            memo: s.memo,
            action: format!("/p/{}", payment.page_code),
            error,
            installments: (2..=12).collect(),
            sandbox: app.config.sandbox,
            test_cards: gyeolje_sim::TEST_CARDS
                .iter()
                .map(|c| (c.number, c.description))
                .collect(),
        },
    )
}

async fn paid_page(app: &App, payment: &Payment) -> Response {
    let s = shown(app, payment).await;
    let approval = payment.approval.as_ref();
    render(
        StatusCode::OK,
        &PaidPage {
            shop: s.shop,
            goods: payment.goods_name.clone(),
            price: payment.amount.grouped(),
            card_name: approval
                .and_then(|a| a.card_name.clone())
                .unwrap_or_default(),
            approval_no: approval.map(|a| a.approval_no.clone()).unwrap_or_default(),
            paid_at: approval
                .map(|a| a.approved_at.kst_datetime())
                .unwrap_or_default(),
            slip_url: format!("/cst/{}", payment.page_code),
            return_url: s.return_url,
        },
    )
}

/// A page for a payment that can no longer be paid.
fn closed_page(payment: &Payment) -> Option<Response> {
    let (heading, message) = match payment.state {
        PaymentState::Requested => return None,
        PaymentState::Paid => return None,
        PaymentState::AwaitingDeposit => ("입금 대기 중입니다", "안내된 계좌로 입금해 주세요."),
        PaymentState::RequestCancelled => {
            ("취소된 결제요청입니다", "판매자가 결제요청을 취소했습니다.")
        }
        PaymentState::Expired => (
            "결제 가능 기간이 지났습니다",
            "판매자에게 결제요청을 다시 받아 주세요.",
        ),
        PaymentState::Cancelled => ("취소된 결제입니다", "결제가 취소되었습니다."),
    };
    Some(notice(StatusCode::GONE, heading, message))
}

/// `GET /p/{code}`.
async fn show(State(app): State<App>, Path(code): Path<String>) -> Response {
    let payment = match find(&app, &code).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if payment.state == PaymentState::Paid {
        return paid_page(&app, &payment).await;
    }
    if payment.state == PaymentState::Requested && app.now() >= payment.expires_at {
        return notice(
            StatusCode::GONE,
            "결제 가능 기간이 지났습니다",
            "판매자에게 결제요청을 다시 받아 주세요.",
        );
    }
    match closed_page(&payment) {
        Some(page) => page,
        None => pay_page(&app, &payment, None).await,
    }
}

#[derive(Deserialize)]
struct CardForm {
    card_number: String,
    #[serde(default)]
    expiry: String,
    #[serde(default)]
    installment: String,
}

/// `POST /p/{code}`: the buyer submits the card form.
async fn submit(
    State(app): State<App>,
    Path(code): Path<String>,
    form: Result<Form<CardForm>, FormRejection>,
) -> Response {
    let payment = match find(&app, &code).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(Form(form)) = form else {
        return pay_page(&app, &payment, Some("카드번호를 입력해 주세요.".into())).await;
    };
    let expiry: String = form.expiry.chars().filter(char::is_ascii_digit).collect();
    let input = PayInput::Card {
        number: form.card_number,
        expiry: (!expiry.is_empty()).then_some(expiry),
        installment_months: form.installment.trim().parse().unwrap_or(0),
    };
    match app.pay(payment.id, input).await {
        Ok(PayOutcome::Approved(p)) => paid_page(&app, &p).await,
        Ok(PayOutcome::Declined {
            payment, message, ..
        }) => {
            pay_page(
                &app,
                &payment,
                Some(format!("결제가 거절되었습니다: {message}")),
            )
            .await
        }
        Err(PayError::AlreadyPaid) => match app.store.payment(payment.id).await {
            Ok(Some(p)) if p.state == PaymentState::Paid => paid_page(&app, &p).await,
            _ => notice(
                StatusCode::CONFLICT,
                "이미 처리된 결제입니다",
                PayError::AlreadyPaid.to_string(),
            ),
        },
        Err(PayError::Store(e)) => {
            tracing::error!(error = %e, "payment failed");
            notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "일시적인 오류",
                "잠시 후 다시 시도해 주세요.",
            )
        }
        Err(e) => notice(StatusCode::CONFLICT, "결제할 수 없습니다", e.to_string()),
    }
}

/// `GET /cst/{code}`: the sales slip of a card payment.
async fn slip(State(app): State<App>, Path(code): Path<String>) -> Response {
    let payment = match find(&app, &code).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(approval) = payment.approval.clone() else {
        return notice(
            StatusCode::NOT_FOUND,
            "매출전표가 없습니다",
            "결제가 완료된 건만 매출전표가 발행됩니다.",
        );
    };
    let s = shown(&app, &payment).await;
    let status = match payment.state {
        PaymentState::Cancelled => "승인취소",
        PaymentState::Paid if payment.is_partially_cancelled() => "부분취소",
        PaymentState::Paid
        | PaymentState::Requested
        | PaymentState::AwaitingDeposit
        | PaymentState::RequestCancelled
        | PaymentState::Expired => "승인",
    };
    render(
        StatusCode::OK,
        &SlipPage {
            status: status.into(),
            shop: s.shop,
            goods: payment.goods_name.clone(),
            reference: payment.id.to_string(),
            card_name: approval.card_name.unwrap_or_default(),
            card_masked: approval.card_masked.unwrap_or_default(),
            approval_no: approval.approval_no,
            paid_at: approval.approved_at.kst_datetime(),
            amount: payment.amount.grouped(),
            cancelled: if payment.cancelled_amount.is_zero() {
                String::new()
            } else {
                payment.cancelled_amount.grouped()
            },
            return_url: s.return_url,
        },
    )
}
