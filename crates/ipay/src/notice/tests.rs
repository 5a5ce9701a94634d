use super::*;
use proptest::prelude::*;

/// §3.1.6's sample, verbatim (BankCode and BankName swapped, as printed).
const MANUAL_COMPLETION: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<IpayResponse>
<ResponseType>0</ResponseType>
<AuctionOrderNo>123456789</AuctionOrderNo>
<IpayCartNo>12345</IpayCartNo>
<OrderDate>2010-10-05 08:23:00</OrderDate>
<BankCode>우리은행</BankCode>
<BankName>1520</BankName>
<AccountNumb>12345678901234</AccountNumb>
<PayDate></PayDate>
<PayPrice>32500</PayPrice>
<PaymentType>A</PaymentType>
<ExpireDate>2010-10-12 08:23:00</ExpireDate>
<Emoney>0</Emoney>
<CardName></CardName>
<CardMonth></CardMonth>
<CardNumb></CardNumb>
<NoInterestYN>N</NoInterestYN>
<BuyerName>홍길동</BuyerName>
<AuctionPayNo>5678901234</AuctionPayNo>
<AuctionOrderNos>1234567890@1234567891@</AuctionOrderNos>
<ItemNos>1903=I000092448@54=I000092449@</ItemNos>
</IpayResponse>
"#;

/// §3.1.8's sample, verbatim (with the trailing space in CancelDate).
const MANUAL_CANCEL: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<IpayResponse>
<ResponseType>1</ResponseType>
<AuctionOrderNo>123456789</AuctionOrderNo>
<IpayCartNo>12345</IpayCartNo>
<AuctionItemNo>I000016033</AuctionItemNo>
<IpayItemNo>54</IpayItemNo>
<CancelCode></CancelCode>
<CancelDate>2010-10-02 오후 5:37:00 </CancelDate>
<CancelPrice>32500.0000</CancelPrice>
</IpayResponse>
"#;

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, DATE_TIME).unwrap()
}

fn won(v: i64) -> Won {
    Won::new(v).unwrap()
}

/// The sample's values, with the bank fields the way the field list says.
fn completion() -> CompletionNotice {
    CompletionNotice {
        auction_order_no: 123456789,
        ipay_cart_no: 12345,
        order_date: at("2010-10-05 08:23:00"),
        bank_code: "1520".into(),
        bank_name: "우리은행".into(),
        account_numb: "12345678901234".into(),
        pay_date: None,
        pay_price: won(32500),
        payment_type: PaymentType::VirtualAccount,
        expire_date: Some(at("2010-10-12 08:23:00")),
        emoney: Won::ZERO,
        card_name: String::new(),
        card_month: None,
        card_numb: String::new(),
        no_interest: false,
        buyer_name: "홍길동".into(),
        auction_pay_no: 5678901234,
        auction_order_nos: vec![1234567890, 1234567891],
        item_nos: vec![
            ("1903".into(), "I000092448".into()),
            ("54".into(), "I000092449".into()),
        ],
    }
}

fn cancel() -> CancelNotice {
    CancelNotice {
        auction_order_no: 123456789,
        ipay_cart_no: 12345,
        auction_item_no: "I000016033".into(),
        ipay_item_no: "54".into(),
        cancel_code: String::new(),
        cancel_date: at("2010-10-02 17:37:00"),
        cancel_price: won(32500),
    }
}

#[test]
fn completion_matches_the_manual_layout() {
    let expected = MANUAL_COMPLETION
        .replace("<BankCode>우리은행", "<BankCode>1520")
        .replace("<BankName>1520", "<BankName>우리은행");
    assert_eq!(completion().to_xml(), expected);
    insta::assert_snapshot!("completion", completion().to_xml());
}

#[test]
fn cancel_matches_the_manual_layout() {
    let expected = MANUAL_CANCEL.replace("5:37:00 <", "5:37:00<");
    assert_eq!(cancel().to_xml(), expected);
    insta::assert_snapshot!("cancel", cancel().to_xml());
}

