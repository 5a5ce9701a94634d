//! `gyeolje merchant …`: merchants and their credentials.

use super::common::{CliError, DbArgs, open, open_existing};
use crate::admin::merchant_view::{Extras, merchant_json, merchant_value, write_merchant};
use crate::admin::merchants::{self, MerchantError, MerchantInput};
use clap::{Args, Subcommand};
use gyeolje_core::{Clock, Merchant};
use gyeolje_sim::SystemClock;
use gyeolje_store::Store;
use serde_json::json;
use std::io::Write;

#[derive(Subcommand, Debug)]
pub enum MerchantCommand {
    /// List merchants (secrets masked).
    List {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        json: bool,
    },
    /// Create a merchant with any of the three protocols' credentials
    /// (secrets left out are generated and printed once).
    Create {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        input: MerchantInput,
        #[arg(long)]
        json: bool,
    },
    /// Show one merchant: ID, or a PayApp userid, InnoPay mid or iPay seller id.
    Show {
        #[command(flatten)]
        db: DbArgs,
        key: String,
        #[arg(long)]
        json: bool,
        /// Print secrets instead of masking them.
        #[arg(long)]
        reveal: bool,
    },
    /// Add or replace a merchant's credentials; add or remove iPay tickets.
    Update {
        #[command(flatten)]
        db: DbArgs,
        key: String,
        #[command(flatten)]
        input: MerchantInput,
        #[arg(long)]
        json: bool,
    },
    /// Disable a merchant: every protocol then refuses its credentials.
    Disable {
        #[command(flatten)]
        db: DbArgs,
        key: String,
    },
    /// Enable a disabled merchant again.
    Enable {
        #[command(flatten)]
        db: DbArgs,
        key: String,
    },
    /// Set an InnoPay merchant's result-notification URL, retry interval and
    /// retry count for one payment method (manual 002 §4.4). All three values
    /// are required, as in the manual; the running server uses the new
    /// setting for its next notification.
    NotifySettings(NotifySettingsArgs),
}

#[derive(Args, Debug)]
pub struct NotifySettingsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The InnoPay merchant id (e.g. testpay01m).
    #[arg(long)]
    pub mid: String,
    /// card (신용카드) or cash (현금).
    #[arg(long, default_value = "card")]
    pub method: String,
    /// Where results are POSTed (manual 002 §4.4 URL/IP).
    #[arg(long)]
    pub url: Option<String>,
    /// Minutes between retries, 1–60 (재전송간격).
    #[arg(long)]
    pub interval: Option<String>,
    /// Retries after the first attempt, 1–10 (재전송횟수).
    #[arg(long)]
    pub count: Option<String>,
    /// Remove the setting instead: no notifications for this method.
    #[arg(long, conflicts_with_all = ["url", "interval", "count"])]
    pub clear: bool,
    /// Only print the current settings.
    #[arg(long, conflicts_with_all = ["url", "interval", "count", "clear"])]
    pub show: bool,
    #[arg(long)]
    pub json: bool,
}

/// Prints a merchant as text or JSON, secrets masked unless `reveal`.
async fn print(
    out: &mut dyn Write,
    store: &dyn Store,
    m: &Merchant,
    json: bool,
    reveal: bool,
) -> Result<(), CliError> {
    let extras = Extras::load(store, m).await?;
    if json {
        writeln!(out, "{}", merchant_json(m, &extras, reveal))?;
    } else {
        write_merchant(out, m, &extras, reveal)?;
    }
    Ok(())
}

fn refused(e: MerchantError) -> CliError {
    match e {
        MerchantError::Store(e) => CliError::Store(e),
        other => CliError::Usage(other.to_string()),
    }
}

pub(super) async fn run(cmd: MerchantCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match cmd {
        MerchantCommand::List { db, json } => {
            let store = open_existing(&db).await?;
            let merchants = store.list_merchants().await?;
            if json {
                let mut list = Vec::with_capacity(merchants.len());
                for m in &merchants {
                    list.push(merchant_value(&*store, m, false).await?);
                }
                writeln!(out, "{}", serde_json::Value::Array(list))?;
            } else {
                for m in &merchants {
                    print(out, &*store, m, false, false).await?;
                }
            }
            Ok(())
        }
        MerchantCommand::Create { db, input, json } => {
            let store = open(&db).await?;
            let created = merchants::create(&*store, &input, SystemClock.now())
                .await
                .map_err(refused)?;
            print(out, &*store, &created, json, true).await
        }
        MerchantCommand::Show {
            db,
            key,
            json,
            reveal,
        } => {
            let store = open_existing(&db).await?;
            let m = merchants::find(&*store, &key).await.map_err(refused)?;
            print(out, &*store, &m, json, reveal).await
        }
        MerchantCommand::Update {
            db,
            key,
            input,
            json,
        } => {
            let store = open(&db).await?;
            let m = merchants::find(&*store, &key).await.map_err(refused)?;
            let updated = merchants::update(&*store, m, &input)
                .await
                .map_err(refused)?;
            print(out, &*store, &updated, json, false).await
        }
        MerchantCommand::Disable { db, key } => {
            let store = open(&db).await?;
            let m = merchants::find(&*store, &key).await.map_err(refused)?;
            let m = merchants::disable(&*store, m, SystemClock.now())
                .await
                .map_err(refused)?;
            writeln!(out, "merchant {} ({}) disabled", m.id, m.name)?;
            Ok(())
        }
        MerchantCommand::Enable { db, key } => {
            let store = open(&db).await?;
            let m = merchants::find(&*store, &key).await.map_err(refused)?;
            let m = merchants::enable(&*store, m).await.map_err(refused)?;
            writeln!(out, "merchant {} ({}) enabled", m.id, m.name)?;
            Ok(())
        }
        MerchantCommand::NotifySettings(args) => notify_settings(args, out).await,
    }
}

async fn notify_settings(args: NotifySettingsArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let store = open(&args.db).await?;
    let mid = args.mid.trim();
    let merchant = store
        .merchant_by_innopay_mid(mid)
        .await?
        .ok_or_else(|| CliError::Usage(format!("no InnoPay merchant with mid {mid:?}")))?;
    if args.clear {
        let method = gyeolje_core::NotifyMethod::parse(&args.method).ok_or_else(|| {
            CliError::Usage(
                gyeolje_core::NotifySettingError::Method(args.method.clone()).to_string(),
            )
        })?;
        store
            .set_innopay_notify_setting(merchant.id, method, None)
            .await?;
    } else if !args.show {
        let values = [
            args.url.as_deref(),
            args.interval.as_deref(),
            args.count.as_deref(),
        ];
        crate::innopay::settings::apply(&*store, mid, &args.method, values, SystemClock.now())
            .await
            .map_err(CliError::Usage)?;
    }
    let settings = store
        .merchant_by_innopay_mid(mid)
        .await?
        .and_then(|m| m.innopay)
        .map(|i| i.notify)
        .unwrap_or_default();
    if args.json {
        writeln!(
            out,
            "{}",
            json!({ "mid": mid, "settings": crate::innopay::settings::settings_json(&settings) })
        )?;
    } else {
        for method in gyeolje_core::NotifyMethod::ALL {
            match settings.get(method) {
                Some(s) => writeln!(
                    out,
                    "{mid} {method}: url={} interval={}min count={} since={}",
                    s.url,
                    s.interval_minutes,
                    s.retry_count,
                    s.since.kst_datetime()
                )?,
                None => writeln!(out, "{mid} {method}: (not set: no notifications)")?,
            }
        }
    }
    Ok(())
}
