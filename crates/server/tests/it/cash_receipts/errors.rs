//! Every refusal of `cashSt` and `cashStCn`, in the PayApp error shape.

use super::*;
use crate::support::form;
use gyeolje_core::cash_receipt::{Identity, Purpose};
use gyeolje_core::{NewMerchant, PayAppAccount, Secret, Timestamp};
use std::time::Duration;

/// Asserts a one-line PayApp failure with `errno` and returns its message.
#[track_caller]
fn failure(text: &str, errno: &str) -> String {
    assert!(!text.contains('\n'), "one line: {text:?}");
    let r = gyeolje_payapp::parse_reply(text);
    let get = |k| {
        gyeolje_payapp::codec::reply_value(&r, k)
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(get("state"), "0", "{text}");
    assert_eq!(get("errno"), errno, "{text}");
    get("errorMessage")
}

/// Field changes to [`VALID`], the errno, and how the message starts.
type Case = (
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
);

#[tokio::test]
async fn every_field_rule_over_raw_bytes() {
    let server = TestServer::start().await;
    let cases: &[Case] = &[
        (&[("userid", "")], "70010", "userid"),
        (&[("userid", "nobody")], "70010", "userid: 등록되지 않은"),
        (&[("linkkey", "wrong")], "70010", "userid 또는 linkkey"),
        (&[("good_name", "")], "70020", "good_name: 필수"),
        (&[("buyr_name", "")], "70020", "buyr_name: 필수"),
        (&[("buyr_tel1", "010-12x4-5678")], "70020", "buyr_tel1: "),
        (&[("buyr_mail", "buyer@example")], "70020", "buyr_mail: "),
        (&[("id_info", "")], "70020", "id_info: 필수"),
        (
            &[("id_info", "0212345678")],
            "70020",
            "id_info: 휴대폰번호(010",
        ),
        (
            &[("id_info", "1234567890")],
            "70020",
            "id_info: 사업자번호의 검증번호",
        ),
        (
            &[("id_info", "010123")],
            "70020",
            "id_info: 휴대폰번호는 10~11자리",
        ),
        (
            &[("id_info", "1234567891")],
            "70020",
            "id_info: 소득공제용(tr_code=0)",
        ),
        (&[("trad_time", "")], "70020", "trad_time: 필수"),
        (
            &[("trad_time", "20150230120000")],
            "70020",
            "trad_time: yyyyMMddHHmmss",
        ),
        (
            &[("trad_time", "2015-12-31 18:31")],
            "70020",
            "trad_time: yyyyMMddHHmmss",
        ),
        (
            &[("trad_time", "29991231235959")],
            "70020",
            "trad_time: 미래 시각",
        ),
        (&[("tr_code", "")], "70020", "tr_code: 필수"),
        (
            &[("tr_code", "2")],
            "70020",
            "tr_code: 0(소득공제용) 또는 1(지출증빙용)",
        ),
        (&[("amt_tot", "")], "70020", "amt_tot: 필수"),
        (&[("amt_sup", "")], "70020", "amt_sup: 필수"),
        (&[("amt_svc", "")], "70020", "amt_svc: 필수"),
        (&[("amt_tax", "")], "70020", "amt_tax: 필수"),
        (&[("amt_tot", "10500.0")], "70020", "amt_tot: 원 단위 정수"),
        (&[("amt_sup", "9,091")], "70020", "amt_sup: 원 단위 정수"),
        (&[("amt_svc", "-500")], "70020", "amt_svc: 원 단위 정수"),
        (&[("amt_tax", "9e2")], "70020", "amt_tax: 원 단위 정수"),
        (
            &[("amt_tot", "10501")],
            "70020",
            "amt_tot: 거래금액(10,501원)이 공급가액+봉사료+부가가치세(10,500원)와 같아야 합니다",
        ),
        (
            &[
                ("amt_tot", "0"),
                ("amt_sup", "0"),
                ("amt_svc", "0"),
                ("amt_tax", "0"),
            ],
            "70020",
            "amt_tot: 0보다",
        ),
        (&[("corp_tax_type", "")], "70020", "corp_tax_type: 필수"),
        (
            &[("corp_tax_type", "TG03")],
            "70020",
            "corp_tax_type: TG01(과세) 또는 TG02(면세)",
        ),
        (
            &[("corp_tax_type", "TG02")],
            "70020",
            "amt_tax: 면세(corp_tax_type=TG02)",
        ),
    ];
    for (changes, errno, starts) in cases {
        let mut body: Vec<(&str, &str)> = VALID.to_vec();
        for &(k, v) in changes.iter() {
            body.retain(|&(key, _)| key != k);
            if !v.is_empty() {
                body.push((k, v));
            }
        }
        let (status, text) = server.api_raw(form(&body)).await;
        assert_eq!(status, 200, "{changes:?}");
        let message = failure(&text, errno);
        assert!(
            message.starts_with(starts),
            "{changes:?}: {message} does not start with {starts}"
        );
        // Present but blank is the same as missing.
        if let [(field, "")] = changes {
            let blank = format!("{}&{field}=%20%20", form(&body));
            let (_, text) = server.api_raw(blank).await;
            assert!(failure(&text, errno).starts_with(starts), "{field} blank");
        }
    }
    // None of them stored a receipt (a refusal after the number was taken
    // leaves a gap in the numbers, never a receipt).
    let next = server
        .app
        .store
        .reserve_ids("cash_receipt", 1)
        .await
        .unwrap();
    for id in 1000..next.start {
        assert!(
            server
                .app
                .store
                .cash_receipt(CashReceiptId::new(id))
                .await
                .unwrap()
                .is_none()
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn refusals_through_the_client() {
    let server = TestServer::start().await;
    let client = server.client();

    let mut unknown = receipt(&[]);
    unknown.userid = "nobody".into();
    let (errno, message) = rejected(client.cash_st(&unknown).await);
    assert_eq!(errno, 70010);
    assert!(message.starts_with("userid"), "{message}");

    let mut wrong_key = receipt(&[]);
    wrong_key.linkkey = Some("wrong".into());
    assert_eq!(rejected(client.cash_st(&wrong_key).await).0, 70010);

    // The server re-checks what the typed value does not prevent.
    let mut business = receipt(&[]);
    business.id_info = Identity::parse("1234567891").unwrap();
    business.tr_code = Purpose::IncomeDeduction;
    let (errno, message) = rejected(client.cash_st(&business).await);
    assert_eq!(errno, 70020);
    assert!(message.starts_with("id_info: 소득공제용"), "{message}");

    // A trade an hour and more ahead of the (business) clock — a minute
    // more, since the server's clock runs on while the request travels
    // (a loaded machine took over a second with 3,601 s).
    let mut future = receipt(&[]);
    future.trad_time = server.app.now().plus(Duration::from_secs(3660));
    let (errno, message) = rejected(client.cash_st(&future).await);
    assert_eq!(errno, 70020);
    assert_eq!(message, "trad_time: 미래 시각으로 발행할 수 없습니다");
    // Within the hour allowed for clock drift it is fine.
    future.trad_time = server.app.now().plus(Duration::from_secs(3000));
    client.cash_st(&future).await.unwrap();
    // Any past trade is fine.
    future.trad_time = Timestamp::parse_kst_compact("20000101000000").unwrap();
    client.cash_st(&future).await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn cancel_refusals() {
    let server = TestServer::start().await;
    let client = server.client();
    let mine = client.cash_st(&receipt(&[])).await.unwrap();

    // Another seller's receipt and a number never issued get one message.
    let other = server
        .app
        .store
        .create_merchant(
            NewMerchant {
                callback_hosts: Vec::new(),
                innopay: None,
                ipay: None,
                name: "다른상점".into(),
                payapp: Some(PayAppAccount {
                    userid: "othershop".into(),
                    linkkey: Secret::new("other-key"),
                    linkval: Secret::new("other-val"),
                    common_feedbackurl: None,
                }),
            },
            server.app.now(),
        )
        .await
        .unwrap();
    assert_eq!(other.name, "다른상점");
    let foreign = CashStCn {
        userid: "othershop".into(),
        ..cancel(mine.cashstno)
    };
    let (errno, foreign_message) = rejected(client.cash_st_cn(&foreign).await);
    assert_eq!(errno, 70020);
    assert_eq!(
        foreign_message,
        "cashstno: 현금영수증 발행 건을 찾을 수 없습니다"
    );
    let (errno, unknown_message) =
        rejected(client.cash_st_cn(&cancel(mine.cashstno + 10_000)).await);
    assert_eq!((errno, unknown_message), (70020, foreign_message));

    let (errno, _) = rejected(
        client
            .cash_st_cn(&CashStCn {
                userid: "nobody".into(),
                ..cancel(mine.cashstno)
            })
            .await,
    );
    assert_eq!(errno, 70010);
    let (errno, _) = rejected(
        client
            .cash_st_cn(&CashStCn {
                linkkey: Some("wrong".into()),
                ..cancel(mine.cashstno)
            })
            .await,
    );
    assert_eq!(errno, 70010);

    // Raw bytes: missing, blank and malformed numbers, a missing userid.
    for (body, errno, starts) in [
        ("cmd=cashStCn&userid=payapptest", "70020", "cashstno: 필수"),
        (
            "cmd=cashStCn&userid=payapptest&cashstno=+",
            "70020",
            "cashstno: 필수",
        ),
        (
            "cmd=cashStCn&userid=payapptest&cashstno=abc",
            "70020",
            "cashstno: 숫자만",
        ),
        (
            "cmd=cashStCn&userid=payapptest&cashstno=0",
            "70020",
            "cashstno: 1 이상",
        ),
        ("cmd=cashStCn&cashstno=1000", "70010", "userid"),
    ] {
        let (status, text) = server.api_raw(body).await;
        assert_eq!(status, 200);
        let message = failure(&text, errno);
        assert!(message.starts_with(starts), "{body}: {message}");
    }
    // None of that touched the receipt; its seller still can cancel it.
    client.cash_st_cn(&cancel(mine.cashstno)).await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn cmd_names_are_exact() {
    let server = TestServer::start().await;
    for cmd in ["cashst", "CASHST", "cashStcn", "cashStRegister"] {
        let r = server.api(&pairs(&[("cmd", cmd)])).await;
        assert_eq!((r.get("state"), r.get("errno")), ("0", "70040"), "{cmd}");
    }
    server.stop().await;
}
