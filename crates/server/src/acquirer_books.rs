//! The simulated acquirer's books on the gateway's store: the server's
//! implementation of `gyeolje_sim::AcquirerBooks` (the sim crate defines the
//! trait and does not know the store; the store keeps the tables and does
//! not know the simulator). Only the mapping between their types is here.
//!
//! With the books in the store, what the simulator charged and refunded is
//! the same for every node on the database and survives a restart: an
//! outbox refund re-sent after a crash, or by another node, answers its
//! first receipt and refunds once.

use async_trait::async_trait;
use gyeolje_sim::{
    AcquirerBooks, ApprovalRecorded, Authorization, BookedApproval, BookedRefund, BooksError,
    RefundReceipt, RefundRecorded,
};
use gyeolje_store::{
    BookedCharge, BookedRefundRow, ChargeBooked, ChargeTotals, RefundBooked, Store, StoreError,
};
use std::sync::Arc;

/// [`AcquirerBooks`] kept in the store (migration 0015's tables).
pub struct StoreBooks {
    store: Arc<dyn Store>,
}

impl StoreBooks {
    pub fn new(store: Arc<dyn Store>) -> Self {
        StoreBooks { store }
    }
}

fn unavailable(e: StoreError) -> BooksError {
    BooksError(e.to_string())
}

fn receipt(r: BookedRefundRow) -> RefundReceipt {
    RefundReceipt {
        refund_no: r.refund_no,
        refunded_at: r.refunded_at,
    }
}

#[async_trait]
impl AcquirerBooks for StoreBooks {
    async fn record_approval(&self, a: &BookedApproval) -> Result<ApprovalRecorded, BooksError> {
        let row = BookedCharge {
            approval_no: a.auth.approval_no.clone(),
            auth_key: a.key.clone(),
            amount: a.amount,
            card_name: a.auth.card_name.clone(),
            card_masked: a.auth.card_masked.clone(),
            card_company_code: a.auth.card_company_code.clone(),
            approved_at: a.auth.approved_at,
        };
        Ok(
            match self.store.book_charge(&row).await.map_err(unavailable)? {
                ChargeBooked::Recorded => ApprovalRecorded::Recorded,
                ChargeBooked::NumberTaken => ApprovalRecorded::NumberTaken,
                ChargeBooked::KeyTaken(c) => ApprovalRecorded::KeyTaken(Authorization {
                    approval_no: c.approval_no,
                    card_name: c.card_name,
                    card_masked: c.card_masked,
                    card_company_code: c.card_company_code,
                    approved_at: c.approved_at,
                }),
            },
        )
    }

    async fn refund_by_key(&self, key: &str) -> Result<Option<RefundReceipt>, BooksError> {
        let found = self.store.booked_refund(key).await.map_err(unavailable)?;
        Ok(found.map(receipt))
    }

    async fn record_refund(&self, r: &BookedRefund) -> Result<RefundRecorded, BooksError> {
        let row = BookedRefundRow {
            refund_key: r.key.clone(),
            approval_no: r.approval_no.clone(),
            refund_no: r.receipt.refund_no.clone(),
            amount: r.amount,
            refunded_at: r.receipt.refunded_at,
        };
        let known = r.known_charge.map(|k| ChargeTotals {
            amount: k.amount,
            refunded: k.refunded,
        });
        let booked = self
            .store
            .book_refund(&row, known)
            .await
            .map_err(unavailable)?;
        Ok(match booked {
            RefundBooked::Recorded => RefundRecorded::Recorded,
            RefundBooked::KeyTaken(first) => RefundRecorded::KeyTaken(receipt(first)),
            RefundBooked::NumberTaken => RefundRecorded::NumberTaken,
            RefundBooked::UnknownApproval => RefundRecorded::UnknownApproval,
            RefundBooked::ExceedsCharge => RefundRecorded::ExceedsCharge,
        })
    }
}
