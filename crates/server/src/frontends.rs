//! The registry of protocol front ends: the one place a protocol is
//! registered with the service. Adding a protocol adds its module and one
//! line here (see `docs/architecture.md`, "Adding a protocol").

use crate::app::FrontEnds;
use std::sync::Arc;

/// Every front end gyeolje serves.
pub fn registered() -> Result<FrontEnds, String> {
    FrontEnds::new(vec![
        Arc::new(crate::payapp::frontend::PayApp),
        Arc::new(crate::innopay::frontend::InnoPay),
        Arc::new(crate::ipay::frontend::Ipay),
    ])
}
