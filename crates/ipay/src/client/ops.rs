//! Typed methods for the operations a shop calls after registering a cart:
//! the §3.1.9 queries, the older `InsertIpayOrder`, and generic helpers for
//! the §3.2 order-management operations.
//!
//! Results travel in XML attributes (`<GetIpayAccountNumbResult PayNo="…"
//! …/>`), so a complex result is read as an attribute map first and only
//! then into a struct: a field the service leaves out reads as empty or
//! zero, as .NET's generated proxies did, instead of failing the call; a
//! field that is present but malformed is [`ClientError::Malformed`].

use std::collections::BTreeMap;

use super::{ClientError, IpayClient};
use crate::soap::SoapVersion;
use crate::xml::Element;

/// The record `GetIpayAccountNumb` answers (§3.1.9 1), field for field.
/// Amounts are whole won (the service's `decimal`s carry no fraction).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountNumb {
    /// `OrderNo`: the (first) iPay order number.
    pub order_no: i64,
    /// `IpayCartNo`.
    pub ipay_cart_no: i64,
    /// `InsDate`: when the order was placed.
    pub ins_date: String,
    /// `BankCode`: virtual account bank (empty for other methods).
    pub bank_code: String,
    /// `BankName`.
    pub bank_name: String,
    /// `AcctNumb`: the virtual account number.
    pub acct_numb: String,
    /// `PayDate` (empty for an unpaid virtual account).
    pub pay_date: String,
    /// `PayPrice`.
    pub pay_price: i64,
    /// `PaymentType`: `C` card, `D` transfer, `M` mobile, `A` anything else.
    pub payment_type: String,
    /// `ServiceUrl`.
    pub service_url: String,
    /// `RedirectUrl`.
    pub redirect_url: String,
    /// `Emoney`.
    pub emoney: i64,
    /// `ExpireDate`: the virtual account's deposit deadline.
    pub expire_date: String,
    /// `ItemNos`.
    pub item_nos: String,
    /// `CardName`.
    pub card_name: String,
    /// `NoInterestYN`: `Y` or `N`.
    pub no_interest_yn: String,
    /// `CardMonth`: `00` for a single payment.
    pub card_month: String,
    /// `CardNumb`.
    pub card_numb: String,
    /// `PayNo`.
    pub pay_no: i64,
    /// `BuyerID`.
    pub buyer_id: String,
    /// `BuyerName`.
    pub buyer_name: String,
    /// `AuctionOrderNos`.
    pub auction_order_nos: String,
    /// `ApprNumb`: the approval number.
    pub appr_numb: String,
    /// `CardCode`.
    pub card_code: String,
    /// `DiscountPrice`.
    pub discount_price: i64,
    /// `ShppingPrice` (the service's spelling).
    pub shipping_price: i64,
}

/// The `req` of `GetIpayPaidOrderList` (`GetOrderListRequestT`, §3.2.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetOrderList {
    /// `Nothing` (search by `OrderNo`/`PayNo`) or `ReceiptDate`.
    pub duration_type: String,
    /// `OrderNo`, `PayNo` or `ItemNo`.
    pub search_type: String,
    /// The number searched for.
    pub search_value: String,
    /// `StartDate` (`xs:dateTime`), with `ReceiptDate`.
    pub start_date: Option<String>,
    /// `EndDate` (`xs:dateTime`), with `ReceiptDate`.
    pub end_date: Option<String>,
}

/// One wrapper element `<op><param>value</param>…</op>`.
fn simple_call(op: &str, params: &[(&str, String)]) -> Element {
    params.iter().fold(Element::new(op), |w, (name, value)| {
        w.with_child(Element::new(*name).with_text(value.as_str()))
    })
}

/// The attributes of a complex result, by name.
fn attrs(e: &Element) -> BTreeMap<String, String> {
    e.attributes.iter().cloned().collect()
}

fn parse_int<T: std::str::FromStr>(op: &str, text: &str) -> Result<T, ClientError> {
    text.trim()
        .parse()
        .map_err(|_| ClientError::Malformed(format!("{op}: not a number: {text:?}")))
}

/// A `decimal` amount in whole won: `1000`, `1000.0` and `1000.00` are
/// 1000 (ASMX wrote decimals with the scale the database had); a fraction
/// other than zero is malformed, since won have none.
fn parse_won(field: &str, text: &str) -> Result<i64, ClientError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if !fraction.chars().all(|c| c == '0') {
        return Err(ClientError::Malformed(format!(
            "{field}: not whole won: {text:?}"
        )));
    }
    parse_int(field, whole)
}

impl AccountNumb {
    /// Reads the result's attributes; absent fields stay empty or zero.
    pub fn from_attrs(a: &BTreeMap<String, String>) -> Result<AccountNumb, ClientError> {
        let s = |k: &str| a.get(k).cloned().unwrap_or_default();
        let n = |k: &str| -> Result<i64, ClientError> {
            match a.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                Some(v) => parse_int(k, v),
                None => Ok(0),
            }
        };
        let won = |k: &str| parse_won(k, a.get(k).map(String::as_str).unwrap_or(""));
        Ok(AccountNumb {
            order_no: n("OrderNo")?,
            ipay_cart_no: n("IpayCartNo")?,
            ins_date: s("InsDate"),
            bank_code: s("BankCode"),
            bank_name: s("BankName"),
            acct_numb: s("AcctNumb"),
            pay_date: s("PayDate"),
            pay_price: won("PayPrice")?,
            payment_type: s("PaymentType"),
            service_url: s("ServiceUrl"),
            redirect_url: s("RedirectUrl"),
            emoney: won("Emoney")?,
            expire_date: s("ExpireDate"),
            item_nos: s("ItemNos"),
            card_name: s("CardName"),
            no_interest_yn: s("NoInterestYN"),
            card_month: s("CardMonth"),
            card_numb: s("CardNumb"),
            pay_no: n("PayNo")?,
            buyer_id: s("BuyerID"),
            buyer_name: s("BuyerName"),
            auction_order_nos: s("AuctionOrderNos"),
            appr_numb: s("ApprNumb"),
            card_code: s("CardCode"),
            discount_price: won("DiscountPrice")?,
            shipping_price: won("ShppingPrice")?,
        })
    }
}

