//! For reviewers, beside the pipeline: two editions → what changed between them, for the reviewer who approves the new one.
//!
//! Practices are matched by id. A practice whose id changed but whose content did not (or barely
//! did: 3-shingle Jaccard at least [`RENAME_SIMILARITY`]) is *renamed*, not removed and added.
//! Every practice present in both with any entry field changed is *modified*, with the fields
//! named, even when it is also *retired* (status became `retired`) or *retagged* (its final
//! principles changed, or where one of them comes from). *Superseded* lists practices that a new practice now names in
//! `supersedes`. The output is sorted and does not depend on the order of either input.

pub mod git;
pub mod inline;
pub mod render;

use crate::dedup::{content_words, sketch};
use crate::error::Error;
use crate::manifest::{read_manifest_except, read_practice_index, PracticeIndex, PracticeKey};
use crate::model::Taxonomy;
use crate::model::{Edition, EditionPractice};
use crate::model::{Status, TagOrigin};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Minimum 3-shingle Jaccard similarity for a changed id to count as a rename.
pub const RENAME_SIMILARITY: f64 = 0.8;

/// An edition's identity in a change set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// Edition name.
    pub edition: String,
    /// Edition digest.
    pub digest: String,
}

/// A practice whose id changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renamed {
    /// Old id.
    pub from: String,
    /// New id.
    pub to: String,
    /// Content similarity (1.0: same content).
    pub similarity: f64,
    /// Entry fields that changed besides the id.
    pub fields: Vec<String>,
}

/// A practice with changed fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Modified {
    /// Practice id.
    pub id: String,
    /// Entry fields that changed, in entry order.
    pub fields: Vec<String>,
}

/// A practice replaced by another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Superseded {
    /// The practice replaced.
    pub id: String,
    /// The practice that replaces it.
    pub by: String,
}

/// A practice the new edition leaves out as a duplicate of another it publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The practice left out.
    pub id: String,
    /// The practice published instead.
    pub kept: String,
    /// Left out in the old edition too, but for this other practice (the editors chose another
    /// copy to keep, or the one kept was renamed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previously_kept: Option<String>,
}

/// A practice whose final principles changed, or where one of them comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retagged {
    /// Practice id.
    pub id: String,
    /// Principles gained.
    pub added: Vec<String>,
    /// Principles lost.
    pub removed: Vec<String>,
    /// Principles in both editions whose origin changed (a suggestion the contributor now
    /// declares, say), in taxonomy order as the edition lists them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<OriginChange>,
}

/// A principle a practice has in both editions, from another origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OriginChange {
    /// Principle id.
    pub principle: String,
    /// Its origin in the old edition.
    pub old: TagOrigin,
    /// Its origin in the new edition.
    pub new: TagOrigin,
}

/// A principle whose chapter one edition shows and the other does not, or shows otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChapterChange {
    /// Principle id.
    pub id: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// For a changed chapter, what changed, in this order: `label`, `tier`, `parent`,
    /// `definition`, `place` (its place among the chapters both editions have).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<&'static str>,
}

/// How the chapters of `new` differ from those of `old`: principles added, removed, or changed
/// (label, tier, parent, definition, or place among the principles both have), in the new
/// taxonomy's order, then those removed in the old one's.
pub fn chapter_changes(old: &Taxonomy, new: &Taxonomy) -> Vec<ChapterChange> {
    let in_both = |a: &Taxonomy, b: &Taxonomy| -> Vec<String> {
        a.ids()
            .filter(|id| b.get(id).is_some())
            .map(str::to_string)
            .collect()
    };
    let (old_order, new_order) = (in_both(old, new), in_both(new, old));
    // Those that left the longest run both orders share moved.
    let moved: HashSet<&str> =
        similar::capture_diff_slices(similar::Algorithm::Myers, &old_order, &new_order)
            .iter()
            .filter(|op| op.tag() != similar::DiffTag::Equal)
            .flat_map(|op| op.new_range())
            .map(|j| new_order[j].as_str())
            .collect();
    let mut changes = Vec::new();
    for b in &new.principles {
        let Some(a) = old.get(&b.id) else {
            changes.push(ChapterChange {
                id: b.id.clone(),
                change: "added",
                fields: Vec::new(),
            });
            continue;
        };
        let fields: Vec<&'static str> = [
            ("label", a.label != b.label),
            ("tier", a.tier != b.tier),
            ("parent", a.parent != b.parent),
            ("definition", a.definition != b.definition),
            ("place", moved.contains(b.id.as_str())),
        ]
        .into_iter()
        .filter_map(|(name, differs)| differs.then_some(name))
        .collect();
        if !fields.is_empty() {
            changes.push(ChapterChange {
                id: b.id.clone(),
                change: "changed",
                fields,
            });
        }
    }
    changes.extend(
        old.principles
            .iter()
            .filter(|a| new.get(&a.id).is_none())
            .map(|a| ChapterChange {
                id: a.id.clone(),
                change: "removed",
                fields: Vec::new(),
            }),
    );
    changes
}

