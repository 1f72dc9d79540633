//! A light stemmer shared by English, French and Spanish, for comparing words across languages:
//! accents removed, a plural `s` dropped, the word cut to its first [`STEM_LETTERS`] letters
//! (`retention`, `rétention` and `retención` all become `reten`, so the cognates of a
//! translation meet), and the French and Spanish stems of the field's other words mapped to
//! English ones by a small [`glossary`] (`empreinte` and `huella` to `finge`rprint). The
//! duplicate finder compares practices by these stems ([`crate::dedup::same`]); the tagger's
//! model learns from them, so that a word learned from an English practice counts in a French
//! or Spanish one too ([`crate::tag`]).

use super::glossary;
use std::borrow::Cow;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Letters a word is cut to.
pub const STEM_LETTERS: usize = 5;

/// A word's stem in a practice of `language`: accents removed, a plural `s` dropped, cut to
/// [`STEM_LETTERS`] letters, then, for French and Spanish, the English stem the [`glossary`]
/// gives. `None` for words of three letters or fewer (but `dna`, `adn`) and for numbers.
pub fn stem<'a>(language: &str, word: &'a str) -> Option<Cow<'a, str>> {
    let short = word.len() < 4 || (!word.is_ascii() && word.chars().count() < 4);
    if short {
        return matches!(word, "dna" | "adn").then_some(Cow::Borrowed("dna"));
    }
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let cut: Cow<'a, str> = if word.is_ascii() {
        let singular = match word.strip_suffix('s') {
            Some(s) if s.len() >= 4 => s,
            _ => word,
        };
        Cow::Borrowed(&singular[..singular.len().min(STEM_LETTERS)])
    } else {
        let folded: String = word.nfd().filter(|c| !is_combining_mark(*c)).collect();
        let singular = match folded.strip_suffix('s') {
            Some(s) if s.chars().count() >= 4 => s,
            _ => &folded,
        };
        Cow::Owned(singular.chars().take(STEM_LETTERS).collect())
    };
    match glossary::english(language, &cut) {
        Some(english) => Some(Cow::Borrowed(english)),
        None => Some(cut),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_match_across_languages() {
        assert_eq!(stem("en", "retention"), stem("fr", "rétention"));
        assert_eq!(stem("en", "faces").as_deref(), Some("face"));
        assert_eq!(stem("es", "retención").as_deref(), Some("reten"));
        assert_eq!(stem("en", "years").as_deref(), Some("year"));
        assert_eq!(stem("es", "años").as_deref(), Some("year"));
        assert_eq!(stem("fr", "empreintes"), stem("en", "fingerprints"));
        assert_eq!(stem("fr", "les"), None);
        assert_eq!(stem("en", "2226"), None);
    }
}
