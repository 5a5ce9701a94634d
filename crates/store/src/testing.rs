//! Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL
//! schema on the server `GYEOLJE_TEST_POSTGRES_URL` names. Shared by this
//! crate's storage stories and the server's integration tests, behind the
//! `testing` feature (with `tempfile`) so the server binary carries neither.
//!
//! Without the variable the PostgreSQL variants say they were skipped and
//! return `None`; with `CI=true` and no variable they fail instead, so CI can
//! never pass them silently.

use sqlx::AssertSqlSafe;
use std::sync::atomic::{AtomicU64, Ordering};

/// The variable naming the PostgreSQL server tests may use.
pub const POSTGRES_ENV: &str = "GYEOLJE_TEST_POSTGRES_URL";

/// A database that exists for one test and is removed afterwards.
pub struct TestDatabase {
    /// The URL to open (and to pass to `gyeolje serve --database`).
    pub url: String,
    postgres: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    /// An SQLite file in a fresh temporary directory.
    pub fn sqlite() -> std::io::Result<TestDatabase> {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}/gyeolje.db", dir.path().display());
        Ok(TestDatabase {
            url,
            postgres: None,
            _dir: Some(dir),
        })
    }

    /// A fresh schema on the test PostgreSQL server, or `None` (after saying
    /// so on stderr) when none is configured outside CI.
    ///
    /// # Panics
    /// When running under CI without a configured server, or when the server
    /// cannot be reached: a test that needs PostgreSQL must not pass without it.
    pub async fn postgres(label: &str) -> Option<TestDatabase> {
        let Ok(base) = std::env::var(POSTGRES_ENV) else {
            assert!(
                !std::env::var("CI").is_ok_and(|v| v == "true"),
                "{POSTGRES_ENV} must be set in CI"
            );
            // Written to stderr directly: the test harness captures `eprintln!`,
            // and a skip must be seen.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {label} needs PostgreSQL (set {POSTGRES_ENV})"
            );
            return None;
        };
        static N: AtomicU64 = AtomicU64::new(0);
        let schema = format!(
            "t_{label}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        )
        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_")
        .to_ascii_lowercase();
        let admin = sqlx::PgPool::connect(&base)
            .await
            .expect("connect to the test PostgreSQL");
        for sql in [
            format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
            format!("CREATE SCHEMA {schema}"),
        ] {
            sqlx::query(AssertSqlSafe(sql))
                .execute(&admin)
                .await
                .expect("create test schema");
        }
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        Some(TestDatabase {
            url,
            postgres: Some((base, schema)),
            _dir: None,
        })
    }

    /// Drops a PostgreSQL test schema (SQLite files go with their directory).
    pub async fn cleanup(self) {
        if let Some((base, schema)) = &self.postgres
            && let Ok(admin) = sqlx::PgPool::connect(base).await
        {
            let _ = sqlx::query(AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                .execute(&admin)
                .await;
            admin.close().await;
        }
    }
}
