//! The `gyeolje` command line: `serve`, `migrate`, `merchant`, `notify`, `clock`.
//!
//! Everything but `serve` is a short operator task against the database;
//! those write their output to a writer so tests can check it.

use crate::app::CLOCK_OFFSET_SETTING;
use crate::config::{DEFAULT_DATABASE, ServeArgs};
use clap::{Args, Parser, Subcommand};
use gyeolje_core::Clock;
use gyeolje_core::{
    NewMerchant, OutboxId, OutboxState, PayAppAccount, PaymentId, Secret, Timestamp,
};
use gyeolje_sim::SystemClock;
use gyeolje_store::{OutboxFilter, Store, StoreError};
use rand::RngExt;
use serde_json::json;
use std::io::Write;

#[derive(Parser, Debug)]
#[command(
    name = "gyeolje",
    version,
    about = "A payment gateway for PayApp, InnoPay and iPay integrations"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// List or create merchants.
    #[command(subcommand)]
    Merchant(MerchantCommand),
    /// Inspect and resend merchant callbacks and SMS.
    #[command(subcommand)]
    Notify(NotifyCommand),
    /// Show or move the sandbox clock.
    #[command(subcommand)]
    Clock(ClockCommand),
}

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// Database URL: sqlite://path or postgres://user@host/db.
    #[arg(long, env = "GYEOLJE_DATABASE", default_value = DEFAULT_DATABASE)]
    pub database: String,
}

