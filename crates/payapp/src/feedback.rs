//! The feedback: what PayApp POSTs to the merchant's `feedbackurl` whenever
//! a payment is created or changes state (manual: Feedbackurl 전달).
//!
//! Merchants' handlers are mostly the manual's `payapp_feedbackurl.php`
//! copied verbatim, so the body must look exactly like PayApp's: every field
//! of the table, in the table's order, an empty string where there is no
//! value (PHP's `$_POST['x']` on a missing key is a warning, and some
//! handlers treat that as failure). The table calls the card name `cardname`
//! while the PHP sample reads `card_name`; both are sent.
//!
//! The same type parses a feedback, for merchants using the Rust client, and
//! [`Feedback::verify`] is the sample's authenticity check.

use crate::codec::{Form, encode_pairs};
use crate::error::PayAppError;
use crate::params;
use gyeolje_core::{CancelOrigin, PayMethod, PaymentState, Secret, Won};
use std::fmt;

/// `pay_state`: 결제요청 상태, with the manual's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum PayState {
    /// 요청.
    Requested = 1,
    /// 결제완료.
    Paid = 4,
    /// 요청취소 by the seller (or buyer).
    RequestCancelled = 8,
    /// 요청취소 by an operator.
    RequestCancelledByOperator = 16,
    /// 요청취소 because the request expired.
    RequestExpired = 32,
    /// 승인취소.
    ApprovalCancelled = 9,
    /// 승인취소 after settlement (paycancelreq completed).
    ApprovalCancelledAfterSettlement = 64,
    /// 결제대기: a virtual account awaits the deposit.
    AwaitingDeposit = 10,
    /// 부분취소: part of the approval was cancelled and the rest stays paid.
    /// Not in the manual's table; the live service sends it and public
    /// clients list it. This is the code gyeolje sends for every partial
    /// cancellation.
    PartiallyCancelled = 70,
    /// 부분취소, the other code public clients list for it. gyeolje never
    /// sends it; [`Feedback::parse`] reads it so a client built on this
    /// crate handles both.
    PartiallyCancelledAlt = 71,
}

impl PayState {
    pub const ALL: [PayState; 10] = [
        PayState::Requested,
        PayState::Paid,
        PayState::RequestCancelled,
        PayState::RequestCancelledByOperator,
        PayState::RequestExpired,
        PayState::ApprovalCancelled,
        PayState::ApprovalCancelledAfterSettlement,
        PayState::AwaitingDeposit,
        PayState::PartiallyCancelled,
        PayState::PartiallyCancelledAlt,
    ];

    pub const fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<PayState> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// 70 or 71: part of the approval was cancelled, the rest is paid.
    pub const fn is_partial_cancel(self) -> bool {
        matches!(
            self,
            PayState::PartiallyCancelled | PayState::PartiallyCancelledAlt
        )
    }

    /// The code a payment in `state` is reported with. `origin` is who asked
    /// for the cancellation that put it there, when it was cancelled; it
    /// decides between 8 and 16, and between 9 and 64. A paid payment with
    /// a `cancelled` amount is partially cancelled (70).
    pub fn for_payment(
        state: PaymentState,
        origin: Option<CancelOrigin>,
        cancelled: Won,
    ) -> PayState {
        match state {
            PaymentState::Requested => PayState::Requested,
            PaymentState::AwaitingDeposit => PayState::AwaitingDeposit,
            PaymentState::Paid if !cancelled.is_zero() => PayState::PartiallyCancelled,
            PaymentState::Paid => PayState::Paid,
            PaymentState::Expired => PayState::RequestExpired,
            PaymentState::RequestCancelled => match origin {
                Some(CancelOrigin::Operator) => PayState::RequestCancelledByOperator,
                Some(
                    CancelOrigin::MerchantApi
                    | CancelOrigin::Buyer
                    | CancelOrigin::SettlementReturn,
                )
                | None => PayState::RequestCancelled,
            },
            PaymentState::Cancelled => match origin {
                Some(CancelOrigin::SettlementReturn) => PayState::ApprovalCancelledAfterSettlement,
                Some(CancelOrigin::MerchantApi | CancelOrigin::Buyer | CancelOrigin::Operator)
                | None => PayState::ApprovalCancelled,
            },
        }
    }
}

/// `pay_type`: 결제수단, with the manual's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum PayType {
    /// 신용카드.
    Card = 1,
    /// 휴대전화.
    Phone = 2,
    /// 해외결제.
    Overseas = 3,
    /// 대면결제.
    FaceToFace = 4,
    /// 계좌이체.
    BankTransfer = 6,
    /// 가상계좌.
    VirtualAccount = 7,
    /// 문화상품권.
    CultureGiftCard = 9,
    /// 카카오페이 (live service; not in the manual's table, like the rest).
    KakaoPay = 15,
    /// 네이버페이.
    NaverPay = 16,
    /// 등록결제: a payment with a registered card (billPay). gyeolje has no
    /// registered cards yet, so it never sends this code; it parses it.
    RegisteredCard = 17,
    /// 스마일페이.
    SmilePay = 21,
    /// 위챗페이.
    WeChat = 22,
    /// 애플페이.
    ApplePay = 23,
    /// 내통장결제.
    MyAccount = 24,
    /// 토스페이.
    TossPay = 25,
}

