//! Scheduled events on the business clock: requests whose deadline passed
//! become `expired`, paid payments whose settlement is due are settled to
//! the seller, and each front end runs its own due work (iPay: escrow
//! orders decided (구매결정) and remitted (송금완료) when their periods run
//! out). All follow business time, so the sandbox clock can jump to them.

use crate::app::App;
use crate::error::ServiceError;
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

/// Runs everything due now. Returns how many payments changed.
pub async fn sweep(app: &App) -> Result<usize, ServiceError> {
    let now = app.now();
    let expiring = app.store.due_expirations(now, BATCH).await?;
    for payment in &expiring {
        let _guard = app.locks.lock(payment.id.get()).await;
        app.expire(payment).await?;
    }
    let settling = app.store.due_settlements(now, BATCH).await?;
    for payment in &settling {
        let _guard = app.locks.lock(payment.id.get()).await;
        app.settle(payment).await?;
    }
    let mut own = 0;
    for front in app.front_ends.all() {
        own += front.due_work(app, BATCH).await?;
    }
    Ok(expiring.len() + settling.len() + own)
}
