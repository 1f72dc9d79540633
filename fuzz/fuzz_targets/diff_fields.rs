//! `diff` of two editions built field by field from the fuzzer's choices: what changed is
//! reported as such, and the Markdown and CSV reports read as written.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::diff_fields(data));
