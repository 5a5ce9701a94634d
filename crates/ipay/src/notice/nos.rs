//! The `@`-terminated lists of a completion notice: `AuctionOrderNos`
//! (`n1@n2@`) and `ItemNos` (`<ipay_itemno>=<auction item no>@…`).
//!
//! Every entry is followed by `@`, the last one too, as in the manual's
//! sample. Readers also accept a missing final `@`. The merchant's item
//! number is split off at the *last* `=`, since iPay's own item numbers
//! (`I000092448`) never hold one; a merchant item number holding `@` cannot
//! be told apart and is not supported (iPay had the same ambiguity).

use super::NoticeError;

/// `[n1, n2]` → `n1@n2@`.
pub fn join_order_nos(nos: &[i64]) -> String {
    nos.iter().map(|n| format!("{n}@")).collect()
}

/// `n1@n2@` → `[n1, n2]`; an empty text is an empty list.
pub fn split_order_nos(text: &str) -> Result<Vec<i64>, NoticeError> {
    entries(text)
        .map(|e| {
            e.parse().map_err(|_| NoticeError::Invalid {
                field: "AuctionOrderNos",
                value: e.to_owned(),
            })
        })
        .collect()
}

/// `[(merchant no, iPay item no)]` → `m1=I1@m2=I2@`.
pub fn join_item_nos(nos: &[(String, String)]) -> String {
    nos.iter().map(|(m, a)| format!("{m}={a}@")).collect()
}

/// `m1=I1@m2=I2@` → `[(m1, I1), (m2, I2)]`.
pub fn split_item_nos(text: &str) -> Result<Vec<(String, String)>, NoticeError> {
    entries(text)
        .map(|e| {
            e.rsplit_once('=')
                .map(|(m, a)| (m.to_owned(), a.to_owned()))
                .ok_or_else(|| NoticeError::Invalid {
                    field: "ItemNos",
                    value: e.to_owned(),
                })
        })
        .collect()
}

fn entries(text: &str) -> impl Iterator<Item = &str> {
    let t = text.trim();
    let t = t.strip_suffix('@').unwrap_or(t);
    t.split('@').filter(move |_| !t.is_empty())
}
