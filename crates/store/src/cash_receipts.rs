//! Storage of cash receipts (migration `0003_cash_receipts`).
//!
//! A receipt is written once when issued and changed once when cancelled.
//! The change is a compare-and-set on the state column — `UPDATE … WHERE
//! state = <the state it was read in>` — so two concurrent cancellations of
//! one receipt, in one process or several, cannot both succeed: the loser
//! gets a [`StoreError::Conflict`] and re-reads a receipt that is already
//! cancelled.

use crate::StoreError;
use async_trait::async_trait;
use gyeolje_core::cash_receipt::{
    CashAmounts, CashReceipt, CashReceiptId, CashReceiptState, Identity, IdentityKind, Purpose,
    TaxType,
};
use gyeolje_core::{MerchantId, PageCode, PhoneNumber, Protocol, Timestamp, Won};

/// Cash receipts, as every [`Store`](crate::Store) keeps them.
#[async_trait]
pub trait CashReceiptStore: Send + Sync {
    /// Stores a newly issued receipt. Its id comes from
    /// `reserve_ids("cash_receipt", …)` and its page code is fresh; a
    /// duplicate of either is a [`StoreError::Conflict`].
    async fn insert_cash_receipt(&self, receipt: &CashReceipt) -> Result<(), StoreError>;

    async fn cash_receipt(&self, id: CashReceiptId) -> Result<Option<CashReceipt>, StoreError>;

    async fn cash_receipt_by_page_code(
        &self,
        code: &PageCode,
    ) -> Result<Option<CashReceipt>, StoreError>;

    /// Writes `receipt`'s state and cancellation time if the stored receipt
    /// is still in state `from`; otherwise (or if there is no such receipt)
    /// a [`StoreError::Conflict`] and nothing is written.
    async fn update_cash_receipt_state(
        &self,
        receipt: &CashReceipt,
        from: CashReceiptState,
    ) -> Result<(), StoreError>;
}

/// The columns of a receipt row, in the order [`CashReceiptRow`] names them.
macro_rules! cash_receipt_columns {
    () => {
        "id, protocol, merchant_id, page_code, goods_name, buyer_name, buyer_phone, \
         buyer_email, identity_kind, identity, purpose, amount_total, amount_supply, \
         amount_service, amount_tax, tax_type, traded_at, state, issued_at, cancelled_at"
    };
}

macro_rules! impl_cash_receipt_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::cash_receipts::CashReceiptStore for $store {
            async fn insert_cash_receipt(
                &self,
                r: &gyeolje_core::cash_receipt::CashReceipt,
            ) -> Result<(), $crate::StoreError> {
                let sql = concat!(
                    "INSERT INTO cash_receipts (",
                    cash_receipt_columns!(),
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
                     $15, $16, $17, $18, $19, $20)"
                );
                let a = &r.amounts;
                sqlx::query(sql)
                    .bind(r.id.get())
                    .bind(r.protocol.as_str())
                    .bind(r.merchant_id.get())
                    .bind(r.page_code.as_str())
                    .bind(&r.goods_name)
                    .bind(&r.buyer_name)
                    .bind(r.buyer_phone.as_ref().map(|p| p.as_str()))
                    .bind(r.buyer_email.as_deref())
                    .bind(r.identity.kind().as_str())
                    .bind(r.identity.digits())
                    .bind(r.purpose.as_str())
                    .bind(a.total().get())
                    .bind(a.supply().get())
                    .bind(a.service().get())
                    .bind(a.tax().get())
                    .bind(a.tax_type().as_str())
                    .bind(r.traded_at.as_millis())
                    .bind(r.state.as_str())
                    .bind(r.issued_at.as_millis())
                    .bind(r.cancelled_at.map(|t| t.as_millis()))
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn cash_receipt(
                &self,
                id: gyeolje_core::cash_receipt::CashReceiptId,
            ) -> Result<Option<gyeolje_core::cash_receipt::CashReceipt>, $crate::StoreError> {
                let sql = concat!(
                    "SELECT ",
                    cash_receipt_columns!(),
                    " FROM cash_receipts WHERE id = $1"
                );
                let row: Option<$crate::cash_receipts::CashReceiptRow> = sqlx::query_as(sql)
                    .bind(id.get())
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn cash_receipt_by_page_code(
                &self,
                code: &gyeolje_core::PageCode,
            ) -> Result<Option<gyeolje_core::cash_receipt::CashReceipt>, $crate::StoreError> {
                let sql = concat!(
                    "SELECT ",
                    cash_receipt_columns!(),
                    " FROM cash_receipts WHERE page_code = $1"
                );
                let row: Option<$crate::cash_receipts::CashReceiptRow> = sqlx::query_as(sql)
                    .bind(code.as_str())
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn update_cash_receipt_state(
                &self,
                r: &gyeolje_core::cash_receipt::CashReceipt,
                from: gyeolje_core::cash_receipt::CashReceiptState,
            ) -> Result<(), $crate::StoreError> {
                let done = sqlx::query(
                    "UPDATE cash_receipts SET state = $1, cancelled_at = $2 \
                     WHERE id = $3 AND state = $4",
                )
                .bind(r.state.as_str())
                .bind(r.cancelled_at.map(|t| t.as_millis()))
                .bind(r.id.get())
                .bind(from.as_str())
                .execute(&self.writer)
                .await?;
                if done.rows_affected() != 1 {
                    return Err($crate::StoreError::Conflict(format!(
                        "cash receipt {} is not {}",
                        r.id,
                        from.as_str()
                    )));
                }
                Ok(())
            }
        }
    };
}

