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
    shingles_of_word_hashes(words.map(|w| hash_bytes(w.as_bytes())).collect())
}

/// [`shingle_hashes`] of the words of texts whose words are separated by spaces (folded texts),
/// in one pass over their bytes: each word is hashed as it is read instead of being cut out
/// first. The same hashes as [`shingle_hashes`] of the texts' non-empty space-separated words.
pub fn shingle_hashes_of_texts<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<u64> {
    let mut word_hashes = Vec::new();
    for text in texts {
        // About one word in five or six bytes: room enough, most of the time, not to copy.
        word_hashes.reserve(text.len() / 5);
        word_hashes_of_text(text.as_bytes(), &mut word_hashes);
    }
    shingles_of_word_hashes(word_hashes)
}

/// Texts shorter than this are hashed in one lane.
const MIN_TEXT_FOR_LANES: usize = 256;

/// One part of a text being hashed word by word (see [`word_hashes_of_text`]).
#[derive(Clone, Copy)]
struct Lane {
    /// The hash of the word being read.
    hash: u64,
    /// Whether a word is being read.
    in_word: bool,
    /// Where the next finished word's hash goes in the lanes' shared output.
    next: usize,
}

impl Lane {
    /// Reads one byte. The word's hash is written at every byte and kept (`next` moves on) only
    /// where a space ends a word: no branch for the processor to mispredict.
    #[inline(always)]
    fn step(&mut self, byte: u8, found: &mut [u64]) {
        let space = byte == b' ';
        found[self.next] = self.hash;
        self.next += usize::from(space & self.in_word);
        self.hash = if space {
            FNV_OFFSET
        } else {
            fnv_step(self.hash, byte)
        };
        self.in_word = !space;
    }

    /// Ends the part: keeps the last word, if the part does not end with a space.
    fn finish(&mut self, found: &mut [u64]) {
        if self.in_word {
            found[self.next] = self.hash;
            self.next += 1;
        }
    }
}

/// Appends the hash of each space-separated word of `text`. FNV-1a takes a multiplication per
/// byte, each waiting for the last, so a long text is cut at spaces into four parts whose words
/// are hashed side by side, a byte of each part per step, without a branch: the processor works
/// on four independent chains at once and never mispredicts a word's end.
fn word_hashes_of_text(text: &[u8], out: &mut Vec<u64>) {
    if text.len() < MIN_TEXT_FOR_LANES {
        // One lane: the same steps, a word after another.
        let mut found = vec![0u64; text.len() / 2 + 1];
        let mut lane = Lane {
            hash: FNV_OFFSET,
            in_word: false,
            next: 0,
        };
        for &byte in text {
            lane.step(byte, &mut found);
        }
        lane.finish(&mut found);
        out.extend(found[..lane.next].iter().map(|&h| mix(h)));
        return;
    }
    // Part k is text[bounds[k]..bounds[k + 1]]; every bound but the ends is a space, so no word
    // is cut.
    let mut bounds = [text.len(); 5];
    bounds[0] = 0;
    for k in 1..4 {
        let mut cut = (k * text.len() / 4).max(bounds[k - 1]);
        while cut < text.len() && text[cut] != b' ' {
            cut += 1;
        }
        bounds[k] = cut;
    }
    let parts: [&[u8]; 4] = std::array::from_fn(|k| &text[bounds[k]..bounds[k + 1]]);
    // Each part's words go to its own stretch of `found`: n bytes hold at most n / 2 + 1 words.
    let mut starts = [0usize; 4];
    for k in 1..4 {
        starts[k] = starts[k - 1] + parts[k - 1].len() / 2 + 1;
    }
    let mut found = vec![0u64; starts[3] + parts[3].len() / 2 + 1];
    let mut lanes = starts.map(|next| Lane {
        hash: FNV_OFFSET,
        in_word: false,
        next,
    });
    let [mut a, mut b, mut c, mut d] = lanes;
    let together = parts.iter().map(|p| p.len()).min().unwrap_or(0);
    for (((&x, &y), &z), &w) in parts[0][..together]
        .iter()
        .zip(&parts[1][..together])
        .zip(&parts[2][..together])
        .zip(&parts[3][..together])
    {
        a.step(x, &mut found);
        b.step(y, &mut found);
        c.step(z, &mut found);
        d.step(w, &mut found);
    }
    lanes = [a, b, c, d];
    for (k, lane) in lanes.iter_mut().enumerate() {
        for &byte in &parts[k][together..] {
            lane.step(byte, &mut found);
        }
        lane.finish(&mut found);
        out.extend(found[starts[k]..lane.next].iter().map(|&h| mix(h)));
    }
}