/// Everything that changed between two editions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeSet {
    /// The old edition.
    pub old: Side,
    /// The new edition.
    pub new: Side,
    /// Ids only in the new edition (renames excluded).
    pub added: Vec<String>,
    /// Ids only in the old edition (renames excluded).
    pub removed: Vec<String>,
    /// Practices the new edition leaves out as duplicates that the old one did not, or left out
    /// for another practice (`previously_kept`), with the practice kept: those the old edition
    /// published are also among the removed.
    pub left_out_as_duplicates: Vec<LeftOut>,
    /// Practices the old edition left out as duplicates that the new one does not leave out at
    /// all: published again (then also among the added), or gone from the corpus.
    pub no_longer_left_out: Vec<LeftOut>,
    /// Id changes.
    pub renamed: Vec<Renamed>,
    /// Practices in both with changed fields.
    pub modified: Vec<Modified>,
    /// Practices whose status became `retired`.
    pub retired: Vec<String>,
    /// Practices newly named in another's `supersedes`.
    pub superseded: Vec<Superseded>,
    /// Practices of the new edition that the old one showed as superseded and the new one does not
    /// (the practice that superseded them was withdrawn, or no longer names them): current
    /// practice again.
    pub no_longer_superseded: Vec<Superseded>,
    /// Practices whose final principles changed, or where one of them comes from.
    pub retagged: Vec<Retagged>,
    /// Practices in both with no field changed.
    pub unchanged: usize,
    /// Chapters the two editions show otherwise (their taxonomies differ; an edition of a format
    /// version before 9 records none, and is taken to have the taxonomy `diff` was given).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chapters: Vec<ChapterChange>,
}

impl ChangeSet {
    /// Whether the two editions publish the same practices with the same content and tags, and
    /// leave out the same duplicates.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.modified.is_empty()
            && self.retired.is_empty()
            && self.superseded.is_empty()
            && self.no_longer_superseded.is_empty()
            && self.retagged.is_empty()
            && self.left_out_as_duplicates.is_empty()
            && self.no_longer_left_out.is_empty()
            && self.chapters.is_empty()
    }
}

/// The entry fields of a practice, by name, in entry order.
pub fn fields_of(p: &EditionPractice) -> Vec<(String, Value)> {
    match serde_json::to_value(&p.normalized.practice) {
        Ok(Value::Object(map)) => {
            let order = ENTRY_ORDER;
            let mut fields: Vec<(String, Value)> = map.into_iter().collect();
            fields.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
            fields
        }
        _ => Vec::new(),
    }
}

/// Entry fields in the order of the schema, for stable reports.
pub use crate::model::FIELD_ORDER as ENTRY_ORDER;

/// The names of the fields that differ (the id excluded).
pub fn changed_fields(old: &EditionPractice, new: &EditionPractice) -> Vec<String> {
    let a: BTreeMap<String, Value> = fields_of(old).into_iter().collect();
    let b: BTreeMap<String, Value> = fields_of(new).into_iter().collect();
    let mut names: Vec<&String> = a.keys().chain(b.keys()).filter(|k| *k != "id").collect();
    names.sort_by_key(|k| {
        ENTRY_ORDER
            .iter()
            .position(|o| o == k)
            .unwrap_or(usize::MAX)
    });
    names.dedup();
    let mut changed: Vec<String> = names
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect();
    if related_changed(old, new) {
        changed.push("related".to_string());
    }
    changed
}

/// Whether the practices the editors judged related to a practice changed (they are not in its
/// record hash: they come from the decisions file, not the entry).
fn related_changed(old: &EditionPractice, new: &EditionPractice) -> bool {
    let sorted = |p: &EditionPractice| {
        let mut r = p.related.clone();
        r.sort();
        r
    };
    sorted(old) != sorted(new)
}

