//! The operator's actions as the `FrontEnd` seam carries them
//! (`FrontEnd::operator_actions`, `FrontEnd::operator_action` in `app`):
//! what an action is, what it changed, why it was not done, and which
//! actions a payment cancelled as a whole accepts — the default every
//! front end but iPay keeps.
//!
//! Apart from `app` so that module stays the seam itself; these are plain
//! values, and this module imports neither `app` nor any front end.

use crate::error::ServiceError;
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{CancelAmount, CancelAsk, CancelOrigin, Command, Payment, Timestamp, Won};

/// An operator's action on a payment (the admin API's
/// `actions/{action}`, the console's buttons), as its front end carries it
/// out. The names are [`OperatorAction::NAMES`]; what each does in a
/// protocol is the front end's (see [`FrontEnd::operator_action`](crate::app::FrontEnd::operator_action)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OperatorAction {
    /// `cancel-request`: end an unpaid request as the operator (PayApp:
    /// feedback `pay_state=16`).
    CancelRequest,
    /// `approve-cancel`: approve a buyer's cancel request (iPay 취소요청)
    /// of order `order_no`, or of every order of the cart that has one.
    ApproveCancel { order_no: Option<i64> },
    /// `refuse-cancel`: refuse it; the order goes back to where it was.
    RefuseCancel {
        order_no: Option<i64>,
        reason: String,
    },
    /// `cancel`: refund `amount` of a paid payment, or all that is left;
    /// iPay refunds whole escrow orders (`order_no`, or every one that can be).
    Cancel {
        amount: Option<Won>,
        order_no: Option<i64>,
    },
}

impl OperatorAction {
    /// Every action's name, as URLs and buttons carry it.
    pub const NAMES: [&'static str; 4] = [
        "cancel-request",
        "approve-cancel",
        "refuse-cancel",
        "cancel",
    ];

    pub const fn name(&self) -> &'static str {
        match self {
            OperatorAction::CancelRequest => Self::NAMES[0],
            OperatorAction::ApproveCancel { .. } => Self::NAMES[1],
            OperatorAction::RefuseCancel { .. } => Self::NAMES[2],
            OperatorAction::Cancel { .. } => Self::NAMES[3],
        }
    }
}

/// What an operator action changed: the payment as it now is, and the
/// escrow orders it moved (iPay).
#[derive(Debug)]
pub struct Acted {
    pub payment: Payment,
    pub orders: Vec<EscrowOrder>,
}

/// Why an operator action was not carried out.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// The action or its arguments do not apply to this payment (its
    /// protocol has no such thing, the order is another cart's).
    #[error("{0}")]
    Invalid(String),
    /// The payment's (or order's) state refuses it; the core's reason.
    #[error("{0}")]
    Refused(String),
    /// gyeolje failed (the store, a conflict that outlasted the retries).
    #[error(transparent)]
    Service(ServiceError),
}

impl From<ServiceError> for ActionError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Refused(t) => ActionError::Refused(t.to_string()),
            ServiceError::NotFound => ActionError::Invalid("no such payment".into()),
            other => ActionError::Service(other),
        }
    }
}

/// The memo an operator's cancellation is recorded with.
pub const OPERATOR_MEMO: &str = "운영자 취소";

/// The operator actions the core accepts on a payment cancelled as a whole
/// (PayApp, InnoPay): `cancel-request` while unpaid, `cancel` while
/// something is refundable and the cancel window is open. Asked of the
/// core's transition function, never decided here.
pub fn whole_payment_actions(payment: &Payment, now: Timestamp) -> Vec<&'static str> {
    let end_request = Command::Cancellation(CancelAsk {
        amount: CancelAmount::Rest,
        unpaid_only: true,
        origin: CancelOrigin::Operator,
        memo: String::new(),
    });
    let refund = Command::Cancellation(CancelAsk {
        amount: CancelAmount::Part(payment.refundable()),
        unpaid_only: false,
        origin: CancelOrigin::Operator,
        memo: String::new(),
    });
    let mut names = Vec::new();
    if payment.handle(end_request, now).is_ok() {
        names.push(OperatorAction::CancelRequest.name());
    }
    if payment.handle(refund, now).is_ok() {
        names.push(OperatorAction::NAMES[3]);
    }
    names
}
