//! Words of a text with their positions, lower-cased and stemmed, for lexicon matching.
//!
//! A token is a run of letters and digits (hyphens and apostrophes split words, so
//! `non-discrimination` is two tokens, as it is in the lexicon). Each token remembers whether a
//! sentence ended before it, which bounds the negation window.

use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::HashMap;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Lower-cased.
    pub lower: String,
    /// Stem of the lower-cased word (English Snowball).
    pub stem: String,
    /// A sentence (or clause: `.`, `!`, `?`, `;`, `:`, a line break) ended before this token.
    pub sentence_start: bool,
}

thread_local! {
    static STEMS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
}

/// The stem of a lower-cased word, cached per thread (a corpus has a small vocabulary).
pub fn stem(lower: &str) -> String {
    STEMS.with(|cache| {
        if let Some(s) = cache.borrow().get(lower) {
            return s.clone();
        }
        let s = STEMMER.with(|st| st.stem(lower).into_owned());
        let mut cache = cache.borrow_mut();
        if cache.len() > 200_000 {
            cache.clear();
        }
        cache.insert(lower.to_string(), s.clone());
        s
    })
}

/// Splits a text into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut boundary = true;
    let push = |s: usize, e: usize, boundary: &mut bool, tokens: &mut Vec<Token>| {
        let lower = text[s..e].to_lowercase();
        let stem = stem(&lower);
        tokens.push(Token {
            start: s,
            end: e,
            lower,
            stem,
            sentence_start: *boundary,
        });
        *boundary = false;
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else {
            if let Some(s) = start.take() {
                push(s, i, &mut boundary, &mut tokens);
            }
            if matches!(c, '.' | '!' | '?' | ';' | ':' | '\n') {
                boundary = true;
            }
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut boundary, &mut tokens);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stems_and_sentences() {
        let t = tokenize("Data is retained. Retention ends; non-discrimination");
        let stems: Vec<&str> = t.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(
            stems,
            ["data", "is", "retain", "retent", "end", "non", "discrimin"]
        );
        let starts: Vec<bool> = t.iter().map(|t| t.sentence_start).collect();
        assert_eq!(starts, [true, false, false, true, false, true, false]);
        assert_eq!(&"Data is retained"[t[2].start..t[2].end], "retained");
    }
}
