//! Text as compared by the duplicate finder and hashed as "content": Unicode NFKC, case folding,
//! punctuation turned into spaces, white space folded. Two texts that differ only in case,
//! punctuation or Unicode presentation compare equal. Symbols that carry meaning (comparison and
//! other mathematical signs, percent and per mille, currencies) are kept as words of their own, and
//! a raised or lowered figure is kept apart from the figure before it: "aged < 12" and "aged > 12",
//! "12%" and "$12", "10⁶" and "106" are different rules, not copies (found by a tester: one of
//! each pair was left out of an edition as an exact copy).
//!
//! What a script writes two ways for one text is folded to one way too ([`fold_script`]):
//! Traditional Chinese characters to Simplified ones, the Arabic stretching stroke and optional
//! vowel marks set aside, and digits of other scripts written as `0`–`9` (found by a tester: an
//! entry sent in Simplified and in Traditional Chinese, or with a year written `٢٠١٦`, was not
//! found as a copy of itself). (Markdown is reduced to text by [`crate::markdown::to_text`]
//! first.)
//!
//! The folding is part of what an edition's content hashes mean, so a change to it is tied to a
//! manifest format version ([`fold_as_format`]): `verify` folds an earlier edition's practices as
//! that edition did.

use super::{SCRIPTS_FOLDED_SINCE_FORMAT, SYMBOLS_KEPT_SINCE_FORMAT};
pub use crate::markdown::to_text as markdown_to_text;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Folds a plain text for comparison: NFKC, a script's two ways of writing one text folded to one
/// ([`fold_script`]), case folding, a symbol that carries meaning ([`meaningful_symbol`]) a word
/// of its own, anything else that is not a letter or a digit a space, white space folded to single
/// spaces.
pub fn fold_for_comparison(text: &str) -> String {
    fold(text, SCRIPTS_FOLDED_SINCE_FORMAT)
}

/// [`fold_for_comparison`] as editions of manifest format `version` folded: before format 9 every
/// symbol was a space, and a raised figure joined to the one before it; before format 11 no
/// script was folded. Only for checking the hashes such an edition records (`verify`): they were
/// taken so, and an edition once cited must still verify.
pub fn fold_as_format(text: &str, version: u32) -> String {
    fold(text, version)
}

/// The folding of [`fold_for_comparison`] as manifest format `version` defines it.
fn fold(text: &str, version: u32) -> String {
    let keep_symbols = version >= SYMBOLS_KEPT_SINCE_FORMAT;
    let scripts = version >= SCRIPTS_FOLDED_SINCE_FORMAT;
    // Since format 11 every currency sign is kept, those of a script's own block too (`฿`, `৳`,
    // `؋`: found by a tester, "a fine of ฿500" was a copy of "a fine of 500").
    let kept = |c: char| keep_symbols && (meaningful_symbol(c) || (scripts && is_currency(c)));
    if text.is_ascii() {
        // ASCII is its own NFKC form and folds by lower-casing: most texts, done without the
        // Unicode tables (which took most of the time of normalizing a corpus).
        let mut out = String::with_capacity(text.len());
        let mut in_word = false;
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                if !in_word && !out.is_empty() {
                    out.push(' ');
                }
                in_word = true;
                out.push(c.to_ascii_lowercase());
            } else {
                in_word = false;
                if kept(c) {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push(c);
                }
            }
        }
        return out;
    }
    let mut nfkc: String = if keep_symbols {
        raised_figures_apart(text).nfkc().collect()
    } else {
        text.nfkc().collect()
    };
    if scripts {
        nfkc = fold_script(&nfkc);
    }
    let folded = caseless::default_case_fold_str(&nfkc);
    let mut out = String::with_capacity(folded.len());
    let mut pending_space = false;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else if kept(c) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
            pending_space = true;
        } else if !is_mark(c) {
            pending_space = true;
        } else if !pending_space && !out.is_empty() {
            // A combining mark stays on its letter; one that followed punctuation goes with it.
            out.push(c);
        }
    }
    // Removing punctuation can bring a letter and a mark together: compose them again.
    out.nfkc().collect()
}

