//! Duplicate practices: exact copies (equal content hash) and near copies (similar word
//! 3-shingles), grouped into clusters, each naming the practice to keep.
//!
//! Near duplicates are judged on two scores over the sets of 3-word shingles of the content form
//! (title, summary, body text, recommendations): *Jaccard* (shared / all) catches rewordings, and
//! *containment* (shared / the smaller set) catches a practice copied whole inside a longer one.
//! Candidates come from MinHash LSH ([`sketch`]); every candidate is re-checked exactly, so no
//! pair below the thresholds is ever reported.

pub mod decisions;
pub mod explain;
pub mod sketch;

use crate::fast_hash::{FastMap, FastSet};
use crate::model::{Practice, Status};
use crate::normalize::{content_form, ContentForm, NormalizedPractice};
use decisions::{ordered, Decisions, Verdict};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Default Jaccard threshold: light rewordings (5–15 % of words changed) score 0.45–0.78 on
/// 3-shingles, unrelated practices on the same topics up to about 0.35.
pub const DEFAULT_JACCARD: f64 = 0.40;
/// Default containment threshold: most of the smaller practice appears in the larger one.
pub const DEFAULT_CONTAINMENT: f64 = 0.80;

/// Thresholds for near duplicates.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Minimum Jaccard similarity.
    pub jaccard: f64,
    /// Minimum containment.
    pub containment: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            jaccard: DEFAULT_JACCARD,
            containment: DEFAULT_CONTAINMENT,
        }
    }
}

/// What the duplicate finder keeps of one practice.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    /// Practice id.
    pub id: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// Editorial status (for the keep rule).
    pub status: Status,
    /// Submission date (for the keep rule).
    pub submitted: String,
    /// Content hash.
    pub content_sha256: String,
    /// Sorted, deduplicated shingle hashes.
    shingles: Vec<u32>,
}

/// The words of a practice's content form, in order.
pub fn content_words(practice: &Practice) -> Vec<String> {
    words_of_form(&content_form(practice))
        .map(str::to_string)
        .collect()
}

/// The words of an already computed content form, borrowed from it.
fn words_of_form(form: &ContentForm) -> impl Iterator<Item = &str> {
    form.texts().flat_map(space_separated)
}

/// The words of a folded text (single spaces between words, see
/// [`crate::normalize::text::fold_for_comparison`]), scanned a byte at a time: a search per
/// word for the next space costs more than the word.
fn space_separated(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < bytes.len() && bytes[start] == b' ' {
            start += 1;
        }
        if start >= bytes.len() {
            return None;
        }
        let mut end = start;
        while end < bytes.len() && bytes[end] != b' ' {
            end += 1;
        }
        // Cut at ASCII spaces only, so both ends are character boundaries.
        let word = text.get(start..end);
        start = end;
        word
    })
}

impl Fingerprint {
    /// Fingerprints a normalized practice.
    pub fn new(path: PathBuf, p: &NormalizedPractice) -> Fingerprint {
        Fingerprint::from_form(path, p, &content_form(&p.practice))
    }

    /// Fingerprints a normalized practice whose content form is already known
    /// ([`crate::normalize::normalize_with_form`]).
    pub fn from_form(path: PathBuf, p: &NormalizedPractice, form: &ContentForm) -> Fingerprint {
        Fingerprint::from_content(path, &p.practice, p.content_sha256.clone(), form)
    }

    /// A fingerprint for the exact-duplicate check only ([`exact_clusters`]): no shingles.
    pub fn exact_only(path: PathBuf, practice: &Practice, content_sha256: String) -> Fingerprint {
        Fingerprint {
            id: practice.id.clone(),
            path,
            status: practice.status,
            submitted: practice.submitted.clone(),
            content_sha256,
            shingles: Vec::new(),
        }
    }

    /// Fingerprints a practice from its content hash and form
    /// ([`crate::normalize::normalize_content`]).
    pub fn from_content(
        path: PathBuf,
        practice: &Practice,
        content_sha256: String,
        form: &ContentForm,
    ) -> Fingerprint {
        let hashes = sketch::shingle_hashes_of_texts(form.texts());
        let mut shingles: Vec<u32> = hashes.into_iter().map(|h| h as u32).collect();
        shingles.sort_unstable();
        shingles.dedup();
        Fingerprint {
            shingles,
            ..Fingerprint::exact_only(path, practice, content_sha256)
        }
    }
}

