//! One SOAP call as the operations see it, and how a call fails when it
//! cannot be answered in the operation's own form (a SOAP fault).

use crate::app::App;
use crate::error::ServiceError;
use gyeolje_core::Merchant;
use gyeolje_ipay::ops::{Args, Operation};
use gyeolje_ipay::soap::FaultCode;
use gyeolje_store::StoreError;
use std::net::SocketAddr;

/// A call that could not be answered normally.
#[derive(Debug)]
pub struct Fault {
    pub code: FaultCode,
    pub message: String,
}

impl Fault {
    pub fn client(message: impl Into<String>) -> Fault {
        Fault {
            code: FaultCode::Client,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Fault {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "ipay call failed in the store");
        Fault {
            code: FaultCode::Server,
            message: "Server was unable to process request. 내부 오류가 발생했습니다.".into(),
        }
    }
}

impl From<ServiceError> for Fault {
    fn from(e: ServiceError) -> Self {
        tracing::error!(error = %e, "ipay call failed in the service");
        Fault {
            code: FaultCode::Server,
            message: "Server was unable to process request. 내부 오류가 발생했습니다.".into(),
        }
    }
}

/// One SOAP call, as the operations see it.
pub struct Call<'a> {
    pub app: &'a App,
    pub op: &'static Operation,
    pub args: Args<'a>,
    /// The seller the ticket identifies (every operation but `test` has one).
    pub seller: Option<Merchant>,
    pub caller: Option<SocketAddr>,
}

impl Call<'_> {
    /// The calling seller; operations that need one are only dispatched with one.
    pub fn seller(&self) -> Result<&Merchant, Fault> {
        self.seller
            .as_ref()
            .ok_or_else(|| Fault::client("EncryptedTicket is required"))
    }
}
