//! Principle tagging: a lexicon engine driven entirely by `schema/principles.json`.
//!
//! Each field's text is cut into stemmed words; every lexicon term is matched as a whole sequence
//! of stems (so "retained" matches "retain", and "security" never matches inside "insecurity"),
//! acronyms marked case-sensitive are matched exactly as written. Per principle the longest
//! matches win and overlapping shorter ones are dropped; a match inside one of the principle's
//! misleading phrases is cancelled ("conflict of interest" is not "conflict"); a match in a
//! negated clause ("no impact assessment was made") is not evidence. What remains is weighted by
//! the term's weight and the field (title > summary > recommendations > body), summed per
//! principle, and a principle is suggested above a documented threshold. Facets roll up to their
//! parent. Every suggestion carries its evidence.

pub mod calibration;
mod report;
pub mod tokens;
pub mod trie;

use crate::model::{Practice, Taxonomy};
use crate::normalize::text::markdown_to_text;
use calibration::Calibration;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;
use tokens::{stem, tokenize, Tokenized};
use trie::WordTrie;

pub use report::{lexicon_report, LexiconReport};

/// A principle is suggested when its score reaches this…
pub const SCORE_THRESHOLD: f64 = 3.0;
/// …from at least this many separate matches, or from one phrase of three or more words.
pub const MIN_HITS: usize = 2;

/// How much evidence a suggestion keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceOptions {
    /// At most this many items, strongest first.
    pub max_items: usize,
    /// Whether each item carries the words around the match.
    pub snippets: bool,
}

impl EvidenceOptions {
    /// What `tag` shows: eight items with snippets.
    pub const FULL: EvidenceOptions = EvidenceOptions {
        max_items: 8,
        snippets: true,
    };
    /// No evidence at all: for counts (the coverage report, the lexicon report).
    pub const NONE: EvidenceOptions = EvidenceOptions {
        max_items: 0,
        snippets: false,
    };
    /// What an edition publishes: the three strongest items, no snippets (the text is beside them).
    pub const EDITION: EvidenceOptions = EvidenceOptions {
        max_items: 3,
        snippets: false,
    };
}

/// How much a match counts in each field.
pub fn field_weight(field: &str) -> f64 {
    match field {
        "title" => 3.0,
        "summary" => 2.0,
        "recommendations" => 1.5,
        _ => 1.0,
    }
}

/// Whether a lower-cased word negates what follows it in the same clause.
fn is_negation_word(lower: &str) -> bool {
    matches!(
        lower,
        "no" | "not"
            | "never"
            | "without"
            | "lack"
            | "lacks"
            | "lacking"
            | "lacked"
            | "absence"
            | "absent"
            | "neither"
            | "nor"
            | "none"
    )
}

/// Words that turn a following negation into a rule ("must not retain" prescribes a limit).
const MODALS: &[&str] = &[
    "must", "should", "shall", "may", "might", "can", "cannot", "could", "will", "would", "do",
    "does", "need", "ought",
];
/// Auxiliaries that, followed by a negation, report that something did not happen.
const AUXILIARIES: &[&str] = &[
    "was", "were", "is", "are", "has", "have", "had", "been", "be", "being",
];

/// Which lexicon a pattern belongs to.
#[derive(Debug, Clone)]
struct Owner {
    principle: usize,
    term: usize,
    negative: bool,
    /// The term's words, lower-cased, to confirm a stem match is an inflection, not a derivation.
    words: Vec<String>,
}

pub use crate::model::Evidence;

/// A suggested principle with its score and evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Principle id.
    pub principle: String,
    /// Summed weight of the evidence (rounded to two decimals).
    pub score: f64,
    /// Why (at most 8 items, strongest first; facets' evidence included for their parent).
    pub evidence: Vec<Evidence>,
    /// Whether the score reaches its principle's publication threshold ([`calibration`]): an
    /// edition carries only published suggestions; the others are candidates for editors.
    pub published: bool,
}

/// The tagging of one practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagResult {
    /// Practice id.
    pub id: String,
    /// What the contributor declared.
    pub declared: Vec<String>,
    /// What the lexicon supports, in taxonomy order.
    pub suggested: Vec<Suggestion>,
    /// Declared, but the text gives no evidence.
    pub unsupported: Vec<String>,
    /// Supported by the text, but not declared.
    pub undeclared: Vec<String>,
    /// Every (principle, term) that matched, as positions in the taxonomy, whether or not the
    /// principle was suggested (for the lexicon report).
    #[serde(skip)]
    pub fired: Vec<(usize, usize)>,
}