impl PayType {
    pub const ALL: [PayType; 15] = [
        PayType::Card,
        PayType::Phone,
        PayType::Overseas,
        PayType::FaceToFace,
        PayType::BankTransfer,
        PayType::VirtualAccount,
        PayType::CultureGiftCard,
        PayType::KakaoPay,
        PayType::NaverPay,
        PayType::RegisteredCard,
        PayType::SmilePay,
        PayType::WeChat,
        PayType::ApplePay,
        PayType::MyAccount,
        PayType::TossPay,
    ];

    pub const fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<PayType> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub const fn from_method(method: PayMethod) -> PayType {
        match method {
            PayMethod::Card => PayType::Card,
            PayMethod::Phone => PayType::Phone,
            PayMethod::BankTransfer => PayType::BankTransfer,
            PayMethod::VirtualAccount => PayType::VirtualAccount,
        }
    }
}

/// `feedbacktype`: which URL the feedback goes to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum FeedbackType {
    /// 0: the `feedbackurl` given with the payment request.
    #[default]
    Request,
    /// 1: the seller's 공통 통보 URL, which hears about every payment.
    Common,
}

impl FeedbackType {
    pub const fn code(self) -> u8 {
        match self {
            FeedbackType::Request => 0,
            FeedbackType::Common => 1,
        }
    }
}

/// One feedback POST. Text fields with nothing to say are empty strings.
#[derive(Clone, PartialEq, Eq)]
pub struct Feedback {
    pub userid: String,
    /// 연동 KEY.
    pub linkkey: String,
    /// 연동 VALUE: the merchant trusts the feedback only if this matches.
    pub linkval: String,
    pub goodname: String,
    pub price: Won,
    pub recvphone: String,
    pub memo: String,
    pub reqaddr: bool,
    /// 결제요청 일시, `YYYY-MM-DD HH:MM:SS` KST.
    pub reqdate: String,
    /// 결제시 입력한 메모.
    pub pay_memo: String,
    /// 결제시 입력한 주소.
    pub pay_addr: String,
    /// 결제승인 일시, empty until paid.
    pub pay_date: String,
    /// Empty (`None`) until the buyer has chosen a method.
    pub pay_type: Option<PayType>,
    pub pay_state: PayState,
    pub var1: String,
    pub var2: String,
    pub mul_no: i64,
    pub payurl: String,
    /// 매출전표 URL (card payments).
    pub csturl: String,
    /// 신용카드명; sent as both `cardname` and `card_name`.
    pub card_name: String,
    /// `krw` or `usd`.
    pub currency: String,
    pub vccode: String,
    /// DM score (usd payments).
    pub score: String,
    /// 은행명 (virtual account).
    pub vbank: String,
    /// 입금계좌번호 (virtual account).
    pub vbankno: String,
    pub feedbacktype: FeedbackType,
    /// A cancellation of the approval (`pay_state` 9, 64, 70): what it
    /// cancelled and what stays paid. Sent after the table's fields as
    /// `cancelprice` and `remainprice`; absent on other feedbacks.
    pub cancel: Option<CancelAmounts>,
    /// The request's live parameters echoed back ([`ECHOED`], in that
    /// order, only those the request had), after everything else.
    pub echoed: Vec<(String, String)>,
}

/// The `payrequest` parameters outside the manual's table that a feedback
/// echoes when the request carried them.
pub const ECHOED: [&str; 5] = [
    "buyerid",
    "subuserid",
    "amount_taxable",
    "amount_taxfree",
    "amount_vat",
];

/// The amounts of one cancellation of an approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelAmounts {
    /// 취소금액: what this cancellation refunded (`cancelprice`).
    pub cancelled: Won,
    /// 잔액: what stays paid after it (`remainprice`); 0 after a full cancel.
    pub remaining: Won,
}

