//! Result notifications (manual 002 §4): a form-urlencoded POST to the URL
//! the merchant set for the payment method (§4.4) on approval (`status=25`)
//! and on every cancellation (`status=85`). Only a body of `0000` counts as
//! received; anything else is retried `interval` minutes apart, `count`
//! times, on the business clock. The setting is read when the event is
//! committed, so a changed setting applies from the next notification.

use super::order::{StoredOrder, order_of};
use crate::app::App;
use crate::error::ServiceError;
use crate::kinds::{MessageKind, Retry, Success};
use gyeolje_core::{
    Channel, EventRecord, Merchant, NotifyMethod, OutboxMessage, Payment, PaymentEvent, Protocol,
    Timestamp, Won,
};

/// The §4.2 result notification; retried at the merchant's §4.4 interval.
pub static NOTIFICATION: MessageKind = MessageKind {
    name: "innopay.notification",
    success: Success::Body("0000"),
    retry: Retry::Chosen("the merchant's §4.4 setting: retry count, interval in minutes"),
    doc: "InnoPay 결과 통보 (status=25 승인, 85 취소)",
};
use gyeolje_innopay::{CancelFields, CardFields, Notification, NotifyStatus, card_company_by_name};

/// What gyeolje reports as the PG behind the SMS payment: its own card
/// simulator (there is no real PG behind it).
pub const PG_CODE: &str = "SIM";
pub const PG_NAME: &str = "gyeolje 카드 시뮬레이터";

/// The notifications `event` causes.
pub fn messages(
    _app: &App,
    merchant: &Merchant,
    payment: &Payment,
    event: &EventRecord,
) -> Result<Vec<OutboxMessage>, ServiceError> {
    let Some(account) = &merchant.innopay else {
        return Ok(Vec::new());
    };
    // Every InnoPay payment is an SMS *card* payment.
    let Some(setting) = account.notify.get(NotifyMethod::Card) else {
        return Ok(Vec::new());
    };
    let cancel = match &event.event {
        PaymentEvent::Approved { .. } => None,
        PaymentEvent::Cancelled { amount, memo, .. } => Some((*amount, memo.as_str())),
        PaymentEvent::Requested { .. }
        | PaymentEvent::Declined { .. }
        | PaymentEvent::CheckedOut { .. }
        | PaymentEvent::VirtualAccountIssued { .. }
        | PaymentEvent::DepositConfirmed { .. }
        | PaymentEvent::RequestCancelled { .. }
        | PaymentEvent::Expired
        | PaymentEvent::Settled { .. }
        | PaymentEvent::CancellationRequested { .. }
        | PaymentEvent::Escrow(_) => return Ok(Vec::new()),
    };
    let order = order_of(payment)?;
    let Some(body) = notification(payment, &order, event, cancel) else {
        return Ok(Vec::new());
    };
    Ok(vec![NOTIFICATION.message_with_retry(
        Protocol::InnoPay,
        Some(payment.id),
        Channel::Http {
            url: setting.url.clone(),
            content_type: "application/x-www-form-urlencoded; charset=utf-8".into(),
        },
        body.to_body(),
        setting.retry_policy(),
    )])
}

fn date_time(t: Timestamp) -> (String, String) {
    let compact = t.kst_compact();
    (compact[..8].to_owned(), compact[8..].to_owned())
}

/// The §4.2 document for `payment` after `event`; `cancel` is the amount and
/// message of a cancellation.
pub fn notification(
    payment: &Payment,
    order: &StoredOrder,
    event: &EventRecord,
    cancel: Option<(Won, &str)>,
) -> Option<Notification> {
    let approval = payment.approval.as_ref()?;
    let tid = order.tid(payment)?;
    let (app_date, app_time) = date_time(approval.approved_at);
    let status = if cancel.is_some() {
        NotifyStatus::Cancelled
    } else {
        NotifyStatus::Approved
    };
    let company = approval
        .card_name
        .as_deref()
        .and_then(card_company_by_name)
        .unwrap_or(("", ""));
    let card = CardFields {
        card_no: approval.card_masked.clone().unwrap_or_default(),
        card_quota: format!("{:02}", approval.installment_months),
        card_issue_code: company.0.to_owned(),
        card_issue_name: company.1.to_owned(),
        card_acquire_code: company.0.to_owned(),
        card_acquire_name: company.1.to_owned(),
    };
    let cancel = cancel.map(|(amount, memo)| {
        let (date, time) = date_time(event.at);
        CancelFields {
            cancel_amt: amount.get().to_string(),
            cancel_msg: memo.to_owned(),
            cancel_result_code: "2001".into(),
            cancel_result_msg: "취소 성공".into(),
            cancel_app_date: date,
            cancel_app_time: time,
            cancel_pg_tid: tid.clone(),
            cancel_approval_amt: amount.get().to_string(),
            // One number per cancellation: the approval number and the
            // cancellation's place in the payment's history.
            cancel_approval_no: format!("C{:02}{}", event.seq % 100, approval.approval_no)
                .chars()
                .take(10)
                .collect(),
        }
    });
    Some(Notification {
        trans_seq: payment.id.get().to_string(),
        user_id: order.user_id.clone().unwrap_or_default(),
        user_name: order.buyer_name.clone(),
        user_phone_no: order.buyer_tel.as_str().to_owned(),
        moid: order.moid.clone(),
        goods_name: order.goods_name.clone(),
        goods_amt: order.amount.get().to_string(),
        buyer_code: String::new(),
        buyer_name: order.buyer_name.clone(),
        buyer_phone_no: order.buyer_tel.as_str().to_owned(),
        pg_code: PG_CODE.into(),
        pg_name: PG_NAME.into(),
        pay_method: "CSMS".into(),
        pay_method_name: format!("신용카드 {}", order.product.label()),
        pg_mid: order.pg_mid.clone(),
        pg_sid: String::new(),
        status: status.code().into(),
        status_name: status.name().into(),
        pg_result_code: match status {
            NotifyStatus::Approved => "0000".into(),
            NotifyStatus::Cancelled => "2001".into(),
        },
        pg_result_msg: match status {
            NotifyStatus::Approved => "정상 승인".into(),
            NotifyStatus::Cancelled => "취소 성공".into(),
        },
        pg_app_date: app_date,
        pg_app_time: app_time,
        pg_tid: tid,
        approval_amt: order.amount.get().to_string(),
        approval_no: approval.approval_no.clone(),
        cash: None,
        card: Some(card),
        cancel,
        goods: Vec::new(),
        shipping: None,
    })
}
