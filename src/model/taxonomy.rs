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
}

/// The words that suggest a principle, and those that must not count.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Indicative terms.
    pub terms: Vec<Term>,
    /// Misleading phrases that cancel a match inside them.
    #[serde(default)]
    pub negative: Vec<String>,
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
