//! `gyeolje payment show` without `--json`: the detail JSON
//! (`admin::payments::detail_json`) as readable text, so the two outputs
//! can never disagree about what they show.

use serde_json::Value;
use std::io::{self, Write};

/// A JSON value as a short text (`-` for null, strings unquoted).
fn text(v: &Value) -> String {
    match v {
        Value::Null => "-".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Writes `detail` as sections: the payment, events, orders, messages.
pub(super) fn write(out: &mut dyn Write, d: &Value) -> io::Result<()> {
    let refs = d["references"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", text(v)))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    writeln!(
        out,
        "payment {} ({}) of merchant {} {}",
        text(&d["id"]),
        text(&d["protocol"]),
        text(&d["merchant"]["id"]),
        text(&d["merchant"]["name"])
    )?;
    writeln!(out, "  references: {refs}")?;
    writeln!(
        out,
        "  state: {}  amount: {}  cancelled: {}  refundable: {}  method: {}",
        text(&d["state"]),
        text(&d["amount"]),
        text(&d["cancelled_amount"]),
        text(&d["refundable"]),
        text(&d["method"])
    )?;
    writeln!(out, "  goods: {}", text(&d["goods_name"]))?;
    writeln!(
        out,
        "  requested: {}  expires: {}  paid: {}  closed: {}",
        text(&d["requested_at"]),
        text(&d["expires_at"]),
        text(&d["paid_at"]),
        text(&d["closed_at"])
    )?;
    writeln!(out, "events:")?;
    for e in d["events"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "  #{} {} {} {}",
            text(&e["seq"]),
            text(&e["at"]),
            text(&e["kind"]),
            e["event"]
        )?;
    }
    if let Some(orders) = d["orders"].as_array().filter(|o| !o.is_empty()) {
        writeln!(out, "orders:")?;
        for o in orders {
            writeln!(
                out,
                "  {} {} {} x{} {}원 {} ({})",
                text(&o["order_no"]),
                text(&o["item_no"]),
                text(&o["item_name"]),
                text(&o["quantity"]),
                text(&o["amount"]),
                text(&o["label"]),
                text(&o["state"])
            )?;
        }
    }
    writeln!(out, "messages:")?;
    for m in d["messages"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "  message {} {} to {}: {} ({}/{} attempts)",
            text(&m["id"]),
            text(&m["kind"]),
            text(&m["target"]),
            text(&m["state"]),
            text(&m["attempts"]),
            text(&m["max_attempts"])
        )?;
        writeln!(out, "    body: {}", text(&m["body"]))?;
        for a in m["history"].as_array().into_iter().flatten() {
            let ok = if a["succeeded"].as_bool() == Some(true) {
                "ok"
            } else {
                "failed"
            };
            writeln!(
                out,
                "    #{} {} status={} {}ms {} {}",
                text(&a["attempt"]),
                text(&a["started_at"]),
                text(&a["status"]),
                text(&a["latency_ms"]),
                ok,
                if a["error"].is_null() {
                    text(&a["response_excerpt"])
                } else {
                    text(&a["error"])
                }
            )?;
            writeln!(out, "      request: {}", text(&a["request_body"]))?;
        }
    }
    let actions: Vec<String> = d["actions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(text)
        .collect();
    writeln!(out, "actions: {}", actions.join(", "))?;
    Ok(())
}