/// Exact or near.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClusterKind {
    /// Equal content hash.
    Exact,
    /// Similar above a threshold.
    Near,
}

/// Whether the editors have ruled on a cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClusterStatus {
    /// Exact copies need no decision.
    Automatic,
    /// Every pair of the cluster was judged a duplicate.
    Decided,
    /// Waiting for an editor.
    Undecided,
}

/// Two similar practices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// First id (the smaller).
    pub a: String,
    /// Second id.
    pub b: String,
    /// Shared shingles / all shingles.
    pub jaccard: f64,
    /// Shared shingles / shingles of the smaller practice.
    pub containment: f64,
}

/// A group of practices that are the same practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// Exact or near.
    pub kind: ClusterKind,
    /// The lowest score among the pairs that join the cluster (1.0 for exact).
    pub similarity: f64,
    /// Ids, sorted.
    pub members: Vec<String>,
    /// The practice to publish.
    pub keep: String,
    /// Whether an editor has ruled.
    pub status: ClusterStatus,
    /// The pairs found similar (near clusters only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<Pair>,
}

/// Rank for the keep rule: accepted before submitted before draft before retired.
fn status_rank(s: Status) -> u8 {
    match s {
        Status::Accepted => 0,
        Status::Submitted => 1,
        Status::Draft => 2,
        Status::Retired => 3,
    }
}

/// The documented keep rule: best status, then earliest submission, then smallest id.
pub fn keep_of<'a>(members: impl Iterator<Item = &'a Fingerprint>) -> Option<&'a Fingerprint> {
    members.min_by(|a, b| {
        (status_rank(a.status), &a.submitted, &a.id).cmp(&(
            status_rank(b.status),
            &b.submitted,
            &b.id,
        ))
    })
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The exact-duplicate clusters only: practices with the same content hash. Enough to know which
/// practices an edition leaves out when no editor has judged a near pair a duplicate (undecided
/// near duplicates stay in), as the coverage report needs.
pub fn exact_clusters(prints: &[Fingerprint]) -> Vec<Cluster> {
    let mut clusters = exact_groups(prints).0;
    sort_clusters(&mut clusters);
    clusters
}

/// Exact clusters, each practice's group representative, and the representatives.
fn exact_groups(prints: &[Fingerprint]) -> (Vec<Cluster>, Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..prints.len()).collect();
    order.sort_by(|&a, &b| prints[a].id.cmp(&prints[b].id));
    let mut clusters = Vec::new();
    // Group by content hash; one representative per group goes on to the near search.
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in &order {
        groups
            .entry(prints[i].content_sha256.as_str())
            .or_default()
            .push(i);
    }
    let mut representative_of = vec![0usize; prints.len()];
    let mut representatives = Vec::with_capacity(groups.len());
    for members in groups.values() {
        for &m in members {
            representative_of[m] = members[0];
        }
        representatives.push(members[0]);
        if members.len() > 1 {
            let keep = keep_of(members.iter().map(|&i| &prints[i]))
                .map(|f| f.id.clone())
                .unwrap_or_default();
            clusters.push(Cluster {
                kind: ClusterKind::Exact,
                similarity: 1.0,
                members: members.iter().map(|&i| prints[i].id.clone()).collect(),
                keep,
                status: ClusterStatus::Automatic,
                pairs: Vec::new(),
            });
        }
    }

    (clusters, representative_of, representatives)
}

fn sort_clusters(clusters: &mut [Cluster]) {
    clusters.sort_by(|a, b| {
        (&a.members[0], a.kind == ClusterKind::Near)
            .cmp(&(&b.members[0], b.kind == ClusterKind::Near))
    });
}

