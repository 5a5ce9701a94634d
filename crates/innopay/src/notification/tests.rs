use super::*;
use proptest::prelude::*;

fn approval() -> Notification {
    Notification {
        trans_seq: "2000000123".into(),
        user_id: "testpay01m".into(),
        user_name: "테스트가맹점".into(),
        user_phone_no: "021234567".into(),
        moid: "test20180313001".into(),
        goods_name: "테스트상품".into(),
        goods_amt: "10005".into(),
        buyer_code: String::new(),
        buyer_name: "테스트".into(),
        buyer_phone_no: "01012341234".into(),
        pg_code: "01".into(),
        pg_name: "gyeolje".into(),
        pay_method: "CSMS".into(),
        pay_method_name: "SMS 카드결제".into(),
        pg_mid: "nictest14m".into(),
        pg_sid: String::new(),
        status: NotifyStatus::Approved.code().into(),
        status_name: NotifyStatus::Approved.name().into(),
        pg_result_code: "0000".into(),
        pg_result_msg: "카드 결제 성공".into(),
        pg_app_date: "20180313".into(),
        pg_app_time: "110523".into(),
        pg_tid: "testpay01m01031803130000000123".into(),
        approval_amt: "10005".into(),
        approval_no: "30012345".into(),
        card: Some(CardFields {
            card_no: "9410-12**-****-3456".into(),
            card_quota: "00".into(),
            card_issue_code: "06".into(),
            card_issue_name: "신한".into(),
            card_acquire_code: "06".into(),
            card_acquire_name: "신한".into(),
        }),
        goods: vec![GoodsLine {
            code: "G-1".into(),
            name: "테스트상품".into(),
            amt: "10005".into(),
            cnt: "1".into(),
            total_amt: "10005".into(),
        }],
        ..Notification::default()
    }
}

fn cancellation() -> Notification {
    Notification {
        status: NotifyStatus::Cancelled.code().into(),
        status_name: NotifyStatus::Cancelled.name().into(),
        goods: Vec::new(),
        cancel: Some(CancelFields {
            cancel_amt: "1000".into(),
            cancel_msg: "test".into(),
            cancel_result_code: "2001".into(),
            cancel_result_msg: "취소 성공".into(),
            cancel_app_date: "20180314".into(),
            cancel_app_time: "145038".into(),
            cancel_pg_tid: "testpay01m01031803130000000123".into(),
            cancel_approval_amt: "1000".into(),
            cancel_approval_no: "30012345".into(),
        }),
        shipping: Some(Shipping {
            zone_code: "04994".into(),
            address: "서울 광진구 강변북로 332".into(),
            address_detail: "123호".into(),
            recipient_name: "테스트".into(),
            recipient_phone_no: "01012341234".into(),
            comment: "문 앞 & 경비실".into(),
        }),
        ..approval()
    }
}

#[test]
fn snapshots() {
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!("approval_notification_body", approval().to_body());
        insta::assert_snapshot!("cancel_notification_body", cancellation().to_body());
    });
}

#[test]
fn order_status_and_groups() {
    let body = approval().to_body();
    assert!(body.starts_with("transSeq=2000000123&userId=testpay01m&"));
    assert!(body.contains("&goodsSize=1&goodsCodeArray%5B%5D=G-1&"));
    assert!(!body.contains("cashReceiptType") && !body.contains("cancelAmt"));
    let n = Notification::parse(&body).unwrap();
    assert_eq!(n, approval());
    assert_eq!(n.status(), Some(NotifyStatus::Approved));
    assert_eq!(
        Notification::parse(&cancellation().to_body())
            .unwrap()
            .status(),
        Some(NotifyStatus::Cancelled)
    );
    assert_eq!(Notification::base_names().len(), 25);
    let e = Notification::parse("goodsSize=2&goodsCodeArray[]=a").unwrap_err();
    assert!(e.message.starts_with("goodsSize"));
}

fn s() -> impl Strategy<Value = String> {
    "[a-z0-9가-힣 &=+%]{0,8}"
}

prop_compose! {
    fn goods_line()(code in s(), name in s(), amt in s(), cnt in s(), total_amt in s()) -> GoodsLine {
        GoodsLine { code, name, amt, cnt, total_amt }
    }
}

prop_compose! {
    fn notification()(
        base in proptest::collection::vec(s(), 25),
        cash in proptest::option::of(proptest::collection::vec(s(), 4)),
        card in proptest::option::of(proptest::collection::vec(s(), 6)),
        cancel in proptest::option::of(proptest::collection::vec(s(), 9)),
        goods in proptest::collection::vec(goods_line(), 0..4),
        shipping in proptest::option::of(proptest::collection::vec(s(), 6)),
    ) -> Notification {
        // Build through the wire names so every field gets a value.
        let mut body = form_urlencoded::Serializer::new(String::new());
        for (name, value) in Notification::BASE_NAMES.iter().zip(&base) {
            body.append_pair(name, value);
        }
        let mut n = Notification::parse(&body.finish()).unwrap();
        let fill = |names: &[&str], values: &[String]| {
            let mut b = form_urlencoded::Serializer::new(String::new());
            for (name, value) in names.iter().zip(values) {
                b.append_pair(name, value);
            }
            Form::parse(&b.finish())
        };
        n.cash = cash.map(|v| { let mut g = CashFields::default(); g.fill(&fill(CashFields::NAMES, &v)); g });
        n.card = card.map(|v| { let mut g = CardFields::default(); g.fill(&fill(CardFields::NAMES, &v)); g });
        n.cancel = cancel.map(|v| { let mut g = CancelFields::default(); g.fill(&fill(CancelFields::NAMES, &v)); g });
        n.shipping = shipping.map(|v| { let mut g = Shipping::default(); g.fill(&fill(Shipping::NAMES, &v)); g });
        n.goods = goods;
        n
    }
}

proptest! {
    #[test]
    fn body_round_trips(n in notification()) {
        prop_assert_eq!(Notification::parse(&n.to_body()).unwrap(), n);
    }
}
