//! Cart registration: the `<ORDER>` and `<IpayServiceItems>` of
//! `InsertIpayOrderToLong` / `InsertIpayOrder` (§3.1.2, §3.1.3), checked
//! into a [`CartRequest`] or refused with a code of §3.1.5.
//!
//! # Check order
//!
//! iPay answers with a single code, so which check runs first is part of the
//! protocol as merchants observe it. The manual does not say; we check:
//!
//! 1. a missing `<ORDER>` is −99;
//! 2. the ORDER attributes in the codes' numeric order: −1 `payment_rule`,
//!    −2 `pay_price`, −3 `shipping_type`, −4 (type 1/2 with a fee),
//!    −5 `shipping_price`, −6 `back_url`, −7 `service_url`,
//!    −8 `redirect_url`; then the ORDER's value checks, all −99
//!    (`payment_rule` outside 0–14, `shipping_type` outside 1–3, negative
//!    amounts, unparsable booleans, `payment_due_date`, `card_type`); then
//!    −81 for the discount;
//! 3. no items at all is −99;
//! 4. each item in document order, its checks in numeric order: −9, −10,
//!    −11, −12, −13, −14, −15, −16, −17, −20, −91, −92, then its −99 checks
//!    (negative price, quantity ≤ 0, overflow, extra shipping fees);
//! 5. the cart as a whole: the same `ipay_itemno` + `item_option_name` twice
//!    (−99, §3.1.3), totals past [`Won::MAX`] (−99), −82 from
//!    [`allocate_discount`], and last −98 for `pay_price`.
//!
//! # Values
//!
//! - "null" means the attribute is absent. For the attributes with a null
//!   code, a value that is not an integer is reported with that same code
//!   (see `attrs`). URLs and names that are blank after trimming count as
//!   absent where the manual says "값이 없음".
//! - `item_option_name=""` is not null: an item without options is fine.
//! - Booleans accept `true`/`false` in any case and `1`/`0`.
//! - `cancel_restriction` is a bit: `0`, `1` (and, from generated clients,
//!   `true`/`false`); anything else is −20.
//! - The discount attribute is `discount_price` (the manual's table spells it
//!   `Discount_price`; both are read). A present value of 0 or a
//!   non-integer, or `discount_priceSpecified="true"` without a value, is
//!   −81; `discount_priceSpecified="false"` makes .NET ignore the value, and
//!   us too.
//! - −19 (image over 400 KB) needs the image; the server fetches
//!   [`CartLine::item_image`] and answers [`CartErrorCode::ImageTooLarge`].
//!   −18 is retired and never returned.

mod attrs;
mod codes;
mod error;

use crate::xml::Element;
use attrs::{Ctx, parse_bool, parse_int};
use chrono::NaiveDate;
use gyeolje_core::Won;
use gyeolje_core::escrow::{DiscountError, allocate_discount};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub use codes::{CardCompany, CardRestriction, PayMethod, PaymentRule, ShippingType};
pub use error::{CartError, CartErrorCode};

/// Characters `item_name` may not contain (−9), as the manual lists them.
pub const FORBIDDEN_CHARS: &[char] = &['\'', '`', '^', '*', '|', '\n', '\0'];

/// Words an item may not be sold under (−17), compared case-insensitively.
/// iPay's own list is not published; this is a small stand-in of goods Korean
/// law forbids online (drugs, weapons, obscene material). A per-deployment
/// list is the server's business; this constant is the default.
pub const FORBIDDEN_WORDS: &[&str] =
    &["마약", "대마", "필로폰", "총포", "도검", "음란", "성인용품"];

/// Longest `item_name` in characters (−91).
pub const MAX_ITEM_NAME_CHARS: usize = 200;
/// Longest `item_option_name` in characters (−92).
pub const MAX_OPTION_NAME_CHARS: usize = 100;

