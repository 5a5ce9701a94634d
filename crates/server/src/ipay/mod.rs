//! The Auction iPay front end (manual `000_85a7581d9c2ead0f.txt`): the ASMX
//! SOAP service with its WSDL and help pages, cart registration, the
//! queries and order-management operations, the escrow orders behind them,
//! the `<IpayResponse>` callbacks, and the buyer's pages.

pub mod call;
mod cart;
pub mod checkout;
pub mod deposit;
pub mod endpoint;
pub mod escrow;
pub mod frontend;
mod image;
pub mod manage;
pub mod notices;
mod operator;
pub mod pages;
mod queries;
pub mod sandbox;
pub mod state;
pub mod ticket;
