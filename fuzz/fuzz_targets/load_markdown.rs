//! Reading a Markdown entry (YAML front matter): never a panic, every finding located inside the
//! text.
#![no_main]
#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read("entry.md", data);
});
