//! The same practice written twice by different people, perhaps in different languages.
//!
//! Two contributors describing one practice of one instrument share few word 3-shingles (a
//! twentieth, often less) but much else: the source, the instrument's number, its article, the
//! periods and ages it sets, the jurisdiction. So:
//!
//! 1. **Candidates** are the practices that share an *instrument key*: a source (the same address,
//!    or the same title and year), or a citation that names an instrument (an act, case, standard,
//!    resolution or document number, see [`super::cite`]). An inverted index from each key to
//!    its practices gives the pairs. Within a key shared by more than [`MAX_SHARING`] practices
//!    (a template source, a law cited everywhere) only practices that also share an article or
//!    a figure are paired, so the search stays sub-quadratic; such keys are reported.
//! 2. **Similarity** is the cosine of TF-IDF vectors of the content words (title, summary, body,
//!    recommendations), each occurrence counted by its field's weight (a word of the title three
//!    times, of the summary twice: what a practice is shows most where it is named). Each word
//!    is cut to its first five letters, accents and a plural `s` removed: a light stemmer for
//!    English, French and Spanish alike (`retention`, `rétention` and `retención` all become
//!    `reten`, see [`crate::normalize::stem`]), which also matches the cognates of a
//!    translation; a [`crate::normalize::glossary`] maps the French and Spanish stems of the
//!    field's other words and of common words of legal prose to English ones (`empreinte` and
//!    `huella` to `finge`rprint, `lieu` to `place`). Words of three letters or fewer and numbers
//!    are left out; the IDF weighs down what every practice says.
//! 3. **Score**: between two languages the similarity runs lower (only cognates, names and the
//!    glossary's words are shared), so the score adds what does not depend on the language: the
//!    lifecycle stages both cover, the figures and articles both give. Within one language the
//!    similarity is the score. Within one language and across two, the principles the two
//!    entries declare then move it: two descriptions of one practice mostly name the same
//!    principles, two practices of one law mostly name different ones (a retention period and an
//!    exemption for children). The share of principles both declare, among those either
//!    declares, raises the score above a half and lowers it below ([`PRINCIPLES_WEIGHT`]); an
//!    entry that declares none leaves it as it is.
//!
//! A candidate pair in the same jurisdiction scoring at least [`SAME_PRACTICE`] (or
//! [`SAME_PRACTICE_ACROSS_LANGUAGES`], with words at least
//! [`MIN_SIMILARITY_ACROSS_LANGUAGES`] alike) is reported as possibly the same practice, with
//! why; one below it that still reads alike ([`RELATED`], on the score before the principles
//! move it: two practices of one law that name different principles are what "related" is
//! for) is reported as related, for information. The thresholds were set on the training
//! pairs of `tests/dedup-pairs/` only.

use super::cite::{self, Citation};
use super::explain::Difference;
use super::round3;
use crate::model::ContentForm;
use crate::model::{Lifecycle, Practice};
use crate::normalize::stem::stem;
use crate::normalize::text::fold_for_comparison;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::Serialize;
use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::LazyLock;

/// A key shared by more practices than this does not pair them all: a source or law that many
/// practices draw on says little about which of them describe the same practice, so within it
/// only practices that also share an article or a figure are paired.
pub const MAX_SHARING: usize = 24;
/// Minimum score of a same-language pair for "possibly the same practice".
pub const SAME_PRACTICE: f64 = 0.51;
/// Minimum score of a pair in two languages for "possibly the same practice".
pub const SAME_PRACTICE_ACROSS_LANGUAGES: f64 = 0.43;
/// Minimum similarity of the words of a pair in two languages for "possibly the same practice":
/// what the two share besides their words (lifecycle stages, figures, articles) may add up to
/// the threshold alone, and two practices of one instrument often share those. Below the words'
/// similarity of every same-practice pair in two languages among the training pairs (the lowest
/// is 0.16 since the glossary took in the word lists; it was 0.13 before, the floor 0.12).
pub const MIN_SIMILARITY_ACROSS_LANGUAGES: f64 = 0.15;
/// Minimum score of a pair sharing an instrument to be listed as related.
pub const RELATED: f64 = 0.20;
/// Weight, between two languages, of the share of lifecycle stages both practices cover.
const LIFECYCLE_WEIGHT: f64 = 0.30;
/// Weight, between two languages, of each figure or article both give (at most three count).
const SHARED_DETAIL_WEIGHT: f64 = 0.03;
/// Weight of the principles both practices declare: the score moves by this much times the
/// share of principles both declare (among those either declares) less a half, so from −0.15
/// (none in common) to +0.15 (the same ones). Set with the thresholds on the training pairs:
/// among them a same-practice pair shares 0.68 of its declared principles on average, a pair
/// of two practices of one instrument 0.27.
pub const PRINCIPLES_WEIGHT: f64 = 0.30;
/// How many `/` the page above a source's address must have for it to be a key too
/// (`host/a/b/c/d` is deep enough: `host/a/b` would join unrelated pages of a site).
const MIN_PARENT_DEPTH: usize = 4;
/// At most how many practices the document frequencies are counted on (evenly, in order).
const FREQUENCY_SAMPLE: usize = 2000;

