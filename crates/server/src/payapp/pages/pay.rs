//! The payment page: `GET /p/{code}` shows the request and the methods it
//! offers; `POST /p/{code}` pays. A decline shows the reason and the form
//! again; a virtual account shows where to deposit.

use super::shown::Shown;
use crate::app::App;
use crate::error::ServiceError;
use crate::pages::{find, notice, render};
use crate::payapp::methods::{self, Choice};
use crate::payments::pay::{PayInput, PayOutcome};
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gyeolje_core::{PayMethod, PayerDetails, Payment, PaymentState, PhoneNumber, TransitionError};
use gyeolje_payapp::Wallet;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "pay.html")]
struct PayPage {
    shop: String,
    goods: String,
    price: String,
    memo: String,
    action: String,
    error: Option<String>,
    methods: Vec<(&'static str, &'static str)>,
    offers_card: bool,
    /// The wallets offered, each its own choice (value, label).
    wallets: Vec<(&'static str, &'static str)>,
    offers_phone: bool,
    offers_bank: bool,
    phone: String,
    banks: Vec<(&'static str, &'static str)>,
    ask_address: bool,
    installments: Vec<u8>,
    sandbox: bool,
    test_cards: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "paid.html")]
struct PaidPage {
    shop: String,
    goods: String,
    price: String,
    method: String,
    card_name: String,
    approval_no: String,
    paid_at: String,
    slip_url: Option<String>,
    return_url: Option<String>,
    app_url: Option<String>,
    /// After a partial cancel: (취소금액, 남은 결제금액).
    partial: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "deposit.html")]
struct DepositPage {
    shop: String,
    goods: String,
    price: String,
    bank: String,
    account_no: String,
    due: String,
}

/// The choices a payment's request offers.
fn choices_of(shown: &Shown) -> Vec<Choice> {
    shown.req.as_ref().map(methods::choices).unwrap_or_default()
}

/// What the paid page calls how the buyer paid: the wallet, else the method.
fn paid_with(payment: &Payment) -> &'static str {
    let wallet = payment.payer.wallet.as_deref().and_then(Wallet::from_name);
    match (wallet, payment.method) {
        (Some(w), _) => w.label(),
        (None, Some(m)) => Choice::Method(m).label(),
        (None, None) => "",
    }
}

async fn pay_page(app: &App, payment: &Payment, error: Option<String>) -> Response {
    let shown = Shown::of(app, payment).await;
    let offered = choices_of(&shown);
    let status = if error.is_some() {
        StatusCode::PAYMENT_REQUIRED
    } else {
        StatusCode::OK
    };
    render(
        status,
        &PayPage {
            shop: shown.shop.clone(),
            goods: payment.goods_name.clone(),
            price: shown.price(payment),
            memo: shown.memo(),
            action: format!("/p/{}", payment.page_code),
            error,
            methods: offered.iter().map(|c| (c.value(), c.label())).collect(),
            offers_card: offered.contains(&Choice::Method(PayMethod::Card)),
            wallets: offered
                .iter()
                .filter_map(|c| match c {
                    Choice::Wallet(w) => Some((w.name(), w.label())),
                    Choice::Method(_) => None,
                })
                .collect(),
            offers_phone: offered.contains(&Choice::Method(PayMethod::Phone)),
            offers_bank: offered.iter().any(|c| {
                matches!(
                    c,
                    Choice::Method(PayMethod::BankTransfer | PayMethod::VirtualAccount)
                        | Choice::Wallet(Wallet::MyAccount)
                )
            }),
            phone: payment
                .buyer_phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            banks: gyeolje_sim::BANKS.to_vec(),
            ask_address: shown.req.as_ref().is_some_and(|r| r.reqaddr),
            installments: (2..=12).collect(),
            sandbox: app.config.sandbox,
            test_cards: gyeolje_sim::TEST_CARDS
                .iter()
                .map(|c| (c.number, c.description))
                .collect(),
        },
    )
}

