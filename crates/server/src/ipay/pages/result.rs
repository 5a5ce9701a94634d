//! What an order page shows once the cart is past the form: the paid
//! result (pay number, the escrow order numbers, receipts, the link back
//! to `redirect_url`), the virtual account to deposit into, or a notice
//! for a cart that was cancelled or expired.
//!
//! `move_to_redirect_url=true` (§3.1.2, §3.1.4): right after paying, the
//! buyer is sent to `redirect_url` + `&ipayno=<pay number>` with a 303.
//! When `redirect_url` has no query yet the separator is `?` instead, so
//! the shop still gets a parseable `ipayno` (the manual's `&` assumes a
//! query). A virtual account redirects too: the order is complete and the
//! shop reads the account with `GetIpayAccountNumb` (§3.1.4 5).

use super::form::{Flavor, OrderForm, method_label};
use super::links::safe_link;
use super::locate::{CartQuery, Located};
use super::order_page::order_page;
use super::paths::{BUYER_PATH, RECEIPT_PATH};
use crate::app::App;
use crate::pages::{notice, render};
use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gyeolje_core::{PayMethod, PaymentState};

pub struct OrderView {
    pub order_no: i64,
    pub item: String,
    pub option: String,
    pub qty: u32,
    pub amount: String,
    pub receipt_url: String,
}

pub struct AccountView {
    pub bank: String,
    pub account_no: String,
    pub holder: String,
    pub due: String,
}

#[derive(Template)]
#[template(path = "ipay_result.html")]
struct ResultPage {
    shop: String,
    pay_no: String,
    amount: String,
    method: String,
    card_name: String,
    approval_no: String,
    paid_at: String,
    buyer_name: String,
    orders: Vec<OrderView>,
    account: Option<AccountView>,
    redirect_url: Option<String>,
    /// The buyer's order page (`MyOrder.aspx?code=`), once there are orders.
    manage_url: Option<String>,
}

/// `redirect_url` + `ipayno`, or `None` when the cart has no usable URL.
pub fn redirect_target(redirect_url: &str, pay_no: i64) -> Option<String> {
    let url = safe_link(redirect_url)?;
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b.to_owned(), Some(f.to_owned())),
        None => (url, None),
    };
    let sep = if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    };
    let mut out = format!("{base}{sep}ipayno={pay_no}");
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&f);
    }
    Some(out)
}

/// The page for the cart in whatever state it is in.
/// `buyer`: the request comes from the browser that paid (see
/// [`super::buyer_key`]); only then does the page link the buyer's orders.
pub async fn page_for(
    app: &App,
    located: &Located,
    flavor: Flavor,
    query: &CartQuery,
    buyer: bool,
) -> Response {
    let payment = &located.payment;
    let (heading, message) = match payment.state {
        PaymentState::Requested if app.now_for(payment.merchant_id) >= payment.expires_at => (
            "결제 가능 기간이 지났습니다",
            "쇼핑몰에서 다시 주문해 주세요.",
        ),
        PaymentState::Requested => {
            let form = OrderForm::prefilled(&located.cart.cart);
            return order_page(app, located, flavor, query, form, None);
        }
        PaymentState::Paid | PaymentState::AwaitingDeposit => {
            return result_page(app, located, buyer).await;
        }
        PaymentState::Cancelled => ("취소된 주문입니다", "결제가 취소되었습니다."),
        PaymentState::RequestCancelled => ("취소된 주문입니다", "판매자가 주문을 취소했습니다."),
        PaymentState::Expired => (
            "결제 가능 기간이 지났습니다",
            "입금 기한이 지났거나 주문 가능 기간이 끝났습니다. 쇼핑몰에서 다시 주문해 주세요.",
        ),
    };
    notice(StatusCode::GONE, heading, message)
}

