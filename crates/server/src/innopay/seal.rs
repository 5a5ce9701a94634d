//! Sealing the Web-Link parameters between the popup's two screens.
//!
//! The popup's first screen is rendered from the merchant's request; its
//! form posts back to gyeolje. The request travels in that form as JSON
//! *without* the `LicenseKey` (the key must not sit in the page's HTML),
//! together with an HMAC-SHA256 of the JSON keyed by the merchant's licence
//! key. On submit the server recomputes it with the key it has on file: a
//! matching seal proves the parameters are the ones it validated, so no
//! server-side session is needed and nothing can be changed in between
//! except the fields the screen lets the user edit.

use gyeolje_core::Secret;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length (longer ones are hashed first).
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return [0; 32];
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// How long a screen 1 stays submittable: a page saved and submitted days
/// later (without a `Moid` that would make it a new order) is refused.
pub const VALID_FOR: std::time::Duration = std::time::Duration::from_secs(3600);

/// What is sealed: when screen 1 was issued, and the request.
pub fn stamped(issued: gyeolje_core::Timestamp, request: &str) -> String {
    format!("{}\n{request}", issued.as_millis())
}

/// The seal of `payload` under the licence key, as lowercase hex.
pub fn seal(license_key: &Secret, payload: &str) -> String {
    hmac_sha256(license_key.expose().as_bytes(), payload.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `given` is the seal of `payload` (compared in constant time).
pub fn verify(license_key: &Secret, payload: &str, given: &str) -> bool {
    Secret::new(seal(license_key, payload)).matches(given.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn long_keys_are_hashed_first() {
        // RFC 4231 test case 6: a 131-byte key.
        let key = [0xaau8; 131];
        let mac = hmac_sha256(
            &key,
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn verify_needs_the_same_key_and_payload() {
        let key = Secret::new("k1");
        let s = seal(&key, "{\"a\":1}");
        assert!(verify(&key, "{\"a\":1}", &s));
        assert!(!verify(&key, "{\"a\":2}", &s));
        assert!(!verify(&Secret::new("k2"), "{\"a\":1}", &s));
        assert!(!verify(&key, "{\"a\":1}", ""));
    }
}
