//! Words of a text with their positions, lower-cased and stemmed, for lexicon matching.
//!
//! A token is a run of letters and digits (hyphens and apostrophes split words, so
//! `non-discrimination` is two tokens, as it is in the lexicon). Each token remembers whether a
//! sentence ended before it, which bounds the negation window. The stems and the words as written
//! are also laid out as ` w1 w2 … ` strings, so that one automaton pass finds every lexicon phrase
//! on whole-word boundaries. Everything lives in a few buffers per text: tagging a large corpus
//! must not allocate per word.

use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::HashMap;

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// A sentence (or clause: `.`, `!`, `?`, `;`, `:`, a line break) ended before this token.
    pub sentence_start: bool,
    lower: (u32, u32),
}

/// A text cut into tokens.
#[derive(Debug, Clone, Default)]
pub struct Tokenized {
    /// The tokens, in order.
    pub tokens: Vec<Token>,
    lower: String,
    /// ` stem1 stem2 … ` (leading and trailing space).
    pub stems: String,
    /// Where each token's stem starts in `stems`.
    pub stem_starts: Vec<usize>,
    /// ` Word1 Word2 … ` as written.
    pub exact: String,
    /// Where each token starts in `exact`.
    pub exact_starts: Vec<usize>,
}

impl Tokenized {
    /// The lower-cased word of token `i`.
    pub fn lower(&self, i: usize) -> &str {
        let (s, e) = self.tokens[i].lower;
        &self.lower[s as usize..e as usize]
    }

    /// How many tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// FNV-1a: the stem cache is keyed by short words, where SipHash's protection against crafted
/// keys is not needed and its cost shows.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
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
}

type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

thread_local! {
    static STEMS: RefCell<HashMap<String, String, FnvBuild>> = RefCell::new(HashMap::default());
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
}

/// Appends the stem of a lower-cased word, cached per thread (a corpus has a small vocabulary).
fn push_stem(lower: &str, out: &mut String) {
    STEMS.with(|cache| {
        if let Some(s) = cache.borrow().get(lower) {
            out.push_str(s);
            return;
        }
        let s = STEMMER.with(|st| st.stem(lower).into_owned());
        out.push_str(&s);
        let mut cache = cache.borrow_mut();
        // A bound on memory for corpora with an unusual vocabulary.
        if cache.len() > 200_000 {
            cache.clear();
        }
        cache.insert(lower.to_string(), s);
    })
}

/// The stem of one lower-cased word.
pub fn stem(lower: &str) -> String {
    let mut s = String::new();
    push_stem(lower, &mut s);
    s
}

/// Splits a text into tokens.
pub fn tokenize(text: &str) -> Tokenized {
    let mut t = Tokenized {
        lower: String::with_capacity(text.len()),
        stems: String::with_capacity(text.len() + 2),
        exact: String::with_capacity(text.len() + 2),
        ..Tokenized::default()
    };
    t.stems.push(' ');
    t.exact.push(' ');
    let mut start: Option<usize> = None;
    let mut boundary = true;
    let push = |s: usize, e: usize, boundary: &mut bool, t: &mut Tokenized| {
        let word = &text[s..e];
        let lower_start = t.lower.len();
        t.lower.push_str(word);
        if word.is_ascii() {
            t.lower[lower_start..].make_ascii_lowercase();
        } else {
            t.lower.truncate(lower_start);
            t.lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        let lower_end = t.lower.len();
        t.stem_starts.push(t.stems.len());
        push_stem(&t.lower[lower_start..lower_end], &mut t.stems);
        t.stems.push(' ');
        t.exact_starts.push(t.exact.len());
        t.exact.push_str(word);
        t.exact.push(' ');
        t.tokens.push(Token {
            start: s,
            end: e,
            sentence_start: *boundary,
            lower: (lower_start as u32, lower_end as u32),
        });
        *boundary = false;
    };
    if text.is_ascii() {
        // The common case, a byte at a time.
        for (i, b) in text.bytes().enumerate() {
            if b.is_ascii_alphanumeric() {
                if start.is_none() {
                    start = Some(i);
                }
            } else {
                if let Some(s) = start.take() {
                    push(s, i, &mut boundary, &mut t);
                }
                if matches!(b, b'.' | b'!' | b'?' | b';' | b':' | b'\n') {
                    boundary = true;
                }
            }
        }
        if let Some(s) = start {
            push(s, text.len(), &mut boundary, &mut t);
        }
        return t;
    }
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else {
            if let Some(s) = start.take() {
                push(s, i, &mut boundary, &mut t);
            }
            if matches!(c, '.' | '!' | '?' | ';' | ':' | '\n') {
                boundary = true;
            }
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut boundary, &mut t);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stems_and_sentences() {
        let t = tokenize("Data is retained. Retention ends; non-discrimination");
        assert_eq!(t.stems, " data is retain retent end non discrimin ");
        let starts: Vec<bool> = t.tokens.iter().map(|t| t.sentence_start).collect();
        assert_eq!(starts, [true, false, false, true, false, true, false]);
        assert_eq!(
            &"Data is retained"[t.tokens[2].start..t.tokens[2].end],
            "retained"
        );
        assert_eq!(t.lower(3), "retention");
        assert_eq!(
            t.exact,
            " Data is retained Retention ends non discrimination "
        );
        assert_eq!(&t.stems[t.stem_starts[2]..t.stem_starts[2] + 6], "retain");
    }
}
