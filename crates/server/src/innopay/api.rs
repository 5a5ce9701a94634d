//! The JSON APIs: `POST /api/smsPayApi` (manual 002 §2.2–2.3) and
//! `POST /api/cancelApi` (§3).
//!
//! InnoPay merchants judge a reply by its `resultCode`, never by the HTTP
//! status, so every reply — malformed JSON, a wrong method, gyeolje's own
//! failure — is HTTP 200 with the endpoint's JSON shape.

use super::order::{OrderInput, Origin, order_of, register};
use crate::app::App;
use crate::error::ServiceError;
use crate::throttle;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gyeolje_core::{CancelAmount, CancelAsk, CancelOrigin, PaymentId, Protocol, TransitionError};
use gyeolje_innopay::{
    CancelReply, CancelRequest, InnoPayError, ResultCode, SmsPayReply, SmsPayRequest,
    payment_id_of_tid,
};
use std::net::IpAddr;

fn json(body: &impl serde::Serialize) -> Response {
    match serde_json::to_string(body) {
        Ok(text) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "innopay reply did not serialise");
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                r#"{"resultCode":"9999","resultMsg":"internal error"}"#,
            )
                .into_response()
        }
    }
}

fn post_only(method: &Method, path: &str) -> Result<(), InnoPayError> {
    if method == Method::POST {
        Ok(())
    } else {
        Err(InnoPayError::new(
            ResultCode::MethodNotAllowed,
            format!("{path}는 POST 방식만 지원합니다 (요청 방식: {method})"),
        ))
    }
}

/// A POST's body and its `Content-Type` (which may declare
/// `charset=euc-kr`).
struct Posted {
    content_type: Option<String>,
    body: Vec<u8>,
}

/// The body of a POST, or the refusal for anything else. Read here rather
/// than by an extractor so that an oversized or broken body still gets the
/// InnoPay reply shape instead of a bare 413/400.
async fn post_body(req: Request, path: &str) -> Result<Posted, InnoPayError> {
    post_only(req.method(), path)?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    axum::body::to_bytes(req.into_body(), crate::config::BODY_LIMIT)
        .await
        .map(|b| Posted {
            content_type,
            body: b.to_vec(),
        })
        .map_err(|_| {
            InnoPayError::new(
                ResultCode::MalformedRequest,
                "요청 본문이 1MiB를 초과했거나 읽을 수 없습니다",
            )
        })
}

/// `/api/smsPayApi`: registers an SMS card-payment order and sends the SMS.
pub async fn sms_pay_api(State(app): State<App>, req: Request) -> Response {
    let body = match post_body(req, gyeolje_innopay::SMS_PAY_PATH).await {
        Ok(b) => b,
        Err(e) => {
            return json(&SmsPayReply::echo(
                &SmsPayRequest::default(),
                e.code,
                e.message,
            ));
        }
    };
    let req = match SmsPayRequest::from_body(&body.body, body.content_type.as_deref()) {
        Ok(req) => req,
        Err(e) => {
            return json(&SmsPayReply::echo(
                &SmsPayRequest::default(),
                e.code,
                e.message,
            ));
        }
    };
    json(&sms_pay(&app, &req).await)
}

async fn sms_pay(app: &App, req: &SmsPayRequest) -> SmsPayReply {
    let now = app.now();
    let valid = match req.validate(now) {
        Ok(v) => v,
        Err(e) => return SmsPayReply::echo(req, e.code, e.message),
    };
    let input = OrderInput {
        origin: Origin::Api,
        mid: valid.mid.clone(),
        pg_mid: None,
        product: (!req.svc_prdt_cd.trim().is_empty()).then_some(valid.product),
        moid: valid.moid.clone(),
        goods_name: valid.goods_name.clone(),
        amount: valid.amount,
        duty_free: valid.duty_free,
        buyer_name: valid.buyer_name.clone(),
        buyer_tel: valid.buyer_tel.clone(),
        buyer_email: valid.buyer_email.clone(),
        pay_exp: (!req.pay_exp_date.trim().is_empty()).then_some(valid.pay_exp),
        user_id: valid.user_id.clone(),
    };
    match register(app, input).await {
        Ok(done) => {
            // A first registration answers the SMS text (§2.3); a repeat of
            // a live order says that nothing was sent this time.
            let msg = if done.existing {
                repeat_message(&done)
            } else {
                done.order.sms_text.clone()
            };
            // The stored order's deadline, not this request's default: a
            // retry the next day still reports the order's own deadline.
            let mut reply = SmsPayReply::echo(req, ResultCode::Success, msg)
                .with_order_url(done.order_url)
                .with_pay_exp(done.order.pay_exp);
            reply.moid = done.order.moid;
            reply.svc_prdt_cd = done.order.product.code().to_owned();
            reply
        }
        Err(e) => {
            let e = e.to_innopay();
            SmsPayReply::echo(req, e.code, e.message)
        }
    }
}

