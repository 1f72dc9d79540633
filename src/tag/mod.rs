//! Stage 4a, principle tagging ([`all`]): lexicon and cue matches as evidence, weighed by a
//! learned model.
//!
//! Each field's text is cut into words and stemmed in the entry's language (English, French or
//! Spanish; other languages as English). Every lexicon term of that language is matched as a
//! whole sequence of stems (so "retained" matches "retain", and "security" never matches inside
//! "insecurity"), each word a form of the term's, not a derivation that means something else
//! ("minority" is not "minor"; [`same_inflection`]); acronyms marked case-sensitive are matched
//! exactly as written, in every language; `#` in a term matches any number. Per principle the
//! longest matches win and overlapping shorter ones are dropped; a match inside one of the
//! principle's misleading phrases is cancelled ("conflict of interest" is not "conflict"); a
//! match in a negated clause
//! ("no impact assessment was made") is not evidence. Each match counts its term's weight times
//! its field's (title > summary > recommendations > body).
//!
//! What the matches add up to, per principle lexicon and per cue, are the practice's
//! [`Features`]. A learned model ([`model`]) weighs them into a probability per principle;
//! a principle is suggested from its learned threshold and published from a stricter one.
//! Each suggestion carries the matches that carried it, each with how much it added to the
//! log-odds.

pub mod model;
mod report;
pub mod tokens;
pub mod trie;

use crate::model::{field_weight, Practice, Taxonomy, Term};
use crate::normalize::text::markdown_to_text;
use crate::normalize::Normalized;
use model::Model;
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::{LazyLock, PoisonError, RwLock};
use tokens::{tokenize, Tokenized};
use trie::WordTrie;

pub use report::{lexicon_report, LexiconReport};

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

/// Stage 4a: tags every practice, in parallel: `result[i]` is the tagging of `practices[i]`,
/// with the evidence `options` ask for.
pub fn all(tagger: &Tagger, practices: &[Normalized], options: EvidenceOptions) -> Vec<TagResult> {
    practices
        .par_iter()
        .map(|p| tagger.tag_with(&p.practice.practice, &p.body_text, options))
        .collect()
}

/// Whether a lower-cased word negates what follows it in the same clause (English, French,
/// Spanish).
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
            | "ni"
            | "none"
            | "pas"
            | "sans"
            | "aucun"
            | "aucune"
            | "jamais"
            | "sin"
            | "nunca"
            | "ningún"
            | "ninguna"
            | "ninguno"
    )
}

/// Words that turn a neighbouring negation into a rule ("must not retain", "ne doit pas",
/// "no deben") rather than a report that something did not happen.
const MODALS: &[&str] = &[
    "must",
    "should",
    "shall",
    "may",
    "might",
    "can",
    "cannot",
    "could",
    "will",
    "would",
    "do",
    "does",
    "need",
    "ought",
    "doit",
    "doivent",
    "devrait",
    "devraient",
    "peut",
    "peuvent",
    "debe",
    "deben",
    "debería",
    "deberían",
    "puede",
    "pueden",
];
/// Auxiliaries that, followed by a negation, report that something did not happen.
const AUXILIARIES: &[&str] = &[
    "was", "were", "is", "are", "has", "have", "had", "been", "be", "being",
];

/// The languages with their own terms and stemmer; entries in any other language are read as
/// English.
pub const LANGUAGES: [(&str, Algorithm); 3] = [
    ("en", Algorithm::English),
    ("fr", Algorithm::French),
    ("es", Algorithm::Spanish),
];

/// Whether the tagger reads texts written in `language` (a BCP 47 tag): its first part is one of
/// [`LANGUAGES`].
pub fn reads_language(language: &str) -> bool {
    let code = language.split(['-', '_']).next().unwrap_or_default();
    LANGUAGES
        .iter()
        .any(|(known, _)| known.eq_ignore_ascii_case(code))
}

/// Numbers written as words, which `#` in a term matches as it matches figures.
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "ninety",
    "hundred",
    "un",
    "une",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "quinze",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "cent",
    "uno",
    "una",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "quince",
    "veinte",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "noventa",
    "cien",
];

/// Grammar words, per language, that the model does not learn from: they say nothing about a
/// principle, and an editor shown "such" or "whose" as evidence would rightly distrust the rest.
pub const GRAMMAR_WORDS: [&[&str]; 3] = [
    &[
        "about", "above", "after", "again", "against", "also", "although", "among", "because",
        "been", "before", "being", "below", "between", "both", "could", "does", "doing", "down",
        "during", "each", "either", "else", "every", "from", "further", "have", "having", "here",
        "however", "into", "itself", "just", "more", "most", "much", "other", "others", "over",
        "same", "since", "some", "such", "than", "that", "their", "theirs", "them", "then",
        "there", "these", "they", "this", "those", "though", "through", "thus", "under", "until",
        "upon", "very", "were", "what", "when", "where", "whereas", "whether", "which", "while",
        "whom", "whose", "with", "within", "would", "your",
    ],
    &[
        "ainsi", "alors", "après", "aussi", "autre", "autres", "avant", "avec", "avoir", "cela",
        "celle", "celles", "celui", "ceux", "cette", "comme", "dans", "depuis", "donc", "dont",
        "déjà", "elle", "elles", "encore", "entre", "était", "être", "fait", "faire", "leur",
        "leurs", "lors", "lorsque", "mais", "même", "mêmes", "moins", "notre", "nous", "ont",
        "plus", "pour", "puis", "quand", "quel", "quelle", "quelles", "quels", "selon", "sera",
        "seront", "sont", "sous", "tous", "tout", "toute", "toutes", "très", "vers", "votre",
        "vous", "été",
    ],
    &[
        "además", "algo", "antes", "aquel", "aquella", "aunque", "cada", "como", "con", "contra",
        "cual", "cuales", "cuando", "cuya", "cuyo", "desde", "después", "donde", "durante", "ella",
        "ellas", "ellos", "entre", "esta", "estaba", "están", "estas", "este", "esto", "estos",
        "fueron", "había", "han", "hasta", "hay", "más", "menos", "mismo", "mismos", "muy", "nada",
        "otra", "otras", "otro", "otros", "para", "pero", "porque", "sido", "sobre", "también",
        "tanto", "toda", "todas", "todo", "todos", "tras", "vez",
    ],
];

