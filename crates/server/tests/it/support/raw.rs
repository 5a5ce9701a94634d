//! Raw HTTP/1.1 over a plain TCP socket: the bytes a hand-written client
//! (the manual's PHP socket mode, a shell script) sends, and what comes back
//! until the server closes the connection.

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What came back on one connection.
pub struct RawExchange {
    /// Everything read, headers included.
    pub text: String,
    /// Whether the server closed the connection (rather than the wait
    /// running out).
    pub closed: bool,
    /// From the last byte written to the close (or to the end of the wait).
    pub elapsed: Duration,
}

impl RawExchange {
    /// The body after the first blank line (what `payapp_lib.php` parses).
    pub fn body(&self) -> &str {
        self.text.split_once("\r\n\r\n").map_or("", |(_, b)| b)
    }

    /// The value of a response header (first response), any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        let head = self.text.split_once("\r\n\r\n").map_or("", |(h, _)| h);
        head.lines().skip(1).find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then_some(v.trim())
        })
    }
}

/// The server's socket address from its base URL.
pub fn addr_of(base: &str) -> SocketAddr {
    base.trim_start_matches("http://").parse().unwrap()
}

/// Writes `request` and reads until the server closes, or `wait` passes.
pub async fn exchange(addr: SocketAddr, request: &[u8], wait: Duration) -> RawExchange {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let closed = matches!(
        tokio::time::timeout(wait, stream.read_to_end(&mut buf)).await,
        Ok(Ok(_))
    );
    RawExchange {
        text: String::from_utf8_lossy(&buf).into_owned(),
        closed,
        elapsed: started.elapsed(),
    }
}

/// A POST to the PayApp API with the given headers (beyond Host and
/// Content-Length) and body, as raw bytes.
pub fn api_post(headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "POST /oapi/apiLoad.html HTTP/1.1\r\nHost: gyeolje.test\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A `multipart/form-data` body of `fields` with `boundary`, as PHP's curl
/// writes it (CRLF line breaks, one part per field, no part headers but
/// `Content-Disposition`).
pub fn multipart(boundary: &str, fields: &[(&str, &str)]) -> Vec<u8> {
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    body.into_bytes()
}
