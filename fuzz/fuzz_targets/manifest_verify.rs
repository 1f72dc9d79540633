//! Reading a manifest and verifying it: never a panic, whatever the bytes.
#![no_main]
#[path = "common.rs"]
mod common;

use std::collections::BTreeMap;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let taxonomy = &common::schemas().taxonomy;
    let _ = compendium::assemble::manifest::read_manifest(&text, taxonomy);
    let _ = compendium::assemble::manifest::read_practice_index(&text);
    let verification = compendium::assemble::manifest::verify(&text, &BTreeMap::new(), taxonomy);
    let _ = verification.digest;
});
