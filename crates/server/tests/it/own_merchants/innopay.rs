//! InnoPay with the shop's own mid, LicenseKey and cancelPwd (manual 002):
//! smsPayApi → pay → the status=25 notification → cancelApi with its own
//! cancel password. The demo merchant's password cancels nothing of it;
//! disabled, its orders are refused as an unknown mid.

use super::{Via, create, disable};
use crate::innopay::{client, example_request, notification};
use crate::support::{Expect, SandboxPay, Sink, TestServer, cli, eventually};
use gyeolje_innopay::CancelRequest;
use gyeolje_server::seed::INNOPAY_DEMO_CANCEL_PWD;
use std::time::Duration;

fn cancel(mid: &str, tid: &str, pwd: &str) -> CancelRequest {
    CancelRequest {
        mid: mid.into(),
        tid: tid.into(),
        svc_cd: "01".into(),
        cancel_amt: "10004".into(),
        cancel_msg: "고객 요청".into(),
        cancel_pwd: pwd.into(),
        partial_cancel_code: "0".into(),
        ..Default::default()
    }
}

pub async fn story(server: TestServer, via: Via) {
    let sink = Sink::start().await;
    sink.answer_by_default("0000");
    let mid = format!("myshop{}m", super::payapp::via_name(via));
    let m = create(
        &server,
        via,
        &[("--name", "나의 SMS 상점"), ("--innopay-mid", &mid)],
    )
    .await;
    assert_eq!(m["innopay"]["mid"], mid.as_str(), "{m}");
    assert_eq!(m["innopay"]["pg_mid_manual"], "nictest14m", "{m}");
    let cancel_pwd = m["innopay"]["cancel_pwd"].as_str().unwrap().to_owned();
    assert_eq!(cancel_pwd.len(), 6, "{m}");
    let db = server.app.config.database.clone();
    let url = sink.url("/noti");
    cli(&[
        "merchant",
        "notify-settings",
        "--database",
        &db,
        "--mid",
        &mid,
        "--url",
        &url,
        "--interval",
        "1",
        "--count",
        "3",
    ])
    .await;

    let mut req = example_request("own", "010-4311-6330");
    req.mid = mid.clone();
    let reply = client(&server).sms_pay(&req).await.unwrap();
    assert_eq!(reply.result_code, "0000", "{reply:?}");
    let paid = server
        .sandbox_pay_with(
            SandboxPay::innopay(&mid, &req.moid).card("4242424242424242"),
            Expect::Approved,
        )
        .await;
    let tid = paid["tid"].as_str().unwrap().to_owned();
    assert!(tid.starts_with(&mid), "{tid}");
    let n = notification(&sink, 1).await;
    assert_eq!(
        (n.status.as_str(), n.moid.as_str()),
        ("25", req.moid.as_str())
    );
    assert_eq!(n.pg_tid, tid);

    // The demo merchant's mid and password never reach this payment.
    let c = client(&server);
    let demo = c
        .cancel(&cancel("testpay01m", &tid, INNOPAY_DEMO_CANCEL_PWD))
        .await
        .unwrap();
    assert_ne!(demo.result_code, "2001", "{demo:?}");
    let wrong = c.cancel(&cancel(&mid, &tid, INNOPAY_DEMO_CANCEL_PWD)).await;
    if cancel_pwd != INNOPAY_DEMO_CANCEL_PWD {
        assert_eq!(wrong.unwrap().result_code, "2011", "a wrong cancelPwd");
    }
    let done = c.cancel(&cancel(&mid, &tid, &cancel_pwd)).await.unwrap();
    assert_eq!(done.result_code, "2001", "{done:?}");
    let n = notification(&sink, 2).await;
    assert_eq!(n.pg_tid, tid);
    assert!(n.cancel.is_some(), "{n:?}");

    // Disabled: its mid is unknown (the protocol's own code and message).
    disable(&server, via, &mid).await;
    let mut again = example_request("own2", "010-4311-6330");
    again.mid = mid.clone();
    let refused = eventually(
        "the disabled mid refused",
        Duration::from_secs(10),
        || async {
            let r = client(&server).sms_pay(&again).await.unwrap();
            (r.result_code != "0000").then_some(r)
        },
    )
    .await;
    assert!(
        refused.result_msg.contains("등록되지 않은 상점"),
        "{refused:?}"
    );
    server.stop_keeping_database().await.cleanup().await;
}
