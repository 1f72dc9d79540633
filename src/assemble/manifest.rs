//! `compendium.json`: the machine-readable record of an edition.

use super::{Dropped, Edition, Tag};
use crate::model::Practice;
use serde::Serialize;

#[derive(Serialize)]
struct Manifest<'a> {
    format: &'static str,
    format_version: u32,
    edition: &'a str,
    digest: &'a str,
    practice_count: usize,
    practices: Vec<ManifestPractice<'a>>,
    dropped_duplicates: &'a [Dropped],
}

#[derive(Serialize)]
struct ManifestPractice<'a> {
    #[serde(flatten)]
    practice: &'a Practice,
    tags: &'a [Tag],
    sha256: &'a str,
    record_sha256: &'a str,
}

/// Renders the manifest as pretty JSON with a final newline.
pub fn render_manifest(edition: &Edition) -> String {
    let manifest = Manifest {
        format: "compendium-manifest",
        format_version: 1,
        edition: &edition.name,
        digest: &edition.digest,
        practice_count: edition.practices.len(),
        practices: edition
            .practices
            .iter()
            .map(|p| ManifestPractice {
                practice: &p.normalized.practice,
                tags: &p.tags,
                sha256: &p.normalized.content_sha256,
                record_sha256: &p.normalized.record_sha256,
            })
            .collect(),
        dropped_duplicates: &edition.dropped,
    };
    let mut out = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    out.push('\n');
    out
}
