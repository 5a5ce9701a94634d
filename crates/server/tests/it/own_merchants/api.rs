//! The admin API's merchant routes and the token in front of them, and the
//! CLI's refusals: what an operator gets for bad input.

use super::{ADMIN_TOKEN, admin, server};
use crate::support::{TestServer, cli, cli_fails};
use gyeolje_server::seed::PAYAPP_DEMO_LINKKEY;
use serde_json::json;

#[tokio::test]
async fn without_a_token_configured_the_api_does_not_exist() {
    let server = TestServer::start().await;
    let resp = server
        .http
        .get(format!("{}/admin/api/merchants", server.base))
        .bearer_auth("anything")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    server.stop().await;
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_401_and_changes_nothing() {
    let server = server("sqlite", "").await.unwrap();
    let url = format!("{}/admin/api/merchants", server.base);
    let body = json!({"name": "몰래", "payapp": {"userid": "sneaky"}});
    for req in [
        server.http.post(&url).json(&body),
        server.http.post(&url).bearer_auth("wrong").json(&body),
        server
            .http
            .post(&url)
            .header("authorization", ADMIN_TOKEN)
            .json(&body),
    ] {
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 401);
        assert_eq!(resp.headers()["www-authenticate"], "Bearer");
        let v: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(v["error"]["code"], "unauthorized", "{v}");
    }
    let stored = server
        .app
        .store
        .merchant_by_payapp_userid("sneaky")
        .await
        .unwrap();
    assert!(stored.is_none(), "a refused call created a merchant");
    server.stop().await;
}

