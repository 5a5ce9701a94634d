//! The manual's ASP sample (§3.1.2) as raw bytes — single-quoted
//! attributes, `xmlns='…'` on `EncryptedTicket`, `text/xml; charset=utf-8`,
//! the SOAPAction header, every `&` replaced blindly — read back the way
//! the ASP page reads it (strip `soap:`, `Envelope/Body`'s first child);
//! the same call in SOAP 1.2, in both of the ways clients send 1.2; and the
//! `test` operation.

use super::interop_wire::{
    SOAP11_NS, SOAP12_NS, action, client, envelope11, envelope12, op_element, post, result_text,
};
use crate::support::TestServer;
use gyeolje_ipay::xml::{self, Limits};
use gyeolje_server::seed::IPAY_DEMO_TICKET_ASP;

/// The ASP sample's `orderQuery` (ORDER and ITEMS), as the page builds it.
const ASP_ORDER_QUERY: &str = "<ORDER payment_rule='0' pay_price='32300' shipping_price='2500' shipping_type='3' back_url='www.가맹점url.co.kr' service_url='www.가맹점url.co.kr /service.asp?code=' redirect_url='www.가맹점url.co.kr' /><ITEMS><IpayServiceItems item_name='Levis [여말하프폭탄특가]기모후드티셔츠2종남여커플후드티셔츠,티셔츠,리바이스,긴팔티셔츠' ipay_itemno='47245950' item_option_name='불루니[105]/free' item_price='29800' order_qty='1' item_url='http://www.가맹점url.co.kr/chs8hi52FTa3qmWxb1C47gQBWL5p2Bm4zXBILoyAG33D' thumbnail_url='http://www.가맹점url.co.kr.com/product/spec/542/30/93/5423093605.jpg'/> </ITEMS>";

/// The ASP sample's `reqMsg`, with `Replace(reqMsg, "&", "&amp;")`.
fn asp_request(order_query: &str) -> String {
    let mut req = String::new();
    req += "<?xml version='1.0' encoding='utf-8'?> ";
    req += "<soap:Envelope xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' ";
    req += "\n  xmlns:xsd='http://www.w3.org/2001/XMLSchema' ";
    req += "   xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'> ";
    req += "  <soap:Header> ";
    req += "    <EncryptedTicket xmlns='http://www.auction.co.kr/Security'> ";
    req += &format!("   <Value>{IPAY_DEMO_TICKET_ASP}</Value> ");
    req += "    </EncryptedTicket> ";
    req += "  </soap:Header> ";
    req += "  <soap:Body> ";
    req += "    <InsertIpayOrderToLong xmlns='http://www.auction.co.kr/IpayService/Ipay'> ";
    req += order_query;
    req += "    </InsertIpayOrderToLong> ";
    req += "  </soap:Body> ";
    req += "</soap:Envelope> ";
    req.replace('&', "&amp;")
}

/// What the ASP page does with the response: `Replace(cartNo, "soap:",
/// "")`, load it, and take `Envelope/Body`'s first child's first child's
/// text if that child is `InsertIpayOrderToLongResponse`.
fn asp_read(response: &str) -> Option<String> {
    let stripped = response.replace("soap:", "");
    let root = xml::parse(stripped.as_bytes(), Limits::default()).ok()?;
    if root.name != "Envelope" {
        return None;
    }
    let first = root.child("Body")?.children.first()?;
    if first.name != "InsertIpayOrderToLongResponse" {
        return None;
    }
    Some(first.children.first()?.text.clone())
}

#[tokio::test]
async fn the_asp_samples_request_gets_a_cart_number() {
    let server = TestServer::start().await;
    let resp = server
        .http
        .post(super::interop_wire::endpoint(&server))
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("SOAPAction", action("InsertIpayOrderToLong"))
        .body(asp_request(ASP_ORDER_QUERY).into_bytes())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let ct = resp.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.starts_with("text/xml"), "{ct}");
    let text = resp.text().await.unwrap();
    let cart_no: i64 = asp_read(&text)
        .unwrap_or_else(|| panic!("the ASP page cannot read {text}"))
        .trim()
        .parse()
        .unwrap();
    assert!(cart_no > 0, "{text}");
    server.stop().await;
}

