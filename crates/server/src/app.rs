//! The application: everything a request handler or worker needs, built once
//! from the configuration and shared by reference — and the seam between the
//! protocol-neutral service and the three protocol front ends.
//!
//! The seam is [`FrontEnd`]: what a protocol decides about its payments
//! beyond the core's state machine (the callbacks and SMS an event causes,
//! the escrow orders it grows, its settlement rule, the methods it offers,
//! its own scheduled work, its routes). The service layer (`payments`,
//! `workers`, the sandbox) reaches a protocol only through
//! [`App::front_end`]; [`FrontEnds`] is the one place that picks a front
//! end by [`Protocol`]. The trait lives here, beside `App`, because each
//! needs the other's type: a front end acts on the `App`, and the `App`
//! holds the front ends. `App::build` (in `startup`) is what fills in the
//! concrete front ends, so this module imports none of them.

use crate::config::Config;
use crate::error::ServiceError;
use crate::ids::IdAllocator;
use crate::kinds::MessageKind;
use crate::locks::KeyedLocks;
use crate::metrics::Metrics;
use crate::operator::{Acted, ActionError, OperatorAction, whole_payment_actions};
use crate::target_guard::TargetGuard;
use crate::throttle::Throttle;
use async_trait::async_trait;
use axum::Router;
use axum::extract::Request;
use axum::response::Response;
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{
    Attachment, Clock, Command, EventRecord, Merchant, OutboxMessage, PayMethod, Payment,
    PaymentId, Protocol, Timestamp,
};
use gyeolje_sim::{Acquirer, Bank, PhoneBilling, SandboxClock, SmsCarrier, SystemClock};
use gyeolje_store::{ClockScope, Store, StoreError};
use std::sync::Arc;
use tokio::sync::Notify;

/// The settings row that holds the sandbox clock's offset, shared by every
/// process on the database.
pub const CLOCK_OFFSET_SETTING: &str = "sandbox_clock_offset_ms";

/// What a payment event adds to its commit besides the payment and the
/// event: messages to deliver and escrow orders to write.
#[derive(Debug, Default)]
pub struct Effects {
    pub messages: Vec<OutboxMessage>,
    pub orders: Vec<EscrowOrder>,
}

/// What the sandbox's reference to a payment found.
#[derive(Debug)]
pub enum Lookup {
    Found(Box<Payment>),
    /// Nothing by that reference; the text says what was looked for.
    NotFound(String),
    /// The reference cannot name a payment of this protocol; the text says why.
    Invalid(String),
}

impl Lookup {
    /// The payment `reference` numbers, if it is one of `protocol`'s: how
    /// the sandbox finds payments named by their number (PayApp `mul_no`,
    /// iPay cart numbers).
    pub async fn by_number(
        app: &App,
        protocol: Protocol,
        reference: &str,
    ) -> Result<Lookup, ServiceError> {
        let Ok(id) = reference.trim().parse::<i64>() else {
            return Ok(Lookup::Invalid(
                "reference must be the payment number (mul_no), or give \"merchant\" (the InnoPay mid) with the moid".into(),
            ));
        };
        let id = PaymentId::new(id);
        Ok(match app.store.payment(id).await? {
            Some(p) if p.protocol == protocol => Lookup::Found(Box::new(p)),
            Some(_) | None => Lookup::NotFound(format!("no {protocol} payment {id}")),
        })
    }
}

/// A protocol front end, as the service layer sees it.
#[async_trait]
pub trait FrontEnd: Send + Sync {
    fn protocol(&self) -> Protocol;

    /// The front end's HTTP routes (APIs, hosted pages, its admin endpoints).
    fn routes(&self) -> Router<App>;

    /// Routes mounted only when the sandbox is on (buyer actions that only
    /// a test would take).
    fn sandbox_routes(&self) -> Router<App> {
        Router::new()
    }

    /// A request no route matched, offered to each front end in turn; the
    /// request comes back when it is not this front end's.
    async fn fallback(&self, _app: &App, req: Request) -> Result<Response, Request> {
        Err(req)
    }

