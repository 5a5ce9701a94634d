//! The clock model through the sandbox API, the CLI and the console: a
//! merchant clock starts at the shared time, then runs on its own, and no
//! clock moves backwards.

use crate::console::logged_in;
use crate::support::{TestServer, cli, cli_fails};
use serde_json::{Value, json};

async fn clock_of(server: &TestServer, query: &str) -> (u16, Value) {
    let (status, body) = server.get(&format!("/sandbox/clock{query}")).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

async fn merchant_clock(server: &TestServer) -> Value {
    let (status, v) = clock_of(server, "?merchant=payapptest").await;
    assert_eq!(status, 200, "{v}");
    v
}

async fn advance_merchant(server: &TestServer, seconds: u64) -> Value {
    let (status, v) = server
        .sandbox(
            "/sandbox/clock/advance",
            json!({"merchant": "payapptest", "seconds": seconds}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    v
}

/// The instant at the start of a `clock show` line (`RFC3339 (KST …) …`).
fn shown_instant(line: &str) -> i64 {
    let first = line.split_whitespace().next().unwrap();
    chrono::DateTime::parse_from_rfc3339(first)
        .unwrap_or_else(|e| panic!("{line:?}: {e}"))
        .timestamp_millis()
}

#[tokio::test]
async fn a_merchant_clock_starts_at_the_shared_time_and_never_runs_back() {
    let server = TestServer::start().await;
    let db = server.app.config.database.clone();
    server.advance_clock(3_600).await;

    // Before its first advance the merchant follows the shared clock.
    let v = merchant_clock(&server).await;
    assert_eq!(v["merchant"], "payapptest");
    assert_eq!(v["own_clock"], false);
    assert_eq!(v["offset_seconds"], 3_600);
    let (_, shared) = clock_of(&server, "").await;
    assert_eq!(shared["offset_seconds"], 3_600);
    assert!(shared.get("merchant").is_none(), "{shared}");

    // The first advance creates it at the shared time, then moves it.
    let v = advance_merchant(&server, 86_400).await;
    assert_eq!(v["own_clock"], true);
    assert_eq!(v["offset_seconds"], 3_600 + 86_400);
    assert!(v["now"].as_str().unwrap().ends_with('Z') || v["now"].as_str().unwrap().contains('+'));

    // Moving the shared clock leaves the merchant's as it was.
    server.advance_clock(5 * 86_400).await;
    let (_, shared) = clock_of(&server, "").await;
    assert_eq!(shared["offset_seconds"], 3_600 + 5 * 86_400);
    let v = merchant_clock(&server).await;
    assert_eq!(v["own_clock"], true);
    assert_eq!(v["offset_seconds"], 3_600 + 86_400);

    // Its own advance moves it again; the API and the CLI agree.
    let before = advance_merchant(&server, 3_600).await;
    assert_eq!(before["offset_seconds"], 3_600 + 86_400 + 3_600);
    let shown = cli(&[
        "clock",
        "show",
        "--merchant",
        "payapptest",
        "--database",
        &db,
    ])
    .await;
    let after = merchant_clock(&server).await;
    assert!(shown.contains("own clock"), "{shown}");
    let at = shown_instant(&shown);
    assert!(
        before["now_ms"].as_i64().unwrap() <= at && at <= after["now_ms"].as_i64().unwrap(),
        "{shown} between {before} and {after}"
    );

    // `clock advance --merchant KEY 36h` end to end.
    let out = cli(&[
        "clock",
        "advance",
        "--merchant",
        "payapptest",
        "36h",
        "--database",
        &db,
    ])
    .await;
    assert!(out.contains("own clock"), "{out}");
    let v = merchant_clock(&server).await;
    assert_eq!(v["offset_seconds"], 3_600 + 86_400 + 3_600 + 36 * 3_600);
    // `--seconds` still works, with and without --merchant.
    cli(&[
        "clock",
        "advance",
        "--merchant",
        "payapptest",
        "--seconds",
        "60",
        "--database",
        &db,
    ])
    .await;
    let v = merchant_clock(&server).await;
    assert_eq!(
        v["offset_seconds"],
        3_600 + 86_400 + 3_600 + 36 * 3_600 + 60
    );
    let shared_line = cli(&["clock", "advance", "--seconds", "60", "--database", &db]).await;
    assert!(shared_line.contains("(KST "), "{shared_line}");
    assert!(!shared_line.contains("merchant"), "{shared_line}");
    let (_, shared) = clock_of(&server, "").await;
    assert_eq!(shared["offset_seconds"], 3_600 + 5 * 86_400 + 60);

    // A merchant without its own clock says it follows the shared one.
    let other = cli(&[
        "clock",
        "show",
        "--merchant",
        "testpay01m",
        "--database",
        &db,
    ])
    .await;
    assert!(other.contains("follows the shared clock"), "{other}");
    let t = shown_instant(&other);
    assert!(t >= shared["now_ms"].as_i64().unwrap(), "{other} {shared}");

    // Bad input: a clear error, and nothing moves.
    for (args, says) in [
        (
            vec!["clock", "advance", "--merchant", "payapptest", "36x"],
            "invalid duration",
        ),
        (
            vec!["clock", "advance", "--merchant", "payapptest", "90"],
            "invalid duration",
        ),
        (
            vec!["clock", "advance", "--merchant", "payapptest"],
            "required",
        ),
        (
            vec!["clock", "advance", "--seconds", "5", "5m"],
            "cannot be used",
        ),
        (
            vec!["clock", "advance", "--merchant", "nosuchshop", "5m"],
            "no merchant",
        ),
        (
            vec!["clock", "show", "--merchant", "nosuchshop"],
            "no merchant",
        ),
    ] {
        let mut args = args.clone();
        args.extend(["--database", &db]);
        let e = cli_fails(&args).await;
        assert!(e.contains(says), "{args:?}: {e}");
    }
    let v = merchant_clock(&server).await;
    assert_eq!(
        v["offset_seconds"],
        3_600 + 86_400 + 3_600 + 36 * 3_600 + 60
    );

    // An unknown merchant is a 404 JSON error on both endpoints.
    let (status, v) = clock_of(&server, "?merchant=nosuchshop").await;
    assert_eq!(status, 404, "{v}");
    assert!(v["error"].as_str().unwrap().contains("nosuchshop"), "{v}");
    let (status, v) = server
        .sandbox(
            "/sandbox/clock/advance",
            json!({"merchant": "nosuchshop", "seconds": 5}),
        )
        .await;
    assert_eq!(status, 404, "{v}");
    assert!(v["error"].is_string(), "{v}");
    server.stop().await;
}

#[tokio::test]
async fn the_console_lists_merchant_clocks_and_advances_one() {
    let server = TestServer::start().await;
    let mut c = logged_in(&server).await;
    let page = c.get("/console/sandbox").await;
    assert_eq!(page.status, 200);
    let x = server
        .app
        .store
        .merchant_by_payapp_userid("payapptest")
        .await
        .unwrap()
        .unwrap()
        .id;
    let row = format!(
        "id=\"merchant-clock-{}\" data-merchant-id=\"{}\" data-own=\"false\"",
        x.get(),
        x.get()
    );
    assert!(page.body.contains(&row), "{}", page.body);
    assert!(
        page.body.contains("id=\"merchant-clock-form\""),
        "{}",
        page.body
    );

    let before = server.app.now_for(x);
    let page = c
        .post_from(
            "/console/sandbox",
            "/console/sandbox/merchant-clock",
            &[("merchant", &x.get().to_string()), ("seconds", "86400")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        server.app.store.merchant_clocks().await.unwrap(),
        vec![(x, 86_400_000)]
    );
    let reading = server.app.clock_of(x);
    assert!(reading.own);
    assert!(reading.now.as_millis() - before.as_millis() >= 86_400_000);
    assert_eq!(server.app.clock.offset_ms(), 0, "the shared clock stays");
    let page = c.get("/console/sandbox").await;
    let row = format!(
        "id=\"merchant-clock-{}\" data-merchant-id=\"{}\" data-own=\"true\"",
        x.get(),
        x.get()
    );
    assert!(page.body.contains(&row), "{}", page.body);

    // Out of range and unknown merchants are refused.
    let page = c
        .post_from(
            "/console/sandbox",
            "/console/sandbox/merchant-clock",
            &[("merchant", &x.get().to_string()), ("seconds", "0")],
        )
        .await;
    assert_eq!(page.status, 400);
    let page = c
        .post_from(
            "/console/sandbox",
            "/console/sandbox/merchant-clock",
            &[("merchant", "999999"), ("seconds", "60")],
        )
        .await;
    assert_eq!(page.status, 404);
    // Without the CSRF token the form is refused.
    let page = c
        .post(
            "/console/sandbox/merchant-clock",
            &[("merchant", &x.get().to_string()), ("seconds", "60")],
        )
        .await;
    assert_ne!(page.status, 303, "{}", page.body);
    assert_eq!(
        server.app.store.merchant_clocks().await.unwrap(),
        vec![(x, 86_400_000)]
    );
    server.stop().await;
}
