//! The service layer's one error type.
//!
//! Error policy: the service (`App::apply`, `App::create`, paying and
//! cancelling) answers with [`ServiceError`] and nothing else. Its variants
//! are neutral — what went wrong, not how a protocol says it — and each
//! front end maps them to its own wire form: PayApp `errno`, InnoPay
//! `resultCode`, an iPay SOAP fault or negative code, a page's notice. The
//! `Display` text is a plain Korean description for places with no wire
//! form of their own (the sandbox API, a page's notice); a front end that
//! must say more (PayApp's `cancelmode=ready`) words the variant itself.
//!
//! Database errors are mapped deliberately: a version conflict that
//! survived the service's own retries is [`ServiceError::Conflict`] (the
//! caller may retry), everything else is [`ServiceError::Store`] (a
//! temporary failure of gyeolje). A payment whose protocol data no longer
//! decodes is [`ServiceError::ProtocolData`]: its messages cannot be built,
//! so the change is refused rather than committed without them.

use gyeolje_core::{PayMethod, ProtocolDataError, TransitionError};
use gyeolje_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The core refused the command in the payment's current state.
    #[error("{}", refusal(.0))]
    Refused(#[from] TransitionError),
    /// No such payment (for this caller).
    #[error("결제요청 건을 찾을 수 없습니다")]
    NotFound,
    /// The buyer chose a method the request does not offer.
    #[error("이 결제요청에서 제공하지 않는 결제수단입니다 ({})", .0.as_str())]
    MethodNotOffered(PayMethod),
    /// Another command on the same payment (or the same merchant order
    /// number) was committed first.
    #[error("다른 요청이 먼저 처리되었습니다. 다시 시도해 주세요")]
    Conflict(String),
    #[error(transparent)]
    ProtocolData(#[from] ProtocolDataError),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(what) => ServiceError::Conflict(what),
            other => ServiceError::Store(other),
        }
    }
}

impl ServiceError {
    /// Whether gyeolje itself failed (the caller did nothing wrong and may
    /// retry): the store, a conflict, unreadable stored data.
    pub fn is_internal(&self) -> bool {
        match self {
            ServiceError::Store(_) | ServiceError::Conflict(_) | ServiceError::ProtocolData(_) => {
                true
            }
            ServiceError::Refused(_)
            | ServiceError::NotFound
            | ServiceError::MethodNotOffered(_) => false,
        }
    }
}

/// A refusal in plain Korean, for callers without a wire form of their own.
pub fn refusal(e: &TransitionError) -> String {
    use TransitionError as E;
    match e {
        E::NotAllowed { state, .. } => {
            format!("현재 상태({state})에서는 처리할 수 없는 요청입니다")
        }
        E::Expired => "결제 가능 기간이 지났습니다".into(),
        E::NotYetExpired => "결제 가능 기간이 아직 남아 있습니다".into(),
        E::ZeroAmount => "취소 금액이 0원입니다".into(),
        E::ExceedsBalance { requested, balance } => {
            format!("취소 금액({requested}원)이 취소 가능 금액({balance}원)을 초과합니다")
        }
        E::NotYetDue => "아직 정산일이 아닙니다".into(),
        E::AlreadySettled => "이미 정산된 건입니다".into(),
        E::CancelWindowClosed => "정산이 완료되었거나 정산일이 지나 바로 취소할 수 없습니다".into(),
        E::AlreadyRequested => "이미 취소 요청이 접수된 건입니다".into(),
        E::NoPendingRequest => "접수된 취소 요청이 없습니다".into(),
        E::AlreadyPaid => "이미 결제가 완료된 건입니다".into(),
        E::NotPayable { state } => format!("결제할 수 없는 상태입니다 ({state})"),
        E::AlreadyCancelled => "이미 취소된 건입니다".into(),
        E::PaidOnly => "부분취소는 결제가 완료된 건만 가능합니다".into(),
        E::NotWholeBalance { requested, balance } => {
            format!("전체취소 금액({requested}원)이 취소 가능 금액({balance}원)과 다릅니다")
        }
        E::CancelWindowOpen => "아직 바로 취소할 수 있는 건입니다".into(),
        E::NotPaid { .. } => "결제가 완료된 건이 아닙니다".into(),
        E::AttachmentRefused { event } => {
            format!("내부 오류: {event} 이벤트에 연동 정보를 붙일 수 없습니다")
        }
    }
}