/// One way of writing what a script writes two ways (the text is in NFKC already):
/// - Traditional Chinese characters as Simplified ones, by OpenCC's table of characters
///   ([`simplified`]); character by character, so the few Traditional characters that stand for
///   two Simplified ones in different words (`乾` is `干` in `乾燥` but stays in `乾隆`) take the
///   usual one;
/// - the Arabic tatweel (U+0640), which only stretches a word on the line, left out;
/// - the optional Arabic vowel marks left out (tanwin, fatha, damma, kasra, shadda, sukun and the
///   dagger alef, U+064B–U+0652 and U+0670), as most Arabic is typed without them;
/// - the digits of the Arabic, Persian and Urdu, Devanagari, Bengali and Thai scripts as `0`–`9`,
///   and the Arabic percent, per mille and per ten thousand signs as `%`, `‰` and `‱` (found by
///   a tester: `١٪` and `١؉` were one text, and a 1 ‰ rule was left out as a copy of a 1 % one);
/// - characters that only say where a line may break, how letters join or which way text runs,
///   never seen on the page: the soft hyphen a PDF leaves in `reten­tion` (found by a tester: it
///   split the word in two), the zero-width space, joiners and non-joiners, the word joiner, the
///   byte order mark, and the direction marks, embeddings and isolates (U+200E–U+200F, U+061C,
///   U+202A–U+202E, U+2066–U+2069).
///
/// Other characters are kept as they are.
pub fn fold_script(text: &str) -> String {
    // A fixed list, not `error::invisible`: that one also takes white space (a word break here)
    // and may grow as messages name more characters, which must not change a content hash.
    text.chars()
        .filter(|&c| {
            !matches!(c as u32,
                0x0640 | 0x064B..=0x0652 | 0x0670
                | 0x00AD | 0x200B..=0x200F | 0x2060 | 0xFEFF | 0x061C
                | 0x202A..=0x202E | 0x2066..=0x2069)
        })
        .map(|c| match c {
            '\u{066A}' => '%',
            '\u{0609}' => '‰',
            '\u{060A}' => '‱',
            _ => simplified(ascii_digit(c)),
        })
        .collect()
}

/// Whether a character is a currency sign of a script's own block (category Sc outside the
/// Currency Symbols block, which [`meaningful_symbol`] keeps already), by a fixed list: the
/// Unicode data of a dependency, which an update may change, must not decide a content hash.
fn is_currency(c: char) -> bool {
    matches!(
        c as u32,
        0x058F
            | 0x060B
            | 0x07FE..=0x07FF
            | 0x09F2..=0x09F3
            | 0x09FB
            | 0x0AF1
            | 0x0BF9
            | 0x0E3F
            | 0x17DB
            | 0xA838
            | 0xFDFC
            | 0xFE69
            | 0xFF04
            | 0xFFE0..=0xFFE1
            | 0xFFE5..=0xFFE6
            | 0x11FDD..=0x11FE0
            | 0x1E2FF
            | 0x1ECB0
    )
}

/// A decimal digit of the Arabic-Indic, Extended Arabic-Indic (Persian, Urdu), Devanagari,
/// Bengali or Thai script as the ASCII digit of the same value; any other character as it is.
fn ascii_digit(c: char) -> char {
    let zero = match c as u32 {
        0x0660..=0x0669 => 0x0660,
        0x06F0..=0x06F9 => 0x06F0,
        0x0966..=0x096F => 0x0966,
        0x09E6..=0x09EF => 0x09E6,
        0x0E50..=0x0E59 => 0x0E50,
        _ => return c,
    };
    char::from(b'0' + (c as u32 - zero) as u8)
}

/// The Simplified form of a Traditional Chinese character, by OpenCC's table
/// (`ts-characters.txt`, its first form where it gives several); any other character as it is.
/// The table is part of what content hashes mean: it ships with the program, not with a
/// dependency whose update could change them.
fn simplified(c: char) -> char {
    if (c as u32) < 0x3400 {
        return c;
    }
    // A form that the table maps on again (`薴` → `苧` → `苎`) is followed to its end, so that
    // folding twice folds as once.
    let mut out = c;
    for _ in 0..4 {
        match SIMPLIFIED.get(&out) {
            Some(&next) if next != out => out = next,
            _ => break,
        }
    }
    out
}

/// OpenCC's table (`ts-characters.txt`): each Traditional character and its usual Simplified
/// form.
static SIMPLIFIED: LazyLock<FxHashMap<char, char>> = LazyLock::new(|| {
    let mut table = FxHashMap::default();
    for line in include_str!("ts-characters.txt").lines() {
        let mut chars = line.chars();
        if let (Some(traditional), Some('\t'), Some(simplified)) =
            (chars.next(), chars.next(), chars.next())
        {
            table.insert(traditional, simplified);
        }
    }
    table
});

