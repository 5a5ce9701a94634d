//! The Web-Link popup, `/api/cardInterface` (manual §1.1–1.3): the window a
//! merchant opens, by GET or POST, to request an SMS card payment without
//! building its own UI. Screen 1 "입력" (order, the three required consents,
//! 결제정보) posts to `/api/cardInterface/request`; screen 2 "요청결과" shows
//! the registered order and the SMS exactly as sent (§2 "[SMS 카드결제요청
//! 결과] UI"). `RequestType=Mobile` words both screens for the buyer and
//! offers the payment page directly; `WEB`/empty words them for the
//! merchant's staff.
//!
//! Raw bytes are read with [`WebLinkRequest::from_urlencoded`], never with
//! axum's `Query`/`Form`, so EUC-KR (§1.3 `Encoding`) survives. Between the
//! two screens the parameters travel sealed (`innopay::seal`): the
//! LicenseKey never appears in the page, and everything is validated again
//! on submit.
//!
//! ReturnUrl (§1.2) events are sent by the popup itself, as the manual
//! describes ("팝업 창에서 취소, 닫기와 같은 이벤트 발생 시 해당 url 로 submit"):
//! a POST of `moid`, `resultCode`, `resultMsg` declaring
//! `application/x-www-form-urlencoded; charset=UTF-8` (the §1.2 table), sent
//! with `fetch` (`innopay_event.html`), so the screen stays. One `0000` per
//! order: posted when screen 2 first shows a registered order, never by 닫기
//! and never by a repeated submit for the same order. 취소: `9001`; an error
//! screen: its own code on load, `9002` on 닫기.
//!
//! Status codes: refusals (unknown Mid, wrong LicenseKey, a bad or missing
//! parameter, a consent not given) are HTTP 400 with the error screen or
//! the form again; gyeolje's own failure (`9999`) is 503. Never 500: the
//! popup always shows a Korean message naming the field and its code.

use super::order::{OrderInput, Origin, innopay_merchant, register};
use super::seal;
use crate::app::App;
use crate::pages::render;
use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use gyeolje_core::InnoPayAccount;
use gyeolje_innopay::{
    InnoPayError, RequestType, ResultCode, SmsProduct, WebLinkEvent, WebLinkOrder, WebLinkRequest,
    default_pay_exp, format_pay_exp, parse_pay_exp_date,
};

/// Where screen 1 posts.
pub const REQUEST_PATH: &str = "/api/cardInterface/request";

/// The §1.2 event form the page submits into its hidden iframe.
pub(crate) struct EventForm {
    /// `ReturnUrl`; no form at all without one.
    pub url: Option<String>,
    pub event: WebLinkEvent,
    /// Submit as soon as the page loads (registered, or an error).
    pub auto: bool,
}

impl EventForm {
    fn new(url: Option<String>, moid: &str, code: ResultCode, msg: &str, auto: bool) -> Self {
        EventForm {
            url,
            event: WebLinkEvent {
                moid: moid.to_owned(),
                result_code: code.code().to_owned(),
                result_msg: msg.to_owned(),
            },
            auto,
        }
    }
}

#[derive(Template)]
#[template(path = "innopay_weblink.html")]
struct InputPage {
    mobile: bool,
    goods: String,
    price: String,
    moid: String,
    product: &'static str,
    action: &'static str,
    request: String,
    seal: String,
    /// When screen 1 was issued (business time, ms); sealed with the request.
    issued: i64,
    buyer_name: String,
    buyer_hp: String,
    buyer_email: String,
    pay_exp: String,
    agreed: [bool; 3],
    error: Option<String>,
    ev: EventForm,
    cancel_code: &'static str,
    cancel_msg: &'static str,
}

#[derive(Template)]
#[template(path = "innopay_weblink_done.html")]
struct DonePage {
    mobile: bool,
    goods: String,
    price: String,
    moid: String,
    phone: String,
    pay_exp: String,
    sms_text: String,
    order_url: String,
    /// A repeated submit for a live order: nothing registered, no SMS sent.
    repeat: bool,
    ev: EventForm,
}

#[derive(Template)]
#[template(path = "innopay_weblink_error.html")]
struct ErrorPage {
    mobile: bool,
    code: &'static str,
    message: String,
    ev: EventForm,
    close_code: &'static str,
    close_msg: &'static str,
}

/// A phone number as the manual's screens print it: `010-1234-1234`.
pub(crate) fn dashed(digits: &str) -> String {
    let d = digits;
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return d.to_owned();
    }
    match d.len() {
        11 => format!("{}-{}-{}", &d[..3], &d[3..7], &d[7..]),
        10 if d.starts_with("02") => format!("{}-{}-{}", &d[..2], &d[2..6], &d[6..]),
        10 => format!("{}-{}-{}", &d[..3], &d[3..6], &d[6..]),
        9 if d.starts_with("02") => format!("{}-{}-{}", &d[..2], &d[2..5], &d[5..]),
        _ => d.to_owned(),
    }
}

