//! iPay's escrow model: a cart of lines, one order per line once paid, and
//! each order's own life from payment to settlement.
//!
//! The cart is a [`crate::Payment`] (its amount is what the buyer pays; its
//! cancellations are the refunds). The orders are its parts: every change
//! to an order is also a new version of the payment with an
//! [`crate::PaymentEvent::Escrow`] event, so orders of one cart are
//! serialised by the payment's version check and their history is the
//! payment's history.

mod cart;
pub mod discount;
mod order;
mod state;
mod transition;

pub use cart::{CartCommandError, CartUpdate, apply, apply_all};
pub use discount::{Allocation, DiscountError, allocate_discount};
pub use order::{Decider, Destination, EscrowOrder, NewOrder, OrderRequest, Requester, Shipment};
pub use state::OrderState;
pub use transition::{EscrowError, EscrowPeriods, OrderCommand, OrderEvent, OrderTransition};

#[cfg(test)]
mod tests;
