//! Configuration: command-line flags, then `GYEOLJE_*` environment variables
//! (clap reads both), then an optional TOML file, then defaults. Each source
//! only fills what the ones before it left unset.

use clap::Args;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// The default database: an SQLite file under `./data/`.
pub const DEFAULT_DATABASE: &str = "sqlite://./data/gyeolje.db";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Connections open at once, by default: far above what a gateway process
/// serves on its own, far below a typical file-descriptor limit.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;
/// Request bodies above this size are refused in the protocol's error shape.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Log line format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// Flags of `gyeolje serve` (each also readable from its environment variable).
#[derive(Args, Debug, Default, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "GYEOLJE_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Database URL: sqlite://path or postgres://user@host/db.
    #[arg(long, env = "GYEOLJE_DATABASE")]
    pub database: Option<String>,
    /// The URL buyers and merchants reach this server at (payurl, csturl,
    /// SMS links). Defaults to `http://<listen address>` (https with TLS).
    #[arg(long, env = "GYEOLJE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Serve the /sandbox API (test cards, SMS inbox, clock). On by default.
    #[arg(long, env = "GYEOLJE_SANDBOX")]
    pub sandbox: Option<bool>,
    /// A TOML file with any of these settings.
    #[arg(long, env = "GYEOLJE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Log format: text or json.
    #[arg(long, env = "GYEOLJE_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Seconds a payment request stays payable.
    #[arg(long, env = "GYEOLJE_REQUEST_TTL_SECS")]
    pub request_ttl_secs: Option<u64>,
    /// Seconds a delivery worker holds a leased message (must exceed the callback timeout).
    #[arg(long, env = "GYEOLJE_LEASE_SECS")]
    pub lease_secs: Option<u64>,
    /// Seconds to wait for a merchant's callback endpoint.
    #[arg(long, env = "GYEOLJE_CALLBACK_TIMEOUT_SECS")]
    pub callback_timeout_secs: Option<u64>,
    /// Deliveries in flight at once in this process.
    #[arg(long, env = "GYEOLJE_DELIVERY_CONCURRENCY")]
    pub delivery_concurrency: Option<usize>,
    /// Deliveries in flight at once to one destination (host:port of the
    /// target URL), so one slow endpoint holds at most this many of the
    /// slots. Default 8.
    #[arg(long, env = "GYEOLJE_DELIVERY_DESTINATION_LIMIT")]
    pub delivery_destination_limit: Option<usize>,
    /// Merchant callbacks in flight at once for one merchant, over all its
    /// destinations. Default 16.
    #[arg(long, env = "GYEOLJE_DELIVERY_MERCHANT_LIMIT")]
    pub delivery_merchant_limit: Option<usize>,
    /// Longest pause of a destination whose attempts keep timing out or
    /// being refused (the pause doubles from 1 s). Default 300.
    #[arg(long, env = "GYEOLJE_DELIVERY_BACKOFF_MAX_SECS")]
    pub delivery_backoff_max_secs: Option<u64>,
    /// Run delivery and expiry workers in this process (default true).
    #[arg(long, env = "GYEOLJE_WORKERS")]
    pub workers: Option<bool>,
    /// Refuse API calls that did not come over HTTPS (PayApp errno 70001).
    #[arg(long, env = "GYEOLJE_REQUIRE_HTTPS")]
    pub require_https: Option<bool>,
    /// Proxies whose X-Forwarded-Proto header is believed (comma-separated IPs).
    #[arg(long, env = "GYEOLJE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Option<Vec<IpAddr>>,
    /// Hosts whose iPay `item_image` URLs are fetched for the 400 KB check
    /// (comma-separated; `*` for any host, empty for none). Default `*`.
    #[arg(long, env = "GYEOLJE_IPAY_IMAGE_HOSTS", value_delimiter = ',')]
    pub ipay_image_hosts: Option<Vec<String>>,
    /// In production mode (`--sandbox false`), hosts callbacks may reach
    /// although they are loopback or private (comma-separated names or
    /// addresses). The sandbox posts anywhere.
    #[arg(long, env = "GYEOLJE_CALLBACK_ALLOW_HOSTS", value_delimiter = ',')]
    pub callback_allow_hosts: Option<Vec<String>>,
    /// Seconds a secret stays locked after too many wrong guesses (InnoPay
    /// cancelPwd; see `throttle`). Default 900.
    #[arg(long, env = "GYEOLJE_GUESS_LOCKOUT_SECS")]
    pub guess_lockout_secs: Option<u64>,
    /// Seconds a kept-alive connection may sit idle after a reply before it
    /// is closed (also the longest a request's headers may take). Default 5.
    #[arg(long, env = "GYEOLJE_IDLE_TIMEOUT_SECS")]
    pub idle_timeout_secs: Option<u64>,
    /// Connections open at once; past it new ones are closed as they
    /// arrive. Default 4096.
    #[arg(long, env = "GYEOLJE_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// Bearer token of the admin API (`/admin/api/…`); without one the API
    /// answers 404. Never logged.
    #[arg(long, env = "GYEOLJE_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// How long the simulated card acquirer keeps a payment waiting before
    /// it answers "timed out" (the timeout test card, and armed acquirer
    /// timeout faults): `5s` by default; `250ms`, `2s`, `1m` or plain seconds.
    #[arg(long, env = "GYEOLJE_SIM_ACQUIRER_TIMEOUT", value_parser = parse_duration)]
    pub sim_acquirer_timeout: Option<Duration>,
    /// PEM certificate chain: serve HTTPS (with --tls-key).
    #[arg(long, env = "GYEOLJE_TLS_CERT")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for --tls-cert.
    #[arg(long, env = "GYEOLJE_TLS_KEY")]
    pub tls_key: Option<PathBuf>,
}

