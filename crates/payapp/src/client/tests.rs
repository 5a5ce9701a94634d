//! The client against a one-shot HTTP server that records what it received.

use super::*;
use crate::codec::Form;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What the fake server saw.
struct Seen {
    head: String,
    body: Vec<u8>,
}

/// Serves one request with `status` and `reply`, returning the base URL and
/// a handle that yields the request.
async fn serve_once(status: &'static str, reply: &'static str) -> (String, JoinHandle<Seen>) {
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
            "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
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

fn client(base: &str) -> PayAppClient {
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    PayAppClient::with_http(format!("{base}/"), http)
}

fn request() -> PayRequest {
    PayRequest::from_form(&Form::from_pairs([
        ("userid", "payapptest"),
        ("goodname", "착한 상품*"),
        ("price", "1000"),
        ("recvphone", "010-1234-5678"),
        ("smsuse", "n"),
    ]))
    .unwrap()
}

#[test]
fn endpoint_appends_api_path() {
    assert_eq!(
        PayAppClient::new("http://127.0.0.1:8080/").endpoint(),
        "http://127.0.0.1:8080/oapi/apiLoad.html"
    );
}

#[tokio::test]
async fn pay_request_posts_php_style_form_and_reads_reply() {
    let (base, seen) = serve_once(
        "200 OK",
        "state=1&errorMessage=&mul_no=2000&payurl=http%3A%2F%2Fpayapp.kr%2F000000000000\n",
    )
    .await;
    let reply = client(&base).pay_request(&request()).await.unwrap();
    assert_eq!(
        reply,
        PayRequestReply {
            mul_no: 2000,
            payurl: "http://payapp.kr/000000000000".into(),
            qrurl: None,
        }
    );
    let seen = seen.await.unwrap();
    assert!(
        seen.head
            .starts_with("POST /oapi/apiLoad.html HTTP/1.1\r\n"),
        "{}",
        seen.head
    );
    assert!(
        seen.head
            .to_ascii_lowercase()
            .contains("content-type: application/x-www-form-urlencoded"),
        "{}",
        seen.head
    );
    assert_eq!(
        String::from_utf8(seen.body).unwrap(),
        "cmd=payrequest&userid=payapptest&goodname=%EC%B0%A9%ED%95%9C+%EC%83%81%ED%92%88%2A\
         &price=1000&recvphone=01012345678&smsuse=n"
    );
}

#[tokio::test]
async fn rejection_carries_errno_and_message() {
    let (base, _seen) = serve_once(
        "200 OK",
        "state=0&errorMessage=price%3A+%EC%88%AB%EC%9E%90&errno=70020",
    )
    .await;
    match client(&base).pay_request(&request()).await {
        Err(ClientError::Rejected { errno, message }) => {
            assert_eq!(errno, 70020);
            assert_eq!(message, "price: 숫자");
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
}

#[tokio::test]
async fn cancel_success_is_unit() {
    let (base, seen) = serve_once("200 OK", "state=1&errorMessage=").await;
    let cancel = PayCancel {
        userid: "payapptest".into(),
        linkkey: "k+y=".into(),
        mul_no: 2000,
        cancelmemo: String::new(),
        cancelmode_ready: true,
        partcancel: false,
        cancelprice: None,
    };
    client(&base).pay_cancel(&cancel).await.unwrap();
    let body = String::from_utf8(seen.await.unwrap().body).unwrap();
    assert_eq!(
        body,
        "cmd=paycancel&userid=payapptest&linkkey=k%2By%3D&mul_no=2000&cancelmode=ready"
    );
}

#[tokio::test]
async fn cancel_req_rejected() {
    let (base, _seen) = serve_once(
        "200 OK",
        "state=0&errorMessage=linkkey+%EA%B0%92%EC%9D%84+%ED%99%95%EC%9D%B8%ED%95%98%EC%84%B8%EC%9A%94&errno=70010",
    )
    .await;
    let req = PayCancelReq {
        userid: "payapptest".into(),
        linkkey: "wrong".into(),
        mul_no: 7,
        cancelmemo: "정산 후".into(),
    };
    let err = client(&base).pay_cancel_req(&req).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::Rejected { errno: 70010, message } if message == "linkkey 값을 확인하세요"),
        "{err:?}"
    );
}

#[tokio::test]
async fn reply_without_state_is_malformed() {
    let (base, _seen) = serve_once("200 OK", "<html>oops</html>").await;
    let err = client(&base).call(&[]).await.unwrap_err();
    assert!(matches!(err, ClientError::Malformed(_)), "{err:?}");
}

#[tokio::test]
async fn success_without_mul_no_is_malformed() {
    let (base, _seen) = serve_once("200 OK", "state=1&errorMessage=").await;
    let err = client(&base).pay_request(&request()).await.unwrap_err();
    assert!(matches!(err, ClientError::Malformed(_)), "{err:?}");
}

#[tokio::test]
async fn rejection_without_errno_is_malformed() {
    let (base, _seen) = serve_once("200 OK", "state=0&errorMessage=x").await;
    let err = client(&base).call(&[]).await.unwrap_err();
    assert!(matches!(err, ClientError::Malformed(_)), "{err:?}");
}

#[tokio::test]
async fn server_error_status_is_http() {
    let (base, _seen) = serve_once("500 Internal Server Error", "boom").await;
    let err = client(&base).call(&[]).await.unwrap_err();
    assert!(matches!(err, ClientError::Http(_)), "{err:?}");
}

#[tokio::test]
async fn connection_refused_is_http() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = client(&base).call(&[]).await.unwrap_err();
    assert!(matches!(err, ClientError::Http(_)), "{err:?}");
}

