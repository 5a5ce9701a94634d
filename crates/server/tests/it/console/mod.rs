//! The operator console (`/console`): its login, sessions and CSRF checks
//! (`auth`), the start-up password and `gyeolje admin set-password` through
//! the binary (`first_password`), the pages over HTTP (`pages`), and the
//! whole thing in headless Chromium (`browser`).
//!
//! [`Console`] is a browser-like HTTP client: it keeps the console's cookies
//! itself (reqwest has no cookie jar here), never follows redirects (so a
//! test sees the 303s), and reads the CSRF token out of the page it loaded,
//! as a browser's form would send it.

mod auth;
mod browser;
mod faults;
mod first_password;
mod innopay_browser;
mod ipay_cancel;
mod pages;
mod payments;

use crate::support::outbox::newest_of_kind;
use crate::support::{Reply, Sink, TestServer, eventually};
use gyeolje_core::{Clock, OutboxRecord, OutboxState};
use gyeolje_sim::SystemClock;
use reqwest::header::{COOKIE, HeaderMap, LOCATION, SET_COOKIE};
use std::time::Duration;

/// The password tests set (at least `password::MIN_LENGTH` characters).
pub const PASSWORD: &str = "console-test-password";

/// Sets the admin password the way `gyeolje admin set-password` does.
pub async fn set_password(server: &TestServer, password: &str) {
    gyeolje_server::console::password::set(&*server.app.store, password, SystemClock.now())
        .await
        .unwrap();
}

/// A reply: status, headers, body.
pub struct Page {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Every `Set-Cookie` header.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    /// The `Set-Cookie` header of cookie `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.set_cookies()
            .into_iter()
            .find(|c| c.starts_with(&format!("{name}=")))
    }

    /// Asserts the page needs nothing its Content-Security-Policy forbids
    /// (`default-src 'none'; style-src 'self'`): no inline style or script.
    pub fn assert_csp_clean(&self) {
        for banned in ["style=\"", "<script", "<style", "onclick=", "onsubmit="] {
            assert!(
                !self.body.contains(banned),
                "{banned} on a console page:\n{}",
                self.body
            );
        }
    }

    /// The value of the first `name="csrf"` hidden field.
    pub fn csrf(&self) -> String {
        field_value(&self.body, "csrf").expect("a csrf field on the page")
    }
}

/// The `value` of the first input named `name` in `html`.
pub fn field_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + name.len() + 15..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// The value a `Set-Cookie` header sets.
fn cookie_value(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap_or("");
    pair.split_once('=')
        .map(|(_, v)| v)
        .unwrap_or("")
        .to_owned()
}

pub struct Console {
    pub base: String,
    http: reqwest::Client,
    /// Cookies as the browser holds them: (name, value).
    cookies: Vec<(String, String)>,
}

impl Console {
    pub fn new(base: &str) -> Console {
        Console {
            base: base.to_owned(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Vec::new(),
        }
    }

    fn remember(&mut self, page: &Page) {
        for c in page.set_cookies() {
            let name = c.split('=').next().unwrap().to_owned();
            let value = cookie_value(&c);
            self.cookies.retain(|(n, _)| *n != name);
            if !value.is_empty() && !c.contains("Max-Age=0") {
                self.cookies.push((name, value));
            }
        }
    }

    /// The session cookie's value, if the client holds one.
    pub fn session_cookie(&self) -> Option<String> {
        self.cookie("gyeolje_console")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    /// Holds `value` as the session cookie (an old session, replayed).
    pub fn set_session_cookie(&mut self, value: &str) {
        self.cookies.retain(|(n, _)| n != "gyeolje_console");
        self.cookies.push(("gyeolje_console".into(), value.into()));
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn read(&mut self, resp: reqwest::Response) -> Page {
        let page = Page {
            status: resp.status().as_u16(),
            headers: resp.headers().clone(),
            body: resp.text().await.unwrap(),
        };
        self.remember(&page);
        page
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        self.read(resp).await
    }

    /// POSTs `pairs` form-encoded, exactly as given (no token added).
    pub async fn post(&mut self, path: &str, pairs: &[(&str, &str)]) -> Page {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .form(pairs)
            .send()
            .await
            .unwrap();
        self.read(resp).await
    }

    /// POSTs `pairs` with the CSRF token of the page at `from`.
    pub async fn post_from(&mut self, from: &str, path: &str, pairs: &[(&str, &str)]) -> Page {
        let token = self.get(from).await.csrf();
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(pairs);
        self.post(path, &all).await
    }

    /// Loads the login page and submits `password` with its form token.
    pub async fn try_login(&mut self, password: &str) -> Page {
        let form = self.get("/console/login").await;
        assert_eq!(form.status, 200, "{}", form.body);
        let token = form.csrf();
        self.post(
            "/console/login",
            &[("csrf", token.as_str()), ("password", password)],
        )
        .await
    }

    /// Logs in and asserts it worked (303 to the dashboard).
    pub async fn login(&mut self, password: &str) -> Page {
        let page = self.try_login(password).await;
        assert_eq!(page.status, 303, "login failed: {}", page.body);
        assert_eq!(page.location(), "/console");
        assert!(self.session_cookie().is_some(), "no session cookie");
        page
    }
}

/// A console logged in to `server` with [`PASSWORD`].
pub async fn logged_in(server: &TestServer) -> Console {
    set_password(server, PASSWORD).await;
    let mut c = Console::new(&server.base);
    c.login(PASSWORD).await;
    c
}

/// A PayApp payment whose feedback (one attempt, no `checkretry`) the
/// merchant answered `FAIL`: the message is `failed`, with one attempt.
/// The sink answers `SUCCESS` from then on. Returns it and the message.
pub async fn failed_feedback(server: &TestServer) -> (Sink, OutboxRecord) {
    let sink = Sink::start().await;
    sink.script([Reply::Body(200, "FAIL")]);
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let record = eventually("a failed feedback", Duration::from_secs(15), || async {
        newest_of_kind(server, "payapp.feedback")
            .await
            .filter(|r| r.state == OutboxState::Failed)
    })
    .await;
    (sink, record)
}
