//! Opening a database that must already exist (`open_existing`): what a
//! read-only command checks before it reads. Such a command must never
//! create a database file or migrate a schema as a side effect of looking
//! (issue 14): a mistyped `--database` would otherwise leave an empty
//! database behind and print an empty answer as if it were the truth.

use crate::error::StoreError;
use sqlx::migrate::Migrator;

/// The statement listing the migrations a database has applied.
pub(crate) const APPLIED: &str = "SELECT version FROM _sqlx_migrations WHERE success";

/// The error for a URL with no database behind it.
pub(crate) fn no_database(url: &str, why: &str) -> StoreError {
    StoreError::Missing(format!(
        "no gyeolje database at {}: {why} (start the server or run `gyeolje migrate` to create it)",
        redact_url(url)
    ))
}

/// Checks that `applied` (the versions `APPLIED` returned, or the error
/// reading them) covers every migration this build knows: an older schema
/// would fail on the first column it lacks, so it is refused up front.
pub(crate) fn check_applied(
    url: &str,
    migrator: &Migrator,
    applied: Result<Vec<i64>, sqlx::Error>,
) -> Result<(), StoreError> {
    let applied = match applied {
        Ok(v) => v,
        Err(sqlx::Error::Database(_)) => {
            return Err(no_database(url, "it has no gyeolje schema"));
        }
        Err(e) => return Err(e.into()),
    };
    let pending: Vec<String> = migrator
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .map(|m| format!("{:04}", m.version))
        .collect();
    if pending.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Missing(format!(
            "the database at {} is not up to date (migrations {} not applied; run `gyeolje migrate`)",
            redact_url(url),
            pending.join(", ")
        )))
    }
}

/// The database URL with any password replaced, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}://{}:***@{}", &url[..scheme_end], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}
