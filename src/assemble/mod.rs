//! Stage 5: normalized practices, their tags and the duplicate groups → one [`Edition`].
//!
//! The edition holds the practices sorted by id, each with its final principle tags, the
//! practices left out as duplicates, the taxonomy and the edition digest. Nothing here reads the
//! clock or the environment: the same input gives the same edition.

use crate::dedup::{dropped_ids, Cluster, ClusterKind, ClusterStatus};
use crate::model::{
    Dropped, Edition, EditionPractice, Evidence, NormalizedPractice, Practice, Tag, TagOrigin,
    Taxonomy,
};
use crate::normalize::{sha256_hex, Normalized};
use crate::tag::{Suggestion, TagResult};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The edition of `practices` (in any order) with their taggings (`tags[i]` is the tagging of
/// `practices[i]`), leaving out the duplicates the groups decide on (exact copies, and those the
/// editors judged duplicates), each practice linked to those the editors judged related.
pub fn edition(
    name: &str,
    practices: Vec<Normalized>,
    tags: Vec<TagResult>,
    clusters: &[Cluster],
    taxonomy: &Taxonomy,
) -> Edition {
    let left_out = dropped_ids(clusters);
    let mut kept = Vec::with_capacity(practices.len());
    let mut dropped = Vec::new();
    for (p, tagging) in practices.into_iter().zip(tags) {
        match left_out.get(&p.practice.practice.id) {
            Some(keep) => dropped.push(Dropped {
                id: p.practice.practice.id,
                kept: keep.clone(),
            }),
            None => kept.push((p.practice, Some(tagging))),
        }
    }
    let published: std::collections::HashSet<&str> =
        kept.iter().map(|(p, _)| p.practice.id.as_str()).collect();
    // A practice left out as a duplicate is linked through the practice published for it.
    let published_as = |id: &str| -> String {
        left_out
            .get(id)
            .map_or_else(|| id.to_string(), Clone::clone)
    };
    let mut related: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in clusters
        .iter()
        .filter(|c| c.kind == ClusterKind::Related && c.status == ClusterStatus::Decided)
    {
        if let [a, b] = c.members.as_slice() {
            let (a, b) = (published_as(a), published_as(b));
            if a != b && published.contains(a.as_str()) && published.contains(b.as_str()) {
                related.entry(a.clone()).or_default().push(b.clone());
                related.entry(b).or_default().push(a);
            }
        }
    }
    assemble_linked(name, kept, dropped, related, taxonomy)
}

/// Builds an edition from practices and their taggings: settles each practice's final tags,
/// sorts the practices by id, computes the digest.
pub fn assemble(
    name: &str,
    practices: Vec<(NormalizedPractice, Option<TagResult>)>,
    dropped: Vec<Dropped>,
    taxonomy: &Taxonomy,
) -> Edition {
    assemble_linked(name, practices, dropped, BTreeMap::new(), taxonomy)
}

/// [`assemble`], each practice linked to the practices `related` lists for its id.
fn assemble_linked(
    name: &str,
    practices: Vec<(NormalizedPractice, Option<TagResult>)>,
    mut dropped: Vec<Dropped>,
    mut related: BTreeMap<String, Vec<String>>,
    taxonomy: &Taxonomy,
) -> Edition {
    for links in related.values_mut() {
        links.sort();
        links.dedup();
    }
    let mut practices: Vec<EditionPractice> = practices
        .into_par_iter()
        .map(|(normalized, tagging)| {
            let tags = final_tags(&normalized.practice, tagging, taxonomy);
            let related = related
                .get(&normalized.practice.id)
                .cloned()
                .unwrap_or_default();
            EditionPractice {
                normalized,
                tags,
                related,
                superseded_by: Vec::new(),
            }
        })
        .collect();
    practices.par_sort_by(|a, b| a.id().cmp(b.id()));
    dropped.sort_by(|a, b| a.id.cmp(&b.id));
    crate::model::edition::link_supersessions(&mut practices, &dropped);
    Edition {
        name: name.to_string(),
        digest: edition_digest(&practices, &dropped, Some(&taxonomy.chapters_sha256())),
        practices,
        dropped,
        taxonomy: taxonomy.clone(),
    }
}

/// Final tags: declared ∪ the parents of declared facets ∪ published suggestions, minus what the
/// entry refuses (a refused principle with the principles under it), in taxonomy order.
/// Declaring what is refused is a validation error, so no declared principle is refused. A
/// suggestion that is not published (a candidate for editors, see [`crate::tag::model`]) is not
/// a tag of the edition unless declared or implied.
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
            evidence: s.map(|s| edition_evidence(s.evidence)).unwrap_or_default(),
        });
    }
    // A facet implies its parent: the parent's chapter holds the practice too, with the
    // tagger's suggestion for it, if any, as its score and evidence.
    let refuses = |id: &str| practice.refuses(taxonomy, id);
    for id in taxonomy.with_parents(&practice.principles) {
        // Declared ones are in already.
        if refuses(&id) || tags.iter().any(|t| t.principle == id) {
            continue;
        }
        let s = suggestions
            .iter()
            .position(|s| s.principle == id)
            .map(|k| suggestions.remove(k));
        tags.push(Tag {
            principle: id,
            origin: TagOrigin::Implied,
            score: s.as_ref().map(|s| s.score),
            evidence: s.map(|s| edition_evidence(s.evidence)).unwrap_or_default(),
        });
    }
    for s in suggestions.into_iter().filter(|s| s.published) {
        if refuses(&s.principle) || tags.iter().any(|t| t.principle == s.principle) {
            continue;
        }
        tags.push(Tag {
            principle: s.principle,
            origin: TagOrigin::Suggested,
            score: Some(s.score),
            evidence: edition_evidence(s.evidence),
        });
    }
    // Taxonomy order, then by id (a principle outside the taxonomy goes last).
    tags.sort_by_cached_key(|t| {
        (
            taxonomy.position(&t.principle).unwrap_or(usize::MAX),
            t.principle.clone(),
        )
    });
    tags
}

