//! Acquirer faults, at the one place the service asks for a card approval.
//!
//! A decorator around [`Acquirer`](gyeolje_sim::Acquirer) would need the
//! merchant in every `AuthRequest`, which a real connector has no use for;
//! so the fault is taken here, with the payment's merchant at hand, and
//! answers exactly what the simulator answers for the test card of the same
//! outcome. Each protocol then maps the decline to its own code and message.

use crate::app::App;
use gyeolje_core::{FaultKind, FaultTarget, MerchantId};
use gyeolje_sim::{AuthRequest, Authorization, Decline, DeclineCode};

impl App {
    /// Asks the acquirer to approve `request` for `merchant`, unless an
    /// acquirer fault armed for the merchant answers first: a decline with
    /// its code, insufficient funds, or — after really waiting
    /// `--sim-acquirer-timeout` — the acquirer's timeout.
    pub async fn authorize(
        &self,
        merchant: MerchantId,
        request: AuthRequest,
    ) -> Result<Authorization, Decline> {
        let Some(fault) = self.take_fault(merchant, FaultTarget::Acquirer).await else {
            return self.acquirer.authorize(request).await;
        };
        let code = match &fault.kind {
            FaultKind::Decline(code) => DeclineCode::parse(code).unwrap_or(DeclineCode::Generic),
            FaultKind::InsufficientFunds => DeclineCode::InsufficientFunds,
            FaultKind::Timeout => {
                tokio::time::sleep(self.config.sim_acquirer_timeout).await;
                DeclineCode::Timeout
            }
            // Kinds of other targets never reach here (`NewFault::new`).
            FaultKind::Status(_) | FaultKind::Reset | FaultKind::Reject | FaultKind::Late => {
                DeclineCode::Generic
            }
        };
        Err(Decline::new(code))
    }
}
