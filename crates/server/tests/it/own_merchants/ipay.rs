//! iPay with the shop's own seller id and ticket (manual 000): a cart by
//! `InsertIpayOrderToLong` with its own `EncryptedTicket` → the buyer's
//! `IpayStdOrder.aspx?…&sellerid=<its id>` → payment → the completion
//! callback at `service_url` → shipping. The demo seller's ticket and id
//! reach none of it; disabled, its ticket is not valid.

use super::{Via, create, disable};
use crate::ipay::manage_support::{Shop, shipping};
use crate::support::{Expect, SandboxPay, Sink, TestServer, eventually};
use gyeolje_ipay::client::IpayClient;
use gyeolje_ipay::notice::IpayNotice;
use gyeolje_server::seed::{IPAY_DEMO_SELLER, IPAY_DEMO_TICKET_PHP};
use std::time::Duration;

/// A ticket as Auction issues them: opaque base64 gyeolje never decodes.
const OWN_TICKET: &str = "Q2hhbmdlT25seVRoZUhvc3ROYW1lK1RoaXNJc0FuT3BhcXVlVGlja2V0Rm9yTXlTaG9wPT0=";

pub async fn story(server: TestServer, via: Via) {
    let sink = Sink::start().await;
    sink.answer_by_default("");
    let seller = format!("myseller{}", super::payapp::via_name(via));
    let ticket = format!("{OWN_TICKET}{}", super::payapp::via_name(via));
    let m = create(
        &server,
        via,
        &[
            ("--name", "나의 에스크로 상점"),
            ("--ipay-seller-id", &seller),
            ("--ipay-ticket", &ticket),
            ("--ipay-site-url", "http://shop.own.example"),
        ],
    )
    .await;
    assert_eq!(m["ipay"]["seller_id"], seller.as_str(), "{m}");
    assert_eq!(m["ipay"]["tickets"], 1, "{m}");
    assert!(
        !m.to_string().contains(&ticket),
        "a ticket is never shown: {m}"
    );
    let client = IpayClient::new(&server.base, &ticket);
    let shop = Shop {
        server,
        sink,
        client,
    };
    let items = [("무선 키보드", "KB-100", 29_800)];
    let cart_no = shop.register(&items).await;
    let price = 29_800 + 2_500;

    // The buyer's page opens with its own seller id, not the demo's.
    let page = |sellerid: &str| {
        format!("/ipay/IpayStdOrder.aspx?cartnos={cart_no}&sellerid={sellerid}&price={price}")
    };
    let (status, body) = shop.server.get(&page(&seller)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("무선 키보드"), "{body}");
    let (status, _) = shop.server.get(&page(IPAY_DEMO_SELLER)).await;
    assert_eq!(status, 400, "the demo seller id does not open this cart");

    shop.checkout(cart_no).await;
    shop.server
        .sandbox_pay_with(SandboxPay::ipay(cart_no), Expect::Approved)
        .await;
    let notices = shop.wait_notices(1).await;
    let IpayNotice::Completion(done) = &notices[0] else {
        panic!("expected a completion callback, got {notices:?}");
    };
    assert_eq!(done.ipay_cart_no, cart_no);
    let order_no = done.auction_order_nos[0];

    // The demo ticket cannot ship (or see) this seller's order.
    let demo = Shop {
        client: IpayClient::new(&shop.server.base, IPAY_DEMO_TICKET_PHP),
        server: TestServer::start().await,
        sink: Sink::start().await,
    };
    let mut theirs = shipping(order_no);
    theirs.retain(|(k, _)| *k != "SellerID");
    let demo_client = IpayClient::new(&shop.server.base, IPAY_DEMO_TICKET_PHP);
    let foreign = Shop {
        client: demo_client,
        ..demo
    };
    assert!(
        foreign
            .call(
                "IpayConfirmReceivingOrder",
                &[("OrderNo", order_no.to_string())]
            )
            .await
            .is_err(),
        "the demo seller confirmed another seller's order"
    );
    foreign.server.stop().await;

    shop.confirm(order_no).await;
    let mut own = shipping(order_no);
    for (k, v) in &mut own {
        if *k == "SellerID" {
            v.clone_from(&seller);
        }
    }
    shop.call("DoIpayShippingGeneral", &own).await.unwrap();

    // Disabled: its ticket is no longer valid (the SOAP fault).
    disable(&shop.server, via, &seller).await;
    let fault = eventually(
        "the disabled ticket refused",
        Duration::from_secs(10),
        || async {
            let query = [
                ("SearchType", "None".to_owned()),
                ("SearchDateType", "None".to_owned()),
            ];
            shop.call("GetIpayCancelApprovalList", &query).await.err()
        },
    )
    .await;
    assert!(
        fault.to_string().contains("EncryptedTicket is not valid"),
        "{fault}"
    );
    let Shop { server, .. } = shop;
    server.stop_keeping_database().await.cleanup().await;
}
