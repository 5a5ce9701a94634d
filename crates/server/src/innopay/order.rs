//! Registering an SMS card-payment order (SMS 주문등록): the step the
//! `smsPayApi` call and the Web-Link popup share.
//!
//! One commit creates the payment (keyed by the merchant's `moid`) and the
//! payment-request SMS to the buyer. The database refuses a second payment
//! with the same `mid` + `moid`, so a merchant that retries after a timeout
//! gets the order it already has — never a second order, never a second
//! SMS — while the order is live; a retry that differs, or one for an order
//! that was paid, expired or cancelled, is refused with its own code (see
//! `existing` below).

use crate::app::App;
use crate::error::ServiceError;
use crate::ids::new_page_code;
use crate::kinds::{MessageKind, Retry, Success};
use crate::payments::commit::Extra;
use gyeolje_core::{
    Channel, InnoPayAccount, Merchant, NewPayment, Payment, PaymentState, PhoneNumber, Protocol,
    Timestamp, Won,
};
use gyeolje_innopay::{InnoPayError, ResultCode, SmsProduct, default_pay_exp, sms_text};
use gyeolje_store::StoreError;
use serde::{Deserialize, Serialize};

/// Which front end registered the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// `POST /api/smsPayApi`.
    Api,
    /// The `/api/cardInterface` popup.
    WebLink,
}

/// An order as a front end validated it, before registration.
#[derive(Clone, Debug)]
pub struct OrderInput {
    pub origin: Origin,
    pub mid: String,
    /// The PG merchant id the caller named (Web-Link `PgMID`); `None` picks
    /// the merchant's PgMID for `product`.
    pub pg_mid: Option<String>,
    /// `None` when the caller did not say (`svcPrdtCd` empty): the PgMID's
    /// own product, or 03 (the manual's default).
    pub product: Option<SmsProduct>,
    pub moid: Option<String>,
    pub goods_name: String,
    pub amount: Won,
    pub duty_free: Option<Won>,
    pub buyer_name: String,
    pub buyer_tel: PhoneNumber,
    pub buyer_email: Option<String>,
    /// `None`: the manual's default deadline (next day 23:59:59 on the
    /// merchant's clock, see [`crate::clocks`]).
    pub pay_exp: Option<Timestamp>,
    pub user_id: Option<String>,
}

/// What an InnoPay payment keeps of its order (the payment's
/// `protocol_data`): everything notifications, pages and replies need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredOrder {
    pub origin: Origin,
    pub mid: String,
    pub pg_mid: String,
    pub product: SmsProduct,
    pub moid: String,
    pub goods_name: String,
    pub amount: Won,
    pub duty_free: Option<Won>,
    pub buyer_name: String,
    pub buyer_tel: PhoneNumber,
    pub buyer_email: Option<String>,
    pub user_id: Option<String>,
    pub pay_exp: Timestamp,
    /// The SMS text (also `resultMsg`).
    pub sms_text: String,
    /// What a retry must repeat to count as the same request.
    pub fingerprint: String,
}

impl StoredOrder {
    /// The tid `payment` was approved under (`None` before approval). One
    /// place computes it, so replies, pages and notifications agree.
    pub fn tid(&self, payment: &Payment) -> Option<String> {
        let approval = payment.approval.as_ref()?;
        Some(gyeolje_innopay::make_tid(
            &self.mid,
            self.product,
            approval.approved_at,
            payment.id.get(),
        ))
    }
}

/// The buyer's card payment page for an order: the link in the SMS.
pub fn order_url(app: &App, payment: &Payment) -> String {
    app.url(&format!("/s/{}", payment.page_code))
}

/// The stored order of an InnoPay payment; a payment of another protocol
/// is [`ServiceError::NotFound`].
pub fn order_of(payment: &Payment) -> Result<StoredOrder, ServiceError> {
    if payment.protocol != Protocol::InnoPay {
        return Err(ServiceError::NotFound);
    }
    Ok(payment.protocol_data()?)
}

/// The payment-request SMS with the link to the buyer's card page.
pub static SMS: MessageKind = MessageKind {
    name: "innopay.sms",
    success: Success::Status2xx,
    retry: Retry::Fixed {
        max_attempts: 3,
        delays_secs: &[30, 120],
    },
    doc: "InnoPay SMS 안심결제 요청 SMS",
};

/// A registered order.
#[derive(Clone, Debug)]
pub struct Registered {
    pub payment: Payment,
    pub order: StoredOrder,
    /// The buyer's page (`/s/<code>`), the SMS link.
    pub order_url: String,
    /// `true` when this was a retry answered with the existing (live)
    /// order: nothing was registered and no SMS was sent this time.
    pub existing: bool,
}

