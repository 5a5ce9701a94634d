//! The paths the buyer's iPay pages are served on (Auction's own).

/// iPay Standard's order page (§1.2).
pub const STD_PATH: &str = "/ipay/IpayStdOrder.aspx";
/// iPay Fast's order page (§1.2).
pub const FAST_PATH: &str = "/ipay/IpayFastOrder.aspx";
/// The non-member login step in front of the Fast page (§1.2).
pub const LOGIN_PATH: &str = "/Authenticate/LoginNonMember.aspx";
/// The receipt popup (§3.3.1).
pub const RECEIPT_PATH: &str = "/card/receiptlist.aspx";
/// The escrow join confirmation the iPay logo links to (§2.2.2).
pub const JOIN_CONFIRM_PATH: &str = "/Popup/JoinConfirm2.aspx";
/// The buyer's order page (구매결정, cancel/return/exchange requests, questions).
pub const BUYER_PATH: &str = "/ipay/MyOrder.aspx";
/// Where the §2 button and logo images live.
pub const IMAGES_PATH: &str = "/ipay/images";
