//! How a merchant is shown: the JSON of `merchant … --json` and of the
//! admin API (`{"id":…,"name":…,"payapp":{…}|null,"innopay":{…}|null,
//! "ipay":{…}|null}`), and the CLI's text lines.
//!
//! Secrets are masked unless the caller asks to reveal them (`create`,
//! which prints generated secrets once, and `show --reveal`). iPay tickets
//! are never shown: only their count and the first characters of each
//! SHA-256, enough to tell them apart.

use gyeolje_core::{Merchant, PayAppSeller, Secret};
use gyeolje_store::{Store, StoreError};
use serde_json::{Value, json};
use std::io::Write;

/// What a masked secret reads as.
pub const MASK: &str = "********";

/// The merchant's stored extras a view shows beside the merchant row.
#[derive(Clone, Debug, Default)]
pub struct Extras {
    /// SHA-256 (hex) of each iPay ticket.
    pub ticket_hashes: Vec<String>,
    /// The PayApp account's place in the seller hierarchy, if recorded.
    pub seller: Option<PayAppSeller>,
}

impl Extras {
    pub async fn load(store: &dyn Store, m: &Merchant) -> Result<Extras, StoreError> {
        let ticket_hashes = match &m.ipay {
            Some(_) => store.ipay_ticket_hashes(m.id).await?,
            None => Vec::new(),
        };
        let seller = match &m.payapp {
            Some(p) => store.payapp_seller(&p.userid).await?,
            None => None,
        };
        Ok(Extras {
            ticket_hashes,
            seller,
        })
    }
}

/// A merchant with its extras, as JSON.
pub async fn merchant_value(
    store: &dyn Store,
    m: &Merchant,
    reveal: bool,
) -> Result<Value, StoreError> {
    Ok(merchant_json(m, &Extras::load(store, m).await?, reveal))
}

fn secret(s: &Secret, reveal: bool) -> &str {
    if reveal { s.expose() } else { MASK }
}

/// The first 12 hex digits of each ticket hash.
fn ticket_ids(hashes: &[String]) -> Vec<String> {
    hashes
        .iter()
        .map(|h| h.chars().take(12).collect())
        .collect()
}

/// The merchant as JSON.
pub fn merchant_json(m: &Merchant, extras: &Extras, reveal: bool) -> Value {
    let payapp = m.payapp.as_ref().map(|p| {
        let mut v = json!({
            "userid": p.userid,
            "linkkey": secret(&p.linkkey, reveal),
            "linkval": secret(&p.linkval, reveal),
            "common_feedbackurl": p.common_feedbackurl,
        });
        if let (Some(s), Some(obj)) = (&extras.seller, v.as_object_mut()) {
            obj.insert("kind".into(), json!(s.kind.as_str()));
            obj.insert("parent".into(), json!(s.parent));
        }
        v
    });
    let innopay = m.innopay.as_ref().map(|i| {
        json!({
            "mid": i.mid,
            "license_key": secret(&i.license_key, reveal),
            "cancel_pwd": secret(&i.cancel_pwd, reveal),
            "pg_mid_manual": i.pg_mid_for("03").map(|p| p.pg_mid.clone()),
            "pg_mid_auth": i.pg_mid_for("04").map(|p| p.pg_mid.clone()),
            "pg_mids": i.pg_mids.iter()
                .map(|p| json!({"pg_mid": p.pg_mid, "svc_prdt_cd": p.product_code}))
                .collect::<Vec<_>>(),
            "notify": crate::innopay::settings::settings_json(&i.notify),
        })
    });
    let ipay = m.ipay.as_ref().map(|s| {
        json!({
            "seller_id": s.seller_id,
            "site_urls": s.site_urls,
            "tickets": extras.ticket_hashes.len(),
            "ticket_sha256_prefixes": ticket_ids(&extras.ticket_hashes),
        })
    });
    json!({
        "id": m.id.get(),
        "name": m.name,
        "disabled": m.is_disabled(),
        "disabled_at": m.disabled_at.map(|t| t.rfc3339()),
        "created_at": m.created_at.rfc3339(),
        "callback_hosts": m.callback_hosts,
        "payapp": payapp,
        "innopay": innopay,
        "ipay": ipay,
    })
}

/// The merchant as the CLI's text: a header line, then one line per account.
pub fn write_merchant(
    out: &mut dyn Write,
    m: &Merchant,
    extras: &Extras,
    reveal: bool,
) -> std::io::Result<()> {
    let state = if m.is_disabled() { "\t(disabled)" } else { "" };
    writeln!(out, "{}\t{}{state}", m.id, m.name)?;
    if let Some(p) = &m.payapp {
        writeln!(
            out,
            "  payapp userid={} linkkey={} linkval={}",
            p.userid,
            secret(&p.linkkey, reveal),
            secret(&p.linkval, reveal)
        )?;
        if let Some(url) = &p.common_feedbackurl {
            writeln!(out, "  payapp common_feedbackurl={url}")?;
        }
        if let Some(s) = &extras.seller {
            match &s.parent {
                Some(parent) => writeln!(out, "  payapp kind={} parent={parent}", s.kind)?,
                None => writeln!(out, "  payapp kind={}", s.kind)?,
            }
        }
    }
    if let Some(i) = &m.innopay {
        let pg: Vec<String> = i
            .pg_mids
            .iter()
            .map(|p| format!("{}({})", p.pg_mid, p.product_code))
            .collect();
        writeln!(
            out,
            "  innopay mid={} license_key={} cancel_pwd={} pg_mids={}",
            i.mid,
            secret(&i.license_key, reveal),
            secret(&i.cancel_pwd, reveal),
            pg.join(",")
        )?;
        for method in gyeolje_core::NotifyMethod::ALL {
            if let Some(s) = i.notify.get(method) {
                writeln!(
                    out,
                    "  innopay notify {method}: url={} interval={}min count={}",
                    s.url, s.interval_minutes, s.retry_count
                )?;
            }
        }
    }
    if let Some(s) = &m.ipay {
        writeln!(
            out,
            "  ipay seller_id={} tickets={} ({}) sites={}",
            s.seller_id,
            extras.ticket_hashes.len(),
            ticket_ids(&extras.ticket_hashes).join(","),
            s.site_urls.join(",")
        )?;
    }
    if !m.callback_hosts.is_empty() {
        writeln!(out, "  callback_hosts={}", m.callback_hosts.join(","))?;
    }
    Ok(())
}
