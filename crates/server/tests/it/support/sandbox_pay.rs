//! Paying through `POST /sandbox/pay`, with the outcome the test expects
//! asserted: a decline is HTTP 200 like an approval, so a helper that only
//! checked the status would let a declined payment pass as a paid one.
//!
//! [`TestServer::sandbox_pay`] is the common case (a PayApp payment paid by
//! card, approved); [`TestServer::sandbox_pay_expect`] names another outcome
//! and [`TestServer::sandbox_pay_with`] takes any [`SandboxPay`] body (InnoPay
//! orders, iPay carts, other methods). The `gyeolje` child process's
//! [`Api::sandbox_pay`](super::process::Api::sandbox_pay) goes through
//! [`post`] too.

use super::TestServer;
use serde_json::{Value, json};

/// The outcome a sandbox payment must end in; anything else fails the test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// HTTP 200, `"outcome":"approved"`, `"state":"paid"`.
    Approved,
    /// HTTP 200, `"outcome":"awaiting_deposit"`: a virtual account was issued.
    AwaitingDeposit,
    /// HTTP 200, `"outcome":"declined"` with a decline `code`: the card was
    /// declined and the payment is still payable.
    Declined,
    /// HTTP 409, `"outcome":"refused"` with an `error`: the payment's state
    /// or options do not allow paying it this way.
    Refused,
}

impl Expect {
    fn status(self) -> u16 {
        match self {
            Expect::Refused => 409,
            _ => 200,
        }
    }

    fn outcome(self) -> &'static str {
        match self {
            Expect::Approved => "approved",
            Expect::AwaitingDeposit => "awaiting_deposit",
            Expect::Declined => "declined",
            Expect::Refused => "refused",
        }
    }
}

/// A `/sandbox/pay` request body: which payment, and how the buyer pays.
/// Every constructor pays by card (the sandbox's approving test card)
/// unless [`card`](Self::card), [`method`](Self::method) or
/// [`field`](Self::field) say otherwise.
#[derive(Clone, Debug)]
pub struct SandboxPay(Value);

impl SandboxPay {
    /// The JSON body, for a test that posts it itself (and tolerates no
    /// answer, e.g. from a node it is killing).
    pub fn json(&self) -> &Value {
        &self.0
    }

    /// A PayApp payment by its number (`mul_no`).
    pub fn payapp(mul_no: i64) -> Self {
        Self::of("payapp", None, mul_no.to_string())
    }

    /// An InnoPay order by the merchant's `mid` and its `moid`.
    pub fn innopay(mid: &str, moid: &str) -> Self {
        Self::of("innopay", Some(mid), moid.to_owned())
    }

    /// An iPay cart by its number.
    pub fn ipay(cart_no: i64) -> Self {
        Self::of("ipay", None, cart_no.to_string())
    }

    fn of(protocol: &str, merchant: Option<&str>, reference: String) -> Self {
        let mut body = json!({"protocol": protocol, "reference": reference, "method": "card"});
        if let Some(mid) = merchant {
            body["merchant"] = json!(mid);
        }
        SandboxPay(body)
    }

    /// Pays by card with this number (test numbers decide the outcome).
    pub fn card(self, number: &str) -> Self {
        self.method("card").field("card_number", number)
    }

    /// Pays with `method`: `card`, `phone`, `rbank` or `vbank`.
    pub fn method(self, method: &str) -> Self {
        self.field("method", method)
    }

    /// Sets any other field of the body (`bank_code`, `phone`, `memo`…).
    pub fn field(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0[key] = value.into();
        self
    }
}

/// POSTs `body` to `{base}/sandbox/pay` and asserts the HTTP status and the
/// `outcome` that `expect` stands for (and, for an approval, the `paid`
/// state; for a decline, its `code`; for a refusal, its `error`). Returns
/// the JSON reply for further checks. `who` names the server in messages.
pub async fn post(
    http: &reqwest::Client,
    base: &str,
    who: &str,
    body: &SandboxPay,
    expect: Expect,
) -> Value {
    let resp = http
        .post(format!("{base}/sandbox/pay"))
        .json(&body.0)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let reply: Value = resp.json().await.unwrap_or(Value::Null);
    let context = format!("{who}sandbox pay {}, expecting {expect:?}", body.0);
    assert_eq!(
        (status, reply["outcome"].as_str()),
        (expect.status(), Some(expect.outcome())),
        "{context}: {status} {reply}"
    );
    match expect {
        Expect::Approved => assert_eq!(reply["state"], "paid", "{context}: {reply}"),
        Expect::Declined => assert!(reply["code"].is_string(), "{context}: {reply}"),
        Expect::Refused => assert!(reply["error"].is_string(), "{context}: {reply}"),
        Expect::AwaitingDeposit => {}
    }
    reply
}

impl TestServer {
    /// Pays PayApp payment `mul_no` by `card` and asserts it was approved
    /// (HTTP 200, `"outcome":"approved"`, state `paid`); returns the reply.
    pub async fn sandbox_pay(&self, mul_no: i64, card: &str) -> Value {
        self.sandbox_pay_expect(mul_no, card, Expect::Approved)
            .await
    }

    /// Pays PayApp payment `mul_no` by `card` and asserts the outcome
    /// `expect` names; returns the reply.
    pub async fn sandbox_pay_expect(&self, mul_no: i64, card: &str, expect: Expect) -> Value {
        self.sandbox_pay_with(SandboxPay::payapp(mul_no).card(card), expect)
            .await
    }

    /// Sends `body` to `/sandbox/pay` and asserts the outcome `expect`
    /// names; returns the reply.
    pub async fn sandbox_pay_with(&self, body: SandboxPay, expect: Expect) -> Value {
        post(&self.http, &self.base, "", &body, expect).await
    }
}
