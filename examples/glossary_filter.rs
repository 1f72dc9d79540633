//! Writes `src/normalize/glossary-fr.tsv` and `glossary-es.tsv` from the word lists in
//! `tests/glossary/` (`words-fr.tsv`, `words-es.tsv`: `word<TAB>English word`, written by two
//! readers from their knowledge of the languages). The duplicate finder and the tagger compare
//! words by a light stem (`compendium::normalize::stem`), so a line is kept only if its stem adds
//! something and cannot mislead (`compendium::derived::glossary_list` says how); one of the rules
//! counts the English practices of the tagger's training split (`tests/tagging/labels/train.json`,
//! their texts in `practices/` and `tests/tagging/entries/`) that use the stem.
//!
//! Run from the repository's root after changing a list, the hand-made glossary or the grammar
//! words, then retrain the tagger's model (README, "Measuring and retraining"):
//!
//! ```sh
//! cargo run --release --example glossary_filter
//! ```
//!
//! The English practices are every valid entry the tool reads in those two folders (JSON or
//! Markdown, at any depth) whose language is `en`. The output is byte-identical for the same
//! inputs. An integration test (`derived_files`) checks that the shipped files are what this
//! writes, so run it again whenever a practice of the training split is added or changed.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use anyhow::Context;
use compendium::derived::{english_stems_in_use, glossary_list};
use compendium::schema::Schemas;
use compendium::{load, pipeline};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let train: HashMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string("tests/tagging/labels/train.json")
            .context("run this from the repository's root")?,
    )?;
    let train: HashSet<String> = train.into_keys().collect();
    let folders = [
        PathBuf::from("practices"),
        PathBuf::from("tests/tagging/entries"),
    ];
    let files = load::discover(&folders)?;
    let (report, practices) = pipeline::practices(
        &files,
        &Schemas::embedded()?,
        compendium::validate::Scope::Corpus,
        &|| {},
    );
    if report.has_errors() {
        anyhow::bail!("the entries have errors: run `compendium validate` first");
    }
    let in_use = english_stems_in_use(&practices, &train);
    for lang in ["fr", "es"] {
        let list = std::fs::read_to_string(format!("tests/glossary/words-{lang}.tsv"))?;
        let filtered = glossary_list(lang, &list, &in_use);
        let out = format!("src/normalize/glossary-{lang}.tsv");
        std::fs::write(&out, &filtered.text).with_context(|| format!("cannot write {out}"))?;
        eprintln!(
            "{lang}: {} of {} lines kept, {} stems",
            filtered.kept, filtered.read, filtered.stems
        );
    }
    Ok(())
}
