//! The application: everything a request handler or worker needs, built once
//! from the configuration and shared by reference.

use crate::config::Config;
use crate::ids::IdAllocator;
use crate::locks::KeyedLocks;
use crate::metrics::Metrics;
use gyeolje_core::{Clock, Timestamp};
use gyeolje_sim::{
    Acquirer, Bank, PhoneBilling, SandboxClock, SimAcquirer, SimBank, SimCarrier, SimPhoneBilling,
    SmsCarrier, SystemClock,
};
use gyeolje_store::{Store, StoreError};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::Notify;

/// The settings row that holds the sandbox clock's offset, shared by every
/// process on the database.
pub const CLOCK_OFFSET_SETTING: &str = "sandbox_clock_offset_ms";

/// Shared application state. Cheap to clone.
#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub store: Arc<dyn Store>,
    /// Business time: the system time plus the sandbox offset.
    pub clock: Arc<SandboxClock>,
    pub acquirer: Arc<dyn Acquirer>,
    pub bank: Arc<dyn Bank>,
    pub phone_billing: Arc<dyn PhoneBilling>,
    pub carrier: Arc<dyn SmsCarrier>,
    /// The client for merchant callbacks (see [`crate::callback`]).
    pub http: reqwest::Client,
    pub ids: IdAllocator,
    pub metrics: Metrics,
    /// Woken when a commit queued messages, so delivery starts at once.
    pub wake: Notify,
    pub locks: KeyedLocks,
    /// Base URL for links we hand out (payurl, csturl, SMS).
    pub public_url: String,
    /// Names this process in lease rows and attempt records.
    pub worker_id: String,
}

impl std::ops::Deref for App {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl App {
    /// Opens the store (migrating it), seeds the demo merchants into an empty
    /// database and loads the shared sandbox clock.
    pub async fn build(config: Config, bound: SocketAddr) -> Result<App, StoreError> {
        let store = gyeolje_store::open(&config.database).await?;
        crate::seed::seed_demo_merchants(&*store, SystemClock.now()).await?;
        let clock = Arc::new(SandboxClock::new(
            store.setting(CLOCK_OFFSET_SETTING).await?.unwrap_or(0),
        ));
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| {
                let scheme = if config.tls.is_some() {
                    "https"
                } else {
                    "http"
                };
                format!("{scheme}://{bound}")
            })
            .trim_end_matches('/')
            .to_owned();
        let carrier: Arc<dyn SmsCarrier> = Arc::new(SimCarrier::new(clock.clone()));
        let http = crate::callback::http_client(config.callback_timeout).map_err(|e| {
            StoreError::Config(format!("cannot build the callback HTTP client: {e}"))
        })?;
        let worker_id = format!("{}-{}", std::process::id(), crate::ids::new_page_code());
        Ok(App(Arc::new(Inner {
            config,
            store,
            clock,
            acquirer: Arc::new(SimAcquirer::new()),
            bank: Arc::new(SimBank),
            phone_billing: Arc::new(SimPhoneBilling::default()),
            carrier,
            http,
            ids: IdAllocator::default(),
            metrics: Metrics::new(),
            wake: Notify::new(),
            locks: KeyedLocks::default(),
            public_url,
            worker_id,
        })))
    }

    /// Business time now.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Wall time now, for leases and latencies.
    pub fn wall_now(&self) -> Timestamp {
        SystemClock.now()
    }

    /// Picks up a clock offset another process stored.
    pub async fn refresh_clock(&self) -> Result<(), StoreError> {
        if let Some(ms) = self.store.setting(CLOCK_OFFSET_SETTING).await? {
            self.clock.set_offset_ms(ms);
        }
        Ok(())
    }

    /// Moves business time forward and shares the new offset.
    pub async fn advance_clock(&self, seconds: u64) -> Result<Timestamp, StoreError> {
        self.refresh_clock().await?;
        let now = self.clock.advance(seconds);
        self.store
            .set_setting(CLOCK_OFFSET_SETTING, self.clock.offset_ms())
            .await?;
        self.wake.notify_one();
        Ok(now)
    }

    /// Absolute URL for a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.public_url, path)
    }
}
