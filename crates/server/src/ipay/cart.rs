//! `InsertIpayOrderToLong` / `InsertIpayOrder` (§3.1.2, §3.1.5): register a
//! cart and answer its number, or a negative error code.
//!
//! The cart becomes a payment request (the cart number is the payment
//! number) in the state `Requested`; the buyer pays it on the payment page
//! within [`CART_TTL`]. The rules of §3.1.2 and the codes of §3.1.5 are the
//! protocol crate's (`gyeolje_ipay::cart`); only −19 (`item_image` too large
//! or missing) needs the network and is checked here.

use super::call::{Call, Fault};
use super::state::IpayCart;
use crate::app::App;
use crate::ids::new_page_code;
use crate::payments::commit::Extra;
use gyeolje_core::{Merchant, NewPayment, Payment, PhoneNumber, Protocol};
use gyeolje_ipay::cart::{CartError, CartErrorCode, CartRequest, read_cart};
use gyeolje_ipay::soap::ResultValue;
use std::time::Duration;

/// How long a registered cart can be paid. The manual gives no limit; a
/// week keeps abandoned carts from lingering for ever.
pub const CART_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

pub async fn insert(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let order = call.args.object("ORDER");
    let items = call.args.list("ITEMS");
    let items: Vec<_> = items.iter().map(|o| o.element()).collect();
    let answer = match read_cart(order.as_ref().map(|o| o.element()), &items) {
        Ok(cart) => match register(call.app, seller, cart).await? {
            Ok(payment) => payment.id.get(),
            Err(e) => refused(seller, &e),
        },
        Err(e) => refused(seller, &e),
    };
    if call.op.op == gyeolje_ipay::ops::Op::InsertIpayOrder {
        // The older operation answers an int; a cart number beyond it is an error.
        let n = i32::try_from(answer).unwrap_or(CartErrorCode::Other.as_i64() as i32);
        return Ok(ResultValue::simple(call.op, n));
    }
    Ok(ResultValue::simple(call.op, answer))
}

fn refused(seller: &Merchant, e: &CartError) -> i64 {
    tracing::info!(merchant = %seller.id, code = e.code.as_i64(), reason = %e.message, "ipay cart refused");
    e.code.as_i64()
}

/// Checks the images and stores the cart.
pub async fn register(
    app: &App,
    seller: &Merchant,
    cart: CartRequest,
) -> Result<Result<Payment, CartError>, Fault> {
    // Both names the image goes by (§3.1.2 `item_image`, the −19 row's and
    // the live type's `item_image_url`), each checked when sent.
    let images = cart.lines.iter().flat_map(|l| {
        [
            ("item_image", l.item_image.as_deref()),
            ("item_image_url", l.item_image_url.as_deref()),
        ]
    });
    if let Some(why) = crate::callback_hosts::refused(seller, &cart.service_url) {
        // The manual's code for an unusable service_url (−7).
        return Ok(Err(CartError {
            code: CartErrorCode::ServiceUrlMissing,
            message: format!("service_url: {why}"),
        }));
    }
    for (name, url) in images {
        let Some(url) = url else { continue };
        if let Err(why) = super::image::check(app, url).await {
            return Ok(Err(CartError {
                code: CartErrorCode::ImageTooLarge,
                message: format!("{name} {url}: {why}"),
            }));
        }
    }
    let now = app.now_for(seller.id);
    let stored = IpayCart {
        cart,
        checkout: None,
        pay_no: None,
    };
    let draft = app.draft(NewPayment {
        id: app.next_payment_id().await?,
        protocol: Protocol::Ipay,
        merchant_id: seller.id,
        page_code: new_page_code(),
        amount: stored.cart.pay_price,
        goods_name: stored.cart.goods_name(),
        buyer_phone: stored
            .cart
            .buyer_tel_no
            .as_deref()
            .and_then(|t| PhoneNumber::parse(t).ok()),
        expires_at: now.plus(CART_TTL),
        reference: None,
        protocol_data: stored.to_value(),
    });
    let payment = app.create(seller, draft, Extra::default()).await?;
    Ok(Ok(payment))
}
