//! Order commands applied to a whole cart: the order's transition, the
//! payment's next version with the escrow event, and the refund.
//!
//! Money lives on the payment; orders only say how much of it is theirs.
//! When an order gives money back, the payment is cancelled by that order's
//! amount. The shipping fee (and any Jeju/remote-area surcharge) belongs to
//! the cart as a whole, so it goes back with the last order to be refunded:
//! once every order is refunded, the refund is the payment's whole
//! remaining balance.

use super::{EscrowError, EscrowOrder, EscrowPeriods, OrderCommand, OrderState};
use crate::{
    CancelOrigin, Change, Command, EventRecord, Payment, PaymentEvent, PaymentWrite, Timestamp,
    TransitionError, Won,
};

/// Why an order command on a cart was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartCommandError {
    #[error("order {0} is not part of this cart")]
    UnknownOrder(i64),
    #[error(transparent)]
    Escrow(#[from] EscrowError),
    #[error(transparent)]
    Payment(#[from] TransitionError),
}

/// What an accepted order command writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CartUpdate {
    pub payment: Payment,
    pub expected_version: u32,
    pub events: Vec<EventRecord>,
    pub orders: Vec<EscrowOrder>,
    /// Money to give back through the acquirer after the commit.
    pub refund: Option<Won>,
}

impl CartUpdate {
    /// The unit of work for the store.
    pub fn into_change(self) -> Change {
        Change {
            payment: Some(PaymentWrite::Update {
                payment: self.payment,
                expected_version: self.expected_version,
            }),
            events: self.events,
            outbox: vec![],
            delivered: vec![],
            orders: self.orders,
        }
    }
}

/// Who a refund is reported as coming from.
fn origin_of(command: &OrderCommand) -> CancelOrigin {
    match command {
        OrderCommand::ApproveCancel
        | OrderCommand::AutoApproveCancel
        | OrderCommand::ApproveReturn => CancelOrigin::Buyer,
        OrderCommand::DenySell { .. }
        | OrderCommand::DecisionCancel
        | OrderCommand::Deposit
        | OrderCommand::ExpireDeposit
        | OrderCommand::ConfirmOrder
        | OrderCommand::Ship(_)
        | OrderCommand::ChangeShipment(_)
        | OrderCommand::Decide(_)
        | OrderCommand::Remit
        | OrderCommand::RequestCancel { .. }
        | OrderCommand::RefuseCancel { .. }
        | OrderCommand::RequestReturn { .. }
        | OrderCommand::HoldReturn { .. }
        | OrderCommand::RequestExchange { .. } => CancelOrigin::MerchantApi,
    }
}

/// Records `event` as the payment's next version.
fn record(payment: &Payment, event: PaymentEvent, now: Timestamp) -> (Payment, EventRecord) {
    let mut next = payment.clone();
    next.version = payment.version + 1;
    let record = EventRecord {
        payment_id: payment.id,
        seq: next.version,
        at: now,
        event,
    };
    (next, record)
}

/// Applies `command` to order `order_no` of the cart `payment`, whose
/// orders are `orders` (all of them: the refund rule needs the others).
pub fn apply(
    payment: &Payment,
    orders: &[EscrowOrder],
    order_no: i64,
    command: OrderCommand,
    now: Timestamp,
    periods: EscrowPeriods,
) -> Result<CartUpdate, CartCommandError> {
    let order = orders
        .iter()
        .find(|o| o.order_no == order_no && o.payment_id == payment.id)
        .ok_or(CartCommandError::UnknownOrder(order_no))?;
    let origin = origin_of(&command);
    let memo = command.name().to_owned();
    let t = order.handle(command, now, periods)?;
    let (mut next, escrow_event) = record(payment, PaymentEvent::Escrow(t.event.clone()), now);
    let mut events = vec![escrow_event];
    let mut refund = None;
    if let Some(amount) = t.refund() {
        let all_refunded = orders
            .iter()
            .filter(|o| o.order_no != order_no)
            .all(|o| o.state.is_refunded() || o.state == OrderState::DepositExpired);
        let amount = if all_refunded {
            next.refundable()
        } else {
            amount.min(next.refundable())
        };
        if !amount.is_zero() {
            let cancel = next.handle(
                Command::Cancel {
                    amount,
                    origin,
                    memo,
                },
                now,
            )?;
            next = cancel.payment;
            events.push(cancel.event);
            refund = Some(amount);
        }
    }
    Ok(CartUpdate {
        payment: next,
        expected_version: payment.version,
        events,
        orders: vec![t.order],
        refund,
    })
}

/// Applies `command` to every order of the cart that accepts it (the
/// deposit and its expiry concern the whole cart), recording one escrow
/// event per order. Orders that refuse it are left as they are.
pub fn apply_all(
    payment: &Payment,
    orders: &[EscrowOrder],
    command: &OrderCommand,
    now: Timestamp,
    periods: EscrowPeriods,
) -> CartUpdate {
    let mut next = payment.clone();
    let mut events = vec![];
    let mut changed = vec![];
    for order in orders.iter().filter(|o| o.payment_id == payment.id) {
        if let Ok(t) = order.handle(command.clone(), now, periods) {
            let (p, e) = record(&next, PaymentEvent::Escrow(t.event), now);
            next = p;
            events.push(e);
            changed.push(t.order);
        }
    }
    CartUpdate {
        payment: next,
        expected_version: payment.version,
        events,
        orders: changed,
        refund: None,
    }
}
