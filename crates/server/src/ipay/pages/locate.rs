//! Finding the cart an order page was opened for, and refusing the URL
//! when it does not describe that cart: the page URL carries the cart
//! number, the seller id and the price (§1.2), and a shop that sends a
//! wrong one has a bug the buyer should not pay through.

use super::links::same_seller;
use crate::app::App;
use crate::ipay::state::{IpayCart, cart_of};
use crate::pages::notice;
use axum::http::StatusCode;
use axum::response::Response;
use gyeolje_core::{Merchant, Payment, PaymentId, Protocol, Won};
use gyeolje_store::StoreError;
use serde::Deserialize;

/// The query of both order pages. Every field is text so that a malformed
/// value gets this module's Korean page, not the extractor's rejection.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CartQuery {
    pub cartnos: String,
    pub sellerid: String,
    pub price: String,
}

impl CartQuery {
    /// The query string again, for the form's `action`.
    pub fn encoded(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("cartnos", &self.cartnos)
            .append_pair("sellerid", &self.sellerid)
            .append_pair("price", &self.price)
            .finish()
    }
}

/// A cart the URL describes correctly.
pub struct Located {
    pub payment: Payment,
    pub cart: IpayCart,
    pub merchant: Merchant,
    /// The seller id as registered (the URL's may differ in case).
    pub seller_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("카트번호(cartnos)가 올바르지 않습니다.")]
    BadCartNo,
    #[error("존재하지 않는 카트번호입니다.")]
    UnknownCart,
    #[error("판매자 아이디(sellerid)가 주문의 판매자와 일치하지 않습니다.")]
    WrongSeller,
    #[error("결제금액(price)이 주문 금액과 일치하지 않습니다.")]
    WrongPrice,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Refused {
    /// The error page: 404 for a cart that is not there, 400 for a URL
    /// that contradicts the cart, 503 when the store fails.
    pub fn page(self) -> Response {
        let status = match &self {
            Refused::UnknownCart => StatusCode::NOT_FOUND,
            Refused::BadCartNo | Refused::WrongSeller | Refused::WrongPrice => {
                StatusCode::BAD_REQUEST
            }
            Refused::Store(e) => {
                tracing::error!(error = %e, "ipay order page lookup failed");
                return notice(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "일시적인 오류",
                    "잠시 후 다시 시도해 주세요.",
                );
            }
        };
        notice(
            status,
            "주문 정보를 확인할 수 없습니다",
            format!("{self} 쇼핑몰에서 다시 주문해 주세요."),
        )
    }
}

/// The cart of `query`, checked against its seller and price.
pub async fn locate(app: &App, query: &CartQuery) -> Result<Located, Refused> {
    let cart_no: i64 = query
        .cartnos
        .trim()
        .parse()
        .map_err(|_| Refused::BadCartNo)?;
    let id = PaymentId::new(cart_no);
    let payment = app.store.payment(id).await?.ok_or(Refused::UnknownCart)?;
    if payment.protocol != Protocol::Ipay {
        return Err(Refused::UnknownCart);
    }
    let cart = cart_of(&payment).map_err(|_| Refused::UnknownCart)?;
    let merchant = app
        .store
        .merchant(payment.merchant_id)
        .await?
        .ok_or(Refused::UnknownCart)?;
    let seller_id = merchant
        .ipay
        .as_ref()
        .map(|a| a.seller_id.clone())
        .ok_or(Refused::UnknownCart)?;
    if !same_seller(&seller_id, &query.sellerid) {
        return Err(Refused::WrongSeller);
    }
    if parse_price(&query.price) != Some(cart.cart.pay_price) {
        return Err(Refused::WrongPrice);
    }
    Ok(Located {
        payment,
        cart,
        merchant,
        seller_id,
    })
}

/// `32500`, also written `32,500` or `32500.0` by shop code that formats
/// numbers; anything else is no price.
fn parse_price(text: &str) -> Option<Won> {
    let plain: String = text.trim().chars().filter(|c| *c != ',').collect();
    let whole = match plain.split_once('.') {
        Some((w, frac)) if frac.chars().all(|c| c == '0') => w,
        Some(_) => return None,
        None => plain.as_str(),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    whole.parse::<i64>().ok().and_then(|n| Won::new(n).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_as_shops_write_them() {
        let won = |n| Won::new(n).ok();
        assert_eq!(parse_price("32500"), won(32500));
        assert_eq!(parse_price(" 32,500 "), won(32500));
        assert_eq!(parse_price("32500.00"), won(32500));
        assert_eq!(parse_price("32500.5"), None);
        assert_eq!(parse_price("-1"), None);
        assert_eq!(parse_price(""), None);
        assert_eq!(parse_price("1e3"), None);
    }
}
