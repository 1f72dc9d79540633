//! Every stage in order, from entry files to an edition: load and validate, normalize, tag,
//! find duplicates, assemble. `build` publishes the result; `diff` compares two of them.

use crate::assemble::{self, Dropped, Edition};
use crate::dedup::{self, decisions::Decisions, Cluster, Fingerprint, Thresholds};
use crate::normalize::text::fold_for_comparison;
use crate::normalize::{
    normalize_content_by, normalize_with_texts_by, practice_from_document, ContentForm,
    NormalizedPractice,
};
use crate::schema::Schemas;
use crate::tag::tokens::Tokenized;
use crate::tag::{fields_of, tokenize_fields, EvidenceOptions, Tagger};
use crate::validate::{self, Report};
use rayon::prelude::*;
use std::path::PathBuf;

/// The content form ([`crate::normalize::content_form`]) of a practice from its texts cut into
/// words by [`tokenize_fields`]: an ASCII text's folded form is its lower-cased words with one
/// space between them; any other text is folded in full.
fn content_form_of_words(
    p: &crate::model::Practice,
    body_text: &str,
    words: &[Tokenized],
) -> ContentForm {
    let fields = fields_of(p, body_text);
    let folded = |i: usize| {
        let text = fields[i].1;
        if text.is_ascii() {
            words[i].folded()
        } else {
            fold_for_comparison(text)
        }
    };
    let last = fields.len() - 1;
    ContentForm {
        title: folded(0),
        summary: folded(1),
        body: folded(last),
        recommendations: (2..last).map(folded).collect(),
    }
}

/// Cuts a normalized practice's texts into words (into `words`, for the tagger) and makes its
/// content form of them: handed to `normalize_*_by`, so that the texts are cut once.
fn words_and_form(
    p: &crate::model::Practice,
    body_text: &str,
    words: &mut Vec<Tokenized>,
) -> ContentForm {
    *words = tokenize_fields(p, body_text);
    content_form_of_words(p, body_text, words)
}

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

/// [`run`] for the coverage report, which reads only which practices are published and their
/// final tags: no evidence is gathered, no record hash or edition digest is worked out (the
/// edition it returns has empty ones: it is for counting, never for publishing), and the
/// near-duplicate search runs only if an editor has judged a pair a duplicate, since undecided
/// near duplicates stay in an edition. The published practices and their tags are exactly
/// those of [`run`] (tested).
pub fn run_for_coverage(
    files: &[PathBuf],
    schemas: &Schemas,
    decisions: &Decisions,
    edition_name: &str,
) -> Outcome {
    run_with(
        files,
        schemas,
        decisions,
        edition_name,
        Purpose::Coverage,
        &|| {},
    )
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
        Purpose::Publish,
        tick,
    )
}

/// What a run is for.
#[derive(Debug, Clone, Copy)]
enum Purpose {
    /// An edition to publish: every hash, the digest, the duplicate search, manifest evidence.
    Publish,
    /// Counts of the published practices (see [`run_for_coverage`]).
    Coverage,
}

