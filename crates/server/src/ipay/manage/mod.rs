//! Order management (§3.2, and `DoIpayOrderDecisionCancel` of §3.1.9): the
//! seller's side of the escrow orders.
//!
//! Error policy. Every operation acts only on the calling seller's orders;
//! another seller's order is answered exactly like one that does not exist.
//! A business refusal (wrong state, wrong seller id, unknown reason code) is
//! never a fault: it is answered in the operation's documented failure form
//! — `Fail` + reason, `false` + message, or one of
//! `IpayConfirmCancelApprovalList`'s strings. Faults (`soap:Client`) are
//! kept for calls that have no failure form: the void
//! `IpayConfirmReceivingOrder`, the lists and detail records asked with an
//! unknown search type, an unreadable date or a missing `req`. A store
//! failure is a `soap:Server` fault, as everywhere in the service.
//!
//! Files: `view` joins an order with its cart (buyer, line, destination)
//! and runs commands; `search` reads the list filters; one file per
//! manual section for the operations themselves.

mod cancel;
mod notes;
mod orders;
mod returns;
mod search;
mod shipping;
mod view;

use super::endpoint::{Call, Fault};
use gyeolje_ipay::soap::{FaultCode, ResultValue};

pub async fn handle(call: &Call<'_>) -> Result<ResultValue, Fault> {
    match call.op.name {
        "DoIpayOrderDecisionCancel" => orders::decision_cancel(call).await,
        "GetIpayPaidOrderList" => orders::paid_order_list(call).await,
        "IpayConfirmReceivingOrder" => orders::confirm_receiving(call).await,
        "GetIpayCancelApprovalList" => cancel::approval_list(call).await,
        "IpayConfirmCancelApprovalList" => cancel::confirm_approval(call).await,
        "IpayDenySell" => cancel::deny_sell(call).await,
        "DoIpayShippingGeneral" => shipping::ship(call).await,
        "IpayChangeShippingType" => shipping::change(call).await,
        "DoIpayOrderDecisionRequest" => shipping::decision_request(call).await,
        "GetIpayReturnList" => returns::return_list(call).await,
        "DoIpayReturnApproval" => returns::approve(call).await,
        "DoIpayReturnHold" => returns::hold(call).await,
        "DoIpayReturnRequestBySeller" => returns::request_by_seller(call).await,
        "GetIpayExchangeRequestList" => returns::exchange_list(call).await,
        "GetIpayExchangeRequestDetailInfo" => returns::exchange_detail(call).await,
        "IpaySellerNoteList" => notes::list(call).await,
        "IpaySellerNoteDetailBySeqno" => notes::detail(call).await,
        "IpaySellerNoteReply" => notes::reply(call).await,
        other => Err(Fault {
            code: FaultCode::Server,
            message: format!("{other} is not an order-management operation"),
        }),
    }
}
