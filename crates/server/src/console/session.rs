//! Console sessions: the cookie, the check in front of every console page,
//! and the CSRF check on every form.
//!
//! The browser holds a random session id in an `HttpOnly; SameSite=Strict`
//! cookie scoped to `/console` (`Secure` when the public URL is https); the
//! database holds only its SHA-256, with the session's CSRF token and its
//! expiry. A session ends after [`IDLE`] without a request, on logout, and
//! when the admin password changes. Times are wall time: jumping the
//! sandbox clock neither ends nor extends a login.
//!
//! Every POST behind [`require`] must carry the session's token in its
//! `csrf` form field, compared in constant time before any handler runs;
//! without it the answer is 403 and nothing is done. `SameSite=Strict`
//! already keeps other sites' forms from carrying the cookie; the token is
//! the second lock, for browsers and proxies that do not honour it.
//! Neither the session id nor the token is ever logged.

use super::render;
use crate::app::App;
use crate::config::BODY_LIMIT;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use gyeolje_core::Secret;
use gyeolje_store::ConsoleSession;
use rand::RngExt;
use sha2::{Digest, Sha256};
use std::time::Duration;

/// The session cookie.
pub const COOKIE: &str = "gyeolje_console";
/// A session unused this long ends.
pub const IDLE: Duration = Duration::from_secs(12 * 3600);
/// A session's expiry is written again only when it is older than this, so
/// a burst of page views is not a burst of writes.
const EXTEND_AFTER: Duration = Duration::from_secs(300);
/// Where the cookie is sent: the console only.
pub const PATH: &str = "/console";
pub const LOGIN: &str = "/console/login";

/// The logged-in session, for handlers (put there by [`require`]).
#[derive(Clone)]
pub struct Session {
    pub id_hash: String,
    /// What every form of the page carries as `csrf`.
    pub csrf: String,
}

/// 32 random bytes, hex: session ids and CSRF tokens.
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the database keeps of a session id.
pub fn id_hash(id: &str) -> String {
    hex(&Sha256::digest(id.as_bytes()))
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value for the console: `HttpOnly; SameSite=Strict;
/// Path=/console`, `Secure` when the console is served over https, and
/// `Max-Age` when given (0 deletes).
pub fn set_cookie(app: &App, name: &str, value: &str, max_age: Option<Duration>) -> String {
    let mut c = format!("{name}={value}; HttpOnly; SameSite=Strict; Path={PATH}");
    if app.public_url.starts_with("https://") {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={}", age.as_secs()));
    }
    c
}

/// Starts a session: stores it and returns the cookie to set.
pub async fn start(app: &App) -> Result<String, gyeolje_store::StoreError> {
    let id = random_token();
    let now = app.wall_now();
    let session = ConsoleSession {
        id_hash: id_hash(&id),
        csrf_token: random_token(),
        created_at: now,
        expires_at: now.plus(IDLE),
    };
    app.store.create_console_session(&session).await?;
    // Best effort: forget sessions that ran out (a failure only leaves rows).
    if let Err(e) = app.store.purge_console_sessions(now).await {
        tracing::warn!(error = %e, "console: could not purge expired sessions");
    }
    Ok(set_cookie(app, COOKIE, &id, None))
}

/// The live session the request's cookie names, extended if it is getting
/// old; `Ok(None)` when there is none (no cookie, unknown or expired).
pub async fn current(
    app: &App,
    headers: &HeaderMap,
) -> Result<Option<Session>, gyeolje_store::StoreError> {
    let Some(id) = cookie(headers, COOKIE) else {
        return Ok(None);
    };
    let hash = id_hash(&id);
    let now = app.wall_now();
    let Some(stored) = app.store.console_session(&hash, now).await? else {
        return Ok(None);
    };
    let fresh = u64::try_from((IDLE - EXTEND_AFTER).as_millis()).unwrap_or(u64::MAX);
    if stored.expires_at.millis_since(now) < fresh {
        app.store
            .extend_console_session(&hash, now.plus(IDLE))
            .await?;
    }
    Ok(Some(Session {
        id_hash: hash,
        csrf: stored.csrf_token,
    }))
}

/// Whether a form body carries `expected` as its `csrf` field.
pub fn csrf_matches(body: &[u8], expected: &str) -> bool {
    let given = form_urlencoded::parse(body)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned());
    given.is_some_and(|g| Secret::new(expected).matches(&g))
}

/// The check in front of every console route but the login page and the
/// stylesheet: no session → 303 to the login page; a POST (any method but
/// GET and HEAD) without the session's CSRF token → 403, before the
/// handler runs.
pub async fn require(State(app): State<App>, req: Request, next: Next) -> Response {
    let session = match current(&app, req.headers()).await {
        Ok(Some(s)) => s,
        Ok(None) => return Redirect::to(LOGIN).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "console: session lookup failed");
            return render::unavailable();
        }
    };
    let safe = matches!(*req.method(), Method::GET | Method::HEAD);
    let req = if !safe {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
            return render::error(StatusCode::PAYLOAD_TOO_LARGE, "요청이 너무 큽니다.");
        };
        if !csrf_matches(&bytes, &session.csrf) {
            tracing::warn!(path = %parts.uri.path(), "console: request refused, missing or wrong CSRF token");
            return render::forbidden();
        }
        Request::from_parts(parts, Body::from(bytes))
    } else {
        req
    };
    let mut req = req;
    req.extensions_mut().insert(session);
    next.run(req).await
}

/// Ends the session (logout).
pub async fn end(app: &App, session: &Session) -> Result<(), gyeolje_store::StoreError> {
    app.store.delete_console_session(&session.id_hash).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_the_named_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; gyeolje_console=abc"),
        );
        h.append(header::COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(cookie(&h, COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "b").as_deref(), Some("2"));
        assert_eq!(cookie(&h, "gyeolje"), None);
    }

    #[test]
    fn the_csrf_field_must_match_exactly() {
        assert!(csrf_matches(b"x=1&csrf=tok", "tok"));
        assert!(!csrf_matches(b"x=1&csrf=to", "tok"));
        assert!(!csrf_matches(b"x=1", "tok"));
        assert!(!csrf_matches(b"csrf=", "tok"));
    }

    #[test]
    fn ids_are_random_and_stored_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(id_hash(&a), a);
        assert_eq!(id_hash(&a), id_hash(&a));
    }
}
