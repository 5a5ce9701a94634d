//! Arming, listing and disarming faults for a merchant named by its key —
//! what `POST/GET/DELETE /sandbox/faults` and the console's sandbox page
//! both do. The merchant key is any the CLI takes (`admin::merchants::find`:
//! an id, a PayApp userid, an InnoPay mid or an iPay seller id).

use crate::admin::merchants::{self, MerchantError};
use crate::app::App;
use gyeolje_core::{ArmedFault, FaultKind, FaultTarget, Merchant, NewFault};
use gyeolje_sim::DeclineCode;
use gyeolje_store::StoreError;

/// Why a fault could not be armed, listed or disarmed.
#[derive(Debug, thiserror::Error)]
pub enum FaultCallError {
    /// The request does not describe a fault (→ 400).
    #[error("{0}")]
    Invalid(String),
    /// No merchant has that key (→ 404).
    #[error("{0}")]
    UnknownMerchant(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<MerchantError> for FaultCallError {
    fn from(e: MerchantError) -> Self {
        match e {
            MerchantError::NotFound(_) => FaultCallError::UnknownMerchant(e.to_string()),
            MerchantError::Store(e) => FaultCallError::Store(e),
            MerchantError::Invalid(why) | MerchantError::Taken(why) => FaultCallError::Invalid(why),
        }
    }
}

fn invalid(why: impl Into<String>) -> FaultCallError {
    FaultCallError::Invalid(why.into())
}

/// A fault as a caller describes it, before it is checked.
#[derive(Debug, Default, Clone)]
pub struct FaultSpec {
    pub target: String,
    /// Absent for `sms` (`reject`) and `deposit` (`late`), which have one kind.
    pub kind: Option<String>,
    /// The HTTP status of a callbacks `status` fault.
    pub status: Option<i64>,
    /// The decline code of an acquirer `decline` fault (default `declined`).
    pub code: Option<String>,
    /// How many times it fires (default 1).
    pub count: Option<i64>,
}

/// The target and kind `spec` names, checked.
pub fn parse(spec: &FaultSpec) -> Result<(FaultTarget, FaultKind, u32), FaultCallError> {
    let target = FaultTarget::parse(spec.target.trim()).ok_or_else(|| {
        invalid(format!(
            "unknown target {:?} (one of: callbacks, acquirer, sms, deposit)",
            spec.target
        ))
    })?;
    let kind_name = match (spec.kind.as_deref().map(str::trim), target) {
        (Some(k), _) if !k.is_empty() => k,
        (_, FaultTarget::Sms) => "reject",
        (_, FaultTarget::Deposit) => "late",
        (_, t) => {
            return Err(invalid(format!(
                "fault.kind is required for target {t} (one of: {})",
                t.kinds().join(", ")
            )));
        }
    };
    if !target.kinds().contains(&kind_name) {
        return Err(invalid(format!(
            "unknown kind {kind_name:?} for target {target} (one of: {})",
            target.kinds().join(", ")
        )));
    }
    let kind = match kind_name {
        "status" => {
            let status = spec
                .status
                .ok_or_else(|| invalid("fault.status is required for kind status"))?;
            let status = u16::try_from(status)
                .ok()
                .filter(|s| (100..=599).contains(s))
                .ok_or_else(|| invalid(format!("fault.status {status} is not an HTTP status")))?;
            FaultKind::Status(status)
        }
        "decline" => {
            let code = spec.code.as_deref().map_or("declined", str::trim);
            match DeclineCode::parse(code) {
                Some(DeclineCode::Timeout) => {
                    return Err(invalid("a timeout is kind \"timeout\", not a decline code"));
                }
                Some(c) => FaultKind::Decline(c.as_str().to_owned()),
                None => {
                    return Err(invalid(format!(
                        "unknown decline code {code:?} (one of: declined, insufficient_funds, \
                         expired_card, invalid_number)"
                    )));
                }
            }
        }
        other => FaultKind::from_parts(other, None, None)
            .ok_or_else(|| invalid(format!("unknown kind {other:?}")))?,
    };
    let count = spec.count.unwrap_or(1);
    let count = u32::try_from(count)
        .ok()
        .filter(|c| (1..=NewFault::MAX_COUNT).contains(c))
        .ok_or_else(|| {
            invalid(format!(
                "count must be between 1 and {} (got {count})",
                NewFault::MAX_COUNT
            ))
        })?;
    Ok((target, kind, count))
}

/// Arms the fault `spec` describes for the merchant with key `merchant`.
pub async fn arm(
    app: &App,
    merchant: &str,
    spec: &FaultSpec,
) -> Result<(Merchant, ArmedFault), FaultCallError> {
    let (target, kind, count) = parse(spec)?;
    let merchant = merchants::find(&*app.store, merchant).await?;
    let fault = NewFault::new(merchant.id, target, kind, count)
        .map_err(|e| FaultCallError::Invalid(e.to_string()))?;
    let armed = app.store.arm_fault(&fault, app.wall_now()).await?;
    tracing::info!(fault = armed.id, merchant = %merchant.id, %target, kind = armed.kind.name(), count, "sandbox fault armed");
    Ok((merchant, armed))
}

/// The merchant's faults, spent ones included, oldest first.
pub async fn list(
    app: &App,
    merchant: &str,
) -> Result<(Merchant, Vec<ArmedFault>), FaultCallError> {
    let merchant = merchants::find(&*app.store, merchant).await?;
    let faults = app.store.faults(merchant.id).await?;
    Ok((merchant, faults))
}

/// Disarms (forgets) every fault of the merchant; returns how many.
pub async fn disarm(app: &App, merchant: &str) -> Result<(Merchant, u64), FaultCallError> {
    let merchant = merchants::find(&*app.store, merchant).await?;
    let n = app.store.disarm_faults(merchant.id).await?;
    Ok((merchant, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(target: &str, kind: Option<&str>) -> FaultSpec {
        FaultSpec {
            target: target.into(),
            kind: kind.map(str::to_owned),
            ..FaultSpec::default()
        }
    }

    #[test]
    fn parses_each_target() {
        let status = FaultSpec {
            status: Some(503),
            count: Some(3),
            ..spec("callbacks", Some("status"))
        };
        assert_eq!(
            parse(&status).unwrap(),
            (FaultTarget::Callbacks, FaultKind::Status(503), 3)
        );
        assert_eq!(
            parse(&spec("acquirer", Some("decline"))).unwrap().1,
            FaultKind::Decline("declined".into())
        );
        assert_eq!(
            parse(&spec("sms", None)).unwrap(),
            (FaultTarget::Sms, FaultKind::Reject, 1)
        );
        assert_eq!(parse(&spec("deposit", None)).unwrap().1, FaultKind::Late);
    }

    #[test]
    fn refuses_what_does_not_fit() {
        for bad in [
            spec("nowhere", Some("status")),
            spec("callbacks", None),
            spec("callbacks", Some("status")),
            spec("callbacks", Some("decline")),
            spec("acquirer", Some("reset")),
            FaultSpec {
                code: Some("timeout".into()),
                ..spec("acquirer", Some("decline"))
            },
            FaultSpec {
                code: Some("nope".into()),
                ..spec("acquirer", Some("decline"))
            },
            FaultSpec {
                status: Some(42),
                ..spec("callbacks", Some("status"))
            },
            FaultSpec {
                count: Some(0),
                ..spec("sms", None)
            },
        ] {
            assert!(
                matches!(parse(&bad), Err(FaultCallError::Invalid(_))),
                "{bad:?}"
            );
        }
    }
}
