//! Rendering one valid practice to Markdown and to the HTML page: never a panic, and nothing in
//! the page can run or load anything (no script, handler, frame, image, form …).
#![no_main]
#[path = "common.rs"]
mod common;

use compendium::assemble::{assemble, render_html, render_markdown};
use compendium::assemble::html::active_content;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let name = if data.starts_with(b"---") {
        "entry.md"
    } else {
        "entry.json"
    };
    let Some(mut doc) = common::valid(name, data) else {
        return;
    };
    let practice = compendium::normalize::practice_from_document(&mut doc).expect("valid");
    let taxonomy = &common::schemas().taxonomy;
    let tagger = compendium::tag::Tagger::new(taxonomy);
    let normalized = compendium::normalize::normalize(practice);
    let tags = tagger.tag(&normalized.practice);
    let edition = assemble("fuzz", vec![(normalized, Some(tags))], Vec::new(), taxonomy);
    let markdown = render_markdown(&edition);
    assert!(markdown.contains(edition.practices[0].id()));
    let page = render_html(&edition);
    let active = active_content(&page);
    assert!(active.is_empty(), "active content in the page: {active:?}");
});
