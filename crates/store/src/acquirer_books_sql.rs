//! [`AcquirerBookStore`] for both backends: one generic implementation on
//! [`SqlStore`].
//!
//! A charge is written on every card approval, so it is queued with the
//! group commit (one statement, `INSERT … ON CONFLICT DO NOTHING`, sharing
//! a batch's sync) rather than costing a transaction of its own. A refund is
//! rare and must check and write atomically, so it is one transaction on the
//! write pool whose first statement is a write (SQLite takes its write lock
//! there, so no other writer can slip in between the check and the insert):
//! the charge's refunded total grows only where it stays within the amount
//! (PostgreSQL locks the row, so a concurrent refund of the same charge
//! waits and re-checks), then the refund is inserted under its unique key.
//! Whatever did not fit is rolled back and explained by reading what won.

use crate::acquirer_books::{
    AcquirerBookStore, BookedCharge, BookedRefundRow, ChargeBooked, ChargeTotals, RefundBooked,
};
use crate::backend::{Backend, SqlStore, execute, read_all, read_optional};
use crate::error::StoreError;
use crate::group_commit::{self, Work};
use crate::param::Param;
use crate::rows::Cells;
use async_trait::async_trait;
use gyeolje_core::{Timestamp, Won};

const INSERT_CHARGE: &str = "INSERT INTO sim_acquirer_charges (approval_no, auth_key, amount, \
     refunded, card_name, card_masked, card_company_code, approved_at) \
     VALUES ($1, $2, $3, 0, $4, $5, $6, $7) ON CONFLICT DO NOTHING";
const CHARGE_BY_KEY: &str = "SELECT approval_no, auth_key, amount, card_name, card_masked, \
     card_company_code, approved_at FROM sim_acquirer_charges WHERE auth_key = $1";
/// A charge the books never saw, entered from the gateway's records.
const INSERT_KNOWN_CHARGE: &str = "INSERT INTO sim_acquirer_charges (approval_no, amount, \
     refunded, approved_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
const ADD_REFUNDED: &str = "UPDATE sim_acquirer_charges SET refunded = refunded + $1 \
     WHERE approval_no = $2 AND refunded + $1 <= amount";
const INSERT_REFUND: &str = "INSERT INTO sim_acquirer_refunds (refund_key, approval_no, \
     refund_no, amount, refunded_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
const REFUND_BY_KEY: &str = "SELECT refund_key, approval_no, refund_no, amount, refunded_at \
     FROM sim_acquirer_refunds WHERE refund_key = $1";
const REFUNDS_OF: &str = "SELECT refund_key, approval_no, refund_no, amount, refunded_at \
     FROM sim_acquirer_refunds WHERE approval_no = $1 ORDER BY refunded_at, refund_key";
const TOTALS: &str = "SELECT amount, refunded FROM sim_acquirer_charges WHERE approval_no = $1";

fn won(what: &str, v: i64) -> Result<Won, StoreError> {
    Won::new(v).map_err(|_| StoreError::Corrupt(format!("acquirer books {what}: {v}")))
}

fn charge(c: &mut dyn Cells) -> Result<BookedCharge, StoreError> {
    Ok(BookedCharge {
        approval_no: c.text("approval_no")?,
        auth_key: c.text("auth_key")?,
        amount: won("amount", c.int("amount")?)?,
        card_name: c.text("card_name")?,
        card_masked: c.text("card_masked")?,
        card_company_code: c.text("card_company_code")?,
        approved_at: Timestamp::from_millis(c.int("approved_at")?),
    })
}

fn refund(c: &mut dyn Cells) -> Result<BookedRefundRow, StoreError> {
    Ok(BookedRefundRow {
        refund_key: c.text("refund_key")?,
        approval_no: c.text("approval_no")?,
        refund_no: c.text("refund_no")?,
        amount: won("refund amount", c.int("amount")?)?,
        refunded_at: Timestamp::from_millis(c.int("refunded_at")?),
    })
}

fn totals(c: &mut dyn Cells) -> Result<ChargeTotals, StoreError> {
    Ok(ChargeTotals {
        amount: won("amount", c.int("amount")?)?,
        refunded: won("refunded", c.int("refunded")?)?,
    })
}

