//! Text as compared by the duplicate finder and hashed as "content": Unicode NFKC, case folding,
//! punctuation and symbols turned into spaces, white space folded. Two texts that differ only in
//! case, punctuation or Unicode presentation compare equal. (Markdown is reduced to text by
//! [`crate::markdown::to_text`] first.)

pub use crate::markdown::to_text as markdown_to_text;
use unicode_normalization::UnicodeNormalization;

/// Folds a plain text for comparison: NFKC, case folding, anything that is not a letter or a
/// digit becomes a space, white space folded to single spaces.
pub fn fold_for_comparison(text: &str) -> String {
    if text.is_ascii() {
        // ASCII is its own NFKC form and folds by lower-casing: most texts, done without the
        // Unicode tables (which took most of the time of normalizing a corpus).
        let mut out = String::with_capacity(text.len());
        for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !word.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
            }
        }
        return out;
    }
    let nfkc: String = text.nfkc().collect();
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

/// Combining marks stay attached to their letter (NFKC has already composed what it can).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
