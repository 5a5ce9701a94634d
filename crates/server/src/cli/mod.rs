//! The `gyeolje` command line: `serve`, `migrate`, `merchant`, `payment`,
//! `notify`, `clock`, `admin`.
//!
//! Everything but `serve` is a short operator task against the database;
//! those write their output to a writer so tests can check it. One file per
//! command group.

mod admin;
mod clock;
pub(crate) mod common;
mod merchant;
mod notify;
mod payment;
mod payment_text;

pub use admin::AdminCommand;
pub use clock::ClockCommand;
pub use common::{CliError, DbArgs, mask_secrets};
pub use merchant::{MerchantCommand, NotifySettingsArgs};
pub use notify::NotifyCommand;
pub use payment::PaymentCommand;

use crate::config::ServeArgs;
use clap::{Parser, Subcommand};
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
    /// Create or upgrade the database (and seed the demo merchants) and exit.
    Migrate(DbArgs),
    /// Create, show, update, disable and list merchants.
    #[command(subcommand)]
    Merchant(MerchantCommand),
    /// Find payments and show what happened to one (read-only).
    #[command(subcommand)]
    Payment(PaymentCommand),
    /// Inspect and resend merchant callbacks and SMS.
    #[command(subcommand)]
    Notify(NotifyCommand),
    /// Show or move the sandbox clock.
    #[command(subcommand)]
    Clock(ClockCommand),
    /// The operator console's admin password.
    #[command(subcommand)]
    Admin(AdminCommand),
}
/// Runs an operator command (anything but `serve`).
pub async fn run(command: Command, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        Command::Serve(_) => Err(CliError::Usage("serve is run by the binary's main".into())),
        Command::Migrate(db) => {
            let store = common::open_seeded(&db).await?;
            writeln!(out, "migrations applied ({})", store.backend())?;
            Ok(())
        }
        Command::Merchant(cmd) => merchant::run(cmd, out).await,
        Command::Payment(cmd) => payment::run(cmd, out).await,
        Command::Notify(cmd) => notify::run(cmd, out).await,
        Command::Clock(cmd) => clock::run(cmd, out).await,
        Command::Admin(cmd) => admin::run(cmd, out).await,
    }
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
