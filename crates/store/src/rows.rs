//! Rows as both drivers return them, and their decoding into core types.
//!
//! Rows come back from sqlx (PostgreSQL, SQLite scans) and from rusqlite
//! (SQLite's writer thread and point reads). Both are read through
//! [`Cells`], so each row shape has one decoder, used by both. A decoder
//! reads its columns in the order of the statement's select list — by
//! position, which costs nothing on either driver — and names each one:
//! debug builds check the name against the row's own, so the tests catch a
//! decoder and a select list that drift apart. Every column is `i64` or
//! `String` (PostgreSQL uses BIGINT throughout) so the types line up.

use crate::error::StoreError;
use gyeolje_core::{
    AttemptRecord, Channel, EventRecord, InnoPayAccount, IpayAccount, Lease, Merchant, MerchantId,
    NotifyMethod, NotifySetting, NotifySettings, OutboxId, OutboxMessage, OutboxRecord,
    OutboxState, PayAppAccount, Payment, PaymentId, Protocol, RetryPolicy, Secret, SuccessRule,
    Timestamp,
};

/// One result row, read column after column in its select list's order.
pub(crate) trait Cells {
    fn int(&mut self, name: &str) -> Result<i64, StoreError>;
    fn opt_int(&mut self, name: &str) -> Result<Option<i64>, StoreError>;
    fn text(&mut self, name: &str) -> Result<String, StoreError>;
    fn opt_text(&mut self, name: &str) -> Result<Option<String>, StoreError>;
}

/// A decoder: what one row of a statement is.
pub(crate) type Decode<T> = fn(&mut dyn Cells) -> Result<T, StoreError>;

fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {value}"))
}

fn to_u32(what: &str, v: i64) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| corrupt(what, v))
}

/// The `id` an `INSERT … RETURNING id` returns.
pub(crate) fn id(c: &mut dyn Cells) -> Result<i64, StoreError> {
    c.int("id")
}

/// A JSON `body` column: the payments, events and escrow orders tables keep
/// the whole record there; their other columns are copies for indexing and
/// constraints.
fn body<T: serde::de::DeserializeOwned>(c: &mut dyn Cells) -> Result<T, StoreError> {
    Ok(serde_json::from_str(&c.text("body")?)?)
}

pub(crate) fn payment(c: &mut dyn Cells) -> Result<Payment, StoreError> {
    body(c)
}

pub(crate) fn event(c: &mut dyn Cells) -> Result<EventRecord, StoreError> {
    body(c)
}

pub(crate) fn order(c: &mut dyn Cells) -> Result<gyeolje_core::escrow::EscrowOrder, StoreError> {
    body(c)
}

/// A merchant with its accounts and §4.4 settings, in the column order
/// [`merchant`] reads. Queries add their `JOIN`s and `WHERE` after it.
const MERCHANT_SELECT: &str = "SELECT m.id, m.name, m.created_at, p.userid, p.linkkey, \
     p.linkval, p.common_feedbackurl, i.mid AS innopay_mid, i.license_key, i.cancel_pwd, \
     i.pg_mids, nc.url AS card_url, nc.interval_minutes AS card_interval, \
     nc.retry_count AS card_count, nc.since AS card_since, \
     ns.url AS cash_url, ns.interval_minutes AS cash_interval, \
     ns.retry_count AS cash_count, ns.since AS cash_since, \
     s.seller_id AS ipay_seller_id, s.site_url AS ipay_site_url, \
     m.callback_hosts, m.disabled_at \
     FROM merchants m LEFT JOIN payapp_accounts p ON p.merchant_id = m.id \
     LEFT JOIN ipay_sellers s ON s.merchant_id = m.id \
     LEFT JOIN innopay_accounts i ON i.merchant_id = m.id \
     LEFT JOIN innopay_notify_settings nc ON nc.merchant_id = m.id AND nc.method = 'card' \
     LEFT JOIN innopay_notify_settings ns ON ns.merchant_id = m.id AND ns.method = 'cash'";

/// The merchant select followed by `rest` (built once per statement).
pub(crate) fn merchant_select(rest: &str) -> String {
    format!("{MERCHANT_SELECT} {rest}")
}

