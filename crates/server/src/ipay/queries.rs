//! The payment queries of §3.1.9: `GetIpayAccountNumb`,
//! `GetIpayReceiptStatus`, `GetIpayOrderConfirm`, `GetIpaySettlementMeans`;
//! and `GetIpayAgreementStatus`, which the manual does not list but shops
//! call on the live service.
//!
//! A seller sees only their own carts. A cart or pay number that is not
//! theirs (or does not exist) is answered as the manual's result type
//! allows: `GetIpayOrderConfirm` says `1` (오류), the string queries say
//! `""`, and `GetIpayAccountNumb`, whose result is a record, faults.

use super::call::{Call, Fault};
use super::notices;
use super::state::{IpayCart, cart_of};
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{Merchant, Payment, PaymentId, PaymentState, Protocol};
use gyeolje_ipay::cart::CardCompany;
use gyeolje_ipay::soap::ResultValue;

/// The seller's iPay cart number `cart_no`, with its stored cart.
pub async fn sellers_cart(
    call: &Call<'_>,
    seller: &Merchant,
    cart_no: i64,
) -> Result<Option<(Payment, IpayCart)>, Fault> {
    let Some(payment) = call
        .app
        .own_payment(seller.id, Protocol::Ipay, PaymentId::new(cart_no))
        .await?
    else {
        return Ok(None);
    };
    let cart = cart_of(&payment)?;
    Ok(Some((payment, cart)))
}

/// The order of `item_no` (the shop's `ipay_itemno`, or iPay's own item number).
fn order_of_item<'a>(orders: &'a [EscrowOrder], item_no: &str) -> Option<&'a EscrowOrder> {
    orders
        .iter()
        .find(|o| o.ipay_itemno == item_no || o.auction_item_no == item_no)
}

fn is_paid(p: &Payment) -> bool {
    p.approval.is_some()
}

fn card_code(card_name: &str) -> String {
    CardCompany::ALL
        .into_iter()
        .find(|c| {
            let short: String = c.name_ko().chars().take(2).collect();
            card_name.contains(&short)
        })
        .map(|c| c.code().to_owned())
        .unwrap_or_default()
}

pub async fn account_numb(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    // `payNo` (live) or `payno` (manual): the catalog accepts both names.
    let pay_no = call.args.int("payNo").unwrap_or_default();
    let payment = call
        .app
        .store
        .payment_by_reference(seller.id, Protocol::Ipay, &pay_no.to_string())
        .await?
        .ok_or_else(|| Fault::client(format!("결제번호 {pay_no}에 해당하는 결제가 없습니다")))?;
    let cart = cart_of(&payment)?;
    let orders = call.app.store.escrow_orders_of(payment.id).await?;
    let n = notices::completion(&payment, &cart, &orders);
    let date = |d: Option<chrono::NaiveDateTime>| {
        d.map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default()
    };
    let approval = payment.approval.as_ref();
    let fields = [
        ("OrderNo", n.auction_order_no.to_string()),
        ("IpayCartNo", n.ipay_cart_no.to_string()),
        ("InsDate", date(Some(n.order_date))),
        ("BankCode", n.bank_code.clone()),
        ("BankName", n.bank_name.clone()),
        ("AcctNumb", n.account_numb.clone()),
        ("PayDate", date(n.pay_date)),
        ("PayPrice", n.pay_price.get().to_string()),
        ("PaymentType", n.payment_type.code().to_owned()),
        ("ServiceUrl", cart.cart.service_url.clone()),
        ("RedirectUrl", cart.cart.redirect_url.clone()),
        ("Emoney", n.emoney.get().to_string()),
        ("ExpireDate", date(n.expire_date)),
        ("ItemNos", gyeolje_ipay::notice::join_item_nos(&n.item_nos)),
        ("CardName", n.card_name.clone()),
        (
            "NoInterestYN",
            if n.no_interest { "Y" } else { "N" }.to_owned(),
        ),
        (
            "CardMonth",
            n.card_month.map(|m| format!("{m:02}")).unwrap_or_default(),
        ),
        ("CardNumb", n.card_numb.clone()),
        ("PayNo", pay_no.to_string()),
        (
            "BuyerID",
            cart.checkout
                .as_ref()
                .map(|c| c.buyer_id.clone())
                .unwrap_or_default(),
        ),
        ("BuyerName", n.buyer_name.clone()),
        (
            "AuctionOrderNos",
            gyeolje_ipay::notice::join_order_nos(&n.auction_order_nos),
        ),
        (
            "ApprNumb",
            approval.map(|a| a.approval_no.clone()).unwrap_or_default(),
        ),
        ("CardCode", card_code(&n.card_name)),
        ("DiscountPrice", cart.cart.discount.get().to_string()),
        ("ShppingPrice", cart.cart.shipping_price.get().to_string()),
    ];
    Ok(ResultValue::object(call.op, fields))
}

