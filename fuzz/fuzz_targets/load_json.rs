//! Reading a JSON entry with positions: never a panic, every finding located inside the text.
#![no_main]
#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read("entry.json", data);
});