/// `resultMsg` of a repeated request for a live order: still `0000` (the
/// order is the merchant's, its link works), but honest that no SMS went
/// out this time, with the link and the deadline so staff can pass them on.
fn repeat_message(done: &super::order::Registered) -> String {
    format!(
        "이미 등록된 주문입니다 (moid: {}). SMS는 다시 발송하지 않았습니다. 결제링크: {} (결제마감: {})",
        done.order.moid,
        done.order_url,
        gyeolje_innopay::format_pay_exp(done.order.pay_exp)
    )
}

/// `/api/cancelApi`: cancels all or part of an approved card payment.
pub async fn cancel_api(State(app): State<App>, req: Request) -> Response {
    let caller = crate::peer::client_ip(&app, &req);
    let body = match post_body(req, gyeolje_innopay::CANCEL_PATH).await {
        Ok(b) => b,
        Err(e) => return json(&CancelReply::refused("", &e)),
    };
    let req = match CancelRequest::from_body(&body.body, body.content_type.as_deref()) {
        Ok(req) => req,
        Err(e) => return json(&CancelReply::refused("", &e)),
    };
    let tid = req.tid.trim().to_owned();
    match cancel(&app, &req, caller).await {
        Ok(reply) => json(&reply),
        Err(e) => json(&CancelReply::refused(&tid, &e)),
    }
}

fn refusal(code: ResultCode, message: impl Into<String>) -> InnoPayError {
    InnoPayError::new(code, message)
}

async fn cancel(
    app: &App,
    req: &CancelRequest,
    caller: Option<IpAddr>,
) -> Result<CancelReply, InnoPayError> {
    let valid = req.validate()?;
    let (merchant, account) = super::order::innopay_merchant(app, &valid.mid)
        .await
        .map_err(|e| e.to_innopay())?;
    check_password(
        app,
        &account.mid,
        caller,
        &account.cancel_pwd,
        &valid.password,
    )?;
    let unknown = || {
        refusal(
            ResultCode::UnknownTransaction,
            format!("tid: 거래를 찾을 수 없습니다 ({})", valid.tid),
        )
    };
    let id = payment_id_of_tid(&valid.tid).ok_or_else(unknown)?;
    let payment = app
        .own_payment(merchant.id, Protocol::InnoPay, PaymentId::new(id))
        .await
        .map_err(|e| internal(&e.into()))?
        .ok_or_else(unknown)?;
    // The tid must be the one this payment was approved with, for this mid:
    // an unknown number and another merchant's number get the same answer.
    let order = order_of(&payment).map_err(|_| unknown())?;
    let tid_matches =
        order.mid == account.mid && order.tid(&payment).is_some_and(|tid| tid == valid.tid);
    if !tid_matches {
        return Err(unknown());
    }
    // partialCancelCode=0 is a full cancel that names its amount: it must be
    // the whole balance. Whether the state allows it is the core's decision.
    let amount = match valid.partial {
        Some(false) => CancelAmount::Exactly(valid.amount),
        Some(true) | None => CancelAmount::Part(valid.amount),
    };
    let ask = CancelAsk {
        amount,
        unpaid_only: false,
        origin: CancelOrigin::MerchantApi,
        memo: valid.message.clone(),
    };
    let done = app
        .cancel(payment.id, ask)
        .await
        .map_err(|e| cancel_refused(e, valid.amount))?;
    Ok(CancelReply::cancelled(
        &valid.tid,
        valid.amount,
        done.event.at,
    ))
}

