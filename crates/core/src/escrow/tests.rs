//! The escrow order machine and the cart-level refund rule.

use super::*;
use crate::{
    Approval, Command, MerchantId, NewPayment, PageCode, PayMethod, Payment, PaymentId,
    PaymentState, Protocol, Timestamp, Won,
};
use proptest::prelude::*;

fn t(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms)
}

fn won(v: i64) -> Won {
    Won::new(v).unwrap()
}

const DAY: i64 = 24 * 60 * 60 * 1000;

/// A paid two-line cart: 10,000 + 20,000 won of goods and 2,500 shipping.
fn paid_cart() -> (Payment, Vec<EscrowOrder>) {
    let (p, _) = Payment::create(
        NewPayment {
            id: PaymentId::new(5000),
            protocol: Protocol::Ipay,
            merchant_id: MerchantId::new(1),
            page_code: PageCode::parse("abcdefgh12345678").unwrap(),
            amount: won(32_500),
            goods_name: "cart".into(),
            buyer_phone: None,
            expires_at: t(DAY),
            reference: None,
            protocol_data: serde_json::Value::Null,
        },
        t(0),
    );
    let paid = p
        .handle(
            Command::Approve {
                method: PayMethod::Card,
                approval: Approval {
                    approval_no: "1".into(),
                    card_name: None,
                    card_masked: None,
                    installment_months: 0,
                    approved_at: t(1),
                },
                settle_due: None,
                payer: Default::default(),
            },
            t(1),
        )
        .unwrap()
        .payment;
    let orders = [(0u16, 10_000), (1, 20_000)]
        .into_iter()
        .map(|(line, amount)| {
            EscrowOrder::create(
                NewOrder {
                    order_no: 700 + i64::from(line),
                    payment_id: paid.id,
                    merchant_id: paid.merchant_id,
                    line,
                    ipay_itemno: format!("A{line}"),
                    auction_item_no: format!("I00000000{line}"),
                    item_name: "item".into(),
                    option_name: String::new(),
                    quantity: 1,
                    amount: won(amount),
                    cancel_restriction: false,
                },
                true,
                t(1),
            )
        })
        .collect();
    (paid, orders)
}

fn step(
    payment: &Payment,
    orders: &mut [EscrowOrder],
    order_no: i64,
    command: OrderCommand,
    at: i64,
) -> Result<(Payment, Option<Won>), CartCommandError> {
    let u = apply(
        payment,
        orders,
        order_no,
        command,
        t(at),
        EscrowPeriods::default(),
    )?;
    for o in &u.orders {
        if let Some(slot) = orders.iter_mut().find(|x| x.order_no == o.order_no) {
            *slot = o.clone();
        }
    }
    Ok((u.payment, u.refund))
}

#[test]
fn full_escrow_life_of_one_order() {
    let (p, mut orders) = paid_cart();
    let (p, _) = step(&p, &mut orders, 700, OrderCommand::ConfirmOrder, 2).unwrap();
    let (p, _) = step(
        &p,
        &mut orders,
        700,
        OrderCommand::Ship(Shipment::default()),
        3,
    )
    .unwrap();
    assert_eq!(orders[0].state, OrderState::Shipping);
    // The clock cannot decide before the period.
    let early = step(
        &p,
        &mut orders,
        700,
        OrderCommand::Decide(Decider::Automatic),
        4,
    );
    assert_eq!(
        early.unwrap_err(),
        CartCommandError::Escrow(EscrowError::NotYetDue)
    );
    let (p, _) = step(
        &p,
        &mut orders,
        700,
        OrderCommand::Decide(Decider::Automatic),
        3 + 7 * DAY,
    )
    .unwrap();
    let early = step(&p, &mut orders, 700, OrderCommand::Remit, 4 + 7 * DAY);
    assert!(early.is_err());
    let (p, _) = step(&p, &mut orders, 700, OrderCommand::Remit, 3 + 9 * DAY).unwrap();
    assert_eq!(orders[0].state, OrderState::Remitted);
    let (p, refund) = step(&p, &mut orders, 700, OrderCommand::DecisionCancel, 10 * DAY).unwrap();
    assert_eq!(refund, Some(won(10_000)));
    assert_eq!(orders[0].state, OrderState::Refunded);
    assert_eq!(p.refundable(), won(22_500));
    // Every step is a payment version with its event.
    // created, approved, five order steps, and the refund.
    assert_eq!(p.version, 2 + 5 + 1);
}

