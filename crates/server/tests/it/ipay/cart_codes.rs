//! Every §3.1.5 error code of `InsertIpayOrderToLong`, through SOAP: each
//! test changes one thing in the manual's sample cart and asserts the exact
//! negative number, and that `InsertIpayOrder` (the int version) answers
//! the same. −18 is retired ("더 이상 사용하지 않는 오류 코드"): the cart
//! helper asserts no call in this suite produces it.

use super::interop_wire::{Cart, client};
use crate::support::TestServer;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Asserts each `(what, cart, code)` against one server.
async fn expect(cases: Vec<(&str, Cart, i64)>) {
    let server = TestServer::start().await;
    let c = client(&server);
    for (what, cart, want) in cases {
        let got = cart.code(&c).await;
        assert_ne!(got, -18, "{what}: −18 is retired");
        assert_eq!(got, want, "{what}");
    }
    server.stop().await;
}

#[tokio::test]
async fn the_manuals_sample_cart_is_accepted_by_both_operations() {
    let server = TestServer::start().await;
    let c = client(&server);
    let long = Cart::manual().insert(&c).await;
    let (order, items) = Cart::manual().elements();
    let int = c.insert_order(order, items).await.unwrap();
    assert!(long > 0 && int > 0, "{long} {int}");
    assert_ne!(i64::from(int), long, "two carts");
    server.stop().await;
}

#[tokio::test]
async fn order_codes_1_to_8() {
    let m = Cart::manual;
    expect(vec![
        ("payment_rule missing", m().without("payment_rule"), -1),
        ("pay_price missing", m().without("pay_price"), -2),
        ("shipping_type missing", m().without("shipping_type"), -3),
        (
            "free shipping with a price",
            m().set("shipping_type", "1"),
            -4,
        ),
        (
            "cash on delivery with a price",
            m().set("shipping_type", "2"),
            -4,
        ),
        ("shipping_price missing", m().without("shipping_price"), -5),
        ("back_url missing", m().without("back_url"), -6),
        ("back_url empty", m().set("back_url", ""), -6),
        ("service_url missing", m().without("service_url"), -7),
        ("service_url empty", m().set("service_url", " "), -7),
        ("redirect_url missing", m().without("redirect_url"), -8),
        ("redirect_url empty", m().set("redirect_url", ""), -8),
    ])
    .await;
}

#[tokio::test]
async fn item_codes_9_to_17() {
    let m = Cart::manual;
    let mut cases = Vec::new();
    for bad in ["'", "`", "^", "*", "|", "\n", "\0"] {
        // `\0` cannot be written in XML at all; the client escapes the rest
        // (a newline as `&#10;`, so it survives attribute normalization).
        if bad == "\0" {
            continue;
        }
        cases.push((bad, m().item_set("item_name", &format!("a{bad}b")), -9));
    }
    let named = |what, cart, code| (what, cart, code);
    cases.extend([
        named("item_name missing", m().item_without("item_name"), -10),
        named("item_name blank", m().item_set("item_name", "  "), -10),
        named("ipay_itemno missing", m().item_without("ipay_itemno"), -11),
        named("ipay_itemno empty", m().item_set("ipay_itemno", ""), -11),
        named(
            "item_option_name missing",
            m().item_without("item_option_name"),
            -12,
        ),
        named("item_price missing", m().item_without("item_price"), -13),
        named("order_qty missing", m().item_without("order_qty"), -14),
        named("item_url missing", m().item_without("item_url"), -15),
        named("item_url empty", m().item_set("item_url", ""), -15),
        named(
            "thumbnail_url missing",
            m().item_without("thumbnail_url"),
            -16,
        ),
        named(
            "forbidden word",
            m().item_set("item_name", "정품 마약 방석"),
            -17,
        ),
    ]);
    expect(cases).await;
}

#[tokio::test]
async fn an_empty_item_option_name_is_not_null() {
    // −12 is "null": an empty option (a product without options) is fine.
    let server = TestServer::start().await;
    let no = Cart::manual()
        .item_set("item_option_name", "")
        .insert(&client(&server))
        .await;
    assert!(no > 0, "{no}");
    server.stop().await;
}

#[tokio::test]
async fn codes_20_81_82_91_92_98_99() {
    let m = Cart::manual;
    expect(vec![
        (
            "cancel_restriction 2",
            m().item_set("cancel_restriction", "2"),
            -20,
        ),
        (
            "discount specified but missing",
            m().set("discount_priceSpecified", "true"),
            -81,
        ),
        ("discount 0", m().set("discount_price", "0"), -81),
        (
            "discount leaves less than 100 won",
            m().set("discount_price", "32250").set("pay_price", "50"),
            -82,
        ),
        (
            "item_name of 201 characters",
            m().item_set("item_name", &"가".repeat(201)),
            -91,
        ),
        (
            "item_option_name of 101 characters",
            m().item_set("item_option_name", &"a".repeat(101)),
            -92,
        ),
        (
            "pay_price without shipping",
            m().set("pay_price", "29800"),
            -98,
        ),
        ("payment_rule 15", m().set("payment_rule", "15"), -99),
        ("order_qty 0", m().item_set("order_qty", "0"), -99),
        ("shipping_type 4", m().set("shipping_type", "4"), -99),
    ])
    .await;
}

