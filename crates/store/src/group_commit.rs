//! Group commit: many concurrent commits share one transaction and one sync.
//!
//! A durable commit costs a disk sync (SQLite `synchronous=FULL`) or a WAL
//! flush (PostgreSQL). Done one request at a time, the sync rate caps the
//! request rate. So each store has one writer task: `commit` hands it the
//! change and waits; the task takes the first change it is given plus every
//! other change already queued (up to [`MAX_BATCH`]), applies each inside its
//! own savepoint — one change's conflict rolls back that change alone — and
//! commits the lot once. Every caller is answered only after that commit, so
//! an acknowledged write is still a durable one. Under light load a batch is
//! one change and nothing waits for company. SQLite has one writer (it has
//! one write lock anyway: a thread of its own, see `sqlite_writer`);
//! PostgreSQL several, each on its own connection, so one batch's round trips
//! overlap another's commit.
//!
//! Leases and id blocks are writes too, so they queue here as well: on SQLite
//! a second writing connection would wait on the write lock (sleeping in
//! SQLite's busy handler) whenever a batch is being written.

use crate::error::StoreError;
use crate::param::Param;
use gyeolje_core::{AttemptRecord, Change, Lease, NextStep, OutboxId, Timestamp};
use std::ops::Range;
use tokio::sync::{mpsc, oneshot};

/// Most changes in one transaction.
pub(crate) const MAX_BATCH: usize = 256;
/// How many changes may wait for the writer before `commit` itself waits.
const QUEUE: usize = 4096;

/// What the writer is asked to write: a command's change, or a delivery
/// attempt (so a drain of many callbacks shares syncs too).
pub(crate) enum Work {
    Change {
        change: Box<Change>,
        now: Timestamp,
    },
    Attempt {
        lease_id: OutboxId,
        token: i64,
        attempt: Box<AttemptRecord>,
        next: NextStep,
    },
    Lease(LeaseRequest),
    /// Leased messages handed back unattempted (see `Store::release_leases`).
    Release(ReleaseRequest),
    /// `count` consecutive ids of the named sequence.
    ReserveIds {
        sequence: String,
        count: i64,
    },
    /// One statement of a table outside the payment core (the simulated
    /// acquirer's approvals), queued here so it shares a batch's sync
    /// instead of costing one of its own on the request path.
    Exec {
        sql: &'static str,
        params: Vec<Param<'static>>,
    },
}

/// A lease of up to `limit` due messages (see `Store::lease_outbox`).
pub(crate) struct LeaseRequest {
    pub until: Timestamp,
    pub token: i64,
    pub worker: String,
    pub business_now: Timestamp,
    pub wall_now: Timestamp,
    pub limit: u32,
    /// Whose messages, on whose clock `business_now` is.
    pub clock: crate::clocks::ClockScope,
}

/// Leases handed back unattempted, each due no earlier than `not_before`.
pub(crate) struct ReleaseRequest {
    pub leases: Vec<(OutboxId, i64)>,
    pub not_before: Timestamp,
}

/// What the writer answers: the new outbox ids of a change, or whether an
/// attempt's lease was still held.
pub(crate) enum Done {
    Ids(Vec<OutboxId>),
    Recorded(bool),
    Leased(Vec<Lease>),
    Released(u64),
    Range(Range<i64>),
    /// How many rows an [`Work::Exec`] changed.
    Rows(u64),
}

impl Done {
    fn wrong_kind() -> StoreError {
        StoreError::Database("the database writer answered the wrong kind of job".into())
    }

    pub fn ids(self) -> Result<Vec<OutboxId>, StoreError> {
        match self {
            Done::Ids(ids) => Ok(ids),
            _ => Err(Self::wrong_kind()),
        }
    }

    pub fn recorded(self) -> Result<bool, StoreError> {
        match self {
            Done::Recorded(kept) => Ok(kept),
            _ => Err(Self::wrong_kind()),
        }
    }

    pub fn leased(self) -> Result<Vec<Lease>, StoreError> {
        match self {
            Done::Leased(leases) => Ok(leases),
            _ => Err(Self::wrong_kind()),
        }
    }

    pub fn released(self) -> Result<u64, StoreError> {
        match self {
            Done::Released(n) => Ok(n),
            _ => Err(Self::wrong_kind()),
        }
    }

