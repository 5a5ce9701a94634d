//! The one transition function of the payment state machine.
//!
//! Every `match` below lists each state explicitly (no `_ =>`), so a new state
//! or command does not compile until each rule has been decided.

use super::{
    Approval, CancelOrigin, EventRecord, PayMethod, PayerDetails, Payment, PaymentEvent,
    PaymentState, PendingCancel, VirtualAccountInfo,
};
use crate::{Timestamp, Won};

/// Something that may happen to a payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// The acquirer approved the buyer's payment; the seller is to be paid
    /// out at `settle_due` (the protocol's rule).
    Approve {
        method: PayMethod,
        approval: Approval,
        settle_due: Option<Timestamp>,
        payer: PayerDetails,
    },
    /// The buyer filled in the order form before paying (iPay: destination,
    /// buyer details and the Jeju/remote-area surcharge, which changes the
    /// amount to pay). Only while the request is open.
    Checkout {
        amount: Won,
        protocol_data: serde_json::Value,
    },
    /// The acquirer declined; the request stays open so the buyer can retry.
    Decline {
        method: PayMethod,
        code: String,
        message: String,
    },
    /// A virtual account was issued for the buyer to deposit into.
    IssueVirtualAccount {
        bank: String,
        account_no: String,
        due: Timestamp,
        payer: PayerDetails,
    },
    /// The deposit into the virtual account arrived.
    ConfirmDeposit {
        approval: Approval,
        settle_due: Option<Timestamp>,
    },
    /// Pay the seller out (due at `settle_due_at`).
    Settle,
    /// Register a cancellation that needs the settled funds back first.
    RequestCancellation { memo: String },
    /// Cancel the request before it is paid.
    CancelRequest { origin: CancelOrigin, memo: String },
    /// The deadline passed without payment.
    Expire,
    /// Cancel (refund) `amount` of a paid payment; the whole balance ends it.
    Cancel {
        amount: Won,
        origin: CancelOrigin,
        memo: String,
    },
    /// A cancellation as a merchant or operator asks for it, whatever the
    /// payment's state: the core decides whether it ends the open request
    /// ([`Command::CancelRequest`]) or refunds (part of) the payment
    /// ([`Command::Cancel`]), and refuses it with a reason otherwise.
    Cancellation(CancelAsk),
}

/// How much a [`CancelAsk`] wants back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelAmount {
    /// Everything that is left: the open request, or the whole balance.
    Rest,
    /// This much of a paid payment (a partial cancel when less than the balance).
    Part(Won),
    /// This much, which must be the whole balance (InnoPay
    /// `partialCancelCode=0`: a full cancel that names its amount).
    Exactly(Won),
}

/// A merchant's or operator's cancellation, before anyone looked at the
/// payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelAsk {
    pub amount: CancelAmount,
    /// Only an unpaid request may be cancelled (PayApp `cancelmode=ready`).
    pub unpaid_only: bool,
    pub origin: CancelOrigin,
    pub memo: String,
}

/// What a front end attaches to a payment as a command is applied: the
/// protocol's own number for the payment once it is paid (iPay's pay
/// number, which is also its reference) and the protocol data that records
/// it. The core decides where an attachment is allowed: only on the events
/// that pay ([`PaymentEvent::Approved`], [`PaymentEvent::VirtualAccountIssued`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attachment {
    pub reference: Option<String>,
    pub protocol_data: Option<serde_json::Value>,
}

impl Attachment {
    pub fn is_empty(&self) -> bool {
        self.reference.is_none() && self.protocol_data.is_none()
    }
}

impl Command {
    pub const fn name(&self) -> &'static str {
        match self {
            Command::Approve { .. } => "approve",
            Command::Checkout { .. } => "checkout",
            Command::Decline { .. } => "decline",
            Command::IssueVirtualAccount { .. } => "issue_virtual_account",
            Command::ConfirmDeposit { .. } => "confirm_deposit",
            Command::CancelRequest { .. } => "cancel_request",
            Command::Expire => "expire",
            Command::Settle => "settle",
            Command::RequestCancellation { .. } => "request_cancellation",
            Command::Cancel { .. } => "cancel",
            Command::Cancellation(_) => "cancellation",
        }
    }
}