/// What the same-practice search keeps of one practice.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// The practice's id: the two practices of a pair are described in id order.
    id: String,
    /// Primary language subtag (`en`, `fr`, `es`).
    language: String,
    jurisdiction: String,
    lifecycle: Vec<Lifecycle>,
    /// The principles the contributor declares, sorted.
    principles: Vec<String>,
    /// Instrument keys in words (`source address …`, `act 2017/2226`), sorted.
    keys: Vec<String>,
    /// Every citation of the texts and sources, sorted.
    citations: Vec<Citation>,
    /// Figures of the texts, sorted.
    figures: Vec<String>,
    /// Word stems (hashed) and how often each occurs, each occurrence counted by its field's
    /// weight ([`crate::model::field_weight`]: a word of the title counts three times), sorted
    /// by stem.
    terms: Vec<(u32, f64)>,
}

/// A web address without what does not change the document: scheme, `www.`, a language segment
/// (`/en/`, `/fr/`), a fragment, a trailing slash; lower-cased.
fn address_key(url: &str) -> String {
    let lower = url.trim().to_lowercase();
    let no_fragment = lower.split('#').next().unwrap_or_default();
    let no_scheme = no_fragment
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host_and_path = no_scheme
        .strip_prefix("www.")
        .or_else(|| no_scheme.strip_prefix("beta."))
        .unwrap_or(no_scheme);
    let segments: Vec<&str> = host_and_path
        .split('/')
        .filter(|s| !matches!(*s, "en" | "fr" | "es" | "eng" | "fra" | "spa"))
        .collect();
    segments.join("/").trim_end_matches('/').to_string()
}

impl Profile {
    /// The profile of a practice, from its content form.
    pub fn new(practice: &Practice, form: &ContentForm) -> Profile {
        let mut keys = Vec::new();
        let mut citations = Vec::new();
        for source in &practice.sources {
            keys.push(format!(
                "source \"{}\" ({})",
                fold_for_comparison(&source.title),
                source.year
            ));
            if let Some(url) = &source.url {
                let address = address_key(url);
                // A page deep in a site is also keyed by the page above it, where a document's
                // parts and the document itself often sit.
                if let Some((parent, _)) = address.rsplit_once('/') {
                    if parent.matches('/').count() >= MIN_PARENT_DEPTH {
                        keys.push(format!("source address {parent}"));
                    }
                }
                keys.push(format!("source address {address}"));
                citations.extend(cite::act_of_url(url));
            }
            citations.extend(cite::citations(&source.title));
        }
        let texts = [&practice.title, &practice.summary, &practice.body]
            .into_iter()
            .chain(&practice.recommendations);
        let mut figures = Vec::new();
        for text in texts {
            let (cited, numbers) = cite::scan(text);
            citations.extend(cited);
            figures.extend(numbers);
        }
        citations.sort();
        citations.dedup();
        keys.extend(
            citations
                .iter()
                .filter(|c| c.kind.names_instrument())
                .map(Citation::describe),
        );
        keys.sort();
        keys.dedup();
        let language = practice.primary_language();
        // Each stem's hash with its field's weight, once per occurrence; sorted by hash, the
        // weights of a run of one hash add up to its weighted count.
        let mut stems: Vec<(u32, f64)> = Vec::new();
        for (text, weight) in form.weighted_texts() {
            for word in text.split(' ') {
                if let Some(n) = cite::number_word(&language, word) {
                    figures.push(n.to_string());
                }
                if let Some(s) = stem(&language, word) {
                    stems.push((stem_hash(&s), weight));
                }
            }
        }
        stems.sort_unstable_by_key(|&(hash, _)| hash);
        figures.sort();
        figures.dedup();
        let terms: Vec<(u32, f64)> = stems
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| (run[0].0, run.iter().map(|&(_, w)| w).sum()))
            .collect();
        let mut lifecycle = practice.lifecycle.clone();
        lifecycle.sort();
        lifecycle.dedup();
        let mut principles = practice.principles.clone();
        principles.sort();
        principles.dedup();
        Profile {
            id: practice.id.clone(),
            language,
            jurisdiction: practice.jurisdiction.clone(),
            lifecycle,
            principles,
            keys,
            citations,
            figures,
            terms,
        }
    }
}