#[tokio::test]
async fn an_ampersand_in_the_asp_order_is_escaped_blindly_and_parses() {
    let server = TestServer::start().await;
    let query = ASP_ORDER_QUERY.replace("/service.asp?code=", "/service.asp?code=1&shop=2");
    let (status, text) = post(
        &server,
        asp_request(&query),
        "text/xml; charset=utf-8",
        Some(&action("InsertIpayOrderToLong")),
    )
    .await;
    let no: i64 = result_text(status, &text, "InsertIpayOrderToLong")
        .parse()
        .unwrap();
    assert!(no > 0, "{text}");
    let payment = server
        .app
        .store
        .payment(gyeolje_core::PaymentId::new(no))
        .await
        .unwrap()
        .unwrap();
    let cart = gyeolje_server::ipay::state::cart_of(&payment).unwrap().cart;
    assert_eq!(
        cart.service_url,
        "www.가맹점url.co.kr /service.asp?code=1&shop=2"
    );
    server.stop().await;
}

fn soap12_body() -> String {
    envelope12(
        Some(IPAY_DEMO_TICKET_ASP),
        &op_element("InsertIpayOrderToLong", ASP_ORDER_QUERY),
    )
}

/// The reply is a 1.2 envelope with a positive cart number.
fn assert_soap12_cart(status: u16, text: &str) {
    let root = xml::parse(text.as_bytes(), Limits::default()).unwrap();
    assert_eq!(root.namespace, SOAP12_NS, "a 1.2 reply: {text}");
    let no: i64 = result_text(status, text, "InsertIpayOrderToLong")
        .parse()
        .unwrap();
    assert!(no > 0, "{text}");
}

#[tokio::test]
async fn soap12_with_application_soap_xml() {
    let server = TestServer::start().await;
    let ct = format!(
        "application/soap+xml; charset=utf-8; action=\"{}\"",
        action("InsertIpayOrderToLong")
    );
    let (status, text) = post(&server, soap12_body(), &ct, None).await;
    assert_soap12_cart(status, &text);
    // Without the action parameter: the body names the operation.
    let (status, text) = post(
        &server,
        soap12_body(),
        "application/soap+xml; charset=utf-8",
        None,
    )
    .await;
    assert_soap12_cart(status, &text);
    server.stop().await;
}

#[tokio::test]
async fn soap12_envelope_sent_as_text_xml_with_a_soapaction() {
    let server = TestServer::start().await;
    let (status, text) = post(
        &server,
        soap12_body(),
        "text/xml; charset=utf-8",
        Some(&format!("\"{}\"", action("InsertIpayOrderToLong"))),
    )
    .await;
    assert_soap12_cart(status, &text);
    server.stop().await;
}

#[tokio::test]
async fn test_operation_answers_the_callers_ip() {
    let server = TestServer::start().await;
    assert_eq!(client(&server).test().await.unwrap(), "127.0.0.1");
    // Raw, without a ticket, in both versions.
    let (status, text) = post(
        &server,
        envelope11(None, &op_element("test", "")),
        "text/xml; charset=utf-8",
        Some(&action("test")),
    )
    .await;
    assert_eq!(result_text(status, &text, "test"), "127.0.0.1");
    assert!(text.contains(SOAP11_NS));
    let (status, text) = post(
        &server,
        envelope12(None, &op_element("test", "")),
        "application/soap+xml; charset=utf-8",
        None,
    )
    .await;
    assert_eq!(result_text(status, &text, "test"), "127.0.0.1");
    server.stop().await;
}

/// IIS matched paths in any case; so does gyeolje for the service.
#[tokio::test]
async fn the_service_path_is_matched_in_any_case() {
    let server = TestServer::start().await;
    let url = format!("{}/archesystem/IPAYSERVICE.asmx", server.base);
    let reply = server
        .http
        .post(&url)
        .header("content-type", "text/xml; charset=utf-8")
        .body(envelope11(None, &op_element("test", "")))
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    let text = reply.text().await.unwrap();
    assert_eq!(result_text(status, &text, "test"), "127.0.0.1");
    let wsdl = server
        .http
        .get(format!("{url}?wsdl"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(wsdl.contains("wsdl:definitions"), "{wsdl:.200}");
    let other = server
        .http
        .get(format!("{}/no/such/page", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status().as_u16(), 404);
    server.stop().await;
}
