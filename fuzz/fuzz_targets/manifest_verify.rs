//! Reading a manifest and verifying it: never a panic, whatever the bytes.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::manifest_verify(data));
