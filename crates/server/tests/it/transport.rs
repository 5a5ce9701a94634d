//! Transport rules: errno 70001 when HTTPS is required and the call came
//! over plain HTTP; `X-Forwarded-Proto` believed only from trusted proxies;
//! and HTTPS served directly with a configured certificate.

use crate::support::TestServer;
use std::net::IpAddr;

const PAYREQUEST: &str = "cmd=payrequest&userid=payapptest&goodname=api%20test&price=1000&recvphone=01012345678&smsuse=n";

async fn post(http: &reqwest::Client, url: &str, forwarded: Option<&str>) -> String {
    let mut req = http
        .post(format!("{url}/oapi/apiLoad.html"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(PAYREQUEST);
    if let Some(proto) = forwarded {
        req = req.header("x-forwarded-proto", proto);
    }
    req.send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn plain_http_gets_70001_when_https_is_required() {
    let server = TestServer::start_with(|c| c.require_https = true).await;
    let text = post(&server.http, &server.base, None).await;
    assert!(
        text.starts_with("state=0&") && text.ends_with("errno=70001"),
        "{text}"
    );
    // Anyone can send the header; an untrusted peer's is ignored.
    let text = post(&server.http, &server.base, Some("https")).await;
    assert!(text.ends_with("errno=70001"), "{text}");
    server.stop().await;
}

#[tokio::test]
async fn a_trusted_proxy_can_vouch_for_https() {
    let localhost: IpAddr = "127.0.0.1".parse().unwrap();
    let server = TestServer::start_with(|c| {
        c.require_https = true;
        c.trusted_proxies = vec![localhost];
    })
    .await;
    assert!(
        post(&server.http, &server.base, Some("https"))
            .await
            .starts_with("state=1&")
    );
    assert!(
        post(&server.http, &server.base, Some("http"))
            .await
            .ends_with("errno=70001")
    );
    server.stop().await;
}

#[tokio::test]
async fn https_is_served_with_a_configured_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let cert =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.signing_key.serialize_pem()).unwrap();
    let server = TestServer::start_with(|c| {
        c.require_https = true;
        c.tls = Some((cert_path, key_path));
    })
    .await;
    let https = server.base.replace("http://", "https://");
    let client = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    let text = post(&client, &https, None).await;
    assert!(text.starts_with("state=1&"), "{text}");
    let reply = gyeolje_payapp::parse_reply(&text);
    let payurl = gyeolje_payapp::codec::reply_value(&reply, "payurl").unwrap();
    assert!(
        payurl.starts_with("https://"),
        "links are https too: {payurl}"
    );
    // Plain HTTP to the TLS port is not served.
    assert!(
        server
            .http
            .post(format!("{}/oapi/apiLoad.html", server.base))
            .body(PAYREQUEST)
            .send()
            .await
            .is_err()
    );
    server.stop().await;
}
