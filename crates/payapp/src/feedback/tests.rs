use super::*;
use crate::error::ErrorCode;

fn sample() -> Feedback {
    Feedback {
        userid: "payapptest".into(),
        linkkey: "ALSL4bhw2kPlZ+NeonwmJ+1DPJnCCRVaOgT+oqg6zaM=".into(),
        linkval: "ALSL4bhw2kPlZ+NeonwmJ+1DPJnCCRVaOgT+oqg6zaN=".into(),
        goodname: "착한상품 & co".into(),
        price: Won::new(1000).unwrap(),
        recvphone: "01012345678".into(),
        memo: "결제요청 테스트 메모".into(),
        reqaddr: false,
        reqdate: "2024-01-31 13:05:09".into(),
        pay_memo: String::new(),
        pay_addr: String::new(),
        pay_date: "2024-01-31 13:07:42".into(),
        pay_type: Some(PayType::Card),
        pay_state: PayState::Paid,
        var1: "order-1234".into(),
        var2: String::new(),
        mul_no: 2000,
        payurl: "http://127.0.0.1:8080/p/abcdEFGH12345678".into(),
        csturl: "http://127.0.0.1:8080/cst/abcdEFGH12345678".into(),
        card_name: "신한카드".into(),
        currency: "krw".into(),
        vccode: String::new(),
        score: String::new(),
        vbank: String::new(),
        vbankno: String::new(),
        feedbacktype: FeedbackType::Request,
        cancel: None,
        echoed: Vec::new(),
    }
}

#[test]
fn body_snapshot() {
    // All snapshots live in src/snapshots, whichever file the test is in.
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!(sample().to_body());
    });
}

#[test]
fn body_has_every_field_in_manual_order() {
    let body = sample().to_body();
    let keys: Vec<&str> = body
        .split('&')
        .map(|kv| kv.split_once('=').map_or(kv, |(k, _)| k))
        .collect();
    assert_eq!(
        keys,
        [
            "userid",
            "linkkey",
            "linkval",
            "goodname",
            "price",
            "recvphone",
            "memo",
            "reqaddr",
            "reqdate",
            "pay_memo",
            "pay_addr",
            "pay_date",
            "pay_type",
            "pay_state",
            "var1",
            "var2",
            "mul_no",
            "payurl",
            "csturl",
            "cardname",
            "card_name",
            "currency",
            "vccode",
            "score",
            "vbank",
            "vbankno",
            "feedbacktype",
        ]
    );
    // Empty fields are present with an empty value, never omitted.
    assert!(body.contains("&pay_memo=&"));
    assert!(body.contains("&vbankno=&"));
}

#[test]
fn unpaid_request_sends_empty_pay_type() {
    let f = Feedback {
        pay_type: None,
        pay_state: PayState::Requested,
        pay_date: String::new(),
        ..sample()
    };
    let body = f.to_body();
    assert!(body.contains("&pay_type=&pay_state=1&"));
    assert_eq!(Feedback::parse(body.as_bytes()).unwrap(), f);
}

#[test]
fn parse_inverts_to_body() {
    let f = sample();
    assert_eq!(Feedback::parse(f.to_body().as_bytes()).unwrap(), f);
    let common = Feedback {
        feedbacktype: FeedbackType::Common,
        reqaddr: true,
        pay_type: Some(PayType::VirtualAccount),
        pay_state: PayState::AwaitingDeposit,
        vbank: "국민은행".into(),
        vbankno: "123-456-789".into(),
        ..sample()
    };
    assert_eq!(
        Feedback::parse(common.to_body().as_bytes()).unwrap(),
        common
    );
}

#[test]
fn parse_reads_cardname_spelling_too() {
    let f = Feedback::parse("mul_no=1&price=10&pay_state=4&cardname=%EC%8B%A0%ED%95%9C".as_bytes())
        .unwrap();
    assert_eq!(f.card_name, "신한");
    assert_eq!(f.pay_type, None);
    assert_eq!(f.feedbacktype, FeedbackType::Request);
    assert_eq!(f.userid, "");
}

#[test]
fn parse_requires_identity_fields() {
    for (body, field) in [
        ("price=10&pay_state=4", "mul_no"),
        ("mul_no=1&pay_state=4", "price"),
        ("mul_no=1&price=10", "pay_state"),
        ("mul_no=1&price=10&pay_state=5", "pay_state"),
        ("mul_no=1&price=10&pay_state=4&pay_type=5", "pay_type"),
        ("mul_no=x&price=10&pay_state=4", "mul_no"),
        ("mul_no=1&price=1.5&pay_state=4", "price"),
        (
            "mul_no=1&price=10&pay_state=4&feedbacktype=2",
            "feedbacktype",
        ),
        ("mul_no=1&price=10&pay_state=4&memo=%FF", "memo"),
    ] {
        let e = Feedback::parse(body.as_bytes()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter, "{body}");
        assert!(e.message.starts_with(field), "{body}: {}", e.message);
    }
}

