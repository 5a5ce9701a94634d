//! Deposit faults: the next virtual-account deposit of a merchant arrives
//! after the account's deadline.
//!
//! The bank closed the account at its deadline, so the deposit is refused
//! and goes back to the buyer. What a late deposit finds is what the
//! deadline sweep leaves: the request ended (`expired`) as of the deadline,
//! with each protocol's own effects of that (PayApp's `pay_state=10`
//! feedback, iPay's orders ending 입금기한만료). The buyer's business clock
//! is not moved: only this payment is treated as late.

use crate::app::App;
use crate::error::ServiceError;
use gyeolje_core::{Command, FaultTarget, PaymentId};

impl App {
    /// Whether a late-deposit fault fired for payment `id`; if so, the
    /// request has been ended as of its deadline and the deposit must be
    /// refused as expired. Only a deposit that would otherwise be taken (an
    /// account awaiting it, before its deadline) consumes a fault. The
    /// caller holds the payment's lock.
    pub(crate) async fn deposit_arrives_late(&self, id: PaymentId) -> Result<bool, ServiceError> {
        if !self.config.sandbox {
            return Ok(false);
        }
        let payment = self.load(id).await?;
        if payment
            .check_depositable(self.now_for(payment.merchant_id))
            .is_err()
        {
            return Ok(false);
        }
        if self
            .take_fault(payment.merchant_id, FaultTarget::Deposit)
            .await
            .is_none()
        {
            return Ok(false);
        }
        let deadline = payment.expires_at;
        match self
            .apply_at(&payment, Command::Expire, Some(deadline))
            .await
        {
            // Another process moved the payment on first: the deposit is
            // still refused, and the payment is where that process left it.
            Ok(_) | Err(ServiceError::Conflict(_) | ServiceError::Refused(_)) => Ok(true),
            Err(e) => Err(e),
        }
    }
}
