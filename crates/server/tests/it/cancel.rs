//! `cmd=paycancel`: cancelling a request before payment (pay_state 8) and an
//! approval after it (pay_state 9), with every refusal in the PayApp shape.

use crate::support::{Expect, Sink, TestServer, rejected, won};
use gyeolje_core::{PaymentId, PaymentState};
use gyeolje_payapp::PayCancel;
use gyeolje_server::seed::PAYAPP_DEMO_LINKKEY;

fn cancel(mul_no: i64) -> PayCancel {
    PayCancel {
        userid: "payapptest".into(),
        linkkey: PAYAPP_DEMO_LINKKEY.into(),
        mul_no,
        cancelmemo: "품절되었습니다".into(),
        cancelmode_ready: false,
        partcancel: false,
        cancelprice: None,
    }
}

async fn state(server: &TestServer, mul_no: i64) -> PaymentState {
    server
        .app
        .store
        .payment(PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap()
        .state
}

#[tokio::test]
async fn cancelling_an_unpaid_request_sends_pay_state_8() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server
        .client()
        .pay_cancel(&PayCancel {
            cancelmode_ready: true,
            ..cancel(mul_no)
        })
        .await
        .unwrap();
    assert_eq!(state(&server, mul_no).await, PaymentState::RequestCancelled);
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].field("pay_state"), "8");
    // A cancelled request cannot be paid, and cannot be cancelled twice.
    let v = server
        .sandbox_pay_expect(mul_no, "4242424242424242", Expect::Refused)
        .await;
    assert_eq!(v["outcome"], "refused", "{v}");
    let (errno, message) = rejected(server.client().pay_cancel(&cancel(mul_no)).await);
    assert_eq!(errno, 70020);
    assert!(message.contains("이미 취소된"), "{message}");
    server.stop().await;
}

#[tokio::test]
async fn cancelling_a_payment_refunds_it_and_sends_pay_state_9() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    sink.wait_for(1).await;

    // cancelmode=ready only cancels unpaid requests.
    let (errno, message) = rejected(
        server
            .client()
            .pay_cancel(&PayCancel {
                cancelmode_ready: true,
                ..cancel(mul_no)
            })
            .await,
    );
    assert_eq!(errno, 70020);
    assert!(message.contains("cancelmode=ready"), "{message}");
    assert_eq!(state(&server, mul_no).await, PaymentState::Paid);

    // Raw bytes, as the manual's payapp_paycancel.php sends them.
    let linkkey = PAYAPP_DEMO_LINKKEY.replace('+', "%2B").replace('=', "%3D");
    let (_, text) = server
        .api_raw(format!("cmd=paycancel&userid=payapptest&linkkey={linkkey}&mul_no={mul_no}&cancelmemo=%ED%92%88%EC%A0%88&cancelmode="))
        .await;
    assert_eq!(text, "state=1&errorMessage=");
    assert_eq!(state(&server, mul_no).await, PaymentState::Cancelled);
    let got = sink.wait_for(2).await;
    assert_eq!(got[1].field("pay_state"), "9");
    assert_eq!(got[1].field("mul_no"), mul_no.to_string());

    let (errno, message) = rejected(server.client().pay_cancel(&cancel(mul_no)).await);
    assert_eq!(errno, 70020);
    assert!(message.contains("이미 취소된"), "{message}");
    let (_, slip) = server
        .get(got[1].field("csturl").trim_start_matches(&server.base))
        .await;
    assert!(slip.contains("승인취소"), "{slip}");
    server.stop().await;
}

#[tokio::test]
async fn partial_cancels_never_exceed_the_payment() {
    let server = TestServer::start().await;
    let (mul_no, _) = server.pay_request(&[]).await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let part = |amount: i64| PayCancel {
        partcancel: true,
        cancelprice: Some(won(amount)),
        ..cancel(mul_no)
    };
    server.client().pay_cancel(&part(300)).await.unwrap();
    assert_eq!(state(&server, mul_no).await, PaymentState::Paid);
    let (errno, message) = rejected(server.client().pay_cancel(&part(701)).await);
    assert_eq!(errno, 70020);
    assert!(message.contains("700"), "{message}");
    server.client().pay_cancel(&part(700)).await.unwrap();
    assert_eq!(state(&server, mul_no).await, PaymentState::Cancelled);
    server.stop().await;
}

#[tokio::test]
async fn wrong_credentials_and_foreign_requests_are_refused() {
    let server = TestServer::start().await;
    let (mul_no, _) = server.pay_request(&[]).await;
    let (errno, _) = rejected(
        server
            .client()
            .pay_cancel(&PayCancel {
                linkkey: "wrong".into(),
                ..cancel(mul_no)
            })
            .await,
    );
    assert_eq!(errno, 70010);
    let (errno, _) = rejected(
        server
            .client()
            .pay_cancel(&PayCancel {
                userid: "nobody".into(),
                ..cancel(mul_no)
            })
            .await,
    );
    assert_eq!(errno, 70010);
    let (errno, message) = rejected(server.client().pay_cancel(&cancel(999_999)).await);
    assert_eq!(errno, 70020);
    assert!(message.starts_with("mul_no"), "{message}");
    assert_eq!(state(&server, mul_no).await, PaymentState::Requested);
    server.stop().await;
}
