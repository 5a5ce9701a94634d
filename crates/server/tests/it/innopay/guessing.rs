//! `cancelPwd` guessing is throttled: after five wrong passwords from one
//! caller (twenty for a merchant from anywhere) every guess is refused with
//! 2011 without being compared — the right one too — until the lockout ends.

use super::*;
use gyeolje_core::{PaymentId, PaymentState};
use gyeolje_innopay::CancelRequest;

fn cancel(tid: &str, pwd: &str) -> CancelRequest {
    CancelRequest {
        mid: MID.into(),
        tid: tid.into(),
        svc_cd: "01".into(),
        cancel_amt: "10004".into(),
        cancel_msg: "guess".into(),
        cancel_pwd: pwd.into(),
        partial_cancel_code: "0".into(),
        ..Default::default()
    }
}

/// A paid order's payment number and tid.
async fn paid_order(server: &TestServer, suffix: &str) -> (i64, String) {
    let reply = register(server, &example_request(suffix, "010-1234-1234")).await;
    let paid = server
        .sandbox_pay_with(pay_order(&reply.moid), Expect::Approved)
        .await;
    let mul_no = paid["reference"].as_str().unwrap().parse().unwrap();
    (mul_no, paid["tid"].as_str().unwrap().to_owned())
}

async fn state(server: &TestServer, id: i64) -> (PaymentState, i64) {
    let p = server
        .app
        .store
        .payment(PaymentId::new(id))
        .await
        .unwrap()
        .unwrap();
    (p.state, p.refundable().get())
}

#[tokio::test]
async fn wrong_passwords_lock_guessing_even_for_the_right_one() {
    let server = TestServer::start_with(|c| c.guess_lockout = Duration::from_secs(3600)).await;
    let (id, tid) = paid_order(&server, "g01").await;
    let api = client(&server);
    for n in 0..6 {
        let r = api
            .cancel(&cancel(&tid, &format!("00000{n}")))
            .await
            .unwrap();
        assert_eq!(r.result_code, "2011", "{r:?}");
        assert!(
            r.result_msg.contains("일치하지"),
            "guess {n} compared: {r:?}"
        );
    }
    // Locked: the right password is not even compared.
    let r = api.cancel(&cancel(&tid, "123456")).await.unwrap();
    assert_eq!(r.result_code, "2011", "{r:?}");
    assert!(r.result_msg.contains("너무 많습니다"), "{r:?}");
    assert_eq!(state(&server, id).await, (PaymentState::Paid, 10_004));
}

#[tokio::test]
async fn the_right_password_works_again_after_the_lockout() {
    let server = TestServer::start_with(|c| c.guess_lockout = Duration::from_millis(300)).await;
    let (id, tid) = paid_order(&server, "g02").await;
    let api = client(&server);
    for n in 0..6 {
        api.cancel(&cancel(&tid, &format!("99999{n}")))
            .await
            .unwrap();
    }
    let r = api.cancel(&cancel(&tid, "123456")).await.unwrap();
    assert!(r.result_msg.contains("너무 많습니다"), "{r:?}");
    let done = eventually("the lockout to end", Duration::from_secs(10), || async {
        let r = api.cancel(&cancel(&tid, "123456")).await.unwrap();
        (r.result_code == "2001").then_some(r)
    })
    .await;
    assert_eq!(done.result_code, "2001");
    assert_eq!(state(&server, id).await, (PaymentState::Cancelled, 0));
}
