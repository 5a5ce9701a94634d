//! What buyers and merchants do to a payment, independent of protocol:
//! pay it, cancel it, let it expire.
//!
//! Each operation loads the payment, asks the core whether the command is
//! allowed, collects the protocol's notifications for the resulting event,
//! and commits all of it in one transaction. Operations on one payment are
//! queued in-process ([`crate::locks`]) and version-checked in the store, so
//! no payment is charged twice or refunded beyond what was paid.

use crate::app::App;
use gyeolje_core::{
    Approval, CancelOrigin, Change, Command, PayMethod, Payment, PaymentId, PaymentState,
    TransitionError, Won,
};
use gyeolje_sim::{AuthRequest, KnownCharge, RefundRequest};
use gyeolje_store::StoreError;

/// How the buyer wants to pay.
#[derive(Clone, Debug)]
pub enum PayInput {
    Card {
        number: String,
        expiry: Option<String>,
        installment_months: u8,
    },
}

/// The business outcome of a payment attempt.
#[derive(Clone, Debug)]
pub enum PayOutcome {
    Approved(Payment),
    /// The acquirer said no; the request stays open for another try.
    Declined {
        payment: Payment,
        code: String,
        message: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum PayError {
    #[error("결제요청 건을 찾을 수 없습니다")]
    NotFound,
    #[error("이미 결제가 완료된 건입니다")]
    AlreadyPaid,
    #[error("결제할 수 없는 상태입니다 ({0})")]
    NotPayable(PaymentState),
    #[error("결제 가능 기간이 지났습니다")]
    Expired,
    #[error(transparent)]
    Store(#[from] StoreError),
}

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
    /// Commits `command` on `payment` together with the protocol's
    /// notifications for the resulting event.
    async fn apply(
        &self,
        payment: &Payment,
        command: Command,
    ) -> Result<Result<Payment, TransitionError>, StoreError> {
        let now = self.now();
        let transition = match payment.handle(command, now) {
            Ok(t) => t,
            Err(e) => return Ok(Err(e)),
        };
        let merchant = self
            .store
            .merchant(payment.merchant_id)
            .await?
            .ok_or_else(|| {
                StoreError::Corrupt(format!("payment {} has no merchant", payment.id))
            })?;
        let messages =
            crate::notify::messages_for(self, &merchant, &transition.payment, &transition.event);
        let queued = !messages.is_empty();
        let next = transition.payment.clone();
        self.store
            .commit(
                Change::transition(payment.version, transition).with_outbox(messages),
                now,
            )
            .await?;
        if queued {
            self.wake.notify_one();
        }
        Ok(Ok(next))
    }

    async fn load(&self, id: PaymentId) -> Result<Option<Payment>, StoreError> {
        self.store.payment(id).await
    }

    /// The buyer pays. Declines are recorded and leave the request open.
    pub async fn pay(&self, id: PaymentId, input: PayInput) -> Result<PayOutcome, PayError> {
        let _guard = self.locks.lock(id.get()).await;
        let payment = self.load(id).await?.ok_or(PayError::NotFound)?;
        match payment.state {
            PaymentState::Requested => {}
            PaymentState::Paid | PaymentState::Cancelled => return Err(PayError::AlreadyPaid),
            PaymentState::Expired => return Err(PayError::Expired),
            PaymentState::AwaitingDeposit | PaymentState::RequestCancelled => {
                return Err(PayError::NotPayable(payment.state));
            }
        }
        let now = self.now();
        if now >= payment.expires_at {
            self.expire(&payment).await?;
            return Err(PayError::Expired);
        }
        let PayInput::Card {
            number,
            expiry,
            installment_months,
        } = input;
        let auth_key = format!("pay:{}:{}:{}", payment.id, payment.version, self.worker_id);
        let auth = self
            .acquirer
            .authorize(AuthRequest {
                // One key per payment version and process: a retried request
                // cannot charge twice, and a process that loses a race to
                // another one can void exactly its own approval (below).
                idempotency_key: auth_key.clone(),
                card_number: number,
                expiry,
                amount: payment.amount,
                installment_months,
                now,
            })
            .await;
        let command = match &auth {
            Ok(a) => Command::Approve {
                method: PayMethod::Card,
                settle_due: Some(crate::policy::settle_due(payment.protocol, a.approved_at)),
                approval: Approval {
                    approval_no: a.approval_no.clone(),
                    card_name: Some(a.card_name.clone()),
                    card_masked: Some(a.card_masked.clone()),
                    approved_at: a.approved_at,
                },
            },
            Err(d) => Command::Decline {
                method: PayMethod::Card,
                code: d.code.as_str().to_owned(),
                message: d.message.clone(),
            },
        };
        let applied = match self.apply(&payment, command).await {
            Err(StoreError::Conflict(_)) => {
                // Another gateway process changed the payment first (and may
                // have charged it): undo our approval, report what it did.
                if let Ok(a) = &auth {
                    self.void(&payment, &auth_key, &a.approval_no).await;
                }
                let now_state = self.load(id).await?.map_or(payment.state, |p| p.state);
                return Err(match now_state {
                    PaymentState::Paid | PaymentState::Cancelled => PayError::AlreadyPaid,
                    PaymentState::Expired => PayError::Expired,
                    other => PayError::NotPayable(other),
                });
            }
            other => other?,
        };
        match applied {
            Ok(next) => match auth {
                Ok(_) => Ok(PayOutcome::Approved(next)),
                Err(d) => Ok(PayOutcome::Declined {
                    payment: next,
                    code: d.code.as_str().to_owned(),
                    message: d.message,
                }),
            },
            Err(TransitionError::Expired) => Err(PayError::Expired),
            Err(_) => Err(PayError::NotPayable(payment.state)),
        }
    }

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
    async fn refund(&self, before: &Payment, after: &Payment) {
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

    /// Pays a due payment out to the seller.
    pub async fn settle(&self, payment: &Payment) -> Result<(), StoreError> {
        match self.apply(payment, Command::Settle).await {
            Ok(_) | Err(StoreError::Conflict(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Refunds an approval that never became a payment.
    async fn void(&self, payment: &Payment, auth_key: &str, approval_no: &str) {
        let result = self
            .acquirer
            .refund(RefundRequest {
                idempotency_key: format!("void:{auth_key}"),
                approval_no: approval_no.to_owned(),
                amount: payment.amount,
                now: self.now(),
                known_charge: Some(KnownCharge {
                    amount: payment.amount,
                    refunded: Won::ZERO,
                }),
            })
            .await;
        match result {
            Ok(_) => {
                tracing::warn!(payment = %payment.id, "lost a race to pay; own approval voided")
            }
            Err(e) => {
                tracing::error!(payment = %payment.id, error = %e, "could not void an orphan approval")
            }
        }
    }

    /// Ends a request whose deadline has passed.
    pub async fn expire(&self, payment: &Payment) -> Result<(), StoreError> {
        match self.apply(payment, Command::Expire).await {
            Ok(_) | Err(StoreError::Conflict(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
