//! Issue 15's PayApp part: what public integrations send and read beyond the
//! manual's tables (`docs/protocols/payapp.md`, "Live forms"). Each request
//! shape is replayed as raw bytes in both its manual form and its live form.

mod connections;
mod manual_text;
mod multipart;
mod partial_cancel;
mod wallets;
