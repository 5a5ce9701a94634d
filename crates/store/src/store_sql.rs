//! [`Store`] for both backends: one generic implementation on
//! [`SqlStore`]. Commits, delivery attempts, leases and id blocks go to the
//! group-commit writer (`group_commit`); merchants and payments by key are
//! point reads (`point_reads`); the rest are plain statements on the pools.

use crate::backend::{Backend, SqlStore, execute, read_all, read_optional, write};
use crate::clocks::{ClockCache, ClockScope};
use crate::clocks_sql::{Scoped, scoped_params};
use crate::driver;
use crate::error::StoreError;
use crate::group_commit::{self, LeaseRequest, Work};
use crate::merchant_cache::{BUMP_GENERATION, By, GENERATION_SETTING};
use crate::param::Param;
use crate::rows::{self, Cells};
use crate::store::{LeaseTimes, OutboxCounts, OutboxFilter, Store};
use crate::tables::{ATTEMPTS, OUTBOX};
use async_trait::async_trait;
use gyeolje_core::{
    AttemptRecord, Change, EventRecord, Lease, Merchant, MerchantId, NewMerchant, NextStep,
    NotifyMethod, NotifySetting, OutboxId, OutboxRecord, OutboxState, PageCode, Payment, PaymentId,
    PhoneNumber, Protocol, Timestamp,
};
use std::ops::Range;
use std::sync::LazyLock;

static MERCHANT_BY_ID: LazyLock<String> =
    LazyLock::new(|| rows::merchant_select("WHERE m.id = $1"));
static MERCHANT_BY_PAYAPP_USERID: LazyLock<String> =
    LazyLock::new(|| rows::merchant_select("WHERE p.userid = $1 AND m.disabled_at IS NULL"));
static MERCHANT_BY_INNOPAY_MID: LazyLock<String> =
    LazyLock::new(|| rows::merchant_select("WHERE i.mid = $1 AND m.disabled_at IS NULL"));
static MERCHANTS: LazyLock<String> = LazyLock::new(|| rows::merchant_select("ORDER BY m.id"));

static OUTBOX_LIST: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM outbox WHERE ($1 IS NULL OR state = $1) \
         AND ($2 IS NULL OR payment_id = $2) AND ($3 IS NULL OR channel = $3) \
         ORDER BY id DESC LIMIT $4",
        OUTBOX.select_list()
    )
});
static OUTBOX_GET: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {} FROM outbox WHERE id = $1", OUTBOX.select_list()));
static SMS_TO: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM outbox WHERE channel = 'sms' AND target = $1 ORDER BY id DESC LIMIT $2",
        OUTBOX.select_list()
    )
});
static ATTEMPTS_OF: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM outbox_attempts WHERE outbox_id = $1 ORDER BY attempt_no",
        ATTEMPTS.select_list()
    )
});

/// A new merchant's row; returns its `id`.
pub(crate) const INSERT_MERCHANT: &str =
    "INSERT INTO merchants (name, created_at, callback_hosts) VALUES ($1, $2, $3) RETURNING id";
/// A merchant's PayApp credentials.
pub(crate) const INSERT_PAYAPP_ACCOUNT: &str = "INSERT INTO payapp_accounts \
     (merchant_id, userid, linkkey, linkval, common_feedbackurl) VALUES ($1, $2, $3, $4, $5)";

/// Writes one §4.4 setting inside an open transaction.
async fn write_notify_setting<B: Backend>(
    tx: &mut B::Connection,
    merchant_id: i64,
    method: NotifyMethod,
    setting: &NotifySetting,
) -> Result<(), StoreError> {
    let sql = "INSERT INTO innopay_notify_settings \
               (merchant_id, method, url, interval_minutes, retry_count, since) \
               VALUES ($1, $2, $3, $4, $5, $6)";
    let params = [
        Param::int(merchant_id),
        Param::text(method.as_str()),
        Param::text(&setting.url),
        Param::int(i64::from(setting.interval_minutes)),
        Param::int(i64::from(setting.retry_count)),
        Param::int(setting.since.as_millis()),
    ];
    execute::<B>(tx, sql, &params).await?;
    Ok(())
}

