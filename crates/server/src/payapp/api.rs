//! `POST /oapi/apiLoad.html`: one form in, one urlencoded line out.
//!
//! Every reply — success, bad input, unknown user, a body of random bytes or
//! one over the size limit — is a PayApp line (`state=0&errorMessage=…&errno=…`
//! on failure), never a framework default. Failures of gyeolje itself
//! (database down) are `errno=99999`, the code PayApp's own PHP library uses
//! for failures outside the API, with HTTP 503.

use super::accounts::{Action, acting_seller};
use super::error::{ApiError, line};
use super::feedback::CreationCheck;
use crate::app::App;
use crate::config::BODY_LIMIT;
use crate::error::ServiceError;
use crate::ids::new_page_code;
use crate::payments::commit::Extra;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gyeolje_core::{
    CancelAmount, CancelAsk, CancelOrigin, NewPayment, PaymentId, PaymentState, Protocol,
    TransitionError,
};
use gyeolje_payapp::{
    Cmd, ErrorCode, Form, PayAppError, PayCancel, PayCancelReq, PayRequest, PayRequestReply,
    ok_reply,
};
use std::net::SocketAddr;

pub async fn api_load(State(app): State<App>, req: Request<Body>) -> Response {
    let keep_alive = asks_keep_alive(&req);
    let caller = crate::peer::client_ip(&app, &req);
    let handled = super::accounts::CALLER
        .scope(caller, handle(&app, req))
        .await;
    let mut response = match handled {
        Ok(body) => line(StatusCode::OK, body),
        Err(e) => e.into_response(),
    };
    if !keep_alive {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Whether the caller asked, in so many words, to keep the connection
/// (`Connection: keep-alive`). Every other API reply ends the connection,
/// as the live service's do: the manual's `payapp_lib.php` in socket mode
/// sends HTTP/1.1 without a `Connection` header and reads until the server
/// closes, so an HTTP/1.1 default of keeping the connection would hold it
/// until the idle timeout. Clients that reuse connections and say so (Java,
/// Python requests, Node) keep them; the rest open one per call, which is
/// what PHP's curl does anyway.
fn asks_keep_alive(req: &Request<Body>) -> bool {
    req.headers()
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|token| token.trim().eq_ignore_ascii_case("keep-alive"))
}

/// Whether the call came over HTTPS: our own TLS, or a trusted proxy that
/// says so in `X-Forwarded-Proto` (anyone else could send that header).
fn over_https(app: &App, req: &Request<Body>) -> bool {
    if app.config.tls.is_some() {
        return true;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let trusted = peer.is_some_and(|ip| app.config.trusted_proxies.contains(&ip));
    trusted
        && req
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

async fn handle(app: &App, req: Request<Body>) -> Result<String, ApiError> {
    if app.config.require_https && !over_https(app, &req) {
        return Err(PayAppError::https_required().into());
    }
    // The body's own Content-Type decides how it is read: multipart (PHP
    // curl with an array of fields, Java multipart clients) or urlencoded.
    let mut content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let raw = if req.method() == Method::GET {
        // A query string is urlencoded whatever the (meaningless) header says.
        content_type = None;
        req.uri().query().unwrap_or("").as_bytes().to_vec()
    } else {
        axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| {
                PayAppError::new(
                    ErrorCode::InvalidParameter,
                    "요청 본문이 1MiB를 초과했거나 읽을 수 없습니다",
                )
            })?
            .to_vec()
    };
    let form = Form::parse_body(content_type.as_deref(), &raw).map_err(PayAppError::from)?;
    let cmd_text = form.get("cmd").unwrap_or("");
    let cmd = Cmd::parse(cmd_text).ok_or_else(|| PayAppError::unknown_cmd(cmd_text))?;
    match cmd {
        Cmd::PayRequest => pay_request(app, &form).await,
        Cmd::PayCancel => pay_cancel(app, &form).await,
        Cmd::PayCancelReq => pay_cancel_req(app, &form).await,
        Cmd::SellerRegist => super::sellers::seller_regist(app, &form).await,
        Cmd::UseridCheck => super::sellers::userid_check(app, &form).await,
        Cmd::SubIdRegist => super::subaccounts::sub_id_regist(app, &form).await,
        Cmd::CashSt => super::cash::cash_st(app, &form).await,
        Cmd::CashStCn => super::cash::cash_st_cn(app, &form).await,
    }
}

async fn pay_request(app: &App, form: &Form) -> Result<String, ApiError> {
    Ok(create_pay_request(app, form).await?.to_reply())
}

/// Creates the payment request a `cmd=payrequest` form describes (payment,
/// feedback and SMS in one commit). Shared by the API and PayApp Lite's popup.
pub(crate) async fn create_pay_request(
    app: &App,
    form: &Form,
) -> Result<PayRequestReply, ApiError> {
    let req = PayRequest::from_form(form)?;
    let merchant = acting_seller(app, &req.userid, Action::Request)
        .await?
        .ok_or_else(|| PayAppError::bad_credentials("userid: 등록되지 않은 판매자 아이디입니다"))?;
    if let Some(subuserid) = &req.live.subuserid {
        super::accounts::check_sub_account(app, &merchant, subuserid, Action::Request).await?;
    }
    if let Some(why) = req
        .feedbackurl
        .as_deref()
        .and_then(|url| crate::callback_hosts::refused(&merchant, url))
    {
        return Err(PayAppError::invalid("feedbackurl", &why).into());
    }
    let now = app.now_for(merchant.id);
    let draft = app.draft(NewPayment {
        id: app.next_payment_id().await?,
        protocol: Protocol::PayApp,
        merchant_id: merchant.id,
        page_code: new_page_code(),
        amount: req.price,
        goods_name: req.goodname.clone(),
        buyer_phone: Some(req.recvphone.clone()),
        expires_at: now.plus(app.config.request_ttl),
        reference: None,
        protocol_data: serde_json::to_value(&req).map_err(|e| ApiError::Internal(e.to_string()))?,
    });
    let payment = &draft.0;
    let mut extra = Extra::default();
    match super::feedback::creation_check(app, &merchant, payment, &req).await {
        CreationCheck::NotRequested => {}
        CreationCheck::Accepted(message, attempt) => extra.delivered.push((message, attempt)),
        CreationCheck::Unreachable(message) => extra.messages.push(message),
        CreationCheck::Refused(why) => {
            return Err(PayAppError::merchant_response_failed(why).into());
        }
    }
    if req.smsuse {
        extra
            .messages
            .push(super::sms::request_sms(app, &merchant, payment, &req));
    }
    let reply = PayRequestReply {
        mul_no: payment.id.get(),
        payurl: super::urls::pay_url(app, payment),
        qrurl: Some(super::urls::qr_url(app, payment)),
    };
    app.create(&merchant, draft, extra).await?;
    Ok(reply)
}

/// Checks `userid`/`linkkey` and that `mul_no` is one of that seller's
/// PayApp payments. An unknown number and another seller's number get the
/// same answer, so sellers cannot probe each other's payments.
async fn own_payment(
    app: &App,
    userid: &str,
    linkkey: &str,
    mul_no: i64,
) -> Result<PaymentId, ApiError> {
    let credentials_wrong =
        || PayAppError::bad_credentials("userid 또는 linkkey 값이 정확하지 않습니다");
    // A sub-account acts for its seller when its permissions allow cancels.
    let merchant = acting_seller(app, userid, Action::Cancel { linkkey })
        .await?
        .ok_or_else(credentials_wrong)?;
    let owned = app
        .own_payment(merchant.id, Protocol::PayApp, PaymentId::new(mul_no))
        .await?;
    match owned {
        Some(p) => Ok(p.id),
        None => Err(PayAppError::invalid("mul_no", "결제요청 건을 찾을 수 없습니다").into()),
    }
}

/// A refused cancellation, in PayApp's words.
fn cancel_refused(e: ServiceError) -> ApiError {
    use TransitionError as T;
    let message = match e {
        e if e.is_internal() => return ApiError::Internal(e.to_string()),
        ServiceError::Refused(T::CancelWindowClosed | T::AlreadySettled) => {
            "결제 후 D+5일이 지났거나 정산이 완료된 건은 paycancel로 취소할 수 없습니다. \
                                      paycancelreq로 취소를 요청하세요"
                .to_owned()
        }
        ServiceError::Refused(T::CancelWindowOpen) => {
            "아직 paycancel로 바로 취소할 수 있는 건입니다 (D+5 이내, 정산 전)".to_owned()
        }
        ServiceError::Refused(T::AlreadyPaid) => {
            "결제가 완료된 건은 결제요청 상태 취소(cancelmode=ready)로 취소할 수 없습니다"
                .to_owned()
        }
        ServiceError::Refused(T::Expired | T::NotYetExpired) => {
            "결제 가능 기간이 지나 취소할 수 없습니다".to_owned()
        }
        // paycancelreq on a request nobody paid: there is nothing settled
        // to take back (the manual: paycancelreq is for D+5 / settled
        // payments); say so rather than "not found".
        ServiceError::Refused(T::NotPaid { state }) => format!(
            "결제가 완료되지 않은 건({})은 paycancelreq로 취소 요청할 수 없습니다. \
             결제 전 요청은 paycancel로 취소하세요",
            match state {
                PaymentState::AwaitingDeposit => "입금대기",
                PaymentState::Expired => "결제기간 만료",
                PaymentState::Requested
                | PaymentState::Paid
                | PaymentState::RequestCancelled
                | PaymentState::Cancelled => "결제요청",
            }
        ),
        ServiceError::Refused(T::NotAllowed { .. } | T::NotYetDue) => {
            "이미 취소된 건입니다".to_owned()
        }
        other => other.to_string(),
    };
    PayAppError::new(ErrorCode::InvalidParameter, message).into()
}

async fn pay_cancel(app: &App, form: &Form) -> Result<String, ApiError> {
    let c = PayCancel::from_form(form)?;
    let id = own_payment(app, &c.userid, &c.linkkey, c.mul_no).await?;
    let ask = CancelAsk {
        amount: match (c.partcancel, c.cancelprice) {
            (true, Some(price)) => CancelAmount::Part(price),
            (true, None) | (false, _) => CancelAmount::Rest,
        },
        unpaid_only: c.cancelmode_ready,
        origin: CancelOrigin::MerchantApi,
        memo: c.cancelmemo,
    };
    app.cancel(id, ask).await.map_err(cancel_refused)?;
    Ok(ok_reply())
}

/// `cmd=paycancelreq`: after D+5 or settlement, registers a cancellation
/// that completes (feedback `pay_state=64`) when the seller returns the
/// settled amount (`POST /sandbox/settlement-return` stands in for that).
async fn pay_cancel_req(app: &App, form: &Form) -> Result<String, ApiError> {
    let c = PayCancelReq::from_form(form)?;
    let id = own_payment(app, &c.userid, &c.linkkey, c.mul_no).await?;
    app.request_cancellation(id, c.cancelmemo)
        .await
        .map_err(cancel_refused)?;
    Ok(ok_reply())
}
