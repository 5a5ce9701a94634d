//! Order management (§3.2, and `DoIpayOrderDecisionCancel` of §3.1.9): the
//! seller's side of the escrow orders.
//!
//! Error policy. Every operation acts only on the calling seller's orders;
//! another seller's order is answered exactly like one that does not exist.
//! A business refusal (wrong state, wrong seller id, unknown reason code) is
//! never a fault: it is answered in the operation's documented failure form
//! — `Fail` + reason, `false` + message, or one of
//! `IpayConfirmCancelApprovalList`'s strings. Faults (`soap:Client`) are
//! kept for calls that have no failure form: the void
//! `IpayConfirmReceivingOrder`, the lists and detail records asked with an
//! unknown search type, an unreadable date or a missing `req`. A store
//! failure is a `soap:Server` fault, as everywhere in the service.
//!
//! Files: `view` joins an order with its cart (buyer, line, destination)
//! and runs commands; `search` reads the list filters; one file per
//! manual section for the operations themselves.

pub mod cancel;
pub mod notes;
pub mod orders;
pub mod returns;
pub mod search;
pub mod shipping;
pub mod view;