/// Why a command was refused. Front ends map each to their own error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("cannot {command} a payment that is {state}")]
    NotAllowed {
        state: PaymentState,
        command: &'static str,
    },
    #[error("the payment request expired")]
    Expired,
    #[error("the payment request has not reached its deadline")]
    NotYetExpired,
    #[error("a cancellation amount must be more than zero")]
    ZeroAmount,
    #[error("cancellation of {requested} won exceeds the refundable balance of {balance} won")]
    ExceedsBalance { requested: Won, balance: Won },
    #[error("the payment is not due for settlement yet")]
    NotYetDue,
    #[error("the payment is already settled")]
    AlreadySettled,
    #[error(
        "the payment is settled or due for settlement; only a cancellation request can undo it"
    )]
    CancelWindowClosed,
    #[error("a cancellation request is already registered")]
    AlreadyRequested,
    #[error("cancelling against a returned settlement needs a registered cancellation request")]
    NoPendingRequest,
    #[error("the payment is already paid")]
    AlreadyPaid,
    #[error("a payment that is {state} cannot be paid")]
    NotPayable { state: PaymentState },
    #[error("the payment is already cancelled")]
    AlreadyCancelled,
    #[error("only a paid payment can be cancelled by an amount")]
    PaidOnly,
    #[error("a full cancellation must be the whole balance of {balance} won, not {requested} won")]
    NotWholeBalance { requested: Won, balance: Won },
    #[error("the payment can still be cancelled directly; no cancellation request is needed")]
    CancelWindowOpen,
    #[error("a payment that is {state} has nothing to cancel after settlement")]
    NotPaid { state: PaymentState },
    #[error("protocol data cannot be attached to a {event} event")]
    AttachmentRefused { event: &'static str },
}

/// The result of an accepted command: the payment as it now is, and the
/// event that records why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub payment: Payment,
    pub event: EventRecord,
}

impl Payment {
    /// [`Payment::handle`], attaching the front end's `attachment` to the
    /// payment if the accepted event is one that pays.
    pub fn handle_attached(
        &self,
        command: Command,
        attachment: Attachment,
        now: Timestamp,
    ) -> Result<Transition, TransitionError> {
        let mut t = self.handle(command, now)?;
        if attachment.is_empty() {
            return Ok(t);
        }
        match &t.event.event {
            PaymentEvent::Approved { .. } | PaymentEvent::VirtualAccountIssued { .. } => {
                if let Some(reference) = attachment.reference {
                    t.payment.reference = Some(reference);
                }
                if let Some(data) = attachment.protocol_data {
                    t.payment.protocol_data = data;
                }
                Ok(t)
            }
            PaymentEvent::Requested { .. }
            | PaymentEvent::CheckedOut { .. }
            | PaymentEvent::Declined { .. }
            | PaymentEvent::DepositConfirmed { .. }
            | PaymentEvent::RequestCancelled { .. }
            | PaymentEvent::Expired
            | PaymentEvent::Settled { .. }
            | PaymentEvent::CancellationRequested { .. }
            | PaymentEvent::Cancelled { .. }
            | PaymentEvent::Escrow(_) => Err(TransitionError::AttachmentRefused {
                event: t.event.event.kind(),
            }),
        }
    }

