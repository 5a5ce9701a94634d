//! [`FaultStore`] for both backends: one generic implementation on
//! [`SqlStore`]. Arming and taking are rare writes (only when a test armed
//! something), so they go through the write pool, not the group commit;
//! the checks the hot paths make are reads: a point read (on SQLite, on the
//! calling thread) per approval, one read of the live faults per leased
//! delivery batch.

use crate::backend::{Backend, SqlStore, read_all, write};
use crate::driver;
use crate::error::StoreError;
use crate::faults::FaultStore;
use crate::param::Param;
use crate::rows::Cells;
use async_trait::async_trait;
use gyeolje_core::{ArmedFault, FaultKind, FaultTarget, MerchantId, NewFault, Timestamp};

const INSERT: &str = "INSERT INTO sandbox_faults \
     (merchant_id, target, kind, status, code, count, remaining, armed_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7) \
     RETURNING id, merchant_id, target, kind, status, code, count, remaining, armed_at";

const OF_MERCHANT: &str = "SELECT id, merchant_id, target, kind, status, code, count, remaining, \
     armed_at FROM sandbox_faults WHERE merchant_id = $1 ORDER BY id";

const ARMED: &str = "SELECT id AS armed FROM sandbox_faults \
     WHERE merchant_id = $1 AND target = $2 AND remaining > 0 LIMIT 1";

const ALL_ARMED: &str = "SELECT DISTINCT merchant_id, target FROM sandbox_faults \
     WHERE remaining > 0";

/// The oldest live fault, decremented only if it is still live when the
/// row is written: PostgreSQL re-checks `remaining > 0` on the row version
/// it waited for, SQLite has one writer. A loser gets no row and looks again.
const TAKE: &str = "UPDATE sandbox_faults SET remaining = remaining - 1 \
     WHERE id = (SELECT id FROM sandbox_faults \
                 WHERE merchant_id = $1 AND target = $2 AND remaining > 0 \
                 ORDER BY id LIMIT 1) \
     AND remaining > 0 \
     RETURNING id, merchant_id, target, kind, status, code, count, remaining, armed_at";

/// How often a taker that lost a race looks for another live fault.
const TAKE_TRIES: usize = 8;

fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("sandbox fault {what}: {value}"))
}

fn target(text: &str) -> Result<FaultTarget, StoreError> {
    FaultTarget::parse(text).ok_or_else(|| corrupt("target", text))
}

fn fault(c: &mut dyn Cells) -> Result<ArmedFault, StoreError> {
    let id = c.int("id")?;
    let merchant_id = MerchantId::new(c.int("merchant_id")?);
    let target = target(&c.text("target")?)?;
    let kind = c.text("kind")?;
    let status = c.opt_int("status")?;
    let code = c.opt_text("code")?;
    let status = status
        .map(u16::try_from)
        .transpose()
        .map_err(|_| corrupt("status", id))?;
    let kind = FaultKind::from_parts(&kind, status, code.as_deref())
        .ok_or_else(|| corrupt("kind", &kind))?;
    let count = u32::try_from(c.int("count")?).map_err(|_| corrupt("count", id))?;
    let remaining = u32::try_from(c.int("remaining")?).map_err(|_| corrupt("remaining", id))?;
    Ok(ArmedFault {
        id,
        merchant_id,
        target,
        kind,
        count,
        remaining,
        armed_at: Timestamp::from_millis(c.int("armed_at")?),
    })
}

fn armed_pair(c: &mut dyn Cells) -> Result<(MerchantId, FaultTarget), StoreError> {
    let merchant = MerchantId::new(c.int("merchant_id")?);
    Ok((merchant, target(&c.text("target")?)?))
}

#[async_trait]
impl<B: Backend> FaultStore for SqlStore<B> {
    async fn arm_fault(&self, f: &NewFault, now: Timestamp) -> Result<ArmedFault, StoreError> {
        let params = [
            Param::int(f.merchant_id().get()),
            Param::text(f.target().as_str()),
            Param::text(f.kind().name()),
            Param::Int(f.kind().status().map(i64::from)),
            Param::opt_text(f.kind().code()),
            Param::int(i64::from(f.count())),
            Param::int(now.as_millis()),
        ];
        let mut conn = self.writer.acquire().await?;
        driver::one::<B, _>(&mut conn, INSERT, &params, fault).await
    }

    async fn faults(&self, merchant: MerchantId) -> Result<Vec<ArmedFault>, StoreError> {
        read_all(self, OF_MERCHANT, &[Param::int(merchant.get())], fault).await
    }

    async fn disarm_faults(&self, merchant: MerchantId) -> Result<u64, StoreError> {
        let sql = "DELETE FROM sandbox_faults WHERE merchant_id = $1";
        write(self, sql, &[Param::int(merchant.get())]).await
    }

    async fn fault_armed(
        &self,
        merchant: MerchantId,
        target: FaultTarget,
    ) -> Result<bool, StoreError> {
        let params = [Param::int(merchant.get()), Param::text(target.as_str())];
        // On the approval path: SQLite answers it on the calling thread.
        Ok(B::point_read(self, ARMED, &params, |c| c.int("armed"))
            .await?
            .is_some())
    }

    async fn armed_faults(&self) -> Result<Vec<(MerchantId, FaultTarget)>, StoreError> {
        read_all(self, ALL_ARMED, &[], armed_pair).await
    }

    async fn take_fault(
        &self,
        merchant: MerchantId,
        target: FaultTarget,
    ) -> Result<Option<ArmedFault>, StoreError> {
        let params = [Param::int(merchant.get()), Param::text(target.as_str())];
        for _ in 0..TAKE_TRIES {
            let taken = {
                let mut conn = self.writer.acquire().await?;
                driver::optional::<B, _>(&mut conn, TAKE, &params, fault).await?
            };
            if taken.is_some() {
                return Ok(taken);
            }
            // No row: nothing live, or another process took the one we
            // aimed at while a later fault is still live.
            if !self.fault_armed(merchant, target).await? {
                return Ok(None);
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::assert_placeholders_in_order;

    #[test]
    fn placeholders_first_appear_in_order() {
        for sql in [INSERT, OF_MERCHANT, ARMED, TAKE] {
            assert_placeholders_in_order(sql);
        }
    }
}
