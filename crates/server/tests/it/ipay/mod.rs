//! Auction iPay (manual 000), end to end: the SOAP service as real
//! integrations call it (the manual's PHP and ASP samples, SOAP 1.2 clients,
//! clients generated from the WSDL by zeep and node-soap, hostile input,
//! every §3.1.5 error code, the §3.1.9 queries), the payment pages in a
//! browser, the escrow stories and every order-management operation.

mod bad_input;
mod browser;
mod buyer;
mod buyer_key;
mod cart_codes;
mod interop_asp;
mod interop_help;
mod interop_php;
mod interop_queries;
mod interop_toolkits;
mod interop_wire;
mod live_forms;
mod manage_cancel;
mod manage_isolation;
mod manage_lists;
mod manage_returns;
pub(crate) mod manage_support;
mod pages;
mod pages_refusals;
mod story;
