//! Expiry: requests whose deadline passed (by business time, so the sandbox
//! clock can jump there) become `expired`, with the protocol's notification.

use crate::app::App;
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
            tracing::warn!(error = %e, "expiry sweep failed");
        }
    }
}

/// Expires everything due now. Returns how many were expired.
pub async fn sweep(app: &App) -> Result<usize, gyeolje_store::StoreError> {
    let due = app.store.due_expirations(app.now(), BATCH).await?;
    for payment in &due {
        let _guard = app.locks.lock(payment.id.get()).await;
        app.expire(payment).await?;
    }
    Ok(due.len())
}
