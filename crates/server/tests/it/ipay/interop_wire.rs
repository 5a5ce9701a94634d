//! Shared helpers of the iPay interop tests: raw SOAP posts, envelope
//! builders in the manual's style, reply readers, and a cart builder that
//! starts from the manual's sample order (§3.1.2) and changes one thing.

use crate::support::TestServer;
use gyeolje_ipay::client::IpayClient;
use gyeolje_ipay::soap::{self, Reply};
use gyeolje_ipay::xml::{Element, Limits};
use gyeolje_server::seed::{IPAY_DEMO_TICKET_ASP, IPAY_DEMO_TICKET_PHP};

pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const SOAP12_NS: &str = "http://www.w3.org/2003/05/soap-envelope";

/// The SOAPAction of `op`, as the manual writes it.
pub fn action(op: &str) -> String {
    format!("http://www.auction.co.kr/IpayService/Ipay/{op}")
}

pub fn endpoint(server: &TestServer) -> String {
    format!("{}/ArcheSystem/IpayService.asmx", server.base)
}

/// The demo seller's client (the ASP sample's ticket).
pub fn client(server: &TestServer) -> IpayClient {
    IpayClient::new(&server.base, IPAY_DEMO_TICKET_ASP)
}

/// The same seller through the PHP sample's ticket.
pub fn php_client(server: &TestServer) -> IpayClient {
    IpayClient::new(&server.base, IPAY_DEMO_TICKET_PHP)
}

