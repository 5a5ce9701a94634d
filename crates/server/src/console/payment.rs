//! One payment: its state and references, its timeline (events in order —
//! approvals, cancels, settlement — and iPay's escrow orders), every
//! callback, SMS and refund it caused with each attempt's request and
//! response and a 재전송 button, and the operator actions it accepts now
//! (`admin::actions::actions_for`), each a form carried out by
//! `admin::actions::run` — the same code as the admin API's actions.

use super::callbacks::state_label as message_state;
use super::message::AttemptRow;
use super::page::{self, Chrome, Nav};
use super::payments::state_label;
use super::session::Session;
use crate::admin::actions::{self, ActionArgs, ActionFailure};
use crate::app::App;
use crate::cli::mask_secrets;
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gyeolje_core::{Payment, PaymentId};
use gyeolje_store::{OutboxFilter, StoreError};
use serde::Deserialize;

/// How many messages of one payment the page shows.
const MESSAGES_SHOWN: u32 = 500;

pub struct Event {
    pub seq: u32,
    pub at: String,
    pub kind: &'static str,
    pub detail: String,
    /// `cancel`, `paid` or empty: how the timeline marks it.
    pub class: &'static str,
}

pub struct Order {
    pub order_no: i64,
    pub item: String,
    pub quantity: u32,
    pub amount: String,
    pub refunded: String,
    pub state: &'static str,
    pub label: &'static str,
    /// A buyer's cancel request waits for the seller.
    pub cancel_requested: bool,
    /// Why the seller refused one, if they did.
    pub cancel_refusal: String,
}

pub struct Message {
    pub id: i64,
    pub kind: String,
    pub channel: &'static str,
    pub target: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub attempts_started: u32,
    pub body: String,
    pub created_at: String,
    pub attempts: Vec<AttemptRow>,
}

/// An operator action's button.
pub struct Action {
    pub name: &'static str,
    pub label: &'static str,
    pub takes_amount: bool,
    pub takes_order: bool,
    pub takes_reason: bool,
}

fn action(name: &'static str) -> Action {
    let label = match name {
        "cancel-request" => "결제요청 취소 (운영자)",
        "approve-cancel" => "구매자 취소요청 승인",
        "refuse-cancel" => "구매자 취소요청 거부",
        "cancel" => "결제 취소 · 환불",
        other => other,
    };
    Action {
        name,
        label,
        takes_amount: name == "cancel",
        takes_order: name != "cancel-request",
        takes_reason: name == "refuse-cancel",
    }
}