/// The same settings, from a TOML file.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<SocketAddr>,
    database: Option<String>,
    public_url: Option<String>,
    sandbox: Option<bool>,
    log_format: Option<LogFormat>,
    request_ttl_secs: Option<u64>,
    lease_secs: Option<u64>,
    callback_timeout_secs: Option<u64>,
    delivery_concurrency: Option<usize>,
    delivery_destination_limit: Option<usize>,
    delivery_merchant_limit: Option<usize>,
    delivery_backoff_max_secs: Option<u64>,
    workers: Option<bool>,
    require_https: Option<bool>,
    trusted_proxies: Option<Vec<IpAddr>>,
    ipay_image_hosts: Option<Vec<String>>,
    callback_allow_hosts: Option<Vec<String>>,
    guess_lockout_secs: Option<u64>,
    idle_timeout_secs: Option<u64>,
    max_connections: Option<usize>,
    admin_token: Option<String>,
    sim_acquirer_timeout: Option<DurationText>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
}

/// Resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub database: String,
    pub public_url: Option<String>,
    pub sandbox: bool,
    pub log_format: LogFormat,
    pub request_ttl: Duration,
    pub lease: Duration,
    pub callback_timeout: Duration,
    pub delivery_concurrency: usize,
    /// Deliveries in flight at once per destination (`workers::lanes`).
    pub delivery_destination_limit: usize,
    /// Merchant callbacks in flight at once per merchant.
    pub delivery_merchant_limit: usize,
    /// The longest a failing destination is paused.
    pub delivery_backoff_max: Duration,
    pub workers: bool,
    /// How often idle workers look for due work (they are also woken on commits).
    pub poll_interval: Duration,
    pub require_https: bool,
    pub trusted_proxies: Vec<IpAddr>,
    /// Hosts whose iPay `item_image` URLs are fetched (see `ipay::image`);
    /// `*` matches any host. An image on another host is not checked.
    pub ipay_image_hosts: Vec<String>,
    /// Loopback or private hosts callbacks may reach in production mode
    /// (see `target_guard`).
    pub callback_allow_hosts: Vec<String>,
    /// How long a secret stays locked after too many wrong guesses.
    pub guess_lockout: Duration,
    /// How long an idle kept-alive connection stays open (`listener.rs`).
    pub idle_timeout: Duration,
    /// Connections open at once (`connection_limit.rs`).
    pub max_connections: usize,
    /// The admin API's bearer token (`admin::api`); `None` turns the API off.
    pub admin_token: Option<gyeolje_core::Secret>,
    /// Certificate chain and key files; both set means the server speaks HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// How long the simulated acquirer takes to answer "timed out".
    pub sim_acquirer_timeout: Duration,
}

/// The default of `--sim-acquirer-timeout`: a real card network gives up
/// after some seconds, and a shop's payment page must cope with that wait.
pub const DEFAULT_SIM_ACQUIRER_TIMEOUT: Duration = Duration::from_secs(5);

/// A duration in the config file: `"250ms"`, `"5s"`, `"1m"`, or seconds.
#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum DurationText {
    Seconds(u64),
    Text(String),
}

/// Parses `250ms`, `5s`, `2m` or plain seconds (`5`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a duration (e.g. 250ms, 5s, 1m)"))?;
    match unit.trim() {
        "ms" => Ok(Duration::from_millis(n)),
        "" | "s" => Ok(Duration::from_secs(n)),
        "m" => Ok(Duration::from_secs(n.saturating_mul(60))),
        other => Err(format!("unknown unit {other:?} in {text:?} (ms, s or m)")),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("{0}")]
    Invalid(String),
}

