//! Integration tests: the CLI run on fixture folders, compared with checked-in expected output.
//! Regenerate expected files after a deliberate change with `TRYCMD=overwrite cargo test`.
// Tests report figures (accuracy) on stderr.
#![allow(clippy::print_stderr)]

mod build;
mod contributor;
mod decisions;
mod dedup_accuracy;
mod dedup_pairs;
mod derived_files;
mod editions;
mod fuzz_regressions;
/// The corpus generator of `examples/`, shared by the tests that need a generated corpus.
#[path = "../../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

mod properties;
mod quick_paths;
mod reading;
mod readme_examples;
mod safety;
mod tagging;

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// The `compendium` binary under test.
pub fn bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_compendium"))
}

/// Runs a command; fails the test, showing what the tool said, unless it succeeded.
pub fn succeed(command: &mut std::process::Command) -> std::process::Output {
    let out = command.output().expect("the command runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs the tool with `args` in `dir`; fails the test if it takes more than a minute (the tool
/// would hang) instead of hanging itself.
pub fn within_a_minute(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut child = bin()
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{args:?} did not finish within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}
