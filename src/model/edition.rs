//! An edition: the practices as published, with their final tags, and what was left out.

use super::{NormalizedPractice, Taxonomy};
use serde::{Deserialize, Serialize};

/// One piece of evidence for a principle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The field it was found in (`title`, `summary`, `body`, `recommendations`).
    pub field: String,
    /// The matched words, as written.
    pub text: String,
    /// The lexicon term that matched.
    pub term: String,
    /// Whose term it is: a principle's id (its lexicon), or `cue:<id>` for a cue.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// How much this match added to the log-odds of the principle (the learned weight of its
    /// lexicon or cue, shared among that lexicon's matches by their weights).
    #[serde(default)]
    pub weight: f64,
    /// The words around the match (left out of the manifest, where the practice's text is
    /// beside it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub snippet: String,
}

/// Where a principle tag comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagOrigin {
    /// The contributor declared it in `principles`.
    Declared,
    /// The parent of a declared facet (a facet implies its parent, as in the taxonomy), not
    /// declared itself.
    Implied,
    /// The tagger suggested it from the text, and the entry does not refuse it.
    Suggested,
}

impl TagOrigin {
    /// `declared`, `implied` or `suggested`.
    pub fn as_str(self) -> &'static str {
        match self {
            TagOrigin::Declared => "declared",
            TagOrigin::Implied => "implied",
            TagOrigin::Suggested => "suggested",
        }
    }
}

/// One final principle tag of a practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    /// Principle id.
    pub principle: String,
    /// Where it comes from.
    pub origin: TagOrigin,
    /// The tagger's score, when the text supports the tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The words that earned the score (the strongest few; `tag` shows more).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// A practice left out of the edition as a duplicate of another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    /// The practice left out.
    pub id: String,
    /// The practice published instead.
    pub kept: String,
}

/// One practice as published.
#[derive(Debug, Clone)]
pub struct EditionPractice {
    /// The normalized practice and its hashes.
    pub normalized: NormalizedPractice,
    /// Final tags, in taxonomy order.
    pub tags: Vec<Tag>,
    /// The published practices the editors judged related to this one (see
    /// [`crate::dedup::decisions`]), sorted; each links to the other.
    pub related: Vec<String>,
    /// The practices of the edition that name this one in `supersedes`, sorted (filled by
    /// [`link_supersessions`]): this one is then no longer current practice.
    pub superseded_by: Vec<String>,
}

/// Fills each practice's `superseded_by` from the others' `supersedes`. A practice named there
/// that the edition leaves out as a duplicate (`dropped`) stands for the practice kept for it,
/// which is then the one superseded (found by a tester: an update naming the copy left out left
/// the copy kept published as current practice).
pub fn link_supersessions(practices: &mut [EditionPractice], dropped: &[Dropped]) {
    let kept_for: std::collections::HashMap<&str, &str> = dropped
        .iter()
        .map(|d| (d.id.as_str(), d.kept.as_str()))
        .collect();
    let mut replaced_by: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    for p in practices.iter() {
        for old in &p.normalized.practice.supersedes {
            let old = match kept_for.get(old.as_str()) {
                // A practice naming the copy of itself that was left out replaces nothing.
                Some(kept) if *kept == p.id() => continue,
                Some(kept) => kept,
                None => old.as_str(),
            };
            replaced_by
                .entry(old.to_string())
                .or_default()
                .push(p.id().to_string());
        }
    }
    for p in practices.iter_mut() {
        let mut by = replaced_by.remove(p.id()).unwrap_or_default();
        by.sort();
        by.dedup();
        p.superseded_by = by;
    }
}

impl EditionPractice {
    /// The practice's id.
    pub fn id(&self) -> &str {
        &self.normalized.practice.id
    }

    /// The principle whose chapter holds the practice: its first tag in taxonomy order.
    pub fn home_principle(&self) -> Option<&str> {
        self.tags.first().map(|t| t.principle.as_str())
    }
}

/// A complete edition, ready to render: the single value every renderer reads, so the published
/// files always agree.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Edition name (`draft`, `2026-1`, …).
    pub name: String,
    /// SHA-256 over the sorted ids, hashes and tags of every practice.
    pub digest: String,
    /// The practices, sorted by id.
    pub practices: Vec<EditionPractice>,
    /// Practices left out as duplicates.
    pub dropped: Vec<Dropped>,
    /// The taxonomy the tags refer to.
    pub taxonomy: Taxonomy,
}
