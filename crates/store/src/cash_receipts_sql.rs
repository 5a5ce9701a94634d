//! [`CashReceiptStore`] for both backends: one generic implementation on
//! [`SqlStore`], over the columns of [`CASH_RECEIPTS`]. The cancellation's
//! compare-and-set is [`UPDATE_STATE`].

use crate::backend::{Backend, SqlStore, read_optional, write};
use crate::cash_receipts::CashReceiptStore;
use crate::columns::{Column, Table, changes};
use crate::error::StoreError;
use crate::param::{Param, millis};
use crate::rows::Cells;
use async_trait::async_trait;
use gyeolje_core::cash_receipt::{
    CashAmounts, CashReceipt, CashReceiptId, CashReceiptState, Identity, IdentityKind, Purpose,
    TaxType,
};
use gyeolje_core::{MerchantId, PageCode, PhoneNumber, Protocol, Timestamp, Won};
use std::sync::LazyLock;

/// The `cash_receipts` columns, in the order [`receipt`] reads them. A
/// cancellation rewrites the state and the cancellation time.
static CASH_RECEIPTS: Table<CashReceipt> = Table {
    name: "cash_receipts",
    columns: &[
        Column::int("id", |r, _| r.id.get()),
        Column::text("protocol", |r, _| r.protocol.as_str()),
        Column::int("merchant_id", |r, _| r.merchant_id.get()),
        Column::text("page_code", |r, _| r.page_code.as_str()),
        Column::text("goods_name", |r, _| &r.goods_name),
        Column::text("buyer_name", |r, _| &r.buyer_name),
        Column::opt_text("buyer_phone", |r, _| {
            r.buyer_phone.as_ref().map(|p| p.as_str())
        }),
        Column::opt_text("buyer_email", |r, _| r.buyer_email.as_deref()),
        Column::text("identity_kind", |r, _| r.identity.kind().as_str()),
        Column::text("identity", |r, _| r.identity.digits()),
        Column::text("purpose", |r, _| r.purpose.as_str()),
        Column::int("amount_total", |r, _| r.amounts.total().get()),
        Column::int("amount_supply", |r, _| r.amounts.supply().get()),
        Column::int("amount_service", |r, _| r.amounts.service().get()),
        Column::int("amount_tax", |r, _| r.amounts.tax().get()),
        Column::text("tax_type", |r, _| r.amounts.tax_type().as_str()),
        Column::int("traded_at", |r, _| r.traded_at.as_millis()),
        changes(Column::text("state", |r, _| r.state.as_str())),
        Column::int("issued_at", |r, _| r.issued_at.as_millis()),
        changes(Column::opt_int("cancelled_at", |r, _| {
            millis(r.cancelled_at)
        })),
    ],
};

static INSERT: LazyLock<String> = LazyLock::new(|| CASH_RECEIPTS.insert());
static BY_ID: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM cash_receipts WHERE id = $1",
        CASH_RECEIPTS.select_list()
    )
});
static BY_PAGE_CODE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM cash_receipts WHERE page_code = $1",
        CASH_RECEIPTS.select_list()
    )
});
/// The compare-and-set: binds the new state and time, the id and the state
/// the receipt was read in.
static UPDATE_STATE: LazyLock<String> = LazyLock::new(|| CASH_RECEIPTS.update(&["id", "state"]));

#[async_trait]
impl<B: Backend> CashReceiptStore for SqlStore<B> {
    async fn insert_cash_receipt(&self, r: &CashReceipt) -> Result<(), StoreError> {
        write(self, &INSERT, &CASH_RECEIPTS.values(r, &())?).await?;
        Ok(())
    }

    async fn cash_receipt(&self, id: CashReceiptId) -> Result<Option<CashReceipt>, StoreError> {
        read_optional(self, &BY_ID, &[Param::int(id.get())], receipt).await
    }

