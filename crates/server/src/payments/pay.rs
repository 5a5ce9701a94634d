//! Paying: by card (the acquirer), by phone (phone billing), by real-time
//! transfer, or by virtual account (issued now, paid when the deposit comes).
//! Declines are recorded as events and leave the request open for another try.

use crate::app::App;
use gyeolje_core::{
    Approval, Command, PayMethod, PayerDetails, Payment, PaymentId, PaymentState, PhoneNumber,
    Timestamp, TransitionError, Won,
};
use gyeolje_sim::{
    AccountRequest, AuthRequest, KnownCharge, PhoneChargeRequest, RefundRequest, TransferRequest,
};
use gyeolje_store::StoreError;
use std::time::Duration;

/// How long a buyer has to deposit into an issued virtual account (business
/// time), unless the request's own deadline is sooner.
pub const DEPOSIT_WINDOW: Duration = Duration::from_secs(3 * 24 * 3600);

/// How the buyer wants to pay.
#[derive(Clone, Debug)]
pub enum PayInput {
    Card {
        number: String,
        expiry: Option<String>,
        installment_months: u8,
    },
    Phone {
        phone: PhoneNumber,
    },
    BankTransfer {
        bank_code: Option<String>,
    },
    VirtualAccount {
        bank_code: Option<String>,
    },
}

impl PayInput {
    pub fn method(&self) -> PayMethod {
        match self {
            PayInput::Card { .. } => PayMethod::Card,
            PayInput::Phone { .. } => PayMethod::Phone,
            PayInput::BankTransfer { .. } => PayMethod::BankTransfer,
            PayInput::VirtualAccount { .. } => PayMethod::VirtualAccount,
        }
    }
}

/// The business outcome of a payment attempt.
#[derive(Clone, Debug)]
pub enum PayOutcome {
    Approved(Payment),
    /// A virtual account was issued; the payment completes on deposit.
    AwaitingDeposit(Payment),
    /// Declined; the request stays open for another try.
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
    #[error("이 결제요청에서 제공하지 않는 결제수단입니다 ({})", .0.as_str())]
    MethodNotOffered(PayMethod),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the outside world answered, as a command for the core.
struct Decided {
    command: Command,
    /// The card approval to void if another process paid first.
    card_approval: Option<String>,
}

fn declined(method: PayMethod, code: &str, message: String) -> Decided {
    Decided {
        command: Command::Decline {
            method,
            code: code.to_owned(),
            message,
        },
        card_approval: None,
    }
}

impl App {
    /// The buyer pays `id` with `input`; `payer` is what they typed on the page.
    pub async fn pay(
        &self,
        id: PaymentId,
        input: PayInput,
        payer: PayerDetails,
    ) -> Result<PayOutcome, PayError> {
        self.pay_until(id, input, payer, None).await
    }

