//! Rows as both backends return them, and their conversion to core types.
//!
//! `#[derive(FromRow)]` is generic over the database, so SQLite and
//! PostgreSQL decode through the same structs. Every column is `i64` or
//! `String` (PostgreSQL uses BIGINT throughout) so the types line up.

use crate::StoreError;
use gyeolje_core::{
    AttemptRecord, Channel, EventRecord, InnoPayAccount, IpayAccount, Lease, Merchant, MerchantId,
    NotifyMethod, NotifySetting, NotifySettings, OutboxId, OutboxMessage, OutboxRecord,
    OutboxState, PayAppAccount, Payment, PaymentId, Protocol, RetryPolicy, Secret, SuccessRule,
    Timestamp,
};

fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {value}"))
}

fn to_u32(what: &str, v: i64) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| corrupt(what, v))
}

#[derive(sqlx::FromRow)]
pub(crate) struct MerchantRow {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub userid: Option<String>,
    pub linkkey: Option<String>,
    pub linkval: Option<String>,
    pub common_feedbackurl: Option<String>,
    pub innopay_mid: Option<String>,
    pub license_key: Option<String>,
    pub cancel_pwd: Option<String>,
    pub pg_mids: Option<String>,
    pub card_url: Option<String>,
    pub card_interval: Option<i64>,
    pub card_count: Option<i64>,
    pub card_since: Option<i64>,
    pub cash_url: Option<String>,
    pub cash_interval: Option<i64>,
    pub cash_count: Option<i64>,
    pub cash_since: Option<i64>,
    pub ipay_seller_id: Option<String>,
    pub ipay_site_url: Option<String>,
}

/// One §4.4 setting as the merchant query joins it in: `url`, interval,
/// count and since, all `NULL` when the merchant has none for that method.
type NotifyColumns = (Option<String>, Option<i64>, Option<i64>, Option<i64>);

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

impl TryFrom<MerchantRow> for Merchant {
    type Error = StoreError;
    fn try_from(r: MerchantRow) -> Result<Self, StoreError> {
        let payapp = match (r.userid, r.linkkey, r.linkval) {
            (Some(userid), Some(linkkey), Some(linkval)) => Some(PayAppAccount {
                userid,
                linkkey: Secret::new(linkkey),
                linkval: Secret::new(linkval),
                common_feedbackurl: r.common_feedbackurl,
            }),
            _ => None,
        };
        let innopay = match (r.innopay_mid, r.license_key, r.cancel_pwd, r.pg_mids) {
            (Some(mid), Some(license_key), Some(cancel_pwd), Some(pg_mids)) => {
                Some(InnoPayAccount {
                    mid,
                    license_key: Secret::new(license_key),
                    cancel_pwd: Secret::new(cancel_pwd),
                    pg_mids: serde_json::from_str(&pg_mids)?,
                    notify: NotifySettings {
                        card: notify_setting(
                            NotifyMethod::Card,
                            (r.card_url, r.card_interval, r.card_count, r.card_since),
                        )?,
                        cash: notify_setting(
                            NotifyMethod::Cash,
                            (r.cash_url, r.cash_interval, r.cash_count, r.cash_since),
                        )?,
                    },
                })
            }
            _ => None,
        };
        Ok(Merchant {
            id: MerchantId::new(r.id),
            name: r.name,
            payapp,
            innopay,
            ipay: r.ipay_seller_id.map(|seller_id| IpayAccount {
                seller_id,
                site_url: r.ipay_site_url,
            }),
            created_at: Timestamp::from_millis(r.created_at),
        })
    }
}

/// The payments table keeps the whole aggregate as JSON in `body`; the other
/// columns are copies for indexing and constraints.
#[derive(sqlx::FromRow)]
pub(crate) struct PaymentRow {
    pub body: String,
}

