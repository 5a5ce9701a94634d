//! Storage of the operator console's login: the one admin password (as a
//! PHC string; hashing and checking it is the server's business) and the
//! login sessions.
//!
//! Kept apart from [`Store`](crate::Store)'s payment core because it is the
//! console's own data and nothing on the payment path reads it. Sessions are
//! keyed by a hash of the session id the browser holds (the caller hashes
//! it), so a copy of the table opens no session. Times are wall-clock
//! milliseconds, chosen by the caller.
//!
//! The trait is defined here and implemented for both backends in
//! `console_sql`, so that [`Store`](crate::Store), which names it as a
//! supertrait, does not depend on the generic implementation.

use crate::error::StoreError;
use async_trait::async_trait;
use gyeolje_core::Timestamp;

/// A console login session as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct ConsoleSession {
    /// The hash of the session id (the id itself is only in the cookie).
    pub id_hash: String,
    /// The token every form of this session must carry.
    pub csrf_token: String,
    pub created_at: Timestamp,
    /// The session ends at this wall time unless it is used (and extended)
    /// before.
    pub expires_at: Timestamp,
}

impl std::fmt::Debug for ConsoleSession {
    /// Without the CSRF token: it is a credential of the session.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsoleSession")
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// The console's credential and sessions.
#[async_trait]
pub trait ConsoleStore: Send + Sync {
    /// The admin password's PHC string, if one is set.
    async fn admin_password(&self) -> Result<Option<String>, StoreError>;

    /// Stores `phc` as the admin password only if none is set; returns
    /// whether it was stored. Race-safe across processes: of several
    /// callers at once, exactly one gets `true`.
    async fn init_admin_password(&self, phc: &str, now: Timestamp) -> Result<bool, StoreError>;

    /// Replaces the admin password and ends every session (in one
    /// transaction: whoever knew the old password is logged out).
    async fn set_admin_password(&self, phc: &str, now: Timestamp) -> Result<(), StoreError>;

    async fn create_console_session(&self, s: &ConsoleSession) -> Result<(), StoreError>;

    /// The session with this id hash, if it has not expired at `now`.
    async fn console_session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<Option<ConsoleSession>, StoreError>;

    /// Moves a session's expiry (sessions end after a time idle).
    async fn extend_console_session(
        &self,
        id_hash: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError>;

    /// Ends a session (logout); returns whether it existed.
    async fn delete_console_session(&self, id_hash: &str) -> Result<bool, StoreError>;

    /// Forgets every session expired at `now`; returns how many.
    async fn purge_console_sessions(&self, now: Timestamp) -> Result<u64, StoreError>;
}