#[test]
fn the_manuals_samples_parse() {
    let n = CompletionNotice::parse(MANUAL_COMPLETION).unwrap();
    // As printed: the swapped fields are read as they stand.
    assert_eq!(
        (n.bank_code.as_str(), n.bank_name.as_str()),
        ("우리은행", "1520")
    );
    assert_eq!(n.auction_order_nos, completion().auction_order_nos);
    assert_eq!(n.item_nos, completion().item_nos);
    assert_eq!(CancelNotice::parse(MANUAL_CANCEL).unwrap(), cancel());
    assert!(matches!(
        IpayNotice::parse(MANUAL_CANCEL).unwrap(),
        IpayNotice::Cancel(_)
    ));
    assert!(matches!(
        IpayNotice::parse(MANUAL_COMPLETION).unwrap(),
        IpayNotice::Completion(_)
    ));
}

#[test]
fn card_fields_and_deposit_dates() {
    let mut n = completion();
    n.payment_type = PaymentType::Card;
    n.card_name = "현대카드".into();
    n.card_month = Some(3);
    n.card_numb = "123456".into();
    n.no_interest = true;
    n.pay_date = Some(at("2010-10-20 10:59:00"));
    let xml = n.to_xml();
    assert!(xml.contains("<CardMonth>03</CardMonth>\n"));
    assert!(xml.contains("<NoInterestYN>Y</NoInterestYN>\n"));
    assert!(xml.contains("<PaymentType>C</PaymentType>\n"));
    assert_eq!(CompletionNotice::parse(&xml).unwrap(), n);
    let bare = MANUAL_COMPLETION.replace("2010-10-12 08:23:00", "2010-11-25");
    let parsed = CompletionNotice::parse(&bare).unwrap();
    assert_eq!(parsed.expire_date, Some(at("2010-11-25 23:59:59")));
}

#[test]
fn korean_times_around_noon_and_midnight() {
    for (iso, ko) in [
        ("2010-10-02 00:05:00", "2010-10-02 오전 12:05:00"),
        ("2010-10-02 11:59:59", "2010-10-02 오전 11:59:59"),
        ("2010-10-02 12:00:00", "2010-10-02 오후 12:00:00"),
        ("2010-10-02 23:01:02", "2010-10-02 오후 11:01:02"),
    ] {
        assert_eq!(korean_date_time(at(iso)), ko);
        assert_eq!(parse_korean_date_time(ko), Some(at(iso)));
    }
    assert_eq!(parse_korean_date_time("2010-10-02 오후 13:00:00"), None);
    let iso = MANUAL_CANCEL.replace("오후 5:37:00 ", "17:37:00");
    assert_eq!(CancelNotice::parse(&iso).unwrap(), cancel());
}

#[test]
fn text_is_escaped_and_unescaped() {
    let mut n = completion();
    n.buyer_name = "A&B <Co> \"x\" 'y'".into();
    let xml = n.to_xml();
    assert!(xml.contains("<BuyerName>A&amp;B &lt;Co&gt; &quot;x&quot; &apos;y&apos;</BuyerName>"));
    assert_eq!(CompletionNotice::parse(&xml).unwrap(), n);
    let refs = MANUAL_COMPLETION.replace("홍길동", "&#54861;&#xAE38;&quot;&apos;");
    assert_eq!(
        CompletionNotice::parse(&refs).unwrap().buyer_name,
        "홍길\"'"
    );
}

#[test]
fn bad_documents_are_refused() {
    assert_eq!(
        CancelNotice::parse(MANUAL_COMPLETION),
        Err(NoticeError::WrongType {
            expected: "1",
            found: "0".into()
        })
    );
    let missing = MANUAL_CANCEL.replace("<IpayCartNo>12345</IpayCartNo>\n", "");
    assert_eq!(
        CancelNotice::parse(&missing),
        Err(NoticeError::Missing("IpayCartNo"))
    );
    for bad in [
        "",
        "<Other></Other>",
        "<IpayResponse><A>1</B></IpayResponse>",
        "<IpayResponse><A><B/></A></IpayResponse>",
        "<IpayResponse><A>&bogus;</A></IpayResponse>",
        "<IpayResponse><A>1</A>",
        "<IpayResponse></IpayResponse><x/>",
    ] {
        assert!(
            matches!(IpayNotice::parse(bad), Err(NoticeError::Malformed(_))),
            "{bad:?}"
        );
    }
    let price = MANUAL_CANCEL.replace("32500.0000", "32500.5000");
    assert!(matches!(
        CancelNotice::parse(&price),
        Err(NoticeError::Invalid {
            field: "CancelPrice",
            ..
        })
    ));
    let kind = MANUAL_CANCEL.replace("<PaymentType>", "");
    assert!(CompletionNotice::parse(&kind).is_err());
}

