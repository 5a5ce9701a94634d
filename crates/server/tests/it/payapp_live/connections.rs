//! Connection handling: the manual's `payapp_lib.php` in socket mode reads
//! until the server closes, so the PayApp API ends the connection after its
//! reply (unless the client asks `Connection: keep-alive`); any idle kept
//! connection is closed after `idle_timeout`; `Connection: close` requests
//! are closed at once.

use crate::support::TestServer;
use crate::support::php::PhpSample;
use crate::support::raw::{addr_of, api_post, exchange};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const PAYREQUEST: &[u8] =
    b"cmd=payrequest&userid=payapptest&goodname=api%20test&price=1000&recvphone=01012345678&smsuse=n";

const POSTED: &str = "$_POST = ['goodname'=>'소켓상품','price'=>'1000','recvphone'=>'01012345678','var1'=>'a','var2'=>'b'];";

/// Before: every socket-mode call waited for its 30 s stream timeout and
/// reported `connection time out`. The bound here is far above the time it
/// takes (measured: well under a second) and far below the old 30 s; PHP
/// itself is killed after 15 s.
#[tokio::test]
async fn the_manuals_socket_mode_returns_without_waiting_for_its_timeout() {
    const PAYAPP_REQUEST: &str = include_str!("../php/payapp_request.php");
    // A long idle timeout, so only the API's own close can end the call.
    let server = TestServer::start_with(|c| c.idle_timeout = Duration::from_secs(60)).await;
    let Some(php) = PhpSample::socket_mode(
        &server,
        "the_manuals_socket_mode_returns_without_waiting_for_its_timeout",
    ) else {
        return;
    };
    let started = Instant::now();
    let reply = php
        .run_after(POSTED, "payapp_request.php", PAYAPP_REQUEST)
        .await;
    let took = started.elapsed();
    eprintln!("payapp_lib.php socket mode: {took:?}");
    assert_eq!(reply["state"], "1", "{reply}");
    assert!(
        reply["mul_no"].as_str().is_some_and(|m| !m.is_empty()),
        "{reply}"
    );
    assert!(took < Duration::from_secs(10), "socket mode took {took:?}");
    server.stop().await;
}

#[tokio::test]
async fn the_api_closes_after_its_reply_unless_asked_to_keep_alive() {
    let server = TestServer::start_with(|c| c.idle_timeout = Duration::from_secs(60)).await;
    let addr = addr_of(&server.base);
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    // The manual's socket request: HTTP/1.1, no Connection header.
    let manual = exchange(addr, &api_post(&form, PAYREQUEST), Duration::from_secs(10)).await;
    assert!(manual.closed, "still open after {:?}", manual.elapsed);
    assert_eq!(manual.header("connection"), Some("close"));
    assert!(manual.body().starts_with("state=1&"), "{}", manual.text);
    // An error reply closes too.
    let refused = exchange(addr, &api_post(&form, b"cmd=nope"), Duration::from_secs(10)).await;
    assert!(refused.closed);
    assert!(refused.body().ends_with("errno=70040"), "{}", refused.text);

    // A client that says keep-alive keeps its connection for a second call.
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let keep = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Connection", "keep-alive"),
    ];
    for _ in 0..2 {
        stream
            .write_all(&api_post(&keep, PAYREQUEST))
            .await
            .unwrap();
        let reply = read_one_reply(&mut stream).await;
        assert!(reply.contains("state=1&"), "{reply}");
        assert!(
            !reply.to_ascii_lowercase().contains("connection: close"),
            "{reply}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn an_idle_kept_connection_is_closed_after_the_idle_timeout() {
    let server = TestServer::start_with(|c| c.idle_timeout = Duration::from_secs(1)).await;
    let addr = addr_of(&server.base);
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // Kept alive between requests…
    for _ in 0..2 {
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: gyeolje.test\r\n\r\n")
            .await
            .unwrap();
        let reply = read_one_reply(&mut stream).await;
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    }
    // …then closed once idle for the timeout (the wait is far longer).
    let idle = Instant::now();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(15), stream.read_to_end(&mut rest)).await;
    assert!(
        matches!(read, Ok(Ok(0))),
        "closed without more bytes: {read:?}"
    );
    let waited = idle.elapsed();
    eprintln!("idle connection closed after {waited:?}");
    assert!(
        waited >= Duration::from_millis(500),
        "closed too early: {waited:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn connection_close_requests_are_closed_at_once() {
    let server = TestServer::start_with(|c| c.idle_timeout = Duration::from_secs(60)).await;
    let reply = exchange(
        addr_of(&server.base),
        b"GET /healthz HTTP/1.1\r\nHost: gyeolje.test\r\nConnection: close\r\n\r\n",
        Duration::from_secs(10),
    )
    .await;
    assert!(reply.closed, "still open after {:?}", reply.elapsed);
    assert!(reply.text.starts_with("HTTP/1.1 200"), "{}", reply.text);
    assert_eq!(reply.body(), "ok\n");
    server.stop().await;
}

/// Reads one reply with a `Content-Length` from a kept connection.
async fn read_one_reply(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .expect("a reply")
            .unwrap();
        assert!(
            n > 0,
            "closed before the reply: {}",
            String::from_utf8_lossy(&buf)
        );
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .expect("content-length");
            if body.len() >= length {
                return text;
            }
        }
    }
}