#[test]
fn truncate_respects_char_boundaries() {
    assert_eq!(truncate("가나다", 4), "가");
    assert_eq!(truncate("abc", 10), "abc");
}

fn seller_regist() -> crate::SellerRegist {
    crate::SellerRegist::from_form(&Form::from_pairs([
        ("userid", "newseller01"),
        ("userpwd", "passw0rd1"),
        ("sellername", "홍길동상회"),
        ("phone", "01012345678"),
        ("email", "a@b.kr"),
        ("bizkind", "기타"),
        ("username", "홍길동"),
        ("usertype", "1"),
        ("resellerid", "payappreseller"),
        ("join_type", "0"),
        ("seller_type", "seller"),
    ]))
    .unwrap()
}

#[tokio::test]
async fn seller_regist_reads_the_new_credentials() {
    let (base, seen) = serve_once(
        "200 OK",
        "state=1&errorMessage=&userid=newseller01&linkkey=AB%2B%2Fcd%3D&linkval=EF%2Bgh%3D",
    )
    .await;
    let reply = client(&base).seller_regist(&seller_regist()).await.unwrap();
    assert_eq!(reply.userid, "newseller01");
    assert!(reply.linkkey.matches("AB+/cd="));
    assert!(reply.linkval.matches("EF+gh="));
    let body = String::from_utf8(seen.await.unwrap().body).unwrap();
    assert!(
        body.starts_with("cmd=sellerRegist&userid=newseller01&userpwd=passw0rd1&"),
        "{body}"
    );
}

#[tokio::test]
async fn seller_regist_without_linkkey_is_malformed() {
    let (base, _seen) = serve_once("200 OK", "state=1&errorMessage=&userid=newseller01").await;
    let err = client(&base)
        .seller_regist(&seller_regist())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Malformed(_)), "{err:?}");
}

#[tokio::test]
async fn userid_check_taken_is_rejected() {
    let (base, seen) =
        serve_once("200 OK", "state=0&errorMessage=userid%3A+taken&errno=70020").await;
    let check = crate::UseridCheck {
        userid: "payapptest".into(),
        resellerid: "payappreseller".into(),
        linkkey: None,
    };
    let err = client(&base).userid_check(&check).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::Rejected { errno: 70020, message } if message == "userid: taken"),
        "{err:?}"
    );
    assert_eq!(
        String::from_utf8(seen.await.unwrap().body).unwrap(),
        "cmd=useridCheck&userid=payapptest&resellerid=payappreseller"
    );
}

