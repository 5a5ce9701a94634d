//! `/ArcheSystem/IpayService.asmx`: the SOAP service as ASP.NET served it.
//!
//! GET gives the WSDL (`?wsdl`, `?WSDL`), an operation's help page
//! (`?op=Name`) or the service page. POST takes a SOAP 1.1 or 1.2 envelope
//! (the version is the envelope's, whatever the content type), checks the
//! operation against the catalog and its arguments against their types,
//! identifies the seller by `EncryptedTicket`, and answers with the
//! operation's response — or a SOAP fault with HTTP 500, as ASMX did, for
//! anything that is not a well-formed call: malformed XML, a DTD, too deep
//! or too large a document, an unknown operation, a wrong argument type, a
//! missing or unknown ticket. Business refusals are not faults: each
//! operation answers them in its own documented form (a negative cart
//! number, `Fail` with a reason, `false` with a message).

use super::call::{Call, Fault};
use crate::app::App;
use axum::extract::{ConnectInfo, RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gyeolje_core::Merchant;
use gyeolje_ipay::ops::{self, Args, Op};
use gyeolje_ipay::soap::{self, FaultCode, ResultValue, SoapVersion};
use gyeolje_ipay::xml::Limits;
use std::net::SocketAddr;

/// Where the SOAP service lives, as on `api.auction.co.kr`.
pub const SERVICE_PATH: &str = "/ArcheSystem/IpayService.asmx";

/// GET: the WSDL, a help page, or the service page.
pub async fn describe(State(app): State<App>, RawQuery(query): RawQuery) -> Response {
    let url = app.url(SERVICE_PATH);
    let query = query.unwrap_or_default();
    let mut op = None;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if k.eq_ignore_ascii_case("wsdl") {
            return xml_response(
                StatusCode::OK,
                SoapVersion::V11,
                gyeolje_ipay::wsdl::wsdl(&url),
            );
        }
        if k.eq_ignore_ascii_case("op") {
            op = Some(v.into_owned());
        }
    }
    match gyeolje_ipay::wsdl::help_page(op.as_deref(), &url) {
        Some(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<html><body><h2>Unknown web method</h2></body></html>",
        )
            .into_response(),
    }
}

/// The service under its path spelled in any case (see `http::fallback`);
/// gives the request back when it is for another path.
pub async fn any_case(app: App, req: Request) -> Result<Response, Request> {
    if !req.uri().path().eq_ignore_ascii_case(SERVICE_PATH) {
        return Err(req);
    }
    if req.method() == axum::http::Method::POST {
        return Ok(call(State(app), req).await);
    }
    let query = req.uri().query().map(str::to_owned);
    Ok(describe(State(app), RawQuery(query)).await)
}

fn xml_response(status: StatusCode, version: SoapVersion, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, soap::content_type(version))],
        body,
    )
        .into_response()
}

fn fault_response(version: SoapVersion, code: FaultCode, message: &str) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, soap::fault_content_type(version))],
        soap::fault(version, code, message),
    )
        .into_response()
}

/// The SOAPAction: the header, or SOAP 1.2's `action` content-type parameter.
fn soap_action(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers.get("soapaction").and_then(|v| v.to_str().ok()) {
        return Some(v.to_owned());
    }
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    ct.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("action")
            .then(|| v.trim().to_owned())
    })
}

/// The `charset` parameter of the `Content-Type`, if any.
fn charset(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    ct.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The version to fault in when the envelope could not be read.
fn version_hint(headers: &HeaderMap) -> SoapVersion {
    let soap12 = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("application/soap+xml"));
    if soap12 {
        SoapVersion::V12
    } else {
        SoapVersion::V11
    }
}

/// POST: one SOAP call.
pub async fn call(State(app): State<App>, req: Request) -> Response {
    let client = crate::peer::client_ip(&app, &req);
    let caller = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let headers = req.headers().clone();
    let body = match axum::body::to_bytes(req.into_body(), Limits::default().max_bytes + 1).await {
        Ok(b) => b,
        Err(_) => {
            return fault_response(
                version_hint(&headers),
                FaultCode::Client,
                "the request is larger than 1 MiB",
            );
        }
    };
    let action = soap_action(&headers);
    let charset = charset(&headers);
    let request = match soap::parse_request_in(
        &body,
        charset.as_deref(),
        action.as_deref(),
        Limits::default(),
    ) {
        Ok(r) => r,
        Err(e) => {
            tracing::info!(error = %e, "ipay: refused a malformed envelope");
            return fault_response(version_hint(&headers), FaultCode::Client, &e.to_string());
        }
    };
    let version = request.version;
    let Some(op) = ops::operation(&request.operation) else {
        return fault_response(
            version,
            FaultCode::Client,
            &format!(
                "Server did not recognize the value of HTTP Header SOAPAction: {}.",
                soap::soap_action(&request.operation)
            ),
        );
    };
    let args = match Args::read(op, &request.body) {
        Ok(a) => a,
        Err(e) => return fault_response(version, e.fault_code(), &e.to_string()),
    };
    let seller = if op.needs_ticket() {
        match seller_of(&app, request.ticket.as_deref(), client).await {
            Ok(m) => Some(m),
            Err(f) => return fault_response(version, f.code, &f.message),
        }
    } else {
        None
    };
    let call = Call {
        app: &app,
        op,
        args,
        seller,
        caller,
    };
    match dispatch(&call).await {
        Ok(result) => xml_response(
            StatusCode::OK,
            version,
            soap::response(version, op.name, result),
        ),
        Err(f) => fault_response(version, f.code, &f.message),
    }
}

