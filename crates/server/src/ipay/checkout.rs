//! The order form before paying (§3.1.2 `buyer_*`, `is_address_required`,
//! `add_shipping_price_jeju`/`_etc`): who the buyer is, where the goods go,
//! and what that adds to the price. Committed as the payment's `Checkout`
//! command, so the amount the acquirer charges is the amount on record.

use super::state::{Area, Checkout, cart_of};
use crate::app::App;
use crate::error::ServiceError;
use gyeolje_core::escrow::Destination;
use gyeolje_core::{Command, Payment, PaymentId, PaymentState};

/// What the buyer entered.
#[derive(Clone, Debug, Default)]
pub struct CheckoutInput {
    pub buyer_name: String,
    pub buyer_tel: String,
    pub buyer_email: String,
    pub destination: Option<Destination>,
    pub area: Area,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    #[error("카트를 찾을 수 없습니다")]
    NotFound,
    #[error("결제할 수 없는 상태입니다 ({0})")]
    NotPayable(PaymentState),
    #[error("배송지 정보를 입력해 주세요: {0}")]
    AddressRequired(&'static str),
    #[error("주문자 이름을 입력해 주세요")]
    NameRequired,
    #[error(transparent)]
    Service(ServiceError),
}

impl From<ServiceError> for CheckoutError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => CheckoutError::NotFound,
            other => CheckoutError::Service(other),
        }
    }
}

impl App {
    /// Records the order form of cart `id`; the amount becomes the cart's
    /// `pay_price` plus the area's surcharge. Repeating it (the buyer went
    /// back and changed the address) replaces the earlier form.
    pub async fn ipay_checkout(
        &self,
        id: PaymentId,
        input: CheckoutInput,
    ) -> Result<Payment, CheckoutError> {
        let _guard = self.locks.lock(id.get()).await;
        let payment = self.load(id).await?;
        let mut cart = cart_of(&payment)?;
        if payment
            .check_payable(self.now_for(payment.merchant_id))
            .is_err()
        {
            return Err(CheckoutError::NotPayable(payment.state));
        }
        if input.buyer_name.trim().is_empty() {
            return Err(CheckoutError::NameRequired);
        }
        let destination = if cart.cart.is_address_required {
            let d = input
                .destination
                .ok_or(CheckoutError::AddressRequired("주소"))?;
            if d.name.trim().is_empty() {
                return Err(CheckoutError::AddressRequired("받는 분"));
            }
            if d.address.trim().is_empty() {
                return Err(CheckoutError::AddressRequired("주소"));
            }
            Some(d)
        } else {
            None
        };
        let area = if destination.is_some() {
            input.area
        } else {
            Area::Mainland
        };
        let surcharge = area.surcharge(&cart.cart);
        let amount = cart
            .cart
            .pay_price
            .checked_add(surcharge)
            .unwrap_or(cart.cart.pay_price);
        let buyer_id = buyer_id(&input.buyer_tel, &input.buyer_email);
        cart.checkout = Some(Checkout {
            buyer_id,
            buyer_name: input.buyer_name.trim().to_owned(),
            buyer_tel: input.buyer_tel.trim().to_owned(),
            buyer_email: input.buyer_email.trim().to_owned(),
            destination,
            area,
            surcharge,
        });
        let command = Command::Checkout {
            amount,
            protocol_data: cart.to_value(),
        };
        match self.apply(&payment, command).await {
            Ok(t) => Ok(t.payment),
            Err(ServiceError::Refused(_)) => Err(CheckoutError::NotPayable(payment.state)),
            Err(e) => Err(e.into()),
        }
    }
}

/// Buyers pay as non-members (`LoginNonMember.aspx`); their id is made from
/// what identifies them, so one buyer's orders share it.
fn buyer_id(tel: &str, email: &str) -> String {
    let digits: String = tel.chars().filter(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return format!("guest{digits}");
    }
    let local = email.split('@').next().unwrap_or("").trim();
    if local.is_empty() {
        "guest".to_owned()
    } else {
        format!("guest_{local}")
    }
}
