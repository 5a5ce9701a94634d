#![no_main]
//! cargo-fuzz target; the body is `gyeolje_innopay::fuzzing::innopay_json`, which the
//! crate's proptest harness runs too (docs/fuzzing.md).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gyeolje_innopay::fuzzing::innopay_json(data));