/// A registered cart, as the server stores it (JSON) and the payment pages
/// read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartRequest {
    pub payment_rule: PaymentRule,
    /// What the buyer pays: goods + shipping − discount.
    pub pay_price: Won,
    /// The shipping fee as sent, before any discount.
    pub shipping_price: Won,
    pub shipping_type: ShippingType,
    pub back_url: String,
    pub service_url: String,
    pub redirect_url: String,
    /// Ask the buyer for a delivery address (default true).
    pub is_address_required: bool,
    pub buyer_name: Option<String>,
    pub buyer_tel_no: Option<String>,
    pub buyer_email: Option<String>,
    /// Send the buyer to `redirect_url` + `&ipayno=` after payment (default false).
    pub move_to_redirect_url: bool,
    /// Last day a virtual-account deposit is accepted (iPay Fast only).
    #[serde(with = "due_date")]
    pub payment_due_date: Option<NaiveDate>,
    /// Card companies allowed on the iPay Fast page; empty means all.
    pub card_type: Vec<CardRestriction>,
    /// The shop discount, zero when none.
    pub discount: Won,
    pub lines: Vec<CartLine>,
    /// The shipping fee after the discount took its part (§3.1.2 step 2).
    pub shipping_after_discount: Won,
}

/// One `<IpayServiceItems>`: becomes one escrow order once paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub item_name: String,
    /// The merchant's item number.
    pub ipay_itemno: String,
    /// The chosen options; empty when the item has none.
    pub item_option_name: String,
    pub item_price: Won,
    pub order_qty: u32,
    pub item_url: String,
    pub thumbnail_url: String,
    /// Fetched by the server for the −19 check and kept for escrow disputes.
    pub item_image: Option<String>,
    /// The live service's name for the image (`item_image_url`, which the
    /// manual's −19 row names); checked like `item_image` when sent.
    #[serde(default)]
    pub item_image_url: Option<String>,
    pub item_description: Option<String>,
    pub partner_code: Option<String>,
    /// The buyer may not cancel after paying.
    pub cancel_restriction: bool,
    pub free_gift: Option<String>,
    pub add_shipping_price_jeju: Won,
    pub add_shipping_price_etc: Won,
    /// Unused by iPay ("사용하지 않음"), kept as sent.
    pub category_code: Option<String>,
    /// `item_price` × `order_qty`.
    pub subtotal: Won,
    /// The subtotal after this line's share of the discount: the amount of
    /// the escrow order this line becomes.
    pub amount: Won,
}

impl CartRequest {
    /// The name payment pages and receipts show: the first item's name, plus
    /// " 외 N건" when the cart has more lines.
    pub fn goods_name(&self) -> String {
        let first = self.lines.first().map_or("", |l| l.item_name.as_str());
        match self.lines.len() {
            0 | 1 => first.to_owned(),
            n => format!("{first} 외 {}건", n - 1),
        }
    }
}

