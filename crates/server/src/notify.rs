//! Which messages an event produces is the protocol's business: each front
//! end turns a payment event into its own callbacks. This is the one place
//! that chooses the front end, by the protocol the payment was created with.

use crate::app::App;
use gyeolje_core::{EventRecord, Merchant, OutboxMessage, Payment, Protocol};

pub fn messages_for(
    app: &App,
    merchant: &Merchant,
    payment: &Payment,
    event: &EventRecord,
) -> Vec<OutboxMessage> {
    match payment.protocol {
        Protocol::PayApp => crate::payapp::feedback::messages(app, merchant, payment, event),
        Protocol::InnoPay => crate::innopay::notification::messages(app, merchant, payment, event),
        // iPay's callbacks need the cart's orders; `ipay::escrow` queues them
        // with the orders it writes (see `App::apply`).
        Protocol::Ipay => Vec::new(),
    }
}