impl IpayClient {
    /// `GetIpayAccountNumb`: everything about a payment, by pay number.
    pub async fn get_account_numb(&self, payno: i64) -> Result<AccountNumb, ClientError> {
        let op = "GetIpayAccountNumb";
        let body = simple_call(op, &[("payNo", payno.to_string())]);
        let result = self.call(SoapVersion::V11, op, body).await?;
        AccountNumb::from_attrs(&attrs(&result))
    }

    /// `GetIpayReceiptStatus`: the Korean status of one item of a cart
    /// (`주문전`, `결제완료`, `배송준비중`…; empty for a cart not the
    /// seller's).
    pub async fn get_receipt_status(
        &self,
        cart_no: i64,
        item_no: &str,
    ) -> Result<String, ClientError> {
        let op = "GetIpayReceiptStatus";
        let body = simple_call(
            op,
            &[
                ("ipayCartNo", cart_no.to_string()),
                ("ipayItemNo", item_no.to_owned()),
            ],
        );
        Ok(self.call(SoapVersion::V11, op, body).await?.text)
    }

    /// `GetIpayOrderConfirm`: the pay number once paid, `0` before, `1`
    /// for an error (a cart that is not the seller's).
    pub async fn get_order_confirm(&self, cart_no: i64) -> Result<i64, ClientError> {
        let op = "GetIpayOrderConfirm";
        let body = simple_call(op, &[("ipayCartNo", cart_no.to_string())]);
        let result = self.call(SoapVersion::V11, op, body).await?;
        parse_int(op, &result.text)
    }

    /// `GetIpaySettlementMeans`: `C`, `D`, `M` or `A` (empty before payment).
    pub async fn get_settlement_means(
        &self,
        cart_no: i64,
        item_no: &str,
    ) -> Result<String, ClientError> {
        let op = "GetIpaySettlementMeans";
        let body = simple_call(
            op,
            &[
                ("ipayCartNo", cart_no.to_string()),
                ("ipayItemNo", item_no.to_owned()),
            ],
        );
        Ok(self.call(SoapVersion::V11, op, body).await?.text)
    }

    /// `InsertIpayOrder`: the older registration answering an `int` (the
    /// cart number, or a negative §3.1.5 code as `Ok`). Same arguments as
    /// [`IpayClient::insert_order_to_long`].
    pub async fn insert_order(
        &self,
        mut order: Element,
        items: Vec<Element>,
    ) -> Result<i32, ClientError> {
        let op = "InsertIpayOrder";
        order.name = "ORDER".to_string();
        let items = items
            .into_iter()
            .fold(Element::new("ITEMS"), |w, mut item| {
                item.name = "IpayServiceItems".to_string();
                w.with_child(item)
            });
        let body = Element::new(op).with_child(order).with_child(items);
        let result = self.call(SoapVersion::V11, op, body).await?;
        parse_int(op, &result.text)
    }

    /// `GetIpayPaidOrderList` (§3.2.1): the paid orders, each row as its
    /// attributes (`GetOrderListResponseT`: `OrderNo`, `PayNo`, `OrderStatus`…).
    pub async fn get_paid_order_list(
        &self,
        req: GetOrderList,
    ) -> Result<Vec<BTreeMap<String, String>>, ClientError> {
        let op = "GetIpayPaidOrderList";
        let mut fields = vec![
            ("DurationType", req.duration_type),
            ("SearchType", req.search_type),
            ("SearchValue", req.search_value),
        ];
        fields.extend(req.start_date.map(|d| ("StartDate", d)));
        fields.extend(req.end_date.map(|d| ("EndDate", d)));
        let req = fields
            .into_iter()
            .fold(Element::new("req"), |e, (k, v)| e.with_attr(k, v));
        let result = self
            .call(SoapVersion::V11, op, Element::new(op).with_child(req))
            .await?;
        Ok(result.children.iter().map(attrs).collect())
    }

    /// Any operation whose request is one object parameter (`param`, `req`
    /// for most of §3.2) carried in attributes, and whose result is one
    /// object (`DoIpayShippingGeneral`, `DoIpayOrderDecision`…): the
    /// result's attributes, empty for a void operation.
    pub async fn call_object(
        &self,
        op: &str,
        param: &str,
        attributes: &[(&str, &str)],
    ) -> Result<BTreeMap<String, String>, ClientError> {
        let req = attributes
            .iter()
            .fold(Element::new(param), |e, (k, v)| e.with_attr(*k, *v));
        let result = self
            .call(SoapVersion::V11, op, Element::new(op).with_child(req))
            .await?;
        Ok(attrs(&result))
    }
}

#[cfg(test)]
mod tests;
