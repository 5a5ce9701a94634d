//! The escrow orders of iPay carts, as the server drives them.
//!
//! Two entry points:
//! - [`attach`] and [`effects`], called through the iPay front end for
//!   every iPay payment event before the commit: paying a cart (or issuing
//!   its virtual account) gives it its pay number, creates one order per
//!   line and queues the completion callback; the deposit moves the orders
//!   to 결제완료 and queues the second completion callback; the deposit
//!   deadline expires them. These order changes are covered by the
//!   payment's own event.
//! - [`App::order_command`]: every later change to one order (발주확인,
//!   발송, 구매결정, cancel, return, exchange, refunds), decided by the core
//!   ([`gyeolje_core::escrow::apply`]) and committed as a new payment version
//!   with its escrow event, the order, any cancel callback and the refund
//!   it owes together.

use super::notices;
use super::state::{IpayCart, cart_of};
use crate::app::{App, Effects};
use crate::error::ServiceError;
use gyeolje_core::escrow::{
    self, CartCommandError, EscrowError, EscrowOrder, EscrowPeriods, NewOrder, OrderCommand,
};
use gyeolje_core::{
    Attachment, Command, EventRecord, MerchantId, Payment, PaymentEvent, Timestamp,
};
use gyeolje_store::{ClockScope, StoreError};

/// iPay's item number for a cart line (`I` + digits, as in `ItemNos`).
pub fn auction_item_no(cart_no: i64, line: u16) -> String {
    format!("I{:07}{:02}", cart_no.rem_euclid(10_000_000), line + 1)
}

/// Creates the orders of a cart that was just paid (or got its virtual account).
async fn create_orders(
    app: &App,
    payment: &Payment,
    cart: &IpayCart,
    paid: bool,
) -> Result<Vec<EscrowOrder>, StoreError> {
    let count = u32::try_from(cart.cart.lines.len()).unwrap_or(u32::MAX);
    let numbers = app.store.reserve_ids("ipay_order", count).await?;
    let now = app.now_for(payment.merchant_id);
    let mut orders = Vec::with_capacity(cart.cart.lines.len());
    for ((line, l), order_no) in (0u16..).zip(&cart.cart.lines).zip(numbers) {
        let order = EscrowOrder::create(
            NewOrder {
                order_no,
                payment_id: payment.id,
                merchant_id: payment.merchant_id,
                line,
                ipay_itemno: l.ipay_itemno.clone(),
                auction_item_no: auction_item_no(payment.id.get(), line),
                item_name: l.item_name.clone(),
                option_name: l.item_option_name.clone(),
                quantity: l.order_qty,
                amount: l.amount,
                cancel_restriction: l.cancel_restriction,
            },
            paid,
            now,
        );
        let mut order = with_destination(order, cart);
        if paid {
            order = auto_confirm(order, now);
        }
        orders.push(order);
    }
    Ok(orders)
}

fn with_destination(mut order: EscrowOrder, cart: &IpayCart) -> EscrowOrder {
    order.destination = cart.checkout.as_ref().and_then(|c| c.destination.clone());
    order
}

/// `cancel_restriction=1`: 발주확인 happens by itself on payment (§3.2).
fn auto_confirm(order: EscrowOrder, now: gyeolje_core::Timestamp) -> EscrowOrder {
    if !order.cancel_restriction {
        return order;
    }
    match order.handle(OrderCommand::ConfirmOrder, now, EscrowPeriods::default()) {
        Ok(t) => t.order,
        Err(_) => order,
    }
}

