//! The data files the tool ships that are made from other files of the repository
//! (`compendium::derived`) are exactly what their documented commands make from the repository as
//! it is: the filtered glossary lists and the duplicate finder's background. Both depend on the
//! corpus, so adding or changing a practice can change them; this says which command to run.

use compendium::schema::Schemas;
use compendium::{derived, load, pipeline};
use std::collections::{HashMap, HashSet};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn practices(folders: &[&str]) -> Vec<compendium::normalize::Normalized> {
    let folders: Vec<_> = folders.iter().map(|f| Path::new(ROOT).join(f)).collect();
    let files = load::discover(&folders).unwrap();
    let (report, practices) = pipeline::practices(
        &files,
        &Schemas::embedded().unwrap(),
        compendium::validate::Scope::Corpus,
        &|| {},
    );
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    practices
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap()
}

#[test]
fn the_shipped_glossary_lists_are_what_the_filter_makes() {
    let train: HashMap<String, serde_json::Value> =
        serde_json::from_str(&read("tests/tagging/labels/train.json")).unwrap();
    let train: HashSet<String> = train.into_keys().collect();
    let in_use =
        derived::english_stems_in_use(&practices(&["practices", "tests/tagging/entries"]), &train);
    for lang in ["fr", "es"] {
        let made = derived::glossary_list(
            lang,
            &read(&format!("tests/glossary/words-{lang}.tsv")),
            &in_use,
        );
        assert!(made.kept > 200, "{lang}: only {} lines kept", made.kept);
        assert!(
            made.text == read(&format!("src/normalize/glossary-{lang}.tsv")),
            "src/normalize/glossary-{lang}.tsv is not what `cargo run --release --example \
             glossary_filter` makes from the repository: run it, then retrain the tagger's model \
             (README, \"Measuring and retraining\") and commit both"
        );
    }
}

#[test]
fn the_shipped_background_is_what_its_command_makes() {
    let made = derived::background(&practices(&["practices"]));
    assert!(made.lines().count() > 1000);
    assert!(
        made == read("src/dedup/background.txt"),
        "src/dedup/background.txt is not what `cargo run --example dedup_background -- practices \
         > src/dedup/background.txt` makes from the shipped corpus: run it and commit the result"
    );
}
