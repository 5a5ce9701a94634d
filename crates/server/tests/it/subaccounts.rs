//! `cmd=subidregist` and the permission bits where they apply: a sub-account
//! requests payments for its seller with 부계정사용 or 메인관리자, cancels with
//! 결제취소 or 메인관리자 and the seller's link key, and gets 70060 otherwise.

use crate::support::{TestServer, rejected};
use gyeolje_core::PaymentId;
use gyeolje_payapp::{Form, PayCancel, PayRequest, SubIdRegist};
use gyeolje_server::payapp::accounts::verify_password;
use gyeolje_server::seed::{PAYAPP_DEMO_LINKKEY, PAYAPP_RESELLER_LINKKEY};

fn sub(subuserid: &str, state: &str) -> SubIdRegist {
    SubIdRegist::from_form(&Form::from_pairs([
        ("userid", "payapptest"),
        ("subuserid", subuserid),
        ("subpwd", "staffpw123"),
        ("subname", "김직원"),
        ("subetc1", "본사"),
        ("subetc2", "기획팀"),
        ("subetc3", "마케팅파트"),
        ("subjtype", "대리"),
        ("state", state),
    ]))
    .unwrap()
}

fn request(userid: &str) -> PayRequest {
    PayRequest::from_form(&Form::from_pairs([
        ("userid", userid),
        ("goodname", "부계정 상품"),
        ("price", "1000"),
        ("recvphone", "01012345678"),
        ("smsuse", "n"),
    ]))
    .unwrap()
}

fn cancel(userid: &str, linkkey: &str, mul_no: i64) -> PayCancel {
    PayCancel {
        userid: userid.into(),
        linkkey: linkkey.into(),
        mul_no,
        cancelmemo: String::new(),
        cancelmode_ready: false,
        partcancel: false,
        cancelprice: None,
    }
}

#[tokio::test]
async fn subidregist_stores_every_field() {
    let server = TestServer::start().await;
    server
        .client()
        .sub_id_regist(&sub("staff01", "5"))
        .await
        .unwrap();
    let stored = server
        .app
        .store
        .sub_account("staff01")
        .await
        .unwrap()
        .unwrap();
    let seller = server
        .app
        .store
        .merchant_by_payapp_userid("payapptest")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.merchant_id, seller.id);
    assert_eq!(stored.subname, "김직원");
    assert_eq!(
        [
            stored.subetc1.as_str(),
            &stored.subetc2,
            &stored.subetc3,
            &stored.subjtype
        ],
        ["본사", "기획팀", "마케팅파트", "대리"]
    );
    assert_eq!(stored.permissions.bits(), 5);
    assert!(!stored.password.as_stored().contains("staffpw123"));
    assert!(verify_password(&stored.password, "staffpw123"));

    // Raw bytes, the manual's call example (no linkkey, no state), and with
    // the seller's key.
    let (status, text) = server
        .api_raw("cmd=subidregist&userid=payapptest&subuserid=staff02&subpwd=staffpw123&subname=%EC%A7%81%EC%9B%90")
        .await;
    assert_eq!((status, text.as_str()), (200, "state=1&errorMessage="));
    let stored = server
        .app
        .store
        .sub_account("staff02")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.permissions.bits(), 0, "no state is 권한없음");
    let r = server
        .api(&[
            ("cmd", "subidregist"),
            ("userid", "payapptest"),
            ("linkkey", PAYAPP_DEMO_LINKKEY),
            ("subuserid", "staff03"),
            ("subpwd", "staffpw123"),
            ("subname", "직원3"),
            ("state", "7"),
        ])
        .await;
    assert_eq!(r.get("state"), "1", "{}", r.1);
    server.stop().await;
}

