use super::*;
use crate::{MerchantId, NewPayment, PageCode, PayerDetails, PaymentId, Protocol};
use proptest::prelude::*;

fn t(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms)
}

fn won(v: i64) -> Won {
    Won::new(v).unwrap()
}

fn requested(amount: i64) -> Payment {
    Payment::create(
        NewPayment {
            id: PaymentId::new(7),
            protocol: Protocol::PayApp,
            merchant_id: MerchantId::new(1),
            page_code: PageCode::parse("abcdefgh12345678").unwrap(),
            amount: won(amount),
            goods_name: "api test".into(),
            buyer_phone: None,
            expires_at: t(10_000),
            reference: None,
            protocol_data: serde_json::Value::Null,
        },
        t(0),
    )
    .0
}

fn approval(at: i64) -> Approval {
    Approval {
        approval_no: "12345678".into(),
        card_name: None,
        card_masked: None,
        installment_months: 0,
        approved_at: t(at),
    }
}

fn approve() -> Command {
    Command::Approve {
        method: PayMethod::Card,
        approval: approval(5),
        settle_due: Some(t(100)),
        payer: Default::default(),
    }
}

fn cancel(amount: i64) -> Command {
    Command::Cancel {
        amount: won(amount),
        origin: CancelOrigin::MerchantApi,
        memo: String::new(),
    }
}

#[test]
fn approve_then_cancel_fully() {
    let p = requested(1000);
    let paid = p.handle(approve(), t(5)).unwrap();
    assert_eq!(paid.payment.state, PaymentState::Paid);
    assert_eq!(paid.payment.version, 2);
    assert_eq!(paid.event.seq, 2);
    let done = paid.payment.handle(cancel(1000), t(6)).unwrap();
    assert_eq!(done.payment.state, PaymentState::Cancelled);
    assert_eq!(done.payment.refundable(), Won::ZERO);
    // Cancelling twice is refused, not a panic.
    assert_eq!(
        done.payment.handle(cancel(1), t(7)),
        Err(TransitionError::NotAllowed {
            state: PaymentState::Cancelled,
            command: "cancel"
        })
    );
}

#[test]
fn partial_cancels_track_the_balance() {
    let paid = requested(1000).handle(approve(), t(5)).unwrap().payment;
    let after = paid.handle(cancel(300), t(6)).unwrap().payment;
    assert_eq!(after.state, PaymentState::Paid);
    assert!(after.is_partially_cancelled());
    assert_eq!(after.refundable(), won(700));
    assert_eq!(
        after.handle(cancel(701), t(7)),
        Err(TransitionError::ExceedsBalance {
            requested: won(701),
            balance: won(700)
        })
    );
    assert_eq!(
        after.handle(cancel(0), t(7)),
        Err(TransitionError::ZeroAmount)
    );
    let end = after.handle(cancel(700), t(7)).unwrap().payment;
    assert_eq!(end.state, PaymentState::Cancelled);
}

#[test]
fn request_cancel_only_before_payment() {
    let c = Command::CancelRequest {
        origin: CancelOrigin::MerchantApi,
        memo: "품절".into(),
    };
    let p = requested(1000);
    assert_eq!(
        p.handle(c.clone(), t(1)).unwrap().payment.state,
        PaymentState::RequestCancelled
    );
    let paid = p.handle(approve(), t(5)).unwrap().payment;
    assert!(matches!(
        paid.handle(c, t(6)),
        Err(TransitionError::NotAllowed { .. })
    ));
}

#[test]
fn expiry_follows_the_deadline() {
    let p = requested(1000);
    assert_eq!(
        p.handle(Command::Expire, t(9_999)),
        Err(TransitionError::NotYetExpired)
    );
    assert_eq!(
        p.handle(approve(), t(10_000)),
        Err(TransitionError::Expired)
    );
    assert_eq!(
        p.handle(Command::Expire, t(10_000)).unwrap().payment.state,
        PaymentState::Expired
    );
}

#[test]
fn virtual_account_waits_for_deposit() {
    let p = requested(1000);
    let issue = Command::IssueVirtualAccount {
        bank: "국민은행".into(),
        account_no: "123-456".into(),
        due: t(50_000),
        payer: PayerDetails {
            memo: "빨리".into(),
            address: "서울".into(),
            wallet: None,
        },
    };
    let waiting = p.handle(issue, t(1)).unwrap().payment;
    assert_eq!(waiting.state, PaymentState::AwaitingDeposit);
    assert_eq!(waiting.expires_at, t(50_000));
    assert_eq!(
        waiting.virtual_account.as_ref().unwrap().account_no,
        "123-456"
    );
    assert_eq!(waiting.payer.address, "서울");
    assert!(matches!(
        waiting.handle(approve(), t(2)),
        Err(TransitionError::NotAllowed { .. })
    ));
    let paid = waiting
        .handle(
            Command::ConfirmDeposit {
                approval: approval(3),
                settle_due: None,
            },
            t(3),
        )
        .unwrap();
    assert_eq!(paid.payment.state, PaymentState::Paid);
}

