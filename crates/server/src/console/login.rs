//! Logging in and out.
//!
//! The login form has no session yet, so its CSRF token is a double
//! submit: the page sets a random token in a short-lived cookie and in the
//! form, and the POST must bring both, equal. Wrong passwords are counted
//! per source address with the same throttle that guards InnoPay's
//! `cancelPwd` (see [`crate::throttle`]): each failure waits a moment, and a
//! few in a row lock the address out for the configured lockout, the right
//! password included, so the lockout cannot be probed. The password is
//! never logged; the log says only who failed.

use super::page;
use super::session::{self, LOGIN, Session};
use crate::app::App;
use crate::throttle;
use askama::Template;
use axum::Extension;
use axum::extract::{Form, FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::IpAddr;
use std::time::Duration;

/// The login form's double-submit cookie.
const LOGIN_COOKIE: &str = "gyeolje_console_login";
/// How long the login form stays usable.
const LOGIN_FORM_FOR: Duration = Duration::from_secs(3600);
/// How long a wrong password's answer is held back.
const FAILURE_DELAY: Duration = Duration::from_millis(300);

#[derive(Template)]
#[template(path = "console/login.html")]
struct LoginPage {
    csrf: String,
    error: Option<String>,
}

/// The login page with a form token (and its cookie): the browser's own
/// if it has a well-formed one (so two open login tabs both work), else a
/// fresh one.
fn form(app: &App, headers: &HeaderMap, status: StatusCode, error: Option<String>) -> Response {
    let token = session::cookie(headers, LOGIN_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(session::random_token);
    let cookie = session::set_cookie(app, LOGIN_COOKIE, &token, Some(LOGIN_FORM_FOR));
    let mut response = page::render(status, &LoginPage { csrf: token, error });
    if let Ok(v) = cookie.parse() {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// `GET /console/login`: the form, or the dashboard when already logged in.
pub async fn show(State(app): State<App>, headers: HeaderMap) -> Response {
    match session::current(&app, &headers).await {
        Ok(Some(_)) => Redirect::to("/console").into_response(),
        Ok(None) => form(&app, &headers, StatusCode::OK, None),
        Err(e) => page::store_failed(&e),
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
}

/// `POST /console/login`.
pub async fn submit(State(app): State<App>, req: Request) -> Response {
    let caller = crate::peer::client_ip(&app, &req);
    let headers = req.headers().clone();
    let Ok(Form(f)) = Form::<LoginForm>::from_request(req, &app).await else {
        return page::forbidden();
    };
    let expected = session::cookie(&headers, LOGIN_COOKIE);
    let token_ok =
        expected.is_some_and(|e| !e.is_empty() && gyeolje_core::Secret::new(e).matches(&f.csrf));
    if !token_ok {
        tracing::warn!(caller = ?caller, "console login refused: missing or wrong form token");
        return page::forbidden();
    }
    let key = throttle::source_key("console.login", caller);
    if let Err(wait) = app.guesses.check(&[&key]) {
        tracing::warn!(caller = ?caller, "console login locked; refused unchecked");
        return form(
            &app,
            &headers,
            StatusCode::TOO_MANY_REQUESTS,
            Some(locked_message(wait)),
        );
    }
    let stored = match app.store.admin_password().await {
        Ok(s) => s,
        Err(e) => return page::store_failed(&e),
    };
    let right = match &stored {
        Some(phc) => super::password::verify(phc, &f.password).await,
        None => false,
    };
    if !right {
        return failed(&app, &headers, &key, caller).await;
    }
    app.guesses.succeeded(&key);
    let cookie = match session::start(&app).await {
        Ok(c) => c,
        Err(e) => return page::store_failed(&e),
    };
    tracing::info!(caller = ?caller, "console login");
    let mut response = Redirect::to("/console").into_response();
    let clear = session::set_cookie(&app, LOGIN_COOKIE, "", Some(Duration::ZERO));
    for c in [cookie, clear] {
        if let Ok(v) = c.parse() {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn locked_message(wait: Duration) -> String {
    format!(
        "로그인 실패가 너무 많습니다. {}초 후에 다시 시도하세요.",
        wait.as_secs().max(1)
    )
}

/// A wrong password: counted, held back a moment, answered with the form.
async fn failed(app: &App, headers: &HeaderMap, key: &str, caller: Option<IpAddr>) -> Response {
    let locked = app.guesses.failed(&[(key, throttle::PER_SOURCE)]);
    tracing::info!(caller = ?caller, locked, "console login: wrong password");
    tokio::time::sleep(FAILURE_DELAY).await;
    let message = if locked {
        locked_message(app.config.guess_lockout)
    } else {
        "비밀번호가 맞지 않습니다.".to_owned()
    };
    let status = if locked {
        StatusCode::TOO_MANY_REQUESTS
    } else {
        StatusCode::UNAUTHORIZED
    };
    form(app, headers, status, Some(message))
}

/// `POST /console/logout` (behind the session check, so its CSRF token was
/// checked): ends the session and clears the cookie.
pub async fn logout(State(app): State<App>, Extension(s): Extension<Session>) -> Response {
    if let Err(e) = session::end(&app, &s).await {
        return page::store_failed(&e);
    }
    tracing::info!("console logout");
    let mut response = Redirect::to(LOGIN).into_response();
    let clear = session::set_cookie(&app, session::COOKIE, "", Some(Duration::ZERO));
    if let Ok(v) = clear.parse() {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}
