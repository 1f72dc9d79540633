//! Stage 4: normalized practices → one edition, rendered as Markdown, CSV and a JSON manifest.
//!
//! An [`Edition`] is the single value every renderer reads, so the three files always agree. It
//! holds the practices sorted by id, the taxonomy, each practice's final principle tags and the
//! edition digest. Nothing here reads the clock or the environment: the same input gives the same
//! bytes.

mod csv_file;
mod manifest;
mod markdown;
pub mod sanitize;

use crate::model::Taxonomy;
use crate::normalize::{sha256_hex, NormalizedPractice};
use serde::Serialize;

pub use csv_file::{render_csv, CSV_COLUMNS};
pub use manifest::render_manifest;
pub use markdown::render_markdown;

/// Where a principle tag comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TagOrigin {
    /// The contributor declared it in `principles`.
    Declared,
}

/// One final principle tag of a practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// Principle id.
    pub principle: String,
    /// Where it comes from.
    pub origin: TagOrigin,
}

/// One practice as published.
#[derive(Debug, Clone)]
pub struct EditionPractice {
    /// The normalized practice and its hashes.
    pub normalized: NormalizedPractice,
    /// Final tags, in taxonomy order.
    pub tags: Vec<Tag>,
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

/// A complete edition, ready to render.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Edition name (`draft`, `2026-1`, …).
    pub name: String,
    /// SHA-256 over the sorted ids and hashes of every practice.
    pub digest: String,
    /// The practices, sorted by id.
    pub practices: Vec<EditionPractice>,
    /// The taxonomy the tags refer to.
    pub taxonomy: Taxonomy,
}

/// Builds an edition: sorts the practices, orders their tags by the taxonomy, computes the digest.
pub fn assemble(name: &str, practices: Vec<NormalizedPractice>, taxonomy: &Taxonomy) -> Edition {
    let mut practices: Vec<EditionPractice> = practices
        .into_iter()
        .map(|normalized| {
            let mut declared: Vec<&String> = normalized.practice.principles.iter().collect();
            declared
                .sort_by_key(|id| (taxonomy.position(id).unwrap_or(usize::MAX), id.to_string()));
            declared.dedup();
            let tags = declared
                .into_iter()
                .map(|p| Tag {
                    principle: p.clone(),
                    origin: TagOrigin::Declared,
                })
                .collect();
            EditionPractice { normalized, tags }
        })
        .collect();
    practices.sort_by(|a, b| a.id().cmp(b.id()));
    let digest = edition_digest(&practices);
    Edition {
        name: name.to_string(),
        digest,
        practices,
        taxonomy: taxonomy.clone(),
    }
}

/// SHA-256 over one line per practice, sorted by id: `id content_sha256 record_sha256`.
/// A change to any published field of any practice changes the digest.
pub fn edition_digest(practices: &[EditionPractice]) -> String {
    let mut lines: Vec<String> = practices
        .iter()
        .map(|p| {
            format!(
                "{} {} {}\n",
                p.id(),
                p.normalized.content_sha256,
                p.normalized.record_sha256
            )
        })
        .collect();
    lines.sort();
    sha256_hex(&lines.concat())
}
