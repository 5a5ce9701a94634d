//! 샌드박스 (mounted only when the sandbox is on): the business clock with
//! buttons that move it, each merchant's clock (its own or the shared one
//! it follows) with a form that advances one, the SMS the simulated carrier received, deposits
//! into a virtual account, and the test cards. Each action calls what the
//! `/sandbox/*` API calls (`App::advance_clock`,
//! `App::advance_merchant_clock`, the front end's
//! `sandbox_find`, `App::confirm_deposit`), so the console and scripts see
//! one behaviour.

use super::page::{self, Chrome, Nav};
use super::session::Session;
use crate::app::{App, Lookup};
use crate::error::ServiceError;
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gyeolje_core::{Channel, MerchantId, OutboxRecord, PhoneNumber, Protocol};
use gyeolje_sim::{TEST_CARDS, TestOutcome};
use gyeolje_store::OutboxFilter;
use serde::Deserialize;

/// The clock buttons: label and seconds.
const STEPS: [(&str, &str, u64); 3] = [
    ("advance-1h", "+1시간", 3600),
    ("advance-1d", "+1일", 86_400),
    ("advance-5d", "+5일", 5 * 86_400),
];

/// The furthest one form may move the clock (a typo must not jump years).
const MAX_ADVANCE_SECS: u64 = 400 * 86_400;

pub struct Step {
    pub id: &'static str,
    pub label: &'static str,
    pub seconds: u64,
}

pub struct Sms {
    pub id: i64,
    pub phone: String,
    pub text: String,
    pub links: Vec<String>,
    pub created_at: String,
    pub state: &'static str,
    pub payment_id: Option<i64>,
}

impl Sms {
    fn of(r: &OutboxRecord) -> Sms {
        let phone = match &r.message.channel {
            Channel::Sms { phone } => phone.as_str().to_owned(),
            other => other.target().to_owned(),
        };
        Sms {
            id: r.id.get(),
            phone,
            text: r.message.body.clone(),
            links: crate::sandbox::links(&r.message.body),
            created_at: page::kst(r.created_at),
            state: r.state.as_str(),
            payment_id: r.message.payment_id.map(|p| p.get()),
        }
    }
}

/// One merchant's clock, as the page lists it.
pub struct MerchantClock {
    pub id: i64,
    pub name: String,
    pub own: bool,
    pub now: String,
    pub offset_hours: i64,
}

pub struct Card {
    pub number: &'static str,
    pub company: &'static str,
    pub outcome: String,
    pub approves: bool,
    pub description: &'static str,
}

#[derive(Template)]
#[template(path = "console/sandbox.html")]
struct SandboxPage {
    chrome: Chrome,
    now: String,
    offset_hours: i64,
    steps: Vec<Step>,
    merchant_clocks: Vec<MerchantClock>,
    phone: String,
    sms: Vec<Sms>,
    cards: Vec<Card>,
    protocols: Vec<&'static str>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct SandboxQuery {
    phone: Option<String>,
    notice: Option<String>,
}

/// `GET /console/sandbox[?phone=…]`: without a phone, the latest SMS to anyone.
pub async fn show(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Query(q): Query<SandboxQuery>,
) -> Response {
    let chrome =
        Chrome::new(&app, &session, Nav::Sandbox).with_notice(page::notice(q.notice.as_deref()));
    render(
        &app,
        chrome,
        q.phone.unwrap_or_default(),
        None,
        StatusCode::OK,
    )
    .await
}

async fn render(
    app: &App,
    chrome: Chrome,
    phone: String,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    if let Err(e) = app.refresh_clock().await {
        return page::store_failed(&e);
    }
    let phone = phone.trim().to_owned();
    let records = if phone.is_empty() {
        let filter = OutboxFilter {
            channel: Some("sms".to_owned()),
            limit: 20,
            ..OutboxFilter::default()
        };
        app.store.outbox_list(&filter).await
    } else {
        match PhoneNumber::parse(&phone) {
            Ok(p) => app.store.sms_to(&p, 50).await,
            Err(_) => Ok(Vec::new()),
        }
    };
    let records = match records {
        Ok(r) => r,
        Err(e) => return page::store_failed(&e),
    };
    let merchants = match app.store.list_merchants().await {
        Ok(m) => m,
        Err(e) => return page::store_failed(&e),
    };
    let merchant_clocks = merchants
        .iter()
        .map(|m| {
            let r = app.clock_of(m.id);
            MerchantClock {
                id: m.id.get(),
                name: m.name.clone(),
                own: r.own,
                now: page::kst(r.now),
                offset_hours: r.offset_ms / 3_600_000,
            }
        })
        .collect();
    let cards = TEST_CARDS
        .iter()
        .map(|c| Card {
            number: c.number,
            company: c.card_name,
            outcome: match c.outcome {
                TestOutcome::Approve => "승인".to_owned(),
                TestOutcome::Decline(code) => format!("거절: {}", code.message()),
            },
            approves: matches!(c.outcome, TestOutcome::Approve),
            description: c.description,
        })
        .collect();
    page::render(
        status,
        &SandboxPage {
            chrome,
            now: page::kst(app.now()),
            offset_hours: app.clock.offset_ms() / 3_600_000,
            steps: STEPS
                .iter()
                .map(|(id, label, seconds)| Step {
                    id,
                    label,
                    seconds: *seconds,
                })
                .collect(),
            merchant_clocks,
            phone,
            sms: records.iter().map(Sms::of).collect(),
            cards,
            protocols: Protocol::ALL.iter().map(|p| p.as_str()).collect(),
            error,
        },
    )
}

