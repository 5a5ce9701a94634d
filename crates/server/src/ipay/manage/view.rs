//! An order as the management operations see it: the [`EscrowOrder`]
//! joined with its cart (the buyer, the cart line, the pay number), and
//! running an [`OrderCommand`] for the calling seller with the core's
//! refusals turned into Korean reasons for the wire.

use super::super::call::{Call, Fault};
use super::super::escrow::OrderError;
use super::super::state::{IpayCart, cart_of};
use gyeolje_core::escrow::{EscrowError, EscrowOrder, OrderCommand, OrderState};
use gyeolje_core::{Merchant, Payment, PaymentId, Timestamp, Won};
use gyeolje_ipay::cart::CartLine;
use gyeolje_ipay::ops::Object;
use std::collections::HashMap;

/// How many orders of one state a list operation returns at most (oldest
/// first, as iPay's lists did).
pub const SCAN_LIMIT: u32 = 5_000;

/// An order with what its cart knows about it.
#[derive(Clone, Debug)]
pub struct OrderView {
    pub order: EscrowOrder,
    pub payment: Payment,
    pub cart: Option<IpayCart>,
}

impl OrderView {
    pub fn buyer_id(&self) -> &str {
        self.cart
            .as_ref()
            .and_then(|c| c.checkout.as_ref())
            .map_or("", |c| c.buyer_id.as_str())
    }

    pub fn buyer_name(&self) -> &str {
        self.cart.as_ref().map_or("", |c| c.buyer_name())
    }

    /// The phone the buyer gave on the order form (or with the cart).
    pub fn buyer_tel(&self) -> &str {
        let cart = self.cart.as_ref();
        cart.and_then(|c| c.checkout.as_ref())
            .map(|c| c.buyer_tel.as_str())
            .filter(|t| !t.is_empty())
            .or_else(|| cart.and_then(|c| c.cart.buyer_tel_no.as_deref()))
            .unwrap_or("")
    }

    /// iPay's 결제번호, also the bundle number (`GroupOrderSeqno`).
    pub fn pay_no(&self) -> i64 {
        self.cart.as_ref().and_then(|c| c.pay_no).unwrap_or(0)
    }

    /// The cart line the order was made from.
    pub fn line(&self) -> Option<&CartLine> {
        self.cart
            .as_ref()
            .and_then(|c| c.cart.lines.get(usize::from(self.order.line)))
    }

    /// The shipping fee of the cart, shown on its first order only, so the
    /// fees of a bundle add up to what the buyer paid for shipping.
    pub fn delivery_fee(&self) -> Won {
        let Some(cart) = self.cart.as_ref().filter(|_| self.order.line == 0) else {
            return Won::ZERO;
        };
        let surcharge = cart.checkout.as_ref().map_or(Won::ZERO, |c| c.surcharge);
        cart.cart
            .shipping_after_discount
            .checked_add(surcharge)
            .unwrap_or(cart.cart.shipping_after_discount)
    }

    /// The delivery address fields, in `Dist*` order: name, post number,
    /// address, detail, phone, mobile.
    pub fn destination(&self) -> [(&'static str, String); 6] {
        let d = self.order.destination.clone().unwrap_or_default();
        [
            ("DistName", d.name),
            ("DistPostNo", d.post_no),
            ("DistAddressPost", d.address),
            ("DistAddressDetail", d.address_detail),
            ("DistTel", d.tel),
            ("DistMoblieTel", d.mobile),
        ]
    }
}

/// `2024-01-31 13:05:09` in KST, or empty.
pub fn date(t: Option<Timestamp>) -> String {
    t.map(Timestamp::kst_datetime).unwrap_or_default()
}

/// The caller's seller id matches `given` (Auction ids are not case-sensitive).
pub fn is_callers_id(seller: &Merchant, given: Option<&str>) -> bool {
    let given = given.map(str::trim).unwrap_or("");
    seller
        .ipay
        .as_ref()
        .is_some_and(|a| !given.is_empty() && a.seller_id.trim().eq_ignore_ascii_case(given))
}

/// The operation's `req` element; its absence is a malformed call.
pub fn req<'a>(call: &Call<'a>) -> Result<Object<'a>, Fault> {
    call.args.object("req").ok_or_else(|| {
        Fault::client(format!(
            "{}: req is required (req가 없습니다)",
            call.op.name
        ))
    })
}