/// Finds every cluster. Output is sorted and does not depend on input order.
pub fn find_clusters(
    prints: &[Fingerprint],
    thresholds: Thresholds,
    decisions: &Decisions,
) -> Vec<Cluster> {
    let (mut clusters, representative_of, representatives) = exact_groups(prints);

    // Near: LSH candidates among representatives, each re-checked exactly.
    let pairs = near_pairs(prints, &representatives, thresholds);
    let by_pair = decisions.by_pair();
    let mut parent: HashMap<usize, usize> = HashMap::new();
    fn find(parent: &mut HashMap<usize, usize>, x: usize) -> usize {
        let p = *parent.get(&x).unwrap_or(&x);
        if p == x {
            return x;
        }
        let root = find(parent, p);
        parent.insert(x, root);
        root
    }
    let mut kept_pairs = Vec::new();
    for (a, b, jaccard, containment) in pairs {
        let key = ordered(&prints[a].id, &prints[b].id);
        if by_pair
            .get(&key)
            .is_some_and(|d| d.decision == Verdict::Distinct)
        {
            continue;
        }
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
        kept_pairs.push((a, b, jaccard, containment));
    }
    let mut components: BTreeMap<usize, Vec<(usize, usize, f64, f64)>> = BTreeMap::new();
    for p in kept_pairs {
        let root = find(&mut parent, p.0);
        components.entry(root).or_default().push(p);
    }
    // Each exact group's practices, by representative (a scan of every practice per cluster
    // took about half a second at 100,000 practices with 5 % duplicates).
    let mut group_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &r) in representative_of.iter().enumerate() {
        if r != i {
            group_of.entry(r).or_default().push(i);
        }
    }
    for edges in components.into_values() {
        let mut reps: Vec<usize> = edges.iter().flat_map(|e| [e.0, e.1]).collect();
        reps.sort_unstable();
        reps.dedup();
        // Members: every practice of the joined exact groups.
        let mut members: Vec<usize> = reps
            .iter()
            .flat_map(|r| std::iter::once(*r).chain(group_of.get(r).into_iter().flatten().copied()))
            .collect();
        members.sort_by(|&x, &y| prints[x].id.cmp(&prints[y].id));
        let mut pairs: Vec<Pair> = edges
            .iter()
            .map(|&(a, b, j, c)| {
                let (x, y) = ordered(&prints[a].id, &prints[b].id);
                Pair {
                    a: x,
                    b: y,
                    jaccard: round3(j),
                    containment: round3(c),
                }
            })
            .collect();
        pairs.sort_by(|p, q| (&p.a, &p.b).cmp(&(&q.a, &q.b)));
        let decided: Vec<_> = pairs
            .iter()
            .map(|p| by_pair.get(&(p.a.clone(), p.b.clone())).copied())
            .collect();
        let all_decided = decided
            .iter()
            .all(|d| d.is_some_and(|d| d.decision == Verdict::Duplicate));
        let chosen = decided.iter().flatten().find_map(|d| d.keep.clone());
        let keep = match chosen.filter(|k| members.iter().any(|&m| &prints[m].id == k)) {
            Some(k) if all_decided => k,
            _ => keep_of(members.iter().map(|&i| &prints[i]))
                .map(|f| f.id.clone())
                .unwrap_or_default(),
        };
        let similarity = pairs
            .iter()
            .map(|p| p.jaccard.max(p.containment))
            .fold(1.0, f64::min);
        clusters.push(Cluster {
            kind: ClusterKind::Near,
            similarity,
            members: members.iter().map(|&i| prints[i].id.clone()).collect(),
            keep,
            status: if all_decided {
                ClusterStatus::Decided
            } else {
                ClusterStatus::Undecided
            },
            pairs,
        });
    }
    // Overlapping settled clusters name the same survivor (an editor's choice wins).
    let dropped = dropped_ids(&clusters);
    for c in clusters
        .iter_mut()
        .filter(|c| c.status != ClusterStatus::Undecided)
    {
        if let Some(kept) = dropped.get(&c.keep) {
            c.keep = kept.clone();
        }
    }
    sort_clusters(&mut clusters);
    clusters
}

/// Shingles that appear in this share of practices or more are boilerplate (template sentences,
/// standard phrases): they make unrelated practices look alike to the candidate search, so the
/// search ignores them. Exact similarity is still measured on every shingle.
const BOILERPLATE_SHARE: f64 = 0.01;
/// How many practices the boilerplate estimate samples (evenly, in id order).
const BOILERPLATE_SAMPLE: usize = 8192;
/// Below this many practices, nothing is boilerplate (a small corpus has no templates to speak of,
/// and a shingle shared by a few practices is exactly what a duplicate looks like).
const BOILERPLATE_MIN_CORPUS: usize = 200;
/// A practice with fewer distinctive shingles than this is searched with all of them.
const MIN_DISTINCTIVE_SHINGLES: usize = 16;