#[test]
fn decline_keeps_the_request_open() {
    let p = requested(1000);
    let d = Command::Decline {
        method: PayMethod::Card,
        code: "51".into(),
        message: "잔액 부족".into(),
    };
    let after = p.handle(d, t(1)).unwrap();
    assert_eq!(after.payment.state, PaymentState::Requested);
    assert_eq!(after.payment.version, 2);
    assert!(after.payment.handle(approve(), t(5)).is_ok());
}

#[test]
fn settled_money_comes_back_only_through_a_cancellation_request() {
    let paid = requested(1000).handle(approve(), t(5)).unwrap().payment;
    assert_eq!(
        paid.handle(Command::Settle, t(99)),
        Err(TransitionError::NotYetDue)
    );
    let settled = paid.handle(Command::Settle, t(100)).unwrap().payment;
    assert!(settled.is_settled());
    assert_eq!(
        settled.handle(Command::Settle, t(101)),
        Err(TransitionError::AlreadySettled)
    );
    assert_eq!(
        settled.handle(cancel(1000), t(101)),
        Err(TransitionError::CancelWindowClosed)
    );
    // Past the due time the window is closed even before the payout ran.
    assert_eq!(
        paid.handle(cancel(1000), t(100)),
        Err(TransitionError::CancelWindowClosed)
    );
    let returned = Command::Cancel {
        amount: won(1000),
        origin: CancelOrigin::SettlementReturn,
        memo: String::new(),
    };
    assert_eq!(
        settled.handle(returned.clone(), t(101)),
        Err(TransitionError::NoPendingRequest)
    );
    let asked = settled
        .handle(
            Command::RequestCancellation {
                memo: "반품".into(),
            },
            t(102),
        )
        .unwrap()
        .payment;
    assert!(asked.cancel_request.is_some());
    assert_eq!(
        asked.handle(
            Command::RequestCancellation {
                memo: String::new()
            },
            t(103)
        ),
        Err(TransitionError::AlreadyRequested)
    );
    let done = asked.handle(returned, t(104)).unwrap().payment;
    assert_eq!(done.state, PaymentState::Cancelled);
    assert!(done.cancel_request.is_none());
}

fn ask(amount: CancelAmount, unpaid_only: bool) -> Command {
    Command::Cancellation(CancelAsk {
        amount,
        unpaid_only,
        origin: CancelOrigin::MerchantApi,
        memo: String::new(),
    })
}

#[test]
fn a_cancellation_ask_is_decided_by_the_state() {
    let open = requested(1000);
    // Open request: only "everything" cancels it; an amount needs a payment.
    let ended = open.handle(ask(CancelAmount::Rest, false), t(1)).unwrap();
    assert_eq!(ended.payment.state, PaymentState::RequestCancelled);
    assert!(matches!(
        ended.event.event,
        PaymentEvent::RequestCancelled { .. }
    ));
    assert_eq!(
        open.handle(ask(CancelAmount::Part(won(10)), false), t(1)),
        Err(TransitionError::PaidOnly)
    );
    assert_eq!(
        open.handle(ask(CancelAmount::Exactly(won(1000)), false), t(1)),
        Err(TransitionError::PaidOnly)
    );
    assert_eq!(
        ended.payment.handle(ask(CancelAmount::Rest, false), t(2)),
        Err(TransitionError::AlreadyCancelled)
    );
    // Paid: unpaid-only asks are refused; the rest refunds.
    let paid = open.handle(approve(), t(5)).unwrap().payment;
    assert_eq!(
        paid.handle(ask(CancelAmount::Rest, true), t(6)),
        Err(TransitionError::AlreadyPaid)
    );
    let part = paid
        .handle(ask(CancelAmount::Part(won(300)), false), t(6))
        .unwrap()
        .payment;
    assert_eq!(part.refundable(), won(700));
    assert_eq!(
        part.handle(ask(CancelAmount::Exactly(won(1000)), false), t(7)),
        Err(TransitionError::NotWholeBalance {
            requested: won(1000),
            balance: won(700)
        })
    );
    assert_eq!(
        part.handle(ask(CancelAmount::Part(won(701)), false), t(7)),
        Err(TransitionError::ExceedsBalance {
            requested: won(701),
            balance: won(700)
        })
    );
    let done = part
        .handle(ask(CancelAmount::Exactly(won(700)), false), t(7))
        .unwrap()
        .payment;
    assert_eq!(done.state, PaymentState::Cancelled);
    assert_eq!(
        done.handle(ask(CancelAmount::Rest, false), t(8)),
        Err(TransitionError::AlreadyCancelled)
    );
    // Expired requests say so.
    let expired = open.handle(Command::Expire, t(10_000)).unwrap().payment;
    assert_eq!(
        expired.handle(ask(CancelAmount::Rest, false), t(10_001)),
        Err(TransitionError::Expired)
    );
}

