//! Where PayApp Lite lives on gyeolje.

/// The script's path in the manual, and the same under `v2/`.
pub const SCRIPT_PATHS: [&str; 2] = [
    "/public/api/payapp-lite.js",
    "/public/api/v2/payapp-lite.js",
];

/// The popup page the script POSTs to.
pub const POPUP_PATH: &str = "/lite/request";

/// Where the popup's own form submits.
pub const SUBMIT_PATH: &str = "/lite/request/submit";
