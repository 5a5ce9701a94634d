//! The sandbox API: lets scripts and QA act as the buyer, read the SMS the
//! simulated carrier received, and move business time. Mounted only when the
//! configuration enables it (the default).

use crate::app::{App, Lookup};
use crate::error::ServiceError;
use crate::payments::pay::{PayInput, PayOutcome};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gyeolje_core::{PayerDetails, Payment, PaymentId, PhoneNumber, Protocol};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/sandbox/pay", post(pay))
        .route("/sandbox/sms", get(sms))
        .route("/sandbox/deposit", post(deposit))
        .route("/sandbox/settlement-return", post(settlement_return))
        .merge(crate::sandbox_clock::routes())
}

#[derive(Deserialize)]
struct Reference {
    protocol: String,
    /// The merchant, where the reference is the merchant's own order number
    /// (InnoPay: the `mid`, with `reference` the `moid`).
    merchant: Option<String>,
    reference: String,
}

/// Finds the payment a sandbox call names, or the error response to send:
/// the protocol's front end reads the reference (PayApp by payment number
/// `mul_no`, InnoPay by `mid` + `moid`, iPay by cart number).
async fn find(
    app: &App,
    protocol: &str,
    merchant: Option<&str>,
    reference: &str,
) -> Result<(Protocol, PaymentId), Response> {
    let Some(protocol) = Protocol::parse(protocol) else {
        return Err(error(
            StatusCode::BAD_REQUEST,
            format!("unknown protocol {protocol:?}"),
        ));
    };
    match app
        .front_end(protocol)
        .sandbox_find(app, merchant, reference)
        .await
    {
        Ok(Lookup::Found(p)) => Ok((protocol, p.id)),
        Ok(Lookup::NotFound(what)) => Err(error(StatusCode::NOT_FOUND, what)),
        Ok(Lookup::Invalid(why)) => Err(error(StatusCode::BAD_REQUEST, why)),
        Err(e) => Err(error(StatusCode::SERVICE_UNAVAILABLE, e)),
    }
}

/// `POST /sandbox/settlement-return`: the seller returns the settled funds of
/// a payment with a registered cancellation request (PayApp `paycancelreq`),
/// which completes the cancellation.
async fn settlement_return(
    State(app): State<App>,
    body: Result<Json<Reference>, JsonRejection>,
) -> Response {
    let Json(body) = match body {
        Ok(b) => b,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let (protocol, id) = match find(
        &app,
        &body.protocol,
        body.merchant.as_deref(),
        &body.reference,
    )
    .await
    {
        Ok(found) => found,
        Err(response) => return response,
    };
    match app.return_settlement(id).await {
        Ok(p) => Json(json!({
            "outcome": "cancelled",
            "protocol": protocol.as_str(),
            "reference": p.id.to_string(),
            "state": p.state.as_str(),
            "refunded": p.cancelled_amount.get(),
        }))
        .into_response(),
        Err(e) => failed(e),
    }
}

/// A refused or failed sandbox action: 503 when gyeolje failed, 404 for an
/// unknown payment, 409 `refused` when the payment's state does not allow it.
fn failed(e: ServiceError) -> Response {
    match e {
        e if e.is_internal() => error(StatusCode::SERVICE_UNAVAILABLE, e),
        ServiceError::NotFound => error(StatusCode::NOT_FOUND, e),
        e => refused(e),
    }
}

fn error(status: StatusCode, message: impl std::fmt::Display) -> Response {
    (status, Json(json!({ "error": message.to_string() }))).into_response()
}

#[derive(Deserialize)]
struct PayBody {
    protocol: String,
    /// InnoPay: the `mid`; `reference` is then the `moid`.
    merchant: Option<String>,
    reference: String,
    method: String,
    card_number: Option<String>,
    expiry: Option<String>,
    #[serde(default)]
    installment_months: u8,
    /// For `phone`: the paying phone (defaults to the request's recipient).
    phone: Option<String>,
    /// For `vbank` / `rbank`: a bank code (defaults to the first bank).
    bank_code: Option<String>,
    /// What the buyer types on the page (PayApp `pay_memo`, `pay_addr`).
    #[serde(default)]
    memo: String,
    #[serde(default)]
    address: String,
}

/// The JSON describing a payment after a sandbox action (the protocol's
/// own fields are added by its front end, see [`reply`]).
fn payment_json(outcome: &str, protocol: Protocol, p: &Payment) -> Value {
    let approval = p.approval.as_ref();
    let account = p.virtual_account.as_ref();
    json!({
        "moid": null,
        "tid": null,
        "outcome": outcome,
        "protocol": protocol.as_str(),
        "reference": p.id.to_string(),
        "state": p.state.as_str(),
        "method": p.method.map(|m| m.as_str()),
        "amount": p.amount.get(),
        "approval_no": approval.map(|a| a.approval_no.clone()),
        "card_name": approval.and_then(|a| a.card_name.clone()),
        "card_masked": approval.and_then(|a| a.card_masked.clone()),
        "vbank": account.map(|a| a.bank.clone()),
        "vbankno": account.map(|a| a.account_no.clone()),
        "deposit_due": account.map(|a| a.due.rfc3339()),
    })
}

fn refused(e: impl std::fmt::Display) -> Response {
    (
        StatusCode::CONFLICT,
        Json(json!({ "outcome": "refused", "error": e.to_string() })),
    )
        .into_response()
}

/// `POST /sandbox/pay`: pay a payment request as its buyer would, with
/// `method` card, phone, rbank (or transfer) or vbank.
async fn pay(State(app): State<App>, body: Result<Json<PayBody>, JsonRejection>) -> Response {
    let Json(body) = match body {
        Ok(b) => b,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let (protocol, id) = match find(
        &app,
        &body.protocol,
        body.merchant.as_deref(),
        &body.reference,
    )
    .await
    {
        Ok(found) => found,
        Err(response) => return response,
    };
    let input = match body.method.as_str() {
        "card" => PayInput::Card {
            number: body
                .card_number
                .unwrap_or_else(|| "4242424242424242".to_owned()),
            expiry: body.expiry,
            installment_months: body.installment_months,
        },
        "phone" => {
            let given = match body.phone {
                Some(p) => Some(p),
                None => match app.store.payment(id).await {
                    Ok(p) => p.and_then(|p| p.buyer_phone).map(|p| p.as_str().to_owned()),
                    Err(e) => return error(StatusCode::SERVICE_UNAVAILABLE, e),
                },
            };
            match given.as_deref().map(PhoneNumber::parse) {
                Some(Ok(phone)) => PayInput::Phone { phone },
                _ => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        "phone: a valid phone number is required",
                    );
                }
            }
        }
        "rbank" | "transfer" => PayInput::BankTransfer {
            bank_code: body.bank_code,
        },
        "vbank" => PayInput::VirtualAccount {
            bank_code: body.bank_code,
        },
        other => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("method {other:?} is not supported (card, phone, rbank, vbank)"),
            );
        }
    };
    let payer = PayerDetails {
        memo: body.memo,
        address: body.address,
        wallet: None,
    };
    match app.pay(id, input, payer).await {
        Ok(PayOutcome::Approved(p)) => {
            reply(&app, payment_json("approved", protocol, &p), &p).await
        }
        Ok(PayOutcome::AwaitingDeposit(p)) => {
            reply(&app, payment_json("awaiting_deposit", protocol, &p), &p).await
        }
        Ok(PayOutcome::Declined {
            payment,
            code,
            message,
        }) => {
            let mut v = payment_json("declined", protocol, &payment);
            v["code"] = json!(code);
            v["message"] = json!(message);
            reply(&app, v, &payment).await
        }
        Err(e) => failed(e),
    }
}