#[test]
fn a_cancellation_request_needs_the_window_closed() {
    let paid = requested(1000).handle(approve(), t(5)).unwrap().payment;
    let request = Command::RequestCancellation { memo: "x".into() };
    assert_eq!(
        paid.handle(request.clone(), t(99)),
        Err(TransitionError::CancelWindowOpen)
    );
    // Due for settlement: the window is closed even before the payout ran.
    assert!(paid.handle(request.clone(), t(100)).is_ok());
    assert_eq!(
        requested(1000).handle(request.clone(), t(1)),
        Err(TransitionError::NotPaid {
            state: PaymentState::Requested
        })
    );
    let cancelled = paid.handle(cancel(1000), t(6)).unwrap().payment;
    assert_eq!(
        cancelled.handle(request, t(200)),
        Err(TransitionError::AlreadyCancelled)
    );
}

#[test]
fn payability_is_asked_before_the_outside_world() {
    let open = requested(1000);
    assert_eq!(open.check_payable(t(1)), Ok(()));
    assert_eq!(open.check_payable(t(10_000)), Err(TransitionError::Expired));
    assert_eq!(
        open.check_depositable(t(1)),
        Err(TransitionError::NotPayable {
            state: PaymentState::Requested
        })
    );
    let paid = open.handle(approve(), t(5)).unwrap().payment;
    assert_eq!(paid.check_payable(t(6)), Err(TransitionError::AlreadyPaid));
    assert_eq!(
        paid.check_depositable(t(6)),
        Err(TransitionError::AlreadyPaid)
    );
}

#[test]
fn attachments_ride_only_on_events_that_pay() {
    let open = requested(1000);
    let attach = Attachment {
        reference: Some("5000".into()),
        protocol_data: Some(serde_json::json!({"pay_no": 5000})),
    };
    let paid = open
        .handle_attached(approve(), attach.clone(), t(5))
        .unwrap()
        .payment;
    assert_eq!(paid.reference.as_deref(), Some("5000"));
    assert_eq!(paid.protocol_data["pay_no"], 5000);
    assert_eq!(
        paid.handle_attached(cancel(10), attach, t(6)),
        Err(TransitionError::AttachmentRefused { event: "cancelled" })
    );
    assert!(
        paid.handle_attached(cancel(10), Attachment::default(), t(6))
            .is_ok()
    );
}

#[test]
fn protocol_data_decodes_or_says_why() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Data {
        pay_no: i64,
    }
    let mut p = requested(1000);
    p.protocol_data = serde_json::json!({"pay_no": 7});
    assert_eq!(p.protocol_data::<Data>(), Ok(Data { pay_no: 7 }));
    p.protocol_data = serde_json::json!({"other": 7});
    let e = p.protocol_data::<Data>().unwrap_err();
    assert_eq!(e.payment, p.id);
    assert!(e.reason.contains("pay_no"), "{e}");
}

fn any_command() -> impl Strategy<Value = Command> {
    prop_oneof![
        Just(approve()),
        (0i64..1500).prop_map(cancel),
        Just(Command::Expire),
        Just(Command::CancelRequest {
            origin: CancelOrigin::Buyer,
            memo: String::new()
        }),
        Just(Command::Decline {
            method: PayMethod::Card,
            code: "05".into(),
            message: String::new()
        }),
        Just(Command::IssueVirtualAccount {
            bank: "b".into(),
            account_no: "1".into(),
            due: t(20_000),
            payer: Default::default(),
        }),
        Just(Command::ConfirmDeposit {
            approval: approval(9),
            settle_due: Some(t(200)),
        }),
        Just(Command::Settle),
        Just(Command::RequestCancellation {
            memo: String::new()
        }),
        (1i64..1500).prop_map(|a| Command::Cancel {
            amount: won(a),
            origin: CancelOrigin::SettlementReturn,
            memo: String::new()
        }),
        (0i64..1500, any::<bool>()).prop_map(|(a, only)| ask(CancelAmount::Part(won(a)), only)),
        (0i64..1500).prop_map(|a| ask(CancelAmount::Exactly(won(a)), false)),
        any::<bool>().prop_map(|only| ask(CancelAmount::Rest, only)),
    ]
}

proptest! {
    /// Whatever sequence of commands arrives, in whatever order and at whatever
    /// times: nothing panics, no more than was paid is ever refunded, final
    /// states stay final, and each accepted command adds exactly one event.
    #[test]
    fn invariants_hold_for_any_command_sequence(
        amount in 1i64..1000,
        steps in proptest::collection::vec((any_command(), 0i64..30_000), 0..40)
    ) {
        let mut p = requested(amount);
        let mut refunded = 0i64;
        for (cmd, at) in steps {
            let before = p.clone();
            if let Ok(tr) = p.handle(cmd, t(at)) {
                    prop_assert!(!before.state.is_final(), "final state {} changed", before.state);
                    prop_assert_eq!(tr.payment.version, before.version + 1);
                    prop_assert_eq!(tr.event.seq, tr.payment.version);
                    if let PaymentEvent::Cancelled { amount: a, remaining, .. } = &tr.event.event {
                        refunded += a.get();
                        prop_assert_eq!(remaining.get(), amount - refunded);
                    }
                    p = tr.payment;
            }
            prop_assert!(refunded <= amount);
            prop_assert_eq!(p.cancelled_amount.get(), refunded);
            prop_assert_eq!(p.state == PaymentState::Cancelled, refunded == amount);
        }
    }
}