#[test]
fn the_last_refund_takes_the_shipping_fee_with_it() {
    let (p, mut orders) = paid_cart();
    let deny = || OrderCommand::DenySell {
        reason: "RunOutOfStock".into(),
    };
    let (p, r1) = step(&p, &mut orders, 701, deny(), 2).unwrap();
    assert_eq!(r1, Some(won(20_000)));
    let (p, r2) = step(&p, &mut orders, 700, deny(), 3).unwrap();
    assert_eq!(r2, Some(won(12_500)));
    assert_eq!(p.state, PaymentState::Cancelled);
}

#[test]
fn deny_sell_only_before_shipping() {
    let (p, mut orders) = paid_cart();
    let (p, _) = step(
        &p,
        &mut orders,
        700,
        OrderCommand::Ship(Shipment::default()),
        2,
    )
    .unwrap();
    let err = step(
        &p,
        &mut orders,
        700,
        OrderCommand::DenySell { reason: "x".into() },
        3,
    );
    assert!(matches!(
        err,
        Err(CartCommandError::Escrow(EscrowError::NotAllowed {
            state: OrderState::Shipping,
            ..
        }))
    ));
}

#[test]
fn cancel_restriction_refuses_the_buyer() {
    let (_, orders) = paid_cart();
    let mut order = orders[0].clone();
    order.cancel_restriction = true;
    let err = order.handle(
        OrderCommand::RequestCancel {
            reason: "x".into(),
            detail: String::new(),
        },
        t(2),
        EscrowPeriods::default(),
    );
    assert_eq!(err.unwrap_err(), EscrowError::CancelRestricted);
}

#[test]
fn an_unanswered_cancel_request_of_an_unconfirmed_order_is_approved_by_the_clock() {
    let ask = || OrderCommand::RequestCancel {
        reason: "단순변심".into(),
        detail: String::new(),
    };
    let after = EscrowPeriods::default().cancel_approve_after.as_millis() as i64;
    let (p, mut orders) = paid_cart();
    let (p, _) = step(&p, &mut orders, 700, ask(), 10).unwrap();
    assert_eq!(orders[0].cancel_due_at, Some(t(10 + after)));
    // Not before the period ends.
    let early = step(
        &p,
        &mut orders,
        700,
        OrderCommand::AutoApproveCancel,
        9 + after,
    );
    assert!(matches!(
        early,
        Err(CartCommandError::Escrow(EscrowError::NotYetDue))
    ));
    let (p, refund) = step(
        &p,
        &mut orders,
        700,
        OrderCommand::AutoApproveCancel,
        10 + after,
    )
    .unwrap();
    assert_eq!(refund, Some(won(10_000)));
    assert_eq!(orders[0].state, OrderState::Cancelled);
    assert_eq!(orders[0].cancel_due_at, None);

    // A confirmed order's request waits for the seller: no due time.
    let (p, _) = step(&p, &mut orders, 701, OrderCommand::ConfirmOrder, 20).unwrap();
    let (_, _) = step(&p, &mut orders, 701, ask(), 30).unwrap();
    assert_eq!(orders[1].cancel_due_at, None);
}