#[async_trait]
impl<B: Backend> AcquirerBookStore for SqlStore<B> {
    async fn book_charge(&self, c: &BookedCharge) -> Result<ChargeBooked, StoreError> {
        let work = Work::Exec {
            sql: INSERT_CHARGE,
            params: vec![
                Param::owned_text(c.approval_no.clone()),
                Param::owned_text(c.auth_key.clone()),
                Param::int(c.amount.get()),
                Param::owned_text(c.card_name.clone()),
                Param::owned_text(c.card_masked.clone()),
                Param::owned_text(c.card_company_code.clone()),
                Param::int(c.approved_at.as_millis()),
            ],
        };
        if group_commit::submit(&self.queue, work).await?.rows()? == 1 {
            return Ok(ChargeBooked::Recorded);
        }
        // Committed before ours (PostgreSQL waited for it), so visible now.
        let first = read_optional(self, CHARGE_BY_KEY, &[Param::text(&c.auth_key)], charge).await?;
        Ok(first.map_or(ChargeBooked::NumberTaken, ChargeBooked::KeyTaken))
    }

    async fn booked_refund(&self, refund_key: &str) -> Result<Option<BookedRefundRow>, StoreError> {
        read_optional(self, REFUND_BY_KEY, &[Param::text(refund_key)], refund).await
    }

    async fn book_refund(
        &self,
        r: &BookedRefundRow,
        known: Option<ChargeTotals>,
    ) -> Result<RefundBooked, StoreError> {
        let mut tx = self.writer.begin().await?;
        if let Some(k) = known {
            let params = [
                Param::text(&r.approval_no),
                Param::int(k.amount.get()),
                Param::int(k.refunded.get()),
                Param::int(r.refunded_at.as_millis()),
            ];
            execute::<B>(&mut tx, INSERT_KNOWN_CHARGE, &params).await?;
        }
        let add = [Param::int(r.amount.get()), Param::text(&r.approval_no)];
        let added = execute::<B>(&mut tx, ADD_REFUNDED, &add).await? == 1;
        if added {
            let params = [
                Param::text(&r.refund_key),
                Param::text(&r.approval_no),
                Param::text(&r.refund_no),
                Param::int(r.amount.get()),
                Param::int(r.refunded_at.as_millis()),
            ];
            if execute::<B>(&mut tx, INSERT_REFUND, &params).await? == 1 {
                tx.commit().await?;
                return Ok(RefundBooked::Recorded);
            }
        }
        tx.rollback().await?;
        // What won instead: the same key (a re-sent refund, perhaps from
        // another node at the same moment), another refund's number, or
        // the charge's limit.
        if let Some(first) = self.booked_refund(&r.refund_key).await? {
            return Ok(RefundBooked::KeyTaken(first));
        }
        if added {
            return Ok(RefundBooked::NumberTaken);
        }
        let exists = known.is_some() || self.booked_charge_totals(&r.approval_no).await?.is_some();
        Ok(if exists {
            RefundBooked::ExceedsCharge
        } else {
            RefundBooked::UnknownApproval
        })
    }

    async fn booked_charge_totals(
        &self,
        approval_no: &str,
    ) -> Result<Option<ChargeTotals>, StoreError> {
        read_optional(self, TOTALS, &[Param::text(approval_no)], totals).await
    }

    async fn booked_refunds_of(
        &self,
        approval_no: &str,
    ) -> Result<Vec<BookedRefundRow>, StoreError> {
        read_all(self, REFUNDS_OF, &[Param::text(approval_no)], refund).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::assert_placeholders_in_order;

    #[test]
    fn placeholders_first_appear_in_order() {
        for sql in [
            INSERT_CHARGE,
            CHARGE_BY_KEY,
            INSERT_KNOWN_CHARGE,
            ADD_REFUNDED,
            INSERT_REFUND,
            REFUND_BY_KEY,
            REFUNDS_OF,
            TOTALS,
        ] {
            assert_placeholders_in_order(sql);
        }
    }
}
