//! A light stemmer shared by English, French and Spanish, for comparing words across languages:
//! accents removed, a plural `s` dropped, the word cut to its first [`STEM_LETTERS`] letters
//! (`retention`, `rétention` and `retención` all become `reten`, so the cognates of a
//! translation meet), and the French and Spanish stems of other words mapped to English ones
//! by a [`glossary`] (`empreinte` and `huella` to `finge`rprint, `lieu` to `place`). The
//! duplicate finder compares practices by these stems ([`crate::dedup::same`]). The tagger's
//! model learns from the same stems cut to six letters instead of five ([`stem_to`]), so that a
//! word learned from an English practice counts in a French or Spanish one too, while words five
//! letters would merge stay apart ([`crate::tag`]).

use super::glossary;
use std::borrow::Cow;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// A word with its accents removed (`règlement` → `reglement`); an ASCII word as it is.
pub fn without_accents(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    Cow::Owned(word.nfd().filter(|c| !is_combining_mark(*c)).collect())
}

/// Letters a word is cut to.
pub const STEM_LETTERS: usize = 5;

/// A word's stem in a practice of `language`: accents removed, a plural `s` dropped, cut to
/// [`STEM_LETTERS`] letters, then, for French and Spanish, the English stem the [`glossary`]
/// gives (its hand-made stem, or its English word's stem). `None` for words of three letters or
/// fewer (but `dna`, `adn`) and for numbers.
pub fn stem<'a>(language: &str, word: &'a str) -> Option<Cow<'a, str>> {
    stem_to(language, word, STEM_LETTERS)
}

/// [`stem`], except that a word the glossary leaves alone (neither mapped to an English stem nor
/// one of those English stems) is cut to `letters` letters instead of [`STEM_LETTERS`] (a
/// `letters` below [`STEM_LETTERS`] counts as [`STEM_LETTERS`]); a word the glossary's word
/// lists map to an English word becomes that word, cut like it (`propuesta`, `proposal`,
/// `propos`). The
/// tagger's words are cut to six: longer stems keep apart words that five letters merge
/// (`proportionality` and `proposal` are both `propo`; at six, `propor` and `propos`), at the
/// cost of the cognates that part at the sixth letter (`retention` and `retención`, `necessity`
/// and `necesidad`, `family` and `famille`). Its first [`STEM_LETTERS`] letters are always
/// [`stem`]'s.
pub fn stem_to<'a>(language: &str, word: &'a str, letters: usize) -> Option<Cow<'a, str>> {
    let short = word.len() < 4 || (!word.is_ascii() && word.chars().count() < 4);
    if short {
        return matches!(word, "dna" | "adn").then_some(Cow::Borrowed("dna"));
    }
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let singular: Cow<'a, str> = if word.is_ascii() {
        match word.strip_suffix('s') {
            Some(s) if s.len() >= 4 => Cow::Borrowed(s),
            _ => Cow::Borrowed(word),
        }
    } else {
        let folded = without_accents(word).into_owned();
        match folded.strip_suffix('s') {
            Some(s) if s.chars().count() >= 4 => Cow::Owned(s.to_string()),
            _ => Cow::Owned(folded),
        }
    };
    let cut = |n: usize| -> Cow<'a, str> {
        match &singular {
            // ASCII: every character is one byte.
            Cow::Borrowed(s) => Cow::Borrowed(&s[..s.len().min(n)]),
            Cow::Owned(s) => Cow::Owned(s.chars().take(n).collect()),
        }
    };
    let short_stem = cut(STEM_LETTERS);
    if let Some(english) = glossary::english(language, &short_stem) {
        if glossary::is_english_stem(english) {
            return Some(Cow::Borrowed(english));
        }
        // An English word of the word lists, cut as an English word is (no second lookup).
        return stem_to("en", english, letters);
    }
    if letters <= STEM_LETTERS || glossary::is_english_stem(&short_stem) {
        return Some(short_stem);
    }
    Some(cut(letters))
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

    #[test]
    fn longer_stems_keep_apart_what_five_letters_merge() {
        assert_eq!(stem("en", "proportionality"), stem("en", "proposal"));
        assert_eq!(
            stem_to("en", "proportionality", 6).as_deref(),
            Some("propor")
        );
        assert_eq!(stem_to("en", "proposals", 6).as_deref(), Some("propos"));
        assert_eq!(
            stem_to("fr", "proportionnalité", 6),
            stem_to("es", "proporcionalidad", 6)
        );
        // What the glossary maps, and the English stems it maps to, stay five letters long.
        assert_eq!(stem_to("fr", "empreintes", 6).as_deref(), Some("finge"));
        assert_eq!(stem_to("en", "fingerprints", 6).as_deref(), Some("finge"));
        assert_eq!(stem_to("es", "años", 6).as_deref(), Some("year"));
        // A word of the word lists is its English word, cut as English words are.
        assert_eq!(stem_to("es", "propuestas", 6).as_deref(), Some("propos"));
        assert_eq!(stem("es", "propuesta").as_deref(), Some("propo"));
        assert_eq!(stem_to("fr", "lieux", 6).as_deref(), Some("place"));
        assert_eq!(stem_to("en", "dna", 6).as_deref(), Some("dna"));
        assert_eq!(stem_to("en", "2226", 6), None);
        // The first five letters of the longer stem are the five-letter stem.
        for (language, word) in [
            ("en", "proportionality"),
            ("fr", "rétention"),
            ("es", "huellas"),
            ("es", "propuesta"),
            ("fr", "toutefois"),
            ("en", "dna"),
        ] {
            let long = stem_to(language, word, 6).map(|s| s.chars().take(5).collect::<String>());
            assert_eq!(long.as_deref(), stem(language, word).as_deref(), "{word}");
        }
    }
}
