//! The [`Store`](crate::Store) implementation shared by both backends.
//!
//! The SQL is written once, with `$n` placeholders that SQLite and PostgreSQL
//! both accept, and the rows decode through the generic `FromRow` structs in
//! `rows.rs`. What differs per backend — the pool types, the migrator and the
//! lease statement — is passed in; the macro stamps out the same code for
//! each pool type (sqlx executors are concrete types, and spelling out their
//! generic bounds by hand would be longer than the code itself).

// The shared SQL fragments are macros so that `concat!` can build every
// statement as a `&'static str` — sqlx only takes SQL known at compile time.

/// Columns of an outbox row, in the order `OutboxRow` expects.
macro_rules! outbox_columns {
    () => {
        "id, kind, protocol, payment_id, channel, target, content_type, body, success_rule, \
         max_attempts, retry_delays, state, attempts, next_attempt_at, created_at, last_error, \
         delivered_at"
    };
}

macro_rules! merchant_select {
    () => {
        "SELECT m.id, m.name, m.created_at, p.userid, p.linkkey, p.linkval, \
         p.common_feedbackurl, i.mid AS innopay_mid, i.license_key, i.cancel_pwd, i.pg_mids, \
         nc.url AS card_url, nc.interval_minutes AS card_interval, \
         nc.retry_count AS card_count, nc.since AS card_since, \
         ns.url AS cash_url, ns.interval_minutes AS cash_interval, \
         ns.retry_count AS cash_count, ns.since AS cash_since, \
         s.seller_id AS ipay_seller_id, s.site_url AS ipay_site_url \
         FROM merchants m LEFT JOIN payapp_accounts p ON p.merchant_id = m.id \
         LEFT JOIN ipay_sellers s ON s.merchant_id = m.id \
         LEFT JOIN innopay_accounts i ON i.merchant_id = m.id \
         LEFT JOIN innopay_notify_settings nc ON nc.merchant_id = m.id AND nc.method = 'card' \
         LEFT JOIN innopay_notify_settings ns ON ns.merchant_id = m.id AND ns.method = 'cash'"
    };
}

/// The lease statement: reserve the next attempt number of up to `$6` due
/// messages for this worker until `$1`. `$4` is business time (due-ness), `$5`
/// wall time (lease expiry). The outer `WHERE` re-checks the lease so a row
/// another worker took in the meantime is never taken twice.
///
/// `sqlite`: one writer, so no row locks. `postgres`: `SKIP LOCKED` so
/// concurrent workers pass over each other's rows, and the ids go through
/// `= ANY(ARRAY(…))` rather than `IN (…)`: with `IN`, PostgreSQL's generic
/// plan for the prepared statement hash-joins the subquery against a
/// sequential scan of the whole outbox (milliseconds per lease with a big
/// backlog); the array is computed once and looked up by primary key.
macro_rules! lease_sql {
    (@ $open:literal, $lock:literal, $close:literal) => {
        concat!(
            "UPDATE outbox SET locked_until = $1, lease_token = $2, lease_owner = $3, \
             attempts = attempts + 1 WHERE ",
            $open,
            "SELECT id FROM outbox WHERE state = 'pending' \
             AND next_attempt_at <= $4 \
             AND (locked_until IS NULL OR locked_until <= $5) \
             ORDER BY next_attempt_at, id LIMIT $6",
            $lock,
            $close,
            " AND state = 'pending' AND (locked_until IS NULL OR locked_until <= $5) \
             RETURNING ",
            outbox_columns!()
        )
    };
    (sqlite) => {
        lease_sql!(@ "id IN (", "", ")")
    };
    (postgres) => {
        lease_sql!(@ "id = ANY(ARRAY(", " FOR UPDATE SKIP LOCKED", "))")
    };
}

pub(crate) use {lease_sql, merchant_select, outbox_columns};

