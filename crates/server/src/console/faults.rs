//! 장애 주입 (`/console/sandbox/faults`, only when the sandbox is on): the
//! faults armed for each merchant with how many firings remain, a form that
//! arms one, and a button per merchant that disarms its faults. Each action
//! calls what `/sandbox/faults` calls (`faults::arm`), so the console and
//! scripts see one behaviour. A page of its own, linked from the sandbox
//! page, so the clock and inbox there stay as they are.

use super::page::{self, Chrome, Nav};
use super::session::Session;
use crate::app::App;
use crate::faults::arm::{self, FaultCallError, FaultSpec};
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gyeolje_core::{ArmedFault, FaultKind, FaultTarget, Merchant};
use gyeolje_sim::DeclineCode;
use serde::Deserialize;

/// One merchant the form can name, and its faults.
pub struct Row {
    pub id: i64,
    pub name: String,
    /// The keys it is known by (PayApp userid, InnoPay mid, iPay seller id).
    pub keys: String,
    pub faults: Vec<FaultRow>,
}

pub struct FaultRow {
    pub id: i64,
    pub target: &'static str,
    pub kind: String,
    pub count: u32,
    pub remaining: u32,
    pub armed_at: String,
}

impl FaultRow {
    fn of(f: &ArmedFault) -> FaultRow {
        let kind = match &f.kind {
            FaultKind::Status(s) => format!("status {s}"),
            FaultKind::Decline(code) => format!("decline {code}"),
            other => other.name().to_owned(),
        };
        FaultRow {
            id: f.id,
            target: f.target.as_str(),
            kind,
            count: f.count,
            remaining: f.remaining,
            armed_at: page::kst(f.armed_at),
        }
    }
}

/// A choice of the form: value and label.
pub struct Choice {
    pub value: &'static str,
    pub label: String,
}

#[derive(Template)]
#[template(path = "console/faults.html")]
struct FaultsPage {
    chrome: Chrome,
    rows: Vec<Row>,
    targets: Vec<Choice>,
    kinds: Vec<Choice>,
    codes: Vec<Choice>,
    error: Option<String>,
}

fn keys(m: &Merchant) -> String {
    let mut keys = Vec::new();
    if let Some(p) = &m.payapp {
        keys.push(p.userid.clone());
    }
    if let Some(i) = &m.innopay {
        keys.push(i.mid.clone());
    }
    if let Some(s) = &m.ipay {
        keys.push(s.seller_id.clone());
    }
    keys.join(" · ")
}

#[derive(Deserialize, Default)]
pub struct FaultsQuery {
    notice: Option<String>,
}

/// `GET /console/sandbox/faults`.
pub async fn show(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Query(q): Query<FaultsQuery>,
) -> Response {
    let notice = match q.notice.as_deref() {
        Some("armed") => Some("장애를 설정했습니다. 다음 호출부터 적용됩니다.".to_owned()),
        Some("disarmed") => Some("가맹점의 장애 설정을 모두 해제했습니다.".to_owned()),
        _ => None,
    };
    let chrome = Chrome::new(&app, &session, Nav::Sandbox).with_notice(notice);
    render(&app, chrome, None, StatusCode::OK).await
}

async fn render(app: &App, chrome: Chrome, error: Option<String>, status: StatusCode) -> Response {
    let merchants = match app.store.list_merchants().await {
        Ok(m) => m,
        Err(e) => return page::store_failed(&e),
    };
    let mut rows = Vec::with_capacity(merchants.len());
    for m in &merchants {
        let faults = match app.store.faults(m.id).await {
            Ok(f) => f,
            Err(e) => return page::store_failed(&e),
        };
        rows.push(Row {
            id: m.id.get(),
            name: m.name.clone(),
            keys: keys(m),
            faults: faults.iter().map(FaultRow::of).collect(),
        });
    }
    let targets = FaultTarget::ALL
        .iter()
        .map(|t| Choice {
            value: t.as_str(),
            label: format!("{} ({})", t.as_str(), t.kinds().join(", ")),
        })
        .collect();
    let kinds = [
        ("status", "status — 콜백: HTTP 상태 응답"),
        ("timeout", "timeout — 콜백·카드사: 응답 없음"),
        ("reset", "reset — 콜백: 연결 끊김"),
        ("decline", "decline — 카드사: 승인 거절"),
        (
            "insufficient_funds",
            "insufficient_funds — 카드사: 잔액 부족",
        ),
        ("reject", "reject — SMS: 발송 거부"),
        ("late", "late — 입금: 입금기한 이후 도착"),
    ]
    .into_iter()
    .map(|(value, label)| Choice {
        value,
        label: label.to_owned(),
    })
    .collect();
    let codes = DeclineCode::ALL
        .into_iter()
        .filter(|c| *c != DeclineCode::Timeout)
        .map(|c| Choice {
            value: c.as_str(),
            label: format!("{} — {}", c.as_str(), c.message()),
        })
        .collect();
    page::render(
        status,
        &FaultsPage {
            chrome,
            rows,
            targets,
            kinds,
            codes,
            error,
        },
    )
}

#[derive(Deserialize)]
pub struct ArmForm {
    merchant: String,
    target: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    count: String,
}

/// `POST /console/sandbox/faults`: arms one fault.
pub async fn arm(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Form(f): Form<ArmForm>,
) -> Response {
    let number = |field: &str, text: &str| -> Result<Option<i64>, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|_| format!("{field}은(는) 숫자여야 합니다: {text}"))
    };
    let spec = match (number("status", &f.status), number("count", &f.count)) {
        (Ok(status), Ok(count)) => FaultSpec {
            target: f.target.clone(),
            kind: Some(f.kind.trim().to_owned()).filter(|k| !k.is_empty()),
            status,
            code: Some(f.code.trim().to_owned()).filter(|c| !c.is_empty()),
            count,
        },
        (Err(why), _) | (_, Err(why)) => return refused(&app, &session, why).await,
    };
    match arm::arm(&app, &f.merchant, &spec).await {
        Ok(_) => Redirect::to("/console/sandbox/faults?notice=armed").into_response(),
        Err(e) => failed(&app, &session, e).await,
    }
}

#[derive(Deserialize)]
pub struct DisarmForm {
    merchant: String,
}

/// `POST /console/sandbox/faults/disarm`: disarms every fault of a merchant.
pub async fn disarm(
    State(app): State<App>,
    Extension(session): Extension<Session>,
    Form(f): Form<DisarmForm>,
) -> Response {
    match arm::disarm(&app, &f.merchant).await {
        Ok(_) => Redirect::to("/console/sandbox/faults?notice=disarmed").into_response(),
        Err(e) => failed(&app, &session, e).await,
    }
}

async fn failed(app: &App, session: &Session, e: FaultCallError) -> Response {
    match e {
        FaultCallError::Store(e) => page::store_failed(&e),
        FaultCallError::Invalid(why) | FaultCallError::UnknownMerchant(why) => {
            refused(app, session, why).await
        }
    }
}

async fn refused(app: &App, session: &Session, why: String) -> Response {
    let chrome = Chrome::new(app, session, Nav::Sandbox);
    render(app, chrome, Some(why), StatusCode::BAD_REQUEST).await
}
