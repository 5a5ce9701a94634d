//! Cancelling: a request before payment, (part of) a payment within its
//! cancel window, and — after settlement — a registered cancellation request
//! completed when the seller returns the settled funds.
//!
//! What a cancellation may do in the payment's state is the core's
//! decision ([`Command::Cancellation`]); the refund it owes is queued by
//! `App::commit` with it (see [`super::refund`]).

use crate::app::App;
use crate::error::ServiceError;
use gyeolje_core::{
    CancelAmount, CancelAsk, CancelOrigin, Command, Payment, PaymentId, Transition,
    TransitionError, Won,
};

impl App {
    /// Cancels a request before payment, or (part of) a payment after it,
    /// as `ask` asks. The transition's event says what happened and when.
    pub async fn cancel(&self, id: PaymentId, ask: CancelAsk) -> Result<Transition, ServiceError> {
        let _guard = self.locks.lock(id.get()).await;
        self.apply_latest(id, |_| Ok(Command::Cancellation(ask.clone())))
            .await
    }

    /// Ends an unpaid request as the operator (the admin's
    /// `cancel-request`): a paid payment is refused, never refunded.
    pub async fn operator_end_request(&self, id: PaymentId) -> Result<Transition, ServiceError> {
        let ask = CancelAsk {
            amount: CancelAmount::Rest,
            unpaid_only: true,
            origin: CancelOrigin::Operator,
            memo: crate::operator::OPERATOR_MEMO.to_owned(),
        };
        self.cancel(id, ask).await
    }

    /// Refunds `amount` of a paid payment as the operator, or all that is
    /// left of it (decided on the payment as it is when the lock is held):
    /// the merchant's cancellation with another origin, so the protocol
    /// sends its usual cancel callbacks. An unpaid request is refused (that
    /// is [`App::operator_end_request`]).
    pub async fn operator_refund(
        &self,
        id: PaymentId,
        amount: Option<Won>,
    ) -> Result<Transition, ServiceError> {
        let _guard = self.locks.lock(id.get()).await;
        let decide = |p: &Payment| {
            Ok(Command::Cancellation(CancelAsk {
                amount: CancelAmount::Part(amount.unwrap_or_else(|| p.refundable())),
                unpaid_only: false,
                origin: CancelOrigin::Operator,
                memo: crate::operator::OPERATOR_MEMO.to_owned(),
            }))
        };
        self.apply_latest(id, decide).await
    }

    /// Registers a cancellation of a payment whose plain-cancel window has
    /// closed; it completes when the settlement is returned.
    pub async fn request_cancellation(
        &self,
        id: PaymentId,
        memo: String,
    ) -> Result<Payment, ServiceError> {
        let _guard = self.locks.lock(id.get()).await;
        let decide = |_: &Payment| Ok(Command::RequestCancellation { memo: memo.clone() });
        Ok(self.apply_latest(id, decide).await?.payment)
    }

    /// The seller returned the settled funds of a payment with a registered
    /// cancellation request: settle it first if the payout had not run yet
    /// (so the history shows the payout and its return), then cancel what
    /// is left.
    pub async fn return_settlement(&self, id: PaymentId) -> Result<Payment, ServiceError> {
        let _guard = self.locks.lock(id.get()).await;
        let payment = self.load(id).await?;
        if payment.cancel_request.is_none() {
            return Err(TransitionError::NoPendingRequest.into());
        }
        if !payment.is_settled() {
            match self.apply_latest(id, |_| Ok(Command::Settle)).await {
                // Another process may have paid it out meanwhile.
                Ok(_) | Err(ServiceError::Refused(TransitionError::AlreadySettled)) => {}
                Err(e) => return Err(e),
            }
        }
        let returned = |p: &Payment| {
            let request = p
                .cancel_request
                .clone()
                .ok_or(TransitionError::NoPendingRequest)?;
            Ok(Command::Cancel {
                amount: p.refundable(),
                origin: CancelOrigin::SettlementReturn,
                memo: request.memo,
            })
        };
        Ok(self.apply_latest(id, returned).await?.payment)
    }
}
