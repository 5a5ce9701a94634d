//! Building the [`App`]: the store (migrated, demo merchants seeded), the
//! shared sandbox clock, the simulators, the callback client and the
//! registered front ends. Kept apart from `app` so that the module defining
//! `App` and the `FrontEnd` seam imports no front end.

use crate::acquirer_books::StoreBooks;
use crate::app::{App, Inner};
use crate::config::Config;
use crate::ids::IdAllocator;
use crate::locks::KeyedLocks;
use crate::metrics::Metrics;
use crate::target_guard::TargetGuard;
use crate::throttle::Throttle;
use gyeolje_core::Clock;
use gyeolje_sim::Acquirer;
use gyeolje_sim::{
    SandboxClock, SimAcquirer, SimBank, SimCarrier, SimPhoneBilling, SmsCarrier, SystemClock,
};
use gyeolje_store::StoreError;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::Notify;

/// The parts of an [`App`] a test may replace (a real connector later).
#[derive(Default)]
pub struct Parts {
    /// The card acquirer; the simulator when `None`.
    pub acquirer: Option<Arc<dyn Acquirer>>,
}

impl App {
    /// Opens the store (migrating it), seeds the demo merchants into an empty
    /// database and loads the shared sandbox clock.
    pub async fn build(config: Config, bound: SocketAddr) -> Result<App, StoreError> {
        Self::build_with(config, bound, Parts::default()).await
    }

    /// [`App::build`] with some of its parts given.
    pub async fn build_with(
        config: Config,
        bound: SocketAddr,
        parts: Parts,
    ) -> Result<App, StoreError> {
        let store = gyeolje_store::open(&config.database).await?;
        // The demo merchants' credentials are published in the manuals:
        // seeded for the sandbox, never by a server meant to be exposed.
        if config.sandbox {
            crate::seed::seed_demo_merchants(&*store, SystemClock.now()).await?;
        }
        let clock = Arc::new(SandboxClock::new(
            store
                .setting(crate::app::CLOCK_OFFSET_SETTING)
                .await?
                .unwrap_or(0),
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
        let target_guard =
            (!config.sandbox).then(|| TargetGuard::new(&config.callback_allow_hosts));
        let http = crate::outbound::http_client(config.callback_timeout, target_guard.as_ref())
            .map_err(|e| {
                StoreError::Config(format!("cannot build the callback HTTP client: {e}"))
            })?;
        let worker_id = format!("{}-{}", std::process::id(), crate::ids::new_page_code());
        let front_ends = crate::frontends::registered().map_err(StoreError::Config)?;
        let guesses = Throttle::new(config.guess_lockout);
        // The simulator's books are in the store: shared by every node, kept
        // across restarts. The timeout test card (and an armed acquirer
        // timeout) really waits.
        let acquirer = parts.acquirer.unwrap_or_else(|| {
            Arc::new(
                SimAcquirer::with_books(Arc::new(StoreBooks::new(store.clone())))
                    .with_timeout_delay(config.sim_acquirer_timeout),
            )
        });
        Ok(App(Arc::new(Inner {
            config,
            store,
            clock,
            acquirer,
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
            front_ends,
            target_guard,
            guesses,
        })))
    }
}
