//! `GET /qr/{code}`: the QR code behind `qrurl`, an SVG image of the
//! payment's `payurl`, for shops that show the payment on a screen (a
//! kiosk, a counter) for the buyer's phone to scan.
//!
//! The image is the same whatever the payment's state: the page it leads
//! to says whether it can still be paid.

use crate::app::App;
use crate::pages::{find, notice};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use qrcode::QrCode;
use qrcode::render::svg;

/// `GET /qr/{code}`.
pub async fn show(State(app): State<App>, Path(code): Path<String>) -> Response {
    let payment = match find(&app, &code).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let payurl = crate::payapp::urls::pay_url(&app, &payment);
    let Ok(qr) = QrCode::new(payurl.as_bytes()) else {
        // A public URL too long for any QR version.
        return notice(
            StatusCode::INTERNAL_SERVER_ERROR,
            "QR 코드를 만들 수 없습니다",
            "결제 주소가 너무 깁니다.",
        );
    };
    let image = qr
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "image/svg+xml")],
        image,
    )
        .into_response()
}
