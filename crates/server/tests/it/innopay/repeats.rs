//! Issue 15 point 13: a repeated `smsPayApi` (and Web-Link submit) for a
//! `moid` that already has an order, in every state of that order, sent as
//! raw bytes in the manual's form (§2.2: `amt` with commas, `payExpDate`
//! `yyyy-MM-dd HH:mm:ss`) and in the live form (`amt` a JSON number,
//! `buyerTel` with dashes, `payExpDate` `yyyyMMddHHmmss`). A repeat never
//! makes a second payment or sends a second SMS; it answers `0000` only
//! while the order's link works, and says that no SMS went out.

use super::weblink::{EXAMPLE, agreed, input_value, open, submit};
use super::*;
use gyeolje_core::{CancelAmount, CancelAsk, CancelOrigin, PaymentId, Protocol};
use serde_json::json;

/// The order's deadline two days ahead, in the manual's spelling and the
/// live one (the same instant).
fn deadlines(server: &TestServer) -> (String, String) {
    let at = server.app.now().plus(Duration::from_secs(2 * 24 * 3600));
    let day = &at.kst_compact()[..8];
    let manual = format!("{}-{}-{} 23:59:59", &day[..4], &day[4..6], &day[6..8]);
    (manual, format!("{day}235959"))
}

/// §2.2's example as the manual spells it, with `moid` and `buyerTel` of this test.
fn manual_form(moid: &str, tel: &str, deadline: &str) -> Vec<u8> {
    json!({
        "mid": "testpay01m", "moid": moid, "goodsName": "테스트상품",
        "amt": "10,004", "dutyFreeAmt": "", "buyerName": "테스트", "buyerTel": tel,
        "buyerEmail": "", "payExpDate": deadline, "userId": "", "svcPrdtCd": "03"
    })
    .to_string()
    .into_bytes()
}

/// The same order as live clients send it: numbers as JSON numbers, the
/// phone with dashes, the compact deadline, no empty optional fields.
fn live_form(moid: &str, dashed_tel: &str, compact_deadline: &str) -> Vec<u8> {
    format!(
        r#"{{"mid":"testpay01m","moid":"{moid}","goodsName":"테스트상품","amt":10004,"buyerName":"테스트","buyerTel":"{dashed_tel}","payExpDate":"{compact_deadline}","svcPrdtCd":"03"}}"#
    )
    .into_bytes()
}