/// The pay number a cart gets when it is paid or its virtual account is
/// issued (reserved before the core decides; see `FrontEnd::attach`). The
/// pay number is the payment's reference: unique per seller, and how
/// `GetIpayAccountNumb` finds the cart.
pub async fn attach(
    app: &App,
    payment: &Payment,
    command: &Command,
) -> Result<Attachment, ServiceError> {
    let pays = match command {
        Command::Approve { .. } | Command::IssueVirtualAccount { .. } => true,
        Command::Checkout { .. }
        | Command::Decline { .. }
        | Command::ConfirmDeposit { .. }
        | Command::Settle
        | Command::RequestCancellation { .. }
        | Command::CancelRequest { .. }
        | Command::Expire
        | Command::Cancel { .. }
        | Command::Cancellation(_) => false,
    };
    if !pays {
        return Ok(Attachment::default());
    }
    let mut cart = cart_of(payment)?;
    if cart.pay_no.is_some() {
        return Ok(Attachment::default());
    }
    let pay_no = app.store.reserve_ids("ipay_pay", 1).await?.start;
    cart.pay_no = Some(pay_no);
    Ok(Attachment {
        reference: Some(pay_no.to_string()),
        protocol_data: Some(cart.to_value()),
    })
}

/// The orders and callbacks a payment event causes; `payment` is the cart
/// as the event leaves it (with its pay number once paid).
pub async fn effects(
    app: &App,
    payment: &Payment,
    event: &EventRecord,
) -> Result<Effects, ServiceError> {
    let now = app.now_for(payment.merchant_id);
    let orders = match &event.event {
        PaymentEvent::Approved { .. } | PaymentEvent::VirtualAccountIssued { .. } => {
            let cart = cart_of(payment)?;
            let paid = matches!(event.event, PaymentEvent::Approved { .. });
            create_orders(app, payment, &cart, paid).await?
        }
        PaymentEvent::DepositConfirmed { .. } => {
            let existing = app.store.escrow_orders_of(payment.id).await?;
            let moved = escrow::apply_all(
                payment,
                &existing,
                &OrderCommand::Deposit,
                now,
                EscrowPeriods::default(),
            );
            moved
                .orders
                .into_iter()
                .map(|o| auto_confirm(o, now))
                .collect()
        }
        PaymentEvent::Expired | PaymentEvent::RequestCancelled { .. } => {
            let existing = app.store.escrow_orders_of(payment.id).await?;
            let expired = escrow::apply_all(
                payment,
                &existing,
                &OrderCommand::ExpireDeposit,
                now,
                EscrowPeriods::default(),
            );
            return Ok(Effects {
                orders: expired.orders,
                messages: vec![],
            });
        }
        PaymentEvent::Requested { .. }
        | PaymentEvent::CheckedOut { .. }
        | PaymentEvent::Declined { .. }
        | PaymentEvent::Settled { .. }
        | PaymentEvent::CancellationRequested { .. }
        | PaymentEvent::Cancelled { .. }
        | PaymentEvent::Escrow(_) => return Ok(Effects::default()),
    };
    let cart = cart_of(payment)?;
    let body = notices::completion(payment, &cart, &orders).to_xml();
    let message = notices::message(&notices::COMPLETION, payment, &cart, body);
    Ok(Effects {
        orders,
        messages: vec![message],
    })
}

/// Why an order command was refused.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error("주문정보가 존재하지 않습니다 (order {0})")]
    NotFound(i64),
    #[error("판매자의 주문이 아닙니다 (order {0})")]
    NotYours(i64),
    #[error(transparent)]
    Escrow(#[from] EscrowError),
    #[error("{0}")]
    Payment(String),
    #[error("다른 요청이 먼저 처리되었습니다. 다시 시도해 주세요")]
    Conflict,
    #[error(transparent)]
    Internal(ServiceError),
}

impl From<ServiceError> for OrderError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Conflict(_) => OrderError::Conflict,
            other => OrderError::Internal(other),
        }
    }
}

impl From<StoreError> for OrderError {
    fn from(e: StoreError) -> Self {
        ServiceError::from(e).into()
    }
}