#[test]
fn number_lists() {
    assert_eq!(
        join_order_nos(&[1234567890, 1234567891]),
        "1234567890@1234567891@"
    );
    assert_eq!(join_order_nos(&[]), "");
    assert_eq!(split_order_nos("1@2"), Ok(vec![1, 2]));
    assert_eq!(split_order_nos(""), Ok(vec![]));
    assert!(split_order_nos("1@@2@").is_err());
    assert!(split_order_nos("x@").is_err());
    assert_eq!(
        split_item_nos("a=b=I1@"),
        Ok(vec![("a=b".into(), "I1".into())])
    );
    assert!(split_item_nos("nothing@").is_err());
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9가-힣 &<>\"'=@.-]{0,20}"
}

fn item_no() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9가-힣=_-]{0,12}"
}

fn date_time() -> impl Strategy<Value = NaiveDateTime> {
    (0i64..2_000_000_000).prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap().naive_utc())
}

fn amount() -> impl Strategy<Value = Won> {
    (0i64..=Won::MAX.get()).prop_map(|v| Won::new(v).unwrap())
}

prop_compose! {
    fn any_completion()(
        nos in (any::<i64>(), any::<i64>(), any::<i64>()),
        dates in (date_time(), proptest::option::of(date_time()), proptest::option::of(date_time())),
        strings in (text(), text(), text(), text(), text(), text()),
        money in (amount(), amount()),
        kind in 0usize..4,
        card_month in proptest::option::of(0u8..=36),
        no_interest in any::<bool>(),
        order_nos in proptest::collection::vec(any::<i64>(), 0..4),
        item_nos in proptest::collection::vec(("[a-zA-Z0-9=_-]{0,8}", "I[0-9]{9}"), 0..4),
    ) -> CompletionNotice {
        let kinds = [PaymentType::VirtualAccount, PaymentType::Card, PaymentType::Mobile, PaymentType::Transfer];
        CompletionNotice {
            auction_order_no: nos.0,
            ipay_cart_no: nos.1,
            order_date: dates.0,
            bank_code: strings.0,
            bank_name: strings.1,
            account_numb: strings.2,
            pay_date: dates.1,
            pay_price: money.0,
            payment_type: kinds[kind],
            expire_date: dates.2,
            emoney: money.1,
            card_name: strings.3,
            card_month,
            card_numb: strings.4,
            no_interest,
            buyer_name: strings.5,
            auction_pay_no: nos.2,
            auction_order_nos: order_nos,
            item_nos,
        }
    }
}

proptest! {
    #[test]
    fn completion_round_trips(n in any_completion()) {
        prop_assert_eq!(CompletionNotice::parse(&n.to_xml()), Ok(n.clone()));
        prop_assert_eq!(IpayNotice::parse(&n.to_xml()), Ok(IpayNotice::Completion(n)));
    }

    #[test]
    fn cancel_round_trips(
        nos in (any::<i64>(), any::<i64>()),
        strings in (text(), text(), text()),
        cancel_date in date_time(),
        cancel_price in amount(),
    ) {
        let n = CancelNotice {
            auction_order_no: nos.0,
            ipay_cart_no: nos.1,
            auction_item_no: strings.0,
            ipay_item_no: strings.1,
            cancel_code: strings.2,
            cancel_date,
            cancel_price,
        };
        prop_assert_eq!(CancelNotice::parse(&n.to_xml()), Ok(n));
    }

    #[test]
    fn order_nos_round_trip(nos in proptest::collection::vec(any::<i64>(), 0..6)) {
        prop_assert_eq!(split_order_nos(&join_order_nos(&nos)), Ok(nos));
    }

    #[test]
    fn item_nos_round_trip(nos in proptest::collection::vec((item_no(), "I[0-9]{9}"), 0..6)) {
        prop_assert_eq!(split_item_nos(&join_item_nos(&nos)), Ok(nos));
    }
}
