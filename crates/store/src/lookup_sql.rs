//! [`LookupStore`] for both backends: one generic implementation on
//! [`SqlStore`]. The filter is one statement whose absent conditions are
//! `NULL` parameters (`$n IS NULL OR …`), as `outbox_list` does; it runs
//! on the read pool, off the request path, and orders by the
//! `payments_newest` index of migration `0011`.

use crate::backend::{Backend, SqlStore, read_all};
use crate::error::StoreError;
use crate::lookup::{LookupStore, PaymentFilter};
use crate::param::Param;
use crate::rows;
use async_trait::async_trait;
use gyeolje_core::{Payment, Protocol};

/// Placeholders in first-appearance order (SQLite numbers them so):
/// merchant, protocol, state, since, q (exact number), q (pattern), limit.
const MATCHING: &str = "SELECT body FROM payments \
     WHERE ($1 IS NULL OR merchant_id = $1) \
     AND ($2 IS NULL OR protocol = $2) \
     AND ($3 IS NULL OR state = $3) \
     AND ($4 IS NULL OR requested_at >= $4) \
     AND ($5 IS NULL OR CAST(id AS TEXT) = $5 \
          OR LOWER(reference) LIKE $6 ESCAPE '\\') \
     ORDER BY requested_at DESC, id DESC LIMIT $7";

const WITH_REFERENCE: &str = "SELECT body FROM payments \
     WHERE reference = $1 AND protocol = $2 \
     ORDER BY requested_at DESC, id DESC LIMIT $3";

/// `q` as a `LIKE` pattern matching it anywhere, its own `%`, `_` and `\`
/// taken literally; lower-cased as the column is.
fn contains_pattern(q: &str) -> String {
    let mut p = String::with_capacity(q.len() + 2);
    p.push('%');
    for c in q.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[async_trait]
impl<B: Backend> LookupStore for SqlStore<B> {
    async fn payments_matching(&self, f: &PaymentFilter) -> Result<Vec<Payment>, StoreError> {
        let q = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
        let pattern = q.map(contains_pattern);
        let params = [
            Param::Int(f.merchant.map(|m| m.get())),
            Param::opt_text(f.protocol.map(|p| p.as_str())),
            Param::opt_text(f.state.map(|s| s.as_str())),
            Param::Int(f.since.map(|t| t.as_millis())),
            Param::opt_text(q),
            Param::opt_text(pattern.as_deref()),
            Param::int(i64::from(f.effective_limit())),
        ];
        read_all(self, MATCHING, &params, rows::payment).await
    }

    async fn payments_with_reference(
        &self,
        protocol: Protocol,
        reference: &str,
        n: u32,
    ) -> Result<Vec<Payment>, StoreError> {
        let params = [
            Param::text(reference),
            Param::text(protocol.as_str()),
            Param::int(i64::from(
                PaymentFilter {
                    limit: n,
                    ..Default::default()
                }
                .effective_limit(),
            )),
        ];
        read_all(self, WITH_REFERENCE, &params, rows::payment).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::assert_placeholders_in_order;

    #[test]
    fn placeholders_first_appear_in_order() {
        assert_eq!(assert_placeholders_in_order(MATCHING), 7);
        assert_eq!(assert_placeholders_in_order(WITH_REFERENCE), 3);
    }

    #[test]
    fn patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern("Ab"), "%ab%");
        assert_eq!(contains_pattern("1_0%\\"), "%1\\_0\\%\\\\%");
    }
}
