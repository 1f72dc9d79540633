//! Reading a JSON entry with positions: never a panic, every finding located inside the text.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::load_json(data));
