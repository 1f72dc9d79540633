//! The principle taxonomy (`schema/principles.json`): what a practice can be tagged with.
//! Editors add a principle by editing that file, never the code.

use serde::{Deserialize, Serialize};

/// Where a principle sits in the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// One of the three principles every practice is checked against first.
    Core,
    /// A supporting principle.
    Principle,
    /// A facet that rolls up to its parent.
    Facet,
}

/// One weighted lexicon term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The word or phrase.
    pub text: String,
    /// How much one occurrence counts.
    pub weight: u32,
    /// Match exactly as written (acronyms).
    #[serde(default)]
    pub case_sensitive: bool,
    /// The language of the term (`en`, `fr`, `es`; none: English). A term is looked for only in
    /// entries written in its language, stemmed as that language; a case-sensitive term (an
    /// acronym) in entries of every language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Term {
    /// The term's language (English when none is given).
    pub fn language(&self) -> &str {
        self.language.as_deref().unwrap_or("en")
    }
}

/// A misleading phrase: English when written as a plain string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Phrase {
    /// An English phrase.
    English(String),
    /// A phrase in the language given.
    In {
        /// The phrase.
        text: String,
        /// Its language (`en`, `fr`, `es`).
        language: String,
    },
}

impl Phrase {
    /// The words.
    pub fn text(&self) -> &str {
        match self {
            Phrase::English(text) | Phrase::In { text, .. } => text,
        }
    }

    /// The language.
    pub fn language(&self) -> &str {
        match self {
            Phrase::English(_) => "en",
            Phrase::In { language, .. } => language,
        }
    }
}

/// The words that suggest a principle, and those that must not count.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Indicative terms.
    pub terms: Vec<Term>,
    /// Misleading phrases that cancel a match inside them.
    #[serde(default)]
    pub negative: Vec<Phrase>,
}

/// A cue: evidence that several principles may draw on, owned by none (a fixed period of time,
/// a person confirming a match). How much a cue counts for each principle is learned
/// (`schema/tag-model.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    /// Stable id (`time-limit`).
    pub id: String,
    /// What the cue stands for, for people.
    pub description: String,
    /// The words that show it. `#` in a term stands for any number, in figures or in words.
    pub terms: Vec<Term>,
}

/// One principle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Stable id (`data-protection`).
    pub id: String,
    /// Label for people (`Data protection`).
    pub label: String,
    /// Core, supporting principle, or facet.
    pub tier: Tier,
    /// The principle a facet rolls up to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// What the principle means.
    pub definition: String,
    /// Tagging vocabulary.
    pub lexicon: Lexicon,
}

/// The whole taxonomy, in its published order (the order of the compendium's chapters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// Lets editors validate while typing.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version (1).
    pub version: u32,
    /// The principles, in order.
    pub principles: Vec<Principle>,
    /// Evidence shared by principles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<Cue>,
}

impl Taxonomy {
    /// The principle with this id.
    pub fn get(&self, id: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.id == id)
    }

    /// Position of the principle in the taxonomy (chapter order), if known.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.principles.iter().position(|p| p.id == id)
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.principles.iter().map(|p| p.id.as_str())
    }
}
