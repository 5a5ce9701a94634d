//! The one transition function of an escrow order.
//!
//! Every `match` lists each state explicitly (no `_ =>`), so a new state or
//! command does not compile until each rule has been decided.

use super::OrderState;
use super::order::{Decider, EscrowOrder, OrderRequest, Requester, Shipment};
use crate::{Timestamp, Won};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How long the escrow waits, on the business clock. The manual gives no
/// numbers ("일정 기간 후"); these are gyeolje's, documented in
/// `docs/protocols/ipay.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EscrowPeriods {
    /// After shipping, the buyer's decision is taken for them.
    pub decide_after: Duration,
    /// After the decision, the seller is paid out.
    pub remit_after: Duration,
    /// After a buyer's cancel request of an unconfirmed (결제완료) order
    /// that the seller leaves unanswered, the request is approved, as the
    /// manual's `cancel_restriction` rule acts on the seller's behalf.
    pub cancel_approve_after: Duration,
}

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

impl Default for EscrowPeriods {
    fn default() -> Self {
        EscrowPeriods {
            decide_after: DAY.saturating_mul(7),
            remit_after: DAY.saturating_mul(2),
            cancel_approve_after: DAY.saturating_mul(3),
        }
    }
}

/// Something that may happen to an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderCommand {
    /// The virtual-account deposit arrived.
    Deposit,
    /// The deposit deadline passed.
    ExpireDeposit,
    /// 발주확인 (`IpayConfirmReceivingOrder`, or automatic with
    /// `cancel_restriction=1`).
    ConfirmOrder,
    /// 발송처리 (`DoIpayShippingGeneral`); also the re-shipment of an exchange.
    Ship(Shipment),
    /// `IpayChangeShippingType`: correct the shipment of a shipped order.
    ChangeShipment(Shipment),
    /// 구매결정.
    Decide(Decider),
    /// Pay the seller out (due `remit_after` after the decision).
    Remit,
    /// The buyer asks to cancel before shipping.
    RequestCancel { reason: String, detail: String },
    /// The seller approves the buyer's cancel request (refund).
    ApproveCancel,
    /// The seller refuses the buyer's cancel request: the order goes back
    /// to the state it was asked in (the back office's answer).
    RefuseCancel { reason: String },
    /// The clock approves an unconfirmed order's cancel request the seller
    /// left unanswered for `cancel_approve_after` (refund).
    AutoApproveCancel,
    /// The seller refuses to sell (`IpayDenySell`, refund).
    DenySell { reason: String },
    /// A return is asked for, by the buyer or by the seller for them.
    RequestReturn {
        by: Requester,
        reason: String,
        detail: String,
    },
    /// The seller puts the return on hold (`DoIpayReturnHold`).
    HoldReturn { reason: String },
    /// The seller approves the return (`DoIpayReturnApproval`, refund).
    ApproveReturn,
    /// The buyer asks for an exchange.
    RequestExchange { reason: String, detail: String },
    /// Refund after the seller was paid out (`DoIpayOrderDecisionCancel`).
    DecisionCancel,
}

impl OrderCommand {
    pub const fn name(&self) -> &'static str {
        match self {
            OrderCommand::Deposit => "deposit",
            OrderCommand::ExpireDeposit => "expire_deposit",
            OrderCommand::ConfirmOrder => "confirm_order",
            OrderCommand::Ship(_) => "ship",
            OrderCommand::ChangeShipment(_) => "change_shipment",
            OrderCommand::Decide(_) => "decide",
            OrderCommand::Remit => "remit",
            OrderCommand::RequestCancel { .. } => "request_cancel",
            OrderCommand::ApproveCancel => "approve_cancel",
            OrderCommand::RefuseCancel { .. } => "refuse_cancel",
            OrderCommand::AutoApproveCancel => "auto_approve_cancel",
            OrderCommand::DenySell { .. } => "deny_sell",
            OrderCommand::RequestReturn { .. } => "request_return",
            OrderCommand::HoldReturn { .. } => "hold_return",
            OrderCommand::ApproveReturn => "approve_return",
            OrderCommand::RequestExchange { .. } => "request_exchange",
            OrderCommand::DecisionCancel => "decision_cancel",
        }
    }
}