#[test]
fn a_refused_cancel_request_goes_back_to_where_it_was_asked() {
    let ask = || OrderCommand::RequestCancel {
        reason: "단순변심".into(),
        detail: String::new(),
    };
    let refuse = || OrderCommand::RefuseCancel {
        reason: "이미 포장됨".into(),
    };
    let (p, mut orders) = paid_cart();
    let (p, _) = step(&p, &mut orders, 700, ask(), 10).unwrap();
    let (p, refund) = step(&p, &mut orders, 700, refuse(), 11).unwrap();
    assert_eq!(refund, None);
    assert_eq!(orders[0].state, OrderState::Paid);
    assert_eq!(orders[0].cancel_due_at, None);
    let r = orders[0].cancel_request.as_ref().unwrap();
    assert_eq!(r.refusal.as_deref(), Some("이미 포장됨"));
    // The clock no longer approves it.
    assert!(
        step(
            &p,
            &mut orders,
            700,
            OrderCommand::AutoApproveCancel,
            10 * DAY
        )
        .is_err()
    );
    let (p, _) = step(&p, &mut orders, 701, OrderCommand::ConfirmOrder, 20).unwrap();
    let (p, _) = step(&p, &mut orders, 701, ask(), 21).unwrap();
    let (_, _) = step(&p, &mut orders, 701, refuse(), 22).unwrap();
    assert_eq!(orders[1].state, OrderState::Preparing);
}

#[test]
fn an_unknown_order_is_refused() {
    let (p, mut orders) = paid_cart();
    assert_eq!(
        step(&p, &mut orders, 999, OrderCommand::ConfirmOrder, 2).unwrap_err(),
        CartCommandError::UnknownOrder(999)
    );
}

#[test]
fn labels_and_codes_are_unique() {
    let mut labels: Vec<_> = OrderState::ALL.iter().map(|s| s.label()).collect();
    let mut codes: Vec<_> = OrderState::ALL.iter().map(|s| s.code()).collect();
    labels.sort();
    labels.dedup();
    codes.sort();
    codes.dedup();
    assert_eq!(labels.len(), OrderState::ALL.len());
    assert_eq!(codes.len(), OrderState::ALL.len());
    for s in OrderState::ALL {
        assert_eq!(OrderState::parse(s.as_str()), Some(s));
    }
}

fn any_command() -> impl Strategy<Value = (usize, OrderCommand)> {
    let command = prop_oneof![
        Just(OrderCommand::ConfirmOrder),
        Just(OrderCommand::Ship(Shipment::default())),
        Just(OrderCommand::ChangeShipment(Shipment::default())),
        Just(OrderCommand::Decide(Decider::Buyer)),
        Just(OrderCommand::Decide(Decider::Automatic)),
        Just(OrderCommand::Remit),
        Just(OrderCommand::RequestCancel {
            reason: "r".into(),
            detail: String::new()
        }),
        Just(OrderCommand::ApproveCancel),
        Just(OrderCommand::RefuseCancel { reason: "r".into() }),
        Just(OrderCommand::AutoApproveCancel),
        Just(OrderCommand::DenySell { reason: "r".into() }),
        Just(OrderCommand::RequestReturn {
            by: Requester::Buyer,
            reason: "r".into(),
            detail: String::new()
        }),
        Just(OrderCommand::HoldReturn { reason: "r".into() }),
        Just(OrderCommand::ApproveReturn),
        Just(OrderCommand::RequestExchange {
            reason: "r".into(),
            detail: String::new()
        }),
        Just(OrderCommand::DecisionCancel),
    ];
    (0usize..2, command)
}

proptest! {
    /// Whatever the sequence: refunds never exceed what was paid, each order
    /// is refunded at most once, a final order accepts nothing, and the
    /// payment's cancelled amount is exactly the refunds.
    #[test]
    fn refunds_are_bounded_and_final_states_stay_final(
        commands in proptest::collection::vec(any_command(), 0..40)
    ) {
        let (mut p, mut orders) = paid_cart();
        let mut refunded = Won::ZERO;
        let mut now = 2;
        for (i, command) in commands {
            now += 3 * DAY;
            let order_no = orders[i].order_no;
            let was_final = orders[i].state.is_final();
            if let Ok((next, refund)) = step(&p, &mut orders, order_no, command, now) {
                prop_assert!(!was_final, "a final order accepted a command");
                if let Some(r) = refund {
                    refunded = refunded.checked_add(r).unwrap();
                }
                p = next;
            }
            prop_assert!(refunded <= p.amount);
            prop_assert_eq!(p.cancelled_amount, refunded);
            for o in &orders {
                prop_assert!(o.refunded <= o.amount);
                prop_assert_eq!(o.state.is_refunded(), !o.refunded.is_zero());
            }
        }
    }
}
