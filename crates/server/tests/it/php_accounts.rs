//! The manual's `payapp_sellerRegist.php` and `payapp_useridCheck.php`
//! against gyeolje.
//!
//! Both files under `php/` are the manual's code blocks copied verbatim
//! (only the block's common four-space indent removed). The test fills in
//! the `$postdata` values the manual leaves as `''` — the one edit the
//! manual asks for ("아래 입력정보를 알맞게 수정하세요") — points
//! `payapp_lib.php` at the test server, and runs each sample with php-cli.

use crate::support::TestServer;
use crate::support::php::{PhpSample, fill_postdata};
use gyeolje_core::SellerKind;
use gyeolje_server::seed::{PAYAPP_AGENCY_USERID, PAYAPP_RESELLER_USERID};

const SELLER_REGIST: &str = include_str!("php/payapp_sellerRegist.php");
const USERID_CHECK: &str = include_str!("php/payapp_useridCheck.php");

#[tokio::test]
async fn the_manuals_seller_samples_get_state_1() {
    let server = TestServer::start().await;
    let Some(php) = PhpSample::available(&server, "the_manuals_seller_samples_get_state_1") else {
        return;
    };

    let check = fill_postdata(
        USERID_CHECK,
        &[
            ("userid", "phpseller1"),
            ("resellerid", PAYAPP_RESELLER_USERID),
        ],
    );
    let reply = php.run("payapp_useridCheck.php", &check).await;
    assert_eq!(reply["state"], "1", "{reply}");
    assert_eq!(reply["errorMessage"], "", "{reply}");

    let regist = fill_postdata(
        SELLER_REGIST,
        &[
            ("userid", "phpseller1"),
            ("userpwd", "phpPass123"),
            ("sellername", "PHP 상점"),
            ("phone", "01012345678"),
            ("compregno", "123-45-67890"),
            ("compname", "(주)피에이치피"),
            ("biztype1", "도소매"),
            ("biztype2", "전자상거래"),
            ("email", "php@example.co.kr"),
            ("zipcode", "06236"),
            ("addr1", "서울 강남구"),
            ("addr2", "1층"),
            ("homepage", "https://php.example"),
            ("compbank", "국민은행"),
            ("compbanknum", "123456789012"),
            ("compbankname", "(주)피에이치피"),
            ("bizkind", "쇼핑몰사업자"),
            ("username", "김피에"),
            ("usertype", "2"),
            ("resellerid", PAYAPP_RESELLER_USERID),
            ("join_type", "0"),
            ("ceo_nm", "김대표"),
            ("seller_type", "seller"),
            ("common_feedbackurl", "http://127.0.0.1:9/common"),
        ],
    );
    let reply = php.run("payapp_sellerRegist.php", &regist).await;
    assert_eq!(reply["state"], "1", "{reply}");
    assert_eq!(reply["userid"], "phpseller1", "{reply}");
    // PHP's parse_str decoded the key: the base64 `+` and `/` survive.
    let linkkey = reply["linkkey"].as_str().unwrap();
    assert_eq!(linkkey.len(), 44, "{reply}");
    let stored = server
        .app
        .store
        .merchant_by_payapp_userid("phpseller1")
        .await
        .unwrap()
        .unwrap();
    let account = stored.payapp.unwrap();
    assert!(account.linkkey.matches(linkkey));
    assert!(account.linkval.matches(reply["linkval"].as_str().unwrap()));
    assert_eq!(
        account.common_feedbackurl.as_deref(),
        Some("http://127.0.0.1:9/common")
    );

    // Taken now: the same sample says so.
    let reply = php.run("payapp_useridCheck.php", &check).await;
    assert_eq!(reply["state"], "0", "{reply}");
    assert_eq!(reply["errno"], "70020", "{reply}");

    // And the agency signs up a reseller with the same sample.
    let reseller = fill_postdata(
        SELLER_REGIST,
        &[
            ("userid", "phpreseller"),
            ("userpwd", "phpPass123"),
            ("sellername", "PHP 리셀러"),
            ("phone", "01012345678"),
            ("email", "r@example.co.kr"),
            ("bizkind", "기타"),
            ("username", "김리셀"),
            ("usertype", "1"),
            ("resellerid", PAYAPP_AGENCY_USERID),
            ("join_type", "0"),
            ("seller_type", "reseller"),
        ],
    );
    let reply = php.run("payapp_sellerRegist.php", &reseller).await;
    assert_eq!(reply["state"], "1", "{reply}");
    let s = server
        .app
        .store
        .payapp_seller("phpreseller")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.kind, SellerKind::Reseller);
    server.stop().await;
}
