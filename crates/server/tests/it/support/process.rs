//! The real `gyeolje` binary as a child process: started on port 0, found
//! through the one line it prints on stdout, killed when dropped. Its log
//! (stderr) is kept and shown if the test fails, so a crash is explained.

use super::{Expect, SandboxPay};
use serde_json::Value;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long a process may take to migrate, seed and print its address.
const STARTUP_LIMIT: Duration = Duration::from_secs(15);

/// A running `gyeolje serve`. Derefs to its [`Api`].
pub struct GyeoljeProcess {
    api: Api,
    pid: u32,
    child: Child,
    log: Arc<Mutex<String>>,
    /// What it printed on stdout after the listening line.
    stdout: Arc<Mutex<String>>,
}

/// The HTTP side of a process, cheap to clone into spawned tasks.
#[derive(Clone)]
pub struct Api {
    /// A name for messages (`A`, `first`, …).
    pub name: String,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    pub http: reqwest::Client,
}

impl std::ops::Deref for GyeoljeProcess {
    type Target = Api;
    fn deref(&self) -> &Api {
        &self.api
    }
}

impl GyeoljeProcess {
    /// Starts `gyeolje serve --listen 127.0.0.1:0 --database <database>
    /// <extra…>` and waits (bounded) for its "listening" line.
    pub async fn start(name: &str, database: &str, extra: &[&str]) -> GyeoljeProcess {
        Self::start_with_env(name, database, extra, &[]).await
    }

    /// [`GyeoljeProcess::start`] with environment variables set for the
    /// child (`RUST_LOG`, say).
    pub async fn start_with_env(
        name: &str,
        database: &str,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> GyeoljeProcess {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gyeolje"));
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--database", database])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // Only the flags configure the child, not whatever the caller exported.
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GYEOLJE_") {
                cmd.env_remove(key);
            }
        }
        // Plain log lines (the log is shown when a test fails).
        cmd.env("NO_COLOR", "1");
        cmd.envs(env.iter().copied());
        let mut child = cmd.spawn().expect("spawn the gyeolje binary");
        let pid = child.id().expect("a running child has a pid");

        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });

        let stdout = child.stdout.take().unwrap();
        let rest = Arc::new(Mutex::new(String::new()));
        let kept = rest.clone();
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next_line().await.ok().flatten();
            let _ = tx.send(first);
            // Keep draining so the child never blocks on a full pipe.
            while let Ok(Some(line)) = lines.next_line().await {
                let mut kept = kept.lock().unwrap();
                kept.push_str(&line);
                kept.push('\n');
            }
        });
        let line = match tokio::time::timeout(STARTUP_LIMIT, rx).await {
            Ok(Ok(Some(line))) => line,
            Ok(_) => {
                let status = child.wait().await;
                panic!(
                    "{name}: gyeolje exited before listening ({status:?}); log:\n{}",
                    log.lock().unwrap()
                );
            }
            Err(_) => panic!(
                "{name}: no listening line within {STARTUP_LIMIT:?}; log:\n{}",
                log.lock().unwrap()
            ),
        };
        let base = line
            .strip_prefix("gyeolje listening on ")
            .unwrap_or_else(|| panic!("{name}: unexpected first stdout line {line:?}"))
            .trim()
            .to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{name}: {base}");
        GyeoljeProcess {
            api: Api {
                name: name.to_owned(),
                base,
                http: reqwest::Client::new(),
            },
            pid,
            child,
            log,
            stdout: rest,
        }
    }

    /// What the process printed on stdout after its listening line (the
    /// console line, with the first admin password when it made one).
    pub fn stdout_after_listening(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// A clone of the HTTP side, for spawned tasks.
    pub fn api(&self) -> Api {
        self.api.clone()
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Everything the process logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// SIGKILL: the process dies at once, mid-whatever it was doing.
    pub async fn sigkill(&mut self) -> ExitStatus {
        self.child.start_kill().unwrap();
        self.child.wait().await.unwrap()
    }

    /// SIGTERM: asks for a graceful shutdown.
    pub fn sigterm(&self) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM {} failed", self.pid);
    }

    /// Waits at most `limit` for the process to exit.
    pub async fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        match tokio::time::timeout(limit, self.child.wait()).await {
            Ok(status) => status.unwrap(),
            Err(_) => panic!(
                "{}: still running after {limit:?}; log:\n{}",
                self.name,
                self.log()
            ),
        }
    }
}

impl Api {
    /// `cmd=payrequest` for the demo seller as a raw form POST, plus `extra`
    /// (which replaces defaults of the same name). Returns the whole decoded
    /// reply and the raw line.
    pub async fn try_pay_request(&self, extra: &[(&str, &str)]) -> (Vec<(String, String)>, String) {
        let mut pairs = vec![
            ("cmd", "payrequest"),
            ("userid", "payapptest"),
            ("goodname", "process test"),
            ("price", "1000"),
            ("recvphone", "01012345678"),
            ("smsuse", "n"),
        ];
        for (k, v) in extra {
            pairs.retain(|(key, _)| key != k);
            pairs.push((k, v));
        }
        let text = self
            .http
            .post(format!("{}/oapi/apiLoad.html", self.base))
            .form(&pairs)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        (gyeolje_payapp::parse_reply(&text), text)
    }

    /// Like `try_pay_request`, asserting `state=1`; returns `mul_no`.
    pub async fn pay_request(&self, extra: &[(&str, &str)]) -> i64 {
        let (reply, text) = self.try_pay_request(extra).await;
        let get = |k| gyeolje_payapp::codec::reply_value(&reply, k).unwrap_or("");
        assert_eq!(
            get("state"),
            "1",
            "{}: payrequest failed: {text}",
            self.name
        );
        get("mul_no").parse().unwrap()
    }

    /// Pays PayApp payment `mul_no` by `card` and asserts it was approved
    /// (HTTP 200, `"outcome":"approved"`, state `paid`); returns the reply.
    pub async fn sandbox_pay(&self, mul_no: i64, card: &str) -> Value {
        let body = SandboxPay::payapp(mul_no).card(card);
        let who = format!("{}: ", self.name);
        super::sandbox_pay::post(&self.http, &self.base, &who, &body, Expect::Approved).await
    }
}

impl Drop for GyeoljeProcess {
    fn drop(&mut self) {
        // kill_on_drop sends SIGKILL; show the log of a process whose test failed.
        if std::thread::panicking() {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "--- log of {} (pid {}) ---\n{}",
                self.api.name,
                self.pid,
                self.log()
            );
        }
    }
}