/// The texts the tagger reads, in order: title, summary, each recommendation, the body (reduced
/// to text), each with the name of its field.
pub fn fields_of<'p>(practice: &'p Practice, body_text: &'p str) -> Vec<(&'static str, &'p str)> {
    let mut fields = vec![
        ("title", practice.title.as_str()),
        ("summary", practice.summary.as_str()),
    ];
    fields.extend(
        practice
            .recommendations
            .iter()
            .map(|r| ("recommendations", r.as_str())),
    );
    fields.push(("body", body_text));
    fields
}

/// Each of [`fields_of`] cut into words.
pub fn tokenize_fields(practice: &Practice, body_text: &str) -> Vec<Tokenized> {
    fields_of(practice, body_text)
        .iter()
        .map(|(_, text)| tokenize(text))
        .collect()
}

/// A compiled lexicon.
pub struct Tagger {
    taxonomy: Taxonomy,
    parents: Vec<Option<usize>>,
    /// Phrases of stems (most terms).
    stems: WordTrie,
    /// Who owns each phrase of `stems`, by its end node.
    stem_owners: Vec<Vec<Owner>>,
    /// Phrases of words as written (case-sensitive terms: acronyms).
    exact: WordTrie,
    exact_owners: Vec<Vec<Owner>>,
    term_words: Vec<Vec<usize>>,
    /// Snowball English, which the lexicon's terms were stemmed with.
    stemmer: Stemmer,
    /// Which suggestions are published.
    calibration: Calibration,
}

thread_local! {
    /// The stems of the lower-cased words this thread has met: a corpus has a small vocabulary,
    /// and stemming a word costs several times more than looking it up (without this cache
    /// `tag` took more than twice as long).
    static STEMS: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
}

/// Past this many words, a thread's [`STEMS`] starts again (an unusual corpus stays in check).
const MAX_CACHED_STEMS: usize = 200_000;

/// A raw match before per-principle selection.
#[derive(Debug, Clone, Copy)]
struct Hit {
    principle: usize,
    term: usize,
    first: usize,
    last: usize,
}

impl Tagger {
    /// Compiles the lexicons of a taxonomy.
    pub fn new(taxonomy: &Taxonomy) -> Tagger {
        let mut stems = WordTrie::new();
        let mut exact = WordTrie::new();
        let mut stem_owners: Vec<Vec<Owner>> = Vec::new();
        let mut exact_owners: Vec<Vec<Owner>> = Vec::new();
        let mut term_words = Vec::new();
        let mut add = |text: &str, case_sensitive: bool, mut owner: Owner| -> usize {
            let toks = tokenize(text);
            if toks.is_empty() {
                return 0;
            }
            owner.words = (0..toks.len()).map(|i| toks.lower(i).to_string()).collect();
            let (node, owners) = if case_sensitive {
                let words = toks.tokens.iter().map(|t| &text[t.start..t.end]);
                (exact.insert(words), &mut exact_owners)
            } else {
                let words: Vec<String> = (0..toks.len()).map(|i| stem(toks.lower(i))).collect();
                (
                    stems.insert(words.iter().map(String::as_str)),
                    &mut stem_owners,
                )
            };
            if owners.len() <= node as usize {
                owners.resize(node as usize + 1, Vec::new());
            }
            owners[node as usize].push(owner);
            toks.len()
        };
        for (pi, principle) in taxonomy.principles.iter().enumerate() {
            let mut words = Vec::new();
            for (ti, term) in principle.lexicon.terms.iter().enumerate() {
                words.push(add(
                    &term.text,
                    term.case_sensitive,
                    Owner {
                        principle: pi,
                        term: ti,
                        negative: false,
                        words: Vec::new(),
                    },
                ));
            }
            for (ni, neg) in principle.lexicon.negative.iter().enumerate() {
                add(
                    neg,
                    false,
                    Owner {
                        principle: pi,
                        term: ni,
                        negative: true,
                        words: Vec::new(),
                    },
                );
            }
            term_words.push(words);
        }
        let parents = taxonomy
            .principles
            .iter()
            .map(|p| p.parent.as_ref().and_then(|id| taxonomy.position(id)))
            .collect();
        Tagger {
            taxonomy: taxonomy.clone(),
            parents,
            stems,
            stem_owners,
            exact,
            exact_owners,
            term_words,
            stemmer: Stemmer::create(Algorithm::English),
            calibration: Calibration::shipped(),
        }
    }

