//! Order management (§3.2). Being written: every operation below answers
//! with a Server fault until it lands.

use super::endpoint::{Call, Fault};
use gyeolje_ipay::soap::{FaultCode, ResultValue};

pub async fn handle(call: &Call<'_>) -> Result<ResultValue, Fault> {
    Err(Fault {
        code: FaultCode::Server,
        message: format!("{} is not available yet", call.op.name),
    })
}
