//! PayApp's hosted pages: the payment page behind `payurl` (and the SMS
//! link) with the deposit instructions of a virtual account, the sales slip
//! behind `csturl`, the cash receipt behind `cashsturl`, and the QR code of
//! `payurl` behind `qrurl`.

pub mod pay;
pub mod qr;
pub mod receipt;
pub mod shown;
pub mod slip;
