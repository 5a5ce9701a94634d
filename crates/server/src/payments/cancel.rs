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
    CancelAsk, CancelOrigin, Command, Payment, PaymentId, Transition, TransitionError,
};

impl App {
    /// Cancels a request before payment, or (part of) a payment after it,
    /// as `ask` asks. The transition's event says what happened and when.
    pub async fn cancel(&self, id: PaymentId, ask: CancelAsk) -> Result<Transition, ServiceError> {
        let _guard = self.locks.lock(id.get()).await;
        let payment = self.load(id).await?;
        self.apply(&payment, Command::Cancellation(ask)).await
    }

    /// Registers a cancellation of a payment whose plain-cancel window has
    /// closed; it completes when the settlement is returned.
    pub async fn request_cancellation(
        &self,
        id: PaymentId,
        memo: String,
    ) -> Result<Payment, ServiceError> {
        let _guard = self.locks.lock(id.get()).await;
        let payment = self.load(id).await?;
        Ok(self
            .apply(&payment, Command::RequestCancellation { memo })
            .await?
            .payment)
    }

    /// The seller returned the settled funds of a payment with a registered
    /// cancellation request: settle it first if the payout had not run yet
    /// (so the history shows the payout and its return), then cancel what
    /// is left.
    pub async fn return_settlement(&self, id: PaymentId) -> Result<Payment, ServiceError> {
        let _guard = self.locks.lock(id.get()).await;
        let mut payment = self.load(id).await?;
        let Some(request) = payment.cancel_request.clone() else {
            return Err(TransitionError::NoPendingRequest.into());
        };
        if !payment.is_settled() {
            payment = self.apply(&payment, Command::Settle).await?.payment;
        }
        let command = Command::Cancel {
            amount: payment.refundable(),
            origin: CancelOrigin::SettlementReturn,
            memo: request.memo,
        };
        Ok(self.apply(&payment, command).await?.payment)
    }
}
