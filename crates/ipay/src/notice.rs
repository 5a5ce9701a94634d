//! The `<IpayResponse>` documents iPay posts to the merchant's `service_url`:
//! payment completion (§3.1.6, `ResponseType` 0) and cancellation/refund
//! (§3.1.8, `ResponseType` 1).
//!
//! The server writes them with [`CompletionNotice::to_xml`] and
//! [`CancelNotice::to_xml`]; merchants' Rust code (and our tests) read them
//! with `parse`, or [`IpayNotice::parse`] when the type is not known yet.
//! The layout is the manual's samples, byte for byte: the declaration
//! `<?xml version="1.0" encoding="UTF-8" ?>`, then one element per line.
//! Receivers in the wild parse these with regular expressions and
//! `strpos`, so the layout is part of the protocol.

mod flat;
mod nos;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use gyeolje_core::Won;
use thiserror::Error;

pub use nos::{join_item_nos, join_order_nos, split_item_nos, split_order_nos};

/// The root element of both documents.
const ROOT: &str = "IpayResponse";
/// `OrderDate`, `PayDate`, `ExpireDate`: `2010-10-05 08:23:00`.
const DATE_TIME: &str = "%Y-%m-%d %H:%M:%S";

/// How the buyer paid (§3.1.6 `PaymentType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaymentType {
    /// `A`: 무통장 입금 (virtual account).
    VirtualAccount,
    /// `C`: card.
    Card,
    /// `M`: mobile phone.
    Mobile,
    /// `D`: real-time bank transfer.
    Transfer,
}

impl PaymentType {
    /// The letter on the wire.
    pub const fn code(self) -> &'static str {
        match self {
            Self::VirtualAccount => "A",
            Self::Card => "C",
            Self::Mobile => "M",
            Self::Transfer => "D",
        }
    }

    /// The type for its letter.
    pub fn from_code(code: &str) -> Option<PaymentType> {
        match code {
            "A" => Some(Self::VirtualAccount),
            "C" => Some(Self::Card),
            "M" => Some(Self::Mobile),
            "D" => Some(Self::Transfer),
            _ => None,
        }
    }
}

/// Why a notice could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NoticeError {
    #[error("malformed IpayResponse: {0}")]
    Malformed(String),
    #[error("IpayResponse has no <{0}>")]
    Missing(&'static str),
    #[error("IpayResponse <{field}> is not valid: {value:?}")]
    Invalid { field: &'static str, value: String },
    #[error("IpayResponse has ResponseType {found:?}, expected {expected}")]
    WrongType {
        expected: &'static str,
        found: String,
    },
}

/// §3.1.6: sent when a payment completes, and for a virtual account a second
/// time when the deposit arrives (then with `pay_date` set).
///
/// The manual's sample swaps `BankCode` and `BankName` (`<BankCode>우리은행`,
/// `<BankName>1520`) while its field list says BankCode is the code (last two
/// digits meaningful) and BankName the name. We write them as the field list
/// says; `parse` takes whatever text is there, so the sample still reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionNotice {
    /// The first order of the cart (`AuctionOrderNo`).
    pub auction_order_no: i64,
    pub ipay_cart_no: i64,
    pub order_date: NaiveDateTime,
    /// Virtual account only; empty otherwise.
    pub bank_code: String,
    /// Virtual account only; empty otherwise.
    pub bank_name: String,
    /// Virtual account only; empty otherwise.
    pub account_numb: String,
    /// `None` (written empty) for a virtual account until the deposit.
    pub pay_date: Option<NaiveDateTime>,
    pub pay_price: Won,
    pub payment_type: PaymentType,
    /// The virtual account's deposit deadline; `None` for other methods.
    /// Read from `2010-10-12 08:23:00` or a bare `2010-11-25` (which the
    /// manual says means until 23:59:59 that day).
    pub expire_date: Option<NaiveDateTime>,
    /// Auction e-money used.
    pub emoney: Won,
    pub card_name: String,
    /// Installment months: `Some(0)` is `00` (lump sum), `Some(3)` is `03`;
    /// `None` (empty) when not a card payment.
    pub card_month: Option<u8>,
    /// The card number's first six digits; empty when not a card payment.
    pub card_numb: String,
    /// Interest-free installments (`NoInterestYN`).
    pub no_interest: bool,
    pub buyer_name: String,
    pub auction_pay_no: i64,
    /// Every order of the cart (`AuctionOrderNos`).
    pub auction_order_nos: Vec<i64>,
    /// (merchant `ipay_itemno`, iPay item number) per line (`ItemNos`).
    pub item_nos: Vec<(String, String)>,
}

