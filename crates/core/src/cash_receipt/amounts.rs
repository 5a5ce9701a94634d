//! The money on a cash receipt: the total and its three parts.
//!
//! The tax authority receives the breakdown, not just the total, so the
//! parts must add up to the total exactly — checked in integer won, with
//! overflow an error rather than a wrap — and a tax-exempt (면세) sale has
//! no VAT by definition. VAT on a taxed sale is not recomputed: sellers
//! round 10% differently (down, to nearest), and zero-rated (영세율) sales are
//! taxed at 0%, so any VAT that makes the sum right is accepted.

use crate::Won;
use serde::{Deserialize, Serialize};

/// 과세 구분: whether the sale is subject to VAT.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxType {
    /// 과세 (PayApp `TG01`).
    Taxable,
    /// 면세 (PayApp `TG02`): no VAT.
    TaxExempt,
}

impl TaxType {
    pub const ALL: [TaxType; 2] = [TaxType::Taxable, TaxType::TaxExempt];

    /// The name stored in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            TaxType::Taxable => "taxable",
            TaxType::TaxExempt => "tax_exempt",
        }
    }

    pub fn parse(text: &str) -> Option<TaxType> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// The Korean name printed on receipts.
    pub const fn label(self) -> &'static str {
        match self {
            TaxType::Taxable => "과세",
            TaxType::TaxExempt => "면세",
        }
    }
}

/// Why amounts do not make a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CashAmountsError {
    /// A receipt for nothing.
    #[error("the total must be more than zero")]
    ZeroTotal,
    /// supply + service + tax ≠ total. `parts` is `None` when the sum is
    /// past [`Won::MAX`].
    #[error("the parts do not add up to the total")]
    SumMismatch { total: Won, parts: Option<Won> },
    /// A tax-exempt sale with VAT.
    #[error("a tax-exempt sale has no VAT")]
    TaxOnExempt { tax: Won },
}

/// A total with its breakdown and tax type. The fields are private so a
/// value that exists adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawAmounts", into = "RawAmounts")]
pub struct CashAmounts {
    total: Won,
    supply: Won,
    service: Won,
    tax: Won,
    tax_type: TaxType,
}

impl CashAmounts {
    /// `total` (거래금액) = `supply` (공급가액) + `service` (봉사료) + `tax`
    /// (부가가치세), with no VAT when `tax_type` is [`TaxType::TaxExempt`].
    pub fn new(
        total: Won,
        supply: Won,
        service: Won,
        tax: Won,
        tax_type: TaxType,
    ) -> Result<CashAmounts, CashAmountsError> {
        if total.is_zero() {
            return Err(CashAmountsError::ZeroTotal);
        }
        let parts = supply.checked_add(service).and_then(|s| s.checked_add(tax));
        if parts != Some(total) {
            return Err(CashAmountsError::SumMismatch { total, parts });
        }
        match tax_type {
            TaxType::Taxable => {}
            TaxType::TaxExempt if tax.is_zero() => {}
            TaxType::TaxExempt => return Err(CashAmountsError::TaxOnExempt { tax }),
        }
        Ok(CashAmounts {
            total,
            supply,
            service,
            tax,
            tax_type,
        })
    }

    pub fn total(&self) -> Won {
        self.total
    }

    pub fn supply(&self) -> Won {
        self.supply
    }

    pub fn service(&self) -> Won {
        self.service
    }

    pub fn tax(&self) -> Won {
        self.tax
    }

    pub fn tax_type(&self) -> TaxType {
        self.tax_type
    }
}

/// The serialized form; decoding re-checks the invariants.
#[derive(Serialize, Deserialize)]
struct RawAmounts {
    total: Won,
    supply: Won,
    service: Won,
    tax: Won,
    tax_type: TaxType,
}

impl TryFrom<RawAmounts> for CashAmounts {
    type Error = CashAmountsError;
    fn try_from(r: RawAmounts) -> Result<Self, Self::Error> {
        CashAmounts::new(r.total, r.supply, r.service, r.tax, r.tax_type)
    }
}

impl From<CashAmounts> for RawAmounts {
    fn from(a: CashAmounts) -> Self {
        RawAmounts {
            total: a.total,
            supply: a.supply,
            service: a.service,
            tax: a.tax,
            tax_type: a.tax_type,
        }
    }
}
