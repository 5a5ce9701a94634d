//! `IpayStdOrder.aspx` and `IpayFastOrder.aspx`: the order page of a cart
//! (items, shipping, discount, total; the buyer; the delivery address with
//! the Jeju/remote surcharge; the methods and their fields), and its POST,
//! which records the order form (`ipay_checkout`) and pays (`App::pay`).
//!
//! Both pages share this code; [`Flavor`] decides what Fast narrows. The
//! form posts back to the same URL, so the cart, seller and price checks of
//! [`locate`] run again on the POST.

use super::form::{self, Flavor, OrderForm, method_label};
use super::locate::{CartQuery, Located, locate};
use super::{result, safe_link};
use crate::app::App;
use crate::error::ServiceError;
use crate::ipay::checkout::CheckoutError;
use crate::ipay::state::Area;
use crate::pages::{notice, render};
use crate::payments::pay::PayOutcome;
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use gyeolje_core::{PaymentState, Won};
use gyeolje_ipay::cart::{CartRequest, PayMethod, ShippingType};

pub struct LineView {
    pub name: String,
    pub option: String,
    pub qty: u32,
    pub amount: String,
}

/// A radio button or option: form value, label, and whether it is chosen.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub chosen: bool,
}

pub struct AreaView {
    pub value: &'static str,
    pub label: &'static str,
    /// The surcharge, for the page's script to add to the total.
    pub surcharge: i64,
    pub surcharge_text: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "ipay_order.html")]
struct OrderPage {
    fast: bool,
    shop: String,
    cart_no: i64,
    action: String,
    error: Option<String>,
    lines: Vec<LineView>,
    shipping: String,
    discount: Option<String>,
    /// `pay_price`, before any surcharge.
    base_total: i64,
    total: String,
    ask_address: bool,
    areas: Vec<AreaView>,
    form: OrderForm,
    methods: Vec<Choice>,
    offers_card: bool,
    offers_phone: bool,
    offers_bank: bool,
    companies: Vec<Choice>,
    due_note: Option<String>,
    banks: Vec<(&'static str, &'static str)>,
    installments: Vec<u8>,
    back_url: Option<String>,
    sandbox: bool,
    test_cards: Vec<(&'static str, &'static str)>,
}

fn won(w: Won) -> String {
    format!("{}원", w.grouped())
}

fn shipping_text(cart: &CartRequest) -> String {
    match cart.shipping_type {
        ShippingType::Free => "무료".to_owned(),
        ShippingType::CashOnDelivery => "착불".to_owned(),
        ShippingType::Prepaid => won(cart.shipping_price),
    }
}

