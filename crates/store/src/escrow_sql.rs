//! [`EscrowStore`] for both backends: one generic implementation on
//! [`SqlStore`]. Orders are read as their JSON `body`; notes are columns of
//! their own (see [`NOTES`]); a merchant by ticket is a point read kept in
//! the merchant cache (tickets and sellers never change).

use crate::backend::{Backend, SqlStore, execute, read_all, read_optional, write};
use crate::clocks::ClockScope;
use crate::clocks_sql::{Scoped, scoped_params};
use crate::columns::{Column, Table};
use crate::error::StoreError;
use crate::escrow::{EscrowStore, Note};
use crate::merchant_cache::BUMP_GENERATION;
use crate::merchant_cache::By;
use crate::param::{Param, millis};
use crate::rows::{self, Cells};
use crate::store_sql::sync_merchant_cache;
use async_trait::async_trait;
use gyeolje_core::escrow::{EscrowOrder, OrderState};
use gyeolje_core::{Merchant, MerchantId, PaymentId, Timestamp};
use std::sync::LazyLock;

/// The `ipay_notes` columns, in the order [`note`] reads them.
static NOTES: Table<Note> = Table {
    name: "ipay_notes",
    columns: &[
        Column::int("seqno", |n, _| n.seqno),
        Column::int("merchant_id", |n, _| n.merchant_id.get()),
        Column::int("order_no", |n, _| n.order_no),
        Column::text("title", |n, _| &n.title),
        Column::text("content", |n, _| &n.content),
        Column::int("reg_at", |n, _| n.reg_at.as_millis()),
        Column::opt_text("reply", |n, _| n.reply.as_deref()),
        Column::opt_int("reply_at", |n, _| millis(n.reply_at)),
    ],
};

static INSERT_NOTE: LazyLock<String> = LazyLock::new(|| NOTES.insert());
static NOTE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM ipay_notes WHERE seqno = $1",
        NOTES.select_list()
    )
});
static NOTES_BY_SELLER: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM ipay_notes WHERE merchant_id = $1 \
         AND reg_at >= $2 AND reg_at < $3 ORDER BY reg_at, seqno",
        NOTES.select_list()
    )
});

fn note(c: &mut dyn Cells) -> Result<Note, StoreError> {
    Ok(Note {
        seqno: c.int("seqno")?,
        merchant_id: MerchantId::new(c.int("merchant_id")?),
        order_no: c.int("order_no")?,
        title: c.text("title")?,
        content: c.text("content")?,
        reg_at: Timestamp::from_millis(c.int("reg_at")?),
        reply: c.opt_text("reply")?,
        reply_at: c.opt_int("reply_at")?.map(Timestamp::from_millis),
    })
}

static MERCHANT_BY_TICKET: LazyLock<String> = LazyLock::new(|| {
    rows::merchant_select(
        "JOIN ipay_tickets t ON t.merchant_id = m.id WHERE t.ticket_sha256 = $1 AND m.disabled_at IS NULL",
    )
});
static MERCHANT_BY_SELLER: LazyLock<String> =
    LazyLock::new(|| rows::merchant_select("WHERE s.seller_id = $1 AND m.disabled_at IS NULL"));

#[async_trait]
impl<B: Backend> EscrowStore for SqlStore<B> {
    async fn add_ipay_ticket(
        &self,
        merchant: MerchantId,
        ticket_sha256: &str,
    ) -> Result<bool, StoreError> {
        let sql = "INSERT INTO ipay_tickets (ticket_sha256, merchant_id) VALUES ($1, $2) \
                   ON CONFLICT (ticket_sha256) DO NOTHING";
        let params = [Param::text(ticket_sha256), Param::int(merchant.get())];
        if write(self, sql, &params).await? == 1 {
            return Ok(true);
        }
        let sql = "SELECT merchant_id AS id FROM ipay_tickets WHERE ticket_sha256 = $1";
        let owner = read_optional(self, sql, &[Param::text(ticket_sha256)], rows::id).await?;
        Ok(owner == Some(merchant.get()))
    }

    async fn remove_ipay_ticket(
        &self,
        merchant: MerchantId,
        ticket_sha256: &str,
    ) -> Result<bool, StoreError> {
        let sql = "DELETE FROM ipay_tickets WHERE ticket_sha256 = $1 AND merchant_id = $2";
        let params = [Param::text(ticket_sha256), Param::int(merchant.get())];
        let mut tx = self.writer.begin().await?;
        let removed = execute::<B>(&mut tx, sql, &params).await? > 0;
        execute::<B>(&mut tx, BUMP_GENERATION, &[]).await?;
        tx.commit().await?;
        self.merchants.forget(merchant);
        Ok(removed)
    }

    async fn ipay_ticket_hashes(&self, merchant: MerchantId) -> Result<Vec<String>, StoreError> {
        let sql = "SELECT ticket_sha256 FROM ipay_tickets WHERE merchant_id = $1 \
                   ORDER BY ticket_sha256";
        read_all(self, sql, &[Param::int(merchant.get())], |c| {
            c.text("ticket_sha256")
        })
        .await
    }

    async fn merchant_by_ipay_ticket(
        &self,
        ticket_sha256: &str,
    ) -> Result<Option<Merchant>, StoreError> {
        sync_merchant_cache(self).await?;
        let key = [Param::text(ticket_sha256)];
        let read = B::point_read(self, &MERCHANT_BY_TICKET, &key, rows::merchant);
        self.merchants
            .get_or_read(By::IpayTicket, ticket_sha256, read)
            .await
    }

