//! The near-duplicate search: template shingles left out, one-permutation MinHash sketches cut
//! into bands, candidate pairs from small buckets, a sketch estimate, then the exact count.

use super::{sketch, Fingerprint, Thresholds};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

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
fn boilerplate_shingles(prints: &[Fingerprint], reps: &[usize]) -> FxHashSet<u32> {
    if reps.len() < BOILERPLATE_MIN_CORPUS {
        return FxHashSet::default();
    }
    let step = reps.len().div_ceil(BOILERPLATE_SAMPLE);
    let sample: Vec<usize> = reps.iter().step_by(step).copied().collect();
    let mut df: FxHashMap<u32, u32> = FxHashMap::default();
    for &i in &sample {
        for &h in &prints[i].shingles {
            *df.entry(h).or_insert(0) += 1;
        }
    }
    let limit = ((sample.len() as f64 * BOILERPLATE_SHARE).ceil() as u32).max(8);
    let set: FxHashSet<u32> = df
        .into_iter()
        .filter(|&(_, n)| n >= limit)
        .map(|(h, _)| h)
        .collect();
    crate::timing::note(|| format!("dedup: {} boilerplate shingles", set.len()));
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
        // Sorted by key, practices in order within a key.
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

/// Candidate pairs from LSH buckets, re-checked exactly; `(a, b, jaccard, containment)`.
pub(super) fn near_pairs(
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
    let sketched: Vec<(Vec<u32>, [u8; sketch::BINS])> =
        crate::timing::stage("dedup: sketches", || {
            reps.par_iter()
                .map(|&i| {
                    // One pass: every shingle into the sketch of all, the distinctive ones into
                    // the sketch the search uses.
                    let mut all = sketch::SketchBins::new();
                    let mut distinctive = sketch::SketchBins::new();
                    let mut distinctive_count = 0;
                    for &h in &prints[i].shingles {
                        let mixed = sketch::mix(u64::from(h));
                        all.add(mixed);
                        if !boilerplate.contains(&h) {
                            distinctive.add(mixed);
                            distinctive_count += 1;
                        }
                    }
                    let all = all.finish();
                    let search = if distinctive_count < MIN_DISTINCTIVE_SHINGLES {
                        sketch::band_keys(&all)
                    } else {
                        sketch::band_keys(&distinctive.finish())
                    };
                    (search, sketch::low_bytes(&all))
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
            // A practice met in several of `da`'s buckets is estimated once.
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
                            let agree = sketch::equal_bins(ka, kb) as f64 / sketch::BINS as f64;
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
}
