//! Storage of PayApp's seller hierarchy and sub-accounts.
//!
//! Kept apart from [`Store`](crate::Store)'s payment core because it is one
//! protocol's account model: sellers, resellers and agencies are merchants
//! with a [`PayAppSeller`] record beside them, and sub-accounts are ids that
//! act for a seller. The one rule that spans
//! both — a PayApp userid is used once, by an account or a sub-account — is
//! kept by the database (`payapp_userids`, see migration 0002), so it holds
//! across processes and for accounts made outside this trait too.
//!
//! The trait is defined here and implemented for both backends in
//! `sellers_sql`, so that [`Store`](crate::Store), which names it as a
//! supertrait, does not depend on the generic implementation.

use crate::error::StoreError;
use async_trait::async_trait;
use gyeolje_core::{Merchant, NewSeller, PayAppSeller, SubAccount, Timestamp};

/// PayApp accounts beyond credentials.
#[async_trait]
pub trait SellerStore: Send + Sync {
    /// Creates the merchant, its PayApp credentials and its hierarchy record
    /// in one transaction. A userid already in use (by an account or a
    /// sub-account) is [`StoreError::Conflict`].
    async fn register_seller(&self, s: NewSeller, now: Timestamp) -> Result<Merchant, StoreError>;

    /// The hierarchy record of the account `userid`; an account with no
    /// record is reported as a plain seller with no parent. `None` when no
    /// account has that userid (sub-accounts are not accounts).
    async fn payapp_seller(&self, userid: &str) -> Result<Option<PayAppSeller>, StoreError>;

    /// Every account's hierarchy record, by merchant id.
    async fn list_payapp_sellers(&self) -> Result<Vec<PayAppSeller>, StoreError>;

    /// Whether `userid` is used by an account or a sub-account.
    async fn payapp_userid_taken(&self, userid: &str) -> Result<bool, StoreError>;

    /// Creates a sub-account. A userid already in use is
    /// [`StoreError::Conflict`].
    async fn create_sub_account(&self, s: SubAccount) -> Result<(), StoreError>;

    async fn sub_account(&self, subuserid: &str) -> Result<Option<SubAccount>, StoreError>;
}
