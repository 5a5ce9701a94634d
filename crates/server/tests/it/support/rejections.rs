//! PayApp calls the server refuses: the client crate's `Rejected` error,
//! its `errno` and message.

use gyeolje_payapp::ClientError;

/// Asserts the call was refused with a PayApp error line (`state=0`), not
/// accepted and not failed in transport; returns its `errno` and message.
#[track_caller]
pub fn rejected<T: std::fmt::Debug>(r: Result<T, ClientError>) -> (u32, String) {
    match r {
        Err(ClientError::Rejected { errno, message }) => (errno, message),
        other => panic!("expected a PayApp error, got {other:?}"),
    }
}

/// Asserts the call was refused with `errno` in particular; returns the
/// message.
#[track_caller]
pub fn rejected_with<T: std::fmt::Debug>(r: Result<T, ClientError>, errno: u32) -> String {
    let (got, message) = rejected(r);
    assert_eq!(got, errno, "refused with another errno: {message}");
    message
}
