//! PayApp Lite (manual 001, "결제 요청 – 팝업창 방식"): the `payapp-lite.js`
//! wrapper a merchant includes in its own page, and the popup
//! payment-request window it opens on gyeolje.
//!
//! The flow crosses origins, which is why it is shaped like this: the
//! merchant's page (its origin) runs the script, which POSTs the parameters
//! as a form into a window named `PayAppWindow` on gyeolje's origin
//! ([`script`]). That popup ([`popup`]) shows the shop, goods and price,
//! asks the buyer for what the merchant left out (phone number always; goods
//! name and price when empty; country code for USD) and for terms consent,
//! and on 결제요청 creates the request through the same code path as
//! `cmd=payrequest` — payment, feedback and SMS in one commit. Its 확인
//! button then moves the opener (or itself) to `redirecturl`, or closes.
//!
//! The popup's input may be EUC-KR (`charset=euc-kr`, or a merchant page in
//! EUC-KR posting directly), so it is decoded by `Form::decode_lenient`,
//! which detects the charset and never refuses a body.

pub mod params;
pub mod paths;
pub mod popup;
pub mod script;
