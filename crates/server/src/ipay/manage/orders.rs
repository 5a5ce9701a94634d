//! The order list and the two order-wide commands: `GetIpayPaidOrderList`
//! and `IpayConfirmReceivingOrder` (§3.2.1 1–2), and
//! `DoIpayOrderDecisionCancel` (§3.1.9 5), the refund of an order whose
//! money was already remitted to the seller.

use super::super::call::{Call, Fault};
use super::search::parse_date;
use super::view::{self, OrderView, date, req};
use gyeolje_core::escrow::{OrderCommand, OrderState};
use gyeolje_core::{Protocol, Timestamp};
use gyeolje_ipay::soap::ResultValue;
use std::time::Duration;

/// "최대 1개월": the longest `ReceiptDate` window. A longer one is clamped
/// to the month that ends at `EndDate`, not refused: the manual describes
/// the window as a limit of what is shown, and a nightly sync asking
/// "since my last run" still gets the most recent month rather than a
/// fault it cannot act on.
const MAX_WINDOW: Duration = Duration::from_secs(31 * 24 * 60 * 60);

/// `DoIpayOrderDecisionCancel`: only a 송금완료 order is refunded here
/// (earlier states have their own cancel and return operations).
pub async fn decision_cancel(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let answer = match view::order_no(&req, "OrderNo") {
        Err(reason) => Err(reason),
        Ok(order_no) => match view::sellers_order(call, seller, order_no).await? {
            None => Err(view::Refusal::NotFound(order_no).message("환불")),
            Some(v) if v.order.state != OrderState::Remitted => Err(format!(
                "{} 상태의 주문입니다. 송금완료 주문만 환불할 수 있습니다",
                v.order.state.label()
            )),
            Some(_) => view::command(call, seller, order_no, OrderCommand::DecisionCancel)
                .await?
                .map(|_| ())
                .map_err(|r| r.message("환불")),
        },
    };
    let (kind, reason) = match answer {
        Ok(()) => ("Success", String::new()),
        Err(reason) => ("Fail", reason),
    };
    Ok(ResultValue::object(
        call.op,
        [
            ("DecisionCancelResponseType", kind.to_owned()),
            ("FailWithResponse", reason),
        ],
    ))
}

/// `IpayConfirmReceivingOrder` (발주확인). Void, so a refusal can only be
/// a `soap:Client` fault carrying the reason.
pub async fn confirm_receiving(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let order_no = view::order_no(&req, "OrderNo").map_err(Fault::client)?;
    view::command(call, seller, order_no, OrderCommand::ConfirmOrder)
        .await?
        .map_err(|r| Fault::client(r.message("발주확인")))?;
    Ok(ResultValue::void(call.op))
}

/// Not yet shipped: what `ReceiptDate` lists ("미발송 물품").
const fn unshipped(state: OrderState) -> bool {
    match state {
        OrderState::Paid | OrderState::Preparing => true,
        OrderState::AwaitingDeposit
        | OrderState::DepositExpired
        | OrderState::Shipping
        | OrderState::Decided
        | OrderState::Remitted
        | OrderState::CancelRequested
        | OrderState::Cancelled
        | OrderState::ReturnRequested
        | OrderState::ReturnHeld
        | OrderState::Returned
        | OrderState::ExchangeRequested
        | OrderState::Refunded => false,
    }
}

/// `GetIpayPaidOrderList`: `DurationType=Nothing` finds one order
/// (`SearchType=OrderNo`) or a cart's orders (`PayNo`), in any state;
/// `ReceiptDate` lists the unshipped orders made between `StartDate` and
/// `EndDate` (default: the month up to now). `ItemNo` is "사용안함" in the
/// manual and is refused. Nothing found is an empty list.
pub async fn paid_order_list(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let duration = req.attr_str("DurationType").unwrap_or("").trim();
    let search_type = req.attr_str("SearchType").unwrap_or("").trim();
    let value = req.attr_str("SearchValue").unwrap_or("").trim();
    let views: Vec<OrderView> = match duration {
        "Nothing" | "" => match search_type {
            "OrderNo" => match value.parse::<i64>() {
                Ok(n) => view::sellers_order(call, seller, n)
                    .await?
                    .into_iter()
                    .collect(),
                Err(_) => vec![],
            },
            "PayNo" => {
                let payment = call
                    .app
                    .store
                    .payment_by_reference(seller.id, Protocol::Ipay, value)
                    .await?;
                match payment {
                    Some(p) if !value.is_empty() => {
                        let orders = call.app.store.escrow_orders_of(p.id).await?;
                        view::views(call, orders).await?
                    }
                    _ => vec![],
                }
            }
            other => {
                return Err(Fault::client(format!(
                    "SearchType {other:?}: DurationType=Nothing searches by OrderNo or PayNo (ItemNo는 사용하지 않습니다)"
                )));
            }
        },
        "ReceiptDate" => {
            let (from, to) = window(call, &req)?;
            let orders = call
                .app
                .store
                .escrow_orders_by_seller(seller.id, from, to, view::SCAN_LIMIT)
                .await?;
            let open = orders.into_iter().filter(|o| unshipped(o.state)).collect();
            view::views(call, open).await?
        }
        other => {
            return Err(Fault::client(format!(
                "DurationType {other:?} is not Nothing or ReceiptDate (조회기간 구분이 올바르지 않습니다)"
            )));
        }
    };
    Ok(ResultValue::rows(call.op, views.iter().map(paid_order_row)))
}

