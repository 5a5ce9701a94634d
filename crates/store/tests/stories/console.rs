//! The console's admin password and sessions on every backend: the first
//! password is set once however many callers race, a new password ends every
//! session, and sessions expire and end on logout.

use super::*;
use gyeolje_store::ConsoleSession;

fn session(id: &str, expires: i64) -> ConsoleSession {
    ConsoleSession {
        id_hash: id.into(),
        csrf_token: format!("csrf-{id}"),
        created_at: t(1_000),
        expires_at: t(expires),
    }
}

pub(crate) async fn console_story(store: Arc<dyn Store>) {
    assert_eq!(store.admin_password().await.unwrap(), None);

    // Eight processes starting at once: exactly one stores its password.
    let racers: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let won = store
                    .init_admin_password(&format!("$argon2id$first{i}"), t(1))
                    .await
                    .unwrap();
                (i, won)
            })
        })
        .collect();
    let mut winners = Vec::new();
    for r in racers {
        let (i, won) = r.await.unwrap();
        if won {
            winners.push(i);
        }
    }
    assert_eq!(winners.len(), 1, "winners: {winners:?}");
    let first = format!("$argon2id$first{}", winners[0]);
    assert_eq!(store.admin_password().await.unwrap(), Some(first.clone()));
    assert!(
        !store
            .init_admin_password("$argon2id$late", t(2))
            .await
            .unwrap()
    );
    assert_eq!(store.admin_password().await.unwrap(), Some(first));

    store
        .create_console_session(&session("a", 10_000))
        .await
        .unwrap();
    store
        .create_console_session(&session("b", 20_000))
        .await
        .unwrap();
    let a = store.console_session("a", t(5_000)).await.unwrap();
    assert_eq!(a, Some(session("a", 10_000)));
    assert_eq!(
        store.console_session("a", t(10_000)).await.unwrap(),
        None,
        "expired"
    );
    assert_eq!(store.console_session("nope", t(5_000)).await.unwrap(), None);

    store.extend_console_session("a", t(30_000)).await.unwrap();
    assert!(
        store
            .console_session("a", t(25_000))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        store.purge_console_sessions(t(25_000)).await.unwrap(),
        1,
        "b expired"
    );
    assert!(store.delete_console_session("a").await.unwrap());
    assert!(!store.delete_console_session("a").await.unwrap());

    // A new password logs everyone out.
    store
        .create_console_session(&session("c", 90_000))
        .await
        .unwrap();
    store
        .set_admin_password("$argon2id$second", t(3))
        .await
        .unwrap();
    assert_eq!(
        store.admin_password().await.unwrap().as_deref(),
        Some("$argon2id$second")
    );
    assert_eq!(store.console_session("c", t(5_000)).await.unwrap(), None);
}
