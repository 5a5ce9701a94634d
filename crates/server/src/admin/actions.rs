//! The operator actions the manuals leave to a PG's back office, for the
//! admin API and the console: end an unpaid request (`cancel-request`),
//! approve or refuse a buyer's cancel request (`approve-cancel`,
//! `refuse-cancel`), cancel or refund (`cancel`).
//!
//! This module is neutral: it reads the action and its arguments, asks the
//! payment's front end which actions the payment accepts
//! (`FrontEnd::operator_actions`) and has the front end carry one out
//! (`FrontEnd::operator_action`), which goes through the same service
//! calls as the protocol's own APIs — the core's transition decides, the
//! callbacks are committed with the change.

use crate::app::{App, FrontEnds};
use crate::operator::{Acted, ActionError, OperatorAction};
use gyeolje_core::escrow::EscrowOrder;
use gyeolje_core::{Payment, Timestamp, Won};
use gyeolje_store::StoreError;
use serde::Deserialize;
use serde_json::{Value, json};

/// The reason a refused cancel request is recorded with when none is given.
const DEFAULT_REFUSAL: &str = "판매자 거부";

/// The names of the actions `payment` (with its escrow `orders`) accepts
/// at business time `now`, for buttons: each decided by the core through
/// the payment's front end.
pub fn actions_for(
    front_ends: &FrontEnds,
    payment: &Payment,
    orders: &[EscrowOrder],
    now: Timestamp,
) -> Vec<&'static str> {
    front_ends
        .get(payment.protocol)
        .operator_actions(payment, orders, now)
}

/// [`actions_for`] of `payment` as stored now, at business time now: what
/// a page showing the payment offers as buttons.
pub async fn available(app: &App, payment: &Payment) -> Result<Vec<&'static str>, StoreError> {
    let orders = app.store.escrow_orders_of(payment.id).await?;
    let now = app.now_for(payment.merchant_id);
    Ok(actions_for(&app.front_ends, payment, &orders, now))
}

/// An action's optional arguments (the JSON body of
/// `POST /admin/api/payments/{id}/actions/{action}`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionArgs {
    /// `cancel`: how much to refund (default: all that is left).
    pub amount: Option<i64>,
    /// iPay order actions: which escrow order (default: every one it applies to).
    pub order_no: Option<i64>,
    /// `refuse-cancel`: why.
    pub reason: Option<String>,
}

/// Why an action was not carried out.
#[derive(Debug, thiserror::Error)]
pub enum ActionFailure {
    /// Not an action of this payment, or arguments it does not take:
    /// the text lists what the payment accepts now.
    #[error("{reason}; actions valid for payment {payment} now: [{}]", valid.join(", "))]
    Invalid {
        payment: i64,
        reason: String,
        valid: Vec<&'static str>,
    },
    /// The state refused it; the core's reason.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Service(crate::error::ServiceError),
}

/// The action `name` with `args`, or why it is not one.
fn parse(name: &str, args: ActionArgs) -> Result<OperatorAction, String> {
    let amount = args
        .amount
        .map(|a| Won::new(a).map_err(|e| format!("amount: {e}")))
        .transpose()?;
    let action = match name {
        "cancel-request" => OperatorAction::CancelRequest,
        "approve-cancel" => OperatorAction::ApproveCancel {
            order_no: args.order_no,
        },
        "refuse-cancel" => OperatorAction::RefuseCancel {
            order_no: args.order_no,
            reason: args
                .reason
                .filter(|r| !r.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_REFUSAL.to_owned()),
        },
        "cancel" => OperatorAction::Cancel {
            amount,
            order_no: args.order_no,
        },
        other => return Err(format!("unknown action {other:?}")),
    };
    let takes_amount = matches!(action, OperatorAction::Cancel { .. });
    let takes_order = !matches!(action, OperatorAction::CancelRequest);
    if amount.is_some() && !takes_amount {
        return Err(format!("{name} takes no amount"));
    }
    if args.order_no.is_some() && !takes_order {
        return Err(format!("{name} takes no order_no"));
    }
    Ok(action)
}

/// Carries out action `name` on `payment` as the operator; the reply is
/// `{"action", "payment": <summary>, "orders": [<order>…]}` (the orders it
/// moved, iPay).
pub async fn run(
    app: &App,
    payment: &Payment,
    name: &str,
    args: ActionArgs,
) -> Result<Value, ActionFailure> {
    // Listed in a refusal; a store failure then lists none rather than
    // hiding the refusal behind it.
    let valid = || async { available(app, payment).await.unwrap_or_default() };
    let action = match parse(name, args) {
        Ok(a) => a,
        Err(reason) => {
            return Err(ActionFailure::Invalid {
                payment: payment.id.get(),
                reason,
                valid: valid().await,
            });
        }
    };
    let done = app
        .front_end(payment.protocol)
        .operator_action(app, payment, action)
        .await;
    match done {
        Ok(Acted { payment: p, orders }) => {
            tracing::info!(payment = %p.id, action = name, state = %p.state, "operator action");
            Ok(json!({
                "action": name,
                "payment": crate::admin::payments::summary_json(&app.front_ends, &p),
                "orders": orders.iter().map(|o| json!({
                    "order_no": o.order_no,
                    "state": o.state.as_str(),
                    "label": o.state.label(),
                })).collect::<Vec<_>>(),
            }))
        }
        Err(ActionError::Invalid(reason)) => Err(ActionFailure::Invalid {
            payment: payment.id.get(),
            reason,
            valid: valid().await,
        }),
        Err(ActionError::Refused(reason)) => Err(ActionFailure::Refused(reason)),
        Err(ActionError::Service(e)) => Err(ActionFailure::Service(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(amount: Option<i64>, order_no: Option<i64>) -> ActionArgs {
        ActionArgs {
            amount,
            order_no,
            reason: None,
        }
    }

    #[test]
    fn reads_each_action_and_refuses_arguments_it_does_not_take() {
        assert_eq!(
            parse("cancel", args(Some(300), None)),
            Ok(OperatorAction::Cancel {
                amount: Won::new(300).ok(),
                order_no: None
            })
        );
        assert_eq!(
            parse("refuse-cancel", args(None, Some(7))),
            Ok(OperatorAction::RefuseCancel {
                order_no: Some(7),
                reason: DEFAULT_REFUSAL.into()
            })
        );
        assert_eq!(
            parse("cancel-request", ActionArgs::default()),
            Ok(OperatorAction::CancelRequest)
        );
        for name in OperatorAction::NAMES {
            assert!(parse(name, ActionArgs::default()).is_ok(), "{name}");
        }
        assert!(parse("cancel", args(Some(-1), None)).is_err());
        assert!(parse("approve-cancel", args(Some(1), None)).is_err());
        assert!(parse("cancel-request", args(None, Some(1))).is_err());
        assert_eq!(
            parse("Cancel", ActionArgs::default()),
            Err("unknown action \"Cancel\"".into())
        );
    }
}
