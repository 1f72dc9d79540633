//! Word 3-shingles, their hashes, and one-permutation MinHash sketches banded for LSH.
//!
//! Comparing every pair of 100,000 practices is 5·10⁹ comparisons; instead each practice gets a
//! sketch, the sketch is cut into bands, and only practices that agree on a whole band become
//! candidates, each then re-checked exactly. One-permutation hashing (one hash per shingle, the
//! hash space split into bins, the minimum kept per bin, empty bins filled from their right-hand
//! neighbour) costs one pass over the shingles instead of one pass per permutation. All hashes are
//! fixed functions (no random seeds), so every run finds the same candidates.

/// Bins in a sketch.
pub const BINS: usize = 256;
/// Rows (bins) per band. With 85 bands of 3 rows, two practices whose shingle sets have a Jaccard
/// similarity of 0.40 become candidates with probability 0.996, and of 0.05 with 0.01.
pub const ROWS: usize = 3;
/// Bands per sketch.
pub const BANDS: usize = BINS / ROWS;

/// 64-bit finalizer (splitmix64): spreads the bits of a hash.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a's starting value.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte into an FNV-1a hash.
fn fnv_step(h: u64, byte: u8) -> u64 {
    (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
}

/// FNV-1a over bytes, then mixed.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    mix(bytes.iter().fold(FNV_OFFSET, |h, &b| fnv_step(h, b)))
}

/// The hashes of every 3-word shingle of `words` (fewer than three words: one shingle of all).
pub fn shingle_hashes<'a>(words: impl Iterator<Item = &'a str>) -> Vec<u64> {
    let word_hashes: Vec<u64> = words.map(|w| hash_bytes(w.as_bytes())).collect();
    if word_hashes.len() < 3 {
        return vec![mix(word_hashes
            .iter()
            .fold(0, |acc, h| acc.rotate_left(21) ^ h))];
    }
    word_hashes
        .windows(3)
        .map(|w| mix(w[0] ^ w[1].rotate_left(21) ^ w[2].rotate_left(42)))
        .collect()
}

/// A sketch's bins cut to their low byte: a quarter of the memory, for estimating agreement.
pub fn low_bytes(bins: &[u32; BINS]) -> [u8; BINS] {
    bins.map(|b| b as u8)
}

/// How many bins of two sketches (cut to their low byte) are equal.
pub fn equal_bins(a: &[u8; BINS], b: &[u8; BINS]) -> usize {
    // Summed as `u16` (at most 256), which the compiler does sixteen bins at a time.
    let equal: u16 = a.iter().zip(b).map(|(x, y)| u16::from(x == y)).sum();
    usize::from(equal)
}

/// The one-permutation MinHash sketch of a set of shingle hashes.
pub fn sketch(hashes: &[u64]) -> [u32; BINS] {
    let mut bins = SketchBins::new();
    for &h in hashes {
        bins.add(h);
    }
    bins.finish()
}

/// A [`sketch`] being filled a hash at a time, so that one pass over a practice's shingles can
/// fill two sketches (of all of them, and of those that are not boilerplate).
pub struct SketchBins {
    bins: [u32; BINS],
    filled: [bool; BINS],
}

impl Default for SketchBins {
    fn default() -> Self {
        SketchBins::new()
    }
}

impl SketchBins {
    /// No hash yet.
    pub fn new() -> SketchBins {
        SketchBins {
            bins: [u32::MAX; BINS],
            filled: [false; BINS],
        }
    }

    /// Adds one (mixed) shingle hash. An empty bin holds `u32::MAX`, so keeping the smaller
    /// value is right whether or not the bin was filled: no branch on which (a new minimum is a
    /// coin toss the processor cannot predict).
    pub fn add(&mut self, h: u64) {
        let bin = (h >> 56) as usize; // top 8 bits pick one of 256 bins
        let value = h as u32;
        self.bins[bin] = self.bins[bin].min(value);
        self.filled[bin] = true;
    }

    /// The sketch.
    pub fn finish(self) -> [u32; BINS] {
        let SketchBins { mut bins, filled } = self;
        if filled.iter().any(|f| *f) {
            // Densify: an empty bin borrows the next filled bin to its right, marked by the
            // distance, so two sketches agree on an empty bin only when they agree on what it
            // borrowed.
            for i in 0..BINS {
                if !filled[i] {
                    let mut d = 1;
                    while !filled[(i + d) % BINS] {
                        d += 1;
                    }
                    bins[i] = (mix(u64::from(bins[(i + d) % BINS]) ^ (d as u64) << 40)) as u32;
                }
            }
        }
        bins
    }
}

/// One key per band: equal keys mean equal bands (up to a 2⁻³² chance).
pub fn band_keys(sketch: &[u32; BINS]) -> Vec<u32> {
    (0..BANDS)
        .map(|b| {
            let rows = &sketch[b * ROWS..(b + 1) * ROWS];
            let mut h = b as u64;
            for r in rows {
                h = mix(h ^ u64::from(*r));
            }
            h as u32
        })
        .collect()
}

/// Size of the intersection of two sorted, deduplicated lists. Each step advances past the
/// smaller head (both when equal) by arithmetic on the comparison rather than by a branch: which
/// list moves is a coin toss the processor cannot predict.
pub fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The branch-free intersection counts what a set intersection counts.
        #[test]
        fn intersection_is_the_size_of_the_set_intersection(
            a in proptest::collection::btree_set(0u32..200, 0..80),
            b in proptest::collection::btree_set(0u32..200, 0..80),
        ) {
            let (va, vb): (Vec<u32>, Vec<u32>) = (a.iter().copied().collect(), b.iter().copied().collect());
            proptest::prop_assert_eq!(intersection(&va, &vb), a.intersection(&b).count());
        }
    }

    fn set(text: &str) -> Vec<u32> {
        let mut v: Vec<u32> = shingle_hashes(text.split(' '))
            .into_iter()
            .map(|h| h as u32)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn identical_texts_have_identical_sketches_and_bands() {
        let a = shingle_hashes("a b c d e f g".split(' '));
        assert_eq!(band_keys(&sketch(&a)), band_keys(&sketch(&a.clone())));
    }

    #[test]
    fn intersection_counts_common_items() {
        assert_eq!(intersection(&[1, 3, 5, 7], &[3, 4, 5, 8]), 2);
        let a = set("the data is kept for three years and then deleted");
        let b = set("the data is kept for five years and then deleted");
        // 8 shingles each, 5 in common.
        assert_eq!((a.len(), b.len(), intersection(&a, &b)), (8, 8, 5));
    }

    #[test]
    fn sketch_agreement_tracks_jaccard() {
        // Two sets sharing half their shingles agree on roughly a third of the bins (J = 1/3).
        let words: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
        let a = shingle_hashes(words[..2000].iter().map(String::as_str));
        let b = shingle_hashes(words[1000..].iter().map(String::as_str));
        let (sa, sb) = (sketch(&a), sketch(&b));
        let agree = sa.iter().zip(sb.iter()).filter(|(x, y)| x == y).count() as f64 / BINS as f64;
        assert!((agree - 1.0 / 3.0).abs() < 0.1, "{agree}");
    }
}