/// POSTs raw bytes to the service; returns the status and the body.
pub async fn post(
    server: &TestServer,
    body: impl Into<reqwest::Body>,
    content_type: &str,
    soap_action: Option<&str>,
) -> (u16, String) {
    let mut req = server
        .http
        .post(endpoint(server))
        .header("Content-Type", content_type)
        .body(body);
    if let Some(a) = soap_action {
        req = req.header("SOAPAction", a);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// A SOAP 1.1 envelope in the ASP sample's style (single quotes, the
/// ticket header with `xmlns='…'`), around `body` (the operation element).
pub fn envelope11(ticket: Option<&str>, body: &str) -> String {
    envelope(SOAP11_NS, ticket, body)
}

/// The same as a SOAP 1.2 envelope.
pub fn envelope12(ticket: Option<&str>, body: &str) -> String {
    envelope(SOAP12_NS, ticket, body)
}

fn envelope(ns: &str, ticket: Option<&str>, body: &str) -> String {
    let header = ticket
        .map(|t| {
            format!(
                "  <soap:Header>     <EncryptedTicket xmlns='http://www.auction.co.kr/Security'>    <Value>{t}</Value>     </EncryptedTicket>   </soap:Header> "
            )
        })
        .unwrap_or_default();
    format!(
        "<?xml version='1.0' encoding='utf-8'?> <soap:Envelope xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xmlns:xsd='http://www.w3.org/2001/XMLSchema' xmlns:soap='{ns}'> {header}  <soap:Body> {body}  </soap:Body> </soap:Envelope> "
    )
}

/// The operation element `<op xmlns='…Ipay'>inner</op>`.
pub fn op_element(op: &str, inner: &str) -> String {
    format!("<{op} xmlns='http://www.auction.co.kr/IpayService/Ipay'>{inner}</{op}>")
}

/// Asserts a SOAP fault answered with HTTP 500; returns (faultcode, message).
#[track_caller]
pub fn assert_fault(status: u16, text: &str) -> (String, String) {
    assert_eq!(status, 500, "a fault is HTTP 500: {text}");
    match soap::parse_reply(text.as_bytes(), Limits::default()) {
        Ok(Reply::Fault { code, message }) => {
            assert!(code.starts_with("soap:"), "faultcode {code:?}: {text}");
            assert!(!message.is_empty(), "faultstring empty: {text}");
            (code, message)
        }
        other => panic!("not a fault ({other:?}): {text}"),
    }
}

/// The `<opResult>` text of a successful reply.
#[track_caller]
pub fn result_text(status: u16, text: &str, op: &str) -> String {
    assert_eq!(status, 200, "{text}");
    match soap::parse_reply(text.as_bytes(), Limits::default()) {
        Ok(Reply::Response(r)) => {
            assert_eq!(r.name, format!("{op}Response"), "{text}");
            r.child(&format!("{op}Result"))
                .unwrap_or_else(|| panic!("no {op}Result: {text}"))
                .text
                .clone()
        }
        other => panic!("not a response ({other:?}): {text}"),
    }
}

/// The service still registers carts (after hostile input).
pub async fn still_serving(server: &TestServer) {
    let no = Cart::manual().insert(&client(server)).await;
    assert!(no > 0, "the service still answers: {no}");
}

/// The ORDER and ITEMS of a cart, as attributes, starting from the
/// manual's sample (§3.1.2 PHP sample: 29,800 won + 2,500 shipping).
#[derive(Clone, Debug)]
pub struct Cart {
    pub order: Vec<(String, String)>,
    pub items: Vec<Vec<(String, String)>>,
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn put(attrs: &mut Vec<(String, String)>, k: &str, v: &str) {
    match attrs.iter_mut().find(|(n, _)| n == k) {
        Some(slot) => slot.1 = v.to_owned(),
        None => attrs.push((k.to_owned(), v.to_owned())),
    }
}

impl Cart {
    pub fn manual() -> Cart {
        Cart {
            order: pairs(&[
                ("payment_rule", "0"),
                ("pay_price", "32300"),
                ("shipping_price", "2500"),
                ("shipping_type", "3"),
                ("back_url", "http://127.0.0.1:9/back"),
                ("service_url", "http://127.0.0.1:9/service?code=1&x=2"),
                ("redirect_url", "http://127.0.0.1:9/done"),
            ]),
            items: vec![Self::item("47245950", "29800")],
        }
    }

    /// An item of the manual's sample with another number and price.
    pub fn item(itemno: &str, price: &str) -> Vec<(String, String)> {
        pairs(&[
            (
                "item_name",
                "Levis [여말하프폭탄특가]기모 후드티셔츠 2종 남여커플 후드티셔츠,티셔츠,리바이스,긴팔티셔츠",
            ),
            ("ipay_itemno", itemno),
            ("item_option_name", "불루니[105]/free"),
            ("item_price", price),
            ("order_qty", "1"),
            ("item_url", "http://127.0.0.1:9/item?id=1&x=2"),
            ("thumbnail_url", "http://127.0.0.1:9/t.jpg"),
        ])
    }

    pub fn set(mut self, k: &str, v: &str) -> Cart {
        put(&mut self.order, k, v);
        self
    }

    pub fn without(mut self, k: &str) -> Cart {
        self.order.retain(|(n, _)| n != k);
        self
    }

    pub fn item_set(mut self, k: &str, v: &str) -> Cart {
        put(&mut self.items[0], k, v);
        self
    }

    pub fn item_without(mut self, k: &str) -> Cart {
        self.items[0].retain(|(n, _)| n != k);
        self
    }

    pub fn elements(&self) -> (Element, Vec<Element>) {
        let el = |attrs: &[(String, String)]| Element {
            name: "x".into(),
            attributes: attrs.to_vec(),
            ..Element::default()
        };
        (el(&self.order), self.items.iter().map(|i| el(i)).collect())
    }

    /// `InsertIpayOrderToLong` through the client crate.
    pub async fn insert(&self, c: &IpayClient) -> i64 {
        let (order, items) = self.elements();
        c.insert_order_to_long(order, items).await.unwrap()
    }

    /// Both registrations; for a refusal they must give the same code.
    pub async fn code(&self, c: &IpayClient) -> i64 {
        let long = self.insert(c).await;
        let (order, items) = self.elements();
        let int = c.insert_order(order, items).await.unwrap();
        if long < 0 || int < 0 {
            assert_eq!(long, i64::from(int), "InsertIpayOrder agrees");
        }
        long
    }
}
