//! The Auction iPay front end (manual `000_85a7581d9c2ead0f.txt`): the ASMX
//! SOAP service with its WSDL and help pages, cart registration, the
//! queries and order-management operations, the escrow orders behind them,
//! the `<IpayResponse>` callbacks, and the buyer's pages.

mod cart;
pub mod checkout;
pub mod endpoint;
pub mod escrow;
pub mod frontend;
mod image;
pub mod manage;
pub mod notices;
pub mod pages;
mod queries;
pub mod sandbox;
pub mod state;
pub mod ticket;

use crate::app::App;
use axum::Router;
use axum::routing::get;

/// Where the SOAP service lives, as on `api.auction.co.kr`.
pub const SERVICE_PATH: &str = "/ArcheSystem/IpayService.asmx";

pub fn routes() -> Router<App> {
    Router::new()
        .route(SERVICE_PATH, get(endpoint::describe).post(endpoint::call))
        .merge(pages::routes())
}
