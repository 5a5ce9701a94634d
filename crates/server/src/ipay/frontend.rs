//! Auction iPay as the service sees it (the `FrontEnd` seam): carts grow
//! escrow orders from their payment's events and get their pay number when
//! paid; the `<IpayResponse>` callbacks; escrow decisions and remittance as
//! due work; every method on the Std page.

use crate::app::{App, Effects, FrontEnd, Lookup};
use crate::error::ServiceError;
use crate::kinds::MessageKind;
use crate::operator::{Acted, ActionError, OperatorAction};
use async_trait::async_trait;
use axum::Router;
use axum::extract::Request;
use axum::response::Response;
use axum::routing::get;
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{
    Attachment, Command, EventRecord, Merchant, PayMethod, Payment, Protocol, Timestamp,
};
use gyeolje_store::{ClockScope, Store, StoreError};

/// Every kind of message it sends.
static KINDS: &[&MessageKind] = &[&super::notices::COMPLETION, &super::notices::CANCEL];

/// The iPay front end.
pub struct Ipay;

#[async_trait]
impl FrontEnd for Ipay {
    fn protocol(&self) -> Protocol {
        Protocol::Ipay
    }

    /// The SOAP service with its WSDL, and the buyer's pages.
    fn routes(&self) -> Router<App> {
        use super::endpoint::{self, SERVICE_PATH};
        use super::pages::paths::*;
        use super::pages::{buyer, images, join, login, order, receipt};
        Router::new()
            .route(SERVICE_PATH, get(endpoint::describe).post(endpoint::call))
            .route(STD_PATH, get(order::show_std).post(order::submit_std))
            .route(FAST_PATH, get(order::show_fast).post(order::submit_fast))
            .route(LOGIN_PATH, get(login::show))
            .route(RECEIPT_PATH, get(receipt::show))
            .route(JOIN_CONFIRM_PATH, get(join::show))
            .route(BUYER_PATH, get(buyer::show).post(buyer::submit))
            .route(&format!("{IMAGES_PATH}/{{name}}"), get(images::serve))
    }

    fn sandbox_routes(&self) -> Router<App> {
        super::sandbox::routes()
    }

    /// IIS, which served iPay, matched paths without regard to case, so a
    /// merchant's `/archesystem/ipayservice.asmx` reaches the SOAP service.
    async fn fallback(&self, app: &App, req: Request) -> Result<Response, Request> {
        super::endpoint::any_case(app.clone(), req).await
    }

    fn message_kinds(&self) -> &'static [&'static MessageKind] {
        KINDS
    }

    /// The Std page offers every method (§3.1.2 payment_rule); the Fast
    /// page narrows by payment_rule before it pays.
    fn offered_methods(&self, _payment: &Payment) -> Result<Vec<PayMethod>, ServiceError> {
        Ok(vec![
            PayMethod::Card,
            PayMethod::VirtualAccount,
            PayMethod::Phone,
            PayMethod::BankTransfer,
        ])
    }

    /// Escrow settles each order on its own (구매결정 → 송금완료, see
    /// `gyeolje_core::escrow`), and refunds follow the order's state, not a
    /// window on the payment.
    fn deposit_due(&self, _payment: &Payment, now: Timestamp) -> Option<Timestamp> {
        Some(super::deposit::due(now))
    }

    fn settle_due(&self, _paid_at: Timestamp) -> Option<Timestamp> {
        None
    }

    async fn attach(
        &self,
        app: &App,
        payment: &Payment,
        command: &Command,
    ) -> Result<Attachment, ServiceError> {
        super::escrow::attach(app, payment, command).await
    }

    async fn effects(
        &self,
        app: &App,
        _merchant: &Merchant,
        payment: &Payment,
        event: &EventRecord,
    ) -> Result<Effects, ServiceError> {
        super::escrow::effects(app, payment, event).await
    }

    async fn due_work(
        &self,
        app: &App,
        clock: ClockScope,
        now: Timestamp,
        limit: u32,
    ) -> Result<usize, ServiceError> {
        app.escrow_due(clock, now, limit).await
    }

    /// By cart number.
    async fn sandbox_find(
        &self,
        app: &App,
        _merchant: Option<&str>,
        reference: &str,
    ) -> Result<Lookup, ServiceError> {
        Lookup::by_number(app, Protocol::Ipay, reference).await
    }

    /// The cart's pay number and escrow orders.
    async fn sandbox_reply(&self, app: &App, reply: &mut serde_json::Value, payment: &Payment) {
        super::sandbox::extend_reply(app, reply, payment).await;
    }

    /// The cart number (the payment number) and, once paid, the pay number.
    fn references(&self, payment: &Payment) -> Vec<(&'static str, String)> {
        let mut refs = vec![("cart_no", payment.id.to_string())];
        if let Some(pay_no) = &payment.reference {
            refs.push(("pay_no", pay_no.clone()));
        }
        refs
    }

    /// By cart number, pay number or order number.
    async fn find_reference(
        &self,
        store: &dyn Store,
        text: &str,
    ) -> Result<Vec<Payment>, StoreError> {
        super::operator::find_reference(store, text).await
    }

    /// On the escrow orders: see `operator`.
    fn operator_actions(
        &self,
        payment: &Payment,
        orders: &[EscrowOrder],
        now: Timestamp,
    ) -> Vec<&'static str> {
        super::operator::actions(payment, orders, now)
    }

    async fn operator_action(
        &self,
        app: &App,
        payment: &Payment,
        action: OperatorAction,
    ) -> Result<Acted, ActionError> {
        super::operator::act(app, payment, action).await
    }
}
