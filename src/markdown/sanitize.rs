//! Contributor text made safe to publish.
//!
//! Bodies are CommonMark written by people outside the editorial team. They go through `comrak`'s
//! tree, not through string replacement: raw HTML becomes visible code, headings are demoted below
//! the practice's own heading (no entry can open a chapter), only `http(s)` and `mailto` links are
//! kept (others become their text), and images become plain links (a published edition loads
//! nothing from elsewhere). Plain-text fields are escaped so that they read as typed.

use super::is_safe_url;
use comrak::nodes::{AstNode, NodeCodeBlock, NodeLink, NodeValue};
use comrak::Arena;

/// Rewrites a CommonMark body for inclusion under a heading of level `under_level`.
pub fn sanitize_body(body: &str, under_level: u8) -> String {
    plain_body(body, under_level).unwrap_or_else(|| sanitize_body_by_comrak(body, under_level))
}

/// What [`sanitize_body`] gives for the Markdown most bodies are written in: paragraphs, `#`
/// headings and tight `- ` lists of plain ASCII words, with nothing to escape, drop or turn
/// into a link. Such a body is already safe; only its headings are demoted and its blocks
/// spaced as comrak spaces them (property-tested against comrak). `None` for anything else,
/// which goes through comrak: parsing and re-writing every body there was the largest single
/// cost of writing the Markdown edition.
fn plain_body(body: &str, under_level: u8) -> Option<String> {
    use super::text::{plain_bytes, plain_line, PlainLine};
    // `@`, `://` and `www.` could become links (the autolink extension is on).
    if !plain_bytes(body)
        || body.contains('@')
        || body.contains("://")
        || body
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"www."))
    {
        return None;
    }
    #[derive(PartialEq)]
    enum Open {
        Nothing,
        Paragraph,
        List,
    }
    let mut out = String::with_capacity(body.len() + 64);
    let new_block = |out: &mut String| {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
    };
    let mut open = Open::Nothing;
    let mut after_blank = false;
    for line in body.split('\n') {
        match plain_line(line)? {
            PlainLine::Blank => {
                after_blank = true;
                continue;
            }
            PlainLine::Heading(level, content) => {
                new_block(&mut out);
                let demoted = (level + usize::from(under_level)).min(6);
                out.extend(std::iter::repeat_n('#', demoted));
                out.push(' ');
                out.push_str(content);
                open = Open::Nothing;
            }
            PlainLine::Item(content) => {
                match open {
                    // A blank line between items makes a loose list: left to comrak.
                    Open::List if after_blank => return None,
                    Open::List => out.push('\n'),
                    _ => new_block(&mut out),
                }
                out.push_str("- ");
                out.push_str(content);
                open = Open::List;
            }
            PlainLine::Text(text) => {
                match open {
                    Open::Paragraph if !after_blank => out.push('\n'),
                    // A line continuing a list item: left to comrak.
                    Open::List if !after_blank => return None,
                    _ => new_block(&mut out),
                }
                out.push_str(text);
                open = Open::Paragraph;
            }
        }
        after_blank = false;
    }
    Some(out)
}

/// [`sanitize_body`] through comrak's tree: the reference, and the way for every body
/// `plain_body` declines.
pub fn sanitize_body_by_comrak(body: &str, under_level: u8) -> String {
    let arena = Arena::new();
    let options = super::options();
    let root = comrak::parse_document(&arena, body, &options);
    let nodes: Vec<&AstNode<'_>> = root.descendants().collect();
    for node in nodes {
        // Looked at in place; only what changes is taken out of the node.
        let unwrap = {
            let mut data = node.data_mut();
            let value = &mut data.value;
            match value {
                NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => {
                    show_raw_html(value, "text");
                    false
                }
                NodeValue::Heading(heading) => {
                    heading.level = (heading.level.saturating_add(under_level)).min(6);
                    heading.setext = false;
                    false
                }
                NodeValue::Link(link) => !is_safe_url(&link.url),
                NodeValue::Image(image) if is_safe_url(&image.url) => {
                    image_to_link(value);
                    false
                }
                NodeValue::Image(_) => true,
                _ => false,
            }
        };
        if unwrap {
            unwrap_node(node);
        }
    }
    let mut out = String::new();
    if comrak::format_commonmark(root, &options, &mut out).is_err() {
        return escape_text(body);
    }
    out.trim_end().to_string()
}

/// Raw HTML made visible, never run: inline HTML becomes text, a block a fenced code block
/// tagged `info`. Any other node is left as it is.
pub(crate) fn show_raw_html(value: &mut NodeValue, info: &str) {
    *value = match std::mem::replace(value, NodeValue::Paragraph) {
        NodeValue::HtmlInline(literal) => NodeValue::Text(literal.into()),
        NodeValue::HtmlBlock(block) => shown_as_code(block.literal, info),
        other => other,
    };
}

/// An image turned into a link to it (a published edition loads nothing). Any other node is
/// left as it is.
pub(crate) fn image_to_link(value: &mut NodeValue) {
    if let NodeValue::Image(image) = value {
        let url = std::mem::take(&mut image.url);
        let title = std::mem::take(&mut image.title);
        *value = NodeValue::Link(Box::new(NodeLink { url, title }));
    }
}

