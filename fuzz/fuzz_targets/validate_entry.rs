//! Validating one entry (read as JSON, or as Markdown when the input starts with `---`): never a
//! panic, every finding located, and an entry the schema accepts can be read into the model.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::validate_entry(data));