#[tokio::test]
async fn merchants_are_listed_shown_rotated_and_refused_through_the_api() {
    let server = server("sqlite", "").await.unwrap();
    let (status, list) = admin(&server, "GET", "/admin/api/merchants", None).await;
    assert_eq!(status, 200);
    let demo = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["payapp"]["userid"] == "payapptest")
        .unwrap();
    assert_eq!(demo["payapp"]["linkkey"], "********", "list masks: {demo}");
    assert!(!list.to_string().contains(PAYAPP_DEMO_LINKKEY));

    let (status, shown) = admin(
        &server,
        "GET",
        "/admin/api/merchants/payapptest?reveal=true",
        None,
    )
    .await;
    assert_eq!(
        (status, shown["payapp"]["linkkey"].as_str()),
        (200, Some(PAYAPP_DEMO_LINKKEY))
    );

    // Bad input: the API's 400 with a message; taken ids: 409; unknown: 404.
    let cases = [
        (json!({"name": "x"}), 400, "at least one protocol"),
        (json!({"payapp": {"userid": "a"}}), 400, "--name"),
        (
            json!({"name": "x", "payapp": {"userid": "a b"}}),
            400,
            "payapp-userid",
        ),
        (
            json!({"name": "x", "ipay": {"seller_id": "s"}}),
            400,
            "--ipay-ticket",
        ),
        (json!({"name": "x", "bogus": 1}), 400, "bogus"),
        (
            json!({"name": "x", "innopay": {"mid": "elevenchars"}}),
            400,
            "10 characters",
        ),
        (
            json!({"name": "x", "payapp": {"userid": "payapptest"}}),
            409,
            "another merchant",
        ),
        (
            json!({"name": "x", "payapp": {"userid": "u1", "common_feedbackurl": "javascript:alert(1)"}}),
            400,
            "http",
        ),
    ];
    for (body, want, text) in cases {
        let (status, v) = admin(&server, "POST", "/admin/api/merchants", Some(body.clone())).await;
        assert_eq!(status, want, "{body} → {v}");
        let message = v["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(text), "{body} → {v}");
    }
    let (status, v) = admin(&server, "GET", "/admin/api/merchants/nobody", None).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (404, Some("not_found")),
        "{v}"
    );

    // Create, rotate a key, try to change the identity.
    let body =
        json!({"name": "회전", "payapp": {"userid": "rotor", "linkkey": "K1", "linkval": "V1"}});
    let (status, created) = admin(&server, "POST", "/admin/api/merchants", Some(body)).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["payapp"]["linkkey"], "K1");
    let id = created["id"].as_i64().unwrap();
    let path = format!("/admin/api/merchants/{id}");
    let (status, patched) = admin(
        &server,
        "PATCH",
        &path,
        Some(json!({"payapp": {"linkkey": "K2"}})),
    )
    .await;
    assert_eq!(
        (status, &patched["payapp"]["linkkey"]),
        (200, &json!("********")),
        "{patched}"
    );
    let stored = server
        .app
        .store
        .merchant_by_payapp_userid("rotor")
        .await
        .unwrap()
        .unwrap();
    let account = stored.payapp.unwrap();
    assert_eq!(
        (account.linkkey.expose(), account.linkval.expose()),
        ("K2", "V1")
    );
    let (status, v) = admin(
        &server,
        "PATCH",
        &path,
        Some(json!({"payapp": {"userid": "other"}})),
    )
    .await;
    assert_eq!(status, 400, "{v}");
    // Another protocol added to the same merchant.
    let (status, v) = admin(
        &server,
        "PATCH",
        &path,
        Some(json!({"innopay": {"mid": "rotorm"}})),
    )
    .await;
    assert_eq!(
        (status, &v["innopay"]["mid"]),
        (200, &json!("rotorm")),
        "{v}"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_cli_refuses_bad_merchants_and_masks_secrets_in_list() {
    let db = gyeolje_store::testing::TestDatabase::sqlite().unwrap();
    cli(&["migrate", "--database", &db.url]).await;
    let e = cli_fails(&["merchant", "create", "--database", &db.url, "--name", "x"]).await;
    assert!(e.contains("at least one protocol"), "{e}");
    let e = cli_fails(&[
        "merchant",
        "create",
        "--database",
        &db.url,
        "--name",
        "x",
        "--ipay-seller-id",
        "s",
    ])
    .await;
    assert!(e.contains("--ipay-ticket"), "{e}");
    let out = cli(&[
        "merchant",
        "create",
        "--database",
        &db.url,
        "--name",
        "세 개",
        "--payapp-userid",
        "tri",
        "--innopay-mid",
        "trim",
        "--innopay-cancel-pwd",
        "654321",
        "--ipay-seller-id",
        "tris",
        "--ipay-ticket",
        "T-ONE",
        "--ipay-ticket",
        "T-TWO",
        "--callback-hosts",
        "shop.example,api.shop.example",
    ])
    .await;
    assert!(
        out.contains("cancel_pwd=654321"),
        "create prints secrets once: {out}"
    );
    assert!(out.contains("tickets=2"), "{out}");
    assert!(!out.contains("T-ONE"), "tickets are never printed: {out}");
    let list = cli(&["merchant", "list", "--database", &db.url]).await;
    assert!(!list.contains("654321") && list.contains("tri"), "{list}");
    let e = cli_fails(&[
        "merchant",
        "create",
        "--database",
        &db.url,
        "--name",
        "y",
        "--ipay-seller-id",
        "other",
        "--ipay-ticket",
        "T-ONE",
    ])
    .await;
    assert!(e.contains("another merchant"), "{e}");
    let out = cli(&[
        "merchant",
        "update",
        "tris",
        "--database",
        &db.url,
        "--ipay-remove-ticket",
        "T-TWO",
        "--ipay-ticket",
        "T-THREE",
    ])
    .await;
    assert!(out.contains("tickets=2"), "{out}");
    let shown = cli(&["merchant", "show", "trim", "--json", "--database", &db.url]).await;
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        v["callback_hosts"],
        json!(["shop.example", "api.shop.example"])
    );
    assert_eq!(v["innopay"]["cancel_pwd"], "********");
    assert_eq!(v["payapp"]["userid"], "tri");
    let e = cli_fails(&["merchant", "show", "nobody", "--database", &db.url]).await;
    assert!(e.contains("no merchant \"nobody\""), "{e}");
}

/// The admin token, right or wrong, and the secrets a merchant is created
/// with never reach the log, even at debug level.
#[tokio::test]
async fn the_admin_token_and_created_secrets_never_reach_the_log() {
    use crate::support::process::GyeoljeProcess;
    let db = gyeolje_store::testing::TestDatabase::sqlite().unwrap();
    let token = "admin-token-that-must-not-be-logged";
    let mut process = GyeoljeProcess::start_with_env(
        "admin",
        &db.url,
        &["--admin-token", token],
        &[("RUST_LOG", "debug")],
    )
    .await;
    let http = reqwest::Client::new();
    let url = format!("{}/admin/api/merchants", process.base);
    let body =
        json!({"name": "로그", "payapp": {"userid": "logged", "linkkey": "LINKKEY-NOT-IN-LOG"}});
    let created = http
        .post(&url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let wrong = http
        .get(&url)
        .bearer_auth("wrong-token-not-in-log")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    process.sigterm();
    process.wait_exit(std::time::Duration::from_secs(10)).await;
    let log = process.log();
    assert!(
        log.contains("admin API request refused"),
        "the refusal is logged:\n{log}"
    );
    for secret in [token, "wrong-token-not-in-log", "LINKKEY-NOT-IN-LOG"] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}
