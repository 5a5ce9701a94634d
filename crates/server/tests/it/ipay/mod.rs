//! iPay: the SOAP service driven through `gyeolje_ipay::client`, the
//! sandbox buyer, and the `<IpayResponse>` callbacks at a merchant sink.

mod manage_cancel;
mod manage_isolation;
mod manage_lists;
mod manage_returns;
mod manage_support;
mod story;
