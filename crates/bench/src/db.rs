//! Fresh databases for each scenario, and the callback backlog written
//! straight into the outbox.

use sqlx::AssertSqlSafe;
use std::sync::atomic::{AtomicU64, Ordering};

/// A database that exists for one scenario.
pub struct FreshDb {
    pub url: String,
    /// The PostgreSQL server and the schema made for this scenario.
    postgres: Option<(String, String)>,
    /// The SQLite file's directory, which also holds the server's log.
    pub dir: tempfile::TempDir,
}

impl FreshDb {
    /// SQLite in a new temporary directory when `postgres` is `None`,
    /// otherwise a new schema on that server (like the tests' `TestDatabase`).
    pub async fn create(postgres: Option<&str>, label: &str) -> Result<FreshDb, String> {
        let dir = tempfile::Builder::new()
            .prefix("gyeolje-bench-")
            .tempdir()
            .map_err(|e| format!("temp dir: {e}"))?;
        let Some(base) = postgres else {
            let url = format!("sqlite://{}/gyeolje.db", dir.path().display());
            return Ok(FreshDb {
                url,
                postgres: None,
                dir,
            });
        };
        static N: AtomicU64 = AtomicU64::new(0);
        let schema = format!(
            "bench_{label}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        )
        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_")
        .to_ascii_lowercase();
        let admin = sqlx::PgPool::connect(base)
            .await
            .map_err(|e| format!("cannot connect to {base}: {e}"))?;
        for sql in [
            format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
            format!("CREATE SCHEMA {schema}"),
        ] {
            sqlx::query(AssertSqlSafe(sql))
                .execute(&admin)
                .await
                .map_err(|e| format!("creating schema {schema}: {e}"))?;
        }
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        Ok(FreshDb {
            url: format!("{base}{sep}options=-c%20search_path%3D{schema}"),
            postgres: Some((base.to_owned(), schema)),
            dir,
        })
    }

    /// Drops the PostgreSQL schema (the SQLite file goes with its directory).
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

    /// Copies the newest pending HTTP outbox row until `total` are pending:
    /// the backlog for `callback-drain`, written in one statement instead of
    /// `total` payments through the API. Returns how many are pending.
    pub async fn fill_backlog(&self, total: u64) -> Result<u64, String> {
        const COLUMNS: &str = "kind, protocol, payment_id, channel, target, content_type, body, \
                               success_rule, max_attempts, retry_delays, state, attempts, \
                               next_attempt_at, created_at";
        const COPY: &str = "o.kind, o.protocol, o.payment_id, o.channel, o.target, o.content_type, \
                            o.body, o.success_rule, o.max_attempts, o.retry_delays, 'pending', 0, \
                            o.next_attempt_at, o.created_at";
        const SOURCE: &str = "SELECT id FROM outbox WHERE state = 'pending' AND channel = 'http' \
                              ORDER BY id DESC LIMIT 1";
        const COUNT: &str = "SELECT COUNT(*) FROM outbox WHERE state = 'pending'";
        let copies = i64::try_from(total.saturating_sub(1)).map_err(|e| e.to_string())?;
        let err = |e: sqlx::Error| format!("backlog: {e}");
        let pending: i64 = if self.postgres.is_some() {
            let pool = sqlx::PgPool::connect(&self.url).await.map_err(err)?;
            let id: i64 = sqlx::query_scalar(SOURCE)
                .fetch_one(&pool)
                .await
                .map_err(err)?;
            let sql = format!(
                "INSERT INTO outbox ({COLUMNS}) SELECT {COPY} FROM outbox o \
                 CROSS JOIN generate_series(1, $1) WHERE o.id = $2"
            );
            sqlx::query(AssertSqlSafe(sql))
                .bind(copies)
                .bind(id)
                .execute(&pool)
                .await
                .map_err(err)?;
            let n = sqlx::query_scalar(COUNT)
                .fetch_one(&pool)
                .await
                .map_err(err)?;
            pool.close().await;
            n
        } else {
            let pool = sqlx::SqlitePool::connect(&self.url).await.map_err(err)?;
            let id: i64 = sqlx::query_scalar(SOURCE)
                .fetch_one(&pool)
                .await
                .map_err(err)?;
            let sql = format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 WHERE $1 >= 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
                 INSERT INTO outbox ({COLUMNS}) SELECT {COPY} FROM outbox o, n WHERE o.id = $2"
            );
            sqlx::query(AssertSqlSafe(sql))
                .bind(copies)
                .bind(id)
                .execute(&pool)
                .await
                .map_err(err)?;
            let n = sqlx::query_scalar(COUNT)
                .fetch_one(&pool)
                .await
                .map_err(err)?;
            pool.close().await;
            n
        };
        u64::try_from(pending).map_err(|e| e.to_string())
    }
}