impl Feedback {
    /// The `(name, value)` pairs in the manual's order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let opt_code = |t: Option<PayType>| t.map(|t| t.code().to_string()).unwrap_or_default();
        let mut pairs = vec![
            ("userid", self.userid.clone()),
            ("linkkey", self.linkkey.clone()),
            ("linkval", self.linkval.clone()),
            ("goodname", self.goodname.clone()),
            ("price", self.price.to_string()),
            ("recvphone", self.recvphone.clone()),
            ("memo", self.memo.clone()),
            ("reqaddr", if self.reqaddr { "1" } else { "0" }.to_owned()),
            ("reqdate", self.reqdate.clone()),
            ("pay_memo", self.pay_memo.clone()),
            ("pay_addr", self.pay_addr.clone()),
            ("pay_date", self.pay_date.clone()),
            ("pay_type", opt_code(self.pay_type)),
            ("pay_state", self.pay_state.code().to_string()),
            ("var1", self.var1.clone()),
            ("var2", self.var2.clone()),
            ("mul_no", self.mul_no.to_string()),
            ("payurl", self.payurl.clone()),
            ("csturl", self.csturl.clone()),
            ("cardname", self.card_name.clone()),
            ("card_name", self.card_name.clone()),
            ("currency", self.currency.clone()),
            ("vccode", self.vccode.clone()),
            ("score", self.score.clone()),
            ("vbank", self.vbank.clone()),
            ("vbankno", self.vbankno.clone()),
            ("feedbacktype", self.feedbacktype.code().to_string()),
        ];
        if let Some(c) = self.cancel {
            pairs.push(("cancelprice", c.cancelled.to_string()));
            pairs.push(("remainprice", c.remaining.to_string()));
        }
        for key in ECHOED {
            if let Some((_, v)) = self.echoed.iter().find(|(k, _)| k == key) {
                pairs.push((key, v.clone()));
            }
        }
        pairs
    }

    /// The POST body: UTF-8, form-urlencoded, every field present.
    pub fn to_body(&self) -> String {
        let pairs = self.to_pairs();
        encode_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// Reads a feedback body. `mul_no`, `price` and `pay_state` are required
    /// (a feedback without them cannot be acted on); other fields default to
    /// empty. The card name is read from `card_name`, else `cardname`.
    pub fn parse(body: &[u8]) -> Result<Feedback, PayAppError> {
        let form = Form::parse(body)?;
        let text = |k: &str| params::text(&form, k);
        let pay_state = params::required(&form, "pay_state")?;
        let pay_state = pay_state
            .parse::<u8>()
            .ok()
            .and_then(PayState::from_code)
            .ok_or_else(|| PayAppError::invalid("pay_state", "알 수 없는 결제요청 상태입니다"))?;
        let pay_type = match form.non_empty("pay_type") {
            None => None,
            Some(t) => Some(
                t.parse::<u8>()
                    .ok()
                    .and_then(PayType::from_code)
                    .ok_or_else(|| PayAppError::invalid("pay_type", "알 수 없는 결제수단입니다"))?,
            ),
        };
        let card_name = form
            .non_empty("card_name")
            .or_else(|| form.non_empty("cardname"))
            .unwrap_or_default()
            .to_owned();
        Ok(Feedback {
            userid: text("userid"),
            linkkey: text("linkkey"),
            linkval: text("linkval"),
            goodname: text("goodname"),
            price: params::parse_amount("price", params::required(&form, "price")?)?,
            recvphone: text("recvphone"),
            memo: text("memo"),
            reqaddr: params::one_zero(&form, "reqaddr")?,
            reqdate: text("reqdate"),
            pay_memo: text("pay_memo"),
            pay_addr: text("pay_addr"),
            pay_date: text("pay_date"),
            pay_type,
            pay_state,
            var1: text("var1"),
            var2: text("var2"),
            mul_no: params::parse_mul_no(params::required(&form, "mul_no")?)?,
            payurl: text("payurl"),
            csturl: text("csturl"),
            card_name,
            currency: text("currency"),
            vccode: text("vccode"),
            score: text("score"),
            vbank: text("vbank"),
            vbankno: text("vbankno"),
            feedbacktype: params::choice(
                &form,
                "feedbacktype",
                &[("0", FeedbackType::Request), ("1", FeedbackType::Common)],
                FeedbackType::Request,
            )?,
            echoed: ECHOED
                .iter()
                .filter_map(|k| form.get(k).map(|v| ((*k).to_owned(), v.to_owned())))
                .collect(),
            cancel: match form.non_empty("cancelprice") {
                None => None,
                Some(price) => Some(CancelAmounts {
                    cancelled: params::parse_amount("cancelprice", price)?,
                    remaining: match form.non_empty("remainprice") {
                        None | Some("0") => Won::ZERO,
                        Some(r) => params::parse_amount("remainprice", r)?,
                    },
                }),
            },
        })
    }

    /// The check of the manual's `payapp_feedbackurl.php`: seller id, link
    /// key, link value and the amount the merchant asked for must all match
    /// before the merchant acts on the feedback. Secrets compare in
    /// constant time.
    pub fn verify(&self, userid: &str, linkkey: &str, linkval: &str, price: Won) -> bool {
        // Evaluate all four so the time taken does not say which one failed.
        let checks = [
            self.userid == userid,
            Secret::new(linkkey).matches(&self.linkkey),
            Secret::new(linkval).matches(&self.linkval),
            self.price == price,
        ];
        checks.iter().all(|ok| *ok)
    }
}

impl fmt::Debug for Feedback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Feedback")
            .field("userid", &self.userid)
            .field("linkkey", &"***")
            .field("linkval", &"***")
            .field("mul_no", &self.mul_no)
            .field("price", &self.price)
            .field("pay_state", &self.pay_state)
            .field("pay_type", &self.pay_type)
            .field("feedbacktype", &self.feedbacktype)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