/// A ReturnUrl worth posting an event to, even when the request as a whole
/// was refused (the merchant still wants to hear why).
fn event_url(req: &WebLinkRequest) -> Option<String> {
    let url = req.return_url.trim();
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("http://") || lower.starts_with("https://"))
        && url.len() <= 100
        && !url.contains(char::is_whitespace);
    ok.then(|| url.to_owned())
}

fn is_mobile(req: &WebLinkRequest) -> bool {
    RequestType::parse(&req.request_type) == Some(RequestType::Mobile)
}

fn error_page(req: &WebLinkRequest, e: &InnoPayError) -> Response {
    let status = if e.code == ResultCode::Internal {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::BAD_REQUEST
    };
    let message = e.message.clone();
    render(
        status,
        &ErrorPage {
            mobile: is_mobile(req),
            code: e.code.code(),
            ev: EventForm::new(event_url(req), req.moid.trim(), e.code, &message, true),
            message,
            close_code: ResultCode::WindowClosed.code(),
            close_msg: "창 닫기",
        },
    )
}

/// §1.1 plus the merchant: the Mid is an InnoPay merchant, the LicenseKey is
/// its key (3012), the PgMID is one of its PG ids (3013) serving the asked
/// svcPrdtCd. `register` checks the PgMID again when the order is made.
async fn checked(
    app: &App,
    req: &WebLinkRequest,
) -> Result<(WebLinkOrder, InnoPayAccount), InnoPayError> {
    let order = req.validate(app.now())?;
    let (merchant, account) = innopay_merchant(app, &order.mid)
        .await
        .map_err(|e| e.to_innopay())?;
    if !account.license_key.matches(&order.license_key) {
        return Err(InnoPayError::new(
            ResultCode::InvalidLicenseKey,
            format!(
                "LicenseKey: 상점 아이디({})에 발급된 라이선스키와 일치하지 않습니다",
                order.mid
            ),
        ));
    }
    // The §1.2 events are POSTed to ReturnUrl: a callback like any other.
    if let Some(why) = order
        .return_url
        .as_deref()
        .and_then(|url| crate::callback_hosts::refused(&merchant, url))
    {
        return Err(InnoPayError::format("ReturnUrl", &why));
    }
    let entry = account.product_of(&order.pg_mid).ok_or_else(|| {
        InnoPayError::new(
            ResultCode::UnknownPgMid,
            format!(
                "PgMID: 상점에 등록되지 않은 PG 상점아이디입니다 ({})",
                order.pg_mid
            ),
        )
    })?;
    let served = SmsProduct::parse(&entry.product_code).unwrap_or(SmsProduct::DEFAULT);
    if !req.svc_prdt_cd.trim().is_empty() && served != order.product {
        return Err(InnoPayError::new(
            ResultCode::UnknownPgMid,
            format!(
                "PgMID {}는 {}({}) 전용입니다. svcPrdtCd {}({})에는 다른 PgMID를 사용하세요",
                order.pg_mid,
                served.label(),
                served.code(),
                order.product.label(),
                order.product.code()
            ),
        ));
    }
    Ok((order, account))
}

/// The deadline field's text: the merchant's `PayExpDate` in the screen's
/// format, else the default (next day 23:59:59).
fn pay_exp_text(app: &App, req: &WebLinkRequest) -> String {
    let given = req.pay_exp_date.trim();
    if given.is_empty() {
        return format_pay_exp(default_pay_exp(app.now()));
    }
    parse_pay_exp_date("PayExpDate", given).map_or_else(|_| given.to_owned(), format_pay_exp)
}

