//! Cancellation before shipping: the buyer's requests
//! (`GetIpayCancelApprovalList`, `IpayConfirmCancelApprovalList`, §3.2.1
//! 3–4) and the seller's refusal to sell (`IpayDenySell`, §3.1.7 and
//! §3.2.2 4). Each approved or denied order is refunded and its §3.1.8
//! cancel callback queued by `App::order_command`.

use super::super::call::{Call, Fault};
use super::search::Search;
use super::view::{self, OrderView, Refusal, date, is_callers_id, req};
use gyeolje_core::escrow::{OrderCommand, OrderState};
use gyeolje_ipay::soap::ResultValue;

/// `GetIpayCancelApprovalList`: the seller's orders in 취소요청.
pub async fn approval_list(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let search = Search::read(&req(call)?, "CancelRequestDate")?;
    let views = view::sellers_orders(call, seller, &[OrderState::CancelRequested])
        .await?
        .into_iter()
        .filter(|v| {
            let asked = v.order.cancel_request.as_ref().map(|r| r.requested_at);
            search.matches(v, asked)
        })
        .collect::<Vec<_>>();
    Ok(ResultValue::rows(call.op, views.iter().map(approval_row)))
}

fn approval_row(v: &OrderView) -> Vec<(&'static str, String)> {
    let o = &v.order;
    let request = o.cancel_request.as_ref();
    vec![
        ("RequestDate", date(request.map(|r| r.requested_at))),
        ("ItemNo", o.auction_item_no.clone()),
        ("OrderNo", o.order_no.to_string()),
        ("ItemName", o.item_name.clone()),
        ("AwardQty", o.quantity.to_string()),
        ("AwardAmount", o.amount.get().to_string()),
        ("BuyerID", v.buyer_id().to_owned()),
        ("BuyerName", v.buyer_name().to_owned()),
        (
            "CancReason",
            request.map(|r| r.reason.clone()).unwrap_or_default(),
        ),
        (
            "CancReasonDetail",
            request.map(|r| r.detail.clone()).unwrap_or_default(),
        ),
        // One phone on the order form; iPay showed it in both columns.
        ("BuyerMobile", v.buyer_tel().to_owned()),
        ("BuyerPhone", v.buyer_tel().to_owned()),
        ("RecpDate", date(o.paid_at)),
    ]
}

/// `IpayConfirmCancelApprovalList`: approves one buyer cancel request.
/// Answers exactly one of the manual's strings, checked in this order:
/// `WrongOrderNo` (not a number), `DifferentRequestSellerID` (not the
/// caller's seller id), `NotExistsOrder` (no such order of this seller),
/// `WrongRequestID` (not the order's buyer), `UnavailableCancelStatus`
/// (not in 취소요청), then `Success` or `Fail` (the refund or commit did
/// not go through). gyeolje sends no buyer SMS for this, so
/// `SuccessButNotSendSms` does not occur.
pub async fn confirm_approval(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let answer = 'answer: {
        let Some(order_no) = req
            .attr_str("OrderNo")
            .and_then(|t| t.trim().parse::<i64>().ok())
            .filter(|n| *n > 0)
        else {
            break 'answer "WrongOrderNo";
        };
        if !is_callers_id(seller, req.attr_str("SellerID")) {
            break 'answer "DifferentRequestSellerID";
        }
        let Some(v) = view::sellers_order(call, seller, order_no).await? else {
            break 'answer "NotExistsOrder";
        };
        let buyer = req.attr_str("BuyerID").unwrap_or("").trim();
        if !buyer.eq_ignore_ascii_case(v.buyer_id()) {
            break 'answer "WrongRequestID";
        }
        if v.order.state != OrderState::CancelRequested {
            break 'answer "UnavailableCancelStatus";
        }
        match view::command(call, seller, order_no, OrderCommand::ApproveCancel).await? {
            Ok(_) => "Success",
            Err(Refusal::NotFound(_)) => "NotExistsOrder",
            Err(Refusal::State(_)) => "UnavailableCancelStatus",
            Err(Refusal::Other(reason)) => {
                tracing::warn!(order = order_no, %reason, "ipay cancel approval failed");
                "Fail"
            }
        }
    };
    Ok(ResultValue::simple(call.op, answer))
}

/// The `DenySellReason` values of the manual (its spelling
/// `SellToOtherDitstributionChannel` included).
pub const DENY_SELL_REASONS: [&str; 7] = [
    "LowerThanWishPrice",
    "RunOutOfStock",
    "ManufacturingDefect",
    "SoldToOtherBuyer",
    "SellToOtherDitstributionChannel",
    "UnreliableBuyer",
    "OtherReason",
];

/// `IpayDenySell`: the seller cancels and refunds an order in 결제완료 or
/// 배송준비중. `OrderNo` (live; the manual's `OrderID` is read too) is the
/// order number and `ItemID` its item (the shop's `ipay_itemno` or iPay's
/// item number); both must name the same order of the caller. Answered as
/// shops read it, `DenySellResponseType` `Success`/`Fail` with `FailReason`,
/// beside the manual's `Result`/`FalseMessage`.
pub async fn deny_sell(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let answer: Result<(), String> = 'answer: {
        if !is_callers_id(seller, req.attr_str("SellerID")) {
            break 'answer Err("판매자아이디와 요청자아이디가 상이합니다".to_owned());
        }
        let reason = req.attr_str("DenySellReason").unwrap_or("").trim();
        let Some(reason) = DENY_SELL_REASONS.into_iter().find(|r| *r == reason) else {
            break 'answer Err(format!(
                "취소사유(DenySellReason) {reason:?}는 {} 중 하나여야 합니다",
                DENY_SELL_REASONS.join(", ")
            ));
        };
        let Some(order_no) = req
            .first_str(&["OrderNo", "OrderID"])
            .and_then(|t| t.trim().parse::<i64>().ok())
        else {
            break 'answer Err("주문번호(OrderNo)가 올바르지 않습니다".to_owned());
        };
        let Some(v) = view::sellers_order(call, seller, order_no).await? else {
            break 'answer Err(Refusal::NotFound(order_no).message("판매거부"));
        };
        let item = req.attr_str("ItemID").unwrap_or("").trim();
        if item != v.order.ipay_itemno && item != v.order.auction_item_no {
            break 'answer Err(format!(
                "물품번호(ItemID) {item:?}는 주문 {order_no}의 물품이 아닙니다"
            ));
        }
        let command = OrderCommand::DenySell {
            reason: reason.to_owned(),
        };
        view::command(call, seller, order_no, command)
            .await?
            .map(|_| ())
            .map_err(|r| r.message("판매거부"))
    };
    let (kind, reason) = match &answer {
        Ok(()) => ("Success", String::new()),
        Err(m) => ("Fail", m.clone()),
    };
    let ok = answer.is_ok();
    Ok(ResultValue::object(
        call.op,
        [
            ("DenySellResponseType", kind.to_owned()),
            ("FailReason", reason.clone()),
            ("Result", ok.to_string()),
            ("FalseMessage", reason),
        ],
    ))
}

/// The `Result` + `FalseMessage` answer shared by several operations.
pub fn bool_result(call: &Call<'_>, answer: Result<(), String>) -> ResultValue {
    let (ok, message) = match answer {
        Ok(()) => (true, String::new()),
        Err(m) => (false, m),
    };
    ResultValue::object(
        call.op,
        [("Result", ok.to_string()), ("FalseMessage", message)],
    )
}