/// The `ReceiptDate` window `[from, to)`, clamped to [`MAX_WINDOW`].
fn window(
    call: &Call<'_>,
    req: &gyeolje_ipay::ops::Object<'_>,
) -> Result<(Timestamp, Timestamp), Fault> {
    let read = |name: &str, end: bool| -> Result<Option<Timestamp>, Fault> {
        match req.attr_date_time(name).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(text) => parse_date(text, end)
                .map(Some)
                .ok_or_else(|| Fault::client(format!("{name} {text:?} is not a date"))),
        }
    };
    let now = call.app.now_for(call.seller()?.id);
    let to = read("EndDate", true)?.unwrap_or_else(|| now.plus(Duration::from_secs(1)));
    let earliest = Timestamp::from_millis(
        to.as_millis()
            .saturating_sub(i64::try_from(MAX_WINDOW.as_millis()).unwrap_or(i64::MAX)),
    );
    let from = read("StartDate", false)?.map_or(earliest, |f| f.max(earliest));
    Ok((from, to))
}

/// One `GetOrderListResponseT` (with the line's `free_gift`, §3.1.2). iPay carts carry one option text per line, so the
/// option fields repeat the line's option with its price and quantity.
fn paid_order_row(v: &OrderView) -> Vec<(&'static str, String)> {
    let o = &v.order;
    let line = v.line();
    let option = o.option_name.clone();
    let has_option = !option.is_empty();
    let mut row = vec![
        ("ItemNo", o.auction_item_no.clone()),
        ("PayNo", v.pay_no().to_string()),
        ("CartNo", v.payment.id.get().to_string()),
        ("ItemName", o.item_name.clone()),
        ("BuyerID", v.buyer_id().to_owned()),
        ("BuyerName", v.buyer_name().to_owned()),
        ("AwardQty", o.quantity.to_string()),
        ("AwardAmount", o.amount.get().to_string()),
        ("OrderNo", o.order_no.to_string()),
        ("OderDate", date(Some(o.ordered_at))),
    ];
    row.extend(v.destination());
    row.extend([
        ("VisitReceiptNo", "0".to_owned()),
        ("OrderStatus", o.state.label().to_owned()),
        (
            "CancelYn",
            if o.state.is_refunded() { "Y" } else { "N" }.to_owned(),
        ),
        ("ItemCode", o.ipay_itemno.clone()),
        ("GroupOrderSeqno", v.pay_no().to_string()),
        ("RequestOption", option.clone()),
        (
            "DeliveryRemark",
            o.destination
                .as_ref()
                .map(|d| d.remark.clone())
                .unwrap_or_default(),
        ),
        ("DeliveryFee", v.delivery_fee().get().to_string()),
        ("DeliveryDelayDay", "0".to_owned()),
        ("DeliveryDelayNotifyDate", String::new()),
        ("OptionName", option.clone()),
        (
            "OptionItemName",
            if has_option {
                o.item_name.clone()
            } else {
                String::new()
            },
        ),
        (
            "OptionItemPrice",
            line.filter(|_| has_option)
                .map_or(0, |l| l.item_price.get())
                .to_string(),
        ),
        (
            "OptionQuantity",
            if has_option { o.quantity } else { 0 }.to_string(),
        ),
        (
            "FreeGift",
            line.and_then(|l| l.free_gift.clone()).unwrap_or_default(),
        ),
    ]);
    row
}
