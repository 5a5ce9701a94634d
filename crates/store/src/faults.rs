//! Storage of the sandbox's armed faults (see `gyeolje_core::fault`).
//!
//! Kept apart from [`Store`](crate::Store)'s payment core: faults are the
//! sandbox's control data, never part of a payment's change. What matters
//! is that every process on the database sees the same faults and that a
//! firing is taken exactly once: [`FaultStore::take_fault`] is a
//! conditional decrement, so of several processes racing for a fault's last
//! firing exactly one gets it. The hot paths first ask the cheap
//! [`FaultStore::fault_armed`] / [`FaultStore::armed_faults`] reads (an
//! empty partial index when nothing is armed) and write only when
//! something is.
//!
//! The trait is defined here and implemented for both backends in
//! `faults_sql`, so that [`Store`](crate::Store), which names it as a
//! supertrait, does not depend on the generic implementation.

use crate::error::StoreError;
use async_trait::async_trait;
use gyeolje_core::{ArmedFault, FaultTarget, MerchantId, NewFault, Timestamp};

/// The sandbox's armed faults.
#[async_trait]
pub trait FaultStore: Send + Sync {
    /// Arms `fault` (it fires `count` times); returns it as stored.
    async fn arm_fault(&self, fault: &NewFault, now: Timestamp) -> Result<ArmedFault, StoreError>;

    /// The merchant's faults, spent ones included, oldest first.
    async fn faults(&self, merchant: MerchantId) -> Result<Vec<ArmedFault>, StoreError>;

    /// Forgets every fault of the merchant; returns how many there were.
    async fn disarm_faults(&self, merchant: MerchantId) -> Result<u64, StoreError>;

    /// Whether a fault of `target` is armed for the merchant: one read of
    /// an index that holds only live faults.
    async fn fault_armed(
        &self,
        merchant: MerchantId,
        target: FaultTarget,
    ) -> Result<bool, StoreError>;

    /// Every merchant and target with a live fault (an empty list, from an
    /// empty index, when nothing is armed).
    async fn armed_faults(&self) -> Result<Vec<(MerchantId, FaultTarget)>, StoreError>;

    /// Takes one firing of the merchant's oldest live fault of `target`:
    /// `None` if none is left. Race-safe across processes: each firing is
    /// taken by exactly one caller.
    async fn take_fault(
        &self,
        merchant: MerchantId,
        target: FaultTarget,
    ) -> Result<Option<ArmedFault>, StoreError>;
}