/// Symbols that change what a rule says: comparison and other mathematical signs (`<`, `≥`,
/// `±`, `×`), percent and per mille, and currency signs. Each is kept as a word of its own.
fn meaningful_symbol(c: char) -> bool {
    matches!(
        c,
        '<' | '>' | '=' | '+' | '%' | '$' | '¢' | '£' | '¤' | '¥' | '±' | '×' | '÷' | '‰' | '‱'
    ) || matches!(c as u32, 0x20A0..=0x20CF | 0x2200..=0x22FF)
}

/// A raised or lowered figure (`10⁶`, `CO₂`) set apart from what it follows with a space, as
/// NFKC would otherwise make `10⁶` into `106`.
fn raised_figures_apart(text: &str) -> std::borrow::Cow<'_, str> {
    let raised = |c: char| matches!(c as u32, 0xB2 | 0xB3 | 0xB9 | 0x2070..=0x209F);
    if !text.chars().any(raised) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut before = ' ';
    for c in text.chars() {
        if raised(c) && !raised(before) {
            out.push(' ');
        }
        out.push(c);
        before = c;
    }
    std::borrow::Cow::Owned(out)
}

/// The words of a folded text ([`fold_for_comparison`]), as the duplicate finder counts them:
/// the runs between spaces, except that in scripts written without spaces between words
/// (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) each character counts as a word. Without that,
/// a whole Chinese clause was one word, and a light rewording of a Chinese practice shared
/// almost no runs of three words with it (found by a tester).
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .flat_map(|word| Pieces { rest: word })
}

