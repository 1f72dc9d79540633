//! Markdown reduced to its words (through comrak's tree, so `**data**` reads as `data`): what the
//! tagger reads and the content hash covers. Most bodies are plain paragraphs, headings and
//! bullets, read by a quick path that gives what comrak gives (property-tested).

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};

/// The words of a CommonMark text, as plain text (blocks separated by new lines).
pub fn to_text(markdown: &str) -> String {
    plain_blocks_to_text(markdown).unwrap_or_else(|| markdown_to_text_by_comrak(markdown))
}

/// [`to_text`] by comrak's tree: the reference, and the way for any text
/// [`plain_blocks_to_text`] declines.
pub fn markdown_to_text_by_comrak(markdown: &str) -> String {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, markdown, &Options::default());
    let mut out = String::with_capacity(markdown.len());
    collect_text(root, &mut out);
    out
}

/// Bytes a plain body may hold anywhere: printable ASCII without a character that means
/// something inline or opens a block (`\\ ` * _ [ ] < > & ! | ~ = + #`), and the line feed. (`#`
/// is accepted only where it opens a heading line: see [`plain_line`].)
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = b' ';
    while b <= b'~' {
        table[b as usize] = true;
        b += 1;
    }
    let special = b"\\`*_[]<>&!|~=+#";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = false;
        i += 1;
    }
    table[b'\n' as usize] = true;
    table
};

/// Whether every byte of a text is [`PLAIN`] or `#`: the first check of the quick readings of
/// plain bodies ([`plain_blocks_to_text`], and the Markdown edition's re-writing).
pub(crate) fn plain_bytes(text: &str) -> bool {
    text.bytes().all(|b| PLAIN[usize::from(b)] || b == b'#')
}

/// One line of a plain body (see [`plain_line`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlainLine<'a> {
    /// An empty line.
    Blank,
    /// `#` to `######`, a space, then the heading's text.
    Heading(usize, &'a str),
    /// `- ` then the item's text.
    Item(&'a str),
    /// Words of a paragraph.
    Text(&'a str),
}

/// Reads one line of a body whose bytes are [`plain_bytes`]: a blank line, an ATX heading, a
/// bullet item or paragraph text, each of plain words (no space at either end, no `#`, not
/// starting with `-` or a digit, which could open a nested block or a numbered item). `None`
/// for any other line.
pub(crate) fn plain_line(line: &str) -> Option<PlainLine<'_>> {
    fn words(text: &str) -> Option<&str> {
        let (first, last) = (*text.as_bytes().first()?, *text.as_bytes().last()?);
        let plain = first != b' '
            && last != b' '
            && first != b'-'
            && !first.is_ascii_digit()
            && !text.contains('#');
        plain.then_some(text)
    }
    if line.is_empty() {
        Some(PlainLine::Blank)
    } else if line.starts_with('#') {
        let level = line.bytes().take_while(|&b| b == b'#').count();
        let content = words(line[level..].strip_prefix(' ')?)?;
        (level <= 6).then_some(PlainLine::Heading(level, content))
    } else if let Some(content) = line.strip_prefix("- ") {
        Some(PlainLine::Item(words(content)?))
    } else {
        Some(PlainLine::Text(words(line)?))
    }
}

/// A quick reading of the Markdown most entries are written in: paragraphs, `#` headings and
/// `- ` bullets of plain words. Gives what comrak's tree gives (property-tested against it), or
/// `None` for anything else (emphasis, links, code, HTML, entities, indentation, numbered
/// items, trailing spaces, tabs, any non-ASCII character), which then goes through comrak.
/// Reducing every body through comrak was the largest single cost of tagging a corpus.
pub fn plain_blocks_to_text(markdown: &str) -> Option<String> {
    if !plain_bytes(markdown) {
        return None;
    }
    let mut out = String::with_capacity(markdown.len());
    let separate = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    // Whether the previous line left a paragraph open (a plain line then continues it).
    let mut open = false;
    for line in markdown.split('\n') {
        match plain_line(line)? {
            PlainLine::Blank => open = false,
            PlainLine::Heading(_, content) => {
                separate(&mut out);
                out.push_str(content);
                open = false;
            }
            PlainLine::Item(content) => {
                separate(&mut out);
                out.push_str(content);
                open = true;
            }
            PlainLine::Text(text) => {
                if open {
                    out.push(' ');
                } else {
                    separate(&mut out);
                }
                out.push_str(text);
                open = true;
            }
        }
    }
    Some(out)
}

fn collect_text<'a>(node: &'a AstNode<'a>, out: &mut String) {
    for n in node.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::CodeBlock(c) => {
                out.push_str(&c.literal);
                out.push('\n');
            }
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::Item(_)
                if !out.is_empty() && !out.ends_with('\n') =>
            {
                out.push('\n');
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_blocks_are_read_without_comrak() {
        let text = "### Scope\nThe register holds faces.\nIt is audited.\n\n- one item\n- two\ncontinued\n\nEnd.";
        assert_eq!(
            plain_blocks_to_text(text).as_deref(),
            Some("Scope\nThe register holds faces. It is audited.\none item\ntwo continued\nEnd.")
        );
        assert_eq!(to_text(text), markdown_to_text_by_comrak(text));
        for declined in [
            "a *b*",
            "x\n    code",
            "1. first",
            "a  \nb",
            "caf\u{e9}",
            "a # b",
            "#x",
        ] {
            assert_eq!(plain_blocks_to_text(declined), None, "{declined:?}");
        }
    }

    proptest! {
        /// Texts made of the lines the quick reading knows, and of lines it must decline, read
        /// exactly as comrak reads them.
        #[test]
        fn the_quick_reading_agrees_with_comrak(
            lines in proptest::collection::vec(
                prop_oneof![
                    4 => "[A-Za-z][a-z ,.;:?'\"()/%$-]{0,30}[a-z.)]",
                    1 => Just(String::new()),
                    1 => "#{1,7} [A-Za-z0-9][a-z -]{0,12}[a-z]",
                    1 => "- [A-Za-z0-9][a-z -]{0,12}[a-z]",
                    1 => "[ -~]{0,12}",
                    1 => "[-#*0-9 =_]{1,5}[ a-z]{0,5}",
                ],
                0..12,
            )
        ) {
            let text = lines.join("\n");
            prop_assert_eq!(to_text(&text), markdown_to_text_by_comrak(&text));
        }
    }
}
