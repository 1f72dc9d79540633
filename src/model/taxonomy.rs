//! The principle taxonomy (`schema/principles.json`): what a practice can be tagged with.
//! Editors add a principle by editing that file, never the code.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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

/// What an edition shows of a principle: its id, label, place and definition, without the
/// words the tagger looks for. An edition records its taxonomy so (manifest format 9), and its
/// digest covers it: a chapter redefined is another edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
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
}

impl Taxonomy {
    /// The principles as an edition shows them, in order.
    pub fn chapters(&self) -> Vec<Chapter> {
        self.principles
            .iter()
            .map(|p| Chapter {
                id: p.id.clone(),
                label: p.label.clone(),
                tier: p.tier,
                parent: p.parent.clone(),
                definition: p.definition.clone(),
            })
            .collect()
    }

    /// A taxonomy holding only what an edition records of it (no tagging vocabulary): enough
    /// to render the edition's files again.
    pub fn from_chapters(chapters: Vec<Chapter>) -> Taxonomy {
        let principles = chapters
            .into_iter()
            .map(|c| Principle {
                id: c.id,
                label: c.label,
                tier: c.tier,
                parent: c.parent,
                definition: c.definition,
                lexicon: Lexicon::default(),
            })
            .collect();
        Taxonomy {
            schema: None,
            version: 1,
            principles,
            cues: Vec::new(),
        }
    }

    /// The SHA-256 (lower-case hex) of [`Taxonomy::chapters`] as compact JSON: what an edition's
    /// digest covers of its taxonomy. A change to the tagger's words leaves it as it is.
    pub fn chapters_sha256(&self) -> String {
        use sha2::Digest;
        // Plain strings and an enum: serializing cannot fail.
        let text = serde_json::to_string(&self.chapters()).unwrap_or_default();
        format!("{:x}", sha2::Sha256::digest(text.as_bytes()))
    }

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

    /// Completes a set of principles with the parents of its facets (a facet implies its
    /// parent), and theirs.
    pub fn with_parents(&self, principles: &[String]) -> BTreeSet<String> {
        let mut set: BTreeSet<String> = principles.iter().cloned().collect();
        for p in principles {
            let mut next = self.get(p).and_then(|p| p.parent.clone());
            // A parent already in the set has had its own parents added, or will have (and a
            // cycle ends here).
            while let Some(parent) = next {
                next = self.get(&parent).and_then(|p| p.parent.clone());
                if !set.insert(parent) {
                    break;
                }
            }
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `facet` → `middle` → `top`, and `loop-a` ↔ `loop-b`.
    fn two_levels() -> Taxonomy {
        let principle = |id: &str, parent: Option<&str>| Principle {
            id: id.into(),
            label: id.into(),
            tier: if parent.is_some() {
                Tier::Facet
            } else {
                Tier::Principle
            },
            parent: parent.map(str::to_string),
            definition: String::new(),
            lexicon: Lexicon::default(),
        };
        Taxonomy {
            schema: None,
            version: 1,
            principles: vec![
                principle("top", None),
                principle("middle", Some("top")),
                principle("facet", Some("middle")),
                principle("loop-a", Some("loop-b")),
                principle("loop-b", Some("loop-a")),
            ],
            cues: Vec::new(),
        }
    }

    #[test]
    fn with_parents_climbs_every_level_and_stops_at_a_cycle() {
        let taxonomy = two_levels();
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let got = |v: &[&str]| {
            taxonomy
                .with_parents(&ids(v))
                .into_iter()
                .collect::<Vec<_>>()
        };
        assert_eq!(got(&["facet"]), ["facet", "middle", "top"]);
        // A parent listed too, before or after its facet, changes nothing.
        assert_eq!(got(&["middle", "facet"]), ["facet", "middle", "top"]);
        assert_eq!(got(&["facet", "middle"]), ["facet", "middle", "top"]);
        assert_eq!(got(&["loop-a"]), ["loop-a", "loop-b"]);
        assert_eq!(got(&["unknown"]), ["unknown"]);
    }

    #[test]
    fn refusing_a_principle_refuses_its_facets_at_every_level() {
        let taxonomy = two_levels();
        let mut practice = crate::model::Practice::example("refusing");
        practice.principles_refused = vec![crate::model::RefusedPrinciple {
            principle: "middle".into(),
            reason: "not this practice".into(),
        }];
        assert!(practice.refuses(&taxonomy, "middle"));
        assert!(practice.refuses(&taxonomy, "facet"));
        assert!(!practice.refuses(&taxonomy, "top"));
        assert!(!practice.refuses(&taxonomy, "loop-a"));
    }
}
