//! `gyeolje clock …`: the sandbox's business clocks — the shared one and
//! each merchant's own (see `crate::clocks`).
//!
//! `clock show [--merchant KEY]` prints a clock's time;
//! `clock advance [--merchant KEY] (--seconds N | DURATION)` moves it
//! forward (`DURATION`: `90s`, `5m`, `36h`, `5d`, or several, `1d12h`).
//! With `--merchant`, the merchant's own clock, created at the shared time
//! by its first advance; `show --merchant` of a merchant without one says
//! it follows the shared clock.

use super::common::{
    CliError, DbArgs, at_offset, business_now, open, open_existing, own_clock, shared_offset,
};
use crate::admin::merchants::{self, MerchantError};
use crate::app::CLOCK_OFFSET_SETTING;
use clap::{ArgGroup, Subcommand};
use gyeolje_core::{Merchant, Timestamp};
use gyeolje_store::Store;
use std::io::Write;

#[derive(Subcommand, Debug)]
pub enum ClockCommand {
    /// Print the sandbox time (of one merchant's clock with --merchant).
    Show {
        #[command(flatten)]
        db: DbArgs,
        /// The merchant (id, PayApp userid, InnoPay mid or iPay seller id).
        #[arg(long, value_name = "KEY")]
        merchant: Option<String>,
    },
    /// Move the sandbox time forward (running servers pick it up within a
    /// second). With --merchant, only that merchant's own clock.
    #[command(group(ArgGroup::new("amount").required(true).args(["seconds", "duration"])))]
    Advance {
        #[command(flatten)]
        db: DbArgs,
        /// The merchant whose own clock moves (id, PayApp userid, InnoPay
        /// mid or iPay seller id).
        #[arg(long, value_name = "KEY")]
        merchant: Option<String>,
        #[arg(long)]
        seconds: Option<u64>,
        /// How far: a number with a unit, `90s`, `5m`, `36h`, `5d` (or
        /// several, `1d12h`).
        #[arg(value_name = "DURATION", value_parser = parse_duration)]
        duration: Option<u64>,
    },
}

/// `DURATION` in seconds: one or more `<number><unit>` with unit `s`, `m`,
/// `h` or `d`.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let usage =
        || format!("invalid duration {text:?}: use a number and a unit, e.g. 90s, 5m, 36h, 5d");
    let text_trimmed = text.trim();
    if text_trimmed.is_empty() {
        return Err(usage());
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in text_trimmed.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit: u64 = match c {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            _ => return Err(usage()),
        };
        let n: u64 = digits.parse().map_err(|_| usage())?;
        digits.clear();
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(|| format!("duration {text:?} is too long"))?;
    }
    if !digits.is_empty() {
        return Err(usage());
    }
    Ok(total)
}

fn refused(e: MerchantError) -> CliError {
    match e {
        MerchantError::Store(e) => CliError::Store(e),
        other => CliError::Usage(other.to_string()),
    }
}

pub(super) async fn run(cmd: ClockCommand, out: &mut dyn Write) -> Result<(), CliError> {
    let (db, merchant, seconds) = match cmd {
        ClockCommand::Show { db, merchant } => (db, merchant, None),
        ClockCommand::Advance {
            db,
            merchant,
            seconds,
            duration,
        } => (db, merchant, Some(seconds.or(duration).unwrap_or(0))),
    };
    // Showing the time only reads; moving it is a write that may prepare
    // a database like any other.
    let store = if seconds.is_none() {
        open_existing(&db).await?
    } else {
        open(&db).await?
    };
    let delta = seconds.map(|s| i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX));
    let Some(key) = merchant else {
        if let Some(add) = delta.filter(|d| *d > 0) {
            let offset = shared_offset(&*store).await?;
            store
                .set_setting(CLOCK_OFFSET_SETTING, offset.saturating_add(add))
                .await?;
        }
        let now = business_now(&*store).await?;
        writeln!(out, "{}", line(now))?;
        return Ok(());
    };
    let m = merchants::find(&*store, &key).await.map_err(refused)?;
    if let Some(add) = delta {
        let start = shared_offset(&*store).await?;
        store.advance_merchant_clock(m.id, start, add).await?;
    }
    show_merchant(&*store, &m, out).await
}

/// The time as `clock show` prints it.
fn line(now: Timestamp) -> String {
    format!("{} (KST {})", now.rfc3339(), now.kst_datetime())
}

async fn show_merchant(
    store: &dyn Store,
    m: &Merchant,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (now, whose) = match own_clock(store, m.id).await? {
        Some(offset) => (at_offset(offset), "own clock"),
        None => (business_now(store).await?, "follows the shared clock"),
    };
    writeln!(out, "{} merchant {} ({}): {whose}", line(now), m.id, m.name)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations_in_each_unit() {
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("5m"), Ok(300));
        assert_eq!(parse_duration("36h"), Ok(36 * 3_600));
        assert_eq!(parse_duration("5d"), Ok(5 * 86_400));
        assert_eq!(parse_duration("1d12h"), Ok(86_400 + 12 * 3_600));
        assert_eq!(parse_duration("0s"), Ok(0));
        assert_eq!(parse_duration(" 40d "), Ok(40 * 86_400));
    }

    #[test]
    fn bad_durations_are_refused_with_the_usage() {
        for bad in ["", "90", "5x", "h", "d5", "1.5h", "-5m", "5 m", "五d"] {
            let e = parse_duration(bad).expect_err(bad);
            assert!(e.contains("invalid duration"), "{bad}: {e}");
        }
        let e = parse_duration("99999999999999999999d").unwrap_err();
        assert!(
            e.contains("invalid duration") || e.contains("too long"),
            "{e}"
        );
        assert!(
            parse_duration("999999999999999d")
                .unwrap_err()
                .contains("too long")
        );
    }
}