#[derive(Deserialize)]
pub struct AdvanceForm {
    seconds: u64,
}

/// `POST /console/sandbox/clock`: moves business time forward.
pub async fn advance(State(app): State<App>, Form(f): Form<AdvanceForm>) -> Response {
    if f.seconds == 0 || f.seconds > MAX_ADVANCE_SECS {
        return page::error(
            StatusCode::BAD_REQUEST,
            "옮길 시간은 1초에서 400일 사이여야 합니다.",
        );
    }
    match app.advance_clock(f.seconds).await {
        Ok(now) => {
            tracing::info!(seconds = f.seconds, now = %now.rfc3339(), "console: sandbox clock advanced");
            Redirect::to("/console/sandbox?notice=clock").into_response()
        }
        Err(e) => page::store_failed(&e),
    }
}

#[derive(Deserialize)]
pub struct MerchantAdvanceForm {
    merchant: i64,
    seconds: u64,
}

/// `POST /console/sandbox/merchant-clock`: moves one merchant's own clock
/// forward (creating it at the shared time), as `POST /sandbox/clock/advance`
/// with a `merchant` does.
pub async fn advance_merchant(
    State(app): State<App>,
    Form(f): Form<MerchantAdvanceForm>,
) -> Response {
    if f.seconds == 0 || f.seconds > MAX_ADVANCE_SECS {
        return page::error(
            StatusCode::BAD_REQUEST,
            "옮길 시간은 1초에서 400일 사이여야 합니다.",
        );
    }
    let merchant = match app.store.merchant(MerchantId::new(f.merchant)).await {
        Ok(Some(m)) => m,
        Ok(None) => return page::not_found("가맹점"),
        Err(e) => return page::store_failed(&e),
    };
    match app.advance_merchant_clock(merchant.id, f.seconds).await {
        Ok(now) => {
            tracing::info!(merchant = %merchant.id, seconds = f.seconds, now = %now.rfc3339(), "console: merchant clock advanced");
            Redirect::to("/console/sandbox?notice=clock").into_response()
        }
        Err(e) => page::store_failed(&e),
    }
}

#[derive(Deserialize)]
pub struct DepositForm {
    protocol: String,
    #[serde(default)]
    merchant: String,
    #[serde(default)]
    reference: String,
}

/// `POST /console/sandbox/deposit`: the buyer deposits the whole amount
/// into the virtual account of the payment the reference names (as
/// `POST /sandbox/deposit`).
pub async fn deposit(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Form(f): Form<DepositForm>,
) -> Response {
    let refused = |message: String| async {
        let chrome = Chrome::new(&app, &session, Nav::Sandbox);
        render(
            &app,
            chrome,
            String::new(),
            Some(message),
            StatusCode::BAD_REQUEST,
        )
        .await
    };
    let Some(protocol) = Protocol::parse(&f.protocol) else {
        return refused(format!("알 수 없는 프로토콜입니다: {}", f.protocol)).await;
    };
    let merchant = Some(f.merchant.trim()).filter(|m| !m.is_empty());
    let found = app
        .front_end(protocol)
        .sandbox_find(&app, merchant, f.reference.trim())
        .await;
    let id = match found {
        Ok(Lookup::Found(p)) => p.id,
        Ok(Lookup::NotFound(what) | Lookup::Invalid(what)) => return refused(what).await,
        Err(e) => return page::store_failed(&e),
    };
    match app.confirm_deposit(id).await {
        Ok(p) => {
            tracing::info!(payment = %p.id, "console: sandbox deposit");
            Redirect::to(&format!("/console/payments/{}?notice=deposited", p.id)).into_response()
        }
        Err(e) if e.is_internal() => page::store_failed(&e),
        Err(ServiceError::NotFound) => refused("결제를 찾을 수 없습니다.".to_owned()).await,
        Err(e) => refused(e.to_string()).await,
    }
}