    async fn cash_receipt_by_page_code(
        &self,
        code: &PageCode,
    ) -> Result<Option<CashReceipt>, StoreError> {
        read_optional(self, &BY_PAGE_CODE, &[Param::text(code.as_str())], receipt).await
    }

    async fn update_cash_receipt_state(
        &self,
        r: &CashReceipt,
        from: CashReceiptState,
    ) -> Result<(), StoreError> {
        let mut params = CASH_RECEIPTS.changed_values(r, &())?;
        params.push(Param::int(r.id.get()));
        params.push(Param::text(from.as_str()));
        if write(self, &UPDATE_STATE, &params).await? != 1 {
            return Err(StoreError::Conflict(format!(
                "cash receipt {} is not {}",
                r.id,
                from.as_str()
            )));
        }
        Ok(())
    }
}

fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("cash receipt {what}: {value}"))
}

fn won(what: &str, v: i64) -> Result<Won, StoreError> {
    Won::new(v).map_err(|_| corrupt(what, v))
}

/// A row of [`CASH_RECEIPTS`].
fn receipt(c: &mut dyn Cells) -> Result<CashReceipt, StoreError> {
    let id = CashReceiptId::new(c.int("id")?);
    let protocol = c.text("protocol")?;
    let merchant_id = MerchantId::new(c.int("merchant_id")?);
    let page_code = c.text("page_code")?;
    let goods_name = c.text("goods_name")?;
    let buyer_name = c.text("buyer_name")?;
    let buyer_phone = c.opt_text("buyer_phone")?;
    let buyer_email = c.opt_text("buyer_email")?;
    let identity_kind = c.text("identity_kind")?;
    let identity = c.text("identity")?;
    let purpose = c.text("purpose")?;
    let total = c.int("amount_total")?;
    let supply = c.int("amount_supply")?;
    let service = c.int("amount_service")?;
    let tax = c.int("amount_tax")?;
    let tax_type = c.text("tax_type")?;
    let traded_at = Timestamp::from_millis(c.int("traded_at")?);
    let state = c.text("state")?;
    let issued_at = Timestamp::from_millis(c.int("issued_at")?);
    let cancelled_at = c.opt_int("cancelled_at")?.map(Timestamp::from_millis);
    let identity = Identity::parse(&identity).map_err(|e| corrupt("identity", e))?;
    if IdentityKind::parse(&identity_kind) != Some(identity.kind()) {
        return Err(corrupt("identity kind", &identity_kind));
    }
    let tax_type = TaxType::parse(&tax_type).ok_or_else(|| corrupt("tax type", &tax_type))?;
    let amounts = CashAmounts::new(
        won("total", total)?,
        won("supply", supply)?,
        won("service", service)?,
        won("tax", tax)?,
        tax_type,
    )
    .map_err(|e| corrupt("amounts", e))?;
    Ok(CashReceipt {
        id,
        protocol: Protocol::parse(&protocol).ok_or_else(|| corrupt("protocol", &protocol))?,
        merchant_id,
        page_code: PageCode::parse(&page_code).map_err(|e| corrupt("page code", e))?,
        goods_name,
        buyer_name,
        buyer_phone: buyer_phone
            .map(|p| PhoneNumber::parse(&p).map_err(|e| corrupt("buyer phone", e)))
            .transpose()?,
        buyer_email,
        identity,
        purpose: Purpose::parse(&purpose).ok_or_else(|| corrupt("purpose", &purpose))?,
        amounts,
        traded_at,
        state: CashReceiptState::parse(&state).ok_or_else(|| corrupt("state", &state))?,
        issued_at,
        cancelled_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::assert_placeholders_in_order;

    #[test]
    fn placeholders_first_appear_in_order() {
        for sql in [&INSERT, &BY_ID, &BY_PAGE_CODE, &UPDATE_STATE] {
            assert_placeholders_in_order(sql);
        }
        assert_eq!(
            *UPDATE_STATE,
            "UPDATE cash_receipts SET state = $1, cancelled_at = $2 WHERE id = $3 AND state = $4"
        );
    }
}
