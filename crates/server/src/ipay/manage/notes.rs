//! Buyer questions (§3.2.5): `IpaySellerNoteList`,
//! `IpaySellerNoteDetailBySeqno`, `IpaySellerNoteReply`. Notes are stored
//! beside the orders (the buyer writes them through the sandbox) and change
//! no order state.
//!
//! `ReplyStatus` is not described by the manual; gyeolje takes `All` (or
//! nothing), `Y`/`Replied` and `N`/`NotReplied`/`Wait`. Dates are the
//! registration dates, KST, a bare `ToDate` including its day.

use super::super::call::{Call, Fault};
use super::cancel::bool_result;
use super::search::parse_date;
use super::view::{self, OrderView, date, req};
use gyeolje_core::Timestamp;
use gyeolje_ipay::soap::ResultValue;
use gyeolje_store::Note;

#[derive(Clone, Copy, PartialEq, Eq)]
enum ReplyFilter {
    All,
    Replied,
    Waiting,
}

fn reply_filter(text: &str) -> Option<ReplyFilter> {
    match text.trim() {
        "" | "All" | "None" => Some(ReplyFilter::All),
        "Y" | "Replied" | "Reply" | "Complete" => Some(ReplyFilter::Replied),
        "N" | "NotReplied" | "NoReply" | "Wait" | "Waiting" => Some(ReplyFilter::Waiting),
        _ => None,
    }
}

fn date_arg(text: Option<&str>, name: &str, end: bool) -> Result<Option<Timestamp>, Fault> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => parse_date(t, end).map(Some).ok_or_else(|| {
            Fault::client(format!(
                "{name} {t:?} is not a date (날짜 형식이 올바르지 않습니다)"
            ))
        }),
    }
}

/// The fields every note row starts with.
fn note_head(n: &Note, v: Option<&OrderView>) -> Vec<(&'static str, String)> {
    vec![
        ("Seqno", n.seqno.to_string()),
        ("OrderNo", n.order_no.to_string()),
        (
            "ItemNo",
            v.map(|v| v.order.auction_item_no.clone())
                .unwrap_or_default(),
        ),
        (
            "ItemName",
            v.map(|v| v.order.item_name.clone()).unwrap_or_default(),
        ),
        (
            "BuyerID",
            v.map(|v| v.buyer_id().to_owned()).unwrap_or_default(),
        ),
        (
            "BuyerName",
            v.map(|v| v.buyer_name().to_owned()).unwrap_or_default(),
        ),
        ("Title", n.title.clone()),
    ]
}

fn reply_yn(n: &Note) -> String {
    if n.reply.is_some() { "Y" } else { "N" }.to_owned()
}

/// `IpaySellerNoteList`.
pub async fn list(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let status = req.attr_str("ReplyStatus").unwrap_or("");
    let filter = reply_filter(status).ok_or_else(|| {
        Fault::client(format!(
            "ReplyStatus {status:?} is not All, Y (Replied) or N (NotReplied)"
        ))
    })?;
    let from =
        date_arg(req.attr_str("FromDate"), "FromDate", false)?.unwrap_or(Timestamp::from_millis(0));
    let to = date_arg(req.attr_str("ToDate"), "ToDate", true)?
        .unwrap_or(Timestamp::from_millis(i64::MAX));
    let notes = call.app.store.notes_by_seller(seller.id, from, to).await?;
    let mut rows = Vec::with_capacity(notes.len());
    for n in notes {
        let keep = match filter {
            ReplyFilter::All => true,
            ReplyFilter::Replied => n.reply.is_some(),
            ReplyFilter::Waiting => n.reply.is_none(),
        };
        if !keep {
            continue;
        }
        let v = view::sellers_order(call, seller, n.order_no).await?;
        let mut row = note_head(&n, v.as_ref());
        row.push(("RegDate", date(Some(n.reg_at))));
        row.push(("ReplyYn", reply_yn(&n)));
        rows.push(row);
    }
    Ok(ResultValue::rows(call.op, rows))
}

/// The seller's note `seqno`.
async fn sellers_note(call: &Call<'_>, seqno: i64) -> Result<Option<Note>, Fault> {
    let seller = call.seller()?;
    Ok(call
        .app
        .store
        .note(seqno)
        .await?
        .filter(|n| n.merchant_id == seller.id))
}

/// `IpaySellerNoteDetailBySeqno`. A record result has no failure form: an
/// unknown (or another seller's) note is a `soap:Client` fault.
pub async fn detail(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let seqno = req
        .attr_int("Seqno")
        .map(i64::from)
        .ok_or_else(|| Fault::client("Seqno is required (문의번호가 없습니다)"))?;
    let n = sellers_note(call, seqno)
        .await?
        .ok_or_else(|| Fault::client(format!("문의가 존재하지 않습니다 (Seqno {seqno})")))?;
    let v = view::sellers_order(call, seller, n.order_no).await?;
    let mut fields = note_head(&n, v.as_ref());
    fields.extend([
        ("Content", n.content.clone()),
        ("RegDate", date(Some(n.reg_at))),
        ("ReplyYn", reply_yn(&n)),
        ("ReplyContent", n.reply.clone().unwrap_or_default()),
        ("ReplyDate", date(n.reply_at)),
    ]);
    Ok(ResultValue::object(call.op, fields))
}

/// `IpaySellerNoteReply`: sets (or replaces) the reply.
pub async fn reply(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let req = req(call)?;
    let answer: Result<(), String> = 'answer: {
        let Some(seqno) = req.attr_int("Seqno").map(i64::from) else {
            break 'answer Err("문의번호(Seqno)를 입력해 주세요".to_owned());
        };
        let content = req.attr_str("ReplyContent").unwrap_or("").trim();
        if content.is_empty() {
            break 'answer Err("답변내용(ReplyContent)을 입력해 주세요".to_owned());
        }
        if sellers_note(call, seqno).await?.is_none() {
            break 'answer Err(format!("문의가 존재하지 않습니다 (Seqno {seqno})"));
        }
        call.app
            .store
            .reply_note(seqno, content, call.app.now_for(call.seller()?.id))
            .await?;
        Ok(())
    };
    Ok(bool_result(call, answer))
}
