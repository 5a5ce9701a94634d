//! The manual's `payapp_cashst.php` and `payapp_cashstcn.php`, verbatim,
//! with their blank `$postdata` values filled in as an integrator would.

use super::*;
use crate::support::php::{PhpSample, fill_postdata};
use gyeolje_core::cash_receipt::CashReceiptState;

const CASHST: &str = include_str!("../php/payapp_cashst.php");
const CASHSTCN: &str = include_str!("../php/payapp_cashstcn.php");

#[tokio::test]
async fn the_manuals_cash_receipt_samples_issue_and_cancel() {
    let server = TestServer::start().await;
    let Some(php) =
        PhpSample::available(&server, "the_manuals_cash_receipt_samples_issue_and_cancel")
    else {
        return;
    };
    let cashst = fill_postdata(
        CASHST,
        &[
            ("userid", "payapptest"),
            ("good_name", "테스트상품"),
            ("buyr_name", "홍길동"),
            ("buyr_tel1", "01012345678"),
            ("buyr_mail", "test@example.com"),
            ("id_info", "01012345678"),
            // The manual's own example value (원거래시각 예:20151231183120).
            ("trad_time", "20151231183120"),
            ("tr_code", "0"),
            ("amt_tot", "1100"),
            ("amt_sup", "1000"),
            ("amt_svc", "0"),
            ("amt_tax", "100"),
            ("corp_tax_type", "TG01"),
        ],
    );
    let reply = php.run("payapp_cashst.php", &cashst).await;
    assert_eq!(reply["state"], "1", "{reply}");
    assert_eq!(reply["errorMessage"], "", "{reply}");
    let cashstno: i64 = reply["cashstno"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("numeric cashstno: {reply}"));
    let cashsturl = reply["cashsturl"].as_str().unwrap_or_default();
    let r = stored(&server, cashstno).await;
    assert_eq!(r.goods_name, "테스트상품");
    assert_eq!(r.amounts.total().get(), 1100);
    assert_eq!(r.state, CashReceiptState::Issued);
    let (status, page) = server.get(path_of(&server, cashsturl)).await;
    assert_eq!(status, 200);
    assert!(page.contains("1,100"), "{page}");

    let cashstno_text = cashstno.to_string();
    let cashstcn = fill_postdata(
        CASHSTCN,
        &[("userid", "payapptest"), ("cashstno", &cashstno_text)],
    );
    let reply = php.run("payapp_cashstcn.php", &cashstcn).await;
    assert_eq!(reply["state"], "1", "{reply}");
    assert_eq!(reply["errorMessage"], "", "{reply}");
    assert_eq!(
        stored(&server, cashstno).await.state,
        CashReceiptState::Cancelled
    );
    // The sample run again: cancelling twice fails, with the errno PHP reads.
    let reply = php.run("payapp_cashstcn.php", &cashstcn).await;
    assert_eq!(reply["state"], "0", "{reply}");
    assert_eq!(reply["errno"], "70020", "{reply}");
    assert_eq!(
        reply["errorMessage"],
        "cashstno: 이미 취소된 현금영수증입니다"
    );
    server.stop().await;
}

#[test]
fn filling_touches_only_the_blank_values() {
    let filled = fill_postdata(CASHSTCN, &[("userid", "u"), ("cashstno", "7")]);
    let changed: Vec<(&str, &str)> = CASHSTCN
        .lines()
        .zip(filled.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(filled.contains("'cashstno'             => '7',"));
    assert_eq!(CASHSTCN.lines().count(), filled.lines().count());
}
