//! A seller shop for the order-management tests: the server, the sink
//! standing in for `service_url`, the SOAP client with the demo ticket,
//! and helpers to register, check out, pay and drive orders.

use crate::support::{Expect, SandboxPay, Sink, TestServer};
use gyeolje_core::PaymentId;
use gyeolje_core::escrow::{Destination, EscrowOrder};
use gyeolje_ipay::client::{ClientError, IpayClient};
use gyeolje_ipay::notice::IpayNotice;
use gyeolje_ipay::soap::SoapVersion;
use gyeolje_ipay::xml::Element;
use gyeolje_server::ipay::checkout::CheckoutInput;
use gyeolje_server::ipay::state::Area;
use gyeolje_server::seed::{IPAY_DEMO_SELLER, IPAY_DEMO_TICKET_PHP};
use serde_json::Value;

pub const BUYER_TEL: &str = "010-1234-5678";
/// The member id `ipay_checkout` makes from [`BUYER_TEL`].
pub const BUYER_ID: &str = "guest01012345678";

pub struct Shop {
    pub server: TestServer,
    pub sink: Sink,
    pub client: IpayClient,
}

/// One cart line: name, shop item number, price.
pub type Item = (&'static str, &'static str, i64);

impl Shop {
    pub async fn open() -> Shop {
        Self::open_with(|_| {}).await
    }

    /// [`Shop::open`] on a server whose configuration `tune` adjusts.
    pub async fn open_with(tune: impl FnOnce(&mut gyeolje_server::Config)) -> Shop {
        let server = TestServer::start_with(tune).await;
        let sink = Sink::start().await;
        sink.answer_by_default("");
        let client = IpayClient::new(&server.base, IPAY_DEMO_TICKET_PHP);
        Shop {
            server,
            sink,
            client,
        }
    }

    /// Registers a cart (shipping 2500) and returns its number.
    pub async fn register(&self, items: &[Item]) -> i64 {
        let goods: i64 = items.iter().map(|i| i.2).sum();
        let order = Element::new("ORDER")
            .with_attr("payment_rule", "0")
            .with_attr("pay_price", (goods + 2500).to_string())
            .with_attr("shipping_price", "2500")
            .with_attr("shipping_type", "3")
            .with_attr("back_url", self.sink.url("/back"))
            .with_attr("service_url", self.sink.url("/ipay/notice"))
            .with_attr("redirect_url", self.sink.url("/done"));
        let lines = items
            .iter()
            .map(|(name, no, price)| {
                Element::new("IpayServiceItems")
                    .with_attr("item_name", *name)
                    .with_attr("ipay_itemno", *no)
                    .with_attr("item_option_name", "색상:검정")
                    .with_attr("item_price", price.to_string())
                    .with_attr("order_qty", "1")
                    .with_attr("item_url", self.sink.url("/item"))
                    .with_attr("thumbnail_url", self.sink.url("/thumb.jpg"))
            })
            .collect();
        let cart_no = self
            .client
            .insert_order_to_long(order, lines)
            .await
            .unwrap();
        assert!(cart_no > 0, "cart registration failed with {cart_no}");
        cart_no
    }

    /// The buyer fills in the order form.
    pub async fn checkout(&self, cart_no: i64) {
        let input = CheckoutInput {
            buyer_name: "홍길동".into(),
            buyer_tel: BUYER_TEL.into(),
            buyer_email: "hong@example.com".into(),
            destination: Some(Destination {
                name: "홍길동".into(),
                post_no: "06236".into(),
                address: "서울특별시 강남구 테헤란로 152".into(),
                address_detail: "12층".into(),
                tel: "02-123-4567".into(),
                mobile: BUYER_TEL.into(),
                remark: "부재시 경비실".into(),
            }),
            area: Area::Mainland,
        };
        self.server
            .app
            .ipay_checkout(PaymentId::new(cart_no), input)
            .await
            .unwrap();
    }