pub async fn receipt_status(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let cart_no = call.args.long("ipayCartNo").unwrap_or_default();
    let item_no = call.args.string("ipayItemNo").unwrap_or("").trim();
    let Some((payment, cart)) = sellers_cart(call, seller, cart_no).await? else {
        return Ok(ResultValue::simple(call.op, ""));
    };
    if !cart.cart.lines.iter().any(|l| l.ipay_itemno == item_no) {
        return Ok(ResultValue::simple(call.op, ""));
    }
    let orders = call.app.store.escrow_orders_of(payment.id).await?;
    let label = match order_of_item(&orders, item_no) {
        Some(o) => o.state.label(),
        // Registered but not paid (or its virtual account not yet issued).
        None => match payment.state {
            PaymentState::Expired | PaymentState::RequestCancelled => "주문취소",
            PaymentState::Requested
            | PaymentState::AwaitingDeposit
            | PaymentState::Paid
            | PaymentState::Cancelled => "주문전",
        },
    };
    Ok(ResultValue::simple(call.op, label))
}

/// `GetIpayAgreementStatus(ipayCartNo, ipayItemNo)`: whether the buyer's
/// purchase of the line is agreed (구매결정), as one of:
///
/// | value | when |
/// |---|---|
/// | `Y` | 구매결정 or 송금완료: the buyer (or the seller for them, or the clock) confirmed the purchase |
/// | `N` | paid and still open: 입금대기, 결제완료, 배송준비중, 배송중, or a cancel, return or exchange request in progress |
/// | `C` | closed without a purchase: 입금기한만료, 취소완료, 반품완료, 환불완료, or the cart expired unpaid |
/// | `""` | not yet ordered (registered, unpaid), or a cart or item that is not the seller's |
pub async fn agreement_status(call: &Call<'_>) -> Result<ResultValue, Fault> {
    use gyeolje_core::escrow::OrderState as S;
    let seller = call.seller()?;
    let cart_no = call.args.long("ipayCartNo").unwrap_or_default();
    let item_no = call.args.string("ipayItemNo").unwrap_or("").trim();
    let Some((payment, cart)) = sellers_cart(call, seller, cart_no).await? else {
        return Ok(ResultValue::simple(call.op, ""));
    };
    if !cart.cart.lines.iter().any(|l| l.ipay_itemno == item_no) {
        return Ok(ResultValue::simple(call.op, ""));
    }
    let orders = call.app.store.escrow_orders_of(payment.id).await?;
    let answer = match order_of_item(&orders, item_no).map(|o| o.state) {
        Some(S::Decided | S::Remitted) => "Y",
        Some(
            S::AwaitingDeposit
            | S::Paid
            | S::Preparing
            | S::Shipping
            | S::CancelRequested
            | S::ReturnRequested
            | S::ReturnHeld
            | S::ExchangeRequested,
        ) => "N",
        Some(S::DepositExpired | S::Cancelled | S::Returned | S::Refunded) => "C",
        None => match payment.state {
            PaymentState::Expired | PaymentState::RequestCancelled => "C",
            PaymentState::Requested
            | PaymentState::AwaitingDeposit
            | PaymentState::Paid
            | PaymentState::Cancelled => "",
        },
    };
    Ok(ResultValue::simple(call.op, answer))
}

pub async fn order_confirm(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let cart_no = call.args.long("ipayCartNo").unwrap_or_default();
    let answer = match sellers_cart(call, seller, cart_no).await? {
        None => 1,
        Some((payment, cart)) if is_paid(&payment) => cart.pay_no.unwrap_or(1),
        Some(_) => 0,
    };
    let answer = i32::try_from(answer).unwrap_or(1);
    Ok(ResultValue::simple(call.op, answer))
}

pub async fn settlement_means(call: &Call<'_>) -> Result<ResultValue, Fault> {
    let seller = call.seller()?;
    let cart_no = call.args.long("ipayCartNo").unwrap_or_default();
    let answer = match sellers_cart(call, seller, cart_no).await? {
        Some((payment, _)) if payment.method.is_some() => {
            notices::payment_type(payment.method).code().to_owned()
        }
        _ => String::new(),
    };
    Ok(ResultValue::simple(call.op, answer))
}
