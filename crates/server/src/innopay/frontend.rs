//! InnoPay as the service sees it (the `FrontEnd` seam): the §4 result
//! notifications for each event, card only, no settlement rule.

use crate::app::{App, Effects, FrontEnd, Lookup};
use crate::error::ServiceError;
use crate::kinds::MessageKind;
use async_trait::async_trait;
use axum::Router;
use axum::routing::{any, get, put};
use gyeolje_core::{EventRecord, Merchant, PayMethod, Payment, PaymentId, Protocol, Timestamp};
use gyeolje_store::{Store, StoreError};

/// How many payments one `moid` may name across merchants, at most, in an
/// operator's lookup.
const MOID_MATCHES: u32 = 20;

/// Every kind of message it sends.
static KINDS: &[&MessageKind] = &[&super::order::SMS, &super::notification::NOTIFICATION];

/// The InnoPay front end.
pub struct InnoPay;

#[async_trait]
impl FrontEnd for InnoPay {
    fn protocol(&self) -> Protocol {
        Protocol::InnoPay
    }

    /// The JSON APIs, the Web-Link popup, the buyer's page behind the SMS
    /// link, the help and terms pages, and the §4.4 settings endpoint.
    fn routes(&self) -> Router<App> {
        use super::{api, buyer, settings, terms, weblink};
        Router::new()
            .route(gyeolje_innopay::SMS_PAY_PATH, any(api::sms_pay_api))
            .route(gyeolje_innopay::CANCEL_PATH, any(api::cancel_api))
            .route(
                gyeolje_innopay::WEBLINK_PATH,
                get(weblink::open).post(weblink::open),
            )
            .route(
                weblink::REQUEST_PATH,
                get(weblink::request_get).post(weblink::request),
            )
            .route("/s/{code}", get(buyer::show).post(buyer::submit))
            .route("/api/helpSms", get(terms::help_sms))
            .route("/api/terms", get(terms::terms))
            .route("/api/collection", get(terms::collection))
            .route("/api/offering", get(terms::offering))
            .route("/admin/innopay/{mid}/notify-settings", get(settings::show))
            .route(
                "/admin/innopay/{mid}/notify-settings/{method}",
                put(settings::put).delete(settings::delete),
            )
    }

    fn message_kinds(&self) -> &'static [&'static MessageKind] {
        KINDS
    }

    /// Every InnoPay payment is an SMS *card* payment.
    fn offered_methods(&self, _payment: &Payment) -> Result<Vec<PayMethod>, ServiceError> {
        Ok(vec![PayMethod::Card])
    }

    /// Manual 002 defines no settlement and no time limit on `cancelApi`,
    /// so a card payment can be cancelled (in parts) until its balance is
    /// zero; a settlement rule here would refuse cancels the manual allows.
    fn settle_due(&self, _paid_at: Timestamp) -> Option<Timestamp> {
        None
    }

    async fn effects(
        &self,
        app: &App,
        merchant: &Merchant,
        payment: &Payment,
        event: &EventRecord,
    ) -> Result<Effects, ServiceError> {
        Ok(Effects {
            messages: super::notification::messages(app, merchant, payment, event)?,
            orders: Vec::new(),
        })
    }

    /// By `mid` (`merchant`) and `moid`, or by payment number.
    async fn sandbox_find(
        &self,
        app: &App,
        merchant: Option<&str>,
        reference: &str,
    ) -> Result<Lookup, ServiceError> {
        let Some(mid) = merchant else {
            return Lookup::by_number(app, Protocol::InnoPay, reference).await;
        };
        let Some(m) = app.store.merchant_by_innopay_mid(mid.trim()).await? else {
            return Ok(Lookup::NotFound(format!("no innopay merchant {mid:?}")));
        };
        Ok(
            match app
                .store
                .payment_by_reference(m.id, Protocol::InnoPay, reference.trim())
                .await?
            {
                Some(p) => Lookup::Found(Box::new(p)),
                None => Lookup::NotFound(format!(
                    "no innopay order {reference:?} for merchant {mid:?}"
                )),
            },
        )
    }

    /// The order's `moid` and, once approved, its `tid`.
    async fn sandbox_reply(&self, _app: &App, reply: &mut serde_json::Value, payment: &Payment) {
        if let Ok(order) = super::order::order_of(payment) {
            reply["moid"] = serde_json::json!(order.moid);
            reply["tid"] = serde_json::json!(order.tid(payment));
        }
    }

    /// The merchant's `moid` and, once approved, the `tid`.
    fn references(&self, payment: &Payment) -> Vec<(&'static str, String)> {
        let Ok(order) = super::order::order_of(payment) else {
            return Vec::new();
        };
        let mut refs = vec![("moid", order.moid.clone())];
        if let Some(tid) = order.tid(payment) {
            refs.push(("tid", tid));
        }
        refs
    }

    /// By `tid` (it ends with the payment number, and must be exactly the
    /// tid the payment was approved under) or by `moid` (any merchant's).
    async fn find_reference(
        &self,
        store: &dyn Store,
        text: &str,
    ) -> Result<Vec<Payment>, StoreError> {
        let text = text.trim();
        let mut found = store
            .payments_with_reference(Protocol::InnoPay, text, MOID_MATCHES)
            .await?;
        if let Some(id) = gyeolje_innopay::payment_id_of_tid(text)
            && let Some(p) = store.payment(PaymentId::new(id)).await?
            && let Ok(order) = super::order::order_of(&p)
            && order.tid(&p).as_deref() == Some(text)
            && !found.iter().any(|f| f.id == p.id)
        {
            found.push(p);
        }
        Ok(found)
    }
}