/// Why registration failed: a refusal with an InnoPay code, or gyeolje's own
/// failure (code 9999; safe to retry with the same `moid`).
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error(transparent)]
    Refused(#[from] InnoPayError),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<StoreError> for OrderError {
    fn from(e: StoreError) -> Self {
        OrderError::Service(e.into())
    }
}

impl OrderError {
    pub fn to_innopay(&self) -> InnoPayError {
        match self {
            OrderError::Refused(e) => e.clone(),
            OrderError::Service(e) => {
                tracing::error!(error = %e, "innopay order not registered");
                InnoPayError::new(
                    ResultCode::Internal,
                    "일시적인 오류로 주문을 등록하지 못했습니다. 같은 주문번호(moid)로 다시 요청하세요",
                )
            }
        }
    }
}

/// The merchant `mid` names, if it is an InnoPay merchant.
pub async fn innopay_merchant(
    app: &App,
    mid: &str,
) -> Result<(Merchant, InnoPayAccount), OrderError> {
    let merchant = app.store.merchant_by_innopay_mid(mid).await?;
    match merchant {
        Some(m) => match m.innopay.clone() {
            Some(account) => Ok((m, account)),
            None => Err(unknown_mid(mid).into()),
        },
        None => Err(unknown_mid(mid).into()),
    }
}

fn unknown_mid(mid: &str) -> InnoPayError {
    InnoPayError::new(
        ResultCode::UnknownMerchant,
        format!("mid: 등록되지 않은 상점 아이디입니다 ({mid})"),
    )
}

/// Picks the PG merchant id and the sub-method of an order.
fn route(
    account: &InnoPayAccount,
    input: &OrderInput,
) -> Result<(String, SmsProduct), InnoPayError> {
    match &input.pg_mid {
        Some(pg_mid) => {
            let entry = account.product_of(pg_mid).ok_or_else(|| {
                InnoPayError::new(
                    ResultCode::UnknownPgMid,
                    format!("PgMID: 상점에 등록되지 않은 PG 상점아이디입니다 ({pg_mid})"),
                )
            })?;
            let served = SmsProduct::parse(&entry.product_code).unwrap_or(SmsProduct::ManualEntry);
            match input.product {
                Some(asked) if asked != served => Err(InnoPayError::new(
                    ResultCode::UnknownPgMid,
                    format!(
                        "PgMID {pg_mid}는 {}({}) 전용입니다. svcPrdtCd {}({})에는 다른 PgMID를 사용하세요",
                        served.label(),
                        served.code(),
                        asked.label(),
                        asked.code()
                    ),
                )),
                _ => Ok((pg_mid.clone(), served)),
            }
        }
        None => {
            let product = input.product.unwrap_or(SmsProduct::ManualEntry);
            let entry = account.pg_mid_for(product.code()).ok_or_else(|| {
                InnoPayError::new(
                    ResultCode::UnknownPgMid,
                    format!(
                        "svcPrdtCd: 상점에 {}({}) PG 상점아이디가 등록되어 있지 않습니다",
                        product.label(),
                        product.code()
                    ),
                )
            })?;
            Ok((entry.pg_mid.clone(), product))
        }
    }
}

fn fingerprint(input: &OrderInput, pg_mid: &str, product: SmsProduct) -> String {
    serde_json::json!([
        pg_mid,
        product.code(),
        input.goods_name,
        input.amount,
        input.duty_free,
        input.buyer_name,
        input.buyer_tel,
        input.buyer_email,
        input.pay_exp.map(|t| t.as_millis()),
        input.user_id,
    ])
    .to_string()
}

