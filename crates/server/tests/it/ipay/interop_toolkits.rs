//! Clients generated from the WSDL by the toolkits merchants use: zeep
//! (Python, from PyPI) and node-soap (npm `soap`). The scripts under
//! `ipay/toolkits/` fetch `?WSDL`, register a cart with the
//! `EncryptedTicket` header, pay it in the sandbox, and call the queries.
//!
//! The toolkits are installed on first use under the target directory
//! (`CARGO_TARGET_TMPDIR/ipay-toolkits`), so reruns are fast. When one
//! cannot be installed the test fails under CI (`CI=true`) and is skipped
//! with a printed reason elsewhere.

use crate::support::TestServer;
use gyeolje_server::seed::IPAY_DEMO_TICKET_ASP;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

const TOOLKITS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/ipay/toolkits");

fn cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("ipay-toolkits")
}

fn runs(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?}: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// `PYTHONPATH` holding zeep, installed with pip if needed.
fn zeep() -> &'static Result<PathBuf, String> {
    static ZEEP: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    ZEEP.get_or_init(|| {
        let dir = cache().join("py");
        let probe = || {
            runs(
                Command::new("python3")
                    .args(["-c", "import zeep, requests"])
                    .env("PYTHONPATH", &dir),
            )
        };
        if probe().is_ok() {
            return Ok(dir);
        }
        let pip = |extra: &[&str]| {
            runs(
                Command::new("python3")
                    .args([
                        "-m",
                        "pip",
                        "install",
                        "--quiet",
                        "--disable-pip-version-check",
                    ])
                    .args(extra)
                    .arg("--target")
                    .arg(&dir)
                    .arg("zeep"),
            )
        };
        // Debian's pip refuses without the flag (PEP 668), though `--target`
        // touches no system package.
        pip(&[]).or_else(|_| pip(&["--break-system-packages"]))?;
        probe().map(|()| dir)
    })
}

/// `NODE_PATH` holding node-soap, installed with npm if needed.
fn node_soap() -> &'static Result<PathBuf, String> {
    static SOAP: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    SOAP.get_or_init(|| {
        let dir = cache().join("node");
        let modules = dir.join("node_modules");
        let probe = || {
            runs(
                Command::new("node")
                    .args(["-e", "require('soap')"])
                    .env("NODE_PATH", &modules),
            )
        };
        if probe().is_ok() {
            return Ok(modules);
        }
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        runs(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&dir)
                .arg("soap"),
        )?;
        probe().map(|()| modules)
    })
}

/// The toolkit's path, or `None` (after saying why) to skip; fails in CI.
fn toolkit(name: &str, test: &str, found: &'static Result<PathBuf, String>) -> Option<PathBuf> {
    match found {
        Ok(p) => Some(p.clone()),
        Err(why) => {
            assert!(
                !std::env::var("CI").is_ok_and(|v| v == "true"),
                "{test}: cannot install {name}: {why}"
            );
            eprintln!("SKIPPED: {test}: cannot install {name}: {why}");
            None
        }
    }
}

/// Runs a toolkit script against `server`; returns its JSON.
async fn run(
    server: &TestServer,
    program: &str,
    script: &str,
    env: (&str, &Path),
    mode: &str,
) -> Value {
    let run = tokio::process::Command::new(program)
        .arg(Path::new(TOOLKITS).join(script))
        .args([server.base.as_str(), IPAY_DEMO_TICKET_ASP, mode])
        .env(env.0, env.1)
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("the script finished")
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{script} {mode}: {}\n{stdout}\n{stderr}",
        out.status
    );
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{script} printed no JSON ({e}): {stdout}\n{stderr}"))
}

fn number(v: &Value) -> i64 {
    match v {
        Value::Number(n) => n.as_i64().unwrap(),
        Value::String(s) => s.split('.').next().unwrap().parse().unwrap(),
        other => panic!("not a number: {other}"),
    }
}

/// What both toolkits must have seen for `basic`.
fn check_basic(out: &Value) {
    let cart = number(&out["cart"]);
    let payno = number(&out["payno"]);
    assert!(cart > 0 && payno > 1, "{out}");
    let a = &out["account"];
    assert_eq!(number(&a["PayNo"]), payno, "{out}");
    assert_eq!(number(&a["IpayCartNo"]), cart, "{out}");
    assert_eq!(number(&a["PayPrice"]), 32300, "{out}");
    assert_eq!(number(&a["ShppingPrice"]), 2500, "{out}");
    assert_eq!(a["PaymentType"], "C", "{out}");
    assert_eq!(
        a["ServiceUrl"], "http://127.0.0.1:9/service?a=1&b=2",
        "{out}"
    );
    let ty = gyeolje_ipay::ops::complex_type("IpayAccountNumbT").unwrap();
    for f in ty.fields {
        assert!(!a[f.name].is_null(), "{} missing: {out}", f.name);
    }
}