    /// Turns a [`CancelAsk`] into the precise command the state allows.
    fn cancellation(&self, ask: CancelAsk) -> Result<Command, TransitionError> {
        use PaymentState as S;
        match self.state {
            S::Requested | S::AwaitingDeposit => match ask.amount {
                CancelAmount::Rest => Ok(Command::CancelRequest {
                    origin: ask.origin,
                    memo: ask.memo,
                }),
                CancelAmount::Part(_) | CancelAmount::Exactly(_) => Err(TransitionError::PaidOnly),
            },
            S::Paid => {
                if ask.unpaid_only {
                    return Err(TransitionError::AlreadyPaid);
                }
                let balance = self.refundable();
                let amount = match ask.amount {
                    CancelAmount::Rest => balance,
                    CancelAmount::Part(amount) => amount,
                    CancelAmount::Exactly(amount) if amount == balance => amount,
                    CancelAmount::Exactly(requested) => {
                        return Err(TransitionError::NotWholeBalance { requested, balance });
                    }
                };
                Ok(Command::Cancel {
                    amount,
                    origin: ask.origin,
                    memo: ask.memo,
                })
            }
            S::RequestCancelled | S::Cancelled => Err(TransitionError::AlreadyCancelled),
            S::Expired => Err(TransitionError::Expired),
        }
    }

