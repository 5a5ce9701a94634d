//! Issue 16 (2): connections are bounded. A client trickling its request
//! head a byte at a time (slowloris) is dropped when the head timer runs
//! out, and past `--max-connections` new connections are closed at once —
//! while ordinary requests are still served.

use crate::support::{TestServer, eventually};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Whether the server closed `stream` (a read returns end-of-file or an
/// error), waiting at most `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 512];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // A reply (408, say) is fine; the close must follow.
            Ok(Ok(_)) => continue,
        }
    }
}

fn addr(server: &TestServer) -> String {
    server.base.trim_start_matches("http://").to_owned()
}

#[tokio::test]
async fn slowloris_connections_are_dropped_when_the_head_timer_runs_out() {
    let server = TestServer::start_with(|c| c.idle_timeout = Duration::from_secs(2)).await;
    let mut trickling = Vec::new();
    for _ in 0..20 {
        let mut s = TcpStream::connect(addr(&server)).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        trickling.push(s);
    }
    // Keep trickling one header byte per connection every 200 ms, and make
    // an ordinary request meanwhile: it is served.
    let trickle = async {
        for round in 0..40u8 {
            for s in &mut trickling {
                let _ = s.write_all(&[b'a' + round % 26]).await;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    let ordinary = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        server.get("/healthz").await
    };
    let ((), (status, body)) = tokio::join!(trickle, ordinary);
    assert_eq!((status, body.as_str()), (200, "ok\n"));
    for (i, s) in trickling.iter_mut().enumerate() {
        assert!(
            closed_within(s, Duration::from_secs(5)).await,
            "trickling connection {i} is still open after the head timer"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn past_the_connection_limit_new_connections_are_closed_at_once() {
    let server = TestServer::start_with(|c| {
        c.max_connections = 3;
        c.idle_timeout = Duration::from_secs(60);
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(TcpStream::connect(addr(&server)).await.unwrap());
    }
    // Let the server accept all three before the fourth arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut fourth = TcpStream::connect(addr(&server)).await.unwrap();
    assert!(
        closed_within(&mut fourth, Duration::from_secs(5)).await,
        "a fourth connection was kept open past the limit of three"
    );
    for s in &mut held {
        assert!(
            !closed_within(s, Duration::from_millis(100)).await,
            "a held connection was closed"
        );
    }
    // Freeing one slot lets an ordinary request in again.
    drop(held.pop());
    eventually(
        "a request after a slot was freed",
        Duration::from_secs(10),
        || async {
            let reply = reqwest::Client::new()
                .get(format!("{}/healthz", server.base))
                .send()
                .await
                .ok()?;
            (reply.status().as_u16() == 200).then_some(())
        },
    )
    .await;
    drop(held);
    server.stop().await;
}
