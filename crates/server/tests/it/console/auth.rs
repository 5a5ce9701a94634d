//! Who gets in: no session → 303 to the login page; a wrong password is
//! refused, slowed and then locked out per address (the right one too);
//! the session cookie's flags; a POST without or with a wrong CSRF token is
//! 403 and changes nothing (stored state asserted); logout and a new
//! password end sessions; the same on PostgreSQL.

use super::{Console, PASSWORD, failed_feedback, logged_in, set_password};
use crate::support::TestServer;
use gyeolje_core::OutboxState;
use std::time::Duration;

#[tokio::test]
async fn without_a_session_every_page_redirects_to_the_login_page() {
    let server = TestServer::start().await;
    let mut c = Console::new(&server.base);
    for path in [
        "/console",
        "/console/callbacks",
        "/console/messages/1",
        "/console/sandbox",
    ] {
        let page = c.get(path).await;
        assert_eq!(page.status, 303, "{path}");
        assert_eq!(page.location(), "/console/login", "{path}");
    }
    // A POST without a session changes nothing either: it is sent to log in.
    let page = c
        .post("/console/sandbox/clock", &[("seconds", "3600")])
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(server.app.clock.offset_ms(), 0);
    // An unknown session id is no session.
    c.set_session_cookie(&"ab".repeat(32));
    assert_eq!(c.get("/console").await.status, 303);
    // The login page and its stylesheet need none.
    let login = c.get("/console/login").await;
    assert_eq!(login.status, 200);
    login.assert_csp_clean();
    let css = c.get("/console/assets/console.css").await;
    assert_eq!(css.status, 200);
    assert!(
        css.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    server.stop().await;
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_scoped_to_the_console() {
    let server = TestServer::start().await;
    set_password(&server, PASSWORD).await;
    let mut c = Console::new(&server.base);
    let page = c.login(PASSWORD).await;
    let cookie = page
        .set_cookie("gyeolje_console")
        .expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/console"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    let dashboard = c.get("/console").await;
    assert_eq!(dashboard.status, 200);
    assert!(dashboard.body.contains("id=\"dashboard\""));
    assert_eq!(dashboard.headers["cache-control"], "no-store");
    assert_eq!(dashboard.headers["x-frame-options"], "DENY");
    // Logged in, the login page sends you on.
    assert_eq!(c.get("/console/login").await.location(), "/console");
    server.stop().await;

    // Behind an https public URL the cookie is Secure too.
    let server = TestServer::start_with(|c| {
        c.public_url = Some("https://pay.example.com".into());
    })
    .await;
    set_password(&server, PASSWORD).await;
    let mut c = Console::new(&server.base);
    let page = c.login(PASSWORD).await;
    let cookie = page.set_cookie("gyeolje_console").unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    server.stop().await;
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_a_few_lock_the_address_out() {
    let server = TestServer::start_with(|c| c.guess_lockout = Duration::from_secs(600)).await;
    set_password(&server, PASSWORD).await;
    let mut c = Console::new(&server.base);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let page = c.try_login("not-the-password").await;
        assert!(c.session_cookie().is_none());
        statuses.push(page.status);
        assert!(page.body.contains("id=\"login-error\""), "{}", page.body);
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429]);
    // Locked: the right password is refused unchecked, with the wait.
    let page = c.try_login(PASSWORD).await;
    assert_eq!(page.status, 429);
    assert!(
        page.body.contains("초 후에 다시 시도하세요"),
        "{}",
        page.body
    );
    assert!(c.session_cookie().is_none());
    assert!(
        server
            .app
            .guesses
            .check(&["console.login:127.0.0.1"])
            .is_err(),
        "the lockout is the address's"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_login_form_needs_its_own_token() {
    let server = TestServer::start().await;
    set_password(&server, PASSWORD).await;
    let mut c = Console::new(&server.base);
    // No form token cookie at all (a form posted from another site).
    let page = c.post("/console/login", &[("password", PASSWORD)]).await;
    assert_eq!(page.status, 403);
    assert!(c.session_cookie().is_none());
    // The cookie, but a different token in the form.
    c.get("/console/login").await;
    let page = c
        .post(
            "/console/login",
            &[("csrf", "forged"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, 403);
    assert!(c.session_cookie().is_none());
    // Two login tabs: the first one's form still works after the second loaded.
    let first = c.get("/console/login").await.csrf();
    let second = c.get("/console/login").await.csrf();
    assert_eq!(first, second, "the browser's token is kept");
    let page = c
        .post(
            "/console/login",
            &[("csrf", &first), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, 303);
    server.stop().await;
}

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_forbidden_and_changes_nothing() {
    let server = TestServer::start().await;
    let (_sink, failed) = failed_feedback(&server).await;
    let mut c = logged_in(&server).await;
    let replay = format!("/console/callbacks/{}/replay", failed.id.get());
    let posts: [(&str, Vec<(&str, &str)>); 4] = [
        (replay.as_str(), vec![]),
        (replay.as_str(), vec![("csrf", "0000")]),
        ("/console/callbacks/replay-failed", vec![("csrf", "")]),
        ("/console/sandbox/clock", vec![("seconds", "86400")]),
    ];
    for (path, pairs) in &posts {
        let page = c.post(path, pairs).await;
        assert_eq!(page.status, 403, "{path} {pairs:?}");
        assert!(page.body.contains("보안 토큰"), "{}", page.body);
    }
    // Another session's token is no better.
    let mut other = Console::new(&server.base);
    other.login(super::PASSWORD).await;
    let theirs = other.get("/console").await.csrf();
    let page = c.post(&replay, &[("csrf", &theirs)]).await;
    assert_eq!(page.status, 403);
    let page = c.post("/console/logout", &[("csrf", &theirs)]).await;
    assert_eq!(page.status, 403, "logout needs the token too");

    let stored = server
        .app
        .store
        .outbox_get(failed.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.state, OutboxState::Failed, "not replayed");
    assert_eq!(stored.attempts, 1);
    assert_eq!(server.app.store.attempts(failed.id).await.unwrap().len(), 1);
    assert_eq!(server.app.clock.offset_ms(), 0, "the clock did not move");
    assert_eq!(c.get("/console").await.status, 200, "still logged in");
    server.stop().await;
}

#[tokio::test]
async fn a_session_used_recently_is_extended_and_an_idle_one_ends() {
    use gyeolje_server::console::session::{IDLE, id_hash};
    let server = TestServer::start().await;
    let mut c = logged_in(&server).await;
    let hash = id_hash(&c.session_cookie().unwrap());
    let store = &server.app.store;
    let now = server.app.wall_now();
    let stored = store.console_session(&hash, now).await.unwrap().unwrap();
    assert!(stored.expires_at.millis_since(now) <= IDLE.as_millis() as u64);
    // An hour from its end, a page view gives it the whole idle time again.
    store
        .extend_console_session(&hash, now.plus(std::time::Duration::from_secs(3600)))
        .await
        .unwrap();
    assert_eq!(c.get("/console").await.status, 200);
    let stored = store.console_session(&hash, now).await.unwrap().unwrap();
    assert!(
        stored.expires_at.millis_since(now) > 11 * 3600 * 1000,
        "extended"
    );
    // Past its end it is no session.
    store
        .extend_console_session(
            &hash,
            gyeolje_core::Timestamp::from_millis(now.as_millis() - 1),
        )
        .await
        .unwrap();
    let page = c.get("/console").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location(), "/console/login");
    server.stop().await;
}

#[tokio::test]
async fn logout_ends_the_session_and_a_new_password_ends_them_all() {
    let server = TestServer::start().await;
    let mut c = logged_in(&server).await;
    let old = c.session_cookie().unwrap();
    let page = c.post_from("/console", "/console/logout", &[]).await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location(), "/console/login");
    let cleared = page.set_cookie("gyeolje_console").unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    // The old cookie, sent again, opens nothing.
    c.set_session_cookie(&old);
    assert_eq!(c.get("/console").await.status, 303);

    let mut a = Console::new(&server.base);
    a.login(PASSWORD).await;
    assert_eq!(a.get("/console").await.status, 200);
    set_password(&server, "a-brand-new-password").await;
    assert_eq!(
        a.get("/console").await.status,
        303,
        "logged out by the change"
    );
    assert_eq!(a.try_login(PASSWORD).await.status, 401, "the old password");
    a.login("a-brand-new-password").await;
    server.stop().await;
}

#[tokio::test]
async fn on_postgres_sessions_csrf_and_a_replay_work_the_same() {
    let Some(db) = gyeolje_store::testing::TestDatabase::postgres("console_auth").await else {
        return;
    };
    let server = TestServer::start_on(db, |_| {}, Default::default()).await;
    let (sink, failed) = failed_feedback(&server).await;
    let mut c = logged_in(&server).await;
    let replay = format!("/console/callbacks/{}/replay", failed.id.get());
    assert_eq!(c.post(&replay, &[("csrf", "nope")]).await.status, 403);
    let stored = server
        .app
        .store
        .outbox_get(failed.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.state, OutboxState::Failed);
    let page = c.post_from("/console/callbacks", &replay, &[]).await;
    assert_eq!(page.status, 303);
    sink.wait_for(2).await;
    let page = c.post_from("/console", "/console/logout", &[]).await;
    assert_eq!(page.status, 303);
    assert_eq!(c.get("/console").await.status, 303);
    server.stop_keeping_database().await.cleanup().await;
}