/// Why a command was refused. Front ends map each to their failure form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EscrowError {
    #[error("cannot {command} an order that is {}", state.label())]
    NotAllowed {
        state: OrderState,
        command: &'static str,
    },
    #[error("the seller restricted cancellation of this order (cancel_restriction=1)")]
    CancelRestricted,
    #[error("the order is not due yet")]
    NotYetDue,
}

/// What an accepted command changed, as stored in the payment's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub order_no: i64,
    pub command: String,
    pub from: OrderState,
    pub to: OrderState,
    /// Money that went back to the buyer with this command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<Won>,
}

/// The result of an accepted command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderTransition {
    pub order: EscrowOrder,
    pub event: OrderEvent,
}

impl OrderTransition {
    /// The amount to refund through the acquirer, if any.
    pub fn refund(&self) -> Option<Won> {
        self.event.refund
    }
}

fn request(by: Requester, reason: String, detail: String, now: Timestamp) -> OrderRequest {
    OrderRequest {
        by,
        reason,
        detail,
        requested_at: now,
        hold_reason: None,
        from: None,
        refusal: None,
    }
}

/// Which commands each state accepts. The match on the state is exhaustive:
/// a new state does not compile until its commands are decided here.
fn accepts(state: OrderState, command: &OrderCommand) -> bool {
    use OrderCommand as C;
    use OrderState as S;
    match state {
        S::AwaitingDeposit => matches!(command, C::Deposit | C::ExpireDeposit),
        S::Paid => matches!(
            command,
            C::ConfirmOrder | C::Ship(_) | C::RequestCancel { .. } | C::DenySell { .. }
        ),
        S::Preparing => matches!(
            command,
            C::Ship(_) | C::RequestCancel { .. } | C::DenySell { .. }
        ),
        S::Shipping => matches!(
            command,
            C::ChangeShipment(_)
                | C::Decide(_)
                | C::RequestReturn { .. }
                | C::RequestExchange { .. }
        ),
        S::Decided => matches!(command, C::Remit),
        S::Remitted => matches!(command, C::DecisionCancel),
        S::CancelRequested => matches!(
            command,
            C::ApproveCancel | C::RefuseCancel { .. } | C::AutoApproveCancel
        ),
        S::ReturnRequested => matches!(command, C::HoldReturn { .. } | C::ApproveReturn),
        S::ReturnHeld => matches!(
            command,
            C::ApproveReturn | C::Decide(Decider::Buyer | Decider::Seller)
        ),
        S::ExchangeRequested => matches!(command, C::Ship(_)),
        S::DepositExpired | S::Cancelled | S::Returned | S::Refunded => false,
    }
}