impl TryFrom<PaymentRow> for Payment {
    type Error = StoreError;
    fn try_from(r: PaymentRow) -> Result<Self, StoreError> {
        Ok(serde_json::from_str(&r.body)?)
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub body: String,
}

impl TryFrom<EventRow> for EventRecord {
    type Error = StoreError;
    fn try_from(r: EventRow) -> Result<Self, StoreError> {
        Ok(serde_json::from_str(&r.body)?)
    }
}

/// The message columns of an outbox row, shared by leases and records.
#[derive(sqlx::FromRow)]
pub(crate) struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub protocol: String,
    pub payment_id: Option<i64>,
    pub channel: String,
    pub target: String,
    pub content_type: String,
    pub body: String,
    pub success_rule: String,
    pub max_attempts: i64,
    pub retry_delays: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub created_at: i64,
    pub last_error: Option<String>,
    pub delivered_at: Option<i64>,
}

impl OutboxRow {
    /// The row a lease statement returned, as the lease `token` holds it until `until`.
    pub fn into_lease(self, token: i64, until: Timestamp) -> Result<Lease, StoreError> {
        Ok(Lease {
            id: OutboxId::new(self.id),
            token,
            attempt_no: to_u32("attempts", self.attempts)?,
            message: self.message()?,
            locked_until: until,
        })
    }

    pub fn message(&self) -> Result<OutboxMessage, StoreError> {
        let channel = Channel::from_stored(&self.channel, &self.target, &self.content_type)
            .map_err(|e| corrupt("channel", e))?;
        Ok(OutboxMessage {
            kind: self.kind.clone(),
            protocol: Protocol::parse(&self.protocol)
                .ok_or_else(|| corrupt("protocol", &self.protocol))?,
            payment_id: self.payment_id.map(PaymentId::new),
            channel,
            body: self.body.clone(),
            success: SuccessRule::decode(&self.success_rule)
                .ok_or_else(|| corrupt("success rule", &self.success_rule))?,
            retry: RetryPolicy::decode(
                to_u32("max_attempts", self.max_attempts)?,
                &self.retry_delays,
            )
            .ok_or_else(|| corrupt("retry delays", &self.retry_delays))?,
        })
    }
}

impl TryFrom<OutboxRow> for OutboxRecord {
    type Error = StoreError;
    fn try_from(r: OutboxRow) -> Result<Self, StoreError> {
        Ok(OutboxRecord {
            id: OutboxId::new(r.id),
            message: r.message()?,
            state: OutboxState::parse(&r.state).ok_or_else(|| corrupt("outbox state", &r.state))?,
            attempts: to_u32("attempts", r.attempts)?,
            next_attempt_at: Timestamp::from_millis(r.next_attempt_at),
            created_at: Timestamp::from_millis(r.created_at),
            last_error: r.last_error,
            delivered_at: r.delivered_at.map(Timestamp::from_millis),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AttemptRow {
    pub outbox_id: i64,
    pub attempt_no: i64,
    pub started_at: i64,
    pub target: String,
    pub request_body: String,
    pub status: Option<i64>,
    pub response_excerpt: Option<String>,
    pub latency_ms: i64,
    pub error: Option<String>,
    pub succeeded: i64,
    pub worker: String,
}

impl TryFrom<AttemptRow> for AttemptRecord {
    type Error = StoreError;
    fn try_from(r: AttemptRow) -> Result<Self, StoreError> {
        Ok(AttemptRecord {
            outbox_id: OutboxId::new(r.outbox_id),
            attempt_no: to_u32("attempt_no", r.attempt_no)?,
            started_at: Timestamp::from_millis(r.started_at),
            target: r.target,
            request_body: r.request_body,
            status: r
                .status
                .map(|s| u16::try_from(s).map_err(|_| corrupt("status", s)))
                .transpose()?,
            response_excerpt: r.response_excerpt,
            latency_ms: u64::try_from(r.latency_ms)
                .map_err(|_| corrupt("latency", r.latency_ms))?,
            error: r.error,
            succeeded: r.succeeded != 0,
            worker: r.worker,
        })
    }
}
