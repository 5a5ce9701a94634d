//! Callback and SMS faults, in the delivery worker.
//!
//! Both are outbox deliveries, so both are checked where the worker holds a
//! leased batch: one read per batch of "which merchants have live callback
//! or SMS faults" (an empty partial index when nothing is armed, so the
//! drain pays one tiny read per batch), and only when that names someone
//! are the batch's payments looked up for their merchant. A message whose
//! merchant has a live fault takes one firing just before its attempt; the
//! firing replaces the attempt (nothing is sent), and the attempt is
//! recorded and judged like any other, so the message's own retry schedule
//! decides what happens next.

use crate::app::App;
use gyeolje_core::{ArmedFault, Channel, FaultKind, FaultTarget, Lease, MerchantId, PaymentId};
use gyeolje_sim::{REJECTED_REASON, SmsError};
use std::collections::{HashMap, HashSet};

/// The fault a leased message must look for before its attempt.
pub type Watch = Option<(MerchantId, FaultTarget)>;

/// The target a message's channel stands for, if faults apply to it.
fn target_of(channel: &Channel) -> Option<FaultTarget> {
    match channel {
        Channel::Http { .. } => Some(FaultTarget::Callbacks),
        Channel::Sms { .. } => Some(FaultTarget::Sms),
        // Refunds and voids are the gateway's own business with the
        // acquirer, not a merchant's callback.
        Channel::Acquirer { .. } => None,
    }
}

/// For each lease of a batch, in order, the fault it must look for.
pub async fn watch(app: &App, leases: &[Lease]) -> Vec<Watch> {
    let mut watches = vec![None; leases.len()];
    if !app.config.sandbox {
        return watches;
    }
    let armed: HashSet<(MerchantId, FaultTarget)> = match app.store.armed_faults().await {
        Ok(armed) => armed.into_iter().collect(),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the armed faults");
            return watches;
        }
    };
    if armed.is_empty() {
        return watches;
    }
    let mut merchants: HashMap<PaymentId, Option<MerchantId>> = HashMap::new();
    for (lease, watch) in leases.iter().zip(watches.iter_mut()) {
        let (Some(target), Some(payment)) =
            (target_of(&lease.message.channel), lease.message.payment_id)
        else {
            continue;
        };
        if !armed.iter().any(|(_, t)| *t == target) {
            continue;
        }
        let merchant = match merchants.get(&payment) {
            Some(m) => *m,
            None => {
                let m = match app.store.payment(payment).await {
                    Ok(p) => p.map(|p| p.merchant_id),
                    Err(e) => {
                        tracing::warn!(error = %e, %payment, "cannot read a payment's merchant");
                        None
                    }
                };
                merchants.insert(payment, m);
                m
            }
        };
        *watch = merchant
            .filter(|m| armed.contains(&(*m, target)))
            .map(|m| (m, target));
    }
    watches
}

/// One firing of the watched fault, if it is still live.
pub async fn take(app: &App, watch: Watch) -> Option<ArmedFault> {
    let (merchant, target) = watch?;
    app.take_armed_fault(merchant, target).await
}

/// What a fired fault makes of an attempt instead of sending it: the
/// status the endpoint "answered", or the error the attempt ends with.
pub struct Simulated {
    pub status: Option<u16>,
    pub error: Option<String>,
}

/// Plays `fault` out. A timeout really waits the delivery timeout, as an
/// endpoint that never answers would make the attempt wait.
pub async fn simulate(app: &App, fault: &ArmedFault) -> Simulated {
    let failed = |why: String| Simulated {
        status: None,
        error: Some(format!("{why} (sandbox fault {})", fault.id)),
    };
    match &fault.kind {
        FaultKind::Status(status) => Simulated {
            status: Some(*status),
            error: None,
        },
        FaultKind::Timeout => {
            tokio::time::sleep(app.config.callback_timeout).await;
            failed("timed out".to_owned())
        }
        FaultKind::Reset => failed("connection reset by peer".to_owned()),
        FaultKind::Reject => failed(SmsError::Rejected(REJECTED_REASON.to_owned()).to_string()),
        // Kinds of other targets are never watched for here.
        FaultKind::Decline(_) | FaultKind::InsufficientFunds | FaultKind::Late => {
            failed("sandbox fault".to_owned())
        }
    }
}
