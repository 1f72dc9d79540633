//! One hasher for the tool's own hash tables, whose keys are short words, small integers or
//! hashes already (shingles): SipHash, the standard library's default, guards against keys chosen
//! by an adversary to collide, which these are not, and its cost showed in tagging and in the
//! duplicate search.

use std::hash::BuildHasherDefault;

/// FNV-1a over bytes; integers mixed in with one multiplication.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
        self.0 = h;
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        // Spread over all 64 bits: the hash table takes its bucket from the low bits and a tag
        // from the high ones.
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Builds [`FastHasher`]s.
pub type FastBuild = BuildHasherDefault<FastHasher>;

/// A hash map with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastBuild>;

/// A hash set with [`FastHasher`].
pub type FastSet<T> = std::collections::HashSet<T, FastBuild>;
