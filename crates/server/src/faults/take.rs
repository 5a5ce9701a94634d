//! Taking one firing of an armed fault: the one check every injection
//! point makes.

use crate::app::App;
use gyeolje_core::{ArmedFault, FaultTarget, MerchantId};

impl App {
    /// One firing of the merchant's oldest live fault of `target`, if one
    /// is armed. Sandbox only. When nothing is armed this is one read of an
    /// index holding only live faults; only an armed fault costs a write.
    /// A store that cannot answer fires nothing: a sandbox convenience
    /// must not fail a payment.
    pub async fn take_fault(
        &self,
        merchant: MerchantId,
        target: FaultTarget,
    ) -> Option<ArmedFault> {
        if !self.config.sandbox {
            return None;
        }
        match self.store.fault_armed(merchant, target).await {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => {
                tracing::warn!(error = %e, %target, "cannot read the armed faults");
                return None;
            }
        }
        self.take_armed_fault(merchant, target).await
    }

    /// [`App::take_fault`] without the read first, for a caller that has
    /// just seen the fault armed (the delivery worker reads once per batch).
    pub async fn take_armed_fault(
        &self,
        merchant: MerchantId,
        target: FaultTarget,
    ) -> Option<ArmedFault> {
        match self.store.take_fault(merchant, target).await {
            Ok(Some(fault)) => {
                tracing::info!(
                    fault = fault.id,
                    merchant = %merchant,
                    %target,
                    kind = fault.kind.name(),
                    remaining = fault.remaining,
                    "sandbox fault fired"
                );
                Some(fault)
            }
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = %e, %target, "cannot take an armed fault");
                None
            }
        }
    }
}