fn run_with(
    files: &[PathBuf],
    schemas: &Schemas,
    decisions: &Decisions,
    edition_name: &str,
    purpose: Purpose,
    tick: &(dyn Fn() + Sync),
) -> Outcome {
    let tagger = Tagger::new(&schemas.taxonomy);
    let near_search = match purpose {
        Purpose::Publish => true,
        Purpose::Coverage => decisions.any_duplicate(),
    };
    let map = |doc: &mut crate::load::Document| {
        let practice = practice_from_document(doc)?;
        Ok(match purpose {
            Purpose::Publish => {
                // The texts are cut into words once: the tagger reads the words, and the content
                // form is made of them.
                let mut words = Vec::new();
                let (normalized, form, body_text) = normalize_with_texts_by(practice, |p, text| {
                    words_and_form(p, text, &mut words)
                });
                let fingerprint = Fingerprint::from_form(doc.path.clone(), &normalized, &form);
                let tagging = tagger.tag_tokenized(
                    &normalized.practice,
                    &body_text,
                    &words,
                    EvidenceOptions::EDITION,
                );
                (normalized, tagging, fingerprint)
            }
            Purpose::Coverage => {
                let mut words = Vec::new();
                let (practice, content_sha256, form, body_text) =
                    normalize_content_by(practice, |p, text| words_and_form(p, text, &mut words));
                let fingerprint = if near_search {
                    Fingerprint::from_content(
                        doc.path.clone(),
                        &practice,
                        content_sha256.clone(),
                        &form,
                    )
                } else {
                    Fingerprint::exact_only(doc.path.clone(), &practice, content_sha256.clone())
                };
                let tagging =
                    tagger.tag_tokenized(&practice, &body_text, &words, EvidenceOptions::NONE);
                let normalized = NormalizedPractice {
                    practice,
                    content_sha256,
                    record_sha256: String::new(),
                };
                (normalized, tagging, fingerprint)
            }
        })
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
    // Split on both cores: a practice's parts are large values, and moving 10,000 of them on
    // one core kept the other waiting.
    let (analysed, prints): (Vec<_>, Vec<Fingerprint>) = analysed
        .into_par_iter()
        .map(|(normalized, tagging, print)| ((normalized, Some(tagging)), print))
        .unzip();
    // The published form of every practice is made while the duplicates are searched for (it
    // does not depend on them), filling the moments when the search has work for one core only;
    // the duplicates' forms are then left out.
    let (clusters, practices) = rayon::join(
        || {
            let clusters = crate::timing::stage("find duplicates", || {
                if near_search {
                    dedup::find_clusters(&prints, Thresholds::default(), decisions)
                } else {
                    dedup::exact_clusters(&prints)
                }
            });
            // Freed here, beside the other side's work, rather than after both.
            drop(prints);
            clusters
        },
        || {
            crate::timing::stage("assemble: practices", || {
                assemble::edition_practices(analysed, &schemas.taxonomy)
            })
        },
    );
    let dropped_ids = dedup::dropped_ids(&clusters);
    // Most editions have no duplicate to leave out: the practices are not moved then.
    let (practices, dropped) = if dropped_ids.is_empty() {
        (practices, Vec::new())
    } else {
        let (kept, left_out): (Vec<_>, Vec<_>) = practices
            .into_iter()
            .partition(|p| !dropped_ids.contains_key(p.id()));
        let dropped = left_out
            .into_iter()
            .map(|p| Dropped {
                kept: dropped_ids[p.id()].clone(),
                id: p.normalized.practice.id,
            })
            .collect();
        (kept, dropped)
    };
    let edition = crate::timing::stage("assemble", || match purpose {
        Purpose::Publish => {
            assemble::assemble_practices(edition_name, practices, dropped, &schemas.taxonomy)
        }
        Purpose::Coverage => {
            assemble::edition_for_counting(edition_name, practices, dropped, &schemas.taxonomy)
        }
    });
    Outcome {
        report,
        edition: Some(edition),
        clusters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The content form made from the tagger's words is the content form, for ASCII texts
        /// (made from the words) and any other (folded in full).
        #[test]
        fn the_content_form_of_the_words_is_the_content_form(
            texts in proptest::collection::vec("[ a-zA-Z0-9.,;:'\\-\\n]{0,30}|\\PC{0,12}", 4),
            recommendations in proptest::collection::vec("[ a-zA-Z0-9.,'\\-]{0,20}|\\PC{0,8}", 0..4),
        ) {
            let mut p = crate::model::Practice::example("p-1");
            p.title = texts[0].clone();
            p.summary = texts[1].clone();
            p.recommendations = recommendations;
            let body_text = &texts[2];
            let words = tokenize_fields(&p, body_text);
            proptest::prop_assert_eq!(
                content_form_of_words(&p, body_text, &words),
                crate::normalize::content_form_of(&p, body_text)
            );
        }
    }
}
