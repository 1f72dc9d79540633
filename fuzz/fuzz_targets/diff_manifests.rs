//! `diff` of two manifests (the input cut in two at its first 0xFF byte, which UTF-8 text never
//! holds): never a panic; a manifest compared with itself has no changes.
#![no_main]
#[path = "common.rs"]
mod common;

use compendium::assemble::manifest::read_manifest;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let old = String::from_utf8_lossy(&data[..cut]);
    let new = String::from_utf8_lossy(data.get(cut + 1..).unwrap_or_default());
    let taxonomy = &common::schemas().taxonomy;
    let (Ok(old), Ok(new)) = (read_manifest(&old, taxonomy), read_manifest(&new, taxonomy)) else {
        return;
    };
    let changes = compendium::diff::diff(&old.edition, &new.edition);
    let _ = compendium::diff::render::markdown(&changes, &old.edition, &new.edition);
    let _ = compendium::diff::render::csv(&changes, &old.edition, &new.edition);
    let same = compendium::diff::diff(&old.edition, &old.edition);
    assert!(same.is_empty(), "an edition differs from itself: {same:?}");
});
