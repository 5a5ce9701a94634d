//! One of three nodes SIGKILLed while clients spread PayApp flows over all
//! three, then restarted: every acknowledged request and payment is in the
//! database, and every paid payment's feedback arrives.

use super::{CARD, Cluster, FLAGS, assert_delivered_once_each, settled};
use crate::support::process::{Api, GyeoljeProcess};
use crate::support::{SandboxPay, Sink};
use gyeolje_core::{PaymentId, PaymentState};
use gyeolje_store::PaymentFilter;
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::ExitStatusExt;
use std::sync::{Arc, Mutex};

/// Client tasks, and flows each runs at most.
const CLIENTS: usize = 6;
const FLOWS: usize = 40;
/// After this many acknowledged payments (of all clients), node B dies.
const KILL_AFTER: usize = 30;

/// What the clients saw acknowledged: request numbers with their goods
/// name, and the numbers whose payment was approved.
#[derive(Default)]
struct Acked {
    created: BTreeMap<i64, String>,
    paid: BTreeSet<i64>,
}

#[tokio::test]
async fn a_node_killed_under_load_loses_nothing_and_every_feedback_arrives() {
    let Some(mut cluster) = Cluster::start("three_nodes_kill").await else {
        return;
    };
    let mut pids: BTreeMap<u32, String> = cluster
        .nodes
        .iter()
        .map(|n| (n.pid(), n.name.clone()))
        .collect();
    let sink = Sink::start().await;
    let fb = sink.url("/fb");
    // The nodes clients send to; B's entry is swapped when it restarts.
    let targets: Arc<Mutex<Vec<Api>>> =
        Arc::new(Mutex::new(cluster.nodes.iter().map(|n| n.api()).collect()));
    let acked = Arc::new(Mutex::new(Acked::default()));

    let mut clients = tokio::task::JoinSet::new();
    for c in 0..CLIENTS {
        let (targets, acked, fb) = (targets.clone(), acked.clone(), fb.clone());
        clients.spawn(async move {
            for i in 0..FLOWS {
                let pick = |k: usize| targets.lock().unwrap()[(c + i + k) % 3].clone();
                let goods = format!("c{c}-{i}");
                // A node that is down answers nothing: the flow is not
                // acknowledged and the client moves on, as a shop would.
                let Some(mul_no) = try_create(&pick(0), &fb, &goods).await else {
                    continue;
                };
                acked.lock().unwrap().created.insert(mul_no, goods);
                if try_pay(&pick(1), mul_no).await {
                    acked.lock().unwrap().paid.insert(mul_no);
                }
            }
        });
    }

    // Kill B once the load is well under way, then bring it back.
    crate::support::eventually(
        "enough acknowledged payments to kill a node under load",
        std::time::Duration::from_secs(60),
        || async { (acked.lock().unwrap().paid.len() >= KILL_AFTER).then_some(()) },
    )
    .await;
    let status = cluster.nodes[1].sigkill().await;
    assert_eq!(status.signal(), Some(9), "{status:?}");
    let restarted = GyeoljeProcess::start("B2", &cluster.db.url, &FLAGS).await;
    pids.insert(restarted.pid(), "B2".into());
    targets.lock().unwrap()[1] = restarted.api();
    cluster.nodes[1] = restarted;
    clients.join_all().await;

    let acked = std::mem::take(&mut *acked.lock().unwrap());
    assert!(
        acked.paid.len() > KILL_AFTER,
        "load kept going after the kill"
    );
    // Every acknowledged request exists with what it was sent with; every
    // acknowledged payment is paid.
    for (mul_no, goods) in &acked.created {
        let p = cluster
            .store
            .payment(PaymentId::new(*mul_no))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged request {mul_no} is missing"));
        assert_eq!(&p.goods_name, goods);
        if acked.paid.contains(mul_no) {
            assert_eq!(p.state, PaymentState::Paid, "{p:?}");
        }
    }

    // Every paid payment's feedback arrives. Payments the clients did not
    // see acknowledged (the node died answering) may be paid as well: count
    // what the database holds.
    let paid_in_store: BTreeSet<i64> = cluster
        .store
        .payments_matching(&PaymentFilter {
            state: Some(PaymentState::Paid),
            limit: 10_000,
            ..Default::default()
        })
        .await
        .unwrap()
        .iter()
        .map(|p| p.id.get())
        .collect();
    assert!(paid_in_store.is_superset(&acked.paid));
    let rows = settled(&*cluster.store, "payapp.feedback", paid_in_store.len()).await;
    let by_node = assert_delivered_once_each(&cluster, &rows, &pids).await;
    println!("feedback attempts by node: {by_node:?}");
    let received: BTreeSet<i64> = sink
        .received()
        .iter()
        .filter(|f| f.field("pay_state") == "4")
        .map(|f| f.field("mul_no").parse().unwrap())
        .collect();
    assert_eq!(
        received, paid_in_store,
        "a paid payment's feedback is missing"
    );
    cluster.stop().await;
}

async fn try_create(node: &Api, fb: &str, goods: &str) -> Option<i64> {
    let resp = node
        .http
        .post(format!("{}/oapi/apiLoad.html", node.base))
        .form(&[
            ("cmd", "payrequest"),
            ("userid", "payapptest"),
            ("goodname", goods),
            ("price", "1000"),
            ("recvphone", "01012345678"),
            ("smsuse", "n"),
            ("feedbackurl", fb),
        ])
        .send()
        .await
        .ok()?;
    let text = resp.text().await.ok()?;
    let reply = gyeolje_payapp::parse_reply(&text);
    let get = |k| gyeolje_payapp::codec::reply_value(&reply, k).unwrap_or("");
    assert_eq!(
        get("state"),
        "1",
        "{}: payrequest refused: {text}",
        node.name
    );
    get("mul_no").parse().ok()
}

/// Pays through `node`; false when the node could not be reached or its
/// answer was lost with it. A reply that arrives must be an approval.
async fn try_pay(node: &Api, mul_no: i64) -> bool {
    let body = SandboxPay::payapp(mul_no).card(CARD);
    let Ok(resp) = node
        .http
        .post(format!("{}/sandbox/pay", node.base))
        .json(body.json())
        .send()
        .await
    else {
        return false;
    };
    let status = resp.status().as_u16();
    let Ok(reply) = resp.json::<serde_json::Value>().await else {
        return false;
    };
    assert_eq!(
        (status, reply["outcome"].as_str()),
        (200, Some("approved")),
        "{}: pay {mul_no}: {reply}",
        node.name
    );
    true
}