/// The shingles found in at least [`BOILERPLATE_SHARE`] of a sample of the practices (and in at
/// least 8 of them).
fn boilerplate_shingles(prints: &[Fingerprint], reps: &[usize]) -> FastSet<u32> {
    let mut set = FastSet::default();
    if reps.len() < BOILERPLATE_MIN_CORPUS {
        return set;
    }
    let step = reps.len().div_ceil(BOILERPLATE_SAMPLE);
    let sample: Vec<usize> = reps.iter().step_by(step).copied().collect();
    let mut df: FastMap<u32, u32> = FastMap::default();
    for &i in &sample {
        for &h in &prints[i].shingles {
            *df.entry(h).or_insert(0) += 1;
        }
    }
    let limit = ((sample.len() as f64 * BOILERPLATE_SHARE).ceil() as u32).max(8);
    set.extend(df.into_iter().filter(|&(_, n)| n >= limit).map(|(h, _)| h));
    set
}

/// Buckets holding more practices than this are not paired (see `near_pairs`): a group of true
/// duplicates is a handful of practices, and they share many bands besides.
const MAX_BUCKET: usize = 16;

/// How far below the Jaccard threshold a sketch estimate may fall and the pair still be counted
/// exactly (the estimate's standard error over 256 bins is at most 0.031; this is over 4 of them).
const ESTIMATE_MARGIN: f64 = 0.13;
/// A pair whose estimate is at least this is counted exactly whatever the Jaccard threshold, so
/// that containment can still be measured (a practice inside one up to about 4 times longer).
const MIN_ESTIMATE_FOR_CONTAINMENT: f64 = 0.2;

/// Candidate pairs from LSH buckets, re-checked exactly; `(a, b, jaccard, containment)`.
/// One band's buckets that can pair practices: those of two to [`MAX_BUCKET`] practices (a
/// bucket of one pairs nothing; a larger one is not paired). Kept compact, since there is one per
/// band: each such bucket's practices side by side, and for each practice the bucket it is in.
struct Buckets {
    /// The practices of each bucket, bucket after bucket.
    members: Vec<u32>,
    /// Where each bucket starts in `members`, and where the last one ends.
    starts: Vec<u32>,
    /// Per practice: its bucket, or `NO_BUCKET`.
    bucket_of: Vec<u32>,
}

const NO_BUCKET: u32 = u32::MAX;

impl Buckets {
    fn new(keys: impl Iterator<Item = u32>) -> Buckets {
        let mut keyed: Vec<(u32, u32)> = keys.enumerate().map(|(d, k)| (k, d as u32)).collect();
        keyed.sort_unstable();
        let mut buckets = Buckets {
            members: Vec::new(),
            starts: vec![0],
            bucket_of: vec![NO_BUCKET; keyed.len()],
        };
        let mut start = 0;
        while start < keyed.len() {
            let mut end = start + 1;
            while end < keyed.len() && keyed[end].0 == keyed[start].0 {
                end += 1;
            }
            if (2..=MAX_BUCKET).contains(&(end - start)) {
                let id = (buckets.starts.len() - 1) as u32;
                for &(_, d) in &keyed[start..end] {
                    buckets.bucket_of[d as usize] = id;
                    buckets.members.push(d);
                }
                buckets.starts.push(buckets.members.len() as u32);
            }
            start = end;
        }
        buckets
    }

    /// The practices after `d` in `d`'s bucket.
    fn after(&self, d: u32) -> impl Iterator<Item = u32> + '_ {
        let members = match self.bucket_of[d as usize] {
            NO_BUCKET => &[][..],
            b => {
                &self.members
                    [self.starts[b as usize] as usize..self.starts[b as usize + 1] as usize]
            }
        };
        members.iter().copied().filter(move |&other| other > d)
    }
}

