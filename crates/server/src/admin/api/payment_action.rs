//! `POST /admin/api/payments/{id}/actions/{action}`: an operator action
//! (`admin::actions`) with an optional JSON body `{"amount", "order_no",
//! "reason"}`. An action the payment does not have is 400 naming those it
//! has now; one its state refuses is 409 with the core's reason.

use super::reply::ApiError;
use crate::admin::actions::{self, ActionArgs, ActionFailure};
use crate::admin::payments;
use crate::app::App;
use crate::error::ServiceError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::Value;

pub(super) async fn act(
    State(app): State<App>,
    Path((reference, action)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let args: ActionArgs = if body.iter().all(u8::is_ascii_whitespace) {
        ActionArgs::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest(format!("body: {e}")))?
    };
    let payment = payments::find(&*app.store, &app.front_ends, &reference).await?;
    match actions::run(&app, &payment, &action, args).await {
        Ok(reply) => Ok(Json(reply)),
        Err(e @ ActionFailure::Invalid { .. }) => Err(ApiError::BadRequest(e.to_string())),
        Err(ActionFailure::Refused(reason)) => Err(ApiError::Conflict(reason)),
        Err(ActionFailure::Service(e @ ServiceError::Conflict(_))) => {
            Err(ApiError::Conflict(e.to_string()))
        }
        Err(ActionFailure::Service(e)) => {
            tracing::error!(error = %e, payment = %payment.id, %action, "operator action failed");
            Err(ApiError::Internal)
        }
    }
}
