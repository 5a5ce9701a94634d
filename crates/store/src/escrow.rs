//! Storage of iPay sellers' tickets, escrow orders and buyer notes
//! (migration `0006_ipay`).
//!
//! Orders are written only through [`Change::orders`](gyeolje_core::Change),
//! together with the payment version and events that caused them; this
//! trait reads them. Tickets are passwords: only their SHA-256 (hex) is
//! stored and looked up. Notes (buyer questions) live beside the orders and
//! change no order state, so they are written directly.

use crate::StoreError;
use async_trait::async_trait;
use gyeolje_core::escrow::{EscrowOrder, OrderState};
use gyeolje_core::{Merchant, MerchantId, PaymentId, Timestamp};

/// A buyer's question about an order, and the seller's reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub seqno: i64,
    pub merchant_id: MerchantId,
    pub order_no: i64,
    pub title: String,
    pub content: String,
    pub reg_at: Timestamp,
    pub reply: Option<String>,
    pub reply_at: Option<Timestamp>,
}

/// Escrow data, as every [`Store`](crate::Store) keeps it.
#[async_trait]
pub trait EscrowStore: Send + Sync {
    /// Lets `ticket_sha256` identify `merchant` (idempotent).
    async fn add_ipay_ticket(
        &self,
        merchant: MerchantId,
        ticket_sha256: &str,
    ) -> Result<(), StoreError>;

    /// The merchant whose ticket hashes to `ticket_sha256`. Hits are
    /// remembered for a few seconds (see `merchant_cache`): tickets and
    /// sellers never change.
    async fn merchant_by_ipay_ticket(
        &self,
        ticket_sha256: &str,
    ) -> Result<Option<Merchant>, StoreError>;

    /// The merchant with iPay seller id `seller_id`.
    async fn merchant_by_ipay_seller(
        &self,
        seller_id: &str,
    ) -> Result<Option<Merchant>, StoreError>;

    /// Every order of a cart, in line order.
    async fn escrow_orders_of(&self, payment: PaymentId) -> Result<Vec<EscrowOrder>, StoreError>;

    async fn escrow_order(&self, order_no: i64) -> Result<Option<EscrowOrder>, StoreError>;

