//! Words of a text with their positions, lower-cased, for lexicon matching.
//!
//! A token is a run of letters and digits (hyphens and apostrophes split words, so
//! `non-discrimination` is two tokens, as it is in the lexicon). Each token remembers whether a
//! sentence ended before it, which bounds the negation window, whether it negates, and its
//! lower-cased form, which the tagger stems in the entry's language. The lower-cased words of a
//! text live in one buffer: tagging a large corpus must not allocate per word.

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// A sentence (or clause: `.`, `!`, `?`, `;`, `:`, a line break) ended before this token.
    pub sentence_start: bool,
    /// Punctuation stands between this token and the one before (a comma, a bracket, a quote, a
    /// full stop …; white space, hyphens, apostrophes and slashes join words): a phrase of the
    /// lexicon does not run across it.
    pub pause_before: bool,
    lower: (u32, u32),
    /// The word negates (see `is_negation_word`; `t` after a word ending in `n`, as in
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
}

impl Tokenized {
    fn word_lower(&self, token: &Token) -> &str {
        &self.lower[token.lower.0 as usize..token.lower.1 as usize]
    }
}

/// Whether `c`, followed by `next`, shows nothing inside a word: a soft hyphen, word joiner or
/// byte order mark, or a zero-width space before a letter of a script written with spaces between
/// words (Thai, Khmer, Lao and Burmese part words with it). Zero-width joiners and non-joiners
/// spell Persian and Indic words: not these.
fn is_invisible_in_word(c: char, next: Option<char>) -> bool {
    use unicode_script::{Script, UnicodeScript};
    match c {
        '\u{AD}' | '\u{2060}' | '\u{FEFF}' => true,
        '\u{200B}' => next.is_some_and(|n| {
            n.is_alphabetic()
                && matches!(n.script(), Script::Latin | Script::Greek | Script::Cyrillic)
        }),
        _ => false,
    }
}

/// Splits a text into tokens: runs of letters and digits, each lower-cased into the folded text.
/// `.`, `!`, `?`, `;`, `:` and line breaks end a sentence (or clause).
pub fn tokenize(text: &str) -> Tokenized {
    let mut tokens: Vec<Token> = Vec::new();
    let mut lower = String::with_capacity(text.len());
    let mut sentence_start = true;
    let mut pause = true;
    let mut word_start: Option<usize> = None;
    // A space after the last character ends a word that runs to the end of the text.
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        // An invisible soft hyphen or zero-width character inside a word, as a word processor or
        // a web page leaves in pasted text, is part of the word and not of its letters (found by
        // a tester: "ana\u{AD}lyse d'impact" was no longer found).
        if c.is_alphanumeric()
            || (word_start.is_some() && is_invisible_in_word(c, text[i..].chars().nth(1)))
        {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = word_start.take() {
            if !lower.is_empty() {
                lower.push(' ');
            }
            let lower_start = lower.len();
            let mut chars = text[start..i].chars().peekable();
            while let Some(c) = chars.next() {
                if is_invisible_in_word(c, chars.peek().copied()) {
                    continue;
                }
                if c.is_ascii() {
                    lower.push(c.to_ascii_lowercase());
                } else {
                    lower.extend(c.to_lowercase());
                }
            }
            let word = &lower[lower_start..];
            let after_n = tokens
                .last()
                .is_some_and(|p| lower[..p.lower.1 as usize].ends_with('n'));
            tokens.push(Token {
                start,
                end: i,
                sentence_start,
                pause_before: pause || sentence_start,
                negation: super::is_negation_word(word) || (word == "t" && after_n),
                lower: (lower_start as u32, lower.len() as u32),
            });
            sentence_start = false;
            pause = false;
        }
        if matches!(c, '.' | '!' | '?' | ';' | ':' | '\n') {
            sentence_start = true;
        }
        if !(c.is_whitespace()
            || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\'' | '\u{2019}' | '/'))
        {
            pause = true;
        }
    }
    Tokenized { tokens, lower }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::{Algorithm, Stemmer};

    #[test]
    fn words_stems_and_sentences() {
        let t = tokenize("Data is retained. Retention ends; non-discrimination");
        let english = Stemmer::create(Algorithm::English);
        let stems: Vec<String> = (0..t.len())
            .map(|i| english.stem(t.lower(i)).into_owned())
            .collect();
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

    /// Soft hyphens and zero-width characters pasted inside a word leave it whole; a zero-width
    /// space still parts the words of a script written without spaces (Thai).
    #[test]
    fn invisible_characters_inside_a_word_leave_it_whole() {
        let text = "ana\u{AD}lyse d\u{2019}im\u{AD}pact fa\u{200B}ciale\u{FEFF} x \u{200B}y ภาษา\u{200B}ไทย";
        let t = tokenize(text);
        let words: Vec<&str> = (0..t.len()).map(|i| t.lower(i)).collect();
        assert_eq!(
            words,
            ["analyse", "d", "impact", "faciale", "x", "y", "ภาษา", "ไทย"]
        );
        assert_eq!(&text[t.tokens[0].start..t.tokens[0].end], "ana\u{AD}lyse");
    }

    #[test]
    fn punctuation_between_words_is_a_pause_but_hyphens_and_apostrophes_join() {
        let t = tokenize("limits, to data-protection (officer) member states' data/records");
        let pauses: Vec<bool> = t.tokens.iter().map(|t| t.pause_before).collect();
        assert_eq!(
            pauses,
            [true, true, false, false, true, true, false, false, false]
        );
    }

    #[test]
    fn letters_beyond_ascii_and_negations() {
        let t = tokenize("Die ÜBERWACHUNG wasn't 2x; NOT sûre");
        let words: Vec<&str> = (0..t.len()).map(|i| t.lower(i)).collect();
        assert_eq!(
            words,
            ["die", "überwachung", "wasn", "t", "2x", "not", "sûre"]
        );
        assert_eq!(t.lower, "die überwachung wasn t 2x not sûre");
        let negations: Vec<bool> = t.tokens.iter().map(|t| t.negation).collect();
        assert_eq!(negations, [false, false, false, true, false, true, false]);
        assert!(t.tokens[5].sentence_start);
        assert_eq!(
            &"Die ÜBERWACHUNG"[t.tokens[1].start..t.tokens[1].end],
            "ÜBERWACHUNG"
        );
    }
}
