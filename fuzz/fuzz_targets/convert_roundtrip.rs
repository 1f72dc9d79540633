//! `convert`: a JSON entry that validates, turned into Markdown and back, is the same entry
//! (and the Markdown validates too).
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::convert_roundtrip(data));