/// Empties this process's merchant cache if another process changed a
/// merchant since (see `merchant_cache`); reads the generation at most once
/// a second.
pub(crate) async fn sync_merchant_cache<B: Backend>(store: &SqlStore<B>) -> Result<(), StoreError> {
    if store.merchants.generation_due() {
        let sql = "SELECT value FROM settings WHERE name = $1";
        let key = [Param::text(GENERATION_SETTING)];
        let generation = read_optional(store, sql, &key, |c| c.int("value")).await?;
        store.merchants.observe_generation(generation.unwrap_or(0));
    }
    Ok(())
}

/// Writes (inserts or replaces) each protocol account the merchant has,
/// inside an open transaction. An account the merchant lacks is left as
/// stored: payments and PayApp sellers name their accounts, so accounts are
/// added and changed, never removed. §4.4 settings are written apart.
async fn write_accounts<B: Backend>(
    tx: &mut B::Connection,
    m: &Merchant,
) -> Result<(), StoreError> {
    let id = m.id.get();
    if let Some(p) = &m.payapp {
        let sql = "INSERT INTO payapp_accounts \
                   (merchant_id, userid, linkkey, linkval, common_feedbackurl) \
                   VALUES ($1, $2, $3, $4, $5) ON CONFLICT (merchant_id) DO UPDATE SET \
                   userid = excluded.userid, linkkey = excluded.linkkey, \
                   linkval = excluded.linkval, common_feedbackurl = excluded.common_feedbackurl";
        let params = [
            Param::int(id),
            Param::text(&p.userid),
            Param::text(p.linkkey.expose()),
            Param::text(p.linkval.expose()),
            Param::opt_text(p.common_feedbackurl.as_deref()),
        ];
        execute::<B>(tx, sql, &params).await?;
    }
    if let Some(i) = &m.innopay {
        let sql = "INSERT INTO innopay_accounts \
                   (merchant_id, mid, license_key, cancel_pwd, pg_mids) \
                   VALUES ($1, $2, $3, $4, $5) ON CONFLICT (merchant_id) DO UPDATE SET \
                   mid = excluded.mid, license_key = excluded.license_key, \
                   cancel_pwd = excluded.cancel_pwd, pg_mids = excluded.pg_mids";
        let params = [
            Param::int(id),
            Param::text(&i.mid),
            Param::text(i.license_key.expose()),
            Param::text(i.cancel_pwd.expose()),
            Param::Text(Some(serde_json::to_string(&i.pg_mids)?.into())),
        ];
        execute::<B>(tx, sql, &params).await?;
    }
    if let Some(s) = &m.ipay {
        let sql = "INSERT INTO ipay_sellers (merchant_id, seller_id, site_url) \
                   VALUES ($1, $2, $3) ON CONFLICT (merchant_id) DO UPDATE SET \
                   seller_id = excluded.seller_id, site_url = excluded.site_url";
        let sites = rows::join_list(&s.site_urls, '\n');
        let params = [
            Param::int(id),
            Param::text(&s.seller_id),
            Param::opt_text(sites.as_deref()),
        ];
        execute::<B>(tx, sql, &params).await?;
    }
    Ok(())
}

/// A payment read with its merchant's own clock offset, if it has one.
fn payment_and_clock(c: &mut dyn Cells) -> Result<(Payment, Option<i64>), StoreError> {
    Ok((rows::payment(c)?, c.opt_int("clock_offset_ms")?))
}

/// Remembers the clock offset a payment read found (see `clocks`), so
/// that business time for the payment's merchant is as fresh as the
/// payment itself.
fn noting_clock(clocks: &ClockCache, found: Option<(Payment, Option<i64>)>) -> Option<Payment> {
    let (payment, offset) = found?;
    if let Some(offset) = offset {
        clocks.note(payment.merchant_id, offset);
    }
    Some(payment)
}

