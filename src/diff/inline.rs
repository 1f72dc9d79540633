//! The word-level inline diff of a prose field: removed words ~~struck~~, added ones **bold**.
//!
//! Words are what white space separates, except in scripts written without spaces (Chinese,
//! Japanese, Thai…), where one character is changed within a long run: there a changed stretch
//! is narrowed to the characters that changed. A mark sits between two such letters or next to
//! a space, never elsewhere, so that Markdown reads it as a mark (a `**` between a letter and
//! punctuation is shown as written) and both texts read as written, each with its own spacing.

use crate::markdown::escape_text;
use crate::normalize::text::written_without_spaces;
use similar::{capture_diff_slices, Algorithm, DiffTag};

/// Word-level inline diff in Markdown: removed words struck through, added words in bold. When
/// only the spacing changed (paragraphs joined or split), it says so instead of repeating the
/// text unmarked.
pub fn inline_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    if a == b {
        return "the same words; only line breaks, paragraphs or spaces changed".into();
    }
    let words = |slice: &[&str]| escape_text(&slice.join(" "));
    let mut parts: Vec<String> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let (gone, came) = (&a[old_range], &b[new_range]);
        match tag {
            DiffTag::Equal => parts.push(words(gone)),
            DiffTag::Delete => parts.push(format!("~~{}~~", words(gone))),
            DiffTag::Insert => parts.push(format!("**{}**", words(came))),
            DiffTag::Replace if gone.iter().chain(came).any(|w| has_unspaced_letter(w)) => {
                parts.push(within_words(&gone.join(" "), &came.join(" ")));
            }
            DiffTag::Replace => {
                parts.push(format!("~~{}~~", words(gone)));
                parts.push(format!("**{}**", words(came)));
            }
        }
    }
    parts.join(" ")
}

/// A piece of a text, for the finer comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Piece<'a> {
    /// White space between two words.
    Space,
    /// A letter of a script written without spaces, with its combining marks.
    Letter(&'a str),
    /// Any other run of characters between spaces and such letters.
    Run(&'a str),
}

fn is_unspaced_letter(c: char) -> bool {
    c.is_alphanumeric() && written_without_spaces(c)
}

fn has_unspaced_letter(word: &str) -> bool {
    !word.is_ascii() && word.chars().any(is_unspaced_letter)
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(Piece::Space);
        }
        // A word that holds a web address is one piece: cut inside, the address would be
        // linked short, and a mark after its `>` would be shown as written (found by a
        // reviewer: `请访问https://example.org/a查看记录`).
        if word.contains("://") || word.to_ascii_lowercase().contains("www.") {
            out.push(Piece::Run(word));
            continue;
        }
        let mut rest = word;
        while let Some(first) = rest.chars().next() {
            let after_first = first.len_utf8();
            let end = if is_unspaced_letter(first) {
                rest[after_first..]
                    .char_indices()
                    .find(|&(_, c)| !unicode_normalization::char::is_combining_mark(c))
                    .map_or(rest.len(), |(i, _)| after_first + i)
            } else {
                rest[after_first..]
                    .char_indices()
                    .find(|&(_, c)| is_unspaced_letter(c))
                    .map_or(rest.len(), |(i, _)| after_first + i)
            };
            let (piece, tail) = rest.split_at(end);
            out.push(if is_unspaced_letter(first) {
                Piece::Letter(piece)
            } else {
                Piece::Run(piece)
            });
            rest = tail;
        }
    }
    out
}

/// A stretch of the two texts: the same in both, or changed.
#[derive(Debug)]
enum Stretch<'a> {
    Same(Vec<Piece<'a>>),
    Changed(Vec<Piece<'a>>, Vec<Piece<'a>>),
}

/// The inline diff of two stretches of words that hold letters of a script written without
/// spaces, piece by piece.
fn within_words(old: &str, new: &str) -> String {
    let (a, b) = (pieces(old), pieces(new));
    let mut stretches: Vec<Stretch> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let (gone, came) = (&a[old_range], &b[new_range]);
        match (tag, stretches.last_mut()) {
            (DiffTag::Equal, _) => stretches.push(Stretch::Same(gone.to_vec())),
            (_, Some(Stretch::Changed(was, is))) => {
                was.extend_from_slice(gone);
                is.extend_from_slice(came);
            }
            _ => stretches.push(Stretch::Changed(gone.to_vec(), came.to_vec())),
        }
    }
    // A lone space, or one or two letters (a particle such as の or に), kept between two
    // changes would cut one change into pieces that are hard to read (found by a reviewer).
    let chaff = |s: &[Piece]| {
        s == [Piece::Space] || (s.len() <= 2 && s.iter().all(|p| matches!(p, Piece::Letter(_))))
    };
    let mut i = 1;
    while i + 1 < stretches.len() {
        if matches!(&stretches[i], Stretch::Same(s) if chaff(s)) {
            join_with_next(&mut stretches, i - 1);
            join_with_next(&mut stretches, i - 1);
        } else {
            i += 1;
        }
    }
    while let Some(at) = first_unsafe_edge(&stretches) {
        widen(&mut stretches, at);
    }
    render(&stretches)
}

