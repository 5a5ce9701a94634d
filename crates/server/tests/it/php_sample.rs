//! The manual's own PHP sample client against gyeolje.
//!
//! `php/payapp_lib.php` and `php/payapp_request.php` are the manual's code
//! blocks copied verbatim (only the block's common four-space indent removed,
//! so `<?php` starts the file). The test copies them to a temporary directory,
//! pointing `PAYAPP_API_DOMAIN` at the test server there, and runs
//! `payapp_request.php` the way the manual's popup would, with `$_POST` filled.
//!
//! Needs `php` with the curl extension (Debian: `php-cli php-curl`); without
//! it the test is skipped, except under CI where it fails.

use crate::support::php::PhpSample;
use crate::support::{TestServer, won};
use gyeolje_core::{PaymentId, PaymentState};

const PAYAPP_REQUEST: &str = include_str!("php/payapp_request.php");

/// What the manual's popup page would have posted to `payapp_request.php`.
const POSTED: &str = "$_POST = ['goodname'=>'테스트상품','price'=>'1000','recvphone'=>'01012345678','var1'=>'a','var2'=>'b'];";

#[tokio::test]
async fn the_manuals_php_sample_gets_state_1() {
    let server = TestServer::start().await;
    let Some(php) = PhpSample::available(&server, "the_manuals_php_sample_gets_state_1") else {
        return;
    };
    let reply = php
        .run_after(POSTED, "payapp_request.php", PAYAPP_REQUEST)
        .await;
    assert_eq!(reply["state"], "1", "{reply}");
    assert_eq!(reply["errorMessage"], "", "{reply}");
    let mul_no: i64 = reply["mul_no"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("numeric mul_no: {reply}"));
    let payurl = reply["payurl"].as_str().unwrap_or("");
    assert!(
        payurl.starts_with(&format!("{}/p/", server.base)),
        "{reply}"
    );

    let payment = server
        .app
        .store
        .payment(PaymentId::new(mul_no))
        .await
        .unwrap()
        .expect("the payment exists");
    assert_eq!(payment.goods_name, "테스트상품");
    assert_eq!(payment.amount, won(1000));
    assert_eq!(payment.state, PaymentState::Requested);
    server.stop().await;
}

/// The manual's `payapp_paycancel.php` (결제 취소 연동 예제), verbatim but for
/// the three placeholder values an integrator replaces with their own.
#[tokio::test]
async fn the_manuals_paycancel_sample_cancels_a_payment() {
    const SAMPLE: &str = include_str!("php/payapp_paycancel.php");
    let server = crate::support::TestServer::start().await;
    let Some(php) = PhpSample::available(&server, "the_manuals_paycancel_sample_cancels_a_payment")
    else {
        return;
    };
    let (mul_no, _) = server.pay_request(&[]).await;
    server.sandbox_pay(mul_no, "4242424242424242").await;
    let mul = format!("'{mul_no}'");
    let linkkey = format!("'{}'", gyeolje_server::seed::PAYAPP_DEMO_LINKKEY);
    let mut filled = SAMPLE.to_owned();
    for (placeholder, value) in [
        ("'payapp 판매자 아이디'", "'payapptest'"),
        ("'연동KEY'", linkkey.as_str()),
        ("'1234'", mul.as_str()),
    ] {
        assert_eq!(
            filled.matches(placeholder).count(),
            1,
            "{placeholder} appears once"
        );
        filled = filled.replace(placeholder, value);
    }
    let reply = php.run("payapp_paycancel.php", &filled).await;
    assert_eq!(reply["state"], "1", "{reply}");
    let p = server
        .app
        .store
        .payment(gyeolje_core::PaymentId::new(mul_no))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.state, gyeolje_core::PaymentState::Cancelled);
    // Run again: the payment is already cancelled, and the sample sees why.
    let again = php.run("payapp_paycancel.php", &filled).await;
    assert_eq!(
        (again["state"].as_str(), again["errno"].as_str()),
        (Some("0"), Some("70020")),
        "{again}"
    );
    server.stop().await;
}
