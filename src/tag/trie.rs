//! Lexicon phrases as a trie of whole words.
//!
//! Every phrase is a sequence of words (stems, or words as written for case-sensitive terms).
//! Matching walks the trie from each word of a text, one hash lookup per word, and reports every
//! phrase that ends on the way: all matches, overlapping ones included, always on word
//! boundaries. A character automaton over the text did the same with more work per byte, and
//! needed the words laid out again as a string.

use rustc_hash::FxHashMap;

/// The id of a node; the root is 0. A phrase is identified by the node where it ends.
pub type Node = u32;

/// A trie of word sequences.
#[derive(Debug, Default, Clone)]
pub struct WordTrie {
    vocabulary: FxHashMap<String, u32>,
    edges: FxHashMap<u64, Node>,
    /// The root's edges again, by word id: every word of a text starts a walk there.
    from_root: Vec<Node>,
    /// Whether a phrase ends at each node.
    ends: Vec<bool>,
    /// For each first byte, which lengths words of the vocabulary starting with it have (bit
    /// `min(length, 63)`): most words of a text are ruled out by their first byte and length
    /// without a lookup.
    first_bytes: Vec<u64>,
}

impl WordTrie {
    /// An empty trie.
    pub fn new() -> WordTrie {
        WordTrie {
            ends: vec![false],
            ..WordTrie::default()
        }
    }

    fn edge(node: Node, word: u32) -> u64 {
        (u64::from(node) << 32) | u64::from(word)
    }

    /// Adds a phrase; returns the node where it ends (the same for the same words).
    pub fn insert<'w>(&mut self, words: impl IntoIterator<Item = &'w str>) -> Node {
        let mut node: Node = 0;
        for word in words {
            if let Some(&b) = word.as_bytes().first() {
                if self.first_bytes.is_empty() {
                    self.first_bytes = vec![0; 256];
                }
                self.first_bytes[usize::from(b)] |= length_bit(word);
            }
            let next_word = self.vocabulary.len() as u32;
            let id = *self.vocabulary.entry(word.to_string()).or_insert(next_word);
            let next_node = self.ends.len() as Node;
            node = *self
                .edges
                .entry(WordTrie::edge(node, id))
                .or_insert(next_node);
            if node == next_node {
                self.ends.push(false);
            }
        }
        self.from_root = vec![0; self.vocabulary.len()];
        for (&edge, &to) in &self.edges {
            if edge >> 32 == 0 {
                self.from_root[(edge & 0xFFFF_FFFF) as usize] = to;
            }
        }
        self.ends[node as usize] = true;
        node
    }

    /// How many nodes (an upper bound on phrase ids).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the trie holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.ends.len() == 1
    }

    /// The id of a word, if any phrase uses it.
    pub fn word(&self, word: &str) -> Option<u32> {
        let first = usize::from(*word.as_bytes().first()?);
        if self.first_bytes.get(first).copied().unwrap_or(0) & length_bit(word) == 0 {
            return None;
        }
        self.vocabulary.get(word).copied()
    }

    /// Calls `found(first, last, node)` for every phrase that appears in `words` (the word ids of
    /// a text, `None` for words no phrase uses), as the word positions it covers.
    pub fn find_all(&self, words: &[Option<u32>], mut found: impl FnMut(usize, usize, Node)) {
        for (first, word) in words.iter().enumerate() {
            // Node 0 is the root, never the end of an edge: 0 here means no edge.
            let Some(mut node) = word.map(|w| self.from_root[w as usize]).filter(|&n| n != 0)
            else {
                continue;
            };
            if self.ends[node as usize] {
                found(first, first, node);
            }
            for (last, word) in words.iter().enumerate().skip(first + 1) {
                let Some(word) = word else { break };
                let Some(&next) = self.edges.get(&WordTrie::edge(node, *word)) else {
                    break;
                };
                node = next;
                if self.ends[node as usize] {
                    found(first, last, node);
                }
            }
        }
    }
}

/// A word's length as one bit of a `u64` (63 for every length from 63 up).
fn length_bit(word: &str) -> u64 {
    1 << word.len().min(63)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_phrase_overlapping_ones_included() {
        let mut trie = WordTrie::new();
        let dp = trie.insert(["data", "protect"]);
        let dpia = trie.insert(["data", "protect", "impact", "assess"]);
        let ia = trie.insert(["impact", "assess"]);
        assert_eq!(trie.insert(["data", "protect"]), dp);
        let text = ["the", "data", "protect", "impact", "assess", "was"];
        let ids: Vec<Option<u32>> = text.iter().map(|w| trie.word(w)).collect();
        let mut found = Vec::new();
        trie.find_all(&ids, |a, b, n| found.push((a, b, n)));
        assert_eq!(found, [(1, 2, dp), (1, 4, dpia), (3, 4, ia)]);
    }

    proptest::proptest! {
        /// The first-byte and length filter never rules out a word of the vocabulary.
        #[test]
        fn every_word_of_the_vocabulary_is_found(
            words in proptest::collection::vec("[a-zA-Z0-9]{1,70}", 1..20),
            others in proptest::collection::vec("[a-zA-Z0-9]{1,70}", 0..20),
        ) {
            let mut trie = WordTrie::new();
            for w in &words {
                trie.insert([w.as_str()]);
            }
            for w in &words {
                proptest::prop_assert!(trie.word(w).is_some());
            }
            for w in &others {
                proptest::prop_assert_eq!(trie.word(w).is_some(), words.contains(w));
            }
        }
    }

    #[test]
    fn a_phrase_cut_short_is_not_found() {
        let mut trie = WordTrie::new();
        trie.insert(["impact", "assess"]);
        let ids: Vec<Option<u32>> = ["impact", "of", "assess"]
            .iter()
            .map(|w| trie.word(w))
            .collect();
        let mut found = 0;
        trie.find_all(&ids, |_, _, _| found += 1);
        assert_eq!(found, 0);
    }
}
