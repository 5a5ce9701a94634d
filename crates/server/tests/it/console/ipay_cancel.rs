//! An iPay buyer's cancel request (취소요청) answered from the console as
//! the seller's back office: the payment page lists the order with its
//! request and offers approve / refuse; approving one order refunds it and
//! sends the `ResponseType=1` cancel callback to `service_url`, refusing
//! sends the order back with no callback — over HTTP, and the approval once
//! more in Chromium (`console-ipay-cancel-*.png`).

use super::{Console, PASSWORD, set_password};
use crate::ipay::manage_support::{Item, Shop};
use gyeolje_core::escrow::OrderState;
use gyeolje_ipay::notice::IpayNotice;
use serde_json::json;

const ITEMS: [Item; 2] = [("티셔츠", "TS-1", 15000), ("양말", "SK-2", 3000)];

#[tokio::test]
async fn a_buyer_cancel_request_is_approved_and_another_refused_from_the_console() {
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let orders = shop.orders(cart_no).await;
    let (first, second) = (orders[0].order_no, orders[1].order_no);
    shop.wait_notices(1).await;
    for order in [first, second] {
        let (status, v) = shop
            .buyer(order, "cancel-request", json!({"reason": "단순변심"}))
            .await;
        assert_eq!(status, 200, "{v}");
    }
    set_password(&shop.server, PASSWORD).await;
    let mut c = Console::new(&shop.server.base);
    c.login(PASSWORD).await;

    let from = format!("/console/payments/{cart_no}");
    let page = c.get(&from).await;
    assert_eq!(page.status, 200);
    for want in [
        format!("id=\"order-{first}\" data-order-no=\"{first}\""),
        "data-cancel-requested=\"true\"".to_owned(),
        "id=\"do-approve-cancel\"".to_owned(),
        "id=\"do-refuse-cancel\"".to_owned(),
        "id=\"order-approve-cancel\"".to_owned(),
    ] {
        assert!(page.body.contains(&want), "{want}: {}", page.body);
    }

    let first_no = first.to_string();
    let done = c
        .post_from(
            &from,
            &format!("{from}/actions/approve-cancel"),
            &[("order_no", first_no.as_str())],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(shop.order(first).await.state, OrderState::Cancelled);
    let notices = shop.wait_notices(2).await;
    let IpayNotice::Cancel(cancel) = &notices[1] else {
        panic!("{notices:?}");
    };
    assert_eq!(
        (cancel.auction_order_no, cancel.cancel_price.get()),
        (first, 15000)
    );
    let body = String::from_utf8_lossy(&shop.sink.received()[1].body).into_owned();
    assert!(body.contains("<ResponseType>1</ResponseType>"), "{body}");

    let second_no = second.to_string();
    let done = c
        .post_from(
            &from,
            &format!("{from}/actions/refuse-cancel"),
            &[("order_no", second_no.as_str()), ("reason", "이미 발송")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let refused = shop.order(second).await;
    assert_eq!(refused.state, OrderState::Paid, "back to where it was");
    assert_eq!(
        refused.cancel_request.and_then(|r| r.refusal).as_deref(),
        Some("이미 발송")
    );
    let page = c.get(&from).await;
    assert!(
        page.body.contains(&format!(
            "id=\"order-{first}\" data-order-no=\"{first}\" data-state=\"cancelled\""
        )),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-kind=\"ipay.cancel\""));
    assert!(page.body.contains(&format!("id=\"order-{second}\" data-order-no=\"{second}\" data-state=\"paid\" data-cancel-requested=\"false\"")), "{}", page.body);
    assert_eq!(shop.sink.received().len(), 2, "no callback for a refusal");
    shop.server.stop().await;
}

#[tokio::test]
async fn a_buyer_cancel_request_approved_in_chromium_reaches_service_url() {
    use crate::support::browser::{screenshot, wait_for, with_browser};
    let shop = Shop::open().await;
    let (cart_no, _) = shop.paid_cart(&ITEMS).await;
    let first = shop.orders(cart_no).await[0].order_no;
    shop.wait_notices(1).await;
    let (status, v) = shop
        .buyer(first, "cancel-request", json!({"reason": "단순변심"}))
        .await;
    assert_eq!(status, 200, "{v}");
    set_password(&shop.server, PASSWORD).await;
    let base = shop.server.base.clone();

    with_browser("console::ipay_cancel", move |client| async move {
        client.goto(&format!("{base}/console/login")).await.unwrap();
        wait_for(&client, "#password")
            .await
            .send_keys(PASSWORD)
            .await
            .unwrap();
        wait_for(&client, "#login-submit")
            .await
            .click()
            .await
            .unwrap();
        wait_for(&client, "#dashboard").await;
        client
            .goto(&format!("{base}/console/payments?q={first}"))
            .await
            .unwrap();
        // The order number names its cart: the search opens the payment.
        wait_for(&client, &format!("#payment[data-payment-id='{cart_no}']")).await;
        wait_for(
            &client,
            &format!("tr#order-{first}[data-cancel-requested='true']"),
        )
        .await;
        screenshot(&client, "console-ipay-cancel-request.png").await;
        wait_for(&client, "#do-approve-cancel")
            .await
            .click()
            .await
            .unwrap();
        wait_for(
            &client,
            &format!("tr#order-{first}[data-state='cancelled']"),
        )
        .await;
        screenshot(&client, "console-ipay-cancel-approved.png").await;
    })
    .await;

    // Without a browser the test was skipped and nothing was approved.
    if shop.order(first).await.state == OrderState::Cancelled {
        let notices = shop.wait_notices(2).await;
        let IpayNotice::Cancel(cancel) = &notices[1] else {
            panic!("{notices:?}");
        };
        assert_eq!(cancel.auction_order_no, first);
        let body = String::from_utf8_lossy(&shop.sink.received()[1].body).into_owned();
        assert!(body.contains("<ResponseType>1</ResponseType>"), "{body}");
    }
    shop.server.stop().await;
}
