//! The popup payment-request window (`/lite/request`), as the manual's
//! sample popup draws it: 기본정보 (상점명, 상품명, 결제금액), 결제정보
//! (휴대폰번호, and 국가번호 for USD), the terms, and 결제요청 / 닫기.
//!
//! Two steps, both POST forms on gyeolje's origin: the script's POST shows
//! the window (`show`); the window's own form creates the request
//! (`submit`). Between them the merchant's parameters travel as hidden
//! fields and are validated again on submit — nothing from the first step is
//! trusted. Problems with the merchant's own parameters (unknown `userid`,
//! a bad `price`, `feedbackurl`…) are found before the buyer types anything
//! and shown in place of the form; problems with what the buyer typed show
//! above the form with the values kept. Messages are the API's, naming the
//! field, with its errno.

use super::params::{Currency, LITE_PARAMS, Options, cleaned, payrequest_form};
use crate::app::App;
use crate::payapp::api::create_pay_request;
use crate::payapp::error::ApiError;
use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use gyeolje_core::{Merchant, Won};
use gyeolje_payapp::{Form, PayAppError, PayRequest};

/// The fields a merchant may leave empty for the buyer to fill (the manual's
/// 사용자입력 on `goodname` and `price`).
const ASKABLE: [&str; 2] = ["goodname", "price"];

#[derive(Template)]
#[template(path = "lite_popup.html")]
struct PopupPage {
    shop: String,
    goodname: String,
    ask_goodname: bool,
    price: String,
    price_shown: String,
    price_unit: &'static str,
    ask_price: bool,
    usd: bool,
    recvphone: String,
    vccode: String,
    hidden: Vec<(&'static str, String)>,
    ask: String,
    agreed: bool,
    error: Option<String>,
    action: &'static str,
}

#[derive(Template)]
#[template(path = "lite_done.html")]
struct DonePage {
    shop: String,
    sms_sent: bool,
    redirecturl: Option<String>,
    redirect: &'static str,
}

#[derive(Template)]
#[template(path = "lite_error.html")]
struct ErrorPage {
    message: String,
    errno: Option<u32>,
}

fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "page could not be rendered",
            )
                .into_response()
        }
    }
}

/// What a failure looks like to the person in the popup.
fn explain(e: ApiError) -> (StatusCode, String, Option<u32>) {
    match e {
        ApiError::PayApp(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            e.message,
            Some(e.code.code()),
        ),
        ApiError::Internal(detail) => {
            tracing::error!(%detail, "payapp lite popup failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.".to_owned(),
                None,
            )
        }
    }
}

/// The refusal of a body over the limit: 70020, as the API answers it.
fn too_large() -> ApiError {
    gyeolje_payapp::PayAppError::new(
        gyeolje_payapp::ErrorCode::InvalidParameter,
        "요청 본문이 1MiB를 초과했거나 읽을 수 없습니다",
    )
    .into()
}

fn error_page(e: ApiError) -> Response {
    let (status, message, errno) = explain(e);
    render(status, &ErrorPage { message, errno })
}

/// The `Content-Type` of a request, when it is readable text.
fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}

/// `POST /lite/request`: what `PayApp.call()` submits (or a merchant's own
/// form, urlencoded or `enctype="multipart/form-data"`).
pub async fn show(
    State(app): State<App>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(body) = body else {
        return error_page(too_large());
    };
    first_step(
        &app,
        Form::decode_body_lenient(content_type(&headers), &body),
    )
    .await
}

/// `GET /lite/request?…`: the same, for a link.
pub async fn show_query(State(app): State<App>, RawQuery(query): RawQuery) -> Response {
    first_step(
        &app,
        Form::decode_lenient(query.unwrap_or_default().as_bytes()),
    )
    .await
}

async fn first_step(app: &App, decoded: Form) -> Response {
    let form = cleaned(&decoded);
    let ask: Vec<&'static str> = ASKABLE
        .into_iter()
        .filter(|f| form.non_empty(f).is_none())
        .collect();
    match check(app, &form, &ask).await {
        Ok((merchant, options)) => popup(StatusCode::OK, &form, &merchant, &options, &ask, None),
        Err(e) => error_page(e),
    }
}

