//! The one way to create and the one way to change a payment.

use super::refund;
use crate::app::App;
use crate::error::ServiceError;
use gyeolje_core::{
    AttemptRecord, Change, Command, EventRecord, Merchant, MerchantId, NewPayment, OutboxId,
    OutboxMessage, Payment, PaymentId, Protocol, Transition,
};
use gyeolje_store::StoreError;

/// What a front end decided at creation time besides the first event's
/// effects: messages to queue (a request SMS) and messages already
/// delivered before the commit (a synchronous creation callback).
#[derive(Debug, Default)]
pub struct Extra {
    pub messages: Vec<OutboxMessage>,
    pub delivered: Vec<(OutboxMessage, AttemptRecord)>,
}

impl App {
    /// A new payment and its first event at business time now, not yet
    /// written: the front end may act on it (send a creation callback)
    /// before [`App::create`] commits it.
    pub fn draft(&self, new: NewPayment) -> (Payment, EventRecord) {
        let now = self.now_for(new.merchant_id);
        Payment::create(new, now)
    }

    /// The next payment number.
    pub async fn next_payment_id(&self) -> Result<PaymentId, ServiceError> {
        Ok(self.ids.next_payment_id(&*self.store).await?)
    }

    /// Commits a drafted payment with what its front end makes of its first
    /// event and `extra`. A payment whose merchant order number is taken is
    /// [`ServiceError::Conflict`].
    pub async fn create(
        &self,
        merchant: &Merchant,
        (payment, event): (Payment, EventRecord),
        extra: Extra,
    ) -> Result<Payment, ServiceError> {
        let effects = self
            .front_end(payment.protocol)
            .effects(self, merchant, &payment, &event)
            .await?;
        let change = Change {
            delivered: extra.delivered,
            ..Change::create(payment.clone(), event)
                .with_outbox(effects.messages)
                .with_outbox(extra.messages)
                .with_orders(effects.orders)
        };
        self.commit(payment.merchant_id, change).await?;
        Ok(payment)
    }

    /// Decides `command` on `payment` and commits the transition with what
    /// the payment's front end makes of it. The caller holds the payment's
    /// lock ([`crate::locks`]).
    pub async fn apply(
        &self,
        payment: &Payment,
        command: Command,
    ) -> Result<Transition, ServiceError> {
        let front = self.front_end(payment.protocol);
        let attachment = front.attach(self, payment, &command).await?;
        let now = self.now_for(payment.merchant_id);
        let transition = payment.handle_attached(command, attachment, now)?;
        let merchant = self.merchant_of(payment).await?;
        let effects = front
            .effects(self, &merchant, &transition.payment, &transition.event)
            .await?;
        let change = Change::transition(payment.version, transition.clone())
            .with_outbox(effects.messages)
            .with_orders(effects.orders);
        self.commit(payment.merchant_id, change).await?;
        Ok(transition)
    }

    /// Writes `change` (of one of `merchant`'s payments, at the merchant's
    /// business time) in one transaction, with the refunds its
    /// cancellations owe, and wakes the delivery worker exactly when the
    /// change queued messages.
    pub async fn commit(
        &self,
        merchant: MerchantId,
        mut change: Change,
    ) -> Result<Vec<OutboxId>, ServiceError> {
        let refunds = refund::owed(&change);
        change.outbox.extend(refunds);
        let queued = !change.outbox.is_empty();
        let ids = self.store.commit(change, self.now_for(merchant)).await?;
        if queued {
            self.wake.notify_one();
        }
        Ok(ids)
    }

    /// The payment `id`, if it is `merchant`'s and of `protocol`: the one
    /// lookup of "this caller's payment". Another merchant's payment and one
    /// that does not exist look the same, so merchants cannot probe each
    /// other's numbers.
    pub async fn own_payment(
        &self,
        merchant: MerchantId,
        protocol: Protocol,
        id: PaymentId,
    ) -> Result<Option<Payment>, StoreError> {
        Ok(self
            .store
            .payment(id)
            .await?
            .filter(|p| p.merchant_id == merchant && p.protocol == protocol))
    }

    pub(crate) async fn load(&self, id: PaymentId) -> Result<Payment, ServiceError> {
        self.store.payment(id).await?.ok_or(ServiceError::NotFound)
    }

    /// The merchant a payment belongs to.
    pub async fn merchant_of(&self, payment: &Payment) -> Result<Merchant, ServiceError> {
        self.store
            .merchant(payment.merchant_id)
            .await?
            .ok_or_else(|| {
                ServiceError::Store(StoreError::Corrupt(format!(
                    "payment {} has no merchant",
                    payment.id
                )))
            })
    }

    /// Pays a due payment out to the seller. A payment that moved on
    /// meanwhile (another process settled or cancelled it) is left alone.
    pub async fn settle(&self, payment: &Payment) -> Result<(), ServiceError> {
        self.scheduled(payment, Command::Settle).await
    }

    /// Ends a request whose deadline has passed, unless it moved on meanwhile.
    pub async fn expire(&self, payment: &Payment) -> Result<(), ServiceError> {
        self.scheduled(payment, Command::Expire).await
    }

    /// Scheduled work found `payment` due; by the time it runs the payment
    /// may have moved on (a conflict, or a state that refuses the command),
    /// which is not a failure of the sweep.
    async fn scheduled(&self, payment: &Payment, command: Command) -> Result<(), ServiceError> {
        match self.apply(payment, command).await {
            Ok(_) | Err(ServiceError::Conflict(_) | ServiceError::Refused(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
