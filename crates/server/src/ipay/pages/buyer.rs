//! `MyOrder.aspx?code=`: the buyer's side of escrow, as a page. It lists
//! every order of a paid cart (item, option, quantity, amount, status,
//! courier and invoice once shipped) and, per order, the buyer's actions
//! its state allows: 구매결정, 취소요청 before shipping, 반품요청 and
//! 교환요청 after, and a question to the seller (판매자 문의) at any time.
//!
//! `code` is the cart payment's random page code, so knowing it is what
//! makes someone the buyer; a cart number alone opens nothing. Which buttons
//! show is decided by the core: a button is offered only when
//! [`EscrowOrder::handle`] would accept its command now, so the page and the
//! SOAP side never disagree. The actions are the sandbox's
//! (`/sandbox/ipay/orders/{order_no}/…`) through the same
//! `App::order_command` and `App::buyer_note`.
//!
//! Each action is a form `POST`ed back to the same URL with `order_no`,
//! `action` (`decide`, `cancel`, `return`, `exchange`, `note`) and
//! `reason`/`detail` (requests) or `title`/`content` (a question). Done: a
//! 303 back to the page with `done=<action>&order_no=`, which the page
//! turns into its own message (no caller-chosen text is ever shown). The
//! order's state does not allow it: the page again with the refusal and a
//! 409. A form that does not read, an unknown action, a missing reason or
//! title, or an order of another cart: the page with the reason and a 400.
//! An unknown code is a 404 page.

use crate::app::App;
use crate::ipay::escrow::OrderError;
use crate::pages::{find, notice, render};
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gyeolje_core::escrow::{
    Decider, EscrowError, EscrowOrder, EscrowPeriods, OrderCommand, Requester,
};
use gyeolje_core::{Payment, Protocol, Timestamp};
use serde::Deserialize;

/// The buyer's order page.
pub const PATH: &str = super::paths::BUYER_PATH;

/// The page's query: the page code, and what was just done.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    code: String,
    done: String,
    order_no: String,
}

/// One action form. Every field is text, so that a malformed value gets
/// this page's Korean answer rather than the extractor's rejection.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    order_no: String,
    action: String,
    reason: String,
    detail: String,
    title: String,
    content: String,
}

/// The buyer's actions, as the form names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Decide,
    Cancel,
    Return,
    Exchange,
    Note,
}

impl Action {
    fn parse(s: &str) -> Option<Action> {
        Some(match s.trim() {
            "decide" => Action::Decide,
            "cancel" => Action::Cancel,
            "return" => Action::Return,
            "exchange" => Action::Exchange,
            "note" => Action::Note,
            _ => return None,
        })
    }

    const fn as_str(self) -> &'static str {
        match self {
            Action::Decide => "decide",
            Action::Cancel => "cancel",
            Action::Return => "return",
            Action::Exchange => "exchange",
            Action::Note => "note",
        }
    }

    /// The button, and the word in messages.
    const fn label(self) -> &'static str {
        match self {
            Action::Decide => "구매결정",
            Action::Cancel => "취소요청",
            Action::Return => "반품요청",
            Action::Exchange => "교환요청",
            Action::Note => "판매자 문의",
        }
    }

    /// The order command, or `None` for a question (which is no command).
    fn command(self, reason: String, detail: String) -> Option<OrderCommand> {
        Some(match self {
            Action::Decide => OrderCommand::Decide(Decider::Buyer),
            Action::Cancel => OrderCommand::RequestCancel { reason, detail },
            Action::Return => OrderCommand::RequestReturn {
                by: Requester::Buyer,
                reason,
                detail,
            },
            Action::Exchange => OrderCommand::RequestExchange { reason, detail },
            Action::Note => return None,
        })
    }

    /// The message after it was done.
    const fn done(self) -> &'static str {
        match self {
            Action::Decide => "구매결정이 완료되었습니다. 판매자에게 대금이 지급됩니다.",
            Action::Cancel => "취소요청이 접수되었습니다. 판매자가 승인하면 환불됩니다.",
            Action::Return => "반품요청이 접수되었습니다. 판매자가 승인하면 환불됩니다.",
            Action::Exchange => "교환요청이 접수되었습니다. 판매자가 상품을 다시 보냅니다.",
            Action::Note => "판매자에게 문의를 보냈습니다.",
        }
    }
}

