//! Feedback (manual 001, "Feedbackurl 전달"): the form POST a merchant's
//! `feedbackurl` receives when a payment changes, and, with `feedbacktype=1`,
//! the seller's common feedback URL. Success is a body of `SUCCESS`; with
//! `checkretry=y` a failure is retried up to 10 times, otherwise it is tried
//! once.

use crate::app::App;
use crate::error::ServiceError;
use crate::kinds::{MessageKind, Retry, Success};
use gyeolje_core::{
    AttemptRecord, CancelOrigin, Channel, EventRecord, Merchant, OutboxMessage, PayAppAccount,
    Payment, PaymentEvent, Protocol, RetryPolicy,
};
use gyeolje_payapp::{CancelAmounts, Feedback, FeedbackType, PayRequest, PayState, ReqMode};

/// A feedback post to `feedbackurl` or the seller's common feedback URL.
pub static FEEDBACK: MessageKind = MessageKind {
    name: "payapp.feedback",
    success: Success::Body("SUCCESS"),
    retry: Retry::Chosen("checkretry=y: 1 + 10 retries (retry_policy); otherwise once"),
    doc: "PayApp feedback (결제 상태 통보)",
};

/// The creation feedback (`pay_state=1`), first sent synchronously; queued
/// for retries only when the merchant could not be reached.
pub static FEEDBACK_CREATED: MessageKind = MessageKind {
    name: "payapp.feedback.created",
    success: Success::Body("SUCCESS"),
    retry: Retry::Chosen("as payapp.feedback"),
    doc: "PayApp 결제요청 생성 feedback (pay_state=1, 동기 확인)",
};

