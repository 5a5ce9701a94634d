//! The operator's side of the gateway, shared by the CLI (`cli`), the admin
//! API (`api`, JSON under `/admin/api/`) and the console (`/console`):
//! merchants and their credentials, payment lookup, and the operator
//! actions the manuals leave to a PG's back office. Each surface only
//! parses its input and renders; what an operation does lives here, once.

pub mod actions;
pub mod api;
pub mod merchant_view;
pub mod merchants;
pub mod payments;
