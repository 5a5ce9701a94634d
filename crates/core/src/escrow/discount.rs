//! The shop discount of iPay §3.1.2 (`Discount_price`), allocated over the
//! cart's lines and its shipping fee. (Being written; see the module docs
//! once filled in.)

use crate::Won;

/// How a discount was spread: each line's subtotal after its share, in cart
/// order, and the shipping fee after its share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    pub lines: Vec<Won>,
    pub shipping: Won,
}

/// Why a discount cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DiscountError {
    /// Goods + shipping − discount < lines × 100 won (iPay error −82).
    #[error("the discount leaves less than 100 won per cart line")]
    TooLarge,
    /// The cart has no lines.
    #[error("the cart has no lines")]
    NoLines,
}

/// Spreads `discount` over `subtotals` (each line's price × quantity) and
/// `shipping`.
pub fn allocate_discount(
    subtotals: &[Won],
    shipping: Won,
    discount: Won,
) -> Result<Allocation, DiscountError> {
    let _ = (subtotals, shipping, discount);
    Err(DiscountError::NoLines)
}
