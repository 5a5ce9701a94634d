//! [`SellerStore`] for both backends: one generic implementation on
//! [`SqlStore`]. An account is written with its merchant row in one
//! transaction (the merchant statements are `store_sql`'s); the userid rule is
//! the database's, kept by a trigger on `payapp_accounts` and by the
//! `payapp_userids` row a sub-account claims first.

use crate::backend::{Backend, SqlStore, execute, read_all, read_optional};
use crate::columns::{Column, Table};
use crate::driver;
use crate::error::StoreError;
use crate::param::Param;
use crate::rows::{self, Cells};
use crate::sellers::SellerStore;
use crate::store_sql::{INSERT_MERCHANT, INSERT_PAYAPP_ACCOUNT};
use async_trait::async_trait;
use gyeolje_core::{
    Merchant, MerchantId, NewSeller, PasswordHash, PayAppSeller, Permissions, SellerKind,
    SubAccount, Timestamp,
};
use std::sync::LazyLock;

/// An account's hierarchy record, over `payapp_accounts p` joined to
/// `payapp_sellers s`, in the order [`seller`] reads it.
const SELLER_SELECT: &str = "SELECT p.merchant_id, p.userid, s.kind, s.parent_userid, \
     s.password_hash, s.profile \
     FROM payapp_accounts p LEFT JOIN payapp_sellers s ON s.merchant_id = p.merchant_id";

static SELLER_BY_USERID: LazyLock<String> =
    LazyLock::new(|| format!("{SELLER_SELECT} WHERE p.userid = $1"));
static SELLERS: LazyLock<String> =
    LazyLock::new(|| format!("{SELLER_SELECT} ORDER BY p.merchant_id"));

fn seller(c: &mut dyn Cells) -> Result<PayAppSeller, StoreError> {
    let merchant_id = MerchantId::new(c.int("merchant_id")?);
    let userid = c.text("userid")?;
    let kind = c.opt_text("kind")?;
    let parent = c.opt_text("parent_userid")?;
    let password = c.opt_text("password_hash")?;
    let profile = c.opt_text("profile")?;
    let kind = match kind.as_deref() {
        None => SellerKind::Seller,
        Some(k) => {
            SellerKind::parse(k).ok_or_else(|| StoreError::Corrupt(format!("seller kind {k}")))?
        }
    };
    Ok(PayAppSeller {
        merchant_id,
        userid,
        kind,
        parent,
        profile: profile.as_deref().map(serde_json::from_str).transpose()?,
        password: password.map(PasswordHash::from_stored),
    })
}

/// The `payapp_sub_accounts` columns, in the order [`sub_account`] reads them.
static SUB_ACCOUNTS: Table<SubAccount> = Table {
    name: "payapp_sub_accounts",
    columns: &[
        Column::text("subuserid", |s, _| &s.subuserid),
        Column::int("merchant_id", |s, _| s.merchant_id.get()),
        Column::text("password_hash", |s, _| s.password.as_stored()),
        Column::text("subname", |s, _| &s.subname),
        Column::text("subetc1", |s, _| &s.subetc1),
        Column::text("subetc2", |s, _| &s.subetc2),
        Column::text("subetc3", |s, _| &s.subetc3),
        Column::text("subjtype", |s, _| &s.subjtype),
        Column::int("permissions", |s, _| i64::from(s.permissions.bits())),
        Column::int("created_at", |s, _| s.created_at.as_millis()),
    ],
};

static INSERT_SUB_ACCOUNT: LazyLock<String> = LazyLock::new(|| SUB_ACCOUNTS.insert());
static SUB_ACCOUNT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM payapp_sub_accounts WHERE subuserid = $1",
        SUB_ACCOUNTS.select_list()
    )
});

