//! The manual's `payapp_sellerRegist.php` and `payapp_useridCheck.php`
//! against gyeolje.
//!
//! Both files under `php/` are the manual's code blocks copied verbatim
//! (only the block's common four-space indent removed). The test fills in
//! the `$postdata` values the manual leaves as `''` — the one edit the
//! manual asks for ("아래 입력정보를 알맞게 수정하세요") — points
//! `payapp_lib.php` at the test server, and runs each sample with php-cli.

use crate::support::TestServer;
use gyeolje_core::SellerKind;
use gyeolje_server::seed::{PAYAPP_AGENCY_USERID, PAYAPP_RESELLER_USERID};
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

const PAYAPP_LIB: &str = include_str!("php/payapp_lib.php");
const SELLER_REGIST: &str = include_str!("php/payapp_sellerRegist.php");
const USERID_CHECK: &str = include_str!("php/payapp_useridCheck.php");
const DOMAIN_LINE: &str = "define('PAYAPP_API_DOMAIN', 'api.payapp.kr');";

/// Replaces the `''` of each `'key' => ''` line of the sample's `$postdata`
/// with the value given, checking every key is there exactly once.
fn fill_postdata(sample: &str, values: &[(&str, &str)]) -> String {
    let mut filled = 0;
    let lines: Vec<String> = sample
        .lines()
        .map(|line| {
            let Some((key, value)) = values
                .iter()
                .find(|(k, _)| line.trim_start().starts_with(&format!("'{k}'")))
            else {
                return line.to_owned();
            };
            assert_eq!(line.matches("=> ''").count(), 1, "{key}: {line}");
            filled += 1;
            line.replacen("=> ''", &format!("=> '{value}'"), 1)
        })
        .collect();
    assert_eq!(filled, values.len(), "every value found a line");
    lines.join("\n") + "\n"
}

/// Runs `sample` (with `payapp_lib.php` beside it) and returns `$oResData`.
async fn run(server: &TestServer, dir: &Path, name: &str, sample: &str) -> serde_json::Value {
    let host = server.base.trim_start_matches("http://");
    assert_eq!(PAYAPP_LIB.matches(DOMAIN_LINE).count(), 1);
    let lib = PAYAPP_LIB.replace(
        DOMAIN_LINE,
        &format!("define('PAYAPP_API_DOMAIN', '{host}');"),
    );
    std::fs::write(dir.join("payapp_lib.php"), lib).unwrap();
    std::fs::write(dir.join(name), sample).unwrap();
    let driver = format!("<?php\ninclude '{name}';\necho json_encode($oResData);\n");
    std::fs::write(dir.join("driver.php"), driver).unwrap();
    let out = tokio::time::timeout(
        Duration::from_secs(15),
        tokio::process::Command::new("php")
            .args(["-d", "display_errors=stderr", "driver.php"])
            .current_dir(dir)
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("php finished")
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "php: {}\n{stdout}\n{stderr}",
        out.status
    );
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("php printed no JSON ({e}): {stdout}\n{stderr}"))
}

fn php_available() -> bool {
    let Some(why) = crate::php_sample::php_missing() else {
        return true;
    };
    let required = std::env::var("CI").is_ok_and(|v| v == "true")
        || std::env::var("GYEOLJE_REQUIRE_PHP").is_ok_and(|v| v == "1");
    assert!(!required, "{why}: install php-cli and php-curl");
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: php_accounts: {why} (install php-cli and php-curl)"
    );
    false
}

#[tokio::test]
async fn the_manuals_seller_samples_get_state_1() {
    if !php_available() {
        return;
    }
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();

    let check = fill_postdata(
        USERID_CHECK,
        &[
            ("userid", "phpseller1"),
            ("resellerid", PAYAPP_RESELLER_USERID),
        ],
    );
    let reply = run(&server, dir.path(), "payapp_useridCheck.php", &check).await;
    assert_eq!(reply["state"], "1", "{reply}");
    assert_eq!(reply["errorMessage"], "", "{reply}");

    let regist = fill_postdata(
        SELLER_REGIST,
        &[
            ("userid", "phpseller1"),
            ("userpwd", "phpPass123"),
            ("sellername", "PHP 상점"),
            ("phone", "01012345678"),
            ("compregno", "123-45-67890"),
            ("compname", "(주)피에이치피"),
            ("biztype1", "도소매"),
            ("biztype2", "전자상거래"),
            ("email", "php@example.co.kr"),
            ("zipcode", "06236"),
            ("addr1", "서울 강남구"),
            ("addr2", "1층"),
            ("homepage", "https://php.example"),
            ("compbank", "국민은행"),
            ("compbanknum", "123456789012"),
            ("compbankname", "(주)피에이치피"),
            ("bizkind", "쇼핑몰사업자"),
            ("username", "김피에"),
            ("usertype", "2"),
            ("resellerid", PAYAPP_RESELLER_USERID),
            ("join_type", "0"),
            ("ceo_nm", "김대표"),
            ("seller_type", "seller"),
            ("common_feedbackurl", "http://127.0.0.1:9/common"),
        ],
    );
    let reply = run(&server, dir.path(), "payapp_sellerRegist.php", &regist).await;
    assert_eq!(reply["state"], "1", "{reply}");
    assert_eq!(reply["userid"], "phpseller1", "{reply}");
    // PHP's parse_str decoded the key: the base64 `+` and `/` survive.
    let linkkey = reply["linkkey"].as_str().unwrap();
    assert_eq!(linkkey.len(), 44, "{reply}");
    let stored = server
        .app
        .store
        .merchant_by_payapp_userid("phpseller1")
        .await
        .unwrap()
        .unwrap();
    let account = stored.payapp.unwrap();
    assert!(account.linkkey.matches(linkkey));
    assert!(account.linkval.matches(reply["linkval"].as_str().unwrap()));
    assert_eq!(
        account.common_feedbackurl.as_deref(),
        Some("http://127.0.0.1:9/common")
    );

    // Taken now: the same sample says so.
    let reply = run(&server, dir.path(), "payapp_useridCheck.php", &check).await;
    assert_eq!(reply["state"], "0", "{reply}");
    assert_eq!(reply["errno"], "70020", "{reply}");

    // And the agency signs up a reseller with the same sample.
    let reseller = fill_postdata(
        SELLER_REGIST,
        &[
            ("userid", "phpreseller"),
            ("userpwd", "phpPass123"),
            ("sellername", "PHP 리셀러"),
            ("phone", "01012345678"),
            ("email", "r@example.co.kr"),
            ("bizkind", "기타"),
            ("username", "김리셀"),
            ("usertype", "1"),
            ("resellerid", PAYAPP_AGENCY_USERID),
            ("join_type", "0"),
            ("seller_type", "reseller"),
        ],
    );
    let reply = run(&server, dir.path(), "payapp_sellerRegist.php", &reseller).await;
    assert_eq!(reply["state"], "1", "{reply}");
    let s = server
        .app
        .store
        .payapp_seller("phpreseller")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.kind, SellerKind::Reseller);
    server.stop().await;
}