/// Reads and checks a cart: `order` is the `<ORDER>` element, `items` the
/// `<IpayServiceItems>` elements inside `<ITEMS>`. The checks run in the
/// order of the module documentation; the first failure is returned.
pub fn read_cart(order: Option<&Element>, items: &[&Element]) -> Result<CartRequest, CartError> {
    use CartErrorCode as E;
    let el = order.ok_or_else(|| CartError::new(E::Other, "the ORDER element is missing"))?;
    let o = Ctx { el, what: "ORDER" };

    let payment_rule = o.required_int("payment_rule", E::PaymentRuleMissing)?;
    let pay_price = o.required_int("pay_price", E::PayPriceMissing)?;
    let shipping_type = o.required_int("shipping_type", E::ShippingTypeMissing)?;
    let shipping_price = o.raw("shipping_price").and_then(parse_int);
    if matches!(shipping_type, 1 | 2) && shipping_price.is_some_and(|p| p > 0) {
        return Err(o.err(
            E::ShippingPriceNotFree,
            "shipping_price",
            "must be 0 when shipping_type is 1 or 2",
        ));
    }
    let shipping_price = o.required_int("shipping_price", E::ShippingPriceMissing)?;
    let back_url = o.required_text("back_url", E::BackUrlMissing)?;
    let service_url = o.required_text("service_url", E::ServiceUrlMissing)?;
    let redirect_url = o.required_text("redirect_url", E::RedirectUrlMissing)?;

    let payment_rule = u8::try_from(payment_rule)
        .ok()
        .and_then(PaymentRule::new)
        .ok_or_else(|| o.err(E::Other, "payment_rule", "must be 0–14"))?;
    let shipping_type = ShippingType::from_code(shipping_type)
        .ok_or_else(|| o.err(E::Other, "shipping_type", "must be 1, 2 or 3"))?;
    let pay_price = o.won("pay_price", pay_price)?;
    let shipping_price = o.won("shipping_price", shipping_price)?;
    let is_address_required = o.optional_bool("is_address_required")?.unwrap_or(true);
    let move_to_redirect_url = o.optional_bool("move_to_redirect_url")?.unwrap_or(false);
    let payment_due_date = match o.optional_text("payment_due_date") {
        None => None,
        Some(v) => Some(
            parse_due_date(&v)
                .ok_or_else(|| o.err(E::Other, "payment_due_date", "is not a date"))?,
        ),
    };
    let card_type = match o.optional_text("card_type") {
        None => Vec::new(),
        Some(v) => codes::parse_card_type(&v)
            .ok_or_else(|| o.err(E::Other, "card_type", "holds an unknown card code"))?,
    };
    let discount = read_discount(&o)?;

    if items.is_empty() {
        return Err(CartError::new(E::Other, "the cart has no IpayServiceItems"));
    }
    let mut lines = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let what = format!("item {}", i + 1);
        lines.push(read_line(&Ctx {
            el: item,
            what: &what,
        })?);
    }

    let mut seen = HashSet::new();
    for line in &lines {
        if !seen.insert((line.ipay_itemno.as_str(), line.item_option_name.as_str())) {
            return Err(CartError::new(
                E::Other,
                format!(
                    "ipay_itemno {:?} with item_option_name {:?} appears twice; send one line with the summed order_qty",
                    line.ipay_itemno, line.item_option_name
                ),
            ));
        }
    }

    let subtotals: Vec<Won> = lines.iter().map(|l| l.subtotal).collect();
    let allocation =
        allocate_discount(&subtotals, shipping_price, discount).map_err(|e| match e {
            DiscountError::TooLarge => CartError::new(
                E::DiscountTooLarge,
                "discount_price leaves less than 100 won per cart line",
            ),
            DiscountError::NoLines | DiscountError::Overflow => {
                CartError::new(E::Other, format!("cart total: {e}"))
            }
        })?;
    for (line, amount) in lines.iter_mut().zip(&allocation.lines) {
        line.amount = *amount;
    }
    let expected = allocation
        .lines
        .iter()
        .try_fold(allocation.shipping, |acc, a| acc.checked_add(*a))
        .ok_or_else(|| CartError::new(E::Other, "the cart total is too large"))?;
    if pay_price != expected {
        return Err(CartError::new(
            E::PayPriceMismatch,
            format!(
                "ORDER pay_price {pay_price} is not goods + shipping_price − discount = {expected}"
            ),
        ));
    }

    Ok(CartRequest {
        payment_rule,
        pay_price,
        shipping_price,
        shipping_type,
        back_url,
        service_url,
        redirect_url,
        is_address_required,
        buyer_name: o.optional_text("buyer_name"),
        buyer_tel_no: o.optional_text("buyer_tel_no"),
        buyer_email: o.optional_text("buyer_email"),
        move_to_redirect_url,
        payment_due_date,
        card_type,
        discount,
        lines,
        shipping_after_discount: allocation.shipping,
    })
}

/// The ORDER's discount, by the −81 rule in the module documentation.
fn read_discount(o: &Ctx<'_>) -> Result<Won, CartError> {
    use CartErrorCode as E;
    let specified = o.optional_bool("discount_priceSpecified")?;
    let name = if o.raw("discount_price").is_some() {
        "discount_price"
    } else {
        "Discount_price"
    };
    match (specified, o.raw(name)) {
        (Some(false), _) | (None, None) => Ok(Won::ZERO),
        (Some(true), None) => Err(o.err(
            E::DiscountMissing,
            "discount_price",
            "is missing but discount_priceSpecified is true",
        )),
        (_, Some(v)) => match parse_int(v) {
            None => Err(o.err(E::DiscountMissing, name, "is not an integer")),
            Some(0) => Err(o.err(E::DiscountMissing, name, "is 0")),
            Some(n) => o.won(name, n),
        },
    }
}

