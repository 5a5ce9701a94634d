//! Paying: by card (the acquirer), by phone (phone billing), by real-time
//! transfer, or by virtual account (issued now, paid when the deposit comes).
//! Declines are recorded as events and leave the request open for another try.

use crate::app::App;
use crate::error::ServiceError;
use gyeolje_core::{
    Approval, Command, PayMethod, PayerDetails, Payment, PaymentId, PhoneNumber, Timestamp,
    TransitionError,
};
use gyeolje_sim::{AccountRequest, AuthRequest, PhoneChargeRequest, TransferRequest};
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

/// What the outside world answered, as a command for the core and the
/// outcome it means for the buyer.
struct Decided {
    command: Command,
    outcome: Answer,
    /// The card approval to void if another process paid first.
    card_approval: Option<String>,
}

/// The outside world's answer, without the payment.
enum Answer {
    Approved,
    AwaitingDeposit,
    Declined { code: String, message: String },
}

fn declined(method: PayMethod, code: &str, message: String) -> Decided {
    Decided {
        command: Command::Decline {
            method,
            code: code.to_owned(),
            message: message.clone(),
        },
        outcome: Answer::Declined {
            code: code.to_owned(),
            message,
        },
        card_approval: None,
    }
}

fn approved(command: Command, card_approval: Option<String>) -> Decided {
    Decided {
        command,
        outcome: Answer::Approved,
        card_approval,
    }
}

impl App {
    /// The buyer pays `id` with `input`; `payer` is what they typed on the page.
    pub async fn pay(
        &self,
        id: PaymentId,
        input: PayInput,
        payer: PayerDetails,
    ) -> Result<PayOutcome, ServiceError> {
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
    ) -> Result<PayOutcome, ServiceError> {
        let _guard = self.locks.lock(id.get()).await;
        let payment = self.load(id).await?;
        // Ask the core before the outside world: nothing is charged for a
        // payment that cannot take it.
        if let Err(refused) = payment.check_payable(self.now_for(payment.merchant_id)) {
            if refused == TransitionError::Expired {
                self.expire(&payment).await?;
            }
            return Err(refused.into());
        }
        let offered = self.front_end(payment.protocol).offered_methods(&payment)?;
        if !offered.contains(&input.method()) {
            return Err(ServiceError::MethodNotOffered(input.method()));
        }
        // One key per payment version and process: a retried request cannot
        // charge twice, and a process that loses a race to another one can
        // void exactly its own approval.
        let key = format!("pay:{}:{}:{}", payment.id, payment.version, self.worker_id);
        let decided = self
            .ask_outside(&payment, &key, input, payer, deposit_by)
            .await;
        let next = match self.apply(&payment, decided.command).await {
            Ok(t) => t.payment,
            Err(ServiceError::Conflict(_)) => {
                if let Some(approval_no) = &decided.card_approval {
                    self.void(&payment, &key, approval_no).await;
                }
                // Another process moved the payment on: say where it is now.
                let now = self.load(id).await?;
                return Err(match now.check_payable(self.now_for(now.merchant_id)) {
                    Err(why) => why.into(),
                    Ok(()) => TransitionError::NotPayable { state: now.state }.into(),
                });
            }
            // Refused after the approval (the deadline passed meanwhile) or
            // not writable: nothing was committed, so the approval is given back.
            Err(e @ (ServiceError::Refused(_) | ServiceError::ProtocolData(_))) => {
                if let Some(approval_no) = &decided.card_approval {
                    self.void(&payment, &key, approval_no).await;
                }
                return Err(e);
            }
            // A store failure may or may not have committed: the approval
            // stays with the payment's record, for an operator to look at.
            Err(e) => {
                if decided.card_approval.is_some() {
                    tracing::error!(payment = %payment.id, error = %e, "card approved but the payment could not be committed");
                }
                return Err(e);
            }
        };
        Ok(match decided.outcome {
            Answer::Approved => PayOutcome::Approved(next),
            Answer::AwaitingDeposit => PayOutcome::AwaitingDeposit(next),
            Answer::Declined { code, message } => PayOutcome::Declined {
                payment: next,
                code,
                message,
            },
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
        let now = self.now_for(payment.merchant_id);
        let settle_due = self.front_end(payment.protocol).settle_due(now);
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
                    Ok(a) => approved(
                        approve(
                            PayMethod::Card,
                            a.approval_no.clone(),
                            Some(a.card_name),
                            Some(a.card_masked),
                            installment_months,
                            a.approved_at,
                        ),
                        Some(a.approval_no),
                    ),
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
                    Ok(a) => approved(
                        approve(
                            PayMethod::Phone,
                            a.approval_no,
                            None,
                            None,
                            0,
                            a.approved_at,
                        ),
                        None,
                    ),
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
                    Ok(r) => approved(
                        approve(
                            PayMethod::BankTransfer,
                            r.transfer_no,
                            None,
                            None,
                            0,
                            r.transferred_at,
                        ),
                        None,
                    ),
                    Err(e) => declined(PayMethod::BankTransfer, "unknown_bank", e.to_string()),
                }
            }
            PayInput::VirtualAccount { bank_code } => {
                let due = self
                    .front_end(payment.protocol)
                    .deposit_due(payment, now)
                    .unwrap_or_else(|| now.plus(DEPOSIT_WINDOW).min(payment.expires_at));
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
                        outcome: Answer::AwaitingDeposit,
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
    pub async fn confirm_deposit(&self, id: PaymentId) -> Result<Payment, ServiceError> {
        let _guard = self.locks.lock(id.get()).await;
        let deposit = |p: &Payment| {
            // Read after `p`, whose read brought its merchant's clock.
            let now = self.now_for(p.merchant_id);
            p.check_depositable(now)?;
            Ok(Command::ConfirmDeposit {
                approval: Approval {
                    approval_no: format!("D{:08}", p.id.get() % 100_000_000),
                    card_name: None,
                    card_masked: None,
                    installment_months: 0,
                    approved_at: now,
                },
                settle_due: self.front_end(p.protocol).settle_due(now),
            })
        };
        let applied = self.apply_latest(id, deposit).await.map(|t| t.payment);
        if let Err(ServiceError::Refused(TransitionError::Expired)) = &applied {
            // The deadline passed: the request ends now, as the sweep would.
            self.expire(&self.load(id).await?).await?;
        }
        applied
    }

    /// Gives back an approval that never became a payment, through the
    /// outbox (see [`super::refund`]).
    async fn void(&self, payment: &Payment, auth_key: &str, approval_no: &str) {
        match self
            .commit(
                payment.merchant_id,
                super::refund::void(payment, auth_key, approval_no),
            )
            .await
        {
            Ok(_) => {
                tracing::warn!(payment = %payment.id, "lost a race to pay; own approval queued for voiding")
            }
            Err(e) => {
                tracing::error!(payment = %payment.id, error = %e, "could not queue the void of an orphan approval")
            }
        }
    }
}
