//! The shop discount of iPay §3.1.2 (`Discount_price`), allocated over the
//! cart's lines and its shipping fee.
//!
//! A merchant sends undiscounted unit prices and quantities plus one cart-wide
//! discount; iPay computes each line's discounted subtotal itself, because
//! every line becomes its own escrow order (settled, cancelled and refunded
//! separately), so each order needs its own amount. The manual's rule, with
//! n lines and goods total G:
//!
//! 1. G + shipping − discount < n × 100 → refused (iPay error −82): every
//!    order must keep at least 100 won.
//! 2. discount ≥ G − n × 100 → every line drops to 100 won and the rest of the
//!    discount comes off the shipping fee.
//! 3. otherwise the discount is spread over the lines in proportion to their
//!    subtotals and shipping is untouched.
//!
//! Decisions the manual leaves open, made here:
//!
//! - **Integer won, exact.** Each line's pro-rata share is floored and the
//!   won left over go one each to the lines with the largest remainders
//!   (ties to the earlier line), so the shares always sum to the discount.
//! - **A floor of 100 won per line, enforced per line.** A pro-rata share
//!   that would take a line below 100 won is capped at (subtotal − 100), and
//!   the excess is re-spread over the remaining lines by the same rule
//!   (water-filling). A line already under 100 won takes no discount and is
//!   never raised.
//! - **Step 2 generalised to lines under 100 won.** The manual's threshold
//!   G − n × 100 assumes every line is worth at least 100 won. We compare the
//!   discount with what the lines can actually give up, Σ max(0, subtotal −
//!   100); with every line ≥ 100 won that is exactly G − n × 100.
//! - **No discount, no rule.** A zero discount returns the cart unchanged,
//!   even when lines are under 100 won: −82 is a discount error.
//! - Sums past [`Won::MAX`] are [`DiscountError::Overflow`], never a wrap.

use crate::Won;

/// The floor every discounted line keeps, in won (§3.1.2: "cart수량x100").
const LINE_FLOOR: i64 = 100;

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
    /// The cart's total is beyond [`Won::MAX`].
    #[error("the cart total is too large")]
    Overflow,
}

/// Spreads `discount` over `subtotals` (each line's price × quantity) and
/// `shipping`, by the rule in the module documentation.
pub fn allocate_discount(
    subtotals: &[Won],
    shipping: Won,
    discount: Won,
) -> Result<Allocation, DiscountError> {
    if subtotals.is_empty() {
        return Err(DiscountError::NoLines);
    }
    let goods = subtotals
        .iter()
        .try_fold(Won::ZERO, |acc, s| acc.checked_add(*s))
        .ok_or(DiscountError::Overflow)?;
    let total = goods.checked_add(shipping).ok_or(DiscountError::Overflow)?;
    if discount.is_zero() {
        return Ok(Allocation {
            lines: subtotals.to_vec(),
            shipping,
        });
    }
    // i128: n × 100 and the products below cannot overflow for any Won.
    let floor_total = i128::try_from(subtotals.len())
        .map_err(|_| DiscountError::Overflow)?
        .saturating_mul(i128::from(LINE_FLOOR));
    if i128::from(total.get()) - i128::from(discount.get()) < floor_total {
        return Err(DiscountError::TooLarge);
    }
    let caps: Vec<i64> = subtotals
        .iter()
        .map(|s| (s.get() - LINE_FLOOR).max(0))
        .collect();
    let reducible: i64 = caps.iter().sum();
    if discount.get() >= reducible {
        // Step 2: every line gives up all it can, shipping takes the rest.
        let lines = subtotals
            .iter()
            .map(|s| Won::new(s.get().min(LINE_FLOOR)).map_err(|_| DiscountError::Overflow))
            .collect::<Result<Vec<_>, _>>()?;
        let rest = Won::new(discount.get() - reducible).map_err(|_| DiscountError::Overflow)?;
        let shipping = shipping.checked_sub(rest).ok_or(DiscountError::TooLarge)?;
        return Ok(Allocation { lines, shipping });
    }
    let shares = water_fill(subtotals, &caps, discount.get());
    let lines = subtotals
        .iter()
        .zip(shares)
        .map(|(s, share)| Won::new(s.get() - share).map_err(|_| DiscountError::Overflow))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Allocation { lines, shipping })
}

/// Shares of `discount` per line, pro rata to `subtotals`, each at most its
/// cap, summing exactly to `discount`. The caller guarantees
/// `discount < Σ caps`, so some line is always left uncapped.
fn water_fill(subtotals: &[Won], caps: &[i64], discount: i64) -> Vec<i64> {
    let mut shares = vec![0i64; subtotals.len()];
    let mut active: Vec<usize> = (0..subtotals.len()).filter(|&i| caps[i] > 0).collect();
    let mut remaining = i128::from(discount);
    loop {
        let weight: i128 = active.iter().map(|&i| i128::from(subtotals[i].get())).sum();
        if weight == 0 || remaining == 0 {
            return shares;
        }
        // A line whose exact share (remaining × s / W) exceeds its cap is
        // pinned at the cap; the others are re-spread in the next round.
        let (capped, free): (Vec<usize>, Vec<usize>) = active.iter().partition(|&&i| {
            remaining * i128::from(subtotals[i].get()) > i128::from(caps[i]) * weight
        });
        if capped.is_empty() {
            spread_exact(subtotals, &free, remaining, weight, &mut shares);
            return shares;
        }
        for i in capped {
            shares[i] = caps[i];
            remaining -= i128::from(caps[i]);
        }
        active = free;
    }
}

/// Floor shares plus largest remainder (ties to the earlier line): the exact
/// pro-rata split of `amount` over `lines` by weight, in whole won.
fn spread_exact(subtotals: &[Won], lines: &[usize], amount: i128, weight: i128, out: &mut [i64]) {
    let mut remainders = Vec::with_capacity(lines.len());
    let mut given: i128 = 0;
    for &i in lines {
        let exact = amount * i128::from(subtotals[i].get());
        let floor = exact / weight;
        // floor ≤ cap ≤ i64 range: the caller checked exact ≤ cap × weight.
        out[i] = i64::try_from(floor).unwrap_or(i64::MAX);
        given += floor;
        remainders.push((exact % weight, i));
    }
    // Largest remainder first; the stable sort keeps earlier lines first on ties.
    remainders.sort_by_key(|r| std::cmp::Reverse(r.0));
    let left = usize::try_from(amount - given).unwrap_or(0);
    for &(_, i) in remainders.iter().take(left) {
        out[i] += 1;
    }
}

#[cfg(test)]
mod tests;
