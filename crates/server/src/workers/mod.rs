//! Background workers: outbox delivery and the scheduler (expiry, settlement,
//! each front end's own due work). Both stop when
//! the shutdown token fires; delivery first finishes (and records) the
//! attempts it has in flight, so the outbox is left consistent.

pub mod delivery;
pub mod lanes;
pub mod schedule;

use crate::app::App;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// Starts every worker; they run until `stop` is cancelled.
pub fn spawn(app: &App, stop: &CancellationToken) -> JoinSet<()> {
    let mut set = JoinSet::new();
    set.spawn(delivery::run(app.clone(), stop.clone()));
    set.spawn(schedule::run(app.clone(), stop.clone()));
    set
}