fn shingles_of_word_hashes(word_hashes: Vec<u64>) -> Vec<u64> {
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

/// A sketch's bins cut to their low byte, eight to a word, for estimating agreement quickly.
pub fn packed_bytes(bins: &[u32; BINS]) -> [u64; BINS / 8] {
    let mut words = [0u64; BINS / 8];
    for (word, chunk) in words.iter_mut().zip(bins.chunks_exact(8)) {
        let bytes: [u8; 8] = std::array::from_fn(|i| chunk[i] as u8);
        *word = u64::from_le_bytes(bytes);
    }
    words
}

/// How many bytes of two packed sketches are equal, eight at a time: a byte of `a ^ b` is zero
/// exactly when its high bit survives `!((x & 0x7f..) + 0x7f.. | x | 0x7f..)` (no carry crosses
/// a byte).
pub fn equal_bytes(a: &[u64], b: &[u64]) -> u32 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            let x = x ^ y;
            let high = !(((x & LOW7) + LOW7) | x | LOW7);
            high.count_ones()
        })
        .sum()
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

/// Below this many values, [`sort_and_dedup`] leaves the sort to the standard library.
const RADIX_SORT_MIN: usize = 64;

/// Sorts and deduplicates shingle hashes. A practice has hundreds of them, evenly spread over
/// the 32 bits: a radix sort ([`radix_sort_by_key`]) costs less than comparison sorting them.
pub fn sort_and_dedup(values: &mut Vec<u32>) {
    if values.len() < RADIX_SORT_MIN {
        values.sort_unstable();
    } else {
        radix_sort_by_key(values, |&v| v);
    }
    values.dedup();
}

/// Sorts `items` by a 32-bit key, keeping the order of items with equal keys: four counting
/// passes of a byte each, least significant first, each pass keeping the order of the one
/// before.
pub fn radix_sort_by_key<T: Copy + Default>(items: &mut Vec<T>, key: impl Fn(&T) -> u32) {
    let mut counts = [[0u32; 256]; 4];
    for item in items.iter() {
        let k = key(item);
        for (byte, count) in counts.iter_mut().enumerate() {
            count[((k >> (8 * byte)) & 0xFF) as usize] += 1;
        }
    }
    let mut to = vec![T::default(); items.len()];
    let mut from = std::mem::take(items);
    for (byte, count) in counts.iter().enumerate() {
        let mut next = [0u32; 256];
        let mut offset = 0;
        for (slot, &n) in next.iter_mut().zip(count) {
            *slot = offset;
            offset += n;
        }
        for &item in &from {
            let digit = ((key(&item) >> (8 * byte)) & 0xFF) as usize;
            to[next[digit] as usize] = item;
            next[digit] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    // Four passes: the sorted items are back in the caller's vector.
    *items = from;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Just;

    proptest::proptest! {
        /// Hashing words as their texts are read gives the shingles of the texts' words.
        #[test]
        fn shingles_of_texts_are_those_of_their_words(
            // Short texts (one lane) and long ones (four), runs of spaces, words cut at every
            // length, multi-byte letters.
            texts in proptest::collection::vec("[ ab\u{e9}]{0,30}|([a-z\u{e9}]{1,12} {1,3}){20,120}[ a]{0,3}", 0..4),
        ) {
            let words = texts.iter().flat_map(|t| t.split(' ').filter(|w| !w.is_empty()));
            proptest::prop_assert_eq!(
                shingle_hashes_of_texts(texts.iter().map(String::as_str)),
                shingle_hashes(words)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn equal_bytes_counts_as_a_byte_by_byte_comparison(
            a in proptest::collection::vec(proptest::num::u32::ANY, BINS),
            b in proptest::collection::vec(proptest::num::u32::ANY, BINS),
            same in proptest::collection::vec(proptest::bool::ANY, BINS),
        ) {
            let a: [u32; BINS] = a.try_into().unwrap();
            // Many bins equal, as in near duplicates, and some that differ only above the low byte.
            let b: [u32; BINS] = std::array::from_fn(|i| if same[i] { a[i] ^ (b[i] & 0xFF00) } else { b[i] });
            let naive = a.iter().zip(&b).filter(|(x, y)| **x as u8 == **y as u8).count() as u32;
            proptest::prop_assert_eq!(equal_bytes(&packed_bytes(&a), &packed_bytes(&b)), naive);
        }
    }

    proptest::proptest! {
        /// The radix sort sorts and deduplicates as the standard library does, at every length
        /// (short lists go to the standard sort), repeated values and extreme bytes included.
        #[test]
        fn sort_and_dedup_is_a_sort_and_a_dedup(
            values in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u32::ANY,
                    0u32..300,
                    proptest::sample::select(vec![0, u32::MAX, 0xFF00_00FF, 0x00FF_FF00]),
                ],
                0..400,
            ),
        ) {
            let mut expected = values.clone();
            expected.sort_unstable();
            expected.dedup();
            let mut sorted = values;
            sort_and_dedup(&mut sorted);
            proptest::prop_assert_eq!(sorted, expected);
        }

        /// The radix sort by key orders as a stable sort by that key does.
        #[test]
        fn radix_sort_by_key_is_a_stable_sort_by_key(
            keys in proptest::collection::vec(
                proptest::prop_oneof![proptest::num::u32::ANY, 0u32..8, Just(u32::MAX)],
                0..300,
            ),
        ) {
            let items: Vec<(u32, u32)> = keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|&(k, _)| k);
            let mut sorted = items;
            radix_sort_by_key(&mut sorted, |&(k, _)| k);
            proptest::prop_assert_eq!(sorted, expected);
        }

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
