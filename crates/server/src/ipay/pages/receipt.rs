//! `receiptlist.aspx?order_no=&seller_id=` (§3.3.1): the receipt a shop
//! opens in a popup for one iPay order — the card sales slip for a card
//! payment, otherwise the payment confirmation of a cash payment (phone,
//! transfer, deposit), with the order's amount, the date, the shop and the
//! item.
//!
//! The manual says receipts appear 5–10 minutes after payment; gyeolje
//! shows them at once, since a sandbox should not make testers wait. An
//! order not paid yet (a virtual account before the deposit), an unknown
//! order, or a `seller_id` that is not the order's seller is a 404 page.

use super::links::same_seller;
use crate::app::App;
use crate::pages::{notice, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{Merchant, PayMethod, Payment, Won};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReceiptQuery {
    order_no: String,
    seller_id: String,
}

#[derive(Template)]
#[template(path = "ipay_receipt.html")]
struct ReceiptPage {
    title: &'static str,
    order_no: i64,
    shop: String,
    item: String,
    option: String,
    qty: u32,
    amount: String,
    method: &'static str,
    card_name: String,
    card_masked: String,
    installment: String,
    approval_no: String,
    paid_at: String,
    refunded: Option<String>,
}

fn not_found() -> Response {
    notice(
        StatusCode::NOT_FOUND,
        "영수증을 찾을 수 없습니다",
        "주문번호와 판매자 아이디를 확인해 주세요.",
    )
}

/// `GET /card/receiptlist.aspx`.
pub async fn show(State(app): State<App>, Query(query): Query<ReceiptQuery>) -> Response {
    let Ok(order_no) = query.order_no.trim().parse::<i64>() else {
        return not_found();
    };
    match find(&app, order_no, &query.seller_id).await {
        Ok(Some((order, payment, merchant))) => receipt(&order, &payment, &merchant),
        Ok(None) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, "receipt lookup failed");
            notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "일시적인 오류",
                "잠시 후 다시 시도해 주세요.",
            )
        }
    }
}

async fn find(
    app: &App,
    order_no: i64,
    seller_id: &str,
) -> Result<Option<(EscrowOrder, Payment, Merchant)>, gyeolje_store::StoreError> {
    let Some(order) = app.store.escrow_order(order_no).await? else {
        return Ok(None);
    };
    let Some(merchant) = app.store.merchant(order.merchant_id).await? else {
        return Ok(None);
    };
    let seller_matches = merchant
        .ipay
        .as_ref()
        .is_some_and(|a| same_seller(&a.seller_id, seller_id));
    if !seller_matches {
        return Ok(None);
    }
    let Some(payment) = app.store.payment(order.payment_id).await? else {
        return Ok(None);
    };
    if payment.paid_at.is_none() {
        return Ok(None);
    }
    Ok(Some((order, payment, merchant)))
}

fn receipt(order: &EscrowOrder, payment: &Payment, merchant: &Merchant) -> Response {
    let approval = payment.approval.as_ref();
    let is_card = payment.method == Some(PayMethod::Card);
    let method = match payment.method {
        Some(PayMethod::Card) => "신용카드",
        Some(PayMethod::Phone) => "휴대폰",
        Some(PayMethod::BankTransfer) => "실시간계좌이체",
        Some(PayMethod::VirtualAccount) => "무통장입금",
        None => "",
    };
    let months = approval.map_or(0, |a| a.installment_months);
    render(
        StatusCode::OK,
        &ReceiptPage {
            title: if is_card {
                "신용카드 매출전표"
            } else {
                "현금 결제 영수증"
            },
            order_no: order.order_no,
            shop: merchant.name.clone(),
            item: order.item_name.clone(),
            option: order.option_name.clone(),
            qty: order.quantity,
            amount: format!("{}원", order.amount.grouped()),
            method,
            card_name: approval
                .and_then(|a| a.card_name.clone())
                .unwrap_or_default(),
            card_masked: approval
                .and_then(|a| a.card_masked.clone())
                .unwrap_or_default(),
            installment: if !is_card {
                String::new()
            } else if months == 0 {
                "일시불".to_owned()
            } else {
                format!("{months}개월")
            },
            approval_no: approval.map(|a| a.approval_no.clone()).unwrap_or_default(),
            paid_at: order
                .paid_at
                .or(payment.paid_at)
                .map(|t| t.kst_datetime())
                .unwrap_or_default(),
            refunded: (order.refunded != Won::ZERO)
                .then(|| format!("{}원", order.refunded.grouped())),
        },
    )
}
