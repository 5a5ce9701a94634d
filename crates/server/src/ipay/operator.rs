//! iPay's side of the operator's actions and lookups (the `FrontEnd`
//! seam's `operator_actions`, `operator_action`, `find_reference`).
//!
//! An iPay cart's money is held in its escrow orders, so the operator acts
//! on orders as the seller's back office would (the manual sends sellers
//! to 옥션 판매관리 for what the API leaves out): approving a buyer's
//! cancel request is `IpayConfirmCancelApprovalList`'s `ApproveCancel`
//! (refund and the `ResponseType` 1 callback, queued by
//! `App::order_command`); refusing it is `RefuseCancel`, which sends the
//! order back to the state it was asked in and, as in the manual, sends no
//! callback; a `cancel` refunds each order with the seller's own refund of
//! its state. Which orders an action may touch is asked of the core's
//! order transition (`EscrowOrder::handle`); nothing here decides a state.

use super::escrow::OrderError;
use crate::app::App;
use crate::operator::{Acted, ActionError, OperatorAction};
use gyeolje_core::escrow::{EscrowOrder, EscrowPeriods, OrderCommand, OrderState};
use gyeolje_core::{Payment, PaymentId, Protocol, Timestamp};
use gyeolje_store::{Store, StoreError};

/// The reason an operator's refusal to sell is recorded with (one of
/// `IpayDenySell`'s `DenySellReason` values).
const OPERATOR_DENY_REASON: &str = "OtherReason";

/// The seller's command that refunds `order` in its state, if there is one
/// before shipping or after remittance (orders in delivery go back through
/// returns, which the buyer starts).
fn refund_command(order: &EscrowOrder) -> Option<OrderCommand> {
    use OrderState as S;
    match order.state {
        S::CancelRequested => Some(OrderCommand::ApproveCancel),
        S::Paid | S::Preparing => Some(OrderCommand::DenySell {
            reason: OPERATOR_DENY_REASON.to_owned(),
        }),
        S::Remitted => Some(OrderCommand::DecisionCancel),
        S::AwaitingDeposit
        | S::DepositExpired
        | S::Shipping
        | S::Decided
        | S::Cancelled
        | S::ReturnRequested
        | S::ReturnHeld
        | S::Returned
        | S::ExchangeRequested
        | S::Refunded => None,
    }
}

/// Which command an action gives an order (`None`: the action skips it).
type Pick = Box<dyn Fn(&EscrowOrder) -> Option<OrderCommand> + Send + Sync>;

/// Whether the core accepts `command` on `order` now.
fn accepts(order: &EscrowOrder, command: OrderCommand, now: Timestamp) -> bool {
    order.handle(command, now, EscrowPeriods::default()).is_ok()
}

/// The actions the cart accepts now: ending the unpaid request (the
/// payment's own rule), and the order actions some order accepts.
pub fn actions(payment: &Payment, orders: &[EscrowOrder], now: Timestamp) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = crate::operator::whole_payment_actions(payment, now)
        .into_iter()
        .filter(|n| *n == OperatorAction::CancelRequest.name())
        .collect();
    if orders
        .iter()
        .any(|o| accepts(o, OrderCommand::ApproveCancel, now))
    {
        names.push(OperatorAction::ApproveCancel { order_no: None }.name());
        names.push(
            OperatorAction::RefuseCancel {
                order_no: None,
                reason: String::new(),
            }
            .name(),
        );
    }
    if orders
        .iter()
        .any(|o| refund_command(o).is_some_and(|c| accepts(o, c, now)))
    {
        names.push(
            OperatorAction::Cancel {
                amount: None,
                order_no: None,
            }
            .name(),
        );
    }
    names
}

