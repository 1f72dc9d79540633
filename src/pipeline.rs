//! Every stage in order, from entry files to an edition. Read top to bottom, this is the path of
//! one practice from its file to the published edition:
//!
//! ```text
//! files ─ validate::all ─▶ documents ─ normalize::all ─▶ practices ─┬─ tag::all ────┐
//!                                                                  └─ dedup::find ─┴─ assemble::edition ─▶ Edition
//! ```
//!
//! `build` renders the edition ([`crate::render::all`]) and writes it ([`crate::output`]);
//! `report` counts it; `tag` and `dedup` stop after [`practices`].

use crate::dedup::{self, decisions::Decisions, Cluster, Fingerprint, Thresholds};
use crate::model::Edition;
use crate::normalize::{self, Normalized};
use crate::schema::Schemas;
use crate::tag::{tokenize_fields, EvidenceOptions, TagResult, Tagger};
use crate::timing::stage;
use crate::validate::{self, Report};
use rayon::prelude::*;
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

/// Runs the pipeline over entry files, calling `tick` once per file read (for a progress bar).
/// Duplicates that are exact, or decided by the editors, are left out of the edition (and
/// listed in it); undecided near duplicates stay in. Any error in any entry stops it before an
/// edition is made.
pub fn run(
    files: &[PathBuf],
    schemas: &Schemas,
    decisions: &Decisions,
    edition_name: &str,
    tick: &(dyn Fn() + Sync),
) -> Outcome {
    let (report, practices) = self::practices(files, schemas, tick);
    if report.has_errors() {
        return Outcome {
            report,
            edition: None,
            clusters: Vec::new(),
        };
    }
    let tagger = Tagger::new(&schemas.taxonomy);
    let tags = stage("tag", || {
        tag_all(&tagger, &practices, EvidenceOptions::EDITION)
    });
    let clusters = stage("find duplicates", || {
        find_duplicates(&practices, Thresholds::default(), decisions)
    });
    let edition = stage("assemble", || {
        crate::assemble::edition(edition_name, practices, tags, &clusters, &schemas.taxonomy)
    });
    Outcome {
        report,
        edition: Some(edition),
        clusters,
    }
}

/// The first stages: every file read and checked, the practices without error normalized.
/// `tag` and `dedup` carry on with these even when some files have errors.
pub fn practices(
    files: &[PathBuf],
    schemas: &Schemas,
    tick: &(dyn Fn() + Sync),
) -> (Report, Vec<Normalized>) {
    let (mut report, documents) =
        stage("read and validate", || validate::all(files, schemas, tick));
    let (practices, findings) = stage("normalize", || normalize::all(documents));
    if !findings.is_empty() {
        report.valid -= findings.len();
        report.diagnostics.extend(findings);
        crate::diag::sort_diagnostics(&mut report.diagnostics);
    }
    (report, practices)
}

/// Tags every practice, in parallel: `result[i]` is the tagging of `practices[i]`.
pub fn tag_all(
    tagger: &Tagger,
    practices: &[Normalized],
    options: EvidenceOptions,
) -> Vec<TagResult> {
    practices
        .par_iter()
        .map(|p| {
            let practice = &p.practice.practice;
            let words = tokenize_fields(practice, &p.body_text);
            tagger.tag_tokenized(practice, &p.body_text, &words, options)
        })
        .collect()
}

/// Groups the practices that are the same practice (exact copies, near copies, the same practice
/// written twice, and related practices), taking the editors' decisions into account.
pub fn find_duplicates(
    practices: &[Normalized],
    thresholds: Thresholds,
    decisions: &Decisions,
) -> Vec<Cluster> {
    dedup::find_clusters(&fingerprints(practices), thresholds, decisions)
}

/// Each practice's fingerprint for the duplicate search.
pub fn fingerprints(practices: &[Normalized]) -> Vec<Fingerprint> {
    practices
        .par_iter()
        .map(|p| Fingerprint::from_form(p.path.clone(), &p.practice, &p.form))
        .collect()
}
