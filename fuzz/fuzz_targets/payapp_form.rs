#![no_main]
//! cargo-fuzz target; the body is `gyeolje_payapp::fuzzing::payapp_form`, which the
//! crate's proptest harness runs too (docs/fuzzing.md).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gyeolje_payapp::fuzzing::payapp_form(data));