/// Carries out `action` on the cart `payment`.
pub async fn act(
    app: &App,
    payment: &Payment,
    action: OperatorAction,
) -> Result<Acted, ActionError> {
    let name = action.name();
    let (order_no, pick): (Option<i64>, Pick) = match action {
        OperatorAction::CancelRequest => {
            let t = app.operator_end_request(payment.id).await?;
            return Ok(Acted {
                payment: t.payment,
                orders: Vec::new(),
            });
        }
        OperatorAction::Cancel {
            amount: Some(_), ..
        } => {
            return Err(ActionError::Invalid(
                "iPay refunds whole escrow orders: name one with order_no instead of an amount"
                    .into(),
            ));
        }
        OperatorAction::Cancel {
            amount: None,
            order_no,
        } => (order_no, Box::new(refund_command)),
        OperatorAction::ApproveCancel { order_no } => {
            (order_no, Box::new(|_| Some(OrderCommand::ApproveCancel)))
        }
        OperatorAction::RefuseCancel { order_no, reason } => (
            order_no,
            Box::new(move |_| {
                Some(OrderCommand::RefuseCancel {
                    reason: reason.clone(),
                })
            }),
        ),
    };
    let orders = app
        .store
        .escrow_orders_of(payment.id)
        .await
        .map_err(|e| ActionError::Service(e.into()))?;
    let now = app.now_for(payment.merchant_id);
    let targets: Vec<(i64, OrderCommand)> = match order_no {
        Some(n) => {
            let order = orders.iter().find(|o| o.order_no == n).ok_or_else(|| {
                ActionError::Invalid(format!("order {n} is not an order of cart {}", payment.id))
            })?;
            // An order whose state has no refund gets the seller's refusal
            // to sell, so the core says why it cannot be.
            let command = pick(order).unwrap_or(OrderCommand::DenySell {
                reason: OPERATOR_DENY_REASON.to_owned(),
            });
            vec![(n, command)]
        }
        None => orders
            .iter()
            .filter_map(|o| pick(o).map(|c| (o, c)))
            .filter(|(o, c)| accepts(o, c.clone(), now))
            .map(|(o, c)| (o.order_no, c))
            .collect(),
    };
    if targets.is_empty() {
        return Err(ActionError::Refused(format!(
            "no order of cart {} accepts {name} now",
            payment.id
        )));
    }
    let mut changed = Vec::with_capacity(targets.len());
    for (n, command) in targets {
        let order = app
            .order_command(Some(payment.merchant_id), n, command)
            .await
            .map_err(order_refusal)?;
        changed.push(order);
    }
    let payment = app.load(payment.id).await?;
    Ok(Acted {
        payment,
        orders: changed,
    })
}

fn order_refusal(e: OrderError) -> ActionError {
    match e {
        OrderError::NotFound(n) | OrderError::NotYours(n) => {
            ActionError::Invalid(format!("no order {n} of this cart's seller"))
        }
        OrderError::Escrow(e) => ActionError::Refused(e.to_string()),
        OrderError::Payment(m) => ActionError::Refused(m),
        OrderError::Conflict => {
            ActionError::Service(crate::error::ServiceError::Conflict("escrow order".into()))
        }
        OrderError::Internal(e) => ActionError::Service(e),
    }
}

/// The carts a number names: as the cart number (the payment number), the
/// pay number (the cart's reference) or one of its order numbers.
pub async fn find_reference(store: &dyn Store, text: &str) -> Result<Vec<Payment>, StoreError> {
    let text = text.trim();
    let Ok(n) = text.parse::<i64>() else {
        return Ok(Vec::new());
    };
    let mut found: Vec<Payment> = store
        .payments_with_reference(Protocol::Ipay, text, 5)
        .await?;
    let mut add = |p: Option<Payment>| {
        if let Some(p) = p.filter(|p| p.protocol == Protocol::Ipay)
            && !found.iter().any(|f| f.id == p.id)
        {
            found.push(p);
        }
    };
    add(store.payment(PaymentId::new(n)).await?);
    if let Some(order) = store.escrow_order(n).await? {
        add(store.payment(order.payment_id).await?);
    }
    Ok(found)
}