/// One §4.4 setting as the merchant query joins it in: `url`, interval,
/// count and since, all `NULL` when the merchant has none for that method.
type NotifyColumns = (Option<String>, Option<i64>, Option<i64>, Option<i64>);

fn notify_columns(c: &mut dyn Cells, names: [&str; 4]) -> Result<NotifyColumns, StoreError> {
    let [url, interval, count, since] = names;
    Ok((
        c.opt_text(url)?,
        c.opt_int(interval)?,
        c.opt_int(count)?,
        c.opt_int(since)?,
    ))
}

fn notify_setting(
    method: NotifyMethod,
    columns: NotifyColumns,
) -> Result<Option<NotifySetting>, StoreError> {
    let (Some(url), Some(interval), Some(count), Some(since)) = columns else {
        return Ok(None);
    };
    Ok(Some(NotifySetting {
        url,
        interval_minutes: to_u32(&format!("{method} notify interval"), interval)?,
        retry_count: to_u32(&format!("{method} notify retry count"), count)?,
        since: Timestamp::from_millis(since),
    }))
}

/// A row of [`merchant_select`].
pub(crate) fn merchant(c: &mut dyn Cells) -> Result<Merchant, StoreError> {
    let id = MerchantId::new(c.int("id")?);
    let name = c.text("name")?;
    let created_at = Timestamp::from_millis(c.int("created_at")?);
    let payapp = match (
        c.opt_text("userid")?,
        c.opt_text("linkkey")?,
        c.opt_text("linkval")?,
        c.opt_text("common_feedbackurl")?,
    ) {
        (Some(userid), Some(linkkey), Some(linkval), common_feedbackurl) => Some(PayAppAccount {
            userid,
            linkkey: Secret::new(linkkey),
            linkval: Secret::new(linkval),
            common_feedbackurl,
        }),
        _ => None,
    };
    let innopay = (
        c.opt_text("innopay_mid")?,
        c.opt_text("license_key")?,
        c.opt_text("cancel_pwd")?,
        c.opt_text("pg_mids")?,
    );
    let card = notify_columns(c, ["card_url", "card_interval", "card_count", "card_since"])?;
    let cash = notify_columns(c, ["cash_url", "cash_interval", "cash_count", "cash_since"])?;
    let ipay_seller_id = c.opt_text("ipay_seller_id")?;
    let ipay_site_url = c.opt_text("ipay_site_url")?;
    let callback_hosts = c.opt_text("callback_hosts")?;
    let disabled_at = c.opt_int("disabled_at")?;
    let innopay = match innopay {
        (Some(mid), Some(license_key), Some(cancel_pwd), Some(pg_mids)) => Some(InnoPayAccount {
            mid,
            license_key: Secret::new(license_key),
            cancel_pwd: Secret::new(cancel_pwd),
            pg_mids: serde_json::from_str(&pg_mids)?,
            notify: NotifySettings {
                card: notify_setting(NotifyMethod::Card, card)?,
                cash: notify_setting(NotifyMethod::Cash, cash)?,
            },
        }),
        _ => None,
    };
    Ok(Merchant {
        id,
        name,
        payapp,
        innopay,
        ipay: ipay_seller_id.map(|seller_id| IpayAccount {
            seller_id,
            site_urls: split_list(ipay_site_url.as_deref(), '\n'),
        }),
        callback_hosts: split_list(callback_hosts.as_deref(), ','),
        disabled_at: disabled_at.map(Timestamp::from_millis),
        created_at,
    })
}