/// Registers `input`, or finds the identical order registered before.
pub async fn register(app: &App, input: OrderInput) -> Result<Registered, OrderError> {
    let (merchant, account) = innopay_merchant(app, &input.mid).await?;
    let (pg_mid, product) = route(&account, &input)?;
    let print = fingerprint(&input, &pg_mid, product);
    if let Some(moid) = &input.moid
        && let Some(found) = existing(app, &merchant, moid, &print).await?
    {
        return Ok(found);
    }
    let id = app.next_payment_id().await?;
    let moid = input
        .moid
        .clone()
        .unwrap_or_else(|| format!("GJ{}", id.get()));
    let page_code = new_page_code();
    let link = app.url(&format!("/s/{page_code}"));
    let pay_exp = input
        .pay_exp
        .unwrap_or_else(|| default_pay_exp(app.now_for(merchant.id)));
    let order = StoredOrder {
        origin: input.origin,
        mid: account.mid.clone(),
        pg_mid,
        product,
        moid: moid.clone(),
        goods_name: input.goods_name.clone(),
        amount: input.amount,
        duty_free: input.duty_free,
        buyer_name: input.buyer_name.clone(),
        buyer_tel: input.buyer_tel.clone(),
        buyer_email: input.buyer_email.clone(),
        user_id: input.user_id.clone(),
        pay_exp,
        sms_text: sms_text(
            &merchant.name,
            &input.goods_name,
            input.amount,
            &input.buyer_name,
            &link,
        ),
        fingerprint: print.clone(),
    };
    let draft = app.draft(NewPayment {
        id,
        protocol: Protocol::InnoPay,
        merchant_id: merchant.id,
        page_code,
        amount: input.amount,
        goods_name: input.goods_name.clone(),
        buyer_phone: Some(input.buyer_tel.clone()),
        expires_at: pay_exp,
        reference: Some(moid.clone()),
        protocol_data: serde_json::to_value(&order)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
    });
    let sms = SMS.message(
        Protocol::InnoPay,
        Some(id),
        Channel::Sms {
            phone: input.buyer_tel.clone(),
        },
        order.sms_text.clone(),
    );
    let extra = Extra {
        messages: vec![sms],
        delivered: vec![],
    };
    let payment = match app.create(&merchant, draft, extra).await {
        Ok(p) => p,
        // Another request with the same moid committed first.
        Err(ServiceError::Conflict(_)) => {
            return match existing(app, &merchant, &moid, &print).await? {
                Some(found) => Ok(found),
                None => Err(StoreError::Conflict(format!("order {moid} vanished")).into()),
            };
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(payment = %payment.id, mid = %account.mid, origin = ?input.origin, "innopay order registered");
    Ok(Registered {
        order_url: link,
        payment,
        order,
        existing: false,
    })
}

/// The order `moid` names, if there is one, judged by what became of it.
///
/// A repeated `moid` is a merchant retrying (after a timeout, a crash, a
/// double click) or a merchant reusing an order number. Either way it never
/// makes a second payment (the unique index forbids it) and never sends a
/// second SMS; what it answers depends on the order's state:
///
/// | order | same request | different request |
/// |---|---|---|
/// | requested, before the deadline | the order (`existing`), `0000` | 3021 |
/// | past the deadline, unpaid | 3023 | 3023 |
/// | paid (also partly cancelled) | 3022 | 3022 |
/// | cancelled (unpaid, or refunded in full) | 3024 | 3024 |
///
/// An order that can no longer be paid is refused whatever the request says:
/// its link is dead, and "different contents" (3021) would hide the reason. A
/// new link for an expired order would need a new payment, and the `moid`
/// is the order's for good; the merchant asks again with a new `moid`.
async fn existing(
    app: &App,
    merchant: &Merchant,
    moid: &str,
    print: &str,
) -> Result<Option<Registered>, OrderError> {
    let Some(payment) = app
        .store
        .payment_by_reference(merchant.id, Protocol::InnoPay, moid)
        .await?
    else {
        return Ok(None);
    };
    let order = order_of(&payment)?;
    if let Some(refusal) = dead_order(&payment, moid, app.now_for(payment.merchant_id)) {
        return Err(refusal.into());
    }
    if order.fingerprint != print {
        return Err(InnoPayError::new(
            ResultCode::DuplicateOrder,
            format!(
                "moid: 이미 다른 내용으로 등록된 주문번호입니다 ({moid}). 새 주문은 새 주문번호로 요청하세요"
            ),
        )
        .into());
    }
    Ok(Some(Registered {
        order_url: order_url(app, &payment),
        payment,
        order,
        existing: true,
    }))
}

/// The refusal for a repeated `moid` whose order cannot be paid any more
/// (`None`: the order is live). An order still `requested` after its
/// deadline counts as expired: the schedule worker may not have run yet,
/// but its link already answers 410.
fn dead_order(payment: &Payment, moid: &str, now: Timestamp) -> Option<InnoPayError> {
    let again = "SMS를 보내지 않았습니다. 새 결제요청은 새 주문번호(moid)로 하세요";
    let expired = || {
        InnoPayError::new(
            ResultCode::OrderExpired,
            format!(
                "moid: 결제마감기한({})이 지나 만료된 주문입니다 ({moid}). 결제링크는 소멸되었고 {again}",
                gyeolje_innopay::format_pay_exp(payment.expires_at)
            ),
        )
    };
    match payment.state {
        PaymentState::Requested | PaymentState::AwaitingDeposit if now >= payment.expires_at => {
            Some(expired())
        }
        PaymentState::Requested | PaymentState::AwaitingDeposit => None,
        PaymentState::Expired => Some(expired()),
        PaymentState::Paid => Some(InnoPayError::new(
            ResultCode::OrderPaid,
            format!(
                "moid: 이미 결제된 주문입니다 ({moid}). 결제 결과는 결과 통보로 전달됩니다. {again}"
            ),
        )),
        PaymentState::RequestCancelled | PaymentState::Cancelled => Some(InnoPayError::new(
            ResultCode::OrderCancelled,
            format!("moid: 취소된 주문입니다 ({moid}). {again}"),
        )),
    }
}