/// Which edge of which change cannot take a mark: `(index, true)` for its start.
fn first_unsafe_edge(stretches: &[Stretch]) -> Option<(usize, bool)> {
    let letter = |p: Option<&Piece>| matches!(p, Some(Piece::Letter(_)));
    for (i, s) in stretches.iter().enumerate() {
        let Stretch::Changed(was, is) = s else {
            continue;
        };
        let sides = [was, is];
        let sides = sides.iter().filter(|side| !side.is_empty());
        let before = i.checked_sub(1).map(|j| &stretches[j]);
        if let Some(Stretch::Same(before)) = before {
            let safe = match before.last() {
                Some(Piece::Space) => true,
                last => letter(last) && sides.clone().all(|side| letter(side.first())),
            };
            if !safe {
                return Some((i, true));
            }
        }
        if let Some(Stretch::Same(after)) = stretches.get(i + 1) {
            let safe = match after.first() {
                Some(Piece::Space) => true,
                first => letter(first) && sides.clone().all(|side| letter(side.last())),
            };
            if !safe {
                return Some((i, false));
            }
        }
        // Markdown reads a `**` straight after `~~` as a mark only before a letter.
        if !was.is_empty() && !is.is_empty() && !spaced_between(stretches, i) && !letter(is.first())
        {
            return Some((i, before.is_some()));
        }
    }
    None
}

/// Whether the removed and the added words of the change at `i` are shown with a space between
/// them: only where each text has one on either side, so that neither reads a space it has not.
fn spaced_between(stretches: &[Stretch], i: usize) -> bool {
    let spaced = |s: Option<&Stretch>, first: bool| match s {
        None => true,
        Some(Stretch::Same(p)) => (if first { p.first() } else { p.last() }) == Some(&Piece::Space),
        Some(Stretch::Changed(..)) => false,
    };
    let before = i.checked_sub(1).and_then(|j| stretches.get(j));
    spaced(before, false) && spaced(stretches.get(i + 1), true)
}

/// Takes the piece beside the change at `at` (before it, or after it) into the change, in both
/// texts; a stretch left empty goes, and two changes that meet become one.
fn widen(stretches: &mut Vec<Stretch>, (at, start): (usize, bool)) {
    let beside = if start { at - 1 } else { at + 1 };
    let Stretch::Same(same) = &mut stretches[beside] else {
        return;
    };
    let piece = if start {
        same.pop()
    } else {
        Some(same.remove(0))
    };
    let emptied = same.is_empty();
    if let (Some(piece), Stretch::Changed(was, is)) = (piece, &mut stretches[at]) {
        if start {
            was.insert(0, piece);
            is.insert(0, piece);
        } else {
            was.push(piece);
            is.push(piece);
        }
    }
    if emptied {
        stretches.remove(beside);
        let at = if start { at - 1 } else { at };
        // The change now meets the one beyond the emptied stretch, if any.
        if start && at > 0 {
            join_with_next(stretches, at - 1);
        } else if !start && at + 1 < stretches.len() {
            join_with_next(stretches, at);
        }
    }
}

/// Joins the stretch at `i` and the next one into one change.
fn join_with_next(stretches: &mut Vec<Stretch>, i: usize) {
    let next = stretches.remove(i + 1);
    let (mut was, mut is) = match std::mem::replace(&mut stretches[i], Stretch::Same(Vec::new())) {
        Stretch::Same(s) => (s.clone(), s),
        Stretch::Changed(was, is) => (was, is),
    };
    match next {
        Stretch::Same(s) => {
            was.extend_from_slice(&s);
            is.extend_from_slice(&s);
        }
        Stretch::Changed(w, n) => {
            was.extend(w);
            is.extend(n);
        }
    }
    stretches[i] = Stretch::Changed(was, is);
}

fn text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Space => " ",
            Piece::Letter(s) | Piece::Run(s) => s,
        })
        .collect()
}

