//! The data files the tool ships that are made from other files of the repository, and how they
//! are made: the filtered glossary lists (`src/normalize/glossary-fr.tsv`, `glossary-es.tsv`, from
//! the word lists in `tests/glossary/`) and the duplicate finder's background
//! (`src/dedup/background.txt`, from `practices/`). Both depend on the corpus (the glossary on the
//! English practices of the tagger's training split, the background on the shipped compendium),
//! so they must be made again when it changes: the examples `glossary_filter` and
//! `dedup_background` write them, and an integration test checks that the shipped files are what
//! these functions make from the repository as it is.

use crate::dedup::same::stems_of;
use crate::normalize::glossary::{FRENCH, SPANISH};
use crate::normalize::stem::{stem, stem_to};
use crate::normalize::Normalized;
use crate::tag::{GRAMMAR_WORDS, MODEL_STEM_LETTERS};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use unicode_normalization::char::is_combining_mark;

/// A stem English practices use more often than this is an English word as well.
pub const ENGLISH_PRACTICES_AT_MOST: usize = 2;

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

/// An English word's stem at the tagger's length ([`MODEL_STEM_LETTERS`]).
fn tagger_stem(word: &str) -> Option<String> {
    stem_to("en", word, MODEL_STEM_LETTERS).map(|s| s.into_owned())
}

/// How many of the practices whose id is in `ids` and whose language is English use each stem
/// (as the duplicate finder reads them; a practice given twice counts once).
pub fn english_stems_in_use(
    practices: &[Normalized],
    ids: &HashSet<String>,
) -> HashMap<String, usize> {
    let mut seen = HashSet::new();
    let mut count = HashMap::new();
    for normalized in practices {
        let p = &normalized.practice.practice;
        if !ids.contains(&p.id) || p.primary_language() != "en" || !seen.insert(&p.id) {
            continue;
        }
        for s in stems_of(p, &normalized.form) {
            *count.entry(s).or_insert(0) += 1;
        }
    }
    count
}

/// A filtered glossary list, and how many lines and stems it kept of how many lines.
#[derive(Debug)]
pub struct GlossaryList {
    /// The file's text: `word<TAB>English word` lines.
    pub text: String,
    /// Lines of the word list read.
    pub read: usize,
    /// Lines kept.
    pub kept: usize,
    /// Distinct stems of the kept lines.
    pub stems: usize,
}

/// The lines of a word list (`word<TAB>English word`, `language` `fr` or `es`) whose stem adds
/// something and cannot mislead:
///
/// - its stem differs from its English word's (a cognate, `protección` and `protection`, needs no
///   line);
/// - neither word is a grammar word of the tagger (`tiene` as *have*, `luego` as *then* would
///   teach it grammar);
/// - no other line of the list gives its stem another English stem, at five letters or at the
///   tagger's six (`conservation` and `conseil` would both be `conse`);
/// - its stem is not the hand-made glossary's, which has the last word, and its English word's
///   stem is not one the hand-made glossary maps to (`leve` as *minor* would meet `mineur`, a
///   child; `afirmar` as *state* would meet `État`);
/// - its stem is not also an English word's: at most [`ENGLISH_PRACTICES_AT_MOST`] English
///   practices use it (`english_in_use`, from [`english_stems_in_use`]; French `agent` and
///   `application` are English words too).
///
/// The result is the same for the same inputs, byte for byte.
pub fn glossary_list(
    language: &str,
    list: &str,
    english_in_use: &HashMap<String, usize>,
) -> GlossaryList {
    let (hand_made, grammar_words) = match language {
        "fr" => (FRENCH, GRAMMAR_WORDS[1]),
        _ => (SPANISH, GRAMMAR_WORDS[2]),
    };
    let core_targets: HashSet<&str> = FRENCH.iter().chain(SPANISH).map(|&(_, e)| e).collect();
    let grammar =
        |words: &[&str]| -> HashSet<String> { words.iter().filter_map(|w| raw_stem(w)).collect() };
    let english_grammar = grammar(GRAMMAR_WORDS[0]);
    let own_grammar = grammar(grammar_words);
    let hand_made: HashSet<&str> = hand_made.iter().map(|&(s, _)| s).collect();
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
    let mut text = String::new();
    let mut seen = HashSet::new();
    let mut stems = HashSet::new();
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
            && english_in_use.get(&s).copied().unwrap_or(0) <= ENGLISH_PRACTICES_AT_MOST
            && seen.insert((word, english));
        if keep {
            // Writing to a String cannot fail.
            let _ = writeln!(text, "{word}\t{english}");
            stems.insert(s);
        }
    }
    GlossaryList {
        kept: text.lines().count(),
        text,
        read: lines.len(),
        stems: stems.len(),
    }
}

/// The duplicate finder's background: how many `practices` there are, and how many have each
/// word stem, one `stem<TAB>count` line each in stem order.
pub fn background(practices: &[Normalized]) -> String {
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    for p in practices {
        for stem in stems_of(&p.practice.practice, &p.form) {
            *df.entry(stem).or_insert(0) += 1;
        }
    }
    let mut out = String::new();
    out.push_str(
        "# How many practices of the shipped compendium have each word stem (see same.rs).\n",
    );
    out.push_str("# Written by `cargo run --example dedup_background -- practices`.\n");
    let _ = writeln!(out, "practices\t{}", practices.len());
    for (stem, n) in df {
        let _ = writeln!(out, "{stem}\t{n}");
    }
    out
}
