//! Who a PayApp `userid` is, and the credentials gyeolje issues.
//!
//! A `userid` sent to `payrequest` or `paycancel` names either a seller
//! account or one of its sub-accounts (부계정). A sub-account acts for its
//! seller — the payment belongs to the seller, feedback carries the seller's
//! credentials — and only within its permission bits (manual 001, 권한설정):
//! requesting needs 부계정사용 (1) or 메인관리자 (2), cancelling needs 결제취소
//! (4) or 메인관리자. Lacking the bit is 70060. For a cancel, a sub-account
//! proves itself with its seller's `linkkey`: sub-accounts have no key of
//! their own in the manual.
//!
//! [`acting_seller`] is the one place this is decided; the payment handlers
//! call it where they used to look the merchant up.
//!
//! Credentials: link keys and values are 32 random bytes in base64 (44
//! characters, like the manual's demo values); passwords are stored as an
//! iterated, salted SHA-256 digest ([`hash_password`]) and never logged.

use super::error::ApiError;
use gyeolje_core::{Merchant, PasswordHash, Permissions, Secret};
use gyeolje_payapp::PayAppError;
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::throttle::Guess;

/// What the caller is about to do with the account.
#[derive(Clone, Copy, Debug)]
pub enum Action<'a> {
    /// `payrequest`.
    Request,
    /// `paycancel` (and `paycancelreq`), authenticated by the seller's link key.
    Cancel { linkkey: &'a str },
}

impl Action<'_> {
    fn permitted(self, p: Permissions) -> bool {
        match self {
            Action::Request => p.may_request(),
            Action::Cancel { .. } => p.may_cancel(),
        }
    }

    fn refusal(self, subuserid: &str) -> PayAppError {
        let what = match self {
            Action::Request => "결제요청 권한(부계정사용 또는 메인관리자)",
            Action::Cancel { .. } => "결제취소 권한(결제취소 또는 메인관리자)",
        };
        PayAppError::not_permitted(format!(
            "권한이 없습니다: 부계정 '{subuserid}'에는 {what}이 없습니다"
        ))
    }

    /// Whether the call proves itself: a request needs no key, a cancel its
    /// seller's `linkkey` (compared under the throttle, see [`linkkey_ok`]).
    fn key_matches(self, app: &App, merchant: &Merchant) -> Result<bool, ApiError> {
        match self {
            Action::Request => Ok(true),
            Action::Cancel { linkkey } => linkkey_ok(app, merchant, linkkey),
        }
    }
}

tokio::task_local! {
    /// The address of the client whose API call is being handled, set by the
    /// API's handler around the call (every cmd that checks a link key
    /// would otherwise carry it through its signature for this one use).
    pub static CALLER: Option<std::net::IpAddr>;
}

/// Compares `given` with the merchant's link key, unless this caller has
/// guessed wrong too often (see [`crate::throttle`]): then 70010 saying how
/// long to wait, before any comparison. Counted per seller and caller
/// only — a 44-character random key cannot be searched, and a per-seller
/// lock would let anyone block a seller's cancels. Logged without the key.
pub fn linkkey_ok(app: &App, merchant: &Merchant, given: &str) -> Result<bool, ApiError> {
    let Some(account) = &merchant.payapp else {
        return Ok(false);
    };
    let caller = CALLER.try_with(|c| *c).ok().flatten();
    let key = crate::throttle::source_key(&format!("payapp.linkkey:{}", account.userid), caller);
    match app
        .guesses
        .guess(&[(&key, crate::throttle::PER_SOURCE)], || {
            account.linkkey.matches(given)
        }) {
        Guess::Right => Ok(true),
        Guess::Wrong { locked } => {
            tracing::info!(userid = %account.userid, caller = ?caller, locked, "payapp linkkey wrong");
            Ok(false)
        }
        Guess::Locked(wait) => {
            tracing::warn!(userid = %account.userid, caller = ?caller, "payapp linkkey guessing locked; refused unchecked");
            Err(PayAppError::bad_credentials(format!(
                "linkkey: 오류가 너무 많습니다. {}초 후에 다시 시도하세요",
                wait.as_secs().max(1)
            ))
            .into())
        }
    }
}