fn render(stretches: &[Stretch]) -> String {
    let mut out = String::new();
    for (i, s) in stretches.iter().enumerate() {
        match s {
            Stretch::Same(same) => {
                if same.first() == Some(&Piece::Space) {
                    out.push(' ');
                }
                out.push_str(&escape_text(&text(same)));
                if same.len() > 1 && same.last() == Some(&Piece::Space) {
                    out.push(' ');
                }
            }
            Stretch::Changed(was, is) => {
                if !was.is_empty() {
                    out.push_str(&format!("~~{}~~", escape_text(&text(was))));
                }
                if !was.is_empty() && !is.is_empty() && spaced_between(stretches, i) {
                    out.push(' ');
                }
                if !is.is_empty() {
                    out.push_str(&format!("**{}**", escape_text(&text(is))));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_marked() {
        assert_eq!(
            inline_diff("kept for three years", "kept for five years"),
            "kept for ~~three~~ **five** years"
        );
        assert_eq!(
            inline_diff(
                "Kept for years.\n\nThen erased.",
                "Kept for years. Then erased."
            ),
            "the same words; only line breaks, paragraphs or spaces changed"
        );
    }

    /// A one-character edit in Chinese is shown as that character, not the whole paragraph
    /// (found by a tester: 每年 "every year" became 每半年 "every six months").
    #[test]
    fn letters_of_a_script_without_spaces_are_marked_alone() {
        assert_eq!(
            inline_diff(
                "独立的监督机构每年检查删除记录，并公布检查结果。",
                "独立的监督机构每半年检查删除记录，并公布检查结果。"
            ),
            "独立的监督机构每**半**年检查删除记录，并公布检查结果。"
        );
        assert_eq!(
            inline_diff("保存期限は三年です。", "保存期限は五年です。"),
            "保存期限は~~三~~**五**年です。"
        );
        // Next to punctuation a mark would be shown as written: the change takes in the
        // letter beside it.
        assert_eq!(
            inline_diff("记录。公布结果", "记录，公布结果"),
            "记~~录。公~~**录，公**布结果"
        );
        // Digits are not such letters: the change reaches the letters around them.
        assert_eq!(
            inline_diff("自2022年起", "自2023年起"),
            "~~自2022年~~**自2023年**起"
        );
        // Words of other scripts beside them are compared as before.
        assert_eq!(
            inline_diff("the 个人 data law", "the 个人 data act"),
            "the 个人 data ~~law~~ **act**"
        );
    }

    /// Each text reads as written once the other's words are left out, with its own spacing,
    /// and every mark is one that Markdown reads.
    #[test]
    fn each_text_reads_as_written() {
        let cases = [
            ("每年 检查", "每年检查"),
            ("每年检查", "每 年检查"),
            ("记录。", "记录"),
            ("《法》第5条", "《法》第6条"),
            ("a 每年 b", "c 每年 d"),
            ("每年 x", "每月 y"),
            ("ภาษา ไทย", "ภาษี ไทย"),
            (
                "東京 https://example.org/每年",
                "東京 https://example.org/每月",
            ),
            ("*每年*", "_每年_"),
            // Found by a reviewer: an address followed by letters of such a script.
            (
                "请访问https://example.org/a查看记录",
                "请访问https://example.org/b查看记录",
            ),
            (
                "详见https://example.org/2023年报告",
                "详见https://example.org/2024年报告",
            ),
            (
                "详见www.example.org/2023年报告",
                "详见www.example.org/2024年报告",
            ),
        ];
        for (old, new) in cases {
            let shown = inline_diff(old, new);
            assert_eq!(reading(&shown, true), fold(new), "{shown}");
            assert_eq!(reading(&shown, false), fold(old), "{shown}");
            // Every link leads where one of the texts says.
            for url in links(&shown) {
                let address = url.trim_start_matches("http://");
                assert!(
                    old.contains(address) || new.contains(address),
                    "{url} in {shown}"
                );
            }
        }
    }

    proptest::proptest! {
        /// The same for any two texts mixing such letters with punctuation, Markdown's own
        /// characters, digits, Latin words, combining marks and spaces.
        #[test]
        fn any_two_texts_read_as_written(
            old in "[每年半月检查。，「」*~_\\\\a1 ี่ภา`<>\\[\\]()&#:/.w\n]{0,16}",
            new in "[每年半月检查。，「」*~_\\\\a1 ี่ภา`<>\\[\\]()&#:/.w\n]{0,16}",
        ) {
            let shown = inline_diff(&old, &new);
            if fold(&old).split(' ').ne(fold(&new).split(' ')) {
                proptest::prop_assert_eq!(reading(&shown, true), fold(&new), "{}", shown);
                proptest::prop_assert_eq!(reading(&shown, false), fold(&old), "{}", shown);
            }
        }
    }

    /// The addresses of the links in `markdown`.
    fn links(markdown: &str) -> Vec<String> {
        use comrak::nodes::NodeValue;
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, markdown, &crate::markdown::options());
        root.descendants()
            .filter_map(|n| match &n.data().value {
                NodeValue::Link(l) => Some(l.url.clone()),
                _ => None,
            })
            .collect()
    }

    fn fold(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The text of `markdown` as a reader sees it, without the struck words (`new`) or
    /// without the bold ones.
    fn reading(markdown: &str, new: bool) -> String {
        use comrak::nodes::{AstNode, NodeValue};
        fn collect<'a>(node: &'a AstNode<'a>, new: bool, out: &mut String) {
            match &node.data().value {
                NodeValue::Strikethrough if new => {}
                NodeValue::Strong if !new => {}
                NodeValue::Text(t) => out.push_str(t),
                NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
                _ => node.children().for_each(|c| collect(c, new, out)),
            }
        }
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, markdown, &crate::markdown::options());
        let mut out = String::new();
        collect(root, new, &mut out);
        fold(&out)
    }
}