/// The state-changing actions, in the order the page offers them.
const COMMANDS: [Action; 4] = [
    Action::Decide,
    Action::Cancel,
    Action::Return,
    Action::Exchange,
];

struct ActionView {
    action: &'static str,
    label: &'static str,
    /// Whether the form asks for a reason (every request does).
    with_reason: bool,
}

struct OrderView {
    order_no: i64,
    item: String,
    option: String,
    qty: u32,
    /// The line's `free_gift` (사은품, §3.1.2), empty without one.
    free_gift: String,
    amount: String,
    state: &'static str,
    courier: String,
    invoice_no: String,
    actions: Vec<ActionView>,
}

#[derive(Template)]
#[template(path = "ipay_buyer.html")]
struct BuyerPage {
    shop: String,
    action_url: String,
    message: Option<String>,
    error: Option<String>,
    orders: Vec<OrderView>,
}

/// The actions `order` accepts from the buyer at `now`, as the core decides.
fn allowed(order: &EscrowOrder, now: Timestamp) -> Vec<ActionView> {
    COMMANDS
        .iter()
        .filter(|a| {
            a.command(String::new(), String::new())
                .is_some_and(|c| order.handle(c, now, EscrowPeriods::default()).is_ok())
        })
        .map(|a| ActionView {
            action: a.as_str(),
            label: a.label(),
            with_reason: *a != Action::Decide,
        })
        .collect()
}

fn order_view(order: &EscrowOrder, free_gift: String, now: Timestamp) -> OrderView {
    let shipment = order.shipment.as_ref();
    OrderView {
        order_no: order.order_no,
        item: order.item_name.clone(),
        option: order.option_name.clone(),
        qty: order.quantity,
        free_gift,
        amount: format!("{}원", order.amount.grouped()),
        state: order.state.label(),
        courier: shipment
            .and_then(|s| {
                s.agency_name
                    .clone()
                    .or_else(|| s.etc_agency_name.clone())
                    .or_else(|| s.agency.clone())
            })
            .unwrap_or_default(),
        invoice_no: shipment.map(|s| s.invoice_no.clone()).unwrap_or_default(),
        actions: allowed(order, now),
    }
}

