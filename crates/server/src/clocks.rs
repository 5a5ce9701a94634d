//! Per-merchant test clocks: business time for one merchant's payments.
//!
//! A merchant may have its own business clock (Stripe's test clocks are the
//! model): once created it is independent of the shared clock — its own
//! forward-only offset from the OS time, created at the shared clock's time
//! by the first advance. A merchant without one follows the shared clock.
//! Everything done for a merchant's payments (creation, paying, cancelling,
//! expiry, deposit deadlines, settlement, callback retry times, escrow
//! decisions) asks [`App::now_for`]; global things (sessions, throttles,
//! metrics, leases) stay on the shared clock or the wall clock.
//!
//! Where the offsets come from: the store remembers every offset it has
//! seen (`gyeolje_store::clocks`). A payment read joins the merchant's
//! clock, so a command on a payment always runs at the time its clock has
//! in the database — after an advance on one node returns, a command on
//! another node uses the advanced time, without a query of its own. The
//! workers re-read the whole (small) table once a second, as they do the
//! shared offset. A merchant without its own clock costs one hash lookup.

use crate::app::App;
use gyeolje_core::{MerchantId, OutboxId, Timestamp};
use gyeolje_store::{ClockScope, StoreError};

/// One merchant's clock as the sandbox shows it.
#[derive(Clone, Copy, Debug)]
pub struct ClockReading {
    pub merchant: MerchantId,
    /// Whether the merchant has a clock of its own (else it follows the
    /// shared clock).
    pub own: bool,
    pub now: Timestamp,
    /// The clock's offset from the OS time.
    pub offset_ms: i64,
}

impl App {
    /// Business time for `merchant`'s payments: its own clock if it has
    /// one, otherwise the shared clock.
    pub fn now_for(&self, merchant: MerchantId) -> Timestamp {
        match self.store.known_clock(merchant) {
            None => self.now(),
            Some(offset) => self.clock.at_offset(merchant.get(), offset),
        }
    }

    /// Business time on the clock of `scope` (the shared clock for
    /// [`ClockScope::All`] and [`ClockScope::Shared`]).
    pub fn now_in(&self, scope: ClockScope) -> Timestamp {
        match scope {
            ClockScope::All | ClockScope::Shared => self.now(),
            ClockScope::Merchant(m) => self.now_for(m),
        }
    }

    /// `merchant`'s clock as this process sees it.
    pub fn clock_of(&self, merchant: MerchantId) -> ClockReading {
        let own = self.store.known_clock(merchant);
        ClockReading {
            merchant,
            own: own.is_some(),
            now: self.now_for(merchant),
            offset_ms: own.unwrap_or_else(|| self.clock.offset_ms()),
        }
    }

    /// The clocks due work runs on, each with its scope and its time now:
    /// one sweep of everything while no merchant has a clock of its own
    /// (today's queries); otherwise the shared clock's merchants and each
    /// own clock apart.
    pub fn due_clocks(&self) -> Vec<(ClockScope, Timestamp)> {
        if !self.store.any_known_clock() {
            return vec![(ClockScope::All, self.now())];
        }
        let mut clocks = vec![(ClockScope::Shared, self.now())];
        for m in self.store.known_clocks() {
            clocks.push((ClockScope::Merchant(m), self.now_for(m)));
        }
        clocks
    }

    /// Makes message `id` due again now on its merchant's clock (the
    /// shared one for a message without a payment); false if there is no
    /// such message.
    pub async fn replay(&self, id: OutboxId) -> Result<bool, StoreError> {
        let Some(record) = self.store.outbox_get(id).await? else {
            return Ok(false);
        };
        let now = match record.message.payment_id {
            // The payment read brings its merchant's clock.
            Some(p) => match self.store.payment(p).await? {
                Some(payment) => self.now_for(payment.merchant_id),
                None => self.now(),
            },
            None => self.now(),
        };
        self.store.replay(id, now).await
    }

    /// Picks up the clock offsets other processes stored: the shared one
    /// and every merchant's.
    pub async fn refresh_clock(&self) -> Result<(), StoreError> {
        if let Some(ms) = self.store.setting(crate::app::CLOCK_OFFSET_SETTING).await? {
            self.clock.set_offset_ms(ms);
        }
        self.store.merchant_clocks().await?;
        Ok(())
    }

    /// Moves `merchant`'s own clock forward by `seconds`, creating it at
    /// the shared clock's current time if it has none; returns its new time.
    pub async fn advance_merchant_clock(
        &self,
        merchant: MerchantId,
        seconds: u64,
    ) -> Result<Timestamp, StoreError> {
        self.refresh_clock().await?;
        let delta = i64::try_from(seconds)
            .unwrap_or(i64::MAX)
            .saturating_mul(1000);
        self.store
            .advance_merchant_clock(merchant, self.clock.offset_ms(), delta)
            .await?;
        self.wake.notify_one();
        Ok(self.now_for(merchant))
    }
}
