//! §4.2 결제 결과 통보: the form POST to the merchant's notification URL.
//!
//! Sent `application/x-www-form-urlencoded`, UTF-8, fields in the manual's
//! table order; the §4.2.2–4.2.6 groups only when they apply (cash, card,
//! cancel, goods lines, shipping). The merchant answers the body `0000`
//! (§4.3 `out.print("0000")`); anything else is retried. The §4.2.5 arrays
//! go as repeated `goodsCodeArray[]=…` pairs, the way a servlet or PHP reads
//! `String[]` parameters.

use crate::error::InnoPayError;

/// §4.2.1 `status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotifyStatus {
    /// `25` 승인.
    Approved,
    /// `85` 취소.
    Cancelled,
}

impl NotifyStatus {
    /// `25` / `85`.
    pub const fn code(self) -> &'static str {
        match self {
            NotifyStatus::Approved => "25",
            NotifyStatus::Cancelled => "85",
        }
    }

    /// `statusName`: 승인 / 취소.
    pub const fn name(self) -> &'static str {
        match self {
            NotifyStatus::Approved => "승인",
            NotifyStatus::Cancelled => "취소",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            "25" => Some(NotifyStatus::Approved),
            "85" => Some(NotifyStatus::Cancelled),
            _ => None,
        }
    }
}

/// §4.2.2 현금 결제 시 추가 항목.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CashFields {
    pub cash_receipt_type: String,
    pub cash_receipt_type_name: String,
    pub cash_receipt_supply_amt: String,
    pub cash_receipt_vat: String,
}

/// §4.2.3 신용 카드 시 추가 항목.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardFields {
    pub card_no: String,
    pub card_quota: String,
    pub card_issue_code: String,
    pub card_issue_name: String,
    pub card_acquire_code: String,
    pub card_acquire_name: String,
}

/// §4.2.4 취소 시 추가 항목.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CancelFields {
    pub cancel_amt: String,
    pub cancel_msg: String,
    pub cancel_result_code: String,
    pub cancel_result_msg: String,
    pub cancel_app_date: String,
    pub cancel_app_time: String,
    pub cancel_pg_tid: String,
    pub cancel_approval_amt: String,
    pub cancel_approval_no: String,
}

/// One §4.2.5 goods line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoodsLine {
    pub code: String,
    pub name: String,
    pub amt: String,
    pub cnt: String,
    pub total_amt: String,
}

/// §4.2.6 배송지 정보 추가 항목.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shipping {
    pub zone_code: String,
    pub address: String,
    pub address_detail: String,
    pub recipient_name: String,
    pub recipient_phone_no: String,
    pub comment: String,
}

/// One §4.2 notification.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notification {
    pub trans_seq: String,
    pub user_id: String,
    pub user_name: String,
    pub user_phone_no: String,
    pub moid: String,
    pub goods_name: String,
    pub goods_amt: String,
    pub buyer_code: String,
    pub buyer_name: String,
    pub buyer_phone_no: String,
    pub pg_code: String,
    pub pg_name: String,
    pub pay_method: String,
    pub pay_method_name: String,
    pub pg_mid: String,
    pub pg_sid: String,
    pub status: String,
    pub status_name: String,
    pub pg_result_code: String,
    pub pg_result_msg: String,
    pub pg_app_date: String,
    pub pg_app_time: String,
    pub pg_tid: String,
    pub approval_amt: String,
    pub approval_no: String,
    pub cash: Option<CashFields>,
    pub card: Option<CardFields>,
    pub cancel: Option<CancelFields>,
    pub goods: Vec<GoodsLine>,
    pub shipping: Option<Shipping>,
}

/// Declares a struct's wire names once, so writing and reading cannot
/// disagree on names or order: `$names` (the names), `$pairs` (name/value
/// pairs in order) and `$fill` (set every field from a form).
macro_rules! wire_fields {
    ($ty:ident, $names:ident, $pairs:ident, $fill:ident { $($field:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            const $names: &'static [&'static str] = &[$($name),*];
            fn $pairs(&self) -> Vec<(&'static str, &str)> {
                vec![$(($name, self.$field.as_str())),*]
            }
            fn $fill(&mut self, form: &Form) {
                $(self.$field = form.first($name);)*
            }
        }
    };
}

wire_fields!(Notification, BASE_NAMES, base_pairs, fill_base {
    trans_seq => "transSeq", user_id => "userId", user_name => "userName",
    user_phone_no => "userPhoneNo", moid => "moid", goods_name => "goodsName",
    goods_amt => "goodsAmt", buyer_code => "buyerCode", buyer_name => "buyerName",
    buyer_phone_no => "buyerPhoneNo", pg_code => "pgCode", pg_name => "pgName",
    pay_method => "payMethod", pay_method_name => "payMethodName", pg_mid => "pgMid",
    pg_sid => "pgSid", status => "status", status_name => "statusName",
    pg_result_code => "pgResultCode", pg_result_msg => "pgResultMsg",
    pg_app_date => "pgAppDate", pg_app_time => "pgAppTime", pg_tid => "pgTid",
    approval_amt => "approvalAmt", approval_no => "approvalNo",
});

wire_fields!(CashFields, NAMES, pairs, fill {
    cash_receipt_type => "cashReceiptType", cash_receipt_type_name => "cashReceiptTypeName",
    cash_receipt_supply_amt => "cashReceiptSupplyAmt", cash_receipt_vat => "cashReceiptVat",
});

