//! Bad input never crashes the server and always gets InnoPay's reply
//! shape: HTTP 200, JSON, a `resultCode` per failure kind and a message
//! that names the field.

use super::*;

async fn send(server: &TestServer, method: &str, path: &str, body: Vec<u8>) -> Value {
    let req = server
        .http
        .request(method.parse().unwrap(), format!("{}{path}", server.base))
        .header("content-type", "application/json")
        .body(body);
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let text = resp.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

#[tokio::test]
async fn every_kind_of_bad_sms_pay_request_gets_its_code() {
    let server = TestServer::start().await;
    let good = serde_json::to_value(example_request("101", "01012341234")).unwrap();
    let with = |key: &str, value: Value| {
        let mut v = good.clone();
        v[key] = value;
        v.to_string().into_bytes()
    };
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "malformed",
            b"{\"mid\": \"testpay01m\",".to_vec(),
            "3001",
            "",
        ),
        ("not an object", b"[1,2]".to_vec(), "3001", ""),
        ("not UTF-8", b"{\"mid\":\"\xff\xfe\"}".to_vec(), "3001", ""),
        ("empty", Vec::new(), "3001", ""),
        ("over 1 MiB", vec![b' '; 1024 * 1024 + 10], "3001", ""),
        (
            "missing goodsName",
            with("goodsName", Value::String(String::new())),
            "3002",
            "goodsName",
        ),
        (
            "wrong type",
            with("amt", serde_json::json!(["10"])),
            "3003",
            "amt",
        ),
        (
            "bool",
            with("buyerName", serde_json::json!(true)),
            "3003",
            "buyerName",
        ),
        (
            "goodsName too long",
            with("goodsName", Value::String("가".repeat(41))),
            "3004",
            "goodsName",
        ),
        (
            "buyerName too long",
            with("buyerName", Value::String("a".repeat(31))),
            "3004",
            "buyerName",
        ),
        (
            "amount letters",
            with("amt", Value::String("10원".into())),
            "3005",
            "amt",
        ),
        (
            "phone letters",
            with("buyerTel", Value::String("010-abcd-1234".into())),
            "3005",
            "buyerTel",
        ),
        (
            "bad date",
            with("payExpDate", Value::String("tomorrow".into())),
            "3005",
            "payExpDate",
        ),
        (
            "bad product",
            with("svcPrdtCd", Value::String("05".into())),
            "3006",
            "svcPrdtCd",
        ),
        (
            "zero amount",
            with("amt", Value::String("0".into())),
            "3006",
            "amt",
        ),
        (
            "unknown mid",
            with("mid", Value::String("nobody01m".into())),
            "3011",
            "mid",
        ),
    ];
    for (what, body, code, field) in cases {
        let v = send(&server, "POST", "/api/smsPayApi", body).await;
        assert_eq!(v["resultCode"], code, "{what}: {v}");
        assert!(
            v["resultMsg"].as_str().unwrap().contains(field),
            "{what}: {v}"
        );
        assert_eq!(v["orderUrl"], "", "{what}: {v}");
    }
    // A number where text is expected is read as its digits.
    let v = send(
        &server,
        "POST",
        "/api/smsPayApi",
        with("amt", serde_json::json!(10004)),
    )
    .await;
    assert_eq!(v["resultCode"], "0000", "{v}");
    // And nothing above registered anything else.
    assert_eq!(server.sms_to("01012341234").await.len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn every_kind_of_bad_cancel_request_gets_its_code() {
    let server = TestServer::start().await;
    let v = send(&server, "GET", "/api/cancelApi", Vec::new()).await;
    assert_eq!(v["resultCode"], "3008", "{v}");
    assert!(v["resultMsg"].as_str().unwrap().contains("POST"), "{v}");
    let v = send(&server, "GET", "/api/smsPayApi", Vec::new()).await;
    assert_eq!(v["resultCode"], "3008", "{v}");
    let cases: Vec<(&str, &str, &str)> = vec![
        ("{", "3001", ""),
        (r#"{"mid":"testpay01m"}"#, "3002", "tid"),
        (
            r#"{"mid":"testpay01m","tid":"x","svcCd":"02","cancelAmt":"1","cancelMsg":"m","cancelPwd":"123456"}"#,
            "3006",
            "svcCd",
        ),
        (
            r#"{"mid":"testpay01m","tid":"x","svcCd":"01","cancelAmt":"1,0x","cancelMsg":"m","cancelPwd":"123456"}"#,
            "3005",
            "cancelAmt",
        ),
        (
            r#"{"mid":"testpay01m","tid":{"a":1},"svcCd":"01","cancelAmt":"1","cancelMsg":"m","cancelPwd":"123456"}"#,
            "3003",
            "tid",
        ),
        (
            r#"{"mid":"nobody01m","tid":"x","svcCd":"01","cancelAmt":"1","cancelMsg":"m","cancelPwd":"123456"}"#,
            "3011",
            "mid",
        ),
        (
            r#"{"mid":"testpay01m","tid":"x","svcCd":"01","cancelAmt":"1","cancelMsg":"m","cancelPwd":"000000"}"#,
            "2011",
            "cancelPwd",
        ),
        (
            r#"{"mid":"testpay01m","tid":"x","svcCd":"01","cancelAmt":"1","cancelMsg":"m","cancelPwd":"123456"}"#,
            "2012",
            "tid",
        ),
    ];
    for (body, code, field) in cases {
        let v = send(&server, "POST", "/api/cancelApi", body.as_bytes().to_vec()).await;
        assert_eq!(v["resultCode"], code, "{body}: {v}");
        assert!(
            v["resultMsg"].as_str().unwrap().contains(field),
            "{body}: {v}"
        );
    }
    let oversized = format!(
        r#"{{"mid":"testpay01m","tid":"x","svcCd":"01","cancelAmt":"1","cancelMsg":"{}","cancelPwd":"123456"}}"#,
        "가".repeat(101)
    );
    let v = send(&server, "POST", "/api/cancelApi", oversized.into_bytes()).await;
    assert_eq!(v["resultCode"], "3004", "{v}");
    assert!(
        v["resultMsg"].as_str().unwrap().contains("cancelMsg"),
        "{v}"
    );
    server.stop().await;
}
