//! Fresh databases for each test: a temporary SQLite file, or a new
//! PostgreSQL schema on the server `GYEOLJE_TEST_POSTGRES_URL` names.

use gyeolje_store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub const PG_ENV: &str = "GYEOLJE_TEST_POSTGRES_URL";

pub struct Backend {
    pub store: Arc<dyn Store>,
    schema: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Backend {
    pub async fn sqlite() -> Backend {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/test.db", dir.path().display());
        Backend {
            store: gyeolje_store::open(&url).await.unwrap(),
            schema: None,
            _dir: Some(dir),
        }
    }

    /// `None` (after saying so) when no PostgreSQL URL is configured. Under CI
    /// a missing URL is an error: those tests must run there.
    pub async fn postgres() -> Option<Backend> {
        let Ok(base) = std::env::var(PG_ENV) else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{PG_ENV} must be set in CI");
            }
            eprintln!("SKIPPED: PostgreSQL story (set {PG_ENV} to run it)");
            return None;
        };
        static N: AtomicU64 = AtomicU64::new(0);
        let schema = format!(
            "t_store_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let admin = sqlx::PgPool::connect(&base).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE"
        )))
        .execute(&admin)
        .await
        .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        let store = gyeolje_store::open(&url).await.unwrap();
        Some(Backend {
            store,
            schema: Some((base, schema)),
            _dir: None,
        })
    }

    pub async fn drop_schema(&self) {
        if let Some((base, schema)) = &self.schema {
            let admin = sqlx::PgPool::connect(base).await.unwrap();
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                .execute(&admin)
                .await;
        }
    }
}