    /// Every kind of message the front end sends.
    fn message_kinds(&self) -> &'static [&'static MessageKind];

    /// The payment methods a payment's request offers the buyer.
    fn offered_methods(&self, payment: &Payment) -> Result<Vec<PayMethod>, ServiceError>;

    /// When a payment approved at `paid_at` is paid out to the seller
    /// (which also closes the window for a plain cancel); `None` when the
    /// protocol settles no payment as a whole.
    fn settle_due(&self, paid_at: Timestamp) -> Option<Timestamp>;

    /// When a virtual account issued at `now` for `payment` is due, if the
    /// protocol has its own rule (iPay: 5 business days); `None` keeps the
    /// service's default window. A deadline the request asks for (iPay
    /// Fast's `payment_due_date`) still shortens it.
    fn deposit_due(&self, _payment: &Payment, _now: Timestamp) -> Option<Timestamp> {
        None
    }

    /// What to attach to `payment` when `command` is applied (the core
    /// allows it only on the events that pay). Called before the core
    /// decides, so it may reserve numbers that a refusal then leaves unused.
    /// Nothing, for a protocol whose payments keep their data as created.
    async fn attach(
        &self,
        _app: &App,
        _payment: &Payment,
        _command: &Command,
    ) -> Result<Attachment, ServiceError> {
        Ok(Attachment::default())
    }

    /// The messages and escrow orders `event` causes; `payment` is the
    /// payment as the event leaves it. Called for every event, creation
    /// included, and committed in the event's transaction.
    async fn effects(
        &self,
        app: &App,
        merchant: &Merchant,
        payment: &Payment,
        event: &EventRecord,
    ) -> Result<Effects, ServiceError>;

    /// The protocol's own due work (iPay: escrow decisions and
    /// remittance) for the payments of `clock`'s merchants, whose business
    /// time is `now`; at most `limit` items; how many changed. None, for a
    /// protocol with no schedule of its own.
    async fn due_work(
        &self,
        _app: &App,
        _clock: ClockScope,
        _now: Timestamp,
        _limit: u32,
    ) -> Result<usize, ServiceError> {
        Ok(0)
    }

    /// The sandbox's `reference` (with `merchant` where references are the
    /// merchant's own order numbers) resolved to a payment.
    async fn sandbox_find(
        &self,
        app: &App,
        merchant: Option<&str>,
        reference: &str,
    ) -> Result<Lookup, ServiceError>;

    /// What the protocol adds to a sandbox reply about `payment` (nothing
    /// by default).
    async fn sandbox_reply(&self, _app: &App, _reply: &mut serde_json::Value, _payment: &Payment) {}

    /// The protocol's own numbers for `payment`, by its names for them
    /// (PayApp `mul_no`; InnoPay `moid`, `tid`; iPay `cart_no`, `pay_no`),
    /// for an operator's view.
    fn references(&self, payment: &Payment) -> Vec<(&'static str, String)>;

    /// The payments of this protocol that `text` names by one of the
    /// protocol's references (the operator's `payment show REF`). Takes the
    /// store rather than the `App` so read-only commands can ask without
    /// starting one.
    async fn find_reference(
        &self,
        store: &dyn Store,
        text: &str,
    ) -> Result<Vec<Payment>, StoreError>;

    /// The operator actions `payment` (with its escrow `orders`) accepts
    /// now, by name. By default those of a payment cancelled as a whole
    /// ([`whole_payment_actions`]).
    fn operator_actions(
        &self,
        payment: &Payment,
        _orders: &[EscrowOrder],
        now: Timestamp,
    ) -> Vec<&'static str> {
        whole_payment_actions(payment, now)
    }

    /// Carries out an operator's `action` on `payment` through the same
    /// service calls the protocol's own APIs use, so it causes the
    /// protocol's usual callbacks. By default as for a payment cancelled as
    /// a whole: the operator's cancellation of the request or a refund of
    /// (part of) the balance; there are no buyer cancel requests or orders.
    async fn operator_action(
        &self,
        app: &App,
        payment: &Payment,
        action: OperatorAction,
    ) -> Result<Acted, ActionError> {
        let t = match action {
            OperatorAction::CancelRequest => app.operator_end_request(payment.id).await?,
            OperatorAction::Cancel {
                amount,
                order_no: None,
            } => app.operator_refund(payment.id, amount).await?,
            OperatorAction::Cancel {
                order_no: Some(_), ..
            } => {
                return Err(ActionError::Invalid(format!(
                    "{} payments have no escrow orders (order_no)",
                    payment.protocol
                )));
            }
            OperatorAction::ApproveCancel { .. } | OperatorAction::RefuseCancel { .. } => {
                return Err(ActionError::Invalid(format!(
                    "{} payments have no buyer cancel requests",
                    payment.protocol
                )));
            }
        };
        Ok(Acted {
            payment: t.payment,
            orders: Vec::new(),
        })
    }
}

