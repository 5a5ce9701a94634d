//! [`ClockStore`] for both backends, and the clock-scoped variants of the
//! due-work queries (payments, escrow orders, the outbox lease).

use crate::backend::{Backend, SqlStore, execute, read_all};
use crate::clocks::{ClockScope, ClockStore};
use crate::driver;
use crate::error::StoreError;
use crate::merchant_cache::BUMP_GENERATION;
use crate::param::Param;
use async_trait::async_trait;
use gyeolje_core::MerchantId;

/// A due-work query in its three [`ClockScope`] variants. `All` is the
/// query as it was before merchant clocks; `Shared` adds a `NOT EXISTS`
/// against `merchant_clocks`; `Merchant` names the merchant in its first
/// placeholder (SQLite numbers placeholders by first appearance, so each
/// variant's parameters are listed in its own order by [`scoped_params`]).
pub(crate) struct Scoped {
    pub all: &'static str,
    pub shared: &'static str,
    pub merchant: &'static str,
}

impl Scoped {
    pub fn sql(&self, scope: ClockScope) -> &'static str {
        match scope {
            ClockScope::All => self.all,
            ClockScope::Shared => self.shared,
            ClockScope::Merchant(_) => self.merchant,
        }
    }
}

/// `params` preceded, for a one-merchant query, by the merchant's id.
pub(crate) fn scoped_params(scope: ClockScope, params: Vec<Param<'_>>) -> Vec<Param<'_>> {
    match scope {
        ClockScope::All | ClockScope::Shared => params,
        ClockScope::Merchant(m) => std::iter::once(Param::int(m.get())).chain(params).collect(),
    }
}

#[async_trait]
impl<B: Backend> ClockStore for SqlStore<B> {
    async fn merchant_clocks(&self) -> Result<Vec<(MerchantId, i64)>, StoreError> {
        let sql = "SELECT merchant_id, offset_ms FROM merchant_clocks ORDER BY merchant_id";
        let found = read_all(self, sql, &[], |c| {
            Ok((MerchantId::new(c.int("merchant_id")?), c.int("offset_ms")?))
        })
        .await?;
        for (m, offset) in &found {
            self.clocks.note(*m, *offset);
        }
        Ok(found)
    }

    async fn advance_merchant_clock(
        &self,
        merchant: MerchantId,
        start_offset_ms: i64,
        delta_ms: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let create = "INSERT INTO merchant_clocks (merchant_id, offset_ms) VALUES ($1, $2) \
                      ON CONFLICT (merchant_id) DO NOTHING";
        let params = [
            Param::int(merchant.get()),
            Param::int(start_offset_ms.clamp(0, MAX_OFFSET_MS)),
        ];
        execute::<B>(&mut tx, create, &params).await?;
        // Offsets stay at most MAX_OFFSET_MS, so the sum cannot overflow.
        let advance = "UPDATE merchant_clocks SET offset_ms = \
                       CASE WHEN offset_ms + $1 > $2 THEN $2 ELSE offset_ms + $1 END \
                       WHERE merchant_id = $3 RETURNING offset_ms";
        let params = [
            Param::int(delta_ms.clamp(0, MAX_OFFSET_MS)),
            Param::int(MAX_OFFSET_MS),
            Param::int(merchant.get()),
        ];
        let offset = driver::one::<B, _>(&mut tx, advance, &params, |c| c.int("offset_ms")).await?;
        execute::<B>(&mut tx, BUMP_GENERATION, &[]).await?;
        tx.commit().await?;
        self.clocks.note(merchant, offset);
        Ok(offset)
    }

    fn known_clock(&self, merchant: MerchantId) -> Option<i64> {
        self.clocks.get(merchant)
    }

    fn any_known_clock(&self) -> bool {
        self.clocks.any()
    }

    fn known_clocks(&self) -> Vec<MerchantId> {
        self.clocks.merchants()
    }
}

/// The largest offset a merchant clock can reach (about 29 million years):
/// far beyond any test, and far enough below `i64::MAX` that adding the OS
/// time to it cannot overflow.
const MAX_OFFSET_MS: i64 = 1 << 59;