/// `checkretry=y`: the first attempt and ten retries, backing off from five
/// seconds to two hours (about four hours in all).
pub fn retry_policy(checkretry: bool) -> RetryPolicy {
    if checkretry {
        RetryPolicy {
            max_attempts: 11,
            delays_secs: vec![5, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
        }
    } else {
        RetryPolicy::once()
    }
}

/// The `pay_state` an event is reported with, or `None` if it is not reported.
pub fn pay_state_for(event: &PaymentEvent) -> Option<PayState> {
    match event {
        PaymentEvent::Requested { .. } => Some(PayState::Requested),
        PaymentEvent::Declined { .. }
        | PaymentEvent::CheckedOut { .. }
        | PaymentEvent::Settled { .. }
        | PaymentEvent::CancellationRequested { .. }
        | PaymentEvent::Escrow(_) => None,
        PaymentEvent::Approved { .. } | PaymentEvent::DepositConfirmed { .. } => {
            Some(PayState::Paid)
        }
        PaymentEvent::VirtualAccountIssued { .. } => Some(PayState::AwaitingDeposit),
        PaymentEvent::RequestCancelled { origin, .. } => Some(match origin {
            CancelOrigin::Operator => PayState::RequestCancelledByOperator,
            CancelOrigin::MerchantApi | CancelOrigin::Buyer | CancelOrigin::SettlementReturn => {
                PayState::RequestCancelled
            }
        }),
        PaymentEvent::Expired => Some(PayState::RequestExpired),
        // A cancellation that leaves part of the approval paid is 부분취소
        // (70, the live service's code; the manual's table has none), one
        // that leaves nothing is 승인취소 (9, or 64 after settlement).
        PaymentEvent::Cancelled {
            origin, remaining, ..
        } => Some(match origin {
            CancelOrigin::SettlementReturn => PayState::ApprovalCancelledAfterSettlement,
            CancelOrigin::MerchantApi | CancelOrigin::Operator | CancelOrigin::Buyer
                if !remaining.is_zero() =>
            {
                PayState::PartiallyCancelled
            }
            CancelOrigin::MerchantApi | CancelOrigin::Operator | CancelOrigin::Buyer => {
                PayState::ApprovalCancelled
            }
        }),
    }
}

/// The amounts a cancellation event reports (`cancelprice`, `remainprice`).
pub fn cancel_amounts(event: &PaymentEvent) -> Option<CancelAmounts> {
    event
        .cancellation()
        .map(|(cancelled, remaining)| CancelAmounts {
            cancelled,
            remaining,
        })
}

/// What a feedback reports: its `pay_state`, to which URL, and for a
/// cancellation its amounts.
#[derive(Debug, Clone, Copy)]
pub struct Report {
    pub pay_state: PayState,
    pub feedbacktype: FeedbackType,
    pub cancel: Option<CancelAmounts>,
}

/// The feedback document describing `payment` as `report` says.
pub fn feedback(
    app: &App,
    account: &PayAppAccount,
    payment: &Payment,
    req: &PayRequest,
    report: Report,
) -> Feedback {
    let Report {
        pay_state,
        feedbacktype,
        cancel,
    } = report;
    let approval = payment.approval.as_ref();
    let is_card = payment.method == Some(gyeolje_core::PayMethod::Card);
    Feedback {
        userid: account.userid.clone(),
        linkkey: account.linkkey.expose().to_owned(),
        linkval: account.linkval.expose().to_owned(),
        goodname: req.goodname.clone(),
        price: req.price,
        recvphone: req.recvphone.as_str().to_owned(),
        memo: req.memo.clone(),
        reqaddr: req.reqaddr,
        reqdate: payment.requested_at.kst_datetime(),
        pay_memo: payment.payer.memo.clone(),
        pay_addr: payment.payer.address.clone(),
        pay_date: approval
            .map(|a| a.approved_at.kst_datetime())
            .unwrap_or_default(),
        pay_type: super::methods::pay_type(payment),
        pay_state,
        var1: req.var1.clone(),
        var2: req.var2.clone(),
        mul_no: payment.id.get(),
        payurl: super::urls::pay_url(app, payment),
        csturl: if is_card && approval.is_some() {
            super::urls::slip_url(app, payment)
        } else {
            String::new()
        },
        card_name: approval
            .and_then(|a| a.card_name.clone())
            .unwrap_or_default(),
        currency: match req.reqmode {
            ReqMode::Usd => "usd",
            ReqMode::Krw | ReqMode::UnionPay => "krw",
        }
        .to_owned(),
        vccode: req.vccode.clone().unwrap_or_default(),
        // The DM (fraud) score is only reported for successful USD payments;
        // the simulated acquirer scores every test payment 0 (no risk).
        score: if req.reqmode == ReqMode::Usd && approval.is_some() {
            "0".into()
        } else {
            String::new()
        },
        vbank: payment
            .virtual_account
            .as_ref()
            .map(|v| v.bank.clone())
            .unwrap_or_default(),
        vbankno: payment
            .virtual_account
            .as_ref()
            .map(|v| v.account_no.clone())
            .unwrap_or_default(),
        feedbacktype,
        cancel,
        echoed: echoed(&req.live),
    }
}

/// The live parameters a feedback echoes, in [`gyeolje_payapp::feedback::ECHOED`]'s order.
fn echoed(live: &gyeolje_payapp::LiveParams) -> Vec<(String, String)> {
    let amount = |v: Option<gyeolje_core::Won>| v.map(|w| w.to_string());
    [
        ("buyerid", live.buyerid.clone()),
        ("subuserid", live.subuserid.clone()),
        ("amount_taxable", amount(live.amount_taxable)),
        ("amount_taxfree", amount(live.amount_taxfree)),
        ("amount_vat", amount(live.amount_vat)),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
    .collect()
}

fn post(
    kind: &'static MessageKind,
    payment: &Payment,
    url: &str,
    body: String,
    retry: RetryPolicy,
) -> OutboxMessage {
    kind.message_with_retry(
        Protocol::PayApp,
        Some(payment.id),
        Channel::Http {
            url: url.to_owned(),
            content_type: "application/x-www-form-urlencoded; charset=utf-8".into(),
        },
        body,
        retry,
    )
}

/// The feedback posts `event` causes: to the request's `feedbackurl`
/// (feedbacktype 0) and the seller's common feedback URL (feedbacktype 1).
/// The creation feedback to `feedbackurl` is not among them: it is sent
/// synchronously by [`creation_check`], because the reply depends on it.
pub fn messages(
    app: &App,
    merchant: &Merchant,
    payment: &Payment,
    event: &EventRecord,
) -> Result<Vec<OutboxMessage>, ServiceError> {
    let (Some(account), Some(pay_state)) = (&merchant.payapp, pay_state_for(&event.event)) else {
        return Ok(Vec::new());
    };
    let req = super::request::request_of(payment)?;
    let retry = retry_policy(req.checkretry);
    let report = |feedbacktype| Report {
        pay_state,
        feedbacktype,
        cancel: cancel_amounts(&event.event),
    };
    let mut out = Vec::new();
    if let Some(url) = req
        .feedbackurl
        .as_ref()
        .filter(|_| pay_state != PayState::Requested)
    {
        let body = feedback(app, account, payment, &req, report(FeedbackType::Request)).to_body();
        out.push(post(&FEEDBACK, payment, url, body, retry.clone()));
    }
    if let Some(url) = &account.common_feedbackurl {
        let body = feedback(app, account, payment, &req, report(FeedbackType::Common)).to_body();
        out.push(post(&FEEDBACK, payment, url, body, retry));
    }
    Ok(out)
}

/// What the creation feedback (`pay_state=1` to `feedbackurl`) found.
pub enum CreationCheck {
    /// The request has no `feedbackurl`.
    NotRequested,
    /// Answered `SUCCESS`: stored as delivered, with its attempt.
    Accepted(OutboxMessage, AttemptRecord),
    /// No answer at all (unreachable, timed out, not a usable URL): the
    /// request is created and the feedback retried through the outbox.
    Unreachable(OutboxMessage),
    /// The merchant answered, but not `SUCCESS`: errno 70080.
    Refused(String),
}

/// Sends the creation feedback synchronously. The manual's 70080 (고객사
/// 응답 실패, "feedbackurl로 접속하여 SUCCESS 확인") is an answer to the API
/// call, so it must come from something the call waits for: this feedback.
/// An endpoint that answers something else than `SUCCESS` refuses the
/// request; one that cannot be reached is treated like any failed delivery.
pub async fn creation_check(
    app: &App,
    merchant: &Merchant,
    payment: &Payment,
    req: &PayRequest,
) -> CreationCheck {
    let (Some(account), Some(url)) = (&merchant.payapp, &req.feedbackurl) else {
        return CreationCheck::NotRequested;
    };
    let body = feedback(
        app,
        account,
        payment,
        req,
        Report {
            pay_state: PayState::Requested,
            feedbacktype: FeedbackType::Request,
            cancel: None,
        },
    )
    .to_body();
    let message = post(
        &FEEDBACK_CREATED,
        payment,
        url,
        body,
        retry_policy(req.checkretry),
    );
    let started = app.now_for(payment.merchant_id);
    let attempt =
        crate::outbound::attempt(app, &message, gyeolje_core::OutboxId::new(0), 1, started).await;
    match (attempt.succeeded, attempt.status) {
        (true, _) => CreationCheck::Accepted(message, attempt),
        (false, None) => {
            tracing::warn!(payment = %payment.id, error = attempt.error.as_deref().unwrap_or(""), "creation feedback unreachable; queued");
            CreationCheck::Unreachable(message)
        }
        // The sandbox shows the start of the reply, to help a developer
        // see what their endpoint said; production mode never echoes a
        // callback's reply to the caller (it could be anyone's endpoint).
        (false, Some(status)) if app.config.sandbox => CreationCheck::Refused(format!(
            "feedbackurl 응답이 SUCCESS가 아닙니다 (HTTP {status}, 응답: {})",
            attempt
                .response_excerpt
                .as_deref()
                .unwrap_or("")
                .chars()
                .take(40)
                .collect::<String>()
        )),
        (false, Some(status)) => CreationCheck::Refused(format!(
            "feedbackurl 응답이 SUCCESS가 아닙니다 (HTTP {status})"
        )),
    }
}