#[async_trait]
impl<B: Backend> Store for SqlStore<B> {
    fn backend(&self) -> &'static str {
        <B as Backend>::NAME
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        B::migrate(&self.writer).await?;
        Ok(())
    }

    async fn create_merchant(
        &self,
        m: NewMerchant,
        now: Timestamp,
    ) -> Result<Merchant, StoreError> {
        let mut tx = self.writer.begin().await?;
        let hosts = rows::join_list(&m.callback_hosts, ',');
        let params = [
            Param::text(&m.name),
            Param::int(now.as_millis()),
            Param::opt_text(hosts.as_deref()),
        ];
        let id = driver::one::<B, _>(&mut tx, INSERT_MERCHANT, &params, rows::id).await?;
        let merchant = Merchant {
            id: MerchantId::new(id),
            name: m.name,
            payapp: m.payapp,
            innopay: m.innopay,
            ipay: m.ipay,
            callback_hosts: m.callback_hosts,
            disabled_at: None,
            created_at: now,
        };
        write_accounts::<B>(&mut tx, &merchant).await?;
        if let Some(i) = &merchant.innopay {
            for method in NotifyMethod::ALL {
                if let Some(setting) = i.notify.get(method) {
                    write_notify_setting::<B>(&mut tx, id, method, setting).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(merchant)
    }

    async fn update_merchant(&self, m: &Merchant) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        let sql = "UPDATE merchants SET name = $1, callback_hosts = $2, disabled_at = $3 \
                   WHERE id = $4";
        let hosts = rows::join_list(&m.callback_hosts, ',');
        let params = [
            Param::text(&m.name),
            Param::opt_text(hosts.as_deref()),
            Param::Int(m.disabled_at.map(Timestamp::as_millis)),
            Param::int(m.id.get()),
        ];
        if execute::<B>(&mut tx, sql, &params).await? == 0 {
            return Ok(false);
        }
        write_accounts::<B>(&mut tx, m).await?;
        execute::<B>(&mut tx, BUMP_GENERATION, &[]).await?;
        tx.commit().await?;
        self.merchants.forget(m.id);
        Ok(true)
    }

    async fn merchant(&self, id: MerchantId) -> Result<Option<Merchant>, StoreError> {
        let key = [Param::int(id.get())];
        B::point_read(self, &MERCHANT_BY_ID, &key, rows::merchant).await
    }

    async fn merchant_by_payapp_userid(
        &self,
        userid: &str,
    ) -> Result<Option<Merchant>, StoreError> {
        sync_merchant_cache(self).await?;
        let key = [Param::text(userid)];
        let read = B::point_read(self, &MERCHANT_BY_PAYAPP_USERID, &key, rows::merchant);
        self.merchants
            .get_or_read(By::PayAppUserid, userid, read)
            .await
    }

    async fn list_merchants(&self) -> Result<Vec<Merchant>, StoreError> {
        read_all(self, &MERCHANTS, &[], rows::merchant).await
    }

    async fn merchant_by_innopay_mid(&self, mid: &str) -> Result<Option<Merchant>, StoreError> {
        let key = [Param::text(mid)];
        B::point_read(self, &MERCHANT_BY_INNOPAY_MID, &key, rows::merchant).await
    }

    async fn set_innopay_notify_setting(
        &self,
        merchant: MerchantId,
        method: NotifyMethod,
        setting: Option<&NotifySetting>,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let sql = "DELETE FROM innopay_notify_settings WHERE merchant_id = $1 AND method = $2";
        let params = [Param::int(merchant.get()), Param::text(method.as_str())];
        execute::<B>(&mut tx, sql, &params).await?;
        if let Some(setting) = setting {
            write_notify_setting::<B>(&mut tx, merchant.get(), method, setting).await?;
        }
        tx.commit().await?;
        self.merchants.forget(merchant);
        Ok(())
    }

    async fn reserve_ids(&self, sequence: &str, count: u32) -> Result<Range<i64>, StoreError> {
        let work = Work::ReserveIds {
            sequence: sequence.to_owned(),
            count: i64::from(count.max(1)),
        };
        group_commit::submit(&self.queue, work).await?.range()
    }

    async fn commit(&self, change: Change, now: Timestamp) -> Result<Vec<OutboxId>, StoreError> {
        let work = Work::Change {
            change: Box::new(change),
            now,
        };
        group_commit::submit(&self.queue, work).await?.ids()
    }

    async fn payment(&self, id: PaymentId) -> Result<Option<Payment>, StoreError> {
        let sql = "SELECT p.body, c.offset_ms AS clock_offset_ms FROM payments p \
                   LEFT JOIN merchant_clocks c ON c.merchant_id = p.merchant_id WHERE p.id = $1";
        let found = B::point_read(self, sql, &[Param::int(id.get())], payment_and_clock).await?;
        Ok(noting_clock(&self.clocks, found))
    }

    async fn payment_by_page_code(&self, code: &PageCode) -> Result<Option<Payment>, StoreError> {
        let sql = "SELECT p.body, c.offset_ms AS clock_offset_ms FROM payments p \
                   LEFT JOIN merchant_clocks c ON c.merchant_id = p.merchant_id \
                   WHERE p.page_code = $1";
        let key = [Param::text(code.as_str())];
        let found = B::point_read(self, sql, &key, payment_and_clock).await?;
        Ok(noting_clock(&self.clocks, found))
    }

    async fn payment_by_reference(
        &self,
        merchant: MerchantId,
        protocol: Protocol,
        reference: &str,
    ) -> Result<Option<Payment>, StoreError> {
        let sql = "SELECT p.body, c.offset_ms AS clock_offset_ms FROM payments p \
                   LEFT JOIN merchant_clocks c ON c.merchant_id = p.merchant_id \
                   WHERE p.merchant_id = $1 AND p.protocol = $2 AND p.reference = $3";
        let key = [
            Param::int(merchant.get()),
            Param::text(protocol.as_str()),
            Param::text(reference),
        ];
        let found = B::point_read(self, sql, &key, payment_and_clock).await?;
        Ok(noting_clock(&self.clocks, found))
    }

    async fn events(&self, id: PaymentId) -> Result<Vec<EventRecord>, StoreError> {
        let sql = "SELECT body FROM payment_events WHERE payment_id = $1 ORDER BY seq";
        read_all(self, sql, &[Param::int(id.get())], rows::event).await
    }

    async fn due_expirations(
        &self,
        now: Timestamp,
        clock: ClockScope,
        limit: u32,
    ) -> Result<Vec<Payment>, StoreError> {
        const SQL: Scoped = Scoped {
            all: "SELECT body FROM payments \
                  WHERE state IN ('requested', 'awaiting_deposit') AND expires_at <= $1 \
                  ORDER BY expires_at LIMIT $2",
            shared: "SELECT body FROM payments \
                     WHERE state IN ('requested', 'awaiting_deposit') AND expires_at <= $1 \
                     AND NOT EXISTS (SELECT 1 FROM merchant_clocks c \
                     WHERE c.merchant_id = payments.merchant_id) \
                     ORDER BY expires_at LIMIT $2",
            merchant: "SELECT body FROM payments WHERE merchant_id = $1 \
                       AND state IN ('requested', 'awaiting_deposit') AND expires_at <= $2 \
                       ORDER BY expires_at LIMIT $3",
        };
        let params = vec![Param::int(now.as_millis()), Param::int(i64::from(limit))];
        let params = scoped_params(clock, params);
        read_all(self, SQL.sql(clock), &params, rows::payment).await
    }

    async fn due_settlements(
        &self,
        now: Timestamp,
        clock: ClockScope,
        limit: u32,
    ) -> Result<Vec<Payment>, StoreError> {
        const SQL: Scoped = Scoped {
            all: "SELECT body FROM payments \
                  WHERE state = 'paid' AND settled_at IS NULL AND settle_due_at <= $1 \
                  ORDER BY settle_due_at LIMIT $2",
            shared: "SELECT body FROM payments \
                     WHERE state = 'paid' AND settled_at IS NULL AND settle_due_at <= $1 \
                     AND NOT EXISTS (SELECT 1 FROM merchant_clocks c \
                     WHERE c.merchant_id = payments.merchant_id) \
                     ORDER BY settle_due_at LIMIT $2",
            merchant: "SELECT body FROM payments WHERE merchant_id = $1 \
                       AND state = 'paid' AND settled_at IS NULL AND settle_due_at <= $2 \
                       ORDER BY settle_due_at LIMIT $3",
        };
        let params = vec![Param::int(now.as_millis()), Param::int(i64::from(limit))];
        let params = scoped_params(clock, params);
        read_all(self, SQL.sql(clock), &params, rows::payment).await
    }

    async fn lease_outbox(
        &self,
        times: LeaseTimes,
        limit: u32,
        worker: &str,
        token: i64,
    ) -> Result<Vec<Lease>, StoreError> {
        let work = Work::Lease(LeaseRequest {
            until: times.wall_now.plus(times.lease_for),
            token,
            worker: worker.to_owned(),
            business_now: times.business_now,
            wall_now: times.wall_now,
            limit,
            clock: times.clock,
        });
        group_commit::submit(&self.queue, work).await?.leased()
    }

    async fn record_attempt(
        &self,
        lease: &Lease,
        a: &AttemptRecord,
        next: NextStep,
    ) -> Result<bool, StoreError> {
        let work = Work::Attempt {
            lease_id: lease.id,
            token: lease.token,
            attempt: Box::new(a.clone()),
            next,
        };
        group_commit::submit(&self.queue, work).await?.recorded()
    }

    async fn outbox_list(&self, f: &OutboxFilter) -> Result<Vec<OutboxRecord>, StoreError> {
        let limit = if f.limit == 0 { 100 } else { f.limit };
        let params = [
            Param::opt_text(f.state.map(|s| s.as_str())),
            Param::Int(f.payment_id.map(|p| p.get())),
            Param::opt_text(f.channel.as_deref()),
            Param::int(i64::from(limit)),
        ];
        read_all(self, &OUTBOX_LIST, &params, rows::outbox_record).await
    }

    async fn outbox_get(&self, id: OutboxId) -> Result<Option<OutboxRecord>, StoreError> {
        let params = [Param::int(id.get())];
        read_optional(self, &OUTBOX_GET, &params, rows::outbox_record).await
    }

    async fn attempts(&self, id: OutboxId) -> Result<Vec<AttemptRecord>, StoreError> {
        let params = [Param::int(id.get())];
        read_all(self, &ATTEMPTS_OF, &params, rows::attempt).await
    }

    async fn replay(&self, id: OutboxId, now: Timestamp) -> Result<bool, StoreError> {
        let sql = "UPDATE outbox SET state = 'pending', next_attempt_at = $1, \
                   locked_until = NULL, lease_token = NULL, \
                   max_attempts = CASE WHEN attempts >= max_attempts THEN attempts + 1 \
                                       ELSE max_attempts END \
                   WHERE id = $2";
        let params = [Param::int(now.as_millis()), Param::int(id.get())];
        Ok(write(self, sql, &params).await? == 1)
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let sql = "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state";
        let rows = read_all(self, sql, &[], |c| Ok((c.text("state")?, c.int("n")?))).await?;
        let mut c = OutboxCounts::default();
        for (state, n) in rows {
            let n = u64::try_from(n).unwrap_or(0);
            match OutboxState::parse(&state) {
                Some(OutboxState::Pending) => c.pending = n,
                Some(OutboxState::Delivered) => c.delivered = n,
                Some(OutboxState::Failed) => c.failed = n,
                None => return Err(StoreError::Corrupt(format!("outbox state {state}"))),
            }
        }
        Ok(c)
    }

    async fn sms_to(
        &self,
        phone: &PhoneNumber,
        limit: u32,
    ) -> Result<Vec<OutboxRecord>, StoreError> {
        let params = [Param::text(phone.as_str()), Param::int(i64::from(limit))];
        read_all(self, &SMS_TO, &params, rows::outbox_record).await
    }

    async fn setting(&self, name: &str) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT value FROM settings WHERE name = $1";
        read_optional(self, sql, &[Param::text(name)], |c| c.int("value")).await
    }

    async fn set_setting(&self, name: &str, value: i64) -> Result<(), StoreError> {
        let sql = "INSERT INTO settings (name, value) VALUES ($1, $2) \
                   ON CONFLICT (name) DO UPDATE SET value = $2";
        write(self, sql, &[Param::text(name), Param::int(value)]).await?;
        Ok(())
    }
}