impl App {
    /// Applies `command` to order `order_no` of `seller` (or of any seller
    /// when `None`: the buyer's side and the clock).
    pub async fn order_command(
        &self,
        seller: Option<MerchantId>,
        order_no: i64,
        command: OrderCommand,
    ) -> Result<EscrowOrder, OrderError> {
        let order = self
            .store
            .escrow_order(order_no)
            .await?
            .ok_or(OrderError::NotFound(order_no))?;
        if seller.is_some_and(|s| s != order.merchant_id) {
            return Err(OrderError::NotYours(order_no));
        }
        let _guard = self.locks.lock(order.payment_id.get()).await;
        let payment = match self.load(order.payment_id).await {
            Ok(p) => p,
            Err(ServiceError::NotFound) => return Err(OrderError::NotFound(order_no)),
            Err(e) => return Err(e.into()),
        };
        let orders = self.store.escrow_orders_of(payment.id).await?;
        let now = self.now_for(payment.merchant_id);
        let update = match escrow::apply(
            &payment,
            &orders,
            order_no,
            command,
            now,
            EscrowPeriods::default(),
        ) {
            Ok(u) => u,
            Err(CartCommandError::UnknownOrder(n)) => return Err(OrderError::NotFound(n)),
            Err(CartCommandError::Escrow(e)) => return Err(OrderError::Escrow(e)),
            Err(CartCommandError::Payment(e)) => return Err(OrderError::Payment(e.to_string())),
        };
        let changed = update
            .orders
            .iter()
            .find(|o| o.order_no == order_no)
            .cloned()
            .ok_or(OrderError::NotFound(order_no))?;
        let mut messages = vec![];
        if let Some(amount) = update.refund {
            let cart = cart_of(&payment)?;
            let body = notices::cancel(&update.payment, &changed, amount, now).to_xml();
            messages.push(notices::message(
                &notices::CANCEL,
                &update.payment,
                &cart,
                body,
            ));
        }
        // The refund a cancellation owes is queued by the commit.
        self.commit(
            payment.merchant_id,
            update.into_change().with_outbox(messages),
        )
        .await?;
        Ok(changed)
    }

    /// Stores the buyer's question `title`/`content` about `order` as a
    /// note its seller reads with `IpaySellerNoteList`; returns its `Seqno`.
    /// Any state of the order allows one.
    pub async fn buyer_note(
        &self,
        order: &EscrowOrder,
        title: &str,
        content: String,
    ) -> Result<i64, StoreError> {
        let seqno = self.store.reserve_ids("ipay_note", 1).await?.start;
        let note = gyeolje_store::Note {
            seqno,
            merchant_id: order.merchant_id,
            order_no: order.order_no,
            title: title.trim().to_owned(),
            content,
            reg_at: self.now_for(order.merchant_id),
            reply: None,
            reply_at: None,
        };
        self.store.insert_note(&note).await?;
        Ok(seqno)
    }

    /// Decides and remits the orders whose time has come, and approves the
    /// cancel requests of unconfirmed orders their sellers left unanswered
    /// (business clock; the approval refunds and queues the `ResponseType`
    /// 1 callback like the seller's own). Covers the orders of `clock`'s
    /// merchants, whose time is `now`.
    pub async fn escrow_due(
        &self,
        clock: ClockScope,
        now: Timestamp,
        limit: u32,
    ) -> Result<usize, ServiceError> {
        let due = self.store.due_escrow_orders(now, clock, limit).await?;
        let mut done = 0;
        for order in due {
            let command = if order.remit_due_at.is_some_and(|t| t <= now) {
                OrderCommand::Remit
            } else if order.cancel_due_at.is_some_and(|t| t <= now) {
                OrderCommand::AutoApproveCancel
            } else {
                OrderCommand::Decide(escrow::Decider::Automatic)
            };
            match self.order_command(None, order.order_no, command).await {
                Ok(_) => done += 1,
                Err(OrderError::Internal(e)) => return Err(e),
                Err(e) => {
                    tracing::debug!(order = order.order_no, error = %e, "escrow due work skipped")
                }
            }
        }
        Ok(done)
    }
}
