//! Every input a fuzz target once failed on (`fuzz/regressions/TARGET/*`) is replayed through
//! the same checks the fuzzer runs (`fuzz/fuzz_targets/checks.rs`), and so is every shipped entry
//! and fixture: readers, validation, rendering, convert, verify and diff hold their invariants
//! on them.

#[path = "../../fuzz/fuzz_targets/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 10] = [
    ("load_json", checks::load_json),
    ("load_markdown", checks::load_markdown),
    ("validate_entry", checks::validate_entry),
    ("render_practice", checks::render_practice),
    ("render_fields", checks::render_fields),
    ("convert_roundtrip", checks::convert_roundtrip),
    ("convert_fields", checks::convert_fields),
    ("manifest_verify", checks::manifest_verify),
    ("diff_manifests", checks::diff_manifests),
    ("diff_fields", checks::diff_fields),
];

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else if path.file_name().is_some_and(|n| n != "README.md") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn kept_fuzz_findings_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    for (target, check) in TARGETS {
        for file in files_under(&root.join(target)) {
            let data = std::fs::read(&file).unwrap();
            let result = std::panic::catch_unwind(|| check(&data));
            assert!(result.is_ok(), "{target} fails again on {}", file.display());
        }
    }
}

#[test]
fn the_shipped_entries_and_fixtures_hold_every_invariant() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut entries = files_under(&root.join("practices"));
    entries.extend(files_under(&root.join("tests/cmd")));
    let entries: Vec<PathBuf> = entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "md"))
        .collect();
    assert!(entries.len() > 100);
    for file in &entries {
        let data = std::fs::read(file).unwrap();
        for (target, check) in &TARGETS[..5] {
            let result = std::panic::catch_unwind(|| check(&data));
            assert!(result.is_ok(), "{target} fails on {}", file.display());
        }
    }
    let golden = std::fs::read(root.join("tests/golden/build-small/compendium.json")).unwrap();
    checks::manifest_verify(&golden);
    let mut pair = golden.clone();
    pair.push(0xFF);
    pair.extend_from_slice(&golden);
    checks::diff_manifests(&pair);
}