pub(crate) use {cash_receipt_columns, impl_cash_receipt_store};

/// A `cash_receipts` row, on either backend.
#[derive(sqlx::FromRow)]
pub(crate) struct CashReceiptRow {
    pub id: i64,
    pub protocol: String,
    pub merchant_id: i64,
    pub page_code: String,
    pub goods_name: String,
    pub buyer_name: String,
    pub buyer_phone: Option<String>,
    pub buyer_email: Option<String>,
    pub identity_kind: String,
    pub identity: String,
    pub purpose: String,
    pub amount_total: i64,
    pub amount_supply: i64,
    pub amount_service: i64,
    pub amount_tax: i64,
    pub tax_type: String,
    pub traded_at: i64,
    pub state: String,
    pub issued_at: i64,
    pub cancelled_at: Option<i64>,
}

fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("cash receipt {what}: {value}"))
}

fn won(what: &str, v: i64) -> Result<Won, StoreError> {
    Won::new(v).map_err(|_| corrupt(what, v))
}

impl TryFrom<CashReceiptRow> for CashReceipt {
    type Error = StoreError;
    fn try_from(r: CashReceiptRow) -> Result<Self, StoreError> {
        let identity = Identity::parse(&r.identity).map_err(|e| corrupt("identity", e))?;
        if IdentityKind::parse(&r.identity_kind) != Some(identity.kind()) {
            return Err(corrupt("identity kind", &r.identity_kind));
        }
        let tax_type =
            TaxType::parse(&r.tax_type).ok_or_else(|| corrupt("tax type", &r.tax_type))?;
        let amounts = CashAmounts::new(
            won("total", r.amount_total)?,
            won("supply", r.amount_supply)?,
            won("service", r.amount_service)?,
            won("tax", r.amount_tax)?,
            tax_type,
        )
        .map_err(|e| corrupt("amounts", e))?;
        Ok(CashReceipt {
            id: CashReceiptId::new(r.id),
            protocol: Protocol::parse(&r.protocol)
                .ok_or_else(|| corrupt("protocol", &r.protocol))?,
            merchant_id: MerchantId::new(r.merchant_id),
            page_code: PageCode::parse(&r.page_code).map_err(|e| corrupt("page code", e))?,
            goods_name: r.goods_name,
            buyer_name: r.buyer_name,
            buyer_phone: r
                .buyer_phone
                .map(|p| PhoneNumber::parse(&p).map_err(|e| corrupt("buyer phone", e)))
                .transpose()?,
            buyer_email: r.buyer_email,
            identity,
            purpose: Purpose::parse(&r.purpose).ok_or_else(|| corrupt("purpose", &r.purpose))?,
            amounts,
            traded_at: Timestamp::from_millis(r.traded_at),
            state: CashReceiptState::parse(&r.state).ok_or_else(|| corrupt("state", &r.state))?,
            issued_at: Timestamp::from_millis(r.issued_at),
            cancelled_at: r.cancelled_at.map(Timestamp::from_millis),
        })
    }
}
