//! Issue 16 (throttling): wrong PayApp link keys and iPay tickets are
//! counted per caller; past the limit every guess from that caller is
//! refused unchecked — the right one too — in the protocol's own shape,
//! while other callers' calls are untouched.

use crate::support::TestServer;
use gyeolje_ipay::client::IpayClient;
use gyeolje_ipay::soap::SoapVersion;
use gyeolje_ipay::xml::Element;
use gyeolje_server::seed::{IPAY_DEMO_TICKET_PHP, PAYAPP_DEMO_LINKKEY};

#[tokio::test]
async fn payapp_linkkey_guessing_is_locked_per_caller() {
    let server = TestServer::start().await;
    let (mul_no, _) = server.pay_request(&[]).await;
    let mul = mul_no.to_string();
    let cancel = |key: &'static str| {
        let mul = mul.clone();
        let server = &server;
        async move {
            server
                .api(&[
                    ("cmd", "paycancel"),
                    ("userid", "payapptest"),
                    ("linkkey", key),
                    ("mul_no", &mul),
                    ("cancelmemo", "guess"),
                ])
                .await
        }
    };
    for _ in 0..6 {
        let r = cancel("wrong-key").await;
        assert_eq!(r.get("errno"), "70010", "{}", r.1);
        assert!(
            r.get("errorMessage").contains("정확하지 않습니다"),
            "{}",
            r.1
        );
    }
    // Locked now: the right key is refused before it is compared.
    let r = cancel(PAYAPP_DEMO_LINKKEY).await;
    assert_eq!(r.get("errno"), "70010", "{}", r.1);
    assert!(r.get("errorMessage").contains("다시 시도하세요"), "{}", r.1);
    let p = server
        .app
        .store
        .payment(gyeolje_core::PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        p.state,
        gyeolje_core::PaymentState::Requested,
        "nothing was cancelled"
    );
    server.stop().await;
}

#[tokio::test]
async fn ipay_ticket_guessing_is_locked_per_caller() {
    let server = TestServer::start().await;
    let list = |ticket: &str| {
        let client = IpayClient::new(&server.base, ticket);
        async move {
            let op = "GetIpayCancelApprovalList";
            let req = Element::new("req")
                .with_attr("SearchType", "None")
                .with_attr("SearchDateType", "None");
            client
                .call(SoapVersion::V11, op, Element::new(op).with_child(req))
                .await
        }
    };
    assert!(
        list(IPAY_DEMO_TICKET_PHP).await.is_ok(),
        "the demo ticket works"
    );
    for _ in 0..6 {
        let e = list("not-a-ticket").await.unwrap_err().to_string();
        assert!(e.contains("EncryptedTicket is not valid"), "{e}");
    }
    let e = list(IPAY_DEMO_TICKET_PHP).await.unwrap_err().to_string();
    assert!(
        e.contains("다시 시도하세요"),
        "the right ticket is refused unchecked: {e}"
    );
    server.stop().await;
}