    /// A seller's orders created in `[from, to)`, oldest first, at most `limit`.
    async fn escrow_orders_by_seller(
        &self,
        merchant: MerchantId,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<Vec<EscrowOrder>, StoreError>;

    /// A seller's orders in `state`, oldest first, at most `limit` (the
    /// work lists: cancel requests, returns, exchanges).
    async fn escrow_orders_in_state(
        &self,
        merchant: MerchantId,
        state: OrderState,
        limit: u32,
    ) -> Result<Vec<EscrowOrder>, StoreError>;

    /// Orders whose automatic decision, remittance or cancel approval is
    /// due at `now`.
    async fn due_escrow_orders(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<EscrowOrder>, StoreError>;

    /// Stores a buyer's question; its `seqno` comes from `reserve_ids("ipay_note", …)`.
    async fn insert_note(&self, note: &Note) -> Result<(), StoreError>;

    async fn note(&self, seqno: i64) -> Result<Option<Note>, StoreError>;

    /// A seller's notes registered in `[from, to)`, oldest first.
    async fn notes_by_seller(
        &self,
        merchant: MerchantId,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<Note>, StoreError>;

    /// Sets the reply of note `seqno` (replacing an earlier reply).
    async fn reply_note(&self, seqno: i64, reply: &str, at: Timestamp) -> Result<(), StoreError>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrderRow {
    pub body: String,
}

impl TryFrom<OrderRow> for EscrowOrder {
    type Error = StoreError;
    fn try_from(r: OrderRow) -> Result<Self, StoreError> {
        Ok(serde_json::from_str(&r.body)?)
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct NoteRow {
    pub seqno: i64,
    pub merchant_id: i64,
    pub order_no: i64,
    pub title: String,
    pub content: String,
    pub reg_at: i64,
    pub reply: Option<String>,
    pub reply_at: Option<i64>,
}

impl From<NoteRow> for Note {
    fn from(r: NoteRow) -> Self {
        Note {
            seqno: r.seqno,
            merchant_id: MerchantId::new(r.merchant_id),
            order_no: r.order_no,
            title: r.title,
            content: r.content,
            reg_at: Timestamp::from_millis(r.reg_at),
            reply: r.reply,
            reply_at: r.reply_at.map(Timestamp::from_millis),
        }
    }
}

macro_rules! impl_escrow_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::escrow::EscrowStore for $store {
            async fn add_ipay_ticket(
                &self,
                merchant: gyeolje_core::MerchantId,
                ticket_sha256: &str,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query(
                    "INSERT INTO ipay_tickets (ticket_sha256, merchant_id) VALUES ($1, $2) \
                     ON CONFLICT (ticket_sha256) DO NOTHING",
                )
                .bind(ticket_sha256)
                .bind(merchant.get())
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn merchant_by_ipay_ticket(
                &self,
                ticket_sha256: &str,
            ) -> Result<Option<gyeolje_core::Merchant>, $crate::StoreError> {
                let sql = concat!(
                    $crate::backend::merchant_select!(),
                    " JOIN ipay_tickets t ON t.merchant_id = m.id WHERE t.ticket_sha256 = $1"
                );
                let read = async {
                    let key = [$crate::writes::Param::Text(Some(ticket_sha256.into()))];
                    let row =
                        $crate::point_reads::PointReads::merchant_row(self, sql, &key).await?;
                    row.map(TryInto::try_into).transpose()
                };
                self.merchants
                    .get_or_read($crate::merchant_cache::By::IpayTicket, ticket_sha256, read)
                    .await
            }

            async fn merchant_by_ipay_seller(
                &self,
                seller_id: &str,
            ) -> Result<Option<gyeolje_core::Merchant>, $crate::StoreError> {
                let sql = concat!(
                    $crate::backend::merchant_select!(),
                    " WHERE s.seller_id = $1"
                );
                let row: Option<$crate::rows::MerchantRow> = sqlx::query_as(sql)
                    .bind(seller_id)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn escrow_orders_of(
                &self,
                payment: gyeolje_core::PaymentId,
            ) -> Result<Vec<gyeolje_core::escrow::EscrowOrder>, $crate::StoreError> {
                let rows: Vec<$crate::escrow::OrderRow> = sqlx::query_as(
                    "SELECT body FROM escrow_orders WHERE payment_id = $1 ORDER BY line_no",
                )
                .bind(payment.get())
                .fetch_all(&self.reader)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn escrow_order(
                &self,
                order_no: i64,
            ) -> Result<Option<gyeolje_core::escrow::EscrowOrder>, $crate::StoreError> {
                let row: Option<$crate::escrow::OrderRow> =
                    sqlx::query_as("SELECT body FROM escrow_orders WHERE order_no = $1")
                        .bind(order_no)
                        .fetch_optional(&self.reader)
                        .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn escrow_orders_by_seller(
                &self,
                merchant: gyeolje_core::MerchantId,
                from: gyeolje_core::Timestamp,
                to: gyeolje_core::Timestamp,
                limit: u32,
            ) -> Result<Vec<gyeolje_core::escrow::EscrowOrder>, $crate::StoreError> {
                let rows: Vec<$crate::escrow::OrderRow> = sqlx::query_as(
                    "SELECT body FROM escrow_orders WHERE merchant_id = $1 \
                     AND ordered_at >= $2 AND ordered_at < $3 \
                     ORDER BY ordered_at, order_no LIMIT $4",
                )
                .bind(merchant.get())
                .bind(from.as_millis())
                .bind(to.as_millis())
                .bind(i64::from(limit))
                .fetch_all(&self.reader)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn escrow_orders_in_state(
                &self,
                merchant: gyeolje_core::MerchantId,
                state: gyeolje_core::escrow::OrderState,
                limit: u32,
            ) -> Result<Vec<gyeolje_core::escrow::EscrowOrder>, $crate::StoreError> {
                let rows: Vec<$crate::escrow::OrderRow> = sqlx::query_as(
                    "SELECT body FROM escrow_orders WHERE merchant_id = $1 AND state = $2 \
                     ORDER BY ordered_at, order_no LIMIT $3",
                )
                .bind(merchant.get())
                .bind(state.as_str())
                .bind(i64::from(limit))
                .fetch_all(&self.reader)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn due_escrow_orders(
                &self,
                now: gyeolje_core::Timestamp,
                limit: u32,
            ) -> Result<Vec<gyeolje_core::escrow::EscrowOrder>, $crate::StoreError> {
                let rows: Vec<$crate::escrow::OrderRow> = sqlx::query_as(
                    "SELECT body FROM escrow_orders WHERE decide_due_at <= $1 \
                     UNION ALL SELECT body FROM escrow_orders WHERE remit_due_at <= $1 \
                     UNION ALL SELECT body FROM escrow_orders WHERE cancel_due_at <= $1 \
                     LIMIT $2",
                )
                .bind(now.as_millis())
                .bind(i64::from(limit))
                .fetch_all(&self.reader)
                .await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn insert_note(
                &self,
                n: &$crate::escrow::Note,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query(
                    "INSERT INTO ipay_notes (seqno, merchant_id, order_no, title, content, \
                     reg_at, reply, reply_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(n.seqno)
                .bind(n.merchant_id.get())
                .bind(n.order_no)
                .bind(&n.title)
                .bind(&n.content)
                .bind(n.reg_at.as_millis())
                .bind(&n.reply)
                .bind(n.reply_at.map(|t| t.as_millis()))
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn note(
                &self,
                seqno: i64,
            ) -> Result<Option<$crate::escrow::Note>, $crate::StoreError> {
                let row: Option<$crate::escrow::NoteRow> =
                    sqlx::query_as("SELECT * FROM ipay_notes WHERE seqno = $1")
                        .bind(seqno)
                        .fetch_optional(&self.reader)
                        .await?;
                Ok(row.map(Into::into))
            }

            async fn notes_by_seller(
                &self,
                merchant: gyeolje_core::MerchantId,
                from: gyeolje_core::Timestamp,
                to: gyeolje_core::Timestamp,
            ) -> Result<Vec<$crate::escrow::Note>, $crate::StoreError> {
                let rows: Vec<$crate::escrow::NoteRow> = sqlx::query_as(
                    "SELECT * FROM ipay_notes WHERE merchant_id = $1 \
                     AND reg_at >= $2 AND reg_at < $3 ORDER BY reg_at, seqno",
                )
                .bind(merchant.get())
                .bind(from.as_millis())
                .bind(to.as_millis())
                .fetch_all(&self.reader)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn reply_note(
                &self,
                seqno: i64,
                reply: &str,
                at: gyeolje_core::Timestamp,
            ) -> Result<(), $crate::StoreError> {
                let done =
                    sqlx::query("UPDATE ipay_notes SET reply = $1, reply_at = $2 WHERE seqno = $3")
                        .bind(reply)
                        .bind(at.as_millis())
                        .bind(seqno)
                        .execute(&self.writer)
                        .await?;
                if done.rows_affected() != 1 {
                    return Err($crate::StoreError::Conflict(format!("no note {seqno}")));
                }
                Ok(())
            }
        }
    };
}

pub(crate) use impl_escrow_store;