/// Why two practices may be the same practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The two practices' languages.
    pub languages: [String; 2],
    /// The jurisdiction both have.
    pub jurisdiction: String,
    /// The sources and instruments both name.
    pub shared_instruments: Vec<String>,
    /// The citations both give (instruments and articles).
    pub shared_citations: Vec<String>,
    /// The figures both give.
    pub shared_figures: Vec<String>,
    /// The principles both declare.
    pub shared_principles: Vec<String>,
    /// How much the principles the two declare moved the score (from −0.15 to +0.15; 0 when
    /// either declares none).
    pub principles_effect: f64,
    /// Cosine similarity of their content words (0 to 1).
    pub similarity: f64,
    /// The score the decision is taken on.
    pub score: f64,
    /// The two are in two languages of which the search cannot compare the words (it compares
    /// English, French and Spanish), and share an instrument: possibly one practice written in
    /// two languages, which the score cannot tell, so an editor decides.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub words_not_compared: bool,
    /// The citations and figures only one of the two gives, and the principles only one
    /// declares when both declare some (`dedup` adds, before them, the fields that differ:
    /// [`super::explain::field_differences`]).
    pub differences: Vec<Difference>,
}

/// What a scored pair is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Possibly the same practice: an editor must decide.
    SamePractice,
    /// The same instrument, read as a different practice: for information.
    Related,
}

/// A pair of practices (indices into the profiles), what they are, and why.
#[derive(Debug, Clone)]
pub struct Finding {
    /// First practice (the smaller id: the evidence describes it first).
    pub a: usize,
    /// Second practice.
    pub b: usize,
    /// Same practice or related.
    pub verdict: Verdict,
    /// Why.
    pub evidence: Evidence,
}

/// How many practices of the shipped compendium have each stem: the background the IDF of a
/// small corpus is taken against, so that a folder of three practices weighs its words as the
/// compendium does. Written by `cargo run --example dedup_background -- practices`.
const BACKGROUND: &str = include_str!("background.txt");

/// The background: how many practices, and how many have each stem (by hash).
fn background() -> &'static (u32, FxHashMap<u32, u32>) {
    static PARSED: LazyLock<(u32, FxHashMap<u32, u32>)> = LazyLock::new(|| {
        let mut practices = 0;
        let mut df = FxHashMap::default();
        for line in BACKGROUND.lines().filter(|l| !l.starts_with('#')) {
            match line.split_once('\t') {
                Some(("practices", n)) => practices = n.parse().unwrap_or(0),
                Some((stem, n)) => {
                    df.insert(stem_hash(stem), n.parse().unwrap_or(0));
                }
                None => {}
            }
        }
        (practices, df)
    });
    &PARSED
}

fn stem_hash(stem: &str) -> u32 {
    FxBuildHasher.hash_one(stem) as u32
}

