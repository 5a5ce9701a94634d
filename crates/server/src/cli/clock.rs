//! `gyeolje clock …`: the sandbox's business clock.

use super::common::{CliError, DbArgs, business_now, open, open_existing};
use crate::app::CLOCK_OFFSET_SETTING;
use clap::Subcommand;
use std::io::Write;

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

pub(super) async fn run(cmd: ClockCommand, out: &mut dyn Write) -> Result<(), CliError> {
    let (db, seconds) = match cmd {
        ClockCommand::Show { db } => (db, 0),
        ClockCommand::Advance { db, seconds } => (db, seconds),
    };
    // Showing the time only reads; moving it is a write that may prepare
    // a database like any other.
    let store = if seconds == 0 {
        open_existing(&db).await?
    } else {
        open(&db).await?
    };
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