fn sub_account(c: &mut dyn Cells) -> Result<SubAccount, StoreError> {
    let subuserid = c.text("subuserid")?;
    let merchant_id = MerchantId::new(c.int("merchant_id")?);
    let password = PasswordHash::from_stored(c.text("password_hash")?);
    let subname = c.text("subname")?;
    let subetc1 = c.text("subetc1")?;
    let subetc2 = c.text("subetc2")?;
    let subetc3 = c.text("subetc3")?;
    let subjtype = c.text("subjtype")?;
    let bits = c.int("permissions")?;
    let created_at = Timestamp::from_millis(c.int("created_at")?);
    let permissions = u8::try_from(bits)
        .ok()
        .and_then(Permissions::new)
        .ok_or_else(|| StoreError::Corrupt(format!("permissions {bits}")))?;
    Ok(SubAccount {
        subuserid,
        merchant_id,
        password,
        subname,
        subetc1,
        subetc2,
        subetc3,
        subjtype,
        permissions,
        created_at,
    })
}

#[async_trait]
impl<B: Backend> SellerStore for SqlStore<B> {
    async fn register_seller(&self, s: NewSeller, now: Timestamp) -> Result<Merchant, StoreError> {
        let profile = s.profile.as_ref().map(serde_json::to_string).transpose()?;
        let mut tx = self.writer.begin().await?;
        let params = [
            Param::text(&s.name),
            Param::int(now.as_millis()),
            Param::opt_text(None),
        ];
        let id = driver::one::<B, _>(&mut tx, INSERT_MERCHANT, &params, rows::id).await?;
        // The trigger on payapp_accounts claims the userid.
        let params = [
            Param::int(id),
            Param::text(&s.account.userid),
            Param::text(s.account.linkkey.expose()),
            Param::text(s.account.linkval.expose()),
            Param::opt_text(s.account.common_feedbackurl.as_deref()),
        ];
        execute::<B>(&mut tx, INSERT_PAYAPP_ACCOUNT, &params).await?;
        let sql = "INSERT INTO payapp_sellers \
                   (merchant_id, kind, parent_userid, password_hash, profile) \
                   VALUES ($1, $2, $3, $4, $5)";
        let params = [
            Param::int(id),
            Param::text(s.kind.as_str()),
            Param::opt_text(s.parent.as_deref()),
            Param::opt_text(s.password.as_ref().map(PasswordHash::as_stored)),
            Param::opt_text(profile.as_deref()),
        ];
        execute::<B>(&mut tx, sql, &params).await?;
        tx.commit().await?;
        Ok(Merchant {
            innopay: None,
            ipay: None,
            id: MerchantId::new(id),
            name: s.name,
            payapp: Some(s.account),
            callback_hosts: Vec::new(),
            disabled_at: None,
            created_at: now,
        })
    }

    async fn payapp_seller(&self, userid: &str) -> Result<Option<PayAppSeller>, StoreError> {
        read_optional(self, &SELLER_BY_USERID, &[Param::text(userid)], seller).await
    }

    async fn list_payapp_sellers(&self) -> Result<Vec<PayAppSeller>, StoreError> {
        read_all(self, &SELLERS, &[], seller).await
    }

    async fn payapp_userid_taken(&self, userid: &str) -> Result<bool, StoreError> {
        let sql = "SELECT owner FROM payapp_userids WHERE userid = $1";
        let found = read_optional(self, sql, &[Param::text(userid)], |c| c.text("owner")).await?;
        Ok(found.is_some())
    }

    async fn create_sub_account(&self, s: SubAccount) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let sql = "INSERT INTO payapp_userids (userid, owner) VALUES ($1, 'sub_account')";
        execute::<B>(&mut tx, sql, &[Param::text(&s.subuserid)]).await?;
        execute::<B>(&mut tx, &INSERT_SUB_ACCOUNT, &SUB_ACCOUNTS.values(&s, &())?).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn sub_account(&self, subuserid: &str) -> Result<Option<SubAccount>, StoreError> {
        read_optional(self, &SUB_ACCOUNT, &[Param::text(subuserid)], sub_account).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::assert_placeholders_in_order;

    #[test]
    fn placeholders_first_appear_in_order() {
        for sql in [&INSERT_SUB_ACCOUNT, &SUB_ACCOUNT, &SELLER_BY_USERID] {
            assert_placeholders_in_order(sql);
        }
    }
}