#[derive(Template)]
#[template(path = "console/payment.html")]
struct PaymentPage {
    chrome: Chrome,
    id: i64,
    protocol: &'static str,
    merchant_id: i64,
    merchant: String,
    state: &'static str,
    state_label: &'static str,
    goods: String,
    amount: String,
    cancelled: String,
    refundable: String,
    method: String,
    buyer_phone: String,
    references: Vec<(&'static str, String)>,
    approval: String,
    virtual_account: String,
    times: Vec<(&'static str, String)>,
    events: Vec<Event>,
    orders: Vec<Order>,
    messages: Vec<Message>,
    actions: Vec<Action>,
    has_orders: bool,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct PaymentQuery {
    notice: Option<String>,
}

/// `GET /console/payments/{id}`.
pub async fn show(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path(id): Path<i64>,
    Query(q): Query<PaymentQuery>,
) -> Response {
    let p = match load(&app, id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let chrome =
        Chrome::new(&app, &session, Nav::Payments).with_notice(page::notice(q.notice.as_deref()));
    render(&app, chrome, &p, None, StatusCode::OK).await
}

async fn load(app: &App, id: i64) -> Result<Payment, Response> {
    match app.store.payment(PaymentId::new(id)).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(page::not_found("결제")),
        Err(e) => Err(page::store_failed(&e)),
    }
}

fn opt_kst(t: Option<gyeolje_core::Timestamp>) -> String {
    t.map(page::kst).unwrap_or_default()
}

async fn render(
    app: &App,
    chrome: Chrome,
    p: &Payment,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let loaded = async {
        let merchant = app.store.merchant(p.merchant_id).await?;
        let events = app.store.events(p.id).await?;
        let orders = app.store.escrow_orders_of(p.id).await?;
        let filter = OutboxFilter {
            payment_id: Some(p.id),
            limit: MESSAGES_SHOWN,
            ..OutboxFilter::default()
        };
        let mut records = app.store.outbox_list(&filter).await?;
        records.reverse();
        let mut messages = Vec::with_capacity(records.len());
        for r in records {
            let attempts = app.store.attempts(r.id).await?;
            messages.push(Message {
                id: r.id.get(),
                kind: r.message.kind.clone(),
                channel: r.message.channel.name(),
                target: r.message.channel.target().to_owned(),
                state: r.state.as_str(),
                state_label: message_state(r.state),
                attempts_started: r.attempts,
                body: mask_secrets(&r.message.body),
                created_at: page::kst(r.created_at),
                attempts: attempts.iter().map(AttemptRow::of).collect(),
            });
        }
        Ok::<_, StoreError>((merchant, events, orders, messages))
    };
    let (merchant, events, orders, messages) = match loaded.await {
        Ok(x) => x,
        Err(e) => return page::store_failed(&e),
    };
    let actions = actions::actions_for(&app.front_ends, p, &orders, app.now_for(p.merchant_id))
        .into_iter()
        .map(action)
        .collect();
    let events = events
        .iter()
        .map(|e| {
            let kind = e.event.kind();
            Event {
                seq: e.seq,
                at: page::kst(e.at),
                kind,
                detail: serde_json::to_string(&e.event).unwrap_or_default(),
                class: if e.event.cancellation().is_some() || kind.contains("cancel") {
                    "cancel"
                } else if kind == "approved" || kind == "deposit_confirmed" {
                    "paid"
                } else {
                    ""
                },
            }
        })
        .collect();
    let orders: Vec<Order> = orders
        .iter()
        .map(|o| Order {
            order_no: o.order_no,
            item: if o.option_name.is_empty() {
                o.item_name.clone()
            } else {
                format!("{} ({})", o.item_name, o.option_name)
            },
            quantity: o.quantity,
            amount: page::won(o.amount.get()),
            refunded: page::won(o.refunded.get()),
            state: o.state.as_str(),
            label: o.state.label(),
            cancel_requested: o
                .cancel_request
                .as_ref()
                .is_some_and(|r| r.refusal.is_none()),
            cancel_refusal: o
                .cancel_request
                .as_ref()
                .and_then(|r| r.refusal.clone())
                .unwrap_or_default(),
        })
        .collect();
    let approval = p.approval.as_ref().map_or_else(String::new, |a| {
        let card = [a.card_name.as_deref(), a.card_masked.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        format!("{} {card}", a.approval_no).trim().to_owned()
    });
    let virtual_account = p.virtual_account.as_ref().map_or_else(String::new, |v| {
        format!("{} {} (기한 {})", v.bank, v.account_no, page::kst(v.due))
    });
    page::render(
        status,
        &PaymentPage {
            chrome,
            id: p.id.get(),
            protocol: p.protocol.as_str(),
            merchant_id: p.merchant_id.get(),
            merchant: merchant.map(|m| m.name).unwrap_or_default(),
            state: p.state.as_str(),
            state_label: state_label(p.state),
            goods: p.goods_name.clone(),
            amount: page::won(p.amount.get()),
            cancelled: page::won(p.cancelled_amount.get()),
            refundable: page::won(p.refundable().get()),
            method: p.method.map(|m| m.as_str().to_owned()).unwrap_or_default(),
            buyer_phone: p
                .buyer_phone
                .as_ref()
                .map(|b| b.as_str().to_owned())
                .unwrap_or_default(),
            references: app.front_end(p.protocol).references(p),
            approval,
            virtual_account,
            times: vec![
                ("요청", page::kst(p.requested_at)),
                ("기한", page::kst(p.expires_at)),
                ("결제", opt_kst(p.paid_at)),
                ("종료", opt_kst(p.closed_at)),
                ("정산 예정", opt_kst(p.settle_due_at)),
                ("정산", opt_kst(p.settled_at)),
            ],
            events,
            has_orders: !orders.is_empty(),
            orders,
            messages,
            actions,
            error,
        },
    )
}

/// An action form as posted: every argument optional, blank is absent.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    amount: String,
    order_no: String,
    reason: String,
}

/// `POST /console/payments/{id}/actions/{action}`.
pub async fn act(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Path((id, name)): Path<(i64, String)>,
    Form(f): Form<ActionForm>,
) -> Response {
    let p = match load(&app, id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let chrome = || Chrome::new(&app, &session, Nav::Payments);
    let number = |text: &str, what: &str| -> Result<Option<i64>, String> {
        let t = text.trim().replace(',', "");
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{what}은(는) 숫자여야 합니다: {text}"))
    };
    let args = match (number(&f.amount, "금액"), number(&f.order_no, "주문번호")) {
        (Ok(amount), Ok(order_no)) => ActionArgs {
            amount,
            order_no,
            reason: Some(f.reason.trim().to_owned()).filter(|r| !r.is_empty()),
        },
        (Err(e), _) | (_, Err(e)) => {
            return render(&app, chrome(), &p, Some(e), StatusCode::BAD_REQUEST).await;
        }
    };
    match actions::run(&app, &p, &name, args).await {
        Ok(_) => {
            tracing::info!(payment = id, action = %name, "console: operator action");
            Redirect::to(&format!("/console/payments/{id}?notice=action")).into_response()
        }
        Err(ActionFailure::Service(e)) if e.is_internal() => page::store_failed(&e),
        Err(e) => {
            let status = match e {
                ActionFailure::Invalid { .. } => StatusCode::BAD_REQUEST,
                _ => StatusCode::CONFLICT,
            };
            let fresh = match load(&app, id).await {
                Ok(p) => p,
                Err(r) => return r,
            };
            render(&app, chrome(), &fresh, Some(e.to_string()), status).await
        }
    }
}