/// A block of raw HTML turned into a fenced code block: shown as written, never run.
fn shown_as_code(literal: String, info: &str) -> NodeValue {
    NodeValue::CodeBlock(Box::new(NodeCodeBlock {
        fenced: true,
        fence_char: b'`',
        fence_length: 3,
        fence_offset: 0,
        info: info.into(),
        literal,
        closed: true,
    }))
}

pub(crate) fn unwrap_node<'a>(node: &'a AstNode<'a>) {
    let children: Vec<_> = node.children().collect();
    for child in children {
        child.detach();
        node.insert_before(child);
    }
    node.detach();
}

/// Escapes a plain-text field so that Markdown shows it exactly as written, on one line. A
/// control character (which validation keeps out of entries, but a forged manifest's edition
/// name may hold, such as a terminal's escape) shows as U+FFFD.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let folded = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(|c: char| c.is_control(), "\u{FFFD}");
    let mut chars = folded.char_indices().peekable();
    let mut at_start = true;
    let mut previous = ' ';
    while let Some((at, c)) = chars.next() {
        // A web address is written as an autolink, `<https://…>`: every reader of Markdown
        // links it as typed, where backslashes before its `_` or `~` would become part of the
        // address in the HTML edition's links.
        if !previous.is_alphanumeric() {
            if let Some(address) = address_at(&folded[at..]) {
                out.push('<');
                out.push_str(address);
                out.push('>');
                while chars
                    .peek()
                    .is_some_and(|&(next, _)| next < at + address.len())
                {
                    chars.next();
                }
                previous = address.chars().last().unwrap_or(' ');
                at_start = false;
                continue;
            }
        }
        previous = c;
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '$'
        ) || (at_start && matches!(c, '#' | '+' | '-' | '=' | ':'));
        if special {
            out.push('\\');
        }
        out.push(c);
        // "1." or "1)" at the start would open an ordered list.
        if at_start && c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&(_, d)) = chars.peek() {
                if d.is_ascii_digit() {
                    digits.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push_str(&digits);
            if let Some(&(_, p)) = chars.peek() {
                if p == '.' || p == ')' {
                    out.push('\\');
                }
            }
        }
        at_start = false;
    }
    out
}