impl CompletionNotice {
    /// The document, in the layout of the manual's sample.
    pub fn to_xml(&self) -> String {
        let fields = [
            ("ResponseType", "0".to_owned()),
            ("AuctionOrderNo", self.auction_order_no.to_string()),
            ("IpayCartNo", self.ipay_cart_no.to_string()),
            ("OrderDate", self.order_date.format(DATE_TIME).to_string()),
            ("BankCode", self.bank_code.clone()),
            ("BankName", self.bank_name.clone()),
            ("AccountNumb", self.account_numb.clone()),
            ("PayDate", opt_date(self.pay_date)),
            ("PayPrice", self.pay_price.to_string()),
            ("PaymentType", self.payment_type.code().to_owned()),
            ("ExpireDate", opt_date(self.expire_date)),
            ("Emoney", self.emoney.to_string()),
            ("CardName", self.card_name.clone()),
            (
                "CardMonth",
                self.card_month
                    .map(|m| format!("{m:02}"))
                    .unwrap_or_default(),
            ),
            ("CardNumb", self.card_numb.clone()),
            (
                "NoInterestYN",
                if self.no_interest { "Y" } else { "N" }.to_owned(),
            ),
            ("BuyerName", self.buyer_name.clone()),
            ("AuctionPayNo", self.auction_pay_no.to_string()),
            ("AuctionOrderNos", join_order_nos(&self.auction_order_nos)),
            ("ItemNos", join_item_nos(&self.item_nos)),
        ];
        flat::write(ROOT, &fields)
    }

    /// Reads a completion document; unknown elements are ignored.
    pub fn parse(doc: &str) -> Result<Self, NoticeError> {
        let f = Fields::read(doc, "0")?;
        Ok(CompletionNotice {
            auction_order_no: f.int("AuctionOrderNo")?,
            ipay_cart_no: f.int("IpayCartNo")?,
            order_date: f
                .date_time("OrderDate")?
                .ok_or(NoticeError::Missing("OrderDate"))?,
            bank_code: f.text("BankCode")?.to_owned(),
            bank_name: f.text("BankName")?.to_owned(),
            account_numb: f.text("AccountNumb")?.to_owned(),
            pay_date: f.date_time("PayDate")?,
            pay_price: f.won("PayPrice")?,
            payment_type: PaymentType::from_code(f.text("PaymentType")?.trim())
                .ok_or_else(|| f.invalid("PaymentType"))?,
            expire_date: f.date_time("ExpireDate")?,
            emoney: f.won("Emoney")?,
            card_name: f.text("CardName")?.to_owned(),
            card_month: match f.text("CardMonth")?.trim() {
                "" => None,
                m => Some(m.parse().map_err(|_| f.invalid("CardMonth"))?),
            },
            card_numb: f.text("CardNumb")?.to_owned(),
            no_interest: match f.text("NoInterestYN")?.trim() {
                "Y" => true,
                "N" | "" => false,
                _ => return Err(f.invalid("NoInterestYN")),
            },
            buyer_name: f.text("BuyerName")?.to_owned(),
            auction_pay_no: f.int("AuctionPayNo")?,
            auction_order_nos: split_order_nos(f.text("AuctionOrderNos")?)?,
            item_nos: split_item_nos(f.text("ItemNos")?)?,
        })
    }
}

/// §3.1.8: sent when a refund completes, one per cancelled order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelNotice {
    pub auction_order_no: i64,
    pub ipay_cart_no: i64,
    /// iPay's item number (`I000016033`).
    pub auction_item_no: String,
    /// The merchant's `ipay_itemno`.
    pub ipay_item_no: String,
    pub cancel_code: String,
    /// Written as the sample does, in .NET's ko-KR style
    /// (`2010-10-02 오후 5:37:00`). The sample's trailing space is a manual
    /// artefact we do not reproduce; `parse` trims, and also accepts
    /// `2010-10-02 17:37:00`.
    pub cancel_date: NaiveDateTime,
    /// Written with four decimals, as SQL Server's `money` prints
    /// (`32500.0000`); `parse` accepts any all-zero fraction or none.
    pub cancel_price: Won,
}

impl CancelNotice {
    /// The document, in the layout of the manual's sample.
    pub fn to_xml(&self) -> String {
        let fields = [
            ("ResponseType", "1".to_owned()),
            ("AuctionOrderNo", self.auction_order_no.to_string()),
            ("IpayCartNo", self.ipay_cart_no.to_string()),
            ("AuctionItemNo", self.auction_item_no.clone()),
            ("IpayItemNo", self.ipay_item_no.clone()),
            ("CancelCode", self.cancel_code.clone()),
            ("CancelDate", korean_date_time(self.cancel_date)),
            ("CancelPrice", format!("{}.0000", self.cancel_price)),
        ];
        flat::write(ROOT, &fields)
    }

