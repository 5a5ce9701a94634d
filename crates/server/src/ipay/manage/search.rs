//! The filters of the cancel, return and exchange lists (§3.2.1 3,
//! §3.2.3 1, §3.2.4 1): `SearchType` + `SearchString` and `SearchDateType`
//! + `FromDate`/`ToDate`, and the dates of `GetIpayPaidOrderList`.
//!
//! The manual lists the search types of the cancel list only; the return
//! and exchange request types have the same fields, so they take the same
//! values. Their request-date type is named after the list
//! (`CancelRequestDate`; `ReturnRequestDate`, `ExchangeRequestDate`), and
//! `RequestDate` is accepted by all three. Text searches are substring
//! matches, identifiers exact. Dates are KST; a date without a time means
//! the whole day (`ToDate=2024-01-31` includes that day).
//!
//! The live return list names the fields differently, and shops send that
//! form: `SearchKeyword` for `SearchString`, and the period as a nested
//! `<SearchDuration StartDate="" EndDate=""/>` (in `Arche.API.xsd`) for
//! `FromDate`/`ToDate`; both forms are read, the live one first. Lists
//! whose request type has `PageSize`/`PageNumber` are paged: `PageSize`
//! rows (default [`DEFAULT_PAGE_SIZE`] once either is given) of page
//! `PageNumber` (from 1); without either, every row.

use super::super::call::Fault;
use super::view::OrderView;
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use gyeolje_core::Timestamp;
use gyeolje_core::time::kst;
use gyeolje_ipay::ops::Object;

/// What `SearchType` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SearchBy {
    None,
    ItemName,
    ItemId,
    BuyerName,
    BuyerId,
    OrderNo,
    GroupOrderSeqno,
}

/// What `SearchDateType` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateBy {
    None,
    /// When the buyer asked (cancel, return or exchange).
    Request,
    /// When the order was paid (`RecpDate`).
    Paid,
}

/// Rows per page when a request pages without saying how many.
pub const DEFAULT_PAGE_SIZE: usize = 100;

/// A list filter, read from a `Get…ListRequestT`.
#[derive(Clone, Debug)]
pub struct Search {
    by: SearchBy,
    value: String,
    date: DateBy,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
    /// `(rows per page, page from 1)`, when the request pages.
    page: Option<(usize, usize)>,
}

/// The attribute `name` when `req`'s type declares it (the list request
/// types differ in which of the spellings they carry).
fn declared<'a>(req: &Object<'a>, name: &str) -> Option<&'a str> {
    req.complex_type()
        .field(name)
        .and_then(|_| req.attr_str(name))
}

/// A declared `xs:int` attribute.
fn declared_int(req: &Object<'_>, name: &str) -> Option<i32> {
    req.complex_type()
        .field(name)
        .and_then(|_| req.attr_int(name))
}