    /// The tagger with another calibration (which suggestions are published).
    pub fn with_calibration(mut self, calibration: Calibration) -> Tagger {
        self.calibration = calibration;
        self
    }

    /// Finds every raw match (and negative match) in a tokenized text.
    fn raw_hits(&self, toks: &Tokenized, text: &str) -> (Vec<Hit>, Vec<Hit>) {
        let mut hits = Vec::new();
        let mut negatives = Vec::new();
        let mut record = |owners: &[Owner], first: usize, last: usize, by_stem: bool| {
            for owner in owners {
                let same_word =
                    |(k, w): (usize, &String)| same_inflection(toks.lower(first + k), w);
                if by_stem && !owner.words.iter().enumerate().all(same_word) {
                    continue;
                }
                let hit = Hit {
                    principle: owner.principle,
                    term: owner.term,
                    first,
                    last,
                };
                if owner.negative {
                    negatives.push(hit);
                } else {
                    hits.push(hit);
                }
            }
        };
        let stem_ids = self.stem_ids(toks);
        self.stems.find_all(&stem_ids, |first, last, node| {
            record(&self.stem_owners[node as usize], first, last, true);
        });
        if !self.exact.is_empty() {
            let exact_ids: Vec<Option<u32>> = toks
                .tokens
                .iter()
                .map(|t| self.exact.word(&text[t.start..t.end]))
                .collect();
            self.exact.find_all(&exact_ids, |first, last, node| {
                record(&self.exact_owners[node as usize], first, last, false);
            });
        }
        (hits, negatives)
    }

    /// For each token, the id of its stem in the lexicon's stem trie (`None`: no term uses it).
    fn stem_ids(&self, toks: &Tokenized) -> Vec<Option<u32>> {
        STEMS.with_borrow_mut(|stems| {
            if stems.len() > MAX_CACHED_STEMS {
                stems.clear();
            }
            (0..toks.len())
                .map(|i| {
                    let lower = toks.lower(i);
                    match stems.get(lower) {
                        Some(stem) => self.stems.word(stem),
                        None => {
                            let stem = self.stemmer.stem(lower).into_owned();
                            let id = self.stems.word(&stem);
                            stems.insert(lower.to_string(), stem);
                            id
                        }
                    }
                })
                .collect()
        })
    }

    /// The taxonomy the tagger was built from.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Tags one practice, with full evidence.
    pub fn tag(&self, practice: &Practice) -> TagResult {
        self.tag_with(
            practice,
            &markdown_to_text(&practice.body),
            EvidenceOptions::FULL,
        )
    }

    /// Tags one practice whose body has already been reduced to text (the pipeline has it from
    /// normalizing), keeping the evidence `options` ask for.
    pub fn tag_with(
        &self,
        practice: &Practice,
        body_text: &str,
        options: EvidenceOptions,
    ) -> TagResult {
        let tokenized = tokenize_fields(practice, body_text);
        self.tag_tokenized(practice, body_text, &tokenized, options)
    }

