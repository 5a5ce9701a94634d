//! The console's admin password: argon2id (memory-hard, so a stolen hash
//! is slow to search) stored as a PHC string, which names its own salt and
//! parameters, so the parameters can change later without a migration.
//!
//! Hashing costs tens of milliseconds of CPU on purpose; it runs on the
//! blocking pool so a login never stalls the request threads.

use gyeolje_core::Timestamp;
use gyeolje_store::{Store, StoreError};
use rand::RngExt;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The shortest password `set-password` accepts.
pub const MIN_LENGTH: usize = 8;

/// Letters and digits a person copies from a terminal without mistaking one
/// for another (no 0/O, 1/l/I).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// How long a generated first password is (about 117 bits).
const GENERATED_LENGTH: usize = 20;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must have at least {MIN_LENGTH} characters")]
    TooShort,
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A fresh random password for the first start.
pub fn generate() -> String {
    let mut rng = rand::rng();
    (0..GENERATED_LENGTH)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// The PHC string of `password` with a fresh salt, at argon2's default
/// cost (19 MiB, 2 passes): for passwords a person chose.
pub async fn hash(password: &str) -> Result<String, PasswordError> {
    hash_with(password, argon2::Params::default()).await
}

/// The cost for a generated password: its ~117 random bits already put a
/// search out of reach, so a smaller memory cost (4 MiB, 3 passes) loses
/// nothing, and a fresh server's start (every benchmark scenario's) does not
/// raise its peak memory by argon2's default 19 MiB.
fn generated_params() -> Result<argon2::Params, PasswordError> {
    argon2::Params::new(4096, 3, 1, None).map_err(|e| PasswordError::Hash(e.to_string()))
}

async fn hash_with(password: &str, params: argon2::Params) -> Result<String, PasswordError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt: [u8; 16] = rand::rng().random();
        let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
        argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| PasswordError::Hash(e.to_string()))
    })
    .await
    .map_err(|e| PasswordError::Hash(e.to_string()))?
}

/// Whether `password` is the one `phc` was made from (at the cost the PHC
/// string names). A stored string that does not parse matches nothing.
pub async fn verify(phc: &str, password: &str) -> bool {
    let (phc, password) = (phc.to_owned(), password.to_owned());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc).is_ok_and(|parsed| {
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// Sets the admin password (`gyeolje admin set-password`); every console
/// session ends.
pub async fn set(store: &dyn Store, password: &str, now: Timestamp) -> Result<(), PasswordError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    let phc = hash(password).await?;
    store.set_admin_password(&phc, now).await?;
    Ok(())
}

/// On start-up: when no admin password is set, generates one and stores it
/// if still none is set. Returns the password only to the one process that
/// stored it (several may start at once on one database), for it to print
/// once; `None` when a password already existed.
pub async fn ensure_first(
    store: &dyn Store,
    now: Timestamp,
) -> Result<Option<String>, PasswordError> {
    if store.admin_password().await?.is_some() {
        return Ok(None);
    }
    let password = generate();
    let phc = hash_with(&password, generated_params()?).await?;
    Ok(store
        .init_admin_password(&phc, now)
        .await?
        .then_some(password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ() {
        let a = hash("correct horse").await.unwrap();
        let b = hash("correct horse").await.unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "salted");
        assert!(verify(&a, "correct horse").await);
        assert!(!verify(&a, "correct horsf").await);
        assert!(!verify("not a phc string", "correct horse").await);
        let light = hash_with("generated", generated_params().unwrap())
            .await
            .unwrap();
        assert!(light.contains("m=4096,t=3,p=1"), "{light}");
        assert!(verify(&light, "generated").await);
    }

    #[test]
    fn generated_passwords_are_long_and_plain() {
        let p = generate();
        assert_eq!(p.len(), GENERATED_LENGTH);
        assert!(p.bytes().all(|b| ALPHABET.contains(&b)));
        assert_ne!(p, generate());
    }
}