async fn paid_page(app: &App, payment: &Payment) -> Response {
    let shown = Shown::of(app, payment).await;
    let approval = payment.approval.as_ref();
    let is_card = payment.method == Some(PayMethod::Card);
    render(
        StatusCode::OK,
        &PaidPage {
            shop: shown.shop.clone(),
            goods: payment.goods_name.clone(),
            price: shown.price(payment),
            method: paid_with(payment).to_owned(),
            card_name: approval
                .and_then(|a| a.card_name.clone())
                .unwrap_or_default(),
            approval_no: approval.map(|a| a.approval_no.clone()).unwrap_or_default(),
            paid_at: approval
                .map(|a| a.approved_at.kst_datetime())
                .unwrap_or_default(),
            slip_url: is_card.then(|| format!("/cst/{}", payment.page_code)),
            return_url: shown.return_url(),
            app_url: shown.req.as_ref().and_then(|r| r.appurl.clone()),
            partial: payment.is_partially_cancelled().then(|| {
                (
                    shown.amount(payment.cancelled_amount),
                    shown.amount(payment.refundable()),
                )
            }),
        },
    )
}

async fn deposit_page(app: &App, payment: &Payment) -> Response {
    let shown = Shown::of(app, payment).await;
    let Some(account) = &payment.virtual_account else {
        return notice(
            StatusCode::CONFLICT,
            "입금 대기 중입니다",
            "발급된 계좌 정보가 없습니다.",
        );
    };
    render(
        StatusCode::OK,
        &DepositPage {
            shop: shown.shop.clone(),
            goods: payment.goods_name.clone(),
            price: shown.price(payment),
            bank: account.bank.clone(),
            account_no: account.account_no.clone(),
            due: account.due.kst_datetime(),
        },
    )
}

/// The page for a payment in any state.
async fn page_for(app: &App, payment: &Payment) -> Response {
    let (heading, message) = match payment.state {
        PaymentState::Requested if app.now_for(payment.merchant_id) >= payment.expires_at => (
            "결제 가능 기간이 지났습니다",
            "판매자에게 결제요청을 다시 받아 주세요.",
        ),
        PaymentState::Requested => return pay_page(app, payment, None).await,
        PaymentState::Paid => return paid_page(app, payment).await,
        PaymentState::AwaitingDeposit => return deposit_page(app, payment).await,
        PaymentState::RequestCancelled => {
            ("취소된 결제요청입니다", "판매자가 결제요청을 취소했습니다.")
        }
        PaymentState::Expired => (
            "결제 가능 기간이 지났습니다",
            "판매자에게 결제요청을 다시 받아 주세요.",
        ),
        PaymentState::Cancelled => ("취소된 결제입니다", "결제가 취소되었습니다."),
    };
    notice(StatusCode::GONE, heading, message)
}

