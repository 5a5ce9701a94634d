//! Cancelling: a request before payment, (part of) a payment within its
//! cancel window, and — after settlement — a registered cancellation request
//! completed when the seller returns the settled funds.

use crate::app::App;
use gyeolje_core::{
    CancelOrigin, Command, PayMethod, Payment, PaymentId, PaymentState, TransitionError, Won,
};
use gyeolje_sim::{KnownCharge, RefundRequest};
use gyeolje_store::StoreError;

/// A cancellation as a merchant or operator asks for it.
#[derive(Clone, Debug)]
pub struct CancelInput {
    /// `None` cancels everything that is left.
    pub amount: Option<Won>,
    pub origin: CancelOrigin,
    pub memo: String,
    /// Only cancel a request that has not been paid (PayApp `cancelmode=ready`).
    pub only_unpaid: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CancelError {
    #[error("결제요청 건을 찾을 수 없습니다")]
    NotFound,
    #[error("이미 취소된 건입니다")]
    AlreadyCancelled,
    #[error("결제 가능 기간이 지나 취소할 수 없습니다")]
    Expired,
    #[error("결제가 완료된 건은 결제요청 상태 취소(cancelmode=ready)로 취소할 수 없습니다")]
    AlreadyPaid,
    #[error("부분취소는 결제가 완료된 건만 가능합니다")]
    PartialBeforePayment,
    #[error("취소 금액이 0원입니다")]
    ZeroAmount,
    #[error("정산이 완료되었거나 정산일이 지나 바로 취소할 수 없습니다")]
    WindowClosed,
    #[error("아직 바로 취소할 수 있는 건입니다")]
    WindowOpen,
    #[error("이미 취소 요청이 접수된 건입니다")]
    AlreadyRequested,
    #[error("접수된 취소 요청이 없습니다")]
    NoPendingRequest,
    #[error("취소 금액({requested}원)이 취소 가능 금액({balance}원)을 초과합니다")]
    ExceedsBalance { requested: Won, balance: Won },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<TransitionError> for CancelError {
    fn from(e: TransitionError) -> Self {
        match e {
            TransitionError::ZeroAmount => CancelError::ZeroAmount,
            TransitionError::ExceedsBalance { requested, balance } => {
                CancelError::ExceedsBalance { requested, balance }
            }
            TransitionError::Expired | TransitionError::NotYetExpired => CancelError::Expired,
            TransitionError::CancelWindowClosed | TransitionError::AlreadySettled => {
                CancelError::WindowClosed
            }
            TransitionError::AlreadyRequested => CancelError::AlreadyRequested,
            TransitionError::NoPendingRequest => CancelError::NoPendingRequest,
            TransitionError::NotAllowed { .. } | TransitionError::NotYetDue => {
                CancelError::AlreadyCancelled
            }
        }
    }
}

impl App {
    /// Cancels a request before payment, or (part of) a payment after it.
    pub async fn cancel(&self, id: PaymentId, input: CancelInput) -> Result<Payment, CancelError> {
        let _guard = self.locks.lock(id.get()).await;
        let payment = self.load(id).await?.ok_or(CancelError::NotFound)?;
        let command = match payment.state {
            PaymentState::Requested | PaymentState::AwaitingDeposit => {
                if input.amount.is_some() {
                    return Err(CancelError::PartialBeforePayment);
                }
                Command::CancelRequest {
                    origin: input.origin,
                    memo: input.memo,
                }
            }
            PaymentState::Paid => {
                if input.only_unpaid {
                    return Err(CancelError::AlreadyPaid);
                }
                Command::Cancel {
                    amount: input.amount.unwrap_or(payment.refundable()),
                    origin: input.origin,
                    memo: input.memo,
                }
            }
            PaymentState::RequestCancelled | PaymentState::Cancelled => {
                return Err(CancelError::AlreadyCancelled);
            }
            PaymentState::Expired => return Err(CancelError::Expired),
        };
        let next = self
            .apply(&payment, command)
            .await?
            .map_err(CancelError::from)?;
        if payment.state == PaymentState::Paid {
            self.refund(&payment, &next).await;
        }
        Ok(next)
    }

    /// Returns the money of a committed cancellation through the acquirer.
    /// The cancellation is committed first — the database decides, under its
    /// version check, how much may still be refunded — and the refund is keyed
    /// by the cancellation event so a retry cannot refund twice.
    pub(crate) async fn refund(&self, before: &Payment, after: &Payment) {
        let (Some(PayMethod::Card), Some(approval)) = (before.method, &before.approval) else {
            return;
        };
        let Some(amount) = after.cancelled_amount.checked_sub(before.cancelled_amount) else {
            return;
        };
        let result = self
            .acquirer
            .refund(RefundRequest {
                idempotency_key: format!("refund:{}:{}", after.id, after.version),
                approval_no: approval.approval_no.clone(),
                amount,
                now: self.now(),
                known_charge: Some(KnownCharge {
                    amount: before.amount,
                    refunded: before.cancelled_amount,
                }),
            })
            .await;
        if let Err(e) = result {
            tracing::error!(payment = %after.id, error = %e, "acquirer refused a committed refund");
        }
    }

    /// Registers a cancellation of a payment whose plain-cancel window has
    /// closed; it completes when the settlement is returned.
    pub async fn request_cancellation(
        &self,
        id: PaymentId,
        memo: String,
    ) -> Result<Payment, CancelError> {
        let _guard = self.locks.lock(id.get()).await;
        let payment = self.load(id).await?.ok_or(CancelError::NotFound)?;
        match payment.state {
            PaymentState::Paid => {}
            PaymentState::Cancelled | PaymentState::RequestCancelled => {
                return Err(CancelError::AlreadyCancelled);
            }
            PaymentState::Requested | PaymentState::AwaitingDeposit | PaymentState::Expired => {
                return Err(CancelError::NotFound);
            }
        }
        let window_open =
            !payment.is_settled() && payment.settle_due_at.is_none_or(|due| self.now() < due);
        if window_open {
            return Err(CancelError::WindowOpen);
        }
        self.apply(&payment, Command::RequestCancellation { memo })
            .await?
            .map_err(CancelError::from)
    }

    /// The seller returned the settled funds of a payment with a registered
    /// cancellation request: settle it first if the payout had not run yet,
    /// then cancel and refund what is left.
    pub async fn return_settlement(&self, id: PaymentId) -> Result<Payment, CancelError> {
        let _guard = self.locks.lock(id.get()).await;
        let mut payment = self.load(id).await?.ok_or(CancelError::NotFound)?;
        let Some(request) = payment.cancel_request.clone() else {
            return Err(CancelError::NoPendingRequest);
        };
        if !payment.is_settled() {
            payment = self
                .apply(&payment, Command::Settle)
                .await?
                .map_err(CancelError::from)?;
        }
        let command = Command::Cancel {
            amount: payment.refundable(),
            origin: CancelOrigin::SettlementReturn,
            memo: request.memo,
        };
        let next = self
            .apply(&payment, command)
            .await?
            .map_err(CancelError::from)?;
        self.refund(&payment, &next).await;
        Ok(next)
    }
}
