//! `convert`: a JSON entry that validates, turned into Markdown and back, is the same entry
//! (and the Markdown validates too).
#![no_main]
#[path = "common.rs"]
mod common;

use compendium::load::{entry_json, markdown::to_markdown};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(doc) = common::valid("entry.json", data) else {
        return;
    };
    let markdown = to_markdown(&doc.value);
    let Some(back) = common::valid("entry.md", markdown.as_bytes()) else {
        panic!("a valid entry's Markdown does not validate:\n{markdown}");
    };
    assert_eq!(back.value, doc.value, "Markdown lost something:\n{markdown}");
    let json = entry_json(&back.value, None);
    let again = common::valid("entry.json", json.as_bytes()).expect("the JSON written validates");
    assert_eq!(again.value, doc.value);
});