macro_rules! impl_store {
    ($store:ty, $db:ty, $backend:literal, $migrator:expr, $lease_sql:expr) => {
        #[async_trait::async_trait]
        impl $crate::Store for $store {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn migrate(&self) -> Result<(), $crate::StoreError> {
                $migrator.run(&self.writer).await?;
                Ok(())
            }

            async fn create_merchant(
                &self,
                m: gyeolje_core::NewMerchant,
                now: gyeolje_core::Timestamp,
            ) -> Result<gyeolje_core::Merchant, $crate::StoreError> {
                let mut tx = self.writer.begin().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO merchants (name, created_at) VALUES ($1, $2) RETURNING id",
                )
                .bind(&m.name)
                .bind(now.as_millis())
                .fetch_one(&mut *tx)
                .await?;
                if let Some(p) = &m.payapp {
                    sqlx::query(
                        "INSERT INTO payapp_accounts \
                         (merchant_id, userid, linkkey, linkval, common_feedbackurl) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(&p.userid)
                    .bind(p.linkkey.expose())
                    .bind(p.linkval.expose())
                    .bind(&p.common_feedbackurl)
                    .execute(&mut *tx)
                    .await?;
                }
                if let Some(i) = &m.innopay {
                    sqlx::query(
                        "INSERT INTO innopay_accounts \
                         (merchant_id, mid, license_key, cancel_pwd, pg_mids) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(&i.mid)
                    .bind(i.license_key.expose())
                    .bind(i.cancel_pwd.expose())
                    .bind(serde_json::to_string(&i.pg_mids)?)
                    .execute(&mut *tx)
                    .await?;
                    for method in gyeolje_core::NotifyMethod::ALL {
                        if let Some(setting) = i.notify.get(method) {
                            Self::write_notify_setting(&mut tx, id, method, setting).await?;
                        }
                    }
                }
                if let Some(s) = &m.ipay {
                    sqlx::query(
                        "INSERT INTO ipay_sellers (merchant_id, seller_id, site_url) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(id)
                    .bind(&s.seller_id)
                    .bind(&s.site_url)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(gyeolje_core::Merchant {
                    id: gyeolje_core::MerchantId::new(id),
                    name: m.name,
                    payapp: m.payapp,
                    innopay: m.innopay,
                    ipay: m.ipay,
                    created_at: now,
                })
            }

            async fn merchant(
                &self,
                id: gyeolje_core::MerchantId,
            ) -> Result<Option<gyeolje_core::Merchant>, $crate::StoreError> {
                let sql = concat!(merchant_select!(), " WHERE m.id = $1");
                let key = [$crate::writes::Param::Int(Some(id.get()))];
                let row = $crate::point_reads::PointReads::merchant_row(self, sql, &key).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn merchant_by_payapp_userid(
                &self,
                userid: &str,
            ) -> Result<Option<gyeolje_core::Merchant>, $crate::StoreError> {
                let sql = concat!(merchant_select!(), " WHERE p.userid = $1");
                let read = async {
                    let key = [$crate::writes::Param::Text(Some(userid.into()))];
                    let row =
                        $crate::point_reads::PointReads::merchant_row(self, sql, &key).await?;
                    row.map(TryInto::try_into).transpose()
                };
                self.merchants
                    .get_or_read($crate::merchant_cache::By::PayAppUserid, userid, read)
                    .await
            }

            async fn merchant_by_innopay_mid(
                &self,
                mid: &str,
            ) -> Result<Option<gyeolje_core::Merchant>, $crate::StoreError> {
                let sql = concat!(merchant_select!(), " WHERE i.mid = $1");
                let key = [$crate::writes::Param::Text(Some(mid.into()))];
                let row = $crate::point_reads::PointReads::merchant_row(self, sql, &key).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn set_innopay_notify_setting(
                &self,
                merchant: gyeolje_core::MerchantId,
                method: gyeolje_core::NotifyMethod,
                setting: Option<&gyeolje_core::NotifySetting>,
            ) -> Result<(), $crate::StoreError> {
                let mut tx = self.writer.begin().await?;
                sqlx::query(
                    "DELETE FROM innopay_notify_settings WHERE merchant_id = $1 AND method = $2",
                )
                .bind(merchant.get())
                .bind(method.as_str())
                .execute(&mut *tx)
                .await?;
                if let Some(setting) = setting {
                    Self::write_notify_setting(&mut tx, merchant.get(), method, setting).await?;
                }
                tx.commit().await?;
                self.merchants.forget(merchant);
                Ok(())
            }

            async fn payment_by_reference(
                &self,
                merchant: gyeolje_core::MerchantId,
                protocol: gyeolje_core::Protocol,
                reference: &str,
            ) -> Result<Option<gyeolje_core::Payment>, $crate::StoreError> {
                let sql = "SELECT body FROM payments \
                     WHERE merchant_id = $1 AND protocol = $2 AND reference = $3";
                let key = [
                    $crate::writes::Param::Int(Some(merchant.get())),
                    $crate::writes::Param::Text(Some(protocol.as_str().into())),
                    $crate::writes::Param::Text(Some(reference.into())),
                ];
                let row = $crate::point_reads::PointReads::payment_row(self, sql, &key).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn list_merchants(
                &self,
            ) -> Result<Vec<gyeolje_core::Merchant>, $crate::StoreError> {
                let sql = concat!(merchant_select!(), " ORDER BY m.id");
                let rows: Vec<$crate::rows::MerchantRow> =
                    sqlx::query_as(sql).fetch_all(&self.reader).await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn reserve_ids(
                &self,
                sequence: &str,
                count: u32,
            ) -> Result<std::ops::Range<i64>, $crate::StoreError> {
                let work = $crate::group_commit::Work::ReserveIds {
                    sequence: sequence.to_owned(),
                    count: i64::from(count.max(1)),
                };
                $crate::group_commit::submit(&self.queue, work)
                    .await?
                    .range()
            }

            async fn commit(
                &self,
                change: gyeolje_core::Change,
                now: gyeolje_core::Timestamp,
            ) -> Result<Vec<gyeolje_core::OutboxId>, $crate::StoreError> {
                let work = $crate::group_commit::Work::Change {
                    change: Box::new(change),
                    now,
                };
                $crate::group_commit::submit(&self.queue, work).await?.ids()
            }

            async fn payment(
                &self,
                id: gyeolje_core::PaymentId,
            ) -> Result<Option<gyeolje_core::Payment>, $crate::StoreError> {
                let sql = "SELECT body FROM payments WHERE id = $1";
                let key = [$crate::writes::Param::Int(Some(id.get()))];
                let row = $crate::point_reads::PointReads::payment_row(self, sql, &key).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn payment_by_page_code(
                &self,
                code: &gyeolje_core::PageCode,
            ) -> Result<Option<gyeolje_core::Payment>, $crate::StoreError> {
                let sql = "SELECT body FROM payments WHERE page_code = $1";
                let key = [$crate::writes::Param::Text(Some(code.as_str().into()))];
                let row = $crate::point_reads::PointReads::payment_row(self, sql, &key).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn events(
                &self,
                id: gyeolje_core::PaymentId,
            ) -> Result<Vec<gyeolje_core::EventRecord>, $crate::StoreError> {
                let rows: Vec<$crate::rows::EventRow> = sqlx::query_as(
                    "SELECT body FROM payment_events WHERE payment_id = $1 ORDER BY seq",
                )
                .bind(id.get())
                .fetch_all(&self.reader)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn due_expirations(
                &self,
                now: gyeolje_core::Timestamp,
                limit: u32,
            ) -> Result<Vec<gyeolje_core::Payment>, $crate::StoreError> {
                let rows: Vec<$crate::rows::PaymentRow> = sqlx::query_as(
                    "SELECT body FROM payments \
                     WHERE state IN ('requested', 'awaiting_deposit') AND expires_at <= $1 \
                     ORDER BY expires_at LIMIT $2",
                )
                .bind(now.as_millis())
                .bind(i64::from(limit))
                .fetch_all(&self.reader)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn due_settlements(
                &self,
                now: gyeolje_core::Timestamp,
                limit: u32,
            ) -> Result<Vec<gyeolje_core::Payment>, $crate::StoreError> {
                let rows: Vec<$crate::rows::PaymentRow> = sqlx::query_as(
                    "SELECT body FROM payments \
                     WHERE state = 'paid' AND settled_at IS NULL AND settle_due_at <= $1 \
                     ORDER BY settle_due_at LIMIT $2",
                )
                .bind(now.as_millis())
                .bind(i64::from(limit))
                .fetch_all(&self.reader)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn lease_outbox(
                &self,
                times: $crate::LeaseTimes,
                limit: u32,
                worker: &str,
                token: i64,
            ) -> Result<Vec<gyeolje_core::Lease>, $crate::StoreError> {
                let work = $crate::group_commit::Work::Lease($crate::group_commit::LeaseRequest {
                    until: times.wall_now.plus(times.lease_for),
                    token,
                    worker: worker.to_owned(),
                    business_now: times.business_now,
                    wall_now: times.wall_now,
                    limit,
                });
                $crate::group_commit::submit(&self.queue, work)
                    .await?
                    .leased()
            }

            async fn record_attempt(
                &self,
                lease: &gyeolje_core::Lease,
                a: &gyeolje_core::AttemptRecord,
                next: gyeolje_core::NextStep,
            ) -> Result<bool, $crate::StoreError> {
                let work = $crate::group_commit::Work::Attempt {
                    lease_id: lease.id,
                    token: lease.token,
                    attempt: Box::new(a.clone()),
                    next,
                };
                $crate::group_commit::submit(&self.queue, work)
                    .await?
                    .recorded()
            }

            async fn outbox_list(
                &self,
                f: &$crate::OutboxFilter,
            ) -> Result<Vec<gyeolje_core::OutboxRecord>, $crate::StoreError> {
                let sql = concat!(
                    "SELECT ",
                    outbox_columns!(),
                    " FROM outbox WHERE ($1 IS NULL OR state = $1) \
                     AND ($2 IS NULL OR payment_id = $2) AND ($3 IS NULL OR channel = $3) \
                     ORDER BY id DESC LIMIT $4"
                );
                let limit = if f.limit == 0 { 100 } else { f.limit };
                let rows: Vec<$crate::rows::OutboxRow> = sqlx::query_as(sql)
                    .bind(f.state.map(|s| s.as_str()))
                    .bind(f.payment_id.map(|p| p.get()))
                    .bind(f.channel.as_deref())
                    .bind(i64::from(limit))
                    .fetch_all(&self.reader)
                    .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn outbox_get(
                &self,
                id: gyeolje_core::OutboxId,
            ) -> Result<Option<gyeolje_core::OutboxRecord>, $crate::StoreError> {
                let sql = concat!("SELECT ", outbox_columns!(), " FROM outbox WHERE id = $1");
                let row: Option<$crate::rows::OutboxRow> = sqlx::query_as(sql)
                    .bind(id.get())
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn attempts(
                &self,
                id: gyeolje_core::OutboxId,
            ) -> Result<Vec<gyeolje_core::AttemptRecord>, $crate::StoreError> {
                let rows: Vec<$crate::rows::AttemptRow> = sqlx::query_as(
                    "SELECT outbox_id, attempt_no, started_at, target, request_body, status, \
                     response_excerpt, latency_ms, error, succeeded, worker \
                     FROM outbox_attempts WHERE outbox_id = $1 ORDER BY attempt_no",
                )
                .bind(id.get())
                .fetch_all(&self.reader)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn replay(
                &self,
                id: gyeolje_core::OutboxId,
                now: gyeolje_core::Timestamp,
            ) -> Result<bool, $crate::StoreError> {
                let done = sqlx::query(
                    "UPDATE outbox SET state = 'pending', next_attempt_at = $1, \
                     locked_until = NULL, lease_token = NULL, \
                     max_attempts = CASE WHEN attempts >= max_attempts THEN attempts + 1 \
                                         ELSE max_attempts END \
                     WHERE id = $2",
                )
                .bind(now.as_millis())
                .bind(id.get())
                .execute(&self.writer)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn outbox_counts(&self) -> Result<$crate::OutboxCounts, $crate::StoreError> {
                let rows: Vec<(String, i64)> =
                    sqlx::query_as("SELECT state, COUNT(*) FROM outbox GROUP BY state")
                        .fetch_all(&self.reader)
                        .await?;
                let mut c = $crate::OutboxCounts::default();
                for (state, n) in rows {
                    let n = u64::try_from(n).unwrap_or(0);
                    match gyeolje_core::OutboxState::parse(&state) {
                        Some(gyeolje_core::OutboxState::Pending) => c.pending = n,
                        Some(gyeolje_core::OutboxState::Delivered) => c.delivered = n,
                        Some(gyeolje_core::OutboxState::Failed) => c.failed = n,
                        None => {
                            return Err($crate::StoreError::Corrupt(format!(
                                "outbox state {state}"
                            )));
                        }
                    }
                }
                Ok(c)
            }

            async fn sms_to(
                &self,
                phone: &gyeolje_core::PhoneNumber,
                limit: u32,
            ) -> Result<Vec<gyeolje_core::OutboxRecord>, $crate::StoreError> {
                let sql = concat!(
                    "SELECT ",
                    outbox_columns!(),
                    " FROM outbox WHERE channel = 'sms' AND target = $1 ORDER BY id DESC LIMIT $2"
                );
                let rows: Vec<$crate::rows::OutboxRow> = sqlx::query_as(sql)
                    .bind(phone.as_str())
                    .bind(i64::from(limit))
                    .fetch_all(&self.reader)
                    .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn setting(&self, name: &str) -> Result<Option<i64>, $crate::StoreError> {
                Ok(
                    sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
                        .bind(name)
                        .fetch_optional(&self.reader)
                        .await?,
                )
            }

            async fn set_setting(&self, name: &str, value: i64) -> Result<(), $crate::StoreError> {
                sqlx::query(
                    "INSERT INTO settings (name, value) VALUES ($1, $2) \
                     ON CONFLICT (name) DO UPDATE SET value = $2",
                )
                .bind(name)
                .bind(value)
                .execute(&self.writer)
                .await?;
                Ok(())
            }
        }

        impl $store {
            async fn write_notify_setting(
                tx: &mut sqlx::Transaction<'static, $db>,
                merchant_id: i64,
                method: gyeolje_core::NotifyMethod,
                setting: &gyeolje_core::NotifySetting,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query(
                    "INSERT INTO innopay_notify_settings \
                     (merchant_id, method, url, interval_minutes, retry_count, since) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(merchant_id)
                .bind(method.as_str())
                .bind(&setting.url)
                .bind(i64::from(setting.interval_minutes))
                .bind(i64::from(setting.retry_count))
                .bind(setting.since.as_millis())
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            /// A point read through sqlx (see `point_reads`).
            async fn sqlx_merchant_row(
                pool: &sqlx::Pool<$db>,
                sql: &'static str,
                params: &[$crate::writes::Param<'_>],
            ) -> Result<Option<$crate::rows::MerchantRow>, $crate::StoreError> {
                let row = Self::bind_params(sqlx::query(sql), params)
                    .fetch_optional(pool)
                    .await?;
                Ok(row.map(|r| sqlx::FromRow::from_row(&r)).transpose()?)
            }

            /// A point read through sqlx (see `point_reads`).
            async fn sqlx_payment_row(
                pool: &sqlx::Pool<$db>,
                sql: &'static str,
                params: &[$crate::writes::Param<'_>],
            ) -> Result<Option<$crate::rows::PaymentRow>, $crate::StoreError> {
                let row = Self::bind_params(sqlx::query(sql), params)
                    .fetch_optional(pool)
                    .await?;
                Ok(row.map(|r| sqlx::FromRow::from_row(&r)).transpose()?)
            }

            /// Binds a statement's values (see `writes`) in order.
            fn bind_params<'q>(
                mut q: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments>,
                params: &[$crate::writes::Param<'_>],
            ) -> sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments> {
                for p in params {
                    q = match p {
                        $crate::writes::Param::Int(v) => q.bind(*v),
                        $crate::writes::Param::Text(v) => q.bind(v.as_deref()),
                    };
                }
                q
            }

            /// Runs one write statement; returns how many rows it changed.
            async fn write(
                tx: &mut sqlx::Transaction<'static, $db>,
                sql: &'static str,
                params: &[$crate::writes::Param<'_>],
            ) -> Result<u64, $crate::StoreError> {
                use sqlx::Executor as _;
                let q = Self::bind_params(sqlx::query(sql), params);
                Ok(tx.execute(q).await?.rows_affected())
            }

            /// Runs one `INSERT … RETURNING` of a single integer.
            async fn insert_returning(
                tx: &mut sqlx::Transaction<'static, $db>,
                sql: &'static str,
                params: &[$crate::writes::Param<'_>],
            ) -> Result<i64, $crate::StoreError> {
                use sqlx::Row as _;
                let q = Self::bind_params(sqlx::query(sql), params);
                Ok(q.fetch_one(&mut **tx).await?.try_get(0)?)
            }

            /// Writes one change inside the writer's open transaction.
            async fn apply_change(
                tx: &mut sqlx::Transaction<'static, $db>,
                change: &gyeolje_core::Change,
                now: gyeolje_core::Timestamp,
            ) -> Result<Vec<gyeolje_core::OutboxId>, $crate::StoreError> {
                use $crate::writes;
                match &change.payment {
                    Some(gyeolje_core::PaymentWrite::Insert(p)) => {
                        Self::write(tx, writes::INSERT_PAYMENT, &writes::insert_payment(p)?)
                            .await?;
                    }
                    Some(gyeolje_core::PaymentWrite::Update {
                        payment: p,
                        expected_version,
                    }) => {
                        let params = writes::update_payment(p, *expected_version)?;
                        if Self::write(tx, writes::UPDATE_PAYMENT, &params).await? != 1 {
                            return Err($crate::StoreError::Conflict(format!(
                                "payment {} is no longer at version {}",
                                p.id, expected_version
                            )));
                        }
                    }
                    None => {}
                }
                for e in &change.events {
                    Self::write(tx, writes::INSERT_EVENT, &writes::insert_event(e)?).await?;
                }
                // Pending messages, and messages already delivered before the
                // commit (with their one attempt).
                let messages = change
                    .outbox
                    .iter()
                    .map(|m| (m, None))
                    .chain(change.delivered.iter().map(|(m, a)| (m, Some(a))));
                let mut ids = Vec::with_capacity(change.outbox.len() + change.delivered.len());
                for (m, done) in messages {
                    let params = writes::insert_outbox(m, done, now);
                    let id = Self::insert_returning(tx, writes::INSERT_OUTBOX, &params).await?;
                    if let Some(a) = done {
                        let params = writes::insert_attempt(id, 1, a);
                        Self::write(tx, writes::INSERT_ATTEMPT, &params).await?;
                    }
                    ids.push(gyeolje_core::OutboxId::new(id));
                }
                for o in &change.orders {
                    Self::write(
                        tx,
                        writes::UPSERT_ESCROW_ORDER,
                        &writes::upsert_escrow_order(o)?,
                    )
                    .await?;
                }
                Ok(ids)
            }

            /// Records one delivery attempt inside the writer's open transaction.
            async fn apply_attempt(
                tx: &mut sqlx::Transaction<'static, $db>,
                lease_id: gyeolje_core::OutboxId,
                token: i64,
                a: &gyeolje_core::AttemptRecord,
                next: gyeolje_core::NextStep,
            ) -> Result<bool, $crate::StoreError> {
                use $crate::writes;
                Self::write(
                    tx,
                    writes::INSERT_ATTEMPT,
                    &writes::insert_attempt(a.outbox_id.get(), a.attempt_no, a),
                )
                .await?;
                let (sql, params) = writes::after_attempt(lease_id, token, a, next);
                Ok(Self::write(tx, sql, &params).await? == 1)
            }

            async fn apply_work(
                tx: &mut sqlx::Transaction<'static, $db>,
                work: &$crate::group_commit::Work,
            ) -> Result<$crate::group_commit::Done, $crate::StoreError> {
                use $crate::group_commit::{Done, Work};
                match work {
                    Work::Change { change, now } => {
                        Self::apply_change(tx, change, *now).await.map(Done::Ids)
                    }
                    Work::Attempt {
                        lease_id,
                        token,
                        attempt,
                        next,
                    } => Self::apply_attempt(tx, *lease_id, *token, attempt, *next)
                        .await
                        .map(Done::Recorded),
                    Work::Lease(l) => {
                        let q =
                            Self::bind_params(sqlx::query($lease_sql), &$crate::writes::lease(l));
                        let rows = q.fetch_all(&mut **tx).await?;
                        rows.iter()
                            .map(|r| {
                                let row: $crate::rows::OutboxRow = sqlx::FromRow::from_row(r)?;
                                row.into_lease(l.token, l.until)
                            })
                            .collect::<Result<_, _>>()
                            .map(Done::Leased)
                    }
                    Work::ReserveIds { sequence, count } => {
                        let params = [
                            $crate::writes::Param::Text(Some(sequence.as_str().into())),
                            $crate::writes::Param::Int(Some(*count)),
                        ];
                        let end = Self::insert_returning(tx, $crate::writes::RESERVE_IDS, &params)
                            .await?;
                        Ok(Done::Range(end - count..end))
                    }
                }
            }

            /// Writes a batch in one transaction. Optimistically (`isolated`
            /// false) the jobs run one after another with nothing between
            /// them — two round trips fewer per job than a savepoint each; if
            /// a job of several fails, the transaction is rolled back and the
            /// caller runs the batch again `isolated`, each job in its own
            /// savepoint, so that job's failure undoes that job alone.
            async fn write_batch(
                pool: &sqlx::Pool<$db>,
                batch: &[$crate::group_commit::Job],
                isolated: bool,
            ) -> Result<$crate::group_commit::Written, $crate::StoreError> {
                use $crate::group_commit::Written;
                let mut tx = pool.begin().await?;
                let written_together = if isolated {
                    batch.iter().map(|_| None).collect()
                } else {
                    match Self::bulk_creations(&mut tx, batch).await {
                        Ok(done) => done,
                        Err(_) => {
                            tx.rollback().await?;
                            return Ok(Written::RetryIsolated);
                        }
                    }
                };
                let mut outcomes = Vec::with_capacity(batch.len());
                for (job, together) in batch.iter().zip(written_together) {
                    if let Some(outcome) = together {
                        outcomes.push(outcome);
                        continue;
                    }
                    if isolated {
                        sqlx::query("SAVEPOINT change").execute(&mut *tx).await?;
                    }
                    let outcome = Self::apply_work(&mut tx, &job.work).await;
                    if isolated {
                        let end = if outcome.is_ok() {
                            "RELEASE SAVEPOINT change"
                        } else {
                            "ROLLBACK TO SAVEPOINT change"
                        };
                        sqlx::query(end).execute(&mut *tx).await?;
                    } else if outcome.is_err() {
                        tx.rollback().await?;
                        return Ok(if batch.len() == 1 {
                            Written::Committed(vec![outcome])
                        } else {
                            Written::RetryIsolated
                        });
                    }
                    outcomes.push(outcome);
                }
                tx.commit().await?;
                Ok(Written::Committed(outcomes))
            }

            /// The writer task (see `group_commit`): applies each batch of
            /// jobs in one transaction and answers every caller after the
            /// commit.
            async fn run_committer(pool: sqlx::Pool<$db>, jobs: $crate::group_commit::Jobs) {
                use $crate::group_commit::Written;
                while let Some(batch) = $crate::group_commit::next_batch(&jobs).await {
                    let written = match Self::write_batch(&pool, &batch, false).await {
                        Ok(Written::RetryIsolated) => Self::write_batch(&pool, &batch, true).await,
                        other => other,
                    };
                    $crate::group_commit::answer(batch, written);
                }
            }

            /// Starts `writers` writer tasks on this store's write pool.
            fn start_committer(
                pool: sqlx::Pool<$db>,
                writers: usize,
            ) -> $crate::group_commit::Queue {
                let (queue, jobs) = $crate::group_commit::queue();
                for _ in 0..writers.max(1) {
                    tokio::spawn(Self::run_committer(pool.clone(), jobs.clone()));
                }
                queue
            }
        }
    };
}

pub(crate) use impl_store;
