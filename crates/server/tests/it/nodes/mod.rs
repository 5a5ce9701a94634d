//! Issue 17.4: three `gyeolje` processes on one PostgreSQL database, with the
//! test spreading requests over them round-robin as a load balancer would —
//! every protocol's flow crossing nodes, and one node SIGKILLed under load
//! and restarted. PostgreSQL only (several processes on one SQLite file is
//! not a supported deployment); skipped, saying so, without
//! `GYEOLJE_TEST_POSTGRES_URL`.

mod flows;
mod kill;

use crate::support::eventually;
use crate::support::process::{Api, GyeoljeProcess};
use gyeolje_core::{OutboxRecord, OutboxState};
use gyeolje_store::Store;
use gyeolje_store::testing::TestDatabase;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

pub const CARD: &str = "4242424242424242";

/// Short leases so a killed node's messages are retried within the test;
/// the lease still outlasts the callback timeout, as docs/deployment.md asks.
pub const FLAGS: [&str; 4] = ["--lease-secs", "3", "--callback-timeout-secs", "2"];

/// Three nodes and their database.
pub struct Cluster {
    pub nodes: Vec<GyeoljeProcess>,
    pub db: TestDatabase,
    pub store: Arc<dyn Store>,
}

impl Cluster {
    /// Starts three nodes at once on a fresh schema (all three migrate and
    /// seed concurrently), or `None` when PostgreSQL is not configured.
    pub async fn start(name: &str) -> Option<Cluster> {
        let db = TestDatabase::postgres(name).await?;
        let (a, b, c) = tokio::join!(
            GyeoljeProcess::start("A", &db.url, &FLAGS),
            GyeoljeProcess::start("B", &db.url, &FLAGS),
            GyeoljeProcess::start("C", &db.url, &FLAGS),
        );
        let store = gyeolje_store::open(&db.url).await.unwrap();
        Some(Cluster {
            nodes: vec![a, b, c],
            db,
            store,
        })
    }

    /// Node `i` modulo three: the round-robin a test spreads requests with.
    pub fn node(&self, i: usize) -> Api {
        self.nodes[i % self.nodes.len()].api()
    }

    /// Which node a delivery attempt's `worker` (`<pid>-…`) belongs to.
    pub fn node_of_worker(&self, worker: &str, pids: &BTreeMap<u32, String>) -> String {
        let pid: u32 = worker
            .split('-')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("attempt by an unnamed worker {worker}"));
        pids.get(&pid)
            .cloned()
            .unwrap_or_else(|| panic!("attempt by worker {worker} of no node of this test"))
    }

    pub async fn stop(self) {
        for node in &self.nodes {
            node.sigterm();
        }
        for mut node in self.nodes {
            let status = node.wait_exit(Duration::from_secs(15)).await;
            assert!(status.success(), "{}: {status:?}", node.name);
        }
        drop(self.store);
        self.db.cleanup().await;
    }
}

/// Every outbox message of `kind`, once none is pending any more.
pub async fn settled(store: &dyn Store, kind: &str, expected: usize) -> Vec<OutboxRecord> {
    eventually(
        &format!("{expected} {kind} message(s) settled"),
        Duration::from_secs(30),
        || async {
            let rows = crate::support::outbox::stored_of_kind(store, kind, None).await;
            (rows.len() == expected && rows.iter().all(|r| r.state != OutboxState::Pending))
                .then_some(rows)
        },
    )
    .await
}

/// Checks what "no attempt delivered concurrently by two nodes" leaves in
/// the store: each message is delivered, its attempts are numbered without
/// repeats, and each attempt was made by one worker of a known node.
/// Returns how many attempts each node made.
pub async fn assert_delivered_once_each(
    cluster: &Cluster,
    rows: &[OutboxRecord],
    pids: &BTreeMap<u32, String>,
) -> BTreeMap<String, usize> {
    let mut by_node = BTreeMap::new();
    for r in rows {
        assert_eq!(r.state, OutboxState::Delivered, "{r:?}");
        let attempts = cluster.store.attempts(r.id).await.unwrap();
        let mut numbers: Vec<u32> = attempts.iter().map(|a| a.attempt_no).collect();
        numbers.dedup();
        assert_eq!(
            numbers.len(),
            attempts.len(),
            "an attempt number twice: {attempts:?}"
        );
        assert_eq!(
            attempts.iter().filter(|a| a.succeeded).count(),
            1,
            "message {} succeeded more than once or never: {attempts:?}",
            r.id
        );
        for a in &attempts {
            *by_node
                .entry(cluster.node_of_worker(&a.worker, pids))
                .or_insert(0) += 1;
        }
    }
    by_node
}
