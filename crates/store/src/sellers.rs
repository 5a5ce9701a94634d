//! Storage of PayApp's seller hierarchy and sub-accounts.
//!
//! Kept apart from [`Store`](crate::Store)'s payment core because it is one
//! protocol's account model: sellers, resellers and agencies are merchants
//! with a [`PayAppSeller`] record beside them, and sub-accounts are ids that
//! act for a seller. The one rule that spans
//! both — a PayApp userid is used once, by an account or a sub-account — is
//! kept by the database (`payapp_userids`, see migration 0002), so it holds
//! across processes and for accounts made outside this trait too.

use crate::StoreError;
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

/// The columns [`SellerRow`] decodes, over `payapp_accounts p` joined to
/// `payapp_sellers s`.
macro_rules! seller_select {
    () => {
        "SELECT p.merchant_id, p.userid, s.kind, s.parent_userid, s.password_hash, s.profile \
         FROM payapp_accounts p LEFT JOIN payapp_sellers s ON s.merchant_id = p.merchant_id"
    };
}

pub(crate) use seller_select;

#[derive(sqlx::FromRow)]
pub(crate) struct SellerRow {
    pub merchant_id: i64,
    pub userid: String,
    pub kind: Option<String>,
    pub parent_userid: Option<String>,
    pub password_hash: Option<String>,
    pub profile: Option<String>,
}

impl TryFrom<SellerRow> for PayAppSeller {
    type Error = StoreError;
    fn try_from(r: SellerRow) -> Result<Self, StoreError> {
        let kind = match r.kind.as_deref() {
            None => gyeolje_core::SellerKind::Seller,
            Some(k) => gyeolje_core::SellerKind::parse(k)
                .ok_or_else(|| StoreError::Corrupt(format!("seller kind {k}")))?,
        };
        Ok(PayAppSeller {
            merchant_id: gyeolje_core::MerchantId::new(r.merchant_id),
            userid: r.userid,
            kind,
            parent: r.parent_userid,
            profile: r.profile.as_deref().map(serde_json::from_str).transpose()?,
            password: r.password_hash.map(gyeolje_core::PasswordHash::from_stored),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SubAccountRow {
    pub subuserid: String,
    pub merchant_id: i64,
    pub password_hash: String,
    pub subname: String,
    pub subetc1: String,
    pub subetc2: String,
    pub subetc3: String,
    pub subjtype: String,
    pub permissions: i64,
    pub created_at: i64,
}

impl TryFrom<SubAccountRow> for SubAccount {
    type Error = StoreError;
    fn try_from(r: SubAccountRow) -> Result<Self, StoreError> {
        let permissions = u8::try_from(r.permissions)
            .ok()
            .and_then(gyeolje_core::Permissions::new)
            .ok_or_else(|| StoreError::Corrupt(format!("permissions {}", r.permissions)))?;
        Ok(SubAccount {
            subuserid: r.subuserid,
            merchant_id: gyeolje_core::MerchantId::new(r.merchant_id),
            password: gyeolje_core::PasswordHash::from_stored(r.password_hash),
            subname: r.subname,
            subetc1: r.subetc1,
            subetc2: r.subetc2,
            subetc3: r.subetc3,
            subjtype: r.subjtype,
            permissions,
            created_at: Timestamp::from_millis(r.created_at),
        })
    }
}

/// Stamps out [`SellerStore`] for a store type with `reader` and `writer`
/// pools, like `impl_store!` does for [`Store`](crate::Store).
macro_rules! impl_seller_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::sellers::SellerStore for $store {
            async fn register_seller(
                &self,
                s: gyeolje_core::NewSeller,
                now: gyeolje_core::Timestamp,
            ) -> Result<gyeolje_core::Merchant, $crate::StoreError> {
                let profile = s.profile.as_ref().map(serde_json::to_string).transpose()?;
                let mut tx = self.writer.begin().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO merchants (name, created_at) VALUES ($1, $2) RETURNING id",
                )
                .bind(&s.name)
                .bind(now.as_millis())
                .fetch_one(&mut *tx)
                .await?;
                // The trigger on payapp_accounts claims the userid.
                sqlx::query(
                    "INSERT INTO payapp_accounts \
                     (merchant_id, userid, linkkey, linkval, common_feedbackurl) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(&s.account.userid)
                .bind(s.account.linkkey.expose())
                .bind(s.account.linkval.expose())
                .bind(&s.account.common_feedbackurl)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO payapp_sellers \
                     (merchant_id, kind, parent_userid, password_hash, profile) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(s.kind.as_str())
                .bind(&s.parent)
                .bind(s.password.as_ref().map(gyeolje_core::PasswordHash::as_stored))
                .bind(profile)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(gyeolje_core::Merchant {
                    innopay: None,
                    ipay: None,
                    id: gyeolje_core::MerchantId::new(id),
                    name: s.name,
                    payapp: Some(s.account),
                    created_at: now,
                })
            }

            async fn payapp_seller(
                &self,
                userid: &str,
            ) -> Result<Option<gyeolje_core::PayAppSeller>, $crate::StoreError> {
                let sql = concat!($crate::sellers::seller_select!(), " WHERE p.userid = $1");
                let row: Option<$crate::sellers::SellerRow> =
                    sqlx::query_as(sql).bind(userid).fetch_optional(&self.reader).await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn list_payapp_sellers(
                &self,
            ) -> Result<Vec<gyeolje_core::PayAppSeller>, $crate::StoreError> {
                let sql = concat!($crate::sellers::seller_select!(), " ORDER BY p.merchant_id");
                let rows: Vec<$crate::sellers::SellerRow> =
                    sqlx::query_as(sql).fetch_all(&self.reader).await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn payapp_userid_taken(&self, userid: &str) -> Result<bool, $crate::StoreError> {
                let found: Option<String> =
                    sqlx::query_scalar("SELECT owner FROM payapp_userids WHERE userid = $1")
                        .bind(userid)
                        .fetch_optional(&self.reader)
                        .await?;
                Ok(found.is_some())
            }

            async fn create_sub_account(
                &self,
                s: gyeolje_core::SubAccount,
            ) -> Result<(), $crate::StoreError> {
                let mut tx = self.writer.begin().await?;
                sqlx::query(
                    "INSERT INTO payapp_userids (userid, owner) VALUES ($1, 'sub_account')",
                )
                .bind(&s.subuserid)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO payapp_sub_accounts (subuserid, merchant_id, password_hash, \
                     subname, subetc1, subetc2, subetc3, subjtype, permissions, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(&s.subuserid)
                .bind(s.merchant_id.get())
                .bind(s.password.as_stored())
                .bind(&s.subname)
                .bind(&s.subetc1)
                .bind(&s.subetc2)
                .bind(&s.subetc3)
                .bind(&s.subjtype)
                .bind(i64::from(s.permissions.bits()))
                .bind(s.created_at.as_millis())
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn sub_account(
                &self,
                subuserid: &str,
            ) -> Result<Option<gyeolje_core::SubAccount>, $crate::StoreError> {
                let row: Option<$crate::sellers::SubAccountRow> = sqlx::query_as(
                    "SELECT subuserid, merchant_id, password_hash, subname, subetc1, subetc2, \
                     subetc3, subjtype, permissions, created_at \
                     FROM payapp_sub_accounts WHERE subuserid = $1",
                )
                .bind(subuserid)
                .fetch_optional(&self.reader)
                .await?;
                row.map(TryInto::try_into).transpose()
            }
        }
    };
}

pub(crate) use impl_seller_store;