fn near_pairs(
    prints: &[Fingerprint],
    reps: &[usize],
    t: Thresholds,
) -> Vec<(usize, usize, f64, f64)> {
    let boilerplate =
        crate::timing::stage("dedup: boilerplate", || boilerplate_shingles(prints, reps));
    // Per representative (by its position `d` in `reps`): band keys of its distinctive shingles
    // (for the search) and the sketch of all its shingles (to estimate a candidate pair before the
    // exact count). Dense positions keep the hot loops free of hashing.
    // The estimating sketch is kept as 8-bit values: a quarter of the memory and memory traffic
    // of the hot loop below (4 million estimates at 100,000 practices), for a chance of 1 in 256
    // that two different values agree in a bin. That can only raise an estimate, so it lets more
    // pairs through to the exact count, which alone decides; it never loses a pair.
    let sketched: Vec<(Vec<u32>, Box<[u64; sketch::BINS / 8]>)> =
        crate::timing::stage("dedup: sketches", || {
            reps.par_iter()
                .map(|&i| {
                    let all: Vec<u64> = prints[i]
                        .shingles
                        .iter()
                        .map(|&h| sketch::mix(u64::from(h)))
                        .collect();
                    let kept: Vec<u64> = prints[i]
                        .shingles
                        .iter()
                        .filter(|h| !boilerplate.contains(h))
                        .map(|&h| sketch::mix(u64::from(h)))
                        .collect();
                    let search = if kept.len() < MIN_DISTINCTIVE_SHINGLES {
                        &all
                    } else {
                        &kept
                    };
                    (
                        sketch::band_keys(&sketch::sketch(search)),
                        Box::new(sketch::packed_bytes(&sketch::sketch(&all))),
                    )
                })
                .collect()
        });
    // Each band's keys in order, practices with the same key side by side: a bucket. Each
    // practice then gathers the practices after it that share one of its buckets (a bucket
    // shared by very many practices is template text that survived the filter: pairing all of
    // them would be quadratic and find nothing, since duplicates share many bands and their
    // other bands fall in small buckets), and keeps those whose sketches agree enough. Gathered
    // per practice, the pairs come out in order and each once, without sorting them all.
    let buckets: Vec<Buckets> = crate::timing::stage("dedup: candidates", || {
        (0..sketch::BANDS)
            .into_par_iter()
            .map(|band| Buckets::new(sketched.iter().map(|(bands, _)| bands[band])))
            .collect()
    });
    let (candidate_count, likely): (usize, Vec<(u32, u32)>) =
        crate::timing::stage("dedup: estimates", || {
            let per_practice: Vec<(usize, Vec<(u32, u32)>)> = (0..sketched.len() as u32)
                .into_par_iter()
                .map(|da| {
                    let mut partners: Vec<u32> = buckets.iter().flat_map(|b| b.after(da)).collect();
                    partners.sort_unstable();
                    partners.dedup();
                    let ka = &sketched[da as usize].1;
                    let likely = partners
                        .iter()
                        .filter(|&&db| {
                            let kb = &sketched[db as usize].1;
                            let agree =
                                sketch::equal_bytes(&ka[..], &kb[..]) as f64 / sketch::BINS as f64;
                            agree >= t.jaccard - ESTIMATE_MARGIN
                                || agree >= MIN_ESTIMATE_FOR_CONTAINMENT
                        })
                        .map(|&db| (da, db))
                        .collect();
                    (partners.len(), likely)
                })
                .collect();
            let count = per_practice.iter().map(|(n, _)| n).sum();
            let likely = per_practice.into_iter().flat_map(|(_, l)| l).collect();
            (count, likely)
        });
    let likely_count = likely.len();
    let mut pairs: Vec<(usize, usize, f64, f64)> =
        crate::timing::stage("dedup: exact check", || {
            likely
                .par_iter()
                .filter_map(|&(da, db)| {
                    let (a, b) = (reps[da as usize], reps[db as usize]);
                    let (sa, sb) = (&prints[a].shingles, &prints[b].shingles);
                    let shared = sketch::intersection(sa, sb) as f64;
                    let union = (sa.len() + sb.len()) as f64 - shared;
                    let jaccard = if union > 0.0 { shared / union } else { 1.0 };
                    let smaller = sa.len().min(sb.len()).max(1) as f64;
                    let containment = shared / smaller;
                    (jaccard >= t.jaccard || containment >= t.containment).then_some((
                        a,
                        b,
                        jaccard,
                        containment,
                    ))
                })
                .collect()
        });
    crate::timing::note(|| format!("dedup: {likely_count} pairs counted exactly"));
    crate::timing::note(|| format!("dedup: {candidate_count} candidate pairs"));
    pairs.sort_by(|x, y| {
        (&prints[x.0].id, &prints[x.1].id).cmp(&(&prints[y.0].id, &prints[y.1].id))
    });
    pairs
}

