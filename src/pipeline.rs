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

use crate::dedup::{self, decisions::Decisions, Cluster, Thresholds};
use crate::model::Edition;
use crate::normalize::{self, Normalized};
use crate::schema::Schemas;
use crate::tag::{self, EvidenceOptions, Tagger};
use crate::timing::stage;
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
    /// The principles of the taxonomy that the tagging model has no weights for.
    pub unknown_to_model: Vec<String>,
    /// For each practice left out as a duplicate: the principles it declares that the practice
    /// kept instead does not (they leave the edition with it).
    pub declarations_left_out: std::collections::BTreeMap<String, Vec<String>>,
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
    let (report, practices) = self::practices(files, schemas, validate::Scope::Corpus, tick);
    if report.has_errors() {
        return Outcome {
            report,
            edition: None,
            clusters: Vec::new(),
            unknown_to_model: Vec::new(),
            declarations_left_out: Default::default(),
        };
    }
    let tagger = Tagger::new(&schemas.taxonomy);
    let tags = stage("tag", || {
        tag::all(&tagger, &practices, EvidenceOptions::EDITION)
    });
    let clusters = stage("find duplicates", || {
        dedup::find(&practices, Thresholds::default(), decisions)
    });
    let declarations_left_out = declarations_left_out(&practices, &clusters, &schemas.taxonomy);
    let edition = stage("assemble", || {
        crate::assemble::edition(edition_name, practices, tags, &clusters, &schemas.taxonomy)
    });
    Outcome {
        report,
        edition: Some(edition),
        clusters,
        unknown_to_model: tagger
            .unknown_to_model()
            .iter()
            .map(|p| p.to_string())
            .collect(),
        declarations_left_out,
    }
}

/// For each practice a settled group leaves out, the principles it declares that the one kept
/// does not carry as declared or implied (the parent of a facet it declares).
fn declarations_left_out(
    practices: &[Normalized],
    clusters: &[Cluster],
    taxonomy: &crate::model::Taxonomy,
) -> std::collections::BTreeMap<String, Vec<String>> {
    let declared = |id: &str| {
        practices
            .iter()
            .find(|p| p.practice.practice.id == id)
            .map(|p| p.practice.practice.principles.clone())
            .unwrap_or_default()
    };
    let mut out = std::collections::BTreeMap::new();
    for c in clusters.iter().filter(|c| c.settles()) {
        let kept = taxonomy.with_parents(&declared(&c.keep));
        for m in c.members.iter().filter(|m| **m != c.keep) {
            let lost: Vec<String> = declared(m)
                .into_iter()
                .filter(|p| !kept.contains(p))
                .collect();
            if !lost.is_empty() {
                out.insert(m.clone(), lost);
            }
        }
    }
    out
}

/// The first stages: every file read and checked, the practices without error normalized.
/// `tag` and `dedup` carry on with these even when some files have errors.
pub fn practices(
    files: &[PathBuf],
    schemas: &Schemas,
    scope: validate::Scope,
    tick: &(dyn Fn() + Sync),
) -> (Report, Vec<Normalized>) {
    let (mut report, documents) = stage("read and validate", || {
        validate::all(files, schemas, scope, tick)
    });
    let (practices, findings) = stage("normalize", || normalize::all(documents));
    report.add_file_findings(findings);
    (report, practices)
}
