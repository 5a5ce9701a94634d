//! What every command group shares: the database argument, the error type,
//! opening the store, the business clock and masking secrets in output.

use crate::app::CLOCK_OFFSET_SETTING;
use crate::config::DEFAULT_DATABASE;
use clap::Args;
use gyeolje_core::{Clock, MerchantId, Timestamp};
use gyeolje_sim::SystemClock;
use gyeolje_store::{Store, StoreError};

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// Database URL: sqlite://path or postgres://user@host/db.
    #[arg(long, env = "GYEOLJE_DATABASE", default_value = DEFAULT_DATABASE)]
    pub database: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Usage(String),
}

/// Form fields whose values are secrets (masked in `notify show`,
/// `payment show` and the admin API). Of every protocol's outbox bodies
/// only PayApp's feedback carries one (`linkkey`, `linkval`); InnoPay's
/// `LicenseKey` and `cancelPwd` are listed in case a body ever echoes them.
const SECRET_FIELDS: [&str; 4] = ["linkkey", "linkval", "LicenseKey", "cancelPwd"];

/// A form body with secret values replaced by `***`.
pub fn mask_secrets(body: &str) -> String {
    body.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if SECRET_FIELDS.contains(&k) => format!("{k}=***"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The store for a command that writes: created and migrated if need be.
/// Seeds nothing — the CLI does not know whether the database serves a
/// sandbox; `gyeolje migrate` and a sandbox server seed the demo merchants.
pub(crate) async fn open(db: &DbArgs) -> Result<std::sync::Arc<dyn Store>, CliError> {
    Ok(gyeolje_store::open(&db.database).await?)
}

/// [`open`], then the demo merchants (for `gyeolje migrate`).
pub(crate) async fn open_seeded(db: &DbArgs) -> Result<std::sync::Arc<dyn Store>, CliError> {
    let store = open(db).await?;
    crate::seed::seed_demo_merchants(&*store, SystemClock.now()).await?;
    Ok(store)
}

/// The store of a database that must already exist and be migrated, for
/// commands that only read: creates nothing, migrates nothing, seeds no
/// demo merchants (see `gyeolje_store::open_existing`).
pub(crate) async fn open_existing(db: &DbArgs) -> Result<std::sync::Arc<dyn Store>, CliError> {
    Ok(gyeolje_store::open_existing(&db.database).await?)
}

pub(crate) fn time(t: Timestamp) -> String {
    t.rfc3339()
}

/// The shared business clock's offset from the OS time.
pub(crate) async fn shared_offset(store: &dyn Store) -> Result<i64, CliError> {
    Ok(store.setting(CLOCK_OFFSET_SETTING).await?.unwrap_or(0))
}

/// Business time on the shared clock.
pub(crate) async fn business_now(store: &dyn Store) -> Result<Timestamp, CliError> {
    Ok(at_offset(shared_offset(store).await?))
}

/// The OS time shifted by a clock's offset.
pub(crate) fn at_offset(offset_ms: i64) -> Timestamp {
    Timestamp::from_millis(SystemClock.now().as_millis().saturating_add(offset_ms))
}

/// `merchant`'s own clock offset, if it has its own clock (see
/// `crate::clocks`).
pub(crate) async fn own_clock(
    store: &dyn Store,
    merchant: MerchantId,
) -> Result<Option<i64>, CliError> {
    Ok(store
        .merchant_clocks()
        .await?
        .into_iter()
        .find_map(|(m, offset)| (m == merchant).then_some(offset)))
}

/// Business time for `merchant`'s payments: its own clock, else the
/// shared one.
pub(crate) async fn business_now_for(
    store: &dyn Store,
    merchant: MerchantId,
) -> Result<Timestamp, CliError> {
    match own_clock(store, merchant).await? {
        Some(offset) => Ok(at_offset(offset)),
        None => business_now(store).await,
    }
}