    /// [`Tagger::tag_with`] of texts already cut into words by [`tokenize_fields`] (the
    /// pipeline makes the content form from the same words).
    pub fn tag_tokenized(
        &self,
        practice: &Practice,
        body_text: &str,
        tokenized: &[Tokenized],
        options: EvidenceOptions,
    ) -> TagResult {
        let n = self.taxonomy.principles.len();
        let mut scores = vec![0.0f64; n];
        let mut terms_seen: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); n];
        let fields = fields_of(practice, body_text);
        // Evidence is kept as positions; text is copied only for what is finally shown.
        let mut evidence: Vec<Vec<(f64, usize, Hit)>> = vec![Vec::new(); n];
        for (fi, (field, _)) in fields.iter().enumerate() {
            let toks = &tokenized[fi];
            let (hits, negatives) = self.raw_hits(toks, fields[fi].1);
            for hit in self.select(hits, &negatives, toks) {
                let term = &self.taxonomy.principles[hit.principle].lexicon.terms[hit.term];
                let weight = f64::from(term.weight) * field_weight(field);
                scores[hit.principle] += weight;
                *terms_seen[hit.principle].entry(hit.term).or_insert(0) += 1;
                evidence[hit.principle].push((weight, fi, hit));
            }
        }
        let fired: Vec<(usize, usize)> = terms_seen
            .iter()
            .enumerate()
            .flat_map(|(p, terms)| terms.keys().map(move |&t| (p, t)))
            .collect();

        // Own qualification, then roll-up of facets to their parents.
        let mut suggested: Vec<bool> = (0..n)
            .map(|p| {
                let long_phrase = terms_seen[p].keys().any(|&t| self.term_words[p][t] >= 3);
                let hits: usize = terms_seen[p].values().sum();
                scores[p] >= SCORE_THRESHOLD && (hits >= MIN_HITS || long_phrase)
            })
            .collect();
        let mut total = scores.clone();
        let mut all_evidence = if options.max_items > 0 {
            evidence.clone()
        } else {
            vec![Vec::new(); n]
        };
        for p in 0..n {
            let mut ancestor = self.parents[p];
            let mut guard = 0;
            while let Some(a) = ancestor {
                if suggested[p] {
                    total[a] += scores[p];
                    all_evidence[a].extend(evidence[p].iter().cloned());
                }
                guard += 1;
                if guard > n {
                    break;
                }
                ancestor = self.parents[a];
            }
        }
        for p in 0..n {
            let mut ancestor = self.parents[p];
            let mut guard = 0;
            while let (true, Some(a)) = (suggested[p], ancestor) {
                suggested[a] = true;
                guard += 1;
                if guard > n {
                    break;
                }
                ancestor = self.parents[a];
            }
        }

        let suggestions: Vec<Suggestion> = (0..n)
            .filter(|&p| suggested[p])
            .map(|p| {
                let mut ev = std::mem::take(&mut all_evidence[p]);
                if options.max_items == 0 {
                    ev.clear();
                }
                ev.sort_by(|a, b| {
                    b.0.total_cmp(&a.0)
                        .then_with(|| (a.1, a.2.first).cmp(&(b.1, b.2.first)))
                });
                // One item per distinct wording in a field (case aside).
                let mut shown: Vec<(usize, &str)> = Vec::with_capacity(options.max_items);
                let mut evidence = Vec::with_capacity(options.max_items);
                for (weight, fi, hit) in ev {
                    if evidence.len() == options.max_items {
                        break;
                    }
                    let (field, text) = fields[fi];
                    let toks = &tokenized[fi];
                    let (s, e) = (toks.tokens[hit.first].start, toks.tokens[hit.last].end);
                    let words = &text[s..e];
                    let lower =
                        |w: &str| w.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
                    if shown.iter().any(|&(f, w)| {
                        fields[f].0 == field
                            && (w.eq_ignore_ascii_case(words)
                                || (!w.is_ascii() && lower(w) == lower(words)))
                    }) {
                        continue;
                    }
                    shown.push((fi, words));
                    evidence.push(Evidence {
                        field: field.to_string(),
                        text: words.to_string(),
                        term: self.taxonomy.principles[hit.principle].lexicon.terms[hit.term]
                            .text
                            .clone(),
                        weight,
                        snippet: if options.snippets {
                            snippet(text, s, e)
                        } else {
                            String::new()
                        },
                    });
                }
                let principle = self.taxonomy.principles[p].id.clone();
                let score = (total[p] * 100.0).round() / 100.0;
                Suggestion {
                    published: self.calibration.publishes(&principle, score),
                    principle,
                    score,
                    evidence,
                }
            })
            .collect();
        let declared = practice.principles.clone();
        let unsupported = declared
            .iter()
            .filter(|d| !suggestions.iter().any(|s| &&s.principle == d))
            .cloned()
            .collect();
        let undeclared = suggestions
            .iter()
            .filter(|s| !declared.contains(&s.principle))
            .map(|s| s.principle.clone())
            .collect();
        TagResult {
            id: practice.id.clone(),
            declared,
            suggested: suggestions,
            unsupported,
            undeclared,
            fired,
        }
    }

    /// Per principle: longest matches first, no overlaps, none inside a misleading phrase of that
    /// principle, none in a negated clause.
    fn select(&self, mut hits: Vec<Hit>, negatives: &[Hit], toks: &Tokenized) -> Vec<Hit> {
        hits.sort_by_key(|h| {
            (
                h.principle,
                std::cmp::Reverse(h.last - h.first),
                h.first,
                h.term,
            )
        });
        let mut taken: Vec<Hit> = Vec::new();
        // Hits come grouped by principle: only the current principle's taken hits can conflict.
        let mut group_start = 0;
        for h in hits {
            let overlaps = |a: &Hit, b: &Hit| a.first <= b.last && b.first <= a.last;
            if taken
                .get(group_start)
                .is_some_and(|t| t.principle != h.principle)
            {
                group_start = taken.len();
            }
            if taken[group_start..].iter().any(|t| overlaps(t, &h)) {
                continue;
            }
            if negatives
                .iter()
                .any(|n| n.principle == h.principle && overlaps(n, &h))
            {
                continue;
            }
            if negated(toks, h.first, h.last) {
                continue;
            }
            taken.push(h);
        }
        taken.sort_by_key(|h| (h.first, h.principle));
        taken
    }
}

