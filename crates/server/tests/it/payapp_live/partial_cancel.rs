//! Partial cancels: `paycancel` with `partcancel=1&cancelprice=N` (and the
//! live form `partcancel=1&price=N`) report `pay_state=70` (부분취소) with
//! `cancelprice`/`remainprice`; the cancel that empties the balance reports
//! 9 (승인취소). The pay page and the sales slip show the partial state.

use crate::support::{Sink, TestServer};
use gyeolje_core::{PaymentId, PaymentState};
use gyeolje_server::seed::PAYAPP_DEMO_LINKKEY;

fn cancel_body(mul_no: i64, amount_field: &str, amount: u32) -> String {
    let linkkey = PAYAPP_DEMO_LINKKEY.replace('+', "%2B").replace('=', "%3D");
    format!(
        "cmd=paycancel&userid=payapptest&linkkey={linkkey}&mul_no={mul_no}&cancelmemo=&partcancel=1&{amount_field}={amount}"
    )
}

#[tokio::test]
async fn partial_cancels_report_70_then_the_last_one_9() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (mul_no, payurl) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb")), ("price", "1000")])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    sink.wait_for(1).await;

    // The manual-adjacent form: cancelprice.
    let (_, text) = server
        .api_raw(cancel_body(mul_no, "cancelprice", 300))
        .await;
    assert_eq!(text, "state=1&errorMessage=");
    let got = sink.wait_for(2).await;
    let f = &got[1];
    assert_eq!(f.field("pay_state"), "70");
    assert_eq!(f.field("cancelprice"), "300");
    assert_eq!(f.field("remainprice"), "700");
    assert_eq!(f.field("price"), "1000", "price stays the request's price");

    // The live form: the amount as price.
    let (_, text) = server.api_raw(cancel_body(mul_no, "price", 200)).await;
    assert_eq!(text, "state=1&errorMessage=");
    let got = sink.wait_for(3).await;
    assert_eq!(got[2].field("pay_state"), "70");
    assert_eq!(got[2].field("cancelprice"), "200");
    assert_eq!(got[2].field("remainprice"), "500");

    // What the buyer and the slip show in between.
    let (_, page) = server.get(payurl.trim_start_matches(&server.base)).await;
    assert!(page.contains("id=\"pay-status\">부분취소<"), "{page}");
    assert!(page.contains("id=\"cancelled\">500원<"), "{page}");
    assert!(page.contains("id=\"remaining\">500원<"), "{page}");
    let slip_path = got[2].field("csturl");
    let (_, slip) = server.get(slip_path.trim_start_matches(&server.base)).await;
    assert!(slip.contains("id=\"slip-status\">부분취소<"), "{slip}");
    assert!(slip.contains("id=\"remaining\">500원<"), "{slip}");

    // The cancel that empties the balance is 승인취소.
    let (_, text) = server
        .api_raw(cancel_body(mul_no, "cancelprice", 500))
        .await;
    assert_eq!(text, "state=1&errorMessage=");
    let got = sink.wait_for(4).await;
    assert_eq!(got[3].field("pay_state"), "9");
    assert_eq!(got[3].field("cancelprice"), "500");
    assert_eq!(got[3].field("remainprice"), "0");
    let p = server
        .app
        .store
        .payment(PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.state, PaymentState::Cancelled);
    let (_, slip) = server.get(slip_path.trim_start_matches(&server.base)).await;
    assert!(slip.contains("id=\"slip-status\">승인취소<"), "{slip}");
    server.stop().await;
}

#[tokio::test]
async fn a_partial_cancel_of_the_whole_amount_is_9_and_disagreeing_amounts_are_refused() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let (mul_no, _) = server
        .pay_request(&[("feedbackurl", &sink.url("/fb"))])
        .await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    sink.wait_for(1).await;
    let (_, text) = server
        .api_raw(format!(
            "{}&price=999",
            cancel_body(mul_no, "cancelprice", 1000)
        ))
        .await;
    assert!(text.ends_with("errno=70020"), "{text}");
    assert!(text.contains("cancelprice"), "{text}");
    let (_, text) = server.api_raw(cancel_body(mul_no, "price", 1000)).await;
    assert_eq!(text, "state=1&errorMessage=");
    let got = sink.wait_for(2).await;
    assert_eq!(got[1].field("pay_state"), "9");
    assert_eq!(got[1].field("remainprice"), "0");
    server.stop().await;
}
