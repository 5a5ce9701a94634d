//! The order page of a cart as HTML: items, shipping, discount, total; the
//! buyer; the delivery address with the Jeju/remote surcharge; the methods
//! and their fields. Rendered by the order handlers (`order`) and again by
//! the result logic when a cart is still open (`result`).

use super::form::{Flavor, OrderForm, method_label};
use super::links::safe_link;
use super::locate::{CartQuery, Located};
use crate::app::App;
use crate::ipay::state::Area;
use crate::pages::render;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use gyeolje_core::Won;
use gyeolje_ipay::cart::{CartRequest, PayMethod, ShippingType};

pub struct LineView {
    pub name: String,
    pub option: String,
    /// The line's `free_gift` (사은품, §3.1.2), empty without one.
    pub free_gift: String,
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
                    free_gift: l.free_gift.clone().unwrap_or_default(),
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
