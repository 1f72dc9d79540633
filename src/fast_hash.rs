//! One hasher for the tool's own hash tables, whose keys are short words, small integers or
//! hashes already (shingles): SipHash, the standard library's default, guards against keys chosen
//! by an adversary to collide, which these are not, and its cost showed in tagging and in the
//! duplicate search.

use std::hash::BuildHasherDefault;

/// Bytes taken eight at a time, each word mixed in with one multiplication (a byte at a time,
/// as FNV does, made hashing a word the slowest step of looking it up); integers mixed in with
/// one multiplication.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

impl FastHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(MULTIPLIER).rotate_left(26);
    }
}

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        // The length goes in with the last bytes, so "a" and "a\0" differ.
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(word) ^ ((bytes.len() as u64) << 56));
    }
    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        // Spread over all 64 bits: the hash table takes its bucket from the low bits and a tag
        // from the high ones.
        self.0 = (self.0 ^ n).wrapping_mul(MULTIPLIER);
    }
}

/// Builds [`FastHasher`]s.
pub type FastBuild = BuildHasherDefault<FastHasher>;

/// A hash map with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastBuild>;

/// A hash set with [`FastHasher`].
pub type FastSet<T> = std::collections::HashSet<T, FastBuild>;