fn input_page(
    app: &App,
    shown: &WebLinkOrder,
    req: &WebLinkRequest,
    account: &InnoPayAccount,
    agreed: [bool; 3],
    error: Option<String>,
) -> Response {
    let sealed = WebLinkRequest {
        license_key: String::new(),
        ..req.clone()
    };
    let request = match serde_json::to_string(&sealed) {
        Ok(json) => json,
        Err(e) => {
            tracing::error!(error = %e, "web-link request did not serialise");
            return error_page(req, &InnoPayError::of(ResultCode::Internal));
        }
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let issued = app.now();
    render(
        status,
        &InputPage {
            mobile: shown.request_type == RequestType::Mobile,
            goods: shown.goods_name.clone(),
            price: format!("{}원", shown.amount.grouped()),
            moid: shown.moid.clone().unwrap_or_default(),
            product: shown.product.label(),
            action: REQUEST_PATH,
            seal: seal::seal(&account.license_key, &seal::stamped(issued, &request)),
            issued: issued.as_millis(),
            request,
            buyer_name: req.buyer_name.clone(),
            buyer_hp: req.buyer_hp.clone(),
            buyer_email: req.buyer_email.clone(),
            pay_exp: pay_exp_text(app, req),
            agreed,
            error,
            ev: EventForm::new(
                shown.return_url.clone(),
                shown.moid.as_deref().unwrap_or_default(),
                ResultCode::UserCancelled,
                "사용자 취소",
                false,
            ),
            cancel_code: ResultCode::UserCancelled.code(),
            cancel_msg: "사용자 취소",
        },
    )
}

/// The refusal of a body over the limit (or one that could not be read).
pub(crate) fn too_large() -> InnoPayError {
    InnoPayError::new(
        ResultCode::MalformedRequest,
        "요청 본문이 1MiB를 초과했거나 읽을 수 없습니다",
    )
}

/// `GET|POST /api/cardInterface`: screen 1, or the error screen.
pub async fn open(
    State(app): State<App>,
    method: Method,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    // An oversized body gets the popup's error screen, not a bare 413.
    let Ok(body) = body else {
        return error_page(&WebLinkRequest::default(), &too_large());
    };
    let query = query.unwrap_or_default();
    // POST reads the body (a form), GET the query; a POST with an empty
    // body and a query string is read like a GET.
    let raw: &[u8] = if method == Method::POST && !body.is_empty() {
        &body
    } else {
        query.as_bytes()
    };
    let req = WebLinkRequest::from_urlencoded(raw);
    match checked(&app, &req).await {
        Ok((order, account)) => input_page(&app, &order, &req, &account, [false; 3], None),
        Err(e) => error_page(&req, &e),
    }
}

/// What screen 1 submits (our own UTF-8 form).
#[derive(Default)]
struct Submitted {
    request: String,
    seal: String,
    issued: i64,
    agreed: [bool; 3],
    buyer_name: String,
    buyer_hp: String,
    buyer_email: String,
    pay_exp: String,
}

impl Submitted {
    fn parse(body: &[u8]) -> Submitted {
        let mut s = Submitted::default();
        for (k, v) in form_urlencoded::parse(body) {
            match k.as_ref() {
                "request" => s.request = v.into_owned(),
                "seal" => s.seal = v.into_owned(),
                "issued" => s.issued = v.trim().parse().unwrap_or(0),
                "agree_terms" => s.agreed[0] = true,
                "agree_collection" => s.agreed[1] = true,
                "agree_offering" => s.agreed[2] = true,
                "buyer_name" => s.buyer_name = v.trim().to_owned(),
                "buyer_hp" => s.buyer_hp = v.trim().to_owned(),
                "buyer_email" => s.buyer_email = v.trim().to_owned(),
                "pay_exp" => s.pay_exp = v.trim().to_owned(),
                _ => {}
            }
        }
        s
    }
}

/// What the person at the screen must have done before an order is made.
fn screen_rules(form: &Submitted) -> Result<(), String> {
    if form.agreed != [true; 3] {
        return Err(
            "이용약관 동의: 전자금융거래 기본약관, 개인정보 수집 및 이용안내, \
                    개인정보 제공 및 위탁안내에 모두 동의해야 합니다 (필수)"
                .to_owned(),
        );
    }
    if form.buyer_name.is_empty() {
        return Err("결제자명을 입력하세요 (BuyerName, 필수)".to_owned());
    }
    if form.buyer_hp.is_empty() {
        return Err("휴대폰번호를 입력하세요 (BuyerHp, 필수)".to_owned());
    }
    Ok(())
}

/// `GET /api/cardInterface/request`: screen 1 only ever POSTs here; a GET
/// (a bookmarked or reloaded result screen) gets the popup's error screen.
pub async fn request_get() -> Response {
    error_page(
        &WebLinkRequest::default(),
        &InnoPayError::new(
            ResultCode::MethodNotAllowed,
            "결제요청은 결제요청 화면에서만 보낼 수 있습니다. 가맹점 화면에서 창을 다시 여세요",
        ),
    )
}

/// `POST /api/cardInterface/request`: registers the order, screen 2.
pub async fn request(State(app): State<App>, body: Result<Bytes, BytesRejection>) -> Response {
    let Ok(body) = body else {
        return error_page(&WebLinkRequest::default(), &too_large());
    };
    let form = Submitted::parse(&body);
    let Ok(mut original) = serde_json::from_str::<WebLinkRequest>(&form.request) else {
        return error_page(
            &WebLinkRequest::default(),
            &InnoPayError::malformed(
                "결제요청 화면의 요청 정보를 읽을 수 없습니다. 창을 다시 여세요",
            ),
        );
    };
    let account = match innopay_merchant(&app, original.mid.trim()).await {
        Ok((_, account)) => account,
        Err(e) => return error_page(&original, &e.to_innopay()),
    };
    let issued = gyeolje_core::Timestamp::from_millis(form.issued);
    let stamped = seal::stamped(issued, &form.request);
    if !seal::verify(&account.license_key, &stamped, &form.seal) {
        return error_page(
            &original,
            &InnoPayError::new(
                ResultCode::InvalidLicenseKey,
                "LicenseKey: 요청 정보의 서명이 라이선스키와 맞지 않습니다. 창을 다시 여세요",
            ),
        );
    }
    if app.now().millis_since(issued) > seal::VALID_FOR.as_millis() as u64 {
        return error_page(
            &original,
            &InnoPayError::new(
                ResultCode::InvalidValue,
                "결제요청 화면이 열린 지 오래되어 요청할 수 없습니다. 창을 다시 여세요",
            ),
        );
    }
    original.license_key = account.license_key.expose().to_owned();
    let (shown, account) = match checked(&app, &original).await {
        Ok(found) => found,
        Err(e) => return error_page(&original, &e),
    };
    let now = app.now();
    let default_exp = format_pay_exp(default_pay_exp(now));
    let edited = WebLinkRequest {
        buyer_name: form.buyer_name.clone(),
        buyer_hp: form.buyer_hp.clone(),
        buyer_email: form.buyer_email.clone(),
        // The prefilled default left as it is means "not given".
        pay_exp_date: if form.pay_exp == default_exp {
            String::new()
        } else {
            form.pay_exp.clone()
        },
        ..original.clone()
    };
    if let Err(message) = screen_rules(&form) {
        return input_page(&app, &shown, &edited, &account, form.agreed, Some(message));
    }
    let order = match edited.validate(now) {
        Ok(order) => order,
        Err(e) => {
            let message = format!("[{}] {}", e.code.code(), e.message);
            return input_page(&app, &shown, &edited, &account, form.agreed, Some(message));
        }
    };
    let (Some(buyer_name), Some(buyer_tel)) = (order.buyer_name.clone(), order.buyer_tel.clone())
    else {
        return input_page(
            &app,
            &shown,
            &edited,
            &account,
            form.agreed,
            Some("결제자명과 휴대폰번호를 입력하세요".to_owned()),
        );
    };
    let input = OrderInput {
        origin: Origin::WebLink,
        mid: order.mid.clone(),
        pg_mid: Some(order.pg_mid.clone()),
        product: (!edited.svc_prdt_cd.trim().is_empty()).then_some(order.product),
        moid: order.moid.clone(),
        goods_name: order.goods_name.clone(),
        amount: order.amount,
        duty_free: order.duty_free,
        buyer_name,
        buyer_tel,
        buyer_email: order.buyer_email.clone(),
        pay_exp: order.pay_exp,
        user_id: order.user_id.clone(),
    };
    match register(&app, input).await {
        Ok(done) => render(
            StatusCode::OK,
            &DonePage {
                mobile: order.request_type == RequestType::Mobile,
                goods: done.order.goods_name.clone(),
                price: format!("{}원", done.order.amount.grouped()),
                moid: done.order.moid.clone(),
                phone: dashed(done.order.buyer_tel.as_str()),
                pay_exp: format_pay_exp(done.order.pay_exp),
                // The order's 0000 went out when it was registered: a
                // repeat posts none.
                ev: EventForm::new(
                    order.return_url.clone(),
                    &done.order.moid,
                    ResultCode::Success,
                    &done.order.sms_text,
                    !done.existing,
                ),
                sms_text: done.order.sms_text,
                order_url: done.order_url,
                repeat: done.existing,
            },
        ),
        Err(e) => error_page(&edited, &e.to_innopay()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_get_dashes() {
        assert_eq!(dashed("01012341234"), "010-1234-1234");
        assert_eq!(dashed("0212345678"), "02-1234-5678");
        assert_eq!(dashed("0311234567"), "031-123-4567");
        assert_eq!(dashed("021234567"), "02-123-4567");
        assert_eq!(dashed("12"), "12");
    }

    #[test]
    fn event_urls_must_be_http() {
        let with = |url: &str| WebLinkRequest {
            return_url: url.into(),
            ..Default::default()
        };
        assert_eq!(
            event_url(&with(" https://shop.example/r ")),
            Some("https://shop.example/r".to_owned())
        );
        assert_eq!(event_url(&with("javascript:alert(1)")), None);
        assert_eq!(event_url(&with("")), None);
    }
}