    pub fn range(self) -> Result<Range<i64>, StoreError> {
        match self {
            Done::Range(range) => Ok(range),
            _ => Err(Self::wrong_kind()),
        }
    }

    pub fn rows(self) -> Result<u64, StoreError> {
        match self {
            Done::Rows(n) => Ok(n),
            _ => Err(Self::wrong_kind()),
        }
    }
}

pub(crate) type Reply = oneshot::Sender<Result<Done, StoreError>>;

/// One piece of work waiting to be committed.
pub(crate) struct Job {
    pub work: Work,
    pub reply: Reply,
}

pub(crate) type Queue = mpsc::Sender<Job>;

/// The receiving side, shared when several writers drain one queue
/// (PostgreSQL, where each writer has its own connection).
pub(crate) type Jobs = std::sync::Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>;

/// The queue and its one receiving end (for a writer thread of its own).
pub(crate) fn channel() -> (Queue, mpsc::Receiver<Job>) {
    mpsc::channel(QUEUE)
}

/// The queue and a receiving end several writer tasks can share.
pub(crate) fn queue() -> (Queue, Jobs) {
    let (tx, rx) = channel();
    (tx, std::sync::Arc::new(tokio::sync::Mutex::new(rx)))
}

/// Hands work to the writer and waits until it is committed (or refused).
pub(crate) async fn submit(queue: &Queue, work: Work) -> Result<Done, StoreError> {
    let (reply, answer) = oneshot::channel();
    queue
        .send(Job { work, reply })
        .await
        .map_err(|_| StoreError::Unavailable("the database writer has stopped".into()))?;
    answer.await.map_err(|_| {
        StoreError::Unavailable("the database writer stopped before committing".into())
    })?
}

/// The next batch: waits for one job, then takes what else is already queued.
/// `None` once every sender is gone. One writer at a time takes a batch; the
/// others wait their turn while it commits.
pub(crate) async fn next_batch(jobs: &Jobs) -> Option<Vec<Job>> {
    let mut rx = jobs.lock().await;
    let first = rx.recv().await?;
    Some(with_queued(first, &mut rx))
}

/// The next batch for a writer thread: blocks for one job, then takes what
/// else is already queued. `None` once every sender is gone.
pub(crate) fn next_batch_blocking(rx: &mut mpsc::Receiver<Job>) -> Option<Vec<Job>> {
    let first = rx.blocking_recv()?;
    Some(with_queued(first, rx))
}

/// `first` and every job already queued behind it, up to [`MAX_BATCH`].
fn with_queued(first: Job, rx: &mut mpsc::Receiver<Job>) -> Vec<Job> {
    let mut batch = vec![first];
    while batch.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    batch
}

/// What writing a batch came to.
pub(crate) enum Written {
    /// Committed (or, for a lone job that failed, rolled back): each job's outcome in order.
    Committed(Vec<Result<Done, StoreError>>),
    /// A job failed in an optimistic pass; nothing was written.
    RetryIsolated,
}

/// Answers every caller of a batch: its own outcome after a commit, or the
/// failure that stopped the whole transaction.
pub(crate) fn answer(batch: Vec<Job>, written: Result<Written, StoreError>) {
    match written {
        Ok(Written::Committed(outcomes)) => {
            for (job, outcome) in batch.into_iter().zip(outcomes) {
                let _ = job.reply.send(outcome);
            }
        }
        Ok(Written::RetryIsolated) => {
            let e = StoreError::Database("a batch was not written".into());
            for job in batch {
                let _ = job.reply.send(Err(shared(&e)));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, jobs = batch.len(), "a group commit failed");
            for job in batch {
                let _ = job.reply.send(Err(shared(&e)));
            }
        }
    }
}

/// A failure shared by every change of a batch (the transaction could not
/// begin or commit), restated for each caller.
pub(crate) fn shared(e: &StoreError) -> StoreError {
    match e {
        StoreError::Conflict(m) => StoreError::Conflict(m.clone()),
        StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
        StoreError::Corrupt(m) => StoreError::Corrupt(m.clone()),
        StoreError::Config(m) => StoreError::Config(m.clone()),
        StoreError::Missing(m) => StoreError::Missing(m.clone()),
        StoreError::Database(m) => StoreError::Database(m.clone()),
    }
}