/// Renders the order page with `form`'s values (prefilled, or what the
/// buyer sent when the page comes back with `error`).
pub fn order_page(
    app: &App,
    located: &Located,
    flavor: Flavor,
    query: &CartQuery,
    form: OrderForm,
    error: Option<(StatusCode, String)>,
) -> Response {
    let cart = &located.cart.cart;
    let area = Area::parse(form.area.trim()).unwrap_or_default();
    let methods = flavor.methods(cart);
    let checked_method = methods
        .iter()
        .map(|m| method_label(*m).0)
        .find(|v| *v == form.method.trim())
        .or_else(|| methods.first().map(|m| method_label(*m).0))
        .unwrap_or("");
    let areas = [
        (Area::Mainland, "mainland", "일반"),
        (Area::Jeju, "jeju", "제주"),
        (Area::Remote, "remote", "도서산간"),
    ]
    .into_iter()
    .map(|(a, value, label)| {
        let extra = a.surcharge(cart);
        AreaView {
            value,
            label,
            surcharge: extra.get(),
            surcharge_text: if extra == Won::ZERO {
                String::new()
            } else {
                format!("+{}", won(extra))
            },
            checked: a == area,
        }
    })
    .collect();
    let due_note = match (flavor, cart.payment_due_date) {
        (Flavor::Fast, Some(d)) if methods.contains(&PayMethod::VirtualAccount) => {
            Some(format!("무통장입금 입금마감일: {d}"))
        }
        _ => None,
    };
    let method_choices = methods
        .iter()
        .map(|m| {
            let (value, label) = method_label(*m);
            Choice {
                value,
                label,
                chosen: value == checked_method,
            }
        })
        .collect();
    let companies = flavor
        .companies(cart)
        .into_iter()
        .map(|c| Choice {
            value: c.code(),
            label: c.name_ko(),
            chosen: c.code() == form.card_company.trim(),
        })
        .collect();
    let (status, error) = match error {
        Some((s, e)) => (s, Some(e)),
        None => (StatusCode::OK, None),
    };
    render(
        status,
        &OrderPage {
            fast: flavor == Flavor::Fast,
            shop: located.merchant.name.clone(),
            cart_no: located.payment.id.get(),
            action: format!("{}?{}", flavor.path(), query.encoded()),
            error,
            lines: cart
                .lines
                .iter()
                .map(|l| LineView {
                    name: l.item_name.clone(),
                    option: l.item_option_name.clone(),
                    qty: l.order_qty,
                    amount: won(l.subtotal),
                })
                .collect(),
            shipping: shipping_text(cart),
            discount: (cart.discount != Won::ZERO).then(|| format!("-{}", won(cart.discount))),
            base_total: cart.pay_price.get(),
            total: won(cart
                .pay_price
                .checked_add(area.surcharge(cart))
                .unwrap_or(cart.pay_price)),
            ask_address: cart.is_address_required,
            areas,
            form,
            offers_card: methods.contains(&PayMethod::Card),
            offers_phone: methods.contains(&PayMethod::Phone),
            offers_bank: methods
                .iter()
                .any(|m| matches!(m, PayMethod::VirtualAccount | PayMethod::Transfer)),
            methods: method_choices,
            companies,
            due_note,
            banks: gyeolje_sim::BANKS.to_vec(),
            installments: (2..=12).collect(),
            back_url: safe_link(&cart.back_url),
            sandbox: app.config.sandbox,
            test_cards: gyeolje_sim::TEST_CARDS
                .iter()
                .map(|c| (c.number, c.description))
                .collect(),
        },
    )
}

async fn show(app: App, flavor: Flavor, query: CartQuery) -> Response {
    match locate(&app, &query).await {
        Ok(located) => result::page_for(&app, &located, flavor, &query).await,
        Err(refused) => refused.page(),
    }
}

/// `GET /ipay/IpayStdOrder.aspx`.
pub async fn show_std(State(app): State<App>, Query(query): Query<CartQuery>) -> Response {
    show(app, Flavor::Std, query).await
}

/// `GET /ipay/IpayFastOrder.aspx`.
pub async fn show_fast(State(app): State<App>, Query(query): Query<CartQuery>) -> Response {
    show(app, Flavor::Fast, query).await
}

/// `POST /ipay/IpayStdOrder.aspx`.
pub async fn submit_std(
    State(app): State<App>,
    Query(query): Query<CartQuery>,
    form: Result<Form<OrderForm>, FormRejection>,
) -> Response {
    submit(app, Flavor::Std, query, form).await
}

/// `POST /ipay/IpayFastOrder.aspx`.
pub async fn submit_fast(
    State(app): State<App>,
    Query(query): Query<CartQuery>,
    form: Result<Form<OrderForm>, FormRejection>,
) -> Response {
    submit(app, Flavor::Fast, query, form).await
}

async fn submit(
    app: App,
    flavor: Flavor,
    query: CartQuery,
    form: Result<Form<OrderForm>, FormRejection>,
) -> Response {
    let located = match locate(&app, &query).await {
        Ok(l) => l,
        Err(refused) => return refused.page(),
    };
    if located.payment.state != PaymentState::Requested {
        return result::page_for(&app, &located, flavor, &query).await;
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
    let choice = match form::read(&form, flavor, &located.cart.cart, app.now()) {
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
            return reshow(&app, flavor, &query).await;
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
        Err(_) => reshow(&app, flavor, &query).await,
    }
}

/// The cart moved on while the buyer was on the page: show where it is now.
async fn reshow(app: &App, flavor: Flavor, query: &CartQuery) -> Response {
    match locate(app, query).await {
        Ok(located) => result::page_for(app, &located, flavor, query).await,
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