fn tag_set(p: &EditionPractice) -> BTreeSet<String> {
    p.tags.iter().map(|t| t.principle.clone()).collect()
}

fn shingles(p: &EditionPractice) -> Vec<u32> {
    let words = content_words(&p.normalized.practice);
    let mut s: Vec<u32> = sketch::shingle_hashes(words.iter().map(String::as_str))
        .into_iter()
        .map(|h| h as u32)
        .collect();
    s.sort_unstable();
    s.dedup();
    s
}

fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let shared = sketch::intersection(a, b) as f64;
    let union = (a.len() + b.len()) as f64 - shared;
    if union == 0.0 {
        1.0
    } else {
        shared / union
    }
}

/// Every (replaced practice, replacing practice) an edition's `supersedes` fields state.
fn supersessions(edition: &Edition) -> impl Iterator<Item = Superseded> + '_ {
    edition.practices.iter().flat_map(|p| {
        p.normalized
            .practice
            .supersedes
            .iter()
            .map(move |s| Superseded {
                id: s.clone(),
                by: p.id().to_string(),
            })
    })
}

/// One side of a comparison: an edition already in memory, or a manifest file to read.
#[derive(Debug)]
pub enum Source {
    /// Built from a practices folder (or a git revision of one).
    Edition(Box<Edition>),
    /// A `compendium.json` written by `build`.
    Manifest(PathBuf),
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

fn bad(path: &Path) -> impl Fn(String) -> Error + '_ {
    move |reason| Error::BadManifest {
        path: path.to_path_buf(),
        reason,
    }
}

/// A source after its keys were read.
enum Indexed {
    Edition(Box<Edition>),
    Manifest(PathBuf, Box<PracticeIndex>),
}

impl Source {
    /// Reads every practice's key (for a manifest, the file's text is not kept).
    fn index(self) -> Result<(Indexed, Vec<PracticeKey>), Error> {
        match self {
            Source::Edition(e) => {
                let keys = e.practices.iter().map(PracticeKey::of).collect();
                Ok((Indexed::Edition(e), keys))
            }
            Source::Manifest(path) => {
                let text = read_text(&path)?;
                if text.starts_with('\u{feff}') {
                    return Err(bad(&path)(
                        "it starts with a byte order mark: it was saved again by an editor after the build, so it is not the manifest as built (`compendium verify` on its folder says what else changed)".into(),
                    ));
                }
                let mut index = read_practice_index(&text).map_err(bad(&path))?;
                // The keys are taken on trust, so the file must be as the tool wrote it.
                crate::manifest::check_sealed(&text, index.format_version()).map_err(bad(&path))?;
                let keys = std::mem::take(&mut index.keys);
                Ok((Indexed::Manifest(path, Box::new(index)), keys))
            }
        }
    }
}

impl Indexed {
    /// The edition without the practices in `left_out`.
    fn edition_except(
        self,
        keys: Vec<PracticeKey>,
        left_out: &HashSet<String>,
        taxonomy: &Taxonomy,
    ) -> Result<Edition, Error> {
        match self {
            Indexed::Edition(mut e) => {
                e.practices.retain(|p| !left_out.contains(p.id()));
                Ok(*e)
            }
            Indexed::Manifest(path, mut index) => {
                index.keys = keys;
                let mut file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
                read_manifest_except(&mut file, &index, taxonomy, left_out)
                    .map(|r| r.edition)
                    .map_err(bad(&path))
            }
        }
    }
}

/// The result of comparing two sources: the change set, and both editions without the practices
/// that are the same in both (which is all a report on the changes needs).
#[derive(Debug)]
pub struct Comparison {
    /// What changed.
    pub changes: ChangeSet,
    /// The old edition's practices that changed in some way.
    pub old: Edition,
    /// The new edition's practices that changed in some way.
    pub new: Edition,
}