    /// Reads a cancel document; unknown elements are ignored.
    pub fn parse(doc: &str) -> Result<Self, NoticeError> {
        let f = Fields::read(doc, "1")?;
        let date = f.text("CancelDate")?.trim();
        let price = f.text("CancelPrice")?.trim();
        let (whole, fraction) = price.split_once('.').unwrap_or((price, ""));
        if !fraction.bytes().all(|b| b == b'0') {
            return Err(f.invalid("CancelPrice"));
        }
        Ok(CancelNotice {
            auction_order_no: f.int("AuctionOrderNo")?,
            ipay_cart_no: f.int("IpayCartNo")?,
            auction_item_no: f.text("AuctionItemNo")?.to_owned(),
            ipay_item_no: f.text("IpayItemNo")?.to_owned(),
            cancel_code: f.text("CancelCode")?.to_owned(),
            cancel_date: parse_korean_date_time(date)
                .or_else(|| NaiveDateTime::parse_from_str(date, DATE_TIME).ok())
                .ok_or_else(|| f.invalid("CancelDate"))?,
            cancel_price: Won::parse_digits(whole).map_err(|_| f.invalid("CancelPrice"))?,
        })
    }
}

/// Either notice, told apart by `ResponseType`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IpayNotice {
    Completion(CompletionNotice),
    Cancel(CancelNotice),
}

impl IpayNotice {
    /// Reads either document.
    pub fn parse(doc: &str) -> Result<Self, NoticeError> {
        let fields = flat::read(doc, ROOT)?;
        let kind = fields
            .iter()
            .find(|(n, _)| n == "ResponseType")
            .map(|(_, v)| v.trim())
            .ok_or(NoticeError::Missing("ResponseType"))?;
        match kind {
            "0" => CompletionNotice::parse(doc).map(Self::Completion),
            "1" => CancelNotice::parse(doc).map(Self::Cancel),
            other => Err(NoticeError::WrongType {
                expected: "0 or 1",
                found: other.to_owned(),
            }),
        }
    }

    /// The document.
    pub fn to_xml(&self) -> String {
        match self {
            Self::Completion(n) => n.to_xml(),
            Self::Cancel(n) => n.to_xml(),
        }
    }
}

/// The fields of a read document, with typed getters that name the field in
/// their errors.
struct Fields(Vec<(String, String)>);

impl Fields {
    fn read(doc: &str, expected: &'static str) -> Result<Fields, NoticeError> {
        let f = Fields(flat::read(doc, ROOT)?);
        let kind = f.text("ResponseType")?.trim();
        if kind != expected {
            return Err(NoticeError::WrongType {
                expected,
                found: kind.to_owned(),
            });
        }
        Ok(f)
    }

    fn text(&self, name: &'static str) -> Result<&str, NoticeError> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .ok_or(NoticeError::Missing(name))
    }

    fn invalid(&self, name: &'static str) -> NoticeError {
        NoticeError::Invalid {
            field: name,
            value: self.text(name).unwrap_or_default().to_owned(),
        }
    }

    fn int(&self, name: &'static str) -> Result<i64, NoticeError> {
        self.text(name)?
            .trim()
            .parse()
            .map_err(|_| self.invalid(name))
    }

    fn won(&self, name: &'static str) -> Result<Won, NoticeError> {
        Won::parse_digits(self.text(name)?.trim()).map_err(|_| self.invalid(name))
    }

    /// Empty is `None`; a bare date means the end of that day.
    fn date_time(&self, name: &'static str) -> Result<Option<NaiveDateTime>, NoticeError> {
        let text = self.text(name)?.trim();
        if text.is_empty() {
            return Ok(None);
        }
        NaiveDateTime::parse_from_str(text, DATE_TIME)
            .ok()
            .or_else(|| {
                let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
                day.and_hms_opt(23, 59, 59)
            })
            .map(Some)
            .ok_or_else(|| self.invalid(name))
    }
}

fn opt_date(d: Option<NaiveDateTime>) -> String {
    d.map(|d| d.format(DATE_TIME).to_string())
        .unwrap_or_default()
}

/// .NET's ko-KR `DateTime.ToString()`: `2010-10-02 오후 5:37:00`.
fn korean_date_time(d: NaiveDateTime) -> String {
    let (pm, hour12) = d.hour12();
    format!(
        "{} {} {}:{:02}:{:02}",
        d.format("%Y-%m-%d"),
        if pm { "오후" } else { "오전" },
        hour12,
        d.minute(),
        d.second()
    )
}

fn parse_korean_date_time(text: &str) -> Option<NaiveDateTime> {
    let mut parts = text.split_whitespace();
    let (date, half, time) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(time, "%H:%M:%S").ok()?;
    let hour12 = time.hour();
    if !(1..=12).contains(&hour12) {
        return None;
    }
    let hour = match half {
        "오전" => hour12 % 12,
        "오후" => hour12 % 12 + 12,
        _ => return None,
    };
    Some(date.and_time(time.with_hour(hour)?))
}

#[cfg(test)]
mod tests;
