//! Writes `src/normalize/glossary-fr.tsv` and `glossary-es.tsv` from the word lists in
//! `tests/glossary/` (`words-fr.tsv`, `words-es.tsv`: `word<TAB>English word`, written by two
//! readers from their knowledge of the languages). The duplicate finder and the tagger compare
//! words by a light stem (`compendium::normalize::stem`), so a line is kept only if its stem adds
//! something and cannot mislead:
//!
//! - its stem differs from its English word's (a cognate, `protección` and `protection`, needs no
//!   line);
//! - neither word is a grammar word of the tagger (`tiene` as *have*, `luego` as *then* would
//!   teach it grammar);
//! - no other line of the list gives its stem another English stem, at five letters or at the
//!   tagger's six (`conservation` and `conseil` would both be `conse`);
//! - its stem is not the hand-made glossary's, which has the last word, and its English word's
//!   stem is not one the hand-made glossary maps to (`leve` as *minor* would meet `mineur`, a
//!   child; `afirmar` as *state* would meet `État`);
//! - its stem is not also an English word's: at most [`ENGLISH_PRACTICES_AT_MOST`] English
//!   practices of the tagger's training split (`tests/tagging/labels/train.json`, their texts in
//!   `practices/` and `tests/tagging/entries/`) use it (French `agent` and `application` are
//!   English words too).
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
//! inputs. A unit test checks the rules that need no
//! corpus on the shipped files (`normalize::glossary`, `word_lists_keep_the_rules`).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use anyhow::Context;
use compendium::dedup::same::stems_of;
use compendium::normalize::glossary::{FRENCH, SPANISH};
use compendium::normalize::stem::{stem, stem_to};
use compendium::schema::Schemas;
use compendium::tag::{GRAMMAR_WORDS, MODEL_STEM_LETTERS};
use compendium::{load, pipeline};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use unicode_normalization::char::is_combining_mark;

/// A stem English practices use more often than this is an English word as well.
const ENGLISH_PRACTICES_AT_MOST: usize = 2;

/// The stem a word has before any glossary is read: accents removed, a plural `s` dropped, cut to
/// five letters (the stemmer reads an English word so). `None` for what is not one word of four
/// letters or more: a hyphenated phrase never meets a word of a text.
fn raw_stem(word: &str) -> Option<String> {
    // Accents written as separate marks (a list saved in NFD) are letters too.
    let letters = word.chars().filter(|&c| !is_combining_mark(c)).count();
    let alphabetic = word
        .chars()
        .all(|c| c.is_alphabetic() || is_combining_mark(c));
    if letters < 4 || !alphabetic {
        return None;
    }
    stem("en", word).map(|s| s.into_owned())
}

/// An English word's stem at the tagger's length (`compendium::tag::MODEL_STEM_LETTERS`).
fn tagger_stem(word: &str) -> Option<String> {
    stem_to("en", word, MODEL_STEM_LETTERS).map(|s| s.into_owned())
}

/// How many English practices of the tagger's training split use each stem.
fn english_stems_in_use() -> anyhow::Result<HashMap<String, usize>> {
    let train: HashMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string("tests/tagging/labels/train.json")
            .context("run this from the repository's root")?,
    )?;
    let folders = [
        PathBuf::from("practices"),
        PathBuf::from("tests/tagging/entries"),
    ];
    let files = load::discover(&folders)?;
    let (report, practices) = pipeline::practices(&files, &Schemas::embedded()?, &|| {});
    if report.has_errors() {
        anyhow::bail!("the entries have errors: run `compendium validate` first");
    }
    let mut seen = HashSet::new();
    let mut count = HashMap::new();
    for normalized in &practices {
        let p = &normalized.practice.practice;
        if !train.contains_key(&p.id) || p.primary_language() != "en" || !seen.insert(&p.id) {
            continue;
        }
        // The stems the duplicate finder reads in it, each once.
        for s in stems_of(p, &normalized.form) {
            *count.entry(s).or_insert(0) += 1;
        }
    }
    Ok(count)
}

fn main() -> anyhow::Result<()> {
    let in_use = english_stems_in_use()?;
    let core_targets: HashSet<&str> = FRENCH.iter().chain(SPANISH).map(|&(_, e)| e).collect();
    let grammar =
        |words: &[&str]| -> HashSet<String> { words.iter().filter_map(|w| raw_stem(w)).collect() };
    let english_grammar = grammar(GRAMMAR_WORDS[0]);
    for (lang, hand_made, grammar_words) in [
        ("fr", FRENCH, GRAMMAR_WORDS[1]),
        ("es", SPANISH, GRAMMAR_WORDS[2]),
    ] {
        let own_grammar = grammar(grammar_words);
        let hand_made: HashSet<&str> = hand_made.iter().map(|&(s, _)| s).collect();
        let list = std::fs::read_to_string(format!("tests/glossary/words-{lang}.tsv"))?;
        let lines: Vec<(String, String)> = list
            .lines()
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let word = fields.next()?;
                let english = fields.next()?;
                Some((word.trim().to_lowercase(), english.trim().to_lowercase()))
            })
            .collect();
        // Every meaning the lines give a stem: the English word's stem at five and six letters.
        let mut meanings: BTreeMap<String, BTreeSet<(String, Option<String>)>> = BTreeMap::new();
        for (word, english) in &lines {
            if let (Some(s), Some(e)) = (raw_stem(word), raw_stem(english)) {
                if s != e {
                    meanings
                        .entry(s)
                        .or_default()
                        .insert((e, tagger_stem(english)));
                }
            }
        }
        let ambiguous = |s: &str| {
            let m = &meanings[s];
            let five: HashSet<_> = m.iter().map(|(e, _)| e).collect();
            let six: HashSet<_> = m.iter().map(|(_, e6)| e6).collect();
            five.len() > 1 || six.len() > 1
        };
        let mut kept = String::new();
        let mut seen = HashSet::new();
        for (word, english) in &lines {
            let (Some(s), Some(e)) = (raw_stem(word), raw_stem(english)) else {
                continue;
            };
            let keep = s != e
                && !hand_made.contains(s.as_str())
                && !ambiguous(&s)
                && !english_grammar.contains(&e)
                && !own_grammar.contains(&s)
                && !core_targets.contains(e.as_str())
                && in_use.get(&s).copied().unwrap_or(0) <= ENGLISH_PRACTICES_AT_MOST
                && seen.insert((word, english));
            if keep {
                kept.push_str(&format!("{word}\t{english}\n"));
            }
        }
        let out = format!("src/normalize/glossary-{lang}.tsv");
        std::fs::write(&out, &kept).with_context(|| format!("cannot write {out}"))?;
        let stems: HashSet<_> = kept
            .lines()
            .filter_map(|l| raw_stem(l.split('\t').next()?))
            .collect();
        eprintln!(
            "{lang}: {} of {} lines kept, {} stems",
            kept.lines().count(),
            lines.len(),
            stems.len()
        );
    }
    Ok(())
}
