//! `gyeolje payment …`: finding payments and showing what happened to one
//! (`admin::payments`). Both commands only read: they open the database
//! with `open_existing`, so a mistyped `--database` is an error naming the
//! URL, never a new empty database.

use super::common::{CliError, DbArgs, business_now_for, time};
use crate::admin::payments::{self, LookupError};
use crate::app::FrontEnds;
use clap::Subcommand;
use gyeolje_core::{PaymentState, Protocol, Timestamp};
use gyeolje_store::{PaymentFilter, Store};
use serde_json::Value;
use std::io::Write;
use std::sync::Arc;

#[derive(Subcommand, Debug)]
pub enum PaymentCommand {
    /// List payments, newest first.
    List {
        #[command(flatten)]
        db: DbArgs,
        /// A merchant id, PayApp userid, InnoPay mid or iPay seller id.
        #[arg(long)]
        merchant: Option<String>,
        /// payapp, innopay or ipay.
        #[arg(long)]
        protocol: Option<String>,
        /// requested, awaiting_deposit, paid, request_cancelled, expired or cancelled.
        #[arg(long)]
        state: Option<String>,
        /// Only payments requested at or after this time (RFC 3339).
        #[arg(long)]
        since: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show one payment: its events, escrow orders, and every message with
    /// each delivery attempt (secrets masked).
    Show {
        #[command(flatten)]
        db: DbArgs,
        /// A payment number, or a reference: PayApp mul_no, InnoPay tid or
        /// moid, iPay cart, pay or order number.
        reference: String,
        #[arg(long)]
        json: bool,
    },
}

/// The store of an existing database and the front ends that read references.
async fn open(db: &DbArgs) -> Result<(Arc<dyn Store>, FrontEnds), CliError> {
    let store = super::common::open_existing(db).await?;
    let front_ends = crate::frontends::registered().map_err(CliError::Usage)?;
    Ok((store, front_ends))
}

fn lookup(e: LookupError) -> CliError {
    match e {
        LookupError::Store(e) => CliError::Store(e),
        other => CliError::Usage(other.to_string()),
    }
}

fn parse_since(text: &str) -> Result<Timestamp, CliError> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| Timestamp::from_millis(t.timestamp_millis()))
        .map_err(|e| CliError::Usage(format!("--since {text:?} is not an RFC 3339 time: {e}")))
}

pub(super) async fn run(cmd: PaymentCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match cmd {
        PaymentCommand::List {
            db,
            merchant,
            protocol,
            state,
            since,
            limit,
            json,
        } => {
            let protocol = protocol
                .map(|p| {
                    Protocol::parse(p.trim()).ok_or_else(|| {
                        CliError::Usage(format!("unknown protocol {p:?} (payapp, innopay, ipay)"))
                    })
                })
                .transpose()?;
            let state = state
                .map(|s| {
                    PaymentState::parse(s.trim()).ok_or_else(|| {
                        let all: Vec<_> = PaymentState::ALL.iter().map(|s| s.as_str()).collect();
                        CliError::Usage(format!("unknown state {s:?} ({})", all.join(", ")))
                    })
                })
                .transpose()?;
            let since = since.as_deref().map(parse_since).transpose()?;
            let (store, front_ends) = open(&db).await?;
            let merchant = match merchant {
                Some(key) => Some(
                    crate::admin::merchants::find(&*store, &key)
                        .await
                        .map_err(|e| match e {
                            crate::admin::merchants::MerchantError::Store(e) => CliError::Store(e),
                            other => CliError::Usage(other.to_string()),
                        })?
                        .id,
                ),
                None => None,
            };
            let filter = PaymentFilter {
                merchant,
                protocol,
                state,
                since,
                q: None,
                limit,
            };
            let found = payments::list(&*store, &front_ends, &filter).await?;
            if json {
                let list: Vec<Value> = found
                    .iter()
                    .map(|p| payments::summary_json(&front_ends, p))
                    .collect();
                writeln!(out, "{}", Value::Array(list))?;
                return Ok(());
            }
            writeln!(
                out,
                "ID\tPROTOCOL\tMERCHANT\tSTATE\tAMOUNT\tCANCELLED\tREFERENCES\tREQUESTED"
            )?;
            for p in &found {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    p.id,
                    p.protocol,
                    p.merchant_id,
                    p.state,
                    p.amount,
                    p.cancelled_amount,
                    references_line(&front_ends, p),
                    time(p.requested_at)
                )?;
            }
            Ok(())
        }
        PaymentCommand::Show {
            db,
            reference,
            json,
        } => {
            let (store, front_ends) = open(&db).await?;
            let payment = payments::find(&*store, &front_ends, &reference)
                .await
                .map_err(lookup)?;
            let now = business_now_for(&*store, payment.merchant_id).await?;
            let detail = payments::detail_json(&*store, &front_ends, &payment, now).await?;
            if json {
                writeln!(out, "{detail}")?;
            } else {
                super::payment_text::write(out, &detail)?;
            }
            Ok(())
        }
    }
}

fn references_line(front_ends: &FrontEnds, p: &gyeolje_core::Payment) -> String {
    front_ends
        .get(p.protocol)
        .references(p)
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}
