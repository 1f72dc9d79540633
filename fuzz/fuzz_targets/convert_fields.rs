//! `convert` of one practice built field by field from the fuzzer's choices (no parsing to get
//! past): the checks of `convert_roundtrip` on every entry that validates.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::convert_fields(data));
