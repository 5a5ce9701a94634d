//! `EncryptedTicket`: the seller's API password (§3.1.1 3–4).
//!
//! Tickets are stored as SHA-256 only, so the database never holds one in
//! the clear; the lookup hashes what the caller sent.

use sha2::{Digest, Sha256};

/// The stored form of a ticket: lowercase hex SHA-256 of its trimmed text.
pub fn ticket_hash(ticket: &str) -> String {
    let digest = Sha256::digest(ticket.trim().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