/// `POST /sandbox/deposit`: the buyer deposits the full amount into the
/// payment's virtual account.
async fn deposit(State(app): State<App>, body: Result<Json<Reference>, JsonRejection>) -> Response {
    let Json(body) = match body {
        Ok(b) => b,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let (protocol, id) = match find(
        &app,
        &body.protocol,
        body.merchant.as_deref(),
        &body.reference,
    )
    .await
    {
        Ok(found) => found,
        Err(response) => return response,
    };
    match app.confirm_deposit(id).await {
        Ok(p) => reply(&app, payment_json("approved", protocol, &p), &p).await,
        Err(e) => failed(e),
    }
}

/// A reply about `p`, with what its protocol adds (InnoPay `moid`/`tid`,
/// an iPay cart's pay number and escrow orders).
async fn reply(app: &App, mut reply: Value, p: &Payment) -> Response {
    app.front_end(p.protocol)
        .sandbox_reply(app, &mut reply, p)
        .await;
    Json(reply).into_response()
}

#[derive(Deserialize)]
struct SmsQuery {
    phone: String,
}

/// Every `http(s)://…` link in a text.
pub fn links(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(str::to_owned)
        .collect()
}

/// `GET /sandbox/sms?phone=…`: the messages sent to a phone, newest first.
async fn sms(State(app): State<App>, q: Result<Query<SmsQuery>, QueryRejection>) -> Response {
    let Ok(Query(q)) = q else {
        return error(StatusCode::BAD_REQUEST, "phone is required");
    };
    let Ok(phone) = PhoneNumber::parse(&q.phone) else {
        return error(
            StatusCode::BAD_REQUEST,
            format!("invalid phone number {:?}", q.phone),
        );
    };
    match app.store.sms_to(&phone, 100).await {
        Ok(records) => {
            let messages: Vec<Value> = records
                .iter()
                .map(|r| {
                    json!({
                        "id": r.id.get(),
                        "kind": r.message.kind,
                        "payment_id": r.message.payment_id.map(|p| p.get()),
                        "text": r.message.body,
                        "links": links(&r.message.body),
                        "created_at": r.created_at.rfc3339(),
                        "delivery": r.state.as_str(),
                    })
                })
                .collect();
            Json(json!({ "phone": phone.as_str(), "messages": messages })).into_response()
        }
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_links() {
        let text = "[페이앱] 결제요청\n결제하기: http://127.0.0.1:8080/p/abc 끝";
        assert_eq!(super::links(text), ["http://127.0.0.1:8080/p/abc"]);
    }
}