wire_fields!(CardFields, NAMES, pairs, fill {
    card_no => "cardNo", card_quota => "cardQuota", card_issue_code => "cardIssueCode",
    card_issue_name => "cardIssueName", card_acquire_code => "cardAcquireCode",
    card_acquire_name => "cardAcquireName",
});

wire_fields!(CancelFields, NAMES, pairs, fill {
    cancel_amt => "cancelAmt", cancel_msg => "cancelMsg",
    cancel_result_code => "cancelResultCode", cancel_result_msg => "cancelResultMsg",
    cancel_app_date => "cancelAppDate", cancel_app_time => "cancelAppTime",
    cancel_pg_tid => "cancelPgTid", cancel_approval_amt => "cancelApprovalAmt",
    cancel_approval_no => "cancelApprovalNo",
});

wire_fields!(Shipping, NAMES, pairs, fill {
    zone_code => "zoneCode", address => "address", address_detail => "addressDetail",
    recipient_name => "recipientName", recipient_phone_no => "recipientPhoneNo",
    comment => "comment",
});

/// The §4.2.5 array names, in the table's order.
const GOODS_ARRAYS: [&str; 5] = [
    "goodsCodeArray[]",
    "goodsNameArray[]",
    "goodsAmtArray[]",
    "goodsCntArray[]",
    "totalAmtArray[]",
];

impl GoodsLine {
    fn column(&self, i: usize) -> &str {
        match i {
            0 => &self.code,
            1 => &self.name,
            2 => &self.amt,
            3 => &self.cnt,
            _ => &self.total_amt,
        }
    }
}

/// A decoded form body: every pair, in order, repeats kept.
struct Form(Vec<(String, String)>);

impl Form {
    fn parse(body: &str) -> Form {
        Form(
            form_urlencoded::parse(body.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// The first value of `name`, `""` when absent.
    fn first(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of `name`, in order.
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A group, present when any of its names is.
    fn group<T: Default>(&self, names: &[&str], fill: fn(&mut T, &Form)) -> Option<T> {
        names.iter().any(|n| self.has(n)).then(|| {
            let mut group = T::default();
            fill(&mut group, self);
            group
        })
    }
}

impl Notification {
    /// application/x-www-form-urlencoded UTF-8, fields in the manual's
    /// order, groups only when present.
    pub fn to_body(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        out.extend_pairs(self.base_pairs());
        if let Some(cash) = &self.cash {
            out.extend_pairs(cash.pairs());
        }
        if let Some(card) = &self.card {
            out.extend_pairs(card.pairs());
        }
        if let Some(cancel) = &self.cancel {
            out.extend_pairs(cancel.pairs());
        }
        if !self.goods.is_empty() {
            out.append_pair("goodsSize", &self.goods.len().to_string());
            for (i, name) in GOODS_ARRAYS.iter().enumerate() {
                for line in &self.goods {
                    out.append_pair(name, line.column(i));
                }
            }
        }
        if let Some(shipping) = &self.shipping {
            out.extend_pairs(shipping.pairs());
        }
        out.finish()
    }

    /// Reads a body (the merchant's side). Missing fields are empty; a group
    /// is present when any of its fields is. The goods arrays must all have
    /// `goodsSize` entries, else `InvalidFormat` naming `goodsSize`.
    pub fn parse(body: &str) -> Result<Notification, InnoPayError> {
        let form = Form::parse(body);
        let mut n = Notification::default();
        n.fill_base(&form);
        n.cash = form.group(CashFields::NAMES, CashFields::fill);
        n.card = form.group(CardFields::NAMES, CardFields::fill);
        n.cancel = form.group(CancelFields::NAMES, CancelFields::fill);
        n.shipping = form.group(Shipping::NAMES, Shipping::fill);
        let size = form.first("goodsSize");
        let size = size.trim();
        let columns: Vec<Vec<String>> = GOODS_ARRAYS.iter().map(|a| form.all(a)).collect();
        let count = if size.is_empty() {
            columns.iter().map(Vec::len).max().unwrap_or(0)
        } else {
            size.parse::<usize>()
                .map_err(|_| InnoPayError::format("goodsSize", "숫자"))?
        };
        if columns.iter().any(|c| c.len() != count) {
            return Err(InnoPayError::format(
                "goodsSize",
                "상품정보 배열의 길이와 다릅니다",
            ));
        }
        let cell = |col: usize, row: usize| {
            columns
                .get(col)
                .and_then(|c| c.get(row))
                .cloned()
                .unwrap_or_default()
        };
        n.goods = (0..count)
            .map(|row| GoodsLine {
                code: cell(0, row),
                name: cell(1, row),
                amt: cell(2, row),
                cnt: cell(3, row),
                total_amt: cell(4, row),
            })
            .collect();
        Ok(n)
    }

    /// `status` as a [`NotifyStatus`].
    pub fn status(&self) -> Option<NotifyStatus> {
        NotifyStatus::parse(&self.status)
    }

    /// Every §4.2.1 name, in order (for documentation and tests).
    pub fn base_names() -> &'static [&'static str] {
        Notification::BASE_NAMES
    }
}

#[cfg(test)]
mod tests;
