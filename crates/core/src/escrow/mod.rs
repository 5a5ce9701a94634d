//! iPay's escrow model: a cart of lines, one order per line once paid, and
//! each order's own life from payment to settlement.

pub mod discount;

pub use discount::{Allocation, DiscountError, allocate_discount};