/// The web address `text` starts with, if any: `http://` or `https://` and what follows up to
/// a space or a character an autolink cannot hold (`<`, `>`, `|` for tables, a backslash, a
/// backquote), less the punctuation that ends a sentence or a bracket after it.
fn address_at(text: &str) -> Option<&str> {
    let scheme = ["https://", "http://"].into_iter().find(|s| {
        text.as_bytes()
            .get(..s.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(s.as_bytes()))
    })?;
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '|' | '\\' | '`'))
        .unwrap_or(text.len());
    let address = text[..end].trim_end_matches([
        '.', ',', ':', ';', '!', '?', '\'', '"', ')', ']', '*', '_', '~',
    ]);
    (address.len() > scheme.len()).then_some(address)
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaped_text_holds_no_control_character() {
        let shown = super::escape_text("2026-1\u{1b}[2J\u{7}\tname");
        assert_eq!(shown, "2026-1\u{FFFD}\\[2J\u{FFFD} name");
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_bodies_are_demoted_and_spaced_without_comrak() {
        let body = "Intro line\nsecond line.\n\nIn short:\n\n- one;\n- two.\n\n### Why\nBecause (it works).\n";
        let expected = "Intro line\nsecond line.\n\nIn short:\n\n- one;\n- two.\n\n###### Why\n\nBecause (it works).";
        assert_eq!(plain_body(body, 3).as_deref(), Some(expected));
        assert_eq!(sanitize_body_by_comrak(body, 3), expected);
        for declined in [
            "see www.example.org",
            "a@b.org",
            "x https://e.org",
            "- a\n\n- b",
            "- a\nb",
            "*x*",
        ] {
            assert_eq!(plain_body(declined, 3), None, "{declined:?}");
        }
    }

    proptest! {
        /// Bodies made of the lines the quick path knows, and of lines it must decline, come out
        /// exactly as comrak writes them.
        #[test]
        fn the_quick_path_writes_what_comrak_writes(
            lines in proptest::collection::vec(
                prop_oneof![
                    4 => "[A-Za-z][a-z ,.;:?'\"()/%$@-]{0,30}[a-z.):;]",
                    2 => Just(String::new()),
                    1 => "#{1,7} [A-Za-z0-9][a-z -]{0,12}[a-z]",
                    2 => "- [A-Za-z0-9][a-z -]{0,12}[a-z;.]",
                    1 => "[ -~]{0,12}",
                    1 => "(www\\.|WWW\\.|https://|a@)[a-z]{1,5}",
                    1 => "[-#*0-9 =_]{1,5}[ a-z]{0,5}",
                ],
                0..12,
            ),
            under_level in 1u8..5,
        ) {
            agrees_with_comrak(&lines, under_level)?;
        }

        /// The same with only the lines the quick path knows (most such bodies take it).
        #[test]
        fn plain_bodies_come_out_as_comrak_writes_them(
            lines in proptest::collection::vec(
                prop_oneof![
                    4 => "[A-Za-z][a-z ,.;:?'\"()/%$-]{0,30}[a-z.):;]",
                    2 => Just(String::new()),
                    1 => "#{1,6} [A-Za-z][a-z -]{0,12}[a-z]",
                    2 => "- [A-Za-z][a-z -]{0,12}[a-z;.]",
                ],
                0..16,
            ),
            under_level in 1u8..5,
        ) {
            agrees_with_comrak(&lines, under_level)?;
        }
    }

    /// The body made of `lines` comes out of [`sanitize_body`] as comrak writes it.
    fn agrees_with_comrak(lines: &[String], under_level: u8) -> Result<(), TestCaseError> {
        let body = lines.join("\n");
        prop_assert_eq!(
            sanitize_body(&body, under_level),
            sanitize_body_by_comrak(&body, under_level)
        );
        Ok(())
    }

    /// The plain text a Markdown string renders to, if it renders to a single paragraph.
    fn rendered_text(markdown: &str) -> Option<String> {
        let arena = Arena::new();
        // Strict CommonMark: bare e-mail addresses and URLs turning into links is fine for readers.
        let root = comrak::parse_document(&arena, markdown, &comrak::Options::default());
        let blocks: Vec<_> = root.children().collect();
        if markdown.is_empty() {
            return Some(String::new());
        }
        if blocks.len() != 1 || !matches!(blocks[0].data().value, NodeValue::Paragraph) {
            return None;
        }
        let mut text = String::new();
        for n in blocks[0].descendants() {
            match &n.data().value {
                NodeValue::Text(t) => text.push_str(t),
                NodeValue::Paragraph | NodeValue::Link(_) => {}
                _ => return None,
            }
        }
        Some(text)
    }

    #[test]
    fn html_is_shown_not_run() {
        let out = sanitize_body(
            "Hello <script>alert(1)</script> world.\n\n<div onclick=\"x()\">block</div>\n",
            3,
        );
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("```"), "{out}");
        assert!(
            out.contains("\\<script\\>") || out.contains("&lt;script"),
            "{out}"
        );
    }

    #[test]
    fn headings_are_demoted() {
        let out = sanitize_body("# Top\n\nText\n\nSub\n---\n\n###### Deep\n", 3);
        assert!(out.contains("#### Top"), "{out}");
        assert!(out.contains("##### Sub"), "{out}");
        assert!(out.contains("###### Deep"), "{out}");
        assert!(
            !out.lines()
                .any(|l| l.starts_with("# ") || l.starts_with("## ") || l.starts_with("### ")),
            "{out}"
        );
    }

    #[test]
    fn only_web_and_mail_links_survive() {
        let out = sanitize_body(
            "[ok](https://example.org) [bad](javascript:alert(1)) [rel](../x.html) [m](mailto:a@b.org) ![img](https://e.org/x.png)",
            3,
        );
        assert!(out.contains("[ok](https://example.org)"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(!out.contains("../x.html"), "{out}");
        assert!(out.contains("mailto:a@b.org"), "{out}");
        assert!(!out.contains("!["), "{out}");
        assert!(out.contains("bad") && out.contains("rel"), "{out}");
    }

    #[test]
    fn escaped_text_examples() {
        assert_eq!(escape_text("# not a heading"), "\\# not a heading");
        assert_eq!(escape_text("1. not a list"), "1\\. not a list");
        assert_eq!(
            escape_text("a *b* [c](d) <e>"),
            "a \\*b\\* \\[c\\](d) \\<e\\>"
        );
        assert_eq!(
            escape_text("see https://example.org/a_b. (https://x.org/c_d)"),
            "see <https://example.org/a_b>. (<https://x.org/c_d>)"
        );
        assert_eq!(escape_text("xhttps://no_link"), "xhttps://no\\_link");
    }

    proptest! {
        #[test]
        fn escaped_text_renders_as_typed(s in "[ -~éü\u{a0}]{0,60}") {
            let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let escaped = escape_text(&s);
            prop_assert_eq!(rendered_text(&escaped), Some(folded));
        }

        /// A web address in a plain text (a summary, an edition's name) reads as typed, and the
        /// link the HTML edition makes of it leads to that address, not one with backslashes.
        #[test]
        fn an_address_in_text_renders_and_links_as_typed(
            before in "[ -~]{0,20}",
            path in "[a-zA-Z0-9_~*!$/?=&%#()-]{0,20}",
            after in "[ a-z]{0,10}",
        ) {
            let address = format!("https://example.org/{path}");
            let s = format!("{before} {address} {after}");
            let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let escaped = escape_text(&s);
            prop_assert_eq!(rendered_text(&escaped), Some(folded));
            prop_assert!(!escaped.contains("https://example.org/\\"), "{}", escaped);
        }
    }
}
