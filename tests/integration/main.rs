//! Integration tests: the CLI run on fixture folders, compared with checked-in expected output.
//! Regenerate expected files after a deliberate change with `TRYCMD=overwrite cargo test`.
// Tests report figures (accuracy) on stderr.
#![allow(clippy::print_stderr)]

mod build;
mod contributor;
mod dedup_accuracy;
mod editions;

mod properties;
mod tagging;

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