    async fn merchant_by_ipay_seller(
        &self,
        seller_id: &str,
    ) -> Result<Option<Merchant>, StoreError> {
        let key = [Param::text(seller_id)];
        read_optional(self, &MERCHANT_BY_SELLER, &key, rows::merchant).await
    }

    async fn escrow_orders_of(&self, payment: PaymentId) -> Result<Vec<EscrowOrder>, StoreError> {
        let sql = "SELECT body FROM escrow_orders WHERE payment_id = $1 ORDER BY line_no";
        read_all(self, sql, &[Param::int(payment.get())], rows::order).await
    }

    async fn escrow_order(&self, order_no: i64) -> Result<Option<EscrowOrder>, StoreError> {
        let sql = "SELECT body FROM escrow_orders WHERE order_no = $1";
        read_optional(self, sql, &[Param::int(order_no)], rows::order).await
    }

    async fn escrow_orders_by_seller(
        &self,
        merchant: MerchantId,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<Vec<EscrowOrder>, StoreError> {
        let sql = "SELECT body FROM escrow_orders WHERE merchant_id = $1 \
                   AND ordered_at >= $2 AND ordered_at < $3 \
                   ORDER BY ordered_at, order_no LIMIT $4";
        let params = [
            Param::int(merchant.get()),
            Param::int(from.as_millis()),
            Param::int(to.as_millis()),
            Param::int(i64::from(limit)),
        ];
        read_all(self, sql, &params, rows::order).await
    }

    async fn escrow_orders_in_state(
        &self,
        merchant: MerchantId,
        state: OrderState,
        limit: u32,
    ) -> Result<Vec<EscrowOrder>, StoreError> {
        let sql = "SELECT body FROM escrow_orders WHERE merchant_id = $1 AND state = $2 \
                   ORDER BY ordered_at, order_no LIMIT $3";
        let params = [
            Param::int(merchant.get()),
            Param::text(state.as_str()),
            Param::int(i64::from(limit)),
        ];
        read_all(self, sql, &params, rows::order).await
    }

    async fn due_escrow_orders(
        &self,
        now: Timestamp,
        clock: ClockScope,
        limit: u32,
    ) -> Result<Vec<EscrowOrder>, StoreError> {
        const SQL: Scoped = Scoped {
            all: "SELECT body FROM escrow_orders WHERE decide_due_at <= $1 \
                  UNION ALL SELECT body FROM escrow_orders WHERE remit_due_at <= $1 \
                  UNION ALL SELECT body FROM escrow_orders WHERE cancel_due_at <= $1 \
                  LIMIT $2",
            shared: "SELECT body FROM escrow_orders WHERE decide_due_at <= $1 AND NOT EXISTS \
                     (SELECT 1 FROM merchant_clocks c WHERE c.merchant_id = escrow_orders.merchant_id) \
                     UNION ALL SELECT body FROM escrow_orders WHERE remit_due_at <= $1 AND NOT EXISTS \
                     (SELECT 1 FROM merchant_clocks c WHERE c.merchant_id = escrow_orders.merchant_id) \
                     UNION ALL SELECT body FROM escrow_orders WHERE cancel_due_at <= $1 AND NOT EXISTS \
                     (SELECT 1 FROM merchant_clocks c WHERE c.merchant_id = escrow_orders.merchant_id) \
                     LIMIT $2",
            merchant: "SELECT body FROM escrow_orders WHERE merchant_id = $1 AND decide_due_at <= $2 \
                       UNION ALL SELECT body FROM escrow_orders WHERE merchant_id = $1 AND remit_due_at <= $2 \
                       UNION ALL SELECT body FROM escrow_orders WHERE merchant_id = $1 AND cancel_due_at <= $2 \
                       LIMIT $3",
        };
        let params = vec![Param::int(now.as_millis()), Param::int(i64::from(limit))];
        let params = scoped_params(clock, params);
        read_all(self, SQL.sql(clock), &params, rows::order).await
    }

    async fn insert_note(&self, n: &Note) -> Result<(), StoreError> {
        write(self, &INSERT_NOTE, &NOTES.values(n, &())?).await?;
        Ok(())
    }

    async fn note(&self, seqno: i64) -> Result<Option<Note>, StoreError> {
        read_optional(self, &NOTE, &[Param::int(seqno)], note).await
    }

    async fn notes_by_seller(
        &self,
        merchant: MerchantId,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<Note>, StoreError> {
        let params = [
            Param::int(merchant.get()),
            Param::int(from.as_millis()),
            Param::int(to.as_millis()),
        ];
        read_all(self, &NOTES_BY_SELLER, &params, note).await
    }

    async fn reply_note(&self, seqno: i64, reply: &str, at: Timestamp) -> Result<(), StoreError> {
        let sql = "UPDATE ipay_notes SET reply = $1, reply_at = $2 WHERE seqno = $3";
        let params = [
            Param::text(reply),
            Param::int(at.as_millis()),
            Param::int(seqno),
        ];
        if write(self, sql, &params).await? != 1 {
            return Err(StoreError::Conflict(format!("no note {seqno}")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::assert_placeholders_in_order;

    #[test]
    fn placeholders_first_appear_in_order() {
        for sql in [&INSERT_NOTE, &NOTE, &NOTES_BY_SELLER, &MERCHANT_BY_TICKET] {
            assert_placeholders_in_order(sql);
        }
    }
}