/// Compares two sources while holding as little as possible: first only each practice's key (id,
/// record hash, principles, related practices) is read; practices with the same key on both sides
/// are counted as unchanged and never built in memory; the rest are read in full and compared by
/// [`diff`]. Two 100,000-practice manifests differing in 1 % are compared this way in about a second.
pub fn compare(old: Source, new: Source, taxonomy: &Taxonomy) -> Result<Comparison, Error> {
    let (old, old_keys) = crate::timing::stage("diff: old keys", || old.index())?;
    let (new, new_keys) = crate::timing::stage("diff: new keys", || new.index())?;
    let published: HashSet<String> = new_keys.iter().map(|k| k.id.clone()).collect();
    let old_by: HashMap<&str, &PracticeKey> = old_keys.iter().map(|k| (k.id.as_str(), k)).collect();
    let same: HashSet<String> = new_keys
        .iter()
        .filter(|k| old_by.get(k.id.as_str()) == Some(k))
        .map(|k| k.id.clone())
        .collect();
    drop(old_by);
    let old = crate::timing::stage("diff: old changed practices", || {
        old.edition_except(old_keys, &same, taxonomy)
    })?;
    let new = crate::timing::stage("diff: new changed practices", || {
        new.edition_except(new_keys, &same, taxonomy)
    })?;
    let mut changes = crate::timing::stage("diff: compare", || {
        diff_among(&old, &new, &|id| published.contains(id))
    });
    let moved = supersession_changed(&changes.superseded, &changes.no_longer_superseded);
    changes.unchanged += same
        .iter()
        .filter(|id| !moved.contains(id.as_str()))
        .count();
    Ok(Comparison { changes, old, new })
}

/// The ids of the practices that became superseded or are no longer: not unchanged, though
/// their own records are (found by a tester: one counted both as no longer superseded and as
/// unchanged).
fn supersession_changed<'a>(
    superseded: &'a [Superseded],
    no_longer: &'a [Superseded],
) -> HashSet<&'a str> {
    superseded
        .iter()
        .chain(no_longer)
        .map(|s| s.id.as_str())
        .collect()
}

/// Compares two editions.
pub fn diff(old: &Edition, new: &Edition) -> ChangeSet {
    let published: HashSet<&str> = new.practices.iter().map(EditionPractice::id).collect();
    diff_among(old, new, &|id| published.contains(id))
}

