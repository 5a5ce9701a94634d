//! iPay escrow: sellers found by hashed ticket and seller id, orders written
//! with their payment's change (and refused with it on a stale version),
//! due work found by the clock, and buyer notes.

use super::t;
use gyeolje_core::escrow::{EscrowOrder, NewOrder, OrderCommand, Shipment};
use gyeolje_core::*;
use gyeolje_store::{ClockScope, Note, Store, StoreError};
use std::sync::Arc;

fn cart(id: i64, m: &Merchant) -> (Payment, EventRecord) {
    Payment::create(
        NewPayment {
            id: PaymentId::new(id),
            protocol: Protocol::Ipay,
            merchant_id: m.id,
            page_code: PageCode::parse(&format!("ipay{id:012}")).unwrap(),
            amount: Won::new(32_300).unwrap(),
            goods_name: "Levis 후드티".into(),
            buyer_phone: None,
            expires_at: t(1_000_000),
            reference: None,
            protocol_data: serde_json::Value::Null,
        },
        t(2),
    )
}

fn order(order_no: i64, line: u16, p: &Payment) -> EscrowOrder {
    EscrowOrder::create(
        NewOrder {
            order_no,
            payment_id: p.id,
            merchant_id: p.merchant_id,
            line,
            ipay_itemno: format!("4724595{line}"),
            auction_item_no: format!("I00000{line}"),
            item_name: "후드티".into(),
            option_name: "블루[105]".into(),
            quantity: 1,
            amount: Won::new(14_900).unwrap(),
            cancel_restriction: false,
        },
        true,
        t(3),
    )
}

pub async fn escrow_story(store: Arc<dyn Store>) {
    let m = store
        .create_merchant(
            NewMerchant {
                callback_hosts: Vec::new(),
                name: "iPay 판매자".into(),
                payapp: None,
                innopay: None,
                ipay: Some(IpayAccount {
                    seller_id: "test".into(),
                    site_urls: vec!["http://shop.example".into()],
                }),
            },
            t(1),
        )
        .await
        .unwrap();
    store.add_ipay_ticket(m.id, "ab12").await.unwrap();
    store.add_ipay_ticket(m.id, "ab12").await.unwrap();
    let by_ticket = store
        .merchant_by_ipay_ticket("ab12")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_ticket.ipay.as_ref().unwrap().seller_id, "test");
    assert!(
        store
            .merchant_by_ipay_ticket("nope")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .merchant_by_ipay_seller("test")
            .await
            .unwrap()
            .unwrap()
            .id,
        m.id
    );

    // Paying the cart writes its two orders with the payment.
    let (p, e) = cart(9001, &m);
    store
        .commit(Change::create(p.clone(), e), t(2))
        .await
        .unwrap();
    let mut paid = p.clone();
    paid.version = 2;
    paid.state = PaymentState::Paid;
    let event = EventRecord {
        payment_id: p.id,
        seq: 2,
        at: t(3),
        event: PaymentEvent::CheckedOut { amount: p.amount },
    };
    let orders = vec![order(300_000_001, 0, &p), order(300_000_002, 1, &p)];
    let change = Change {
        payment: Some(PaymentWrite::Update {
            payment: paid.clone(),
            expected_version: 1,
        }),
        events: vec![event],
        outbox: vec![],
        delivered: vec![],
        orders: orders.clone(),
    };
    store.commit(change, t(3)).await.unwrap();
    let stored = store.escrow_orders_of(p.id).await.unwrap();
    assert_eq!(stored, orders);
    assert_eq!(
        store.escrow_order(300_000_002).await.unwrap().unwrap(),
        orders[1]
    );

    // Shipping one order through the cart-level apply; a stale version
    // writes neither the payment nor the order.
    let u = escrow::apply(
        &paid,
        &stored,
        300_000_001,
        OrderCommand::Ship(Shipment::default()),
        t(4),
        Default::default(),
    )
    .unwrap();
    let shipped = u.orders[0].clone();
    let stale = escrow::apply(
        &p,
        &stored,
        300_000_002,
        OrderCommand::ConfirmOrder,
        t(4),
        Default::default(),
    )
    .unwrap();
    store.commit(u.into_change(), t(4)).await.unwrap();
    assert!(matches!(
        store.commit(stale.into_change(), t(4)).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.escrow_order(300_000_001).await.unwrap().unwrap(),
        shipped
    );
    assert_eq!(
        store
            .escrow_order(300_000_002)
            .await
            .unwrap()
            .unwrap()
            .state,
        escrow::OrderState::Paid
    );

    // The automatic decision is due a week after shipping, not before.
    let due_at = shipped.decide_due_at.unwrap();
    assert!(
        store
            .due_escrow_orders(
                Timestamp::from_millis(due_at.as_millis() - 1),
                ClockScope::All,
                10,
            )
            .await
            .unwrap()
            .is_empty()
    );
    let due = store
        .due_escrow_orders(due_at, ClockScope::All, 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].order_no, 300_000_001);

    let by_seller = store
        .escrow_orders_by_seller(m.id, t(0), t(10), 100)
        .await
        .unwrap();
    assert_eq!(by_seller.len(), 2);
    let shipping = store
        .escrow_orders_in_state(m.id, escrow::OrderState::Shipping, 100)
        .await
        .unwrap();
    assert_eq!(shipping, vec![shipped.clone()]);
    assert!(
        store
            .escrow_orders_in_state(m.id, escrow::OrderState::CancelRequested, 100)
            .await
            .unwrap()
            .is_empty()
    );

    // Notes.
    let seqno = store.reserve_ids("ipay_note", 1).await.unwrap().start;
    let note = Note {
        seqno,
        merchant_id: m.id,
        order_no: 300_000_001,
        title: "배송 문의".into(),
        content: "언제 오나요?".into(),
        reg_at: t(5),
        reply: None,
        reply_at: None,
    };
    store.insert_note(&note).await.unwrap();
    store
        .reply_note(seqno, "내일 도착합니다", t(6))
        .await
        .unwrap();
    let got = store.note(seqno).await.unwrap().unwrap();
    assert_eq!(got.reply.as_deref(), Some("내일 도착합니다"));
    assert_eq!(
        store
            .notes_by_seller(m.id, t(0), t(10))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(matches!(
        store.reply_note(seqno + 1, "x", t(6)).await,
        Err(StoreError::Conflict(_))
    ));
}