    /// Decides `command` against the current state at time `now`.
    pub fn handle(&self, command: Command, now: Timestamp) -> Result<Transition, TransitionError> {
        use PaymentState as S;
        let refused = TransitionError::NotAllowed {
            state: self.state,
            command: command.name(),
        };
        let mut next = self.clone();
        let event = match command {
            Command::Approve {
                method,
                approval,
                settle_due,
                payer,
            } => match self.state {
                S::Requested => {
                    if now >= self.expires_at {
                        return Err(TransitionError::Expired);
                    }
                    next.state = S::Paid;
                    next.method = Some(method);
                    next.paid_at = Some(approval.approved_at);
                    next.settle_due_at = settle_due;
                    next.payer = payer;
                    next.approval = Some(approval.clone());
                    PaymentEvent::Approved { method, approval }
                }
                S::AwaitingDeposit | S::Paid | S::RequestCancelled | S::Expired | S::Cancelled => {
                    return Err(refused);
                }
            },
            Command::Checkout {
                amount,
                protocol_data,
            } => match self.state {
                S::Requested => {
                    if now >= self.expires_at {
                        return Err(TransitionError::Expired);
                    }
                    next.amount = amount;
                    next.protocol_data = protocol_data;
                    PaymentEvent::CheckedOut { amount }
                }
                S::AwaitingDeposit | S::Paid | S::RequestCancelled | S::Expired | S::Cancelled => {
                    return Err(refused);
                }
            },
            Command::Decline {
                method,
                code,
                message,
            } => match self.state {
                S::Requested => PaymentEvent::Declined {
                    method,
                    code,
                    message,
                },
                S::AwaitingDeposit | S::Paid | S::RequestCancelled | S::Expired | S::Cancelled => {
                    return Err(refused);
                }
            },
            Command::IssueVirtualAccount {
                bank,
                account_no,
                due,
                payer,
            } => match self.state {
                S::Requested => {
                    if now >= self.expires_at {
                        return Err(TransitionError::Expired);
                    }
                    next.state = S::AwaitingDeposit;
                    next.method = Some(PayMethod::VirtualAccount);
                    next.expires_at = due;
                    next.payer = payer;
                    next.virtual_account = Some(VirtualAccountInfo {
                        bank: bank.clone(),
                        account_no: account_no.clone(),
                        due,
                    });
                    PaymentEvent::VirtualAccountIssued {
                        bank,
                        account_no,
                        due,
                    }
                }
                S::AwaitingDeposit | S::Paid | S::RequestCancelled | S::Expired | S::Cancelled => {
                    return Err(refused);
                }
            },
            Command::ConfirmDeposit {
                approval,
                settle_due,
            } => match self.state {
                S::AwaitingDeposit => {
                    if now >= self.expires_at {
                        return Err(TransitionError::Expired);
                    }
                    next.state = S::Paid;
                    next.paid_at = Some(approval.approved_at);
                    next.settle_due_at = settle_due;
                    next.approval = Some(approval);
                    PaymentEvent::DepositConfirmed {
                        amount: self.amount,
                    }
                }
                S::Requested | S::Paid | S::RequestCancelled | S::Expired | S::Cancelled => {
                    return Err(refused);
                }
            },
            Command::CancelRequest { origin, memo } => match self.state {
                S::Requested | S::AwaitingDeposit => {
                    next.state = S::RequestCancelled;
                    next.closed_at = Some(now);
                    PaymentEvent::RequestCancelled { origin, memo }
                }
                S::Paid | S::RequestCancelled | S::Expired | S::Cancelled => return Err(refused),
            },
            Command::Expire => match self.state {
                S::Requested | S::AwaitingDeposit => {
                    if now < self.expires_at {
                        return Err(TransitionError::NotYetExpired);
                    }
                    next.state = S::Expired;
                    next.closed_at = Some(now);
                    PaymentEvent::Expired
                }
                S::Paid | S::RequestCancelled | S::Expired | S::Cancelled => return Err(refused),
            },
            Command::Settle => match self.state {
                S::Paid => {
                    if self.is_settled() {
                        return Err(TransitionError::AlreadySettled);
                    }
                    if self.settle_due_at.is_none_or(|due| now < due) {
                        return Err(TransitionError::NotYetDue);
                    }
                    next.settled_at = Some(now);
                    PaymentEvent::Settled {
                        amount: self.refundable(),
                    }
                }
                S::Requested
                | S::AwaitingDeposit
                | S::RequestCancelled
                | S::Expired
                | S::Cancelled => {
                    return Err(refused);
                }
            },
            Command::RequestCancellation { memo } => match self.state {
                S::Paid => {
                    if self.cancel_request.is_some() {
                        return Err(TransitionError::AlreadyRequested);
                    }
                    // Money not yet with the seller is cancelled directly.
                    let window_open =
                        !self.is_settled() && self.settle_due_at.is_none_or(|due| now < due);
                    if window_open {
                        return Err(TransitionError::CancelWindowOpen);
                    }
                    next.cancel_request = Some(PendingCancel {
                        requested_at: now,
                        memo: memo.clone(),
                    });
                    PaymentEvent::CancellationRequested { memo }
                }
                S::RequestCancelled | S::Cancelled => {
                    return Err(TransitionError::AlreadyCancelled);
                }
                S::Requested | S::AwaitingDeposit | S::Expired => {
                    return Err(TransitionError::NotPaid { state: self.state });
                }
            },
            Command::Cancellation(ask) => return self.handle(self.cancellation(ask)?, now),
            Command::Cancel {
                amount,
                origin,
                memo,
            } => match self.state {
                S::Paid => {
                    if amount.is_zero() {
                        return Err(TransitionError::ZeroAmount);
                    }
                    let returns_settlement = match origin {
                        CancelOrigin::SettlementReturn => true,
                        CancelOrigin::MerchantApi
                        | CancelOrigin::Operator
                        | CancelOrigin::Buyer => false,
                    };
                    if returns_settlement {
                        if self.cancel_request.is_none() {
                            return Err(TransitionError::NoPendingRequest);
                        }
                        next.cancel_request = None;
                    } else if self.is_settled() || self.settle_due_at.is_some_and(|due| now >= due)
                    {
                        // Settled (or due to be) money is with the seller: it must
                        // come back first, through a cancellation request.
                        return Err(TransitionError::CancelWindowClosed);
                    }
                    let balance = self.refundable();
                    let remaining =
                        balance
                            .checked_sub(amount)
                            .ok_or(TransitionError::ExceedsBalance {
                                requested: amount,
                                balance,
                            })?;
                    next.cancelled_amount =
                        self.amount.checked_sub(remaining).unwrap_or(self.amount);
                    if remaining.is_zero() {
                        next.state = S::Cancelled;
                        next.closed_at = Some(now);
                    }
                    PaymentEvent::Cancelled {
                        origin,
                        amount,
                        remaining,
                        memo,
                    }
                }
                S::Requested
                | S::AwaitingDeposit
                | S::RequestCancelled
                | S::Expired
                | S::Cancelled => {
                    return Err(refused);
                }
            },
        };
        next.version = self.version + 1;
        let event = EventRecord {
            payment_id: self.id,
            seq: next.version,
            at: now,
            event,
        };
        Ok(Transition {
            payment: next,
            event,
        })
    }
}

#[cfg(test)]
mod tests;