/// The seller a ticket identifies. Wrong tickets are counted per caller
/// (see [`crate::throttle`]): after too many, every ticket from that caller
/// is refused for a while before it is looked up. Logged without the ticket.
async fn seller_of(
    app: &App,
    ticket: Option<&str>,
    client: Option<std::net::IpAddr>,
) -> Result<Merchant, Fault> {
    let Some(ticket) = ticket else {
        return Err(Fault::client(
            "EncryptedTicket header is missing: 인증티켓이 없습니다.",
        ));
    };
    let key = crate::throttle::source_key("ipay.ticket", client);
    if let Err(wait) = app.guesses.check(&[&key]) {
        tracing::warn!(caller = ?client, "ipay ticket guessing locked; refused unchecked");
        return Err(Fault::client(format!(
            "EncryptedTicket is not valid: 인증 오류가 너무 많습니다. {}초 후에 다시 시도하세요.",
            wait.as_secs().max(1)
        )));
    }
    match app
        .store
        .merchant_by_ipay_ticket(&super::ticket::ticket_hash(ticket))
        .await?
    {
        Some(seller) => {
            app.guesses.succeeded(&key);
            Ok(seller)
        }
        None => {
            let locked = app.guesses.failed(&[(&key, crate::throttle::PER_SOURCE)]);
            tracing::info!(caller = ?client, locked, "ipay ticket not valid");
            Err(Fault::client(
                "EncryptedTicket is not valid: 인증티켓이 올바르지 않습니다.",
            ))
        }
    }
}

/// Runs the operation: one exhaustive `match` over the catalog's operations.
async fn dispatch(call: &Call<'_>) -> Result<ResultValue, Fault> {
    use super::manage::{cancel, notes, orders, returns, shipping};
    use super::{cart, queries};
    match call.op.op {
        Op::Test => Ok(ResultValue::simple(
            call.op,
            call.caller.map(|a| a.ip().to_string()).unwrap_or_default(),
        )),
        Op::InsertIpayOrderToLong | Op::InsertIpayOrder => cart::insert(call).await,
        Op::GetIpayAccountNumb => queries::account_numb(call).await,
        Op::GetIpayReceiptStatus => queries::receipt_status(call).await,
        Op::GetIpayOrderConfirm => queries::order_confirm(call).await,
        Op::GetIpaySettlementMeans => queries::settlement_means(call).await,
        Op::GetIpayAgreementStatus => queries::agreement_status(call).await,
        Op::DoIpayOrderDecisionCancel => orders::decision_cancel(call).await,
        Op::GetIpayPaidOrderList => orders::paid_order_list(call).await,
        Op::IpayConfirmReceivingOrder => orders::confirm_receiving(call).await,
        Op::GetIpayCancelApprovalList => cancel::approval_list(call).await,
        Op::IpayConfirmCancelApprovalList => cancel::confirm_approval(call).await,
        Op::IpayDenySell => cancel::deny_sell(call).await,
        Op::DoIpayShippingGeneral => shipping::ship(call).await,
        Op::IpayChangeShippingType => shipping::change(call).await,
        Op::DoIpayOrderDecisionRequest => shipping::decision_request(call).await,
        Op::GetIpayReturnList => returns::return_list(call).await,
        Op::DoIpayReturnApproval => returns::approve(call).await,
        Op::DoIpayReturnHold => returns::hold(call).await,
        Op::DoIpayReturnRequestBySeller => returns::request_by_seller(call).await,
        Op::GetIpayExchangeRequestList => returns::exchange_list(call).await,
        Op::GetIpayExchangeRequestDetailInfo => returns::exchange_detail(call).await,
        Op::IpaySellerNoteList => notes::list(call).await,
        Op::IpaySellerNoteDetailBySeqno => notes::detail(call).await,
        Op::IpaySellerNoteReply => notes::reply(call).await,
    }
}