#[tokio::test]
async fn sub_id_regist_sends_the_mask_as_state() {
    let (base, seen) = serve_once("200 OK", "state=1&errorMessage=").await;
    let sub = crate::SubIdRegist::from_form(&Form::from_pairs([
        ("userid", "payapptest"),
        ("subuserid", "staff01"),
        ("subpwd", "staffpw123"),
        ("subname", "김직원"),
        ("state", "6"),
    ]))
    .unwrap();
    client(&base).sub_id_regist(&sub).await.unwrap();
    assert_eq!(
        String::from_utf8(seen.await.unwrap().body).unwrap(),
        "cmd=subidregist&userid=payapptest&subuserid=staff01&subpwd=staffpw123\
         &subname=%EA%B9%80%EC%A7%81%EC%9B%90&state=6"
    );
}

fn cash_receipt() -> CashSt {
    CashSt::from_form(&Form::from_pairs([
        ("userid", "payapptest"),
        ("good_name", "상품"),
        ("buyr_name", "홍길동"),
        ("id_info", "010-1234-5678"),
        ("trad_time", "20151231183120"),
        ("tr_code", "0"),
        ("amt_tot", "1100"),
        ("amt_sup", "1000"),
        ("amt_svc", "0"),
        ("amt_tax", "100"),
        ("corp_tax_type", "TG01"),
    ]))
    .unwrap()
}

#[tokio::test]
async fn cash_st_posts_the_manuals_fields_and_reads_reply() {
    let (base, seen) = serve_once(
        "200 OK",
        "state=1&errorMessage=&cashstno=1000&cashsturl=http%3A%2F%2Fgw%2Fcashst%2FAAAAAAAAAAAAAAA1",
    )
    .await;
    let reply = client(&base).cash_st(&cash_receipt()).await.unwrap();
    assert_eq!(
        reply,
        CashStReply {
            cashstno: 1000,
            cashsturl: "http://gw/cashst/AAAAAAAAAAAAAAA1".into()
        }
    );
    assert_eq!(
        String::from_utf8(seen.await.unwrap().body).unwrap(),
        "cmd=cashSt&userid=payapptest&good_name=%EC%83%81%ED%92%88\
         &buyr_name=%ED%99%8D%EA%B8%B8%EB%8F%99&id_info=01012345678&trad_time=20151231183120\
         &tr_code=0&amt_tot=1100&amt_sup=1000&amt_svc=0&amt_tax=100&corp_tax_type=TG01"
    );
}

#[tokio::test]
async fn cash_st_success_without_cashstno_is_malformed() {
    let (base, _seen) = serve_once("200 OK", "state=1&errorMessage=&cashsturl=x").await;
    let err = client(&base).cash_st(&cash_receipt()).await.unwrap_err();
    assert!(matches!(err, ClientError::Malformed(_)), "{err:?}");
}

#[tokio::test]
async fn cash_st_cn_posts_number_and_reports_rejection() {
    let (base, seen) = serve_once(
        "200 OK",
        "state=0&errorMessage=cashstno%3A+%EC%9D%B4%EB%AF%B8&errno=70020",
    )
    .await;
    let cancel = CashStCn {
        userid: "payapptest".into(),
        linkkey: None,
        cashstno: 1000,
    };
    let err = client(&base).cash_st_cn(&cancel).await.unwrap_err();
    assert!(
        matches!(&err, ClientError::Rejected { errno: 70020, message } if message == "cashstno: 이미"),
        "{err:?}"
    );
    assert_eq!(
        String::from_utf8(seen.await.unwrap().body).unwrap(),
        "cmd=cashStCn&userid=payapptest&cashstno=1000"
    );
}
