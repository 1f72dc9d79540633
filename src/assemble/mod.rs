//! Stage 4: normalized practices → one edition, rendered as Markdown, CSV and a JSON manifest.
//!
//! An [`Edition`] is the single value every renderer reads, so the three files always agree. It
//! holds the practices sorted by id, the taxonomy, each practice's final principle tags and the
//! edition digest. Nothing here reads the clock or the environment: the same input gives the same
//! bytes.

mod csv_file;
pub mod html;
pub mod manifest;
mod markdown;
pub mod sanitize;

use crate::model::{Practice, Taxonomy};
use crate::normalize::{sha256_hex, NormalizedPractice};
use crate::output::FileText;
use crate::tag::{Evidence, Suggestion, TagResult};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use csv_file::{defuse_formula, render_csv, render_csv_pieces, CSV_COLUMNS};
pub use html::{render_html, render_html_from_parts};
pub use manifest::{read_manifest, render_manifest};
pub use markdown::render_markdown;

/// Where a principle tag comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagOrigin {
    /// The contributor declared it in `principles`.
    Declared,
    /// The tagger suggested it from the text, and the entry does not refuse it.
    Suggested,
}

impl TagOrigin {
    /// `declared` or `suggested`.
    pub fn as_str(self) -> &'static str {
        match self {
            TagOrigin::Declared => "declared",
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

/// Final tags: declared ∪ suggested, minus what the entry refuses, in taxonomy order. The
/// tagging is taken, not borrowed: its evidence moves into the tags instead of being copied.
pub fn final_tags(
    practice: &Practice,
    tagging: Option<TagResult>,
    taxonomy: &Taxonomy,
) -> Vec<Tag> {
    let mut suggestions: Vec<Suggestion> = tagging.map(|t| t.suggested).unwrap_or_default();
    let mut tags: Vec<Tag> = Vec::new();
    for id in &practice.principles {
        if tags.iter().any(|t| &t.principle == id) {
            continue;
        }
        // A declared principle takes the tagger's suggestion for it (at most one per principle),
        // which then has nothing left to add below.
        let s = suggestions
            .iter()
            .position(|s| &s.principle == id)
            .map(|k| suggestions.remove(k));
        tags.push(Tag {
            principle: id.clone(),
            origin: TagOrigin::Declared,
            score: s.as_ref().map(|s| s.score),
            evidence: s.map(|s| manifest_evidence(s.evidence)).unwrap_or_default(),
        });
    }
    for s in suggestions {
        let refused = practice
            .principles_refused
            .iter()
            .any(|r| r.principle == s.principle);
        if refused || tags.iter().any(|t| t.principle == s.principle) {
            continue;
        }
        tags.push(Tag {
            principle: s.principle,
            origin: TagOrigin::Suggested,
            score: Some(s.score),
            evidence: manifest_evidence(s.evidence),
        });
    }
    // Taxonomy order, then by id (a principle outside the taxonomy goes last). The key is worked
    // out once per tag: `sort_by_key` would copy the id and scan the taxonomy at each comparison.
    let mut keyed: Vec<(usize, Tag)> = tags
        .into_iter()
        .map(|t| (taxonomy.position(&t.principle).unwrap_or(usize::MAX), t))
        .collect();
    keyed.sort_by(|(pa, a), (pb, b)| pa.cmp(pb).then_with(|| a.principle.cmp(&b.principle)));
    keyed.into_iter().map(|(_, t)| t).collect()
}

/// The evidence an edition keeps per tag: the three strongest items, without their snippets
/// (the practice's text is in the manifest beside them; with snippets, the manifest of a large
/// corpus was mostly snippets).
fn manifest_evidence(evidence: Vec<Evidence>) -> Vec<Evidence> {
    evidence
        .into_iter()
        .take(3)
        .map(|e| Evidence {
            snippet: String::new(),
            ..e
        })
        .collect()
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
    /// Final tags, in taxonomy order. Set them through [`EditionPractice::new`], which keeps
    /// their JSON in step.
    pub tags: Vec<Tag>,
    /// `tags` as the manifest writes them and the edition digest hashes them, serialized once
    /// by [`EditionPractice::new`] (it was done twice, and showed in the time of `build`).
    tags_json: String,
    /// SHA-256 of `tags_json`, for the edition digest: worked out with the JSON, practice by
    /// practice, while the duplicate search runs (it had been most of the time of assembling).
    tags_sha256: String,
}

impl EditionPractice {
    /// A published practice with its final tags.
    pub fn new(normalized: NormalizedPractice, tags: Vec<Tag>) -> EditionPractice {
        let tags_json = tags_json(&tags);
        let tags_sha256 = sha256_hex(&tags_json);
        EditionPractice {
            normalized,
            tags,
            tags_json,
            tags_sha256,
        }
    }

    /// Bytes of the practice's long texts (title, summary, body, recommendations) and of its
    /// sources' texts: what its rendered forms are mostly made of (their buffers are sized from
    /// them).
    pub(crate) fn text_bytes(&self) -> (usize, usize) {
        let p = &self.normalized.practice;
        let texts = [&p.title, &p.summary, &p.body]
            .into_iter()
            .chain(&p.recommendations)
            .map(String::len)
            .sum();
        let sources = p
            .sources
            .iter()
            .map(|s| s.title.len() + s.publisher.len() + s.url.as_ref().map_or(0, String::len))
            .sum();
        (texts, sources)
    }

    /// The final tags as JSON, as the manifest writes them.
    pub fn tags_json(&self) -> &str {
        &self.tags_json
    }

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
    /// SHA-256 over the sorted ids, hashes and tags of every practice ([`edition_digest`]).
    pub digest: String,
    /// The practices, sorted by id.
    pub practices: Vec<EditionPractice>,
    /// Practices left out as duplicates.
    pub dropped: Vec<Dropped>,
    /// The taxonomy the tags refer to.
    pub taxonomy: Taxonomy,
}

/// Builds an edition: sorts the practices, settles their final tags, computes the digest.
pub fn assemble(
    name: &str,
    practices: Vec<(NormalizedPractice, Option<TagResult>)>,
    dropped: Vec<Dropped>,
    taxonomy: &Taxonomy,
) -> Edition {
    let practices = edition_practices(practices, taxonomy);
    assemble_practices(name, practices, dropped, taxonomy)
}

/// The published form of each practice, its final tags settled ([`final_tags`]), in parallel
/// and in the order given. The pipeline makes them while the duplicate search runs, then leaves
/// out the duplicates.
pub fn edition_practices(
    practices: Vec<(NormalizedPractice, Option<TagResult>)>,
    taxonomy: &Taxonomy,
) -> Vec<EditionPractice> {
    practices
        .into_par_iter()
        .map(|(normalized, tagging)| {
            let tags = final_tags(&normalized.practice, tagging, taxonomy);
            EditionPractice::new(normalized, tags)
        })
        .collect()
}

/// [`assemble`] of practices already in their published form ([`edition_practices`]).
pub fn assemble_practices(
    name: &str,
    practices: Vec<EditionPractice>,
    dropped: Vec<Dropped>,
    taxonomy: &Taxonomy,
) -> Edition {
    let mut edition = edition_for_counting(name, practices, dropped, taxonomy);
    edition.digest = edition_digest(&edition.practices);
    edition
}

/// [`assemble_practices`] without the digest: an edition to count (the coverage report), not to
/// publish.
pub fn edition_for_counting(
    name: &str,
    mut practices: Vec<EditionPractice>,
    mut dropped: Vec<Dropped>,
    taxonomy: &Taxonomy,
) -> Edition {
    practices.par_sort_by(|a, b| a.id().cmp(b.id()));
    dropped.sort_by(|a, b| a.id.cmp(&b.id));
    Edition {
        name: name.to_string(),
        digest: String::new(),
        practices,
        dropped,
        taxonomy: taxonomy.clone(),
    }
}

/// Renders every published file (with `compendium.html` when `html` is set), in two rounds of
/// two sides at once. First the Markdown beside the CSV and the coverage report; then the
/// Markdown's hash (and the HTML page made from the Markdown) beside the other files' hashes and
/// the manifest's practice lines. Hashing is serial: a file's hash waits for nothing but its
/// file, and hashing the Markdown (the largest file) last, after everything else, had left one
/// core idle for as long as it took. The manifest's header, which records the hashes, is
/// written last.
pub fn render_all(edition: &Edition, html: bool) -> Vec<(&'static str, FileText)> {
    let ((markdown, cuts), (csv, coverage_md, coverage_svg)) = rayon::join(
        || {
            crate::timing::stage("render markdown", || {
                markdown::render_markdown_in_parts(edition)
            })
        },
        || {
            let csv = crate::timing::stage("render csv", || render_csv_pieces(edition));
            let coverage = crate::report::coverage(edition);
            let coverage_md = FileText::from(crate::report::coverage_markdown(
                &coverage,
                &edition.taxonomy,
            ));
            let coverage_svg =
                FileText::from(crate::report::heatmap_svg(&coverage, &edition.taxonomy));
            (csv, coverage_md, coverage_svg)
        },
    );
    let ((markdown_hash, html_page), (mut hashes, lines)) = rayon::join(
        || {
            rayon::join(
                || crate::timing::stage("hash markdown", || markdown.sha256_hex()),
                || {
                    html.then(|| {
                        crate::timing::stage("render html", || {
                            let page = render_html_from_parts(edition, &markdown, &cuts);
                            let hash = crate::normalize::sha256_hex(&page);
                            (page, hash)
                        })
                    })
                },
            )
        },
        || {
            let mut hashes = std::collections::BTreeMap::new();
            crate::timing::stage("hash csv and coverage", || {
                for (name, text) in [
                    ("compendium.csv", &csv),
                    ("coverage.md", &coverage_md),
                    ("coverage.svg", &coverage_svg),
                ] {
                    hashes.insert(name.to_string(), text.sha256_hex());
                }
            });
            let lines = crate::timing::stage("render manifest: practices", || {
                manifest::manifest_lines(edition)
            });
            (hashes, lines)
        },
    );
    hashes.insert("compendium.md".to_string(), markdown_hash);
    let html_page = html_page.map(|(page, hash)| {
        hashes.insert("compendium.html".to_string(), hash);
        FileText::from(page)
    });
    let manifest = crate::timing::stage("render manifest", || {
        manifest::render_manifest_with(edition, &hashes, lines)
    });
    let mut files = vec![
        ("compendium.md", markdown),
        ("compendium.csv", csv),
        ("coverage.md", coverage_md),
        ("coverage.svg", coverage_svg),
        ("compendium.json", manifest),
    ];
    if let Some(page) = html_page {
        files.insert(4, ("compendium.html", page));
    }
    files
}

/// Final tags as JSON, byte for byte as serde_json writes them (tested), the strings escaped by
/// [`crate::json_text`].
fn tags_json(tags: &[Tag]) -> String {
    use crate::json_text::{key, write_list, write_object, write_str, Scalar};
    let mut out = Vec::with_capacity(64 + 160 * tags.len());
    write_list(&mut out, tags, |out, tag| {
        out.extend_from_slice(b"{\"principle\":");
        write_str(&tag.principle, out);
        key(out, "origin");
        write_str(tag.origin.as_str(), out);
        if let Some(score) = tag.score {
            key(out, "score");
            // Writing a number into memory cannot fail.
            let _ = serde_json::to_writer(&mut *out, &score);
        }
        if !tag.evidence.is_empty() {
            key(out, "evidence");
            write_list(out, &tag.evidence, |out, e| {
                write_object(
                    out,
                    [
                        ("field", Some(Scalar::Text(&e.field))),
                        ("text", Some(Scalar::Text(&e.text))),
                        ("term", Some(Scalar::Text(&e.term))),
                        (
                            "snippet",
                            (!e.snippet.is_empty()).then_some(Scalar::Text(&e.snippet)),
                        ),
                    ],
                );
            });
        }
        out.push(b'}');
    });
    // Written from `str`s and ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// SHA-256 over one line per practice, sorted by id: `id content_sha256 record_sha256
/// tags_sha256`, the last being the SHA-256 of the practice's final tags as the manifest writes
/// them (principles, origins, scores and evidence). A change to any published field or tag of any
/// practice changes the digest.
pub fn edition_digest(practices: &[EditionPractice]) -> String {
    let mut lines: Vec<String> = practices
        .par_iter()
        .map(|p| {
            format!(
                "{} {} {} {}\n",
                p.id(),
                p.normalized.content_sha256,
                p.normalized.record_sha256,
                p.tags_sha256
            )
        })
        .collect();
    lines.par_sort();
    sha256_hex(&lines.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Declared tags and the tagger's suggestions come out in taxonomy order, each once; a
    /// principle the taxonomy lacks goes last.
    #[test]
    fn final_tags_follow_the_taxonomy_order() {
        let taxonomy = crate::schema::Schemas::embedded().unwrap().taxonomy;
        let mut practice = Practice::example("order-test");
        practice.principles = ["security", "zz-unknown", "proportionality", "security"]
            .map(String::from)
            .to_vec();
        let suggestion = |id: &str| Suggestion {
            principle: id.to_string(),
            score: 2.5,
            evidence: Vec::new(),
        };
        let tagging = TagResult {
            id: "order-test".into(),
            declared: practice.principles.clone(),
            suggested: vec![suggestion("human-rights"), suggestion("security")],
            unsupported: Vec::new(),
            undeclared: Vec::new(),
            fired: Vec::new(),
        };
        let tags = final_tags(&practice, Some(tagging), &taxonomy);
        let order: Vec<(&str, TagOrigin, Option<f64>)> = tags
            .iter()
            .map(|t| (t.principle.as_str(), t.origin, t.score))
            .collect();
        assert_eq!(
            order,
            [
                ("proportionality", TagOrigin::Declared, None),
                ("human-rights", TagOrigin::Suggested, Some(2.5)),
                ("security", TagOrigin::Declared, Some(2.5)),
                ("zz-unknown", TagOrigin::Declared, None),
            ]
        );
    }

    proptest::proptest! {
        /// Tags are written as serde_json writes them: scores present or not (any finite or
        /// non-finite value), evidence with or without snippets, any text.
        #[test]
        fn tags_are_written_as_serde_json_writes_them(
            text in "\\PC{0,10}[\"\\\\\u{1}]?",
            scores in proptest::collection::vec(proptest::option::of(proptest::num::f64::ANY), 0..3),
            snippet in proptest::bool::ANY,
        ) {
            let tags: Vec<Tag> = scores
                .iter()
                .enumerate()
                .map(|(i, &score)| Tag {
                    principle: format!("{text}-{i}"),
                    origin: if i % 2 == 0 { TagOrigin::Declared } else { TagOrigin::Suggested },
                    score,
                    evidence: (0..i)
                        .map(|k| crate::tag::Evidence {
                            field: "body".into(),
                            text: text.clone(),
                            term: format!("term {k}"),
                            snippet: if snippet { text.clone() } else { String::new() },
                        })
                        .collect(),
                })
                .collect();
            proptest::prop_assert_eq!(tags_json(&tags), serde_json::to_string(&tags).unwrap());
        }
    }
}
