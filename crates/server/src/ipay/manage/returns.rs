//! Returns and exchanges (§3.2.3, §3.2.4). The manual names these
//! operations without describing them; their fields are the WSDL's.
//! A return is asked by the buyer (sandbox) or by the seller on the
//! buyer's behalf, then approved (refund, §3.1.8 callback) or put on hold;
//! an exchange is answered by shipping again (`DoIpayShippingGeneral`).

use super::super::call::{Call, Fault};
use super::cancel::bool_result;
use super::search::Search;
use super::view::{self, OrderView, date, is_callers_id, req};
use gyeolje_core::escrow::{OrderCommand, OrderState, Requester};
use gyeolje_ipay::soap::ResultValue;

/// Which returns `SearchFlags` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReturnFlags {
    /// No flag (the manual's form): the open ones, 반품요청 and 반품보류.
    Open,
    All,
    Requested,
    Hold,
    /// Held (the manual calls the hold "반품 승인 거부") and then closed by
    /// the buyer's decision: the return was refused for good.
    Reject,
    /// 반품완료.
    Finished,
}

impl ReturnFlags {
    fn read(text: &str) -> Option<ReturnFlags> {
        Some(match text.trim() {
            "" => ReturnFlags::Open,
            "All" => ReturnFlags::All,
            "Requested" => ReturnFlags::Requested,
            "Hold" => ReturnFlags::Hold,
            "Reject" => ReturnFlags::Reject,
            "Finished" => ReturnFlags::Finished,
            _ => return None,
        })
    }

    /// The states to read; [`ReturnFlags::keeps`] then filters.
    fn states(self) -> &'static [OrderState] {
        use OrderState as S;
        const REJECTED: &[OrderState] = &[S::Decided, S::Remitted, S::Refunded];
        match self {
            ReturnFlags::Open => &[S::ReturnRequested, S::ReturnHeld],
            ReturnFlags::All => &[
                S::ReturnRequested,
                S::ReturnHeld,
                S::Returned,
                S::Decided,
                S::Remitted,
                S::Refunded,
            ],
            ReturnFlags::Requested => &[S::ReturnRequested],
            ReturnFlags::Hold => &[S::ReturnHeld],
            ReturnFlags::Reject => REJECTED,
            ReturnFlags::Finished => &[S::Returned],
        }
    }

    /// Whether `v` (in one of [`ReturnFlags::states`]) is such a return:
    /// the decided and refunded states count only when a held return
    /// ended there.
    fn keeps(self, v: &OrderView) -> bool {
        use OrderState as S;
        let Some(r) = v.order.return_request.as_ref() else {
            return false;
        };
        match v.order.state {
            S::Decided | S::Remitted | S::Refunded => r.hold_reason.is_some(),
            S::ReturnRequested | S::ReturnHeld | S::Returned => true,
            S::AwaitingDeposit
            | S::DepositExpired
            | S::Paid
            | S::Preparing
            | S::Shipping
            | S::CancelRequested
            | S::Cancelled
            | S::ExchangeRequested => false,
        }
    }
}

/// `GetIpayReturnList`: the seller's returns `SearchFlags` names (without
/// it, those in 반품요청 or 반품보류), filtered by keyword and period and
/// paged by `PageSize`/`PageNumber`.
pub async fn return_list(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let search = Search::read(&req, "ReturnRequestDate")?;
    let flags_text = req.attr_str("SearchFlags").unwrap_or("");
    let flags = ReturnFlags::read(flags_text).ok_or_else(|| {
        Fault::client(format!(
            "SearchFlags {flags_text:?} is not one of All, Requested, Hold, Reject, Finished (검색구분이 올바르지 않습니다)"
        ))
    })?;
    let views: Vec<OrderView> = view::sellers_orders(call, seller, flags.states())
        .await?
        .into_iter()
        .filter(|v| flags.keeps(v))
        .filter(|v| {
            let asked = v.order.return_request.as_ref().map(|r| r.requested_at);
            search.matches(v, asked)
        })
        .collect();
    let views = search.page(views);
    Ok(ResultValue::rows(
        call.op,
        views.iter().map(|v| {
            let o = &v.order;
            let r = o.return_request.as_ref();
            vec![
                ("RequestDate", date(r.map(|r| r.requested_at))),
                ("OrderNo", o.order_no.to_string()),
                ("ItemNo", o.auction_item_no.clone()),
                ("ItemName", o.item_name.clone()),
                ("AwardQty", o.quantity.to_string()),
                ("AwardAmount", o.amount.get().to_string()),
                ("BuyerID", v.buyer_id().to_owned()),
                ("BuyerName", v.buyer_name().to_owned()),
                (
                    "ReturnReason",
                    r.map(|r| r.reason.clone()).unwrap_or_default(),
                ),
                (
                    "ReturnReasonDetail",
                    r.map(|r| r.detail.clone()).unwrap_or_default(),
                ),
                ("ReturnStatus", o.state.label().to_owned()),
            ]
        }),
    ))
}

/// Reads `SellerID` and `OrderNo`, then runs the command built from the
/// request; the `Result`/`FalseMessage` answer of the three return
/// operations.
async fn return_command(
    call: &Call<'_>,
    action: &str,
    build: impl FnOnce(&gyeolje_ipay::ops::Object<'_>) -> Result<OrderCommand, String>,
) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let answer: Result<(), String> = 'answer: {
        if !is_callers_id(seller, req.attr_str("SellerID")) {
            break 'answer Err("판매자아이디와 요청자아이디가 상이합니다".to_owned());
        }
        let order_no = match view::order_no(&req, "OrderNo") {
            Ok(n) => n,
            Err(m) => break 'answer Err(m),
        };
        let command = match build(&req) {
            Ok(c) => c,
            Err(m) => break 'answer Err(m),
        };
        view::command(call, seller, order_no, command)
            .await?
            .map(|_| ())
            .map_err(|r| r.message(action))
    };
    Ok(bool_result(call, answer))
}