fn check_paid_list(out: &Value) {
    let payno = number(&out["payno"]);
    let rows = out["rows"].as_array().unwrap_or_else(|| panic!("{out}"));
    assert_eq!(rows.len(), 1, "{out}");
    assert_eq!(number(&rows[0]["PayNo"]), payno, "{out}");
    assert_eq!(number(&rows[0]["CartNo"]), number(&out["cart"]), "{out}");
    assert_eq!(rows[0]["OrderStatus"], "결제완료", "{out}");
}

#[tokio::test]
async fn zeep_generated_client() {
    let Some(path) = toolkit("zeep", "zeep_generated_client", zeep()) else {
        return;
    };
    let server = TestServer::start().await;
    let out = run(
        &server,
        "python3",
        "zeep_client.py",
        ("PYTHONPATH", &path),
        "basic",
    )
    .await;
    check_basic(&out);
    server.stop().await;
}

#[tokio::test]
async fn node_soap_generated_client() {
    let Some(path) = toolkit("node-soap", "node_soap_generated_client", node_soap()) else {
        return;
    };
    let server = TestServer::start().await;
    let out = run(
        &server,
        "node",
        "node_soap_client.js",
        ("NODE_PATH", &path),
        "basic",
    )
    .await;
    check_basic(&out);
    server.stop().await;
}

// GetIpayPaidOrderList is §3.2, written on the ipay-manage branch; until
// that merge the op answers a "not available yet" fault here.
#[tokio::test]
async fn zeep_paid_order_list() {
    let Some(path) = toolkit("zeep", "zeep_paid_order_list", zeep()) else {
        return;
    };
    let server = TestServer::start().await;
    let out = run(
        &server,
        "python3",
        "zeep_client.py",
        ("PYTHONPATH", &path),
        "paid-list",
    )
    .await;
    check_paid_list(&out);
    server.stop().await;
}

#[tokio::test]
async fn node_soap_paid_order_list() {
    let Some(path) = toolkit("node-soap", "node_soap_paid_order_list", node_soap()) else {
        return;
    };
    let server = TestServer::start().await;
    let out = run(
        &server,
        "node",
        "node_soap_client.js",
        ("NODE_PATH", &path),
        "paid-list",
    )
    .await;
    check_paid_list(&out);
    server.stop().await;
}

/// The live service's forms, through clients generated from our WSDL: the
/// nested `DoIpayShippingGeneral`, `GetIpayAccountNumb(payNo)`,
/// `IpayDenySell(OrderNo)` with `DenySellResponseType`, and
/// `GetOrderListResponseT` rows (issue 15).
fn check_live(out: &Value) {
    let payno = number(&out["payno"]);
    assert_eq!(number(&out["account"]["PayNo"]), payno, "{out}");
    let rows = out["rows"].as_array().unwrap_or_else(|| panic!("{out}"));
    assert_eq!(rows.len(), 2, "{out}");
    assert_eq!(
        out["shipped"]["DoShippingGeneralResponseType"], "Success",
        "{out}"
    );
    assert_eq!(out["denied"]["DenySellResponseType"], "Success", "{out}");
    let after = out["after"].as_array().unwrap_or_else(|| panic!("{out}"));
    let status = |i: usize| {
        after[i]["OrderStatus"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(status(0), "배송중", "{out}");
    assert_eq!(status(1), "취소완료", "{out}");
}

#[tokio::test]
async fn zeep_live_forms() {
    let Some(path) = toolkit("zeep", "zeep_live_forms", zeep()) else {
        return;
    };
    let server = TestServer::start().await;
    let out = run(
        &server,
        "python3",
        "zeep_client.py",
        ("PYTHONPATH", &path),
        "live",
    )
    .await;
    check_live(&out);
    server.stop().await;
}

#[tokio::test]
async fn node_soap_live_forms() {
    let Some(path) = toolkit("node-soap", "node_soap_live_forms", node_soap()) else {
        return;
    };
    let server = TestServer::start().await;
    let out = run(
        &server,
        "node",
        "node_soap_client.js",
        ("NODE_PATH", &path),
        "live",
    )
    .await;
    check_live(&out);
    // node-soap put the nested parts in their own namespace, from the WSDL.
    let sent = out["request"].as_str().unwrap_or_default();
    assert!(
        sent.contains("http://schema.auction.co.kr/Arche.API.xsd"),
        "{sent}"
    );
    server.stop().await;
}