/// Names of continents and world regions and the words for their peoples, in English, French
/// and Spanish, that the model does not learn from: where a practice is says nothing of the
/// principles it embodies, and a model that learned them would suggest more, or other,
/// principles for the same text about Africa than about Europe (found by a tester: "African"
/// was shown as evidence of security, "Afrique" of necessity).
pub const PLACE_WORDS: &[&str] = &[
    "africa",
    "african",
    "africans",
    "afrique",
    "africain",
    "africaine",
    "africaines",
    "africains",
    "áfrica",
    "africano",
    "africana",
    "africanos",
    "africanas",
    "europe",
    "european",
    "europeans",
    "européen",
    "européenne",
    "européens",
    "européennes",
    "europa",
    "europeo",
    "europea",
    "europeos",
    "europeas",
    "asia",
    "asian",
    "asians",
    "asie",
    "asiatique",
    "asiatiques",
    "asiático",
    "asiática",
    "asiáticos",
    "asiáticas",
    "america",
    "americas",
    "american",
    "americans",
    "amérique",
    "amériques",
    "américain",
    "américaine",
    "américains",
    "américaines",
    "américa",
    "américas",
    "americano",
    "americana",
    "americanos",
    "americanas",
    "latin",
    "latine",
    "latino",
    "latina",
    "latinos",
    "latinas",
    "latinoamérica",
    "latinoamericano",
    "latinoamericana",
    "oceania",
    "océanie",
    "oceanía",
    "arab",
    "arabs",
    "arabic",
    "arabe",
    "arabes",
    "árabe",
    "árabes",
    "caribbean",
    "caraïbes",
    "caribe",
    "caribeño",
    "middle",
    "eastern",
    "western",
    "occidental",
    "nordic",
    "balkan",
    "balkans",
    "sahel",
    "maghreb",
    "magreb",
    "pacific",
    "pacifique",
    "pacífico",
];

/// What `#` in a term becomes before matching: a word no text contains.
const NUMBER: &str = "0number0";

fn is_number(lower: &str) -> bool {
    lower.bytes().all(|b| b.is_ascii_digit()) || NUMBER_WORDS.contains(&lower)
}

/// Letters the model's words are cut to (see [`crate::normalize::stem::stem_to`]): six did
/// better than five, seven, eight or whole words in cross-validation on the training split.
/// A model file records the length it was made with ([`model::Model::word_letters`]).
pub const MODEL_STEM_LETTERS: usize = 6;

/// The word the model may learn from a lower-cased word of a practice in `LANGUAGES[language]`:
/// its stem shared by the languages ([`crate::normalize::stem`]: `empreintes` and
/// `fingerprints` are both `finge`, `proportionnalité` and `proportionality` both `propor`), so
/// that what the model learned from English practices counts in French and Spanish ones too.
/// `None` for numbers, for words of three letters or fewer (`dna` aside, whose stem is still too
/// short for the model, see [`model::MIN_STEM_CHARS`]) and for any word whose five-letter stem
/// is a grammar word's (`therefore` and `thereby` cut to `there`, French `toutefois` to
/// `toute`): grammar teaches nothing, and a grammar stem shown as evidence would mislead.
fn model_word(language: usize, lower: &str) -> Option<Cow<'_, str>> {
    use crate::normalize::stem::{stem, stem_to, STEM_LETTERS};
    static GRAMMAR_STEMS: LazyLock<Vec<FxHashSet<String>>> = LazyLock::new(|| {
        LANGUAGES
            .iter()
            .zip(GRAMMAR_WORDS)
            .map(|((code, _), words)| {
                words
                    .iter()
                    .filter_map(|w| stem(code, w))
                    .map(Cow::into_owned)
                    .collect()
            })
            .collect()
    });
    static PLACE_STEMS: LazyLock<Vec<FxHashSet<String>>> = LazyLock::new(|| {
        LANGUAGES
            .iter()
            .map(|(code, _)| {
                PLACE_WORDS
                    .iter()
                    .filter_map(|w| stem_to(code, w, MODEL_STEM_LETTERS))
                    .map(Cow::into_owned)
                    .collect()
            })
            .collect()
    });
    if is_number(lower) {
        return None;
    }
    let word = stem_to(LANGUAGES[language].0, lower, MODEL_STEM_LETTERS)?;
    // Its first five letters are the word's five-letter stem.
    let short: String = word.chars().take(STEM_LETTERS).collect();
    (!GRAMMAR_STEMS[language].contains(&short) && !PLACE_STEMS[language].contains(word.as_ref()))
        .then_some(word)
}

/// What a lexicon phrase is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// The lexicon of a principle (its position in the taxonomy).
    Principle(usize),
    /// A cue (its position among the taxonomy's cues).
    Cue(usize),
    /// A word the model has learned to weigh (its position among the model's words).
    Word(usize),
}

/// Which lexicon a pattern belongs to.
#[derive(Debug, Clone)]
struct Owner {
    source: Source,
    term: usize,
    negative: bool,
    /// The term's words, lower-cased, to confirm a stem match is an inflection, not a derivation
    /// (empty: no such check).
    words: Vec<String>,
}

use crate::model::Evidence;