#[tokio::test]
async fn limits_and_discounts_that_are_accepted() {
    let server = TestServer::start().await;
    let c = client(&server);
    for (what, cart) in [
        (
            "200 characters",
            Cart::manual().item_set("item_name", &"가".repeat(200)),
        ),
        (
            "100-character option",
            Cart::manual().item_set("item_option_name", &"a".repeat(100)),
        ),
        (
            "cancel_restriction 1",
            Cart::manual().item_set("cancel_restriction", "1"),
        ),
        (
            "cancel_restriction 0",
            Cart::manual().item_set("cancel_restriction", "0"),
        ),
        (
            "a discount",
            Cart::manual()
                .set("discount_priceSpecified", "true")
                .set("discount_price", "1000")
                .set("pay_price", "31300"),
        ),
        (
            "free shipping at 0",
            Cart::manual()
                .set("shipping_type", "1")
                .set("shipping_price", "0")
                .set("pay_price", "29800"),
        ),
    ] {
        let no = cart.code(&c).await;
        assert!(no > 0, "{what}: {no}");
    }
    server.stop().await;
}

/// A local image host: `/big.jpg` (500 KB), `/edge.jpg` (exactly 400 KB),
/// `/over.jpg` (400 KB + 1), `/small.jpg`, `/empty.jpg`, and 404 for the
/// rest. Counts the requests it serves.
async fn image_host() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let body = |n: usize| move || async move { vec![0xffu8; n] };
    let app = Router::new()
        .route("/big.jpg", get(body(500 * 1024)))
        .route("/edge.jpg", get(body(400 * 1024)))
        .route("/over.jpg", get(body(400 * 1024 + 1)))
        .route("/small.jpg", get(body(2048)))
        .route("/empty.jpg", get(body(0)))
        .fallback(|| async { (StatusCode::NOT_FOUND, "no such image") })
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    next.run(req).await
                }
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("127.0.0.1:{port}"), hits)
}

#[tokio::test]
async fn code_19_item_image_too_large_or_missing() {
    let (host, hits) = image_host().await;
    let server = TestServer::start_with(|c| c.ipay_image_hosts = vec!["127.0.0.1".into()]).await;
    let c = client(&server);
    let with_image = |url: String| Cart::manual().item_set("item_image", &url);
    for (path, want_positive) in [
        ("big.jpg", false),
        ("over.jpg", false),
        ("missing.jpg", false),
        ("empty.jpg", false),
        ("edge.jpg", true),
        ("small.jpg", true),
    ] {
        let got = with_image(format!("http://{host}/{path}")).code(&c).await;
        if want_positive {
            assert!(got > 0, "{path}: {got}");
        } else {
            assert_eq!(got, -19, "{path}");
        }
    }
    assert!(hits.load(Ordering::SeqCst) >= 6);
    // Not an http(s) URL: no image can exist there.
    assert_eq!(with_image("file:///etc/passwd".into()).code(&c).await, -19);

    // `localhost` is not in `ipay_image_hosts`: not fetched, accepted.
    let before = hits.load(Ordering::SeqCst);
    let port = host.rsplit(':').next().unwrap();
    let got = with_image(format!("http://localhost:{port}/big.jpg"))
        .code(&c)
        .await;
    assert!(got > 0, "an image elsewhere is accepted unchecked: {got}");
    assert_eq!(hits.load(Ordering::SeqCst), before, "and not fetched");
    server.stop().await;
}

/// Issue 15: the live `IpayServiceItems` names the image `item_image_url`
/// (the manual's −19 row does too); it is checked like `item_image`.
#[tokio::test]
async fn code_19_checks_item_image_url_too() {
    let (host, _hits) = image_host().await;
    let server = TestServer::start_with(|c| c.ipay_image_hosts = vec!["127.0.0.1".into()]).await;
    let c = client(&server);
    let with_url =
        |path: &str| Cart::manual().item_set("item_image_url", &format!("http://{host}/{path}"));
    assert_eq!(with_url("big.jpg").code(&c).await, -19);
    assert_eq!(with_url("missing.jpg").code(&c).await, -19);
    assert!(with_url("small.jpg").code(&c).await > 0);
    // Both names sent: each is checked.
    let both = with_url("small.jpg").item_set("item_image", &format!("http://{host}/big.jpg"));
    assert_eq!(both.code(&c).await, -19);
    server.stop().await;
}