/// The ids `build` leaves out, each with the id published instead. Exact clusters and decided
/// near clusters that share members are settled together, so one practice survives per group:
/// the editors' choice when they made one, the keep rule otherwise.
pub fn dropped_ids(clusters: &[Cluster]) -> BTreeMap<String, String> {
    let settled: Vec<&Cluster> = clusters
        .iter()
        .filter(|c| c.status != ClusterStatus::Undecided)
        .collect();
    // Group settled clusters that share a member.
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (ci, c) in settled.iter().enumerate() {
        let mut joined: Vec<usize> = c
            .members
            .iter()
            .filter_map(|m| group_of.get(m.as_str()).copied())
            .collect();
        joined.sort_unstable();
        joined.dedup();
        let target = match joined.first() {
            Some(&g) => g,
            None => {
                groups.push(Vec::new());
                groups.len() - 1
            }
        };
        for &g in joined.iter().skip(1) {
            let moved = std::mem::take(&mut groups[g]);
            groups[target].extend(moved);
        }
        groups[target].push(ci);
        for (_, g) in group_of.iter_mut() {
            if joined.contains(g) {
                *g = target;
            }
        }
        for m in &c.members {
            group_of.insert(m, target);
        }
    }
    let mut dropped = BTreeMap::new();
    for group in groups.into_iter().filter(|g| !g.is_empty()) {
        let chosen = group
            .iter()
            .map(|&ci| settled[ci])
            .find(|c| c.kind == ClusterKind::Near)
            .or_else(|| group.first().map(|&ci| settled[ci]))
            .map(|c| c.keep.clone())
            .unwrap_or_default();
        for &ci in &group {
            for m in &settled[ci].members {
                if m != &chosen {
                    dropped.insert(m.clone(), chosen.clone());
                }
            }
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only buckets of two to MAX_BUCKET practices pair them, each practice with those after it.
    #[test]
    fn buckets_pair_practices_after_them_in_small_buckets_only() {
        // Practices 0..=2 share key 7; 3 is alone; the last MAX_BUCKET + 1 share key 9.
        let mut keys = vec![7, 7, 7, 1];
        keys.extend(std::iter::repeat_n(9, MAX_BUCKET + 1));
        let buckets = Buckets::new(keys.iter().copied());
        assert_eq!(buckets.after(0).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(buckets.after(1).collect::<Vec<_>>(), [2]);
        assert_eq!(buckets.after(2).count(), 0);
        assert_eq!(buckets.after(3).count(), 0);
        assert_eq!(buckets.after(4).count(), 0);
        assert_eq!(buckets.members, [0, 1, 2]);
    }

    proptest::proptest! {
        #[test]
        fn space_separated_words_are_those_of_a_split(s in "[ a\u{e9}b\u{1F600}]{0,40}") {
            let expected: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
            proptest::prop_assert_eq!(space_separated(&s).collect::<Vec<_>>(), expected);
        }
    }

    fn cluster(kind: ClusterKind, status: ClusterStatus, members: &[&str], keep: &str) -> Cluster {
        Cluster {
            kind,
            similarity: 1.0,
            members: members.iter().map(|m| m.to_string()).collect(),
            keep: keep.into(),
            status,
            pairs: Vec::new(),
        }
    }

    #[test]
    fn one_practice_survives_when_exact_and_decided_clusters_overlap() {
        let clusters = [
            cluster(
                ClusterKind::Exact,
                ClusterStatus::Automatic,
                &["a", "a-copy"],
                "a-copy",
            ),
            cluster(
                ClusterKind::Near,
                ClusterStatus::Decided,
                &["a", "a-copy", "a-reworded"],
                "a",
            ),
            cluster(
                ClusterKind::Near,
                ClusterStatus::Undecided,
                &["b", "c"],
                "b",
            ),
        ];
        let dropped = dropped_ids(&clusters);
        assert_eq!(
            dropped.into_iter().collect::<Vec<_>>(),
            [
                ("a-copy".to_string(), "a".to_string()),
                ("a-reworded".to_string(), "a".to_string())
            ]
        );
    }
}
