//! How a PayApp API call fails: a PayApp error line, or gyeolje's own
//! failure (`errno=99999`, the code PayApp's own PHP library uses for
//! failures outside the API, with HTTP 503).

use crate::error::ServiceError;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gyeolje_payapp::{PayAppError, encode_reply};
use gyeolje_store::StoreError;

/// A failure of the API call, in one of two shapes.
#[derive(Debug)]
pub enum ApiError {
    /// The caller's mistake or a refused action: a PayApp error code.
    PayApp(PayAppError),
    /// gyeolje could not do its part.
    Internal(String),
}

impl From<PayAppError> for ApiError {
    fn from(e: PayAppError) -> Self {
        ApiError::PayApp(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

pub fn line(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::PayApp(e) => line(StatusCode::OK, e.to_reply()),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "payapp api failed");
                line(
                    StatusCode::SERVICE_UNAVAILABLE,
                    encode_reply(&[
                        ("state", "0"),
                        (
                            "errorMessage",
                            "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
                        ),
                        ("errno", "99999"),
                    ]),
                )
            }
        }
    }
}