/// One item, checked in the order of the module documentation; `amount` is
/// set to the subtotal until the discount is allocated.
fn read_line(c: &Ctx<'_>) -> Result<CartLine, CartError> {
    use CartErrorCode as E;
    let raw_name = c.raw("item_name");
    if raw_name.is_some_and(|n| n.contains(FORBIDDEN_CHARS)) {
        return Err(c.err(
            E::ItemNameForbiddenChar,
            "item_name",
            "contains one of ' ` ^ * | newline NUL",
        ));
    }
    let item_name = match raw_name {
        Some(n) if !n.trim().is_empty() => n.to_owned(),
        _ => return Err(c.err(E::ItemNameMissing, "item_name", "is missing or empty")),
    };
    let ipay_itemno = c.required_text("ipay_itemno", E::ItemNoMissing)?;
    let item_option_name = c
        .raw("item_option_name")
        .ok_or_else(|| c.err(E::ItemOptionNameMissing, "item_option_name", "is missing"))?
        .to_owned();
    let item_price = c.required_int("item_price", E::ItemPriceMissing)?;
    let order_qty = c.required_int("order_qty", E::OrderQtyMissing)?;
    let item_url = c.required_text("item_url", E::ItemUrlMissing)?;
    let thumbnail_url = c.required_text("thumbnail_url", E::ThumbnailUrlMissing)?;
    let lowered = item_name.to_lowercase();
    if let Some(word) = FORBIDDEN_WORDS
        .iter()
        .find(|w| lowered.contains(&w.to_lowercase()))
    {
        return Err(c.err(
            E::ItemNameForbiddenWord,
            "item_name",
            &format!("contains the forbidden word {word:?}"),
        ));
    }
    let cancel_restriction = match c.raw("cancel_restriction").map(str::trim) {
        None | Some("") => false,
        Some(v) => parse_bool(v).ok_or_else(|| {
            c.err(
                E::CancelRestrictionInvalid,
                "cancel_restriction",
                "must be 0 or 1",
            )
        })?,
    };
    if item_name.chars().count() > MAX_ITEM_NAME_CHARS {
        return Err(c.err(E::ItemNameTooLong, "item_name", "is over 200 characters"));
    }
    if item_option_name.chars().count() > MAX_OPTION_NAME_CHARS {
        return Err(c.err(
            E::ItemOptionNameTooLong,
            "item_option_name",
            "is over 100 characters",
        ));
    }

    let item_price = c.won("item_price", item_price)?;
    let order_qty = u32::try_from(order_qty)
        .ok()
        .filter(|q| *q > 0)
        .ok_or_else(|| c.err(E::Other, "order_qty", "must be a positive integer"))?;
    let subtotal = i64::from(order_qty)
        .checked_mul(item_price.get())
        .and_then(|v| Won::new(v).ok())
        .ok_or_else(|| c.err(E::Other, "item_price", "× order_qty is too large"))?;
    Ok(CartLine {
        item_name,
        ipay_itemno,
        item_option_name,
        item_price,
        order_qty,
        item_url,
        thumbnail_url,
        item_image: c.optional_text("item_image").map(|v| v.trim().to_owned()),
        item_image_url: c
            .optional_text("item_image_url")
            .map(|v| v.trim().to_owned()),
        item_description: c.optional_text("item_description"),
        partner_code: c.optional_text("partner_code"),
        cancel_restriction,
        free_gift: c.optional_text("free_gift"),
        add_shipping_price_jeju: c.optional_won("add_shipping_price_jeju")?,
        add_shipping_price_etc: c.optional_won("add_shipping_price_etc")?,
        category_code: c.optional_text("category_code"),
        subtotal,
        amount: subtotal,
    })
}

/// `payment_due_date`: the manual's `2011-12-31`, or an `xs:dateTime` as
/// generated clients send it (`2011-12-31T00:00:00`, time ignored: the
/// deadline is a day).
fn parse_due_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d);
    }
    let (date, time) = t.split_once(['T', ' '])?;
    let time = time.trim_end_matches('Z');
    chrono::NaiveTime::parse_from_str(time, "%H:%M:%S%.f").ok()?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// `Option<NaiveDate>` as `"YYYY-MM-DD"` or null (the workspace builds chrono
/// without its serde feature).
mod due_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&d.format("%Y-%m-%d").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests;