/// The cancel password, compared only while guessing is not locked (see
/// [`crate::throttle`]): after too many wrong ones from a caller, or for a
/// merchant, every guess is refused with 2011 and a wait, the right one too.
fn check_password(
    app: &App,
    mid: &str,
    caller: Option<IpAddr>,
    expected: &gyeolje_core::Secret,
    given: &str,
) -> Result<(), InnoPayError> {
    let merchant_key = format!("innopay.cancelPwd:{mid}");
    let source_key = format!(
        "{merchant_key}:{}",
        caller.map_or_else(|| "-".to_owned(), |ip| ip.to_string())
    );
    if let Err(wait) = app.guesses.check(&[&source_key, &merchant_key]) {
        tracing::warn!(%mid, caller = ?caller, "innopay cancelPwd guessing locked; refused unchecked");
        return Err(refusal(
            ResultCode::WrongCancelPassword,
            format!(
                "cancelPwd: 비밀번호 오류가 너무 많습니다. {}초 후에 다시 시도하세요",
                wait.as_secs().max(1)
            ),
        ));
    }
    if expected.matches(given) {
        app.guesses.succeeded(&source_key);
        return Ok(());
    }
    let locked = app.guesses.failed(&[
        (&source_key, throttle::PER_SOURCE),
        (&merchant_key, throttle::PER_MERCHANT),
    ]);
    // Logged without the password.
    tracing::info!(%mid, caller = ?caller, locked, "innopay cancelPwd wrong");
    Err(refusal(
        ResultCode::WrongCancelPassword,
        "cancelPwd: 취소 비밀번호가 일치하지 않습니다",
    ))
}

fn internal(e: &ServiceError) -> InnoPayError {
    tracing::error!(error = %e, "innopay cancel failed");
    refusal(
        ResultCode::Internal,
        "일시적인 오류로 취소하지 못했습니다. 잠시 후 거래 상태를 확인하고 다시 요청하세요",
    )
}

/// A refused cancellation, in InnoPay's codes.
fn cancel_refused(e: ServiceError, asked: gyeolje_core::Won) -> InnoPayError {
    use TransitionError as T;
    match e {
        e if e.is_internal() => internal(&e),
        ServiceError::Refused(T::ExceedsBalance { requested, balance }) => refusal(
            ResultCode::ExceedsBalance,
            format!(
                "cancelAmt: 취소 금액({}원)이 취소 가능 금액({}원)을 초과합니다",
                requested.get(),
                balance.get()
            ),
        ),
        ServiceError::Refused(T::NotWholeBalance { requested, balance }) => refusal(
            ResultCode::FullCancelMismatch,
            format!(
                "cancelAmt: 전체취소(partialCancelCode=0)는 취소 가능 금액 전액({}원)이어야 합니다 (요청: {}원)",
                balance.get(),
                requested.get()
            ),
        ),
        ServiceError::Refused(T::AlreadyCancelled | T::NotAllowed { .. }) => {
            refusal(ResultCode::AlreadyCancelled, "이미 전액 취소된 거래입니다")
        }
        ServiceError::Refused(T::ZeroAmount) => refusal(
            ResultCode::InvalidValue,
            format!(
                "cancelAmt: 취소 금액은 0보다 커야 합니다 ({}원)",
                asked.get()
            ),
        ),
        ServiceError::Refused(T::PaidOnly | T::Expired | T::AlreadyPaid) => refusal(
            ResultCode::NotCancellable,
            "승인되지 않은 거래는 취소할 수 없습니다",
        ),
        ServiceError::NotFound => refusal(
            ResultCode::UnknownTransaction,
            "tid: 거래를 찾을 수 없습니다",
        ),
        other => refusal(ResultCode::NotCancellable, other.to_string()),
    }
}