/// `GET /p/{code}`.
pub async fn show(State(app): State<App>, Path(code): Path<String>) -> Response {
    match find(&app, &code).await {
        Ok(p) => page_for(&app, &p).await,
        Err(r) => r,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PayForm {
    method: String,
    card_number: String,
    expiry: String,
    installment: String,
    phone: String,
    bank_code: String,
    pay_memo: String,
    pay_addr: String,
    /// The (test) card registered in the chosen wallet.
    wallet_card: String,
}

/// The card a wallet pays with when the buyer picked none: the simulator's
/// first approving test card.
const WALLET_DEFAULT_CARD: &str = "4242424242424242";

/// Reads the submitted form into a payment input, or the message to show.
/// `offered` are the request's choices: a wallet must be one of them (the
/// core checks the method underneath, which card would pass).
fn input_of(form: PayForm, offered: &[Choice]) -> Result<(PayInput, Option<Wallet>), &'static str> {
    if let Some(wallet) = Wallet::from_name(form.method.as_str()) {
        if !offered.contains(&Choice::Wallet(wallet)) {
            return Err("결제수단을 선택해 주세요.");
        }
        let input = match wallet.method() {
            PayMethod::BankTransfer => PayInput::BankTransfer {
                bank_code: (!form.bank_code.trim().is_empty())
                    .then(|| form.bank_code.trim().to_owned()),
            },
            PayMethod::Card | PayMethod::Phone | PayMethod::VirtualAccount => PayInput::Card {
                number: Some(form.wallet_card.trim())
                    .filter(|c| !c.is_empty())
                    .unwrap_or(WALLET_DEFAULT_CARD)
                    .to_owned(),
                expiry: None,
                installment_months: 0,
            },
        };
        return Ok((input, Some(wallet)));
    }
    method_input(form).map(|input| (input, None))
}

/// The input of one of the manual's four methods.
fn method_input(form: PayForm) -> Result<PayInput, &'static str> {
    let bank_code = (!form.bank_code.trim().is_empty()).then(|| form.bank_code.trim().to_owned());
    match form.method.as_str() {
        "" | "card" => {
            if form.card_number.trim().is_empty() {
                return Err("카드번호를 입력해 주세요.");
            }
            let expiry: String = form.expiry.chars().filter(char::is_ascii_digit).collect();
            Ok(PayInput::Card {
                number: form.card_number,
                expiry: (!expiry.is_empty()).then_some(expiry),
                installment_months: form.installment.trim().parse().unwrap_or(0),
            })
        }
        "phone" => PhoneNumber::parse(&form.phone)
            .map(|phone| PayInput::Phone { phone })
            .map_err(|_| "휴대폰번호를 확인해 주세요."),
        "rbank" => Ok(PayInput::BankTransfer { bank_code }),
        "vbank" => Ok(PayInput::VirtualAccount { bank_code }),
        _ => Err("결제수단을 선택해 주세요."),
    }
}

/// `POST /p/{code}`: the buyer submits the form.
pub async fn submit(
    State(app): State<App>,
    Path(code): Path<String>,
    form: Result<Form<PayForm>, FormRejection>,
) -> Response {
    let payment = match find(&app, &code).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(Form(form)) = form else {
        return pay_page(&app, &payment, Some("입력값을 확인해 주세요.".into())).await;
    };
    let shown = Shown::of(&app, &payment).await;
    let mut payer = PayerDetails {
        memo: form.pay_memo.trim().to_owned(),
        address: form.pay_addr.trim().to_owned(),
        wallet: None,
    };
    if shown.req.as_ref().is_some_and(|r| r.reqaddr) && payer.address.is_empty() {
        return pay_page(&app, &payment, Some("배송지 주소를 입력해 주세요.".into())).await;
    }
    let input = match input_of(form, &choices_of(&shown)) {
        Ok((input, wallet)) => {
            payer.wallet = wallet.map(|w| w.name().to_owned());
            input
        }
        Err(message) => return pay_page(&app, &payment, Some(message.into())).await,
    };
    match app.pay(payment.id, input, payer).await {
        Ok(PayOutcome::Approved(p)) => {
            // skip_cstpage=y (the manual's neighbour) or redirectpay=1 (the
            // live form): straight to returnurl.
            let skip_slip = shown
                .req
                .as_ref()
                .is_some_and(|r| r.skip_cstpage || r.live.redirectpay);
            match shown.return_url() {
                Some(url) if skip_slip => Redirect::to(&url).into_response(),
                _ => paid_page(&app, &p).await,
            }
        }
        Ok(PayOutcome::AwaitingDeposit(p)) => deposit_page(&app, &p).await,
        Ok(PayOutcome::Declined {
            payment, message, ..
        }) => {
            pay_page(
                &app,
                &payment,
                Some(format!("결제가 거절되었습니다: {message}")),
            )
            .await
        }
        Err(e @ ServiceError::Refused(TransitionError::AlreadyPaid)) => {
            match app.store.payment(payment.id).await {
                Ok(Some(p)) => page_for(&app, &p).await,
                _ => notice(
                    StatusCode::CONFLICT,
                    "이미 처리된 결제입니다",
                    e.to_string(),
                ),
            }
        }
        Err(e) if e.is_internal() => {
            tracing::error!(error = %e, "payment failed");
            notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "일시적인 오류",
                "잠시 후 다시 시도해 주세요.",
            )
        }
        Err(e) => notice(StatusCode::CONFLICT, "결제할 수 없습니다", e.to_string()),
    }
}