    /// Registers, checks out and pays by card, asserting the payment was
    /// approved; the sandbox reply.
    pub async fn paid_cart(&self, items: &[Item]) -> (i64, Value) {
        let cart_no = self.register(items).await;
        self.checkout(cart_no).await;
        let v = self
            .server
            .sandbox_pay_with(SandboxPay::ipay(cart_no), Expect::Approved)
            .await;
        (cart_no, v)
    }

    pub async fn orders(&self, cart_no: i64) -> Vec<EscrowOrder> {
        self.server
            .app
            .store
            .escrow_orders_of(PaymentId::new(cart_no))
            .await
            .unwrap()
    }

    pub async fn order(&self, order_no: i64) -> EscrowOrder {
        self.server
            .app
            .store
            .escrow_order(order_no)
            .await
            .unwrap()
            .unwrap()
    }

    /// Calls `op` with one `req` element carrying `attrs`.
    pub async fn call(&self, op: &str, attrs: &[(&str, String)]) -> Result<Element, ClientError> {
        let req = attrs
            .iter()
            .fold(Element::new("req"), |e, (k, v)| e.with_attr(*k, v.as_str()));
        self.client
            .call(SoapVersion::V11, op, Element::new(op).with_child(req))
            .await
    }

    /// One of the seller's work lists (cancel requests, returns, exchanges)
    /// with no search filter.
    pub async fn work_list(&self, op: &str) -> Element {
        self.call(
            op,
            &attrs(&[("SearchType", "None"), ("SearchDateType", "None")]),
        )
        .await
        .unwrap()
    }

    /// A sandbox buyer action on an order: (HTTP status, reply).
    pub async fn buyer(&self, order_no: i64, action: &str, body: Value) -> (u16, Value) {
        self.server
            .sandbox(&format!("/sandbox/ipay/orders/{order_no}/{action}"), body)
            .await
    }

    pub async fn confirm(&self, order_no: i64) {
        self.call(
            "IpayConfirmReceivingOrder",
            &[("OrderNo", order_no.to_string())],
        )
        .await
        .unwrap();
    }

    /// `DoIpayShippingGeneral` by CJ GLS with e-money remittance.
    pub async fn ship(&self, order_no: i64) -> Element {
        self.call("DoIpayShippingGeneral", &shipping(order_no))
            .await
            .unwrap()
    }

    /// The callbacks received so far, parsed.
    pub fn notices(&self) -> Vec<IpayNotice> {
        self.sink
            .received()
            .iter()
            .filter(|r| r.path == "/ipay/notice")
            .map(|r| IpayNotice::parse(&String::from_utf8_lossy(&r.body)).unwrap())
            .collect()
    }

    /// Waits until `n` callbacks arrived and returns them parsed.
    pub async fn wait_notices(&self, n: usize) -> Vec<IpayNotice> {
        crate::support::eventually(
            &format!("{n} ipay notice(s)"),
            std::time::Duration::from_secs(15),
            || async {
                let got = self.notices();
                (got.len() >= n).then_some(got)
            },
        )
        .await
    }
}

/// A valid `DoShippingGeneralRequestT`.
pub fn shipping(order_no: i64) -> Vec<(&'static str, String)> {
    vec![
        ("SellerID", IPAY_DEMO_SELLER.to_owned()),
        ("OrderNo", order_no.to_string()),
        ("RemittanceMethodType", "Emoney".to_owned()),
        ("SendDate", "2024-03-02T10:00:00".to_owned()),
        ("InvoiceNo", "123456789012".to_owned()),
        ("MessageForBuyer", "안전하게 보냈습니다".to_owned()),
        ("ShippingMethodClassficationType", "Door2Door".to_owned()),
        ("DeliveryAgency", "cjgls".to_owned()),
    ]
}

/// `(k, v)` pairs with owned values.
pub fn attrs(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
}

/// An attribute of a result element ("" when absent).
pub fn attr<'a>(e: &'a Element, name: &str) -> &'a str {
    e.attr(name).unwrap_or("")
}

/// The item elements of an array result.
pub fn rows<'a>(e: &'a Element, item: &'a str) -> Vec<&'a Element> {
    e.children_named(item).collect()
}
