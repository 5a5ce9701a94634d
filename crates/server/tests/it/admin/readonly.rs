//! Read-only commands never create or migrate a database: against a
//! missing SQLite file they fail naming the URL, and the file (and its
//! directory) are still not there afterwards.

use crate::support::cli_fails;

#[tokio::test]
async fn read_only_commands_on_a_missing_database_fail_and_create_nothing() {
    let dir = std::env::temp_dir().join(format!("gyeolje-readonly-{}", std::process::id()));
    let path = dir.join("missing.db");
    let url = format!("sqlite://{}", path.display());
    for args in [
        vec!["payment", "list", "--database", &url],
        vec!["payment", "list", "--json", "--database", &url],
        vec!["payment", "show", "1000", "--database", &url],
        vec!["merchant", "list", "--database", &url],
        vec!["merchant", "show", "payapptest", "--database", &url],
        vec!["notify", "list", "--database", &url],
        vec!["notify", "show", "1", "--database", &url],
        vec!["notify", "replay", "1", "--database", &url],
        vec!["clock", "show", "--database", &url],
    ] {
        let e = cli_fails(&args).await;
        assert!(e.contains(&url), "{args:?}: {e}");
        assert!(e.contains("does not exist"), "{args:?}: {e}");
        assert!(!path.exists(), "{args:?} created {}", path.display());
        assert!(!dir.exists(), "{args:?} created {}", dir.display());
    }
}

#[tokio::test]
async fn payment_list_refuses_bad_filters_before_opening_anything() {
    let url = "sqlite:///nonexistent-dir-gyeolje/x.db";
    let e = cli_fails(&["payment", "list", "--since", "yesterday", "--database", url]).await;
    assert!(e.contains("RFC 3339"), "{e}");
    let e = cli_fails(&["payment", "list", "--protocol", "paypal", "--database", url]).await;
    assert!(e.contains("unknown protocol"), "{e}");
    let e = cli_fails(&["payment", "list", "--state", "done", "--database", url]).await;
    assert!(
        e.contains("unknown state") && e.contains("awaiting_deposit"),
        "{e}"
    );
}
