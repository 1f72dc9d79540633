//! A practice in canonical form, with its hashes, and the content form duplicates are judged on.

use super::Practice;
use serde::Serialize;

/// A practice in canonical form, with its hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedPractice {
    /// The practice, normalized.
    pub practice: Practice,
    /// SHA-256 (hex) of the content form: equal for exact duplicates.
    pub content_sha256: String,
    /// SHA-256 (hex) of the whole normalized entry, every field included.
    pub record_sha256: String,
}

/// A practice's content form: what the content hash covers and what the duplicate finder
/// compares. Each text is folded words with single spaces between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentForm {
    /// The title, folded.
    pub title: String,
    /// The summary, folded.
    pub summary: String,
    /// The body reduced to text, folded.
    pub body: String,
    /// Each recommendation, folded.
    pub recommendations: Vec<String>,
}

impl ContentForm {
    /// The texts of the form in reading order: title, summary, body, then each recommendation.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.weighted_texts().map(|(text, _)| text)
    }

    /// The texts of the form in reading order, each with how much a word in it says about the
    /// practice ([`field_weight`]).
    pub fn weighted_texts(&self) -> impl Iterator<Item = (&str, f64)> {
        [
            (self.title.as_str(), field_weight("title")),
            (self.summary.as_str(), field_weight("summary")),
            (self.body.as_str(), field_weight("body")),
        ]
        .into_iter()
        .chain(
            self.recommendations
                .iter()
                .map(|r| (r.as_str(), field_weight("recommendations"))),
        )
    }

    /// The form as a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// How much a word counts in each field of a practice: a title says most about what the practice
/// is, then its summary, its recommendations, its body. The tagger weighs its matches so, and the
/// same-practice search its words.
pub fn field_weight(field: &str) -> f64 {
    match field {
        "title" => 3.0,
        "summary" => 2.0,
        "recommendations" => 1.5,
        _ => 1.0,
    }
}