/// The seller's order `order_no`, with its cart; `None` when it does not
/// exist or belongs to another seller.
pub async fn sellers_order(
    call: &Call<'_>,
    seller: &Merchant,
    order_no: i64,
) -> Result<Option<OrderView>, Fault> {
    let Some(order) = call.app.store.escrow_order(order_no).await? else {
        return Ok(None);
    };
    if order.merchant_id != seller.id {
        return Ok(None);
    }
    let Some(payment) = call.app.store.payment(order.payment_id).await? else {
        return Ok(None);
    };
    let cart = Some(cart_of(&payment)?);
    Ok(Some(OrderView {
        order,
        payment,
        cart,
    }))
}

/// Joins orders with their carts, loading each cart once.
pub async fn views(call: &Call<'_>, orders: Vec<EscrowOrder>) -> Result<Vec<OrderView>, Fault> {
    // One read and one decode per cart, however many of its orders are listed.
    let mut carts: HashMap<PaymentId, Option<(Payment, Option<IpayCart>)>> = HashMap::new();
    let mut out = Vec::with_capacity(orders.len());
    for order in orders {
        if let std::collections::hash_map::Entry::Vacant(slot) = carts.entry(order.payment_id) {
            let found = match call.app.store.payment(order.payment_id).await? {
                Some(p) => {
                    let cart = Some(cart_of(&p)?);
                    Some((p, cart))
                }
                None => None,
            };
            slot.insert(found);
        }
        let Some(Some((payment, cart))) = carts.get(&order.payment_id) else {
            continue;
        };
        out.push(OrderView {
            order,
            payment: payment.clone(),
            cart: cart.clone(),
        });
    }
    Ok(out)
}

/// The seller's orders in any of `states` (up to [`SCAN_LIMIT`] each),
/// oldest first: read by state from the store, so an old seller's newest
/// request is never crowded out by their finished orders.
pub async fn sellers_orders(
    call: &Call<'_>,
    seller: &Merchant,
    states: &[OrderState],
) -> Result<Vec<OrderView>, Fault> {
    let mut orders = Vec::new();
    for state in states {
        orders.extend(
            call.app
                .store
                .escrow_orders_in_state(seller.id, *state, SCAN_LIMIT)
                .await?,
        );
    }
    orders.sort_by_key(|o| (o.ordered_at, o.order_no));
    views(call, orders).await
}

/// Why a command on an order was not done.
#[derive(Debug)]
pub enum Refusal {
    /// No such order for this seller.
    NotFound(i64),
    /// The core refused it in the order's state.
    State(EscrowError),
    /// The refund or the commit did not go through.
    Other(String),
}

impl Refusal {
    /// The reason for the wire; `action` is what was attempted, in Korean
    /// (`발송처리`, `반품승인`…).
    pub fn message(&self, action: &str) -> String {
        match self {
            Refusal::NotFound(n) => format!("주문정보가 존재하지 않습니다 (주문번호 {n})"),
            Refusal::State(EscrowError::NotAllowed { state, .. }) => {
                format!("{} 상태의 주문은 {action}할 수 없습니다", state.label())
            }
            Refusal::State(EscrowError::CancelRestricted) => {
                "취소가 제한된 주문입니다 (cancel_restriction=1)".to_owned()
            }
            Refusal::State(EscrowError::NotYetDue) => {
                format!("아직 {action}할 수 있는 시점이 아닙니다")
            }
            Refusal::Other(m) => m.clone(),
        }
    }
}

/// Runs `command` on the seller's order `order_no`. The outer error is a
/// store failure (a Server fault); the inner one a refusal to answer in
/// the operation's own form.
pub async fn command(
    call: &Call<'_>,
    seller: &Merchant,
    order_no: i64,
    command: OrderCommand,
) -> Result<Result<EscrowOrder, Refusal>, Fault> {
    match call
        .app
        .order_command(Some(seller.id), order_no, command)
        .await
    {
        Ok(order) => Ok(Ok(order)),
        Err(OrderError::NotFound(n) | OrderError::NotYours(n)) => Ok(Err(Refusal::NotFound(n))),
        Err(OrderError::Escrow(e)) => Ok(Err(Refusal::State(e))),
        Err(e @ (OrderError::Payment(_) | OrderError::Conflict)) => {
            Ok(Err(Refusal::Other(e.to_string())))
        }
        Err(OrderError::Internal(e)) => Err(e.into()),
    }
}

/// A required `xs:int` order number, or the refusal for its absence.
pub fn order_no(obj: &Object<'_>, field: &str) -> Result<i64, String> {
    obj.attr_int(field)
        .map(i64::from)
        .ok_or_else(|| format!("{field}(주문번호)를 입력해 주세요"))
}
