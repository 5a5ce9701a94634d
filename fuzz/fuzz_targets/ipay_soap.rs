#![no_main]
//! cargo-fuzz target; the body is `gyeolje_ipay::fuzzing::ipay_soap`, which the
//! crate's proptest harness runs too (docs/fuzzing.md).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gyeolje_ipay::fuzzing::ipay_soap(data));
