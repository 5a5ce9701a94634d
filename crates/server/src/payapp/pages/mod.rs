//! PayApp's hosted pages: the payment page behind `payurl` (and the SMS
//! link) with the deposit instructions of a virtual account, the sales slip
//! behind `csturl`, and the cash receipt behind `cashsturl`.

pub mod pay;
pub mod receipt;
pub mod shown;
pub mod slip;