/// A list kept in one text column, `sep`-separated (`NULL` is empty).
fn split_list(text: Option<&str>, sep: char) -> Vec<String> {
    text.into_iter()
        .flat_map(|t| t.split(sep))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The text column [`split_list`] reads back (`None` for an empty list).
pub(crate) fn join_list(values: &[String], sep: char) -> Option<String> {
    (!values.is_empty()).then(|| values.join(&sep.to_string()))
}

/// The columns of an outbox row, shared by leases and records, in the
/// order of `tables::OUTBOX`.
pub(crate) struct OutboxRow {
    pub id: i64,
    pub message: OutboxMessage,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub created_at: i64,
    pub last_error: Option<String>,
    pub delivered_at: Option<i64>,
}

pub(crate) fn outbox_row(c: &mut dyn Cells) -> Result<OutboxRow, StoreError> {
    let id = c.int("id")?;
    let kind = c.text("kind")?;
    let protocol = c.text("protocol")?;
    let payment_id = c.opt_int("payment_id")?;
    let channel = c.text("channel")?;
    let target = c.text("target")?;
    let content_type = c.text("content_type")?;
    let body = c.text("body")?;
    let success_rule = c.text("success_rule")?;
    let max_attempts = c.int("max_attempts")?;
    let retry_delays = c.text("retry_delays")?;
    let channel = Channel::from_stored(&channel, &target, &content_type)
        .map_err(|e| corrupt("channel", e))?;
    let message = OutboxMessage {
        kind,
        protocol: Protocol::parse(&protocol).ok_or_else(|| corrupt("protocol", &protocol))?,
        payment_id: payment_id.map(PaymentId::new),
        channel,
        body,
        success: SuccessRule::decode(&success_rule)
            .ok_or_else(|| corrupt("success rule", &success_rule))?,
        retry: RetryPolicy::decode(to_u32("max_attempts", max_attempts)?, &retry_delays)
            .ok_or_else(|| corrupt("retry delays", &retry_delays))?,
    };
    Ok(OutboxRow {
        id,
        message,
        state: c.text("state")?,
        attempts: c.int("attempts")?,
        next_attempt_at: c.int("next_attempt_at")?,
        created_at: c.int("created_at")?,
        last_error: c.opt_text("last_error")?,
        delivered_at: c.opt_int("delivered_at")?,
    })
}

impl OutboxRow {
    /// The row a lease statement returned, as the lease `token` holds it until `until`.
    pub fn into_lease(
        self,
        token: i64,
        until: Timestamp,
        merchant_id: Option<i64>,
    ) -> Result<Lease, StoreError> {
        Ok(Lease {
            id: OutboxId::new(self.id),
            token,
            attempt_no: to_u32("attempts", self.attempts)?,
            message: self.message,
            locked_until: until,
            merchant_id: merchant_id.map(MerchantId::new),
        })
    }
}

/// A row of the lease statement: the outbox columns and the payment's
/// merchant (`writes::lease_sql`).
pub(crate) fn leased_row(c: &mut dyn Cells) -> Result<(OutboxRow, Option<i64>), StoreError> {
    let row = outbox_row(c)?;
    Ok((row, c.opt_int("merchant_id")?))
}

pub(crate) fn outbox_record(c: &mut dyn Cells) -> Result<OutboxRecord, StoreError> {
    let r = outbox_row(c)?;
    Ok(OutboxRecord {
        id: OutboxId::new(r.id),
        message: r.message,
        state: OutboxState::parse(&r.state).ok_or_else(|| corrupt("outbox state", &r.state))?,
        attempts: to_u32("attempts", r.attempts)?,
        next_attempt_at: Timestamp::from_millis(r.next_attempt_at),
        created_at: Timestamp::from_millis(r.created_at),
        last_error: r.last_error,
        delivered_at: r.delivered_at.map(Timestamp::from_millis),
    })
}

/// A row of `tables::ATTEMPTS`.
pub(crate) fn attempt(c: &mut dyn Cells) -> Result<AttemptRecord, StoreError> {
    let outbox_id = OutboxId::new(c.int("outbox_id")?);
    let attempt_no = c.int("attempt_no")?;
    let started_at = Timestamp::from_millis(c.int("started_at")?);
    let target = c.text("target")?;
    let request_body = c.text("request_body")?;
    let status = c.opt_int("status")?;
    let response_excerpt = c.opt_text("response_excerpt")?;
    let latency_ms = c.int("latency_ms")?;
    let error = c.opt_text("error")?;
    let succeeded = c.int("succeeded")?;
    let worker = c.text("worker")?;
    Ok(AttemptRecord {
        outbox_id,
        attempt_no: to_u32("attempt_no", attempt_no)?,
        started_at,
        target,
        request_body,
        status: status
            .map(|s| u16::try_from(s).map_err(|_| corrupt("status", s)))
            .transpose()?,
        response_excerpt,
        latency_ms: u64::try_from(latency_ms).map_err(|_| corrupt("latency", latency_ms))?,
        error,
        succeeded: succeeded != 0,
        worker,
    })
}