/// A suggested principle with its probability and evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Principle id.
    pub principle: String,
    /// The model's probability that the practice embodies the principle (two decimals).
    pub score: f64,
    /// Why: the matches that raised the probability, strongest first, each with what it added
    /// to the log-odds.
    pub evidence: Vec<Evidence>,
    /// Whether the probability reaches the principle's publication threshold ([`model`]): an
    /// edition carries only published suggestions; the others are candidates for editors.
    pub published: bool,
    /// Reached the publication threshold, but adds a principle to those the entry declares
    /// (neither declared nor the parent of a declared facet) and fell short of the model's bar
    /// for such suggestions ([`model::Added`]): a candidate for editors.
    pub held_back: bool,
}

/// The tagging of one practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagResult {
    /// Practice id.
    pub id: String,
    /// What the contributor declared.
    pub declared: Vec<String>,
    /// The parents (and their parents) of declared facets that are neither declared nor
    /// refused, in taxonomy order: the edition carries them as `implied` tags.
    pub implied: Vec<String>,
    /// What the evidence supports, in taxonomy order.
    pub suggested: Vec<Suggestion>,
    /// The suggestions the entry refuses in `principles_refused` (itself, or a principle it is
    /// part of), in taxonomy order: never published.
    pub refused: Vec<String>,
    /// Declared, but the text gives no evidence.
    pub unsupported: Vec<String>,
    /// Supported by the text, but not declared.
    pub undeclared: Vec<String>,
    /// Every (principle, term) that matched, as positions in the taxonomy, whether or not the
    /// principle was suggested (for the lexicon report).
    #[serde(skip)]
    pub fired: Vec<(usize, usize)>,
    /// The entry's language, when the tagger cannot read it: it has lexicons and a model for
    /// English, French and Spanish only. Such a text is not read (read as English, an Arabic
    /// text gave nothing and a Portuguese one English look-alikes): nothing is suggested, and
    /// the declared principles are kept as declared, not judged (found by a tester: every
    /// declared principle was said "not supported by the text").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_not_read: Option<String>,
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
fn tokenize_fields(practice: &Practice, body_text: &str) -> Vec<Tokenized> {
    fields_of(practice, body_text)
        .iter()
        .map(|(_, text)| tokenize(text))
        .collect()
}

/// The stemmed phrases of one language.
struct LanguageLexicon {
    code: &'static str,
    stemmer: Stemmer,
    stems: WordTrie,
    /// Who owns each phrase of `stems`, by its end node.
    owners: Vec<Vec<Owner>>,
}

/// One principle's model, laid out by feature position.
#[derive(Debug, Clone)]
struct Weighing {
    bias: f64,
    weights: Vec<f64>,
    suggest: Option<f64>,
    publish: Option<f64>,
}

/// The numbers the model weighs: per principle lexicon, then per cue, `ln(1 + summed weight of
/// its matches)`; then, per word the model knows, `ln 2` when the practice has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// Per lexicon and cue, in the order of [`Tagger::feature_names`].
    pub values: Vec<f64>,
    /// Every word of the practice that could be learned from, as its stem shared by the
    /// languages (see `model_word`).
    pub words: std::collections::BTreeSet<String>,
    /// The principles the practice declares (not weighed: they set the bar for suggestions
    /// that add to them, see [`model::Added`]).
    pub declared: Vec<String>,
}

/// The value of a word feature when the practice has the word (as a lexicon feature of one
/// match of weight 1).
pub const WORD_PRESENT: f64 = std::f64::consts::LN_2;

/// A compiled lexicon and model.
pub struct Tagger {
    taxonomy: Taxonomy,
    parents: Vec<Option<usize>>,
    /// Stemmed phrases, one set per language of [`LANGUAGES`].
    languages: Vec<LanguageLexicon>,
    /// Phrases of words as written (case-sensitive terms: acronyms), in every language.
    exact: WordTrie,
    exact_owners: Vec<Vec<Owner>>,
    /// The model, by principle position (`None`: the model does not know the principle).
    weighing: Vec<Option<Weighing>>,
    /// The model's bar for suggestions that add to what a practice declares.
    added: model::Added,
    /// The stems the model weighs ([`model_word`]) → their position among `word_names`.
    words: FxHashMap<String, usize>,
    /// The model's words: stems shared by the languages.
    word_names: Vec<String>,
    /// Per language, what the tagger knows of each lower-cased word it has met: a corpus has a
    /// small vocabulary, and stemming a word and looking its stem up costs several times more
    /// than one look-up here.
    known: Vec<RwLock<FxHashMap<String, Known>>>,
}

/// What the tagger knows of one lower-cased word of one language: the id of its stem among the
/// lexicon's phrases (`None`: no phrase uses it; a number no term names has the id of `#`), and
/// its position among the model's words.
#[derive(Debug, Clone, Copy, Default)]
struct Known {
    stem: Option<u32>,
    word: Option<u32>,
}

/// Past this many words, the words a tagger has met in one language ([`Tagger::known`]) are
/// forgotten and met again (an unusual corpus stays in check).
const MAX_KNOWN_WORDS: usize = 200_000;

/// A raw match before per-principle selection.
#[derive(Debug, Clone, Copy)]
struct Hit {
    source: Source,
    term: usize,
    first: usize,
    last: usize,
}

/// Evidence that added less than this to the log-odds is not shown (a word the model weighs a
/// little for every principle would otherwise crowd the list, and sorting it cost a third of
/// tagging).
const MIN_SHARE: f64 = 0.05;

/// One kept match: what it is evidence of, and where.
#[derive(Debug, Clone, Copy)]
struct Found {
    hit: Hit,
    field: usize,
    weight: f64,
}

