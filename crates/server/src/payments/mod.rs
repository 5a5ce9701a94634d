//! What buyers and merchants do to a payment, independent of protocol:
//! pay it ([`pay`]), cancel it ([`cancel`]), let it expire or settle.
//!
//! Each operation loads the payment, asks the core whether the command is
//! allowed, collects the protocol's notifications for the resulting event,
//! and commits all of it in one transaction. Operations on one payment are
//! queued in-process ([`crate::locks`]) and version-checked in the store, so
//! no payment is charged twice or refunded beyond what was paid.

pub mod cancel;
pub mod pay;

pub use cancel::{CancelError, CancelInput};
pub use pay::{PayError, PayInput, PayOutcome};

use crate::app::App;
use gyeolje_core::{Change, Command, Payment, PaymentId, Protocol, TransitionError};
use gyeolje_store::StoreError;

impl App {
    /// Commits `command` on `payment` together with the protocol's
    /// notifications for the resulting event.
    pub(crate) async fn apply(
        &self,
        payment: &Payment,
        command: Command,
    ) -> Result<Result<Payment, TransitionError>, StoreError> {
        let now = self.now();
        let mut transition = match payment.handle(command, now) {
            Ok(t) => t,
            Err(e) => return Ok(Err(e)),
        };
        let merchant = self
            .store
            .merchant(payment.merchant_id)
            .await?
            .ok_or_else(|| {
                StoreError::Corrupt(format!("payment {} has no merchant", payment.id))
            })?;
        // iPay carts grow escrow orders from their payment's events.
        let escrow = match payment.protocol {
            Protocol::Ipay => crate::ipay::escrow::on_payment_event(self, &mut transition).await?,
            Protocol::PayApp | Protocol::InnoPay => Default::default(),
        };
        let mut messages =
            crate::notify::messages_for(self, &merchant, &transition.payment, &transition.event);
        messages.extend(escrow.messages);
        let queued = !messages.is_empty();
        let next = transition.payment.clone();
        self.store
            .commit(
                Change::transition(payment.version, transition)
                    .with_outbox(messages)
                    .with_orders(escrow.orders),
                now,
            )
            .await?;
        if queued {
            self.wake.notify_one();
        }
        Ok(Ok(next))
    }

    pub(crate) async fn load(&self, id: PaymentId) -> Result<Option<Payment>, StoreError> {
        self.store.payment(id).await
    }

    /// Pays a due payment out to the seller.
    pub async fn settle(&self, payment: &Payment) -> Result<(), StoreError> {
        match self.apply(payment, Command::Settle).await {
            Ok(_) | Err(StoreError::Conflict(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Ends a request whose deadline has passed.
    pub async fn expire(&self, payment: &Payment) -> Result<(), StoreError> {
        match self.apply(payment, Command::Expire).await {
            Ok(_) | Err(StoreError::Conflict(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
