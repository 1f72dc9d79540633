//! Validating one entry (read as JSON, or as Markdown when the input starts with `---`): never a
//! panic, every finding located, and an entry the schema accepts can be read into the model.
#![no_main]
#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let name = if data.starts_with(b"---") {
        "entry.md"
    } else {
        "entry.json"
    };
    if let Some(mut doc) = common::valid(name, data) {
        if let Err(d) = compendium::normalize::practice_from_document(&mut doc) {
            panic!("the schema accepted an entry the model cannot read: {d:?}");
        }
    }
});