/// Words of [`words`] written back as a text: a space between two words, except where either is
/// a character of a script written without spaces.
pub fn join_words(words: &[&str]) -> String {
    let mut out = String::new();
    let unspaced = |w: &str| w.chars().next().is_some_and(written_without_spaces);
    for (i, w) in words.iter().enumerate() {
        if i > 0 && !unspaced(words[i - 1]) && !unspaced(w) {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The pieces of one space-free word: each character of a script written without spaces alone,
/// the runs of other characters whole.
struct Pieces<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest;
        let first = rest.chars().next()?;
        let end = if rest.is_ascii() {
            rest.len()
        } else if written_without_spaces(first) {
            first.len_utf8()
        } else {
            rest.char_indices()
                .find(|&(_, c)| written_without_spaces(c))
                .map_or(rest.len(), |(i, _)| i)
        };
        let (piece, tail) = rest.split_at(end);
        self.rest = tail;
        Some(piece)
    }
}

/// Characters of the scripts whose words are not separated by spaces: Thai and Lao, Myanmar,
/// Khmer, Hiragana and Katakana, and the Han ideographs (the unified blocks and their
/// extensions, and the compatibility ideographs).
pub(crate) fn written_without_spaces(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x3040..=0x30FF | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Combining marks stay attached to their letter (NFKC has already composed what it can).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_character_of_a_script_without_spaces_is_a_word() {
        // (Han characters come out in their Simplified form: see `fold_script`.)
        let folded = fold_for_comparison("個人情報保護法 Article 5, ภาษา and données");
        let found: Vec<&str> = words(&folded).collect();
        assert_eq!(
            found,
            [
                "个", "人", "情", "报", "保", "护", "法", "article", "5", "ภ", "า", "ษ", "า",
                "and", "données"
            ]
        );
        // A word that mixes the two is cut where the script changes.
        let mixed: Vec<&str> = words("eu個人data").collect();
        assert_eq!(mixed, ["eu", "個", "人", "data"]);
        // And written back without spaces where there were none.
        assert_eq!(join_words(&mixed), "eu個人data");
        assert_eq!(join_words(&["data", "protection"]), "data protection");
    }

    #[test]
    fn markdown_is_reduced_to_its_words() {
        let text = markdown_to_text(
            "# Title\n\nSome **bold** and [a link](https://x.org), `code`.\n\n- one\n- two\n",
        );
        assert_eq!(
            fold_for_comparison(&text),
            "title some bold and a link code one two"
        );
    }

    /// Symbols that change a rule keep two texts apart (found by a tester: "aged < 12" and "aged
    /// > 12" were one text, and one rule was left out of the edition as a copy of the other).
    #[test]
    fn symbols_that_change_a_rule_are_kept() {
        let apart = [
            ("children aged < 12", "children aged > 12"),
            ("costs 12%", "costs $12"),
            ("costs 12‰", "costs 12%"),
            ("€12", "£12"),
            ("at most ≤ 5", "at least ≥ 5"),
            ("at most 10⁶ people", "at most 106 people"),
            ("CO₂ levels", "CO2 levels"),
        ];
        for (a, b) in apart {
            assert_ne!(fold_for_comparison(a), fold_for_comparison(b), "{a} / {b}");
        }
        assert_eq!(
            fold_for_comparison("Aged <12, costs 12%!"),
            "aged < 12 costs 12 %"
        );
        assert_eq!(fold_for_comparison("10⁶ = 10^6"), "10 6 = 10 6");
        // Punctuation still does not matter.
        assert_eq!(
            fold_for_comparison("Fees: 5%, (at most)"),
            fold_for_comparison("fees 5 % at most")
        );
    }

    #[test]
    fn case_width_and_punctuation_do_not_matter() {
        assert_eq!(
            fold_for_comparison("Data-Protection: ＦＵＬＬ width; STRASSE"),
            "data protection full width strasse"
        );
        assert_eq!(
            fold_for_comparison("Straße"),
            fold_for_comparison("STRASSE")
        );
        assert_eq!(
            fold_for_comparison("Cafe\u{301}"),
            fold_for_comparison("Café")
        );
    }

    /// What a script writes two ways is one text (found by a tester: an entry in Simplified and
    /// in Traditional Chinese, or with its year in Arabic-Indic digits, was not a copy of
    /// itself).
    #[test]
    fn a_script_written_two_ways_folds_to_one() {
        let alike = [
            ("人脸识别作为唯一验证方式", "人臉識別作為唯一驗證方式"),
            ("关于审理使用人脸识别技术", "關於審理使用人臉識別技術"),
            ("المساعدات منذ عام 2016", "المسـاعدات منذ عام ٢٠١٦"),
            ("تفقد المساعدة", "تُفْقَد المساعدةُ"),
            ("سال 1402", "سال ۱۴۰۲"),
            ("वर्ष 2024", "वर्ष २०२४"),
        ];
        for (a, b) in alike {
            assert_eq!(fold_for_comparison(a), fold_for_comparison(b), "{a} / {b}");
        }
        assert_eq!(fold_for_comparison("٢٠١٦"), "2016");
        assert_eq!(
            fold_for_comparison("reten\u{ad}tion de\u{200b}leted"),
            "retention deleted"
        );
        assert_eq!(
            fold_for_comparison("ab\u{200e}c d\u{2066}e\u{2069}f"),
            "abc def"
        );
        // Signs that change a rule stay, however a script writes them.
        assert_eq!(fold_for_comparison("١٪"), fold_for_comparison("1%"));
        assert_eq!(fold_for_comparison("١؉"), fold_for_comparison("1‰"));
        for (a, b) in [
            ("١٪", "١؉"),
            ("฿500", "500"),
            ("৳500", "500"),
            ("؋500", "500"),
            ("៛500", "₹500"),
        ] {
            assert_ne!(fold_for_comparison(a), fold_for_comparison(b), "{a} / {b}");
        }
        // Not so in format 10, whose hashes verify must still find.
        assert_eq!(fold_as_format("฿500", 10), fold_as_format("500", 10));
        // Editions of format 10 took their content hashes without it.
        assert_ne!(fold_as_format("٢٠١٦", 10), "2016");
        assert_ne!(
            fold_as_format("人臉識別", 10),
            fold_as_format("人脸识别", 10)
        );
        assert_eq!(
            fold_as_format("人臉識別 ٢٠١٦", 11),
            fold_for_comparison("人脸识别 2016")
        );
        // Different words stay different, and other scripts are left as they are.
        assert_ne!(fold_for_comparison("人脸"), fold_for_comparison("指纹"));
        assert_eq!(
            fold_for_comparison("Ψηφιακή ταυτότητα"),
            "ψηφιακή ταυτότητα"
        );
    }

    /// Every line of OpenCC's table is read, and a form it maps on again is followed to its end.
    #[test]
    fn the_table_of_simplified_forms_is_read_whole() {
        let lines = include_str!("ts-characters.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(SIMPLIFIED.len(), lines);
        assert!(lines > 4000);
        assert_eq!(fold_script("薴髮後乾"), "苎发后干");
        assert_eq!(fold_script("苎发后干"), "苎发后干");
    }

    proptest! {
        /// ASCII texts fold as the Unicode path folds them.
        #[test]
        fn ascii_folds_as_unicode_does(s in "[ -~]{0,80}") {
            let unicode = fold_for_comparison(&format!("{s} é"));
            let expected = unicode.strip_suffix("é").unwrap_or(&unicode).trim_end().to_string();
            prop_assert_eq!(fold_for_comparison(&s), expected);
        }

        #[test]
        fn folding_is_idempotent(s in "\\PC{0,80}") {
            let once = fold_for_comparison(&s);
            prop_assert_eq!(fold_for_comparison(&once), once.clone());
        }
    }
}
