//! The help and terms pages the manual's UI links to (§2.1: "도움말은
//! /api/helpSms 주소를 링크…", `/api/terms`, `/api/collection`,
//! `/api/offering`). Static Korean text, paraphrasing the manual's excerpts,
//! marked at the top as gyeolje's sandbox text: gyeolje is not a PG and
//! these are not anyone's binding terms.

use crate::pages::render;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

/// `/api/helpSms`: 신용카드 SMS 결제 안내.
#[derive(Template)]
#[template(path = "innopay_help.html")]
struct Help;

/// `/api/terms`: 전자금융거래 기본약관.
#[derive(Template)]
#[template(path = "innopay_terms.html")]
struct Terms;

/// `/api/collection`: 개인정보 수집 및 이용안내.
#[derive(Template)]
#[template(path = "innopay_collection.html")]
struct Collection;

/// `/api/offering`: 개인정보 제공 및 위탁안내.
#[derive(Template)]
#[template(path = "innopay_offering.html")]
struct Offering;

pub async fn help_sms() -> Response {
    render(StatusCode::OK, &Help)
}

pub async fn terms() -> Response {
    render(StatusCode::OK, &Terms)
}

pub async fn collection() -> Response {
    render(StatusCode::OK, &Collection)
}

pub async fn offering() -> Response {
    render(StatusCode::OK, &Offering)
}
