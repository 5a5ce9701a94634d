//! Auction iPay's wire protocol (manual `000_85a7581d9c2ead0f.txt`).
//!
//! iPay is an ASP.NET ASMX SOAP service. Merchants build envelopes by hand
//! (string concatenation, sometimes escaping every `&`), or generate clients
//! from the WSDL (suds, zeep, .NET, node-soap). This crate holds everything
//! both sides of that wire share, free of HTTP servers and databases:
//!
//! - [`xml`]: a small, safe XML reader (no DTDs, no entities beyond the five
//!   predefined ones, bounded depth and size) producing an [`xml::Element`] tree;
//! - [`soap`]: SOAP 1.1 and 1.2 envelopes, the `EncryptedTicket` header,
//!   responses and faults;
//! - [`cart`]: `InsertIpayOrderToLong` / `InsertIpayOrder` with every rule of
//!   §3.1.2 and the error codes of §3.1.5;
//! - [`notice`]: the `<IpayResponse>` documents of §3.1.6 and §3.1.8;
//! - [`wsdl`]: the service description and the `?op=` help pages;
//! - `client` (feature `client`): the merchant-side Rust client.

pub mod cart;
#[cfg(feature = "client")]
pub mod client;
pub mod courier;
#[doc(hidden)]
pub mod fuzzing;
pub mod notice;
pub mod ops;
pub mod soap;
pub mod wsdl;
pub mod xml;
