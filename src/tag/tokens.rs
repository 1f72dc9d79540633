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
    // Words are copied eight bytes at a time, so the buffer has room for eight more.
    let mut lower = vec![0u8; text.len() + 8];
    let mut len = 0;
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
            // Eight bytes at a time: lower-cased and stored whole (what follows the word is
            // overwritten next), the word's end found as the first byte that is not a letter
            // or digit. Most words take one step; a byte at a time, every byte was a branch.
            loop {
                let chunk = eight_bytes(bytes, i);
                let ends = !ascii_alphanumeric(chunk) & HIGH_BITS;
                lower[len..len + 8].copy_from_slice(&ascii_lowercase(chunk).to_le_bytes());
                if ends != 0 {
                    let k = (ends.trailing_zeros() / 8) as usize;
                    len += k;
                    i += k;
                    break;
                }
                len += 8;
                i += 8;
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

/// 0x01 in every byte of a word.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;
/// 0x80 in every byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes from `at` as one little-endian word, zeros past the end (a zero byte is not
/// a letter or digit, so a word never runs into them).
fn eight_bytes(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])),
        None => {
            let mut eight = [0u8; 8];
            let rest = bytes.get(at..).unwrap_or_default();
            eight[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(eight)
        }
    }
}

/// The high bit of each byte of `word` (bytes below 0x80) set where `low <= byte <= high`:
/// adding `0x80 - low` sets it where the byte is at least `low`, adding `0x7F - high` where it is
/// above `high`; no sum carries into the next byte.
fn ascii_in_range(word: u64, low: u8, high: u8) -> u64 {
    let at_least_low = word + LOW_BITS * u64::from(0x80 - low);
    let above_high = word + LOW_BITS * u64::from(0x7F - high);
    at_least_low & !above_high & HIGH_BITS
}

/// The high bit of each byte set where the byte is an ASCII letter or digit.
fn ascii_alphanumeric(word: u64) -> u64 {
    ascii_in_range(word, b'0', b'9')
        | ascii_in_range(word, b'A', b'Z')
        | ascii_in_range(word, b'a', b'z')
}

/// Each byte lower-cased (ASCII `A`–`Z` gain 0x20; every other byte is kept).
fn ascii_lowercase(word: u64) -> u64 {
    word | (ascii_in_range(word, b'A', b'Z') >> 2)
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

        /// The same for any ASCII text: long words, control characters, the bytes next to the
        /// letters and digits (`/`, `:`, `@`, `[`, `` ` ``, `{`), words that end at the text's end.
        #[test]
        fn any_ascii_text_reads_as_in_the_general_path(
            text in "([A-Za-z0-9]{1,30}|[\\x00-\\x7f]{1,4}|[/:@\\[`{]){0,40}"
        ) {
            let fast = tokenize_ascii(&text);
            let general = tokenize_unicode(&text);
            let cut = |t: &Tokenized| -> Vec<(usize, usize, bool, bool, String)> {
                (0..t.len())
                    .map(|i| {
                        let k = t.tokens[i];
                        (k.start, k.end, k.sentence_start, k.negation, t.lower(i).to_string())
                    })
                    .collect()
            };
            proptest::prop_assert_eq!(cut(&fast), cut(&general));
            proptest::prop_assert_eq!(fast.folded(), general.folded());
        }
    }

    /// Each byte of a word is classed and lower-cased as `u8` does it.
    #[test]
    fn eight_bytes_at_a_time_as_one_byte_at_a_time() {
        for first in (0u8..0x80).step_by(8) {
            let bytes: Vec<u8> = (first..first + 8).collect();
            let word = eight_bytes(&bytes, 0);
            let alnum = ascii_alphanumeric(word);
            let lowered = ascii_lowercase(word).to_le_bytes();
            for (k, &b) in bytes.iter().enumerate() {
                assert_eq!(
                    alnum >> (8 * k + 7) & 1 == 1,
                    b.is_ascii_alphanumeric(),
                    "{b:#x}"
                );
                assert_eq!(lowered[k], b.to_ascii_lowercase(), "{b:#x}");
            }
        }
        assert_eq!(
            eight_bytes(b"abc", 1),
            u64::from_le_bytes(*b"bc\0\0\0\0\0\0")
        );
        assert_eq!(eight_bytes(b"abc", 3), 0);
    }
}
