//! `cmd=cashSt` / `cmd=cashStCn` and the `cashsturl` receipt page, through
//! the PayApp client crate, through raw form bytes, and through the manual's
//! own PHP samples.

mod errors;
mod issue;
mod php;

pub use crate::support::{TestServer, rejected};
use gyeolje_core::CashReceipt;
use gyeolje_core::cash_receipt::CashReceiptId;
use gyeolje_payapp::{CashSt, CashStCn, Form};

/// The fields of a valid `cashSt` for the demo seller, as a form: a
/// taxed sale of 10,500 won with a service charge, for income deduction.
pub const VALID: [(&str, &str); 14] = [
    ("cmd", "cashSt"),
    ("userid", "payapptest"),
    ("good_name", "아메리카노 외 2건"),
    ("buyr_name", "홍길동"),
    ("buyr_tel1", "010-1234-5678"),
    ("buyr_mail", "buyer@example.com"),
    ("id_info", "01012345678"),
    ("trad_time", "20151231183120"),
    ("tr_code", "0"),
    ("amt_tot", "10500"),
    ("amt_sup", "9091"),
    ("amt_svc", "500"),
    ("amt_tax", "909"),
    ("corp_tax_type", "TG01"),
];

/// [`VALID`] with `changes` applied; a change to `""` removes the field.
pub fn pairs(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = VALID.to_vec();
    for (k, v) in changes {
        out.retain(|(key, _)| key != k);
        if !v.is_empty() {
            out.push((k, v));
        }
    }
    out
}

/// The valid request as the client's typed value.
pub fn receipt(changes: &[(&'static str, &'static str)]) -> CashSt {
    CashSt::from_form(&Form::from_pairs(pairs(changes))).unwrap()
}

pub fn cancel(cashstno: i64) -> CashStCn {
    CashStCn {
        userid: "payapptest".into(),
        linkkey: None,
        cashstno,
    }
}

pub async fn stored(server: &TestServer, cashstno: i64) -> CashReceipt {
    server
        .app
        .store
        .cash_receipt(CashReceiptId::new(cashstno))
        .await
        .unwrap()
        .expect("the receipt is stored")
}

/// The path part of an absolute URL on `server`.
pub fn path_of<'u>(server: &TestServer, url: &'u str) -> &'u str {
    url.strip_prefix(&server.base)
        .unwrap_or_else(|| panic!("{url} is not on {}", server.base))
}