#[derive(Subcommand, Debug)]
pub enum MerchantCommand {
    /// List merchants and their credentials.
    List {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        json: bool,
    },
    /// Create a merchant with PayApp credentials (generated unless given).
    Create {
        #[command(flatten)]
        db: DbArgs,
        /// Shop name shown to buyers.
        #[arg(long)]
        name: String,
        #[arg(long)]
        payapp_userid: String,
        #[arg(long)]
        payapp_linkkey: Option<String>,
        #[arg(long)]
        payapp_linkval: Option<String>,
        #[arg(long)]
        common_feedbackurl: Option<String>,
        #[arg(long)]
        json: bool,
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

#[derive(Subcommand, Debug)]
pub enum NotifyCommand {
    /// List messages, newest first.
    List {
        #[command(flatten)]
        db: DbArgs,
        /// pending, delivered or failed.
        #[arg(long)]
        state: Option<String>,
        /// Only this payment's messages.
        #[arg(long)]
        payment: Option<i64>,
        /// http, sms or acquirer (refunds and voids).
        #[arg(long)]
        channel: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show one message and every attempt to deliver it.
    Show {
        #[command(flatten)]
        db: DbArgs,
        id: i64,
        #[arg(long)]
        json: bool,
        /// Show link keys and values in bodies instead of masking them.
        #[arg(long)]
        reveal: bool,
    },
    /// Send a message again now (one more attempt if it had used them all).
    Replay {
        #[command(flatten)]
        db: DbArgs,
        id: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum ClockCommand {
    /// Print the sandbox time.
    Show {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Move the sandbox time forward (running servers pick it up within a second).
    Advance {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        seconds: u64,
    },
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

/// Form fields whose values are secrets (masked in `notify show`).
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

fn random_key() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut rng = rand::rng();
    let mut key: String = (0..43)
        .map(|_| char::from(ALPHABET[rng.random_range(0..64)]))
        .collect();
    key.push('=');
    key
}

fn merchant_json(m: &gyeolje_core::Merchant) -> serde_json::Value {
    json!({
        "id": m.id.get(),
        "name": m.name,
        "created_at": m.created_at.rfc3339(),
        "payapp": m.payapp.as_ref().map(|p| json!({
            "userid": p.userid,
            "linkkey": p.linkkey.expose(),
            "linkval": p.linkval.expose(),
            "common_feedbackurl": p.common_feedbackurl,
        })),
        "innopay": m.innopay.as_ref().map(|i| json!({
            "mid": i.mid,
            "license_key": i.license_key.expose(),
            "cancel_pwd": i.cancel_pwd.expose(),
            "pg_mids": i.pg_mids.iter().map(|p| json!({"pg_mid": p.pg_mid, "svc_prdt_cd": p.product_code})).collect::<Vec<_>>(),
            "notify": crate::innopay::settings::settings_json(&i.notify),
        })),
    })
}

fn write_merchant(out: &mut dyn Write, m: &gyeolje_core::Merchant) -> std::io::Result<()> {
    writeln!(out, "{}\t{}", m.id, m.name)?;
    if let Some(p) = &m.payapp {
        writeln!(
            out,
            "  payapp userid={} linkkey={} linkval={}",
            p.userid,
            p.linkkey.expose(),
            p.linkval.expose()
        )?;
        if let Some(url) = &p.common_feedbackurl {
            writeln!(out, "  payapp common_feedbackurl={url}")?;
        }
    }
    if let Some(i) = &m.innopay {
        let pg: Vec<String> = i
            .pg_mids
            .iter()
            .map(|p| format!("{}({})", p.pg_mid, p.product_code))
            .collect();
        writeln!(
            out,
            "  innopay mid={} license_key={} cancel_pwd={} pg_mids={}",
            i.mid,
            i.license_key.expose(),
            i.cancel_pwd.expose(),
            pg.join(",")
        )?;
        for method in gyeolje_core::NotifyMethod::ALL {
            if let Some(s) = i.notify.get(method) {
                writeln!(
                    out,
                    "  innopay notify {method}: url={} interval={}min count={}",
                    s.url, s.interval_minutes, s.retry_count
                )?;
            }
        }
    }
    Ok(())
}

/// Adds a PayApp account's `kind` and `parent` to its listing.
fn with_hierarchy(
    mut v: serde_json::Value,
    seller: Option<&gyeolje_core::PayAppSeller>,
) -> serde_json::Value {
    if let (Some(s), Some(p)) = (seller, v.get_mut("payapp").and_then(|p| p.as_object_mut())) {
        p.insert("kind".into(), json!(s.kind.as_str()));
        p.insert("parent".into(), json!(s.parent));
    }
    v
}

fn write_hierarchy(out: &mut dyn Write, s: &gyeolje_core::PayAppSeller) -> std::io::Result<()> {
    match &s.parent {
        Some(parent) => writeln!(out, "  payapp kind={} parent={parent}", s.kind),
        None => writeln!(out, "  payapp kind={}", s.kind),
    }
}

/// Runs an operator command (anything but `serve`).
pub async fn run(command: Command, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        Command::Serve(_) => Err(CliError::Usage("serve is run by the binary's main".into())),
        Command::Migrate(db) => {
            let store = gyeolje_store::open(&db.database).await?;
            writeln!(out, "migrations applied ({})", store.backend())?;
            Ok(())
        }
        Command::Merchant(cmd) => merchant(cmd, out).await,
        Command::Notify(cmd) => notify(cmd, out).await,
        Command::Clock(cmd) => clock(cmd, out).await,
    }
}

async fn open(db: &DbArgs) -> Result<std::sync::Arc<dyn Store>, CliError> {
    let store = gyeolje_store::open(&db.database).await?;
    crate::seed::seed_demo_merchants(&*store, SystemClock.now()).await?;
    Ok(store)
}

async fn merchant(cmd: MerchantCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match cmd {
        MerchantCommand::List { db, json } => {
            let store = open(&db).await?;
            let merchants = store.list_merchants().await?;
            let sellers = store.list_payapp_sellers().await?;
            let seller_of =
                |m: &gyeolje_core::Merchant| sellers.iter().find(|s| s.merchant_id == m.id);
            if json {
                let list: Vec<_> = merchants
                    .iter()
                    .map(|m| with_hierarchy(merchant_json(m), seller_of(m)))
                    .collect();
                writeln!(out, "{}", serde_json::Value::Array(list))?;
            } else {
                for m in &merchants {
                    write_merchant(out, m)?;
                    if let Some(s) = seller_of(m) {
                        write_hierarchy(out, s)?;
                    }
                }
            }
            Ok(())
        }
        MerchantCommand::Create {
            db,
            name,
            payapp_userid,
            payapp_linkkey,
            payapp_linkval,
            common_feedbackurl,
            json,
        } => {
            let userid = payapp_userid.trim().to_owned();
            if userid.is_empty() || name.trim().is_empty() {
                return Err(CliError::Usage(
                    "--name and --payapp-userid must not be empty".into(),
                ));
            }
            let store = open(&db).await?;
            let created = store
                .create_merchant(
                    NewMerchant {
                        innopay: None,
                        ipay: None,
                        name: name.trim().to_owned(),
                        payapp: Some(PayAppAccount {
                            userid,
                            linkkey: Secret::new(payapp_linkkey.unwrap_or_else(random_key)),
                            linkval: Secret::new(payapp_linkval.unwrap_or_else(random_key)),
                            common_feedbackurl,
                        }),
                    },
                    SystemClock.now(),
                )
                .await
                .map_err(|e| match e {
                    StoreError::Conflict(_) => {
                        CliError::Usage("that PayApp userid is already taken".into())
                    }
                    other => other.into(),
                })?;
            if json {
                writeln!(out, "{}", merchant_json(&created))?;
            } else {
                write_merchant(out, &created)?;
            }
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

fn time(t: Timestamp) -> String {
    t.rfc3339()
}

async fn notify(cmd: NotifyCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match cmd {
        NotifyCommand::List {
            db,
            state,
            payment,
            channel,
            limit,
            json,
        } => {
            let state = match state.as_deref() {
                None => None,
                Some(s) => Some(OutboxState::parse(s).ok_or_else(|| {
                    CliError::Usage(format!("unknown state {s:?} (pending, delivered, failed)"))
                })?),
            };
            let filter = OutboxFilter {
                state,
                payment_id: payment.map(PaymentId::new),
                channel,
                limit,
            };
            let records = open(&db).await?.outbox_list(&filter).await?;
            if json {
                let list: Vec<_> = records
                    .iter()
                    .map(|r| json!({
                        "id": r.id.get(), "kind": r.message.kind, "channel": r.message.channel.name(),
                        "target": r.message.channel.target(), "state": r.state.as_str(), "attempts": r.attempts,
                        "payment_id": r.message.payment_id.map(|p| p.get()),
                        "next_attempt_at": time(r.next_attempt_at), "last_error": r.last_error,
                    }))
                    .collect();
                writeln!(out, "{}", serde_json::Value::Array(list))?;
            } else {
                writeln!(
                    out,
                    "ID\tSTATE\tATTEMPTS\tKIND\tTARGET\tNEXT ATTEMPT\tLAST ERROR"
                )?;
                for r in &records {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        r.id,
                        r.state.as_str(),
                        r.attempts,
                        r.message.kind,
                        r.message.channel.target(),
                        time(r.next_attempt_at),
                        r.last_error.as_deref().unwrap_or("")
                    )?;
                }
            }
            Ok(())
        }
        NotifyCommand::Show {
            db,
            id,
            json,
            reveal,
        } => {
            let store = open(&db).await?;
            let id = OutboxId::new(id);
            let record = store
                .outbox_get(id)
                .await?
                .ok_or_else(|| CliError::Usage(format!("no message {id}")))?;
            let attempts = store.attempts(id).await?;
            let shown = |body: &str| {
                if reveal {
                    body.to_owned()
                } else {
                    mask_secrets(body)
                }
            };
            if json {
                let list: Vec<_> = attempts
                    .iter()
                    .map(|a| json!({
                        "attempt": a.attempt_no, "started_at": time(a.started_at), "target": a.target,
                        "request_body": shown(&a.request_body), "status": a.status,
                        "response_excerpt": a.response_excerpt, "latency_ms": a.latency_ms,
                        "error": a.error, "succeeded": a.succeeded, "worker": a.worker,
                    }))
                    .collect();
                writeln!(
                    out,
                    "{}",
                    json!({
                        "id": record.id.get(), "kind": record.message.kind, "channel": record.message.channel.name(),
                        "target": record.message.channel.target(), "state": record.state.as_str(),
                        "attempts": record.attempts, "max_attempts": record.message.retry.max_attempts,
                        "payment_id": record.message.payment_id.map(|p| p.get()),
                        "body": shown(&record.message.body), "created_at": time(record.created_at),
                        "next_attempt_at": time(record.next_attempt_at), "last_error": record.last_error,
                        "history": list,
                    })
                )?;
            } else {
                writeln!(
                    out,
                    "message {} ({}) to {}",
                    record.id,
                    record.message.kind,
                    record.message.channel.target()
                )?;
                writeln!(
                    out,
                    "state: {}  attempts: {}/{}",
                    record.state.as_str(),
                    record.attempts,
                    record.message.retry.max_attempts
                )?;
                writeln!(out, "body: {}", shown(&record.message.body))?;
                for a in &attempts {
                    writeln!(
                        out,
                        "  #{} {} status={} {}ms {} {}",
                        a.attempt_no,
                        time(a.started_at),
                        a.status.map_or("-".to_owned(), |s| s.to_string()),
                        a.latency_ms,
                        if a.succeeded { "ok" } else { "failed" },
                        a.error
                            .as_deref()
                            .or(a.response_excerpt.as_deref())
                            .unwrap_or("")
                    )?;
                }
            }
            Ok(())
        }
        NotifyCommand::Replay { db, id } => {
            let store = open(&db).await?;
            let now = business_now(&*store).await?;
            if store.replay(OutboxId::new(id), now).await? {
                writeln!(out, "message {id} queued for delivery")?;
                Ok(())
            } else {
                Err(CliError::Usage(format!("no message {id}")))
            }
        }
    }
}

async fn business_now(store: &dyn Store) -> Result<Timestamp, CliError> {
    let offset = store.setting(CLOCK_OFFSET_SETTING).await?.unwrap_or(0);
    Ok(Timestamp::from_millis(
        SystemClock.now().as_millis() + offset,
    ))
}

async fn clock(cmd: ClockCommand, out: &mut dyn Write) -> Result<(), CliError> {
    let (db, seconds) = match cmd {
        ClockCommand::Show { db } => (db, 0),
        ClockCommand::Advance { db, seconds } => (db, seconds),
    };
    let store = open(&db).await?;
    if seconds > 0 {
        let offset = store.setting(CLOCK_OFFSET_SETTING).await?.unwrap_or(0);
        let add = i64::try_from(seconds.saturating_mul(1000)).unwrap_or(i64::MAX);
        store
            .set_setting(CLOCK_OFFSET_SETTING, offset.saturating_add(add))
            .await?;
    }
    let now = business_now(&*store).await?;
    writeln!(out, "{} (KST {})", now.rfc3339(), now.kst_datetime())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn masks_secret_fields() {
        assert_eq!(
            mask_secrets("userid=a&linkkey=K&price=1&linkval=V"),
            "userid=a&linkkey=***&price=1&linkval=***"
        );
    }
}
