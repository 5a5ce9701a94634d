//! Auction iPay (manual 000), end to end.

mod browser;
mod pages;
mod pages_refusals;