/// `DoIpayReturnApproval` → `ApproveReturn` (refund).
pub async fn approve(call: &Call<'_>) -> Result<ResultValue, Fault> {
    return_command(call, "반품승인", |_| Ok(OrderCommand::ApproveReturn)).await
}

/// `DoIpayReturnHold` → `HoldReturn`; the reason is required.
pub async fn hold(call: &Call<'_>) -> Result<ResultValue, Fault> {
    return_command(call, "반품보류", |req| {
        let reason = req.attr_str("HoldReason").unwrap_or("").trim();
        if reason.is_empty() {
            return Err("보류사유(HoldReason)를 입력해 주세요".to_owned());
        }
        Ok(OrderCommand::HoldReturn {
            reason: reason.to_owned(),
        })
    })
    .await
}

/// `DoIpayReturnRequestBySeller` → `RequestReturn { by: Seller }`. The
/// reason is `ReturnBySellerReasonCode` (live) or `ReturnReason` (the
/// earlier name, still read); `ReturnBySellerDeliveryMethod`, how the goods
/// come back, is kept in the detail after the seller's text.
pub async fn request_by_seller(call: &Call<'_>) -> Result<ResultValue, Fault> {
    return_command(call, "반품신청", |req| {
        let reason = req
            .first_str(&["ReturnBySellerReasonCode", "ReturnReason"])
            .unwrap_or("")
            .trim();
        if reason.is_empty() {
            return Err("반품사유(ReturnBySellerReasonCode)를 입력해 주세요".to_owned());
        }
        let detail = req.attr_str("ReturnReasonDetail").unwrap_or("").trim();
        let delivery = req
            .attr_str("ReturnBySellerDeliveryMethod")
            .unwrap_or("")
            .trim();
        let detail = match (detail.is_empty(), delivery.is_empty()) {
            (_, true) => detail.to_owned(),
            (true, false) => format!("회수방법: {delivery}"),
            (false, false) => format!("{detail} (회수방법: {delivery})"),
        };
        Ok(OrderCommand::RequestReturn {
            by: Requester::Seller,
            reason: reason.to_owned(),
            detail,
        })
    })
    .await
}

/// `GetIpayExchangeRequestList`: orders in 교환요청, paged by
/// `PageNumber`/`PageSize` when given.
pub async fn exchange_list(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let search = Search::read(&req(call)?, "ExchangeRequestDate")?;
    let views: Vec<OrderView> =
        view::sellers_orders(call, seller, &[OrderState::ExchangeRequested])
            .await?
            .into_iter()
            .filter(|v| {
                let asked = v.order.exchange_request.as_ref().map(|r| r.requested_at);
                search.matches(v, asked)
            })
            .collect();
    let views = search.page(views);
    Ok(ResultValue::rows(
        call.op,
        views.iter().map(|v| {
            let o = &v.order;
            let r = o.exchange_request.as_ref();
            vec![
                ("RequestDate", date(r.map(|r| r.requested_at))),
                ("OrderNo", o.order_no.to_string()),
                ("ItemNo", o.auction_item_no.clone()),
                ("ItemName", o.item_name.clone()),
                ("AwardQty", o.quantity.to_string()),
                ("BuyerID", v.buyer_id().to_owned()),
                ("BuyerName", v.buyer_name().to_owned()),
                (
                    "ExchangeReason",
                    r.map(|r| r.reason.clone()).unwrap_or_default(),
                ),
                ("ExchangeStatus", o.state.label().to_owned()),
            ]
        }),
    ))
}

/// `GetIpayExchangeRequestDetailInfo`: the exchange request of one order
/// (also after it was shipped again, with the order's current state). A
/// record result has no failure form, so an order without an exchange
/// request is a `soap:Client` fault.
pub async fn exchange_detail(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let req = req(call)?;
    let order_no = view::order_no(&req, "OrderNo").map_err(Fault::client)?;
    let v = view::sellers_order(call, seller, order_no)
        .await?
        .filter(|v| v.order.exchange_request.is_some())
        .ok_or_else(|| {
            Fault::client(format!(
                "교환요청 정보가 존재하지 않습니다 (주문번호 {order_no})"
            ))
        })?;
    let o = &v.order;
    let r = o.exchange_request.as_ref();
    let mut fields = vec![
        ("OrderNo", o.order_no.to_string()),
        ("ItemNo", o.auction_item_no.clone()),
        ("ItemName", o.item_name.clone()),
        ("RequestOption", o.option_name.clone()),
        ("AwardQty", o.quantity.to_string()),
        ("BuyerID", v.buyer_id().to_owned()),
        ("BuyerName", v.buyer_name().to_owned()),
        ("RequestDate", date(r.map(|r| r.requested_at))),
        (
            "ExchangeReason",
            r.map(|r| r.reason.clone()).unwrap_or_default(),
        ),
        (
            "ExchangeReasonDetail",
            r.map(|r| r.detail.clone()).unwrap_or_default(),
        ),
        ("ExchangeStatus", o.state.label().to_owned()),
    ];
    fields.extend(v.destination());
    Ok(ResultValue::object(call.op, fields))
}
