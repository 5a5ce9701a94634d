//! Merchants and their credentials, one set per protocol. A merchant is one
//! shop; it may be reachable through several protocols, each with the
//! identity and secrets that protocol's manual defines.

use crate::{InnoPayAccount, MerchantId, Secret, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The wire protocol a payment was created through. It decides the shape of
/// every reply and callback about that payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    PayApp,
    InnoPay,
    Ipay,
}

impl Protocol {
    /// Every protocol, in the order of [`Protocol::as_str`]'s table.
    pub const ALL: [Protocol; 3] = [Protocol::PayApp, Protocol::InnoPay, Protocol::Ipay];

    /// The stored and wire name of each protocol, indexed by the variant:
    /// a table rather than a `match`, so the server's front-end registry
    /// stays the only place that picks behaviour by protocol.
    const NAMES: [&'static str; 3] = ["payapp", "innopay", "ipay"];

    pub const fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// PayApp seller credentials (manual 001, 연동 KEY): the seller's `userid`,
/// the `linkkey` merchants send with `paycancel`, and the `linkval` that
/// gyeolje sends back in every feedback so the merchant can trust it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayAppAccount {
    pub userid: String,
    pub linkkey: Secret,
    pub linkval: Secret,
    /// The seller's 공통 통보 URL, which receives every payment (feedbacktype=1).
    pub common_feedbackurl: Option<String>,
}

/// An iPay seller (manual 000, §3.1.1): the Auction seller id that payment
/// pages and order-management calls name (`sellerid`, `SellerID`), and the
/// shop's registered sites, which the escrow join-confirm page checks the
/// `Referer` against. The API tickets (`EncryptedTicket`) that identify the
/// seller are stored apart, hashed: a seller may hold several.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpayAccount {
    pub seller_id: String,
    #[serde(default)]
    pub site_urls: Vec<String>,
}

/// A merchant as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merchant {
    pub id: MerchantId,
    /// The shop name shown to buyers (pay page, SMS).
    pub name: String,
    pub payapp: Option<PayAppAccount>,
    #[serde(default)]
    pub innopay: Option<InnoPayAccount>,
    #[serde(default)]
    pub ipay: Option<IpayAccount>,
    /// Hosts the merchant's callback URLs may name; empty means any host.
    #[serde(default)]
    pub callback_hosts: Vec<String>,
    /// When the operator disabled the merchant: its credentials then
    /// identify no one, so each protocol answers "unknown merchant".
    #[serde(default)]
    pub disabled_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

impl Merchant {
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }

    /// Whether a callback URL may name `host` (case-insensitive; a merchant
    /// without a list allows any host).
    pub fn allows_callback_host(&self, host: &str) -> bool {
        self.callback_hosts.is_empty()
            || self
                .callback_hosts
                .iter()
                .any(|h| h.eq_ignore_ascii_case(host.trim_end_matches('.')))
    }
}

/// A merchant to be created.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewMerchant {
    pub name: String,
    pub payapp: Option<PayAppAccount>,
    pub innopay: Option<InnoPayAccount>,
    pub ipay: Option<IpayAccount>,
    pub callback_hosts: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::Protocol;

    #[test]
    fn protocol_names_round_trip() {
        for p in Protocol::ALL {
            assert_eq!(Protocol::parse(p.as_str()), Some(p));
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
        }
        assert_eq!(Protocol::parse("PayApp"), None);
    }
}
