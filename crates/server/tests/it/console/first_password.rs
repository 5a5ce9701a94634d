//! The admin password through the real binary: the first start generates
//! one and prints it once, on stdout after the listening line, and never in
//! the log; later starts (and all but one of several processes starting at
//! once on one PostgreSQL) print none; `gyeolje admin set-password
//! --password-stdin` replaces it. No password or session id ever reaches
//! the log.

use super::Console;
use crate::support::eventually;
use crate::support::process::GyeoljeProcess;
use gyeolje_store::testing::TestDatabase;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

const MARK: &str = "first admin password: ";

/// The process's console line (waits for it: it follows the listening line).
async fn console_line(p: &GyeoljeProcess) -> String {
    eventually("the console line", Duration::from_secs(15), || async {
        p.stdout_after_listening()
            .lines()
            .find(|l| l.starts_with("console: "))
            .map(str::to_owned)
    })
    .await
}

/// The password a console line prints, if it prints one.
fn printed_password(line: &str) -> Option<String> {
    let rest = &line[line.find(MARK)? + MARK.len()..];
    Some(rest.split_whitespace().next()?.to_owned())
}

/// Runs `gyeolje admin set-password --password-stdin` with `input` on stdin.
async fn set_password_cli(database: &str, input: &str) -> (bool, String) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_gyeolje"))
        .args([
            "admin",
            "set-password",
            "--password-stdin",
            "--database",
            database,
        ])
        .env_remove("GYEOLJE_DATABASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).await.unwrap();
    drop(stdin);
    let out = child.wait_with_output().await.unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn the_first_start_prints_a_generated_password_once_and_never_logs_it() {
    let db = TestDatabase::sqlite().unwrap();
    let first = GyeoljeProcess::start("first", &db.url, &[]).await;
    let line = console_line(&first).await;
    assert!(
        line.starts_with(&format!("console: {}/console (", first.base)),
        "{line}"
    );
    assert!(line.contains("gyeolje admin set-password"), "{line}");
    let password = printed_password(&line).expect("a generated password");
    assert!(password.len() >= 16, "{password}");

    let mut c = Console::new(&first.base);
    c.login(&password).await;
    let session = c.session_cookie().unwrap();
    assert_eq!(c.get("/console").await.status, 200);
    let log = first.log();
    assert!(!log.contains(&password), "password in the log:\n{log}");
    assert!(!log.contains(&session), "session id in the log:\n{log}");
    drop(first);

    // Started again on the same database: the password exists, none is printed.
    let again = GyeoljeProcess::start("again", &db.url, &[]).await;
    let line = console_line(&again).await;
    assert_eq!(line, format!("console: {}/console", again.base));
    assert!(!again.stdout_after_listening().contains(&password));
    assert!(!again.log().contains(&password));
    let mut c = Console::new(&again.base);
    c.login(&password).await;
}

#[tokio::test]
async fn set_password_from_stdin_replaces_the_password() {
    let db = TestDatabase::sqlite().unwrap();
    let (ok, out) = set_password_cli(&db.url, "short\n").await;
    assert!(!ok, "a short password is refused: {out}");
    assert!(out.contains("at least 8"), "{out}");

    let new = "a-password-from-stdin";
    let (ok, out) = set_password_cli(&db.url, &format!("{new}\n")).await;
    assert!(ok, "{out}");
    assert!(out.contains("admin password set"), "{out}");
    assert!(!out.contains(new), "the password is not echoed: {out}");

    let server = GyeoljeProcess::start("server", &db.url, &[]).await;
    let line = console_line(&server).await;
    assert!(printed_password(&line).is_none(), "one was set: {line}");
    let mut c = Console::new(&server.base);
    assert_eq!(c.try_login("not-it-at-all").await.status, 401);
    c.login(new).await;
    let session = c.session_cookie().unwrap();

    // Changed while the server runs: the session ends, the new one works.
    let newer = "and-another-password";
    let (ok, out) = set_password_cli(&db.url, &format!("{newer}\n")).await;
    assert!(ok, "{out}");
    assert_eq!(c.get("/console").await.status, 303);
    assert_eq!(c.try_login(new).await.status, 401);
    c.login(newer).await;
    let log = server.log();
    for secret in [new, newer, session.as_str()] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

#[tokio::test]
async fn of_processes_starting_at_once_on_postgres_exactly_one_prints_a_password() {
    let Some(db) = TestDatabase::postgres("console_first_password").await else {
        return;
    };
    let url = db.url.clone();
    let starts: Vec<_> = (0..3)
        .map(|i| {
            let url = url.clone();
            tokio::spawn(async move { GyeoljeProcess::start(&format!("p{i}"), &url, &[]).await })
        })
        .collect();
    let mut processes = Vec::new();
    for s in starts {
        processes.push(s.await.unwrap());
    }
    let mut printed = Vec::new();
    for p in &processes {
        if let Some(pw) = printed_password(&console_line(p).await) {
            printed.push(pw);
        }
    }
    assert_eq!(printed.len(), 1, "printed: {printed:?}");
    for p in &processes {
        let mut c = Console::new(&p.base);
        c.login(&printed[0]).await;
        assert!(!p.log().contains(&printed[0]));
    }
    drop(processes);
    db.cleanup().await;
}
