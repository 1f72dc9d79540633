//! The README's examples that run on the shipped corpus as it is, and whose output the tagger's
//! model or the corpus decide, are what the tool prints today: retraining the model or changing
//! an entry must not leave the README showing other scores or another digest.

use crate::{bin, succeed};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn readme() -> String {
    std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap()
}

/// The lines of the README's console block that opens with `$ <command>`, after that line.
fn example_output(readme: &str, command: &str) -> String {
    let start = readme
        .find(&format!("```console\n$ {command}\n"))
        .unwrap_or_else(|| panic!("the README has no console example of `{command}`"));
    let body = &readme[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].to_string()
}

#[test]
fn the_readme_tag_example_is_what_tag_prints() {
    let file = "practices/eu/eu-ees-fixed-retention-and-automatic-erasure.json";
    let shown = example_output(&readme(), &format!("compendium tag {file}"));
    let out = succeed(bin().current_dir(ROOT).args(["tag", file]));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        shown,
        "the README's `tag` example is out of date: run `compendium tag {file}` and copy its output"
    );
}

#[test]
fn the_readme_build_example_shows_the_digest_build_prints() {
    let shown = example_output(&readme(), "compendium build --edition 2026-1 --html");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    let printed = succeed(bin().current_dir(ROOT).args([
        "build",
        "--edition",
        "2026-1",
        "--html",
        "--out",
        out.to_str().unwrap(),
        "practices",
    ]));
    let first = |text: &str| text.lines().next().unwrap_or_default().to_string();
    assert_eq!(
        first(&String::from_utf8(printed.stdout).unwrap()),
        first(&shown),
        "the README's `build` example shows another edition digest: copy the one build prints"
    );
}