/// The seller `userid` acts for. `Ok(None)` when the id is unknown or, for
/// a cancel, the link key does not match — the caller answers 70010 with
/// its own message, as before sub-accounts existed. A sub-account without
/// the permission is 70060, checked only after the key (so the refusal
/// tells nothing to someone without it).
pub async fn acting_seller(
    app: &App,
    userid: &str,
    action: Action<'_>,
) -> Result<Option<Merchant>, ApiError> {
    if let Some(merchant) = app.store.merchant_by_payapp_userid(userid).await? {
        return Ok(action.key_matches(app, &merchant)?.then_some(merchant));
    }
    let Some(sub) = app.store.sub_account(userid).await? else {
        return Ok(None);
    };
    let merchant = app.store.merchant(sub.merchant_id).await?.ok_or_else(|| {
        ApiError::Internal(format!(
            "sub-account {} belongs to missing merchant {}",
            sub.subuserid, sub.merchant_id
        ))
    })?;
    // A disabled seller's sub-accounts act for no one either.
    if merchant.is_disabled() || !action.key_matches(app, &merchant)? {
        return Ok(None);
    }
    if !action.permitted(sub.permissions) {
        return Err(action.refusal(&sub.subuserid).into());
    }
    Ok(Some(merchant))
}

/// The live form of a sub-account's call: the seller's own `userid` with
/// `subuserid` naming the sub-account it is made for (the manual's form
/// sends the sub-account's id as `userid`, see [`acting_seller`]). The
/// sub-account must be `merchant`'s (70010 otherwise, like an unknown
/// `userid`) and hold the permission `action` needs (70060).
pub async fn check_sub_account(
    app: &App,
    merchant: &Merchant,
    subuserid: &str,
    action: Action<'_>,
) -> Result<(), ApiError> {
    match app.store.sub_account(subuserid).await? {
        Some(sub) if sub.merchant_id == merchant.id => {
            if action.permitted(sub.permissions) {
                Ok(())
            } else {
                Err(action.refusal(&sub.subuserid).into())
            }
        }
        Some(_) | None => {
            Err(PayAppError::bad_credentials("subuserid: 이 판매자의 부계정이 아닙니다").into())
        }
    }
}

/// A fresh link key or link value: 32 random bytes, base64 with padding.
pub fn new_link_secret() -> Secret {
    Secret::new(base64(&rand::random::<[u8; 32]>()))
}

/// Rounds of SHA-256 in a password digest. Enough to make guessing costly,
/// few enough that a sign-up stays quick in a debug build.
const ROUNDS: u32 = 10_000;

/// `sha256i$<rounds>$<salt hex>$<digest hex>`, with a fresh 16-byte salt.
pub fn hash_password(password: &Secret) -> PasswordHash {
    digest_with(password.expose(), &rand::random::<[u8; 16]>(), ROUNDS)
}

/// Whether `candidate` is the password `stored` was made from.
pub fn verify_password(stored: &PasswordHash, candidate: &str) -> bool {
    let parts: Vec<&str> = stored.as_stored().split('$').collect();
    let [scheme, rounds, salt, _] = parts.as_slice() else {
        return false;
    };
    let (Ok(rounds), Some(salt)) = (rounds.parse::<u32>(), unhex(salt)) else {
        return false;
    };
    *scheme == "sha256i"
        && Secret::new(stored.as_stored())
            .matches(digest_with(candidate, &salt, rounds).as_stored())
}

fn digest_with(password: &str, salt: &[u8], rounds: u32) -> PasswordHash {
    let mut state: Vec<u8> = Sha256::new()
        .chain_update(salt)
        .chain_update(password.as_bytes())
        .finalize()
        .to_vec();
    for _ in 1..rounds {
        state = Sha256::new()
            .chain_update(&state)
            .chain_update(salt)
            .chain_update(password.as_bytes())
            .finalize()
            .to_vec();
    }
    PasswordHash::from_stored(format!("sha256i${rounds}${}${}", hex(salt), hex(&state)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xfb, 0xff, 0xbf]), "+/+/");
    }

    #[test]
    fn link_secrets_look_like_the_manuals() {
        let a = new_link_secret();
        let b = new_link_secret();
        assert_eq!(a.expose().len(), 44);
        assert!(a.expose().ends_with('='));
        assert_ne!(a, b);
    }

    #[test]
    fn passwords_are_salted_and_verify() {
        let pw = Secret::new("passw0rd1");
        let a = hash_password(&pw);
        let b = hash_password(&pw);
        assert_ne!(a, b, "fresh salt each time");
        assert!(!a.as_stored().contains("passw0rd1"));
        assert!(a.as_stored().starts_with("sha256i$10000$"));
        assert!(verify_password(&a, "passw0rd1"));
        assert!(verify_password(&b, "passw0rd1"));
        assert!(!verify_password(&a, "passw0rd2"));
        assert!(!verify_password(
            &PasswordHash::from_stored("plain"),
            "plain"
        ));
        assert!(!verify_password(
            &PasswordHash::from_stored("sha256i$1$zz$00"),
            "x"
        ));
    }

    #[test]
    fn digest_is_deterministic_for_a_salt() {
        let one = digest_with("pw", &[1, 2, 3], 1);
        let expected: String = Sha256::digest([1u8, 2, 3, b'p', b'w'])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(one.as_stored(), format!("sha256i$1$010203${expected}"));
    }
}
