//! Scheduled events on the business clock: requests whose deadline passed
//! become `expired`, paid payments whose settlement is due are settled to
//! the seller, and each front end runs its own due work (iPay: escrow
//! orders decided (구매결정) and remitted (송금완료) when their periods run
//! out). All follow business time, so the sandbox clock can jump to them;
//! a merchant with its own clock is swept apart, at its own time.

use crate::app::App;
use crate::error::ServiceError;
use gyeolje_core::Timestamp;
use gyeolje_store::ClockScope;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

const SWEEP_EVERY: Duration = Duration::from_secs(1);
const BATCH: u32 = 200;

pub async fn run(app: App, stop: CancellationToken) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(SWEEP_EVERY) => {}
            _ = stop.cancelled() => return,
        }
        if let Err(e) = sweep(&app).await {
            tracing::warn!(error = %e, "scheduled sweep failed");
        }
    }
}

/// Runs everything due now, on every clock (see [`App::due_clocks`]).
/// Returns how many payments changed.
pub async fn sweep(app: &App) -> Result<usize, ServiceError> {
    let mut changed = 0;
    for (clock, now) in app.due_clocks() {
        changed += sweep_clock(app, clock, now).await?;
    }
    Ok(changed)
}

/// Runs what is due at `now` for the payments of `clock`'s merchants.
async fn sweep_clock(app: &App, clock: ClockScope, now: Timestamp) -> Result<usize, ServiceError> {
    let expiring = app.store.due_expirations(now, clock, BATCH).await?;
    for payment in &expiring {
        let _guard = app.locks.lock(payment.id.get()).await;
        app.expire(payment).await?;
    }
    let settling = app.store.due_settlements(now, clock, BATCH).await?;
    for payment in &settling {
        let _guard = app.locks.lock(payment.id.get()).await;
        app.settle(payment).await?;
    }
    let mut own = 0;
    for front in app.front_ends.all() {
        own += front.due_work(app, clock, now, BATCH).await?;
    }
    Ok(expiring.len() + settling.len() + own)
}