fn page_url(code: &str, extra: &[(&str, &str)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("code", code);
    for (k, v) in extra {
        q.append_pair(k, v);
    }
    format!("{PATH}?{}", q.finish())
}

fn unavailable() -> Response {
    notice(
        StatusCode::SERVICE_UNAVAILABLE,
        "일시적인 오류",
        "잠시 후 다시 시도해 주세요.",
    )
}

/// The iPay payment behind `code`, or the 404 page.
async fn payment_of(app: &App, code: &str) -> Result<Payment, Response> {
    let payment = find(app, code).await?;
    if payment.protocol != Protocol::Ipay {
        return Err(notice(
            StatusCode::NOT_FOUND,
            "결제요청을 찾을 수 없습니다",
            "주소를 다시 확인해 주세요.",
        ));
    }
    Ok(payment)
}

/// Renders the page for `payment` with a message or an error.
async fn page(
    app: &App,
    payment: &Payment,
    status: StatusCode,
    message: Option<String>,
    error: Option<String>,
) -> Response {
    let orders = match app.store.escrow_orders_of(payment.id).await {
        Ok(o) => o,
        Err(e) => {
            tracing::error!(error = %e, "buyer page: escrow orders");
            return unavailable();
        }
    };
    let shop = match app.store.merchant(payment.merchant_id).await {
        Ok(m) => m.map(|m| m.name).unwrap_or_default(),
        Err(e) => {
            tracing::error!(error = %e, "buyer page: merchant");
            return unavailable();
        }
    };
    let now = app.now_for(payment.merchant_id);
    let cart = crate::ipay::state::cart_of(payment).ok();
    let gift = |o: &EscrowOrder| {
        cart.as_ref()
            .and_then(|c| c.cart.lines.get(usize::from(o.line)))
            .and_then(|l| l.free_gift.clone())
            .unwrap_or_default()
    };
    render(
        status,
        &BuyerPage {
            shop,
            action_url: page_url(payment.page_code.as_str(), &[]),
            message,
            error,
            orders: orders.iter().map(|o| order_view(o, gift(o), now)).collect(),
        },
    )
}

/// `GET /ipay/MyOrder.aspx?code=`.
pub async fn show(State(app): State<App>, Query(query): Query<PageQuery>) -> Response {
    let payment = match payment_of(&app, &query.code).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let order_no = query.order_no.trim().parse::<i64>().ok();
    let message = Action::parse(&query.done).map(|a| match order_no {
        Some(n) => format!("주문번호 {n}: {}", a.done()),
        None => a.done().to_owned(),
    });
    page(&app, &payment, StatusCode::OK, message, None).await
}

/// The refusal as the buyer reads it.
fn refusal(action: Action, e: &OrderError) -> String {
    match e {
        OrderError::Escrow(EscrowError::NotAllowed { state, .. }) => format!(
            "{} 상태의 주문은 {}할 수 없습니다.",
            state.label(),
            action.label()
        ),
        OrderError::Escrow(EscrowError::CancelRestricted) => {
            "판매자가 취소를 제한한 주문입니다. 판매자에게 문의해 주세요.".to_owned()
        }
        other => other.to_string(),
    }
}

/// `POST /ipay/MyOrder.aspx?code=`: one action on one order of the cart.
pub async fn submit(
    State(app): State<App>,
    Query(query): Query<PageQuery>,
    form: Result<Form<ActionForm>, FormRejection>,
) -> Response {
    let payment = match payment_of(&app, &query.code).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let bad = |message: &str| {
        let message = message.to_owned();
        let payment = &payment;
        let app = &app;
        async move { page(app, payment, StatusCode::BAD_REQUEST, None, Some(message)).await }
    };
    let Ok(Form(form)) = form else {
        return bad("요청을 읽을 수 없습니다. 다시 시도해 주세요.").await;
    };
    let Some(action) = Action::parse(&form.action) else {
        return bad("알 수 없는 요청입니다.").await;
    };
    let orders = match app.store.escrow_orders_of(payment.id).await {
        Ok(o) => o,
        Err(e) => {
            tracing::error!(error = %e, "buyer page: escrow orders");
            return unavailable();
        }
    };
    let Some(order) = form
        .order_no
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|n| orders.into_iter().find(|o| o.order_no == n))
    else {
        return bad("이 결제의 주문번호가 아닙니다.").await;
    };
    let done = page_url(
        &query.code,
        &[
            ("done", action.as_str()),
            ("order_no", &order.order_no.to_string()),
        ],
    );
    if action == Action::Note {
        if form.title.trim().is_empty() {
            return bad("문의 제목을 입력해 주세요.").await;
        }
        return match app.buyer_note(&order, &form.title, form.content).await {
            Ok(_) => Redirect::to(&done).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "buyer page: note");
                unavailable()
            }
        };
    }
    let reason = form.reason.trim().to_owned();
    if action != Action::Decide && reason.is_empty() {
        return bad("사유를 입력해 주세요.").await;
    }
    let Some(command) = action.command(reason, form.detail.trim().to_owned()) else {
        return bad("알 수 없는 요청입니다.").await;
    };
    match app.order_command(None, order.order_no, command).await {
        Ok(_) => Redirect::to(&done).into_response(),
        Err(OrderError::Internal(e)) => {
            tracing::error!(error = %e, "buyer page: order command");
            unavailable()
        }
        Err(e) => {
            let message = format!("주문번호 {}: {}", order.order_no, refusal(action, &e));
            page(&app, &payment, StatusCode::CONFLICT, None, Some(message)).await
        }
    }
}
