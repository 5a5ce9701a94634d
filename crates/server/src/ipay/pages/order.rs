//! `IpayStdOrder.aspx` and `IpayFastOrder.aspx`: the order page of a cart
//! (items, shipping, discount, total; the buyer; the delivery address with
//! the Jeju/remote surcharge; the methods and their fields), and its POST,
//! which records the order form (`ipay_checkout`) and pays (`App::pay`).
//!
//! Both pages share this code; [`Flavor`] decides what Fast narrows. The
//! form posts back to the same URL, so the cart, seller and price checks of
//! [`locate`] run again on the POST.

use super::buyer_key::is_buyer;
use super::form::{self, Flavor, OrderForm};
use super::locate::{CartQuery, locate};
use super::order_page::order_page;
use super::result;
use crate::app::App;
use crate::error::ServiceError;
use crate::ipay::checkout::CheckoutError;
use crate::pages::notice;
use crate::payments::pay::PayOutcome;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use gyeolje_core::PaymentState;

async fn show(app: App, flavor: Flavor, query: CartQuery, headers: HeaderMap) -> Response {
    match locate(&app, &query).await {
        Ok(located) => {
            let buyer = is_buyer(&headers, &located.payment);
            result::page_for(&app, &located, flavor, &query, buyer).await
        }
        Err(refused) => refused.page(),
    }
}

/// `GET /ipay/IpayStdOrder.aspx`.
pub async fn show_std(
    State(app): State<App>,
    Query(query): Query<CartQuery>,
    headers: HeaderMap,
) -> Response {
    show(app, Flavor::Std, query, headers).await
}

/// `GET /ipay/IpayFastOrder.aspx`.
pub async fn show_fast(
    State(app): State<App>,
    Query(query): Query<CartQuery>,
    headers: HeaderMap,
) -> Response {
    show(app, Flavor::Fast, query, headers).await
}

/// `POST /ipay/IpayStdOrder.aspx`.
pub async fn submit_std(
    State(app): State<App>,
    Query(query): Query<CartQuery>,
    headers: HeaderMap,
    form: Result<Form<OrderForm>, FormRejection>,
) -> Response {
    submit(app, Flavor::Std, query, &headers, form).await
}

/// `POST /ipay/IpayFastOrder.aspx`.
pub async fn submit_fast(
    State(app): State<App>,
    Query(query): Query<CartQuery>,
    headers: HeaderMap,
    form: Result<Form<OrderForm>, FormRejection>,
) -> Response {
    submit(app, Flavor::Fast, query, &headers, form).await
}

async fn submit(
    app: App,
    flavor: Flavor,
    query: CartQuery,
    headers: &HeaderMap,
    form: Result<Form<OrderForm>, FormRejection>,
) -> Response {
    let located = match locate(&app, &query).await {
        Ok(l) => l,
        Err(refused) => return refused.page(),
    };
    if located.payment.state != PaymentState::Requested {
        let buyer = is_buyer(headers, &located.payment);
        return result::page_for(&app, &located, flavor, &query, buyer).await;
    }
    let again = |form: OrderForm, status: StatusCode, message: String| {
        order_page(
            &app,
            &located,
            flavor,
            &query,
            form,
            Some((status, message)),
        )
    };
    let Ok(Form(form)) = form else {
        let prefilled = OrderForm::prefilled(&located.cart.cart);
        return again(
            prefilled,
            StatusCode::BAD_REQUEST,
            "입력값을 확인해 주세요.".into(),
        );
    };
    let now = app.now_for(located.payment.merchant_id);
    let choice = match form::read(&form, flavor, &located.cart.cart, now) {
        Ok(c) => c,
        Err(e) => return again(form, StatusCode::BAD_REQUEST, e.to_string()),
    };
    let id = located.payment.id;
    match app.ipay_checkout(id, choice.checkout).await {
        Ok(_) => {}
        Err(e @ (CheckoutError::AddressRequired(_) | CheckoutError::NameRequired)) => {
            return again(form, StatusCode::BAD_REQUEST, e.to_string());
        }
        Err(CheckoutError::NotFound | CheckoutError::NotPayable(_)) => {
            return reshow(&app, flavor, &query, headers).await;
        }
        Err(CheckoutError::Service(e)) => return unavailable(&e),
    }
    let outcome = app
        .pay_until(id, choice.pay, choice.payer, choice.deposit_by)
        .await;
    match outcome {
        Ok(PayOutcome::Approved(p) | PayOutcome::AwaitingDeposit(p)) => {
            match locate(&app, &query).await {
                Ok(now) => result::after_payment(&app, &now, flavor, &query).await,
                Err(_) => {
                    tracing::error!(payment = %p.id, "paid cart vanished");
                    unavailable(&"paid cart vanished")
                }
            }
        }
        Ok(PayOutcome::Declined { message, .. }) => again(
            form,
            StatusCode::PAYMENT_REQUIRED,
            format!("결제가 거절되었습니다: {message}"),
        ),
        Err(e) if e.is_internal() => unavailable(&e),
        Err(ServiceError::MethodNotOffered(_)) => again(
            form,
            StatusCode::BAD_REQUEST,
            "이 주문에서 사용할 수 없는 결제수단입니다.".into(),
        ),
        Err(ServiceError::NotFound) => super::locate::Refused::UnknownCart.page(),
        Err(_) => reshow(&app, flavor, &query, headers).await,
    }
}

/// The cart moved on while the buyer was on the page: show where it is now.
async fn reshow(app: &App, flavor: Flavor, query: &CartQuery, headers: &HeaderMap) -> Response {
    match locate(app, query).await {
        Ok(located) => {
            let buyer = is_buyer(headers, &located.payment);
            result::page_for(app, &located, flavor, query, buyer).await
        }
        Err(refused) => refused.page(),
    }
}

fn unavailable(e: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %e, "ipay order page failed");
    notice(
        StatusCode::SERVICE_UNAVAILABLE,
        "일시적인 오류",
        "잠시 후 다시 시도해 주세요.",
    )
}