impl Tagger {
    /// Compiles the lexicons of a taxonomy, with the shipped model.
    pub fn new(taxonomy: &Taxonomy) -> Tagger {
        let mut languages: Vec<LanguageLexicon> = LANGUAGES
            .iter()
            .map(|&(code, algorithm)| LanguageLexicon {
                code,
                stemmer: Stemmer::create(algorithm),
                stems: WordTrie::new(),
                owners: Vec::new(),
            })
            .collect();
        let mut exact = WordTrie::new();
        let mut exact_owners: Vec<Vec<Owner>> = Vec::new();
        let mut add = |text: &str, language: &str, case_sensitive: bool, mut owner: Owner| {
            let text = text.replace('#', NUMBER);
            let toks = tokenize(&text);
            if toks.is_empty() {
                return;
            }
            let (node, owners) = if case_sensitive {
                let words = toks.tokens.iter().map(|t| &text[t.start..t.end]);
                (exact.insert(words), &mut exact_owners)
            } else {
                let Some(lang) = languages.iter_mut().find(|l| l.code == language) else {
                    return;
                };
                owner.words = (0..toks.len()).map(|i| toks.lower(i).to_string()).collect();
                let words: Vec<String> = (0..toks.len())
                    .map(|i| lang.stemmer.stem(toks.lower(i)).into_owned())
                    .collect();
                let node = lang.stems.insert(words.iter().map(String::as_str));
                (node, &mut lang.owners)
            };
            if owners.len() <= node as usize {
                owners.resize(node as usize + 1, Vec::new());
            }
            owners[node as usize].push(owner);
        };
        let mut add_terms = |terms: &[Term], source: Source| {
            for (ti, term) in terms.iter().enumerate() {
                let owner = Owner {
                    source,
                    term: ti,
                    negative: false,
                    words: Vec::new(),
                };
                add(&term.text, term.language(), term.case_sensitive, owner);
            }
        };
        for (pi, principle) in taxonomy.principles.iter().enumerate() {
            add_terms(&principle.lexicon.terms, Source::Principle(pi));
        }
        for (ci, cue) in taxonomy.cues.iter().enumerate() {
            add_terms(&cue.terms, Source::Cue(ci));
        }
        for (pi, principle) in taxonomy.principles.iter().enumerate() {
            for (ni, neg) in principle.lexicon.negative.iter().enumerate() {
                let owner = Owner {
                    source: Source::Principle(pi),
                    term: ni,
                    negative: true,
                    words: Vec::new(),
                };
                add(neg.text(), neg.language(), false, owner);
            }
        }
        let parents = taxonomy
            .principles
            .iter()
            .map(|p| p.parent.as_ref().and_then(|id| taxonomy.position(id)))
            .collect();
        let tagger = Tagger {
            taxonomy: taxonomy.clone(),
            parents,
            languages,
            exact,
            exact_owners,
            weighing: Vec::new(),
            added: model::Added::default(),
            words: FxHashMap::default(),
            word_names: Vec::new(),
            known: Vec::new(),
        };
        tagger.with_model(&Model::shipped())
    }

    /// The principles of the taxonomy the model has no weights for (added or renamed by an
    /// editor's taxonomy, or labelled too rarely to learn): never suggested, and their
    /// declarations not judged.
    pub fn unknown_to_model(&self) -> Vec<&str> {
        self.taxonomy
            .principles
            .iter()
            .zip(&self.weighing)
            .filter(|(_, w)| w.is_none())
            .map(|(p, _)| p.id.as_str())
            .collect()
    }

    /// The tagger with another model.
    pub fn with_model(mut self, model: &Model) -> Tagger {
        let mut word_names: Vec<String> = model
            .principles
            .values()
            .flat_map(|m| m.weights.keys())
            .filter_map(|name| name.strip_prefix("word:"))
            .map(str::to_string)
            .collect();
        word_names.sort();
        word_names.dedup();
        self.words = word_names
            .iter()
            .enumerate()
            .map(|(k, name)| (name.clone(), k))
            .collect();
        self.word_names = word_names;
        self.weighing = self.compile(model);
        self.added = model.added.clone();
        self.known = LANGUAGES.iter().map(|_| RwLock::default()).collect();
        self
    }

    /// Lays a model out by feature position.
    fn compile(&self, model: &Model) -> Vec<Option<Weighing>> {
        let mut names = self.feature_names();
        names.extend(self.word_names.iter().map(|w| format!("word:{w}")));
        self.taxonomy
            .principles
            .iter()
            .map(|p| {
                let m = model.principles.get(&p.id)?;
                Some(Weighing {
                    bias: m.bias,
                    weights: names
                        .iter()
                        .map(|n| m.weights.get(n).copied().unwrap_or(0.0))
                        .collect(),
                    suggest: m.suggest,
                    publish: m.publish,
                })
            })
            .collect()
    }

    /// The names of the features, in order: `lexicon:<principle>` for each principle, then
    /// `cue:<cue>` for each cue.
    pub fn feature_names(&self) -> Vec<String> {
        let principles = self.taxonomy.ids().map(|id| format!("lexicon:{id}"));
        let cues = self.taxonomy.cues.iter().map(|c| format!("cue:{}", c.id));
        principles.chain(cues).collect()
    }

    fn feature_of(&self, source: Source) -> usize {
        match source {
            Source::Principle(p) => p,
            Source::Cue(c) => self.taxonomy.principles.len() + c,
            Source::Word(w) => self.taxonomy.principles.len() + self.taxonomy.cues.len() + w,
        }
    }

    /// The weight of a match's term (a word the model knows counts 1).
    fn term_weight(&self, source: Source, term: usize) -> u32 {
        match source {
            Source::Principle(p) => self.taxonomy.principles[p].lexicon.terms[term].weight,
            Source::Cue(c) => self.taxonomy.cues[c].terms[term].weight,
            Source::Word(_) => 1,
        }
    }