    /// [`App::pay`], with a virtual account due no later than `deposit_by`
    /// when given: iPay Fast's `payment_due_date` shortens the deposit
    /// window (§3.1.2), and only the page knows the cart asked for it.
    pub async fn pay_until(
        &self,
        id: PaymentId,
        input: PayInput,
        payer: PayerDetails,
        deposit_by: Option<Timestamp>,
    ) -> Result<PayOutcome, PayError> {
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
        if self.now() >= payment.expires_at {
            self.expire(&payment).await?;
            return Err(PayError::Expired);
        }
        if !crate::policy::offered_methods(&payment).contains(&input.method()) {
            return Err(PayError::MethodNotOffered(input.method()));
        }
        // One key per payment version and process: a retried request cannot
        // charge twice, and a process that loses a race to another one can
        // void exactly its own approval.
        let key = format!("pay:{}:{}:{}", payment.id, payment.version, self.worker_id);
        let decided = self
            .ask_outside(&payment, &key, input, payer, deposit_by)
            .await;
        let applied = match self.apply(&payment, decided.command.clone()).await {
            Err(StoreError::Conflict(_)) => {
                if let Some(approval_no) = &decided.card_approval {
                    self.void(&payment, &key, approval_no).await;
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
        let next = match applied {
            Ok(next) => next,
            Err(TransitionError::Expired) => return Err(PayError::Expired),
            Err(_) => return Err(PayError::NotPayable(payment.state)),
        };
        Ok(match decided.command {
            Command::Approve { .. } => PayOutcome::Approved(next),
            Command::IssueVirtualAccount { .. } => PayOutcome::AwaitingDeposit(next),
            Command::Decline { code, message, .. } => PayOutcome::Declined {
                payment: next,
                code,
                message,
            },
            other => {
                tracing::error!(command = other.name(), "unexpected payment command");
                PayOutcome::Declined {
                    payment: next,
                    code: "internal".into(),
                    message: String::new(),
                }
            }
        })
    }

    /// Asks the acquirer, the phone-billing provider or the bank.
    async fn ask_outside(
        &self,
        payment: &Payment,
        key: &str,
        input: PayInput,
        payer: PayerDetails,
        deposit_by: Option<Timestamp>,
    ) -> Decided {
        let now = self.now();
        let settle_due = crate::policy::settle_due(payment.protocol, now);
        let approve = |method,
                       approval_no: String,
                       card_name: Option<String>,
                       card_masked: Option<String>,
                       installment_months: u8,
                       at: Timestamp| {
            Command::Approve {
                method,
                approval: Approval {
                    approval_no,
                    card_name,
                    card_masked,
                    installment_months,
                    approved_at: at,
                },
                settle_due,
                payer: payer.clone(),
            }
        };
        match input {
            PayInput::Card {
                number,
                expiry,
                installment_months,
            } => {
                let request = AuthRequest {
                    idempotency_key: key.to_owned(),
                    card_number: number,
                    expiry,
                    amount: payment.amount,
                    installment_months,
                    now,
                };
                match self.acquirer.authorize(request).await {
                    Ok(a) => Decided {
                        card_approval: Some(a.approval_no.clone()),
                        command: approve(
                            PayMethod::Card,
                            a.approval_no,
                            Some(a.card_name),
                            Some(a.card_masked),
                            installment_months,
                            a.approved_at,
                        ),
                    },
                    Err(d) => declined(PayMethod::Card, d.code.as_str(), d.message),
                }
            }
            PayInput::Phone { phone } => {
                let request = PhoneChargeRequest {
                    key: key.to_owned(),
                    phone,
                    amount: payment.amount,
                    now,
                };
                match self.phone_billing.charge(request).await {
                    Ok(a) => Decided {
                        card_approval: None,
                        command: approve(
                            PayMethod::Phone,
                            a.approval_no,
                            None,
                            None,
                            0,
                            a.approved_at,
                        ),
                    },
                    Err(d) => declined(PayMethod::Phone, d.code(), d.to_string()),
                }
            }
            PayInput::BankTransfer { bank_code } => {
                let request = TransferRequest {
                    key: key.to_owned(),
                    bank_code,
                    amount: payment.amount,
                    now,
                };
                match self.bank.transfer(request).await {
                    Ok(r) => Decided {
                        card_approval: None,
                        command: approve(
                            PayMethod::BankTransfer,
                            r.transfer_no,
                            None,
                            None,
                            0,
                            r.transferred_at,
                        ),
                    },
                    Err(e) => declined(PayMethod::BankTransfer, "unknown_bank", e.to_string()),
                }
            }
            PayInput::VirtualAccount { bank_code } => {
                let due = now.plus(DEPOSIT_WINDOW).min(payment.expires_at);
                let due = deposit_by.map_or(due, |by| due.min(by));
                let holder = self
                    .store
                    .merchant(payment.merchant_id)
                    .await
                    .ok()
                    .flatten()
                    .map(|m| m.name)
                    .unwrap_or_default();
                let request = AccountRequest {
                    key: format!("vbank:{}", payment.id),
                    bank_code,
                    amount: payment.amount,
                    holder,
                    due,
                };
                match self.bank.issue_virtual_account(request).await {
                    Ok(va) => Decided {
                        card_approval: None,
                        command: Command::IssueVirtualAccount {
                            bank: va.bank_name,
                            account_no: va.account_no,
                            due: va.due,
                            payer,
                        },
                    },
                    Err(e) => declined(PayMethod::VirtualAccount, "unknown_bank", e.to_string()),
                }
            }
        }
    }

    /// The buyer deposited the full amount into the payment's virtual account.
    pub async fn confirm_deposit(&self, id: PaymentId) -> Result<Payment, PayError> {
        let _guard = self.locks.lock(id.get()).await;
        let payment = self.load(id).await?.ok_or(PayError::NotFound)?;
        match payment.state {
            PaymentState::AwaitingDeposit => {}
            PaymentState::Paid | PaymentState::Cancelled => return Err(PayError::AlreadyPaid),
            PaymentState::Expired => return Err(PayError::Expired),
            PaymentState::Requested | PaymentState::RequestCancelled => {
                return Err(PayError::NotPayable(payment.state));
            }
        }
        let now = self.now();
        let command = Command::ConfirmDeposit {
            approval: Approval {
                approval_no: format!("D{:08}", payment.id.get() % 100_000_000),
                card_name: None,
                card_masked: None,
                installment_months: 0,
                approved_at: now,
            },
            settle_due: crate::policy::settle_due(payment.protocol, now),
        };
        match self.apply(&payment, command).await? {
            Ok(next) => Ok(next),
            Err(TransitionError::Expired) => {
                self.expire(&payment).await?;
                Err(PayError::Expired)
            }
            Err(_) => Err(PayError::NotPayable(payment.state)),
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
}
