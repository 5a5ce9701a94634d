//! PayApp as the service sees it (the `FrontEnd` seam): feedback and SMS
//! for each event, D+5 settlement, the methods a request offers, its routes.

use crate::app::{App, Effects, FrontEnd, Lookup};
use crate::error::ServiceError;
use crate::kinds::MessageKind;
use async_trait::async_trait;
use axum::Router;
use axum::routing::{any, get, post};
use gyeolje_core::{EventRecord, Merchant, PayMethod, Payment, PaymentId, Protocol, Timestamp};
use gyeolje_store::{Store, StoreError};

/// Days after the payment day during which a plain cancel works (PayApp:
/// "결제승인 후 D+5일이 경과 되었거나 … 취소 되지 않습니다").
pub const CANCEL_DAYS: u32 = 5;

/// Every kind of message it sends.
static KINDS: &[&MessageKind] = &[
    &super::feedback::FEEDBACK,
    &super::feedback::FEEDBACK_CREATED,
    &super::sms::SMS,
];

/// The PayApp front end.
pub struct PayApp;

#[async_trait]
impl FrontEnd for PayApp {
    fn protocol(&self) -> Protocol {
        Protocol::PayApp
    }

    /// The API, the hosted pages (`/p`, `/cst`, `/cashst`, `/qr`) and PayApp Lite.
    fn routes(&self) -> Router<App> {
        use super::lite::{paths, popup, script};
        use super::pages::{pay, qr, receipt, slip};
        Router::new()
            .route(gyeolje_payapp::API_PATH, any(super::api::api_load))
            .route("/p/{code}", get(pay::show).post(pay::submit))
            .route("/cst/{code}", get(slip::slip))
            .route("/qr/{code}", get(qr::show))
            .route("/cashst/{code}", get(receipt::show))
            .route(paths::SCRIPT_PATHS[0], get(script::serve))
            .route(paths::SCRIPT_PATHS[1], get(script::serve))
            .route(paths::POPUP_PATH, get(popup::show_query).post(popup::show))
            .route(paths::SUBMIT_PATH, post(popup::submit))
    }

    fn message_kinds(&self) -> &'static [&'static MessageKind] {
        KINDS
    }

    fn offered_methods(&self, payment: &Payment) -> Result<Vec<PayMethod>, ServiceError> {
        super::methods::offered(payment)
    }

    /// At the first moment after D+5 (midnight KST starting day D+6), so
    /// "D+5 has passed" and "settlement is due" are the same instant and the
    /// manual's two reasons for refusing `paycancel` never disagree.
    fn settle_due(&self, paid_at: Timestamp) -> Option<Timestamp> {
        Some(paid_at.kst_midnight_after(CANCEL_DAYS + 1))
    }

    async fn effects(
        &self,
        app: &App,
        merchant: &Merchant,
        payment: &Payment,
        event: &EventRecord,
    ) -> Result<Effects, ServiceError> {
        Ok(Effects {
            messages: super::feedback::messages(app, merchant, payment, event)?,
            orders: Vec::new(),
        })
    }

    /// By payment number (`mul_no`).
    async fn sandbox_find(
        &self,
        app: &App,
        _merchant: Option<&str>,
        reference: &str,
    ) -> Result<Lookup, ServiceError> {
        Lookup::by_number(app, Protocol::PayApp, reference).await
    }

    /// `mul_no` is the payment number.
    fn references(&self, payment: &Payment) -> Vec<(&'static str, String)> {
        vec![("mul_no", payment.id.to_string())]
    }

    /// By `mul_no`.
    async fn find_reference(
        &self,
        store: &dyn Store,
        text: &str,
    ) -> Result<Vec<Payment>, StoreError> {
        let Ok(mul_no) = text.trim().parse::<i64>() else {
            return Ok(Vec::new());
        };
        let found = store.payment(PaymentId::new(mul_no)).await?;
        Ok(found
            .filter(|p| p.protocol == Protocol::PayApp)
            .into_iter()
            .collect())
    }
}