/// The distinct stems of a practice, for writing the background.
pub fn stems_of(practice: &Practice, form: &ContentForm) -> Vec<String> {
    let language = practice.primary_language();
    let mut stems: Vec<String> = form
        .texts()
        .flat_map(|t| t.split(' '))
        .filter_map(|w| stem(&language, w).map(Cow::into_owned))
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

/// TF-IDF weights of the terms of the practices `needed`, each vector of length one. Document
/// frequencies are counted over `among` (a sample of it beyond [`FREQUENCY_SAMPLE`]), and the
/// background when `among` is smaller than it.
fn weighted(
    profiles: &[&Profile],
    among: &[usize],
    needed: &[usize],
) -> FxHashMap<usize, Vec<(u32, f64)>> {
    // A corpus at least as large as the shipped compendium is its own background; a smaller one
    // is weighed against the compendium and itself.
    let (background_n, background_df) = match background() {
        (n, df) if (*n as usize) > among.len() => (*n, Some(df)),
        _ => (0, None),
    };
    // Document frequencies from an even sample of the corpus: exact enough for weights, and
    // counting every word of 10,000 practices took longer than the rest of this search.
    let step = among.len().div_ceil(FREQUENCY_SAMPLE).max(1);
    let sample: Vec<usize> = among.iter().step_by(step).copied().collect();
    let mut df: FxHashMap<u32, u32> = FxHashMap::default();
    for &i in &sample {
        for &(t, _) in &profiles[i].terms {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    let n = f64::from(background_n) + sample.len() as f64;
    needed
        .par_iter()
        .map(|&i| {
            let mut v: Vec<(u32, f64)> = profiles[i]
                .terms
                .iter()
                .map(|&(t, count)| {
                    let df = df.get(&t).copied().unwrap_or(1)
                        + background_df.and_then(|b| b.get(&t).copied()).unwrap_or(0);
                    let idf = (n / f64::from(df.max(1))).ln();
                    // Every field weighs at least 1, so a word's weighted count is at least 1.
                    (t, (1.0 + count.max(1.0).ln()) * idf)
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            (i, v)
        })
        .collect()
}

/// Cosine of two unit vectors sorted by term.
fn cosine(a: &[(u32, f64)], b: &[(u32, f64)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

fn shared<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter()
        .filter(|x| b.binary_search(x).is_ok())
        .cloned()
        .collect()
}

/// Figures in the order of their values (`3, 5, 12`), for reports: they are kept sorted as text.
fn by_value(mut figures: Vec<String>) -> Vec<String> {
    let value = |f: &String| f.parse::<f64>().unwrap_or(f64::MAX);
    figures.sort_by(|a, b| value(a).total_cmp(&value(b)).then_with(|| a.cmp(b)));
    figures
}

/// The share of the items either list has that both have (0 when both are empty); the lists
/// are sorted and without repeats.
fn share_in_common<T: Ord + Clone>(a: &[T], b: &[T]) -> f64 {
    let both = shared(a, b).len();
    match a.len() + b.len() - both {
        0 => 0.0,
        either => both as f64 / either as f64,
    }
}

/// The items of `a` that sorted `b` does not hold.
pub(super) fn only_in<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter()
        .filter(|x| b.binary_search(x).is_err())
        .cloned()
        .collect()
}

/// A key shared by more than [`MAX_SHARING`] practices, searched only on narrower keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrowdedKey {
    /// The key in words (`act 2017/2226`, `source address …`).
    pub key: String,
    /// How many practices share it.
    pub practices: usize,
}

/// The narrower keys of a practice within a crowded key's bucket: the key together with each
/// article the practice cites and each figure it gives. Two practices describing the same
/// practice of a law that many practices cite still share its article or its periods.
fn narrower_keys(key: &str, profile: &Profile) -> Vec<String> {
    let articles = profile
        .citations
        .iter()
        .filter(|c| !c.kind.names_instrument())
        .map(|c| format!("{key} with {}", c.describe()));
    let figures = profile
        .figures
        .iter()
        .map(|f| format!("{key} with figure {f}"));
    articles.chain(figures).collect()
}

/// The pairs among `among` (indices into `profiles`) that share an instrument key, each once, in
/// order, and the keys shared by more than [`MAX_SHARING`] practices (sorted). Within such a
/// crowded key, practices are paired only when they also share an article or a figure (again
/// at most [`MAX_SHARING`] practices each), so the search stays sub-quadratic.
pub fn candidates(
    profiles: &[&Profile],
    among: &[usize],
) -> (Vec<(usize, usize)>, Vec<CrowdedKey>) {
    let mut index: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for &i in among {
        for key in &profiles[i].keys {
            index.entry(key.as_str()).or_default().push(i);
        }
    }
    let mut crowded = Vec::new();
    let mut narrower: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (key, practices) in &index {
        if practices.len() > MAX_SHARING {
            crowded.push(CrowdedKey {
                key: key.to_string(),
                practices: practices.len(),
            });
            for &i in practices {
                for k in narrower_keys(key, profiles[i]) {
                    narrower.entry(k).or_default().push(i);
                }
            }
        }
    }
    crowded.sort_by(|a, b| a.key.cmp(&b.key));
    let all_pairs = |practices: &Vec<usize>| {
        let mut out = Vec::new();
        for (k, &a) in practices.iter().enumerate() {
            for &b in &practices[k + 1..] {
                out.push((a.min(b), a.max(b)));
            }
        }
        out
    };
    let mut pairs: Vec<(usize, usize)> = index
        .values()
        .chain(narrower.values())
        .filter(|practices| (2..=MAX_SHARING).contains(&practices.len()))
        .flat_map(all_pairs)
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    (pairs, crowded)
}

/// The keys shared by more than [`MAX_SHARING`] of the practices `among` (see [`candidates`]).
/// Counts only, without pairing: cheaper than [`candidates`].
pub fn crowded_keys(profiles: &[&Profile], among: &[usize]) -> Vec<CrowdedKey> {
    let mut count: FxHashMap<&str, usize> = FxHashMap::default();
    for &i in among {
        for key in &profiles[i].keys {
            *count.entry(key.as_str()).or_insert(0) += 1;
        }
    }
    let mut crowded: Vec<CrowdedKey> = count
        .into_iter()
        .filter(|&(_, n)| n > MAX_SHARING)
        .map(|(key, practices)| CrowdedKey {
            key: key.to_string(),
            practices,
        })
        .collect();
    crowded.sort_by(|a, b| a.key.cmp(&b.key));
    crowded
}

/// Scores a candidate pair.
fn evidence(pa: &Profile, pb: &Profile, similarity: f64) -> Evidence {
    let citations = shared(&pa.citations, &pb.citations);
    let figures = shared(&pa.figures, &pb.figures);
    let principles = shared(&pa.principles, &pb.principles);
    let words = if pa.language == pb.language {
        similarity
    } else {
        // Articles, and laws cited by their number alone (`Law No. 13,709`), whose numbers
        // counted as figures before such citations were read in every language.
        let articles = citations
            .iter()
            .filter(|c| !c.kind.names_instrument() || c.key.starts_with("no. "))
            .count();
        let details = (figures.len() + articles).min(3) as f64;
        similarity
            + LIFECYCLE_WEIGHT * share_in_common(&pa.lifecycle, &pb.lifecycle)
            + SHARED_DETAIL_WEIGHT * details
    };
    let counted = !pa.principles.is_empty() && !pb.principles.is_empty();
    let principles_effect = if counted {
        PRINCIPLES_WEIGHT * (share_in_common(&pa.principles, &pb.principles) - 0.5)
    } else {
        0.0
    };
    let score = words + principles_effect;
    let mut differences = Vec::new();
    let (only_a, only_b) = (
        only_in(&pa.citations, &pb.citations),
        only_in(&pb.citations, &pa.citations),
    );
    if !only_a.is_empty() || !only_b.is_empty() {
        let list = |c: &[Citation]| {
            c.iter()
                .map(Citation::describe)
                .collect::<Vec<_>>()
                .join(", ")
        };
        differences.push(Difference {
            field: "citations".into(),
            first: list(&only_a),
            second: list(&only_b),
        });
    }
    let (only_a, only_b) = (
        by_value(only_in(&pa.figures, &pb.figures)),
        by_value(only_in(&pb.figures, &pa.figures)),
    );
    if !only_a.is_empty() || !only_b.is_empty() {
        differences.push(Difference {
            field: "figures".into(),
            first: only_a.join(", "),
            second: only_b.join(", "),
        });
    }
    let (only_a, only_b) = (
        only_in(&pa.principles, &pb.principles),
        only_in(&pb.principles, &pa.principles),
    );
    if counted && (!only_a.is_empty() || !only_b.is_empty()) {
        differences.push(Difference {
            field: "principles".into(),
            first: only_a.join(", "),
            second: only_b.join(", "),
        });
    }
    Evidence {
        languages: [pa.language.clone(), pb.language.clone()],
        jurisdiction: pa.jurisdiction.clone(),
        shared_instruments: shared(&pa.keys, &pb.keys),
        shared_citations: citations.iter().map(Citation::describe).collect(),
        shared_figures: by_value(figures),
        shared_principles: principles,
        principles_effect: round3(principles_effect),
        similarity: round3(similarity),
        score: round3(score),
        words_not_compared: false,
        differences,
    }
}

/// Languages whose words the search compares across languages (through cognates and the
/// glossary, which maps French and Spanish words to English ones).
const COMPARED_LANGUAGES: [&str; 3] = ["en", "fr", "es"];

/// Every same-practice and related pair among `among` (indices into `profiles`, one per exact
/// group), in index order.
pub fn find(profiles: &[&Profile], among: &[usize]) -> Vec<Finding> {
    let (pairs, _) = candidates(profiles, among);
    crate::timing::note(|| format!("dedup: {} same-practice candidate pairs", pairs.len()));
    if pairs.is_empty() {
        return Vec::new();
    }
    let mut needed: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    needed.sort_unstable();
    needed.dedup();
    crate::timing::note(|| format!("dedup: {} practices in same-practice pairs", needed.len()));
    let vectors = weighted(profiles, among, &needed);
    let empty = Vec::new();
    let vector = |i: usize| vectors.get(&i).unwrap_or(&empty);
    pairs
        .par_iter()
        .filter_map(|&(a, b)| {
            // The evidence names the practices in id order, as reports list them, whatever
            // order they were read in.
            let (a, b) = if profiles[a].id <= profiles[b].id {
                (a, b)
            } else {
                (b, a)
            };
            let (pa, pb) = (profiles[a], profiles[b]);
            if pa.jurisdiction != pb.jurisdiction {
                return None;
            }
            let similarity = cosine(vector(a), vector(b));
            let mut evidence = evidence(pa, pb, similarity);
            // Two languages whose words cannot be compared (a Swahili description of an English
            // entry's judgment scored 0.07 and was listed as a different practice, though both
            // cite the same judgment at the same address: found by a tester).
            evidence.words_not_compared = pa.language != pb.language
                && !(COMPARED_LANGUAGES.contains(&pa.language.as_str())
                    && COMPARED_LANGUAGES.contains(&pb.language.as_str()))
                && !evidence.shared_instruments.is_empty();
            let (threshold, min_similarity) = if pa.language == pb.language {
                (SAME_PRACTICE, 0.0)
            } else {
                (
                    SAME_PRACTICE_ACROSS_LANGUAGES,
                    MIN_SIMILARITY_ACROSS_LANGUAGES,
                )
            };
            let verdict = if (evidence.score >= threshold && similarity >= min_similarity)
                || evidence.words_not_compared
            {
                Verdict::SamePractice
            } else if evidence.score - evidence.principles_effect >= RELATED {
                Verdict::Related
            } else {
                return None;
            };
            Some(Finding {
                a,
                b,
                verdict,
                evidence,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{Practice, Source};
    use crate::normalize::content_form;

    /// The regulation both practices of a test draw on.
    fn ees_source() -> Source {
        Source {
            title: "Regulation (EU) 2017/2226 establishing an Entry/Exit System".into(),
            publisher: "European Union".into(),
            year: 2017,
            url: None,
        }
    }

    /// What the search finds between two practices.
    fn find_between(a: &Practice, b: &Practice) -> Vec<Finding> {
        let profiles: Vec<Profile> = [a, b]
            .iter()
            .map(|p| Profile::new(p, &content_form(p)))
            .collect();
        let refs: Vec<&Profile> = profiles.iter().collect();
        find(&refs, &[0, 1])
    }

    /// Two practices on one regulation's retention periods, written apart.
    fn pair(jurisdiction_b: &str, language_b: &str, body_b: &str) -> Vec<Profile> {
        let source = ees_source();
        let a = Practice {
            title: "Fixed retention periods for traveller records".into(),
            body: "Article 34 keeps each traveller record for three years after exit, five years \
                   for overstayers, then the central system erases it automatically."
                .into(),
            jurisdiction: "EU".into(),
            sources: vec![source.clone()],
            ..Practice::example("a")
        };
        let b = Practice {
            title: "Retention periods of traveller records set by law".into(),
            body: body_b.into(),
            jurisdiction: jurisdiction_b.into(),
            language: language_b.into(),
            sources: vec![source],
            ..Practice::example("b")
        };
        [a, b]
            .iter()
            .map(|p| Profile::new(p, &content_form(p)))
            .collect()
    }

    #[test]
    fn the_same_practice_is_found_with_what_the_two_share() {
        let profiles = pair(
            "EU",
            "en",
            "Under Article 34 the records of travellers are kept for three years after their exit \
             and five years for overstayers; the central system then erases them automatically.",
        );
        let refs: Vec<&Profile> = profiles.iter().collect();
        let found = find(&refs, &[0, 1]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verdict, Verdict::SamePractice);
        let e = &found[0].evidence;
        assert_eq!(e.shared_citations, ["act 2017/2226", "article 34"]);
        assert_eq!(e.shared_figures, ["3", "5"]);
        assert_eq!(
            by_value(vec!["12".into(), "3".into(), "0.5".into(), "5".into()]),
            ["0.5", "3", "5", "12"]
        );
        assert!(e.shared_instruments.contains(&"act 2017/2226".to_string()));
    }

    #[test]
    fn a_word_counts_by_its_field() {
        let practice = Practice {
            title: "Retention of palm prints".into(),
            summary: "Palm prints are kept for a year.".into(),
            body: "Erasure follows; palm prints go at erasure.".into(),
            recommendations: vec!["Keep palm prints for a year at most.".into()],
            ..Practice::example("a")
        };
        let profile = Profile::new(&practice, &content_form(&practice));
        let weight = |word: &str| {
            let hash = stem_hash(&stem("en", word).unwrap());
            profile
                .terms
                .iter()
                .find(|(t, _)| *t == hash)
                .map(|&(_, w)| w)
        };
        // Title 3, summary 2, body 1, recommendations 1.5, added up over the occurrences.
        assert_eq!(weight("retention"), Some(3.0));
        assert_eq!(weight("erasure"), Some(2.0));
        assert_eq!(weight("palm"), Some(3.0 + 2.0 + 1.0 + 1.5));
        assert_eq!(weight("year"), Some(2.0 + 1.5));
    }

    #[test]
    fn practices_of_two_jurisdictions_are_never_paired() {
        let profiles = pair(
            "FR",
            "en",
            "Under Article 34 the records of travellers are kept for three years after their exit \
             and five years for overstayers; the central system then erases them automatically.",
        );
        let refs: Vec<&Profile> = profiles.iter().collect();
        assert!(find(&refs, &[0, 1]).is_empty());
    }

    #[test]
    fn across_languages_the_lifecycle_figures_and_articles_count() {
        let profiles = pair(
            "EU",
            "fr",
            "Selon l'article 34, les dossiers des voyageurs sont conservés trois ans après la \
             sortie, cinq ans en cas de dépassement, puis effacés automatiquement.",
        );
        let e = evidence(&profiles[0], &profiles[1], 0.1);
        // Same lifecycle (1.0), three shared details (3, 5, article 34).
        let expected = 0.1 + LIFECYCLE_WEIGHT + 3.0 * SHARED_DETAIL_WEIGHT;
        assert!((e.score - expected).abs() < 0.001, "{}", e.score);
        assert_eq!(e.languages, ["en", "fr"]);
        // The principles move it across languages too: one of two in common, a half, no move;
        // the same ones, +0.15.
        let mut profiles = profiles;
        profiles[0].principles = vec!["retention-limits".into(), "transparency".into()];
        profiles[1].principles = vec!["retention-limits".into()];
        let e = evidence(&profiles[0], &profiles[1], 0.1);
        assert!((e.score - expected).abs() < 0.001, "{}", e.score);
        profiles[1].principles.push("transparency".into());
        let e = evidence(&profiles[0], &profiles[1], 0.1);
        assert!((e.score - expected - 0.15).abs() < 0.001, "{}", e.score);
    }

    #[test]
    fn the_principles_both_declare_move_the_score() {
        let body = "Under Article 34 the records of travellers are kept for three years after \
                    their exit; the central system then erases them automatically.";
        let declaring = |mut profiles: Vec<Profile>, a: &[&str], b: &[&str]| {
            profiles[0].principles = a.iter().map(|p| p.to_string()).collect();
            profiles[1].principles = b.iter().map(|p| p.to_string()).collect();
            evidence(&profiles[0], &profiles[1], 0.5)
        };
        // Within one language the score is the similarity, moved by the principles.
        let none = declaring(pair("EU", "en", body), &[], &["retention-limits"]);
        assert_eq!(
            none.score, 0.5,
            "an entry that declares none leaves it as it is"
        );
        assert!(none.shared_principles.is_empty());
        let same = declaring(
            pair("EU", "en", body),
            &["proportionality", "retention-limits"],
            &["proportionality", "retention-limits"],
        );
        assert_eq!(same.score, 0.65);
        assert_eq!(
            same.shared_principles,
            ["proportionality", "retention-limits"]
        );
        assert_eq!(same.principles_effect, 0.15);
        let a_third = declaring(
            pair("EU", "en", body),
            &["proportionality", "retention-limits"],
            &["retention-limits", "transparency"],
        );
        // One of the three either declares: a third, below a half.
        assert_eq!(a_third.score, 0.45);
        assert_eq!(a_third.principles_effect, -0.05);
        let differs = a_third
            .differences
            .iter()
            .find(|d| d.field == "principles")
            .expect("the principles only one declares");
        assert_eq!(
            (differs.first.as_str(), differs.second.as_str()),
            ("proportionality", "transparency")
        );
        let apart = declaring(
            pair("EU", "en", body),
            &["proportionality"],
            &["transparency"],
        );
        assert_eq!(apart.score, 0.35);
        // What only one declares is a difference only when both declare some.
        assert!(!none.differences.iter().any(|d| d.field == "principles"));
    }

    #[test]
    fn a_principle_declared_twice_counts_once() {
        let practice = |id: &str, principles: &[&str]| Practice {
            principles: principles.iter().map(|p| p.to_string()).collect(),
            ..Practice::example(id)
        };
        let a = practice("a", &["transparency", "proportionality", "proportionality"]);
        let b = practice("b", &["proportionality", "transparency"]);
        let (pa, pb) = (
            Profile::new(&a, &content_form(&a)),
            Profile::new(&b, &content_form(&b)),
        );
        let e = evidence(&pa, &pb, 0.5);
        assert_eq!(e.shared_principles, ["proportionality", "transparency"]);
        assert_eq!(e.score, 0.65);
    }

    #[test]
    fn principles_that_differ_leave_two_practices_of_one_law_related() {
        // Two practices of one regulation, a little alike, that declare different principles:
        // the principles lower the score under "related", but the pair stays listed, as two
        // practices of one law.
        let practice = |id: &str, title: &str, summary: &str, principle: &str| Practice {
            title: title.into(),
            summary: summary.into(),
            body: format!(
                "The Entry/Exit System records every traveller who crosses the external border \
                 of the Schengen area. {summary}"
            ),
            recommendations: vec![summary.into()],
            jurisdiction: "EU".into(),
            sources: vec![ees_source()],
            principles: vec![principle.into()],
            ..Practice::example(id)
        };
        let a = practice(
            "a",
            "Fixed retention periods for traveller records",
            "Traveller records are erased from the central system three years after exit.",
            "retention-limits",
        );
        let b = practice(
            "b",
            "No fingerprints from young children at the border",
            "Children under twelve give no fingerprints at the border; only their face goes \
             into the central system.",
            "rights-of-the-child",
        );
        let found = find_between(&a, &b);
        assert_eq!(found.len(), 1, "the pair is still listed");
        let e = &found[0].evidence;
        assert_eq!(found[0].verdict, Verdict::Related);
        assert_eq!(e.principles_effect, -0.15);
        assert!(e.score < RELATED, "{}", e.score);
    }

    /// Two practices of one regulation in English and Swahili: the search cannot compare their
    /// words, so the pair is not called two practices; an editor decides (found by a tester).
    /// In French, whose words it compares, the same pair stays related.
    #[test]
    fn words_of_a_language_the_search_does_not_compare_leave_the_pair_undecided() {
        let english = Practice {
            title: "Fixed retention periods for traveller records".into(),
            jurisdiction: "EU".into(),
            sources: vec![ees_source()],
            ..Practice::example("a")
        };
        let other = |language: &str, title: &str| Practice {
            title: title.into(),
            summary: "Kumbukumbu za wasafiri zinafutwa baada ya muda uliowekwa.".into(),
            body: "Mfumo huhifadhi kumbukumbu za kila msafiri anayevuka mpaka wa nje.".into(),
            recommendations: vec!["Chapisha muda wa kuhifadhi kumbukumbu.".into()],
            jurisdiction: "EU".into(),
            language: language.into(),
            sources: vec![ees_source()],
            ..Practice::example("b")
        };
        let found = find_between(&english, &other("sw", "Muda wa kuhifadhi kumbukumbu"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verdict, Verdict::SamePractice);
        assert!(found[0].evidence.words_not_compared);
        let found = find_between(&english, &other("fr", "Muda wa kuhifadhi kumbukumbu"));
        assert!(found.iter().all(|f| !f.evidence.words_not_compared));
    }

    #[test]
    fn across_languages_words_must_be_alike_too() {
        // A French practice of the same regulation, with the same figures, at the same lifecycle
        // stages and principles, in words that share only a name with the English one: what the
        // two share besides their words, and that name, reach the threshold, but their words are
        // not alike enough.
        let source = ees_source();
        let principles = vec!["transparency".to_string()];
        let english = Practice {
            title: "Warnings given at every desk".into(),
            summary: "Visitors are warned.".into(),
            recommendations: vec!["Warn visitors.".into()],
            body: "Staff warn each visitor in person at Schengen desks, hand over a leaflet and \
                   note who was warned, in groups of three, five or twelve."
                .into(),
            jurisdiction: "EU".into(),
            sources: vec![source.clone()],
            principles: principles.clone(),
            ..Practice::example("a")
        };
        let french = Practice {
            title: "Quiconque passe est averti au guichet".into(),
            summary: "Chacun est prévenu.".into(),
            recommendations: vec!["Prévenir chacun.".into()],
            body: "Chaque agent prévient oralement quiconque passe Schengen, remet un dépliant \
                   et consigne qui fut prévenu, par groupes de trois, cinq ou douze."
                .into(),
            jurisdiction: "EU".into(),
            language: "fr".into(),
            sources: vec![source],
            principles,
            ..Practice::example("b")
        };
        let found = find_between(&english, &french);
        assert_eq!(found.len(), 1);
        let e = &found[0].evidence;
        assert!(
            e.similarity < MIN_SIMILARITY_ACROSS_LANGUAGES,
            "{}",
            e.similarity
        );
        assert!(e.score >= SAME_PRACTICE_ACROSS_LANGUAGES, "{}", e.score);
        assert_eq!(found[0].verdict, Verdict::Related);
    }

    #[test]
    fn the_evidence_names_the_practices_in_id_order_whatever_the_reading_order() {
        let mut profiles = pair(
            "EU",
            "fr",
            "Selon l'article 34, les dossiers des voyageurs sont conservés trois ans après la \
             sortie, cinq ans en cas de dépassement, puis effacés automatiquement; sept pays.",
        );
        // `b` (French) read first, `a` (English) second.
        profiles.reverse();
        let refs: Vec<&Profile> = profiles.iter().collect();
        let found = find(&refs, &[0, 1]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].a, found[0].b), (1, 0));
        let e = &found[0].evidence;
        assert_eq!(e.languages, ["en", "fr"]);
        let figures = e.differences.iter().find(|d| d.field == "figures");
        assert_eq!(
            figures.map(|d| (d.first.as_str(), d.second.as_str())),
            Some(("", "7"))
        );
    }

    #[test]
    fn addresses_lose_what_does_not_change_the_document() {
        assert_eq!(
            address_key("https://www.undocs.org/es/A/HRC/44/24/"),
            address_key("http://undocs.org/A/HRC/44/24#top")
        );
        assert_ne!(
            address_key("https://example.org/a"),
            address_key("https://example.org/b")
        );
    }

    #[test]
    fn a_crowded_key_alone_pairs_none_and_is_reported() {
        let with_keys = |keys: &[&str]| Profile {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            ..Profile::default()
        };
        let mut profiles = vec![with_keys(&["act 2017/2226"]), with_keys(&["act 2017/2226"])];
        profiles.extend((0..=MAX_SHARING).map(|_| with_keys(&["act 2016/679"])));
        let all: Vec<usize> = (0..profiles.len()).collect();
        let refs: Vec<&Profile> = profiles.iter().collect();
        let (pairs, crowded) = candidates(&refs, &all);
        assert_eq!(pairs, [(0, 1)]);
        assert_eq!(crowded_keys(&refs, &all), crowded);
        assert_eq!(
            crowded,
            [CrowdedKey {
                key: "act 2016/679".into(),
                practices: MAX_SHARING + 1
            }]
        );
    }

    #[test]
    fn within_a_crowded_key_practices_sharing_an_article_or_figure_are_paired() {
        let citing = |article: &str, figures: &[&str]| Profile {
            keys: vec!["act 2017/2226".into()],
            citations: vec![Citation {
                kind: cite::CitationKind::Provision,
                key: article.into(),
            }],
            figures: figures.iter().map(|f| f.to_string()).collect(),
            ..Profile::default()
        };
        let mut profiles = vec![citing("34", &["3"]), citing("34", &["5"])];
        profiles.extend((0..MAX_SHARING).map(|i| citing(&format!("{}", 100 + i), &[])));
        profiles.push(citing("99", &["5"]));
        let all: Vec<usize> = (0..profiles.len()).collect();
        let refs: Vec<&Profile> = profiles.iter().collect();
        let (pairs, crowded) = candidates(&refs, &all);
        let last = profiles.len() - 1;
        assert_eq!(pairs, [(0, 1), (1, last)]);
        assert_eq!(crowded.len(), 1);
    }
}
