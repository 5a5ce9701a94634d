//! PayApp with the shop's own userid, linkkey and linkval (manual 001):
//! payrequest → pay → feedback carrying its own linkval → paycancel with
//! its own linkkey. The demo seller's key cancels nothing of it; disabled,
//! its calls get errno 70010.

use super::{Via, create, disable};
use crate::support::{Sink, TestServer, eventually};
use gyeolje_server::seed::PAYAPP_DEMO_LINKKEY;
use std::time::Duration;

pub async fn story(server: TestServer, via: Via) {
    let sink = Sink::start().await;
    let userid = format!("myshop_{}", via_name(via));
    let m = create(
        &server,
        via,
        &[("--name", "나의 상점"), ("--payapp-userid", &userid)],
    )
    .await;
    assert_eq!(m["payapp"]["userid"], userid.as_str(), "{m}");
    let linkkey = m["payapp"]["linkkey"].as_str().unwrap().to_owned();
    let linkval = m["payapp"]["linkval"].as_str().unwrap().to_owned();
    assert_eq!(linkkey.len(), 44, "a generated key is shown once: {m}");
    assert_ne!(linkkey, PAYAPP_DEMO_LINKKEY);

    let (mul_no, _) = server
        .pay_request(&[("userid", &userid), ("feedbackurl", &sink.url("/fb"))])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let got = sink.wait_for(1).await;
    let paid = got
        .iter()
        .find(|r| r.field("pay_state") == "4")
        .unwrap_or_else(|| panic!("no pay_state=4 feedback: {got:?}"));
    assert_eq!(paid.field("userid"), userid);
    assert_eq!(
        paid.field("linkval"),
        linkval,
        "its own linkval, not the demo's"
    );
    assert_eq!(paid.field("mul_no"), mul_no.to_string());

    // Another seller's key never reaches this payment.
    let mul = mul_no.to_string();
    let demo = server
        .api(&[
            ("cmd", "paycancel"),
            ("userid", "payapptest"),
            ("linkkey", PAYAPP_DEMO_LINKKEY),
            ("mul_no", &mul),
            ("cancelmemo", "남의 결제"),
        ])
        .await;
    assert_eq!(demo.get("state"), "0", "{}", demo.1);
    let own_with_demo_key = server
        .api(&[
            ("cmd", "paycancel"),
            ("userid", &userid),
            ("linkkey", PAYAPP_DEMO_LINKKEY),
            ("mul_no", &mul),
            ("cancelmemo", "키가 다름"),
        ])
        .await;
    assert_eq!(
        own_with_demo_key.get("errno"),
        "70010",
        "{}",
        own_with_demo_key.1
    );

    let cancelled = server
        .api(&[
            ("cmd", "paycancel"),
            ("userid", &userid),
            ("linkkey", &linkkey),
            ("mul_no", &mul),
            ("cancelmemo", "고객 요청"),
        ])
        .await;
    assert_eq!(cancelled.1, "state=1&errorMessage=");
    let got = sink.wait_for(2).await;
    assert!(
        got.iter()
            .any(|r| r.field("pay_state") == "9" && r.field("linkval") == linkval),
        "{got:?}"
    );

    // Disabled: the userid identifies no one (errno 70010, as for a wrong
    // key). Disabled through the CLI, another process, the server's
    // credential cache notices within about a second.
    disable(&server, via, &userid).await;
    let refused = eventually(
        "the disabled seller refused",
        Duration::from_secs(10),
        || async {
            let r = server
                .api(&[
                    ("cmd", "payrequest"),
                    ("userid", &userid),
                    ("goodname", "x"),
                    ("price", "1000"),
                    ("recvphone", "01012345678"),
                ])
                .await;
            (r.get("state") == "0").then_some(r)
        },
    )
    .await;
    assert_eq!(refused.get("errno"), "70010", "{}", refused.1);
    server.stop_keeping_database().await.cleanup().await;
}

pub fn via_name(via: Via) -> &'static str {
    match via {
        Via::Cli => "cli",
        Via::Api => "api",
    }
}