/// The registered front ends, one per protocol.
#[derive(Clone)]
pub struct FrontEnds(Vec<Arc<dyn FrontEnd>>);

impl FrontEnds {
    /// Registers `front_ends`; every protocol must have exactly one.
    pub fn new(front_ends: Vec<Arc<dyn FrontEnd>>) -> Result<FrontEnds, String> {
        for p in Protocol::ALL {
            let n = front_ends.iter().filter(|f| f.protocol() == p).count();
            if n != 1 {
                return Err(format!("protocol {p} has {n} front ends, not one"));
            }
        }
        let mut names: Vec<&str> = crate::kinds::SERVICE_KINDS
            .iter()
            .map(|k| k.name)
            .chain(
                front_ends
                    .iter()
                    .flat_map(|f| f.message_kinds().iter().map(|k| k.name)),
            )
            .collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!("message kind {} is registered twice", w[0]));
        }
        Ok(FrontEnds(front_ends))
    }

    /// The front end of `protocol` — the one place that picks one.
    pub fn get(&self, protocol: Protocol) -> &dyn FrontEnd {
        let found = self.0.iter().find(|f| f.protocol() == protocol);
        // `new` checked that every protocol has one.
        match found {
            Some(f) => f.as_ref(),
            None => unreachable!("no front end for {protocol}"),
        }
    }

    pub fn all(&self) -> impl Iterator<Item = &dyn FrontEnd> {
        self.0.iter().map(|f| f.as_ref())
    }

    /// Every registered message kind.
    pub fn kinds(&self) -> impl Iterator<Item = &'static MessageKind> + '_ {
        crate::kinds::SERVICE_KINDS.iter().copied().chain(
            self.0
                .iter()
                .flat_map(|f| f.message_kinds().iter().copied()),
        )
    }

    /// The kind stored as `name`.
    pub fn kind(&self, name: &str) -> Option<&'static MessageKind> {
        self.kinds().find(|k| k.name == name)
    }
}

/// Shared application state. Cheap to clone.
#[derive(Clone)]
pub struct App(pub(crate) Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub store: Arc<dyn Store>,
    /// Business time: the system time plus the sandbox offset.
    pub clock: Arc<SandboxClock>,
    pub acquirer: Arc<dyn Acquirer>,
    pub bank: Arc<dyn Bank>,
    pub phone_billing: Arc<dyn PhoneBilling>,
    pub carrier: Arc<dyn SmsCarrier>,
    /// The client for merchant callbacks (see [`crate::outbound`]).
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
    pub front_ends: FrontEnds,
    /// Production mode only: where callbacks may not go (see
    /// [`crate::target_guard`]). `None` in the sandbox.
    pub target_guard: Option<TargetGuard>,
    /// Failed guesses of secrets, per merchant and caller (see [`crate::throttle`]).
    pub guesses: Throttle,
}

impl std::ops::Deref for App {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl App {
    /// The front end of `protocol`.
    pub fn front_end(&self, protocol: Protocol) -> &dyn FrontEnd {
        self.front_ends.get(protocol)
    }

    /// Business time now on the shared clock: for what belongs to no
    /// merchant. A merchant's payments run on [`App::now_for`].
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Wall time now, for leases and latencies.
    pub fn wall_now(&self) -> Timestamp {
        SystemClock.now()
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