impl Config {
    /// Defaults for everything; tests override fields directly.
    pub fn with_database(database: impl Into<String>) -> Config {
        Config {
            listen: DEFAULT_LISTEN
                .parse()
                .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080))),
            database: database.into(),
            public_url: None,
            sandbox: true,
            log_format: LogFormat::Text,
            request_ttl: Duration::from_secs(30 * 24 * 3600),
            lease: Duration::from_secs(60),
            callback_timeout: Duration::from_secs(10),
            delivery_concurrency: 64,
            delivery_destination_limit: 8,
            delivery_merchant_limit: 16,
            delivery_backoff_max: Duration::from_secs(300),
            workers: true,
            poll_interval: Duration::from_millis(250),
            require_https: false,
            trusted_proxies: Vec::new(),
            ipay_image_hosts: vec!["*".into()],
            callback_allow_hosts: Vec::new(),
            guess_lockout: Duration::from_secs(900),
            idle_timeout: Duration::from_secs(5),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            admin_token: None,
            tls: None,
            sim_acquirer_timeout: DEFAULT_SIM_ACQUIRER_TIMEOUT,
        }
    }

    pub fn resolve(args: &ServeArgs) -> Result<Config, ConfigError> {
        let file = match &args.config {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                toml::from_str(&text).map_err(|source| ConfigError::Parse {
                    path: path.clone(),
                    source,
                })?
            }
            None => FileConfig::default(),
        };
        let d = Config::with_database(DEFAULT_DATABASE);
        let c = Config {
            listen: args.listen.or(file.listen).unwrap_or(d.listen),
            database: args
                .database
                .clone()
                .or(file.database)
                .unwrap_or(d.database),
            public_url: args.public_url.clone().or(file.public_url),
            sandbox: args.sandbox.or(file.sandbox).unwrap_or(d.sandbox),
            log_format: args.log_format.or(file.log_format).unwrap_or(d.log_format),
            request_ttl: secs(
                args.request_ttl_secs.or(file.request_ttl_secs),
                d.request_ttl,
            ),
            lease: secs(args.lease_secs.or(file.lease_secs), d.lease),
            callback_timeout: secs(
                args.callback_timeout_secs.or(file.callback_timeout_secs),
                d.callback_timeout,
            ),
            delivery_concurrency: args
                .delivery_concurrency
                .or(file.delivery_concurrency)
                .unwrap_or(d.delivery_concurrency),
            delivery_destination_limit: args
                .delivery_destination_limit
                .or(file.delivery_destination_limit)
                .unwrap_or(d.delivery_destination_limit),
            delivery_merchant_limit: args
                .delivery_merchant_limit
                .or(file.delivery_merchant_limit)
                .unwrap_or(d.delivery_merchant_limit),
            delivery_backoff_max: secs(
                args.delivery_backoff_max_secs
                    .or(file.delivery_backoff_max_secs),
                d.delivery_backoff_max,
            ),
            workers: args.workers.or(file.workers).unwrap_or(d.workers),
            poll_interval: d.poll_interval,
            require_https: args.require_https.or(file.require_https).unwrap_or(false),
            trusted_proxies: args
                .trusted_proxies
                .clone()
                .or(file.trusted_proxies)
                .unwrap_or_default(),
            ipay_image_hosts: args
                .ipay_image_hosts
                .clone()
                .or(file.ipay_image_hosts)
                .unwrap_or(d.ipay_image_hosts),
            callback_allow_hosts: args
                .callback_allow_hosts
                .clone()
                .or(file.callback_allow_hosts)
                .unwrap_or_default(),
            guess_lockout: secs(
                args.guess_lockout_secs.or(file.guess_lockout_secs),
                d.guess_lockout,
            ),
            idle_timeout: secs(
                args.idle_timeout_secs.or(file.idle_timeout_secs),
                d.idle_timeout,
            ),
            max_connections: args
                .max_connections
                .or(file.max_connections)
                .unwrap_or(d.max_connections),
            admin_token: args
                .admin_token
                .clone()
                .or(file.admin_token)
                .filter(|t| !t.trim().is_empty())
                .map(gyeolje_core::Secret::new),
            sim_acquirer_timeout: match (args.sim_acquirer_timeout, file.sim_acquirer_timeout) {
                (Some(d), _) => d,
                (None, Some(DurationText::Seconds(n))) => Duration::from_secs(n),
                (None, Some(DurationText::Text(t))) => parse_duration(&t)
                    .map_err(|why| ConfigError::Invalid(format!("sim_acquirer_timeout: {why}")))?,
                (None, None) => d.sim_acquirer_timeout,
            },
            tls: match (
                args.tls_cert.clone().or(file.tls_cert),
                args.tls_key.clone().or(file.tls_key),
            ) {
                (Some(cert), Some(key)) => Some((cert, key)),
                (None, None) => None,
                _ => {
                    return Err(ConfigError::Invalid(
                        "tls_cert and tls_key go together".into(),
                    ));
                }
            },
        };
        c.validate()?;
        Ok(c)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.lease <= self.callback_timeout {
            return Err(ConfigError::Invalid(
                "lease_secs must be longer than callback_timeout_secs, or a slow callback \
                 could be attempted twice"
                    .into(),
            ));
        }
        if self.idle_timeout.is_zero() {
            return Err(ConfigError::Invalid(
                "idle_timeout_secs must be at least 1".into(),
            ));
        }
        if self.max_connections == 0 {
            return Err(ConfigError::Invalid(
                "max_connections must be at least 1".into(),
            ));
        }
        if self.delivery_destination_limit == 0 || self.delivery_merchant_limit == 0 {
            return Err(ConfigError::Invalid(
                "delivery_destination_limit and delivery_merchant_limit must be at least 1".into(),
            ));
        }
        if self.delivery_concurrency == 0 {
            return Err(ConfigError::Invalid(
                "delivery_concurrency must be at least 1".into(),
            ));
        }
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError::Invalid(
                "public_url must start with http(s)://".into(),
            ));
        }
        Ok(())
    }
}

