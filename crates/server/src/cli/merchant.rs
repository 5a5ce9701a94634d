//! `gyeolje merchant …`: merchants and their credentials.

use super::common::{CliError, DbArgs, open};
use clap::{Args, Subcommand};
use gyeolje_core::Clock;
use gyeolje_core::{NewMerchant, PayAppAccount, Secret};
use gyeolje_sim::SystemClock;
use gyeolje_store::StoreError;
use rand::RngExt;
use serde_json::json;
use std::io::Write;

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

pub(super) async fn run(cmd: MerchantCommand, out: &mut dyn Write) -> Result<(), CliError> {
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
                        callback_hosts: Vec::new(),
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
