//! The `gyeolje` command line, run in this process through
//! `gyeolje_server::cli` (what `main` does), its output captured.

use clap::Parser;
use gyeolje_server::cli::{Cli, run};

/// Runs `gyeolje ARGS…`: `Ok` with what it printed, or `Err` with the text
/// of the argument error or of the command's failure.
pub async fn try_cli(args: &[&str]) -> Result<String, String> {
    let cli = Cli::try_parse_from(std::iter::once("gyeolje").chain(args.iter().copied()))
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    run(cli.command, &mut out)
        .await
        .map_err(|e| e.to_string())?;
    Ok(String::from_utf8(out).expect("the CLI prints UTF-8"))
}

/// Runs `gyeolje ARGS…` and asserts the arguments parse and the command
/// succeeds; returns what it printed.
pub async fn cli(args: &[&str]) -> String {
    try_cli(args)
        .await
        .unwrap_or_else(|e| panic!("gyeolje {}: {e}", args.join(" ")))
}

/// Runs `gyeolje ARGS…` and asserts it fails (bad arguments or a refused
/// command); returns the error text.
pub async fn cli_fails(args: &[&str]) -> String {
    match try_cli(args).await {
        Ok(out) => panic!("gyeolje {} succeeded: {out}", args.join(" ")),
        Err(e) => e,
    }
}
