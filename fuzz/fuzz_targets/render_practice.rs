//! Rendering one valid practice to Markdown and to the HTML page: never a panic, and nothing in
//! the page can run or load anything (no script, handler, frame, image, form …).
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::render_practice(data));
