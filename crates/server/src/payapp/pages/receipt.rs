//! The cash receipt page behind PayApp's `cashsturl`: `/cashst/<code>`.
//!
//! Like the sales slip, the page is keyed by an unguessable code rather than
//! the sequential receipt number, since anyone with the link can open it. It
//! shows what a printed 현금영수증 shows — the seller, the amounts broken
//! down, the purpose, the masked identity number, the issue number and time
//! — and, once the seller cancels the receipt, says so at the top. It is
//! never cached: the same URL changes from 발행 to 취소.

use crate::app::App;
use crate::pages::{notice, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gyeolje_core::cash_receipt::CashReceiptState;
use gyeolje_core::{CashReceipt, PageCode};

#[derive(Template)]
#[template(path = "cashst.html")]
struct ReceiptPage {
    cancelled: bool,
    shop: String,
    goods: String,
    purpose: &'static str,
    identity_label: &'static str,
    identity: String,
    receipt_no: String,
    traded_at: String,
    issued_at: String,
    cancelled_at: Option<String>,
    tax_type: &'static str,
    supply: String,
    service: String,
    tax: String,
    total: String,
}

impl ReceiptPage {
    fn new(receipt: &CashReceipt, shop: String) -> ReceiptPage {
        let a = &receipt.amounts;
        let cancelled = match receipt.state {
            CashReceiptState::Issued => false,
            CashReceiptState::Cancelled => true,
        };
        ReceiptPage {
            cancelled,
            shop,
            goods: receipt.goods_name.clone(),
            purpose: receipt.purpose.label(),
            identity_label: receipt.identity.kind().label(),
            identity: receipt.identity.masked(),
            receipt_no: receipt.id.to_string(),
            traded_at: receipt.traded_at.kst_datetime(),
            issued_at: receipt.issued_at.kst_datetime(),
            cancelled_at: receipt.cancelled_at.map(|t| t.kst_datetime()),
            tax_type: a.tax_type().label(),
            supply: a.supply().grouped(),
            service: a.service().grouped(),
            tax: a.tax().grouped(),
            total: a.total().grouped(),
        }
    }
}

/// `GET /cashst/{code}`.
pub async fn show(State(app): State<App>, Path(code): Path<String>) -> Response {
    let not_found = || {
        notice(
            StatusCode::NOT_FOUND,
            "현금영수증을 찾을 수 없습니다",
            "주소를 다시 확인해 주세요.",
        )
    };
    let Ok(code) = PageCode::parse(&code) else {
        return not_found();
    };
    let receipt = match app.store.cash_receipt_by_page_code(&code).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "cash receipt lookup failed");
            return notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "일시적인 오류",
                "잠시 후 다시 시도해 주세요.",
            );
        }
    };
    let shop = match app.store.merchant(receipt.merchant_id).await {
        Ok(m) => m.map(|m| m.name).unwrap_or_default(),
        Err(e) => {
            tracing::warn!(error = %e, "merchant lookup for a cash receipt failed");
            String::new()
        }
    };
    let mut response = render(StatusCode::OK, &ReceiptPage::new(&receipt, shop));
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response.into_response()
}