/// Whether two words with the same stem are forms of one word (`retain`, `retained`,
/// `retaining`; `policy`, `policies`) rather than a derivation (`minor`, `minority`), which
/// would change the meaning.
pub fn same_inflection(a: &str, b: &str) -> bool {
    a == b || inflection_base(a) == inflection_base(b)
}

fn inflection_base(word: &str) -> &str {
    for suffix in ["ies", "ied", "ing", "ed", "es", "s", "e", "y"] {
        if word.len() > suffix.len() + 2 {
            if let Some(base) = word.strip_suffix(suffix) {
                return base.strip_suffix('e').unwrap_or(base);
            }
        }
    }
    word
}

/// Whether the words `first..=last` stand in a negated clause: a negation among the three words
/// before them (unless it follows a modal, as in "must not be kept"), or "was not", "has not
/// been", "wasn't"… among the four words after them, within the same sentence.
pub fn negated(toks: &Tokenized, first: usize, last: usize) -> bool {
    let mut i = first;
    let mut steps = 0;
    while i > 0 && steps < 3 && !toks.tokens[i].sentence_start {
        i -= 1;
        steps += 1;
        if is_negation(toks, i) && !prescriptive(toks, i) {
            return true;
        }
    }
    let mut j = last + 1;
    let mut steps = 0;
    while j < toks.len() && steps < 4 && !toks.tokens[j].sentence_start {
        if is_negation(toks, j) && reports_absence(toks, j) {
            return true;
        }
        j += 1;
        steps += 1;
    }
    false
}

/// Contractions that report that something did not happen (`wasn't` → `wasn` `t`).
const REPORTING_CONTRACTIONS: &[&str] = &[
    "wasn", "weren", "isn", "aren", "hasn", "haven", "hadn", "didn",
];

fn is_negation(toks: &Tokenized, i: usize) -> bool {
    toks.tokens[i].negation
}

/// The negation at `i` states a rule ("must not", "should never", "don't"), not a fact.
fn prescriptive(toks: &Tokenized, i: usize) -> bool {
    if i == 0 || toks.tokens[i].sentence_start {
        return false;
    }
    let prev = toks.lower(i - 1);
    if toks.lower(i) == "t" {
        return !REPORTING_CONTRACTIONS.contains(&prev);
    }
    MODALS.contains(&prev)
}

/// The negation at `i` follows an auxiliary: "was not", "has never", "wasn't".
fn reports_absence(toks: &Tokenized, i: usize) -> bool {
    if i == 0 || toks.tokens[i].sentence_start {
        return false;
    }
    let prev = toks.lower(i - 1);
    if toks.lower(i) == "t" {
        return REPORTING_CONTRACTIONS.contains(&prev);
    }
    AUXILIARIES.contains(&prev)
}

/// About 60 characters of context around a match, on char boundaries, white space folded.
fn snippet(text: &str, start: usize, end: usize) -> String {
    let mut s = start.saturating_sub(60);
    while s > 0 && !text.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = (end + 60).min(text.len());
    while e < text.len() && !text.is_char_boundary(e) {
        e += 1;
    }
    let mut out = String::with_capacity(e - s + 8);
    if s > 0 {
        out.push('…');
    }
    let mut last_space = false;
    for c in text[s..e].chars() {
        let space = c.is_whitespace();
        if !(space && last_space) {
            out.push(if space { ' ' } else { c });
        }
        last_space = space;
    }
    if e < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
