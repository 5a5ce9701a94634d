//! The `gyeolje` binary.

use clap::Parser;
use gyeolje_server::cli::{Cli, Command};
use gyeolje_server::config::{Config, LogFormat, ServeArgs};
use gyeolje_server::{App, serve};
use std::process::ExitCode;
use tokio_util::sync::CancellationToken;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gyeolje: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => run_server(args).await,
            other => gyeolje_server::cli::run(other, &mut std::io::stdout().lock())
                .await
                .map_err(|e| e.to_string()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gyeolje: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

async fn run_server(args: ServeArgs) -> Result<(), String> {
    let config = Config::resolve(&args).map_err(|e| e.to_string())?;
    init_tracing(config.log_format);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(database = %gyeolje_store::redact_url(&config.database), "opening database");
    let app = App::build(config, bound).await.map_err(|e| e.to_string())?;
    tracing::info!(%bound, public_url = %app.public_url, backend = app.store.backend(), "listening");
    if app.config.sandbox {
        // Loud, and on stderr: stdout's first line is the one scripts read.
        tracing::warn!(
            "SANDBOX MODE: anyone who reaches this port can pay any request, move the clock and read every SMS (/sandbox/*), and callbacks may go to loopback and private addresses; run with --sandbox false to expose gyeolje"
        );
    }
    // Generated before the first line is printed, so a script that waits
    // for the listening line can read the console line right after it.
    let first_password =
        gyeolje_server::console::password::ensure_first(&*app.store, app.wall_now())
            .await
            .map_err(|e| e.to_string())?;
    // Scripts (and tests that start the binary on port 0) read this line.
    println!("gyeolje listening on http://{bound}");
    // The first admin password is shown here once, on stdout only (never in
    // the log), by the one process that generated it.
    match first_password {
        Some(p) => println!(
            "console: {}/console (first admin password: {p} — change it with gyeolje admin set-password)",
            app.public_url
        ),
        None => println!("console: {}/console", app.public_url),
    }
    let shutdown = CancellationToken::new();
    let trigger = shutdown.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutting down: finishing in-flight requests and deliveries");
        trigger.cancel();
    });
    serve(app, listener, shutdown)
        .await
        .map_err(|e| e.to_string())
}

async fn wait_for_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
