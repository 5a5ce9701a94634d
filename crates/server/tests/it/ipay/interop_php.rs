//! The manual's PHP sample (§3.1.2: the `auctionSession` and `requestCartNo`
//! classes and the page that uses them) run by the `php` CLI against the
//! test server. `php/ipay_request_cart_no.php` is the manual's code (the
//! PDF extraction's blank lines collapsed); the test changes only the
//! `serverUrl` line — and, in the second test, the item URL, to carry a `&`
//! through the sample's blind `str_replace("&", "&amp;")`.
//!
//! Needs `php` with curl and DOM (Debian: `php-cli php-curl php-xml`);
//! without them the tests skip with a reason, except under CI where they
//! fail.

use super::interop_wire::endpoint;
use crate::support::TestServer;
use gyeolje_core::PaymentId;
use gyeolje_server::ipay::state::cart_of;
use std::process::Stdio;
use std::time::Duration;

const SAMPLE: &str = include_str!("../php/ipay_request_cart_no.php");
const SERVER_URL_LINE: &str =
    r#"private $serverUrl = "https://api.auction.co.kr/ArcheSystem/IpayService.asmx";"#;
const ITEM_URL: &str = "'http://www.가맹점url.com/Wxb1C47gQBWL5p2Bm4zXBILoyAG33D'";

/// Why `php` cannot run the sample here, if it cannot.
fn php_missing() -> Option<String> {
    let probe = std::process::Command::new("php")
        .args([
            "-r",
            "exit(function_exists('curl_exec') && class_exists('DOMDocument') && function_exists('iconv') ? 0 : 3);",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match probe {
        Err(e) => Some(format!("`php` is not runnable ({e})")),
        Ok(s) if s.code() == Some(3) => Some("php lacks curl, dom or iconv".to_owned()),
        Ok(s) if !s.success() => Some(format!("`php -r` failed ({s})")),
        Ok(_) => None,
    }
}

/// `false` (after saying why) when the test should be skipped.
fn php_available(test: &str) -> bool {
    let Some(why) = php_missing() else {
        return true;
    };
    assert!(
        !std::env::var("CI").is_ok_and(|v| v == "true"),
        "{test}: {why}: apt-get install -y php-cli php-curl php-xml"
    );
    eprintln!("SKIPPED: {test}: {why} (install php-cli php-curl php-xml)");
    false
}

/// Runs `source` with `php`; returns its stdout.
async fn run_php(source: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sample.php"), source).unwrap();
    let run = tokio::process::Command::new("php")
        .args(["-d", "display_errors=stderr", "sample.php"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(20), run)
        .await
        .expect("php finished")
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "php: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The sample pointed at `server`.
fn sample_for(server: &TestServer) -> String {
    assert_eq!(SAMPLE.matches(SERVER_URL_LINE).count(), 1);
    SAMPLE.replace(
        SERVER_URL_LINE,
        &format!(r#"private $serverUrl = "{}";"#, endpoint(server)),
    )
}

/// The number after `CartNo = ` in the sample's output.
fn cart_no(stdout: &str) -> i64 {
    let rest = stdout
        .split("CartNo = ")
        .nth(1)
        .unwrap_or_else(|| panic!("no CartNo in {stdout}"));
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("CartNo is not a number: {stdout}"))
}

#[tokio::test]
async fn the_manuals_php_sample_gets_a_cart_number() {
    if !php_available("the_manuals_php_sample_gets_a_cart_number") {
        return;
    }
    let server = TestServer::start().await;
    let out = run_php(&sample_for(&server)).await;
    let no = cart_no(&out);
    assert!(no > 0, "{out}");
    // The sample's page goes on to the payment form only for a positive number.
    assert!(
        out.contains(&format!("name=\"cartnos\" value=\"{no}\"")),
        "{out}"
    );
    let payment = server
        .app
        .store
        .payment(PaymentId::new(no))
        .await
        .unwrap()
        .unwrap();
    let cart = cart_of(&payment).unwrap().cart;
    assert_eq!(cart.pay_price.get(), 32300);
    assert_eq!(cart.service_url, "www가맹점url.com/receiveXml.asp");
    assert_eq!(cart.lines[0].item_option_name, "불루니[105]/free");
    server.stop().await;
}

#[tokio::test]
async fn blindly_escaped_ampersands_in_the_php_sample_parse() {
    if !php_available("blindly_escaped_ampersands_in_the_php_sample_parse") {
        return;
    }
    let server = TestServer::start().await;
    let url = "'http://www.가맹점url.com/item.php?no=47245950&cat=2&amp;x=1'";
    assert_eq!(SAMPLE.matches(ITEM_URL).count(), 1);
    let out = run_php(&sample_for(&server).replace(ITEM_URL, url)).await;
    let no = cart_no(&out);
    assert!(no > 0, "{out}");
    let payment = server
        .app
        .store
        .payment(PaymentId::new(no))
        .await
        .unwrap()
        .unwrap();
    let cart = cart_of(&payment).unwrap().cart;
    // `&` became `&amp;` once (the sample's replace) and is read back as
    // `&`; an already escaped `&amp;` became `&amp;amp;`, read as `&amp;`.
    assert_eq!(
        cart.lines[0].item_url,
        "http://www.가맹점url.com/item.php?no=47245950&cat=2&amp;x=1"
    );
    server.stop().await;
}
