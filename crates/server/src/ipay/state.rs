//! What gyeolje keeps about an iPay cart, as the payment's protocol data:
//! the registered cart (immutable after `InsertIpayOrderToLong`), what the
//! buyer entered on the order form, and the pay number once paid.

use crate::error::ServiceError;
use gyeolje_core::escrow::Destination;
use gyeolje_core::{Payment, Protocol, Won};
use gyeolje_ipay::cart::CartRequest;
use serde::{Deserialize, Serialize};

/// Where the goods go, for the surcharges of §3.1.2
/// (`add_shipping_price_jeju` / `add_shipping_price_etc`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    #[default]
    Mainland,
    Jeju,
    /// 기타 도서산간지역.
    Remote,
}

impl Area {
    pub fn parse(text: &str) -> Option<Area> {
        match text {
            "mainland" | "" => Some(Area::Mainland),
            "jeju" => Some(Area::Jeju),
            "remote" => Some(Area::Remote),
            _ => None,
        }
    }

    /// The extra shipping fee for this area: the sum over the cart's lines.
    pub fn surcharge(self, cart: &CartRequest) -> Won {
        cart.lines.iter().fold(Won::ZERO, |sum, l| {
            let extra = match self {
                Area::Mainland => Won::ZERO,
                Area::Jeju => l.add_shipping_price_jeju,
                Area::Remote => l.add_shipping_price_etc,
            };
            sum.checked_add(extra).unwrap_or(sum)
        })
    }
}

/// What the buyer entered on the order form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkout {
    /// The buyer's member id (non-members get one made from the phone).
    pub buyer_id: String,
    pub buyer_name: String,
    pub buyer_tel: String,
    pub buyer_email: String,
    /// `None` when the cart has `is_address_required=false`.
    pub destination: Option<Destination>,
    pub area: Area,
    pub surcharge: Won,
}

/// The protocol data of an iPay payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpayCart {
    pub cart: CartRequest,
    #[serde(default)]
    pub checkout: Option<Checkout>,
    /// iPay's 결제번호 (`AuctionPayNo`), assigned when the cart is paid or a
    /// virtual account is issued.
    #[serde(default)]
    pub pay_no: Option<i64>,
}

impl IpayCart {
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    pub fn buyer_name(&self) -> &str {
        self.checkout
            .as_ref()
            .map(|c| c.buyer_name.as_str())
            .or(self.cart.buyer_name.as_deref())
            .unwrap_or("")
    }
}

/// The stored cart of an iPay payment; a payment of another protocol is
/// [`ServiceError::NotFound`], a body that does not decode an error.
pub fn cart_of(payment: &Payment) -> Result<IpayCart, ServiceError> {
    if payment.protocol != Protocol::Ipay {
        return Err(ServiceError::NotFound);
    }
    Ok(payment.protocol_data()?)
}
