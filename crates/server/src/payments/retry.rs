//! Version conflicts between processes, retried inside the server.
//!
//! Several processes on one PostgreSQL database serialise commands on a
//! payment by its version: a commit whose expected version moved is refused
//! (`ServiceError::Conflict`). Within one process the payment lock queues
//! commands, so a conflict means another process committed first — nothing
//! the caller did wrong. A command that is decided from the payment alone
//! (a cancellation, a cancellation request, a deposit) is therefore decided
//! again on the fresh payment, after a short random wait, a bounded number
//! of times; only a conflict that outlasts the bound reaches the caller as
//! the protocol's temporary error. Commands that asked the outside world
//! first (paying: the acquirer has approved) are not retried here; they
//! void their approval instead (see `pay.rs`).

use crate::app::App;
use crate::error::ServiceError;
use gyeolje_core::{Command, Payment, PaymentId, Transition};
use rand::RngExt;
use std::time::Duration;

/// Tries in all, the first included.
pub const ATTEMPTS: u32 = 12;

/// The longest wait between two tries; waits grow from 2 ms and are
/// random below their bound, so racing processes spread out.
const MAX_WAIT: Duration = Duration::from_millis(100);

/// The random wait before try `n + 1` (`n` ≥ 1 tries failed).
fn wait_after(n: u32) -> Duration {
    let bound = Duration::from_millis(2u64 << n.min(6)).min(MAX_WAIT);
    let ms = rand::rng().random_range(1..=bound.as_millis().max(1) as u64);
    Duration::from_millis(ms)
}

impl App {
    /// Applies the command `decide` makes of payment `id` as it is now,
    /// deciding again on the fresh payment when another process changed it
    /// first (at most [`ATTEMPTS`] times). The caller holds the payment's
    /// lock.
    pub async fn apply_latest(
        &self,
        id: PaymentId,
        mut decide: impl FnMut(&Payment) -> Result<Command, ServiceError>,
    ) -> Result<Transition, ServiceError> {
        let mut tries = 0;
        loop {
            tries += 1;
            let payment = self.load(id).await?;
            let command = decide(&payment)?;
            match self.apply(&payment, command).await {
                Err(ServiceError::Conflict(what)) if tries < ATTEMPTS => {
                    tracing::debug!(payment = %id, tries, %what, "another process changed the payment first; deciding again");
                    self.metrics.conflict_retries.inc();
                    tokio::time::sleep(wait_after(tries)).await;
                }
                Err(ServiceError::Conflict(what)) => {
                    tracing::warn!(payment = %id, tries, %what, "conflict persisted past the retry bound");
                    return Err(ServiceError::Conflict(what));
                }
                other => return other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_stay_bounded() {
        for n in 1..40 {
            let w = wait_after(n);
            assert!(w >= Duration::from_millis(1) && w <= MAX_WAIT, "{n}: {w:?}");
        }
        assert!(wait_after(1) <= Duration::from_millis(4));
    }
}
