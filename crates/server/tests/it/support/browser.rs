//! Headless Chromium for the browser tests (PayApp Lite, the InnoPay
//! Web-Link popup and SMS link page), driven over WebDriver.
//!
//! `chromedriver` (Debian: `chromium-driver`) is started on a free port and
//! drives `chromium` (Debian: `chromium`) through `fantoccini`. The browser
//! runs headless with no sandbox, GPU, background networking, QUIC, sync or
//! component updates, and a fresh profile in a temporary directory, so it
//! talks to nothing but the test's own servers. Nothing is downloaded: a
//! browser a test tool fetches would not work here, and the Debian packages
//! are what CI installs.
//!
//! Without them the tests say SKIPPED and pass, except under `CI=true`
//! where they fail naming the packages.

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The Debian packages that provide the browser and its driver.
pub const PACKAGES: &str = "chromium chromium-driver";

const BROWSER_NAMES: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// How long one wait for the page may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The browser and driver binaries, or why they cannot be used.
fn binaries() -> Result<(PathBuf, PathBuf), String> {
    let browser = std::env::var_os("GYEOLJE_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| BROWSER_NAMES.iter().find_map(|n| on_path(n)))
        .ok_or_else(|| "no chromium on PATH".to_owned())?;
    let driver = on_path("chromedriver").ok_or_else(|| "no chromedriver on PATH".to_owned())?;
    Ok((browser, driver))
}

/// Where screenshots go: `target/test-artifacts/`.
pub fn artifacts_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves a screenshot of the current window, scrolled to the top, and
/// prints its path.
pub async fn screenshot(client: &Client, name: &str) -> PathBuf {
    client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    let png = client.screenshot().await.unwrap();
    let path = artifacts_dir().join(name);
    std::fs::write(&path, png).unwrap();
    let _ = writeln!(std::io::stderr(), "screenshot: {}", path.display());
    path
}

struct Browser {
    client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

async fn start(browser: &Path, driver: &Path) -> Browser {
    let mut child = Command::new(driver)
        .arg("--port=0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start chromedriver");
    let stdout = child.stdout.take().unwrap();
    let port = tokio::time::timeout(PATIENCE, async move {
        let mut lines = BufReader::new(stdout).lines();
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(rest) = line.split("started successfully on port ").nth(1) {
                return rest.trim_end_matches('.').trim().parse::<u16>().unwrap();
            }
        }
        panic!("chromedriver exited before it was ready");
    })
    .await
    .expect("chromedriver did not start in time");

    let profile = tempfile::tempdir().unwrap();
    let args = [
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--window-size=1000,900".to_owned(),
        format!("--user-data-dir={}", profile.path().display()),
    ];
    let mut caps = Capabilities::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": browser.display().to_string(), "args": args }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("open a chromium session through chromedriver");
    Browser {
        client,
        driver: child,
        _profile: profile,
    }
}

/// Runs `test` with a browser session, or skips (fails under CI) without
/// one. The session is closed and the driver stopped whatever the test
/// does; a failure inside is re-raised afterwards.
pub async fn with_browser<F, Fut>(name: &str, test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (browser, driver) = match binaries() {
        Ok(found) => found,
        Err(why) => {
            assert!(
                !std::env::var("CI").is_ok_and(|v| v == "true"),
                "{name}: {why}: .ci/run must install the Debian packages {PACKAGES} \
                 (apt-get install -y {PACKAGES})"
            );
            // Written to stderr directly so the skip is seen despite capture.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {name}: {why} (install {PACKAGES})"
            );
            return;
        }
    };
    let mut session = start(&browser, &driver).await;
    let outcome = tokio::spawn(test(session.client.clone())).await;
    let _ = session.client.close().await;
    let _ = session.driver.kill().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Waits for an element.
pub async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
}

/// Waits until a window other than `known` appears, and switches to it.
pub async fn switch_to_new_window(client: &Client, known: &fantoccini::wd::WindowHandle) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let handles = client.windows().await.unwrap();
        if let Some(h) = handles.into_iter().find(|h| h != known) {
            client.switch_to_window(h).await.unwrap();
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no popup window opened"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until only `main` is left, and switches back to it.
pub async fn wait_until_closed(client: &Client, main: &fantoccini::wd::WindowHandle) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let handles = client.windows().await.unwrap();
        if handles.len() == 1 && &handles[0] == main {
            client.switch_to_window(main.clone()).await.unwrap();
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the popup did not close"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
