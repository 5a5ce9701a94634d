//! What PayApp's pages show about a payment beyond the payment itself: the
//! shop name and the request's options (`shopname`, `memo`, `returnurl`,
//! `reqmode`).

use crate::app::App;
use gyeolje_core::{Payment, Won};
use gyeolje_payapp::{PayRequest, ReqMode};

/// What the pages show about a payment beyond the payment itself: the shop
/// name and the protocol request's options.
pub struct Shown {
    pub shop: String,
    pub req: Option<PayRequest>,
}

impl Shown {
    pub async fn of(app: &App, payment: &Payment) -> Shown {
        let merchant = app.store.merchant(payment.merchant_id).await.ok().flatten();
        let req = crate::payapp::request::request_of(payment).ok();
        let shop = req
            .as_ref()
            .and_then(|r| r.shopname.clone())
            .or_else(|| merchant.map(|m| m.name))
            .unwrap_or_default();
        Shown { shop, req }
    }

    pub fn memo(&self) -> String {
        self.req
            .as_ref()
            .map(|r| r.memo.clone())
            .unwrap_or_default()
    }

    pub fn return_url(&self) -> Option<String> {
        self.req.as_ref().and_then(|r| r.returnurl.clone())
    }

    /// The amount as the buyer reads it: won, or dollars for `reqmode=usd`
    /// (whose `price` is in cents: 1000 is $10.00).
    pub fn price(&self, payment: &Payment) -> String {
        self.amount(payment.amount)
    }

    /// Any amount of this request (a cancelled part, what remains) in the
    /// unit its price is shown in.
    pub fn amount(&self, amount: Won) -> String {
        match self.req.as_ref().map(|r| r.reqmode) {
            Some(ReqMode::Usd) => format!("${}.{:02}", amount.get() / 100, amount.get() % 100),
            Some(ReqMode::Krw | ReqMode::UnionPay) | None => format!("{}원", amount.grouped()),
        }
    }
}