/// `POST /lite/request/submit`: the buyer's 결제요청.
pub async fn submit(
    State(app): State<App>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(body) = body else {
        return error_page(too_large());
    };
    let form = cleaned(&Form::decode_body_lenient(content_type(&headers), &body));
    let asked = form.get("_ask").unwrap_or_default();
    let ask: Vec<&'static str> = ASKABLE
        .into_iter()
        .filter(|f| asked.split(',').any(|a| a.trim() == *f))
        .collect();
    let (merchant, options) = match check(&app, &form, &ask).await {
        Ok(checked) => checked,
        Err(e) => return error_page(e),
    };
    let again = |e: ApiError| {
        let (status, message, _) = explain(e);
        popup(status, &form, &merchant, &options, &ask, Some(message))
    };
    if form.get("agree") != Some("y") {
        return again(
            PayAppError::invalid("agree", "이용약관에 동의해야 결제요청을 할 수 있습니다").into(),
        );
    }
    let request = payrequest_form(&form, options.currency, &[]);
    match create_pay_request(&app, &request).await {
        Ok(reply) => {
            tracing::info!(mul_no = reply.mul_no, "payapp lite request created");
            render(
                StatusCode::OK,
                &DonePage {
                    shop: shop_name(&form, &merchant),
                    sms_sent: form
                        .get("smsuse")
                        .is_none_or(|s| !s.eq_ignore_ascii_case("n")),
                    redirecturl: options.redirecturl.clone(),
                    redirect: options.redirect.as_str(),
                },
            )
        }
        Err(e) => again(e),
    }
}

/// The merchant's own parameters are usable: a registered seller, valid
/// popup options, and a `payrequest` that would pass once the buyer's
/// fields (`ask`, the phone, the country code) are filled.
async fn check(app: &App, form: &Form, ask: &[&str]) -> Result<(Merchant, Options), ApiError> {
    let userid = form
        .non_empty("userid")
        .ok_or_else(|| PayAppError::bad_credentials("userid: 판매자 아이디가 없습니다"))?;
    let merchant = app
        .store
        .merchant_by_payapp_userid(userid)
        .await?
        .ok_or_else(|| PayAppError::bad_credentials("userid: 등록되지 않은 판매자 아이디입니다"))?;
    let options = Options::from_form(form)?;
    let mut buyer_fields = ask.to_vec();
    buyer_fields.push("recvphone");
    if options.currency == Currency::Usd {
        buyer_fields.push("vccode");
    }
    PayRequest::from_form(&payrequest_form(form, options.currency, &buyer_fields))?;
    Ok((merchant, options))
}

/// 상점명: `shopname`, or the seller's registered name when it is blank.
fn shop_name(form: &Form, merchant: &Merchant) -> String {
    form.non_empty("shopname")
        .map_or_else(|| merchant.name.clone(), str::to_owned)
}

fn popup(
    status: StatusCode,
    form: &Form,
    merchant: &Merchant,
    options: &Options,
    ask: &[&str],
    error: Option<String>,
) -> Response {
    let usd = options.currency == Currency::Usd;
    let value = |f: &str| form.get(f).unwrap_or_default().to_owned();
    let price = value("price");
    let price_shown = match gyeolje_payapp::params::parse_amount("price", &price) {
        Ok(won) if usd => format_usd_cents(won),
        Ok(won) => won.grouped(),
        Err(_) => price.clone(),
    };
    let as_input =
        |f: &str| ask.contains(&f) || f == "recvphone" || (usd && f == "vccode") || f == "charset";
    let hidden = LITE_PARAMS
        .into_iter()
        .filter(|f| !as_input(f))
        .filter_map(|f| form.non_empty(f).map(|v| (f, v.to_owned())))
        .collect();
    render(
        status,
        &PopupPage {
            shop: shop_name(form, merchant),
            goodname: value("goodname"),
            ask_goodname: ask.contains(&"goodname"),
            price,
            price_shown,
            price_unit: if usd { "USD 센트" } else { "원" },
            ask_price: ask.contains(&"price"),
            usd,
            recvphone: value("recvphone"),
            vccode: value("vccode"),
            hidden,
            ask: ask.join(","),
            agreed: form.get("agree") == Some("y"),
            error,
            action: super::paths::SUBMIT_PATH,
        },
    )
}

/// `reqmode=usd` prices are in cents: 1000 → `USD 10.00`.
fn format_usd_cents(cents: Won) -> String {
    let c = cents.get();
    format!("USD {}.{:02}", c / 100, c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usd_cents() {
        assert_eq!(format_usd_cents(Won::new(1000).unwrap()), "USD 10.00");
        assert_eq!(format_usd_cents(Won::new(5).unwrap()), "USD 0.05");
    }
}
