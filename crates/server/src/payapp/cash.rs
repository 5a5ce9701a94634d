//! `cmd=cashSt` / `cashStRegist` and `cmd=cashStCn` / `cashStCancel`:
//! issuing and cancelling cash receipts (현금영수증).
//!
//! The fields are validated by `gyeolje_payapp::cash`; here the seller is
//! looked up, the receipt gets its number — from the `cash_receipt` sequence
//! in the database, so it is unique across processes and survives restarts
//! (numbers increase but may have gaps) — and the core decides whether it
//! can be issued or cancelled. Cancellation is a compare-and-set in the
//! store, so of two concurrent cancels exactly one succeeds and the other
//! gets the same "already cancelled" answer as a later repeat.
//!
//! Errors: 70010 for an unknown seller or a wrong `linkkey`; 70020 for any
//! field, and for a `cashstno` that does not exist, belongs to another
//! seller (one message for both, so sellers cannot probe each other's
//! numbers) or is already cancelled — the manual defines no code for
//! refusals by state, and `paycancel` uses 70020 for its own.

use super::error::ApiError;
use crate::app::App;
use crate::ids::new_page_code;
use gyeolje_core::cash_receipt::{CashReceiptError, CashReceiptId};
use gyeolje_core::{CashReceipt, Merchant, NewCashReceipt, Protocol};
use gyeolje_payapp::cash::receipt_error;
use gyeolje_payapp::{CashSt, CashStCn, CashStReply, Form, PayAppError, ok_reply};
use gyeolje_store::StoreError;

/// The sequence cash receipt numbers come from.
pub const SEQUENCE: &str = "cash_receipt";

/// The receipt page for a receipt (`cashsturl`).
pub fn receipt_url(app: &App, receipt: &CashReceipt) -> String {
    app.url(&format!("/cashst/{}", receipt.page_code))
}

/// `cmd=cashSt`.
pub async fn cash_st(app: &App, form: &Form) -> Result<String, ApiError> {
    let req = CashSt::from_form(form)?;
    let merchant = seller(app, &req.userid, req.linkkey.as_deref()).await?;
    let id = app.store.reserve_ids(SEQUENCE, 1).await?.start;
    let receipt = CashReceipt::issue(
        NewCashReceipt {
            id: CashReceiptId::new(id),
            protocol: Protocol::PayApp,
            merchant_id: merchant.id,
            page_code: new_page_code(),
            goods_name: req.good_name,
            buyer_name: req.buyr_name,
            buyer_phone: req.buyr_tel1,
            buyer_email: req.buyr_mail,
            identity: req.id_info,
            purpose: req.tr_code,
            amounts: req.amounts,
            traded_at: req.trad_time,
        },
        app.now_for(merchant.id),
    )
    .map_err(|e| receipt_error(&e))?;
    app.store.insert_cash_receipt(&receipt).await?;
    tracing::info!(
        cashstno = %receipt.id,
        merchant = %merchant.id,
        total = %receipt.amounts.total(),
        "cash receipt issued"
    );
    Ok(CashStReply {
        cashstno: receipt.id.get(),
        cashsturl: receipt_url(app, &receipt),
    }
    .to_reply())
}

/// `cmd=cashStCn`.
pub async fn cash_st_cn(app: &App, form: &Form) -> Result<String, ApiError> {
    let req = CashStCn::from_form(form)?;
    let merchant = seller(app, &req.userid, req.linkkey.as_deref()).await?;
    let id = CashReceiptId::new(req.cashstno);
    let receipt = app
        .store
        .cash_receipt(id)
        .await?
        .filter(|r| r.merchant_id == merchant.id && r.protocol == Protocol::PayApp)
        .ok_or_else(|| PayAppError::invalid("cashstno", "현금영수증 발행 건을 찾을 수 없습니다"))?;
    let cancelled = receipt
        .cancel(app.now_for(merchant.id))
        .map_err(|e| receipt_error(&e))?;
    match app
        .store
        .update_cash_receipt_state(&cancelled, receipt.state)
        .await
    {
        Ok(()) => {
            tracing::info!(cashstno = %id, merchant = %merchant.id, "cash receipt cancelled");
            Ok(ok_reply())
        }
        // Another request changed it between our read and write; the only
        // change there is is cancellation, so this one is a repeat.
        Err(StoreError::Conflict(_)) => {
            Err(receipt_error(&CashReceiptError::AlreadyCancelled).into())
        }
        Err(e) => Err(e.into()),
    }
}

/// The seller `userid` names, checking `linkkey` when one was sent.
async fn seller(app: &App, userid: &str, linkkey: Option<&str>) -> Result<Merchant, ApiError> {
    let merchant = app
        .store
        .merchant_by_payapp_userid(userid)
        .await?
        .ok_or_else(|| PayAppError::bad_credentials("userid: 등록되지 않은 판매자 아이디입니다"))?;
    if let Some(key) = linkkey
        && !super::accounts::linkkey_ok(app, &merchant, key)?
    {
        return Err(
            PayAppError::bad_credentials("userid 또는 linkkey 값이 정확하지 않습니다").into(),
        );
    }
    Ok(merchant)
}
