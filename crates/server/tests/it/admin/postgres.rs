//! Payment lookup on PostgreSQL: the CLI opens the schema read-only
//! (`open_existing`: connect, check the migrations, change nothing) and
//! finds what the server wrote, as the API does.

use super::{TOKEN, api_get, cli_show, event_kinds, messages_of};
use crate::support::{Expect, SandboxPay, Sink, TestServer, cli, eventually};
use gyeolje_core::Secret;
use gyeolje_server::startup::Parts;
use gyeolje_store::testing::TestDatabase;
use std::time::Duration;

#[tokio::test]
async fn payment_show_and_list_on_postgres() {
    let Some(db) = TestDatabase::postgres("admin_lookup").await else {
        return;
    };
    let server = TestServer::start_on(
        db,
        |c| c.admin_token = Some(Secret::new(TOKEN)),
        Parts::default(),
    )
    .await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server
        .sandbox_pay_with(SandboxPay::payapp(mul_no), Expect::Approved)
        .await;
    let id = mul_no.to_string();
    let d = eventually(
        "the feedback delivered",
        Duration::from_secs(15),
        || async {
            let d = cli_show(&server, &id).await;
            let fb = messages_of(&d, "payapp.feedback");
            (fb.len() == 1 && fb[0]["state"] == "delivered").then_some(d)
        },
    )
    .await;
    assert_eq!(event_kinds(&d), ["requested", "approved"]);
    assert_eq!(d["references"]["mul_no"], id);
    let db_url = server.app.config.database.clone();
    let list = cli(&[
        "payment",
        "list",
        "--state",
        "paid",
        "--json",
        "--database",
        &db_url,
    ])
    .await;
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let (status, api) = api_get(&server, "/payments?state=paid").await;
    assert_eq!((status, &api), (200, &list));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], mul_no);
    server.stop_keeping_database().await.cleanup().await;
}
