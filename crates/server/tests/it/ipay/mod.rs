//! The Auction iPay SOAP service (`/ArcheSystem/IpayService.asmx`) as real
//! integrations call it: the manual's PHP and ASP samples, SOAP 1.2 clients,
//! clients generated from the WSDL (zeep, node-soap), hostile input, every
//! §3.1.5 error code and the §3.1.9 queries.

mod bad_input;
mod cart_codes;
mod interop_asp;
mod interop_help;
mod interop_php;
mod interop_queries;
mod interop_toolkits;
mod interop_wire;