async fn sms_pay_raw(server: &TestServer, body: Vec<u8>) -> Value {
    let (status, text) = client(server)
        .post_raw("/api/smsPayApi", "application/json", body)
        .await
        .unwrap();
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

async fn payment_of(server: &TestServer, moid: &str) -> gyeolje_core::Payment {
    let merchant = server
        .app
        .store
        .merchant_by_innopay_mid(MID)
        .await
        .unwrap()
        .unwrap();
    server
        .app
        .store
        .payment_by_reference(merchant.id, Protocol::InnoPay, moid)
        .await
        .unwrap()
        .unwrap()
}

/// A refused repeat: the code, the moid named, no link, nothing claimed sent.
fn assert_refused(v: &Value, code: &str) {
    assert_eq!(v["resultCode"], code, "{v}");
    let msg = v["resultMsg"].as_str().unwrap();
    assert!(msg.starts_with("moid"), "{v}");
    assert!(msg.contains("SMS를 보내지 않았습니다"), "{v}");
    assert!(!msg.contains("SMS 안심결제가 요청되었습니다"), "{v}");
    assert_eq!(v["orderUrl"], "", "{v}");
}

#[tokio::test]
async fn a_repeat_for_a_live_order_is_the_same_order_and_says_no_sms_was_sent() {
    let server = TestServer::start().await;
    let (manual, compact) = deadlines(&server);
    let first = sms_pay_raw(&server, manual_form("rep-live-1", "01013130001", &manual)).await;
    assert_eq!(first["resultCode"], "0000", "{first}");
    let sms_text = first["resultMsg"].as_str().unwrap().to_owned();
    assert!(
        sms_text.contains("SMS 안심결제가 요청되었습니다"),
        "{first}"
    );

    // The same request again (manual form), then in the live form: the same
    // order, 0000, the same link and deadline, and a message that says so.
    for body in [
        manual_form("rep-live-1", "01013130001", &manual),
        live_form("rep-live-1", "010-1313-0001", &compact),
    ] {
        let again = sms_pay_raw(&server, body).await;
        assert_eq!(again["resultCode"], "0000", "{again}");
        assert_eq!(again["orderUrl"], first["orderUrl"], "{again}");
        assert_eq!(again["payExpDate"], manual, "{again}");
        assert_eq!(again["moid"], "rep-live-1");
        let msg = again["resultMsg"].as_str().unwrap();
        assert!(msg.contains("SMS는 다시 발송하지 않았습니다"), "{msg}");
        assert!(msg.contains(first["orderUrl"].as_str().unwrap()), "{msg}");
        assert!(!msg.contains("SMS 안심결제가 요청되었습니다"), "{msg}");
    }
    let sms = server.sms_to("01013130001").await;
    assert_eq!(sms.len(), 1, "one order, one SMS: {sms:?}");
    assert_eq!(sms[0]["text"], sms_text.as_str());

    // A different request for the live order is still 3021.
    let mut changed: Value =
        serde_json::from_slice(&manual_form("rep-live-1", "01013130001", &manual)).unwrap();
    changed["amt"] = json!("20,000");
    let refused = sms_pay_raw(&server, changed.to_string().into_bytes()).await;
    assert_eq!(refused["resultCode"], "3021", "{refused}");
    assert_eq!(refused["orderUrl"], "");
    server.stop().await;
}

#[tokio::test]
async fn a_repeat_for_an_expired_order_is_refused_with_3023_and_sends_nothing() {
    let server = TestServer::start().await;
    let (manual, compact) = deadlines(&server);
    let first = sms_pay_raw(&server, live_form("rep-exp-1", "010-1313-0002", &compact)).await;
    assert_eq!(first["resultCode"], "0000", "{first}");
    // Past the deadline (D+2 23:59:59): three days on, the link is gone.
    server.advance_clock(3 * 24 * 3600).await;
    let (status, _) = server
        .get(
            first["orderUrl"]
                .as_str()
                .unwrap()
                .trim_start_matches(&server.base),
        )
        .await;
    assert_eq!(status, 410);
    // Without a deadline (manual form, empty) and with a new one (live
    // form): 3023 naming the old deadline — not 3021, though the deadline
    // differs, because the order is over whatever the request says.
    let (_, later) = deadlines(&server);
    for body in [
        manual_form("rep-exp-1", "01013130002", ""),
        live_form("rep-exp-1", "010-1313-0002", &later),
    ] {
        let again = sms_pay_raw(&server, body).await;
        assert_refused(&again, "3023");
        assert!(
            again["resultMsg"].as_str().unwrap().contains(&manual),
            "names the deadline: {again}"
        );
    }
    // The first request's own deadline is in the past now: the request
    // itself is refused (3007) before any order is looked up.
    let again = sms_pay_raw(&server, live_form("rep-exp-1", "010-1313-0002", &compact)).await;
    assert_eq!(again["resultCode"], "3007", "{again}");
    assert_eq!(again["orderUrl"], "");
    assert_eq!(server.sms_to("01013130002").await.len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn a_repeat_for_a_paid_or_cancelled_order_is_refused() {
    let server = TestServer::start().await;
    let (manual, compact) = deadlines(&server);
    let first = sms_pay_raw(&server, manual_form("rep-paid-1", "01013130003", &manual)).await;
    assert_eq!(first["resultCode"], "0000", "{first}");
    let paid = server
        .sandbox_pay_with(pay_order("rep-paid-1"), Expect::Approved)
        .await;
    let tid = paid["tid"].as_str().unwrap().to_owned();
    let cancel = |amt: &str| {
        format!(
            r#"{{"mid":"testpay01m","tid":"{tid}","svcCd":"01","cancelAmt":"{amt}","cancelMsg":"x","cancelPwd":"123456"}}"#
        )
        .into_bytes()
    };
    let repeats = || {
        [
            manual_form("rep-paid-1", "01013130003", &manual),
            live_form("rep-paid-1", "010-1313-0003", &compact),
        ]
    };
    for body in repeats() {
        assert_refused(&sms_pay_raw(&server, body).await, "3022");
    }
    // Partly cancelled is still paid.
    let (_, text) = client(&server)
        .post_raw("/api/cancelApi", "application/json", cancel("1000"))
        .await
        .unwrap();
    assert!(text.contains("\"2001\""), "{text}");
    for body in repeats() {
        assert_refused(&sms_pay_raw(&server, body).await, "3022");
    }
    // Cancelled in full.
    let (_, text) = client(&server)
        .post_raw("/api/cancelApi", "application/json", cancel("9004"))
        .await
        .unwrap();
    assert!(text.contains("\"2001\""), "{text}");
    for body in repeats() {
        assert_refused(&sms_pay_raw(&server, body).await, "3024");
    }
    assert_eq!(server.sms_to("01013130003").await.len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn a_repeat_for_an_order_cancelled_before_payment_is_refused_with_3024() {
    let server = TestServer::start().await;
    let (manual, compact) = deadlines(&server);
    let first = sms_pay_raw(&server, live_form("rep-rc-1", "010-1313-0004", &compact)).await;
    assert_eq!(first["resultCode"], "0000", "{first}");
    // An operator ends the unpaid request (console / CLI).
    let payment = payment_of(&server, "rep-rc-1").await;
    server
        .app
        .cancel(
            PaymentId::new(payment.id.get()),
            CancelAsk {
                amount: CancelAmount::Rest,
                unpaid_only: true,
                origin: CancelOrigin::Operator,
                memo: "operator".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        payment_of(&server, "rep-rc-1").await.state,
        gyeolje_core::PaymentState::RequestCancelled
    );
    for body in [
        manual_form("rep-rc-1", "01013130004", &manual),
        live_form("rep-rc-1", "010-1313-0004", &compact),
    ] {
        assert_refused(&sms_pay_raw(&server, body).await, "3024");
    }
    assert_eq!(server.sms_to("01013130004").await.len(), 1);
    server.stop().await;
}

/// The Web-Link popup shares the rule: a second submit for a live `Moid`
/// shows the order with a notice and posts no second `0000`; a submit for a
/// paid order is the error screen with `3022`, posted to ReturnUrl.
#[tokio::test]
async fn the_weblink_popup_repeats_like_the_api() {
    let server = TestServer::start().await;
    let sink = Sink::start().await;
    let query = |moid: &str| {
        format!(
            "{}&ReturnUrl={}",
            EXAMPLE.replace("Moid=test20180313003", &format!("Moid={moid}")),
            sink.url("/ret")
        )
    };
    let fields = agreed("010-1313-0005");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();

    let (_, page) = open(&server, &query("rep-wl-1")).await;
    let (status, done) = submit(&server, &page, &fields).await;
    assert_eq!(status, 200, "{done}");
    assert!(!done.contains("id=\"repeat\""), "{done}");
    assert!(
        done.contains("innopayEvent(null, null, false)"),
        "auto-posts 0000: {done}"
    );
    // The popup opened again for the same order and submitted again.
    let (_, page) = open(&server, &query("rep-wl-1")).await;
    let (status, again) = submit(&server, &page, &fields).await;
    assert_eq!(status, 200, "{again}");
    assert!(again.contains("id=\"repeat\""), "{again}");
    assert!(again.contains("SMS를 다시 보내지 않았습니다"), "{again}");
    assert!(
        !again.contains("innopayEvent(null, null, false)"),
        "no second 0000: {again}"
    );
    assert_eq!(server.sms_to("01013130005").await.len(), 1);

    // Paid: the error screen posts 3022.
    server
        .sandbox_pay_with(pay_order("rep-wl-1"), Expect::Approved)
        .await;
    let (_, page) = open(&server, &query("rep-wl-1")).await;
    let (status, refused) = submit(&server, &page, &fields).await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused.contains("3022"), "{refused}");
    assert_eq!(input_value(&refused, "resultCode"), "3022");
    assert_eq!(input_value(&refused, "moid"), "rep-wl-1");
    assert_eq!(server.sms_to("01013130005").await.len(), 1);
    server.stop().await;
}
