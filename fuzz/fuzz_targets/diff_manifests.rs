//! `diff` of two manifests (the input cut in two at its first 0xFF byte, which UTF-8 text never
//! holds): never a panic; a manifest compared with itself has no changes.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::diff_manifests(data));
