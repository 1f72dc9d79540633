//! Every stage in order, from entry files to an edition: load and validate, normalize, tag,
//! find duplicates, assemble. `build` publishes the result; `diff` compares two of them.

use crate::assemble::{self, Dropped, Edition};
use crate::dedup::{self, decisions::Decisions, Cluster, Fingerprint, Thresholds};
use crate::normalize::{normalize_with_texts, practice_from_document};
use crate::schema::Schemas;
use crate::tag::{EvidenceOptions, Tagger};
use crate::validate::{self, Report};
use std::path::PathBuf;

/// What running the pipeline produced.
#[derive(Debug)]
pub struct Outcome {
    /// Every finding about the entries.
    pub report: Report,
    /// The edition, unless an entry has an error.
    pub edition: Option<Edition>,
    /// Duplicate groups (undecided ones included).
    pub clusters: Vec<Cluster>,
}

/// Runs the pipeline over entry files. Duplicates that are exact, or decided by the editors, are
/// left out of the edition (and listed in it); undecided near duplicates stay in.
pub fn run(
    files: &[PathBuf],
    schemas: &Schemas,
    decisions: &Decisions,
    edition_name: &str,
) -> Outcome {
    run_with_progress(files, schemas, decisions, edition_name, &|| {})
}

/// [`run`] for a caller that reads only counts and tags (the coverage report): no evidence is
/// gathered for the tags.
pub fn run_without_evidence(
    files: &[PathBuf],
    schemas: &Schemas,
    decisions: &Decisions,
    edition_name: &str,
) -> Outcome {
    let none = EvidenceOptions {
        max_items: 0,
        snippets: false,
    };
    run_with(files, schemas, decisions, edition_name, none, &|| {})
}

/// [`run`], calling `tick` once per file read (for a progress bar).
pub fn run_with_progress(
    files: &[PathBuf],
    schemas: &Schemas,
    decisions: &Decisions,
    edition_name: &str,
    tick: &(dyn Fn() + Sync),
) -> Outcome {
    run_with(
        files,
        schemas,
        decisions,
        edition_name,
        EvidenceOptions::EDITION,
        tick,
    )
}

fn run_with(
    files: &[PathBuf],
    schemas: &Schemas,
    decisions: &Decisions,
    edition_name: &str,
    evidence: EvidenceOptions,
    tick: &(dyn Fn() + Sync),
) -> Outcome {
    let tagger = Tagger::new(&schemas.taxonomy);
    let map = |doc: &crate::load::Document| {
        let (normalized, form, body_text) = normalize_with_texts(practice_from_document(doc)?);
        let fingerprint = Fingerprint::from_form(doc.path.clone(), &normalized, &form);
        let tagging = tagger.tag_with(&normalized.practice, &body_text, evidence);
        Ok((normalized, tagging, fingerprint))
    };
    let (report, analysed) = crate::timing::stage("read, validate, normalize, tag", || {
        validate::validate_and_map_with_progress(files, schemas, map, tick)
    });
    if report.has_errors() {
        return Outcome {
            report,
            edition: None,
            clusters: Vec::new(),
        };
    }
    let prints: Vec<Fingerprint> = analysed.iter().map(|a| a.2.clone()).collect();
    let clusters = crate::timing::stage("find duplicates", || {
        dedup::find_clusters(&prints, Thresholds::default(), decisions)
    });
    drop(prints);
    let dropped_ids = dedup::dropped_ids(&clusters);
    let mut dropped = Vec::new();
    let mut practices = Vec::with_capacity(analysed.len());
    for (normalized, tagging, _) in analysed {
        match dropped_ids.get(&normalized.practice.id) {
            Some(kept) => dropped.push(Dropped {
                id: normalized.practice.id.clone(),
                kept: kept.clone(),
            }),
            None => practices.push((normalized, Some(tagging))),
        }
    }
    let edition = crate::timing::stage("assemble", || {
        assemble::assemble(edition_name, practices, dropped, &schemas.taxonomy)
    });
    Outcome {
        report,
        edition: Some(edition),
        clusters,
    }
}
