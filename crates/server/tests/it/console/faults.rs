//! The console's 장애 주입 page: lists each merchant's faults, arms one
//! through its form (CSRF-checked like every console form), refuses what is
//! not a fault, and disarms a merchant's faults.

use super::logged_in;
use crate::support::TestServer;
use gyeolje_core::{FaultKind, FaultTarget, MerchantId};

async fn payapptest(server: &TestServer) -> MerchantId {
    gyeolje_server::admin::merchants::find(&*server.app.store, "payapptest")
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn the_faults_page_arms_lists_and_disarms() {
    let server = TestServer::start().await;
    let merchant = payapptest(&server).await;
    let id = merchant.get().to_string();
    let mut c = logged_in(&server).await;
    let sandbox = c.get("/console/sandbox").await;
    assert!(sandbox.body.contains("href=\"/console/sandbox/faults\""));
    let page = c.get("/console/sandbox/faults").await;
    assert_eq!(page.status, 200);
    page.assert_csp_clean();
    assert!(
        page.body.contains("payapptest"),
        "the form names the merchant"
    );

    // Without the form's CSRF token nothing is armed.
    let forged = c
        .post(
            "/console/sandbox/faults",
            &[
                ("merchant", id.as_str()),
                ("target", "sms"),
                ("kind", "reject"),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);
    assert!(server.app.store.faults(merchant).await.unwrap().is_empty());

    let armed = c
        .post_from(
            "/console/sandbox/faults",
            "/console/sandbox/faults",
            &[
                ("merchant", id.as_str()),
                ("target", "callbacks"),
                ("kind", "status"),
                ("status", "503"),
                ("code", "declined"),
                ("count", "2"),
            ],
        )
        .await;
    assert_eq!(armed.status, 303, "{}", armed.body);
    let stored = server.app.store.faults(merchant).await.unwrap();
    assert_eq!(
        (stored[0].target, &stored[0].kind, stored[0].remaining),
        (FaultTarget::Callbacks, &FaultKind::Status(503), 2)
    );
    let page = c.get(armed.location()).await;
    assert!(
        page.body
            .contains(&format!("id=\"fault-{}\"", stored[0].id)),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-remaining=\"2\""));

    let bad = c
        .post_from(
            "/console/sandbox/faults",
            "/console/sandbox/faults",
            &[
                ("merchant", id.as_str()),
                ("target", "acquirer"),
                ("kind", "reset"),
            ],
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("id=\"faults-error\""), "{}", bad.body);
    assert_eq!(server.app.store.faults(merchant).await.unwrap().len(), 1);

    let disarmed = c
        .post_from(
            "/console/sandbox/faults",
            "/console/sandbox/faults/disarm",
            &[("merchant", id.as_str())],
        )
        .await;
    assert_eq!(disarmed.status, 303);
    assert!(server.app.store.faults(merchant).await.unwrap().is_empty());
    server.stop().await;
}
