//! The buyer's key (the code of `MyOrder.aspx?code=`) reaches only the
//! browser that paid: the paying POST sets it as a cookie and shows the
//! link; a GET of the result page by cart + seller + price — values the
//! seller knows — shows the paid result without it (issue 16).

use super::pages::{ADDRESS_JEJU, order, register, std_page};
use crate::support::TestServer;
use gyeolje_core::PaymentId;

#[tokio::test]
async fn only_the_paying_browser_gets_the_order_page_link() {
    let server = TestServer::start().await;
    let cart = register(&server, order(&[])).await;
    let mut fields = ADDRESS_JEJU.to_vec();
    fields.extend([("method", "card"), ("card_number", "4242424242424242")]);
    let resp = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}{}", server.base, std_page(cart)))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let cookie = resp
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned())
        .expect("the paying response hands over the buyer key");
    let html = resp.text().await.unwrap();
    let code = server
        .app
        .store
        .payment(PaymentId::new(cart))
        .await
        .unwrap()
        .unwrap()
        .page_code
        .as_str()
        .to_owned();
    assert!(
        cookie.starts_with(&format!("ipay_buyer_{cart}={code};")),
        "{cookie}"
    );
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/ipay"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    assert!(
        html.contains(&format!("MyOrder.aspx?code={code}")),
        "{html}"
    );

    // Someone else (the seller) opening the same URL: no key.
    let (status, other) = server.get(&std_page(cart)).await;
    assert_eq!(status, 200);
    assert!(other.contains("결제가 완료되었습니다"), "{other}");
    assert!(!other.contains(&code), "{other}");
    // A wrong or another cart's cookie is no key either.
    for wrong in [
        format!("ipay_buyer_{cart}=AAAAAAAAAAAAAAAA"),
        format!("ipay_buyer_{}={code}", cart + 1),
    ] {
        let page = get_with_cookie(&server, &std_page(cart), &wrong).await;
        assert!(!page.contains("id=\"manage\""), "{wrong}: {page}");
    }
    // The browser that paid, coming back with its cookie: the link again.
    let name_value = cookie.split(';').next().unwrap().to_owned();
    let back = get_with_cookie(&server, &std_page(cart), &name_value).await;
    assert!(
        back.contains(&format!("MyOrder.aspx?code={code}")),
        "{back}"
    );
}

async fn get_with_cookie(server: &TestServer, path: &str, cookie: &str) -> String {
    let resp = server
        .http
        .get(format!("{}{path}", server.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    resp.text().await.unwrap()
}
