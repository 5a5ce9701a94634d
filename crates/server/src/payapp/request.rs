//! The request parameters a PayApp payment was created with (its protocol
//! data), read back by the feedback, the offered methods and the pages.

use crate::error::ServiceError;
use gyeolje_core::Payment;
use gyeolje_payapp::PayRequest;

/// The stored request parameters of a PayApp payment.
pub fn request_of(payment: &Payment) -> Result<PayRequest, ServiceError> {
    Ok(payment.protocol_data()?)
}
