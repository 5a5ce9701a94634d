//! [`ConsoleStore`] for both backends: one generic implementation on
//! [`SqlStore`]. These are rare writes (a login, a logout, a password
//! change), so they go through the write pool, not the group commit. The
//! admin row has the fixed id 1: "set if none" is an `INSERT … ON CONFLICT
//! DO NOTHING`, which both databases answer with one changed row for the one
//! caller that won.

use crate::backend::{Backend, SqlStore, execute, read_optional, write};
use crate::console::{ConsoleSession, ConsoleStore};
use crate::error::StoreError;
use crate::param::Param;
use crate::rows::Cells;
use async_trait::async_trait;
use gyeolje_core::Timestamp;

const SESSION_SELECT: &str = "SELECT id_hash, csrf_token, created_at, expires_at \
     FROM console_sessions WHERE id_hash = $1 AND expires_at > $2";

fn session(c: &mut dyn Cells) -> Result<ConsoleSession, StoreError> {
    Ok(ConsoleSession {
        id_hash: c.text("id_hash")?,
        csrf_token: c.text("csrf_token")?,
        created_at: Timestamp::from_millis(c.int("created_at")?),
        expires_at: Timestamp::from_millis(c.int("expires_at")?),
    })
}

#[async_trait]
impl<B: Backend> ConsoleStore for SqlStore<B> {
    async fn admin_password(&self) -> Result<Option<String>, StoreError> {
        let sql = "SELECT password_hash FROM console_admin WHERE id = 1";
        read_optional(self, sql, &[], |c| c.text("password_hash")).await
    }

    async fn init_admin_password(&self, phc: &str, now: Timestamp) -> Result<bool, StoreError> {
        let sql = "INSERT INTO console_admin (id, password_hash, updated_at) VALUES (1, $1, $2) \
                   ON CONFLICT (id) DO NOTHING";
        let params = [Param::text(phc), Param::int(now.as_millis())];
        Ok(write(self, sql, &params).await? == 1)
    }

    async fn set_admin_password(&self, phc: &str, now: Timestamp) -> Result<(), StoreError> {
        let sql = "INSERT INTO console_admin (id, password_hash, updated_at) VALUES (1, $1, $2) \
                   ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash, \
                   updated_at = excluded.updated_at";
        let mut tx = self.writer.begin().await?;
        let params = [Param::text(phc), Param::int(now.as_millis())];
        execute::<B>(&mut tx, sql, &params).await?;
        execute::<B>(&mut tx, "DELETE FROM console_sessions", &[]).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_console_session(&self, s: &ConsoleSession) -> Result<(), StoreError> {
        let sql = "INSERT INTO console_sessions (id_hash, csrf_token, created_at, expires_at) \
                   VALUES ($1, $2, $3, $4)";
        let params = [
            Param::text(&s.id_hash),
            Param::text(&s.csrf_token),
            Param::int(s.created_at.as_millis()),
            Param::int(s.expires_at.as_millis()),
        ];
        write(self, sql, &params).await?;
        Ok(())
    }

    async fn console_session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<Option<ConsoleSession>, StoreError> {
        let params = [Param::text(id_hash), Param::int(now.as_millis())];
        read_optional(self, SESSION_SELECT, &params, session).await
    }

    async fn extend_console_session(
        &self,
        id_hash: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE console_sessions SET expires_at = $1 WHERE id_hash = $2";
        let params = [Param::int(expires_at.as_millis()), Param::text(id_hash)];
        write(self, sql, &params).await?;
        Ok(())
    }

    async fn delete_console_session(&self, id_hash: &str) -> Result<bool, StoreError> {
        let sql = "DELETE FROM console_sessions WHERE id_hash = $1";
        Ok(write(self, sql, &[Param::text(id_hash)]).await? > 0)
    }

    async fn purge_console_sessions(&self, now: Timestamp) -> Result<u64, StoreError> {
        let sql = "DELETE FROM console_sessions WHERE expires_at <= $1";
        write(self, sql, &[Param::int(now.as_millis())]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::assert_placeholders_in_order;

    #[test]
    fn placeholders_first_appear_in_order() {
        assert_placeholders_in_order(SESSION_SELECT);
    }
}