    /// The words of a match's term.
    fn term_text(&self, source: Source, term: usize) -> &str {
        match source {
            Source::Principle(p) => &self.taxonomy.principles[p].lexicon.terms[term].text,
            Source::Cue(c) => &self.taxonomy.cues[c].terms[term].text,
            Source::Word(w) => &self.word_names[w],
        }
    }

    /// The stemmed lexicon for a practice's language (English for any language without one).
    fn language(&self, practice: &Practice) -> usize {
        let code = practice.primary_language();
        self.languages
            .iter()
            .position(|l| l.code == code)
            .unwrap_or(0)
    }

    /// Finds every raw match (and negative match) in a tokenized text, and the first occurrence
    /// of each word the model knows.
    fn raw_hits(
        &self,
        toks: &Tokenized,
        text: &str,
        language: usize,
        words_seen: &mut [bool],
    ) -> (Vec<Hit>, Vec<Hit>) {
        let mut hits = Vec::new();
        let mut negatives = Vec::new();
        let code = LANGUAGES[language].0;
        let mut record = |owners: &[Owner], first: usize, last: usize| {
            // A phrase does not run across punctuation ("limits, to" is not "limited to").
            if toks.tokens[first + 1..=last].iter().any(|t| t.pause_before) {
                return;
            }
            for owner in owners {
                let same_word = |(k, w): (usize, &String)| {
                    w == NUMBER || same_inflection(code, toks.lower(first + k), w)
                };
                if !owner.words.iter().enumerate().all(same_word) {
                    continue;
                }
                let hit = Hit {
                    source: owner.source,
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
        let lexicon = &self.languages[language];
        let known = self.known_words(toks, language);
        let stem_ids: Vec<Option<u32>> = known.iter().map(|k| k.stem).collect();
        lexicon.stems.find_all(&stem_ids, |first, last, node| {
            record(&lexicon.owners[node as usize], first, last);
        });
        if !self.exact.is_empty() {
            let exact_ids: Vec<Option<u32>> = toks
                .tokens
                .iter()
                .map(|t| self.exact.word(&text[t.start..t.end]))
                .collect();
            self.exact.find_all(&exact_ids, |first, last, node| {
                record(&self.exact_owners[node as usize], first, last);
            });
        }
        for (i, k) in known.iter().enumerate() {
            if let Some(w) = k.word.map(|w| w as usize) {
                if !std::mem::replace(&mut words_seen[w], true) {
                    hits.push(Hit {
                        source: Source::Word(w),
                        term: w,
                        first: i,
                        last: i,
                    });
                }
            }
        }
        (hits, negatives)
    }

    /// What the tagger knows of each token ([`Known`]), looked up once per word.
    fn known_words(&self, toks: &Tokenized, language: usize) -> Vec<Known> {
        let mut known = Vec::with_capacity(toks.len());
        let mut unknown = Vec::new();
        {
            let met = self.known[language]
                .read()
                .unwrap_or_else(PoisonError::into_inner);
            for i in 0..toks.len() {
                match met.get(toks.lower(i)) {
                    Some(&k) => known.push(k),
                    None => {
                        known.push(Known::default());
                        unknown.push(i);
                    }
                }
            }
        }
        if unknown.is_empty() {
            return known;
        }
        let lexicon = &self.languages[language];
        let number = lexicon.stems.word(NUMBER);
        let mut met = self.known[language]
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if met.len() > MAX_KNOWN_WORDS {
            met.clear();
        }
        for i in unknown {
            let lower = toks.lower(i);
            // Met earlier in this text, or by another thread meanwhile.
            if let Some(&k) = met.get(lower) {
                known[i] = k;
                continue;
            }
            let stem = lexicon.stemmer.stem(lower);
            let k = Known {
                stem: lexicon
                    .stems
                    .word(&stem)
                    .or_else(|| number.filter(|_| is_number(lower))),
                word: model_word(language, lower)
                    .and_then(|w| self.words.get(w.as_ref()))
                    .map(|&w| w as u32),
            };
            known[i] = k;
            met.insert(lower.to_string(), k);
        }
        known
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

    /// Every match kept as evidence, field by field.
    fn matches(&self, practice: &Practice, body_text: &str, tokenized: &[Tokenized]) -> Vec<Found> {
        let language = self.language(practice);
        let fields = fields_of(practice, body_text);
        let mut found = Vec::new();
        let mut words_seen = vec![false; self.word_names.len()];
        for (fi, (field, text)) in fields.iter().enumerate() {
            let toks = &tokenized[fi];
            let (hits, negatives) = self.raw_hits(toks, text, language, &mut words_seen);
            let (words, hits): (Vec<Hit>, Vec<Hit>) = hits
                .into_iter()
                .partition(|h| matches!(h.source, Source::Word(_)));
            for hit in self.select(hits, &negatives, toks).into_iter().chain(words) {
                let weight = f64::from(self.term_weight(hit.source, hit.term));
                let weight = match hit.source {
                    Source::Word(_) => weight,
                    _ => weight * field_weight(field),
                };
                found.push(Found {
                    hit,
                    field: fi,
                    weight,
                });
            }
        }
        found
    }

    /// The raw sums per feature (lexicons, cues, the model's words), and the features.
    fn features_of(&self, found: &[Found]) -> (Vec<f64>, Vec<f64>) {
        let n = self.taxonomy.principles.len() + self.taxonomy.cues.len();
        let mut raw = vec![0.0f64; n + self.word_names.len()];
        for f in found {
            raw[self.feature_of(f.hit.source)] += f.weight;
        }
        let values = raw
            .iter()
            .enumerate()
            .map(|(j, &r)| match r {
                0.0 => 0.0,
                // A word counts once.
                _ if j >= n => WORD_PRESENT,
                _ => r.ln_1p(),
            })
            .collect();
        (raw, values)
    }

    /// The features of one practice, with every word it has (for training).
    pub fn features(&self, practice: &Practice, body_text: &str) -> Features {
        let tokenized = tokenize_fields(practice, body_text);
        let n = self.taxonomy.principles.len() + self.taxonomy.cues.len();
        let (_, mut values) = self.features_of(&self.matches(practice, body_text, &tokenized));
        values.truncate(n);
        let language = self.language(practice);
        let words = tokenized
            .iter()
            .flat_map(|toks| (0..toks.len()).map(|i| toks.lower(i)))
            .filter_map(|lower| model_word(language, lower).map(Cow::into_owned))
            .collect();
        Features {
            values,
            words,
            declared: practice.principles.clone(),
        }
    }

    /// [`Tagger::tag_with`] of texts already cut into words by [`tokenize_fields`].
    fn tag_tokenized(
        &self,
        practice: &Practice,
        body_text: &str,
        tokenized: &[Tokenized],
        options: EvidenceOptions,
    ) -> TagResult {
        let n = self.taxonomy.principles.len();
        if !reads_language(&practice.language)
            || crate::validate::written_in_another_script(practice).is_some()
        {
            let declared = practice.principles.clone();
            let with_parents = self.taxonomy.with_parents(&declared);
            let implied = self
                .taxonomy
                .principles
                .iter()
                .map(|p| &p.id)
                .filter(|id| {
                    with_parents.contains(*id)
                        && !declared.contains(id)
                        && !practice.refuses(&self.taxonomy, id)
                })
                .cloned()
                .collect();
            return TagResult {
                id: practice.id.clone(),
                declared,
                implied,
                suggested: Vec::new(),
                refused: Vec::new(),
                unsupported: Vec::new(),
                undeclared: Vec::new(),
                fired: Vec::new(),
                language_not_read: Some(practice.language.clone()),
            };
        }
        let found = self.matches(practice, body_text, tokenized);
        let (raw, features) = self.features_of(&found);
        // Most features are zero (a practice has a few dozen of the model's words): weigh only
        // the others.
        let present: Vec<(usize, f64)> = features
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != 0.0)
            .map(|(j, v)| (j, *v))
            .collect();
        let mut fired: Vec<(usize, usize)> = found
            .iter()
            .filter_map(|f| match f.hit.source {
                Source::Principle(p) => Some((p, f.hit.term)),
                Source::Cue(_) | Source::Word(_) => None,
            })
            .collect();
        fired.sort_unstable();
        fired.dedup();

        // Each principle's probability; suggested and published from its thresholds. On a
        // practice that declares principles, a suggestion that adds one (neither declared nor
        // the parent of a declared facet) must also clear the model's bar for adds.
        // By principle position: whether the practice declares the principle or a facet of it.
        let declared_or_implied = self.taxonomy.with_parents(&practice.principles);
        let implied: Vec<bool> = self
            .taxonomy
            .principles
            .iter()
            .map(|p| declared_or_implied.contains(&p.id))
            .collect();
        let declares = !practice.principles.is_empty();
        let mut probability = vec![0.0f64; n];
        let mut suggested = vec![false; n];
        let mut published = vec![false; n];
        let mut held_back = vec![false; n];
        for (p, weighing) in self.weighing.iter().enumerate() {
            let Some(w) = weighing else { continue };
            let log_odds: f64 = present.iter().map(|&(j, v)| w.weights[j] * v).sum();
            let prob = 1.0 / (1.0 + (-(w.bias + log_odds)).exp());
            probability[p] = prob;
            suggested[p] = w.suggest.is_some_and(|t| prob >= t);
            let reached = w.publish.is_some_and(|t| prob >= t);
            let adds = declares && !implied[p];
            published[p] = reached
                && (!adds
                    || w.publish
                        .is_some_and(|t| model::clears(&self.added, prob, t)));
            held_back[p] = reached && !published[p];
        }
        // A principle the entry refuses, itself or through a principle it is part of, is never
        // published (`build` leaves it out too).
        let refused: Vec<bool> = self
            .taxonomy
            .principles
            .iter()
            .map(|p| practice.refuses(&self.taxonomy, &p.id))
            .collect();
        // A facet implies its parent, unless the entry refuses the facet: its evidence then
        // says nothing about the parent either.
        for p in (0..n).filter(|&p| !refused[p]) {
            let mut ancestor = self.parents[p];
            let mut guard = 0;
            while let (true, Some(a)) = (suggested[p], ancestor) {
                suggested[a] = true;
                published[a] |= published[p];
                held_back[a] |= held_back[p];
                probability[a] = probability[a].max(probability[p]);
                guard += 1;
                if guard > n {
                    break;
                }
                ancestor = self.parents[a];
            }
        }

        let fields = fields_of(practice, body_text);
        // Each match's part of its feature's value (the value split by the matches' weights):
        // times the feature's weight, what the match adds to a principle's log-odds.
        let unit: Vec<(usize, f64)> = if options.max_items == 0 {
            Vec::new()
        } else {
            found
                .iter()
                .map(|f| {
                    let j = self.feature_of(f.hit.source);
                    (j, features[j] * f.weight / raw[j])
                })
                .collect()
        };
        let suggestions: Vec<Suggestion> = (0..n)
            .filter(|&p| suggested[p])
            .map(|p| {
                let evidence = if options.max_items == 0 {
                    Vec::new()
                } else {
                    self.evidence(p, &found, &unit, &fields, tokenized, options)
                };
                Suggestion {
                    principle: self.taxonomy.principles[p].id.clone(),
                    score: (probability[p] * 100.0).round() / 100.0,
                    evidence,
                    published: published[p] && !refused[p],
                    // A declared principle (or the parent of one) is not held back: the facet
                    // that rolled up to it was.
                    held_back: held_back[p] && !published[p] && !refused[p] && !implied[p],
                }
            })
            .collect();
        let declared = practice.principles.clone();
        // A principle the model knows nothing of is not judged: it was never weighed (found by
        // a tester, whose own principle was "not supported" by a text all about it).
        let unsupported = declared
            .iter()
            .filter(|d| !suggestions.iter().any(|s| &&s.principle == d))
            .filter(|d| {
                self.taxonomy
                    .position(d)
                    .is_some_and(|p| self.weighing[p].is_some())
            })
            .cloned()
            .collect();
        let implied_only: Vec<String> = (0..n)
            .filter(|&p| implied[p] && !refused[p])
            .map(|p| self.taxonomy.principles[p].id.clone())
            .filter(|id| !declared.contains(id))
            .collect();
        let undeclared = (0..n)
            .filter(|&p| suggested[p] && !refused[p])
            .map(|p| self.taxonomy.principles[p].id.clone())
            .filter(|id| !declared.contains(id) && !implied_only.contains(id))
            .collect();
        let refused_suggestions = (0..n)
            .filter(|&p| suggested[p] && refused[p])
            .map(|p| self.taxonomy.principles[p].id.clone())
            .collect();
        TagResult {
            id: practice.id.clone(),
            declared,
            implied: implied_only,
            suggested: suggestions,
            refused: refused_suggestions,
            unsupported,
            undeclared,
            fired,
            language_not_read: None,
        }
    }

    /// The matches that raised principle `p`'s probability, strongest first: a feature's share
    /// of the log-odds (`weight × ln(1 + raw)`) is split among its matches by their weights.
    /// A facet's suggestion lends its evidence to its parent when the parent's own is thinner.
    fn evidence(
        &self,
        p: usize,
        found: &[Found],
        unit: &[(usize, f64)],
        fields: &[(&'static str, &str)],
        tokenized: &[Tokenized],
        options: EvidenceOptions,
    ) -> Vec<Evidence> {
        let Some(weighing) = &self.weighing[p] else {
            return Vec::new();
        };
        let weights = &weighing.weights;
        let mut items: Vec<(f64, &Found)> = found
            .iter()
            .zip(unit)
            .filter_map(|(f, &(j, part))| {
                let share = weights[j] * part;
                (share >= MIN_SHARE).then_some((share, f))
            })
            .collect();
        items.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| (a.1.field, a.1.hit.first).cmp(&(b.1.field, b.1.hit.first)))
        });
        // One item per distinct wording in a field (case aside).
        let mut shown: Vec<(usize, &str)> = Vec::with_capacity(options.max_items);
        let mut evidence = Vec::with_capacity(options.max_items);
        for (share, f) in items {
            if evidence.len() == options.max_items {
                break;
            }
            let (field, text) = fields[f.field];
            let toks = &tokenized[f.field];
            let (s, e) = (toks.tokens[f.hit.first].start, toks.tokens[f.hit.last].end);
            let words = &text[s..e];
            let lower = |w: &str| w.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
            if shown.iter().any(|&(fi, w)| {
                fields[fi].0 == field
                    && (w.eq_ignore_ascii_case(words)
                        || (!w.is_ascii() && lower(w) == lower(words)))
            }) {
                continue;
            }
            shown.push((f.field, words));
            evidence.push(Evidence {
                field: field.to_string(),
                text: words.to_string(),
                term: self.term_text(f.hit.source, f.hit.term).to_string(),
                source: match f.hit.source {
                    Source::Principle(q) => self.taxonomy.principles[q].id.clone(),
                    Source::Cue(c) => format!("cue:{}", self.taxonomy.cues[c].id),
                    Source::Word(_) => "word".to_string(),
                },
                weight: (share * 100.0).round() / 100.0,
                snippet: if options.snippets {
                    snippet(text, s, e)
                } else {
                    String::new()
                },
            });
        }
        evidence
    }

    /// Per principle: longest matches first, no overlaps, none inside a misleading phrase of that
    /// principle, none in a negated clause.
    fn select(&self, mut hits: Vec<Hit>, negatives: &[Hit], toks: &Tokenized) -> Vec<Hit> {
        hits.sort_by_key(|h| {
            (
                h.source,
                std::cmp::Reverse(h.last - h.first),
                h.first,
                h.term,
            )
        });
        let mut taken: Vec<Hit> = Vec::new();
        // Hits come grouped by source: only the current source's taken hits can conflict.
        let mut group_start = 0;
        for h in hits {
            let overlaps = |a: &Hit, b: &Hit| a.first <= b.last && b.first <= a.last;
            if taken.get(group_start).is_some_and(|t| t.source != h.source) {
                group_start = taken.len();
            }
            if taken[group_start..].iter().any(|t| overlaps(t, &h)) {
                continue;
            }
            if negatives
                .iter()
                .any(|n| n.source == h.source && overlaps(n, &h))
            {
                continue;
            }
            if negated(toks, h.first, h.last) {
                continue;
            }
            taken.push(h);
        }
        taken.sort_by_key(|h| (h.first, h.source));
        taken
    }
}

/// Whether two words with the same stem in `language` are forms of one word (`retain`,
/// `retained`, `retaining`; `policy`, `policies`; `effacer`, `effacées`; `borrar`, `borró`)
/// rather than a derivation, which may change the meaning (`minor`, `minority`; French
/// `journal`, `journalistes`; Spanish `periódicamente`, `periodistas`, both `period` to the
/// Snowball stemmer). A French or Spanish noun of a verb's action is a form of the verb
/// (`effacement`, `effacer`; `eliminación`, `eliminó`): it means what the verb does. French and
/// Spanish words are compared without their accents.
pub fn same_inflection(language: &str, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // Forms of another word that the rules below would take for forms of a term's word.
    let listed = |w: &str| {
        OTHER_WORDS
            .iter()
            .position(|(l, words)| *l == language && words.contains(&w))
    };
    if listed(a) != listed(b) {
        return false;
    }
    let endings = match language {
        "fr" => FRENCH_ENDINGS,
        "es" => SPANISH_ENDINGS,
        _ => return inflection_base(a) == inflection_base(b),
    };
    use crate::normalize::stem::without_accents;
    let (a, b) = (without_accents(a), without_accents(b));
    let (a, b) = (a.as_ref(), b.as_ref());
    let (base_a, base_b) = (base(a, endings), base(b, endings));
    // `país` and `países`: a word ending in `s` may be its own base.
    a == b || singular(a) == singular(b) || base_a == base_b || base_a == b || a == base_b
}

/// Words that share a stem and an ending's worth of letters with a lexicon term's word but are
/// other words, found among the evidence the tagger showed for the shipped practices and the
/// texts of the labelled corpus (its test split's texts among them, not their labels): per
/// language, the words (lower-cased, accents as written). A listed word is a
/// form only of the words listed with it: `sign` stays a form of `signs` (a sign put up), though
/// it is more often the verb.
const OTHER_WORDS: &[(&str, &[&str])] = &[
    // A DNA or personal profile, not profiling people.
    ("en", &["profile", "profiles"]),
    // Putting one's name to something, not signs put up.
    ("en", &["signed", "signing"]),
];

/// A French or Spanish word without a plural `s` or `x`.
fn singular(word: &str) -> &str {
    word.strip_suffix(['s', 'x']).unwrap_or(word)
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

/// Endings of French inflection, without accents, longest first: of verbs (`conserver`,
/// `conservé`, `conservaient`), of gender and number, and the nouns of the verb's action
/// (`conservation`, `effacement`), which mean what the verb does.
const FRENCH_ENDINGS: &[&str] = &[
    "eraient", "ations", "ements", "itions", "erions", "ation", "ement", "ition", "erait", "erons",
    "eront", "aient", "antes", "ions", "ants", "ante", "ait", "ant", "ees", "ons", "ent", "ee",
    "es", "er", "ez", "ir", "e", "s", "x",
];

/// Endings of Spanish inflection, without accents, longest first: of verbs (`eliminar`,
/// `eliminados`, `eliminó`, `borrarlos`), of gender and number, and the nouns of the verb's
/// action (`eliminación`, `almacenamiento`).
const SPANISH_ENDINGS: &[&str] = &[
    "amientos", "imientos", "aciones", "iciones", "amiento", "imiento", "acion", "icion", "ieron",
    "iendo", "arlos", "arlas", "erlos", "irlos", "aron", "ando", "ados", "adas", "idos", "idas",
    "aban", "iera", "arlo", "arla", "arse", "erse", "irse", "amos", "emos", "imos", "ado", "ada",
    "ido", "ida", "aba", "ara", "ian", "ia", "ar", "er", "ir", "an", "en", "as", "os", "es", "io",
    "a", "o", "e", "s",
];

/// A word without its inflection's ending: the first of `endings` it ends with that leaves at
/// least three letters.
fn base<'w>(word: &'w str, endings: &[&str]) -> &'w str {
    endings
        .iter()
        .find_map(|e| word.strip_suffix(e).filter(|b| b.chars().count() >= 3))
        .unwrap_or(word)
}

/// How many words before a match a negation reaches ("not subject to any retention limit or
/// automatic deletion": `automatic` is seven words after `not`).
const NEGATION_REACH: usize = 7;

/// Words that end the reach of a negation before them: what follows them is a new clause ("not
/// shared, but deleted after 30 days").
const ENDS_NEGATION: &[&str] = &[
    "but",
    "however",
    "although",
    "though",
    "yet",
    "except",
    "unless",
    "while",
    "whereas",
    "instead",
    "mais",
    "cependant",
    "toutefois",
    "sauf",
    "tandis",
    "pero",
    "sino",
    "salvo",
    "excepto",
    "aunque",
    "mientras",
];

/// Whether the words `first..=last` stand in a negated clause: a negation among the
/// [`NEGATION_REACH`] words before them, with no word of [`ENDS_NEGATION`], auxiliary or modal
/// between (unless the
/// negation follows a modal, as in "must not be kept"), or "was not", "has not been", "wasn't"…
/// among the four words after them, within the same sentence.
pub fn negated(toks: &Tokenized, first: usize, last: usize) -> bool {
    let mut i = first;
    let mut steps = 0;
    while i > 0 && steps < NEGATION_REACH && !toks.tokens[i].sentence_start {
        i -= 1;
        steps += 1;
        // A new clause, or a verb of the clause after the negation's ("travellers who are not
        // of concern are deleted three years after"), ends its reach.
        let word = toks.lower(i);
        if ENDS_NEGATION.contains(&word) || AUXILIARIES.contains(&word) || MODALS.contains(&word) {
            break;
        }
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

/// The negation at `i` states a rule ("must not", "should never", "don't", "ne doit pas",
/// "no deben"), not a fact.
fn prescriptive(toks: &Tokenized, i: usize) -> bool {
    let next_is_modal = i + 1 < toks.len()
        && !toks.tokens[i + 1].sentence_start
        && MODALS.contains(&toks.lower(i + 1));
    if i == 0 || toks.tokens[i].sentence_start {
        return next_is_modal;
    }
    let prev = toks.lower(i - 1);
    if toks.lower(i) == "t" {
        return !REPORTING_CONTRACTIONS.contains(&prev);
    }
    MODALS.contains(&prev) || next_is_modal
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