/// [`diff`] of editions that may hold only the practices that changed; `published` says which
/// ids the whole new edition publishes.
fn diff_among(old: &Edition, new: &Edition, published: &dyn Fn(&str) -> bool) -> ChangeSet {
    let old_by: HashMap<&str, &EditionPractice> =
        old.practices.iter().map(|p| (p.id(), p)).collect();
    let new_by: HashMap<&str, &EditionPractice> =
        new.practices.iter().map(|p| (p.id(), p)).collect();
    let mut only_old: Vec<&EditionPractice> = old
        .practices
        .iter()
        .filter(|p| !new_by.contains_key(p.id()))
        .collect();
    let mut only_new: Vec<&EditionPractice> = new
        .practices
        .iter()
        .filter(|p| !old_by.contains_key(p.id()))
        .collect();
    only_old.sort_by(|a, b| a.id().cmp(b.id()));
    only_new.sort_by(|a, b| a.id().cmp(b.id()));

    // Renames: same content hash first, then the most similar remaining pair above the bar. A
    // practice the new edition leaves out as a duplicate was not renamed, even though the
    // practice kept for it reads the same: it is removed, and said to be left out.
    let left_out_now: HashSet<&str> = new.dropped.iter().map(|d| d.id.as_str()).collect();
    let mut renamed = Vec::new();
    let mut taken_old = BTreeSet::new();
    let mut taken_new = BTreeSet::new();
    let mut by_hash: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in only_old
        .iter()
        .enumerate()
        .filter(|(_, p)| !left_out_now.contains(p.id()))
    {
        by_hash
            .entry(p.normalized.content_sha256.as_str())
            .or_default()
            .push(i);
    }
    for (j, p) in only_new.iter().enumerate() {
        if let Some(i) = by_hash
            .get(p.normalized.content_sha256.as_str())
            .and_then(|c| c.iter().find(|i| !taken_old.contains(*i)).copied())
        {
            taken_old.insert(i);
            taken_new.insert(j);
            renamed.push((i, j, 1.0));
        }
    }
    let rest_old: Vec<usize> = (0..only_old.len())
        .filter(|i| !taken_old.contains(i) && !left_out_now.contains(only_old[*i].id()))
        .collect();
    let rest_new: Vec<usize> = (0..only_new.len())
        .filter(|j| !taken_new.contains(j))
        .collect();
    if !rest_old.is_empty() && !rest_new.is_empty() {
        let old_sh: HashMap<usize, Vec<u32>> = rest_old
            .iter()
            .map(|&i| (i, shingles(only_old[i])))
            .collect();
        let new_sh: HashMap<usize, Vec<u32>> = rest_new
            .iter()
            .map(|&j| (j, shingles(only_new[j])))
            .collect();
        // Candidates: share a band of their sketches (cheap); then exact Jaccard.
        let bands = |s: &[u32]| {
            let hashes: Vec<u64> = s.iter().map(|&h| sketch::mix(u64::from(h))).collect();
            sketch::band_keys(&sketch::sketch(&hashes))
        };
        let mut index: HashMap<(usize, u32), Vec<usize>> = HashMap::new();
        for &i in &rest_old {
            for (b, key) in bands(&old_sh[&i]).into_iter().enumerate() {
                index.entry((b, key)).or_default().push(i);
            }
        }
        let mut scored = Vec::new();
        for &j in &rest_new {
            let mut seen = BTreeSet::new();
            for (b, key) in bands(&new_sh[&j]).into_iter().enumerate() {
                for &i in index.get(&(b, key)).map(Vec::as_slice).unwrap_or(&[]) {
                    if seen.insert(i) {
                        let s = jaccard(&old_sh[&i], &new_sh[&j]);
                        if s >= RENAME_SIMILARITY {
                            scored.push((s, i, j));
                        }
                    }
                }
            }
        }
        scored.sort_by(|x, y| {
            y.0.total_cmp(&x.0).then_with(|| {
                (only_old[x.1].id(), only_new[x.2].id())
                    .cmp(&(only_old[y.1].id(), only_new[y.2].id()))
            })
        });
        for (s, i, j) in scored {
            if taken_old.contains(&i) || taken_new.contains(&j) {
                continue;
            }
            taken_old.insert(i);
            taken_new.insert(j);
            renamed.push((i, j, (s * 1000.0).round() / 1000.0));
        }
    }
    let mut renamed: Vec<Renamed> = renamed
        .into_iter()
        .map(|(i, j, similarity)| Renamed {
            from: only_old[i].id().to_string(),
            to: only_new[j].id().to_string(),
            similarity,
            fields: changed_fields(only_old[i], only_new[j]),
        })
        .collect();
    renamed.sort_by(|a, b| a.from.cmp(&b.from));
    let removed: Vec<String> = (0..only_old.len())
        .filter(|i| !taken_old.contains(i))
        .map(|i| only_old[i].id().to_string())
        .collect();
    // A practice merged into another by the editors is gone from the edition, not deleted: the
    // new manifest records which practice stands for it. The lists of practices left out are
    // compared whole: leaving out a practice that was never published changes the edition too.
    let left_out = |e: &Edition| -> BTreeMap<String, String> {
        e.dropped
            .iter()
            .map(|d| (d.id.clone(), d.kept.clone()))
            .collect()
    };
    let (old_left_out, new_left_out) = (left_out(old), left_out(new));
    let left_out_as_duplicates: Vec<LeftOut> = new_left_out
        .iter()
        .filter(|&(id, kept)| old_left_out.get(id) != Some(kept))
        .map(|(id, kept)| LeftOut {
            id: id.clone(),
            kept: kept.clone(),
            previously_kept: old_left_out.get(id).cloned(),
        })
        .collect();
    let no_longer_left_out: Vec<LeftOut> = old_left_out
        .iter()
        .filter(|&(id, _)| !new_left_out.contains_key(id))
        .map(|(id, kept)| LeftOut {
            id: id.clone(),
            kept: kept.clone(),
            previously_kept: None,
        })
        .collect();
    let added = (0..only_new.len())
        .filter(|j| !taken_new.contains(j))
        .map(|j| only_new[j].id().to_string())
        .collect();

    // Practices in both (and renamed ones, for tags and retirement).
    let mut pairs: Vec<(&EditionPractice, &EditionPractice, bool)> = old
        .practices
        .iter()
        .filter_map(|p| new_by.get(p.id()).map(|q| (p, *q, true)))
        .collect();
    for r in &renamed {
        pairs.push((old_by[r.from.as_str()], new_by[r.to.as_str()], false));
    }
    let mut modified = Vec::new();
    let mut retired = Vec::new();
    let mut retagged = Vec::new();
    let mut unchanged: Vec<&str> = Vec::new();
    for (a, b, same_id) in &pairs {
        let (ta, tb) = (tag_set(a), tag_set(b));
        // A principle's origin is that of its first tag (an edition lists each principle once,
        // but a manifest edited by hand may not): an edition never differs from itself.
        let first = |p: &EditionPractice, id: &str| {
            p.tags.iter().find(|t| t.principle == id).map(|t| t.origin)
        };
        let mut seen = BTreeSet::new();
        let origins: Vec<OriginChange> = b
            .tags
            .iter()
            .filter(|t| seen.insert(t.principle.as_str()))
            .filter_map(|t| {
                let old = first(a, &t.principle)?;
                (old != t.origin).then(|| OriginChange {
                    principle: t.principle.clone(),
                    old,
                    new: t.origin,
                })
            })
            .collect();
        let is_retagged = ta != tb || !origins.is_empty();
        if *same_id {
            // Equal record hashes mean equal fields: most practices need no field comparison.
            let fields = if a.normalized.record_sha256 == b.normalized.record_sha256 {
                if related_changed(a, b) {
                    vec!["related".to_string()]
                } else {
                    Vec::new()
                }
            } else {
                changed_fields(a, b)
            };
            if !fields.is_empty() {
                modified.push(Modified {
                    id: b.id().to_string(),
                    fields,
                });
            } else if !is_retagged {
                // A practice whose tags alone changed is retagged, not unchanged (found by a
                // tester: 20 retagged and 130 unchanged of 130 practices).
                unchanged.push(b.id());
            }
        }
        if a.normalized.practice.status != Status::Retired
            && b.normalized.practice.status == Status::Retired
        {
            retired.push(b.id().to_string());
        }
        if is_retagged {
            retagged.push(Retagged {
                id: b.id().to_string(),
                added: tb.difference(&ta).cloned().collect(),
                removed: ta.difference(&tb).cloned().collect(),
                origins,
            });
        }
    }
    modified.sort_by(|a, b| a.id.cmp(&b.id));
    retired.sort();
    retagged.sort_by(|a, b| a.id.cmp(&b.id));

    // Superseded: named in a new practice's `supersedes` and not already so in the old edition.
    let before: BTreeSet<Superseded> = supersessions(old).collect();
    let renamed_to: HashMap<&str, &str> = renamed
        .iter()
        .map(|r| (r.to.as_str(), r.from.as_str()))
        .collect();
    let mut superseded: Vec<Superseded> = supersessions(new)
        .filter(|s| {
            let by = renamed_to
                .get(s.by.as_str())
                .copied()
                .unwrap_or(s.by.as_str());
            !before.contains(&Superseded {
                id: s.id.clone(),
                by: by.to_string(),
            })
        })
        .collect();
    superseded.sort_by(|a, b| (&a.id, &a.by).cmp(&(&b.id, &b.by)));
    // No longer superseded: superseded in the old edition, by nothing in the new one, and still
    // in it (found by a tester: such a practice, current again, was listed as unchanged).
    let after: BTreeSet<String> = supersessions(new).map(|s| s.id).collect();
    let from_renamed: HashMap<&str, &str> = renamed
        .iter()
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    let gone: BTreeSet<&str> = removed.iter().map(String::as_str).collect();
    let mut no_longer_superseded: Vec<Superseded> = before
        .iter()
        .filter(|s| {
            let now = from_renamed
                .get(s.id.as_str())
                .copied()
                .unwrap_or(s.id.as_str());
            !gone.contains(s.id.as_str()) && published(now) && !after.contains(now)
        })
        .cloned()
        .collect();
    no_longer_superseded.dedup_by(|a, b| a.id == b.id);
    // A practice that became superseded, or no longer is, changed what the edition says of it.
    let moved = supersession_changed(&superseded, &no_longer_superseded);
    let unchanged = unchanged.iter().filter(|id| !moved.contains(**id)).count();

    ChangeSet {
        old: Side {
            edition: old.name.clone(),
            digest: old.digest.clone(),
        },
        new: Side {
            edition: new.name.clone(),
            digest: new.digest.clone(),
        },
        added,
        removed,
        left_out_as_duplicates,
        no_longer_left_out,
        renamed,
        modified,
        retired,
        superseded,
        no_longer_superseded,
        retagged,
        unchanged,
        chapters: chapter_changes(&old.taxonomy, &new.taxonomy),
    }
}
