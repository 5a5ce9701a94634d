//! `gyeolje notify …`: merchant callbacks and SMS, and their attempts.

use super::common::{
    CliError, DbArgs, business_now, business_now_for, mask_secrets, open_existing, time,
};
use clap::Subcommand;
use gyeolje_core::{OutboxId, OutboxState, PaymentId};
use gyeolje_store::OutboxFilter;
use serde_json::json;
use std::io::Write;

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

pub(super) async fn run(cmd: NotifyCommand, out: &mut dyn Write) -> Result<(), CliError> {
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
            let records = open_existing(&db).await?.outbox_list(&filter).await?;
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
            let store = open_existing(&db).await?;
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
            let store = open_existing(&db).await?;
            // Due again now on the clock of the message's merchant.
            let merchant = match store.outbox_get(OutboxId::new(id)).await? {
                Some(r) => match r.message.payment_id {
                    Some(p) => store.payment(p).await?.map(|p| p.merchant_id),
                    None => None,
                },
                None => None,
            };
            let now = match merchant {
                Some(m) => business_now_for(&*store, m).await?,
                None => business_now(&*store).await?,
            };
            if store.replay(OutboxId::new(id), now).await? {
                writeln!(out, "message {id} queued for delivery")?;
                Ok(())
            } else {
                Err(CliError::Usage(format!("no message {id}")))
            }
        }
    }
}