/// Right after a successful POST: the 303 of `move_to_redirect_url`, or
/// the result page. Either way the paying browser gets the buyer's key
/// (a cookie, see [`super::buyer_key`]).
pub async fn after_payment(
    app: &App,
    located: &Located,
    flavor: Flavor,
    query: &CartQuery,
) -> Response {
    let cart = &located.cart;
    let mut response = if cart.cart.move_to_redirect_url
        && let Some(pay_no) = cart.pay_no
        && let Some(target) = redirect_target(&cart.cart.redirect_url, pay_no)
    {
        Redirect::to(&target).into_response()
    } else {
        page_for(app, located, flavor, query, true).await
    };
    if let Some(cookie) = super::buyer_key::cookie(&located.payment) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

async fn result_page(app: &App, located: &Located, buyer: bool) -> Response {
    let payment = &located.payment;
    let orders = match app.store.escrow_orders_of(payment.id).await {
        Ok(orders) => orders,
        Err(e) => {
            tracing::error!(error = %e, "escrow orders of a paid cart");
            Vec::new()
        }
    };
    let receipt = |order_no: i64| {
        let q = form_urlencoded::Serializer::new(String::new())
            .append_pair("order_no", &order_no.to_string())
            .append_pair("seller_id", &located.seller_id)
            .finish();
        format!("{RECEIPT_PATH}?{q}")
    };
    let approval = payment.approval.as_ref();
    let method = payment.method.map(ipay_method).map(|m| method_label(m).1);
    render(
        StatusCode::OK,
        &ResultPage {
            shop: located.merchant.name.clone(),
            pay_no: located
                .cart
                .pay_no
                .map(|n| n.to_string())
                .unwrap_or_default(),
            amount: format!("{}원", payment.amount.grouped()),
            method: method.unwrap_or_default().to_owned(),
            card_name: approval
                .and_then(|a| a.card_name.clone())
                .unwrap_or_default(),
            approval_no: approval.map(|a| a.approval_no.clone()).unwrap_or_default(),
            paid_at: payment
                .paid_at
                .map(|t| t.kst_datetime())
                .unwrap_or_default(),
            buyer_name: located.cart.buyer_name().to_owned(),
            orders: orders
                .iter()
                .map(|o| OrderView {
                    order_no: o.order_no,
                    item: o.item_name.clone(),
                    option: o.option_name.clone(),
                    qty: o.quantity,
                    amount: format!("{}원", o.amount.grouped()),
                    receipt_url: receipt(o.order_no),
                })
                .collect(),
            account: (payment.state == PaymentState::AwaitingDeposit)
                .then_some(payment.virtual_account.as_ref())
                .flatten()
                .map(|va| AccountView {
                    bank: va.bank.clone(),
                    account_no: va.account_no.clone(),
                    holder: located.merchant.name.clone(),
                    due: va.due.kst_datetime(),
                }),
            manage_url: (buyer && !orders.is_empty()).then(|| {
                let q = form_urlencoded::Serializer::new(String::new())
                    .append_pair("code", payment.page_code.as_str())
                    .finish();
                format!("{BUYER_PATH}?{q}")
            }),
            redirect_url: located
                .cart
                .pay_no
                .and_then(|n| redirect_target(&located.cart.cart.redirect_url, n))
                .or_else(|| safe_link(&located.cart.cart.redirect_url)),
        },
    )
}

/// The core's method as iPay names it.
fn ipay_method(m: PayMethod) -> gyeolje_ipay::cart::PayMethod {
    use gyeolje_ipay::cart::PayMethod as I;
    match m {
        PayMethod::Card => I::Card,
        PayMethod::VirtualAccount => I::VirtualAccount,
        PayMethod::Phone => I::Phone,
        PayMethod::BankTransfer => I::Transfer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipayno_joins_the_redirect_url() {
        let t = |u| redirect_target(u, 123456);
        assert_eq!(
            t("https://shop/done.php?o=1").as_deref(),
            Some("https://shop/done.php?o=1&ipayno=123456")
        );
        assert_eq!(
            t("https://shop/done.php").as_deref(),
            Some("https://shop/done.php?ipayno=123456")
        );
        assert_eq!(
            t("https://shop/done?").as_deref(),
            Some("https://shop/done?ipayno=123456")
        );
        assert_eq!(
            t("https://shop/done?a=1#top").as_deref(),
            Some("https://shop/done?a=1&ipayno=123456#top")
        );
        assert_eq!(t("javascript:alert(1)"), None);
        assert_eq!(t(""), None);
    }
}