#[test]
fn verify_is_the_php_sample_check() {
    let f = sample();
    let (id, key, val) = (f.userid.clone(), f.linkkey.clone(), f.linkval.clone());
    let price = Won::new(1000).unwrap();
    assert!(f.verify(&id, &key, &val, price));
    assert!(!f.verify("other", &key, &val, price));
    assert!(!f.verify(&id, "wrong", &val, price));
    assert!(!f.verify(&id, &key, &key, price));
    assert!(!f.verify(&id, &key, &val, Won::new(999).unwrap()));
}

#[test]
fn debug_hides_secrets() {
    let text = format!("{:?}", sample());
    assert!(!text.contains("ALSL4"), "{text}");
}

#[test]
fn state_codes_are_the_manuals() {
    let codes: Vec<u8> = PayState::ALL.iter().map(|s| s.code()).collect();
    // The manual's table, then the live service's 부분취소 codes (issue 15).
    assert_eq!(codes, [1, 4, 8, 16, 32, 9, 64, 10, 70, 71]);
    for s in PayState::ALL {
        assert_eq!(PayState::from_code(s.code()), Some(s));
    }
    let types: Vec<u8> = PayType::ALL.iter().map(|t| t.code()).collect();
    // The manual's table, then the live service's wallet codes (issue 15).
    assert_eq!(types, [1, 2, 3, 4, 6, 7, 9, 15, 16, 17, 21, 22, 23, 24, 25]);
    for t in PayType::ALL {
        assert_eq!(PayType::from_code(t.code()), Some(t));
    }
    assert_eq!(PayType::from_code(5), None);
}

#[test]
fn methods_map_to_types() {
    assert_eq!(PayType::from_method(PayMethod::Card), PayType::Card);
    assert_eq!(PayType::from_method(PayMethod::Phone), PayType::Phone);
    assert_eq!(PayType::from_method(PayMethod::BankTransfer).code(), 6);
    assert_eq!(PayType::from_method(PayMethod::VirtualAccount).code(), 7);
}

#[test]
fn payment_states_map_to_codes() {
    use CancelOrigin::*;
    use PaymentState as S;
    let code = |s, o| PayState::for_payment(s, o, Won::ZERO).code();
    assert_eq!(code(S::Requested, None), 1);
    assert_eq!(code(S::Paid, None), 4);
    assert_eq!(code(S::AwaitingDeposit, None), 10);
    assert_eq!(code(S::Expired, None), 32);
    assert_eq!(code(S::RequestCancelled, Some(MerchantApi)), 8);
    assert_eq!(code(S::RequestCancelled, Some(Buyer)), 8);
    assert_eq!(code(S::RequestCancelled, Some(Operator)), 16);
    assert_eq!(code(S::Cancelled, Some(MerchantApi)), 9);
    assert_eq!(code(S::Cancelled, Some(Operator)), 9);
    assert_eq!(code(S::Cancelled, Some(SettlementReturn)), 64);
    let part = PayState::for_payment(S::Paid, Some(MerchantApi), Won::new(300).unwrap());
    assert_eq!(part.code(), 70);
    assert!(part.is_partial_cancel());
}

#[test]
fn partial_cancel_codes_and_amounts_round_trip() {
    assert_eq!(PayState::from_code(70), Some(PayState::PartiallyCancelled));
    assert_eq!(
        PayState::from_code(71),
        Some(PayState::PartiallyCancelledAlt)
    );
    assert!(PayState::PartiallyCancelledAlt.is_partial_cancel());
    assert!(!PayState::ApprovalCancelled.is_partial_cancel());
    let f = Feedback {
        pay_state: PayState::PartiallyCancelled,
        cancel: Some(CancelAmounts {
            cancelled: Won::new(300).unwrap(),
            remaining: Won::new(700).unwrap(),
        }),
        ..sample()
    };
    let body = f.to_body();
    assert!(
        body.ends_with("&feedbacktype=0&cancelprice=300&remainprice=700"),
        "{body}"
    );
    assert!(
        body.contains("&price=1000&"),
        "price stays the requested price"
    );
    assert_eq!(Feedback::parse(body.as_bytes()).unwrap(), f);
    let echoing = Feedback {
        echoed: vec![
            ("buyerid".into(), "kim".into()),
            ("amount_vat".into(), "91".into()),
        ],
        ..f.clone()
    };
    let body = echoing.to_body();
    assert!(
        body.ends_with("&remainprice=700&buyerid=kim&amount_vat=91"),
        "{body}"
    );
    assert_eq!(Feedback::parse(body.as_bytes()).unwrap(), echoing);
    let full = Feedback {
        pay_state: PayState::ApprovalCancelled,
        cancel: Some(CancelAmounts {
            cancelled: Won::new(1000).unwrap(),
            remaining: Won::ZERO,
        }),
        ..sample()
    };
    assert_eq!(Feedback::parse(full.to_body().as_bytes()).unwrap(), full);
}
