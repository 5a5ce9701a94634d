//! The PayApp front end (manual 001): the REST API at `/oapi/apiLoad.html`
//! (`api`, with the seller, sub-account and cash-receipt commands), feedback
//! to merchants (`feedback`), the payment-request SMS (`sms`), the hosted
//! pages (`pages`) and PayApp Lite (`lite`). `frontend` is how the service
//! reaches it.

pub mod accounts;
pub mod api;
pub mod cash;
pub mod error;
pub mod feedback;
pub mod frontend;
pub mod lite;
pub mod methods;
pub mod pages;
pub mod request;
pub mod sellers;
pub mod sms;
pub mod subaccounts;
pub mod urls;
