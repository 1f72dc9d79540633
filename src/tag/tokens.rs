//! Words of a text with their positions, lower-cased and stemmed, for lexicon matching.
//!
//! A token is a run of letters and digits (hyphens and apostrophes split words, so
//! `non-discrimination` is two tokens, as it is in the lexicon). Each token remembers whether a
//! sentence ended before it, which bounds the negation window, and its lower-cased form and stem.
//! Everything lives in a few buffers per text: tagging a large corpus must not allocate per word.

use rust_stemmers::{Algorithm, Stemmer};

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
    /// The word negates (see [`super::NEGATIONS`]; `t` after a word ending in `n`, as in
    /// "wasn't", too). Worked out once here rather than for every match near it.
    pub negation: bool,
}

/// A text cut into tokens.
#[derive(Debug, Clone, Default)]
pub struct Tokenized {
    /// The tokens, in order.
    pub tokens: Vec<Token>,
    /// The lower-cased words with one space between them: each token's lower-cased form is a
    /// range of it, and the whole is [`Tokenized::folded`].
    lower: String,
}

impl Tokenized {
    /// The lower-cased word of token `i`.
    pub fn lower(&self, i: usize) -> &str {
        self.word_lower(&self.tokens[i])
    }

    /// How many tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The lower-cased words with one space between them. For an ASCII text this is exactly
    /// [`crate::normalize::text::fold_for_comparison`] of it (tested): both keep the runs of
    /// letters and digits, lower-cased.
    pub fn folded(&self) -> String {
        self.lower.clone()
    }
}

thread_local! {
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
}

/// The stem of one lower-cased word (Snowball English).
pub fn stem(lower: &str) -> String {
    STEMMER.with(|st| st.stem(lower).into_owned())
}

/// Splits a text into tokens.
pub fn tokenize(text: &str) -> Tokenized {
    if text.is_ascii() {
        tokenize_ascii(text)
    } else {
        tokenize_unicode(text)
    }
}

impl Tokenized {
    fn word_lower(&self, token: &Token) -> &str {
        &self.lower[token.lower.0 as usize..token.lower.1 as usize]
    }
}

/// The token for the word at `start..end` of a text, whose lower-cased form is at `lower_range`
/// of `lower`, after `tokens`; works out whether it negates (see [`Token::negation`]).
fn token(
    tokens: &[Token],
    lower: &[u8],
    (start, end): (usize, usize),
    sentence_start: bool,
    lower_range: (usize, usize),
) -> Token {
    let word = &lower[lower_range.0..lower_range.1];
    let negation = super::is_negation_bytes(word)
        || (word == b"t"
            && tokens
                .last()
                .is_some_and(|p| lower[..p.lower.1 as usize].ends_with(b"n")));
    Token {
        start,
        end,
        sentence_start,
        negation,
        lower: (lower_range.0 as u32, lower_range.1 as u32),
    }
}

/// Calls `word(start, end, sentence_start)` for each run of word characters (`is_word`) of a text
/// given as its characters with their byte offsets, `len` bytes long. `.`, `!`, `?`, `;`, `:` and
/// line breaks end a sentence (or clause).
fn scan_words(
    chars: impl Iterator<Item = (usize, char)>,
    len: usize,
    is_word: impl Fn(char) -> bool,
    mut word: impl FnMut(usize, usize, bool),
) {
    let mut start: Option<usize> = None;
    let mut boundary = true;
    for (i, c) in chars {
        if is_word(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else {
            if let Some(s) = start.take() {
                word(s, i, boundary);
                boundary = false;
            }
            if matches!(c, '.' | '!' | '?' | ';' | ':' | '\n') {
                boundary = true;
            }
        }
    }
    if let Some(s) = start {
        word(s, len, boundary);
    }
}

/// The common case: each word's bytes are lower-cased as they are read, into the folded text.
fn tokenize_ascii(text: &str) -> Tokenized {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 5);
    // Words with one space between them are never longer than the text: the folded text is
    // written into a buffer of the text's length by position (the position stays in a register,
    // where pushing would update the vector's length in memory at every byte), then cut to size.
    let mut lower = vec![0u8; text.len()];
    let mut len = 0;
    // What `scan_words` does, a byte at a time, each word's bytes copied in one tight loop.
    let mut boundary = true;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            let start = i;
            if len > 0 {
                lower[len] = b' ';
                len += 1;
            }
            let lower_start = len;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                lower[len] = bytes[i].to_ascii_lowercase();
                len += 1;
                i += 1;
            }
            let t = token(&tokens, &lower, (start, i), boundary, (lower_start, len));
            tokens.push(t);
            boundary = false;
        } else {
            if matches!(bytes[i], b'.' | b'!' | b'?' | b';' | b':' | b'\n') {
                boundary = true;
            }
            i += 1;
        }
    }
    lower.truncate(len);
    Tokenized {
        tokens,
        // ASCII letters and digits, and spaces.
        lower: String::from_utf8(lower).unwrap_or_default(),
    }
}

/// Any text: each word lower-cased on its own (a lower-cased letter may take more or fewer bytes).
fn tokenize_unicode(text: &str) -> Tokenized {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut lower = String::with_capacity(text.len());
    scan_words(
        text.char_indices(),
        text.len(),
        char::is_alphanumeric,
        |s, e, sentence_start| {
            if !lower.is_empty() {
                lower.push(' ');
            }
            let lower_start = lower.len();
            lower.extend(text[s..e].chars().flat_map(char::to_lowercase));
            let t = token(
                &tokens,
                lower.as_bytes(),
                (s, e),
                sentence_start,
                (lower_start, lower.len()),
            );
            tokens.push(t);
        },
    );
    Tokenized { tokens, lower }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stems_and_sentences() {
        let t = tokenize("Data is retained. Retention ends; non-discrimination");
        let stems: Vec<String> = (0..t.len()).map(|i| stem(t.lower(i))).collect();
        assert_eq!(
            stems,
            ["data", "is", "retain", "retent", "end", "non", "discrimin"]
        );
        let starts: Vec<bool> = t.tokens.iter().map(|t| t.sentence_start).collect();
        assert_eq!(starts, [true, false, false, true, false, true, false]);
        assert_eq!(
            &"Data is retained"[t.tokens[2].start..t.tokens[2].end],
            "retained"
        );
        assert_eq!(t.lower(3), "retention");
    }

    proptest::proptest! {
        /// The one-pass lower-casing of ASCII text cuts and reads every word as the general path.
        #[test]
        fn ascii_text_reads_as_in_the_general_path(
            text in "([A-Za-z0-9]{1,9}|[ .;:!?'\n-]{1,3}|no|NOT|wasn't|Never){0,40}"
        ) {
            let fast = tokenize_ascii(&text);
            let general = tokenize_unicode(&text);
            proptest::prop_assert_eq!(fast.len(), general.len());
            for i in 0..fast.len() {
                let (a, b) = (fast.tokens[i], general.tokens[i]);
                proptest::prop_assert_eq!(
                    (a.start, a.end, a.sentence_start, a.negation),
                    (b.start, b.end, b.sentence_start, b.negation)
                );
                proptest::prop_assert_eq!(fast.lower(i), general.lower(i));
            }
            proptest::prop_assert_eq!(fast.folded(), general.folded());
        }
    }
}