fn secs(v: Option<u64>, default: Duration) -> Duration {
    v.map(Duration::from_secs).unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_file_beat_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.toml");
        std::fs::write(
            &path,
            "database = \"sqlite://file.db\"\nsandbox = false\nlease_secs = 90\n",
        )
        .unwrap();
        let args = ServeArgs {
            config: Some(path),
            database: Some("sqlite://flag.db".into()),
            ..Default::default()
        };
        let c = Config::resolve(&args).unwrap();
        assert_eq!(c.database, "sqlite://flag.db");
        assert!(!c.sandbox);
        assert_eq!(c.lease, Duration::from_secs(90));
        assert_eq!(c.listen.to_string(), DEFAULT_LISTEN);
    }

    #[test]
    fn acquirer_timeout_from_flag_or_file() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("5s"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_duration("5h").is_err());
        assert!(parse_duration("soon").is_err());
        let d = Config::resolve(&ServeArgs::default()).unwrap();
        assert_eq!(d.sim_acquirer_timeout, Duration::from_secs(5));
        let dir = tempfile::tempdir().unwrap();
        for (line, want) in [
            (
                "sim_acquirer_timeout = \"300ms\"\n",
                Duration::from_millis(300),
            ),
            ("sim_acquirer_timeout = 2\n", Duration::from_secs(2)),
        ] {
            let path = dir.path().join("g.toml");
            std::fs::write(&path, line).unwrap();
            let args = ServeArgs {
                config: Some(path),
                ..Default::default()
            };
            assert_eq!(Config::resolve(&args).unwrap().sim_acquirer_timeout, want);
        }
    }

    #[test]
    fn delivery_shares_come_from_the_file_or_the_flags() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gyeolje.toml");
        std::fs::write(
            &path,
            "delivery_destination_limit = 4\ndelivery_merchant_limit = 6\n\
             delivery_backoff_max_secs = 60\n",
        )
        .unwrap();
        let args = ServeArgs {
            config: Some(path),
            delivery_merchant_limit: Some(12),
            ..Default::default()
        };
        let c = Config::resolve(&args).unwrap();
        assert_eq!(c.delivery_destination_limit, 4);
        assert_eq!(c.delivery_merchant_limit, 12);
        assert_eq!(c.delivery_backoff_max, Duration::from_secs(60));
        let d = Config::resolve(&ServeArgs::default()).unwrap();
        assert_eq!(
            (d.delivery_destination_limit, d.delivery_merchant_limit),
            (8, 16)
        );
        let zero = ServeArgs {
            delivery_destination_limit: Some(0),
            ..Default::default()
        };
        assert!(matches!(
            Config::resolve(&zero),
            Err(ConfigError::Invalid(_))
        ));
    }

    #[test]
    fn refuses_a_lease_shorter_than_the_timeout() {
        let args = ServeArgs {
            lease_secs: Some(5),
            ..Default::default()
        };
        assert!(matches!(
            Config::resolve(&args),
            Err(ConfigError::Invalid(_))
        ));
    }

    #[test]
    fn unknown_file_keys_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.toml");
        std::fs::write(&path, "databse = \"typo\"\n").unwrap();
        let args = ServeArgs {
            config: Some(path),
            ..Default::default()
        };
        assert!(matches!(
            Config::resolve(&args),
            Err(ConfigError::Parse { .. })
        ));
    }
}
