//! The sales slip (매출전표) behind PayApp's `csturl`.

use super::shown::Shown;
use crate::app::App;
use crate::pages::{find, notice, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gyeolje_core::PaymentState;

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
    /// What stays paid after a partial cancel (잔액); empty otherwise.
    remaining: String,
    return_url: Option<String>,
}

/// `GET /cst/{code}`.
pub async fn slip(State(app): State<App>, Path(code): Path<String>) -> Response {
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
    let shown = Shown::of(&app, &payment).await;
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
            shop: shown.shop.clone(),
            goods: payment.goods_name.clone(),
            reference: payment.id.to_string(),
            card_name: approval.card_name.unwrap_or_default(),
            card_masked: approval.card_masked.unwrap_or_default(),
            approval_no: approval.approval_no,
            paid_at: approval.approved_at.kst_datetime(),
            amount: shown.price(&payment),
            cancelled: if payment.cancelled_amount.is_zero() {
                String::new()
            } else {
                shown.amount(payment.cancelled_amount)
            },
            remaining: if payment.is_partially_cancelled() {
                shown.amount(payment.refundable())
            } else {
                String::new()
            },
            return_url: shown.return_url(),
        },
    )
}
