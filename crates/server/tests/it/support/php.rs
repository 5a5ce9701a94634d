//! Running the manual's PHP samples against a test server.
//!
//! The samples are copied verbatim under `tests/it/php/`. Most leave their
//! `$postdata` values blank for the integrator to fill in (`'userid' =>
//! '',`); [`fill_postdata`] fills them the way an integrator would, and
//! checks each key occurs exactly once, so the fixture is provably the
//! manual's code with only those values changed. [`PhpSample::run`] writes
//! `payapp_lib.php` (host constant pointed at the server) and the sample to a
//! temporary directory, includes the sample from a small driver and returns
//! the `$oResData` it computed.
//!
//! Needs `php` with the curl extension (Debian: `php-cli php-curl`); without
//! it [`PhpSample::available`] says why and tests skip, except under CI (or
//! with `GYEOLJE_REQUIRE_PHP=1`) where they fail.

use super::TestServer;
use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

pub const PAYAPP_LIB: &str = include_str!("../php/payapp_lib.php");
/// The line of `payapp_lib.php` naming PayApp's host.
pub const DOMAIN_LINE: &str = "define('PAYAPP_API_DOMAIN', 'api.payapp.kr');";

/// The line of `payapp_lib.php`'s socket mode that opens the connection, to
/// PayApp's fixed port 80.
pub const FSOCKOPEN_LINE: &str =
    "if (($fp = fsockopen(PAYAPP_API_DOMAIN, 80, $errno, $errstr, 10)) == false) {";

/// A PHP sample ready to run against one server.
pub struct PhpSample {
    dir: tempfile::TempDir,
    /// Extra `php` arguments (`-d disable_functions=curl_exec` for socket mode).
    args: Vec<String>,
}

impl PhpSample {
    /// `Some(sample dir)` when PHP can run samples, `None` (after saying why
    /// on stderr) when it cannot and the test should be skipped.
    pub fn available(server: &TestServer, test: &str) -> Option<PhpSample> {
        if let Some(why) = php_missing() {
            let required = std::env::var("CI").is_ok_and(|v| v == "true")
                || std::env::var("GYEOLJE_REQUIRE_PHP").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "{why}: install php-cli and php-curl (apt-get install -y php-cli php-curl)"
            );
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {test}: {why} (install php-cli and php-curl)"
            );
            return None;
        }
        assert_eq!(
            PAYAPP_LIB.matches(DOMAIN_LINE).count(),
            1,
            "the fixture has the manual's host constant"
        );
        let host = server.base.trim_start_matches("http://");
        let lib = PAYAPP_LIB.replace(
            DOMAIN_LINE,
            &format!("define('PAYAPP_API_DOMAIN', '{host}');"),
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("payapp_lib.php"), lib).unwrap();
        Some(PhpSample {
            dir,
            args: Vec::new(),
        })
    }

    /// [`PhpSample::available`] in the library's socket mode: PHP runs with
    /// `curl_exec` disabled, so `payapp_lib.php` takes its `fsockopen`
    /// branch. That branch dials port 80 (PayApp's) — the one other line
    /// changed, to the test server's port; the request it writes and the
    /// way it reads the reply (until the server closes) are the manual's.
    pub fn socket_mode(server: &TestServer, test: &str) -> Option<PhpSample> {
        let sample = PhpSample::available(server, test)?;
        let path = sample.dir.path().join("payapp_lib.php");
        let lib = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            lib.matches(FSOCKOPEN_LINE).count(),
            1,
            "the fixture has the manual's fsockopen line"
        );
        let port = super::raw::addr_of(&server.base).port();
        let lib = lib.replace(
            FSOCKOPEN_LINE,
            &FSOCKOPEN_LINE.replace("PAYAPP_API_DOMAIN, 80,", &format!("'127.0.0.1', {port},")),
        );
        std::fs::write(&path, lib).unwrap();
        Some(PhpSample {
            args: vec!["-d".into(), "disable_functions=curl_exec".into()],
            ..sample
        })
    }

    /// Writes `source` as `name`, runs it and returns its `$oResData`.
    pub async fn run(&self, name: &str, source: &str) -> serde_json::Value {
        self.run_after("", name, source).await
    }

    /// Like [`PhpSample::run`], with PHP statements (`prelude`) run first —
    /// e.g. filling `$_POST` as the page posting to the sample would.
    pub async fn run_after(&self, prelude: &str, name: &str, source: &str) -> serde_json::Value {
        std::fs::write(self.dir.path().join(name), source).unwrap();
        let driver = format!("<?php\n{prelude}\ninclude '{name}';\necho json_encode($oResData);\n");
        std::fs::write(self.dir.path().join("driver.php"), driver).unwrap();
        // Async, so the in-process server keeps answering while PHP waits on it.
        let run = tokio::process::Command::new("php")
            .args(&self.args)
            .args(["-d", "display_errors=stderr", "driver.php"])
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .output();
        let out = tokio::time::timeout(Duration::from_secs(15), run)
            .await
            .expect("php finished")
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "php {name}: {}\n{stdout}\n{stderr}",
            out.status
        );
        serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("php {name} printed no JSON ({e}): {stdout}\n{stderr}"))
    }
}

/// Fills the blank `$postdata` entries of a sample: for each `(key, value)`
/// the one line starting `'key'` and holding `=> '',` gets `=> 'value',`.
///
/// # Panics
/// When a key has no such line or more than one, or a value would need
/// escaping in a PHP single-quoted string.
pub fn fill_postdata(sample: &str, values: &[(&str, &str)]) -> String {
    let mut lines: Vec<String> = sample.split('\n').map(str::to_owned).collect();
    for (key, value) in values {
        assert!(
            !value.contains(['\'', '\\']),
            "{key}: {value} needs escaping"
        );
        let prefix = format!("'{key}'");
        let hits: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.trim_start().starts_with(&prefix) && l.contains("=> '',"))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(hits.len(), 1, "{key}: one blank $postdata entry");
        let line = &mut lines[hits[0]];
        *line = line.replacen("=> '',", &format!("=> '{value}',"), 1);
    }
    lines.join("\n")
}

/// Why PHP cannot run the samples here, if it cannot.
fn php_missing() -> Option<String> {
    let probe = std::process::Command::new("php")
        .args(["-r", "exit(function_exists('curl_exec') ? 0 : 3);"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match probe {
        Err(e) => Some(format!("`php` is not runnable ({e})")),
        Ok(s) if s.code() == Some(3) => Some("php has no curl extension".to_owned()),
        Ok(s) if !s.success() => Some(format!("`php -r` failed ({s})")),
        Ok(_) => None,
    }
}
