//! The buyer's side of an iPay escrow order, for scripts and QA: decide
//! (구매결정), ask to cancel, return or exchange, and write a question to
//! the seller. These are what the buyer did on Auction's pages; the seller
//! then sees them through the §3.2 operations. Mounted with the rest of
//! `/sandbox`.
//!
//! Replies: `{"order_no", "state", "label"}` when done; 409
//! `{"outcome":"refused","error"}` when the order's state does not allow
//! it; 404 for an unknown order; 400 for a body that does not read.

use super::escrow::OrderError;
use crate::app::App;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use gyeolje_core::escrow::{Decider, EscrowOrder, OrderCommand, Requester};
use gyeolje_core::{Payment, Protocol};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/sandbox/ipay/orders/{order_no}/decide", post(decide))
        .route(
            "/sandbox/ipay/orders/{order_no}/cancel-request",
            post(cancel_request),
        )
        .route(
            "/sandbox/ipay/orders/{order_no}/return-request",
            post(return_request),
        )
        .route(
            "/sandbox/ipay/orders/{order_no}/exchange-request",
            post(exchange_request),
        )
        .route("/sandbox/ipay/orders/{order_no}/note", post(note))
}

fn error(status: StatusCode, message: impl std::fmt::Display) -> Response {
    (status, Json(json!({ "error": message.to_string() }))).into_response()
}

fn order_json(o: &EscrowOrder) -> Value {
    json!({
        "order_no": o.order_no,
        "item_no": o.auction_item_no,
        "ipay_itemno": o.ipay_itemno,
        "state": o.state.as_str(),
        "label": o.state.label(),
    })
}

/// Runs a buyer command and answers as the module says.
async fn run(app: &App, order_no: i64, command: OrderCommand) -> Response {
    match app.order_command(None, order_no, command).await {
        Ok(o) => Json(order_json(&o)).into_response(),
        Err(e @ (OrderError::NotFound(_) | OrderError::NotYours(_))) => {
            error(StatusCode::NOT_FOUND, e)
        }
        Err(OrderError::Internal(e)) => error(StatusCode::SERVICE_UNAVAILABLE, e),
        Err(e) => (
            StatusCode::CONFLICT,
            Json(json!({ "outcome": "refused", "error": e.to_string() })),
        )
            .into_response(),
    }
}

/// A buyer's request: why, and in more words.
#[derive(Deserialize, Default)]
struct RequestBody {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    detail: String,
}

/// Runs the buyer request `make` builds from the body; a missing body (no
/// JSON content type) is an empty request, a malformed one a 400.
async fn request(
    app: &App,
    order_no: i64,
    body: Result<Json<RequestBody>, JsonRejection>,
    make: fn(RequestBody) -> OrderCommand,
) -> Response {
    let body = match body {
        Ok(Json(b)) => b,
        Err(JsonRejection::MissingJsonContentType(_)) => RequestBody::default(),
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    run(app, order_no, make(body)).await
}

/// `POST /sandbox/ipay/orders/{order_no}/decide`: the buyer confirms receipt.
async fn decide(State(app): State<App>, Path(order_no): Path<i64>) -> Response {
    run(&app, order_no, OrderCommand::Decide(Decider::Buyer)).await
}

/// `POST …/cancel-request` `{"reason","detail"}`: before shipping.
async fn cancel_request(
    State(app): State<App>,
    Path(order_no): Path<i64>,
    body: Result<Json<RequestBody>, JsonRejection>,
) -> Response {
    request(&app, order_no, body, |b| OrderCommand::RequestCancel {
        reason: b.reason,
        detail: b.detail,
    })
    .await
}

/// `POST …/return-request` `{"reason","detail"}`: after shipping.
async fn return_request(
    State(app): State<App>,
    Path(order_no): Path<i64>,
    body: Result<Json<RequestBody>, JsonRejection>,
) -> Response {
    request(&app, order_no, body, |b| OrderCommand::RequestReturn {
        by: Requester::Buyer,
        reason: b.reason,
        detail: b.detail,
    })
    .await
}

/// `POST …/exchange-request` `{"reason","detail"}`: after shipping.
async fn exchange_request(
    State(app): State<App>,
    Path(order_no): Path<i64>,
    body: Result<Json<RequestBody>, JsonRejection>,
) -> Response {
    request(&app, order_no, body, |b| OrderCommand::RequestExchange {
        reason: b.reason,
        detail: b.detail,
    })
    .await
}

#[derive(Deserialize)]
struct NoteBody {
    title: String,
    content: String,
}

/// `POST …/note` `{"title","content"}`: a question to the seller, in any
/// state of the order. Answers `{"seqno","order_no"}`.
async fn note(
    State(app): State<App>,
    Path(order_no): Path<i64>,
    body: Result<Json<NoteBody>, JsonRejection>,
) -> Response {
    let body = match body {
        Ok(Json(b)) => b,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    if body.title.trim().is_empty() {
        return error(StatusCode::BAD_REQUEST, "title is required");
    }
    let order = match app.store.escrow_order(order_no).await {
        Ok(Some(o)) => o,
        Ok(None) => return error(StatusCode::NOT_FOUND, format!("no ipay order {order_no}")),
        Err(e) => return error(StatusCode::SERVICE_UNAVAILABLE, e),
    };
    match app.buyer_note(&order, &body.title, body.content).await {
        Ok(seqno) => Json(json!({ "seqno": seqno, "order_no": order_no })).into_response(),
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, e),
    }
}

/// Adds an iPay cart's `pay_no` and `orders` to a sandbox pay/deposit reply.
pub async fn extend_reply(app: &App, reply: &mut Value, payment: &Payment) {
    if payment.protocol != Protocol::Ipay {
        return;
    }
    let pay_no = super::state::cart_of(payment).ok().and_then(|c| c.pay_no);
    reply["pay_no"] = json!(pay_no);
    // The sandbox pays as the buyer, so it gets the buyer's order page (the
    // page that paid would have set the buyer-key cookie; see `buyer_key`).
    let q = form_urlencoded::Serializer::new(String::new())
        .append_pair("code", payment.page_code.as_str())
        .finish();
    reply["buyer_url"] = json!(app.url(&format!("{}?{q}", super::pages::paths::BUYER_PATH)));
    match app.store.escrow_orders_of(payment.id).await {
        Ok(orders) => {
            reply["orders"] = Value::Array(orders.iter().map(order_json).collect());
        }
        Err(e) => {
            tracing::warn!(payment = %payment.id, error = %e, "sandbox: ipay orders unreadable")
        }
    }
}
