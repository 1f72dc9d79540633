//! The tagger's per-thread cache of stem ids: a corpus has a small vocabulary, and stemming a
//! word costs more than looking it up. Short words are keyed inline, and a table of recently seen
//! words is searched before the hash table of every word seen.

/// A lower-cased word of at most 23 bytes, kept inline, so that looking it up compares it in the
/// table itself instead of following a pointer to each candidate key (nearly every word fits):
/// its bytes in three little-endian words, zero-padded, the length in the top byte.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct ShortWord([u64; 3]);

impl ShortWord {
    pub(super) fn new(word: &str) -> Option<ShortWord> {
        let bytes = word.as_bytes();
        if bytes.len() > 23 {
            return None;
        }
        // Built a word at a time (copying the bytes into an array and reading it back as words
        // made the processor wait for the copy).
        let mut key = [0u64; 3];
        let mut chunks = bytes.chunks_exact(8);
        for (slot, chunk) in key.iter_mut().zip(&mut chunks) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(chunk);
            *slot = u64::from_le_bytes(eight);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let tail = rest
                .iter()
                .rev()
                .fold(0u64, |tail, &b| (tail << 8) | u64::from(b));
            key[bytes.len() / 8] = tail;
        }
        key[2] |= (bytes.len() as u64) << 56;
        Some(ShortWord(key))
    }

    /// The word, back as bytes (for tests).
    #[cfg(test)]
    pub(super) fn bytes(&self) -> Vec<u8> {
        let len = (self.0[2] >> 56) as usize;
        let mut all = Vec::with_capacity(24);
        for (i, w) in self.0.iter().enumerate() {
            let w = if i == 2 { w & ((1 << 56) - 1) } else { *w };
            all.extend_from_slice(&w.to_le_bytes());
        }
        all.truncate(len);
        all
    }
}

impl std::hash::Hash for ShortWord {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Two independent 128-bit products, each folded to 64 bits: every input bit reaches the
        // low bits the table picks a slot with, in the time of one multiplication.
        let fold = |a: u64, b: u64| {
            let product = u128::from(a) * u128::from(b);
            (product as u64) ^ ((product >> 64) as u64)
        };
        let [a, b, c] = self.0;
        state.write_u64(
            fold(a ^ 0x243F_6A88_85A3_08D3, b ^ 0x1319_8A2E_0370_7344)
                ^ fold(c ^ 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89),
        );
    }
}

impl ShortWord {
    /// A key no word has (its length byte says 255): marks an empty slot of [`RecentStemIds`].
    pub(super) const NONE: ShortWord = ShortWord([u64::MAX; 3]);

    /// A quick hash for picking a slot of [`RecentStemIds`].
    fn slot(&self) -> usize {
        let [a, b, c] = self.0;
        let product = u128::from(a ^ c.rotate_left(29)) * u128::from(b ^ 0x9E37_79B9_7F4A_7C15);
        ((product as u64) ^ ((product >> 64) as u64)) as usize
    }
}

/// Slots in [`RecentStemIds`]: 256 KiB, which stays in the processor's second-level cache.
const RECENT_SLOTS: usize = 8192;

/// The stem ids of recently seen short words, one per slot picked by hash, each replacing the
/// last: a text's frequent words are found here, in memory the processor holds close, before the
/// hash table of every word seen is searched.
struct RecentStemIds(Box<[(ShortWord, Option<u32>)]>);

impl Default for RecentStemIds {
    fn default() -> Self {
        RecentStemIds(vec![(ShortWord::NONE, None); RECENT_SLOTS].into_boxed_slice())
    }
}

/// Lower-cased word → id of its stem in a tagger's stem trie.
#[derive(Default)]
pub(super) struct StemIdCache {
    recent: RecentStemIds,
    short: crate::fast_hash::FastMap<ShortWord, Option<u32>>,
    long: crate::fast_hash::FastMap<String, Option<u32>>,
}

impl StemIdCache {
    pub(super) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub(super) fn get_or_insert_with(
        &mut self,
        word: &str,
        id: impl FnOnce() -> Option<u32>,
    ) -> Option<u32> {
        match ShortWord::new(word) {
            Some(key) => {
                let slot = &mut self.recent.0[key.slot() % RECENT_SLOTS];
                if slot.0 == key {
                    return slot.1;
                }
                let found = *self.short.entry(key).or_insert_with(id);
                *slot = (key, found);
                found
            }
            None => {
                if let Some(&found) = self.long.get(word) {
                    return found;
                }
                let found = id();
                self.long.insert(word.to_string(), found);
                found
            }
        }
    }
}
