//! What every console page shares: the frame around it (navigation, the
//! session's CSRF token for its forms, whether the sandbox is on), rendering,
//! the error pages, and a few formatting helpers.
//!
//! The error pages and rendering are `render`'s (re-exported here), so the
//! session check can answer with them without depending on this module.
//!
//! Every response from the console also carries headers that keep it out of
//! caches and frames and allow only its own stylesheet (see [`harden`]).

pub use super::render::{error, forbidden, not_found, render, store_failed, unavailable};
use super::session::Session;
use crate::app::App;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use gyeolje_core::Timestamp;

/// Which navigation entry is the current page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Nav {
    Dashboard,
    Merchants,
    Payments,
    Callbacks,
    Sandbox,
}

impl Nav {
    /// The name the base template asks about (`chrome.current("…")`).
    const fn name(self) -> &'static str {
        match self {
            Nav::Dashboard => "dashboard",
            Nav::Merchants => "merchants",
            Nav::Payments => "payments",
            Nav::Callbacks => "callbacks",
            Nav::Sandbox => "sandbox",
        }
    }
}

/// The frame of a logged-in page.
pub struct Chrome {
    pub csrf: String,
    pub active: Nav,
    pub sandbox: bool,
    /// A one-line outcome of the last action (after a POST-redirect-GET).
    pub notice: Option<String>,
}

impl Chrome {
    pub fn new(app: &App, session: &Session, active: Nav) -> Chrome {
        Chrome {
            csrf: session.csrf.clone(),
            active,
            sandbox: app.config.sandbox,
            notice: None,
        }
    }

    pub fn with_notice(mut self, notice: Option<String>) -> Chrome {
        self.notice = notice;
        self
    }

    /// `aria-current` for the navigation entry named `nav`.
    pub fn current(&self, nav: &str) -> &'static str {
        if self.active.name() == nav {
            "page"
        } else {
            "false"
        }
    }
}

/// The outcome line a redirect after an action asks for (`?notice=…`):
/// only these fixed sentences, so a link cannot make the console say
/// anything else.
pub fn notice(code: Option<&str>) -> Option<String> {
    let (code, n) = match code?.split_once(':') {
        Some((c, n)) => (c, n.parse::<u64>().ok()),
        None => (code?, None),
    };
    let text = match (code, n) {
        ("replayed", _) => "재전송을 예약했습니다. 잠시 후 새 시도가 기록됩니다.".to_owned(),
        ("replayed-all", Some(n)) => format!("실패한 메시지 {n}건의 재전송을 예약했습니다."),
        ("clock", _) => "업무 시각을 옮겼습니다.".to_owned(),
        ("deposited", _) => "입금을 처리했습니다.".to_owned(),
        ("merchant-created", _) => "가맹점을 만들었습니다.".to_owned(),
        ("merchant-updated", _) => "가맹점을 수정했습니다.".to_owned(),
        ("merchant-disabled", _) => "가맹점을 사용 중지했습니다.".to_owned(),
        ("merchant-enabled", _) => "가맹점을 다시 사용합니다.".to_owned(),
        ("action", _) => "작업을 처리했습니다.".to_owned(),
        _ => return None,
    };
    Some(text)
}

/// A path inside the console to go back to after an action, or the
/// fallback: never another site (an open redirect).
pub fn back_to(given: Option<&str>, fallback: &str) -> String {
    let inside = |p: &str| {
        (p == "/console" || p.starts_with("/console/") || p.starts_with("/console?"))
            && !p.contains("//")
            && !p.contains('\\')
    };
    match given {
        Some(p) if inside(p) => p.to_owned(),
        _ => fallback.to_owned(),
    }
}

/// `path` with `?notice=code` (or `&notice=` when it has a query).
pub fn with_notice(path: &str, code: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}notice={code}")
}

/// Business time for display: KST.
pub fn kst(t: Timestamp) -> String {
    t.kst_datetime()
}

/// An amount in won, with thousands separators.
pub fn won(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if amount < 0 {
        out.insert(0, '-');
    }
    out.push('원');
    out
}

/// The headers every console response carries: never cached (pages show
/// secrets and tokens), never framed, no script, styles from itself only,
/// forms posting only to itself, and no referrer to other sites.
pub async fn harden(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn goes_back_only_inside_the_console() {
        use super::back_to;
        assert_eq!(
            back_to(Some("/console/messages/3"), "/x"),
            "/console/messages/3"
        );
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/consolex",
            "/console//evil",
            "/console\\x",
        ] {
            assert_eq!(back_to(Some(bad), "/console"), "/console", "{bad}");
        }
        assert_eq!(back_to(None, "/console"), "/console");
    }

    #[test]
    fn notices_are_fixed_sentences() {
        assert!(
            super::notice(Some("replayed-all:3"))
                .unwrap()
                .contains("3건")
        );
        assert_eq!(super::notice(Some("<script>")), None);
        assert_eq!(super::notice(None), None);
    }

    #[test]
    fn formats_won() {
        assert_eq!(super::won(0), "0원");
        assert_eq!(super::won(1000), "1,000원");
        assert_eq!(super::won(1234567), "1,234,567원");
    }
}
