//! Integration tests of the gyeolje server: the real server on port 0 with a
//! fresh database, a real HTTP endpoint standing in for the merchant, driven
//! through the PayApp client crate and through raw wire bytes. `processes`
//! runs the `gyeolje` binary itself; `php_sample` runs the manual's PHP client.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;
mod transport;

mod acquirer_books;
mod admin;
mod bad_input;
mod cancel;
mod cash_receipts;
mod conflicts;
mod connections;
mod console;
mod fairness;
mod faults;
mod feedback;
mod guessing;
mod innopay;
mod ipay;
mod lite_browser;
mod lite_popup;
mod merchant_clocks;
mod methods;
mod nodes;
mod operations;
mod oversize;
mod own_merchants;
mod payapp_flow;
mod payapp_live;
mod php_accounts;
mod php_sample;
mod processes;
mod production;
mod refunds;
mod retries;
mod sandbox;
mod sellers;
mod settlement;
mod subaccounts;
