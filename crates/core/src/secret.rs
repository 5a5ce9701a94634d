//! Secrets (link keys, link values, licence keys, passwords) are wrapped so
//! that printing them — by `{:?}` in a log line, by accident — shows a mask.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A string that must never reach a log. Read it with [`Secret::expose`] at the
/// one place that needs the value (a comparison, a wire field, the database).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Compares without returning early on the first differing byte, so the
    /// time taken does not tell an attacker how much of a guess was right.
    pub fn matches(&self, candidate: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_value() {
        let s = Secret::new("ALSL4bhw2kPlZ+NeonwmJ+1DPJnCCRVaOgT+oqg6zaM=");
        assert_eq!(format!("{s:?} {s}"), "Secret(***) ***");
        assert!(s.matches("ALSL4bhw2kPlZ+NeonwmJ+1DPJnCCRVaOgT+oqg6zaM="));
        assert!(!s.matches("ALSL4bhw2kPlZ+NeonwmJ+1DPJnCCRVaOgT+oqg6zaX="));
        assert!(!s.matches(""));
    }
}
