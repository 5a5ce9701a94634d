//! The server under test: a `gyeolje` process on loopback, its database, and
//! what `/proc` says about its memory and CPU time.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long the server may take to print its listening line.
const STARTUP_LIMIT: Duration = Duration::from_secs(60);

/// Finds the `gyeolje` binary: `--server` if given; otherwise the one next
/// to this executable. When the bench was started by `cargo run` (cargo sets
/// `CARGO`), that binary is (re)built first with `cargo build --bin gyeolje`
/// in this executable's profile, so it is never stale: a normal dependency
/// does not build another package's binaries.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let dir = exe
        .parent()
        .ok_or("the bench executable has no directory")?
        .to_path_buf();
    let candidate = dir.join("gyeolje");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cargo = std::env::var_os("CARGO");
    if (cargo.is_some() || !candidate.exists()) && workspace.join("Cargo.toml").exists() {
        let release = dir.file_name().is_some_and(|n| n == "release");
        let mut cmd = std::process::Command::new(cargo.unwrap_or_else(|| "cargo".into()));
        cmd.args(["build", "--quiet", "--bin", "gyeolje"])
            .current_dir(&workspace);
        if release {
            cmd.arg("--release");
        } else {
            eprintln!("gyeolje-bench: warning: not a release build; the figures mean little");
        }
        eprintln!("gyeolje-bench: building the server: {cmd:?}");
        let status = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("building gyeolje failed ({status})"));
        }
    }
    if candidate.exists() {
        Ok(candidate)
    } else {
        Err(format!(
            "no gyeolje binary at {}: build it with `cargo build --release --bin gyeolje` or pass --server",
            candidate.display()
        ))
    }
}

/// A running `gyeolje serve`.
pub struct Server {
    child: Child,
    pub pid: u32,
    pub addr: std::net::SocketAddr,
}

impl Server {
    /// Starts `gyeolje serve` on 127.0.0.1 port 0 with the sandbox on and
    /// waits for its "gyeolje listening on http://ADDR" line. Its log goes to
    /// `log` (appended).
    pub async fn start(
        bin: &Path,
        database: &str,
        workers: bool,
        log: &Path,
    ) -> Result<Server, String> {
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let mut child = Command::new(bin)
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--database",
                database,
                "--sandbox",
                "true",
                "--workers",
                if workers { "true" } else { "false" },
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let pid = child.id().ok_or("the server exited at once")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let found = tokio::time::timeout(STARTUP_LIMIT, async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(addr) = line.trim().strip_prefix("gyeolje listening on http://") {
                    return addr.parse::<std::net::SocketAddr>().ok();
                }
            }
            None
        })
        .await;
        let addr = match found {
            Ok(Some(addr)) => addr,
            _ => {
                let _ = child.kill().await;
                let tail = std::fs::read_to_string(log).unwrap_or_default();
                let tail: String = tail
                    .lines()
                    .rev()
                    .take(20)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join("\n");
                return Err(format!(
                    "gyeolje did not start listening; its log ends:\n{tail}"
                ));
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Server { child, pid, addr })
    }

    pub fn memory(&self) -> Option<Memory> {
        memory(self.pid)
    }

    pub fn cpu_seconds(&self) -> Option<f64> {
        cpu_seconds(&format!("/proc/{}/stat", self.pid))
    }

    /// SIGTERM (a graceful stop), then SIGKILL if it has not exited in 10 s.
    pub async fn stop(mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status();
        if tokio::time::timeout(Duration::from_secs(10), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
    }
}

/// Resident memory of a process, in MiB: now (VmRSS) and its peak (VmHWM).
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    pub rss_mib: f64,
    pub hwm_mib: f64,
}

pub fn memory(pid: u32) -> Option<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_status(&status)
}

fn parse_status(status: &str) -> Option<Memory> {
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: f64 = line[name.len()..].split_whitespace().next()?.parse().ok()?;
        Some(kib / 1024.0)
    };
    Some(Memory {
        rss_mib: field("VmRSS:")?,
        hwm_mib: field("VmHWM:")?,
    })
}

/// User plus system CPU time of a process from its `/proc/…/stat`.
pub fn cpu_seconds(stat_path: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(stat_path).ok()?;
    parse_stat(&stat, clock_ticks())
}

fn parse_stat(stat: &str, ticks_per_second: f64) -> Option<f64> {
    // The command name (field 2) may hold spaces; fields after its ')' are
    // plain. utime and stime are fields 14 and 15 of the whole line.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / ticks_per_second)
}

/// `getconf CLK_TCK` (100 on every Linux this runs on, asked once anyway).
fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// Samples a process's RSS every `every` until stopped.
pub struct RssSampler {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Vec<(Duration, f64)>>,
}

impl RssSampler {
    pub fn start(pid: u32, every: Duration) -> RssSampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let task = tokio::spawn(async move {
            let started = Instant::now();
            let mut samples = Vec::new();
            while !flag.load(Ordering::Relaxed) {
                if let Some(m) = memory(pid) {
                    samples.push((started.elapsed(), m.rss_mib));
                }
                tokio::time::sleep(every).await;
            }
            samples
        });
        RssSampler { stop, task }
    }

    /// The samples: time since start, RSS in MiB.
    pub async fn finish(self) -> Vec<(Duration, f64)> {
        self.stop.store(true, Ordering::Relaxed);
        self.task.await.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_and_peak_from_proc_status() {
        let status =
            "Name:\tgyeolje\nVmPeak:\t  900000 kB\nVmHWM:\t   40960 kB\nVmRSS:\t   20480 kB\n";
        let m = parse_status(status).unwrap();
        assert_eq!(m.rss_mib, 20.0);
        assert_eq!(m.hwm_mib, 40.0);
        assert!(parse_status("Name:\tx\n").is_none());
    }

    #[test]
    fn reads_cpu_time_from_proc_stat_even_with_spaces_in_the_name() {
        let stat = "1234 (tokio (rt) x) S 1 1234 1234 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 4 0";
        assert_eq!(parse_stat(stat, 100.0), Some(3.0));
    }

    #[test]
    fn this_process_has_memory_and_cpu_time() {
        assert!(memory(std::process::id()).is_some_and(|m| m.rss_mib > 0.0));
        assert!(cpu_seconds("/proc/self/stat").is_some());
    }
}