impl EscrowOrder {
    /// Decides `command` against the current state at time `now`.
    pub fn handle(
        &self,
        command: OrderCommand,
        now: Timestamp,
        periods: EscrowPeriods,
    ) -> Result<OrderTransition, EscrowError> {
        use OrderState as S;
        if !accepts(self.state, &command) {
            if matches!(command, OrderCommand::RequestCancel { .. }) && self.cancel_restriction {
                return Err(EscrowError::CancelRestricted);
            }
            return Err(EscrowError::NotAllowed {
                state: self.state,
                command: command.name(),
            });
        }
        let name = command.name();
        let mut next = self.clone();
        let mut refund = false;
        match command {
            OrderCommand::Deposit => {
                next.state = S::Paid;
                next.paid_at = Some(now);
            }
            OrderCommand::ExpireDeposit => next.state = S::DepositExpired,
            OrderCommand::ConfirmOrder => next.state = S::Preparing,
            OrderCommand::Ship(shipment) => {
                next.state = S::Shipping;
                next.shipment = Some(shipment);
                next.shipped_at = Some(now);
                next.decide_due_at = Some(now.plus(periods.decide_after));
            }
            OrderCommand::ChangeShipment(shipment) => next.shipment = Some(shipment),
            OrderCommand::Decide(by) => {
                if by == Decider::Automatic && self.decide_due_at.is_none_or(|due| now < due) {
                    return Err(EscrowError::NotYetDue);
                }
                next.state = S::Decided;
                next.decided_at = Some(now);
                next.decided_by = Some(by);
                next.decide_due_at = None;
                next.remit_due_at = Some(now.plus(periods.remit_after));
            }
            OrderCommand::Remit => {
                if self.remit_due_at.is_none_or(|due| now < due) {
                    return Err(EscrowError::NotYetDue);
                }
                next.state = S::Remitted;
                next.remitted_at = Some(now);
                next.remit_due_at = None;
            }
            OrderCommand::RequestCancel { reason, detail } => {
                if self.cancel_restriction {
                    return Err(EscrowError::CancelRestricted);
                }
                next.state = S::CancelRequested;
                let mut asked = request(Requester::Buyer, reason, detail, now);
                asked.from = Some(self.state);
                next.cancel_request = Some(asked);
                // Only an order the seller has not confirmed (발주확인) is
                // approved by the clock; a confirmed one waits for them.
                next.cancel_due_at =
                    (self.state == S::Paid).then(|| now.plus(periods.cancel_approve_after));
            }
            OrderCommand::ApproveCancel => {
                next.state = S::Cancelled;
                next.cancel_due_at = None;
                refund = true;
            }
            OrderCommand::AutoApproveCancel => {
                if self.cancel_due_at.is_none_or(|due| now < due) {
                    return Err(EscrowError::NotYetDue);
                }
                next.state = S::Cancelled;
                next.cancel_due_at = None;
                refund = true;
            }
            OrderCommand::RefuseCancel { reason } => {
                let back = self
                    .cancel_request
                    .as_ref()
                    .and_then(|r| r.from)
                    .filter(|s| matches!(s, S::Paid | S::Preparing))
                    .unwrap_or(S::Paid);
                next.state = back;
                next.cancel_due_at = None;
                if let Some(r) = next.cancel_request.as_mut() {
                    r.refusal = Some(reason);
                }
            }
            OrderCommand::DenySell { reason } => {
                next.state = S::Cancelled;
                next.cancel_request = Some(request(Requester::Seller, reason, String::new(), now));
                refund = true;
            }
            OrderCommand::RequestReturn { by, reason, detail } => {
                next.state = S::ReturnRequested;
                next.decide_due_at = None;
                next.return_request = Some(request(by, reason, detail, now));
            }
            OrderCommand::HoldReturn { reason } => {
                next.state = S::ReturnHeld;
                if let Some(r) = next.return_request.as_mut() {
                    r.hold_reason = Some(reason);
                }
            }
            OrderCommand::ApproveReturn => {
                next.state = S::Returned;
                refund = true;
            }
            OrderCommand::RequestExchange { reason, detail } => {
                next.state = S::ExchangeRequested;
                next.decide_due_at = None;
                next.exchange_request = Some(request(Requester::Buyer, reason, detail, now));
            }
            OrderCommand::DecisionCancel => {
                next.state = S::Refunded;
                refund = true;
            }
        }
        next.updated_at = now;
        if next.state.is_final() && next.closed_at.is_none() {
            next.closed_at = Some(now);
        }
        let refund = refund.then(|| self.amount.checked_sub(self.refunded).unwrap_or(Won::ZERO));
        if let Some(r) = refund {
            next.refunded = self.refunded.checked_add(r).unwrap_or(self.amount);
        }
        Ok(OrderTransition {
            event: OrderEvent {
                order_no: self.order_no,
                command: name.to_owned(),
                from: self.state,
                to: next.state,
                refund,
            },
            order: next,
        })
    }
}
