//! `gyeolje admin …`: the operator console's admin password.
//!
//! The password is read from the terminal without echo (asked twice), or
//! with `--password-stdin` as the first line of standard input, for
//! scripts; it never appears in the arguments, where `ps` and shell history
//! would show it. Setting it ends every console session.

use super::common::{CliError, DbArgs, open};
use crate::console::password::{self, PasswordError};
use clap::Subcommand;
use gyeolje_core::Clock;
use gyeolje_sim::SystemClock;
use std::io::{BufRead, Write};

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Set the console's admin password (ends every console session).
    SetPassword {
        #[command(flatten)]
        db: DbArgs,
        /// Read the password from the first line of standard input instead
        /// of asking on the terminal.
        #[arg(long)]
        password_stdin: bool,
    },
}

impl From<PasswordError> for CliError {
    fn from(e: PasswordError) -> CliError {
        match e {
            PasswordError::Store(e) => CliError::Store(e),
            other => CliError::Usage(other.to_string()),
        }
    }
}

/// The new password, from stdin or the terminal.
fn read_password(from_stdin: bool) -> Result<String, CliError> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("new admin password: ")?;
    let again = rpassword::prompt_password("again: ")?;
    if first != again {
        return Err(CliError::Usage("the two passwords differ".into()));
    }
    Ok(first)
}

pub(super) async fn run(cmd: AdminCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match cmd {
        AdminCommand::SetPassword { db, password_stdin } => {
            let given = read_password(password_stdin)?;
            if given.chars().count() < password::MIN_LENGTH {
                return Err(PasswordError::TooShort.into());
            }
            let store = open(&db).await?;
            password::set(&*store, &given, SystemClock.now()).await?;
            writeln!(out, "admin password set; every console session was ended")?;
            Ok(())
        }
    }
}
