//! Faults on demand (issue 17): the sandbox arms "the next N callbacks to
//! this merchant fail", "the acquirer declines (or times out on) the next N
//! approvals", "the carrier rejects the next N SMS", "the next N deposits
//! arrive after their deadline", per merchant.
//!
//! Faults live in the store (`FaultStore`), so every gateway process on the
//! database sees the same ones and each firing is taken exactly once. They
//! are injected where the service calls the outside world — the delivery
//! worker for callbacks and SMS, the approval call for the acquirer, the
//! deposit confirmation for the bank — never inside a protocol: a protocol
//! sees the same decline, carrier rejection, failed attempt or expired
//! account it sees when the real thing happens, and answers it its own way.
//! In production mode (`--sandbox false`) no route arms a fault and no
//! check runs.

pub mod acquirer;
pub mod api;
pub mod arm;
pub mod deliveries;
pub mod deposit;
pub mod take;
