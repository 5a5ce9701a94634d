//! The manual's own example requests, sent as raw wire bytes.

use super::*;
use serde_json::json;

async fn post_json(server: &TestServer, path: &str, body: &str) -> (u16, String, Value) {
    let resp = server
        .http
        .post(format!("{}{path}", server.base))
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = resp.text().await.unwrap();
    (
        status,
        ct,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn the_manual_sms_pay_example_registers_an_order() {
    let server = TestServer::start().await;
    // §2.2's example, as real merchants send it (quoted keys); its 2018
    // deadline is in the past, so it is first sent as is, then without one.
    let example = json!({
        "mid": "testpay01m", "moid": "test20180313001", "goodsName": "테스트상품",
        "amt": "10,004", "dutyFreeAmt": "", "buyerName": "테스트", "buyerTel": "01012341234",
        "buyerEmail": "", "payExpDate": "2018-03-13 23:59:59", "userId": "", "svcPrdtCd": "03"
    });
    let (status, ct, v) = post_json(&server, "/api/smsPayApi", &example.to_string()).await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("application/json"), "{ct}");
    assert_eq!(v["resultCode"], "3007", "{v}");
    assert!(
        v["resultMsg"].as_str().unwrap().contains("payExpDate"),
        "{v}"
    );

    let mut fresh = example.clone();
    fresh["payExpDate"] = json!("");
    let (status, _, v) = post_json(&server, "/api/smsPayApi", &fresh.to_string()).await;
    assert_eq!(status, 200);
    assert_eq!(v["resultCode"], "0000", "{v}");
    for key in [
        "mid",
        "moid",
        "goodsName",
        "amt",
        "buyerName",
        "buyerTel",
        "svcPrdtCd",
    ] {
        assert_eq!(v[key], fresh[key], "{key} echoed: {v}");
    }
    // The default deadline: tomorrow, 23:59:59 KST.
    let tomorrow = server
        .app
        .now()
        .plus(Duration::from_secs(24 * 3600))
        .kst_datetime();
    assert_eq!(
        v["payExpDate"],
        format!("{} 23:59:59", &tomorrow[..10]),
        "{v}"
    );
    assert!(v["orderUrl"].as_str().unwrap().contains("/s/"), "{v}");

    // The compact deadline form works too, up to D+3.
    let in_two_days = server
        .app
        .now()
        .plus(Duration::from_secs(2 * 24 * 3600))
        .kst_compact();
    let mut compact = example.clone();
    compact["moid"] = json!("test20180313009");
    compact["payExpDate"] = json!(format!("{}235959", &in_two_days[..8]));
    let (_, _, v) = post_json(&server, "/api/smsPayApi", &compact.to_string()).await;
    assert_eq!(v["resultCode"], "0000", "{v}");
    let five_days = server
        .app
        .now()
        .plus(Duration::from_secs(5 * 24 * 3600))
        .kst_compact();
    compact["moid"] = json!("test20180313010");
    compact["payExpDate"] = json!(five_days);
    let (_, _, v) = post_json(&server, "/api/smsPayApi", &compact.to_string()).await;
    assert_eq!(v["resultCode"], "3007", "{v}");
    server.stop().await;
}

#[tokio::test]
async fn the_manual_cancel_example_cancels_1000_won() {
    let server = TestServer::start().await;
    register(&server, &example_request("021", "01012341299")).await;
    let paid = server
        .sandbox_pay_with(pay_order("test20180313021"), Expect::Approved)
        .await;
    let tid = paid["tid"].as_str().unwrap();
    // §3.2's example body, with this payment's tid (the manual's has a
    // leading space, kept here).
    let body = format!(
        r#"{{"mid": "testpay01m", "tid": " {tid}", "svcCd": "01", "cancelAmt": "1000", "cancelMsg": "test", "cancelPwd": "123456"}}"#
    );
    let (status, _, v) = post_json(&server, "/api/cancelApi", &body).await;
    assert_eq!(status, 200);
    assert_eq!(v["resultCode"], "2001", "{v}");
    assert_eq!(v["resultMsg"], "취소 성공");
    assert_eq!(v["pgTid"], tid);
    assert_eq!(v["pgApprovalAmt"], "1000");
    let p = server
        .app
        .store
        .payment(gyeolje_core::PaymentId::new(
            paid["reference"].as_str().unwrap().parse().unwrap(),
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.refundable().get(), 9004);

    let wrong_pwd = body.replace("123456", "654321");
    let (_, _, v) = post_json(&server, "/api/cancelApi", &wrong_pwd).await;
    assert_eq!(v["resultCode"], "2011", "{v}");
    let unknown = body.replace(tid, "testpay01m0103180118000000999");
    let (_, _, v) = post_json(&server, "/api/cancelApi", &unknown).await;
    assert_eq!(v["resultCode"], "2012", "{v}");
    server.stop().await;
}

#[tokio::test]
async fn an_unpaid_order_cannot_be_cancelled() {
    let server = TestServer::start().await;
    register(&server, &example_request("022", "01012341298")).await;
    let body = r#"{"mid":"testpay01m","tid":"testpay01m0103260101000000001","svcCd":"01","cancelAmt":"1000","cancelMsg":"x","cancelPwd":"123456"}"#;
    let (_, _, v) = post_json(&server, "/api/cancelApi", body).await;
    assert_eq!(v["resultCode"], "2012", "{v}");
    server.stop().await;
}