#[tokio::test]
async fn subidregist_refusals_have_the_documented_codes() {
    let server = TestServer::start().await;
    server
        .client()
        .sub_id_regist(&sub("staff01", "7"))
        .await
        .unwrap();
    let with = |changes: &[(&'static str, &'static str)]| {
        let mut pairs: Vec<(&str, &str)> = vec![
            ("cmd", "subidregist"),
            ("userid", "payapptest"),
            ("subuserid", "staff09"),
            ("subpwd", "staffpw123"),
            ("subname", "직원"),
            ("state", "1"),
        ];
        for (k, v) in changes {
            pairs.retain(|(key, _)| key != k);
            pairs.push((k, v));
        }
        pairs
    };
    // (what, form, errno, text the message contains)
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: [Case; 10] = [
        ("blank userid", with(&[("userid", "")]), "70010", "userid"),
        (
            "unknown userid",
            with(&[("userid", "nobody")]),
            "70010",
            "userid",
        ),
        (
            "wrong linkkey",
            with(&[("linkkey", PAYAPP_RESELLER_LINKKEY)]),
            "70010",
            "linkkey",
        ),
        (
            "a sub-account registering one",
            with(&[("userid", "staff01")]),
            "70060",
            "권한이 없습니다",
        ),
        ("state 8", with(&[("state", "8")]), "70020", "state: "),
        (
            "state letters",
            with(&[("state", "all")]),
            "70020",
            "state: ",
        ),
        (
            "taken by a seller",
            with(&[("subuserid", "payappreseller")]),
            "70020",
            "subuserid: 이미 사용 중인 아이디입니다",
        ),
        (
            "taken by a sub-account",
            with(&[("subuserid", "staff01")]),
            "70020",
            "subuserid: 이미 사용 중인 아이디입니다",
        ),
        (
            "weak password",
            with(&[("subpwd", "1234")]),
            "70020",
            "subpwd: ",
        ),
        ("no subname", with(&[("subname", "")]), "70020", "subname: "),
    ];
    for (what, pairs, errno, needle) in cases {
        let r = server.api(&pairs).await;
        assert_eq!(
            (r.get("state"), r.get("errno")),
            ("0", errno),
            "{what}: {}",
            r.1
        );
        assert!(r.get("errorMessage").contains(needle), "{what}: {}", r.1);
    }
    assert!(
        server
            .app
            .store
            .sub_account("staff09")
            .await
            .unwrap()
            .is_none()
    );
    // Through the client: the id is not free for a seller sign-up either.
    let (errno, message) = rejected(server.client().sub_id_regist(&sub("staff01", "1")).await);
    assert_eq!(errno, 70020, "{message}");
    let r = server
        .api(&[
            ("cmd", "useridCheck"),
            ("userid", "staff01"),
            ("resellerid", "payappreseller"),
        ])
        .await;
    assert_eq!(r.get("errno"), "70020", "{}", r.1);
    server.stop().await;
}

#[tokio::test]
async fn permissions_decide_what_a_sub_account_may_do() {
    let server = TestServer::start().await;
    let client = server.client();
    let seller = server
        .app
        .store
        .merchant_by_payapp_userid("payapptest")
        .await
        .unwrap()
        .unwrap();
    for bits in 0..=7u8 {
        let id = format!("perm{bits}");
        client
            .sub_id_regist(&sub(&id, &bits.to_string()))
            .await
            .unwrap();
        let may_request = bits & 0b011 != 0;
        let may_cancel = bits & 0b110 != 0;

        // payrequest as the sub-account.
        let requested = client.pay_request(&request(&id)).await;
        if may_request {
            let reply = requested.unwrap();
            let payment = server
                .app
                .store
                .payment(PaymentId::new(reply.mul_no))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(payment.merchant_id, seller.id, "belongs to the seller");
        } else {
            let (errno, message) = rejected(requested);
            assert_eq!(errno, 70060, "bits {bits}: {message}");
            assert!(message.starts_with("권한이 없습니다"), "{message}");
            assert!(message.contains(&id), "{message}");
        }

        // paycancel as the sub-account, of a payment made by the seller.
        let (mul_no, _) = server.pay_request(&[]).await;
        server.sandbox_pay(mul_no, "4242424242424242").await;
        // Without the seller's key it is 70010 whatever the bits.
        let (errno, _) = rejected(client.pay_cancel(&cancel(&id, "wrong", mul_no)).await);
        assert_eq!(errno, 70010, "bits {bits}");
        let cancelled = client
            .pay_cancel(&cancel(&id, PAYAPP_DEMO_LINKKEY, mul_no))
            .await;
        if may_cancel {
            cancelled.unwrap();
        } else {
            let (errno, message) = rejected(cancelled);
            assert_eq!(errno, 70060, "bits {bits}: {message}");
            assert!(message.contains("결제취소 권한"), "{message}");
        }
    }

    // Raw bytes: a sub-account without 부계정사용 asking for a payment.
    let (_, text) = server
        .api_raw("cmd=payrequest&userid=perm4&goodname=x&price=1000&recvphone=01012345678&smsuse=n")
        .await;
    assert!(text.starts_with("state=0&errorMessage="), "{text}");
    assert!(text.ends_with("&errno=70060"), "{text}");
    server.stop().await;
}

/// A disabled seller's sub-accounts act for no one: 70010, as for the
/// seller itself (issue 14).
#[tokio::test]
async fn a_disabled_sellers_sub_accounts_are_refused() {
    let server = TestServer::start().await;
    let client = server.client();
    client.sub_id_regist(&sub("staff_off", "2")).await.unwrap();
    assert!(client.pay_request(&request("staff_off")).await.is_ok());
    let seller = server
        .app
        .store
        .merchant_by_payapp_userid("payapptest")
        .await
        .unwrap()
        .unwrap();
    gyeolje_server::admin::merchants::disable(
        &*server.app.store,
        seller,
        gyeolje_core::Timestamp::from_millis(1),
    )
    .await
    .unwrap();
    let (errno, _) = rejected(client.pay_request(&request("staff_off")).await);
    assert_eq!(errno, 70010);
    server.stop().await;
}
