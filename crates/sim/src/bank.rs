//! The bank behind virtual accounts (가상계좌) and real-time transfers, as a
//! deterministic simulator.
//!
//! A virtual account is issued per payment: a bank chosen from the buyer's
//! pick (or the first one), and an account number derived from the payment's
//! key, so the same request always gets the same account. Deposits are not
//! simulated here: the sandbox (or a test) says when the buyer deposited, and
//! the gateway confirms it against the amount it expects.

use async_trait::async_trait;
use gyeolje_core::{Timestamp, Won};

/// A bank the simulator can issue accounts at: code (금융결제원 bank code) and name.
pub const BANKS: &[(&str, &str)] = &[
    ("004", "KB국민은행"),
    ("088", "신한은행"),
    ("020", "우리은행"),
    ("081", "하나은행"),
    ("011", "NH농협은행"),
    ("003", "IBK기업은행"),
];

/// What to issue a virtual account for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRequest {
    /// Stable per payment: the same key gets the same account.
    pub key: String,
    /// A bank code from [`BANKS`]; `None` picks the first.
    pub bank_code: Option<String>,
    pub amount: Won,
    /// The depositor name shown by the bank (예금주), usually the shop.
    pub holder: String,
    pub due: Timestamp,
}

/// An issued virtual account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualAccount {
    pub bank_code: String,
    pub bank_name: String,
    pub account_no: String,
    pub holder: String,
    pub amount: Won,
    pub due: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BankError {
    #[error("지원하지 않는 은행입니다 ({0})")]
    UnknownBank(String),
}

/// A real-time account transfer (계좌이체) from the buyer's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferRequest {
    /// The same key returns the same receipt without moving money twice.
    pub key: String,
    /// The buyer's bank, from [`BANKS`]; `None` picks the first.
    pub bank_code: Option<String>,
    pub amount: Won,
    pub now: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferReceipt {
    pub transfer_no: String,
    pub bank_name: String,
    pub transferred_at: Timestamp,
}

/// Issues virtual accounts and moves money by real-time transfer.
#[async_trait]
pub trait Bank: Send + Sync {
    async fn issue_virtual_account(&self, req: AccountRequest)
    -> Result<VirtualAccount, BankError>;
    async fn transfer(&self, req: TransferRequest) -> Result<TransferReceipt, BankError>;
}

fn bank(code: Option<&str>) -> Result<(&'static str, &'static str), BankError> {
    match code {
        None => Ok(BANKS[0]),
        Some(code) => BANKS
            .iter()
            .copied()
            .find(|(c, _)| *c == code)
            .ok_or_else(|| BankError::UnknownBank(code.to_owned())),
    }
}

/// The simulated bank.
#[derive(Debug, Default)]
pub struct SimBank;

/// FNV-1a: a small, stable hash so account numbers repeat across runs.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[async_trait]
impl Bank for SimBank {
    async fn issue_virtual_account(
        &self,
        req: AccountRequest,
    ) -> Result<VirtualAccount, BankError> {
        let (code, name) = bank(req.bank_code.as_deref())?;
        let digits = format!("{:014}", fnv1a(&req.key) % 100_000_000_000_000);
        Ok(VirtualAccount {
            bank_code: code.to_owned(),
            bank_name: name.to_owned(),
            account_no: format!("{}-{}-{}", &digits[..3], &digits[3..9], &digits[9..]),
            holder: req.holder,
            amount: req.amount,
            due: req.due,
        })
    }

    async fn transfer(&self, req: TransferRequest) -> Result<TransferReceipt, BankError> {
        let (_, name) = bank(req.bank_code.as_deref())?;
        Ok(TransferReceipt {
            transfer_no: format!("T{:08}", fnv1a(&req.key) % 100_000_000),
            bank_name: name.to_owned(),
            transferred_at: req.now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(key: &str, bank: Option<&str>) -> AccountRequest {
        AccountRequest {
            key: key.into(),
            bank_code: bank.map(str::to_owned),
            amount: Won::new(1000).unwrap(),
            holder: "테스트상점".into(),
            due: Timestamp::from_millis(0),
        }
    }

    #[tokio::test]
    async fn accounts_are_stable_per_key_and_differ_between_keys() {
        let bank = SimBank;
        let a = bank
            .issue_virtual_account(req("pay:1", None))
            .await
            .unwrap();
        let again = bank
            .issue_virtual_account(req("pay:1", None))
            .await
            .unwrap();
        let b = bank
            .issue_virtual_account(req("pay:2", Some("088")))
            .await
            .unwrap();
        assert_eq!(a, again);
        assert_eq!(a.bank_name, "KB국민은행");
        assert_eq!(b.bank_name, "신한은행");
        assert_ne!(a.account_no, b.account_no);
        assert_eq!(a.account_no.len(), 16);
        assert!(a.account_no.chars().all(|c| c.is_ascii_digit() || c == '-'));
    }

    #[tokio::test]
    async fn unknown_banks_are_refused() {
        let e = SimBank
            .issue_virtual_account(req("k", Some("999")))
            .await
            .unwrap_err();
        assert_eq!(e, BankError::UnknownBank("999".into()));
    }
}