impl Search {
    /// Reads the filter; `request_date` is the list's own name for the
    /// request date type. Unknown types and unreadable dates are faults:
    /// a list has no failure form, and an empty list would hide the typo.
    pub fn read(req: &Object<'_>, request_date: &str) -> Result<Search, Fault> {
        let search_type = req.attr_str("SearchType").unwrap_or("None").trim();
        let by = match search_type {
            "None" | "" => SearchBy::None,
            "ItemName" => SearchBy::ItemName,
            "ItemID" | "ItemId" | "ItemNo" => SearchBy::ItemId,
            "BuyerName" => SearchBy::BuyerName,
            "BuyerID" | "BuyerId" => SearchBy::BuyerId,
            "OrderNo" => SearchBy::OrderNo,
            "GroupOrderSeqno" => SearchBy::GroupOrderSeqno,
            other => {
                return Err(Fault::client(format!(
                    "SearchType {other:?} is not one of None, ItemName, ItemID, BuyerName, BuyerID, OrderNo, GroupOrderSeqno (검색조건이 올바르지 않습니다)"
                )));
            }
        };
        let date_type = req.attr_str("SearchDateType").unwrap_or("None").trim();
        let date = match date_type {
            "None" | "" => DateBy::None,
            "RecpDate" => DateBy::Paid,
            t if t == request_date || t == "RequestDate" => DateBy::Request,
            other => {
                return Err(Fault::client(format!(
                    "SearchDateType {other:?} is not one of None, {request_date}, RecpDate (기간조건이 올바르지 않습니다)"
                )));
            }
        };
        let duration = req
            .complex_type()
            .child("SearchDuration")
            .and_then(|_| req.child("SearchDuration"));
        let nested = |name: &str| {
            duration
                .and_then(|d| d.attr_str(name))
                .filter(|t| !t.trim().is_empty())
        };
        let (from_name, from_text) = match nested("StartDate") {
            Some(t) => ("SearchDuration.StartDate", Some(t)),
            None => ("FromDate", declared(req, "FromDate")),
        };
        let (to_name, to_text) = match nested("EndDate") {
            Some(t) => ("SearchDuration.EndDate", Some(t)),
            None => ("ToDate", declared(req, "ToDate")),
        };
        let from = optional_date(from_text, from_name, false)?;
        let to = optional_date(to_text, to_name, true)?;
        let value = declared(req, "SearchKeyword")
            .filter(|k| !k.trim().is_empty())
            .or_else(|| declared(req, "SearchString"))
            .unwrap_or("");
        let size = declared_int(req, "PageSize");
        let number = declared_int(req, "PageNumber");
        let page = (size.is_some() || number.is_some()).then(|| {
            let size = size
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| *n > 0)
                .unwrap_or(DEFAULT_PAGE_SIZE);
            let number = number
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| *n > 0)
                .unwrap_or(1);
            (size, number)
        });
        Ok(Search {
            by,
            value: value.trim().to_owned(),
            date,
            from,
            to,
            page,
        })
    }

    /// The requested page of `rows` (every row when the request does not
    /// page; an empty list past the last page).
    pub fn page<T>(&self, rows: Vec<T>) -> Vec<T> {
        match self.page {
            None => rows,
            Some((size, number)) => rows
                .into_iter()
                .skip(size.saturating_mul(number - 1))
                .take(size)
                .collect(),
        }
    }

    /// Whether `view`, asked at `requested_at`, passes the filter.
    pub fn matches(&self, view: &OrderView, requested_at: Option<Timestamp>) -> bool {
        let o = &view.order;
        let v = self.value.as_str();
        let found = v.is_empty()
            || match self.by {
                SearchBy::None => true,
                SearchBy::ItemName => o.item_name.contains(v),
                SearchBy::ItemId => o.ipay_itemno == v || o.auction_item_no == v,
                SearchBy::BuyerName => view.buyer_name().contains(v),
                SearchBy::BuyerId => view.buyer_id().eq_ignore_ascii_case(v),
                SearchBy::OrderNo => o.order_no.to_string() == v,
                SearchBy::GroupOrderSeqno => view.pay_no().to_string() == v,
            };
        let at = match self.date {
            DateBy::None => return found,
            DateBy::Request => requested_at,
            DateBy::Paid => o.paid_at,
        };
        found
            && at.is_some_and(|t| {
                self.from.is_none_or(|f| t >= f) && self.to.is_none_or(|end| t < end)
            })
    }
}

fn optional_date(text: Option<&str>, name: &str, end: bool) -> Result<Option<Timestamp>, Fault> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    parse_date(text, end).map(Some).ok_or_else(|| {
        Fault::client(format!(
            "{name} {text:?} is not a date (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss; 날짜 형식이 올바르지 않습니다)"
        ))
    })
}

/// Reads a date as sellers send it: `2024-01-31`, `20240131`, `2024/01/31`,
/// `2024-01-31 13:00:00`, `2024-01-31T13:00:00` (KST), or an xsd dateTime
/// with a zone. A bare date is the start of that day, or with `end` the
/// start of the next (an exclusive end that includes the day).
pub fn parse_date(text: &str, end: bool) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(Timestamp::from_millis(t.timestamp_millis()));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return kst_instant(t);
        }
    }
    for format in ["%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y.%m.%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(text, format) {
            let day = if end { d.succ_opt()? } else { d };
            return kst_instant(day.and_hms_opt(0, 0, 0)?);
        }
    }
    None
}

fn kst_instant(t: NaiveDateTime) -> Option<Timestamp> {
    let at = t.and_local_timezone(kst()).single()?;
    Some(Timestamp::from_millis(at.timestamp_millis()))
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn reads_the_date_forms_sellers_send() {
        let day = parse_date("2024-01-31", false);
        assert!(day.is_some());
        assert_eq!(parse_date("20240131", false), day);
        assert_eq!(parse_date("2024/01/31", false), day);
        assert_eq!(parse_date("2024-01-31 00:00:00", false), day);
        assert_eq!(parse_date("2024-01-31T00:00:00", false), day);
        assert_eq!(parse_date("2024-01-30T15:00:00Z", false), day);
        assert_eq!(
            parse_date("2024-01-31", true),
            parse_date("2024-02-01", false)
        );
        assert_eq!(parse_date("2024-02-30", false), None);
        assert_eq!(parse_date("yesterday", false), None);
    }
}