/// The evidence an edition keeps per tag: the three strongest items, without their snippets
/// (the practice's text is in the manifest beside them). The pipeline tags with
/// [`crate::tag::EvidenceOptions::EDITION`], which gives just that; a tagging made with more
/// evidence (`tag`'s) is cut to it, so that the edition never depends on how it was tagged.
fn edition_evidence(evidence: Vec<Evidence>) -> Vec<Evidence> {
    evidence
        .into_iter()
        .take(3)
        .map(|e| Evidence {
            snippet: String::new(),
            ..e
        })
        .collect()
}

/// SHA-256 over one line per practice, sorted by id: `id content_sha256 record_sha256
/// tags_sha256`, the last being the SHA-256 of the practice's final tags as the manifest writes
/// them (principles, origins, scores and evidence), then, for a practice linked to related ones,
/// ` related:` and their ids joined by commas; then a line `left-out id kept` for each practice
/// left out as a duplicate (format version 4 on), and a last line `taxonomy sha256`, the SHA-256
/// of the chapters the edition shows ([`Taxonomy::chapters_sha256`], format version 9 on;
/// `None` for an edition of an earlier version). A change to any published field, tag or link
/// of any practice, or to any chapter's label, place or definition, changes the digest.
pub fn edition_digest(
    practices: &[EditionPractice],
    dropped: &[Dropped],
    taxonomy_sha256: Option<&str>,
) -> String {
    let mut lines: Vec<String> = practices
        .par_iter()
        .map(|p| {
            let tags = serde_json::to_string(&p.tags).unwrap_or_default();
            let related = match p.related.is_empty() {
                true => String::new(),
                false => format!(" related:{}", p.related.join(",")),
            };
            format!(
                "{} {} {} {}{related}\n",
                p.id(),
                p.normalized.content_sha256,
                p.normalized.record_sha256,
                sha256_hex(&tags)
            )
        })
        .collect();
    lines.sort();
    // What was left out, and for which practice, is part of what the edition says: a line for
    // each, after the practices (none, and the digest is what it was before format version 4).
    let mut left_out: Vec<String> = dropped
        .iter()
        .map(|d| format!("left-out {} {}\n", d.id, d.kept))
        .collect();
    left_out.sort();
    lines.extend(left_out);
    lines.extend(taxonomy_sha256.map(|sha| format!("taxonomy {sha}\n")));
    sha256_hex(&lines.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A suggestion below its principle's publication threshold is not a tag of the edition,
    /// unless the contributor declared the principle.
    /// What the tagger said of `practice`: only its suggestions matter to [`final_tags`].
    fn tagging_of(practice: &Practice, suggested: Vec<Suggestion>) -> TagResult {
        TagResult {
            id: practice.id.clone(),
            declared: practice.principles.clone(),
            implied: Vec::new(),
            suggested,
            unsupported: Vec::new(),
            undeclared: Vec::new(),
            refused: Vec::new(),
            fired: Vec::new(),
            language_not_read: None,
        }
    }

    #[test]
    fn candidates_are_not_published() {
        let taxonomy = crate::schema::Schemas::embedded().unwrap().taxonomy;
        let mut practice = Practice::example("candidates");
        practice.principles = vec!["security".into()];
        let suggestion = |id: &str, published: bool| Suggestion {
            principle: id.to_string(),
            score: 3.5,
            evidence: Vec::new(),
            published,
            held_back: false,
        };
        let tagging = tagging_of(
            &practice,
            vec![
                suggestion("proportionality", false),
                suggestion("privacy", true),
                suggestion("security", false),
            ],
        );
        let tags = final_tags(&practice, Some(tagging), &taxonomy);
        let principles: Vec<&str> = tags.iter().map(|t| t.principle.as_str()).collect();
        assert!(principles.contains(&"privacy") && principles.contains(&"security"));
        assert!(!principles.contains(&"proportionality"));
    }

    /// A declared facet brings its parent in as `implied` (with the tagger's score for it, if
    /// it suggested the parent, published or not), unless the entry refuses the parent.
    #[test]
    fn a_declared_facet_implies_its_parent() {
        let taxonomy = crate::schema::Schemas::embedded().unwrap().taxonomy;
        let mut practice = Practice::example("implied");
        practice.principles = vec!["retention-limits".into(), "privacy".into()];
        let candidate = Suggestion {
            principle: "data-protection".into(),
            score: 0.4,
            evidence: Vec::new(),
            published: false,
            held_back: false,
        };
        let tagging = tagging_of(&practice, vec![candidate]);
        let tags = final_tags(&practice, Some(tagging.clone()), &taxonomy);
        let found: Vec<(&str, TagOrigin, Option<f64>)> = tags
            .iter()
            .map(|t| (t.principle.as_str(), t.origin, t.score))
            .collect();
        assert_eq!(
            found,
            [
                ("data-protection", TagOrigin::Implied, Some(0.4)),
                ("human-rights", TagOrigin::Implied, None),
                ("retention-limits", TagOrigin::Declared, None),
                ("privacy", TagOrigin::Declared, None),
            ]
        );
        // Declared, the parent is declared.
        practice.principles.push("data-protection".into());
        let tags = final_tags(&practice, Some(tagging), &taxonomy);
        let found: Vec<(&str, TagOrigin)> = tags
            .iter()
            .map(|t| (t.principle.as_str(), t.origin))
            .collect();
        assert_eq!(
            found,
            [
                ("data-protection", TagOrigin::Declared),
                ("human-rights", TagOrigin::Implied),
                ("retention-limits", TagOrigin::Declared),
                ("privacy", TagOrigin::Declared),
            ]
        );
    }

    /// A published suggestion the entry refuses, itself or through a principle above it, is
    /// not a tag of the edition (whatever the tagger said of it).
    #[test]
    fn a_refused_principle_keeps_out_the_principles_under_it() {
        let taxonomy = crate::schema::Schemas::embedded().unwrap().taxonomy;
        let mut practice = Practice::example("refusing");
        practice.principles_refused = vec![crate::model::RefusedPrinciple {
            principle: "data-protection".into(),
            reason: "about publication only".into(),
        }];
        let published = |id: &str| Suggestion {
            principle: id.into(),
            score: 0.95,
            evidence: Vec::new(),
            published: true,
            held_back: false,
        };
        let tagging = tagging_of(
            &practice,
            ["transparency", "retention-limits", "security"]
                .map(published)
                .to_vec(),
        );
        let tags = final_tags(&practice, Some(tagging), &taxonomy);
        let found: Vec<&str> = tags.iter().map(|t| t.principle.as_str()).collect();
        assert_eq!(found, ["transparency"]);
    }

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
            published: true,
            held_back: false,
        };
        let tagging = tagging_of(
            &practice,
            vec![suggestion("human-rights"), suggestion("security")],
        );
        let tags = final_tags(&practice, Some(tagging), &taxonomy);
        let order: Vec<(&str, TagOrigin, Option<f64>)> = tags
            .iter()
            .map(|t| (t.principle.as_str(), t.origin, t.score))
            .collect();
        assert_eq!(
            order,
            [
                ("proportionality", TagOrigin::Declared, None),
                // Security is a facet of data protection.
                ("data-protection", TagOrigin::Implied, None),
                ("human-rights", TagOrigin::Suggested, Some(2.5)),
                ("security", TagOrigin::Declared, Some(2.5)),
                ("zz-unknown", TagOrigin::Declared, None),
            ]
        );
    }
}
