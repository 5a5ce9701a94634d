//! The data of the catalog: every operation and complex type of the
//! service, as the WSDL publishes them. Field order is the WSDL's order.
//! Misspellings (`ShppingPrice`, `OderDate`, `DistMoblieTel`,
//! `ShippingMethodClassfication…`) are the real service's and must stay.

use super::{Child, ComplexType, Field, Operation, Param, TypeRef, XsdType};
use crate::soap::NS_ARCHE;

const fn req(name: &'static str, ty: XsdType) -> Field {
    Field {
        name,
        ty,
        optional: false,
    }
}

const fn opt(name: &'static str, ty: XsdType) -> Field {
    Field {
        name,
        ty,
        optional: true,
    }
}

const fn p(name: &'static str, ty: TypeRef) -> Param {
    Param {
        name,
        ty,
        also: &[],
    }
}

/// A parameter published as `name` and accepted as any of `also`.
const fn p_also(name: &'static str, ty: TypeRef, also: &'static [&'static str]) -> Param {
    Param { name, ty, also }
}

const fn child(name: &'static str, ty: &'static ComplexType) -> Child {
    Child { name, ty }
}

pub(super) const IPAY_SERVICE_ORDER: ComplexType = ComplexType {
    name: "IpayServiceOrder",
    fields: &[
        req("payment_rule", XsdType::Int),
        req("pay_price", XsdType::Int),
        req("shipping_price", XsdType::Int),
        req("shipping_type", XsdType::Int),
        req("back_url", XsdType::String),
        req("service_url", XsdType::String),
        req("redirect_url", XsdType::String),
        opt("is_address_required", XsdType::Boolean),
        opt("buyer_name", XsdType::String),
        opt("buyer_tel_no", XsdType::String),
        opt("buyer_email", XsdType::String),
        opt("move_to_redirect_url", XsdType::Boolean),
        opt("payment_due_date", XsdType::DateTime),
        opt("card_type", XsdType::String),
        opt("discount_price", XsdType::Int),
        opt("discount_priceSpecified", XsdType::Boolean),
    ],
    ..ComplexType::PLAIN
};

pub(super) const IPAY_SERVICE_ITEMS: ComplexType = ComplexType {
    name: "IpayServiceItems",
    fields: &[
        req("item_name", XsdType::String),
        req("ipay_itemno", XsdType::String),
        req("item_option_name", XsdType::String),
        req("item_price", XsdType::Int),
        req("order_qty", XsdType::Int),
        req("item_url", XsdType::String),
        req("thumbnail_url", XsdType::String),
        opt("item_image", XsdType::String),
        // The live type's name for the same image (the manual's −19 row
        // names it; its field table says `item_image`). Both are read.
        opt("item_image_url", XsdType::String),
        opt("item_description", XsdType::String),
        opt("partner_code", XsdType::String),
        opt("cancel_restriction", XsdType::Int),
        opt("free_gift", XsdType::String),
        opt("add_shipping_price_jeju", XsdType::Int),
        opt("add_shipping_price_etc", XsdType::Int),
        opt("category_code", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const IPAY_ACCOUNT_NUMB_T: ComplexType = ComplexType {
    name: "IpayAccountNumbT",
    fields: &[
        req("OrderNo", XsdType::Int),
        req("IpayCartNo", XsdType::Long),
        req("InsDate", XsdType::String),
        req("BankCode", XsdType::String),
        req("BankName", XsdType::String),
        req("AcctNumb", XsdType::String),
        req("PayDate", XsdType::String),
        req("PayPrice", XsdType::Decimal),
        req("PaymentType", XsdType::String),
        req("ServiceUrl", XsdType::String),
        req("RedirectUrl", XsdType::String),
        req("Emoney", XsdType::Decimal),
        req("ExpireDate", XsdType::String),
        req("ItemNos", XsdType::String),
        req("CardName", XsdType::String),
        req("NoInterestYN", XsdType::String),
        req("CardMonth", XsdType::String),
        req("CardNumb", XsdType::String),
        req("PayNo", XsdType::Int),
        req("BuyerID", XsdType::String),
        req("BuyerName", XsdType::String),
        req("AuctionOrderNos", XsdType::String),
        req("ApprNumb", XsdType::String),
        req("CardCode", XsdType::String),
        req("DiscountPrice", XsdType::Decimal),
        req("ShppingPrice", XsdType::Decimal),
    ],
    ..ComplexType::PLAIN
};

pub(super) const DO_ORDER_DECISION_CANCEL_REQUEST_T: ComplexType = ComplexType {
    name: "DoOrderDecisionCancelRequestT",
    fields: &[req("OrderNo", XsdType::Int)],
    ..ComplexType::PLAIN
};

pub(super) const DO_ORDER_DECISION_CANCEL_RESPONSE_T: ComplexType = ComplexType {
    name: "DoOrderDecisionCancelResponseT",
    fields: &[
        req("DecisionCancelResponseType", XsdType::String),
        req("FailWithResponse", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const GET_ORDER_LIST_REQUEST_T: ComplexType = ComplexType {
    name: "GetOrderListRequestT",
    fields: &[
        req("DurationType", XsdType::String),
        req("SearchType", XsdType::String),
        req("SearchValue", XsdType::String),
        opt("StartDate", XsdType::DateTime),
        opt("EndDate", XsdType::DateTime),
    ],
    ..ComplexType::PLAIN
};

/// A row of `GetIpayPaidOrderList`, named as the live service names it
/// (shops parse `<GetOrderListResponseT …/>` rows).
pub(super) const GET_ORDER_LIST_RESPONSE_T: ComplexType = ComplexType {
    name: "GetOrderListResponseT",
    fields: &[
        req("ItemNo", XsdType::String),
        req("PayNo", XsdType::Int),
        req("CartNo", XsdType::Long),
        req("ItemName", XsdType::String),
        req("BuyerID", XsdType::String),
        req("BuyerName", XsdType::String),
        req("AwardQty", XsdType::Int),
        req("AwardAmount", XsdType::Decimal),
        req("OrderNo", XsdType::Int),
        req("OderDate", XsdType::String),
        req("DistName", XsdType::String),
        req("DistPostNo", XsdType::String),
        req("DistAddressPost", XsdType::String),
        req("DistAddressDetail", XsdType::String),
        req("DistTel", XsdType::String),
        req("DistMoblieTel", XsdType::String),
        req("VisitReceiptNo", XsdType::Int),
        req("OrderStatus", XsdType::String),
        req("CancelYn", XsdType::String),
        req("ItemCode", XsdType::String),
        req("GroupOrderSeqno", XsdType::Int),
        req("RequestOption", XsdType::String),
        req("DeliveryRemark", XsdType::String),
        req("DeliveryFee", XsdType::String),
        req("DeliveryDelayDay", XsdType::Int),
        req("DeliveryDelayNotifyDate", XsdType::String),
        req("OptionName", XsdType::String),
        req("OptionItemName", XsdType::String),
        req("OptionItemPrice", XsdType::Decimal),
        req("OptionQuantity", XsdType::Int),
        // §3.1.2 `free_gift`: "배송정보 받을 때 이 정보를 되돌려 받을 수 있습니다".
        opt("FreeGift", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const CONFIRM_RECEIVING_ORDER_REQUEST_T: ComplexType = ComplexType {
    name: "ConfirmReceivingOrderRequestT",
    fields: &[req("OrderNo", XsdType::Int)],
    ..ComplexType::PLAIN
};

pub(super) const GET_CANCEL_APPROVAL_LIST_REQUEST_T: ComplexType = ComplexType {
    name: "GetCancelApprovalListRequestT",
    fields: &[
        req("SearchType", XsdType::String),
        opt("SearchString", XsdType::String),
        req("SearchDateType", XsdType::String),
        opt("FromDate", XsdType::String),
        opt("ToDate", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const CANCEL_APPROVAL_T: ComplexType = ComplexType {
    name: "CancelApprovalT",
    fields: &[
        req("RequestDate", XsdType::String),
        req("ItemNo", XsdType::String),
        req("OrderNo", XsdType::Int),
        req("ItemName", XsdType::String),
        req("AwardQty", XsdType::Int),
        req("AwardAmount", XsdType::Decimal),
        req("BuyerID", XsdType::String),
        req("BuyerName", XsdType::String),
        req("CancReason", XsdType::String),
        req("CancReasonDetail", XsdType::String),
        req("BuyerMobile", XsdType::String),
        req("BuyerPhone", XsdType::String),
        req("RecpDate", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const CONFIRM_CANCEL_APPROVAL_REQUEST_T: ComplexType = ComplexType {
    name: "ConfirmCancelApprovalRequestT",
    fields: &[
        req("SellerID", XsdType::String),
        req("BuyerID", XsdType::String),
        req("OrderNo", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

/// `DoIpayShippingGeneral`'s remittance part, nested in the live form.
pub(super) const REMITTANCE_METHOD_T: ComplexType = ComplexType {
    name: "RemittanceMethodT",
    namespace: NS_ARCHE,
    fields: REMITTANCE_FIELDS,
    ..ComplexType::PLAIN
};

const REMITTANCE_FIELDS: &[Field] = &[
    req("RemittanceMethodType", XsdType::String),
    opt("RemittanceAccountName", XsdType::String),
    opt("RemittanceAccountNumber", XsdType::String),
    opt("RemittanceBankCode", XsdType::String),
];

/// `DoIpayShippingGeneral`'s shipping part, nested in the live form.
pub(super) const SHIPPING_METHOD_T: ComplexType = ComplexType {
    name: "ShippingMethodT",
    namespace: NS_ARCHE,
    fields: SHIPPING_FIELDS,
    ..ComplexType::PLAIN
};

const SHIPPING_FIELDS: &[Field] = &[
    req("SendDate", XsdType::DateTime),
    req("InvoiceNo", XsdType::String),
    req("MessageForBuyer", XsdType::String),
    req("ShippingMethodClassficationType", XsdType::String),
    opt("DeliveryAgency", XsdType::String),
    opt("DeliveryAgencyName", XsdType::String),
    opt("ShippingEtcMethod", XsdType::String),
    opt("ShippingEtcAgencyName", XsdType::String),
];

/// The live service nests remittance and shipping as child elements; the
/// manual's flat attributes on `req` stay accepted (unpublished).
pub(super) const DO_SHIPPING_GENERAL_REQUEST_T: ComplexType = ComplexType {
    name: "DoShippingGeneralRequestT",
    fields: &[
        req("SellerID", XsdType::String),
        req("OrderNo", XsdType::Int),
    ],
    children: &[
        child("RemittanceMethod", &REMITTANCE_METHOD_T),
        child("ShippingMethod", &SHIPPING_METHOD_T),
    ],
    accepted: FLAT_SHIPPING_FIELDS,
    ..ComplexType::PLAIN
};

const FLAT_SHIPPING_FIELDS: &[Field] = &[
    opt("RemittanceMethodType", XsdType::String),
    opt("RemittanceAccountName", XsdType::String),
    opt("RemittanceAccountNumber", XsdType::String),
    opt("RemittanceBankCode", XsdType::String),
    opt("SendDate", XsdType::DateTime),
    opt("InvoiceNo", XsdType::String),
    opt("MessageForBuyer", XsdType::String),
    opt("ShippingMethodClassficationType", XsdType::String),
    opt("DeliveryAgency", XsdType::String),
    opt("DeliveryAgencyName", XsdType::String),
    opt("ShippingEtcMethod", XsdType::String),
    opt("ShippingEtcAgencyName", XsdType::String),
];

pub(super) const DO_SHIPPING_GENERAL_RESPONSE_T: ComplexType = ComplexType {
    name: "DoShippingGeneralResponseT",
    fields: &[
        req("DoShippingGeneralResponseType", XsdType::String),
        req("FailReason", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const CHANGE_SHIPPING_TYPE_REQUEST_T: ComplexType = ComplexType {
    name: "ChangeShippingTypeRequestT",
    fields: &[
        req("OrderNo", XsdType::Int),
        req("ShippingMethodClassfication", XsdType::String),
        opt("DeliveryAgency", XsdType::String),
        opt("DeliveryAgencyName", XsdType::String),
        opt("ShippingEtcMethod", XsdType::String),
        opt("ShippingEtcAgencyName", XsdType::String),
        opt("InvoiceNo", XsdType::String),
        req("MessageForBuyer", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const CHANGE_SHIPPING_TYPE_RESPONSE_T: ComplexType = ComplexType {
    name: "ChangeShippingTypeResponseT",
    fields: &[
        req("ChangeShippingTypeResponseType", XsdType::String),
        req("FailReason", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const DO_ORDER_DECISION_REQUEST_T: ComplexType = ComplexType {
    name: "DoOrderDecisionRequestT",
    fields: &[
        req("SellerID", XsdType::String),
        req("OrderNo", XsdType::Int),
        req("SellerManagementNumber", XsdType::String),
        opt("RequestReason", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const DO_ORDER_DECISION_RESPONSE_T: ComplexType = ComplexType {
    name: "DoOrderDecisionResponseT",
    fields: &[
        req("Result", XsdType::Boolean),
        req("FalseMessage", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const DENY_SELL_REQUEST_T: ComplexType = ComplexType {
    name: "DenySellRequestT",
    fields: &[
        req("SellerID", XsdType::String),
        req("ItemID", XsdType::String),
        // The live name; the manual's table says `OrderID` (accepted).
        req("OrderNo", XsdType::Int),
        req("DenySellReason", XsdType::String),
    ],
    accepted: &[opt("OrderID", XsdType::String)],
    ..ComplexType::PLAIN
};

pub(super) const DENY_SELL_RESPONSE_T: ComplexType = ComplexType {
    name: "DenySellResponseT",
    fields: &[
        // What shops read, as for the other order operations; `Result` and
        // `FalseMessage` are the manual's.
        req("DenySellResponseType", XsdType::String),
        req("FailReason", XsdType::String),
        req("Result", XsdType::Boolean),
        req("FalseMessage", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

/// A search period, nested in the live list requests. Strings, not
/// `dateTime`: shops send `StartDate=""` for "no period".
pub(super) const SEARCH_DURATION_T: ComplexType = ComplexType {
    name: "SearchDurationT",
    namespace: NS_ARCHE,
    fields: &[
        opt("StartDate", XsdType::String),
        opt("EndDate", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

/// The live return-list request: flags, keyword, page size and a nested
/// period; the earlier `SearchString`/`FromDate`/`ToDate` stay accepted.
pub(super) const GET_RETURN_LIST_REQUEST_T: ComplexType = ComplexType {
    name: "GetReturnListRequestT",
    fields: &[
        req("SearchFlags", XsdType::String),
        req("SearchType", XsdType::String),
        opt("SearchKeyword", XsdType::String),
        req("SearchDateType", XsdType::String),
        opt("PageSize", XsdType::Int),
        opt("PageNumber", XsdType::Int),
    ],
    children: &[child("SearchDuration", &SEARCH_DURATION_T)],
    accepted: &[
        opt("SearchString", XsdType::String),
        opt("FromDate", XsdType::String),
        opt("ToDate", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

/// A row of `GetIpayReturnList`, named as the live service names it.
pub(super) const RETURN_LIST: ComplexType = ComplexType {
    name: "ReturnList",
    fields: &[
        req("RequestDate", XsdType::String),
        req("OrderNo", XsdType::Int),
        req("ItemNo", XsdType::String),
        req("ItemName", XsdType::String),
        req("AwardQty", XsdType::Int),
        req("AwardAmount", XsdType::Decimal),
        req("BuyerID", XsdType::String),
        req("BuyerName", XsdType::String),
        req("ReturnReason", XsdType::String),
        req("ReturnReasonDetail", XsdType::String),
        req("ReturnStatus", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const RETURN_APPROVAL_REQUEST_T: ComplexType = ComplexType {
    name: "ReturnApprovalRequestT",
    fields: &[
        req("SellerID", XsdType::String),
        req("OrderNo", XsdType::Int),
    ],
    ..ComplexType::PLAIN
};

pub(super) const RETURN_HOLD_REQUEST_T: ComplexType = ComplexType {
    name: "ReturnHoldRequestT",
    fields: &[
        req("SellerID", XsdType::String),
        req("OrderNo", XsdType::Int),
        req("HoldReason", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const RETURN_REQUEST_BY_SELLER_REQUEST_T: ComplexType = ComplexType {
    name: "ReturnRequestBySellerRequestT",
    fields: &[
        req("SellerID", XsdType::String),
        req("OrderNo", XsdType::Int),
        opt("ReturnBySellerDeliveryMethod", XsdType::String),
        opt("ReturnBySellerReasonCode", XsdType::String),
        opt("ReturnReasonDetail", XsdType::String),
    ],
    accepted: &[opt("ReturnReason", XsdType::String)],
    ..ComplexType::PLAIN
};

pub(super) const RETURN_RESPONSE_T: ComplexType = ComplexType {
    name: "ReturnResponseT",
    fields: &[
        req("Result", XsdType::Boolean),
        req("FalseMessage", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const GET_EXCHANGE_LIST_REQUEST_T: ComplexType = ComplexType {
    name: "GetExchangeListRequestT",
    fields: &[
        req("SearchType", XsdType::String),
        opt("SearchString", XsdType::String),
        req("SearchDateType", XsdType::String),
        opt("FromDate", XsdType::String),
        opt("ToDate", XsdType::String),
        opt("PageNumber", XsdType::Int),
        opt("PageSize", XsdType::Int),
    ],
    ..ComplexType::PLAIN
};

pub(super) const EXCHANGE_T: ComplexType = ComplexType {
    name: "ExchangeT",
    fields: &[
        req("RequestDate", XsdType::String),
        req("OrderNo", XsdType::Int),
        req("ItemNo", XsdType::String),
        req("ItemName", XsdType::String),
        req("AwardQty", XsdType::Int),
        req("BuyerID", XsdType::String),
        req("BuyerName", XsdType::String),
        req("ExchangeReason", XsdType::String),
        req("ExchangeStatus", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const EXCHANGE_DETAIL_REQUEST_T: ComplexType = ComplexType {
    name: "ExchangeDetailRequestT",
    fields: &[req("OrderNo", XsdType::Int)],
    ..ComplexType::PLAIN
};

pub(super) const EXCHANGE_DETAIL_T: ComplexType = ComplexType {
    name: "ExchangeDetailT",
    fields: &[
        req("OrderNo", XsdType::Int),
        req("ItemNo", XsdType::String),
        req("ItemName", XsdType::String),
        req("RequestOption", XsdType::String),
        req("AwardQty", XsdType::Int),
        req("BuyerID", XsdType::String),
        req("BuyerName", XsdType::String),
        req("RequestDate", XsdType::String),
        req("ExchangeReason", XsdType::String),
        req("ExchangeReasonDetail", XsdType::String),
        req("ExchangeStatus", XsdType::String),
        req("DistName", XsdType::String),
        req("DistPostNo", XsdType::String),
        req("DistAddressPost", XsdType::String),
        req("DistAddressDetail", XsdType::String),
        req("DistTel", XsdType::String),
        req("DistMoblieTel", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const SELLER_NOTE_LIST_REQUEST_T: ComplexType = ComplexType {
    name: "SellerNoteListRequestT",
    fields: &[
        opt("ReplyStatus", XsdType::String),
        opt("FromDate", XsdType::String),
        opt("ToDate", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const SELLER_NOTE_T: ComplexType = ComplexType {
    name: "SellerNoteT",
    fields: &[
        req("Seqno", XsdType::Int),
        req("OrderNo", XsdType::Int),
        req("ItemNo", XsdType::String),
        req("ItemName", XsdType::String),
        req("BuyerID", XsdType::String),
        req("BuyerName", XsdType::String),
        req("Title", XsdType::String),
        req("RegDate", XsdType::String),
        req("ReplyYn", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const SELLER_NOTE_DETAIL_REQUEST_T: ComplexType = ComplexType {
    name: "SellerNoteDetailRequestT",
    fields: &[req("Seqno", XsdType::Int)],
    ..ComplexType::PLAIN
};

pub(super) const SELLER_NOTE_DETAIL_T: ComplexType = ComplexType {
    name: "SellerNoteDetailT",
    fields: &[
        req("Seqno", XsdType::Int),
        req("OrderNo", XsdType::Int),
        req("ItemNo", XsdType::String),
        req("ItemName", XsdType::String),
        req("BuyerID", XsdType::String),
        req("BuyerName", XsdType::String),
        req("Title", XsdType::String),
        req("Content", XsdType::String),
        req("RegDate", XsdType::String),
        req("ReplyYn", XsdType::String),
        req("ReplyContent", XsdType::String),
        req("ReplyDate", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const SELLER_NOTE_REPLY_REQUEST_T: ComplexType = ComplexType {
    name: "SellerNoteReplyRequestT",
    fields: &[
        req("Seqno", XsdType::Int),
        req("ReplyContent", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

pub(super) const SELLER_NOTE_REPLY_RESPONSE_T: ComplexType = ComplexType {
    name: "SellerNoteReplyResponseT",
    fields: &[
        req("Result", XsdType::Boolean),
        req("FalseMessage", XsdType::String),
    ],
    ..ComplexType::PLAIN
};

/// Every complex type, in WSDL order.
pub(super) const TYPES: &[&ComplexType] = &[
    &IPAY_SERVICE_ORDER,
    &IPAY_SERVICE_ITEMS,
    &IPAY_ACCOUNT_NUMB_T,
    &DO_ORDER_DECISION_CANCEL_REQUEST_T,
    &DO_ORDER_DECISION_CANCEL_RESPONSE_T,
    &GET_ORDER_LIST_REQUEST_T,
    &GET_ORDER_LIST_RESPONSE_T,
    &CONFIRM_RECEIVING_ORDER_REQUEST_T,
    &GET_CANCEL_APPROVAL_LIST_REQUEST_T,
    &CANCEL_APPROVAL_T,
    &CONFIRM_CANCEL_APPROVAL_REQUEST_T,
    &REMITTANCE_METHOD_T,
    &SHIPPING_METHOD_T,
    &DO_SHIPPING_GENERAL_REQUEST_T,
    &DO_SHIPPING_GENERAL_RESPONSE_T,
    &CHANGE_SHIPPING_TYPE_REQUEST_T,
    &CHANGE_SHIPPING_TYPE_RESPONSE_T,
    &DO_ORDER_DECISION_REQUEST_T,
    &DO_ORDER_DECISION_RESPONSE_T,
    &DENY_SELL_REQUEST_T,
    &DENY_SELL_RESPONSE_T,
    &SEARCH_DURATION_T,
    &GET_RETURN_LIST_REQUEST_T,
    &RETURN_LIST,
    &RETURN_APPROVAL_REQUEST_T,
    &RETURN_HOLD_REQUEST_T,
    &RETURN_REQUEST_BY_SELLER_REQUEST_T,
    &RETURN_RESPONSE_T,
    &GET_EXCHANGE_LIST_REQUEST_T,
    &EXCHANGE_T,
    &EXCHANGE_DETAIL_REQUEST_T,
    &EXCHANGE_DETAIL_T,
    &SELLER_NOTE_LIST_REQUEST_T,
    &SELLER_NOTE_T,
    &SELLER_NOTE_DETAIL_REQUEST_T,
    &SELLER_NOTE_DETAIL_T,
    &SELLER_NOTE_REPLY_REQUEST_T,
    &SELLER_NOTE_REPLY_RESPONSE_T,
];

/// Generates the catalog's operation list and [`Op`], one variant per
/// operation in the same order, from one table: the server dispatches on
/// `Op` with one exhaustive `match`, so an operation added here does not
/// compile until it is handled.
macro_rules! operations {
    ($($op:ident = $name:literal { doc: $doc:expr, params: $params:expr, result: $result:expr $(,)? }),* $(,)?) => {
        /// Every operation of the service.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Op {
            $(
                #[doc = $doc]
                $op,
            )*
        }

        /// Every operation, in the order the ASMX help page lists them.
        pub const OPERATIONS: &[Operation] = &[
            $(Operation { op: Op::$op, name: $name, doc: $doc, params: $params, result: $result },)*
        ];
    };
}

operations! {
    InsertIpayOrderToLong = "InsertIpayOrderToLong" {
        doc: "결제정보(주문, 상품)를 전송하고 iPay 카트번호(long)를 받습니다 (§3.1.2).",
        params: &[
            p("ORDER", TypeRef::Complex(&IPAY_SERVICE_ORDER)),
            p("ITEMS", TypeRef::Array(&IPAY_SERVICE_ITEMS)),
        ],
        result: Some(TypeRef::Simple(XsdType::Long)),
    },
    InsertIpayOrder = "InsertIpayOrder" {
        doc: "InsertIpayOrderToLong과 같으나 카트번호를 int로 돌려줍니다 (구버전).",
        params: &[
            p("ORDER", TypeRef::Complex(&IPAY_SERVICE_ORDER)),
            p("ITEMS", TypeRef::Array(&IPAY_SERVICE_ITEMS)),
        ],
        result: Some(TypeRef::Simple(XsdType::Int)),
    },
    Test = "test" {
        doc: "연결 확인용: 호출한 곳의 IP 주소를 돌려줍니다.",
        params: &[],
        result: Some(TypeRef::Simple(XsdType::String)),
    },
    GetIpayAccountNumb = "GetIpayAccountNumb" {
        doc: "결제완료 정보를 조회합니다 (§3.1.9 1).",
        // `payNo` as shops send it to the live service; the manual's `payno`
        // is accepted too.
        params: &[p_also("payNo", TypeRef::Simple(XsdType::Int), &["payno"])],
        result: Some(TypeRef::Complex(&IPAY_ACCOUNT_NUMB_T)),
    },
    GetIpayReceiptStatus = "GetIpayReceiptStatus" {
        doc: "주문상태를 조회합니다 (§3.1.9 2).",
        params: &[
            p("ipayCartNo", TypeRef::Simple(XsdType::Long)),
            p("ipayItemNo", TypeRef::Simple(XsdType::String)),
        ],
        result: Some(TypeRef::Simple(XsdType::String)),
    },
    GetIpayOrderConfirm = "GetIpayOrderConfirm" {
        doc: "카트의 결제완료 여부를 조회합니다 (§3.1.9 3).",
        params: &[p("ipayCartNo", TypeRef::Simple(XsdType::Long))],
        result: Some(TypeRef::Simple(XsdType::Int)),
    },
    GetIpayAgreementStatus = "GetIpayAgreementStatus" {
        doc: "주문의 구매결정(동의) 상태를 조회합니다 (매뉴얼에 없는 실서비스 API).",
        params: &[
            p("ipayCartNo", TypeRef::Simple(XsdType::Long)),
            p("ipayItemNo", TypeRef::Simple(XsdType::String)),
        ],
        result: Some(TypeRef::Simple(XsdType::String)),
    },
    GetIpaySettlementMeans = "GetIpaySettlementMeans" {
        doc: "결제수단을 조회합니다 (§3.1.9 4).",
        params: &[
            p("ipayCartNo", TypeRef::Simple(XsdType::Long)),
            p("ipayItemNo", TypeRef::Simple(XsdType::String)),
        ],
        result: Some(TypeRef::Simple(XsdType::String)),
    },
    DoIpayOrderDecisionCancel = "DoIpayOrderDecisionCancel" {
        doc: "송금완료 주문의 구매결정을 취소합니다 (§3.1.9 5).",
        params: &[p(
            "req",
            TypeRef::Complex(&DO_ORDER_DECISION_CANCEL_REQUEST_T),
        )],
        result: Some(TypeRef::Complex(&DO_ORDER_DECISION_CANCEL_RESPONSE_T)),
    },
    GetIpayPaidOrderList = "GetIpayPaidOrderList" {
        doc: "상세 주문내역을 조회합니다 (§3.2.1 1).",
        params: &[p("req", TypeRef::Complex(&GET_ORDER_LIST_REQUEST_T))],
        result: Some(TypeRef::Array(&GET_ORDER_LIST_RESPONSE_T)),
    },
    IpayConfirmReceivingOrder = "IpayConfirmReceivingOrder" {
        doc: "발주확인을 합니다 (§3.2.1 2).",
        params: &[p(
            "req",
            TypeRef::Complex(&CONFIRM_RECEIVING_ORDER_REQUEST_T),
        )],
        result: None,
    },
    GetIpayCancelApprovalList = "GetIpayCancelApprovalList" {
        doc: "취소요청 목록을 조회합니다 (§3.2.1 3).",
        params: &[p(
            "req",
            TypeRef::Complex(&GET_CANCEL_APPROVAL_LIST_REQUEST_T),
        )],
        result: Some(TypeRef::Array(&CANCEL_APPROVAL_T)),
    },
    IpayConfirmCancelApprovalList = "IpayConfirmCancelApprovalList" {
        doc: "취소요청을 승인합니다 (§3.2.1 4).",
        params: &[p(
            "req",
            TypeRef::Complex(&CONFIRM_CANCEL_APPROVAL_REQUEST_T),
        )],
        result: Some(TypeRef::Simple(XsdType::String)),
    },
    DoIpayShippingGeneral = "DoIpayShippingGeneral" {
        doc: "발송처리를 합니다 (§3.2.2 1).",
        params: &[p("req", TypeRef::Complex(&DO_SHIPPING_GENERAL_REQUEST_T))],
        result: Some(TypeRef::Complex(&DO_SHIPPING_GENERAL_RESPONSE_T)),
    },
    IpayChangeShippingType = "IpayChangeShippingType" {
        doc: "배송방법(택배사, 송장번호)을 변경합니다 (§3.2.2 2).",
        params: &[p("req", TypeRef::Complex(&CHANGE_SHIPPING_TYPE_REQUEST_T))],
        result: Some(TypeRef::Complex(&CHANGE_SHIPPING_TYPE_RESPONSE_T)),
    },
    DoIpayOrderDecisionRequest = "DoIpayOrderDecisionRequest" {
        doc: "구매자에게 구매결정을 요청합니다 (§3.2.2 3).",
        params: &[p("req", TypeRef::Complex(&DO_ORDER_DECISION_REQUEST_T))],
        result: Some(TypeRef::Complex(&DO_ORDER_DECISION_RESPONSE_T)),
    },
    IpayDenySell = "IpayDenySell" {
        doc: "판매거부(결제취소)를 합니다 (§3.1.7, §3.2.2 4).",
        params: &[p("req", TypeRef::Complex(&DENY_SELL_REQUEST_T))],
        result: Some(TypeRef::Complex(&DENY_SELL_RESPONSE_T)),
    },
    GetIpayReturnList = "GetIpayReturnList" {
        doc: "반품요청 목록을 조회합니다 (§3.2.3 1).",
        params: &[p("req", TypeRef::Complex(&GET_RETURN_LIST_REQUEST_T))],
        result: Some(TypeRef::Array(&RETURN_LIST)),
    },
    DoIpayReturnApproval = "DoIpayReturnApproval" {
        doc: "반품을 승인합니다 (§3.2.3 2).",
        params: &[p("req", TypeRef::Complex(&RETURN_APPROVAL_REQUEST_T))],
        result: Some(TypeRef::Complex(&RETURN_RESPONSE_T)),
    },
    DoIpayReturnHold = "DoIpayReturnHold" {
        doc: "반품을 보류합니다 (§3.2.3 3).",
        params: &[p("req", TypeRef::Complex(&RETURN_HOLD_REQUEST_T))],
        result: Some(TypeRef::Complex(&RETURN_RESPONSE_T)),
    },
    DoIpayReturnRequestBySeller = "DoIpayReturnRequestBySeller" {
        doc: "판매자가 반품을 신청합니다 (§3.2.3 4).",
        params: &[p(
            "req",
            TypeRef::Complex(&RETURN_REQUEST_BY_SELLER_REQUEST_T),
        )],
        result: Some(TypeRef::Complex(&RETURN_RESPONSE_T)),
    },
    GetIpayExchangeRequestList = "GetIpayExchangeRequestList" {
        doc: "교환요청 목록을 조회합니다 (§3.2.4 1).",
        params: &[p("req", TypeRef::Complex(&GET_EXCHANGE_LIST_REQUEST_T))],
        result: Some(TypeRef::Array(&EXCHANGE_T)),
    },
    GetIpayExchangeRequestDetailInfo = "GetIpayExchangeRequestDetailInfo" {
        doc: "교환요청 상세정보를 조회합니다 (§3.2.4 2).",
        params: &[p("req", TypeRef::Complex(&EXCHANGE_DETAIL_REQUEST_T))],
        result: Some(TypeRef::Complex(&EXCHANGE_DETAIL_T)),
    },
    IpaySellerNoteList = "IpaySellerNoteList" {
        doc: "구매자 문의 목록을 조회합니다 (§3.2.5 1).",
        params: &[p("req", TypeRef::Complex(&SELLER_NOTE_LIST_REQUEST_T))],
        result: Some(TypeRef::Array(&SELLER_NOTE_T)),
    },
    IpaySellerNoteDetailBySeqno = "IpaySellerNoteDetailBySeqno" {
        doc: "구매자 문의 상세를 조회합니다 (§3.2.5 2).",
        params: &[p("req", TypeRef::Complex(&SELLER_NOTE_DETAIL_REQUEST_T))],
        result: Some(TypeRef::Complex(&SELLER_NOTE_DETAIL_T)),
    },
    IpaySellerNoteReply = "IpaySellerNoteReply" {
        doc: "구매자 문의에 답변합니다 (§3.2.5 3).",
        params: &[p("req", TypeRef::Complex(&SELLER_NOTE_REPLY_REQUEST_T))],
        result: Some(TypeRef::Complex(&SELLER_NOTE_REPLY_RESPONSE_T)),
    },
}
