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

/// `GetIpayReturnList`: orders in 반품요청 or 반품보류.
pub async fn return_list(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let search = Search::read(&req(call)?, "ReturnRequestDate")?;
    let views: Vec<OrderView> = view::sellers_orders(
        call,
        seller,
        &[OrderState::ReturnRequested, OrderState::ReturnHeld],
    )
    .await?
    .into_iter()
    .filter(|v| {
        let asked = v.order.return_request.as_ref().map(|r| r.requested_at);
        search.matches(v, asked)
    })
    .collect();
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

/// `DoIpayReturnRequestBySeller` → `RequestReturn { by: Seller }`.
pub async fn request_by_seller(call: &Call<'_>) -> Result<ResultValue, Fault> {
    return_command(call, "반품신청", |req| {
        let reason = req.attr_str("ReturnReason").unwrap_or("").trim();
        if reason.is_empty() {
            return Err("반품사유(ReturnReason)를 입력해 주세요".to_owned());
        }
        Ok(OrderCommand::RequestReturn {
            by: Requester::Seller,
            reason: reason.to_owned(),
            detail: req
                .attr_str("ReturnReasonDetail")
                .unwrap_or("")
                .trim()
                .to_owned(),
        })
    })
    .await
}

/// `GetIpayExchangeRequestList`: orders in 교환요청.
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
