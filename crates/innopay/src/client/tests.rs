//! The client against a one-shot HTTP server that records what it received.

use super::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What the fake server saw.
struct Seen {
    head: String,
    body: Vec<u8>,
}

/// Serves one request with 200 and `reply` (JSON), returning the base URL
/// and a handle that yields the request.
async fn serve_once(reply: &'static str) -> (String, JoinHandle<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            let n = sock.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed before headers");
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
        };
        let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
        let len: usize = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().unwrap())
            })
            .unwrap_or(0);
        while buf.len() < head_end + len {
            let n = sock.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed before body");
            buf.extend_from_slice(&chunk[..n]);
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
            reply.len()
        );
        sock.write_all(response.as_bytes()).await.unwrap();
        sock.shutdown().await.unwrap();
        Seen {
            head,
            body: buf[head_end..head_end + len].to_vec(),
        }
    });
    (base, handle)
}

#[tokio::test]
async fn sms_pay_posts_the_manual_json_and_reads_the_reply() {
    let (base, seen) = serve_once(
        r#"{"amt":"10,005","buyerEmail":"","buyerName":"테스트","buyerTel":"010-4311-6330","dutyFreeAmt":"","goodsName":"테스트상품","mid":"testpay01m","moid":"test20180313001","payExpDate":"2018-03-13 23:59:59","resultCode":"0000","resultMsg":"[테스트상점] 안심결제가 요청되었습니다","userId":"","orderUrl":"https://pg.example/s/AZBUfx"}"#,
    )
    .await;
    let req = SmsPayRequest {
        mid: "testpay01m".into(),
        moid: "test20180313001".into(),
        goods_name: "테스트상품".into(),
        amt: "10,005".into(),
        buyer_name: "테스트".into(),
        buyer_tel: "010-4311-6330".into(),
        pay_exp_date: "2018-03-13 23:59:59".into(),
        svc_prdt_cd: "03".into(),
        ..SmsPayRequest::default()
    };
    let reply = InnoPayClient::new(format!("{base}/"))
        .sms_pay(&req)
        .await
        .unwrap();
    assert!(reply.is_success());
    assert_eq!(reply.amt, "10,005");
    assert_eq!(reply.order_url, "https://pg.example/s/AZBUfx");
    let seen = seen.await.unwrap();
    assert!(
        seen.head.starts_with("POST /api/smsPayApi HTTP/1.1\r\n"),
        "{}",
        seen.head
    );
    assert!(
        seen.head
            .to_ascii_lowercase()
            .contains("content-type: application/json")
    );
    assert_eq!(SmsPayRequest::from_json(&seen.body).unwrap(), req);
    let sent: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(sent["goodsName"], "테스트상품");
    assert_eq!(sent["svcPrdtCd"], "03");
}

#[tokio::test]
async fn a_refusal_is_still_a_reply() {
    let (base, _seen) =
        serve_once(r#"{"resultCode":"3002","resultMsg":"buyerName: 필수 항목이 누락되었습니다"}"#)
            .await;
    let reply = InnoPayClient::new(base)
        .sms_pay(&SmsPayRequest::default())
        .await
        .unwrap();
    assert!(!reply.is_success());
    assert_eq!(reply.result_code, "3002");
}

#[tokio::test]
async fn cancel_posts_the_manual_json_and_reads_the_reply() {
    let (base, seen) = serve_once(
        r#"{"pgTid":" testpay01m01011801181105238578","resultCode":"2001","resultMsg":"취소 성공","pgApprovalAmt":"1000","pgAppDate":"20180118","pgAppTime":"145038"}"#,
    )
    .await;
    let req = CancelRequest {
        mid: "testpay01m".into(),
        tid: " testpay01m01011801181105238578".into(),
        svc_cd: "01".into(),
        cancel_amt: "1000".into(),
        cancel_msg: "test".into(),
        cancel_pwd: "123456".into(),
        ..CancelRequest::default()
    };
    let reply = InnoPayClient::new(&*base).cancel(&req).await.unwrap();
    assert!(reply.is_success());
    assert_eq!(reply.pg_app_time, "145038");
    let seen = seen.await.unwrap();
    assert!(seen.head.starts_with("POST /api/cancelApi HTTP/1.1\r\n"));
    assert_eq!(
        String::from_utf8(seen.body).unwrap(),
        r#"{"mid":"testpay01m","tid":" testpay01m01011801181105238578","svcCd":"01","cancelAmt":"1000","cancelMsg":"test","cancelPwd":"123456"}"#
    );
}

#[tokio::test]
async fn an_html_reply_is_malformed() {
    let (base, _seen) = serve_once("<html>oops</html>").await;
    let err = InnoPayClient::new(base)
        .cancel(&CancelRequest::default())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Malformed(_)), "{err}");
}

#[test]
fn weblink_url() {
    let req = WebLinkRequest {
        mid: "testpay01m".into(),
        goods_name: "테스트 상품".into(),
        ..WebLinkRequest::default()
    };
    let url = InnoPayClient::new("https://pg.example/").weblink_url(&req);
    assert_eq!(
        url,
        "https://pg.example/api/cardInterface?Mid=testpay01m&GoodsName=%ED%85%8C%EC%8A%A4%ED%8A%B8+%EC%83%81%ED%92%88"
    );
}
