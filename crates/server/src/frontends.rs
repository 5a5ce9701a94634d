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

#[cfg(test)]
mod tests {
    use gyeolje_core::Protocol;

    /// Stored names never change once released (rows in databases carry
    /// them); a new kind is added here on purpose.
    #[test]
    fn every_kind_is_registered_once_under_its_stored_name() {
        let front_ends = super::registered().unwrap();
        let mut names: Vec<&str> = front_ends.kinds().map(|k| k.name).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "acquirer.refund",
                "acquirer.void",
                "innopay.notification",
                "innopay.sms",
                "ipay.cancel",
                "ipay.completion",
                "payapp.feedback",
                "payapp.feedback.created",
                "payapp.sms",
            ]
        );
        for name in names {
            assert_eq!(front_ends.kind(name).map(|k| k.name), Some(name));
        }
        for p in Protocol::ALL {
            assert_eq!(front_ends.get(p).protocol(), p);
        }
    }
}
