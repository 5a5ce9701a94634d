//! `POST /oapi/apiLoad.html`: one form in, one urlencoded line out.
//!
//! Every reply — success, bad input, unknown user, a body of random bytes or
//! one over the size limit — is a PayApp line (`state=0&errorMessage=…&errno=…`
//! on failure), never a framework default. Failures of gyeolje itself
//! (database down) are `errno=99999`, the code PayApp's own PHP library uses
//! for failures outside the API, with HTTP 503.

use crate::app::App;
use crate::config::BODY_LIMIT;
use crate::ids::new_page_code;
use crate::payments::CancelInput;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gyeolje_core::{CancelOrigin, Change, NewPayment, Payment, PaymentId, Protocol};
use gyeolje_payapp::{
    Cmd, ErrorCode, Form, PayAppError, PayCancel, PayRequest, PayRequestReply, encode_reply,
    ok_reply,
};
use gyeolje_store::StoreError;

/// A failure of the API call, in one of two shapes.
#[derive(Debug)]
pub enum ApiError {
    /// The caller's mistake or a refused action: a PayApp error code.
    PayApp(PayAppError),
    /// gyeolje could not do its part.
    Internal(String),
}

impl From<PayAppError> for ApiError {
    fn from(e: PayAppError) -> Self {
        ApiError::PayApp(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

fn line(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::PayApp(e) => line(StatusCode::OK, e.to_reply()),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "payapp api failed");
                line(
                    StatusCode::SERVICE_UNAVAILABLE,
                    encode_reply(&[
                        ("state", "0"),
                        (
                            "errorMessage",
                            "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
                        ),
                        ("errno", "99999"),
                    ]),
                )
            }
        }
    }
}

pub async fn api_load(State(app): State<App>, req: Request<Body>) -> Response {
    match handle(&app, req).await {
        Ok(body) => line(StatusCode::OK, body),
        Err(e) => e.into_response(),
    }
}

async fn handle(app: &App, req: Request<Body>) -> Result<String, ApiError> {
    let raw = if req.method() == Method::GET {
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
    let form = Form::parse(&raw).map_err(PayAppError::from)?;
    let cmd_text = form.get("cmd").unwrap_or("");
    let cmd = Cmd::parse(cmd_text).ok_or_else(|| PayAppError::unknown_cmd(cmd_text))?;
    match cmd {
        Cmd::PayRequest => pay_request(app, &form).await,
        Cmd::PayCancel => pay_cancel(app, &form).await,
        Cmd::PayCancelReq => Err(PayAppError::new(
            ErrorCode::UnknownCmd,
            "paycancelreq: 아직 지원하지 않는 cmd입니다",
        )
        .into()),
        Cmd::CashSt => super::cash::cash_st(app, &form).await,
        Cmd::CashStCn => super::cash::cash_st_cn(app, &form).await,
    }
}

async fn pay_request(app: &App, form: &Form) -> Result<String, ApiError> {
    let req = PayRequest::from_form(form)?;
    let merchant = app
        .store
        .merchant_by_payapp_userid(&req.userid)
        .await?
        .ok_or_else(|| PayAppError::bad_credentials("userid: 등록되지 않은 판매자 아이디입니다"))?;
    let now = app.now();
    let (payment, event) = Payment::create(
        NewPayment {
            id: app.ids.next_payment_id(&*app.store).await?,
            protocol: Protocol::PayApp,
            merchant_id: merchant.id,
            page_code: new_page_code(),
            amount: req.price,
            goods_name: req.goodname.clone(),
            buyer_phone: Some(req.recvphone.clone()),
            expires_at: now.plus(app.config.request_ttl),
            protocol_data: serde_json::to_value(&req)
                .map_err(|e| ApiError::Internal(e.to_string()))?,
        },
        now,
    );
    let mut messages = super::feedback::messages(app, &merchant, &payment, &event);
    if req.smsuse {
        messages.push(super::sms::request_sms(app, &merchant, &payment, &req));
    }
    let reply = PayRequestReply {
        mul_no: payment.id.get(),
        payurl: super::pay_url(app, &payment),
    };
    app.store
        .commit(Change::create(payment, event).with_outbox(messages), now)
        .await?;
    app.wake.notify_one();
    Ok(reply.to_reply())
}

async fn pay_cancel(app: &App, form: &Form) -> Result<String, ApiError> {
    let c = PayCancel::from_form(form)?;
    let credentials_wrong =
        || PayAppError::bad_credentials("userid 또는 linkkey 값이 정확하지 않습니다");
    let merchant = app
        .store
        .merchant_by_payapp_userid(&c.userid)
        .await?
        .ok_or_else(credentials_wrong)?;
    let linkkey_ok = merchant
        .payapp
        .as_ref()
        .is_some_and(|a| a.linkkey.matches(&c.linkkey));
    if !linkkey_ok {
        return Err(credentials_wrong().into());
    }
    let id = PaymentId::new(c.mul_no);
    let owned = app
        .store
        .payment(id)
        .await?
        .is_some_and(|p| p.merchant_id == merchant.id && p.protocol == Protocol::PayApp);
    if !owned {
        return Err(PayAppError::invalid("mul_no", "결제요청 건을 찾을 수 없습니다").into());
    }
    let input = CancelInput {
        amount: if c.partcancel { c.cancelprice } else { None },
        origin: CancelOrigin::MerchantApi,
        memo: c.cancelmemo,
        only_unpaid: c.cancelmode_ready,
    };
    match app.cancel(id, input).await {
        Ok(_) => Ok(ok_reply()),
        Err(crate::payments::CancelError::Store(e)) => Err(e.into()),
        Err(e) => Err(PayAppError::new(ErrorCode::InvalidParameter, e.to_string()).into()),
    }
}
