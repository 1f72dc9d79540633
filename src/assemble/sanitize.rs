//! Contributor text made safe to publish.
//!
//! Bodies are CommonMark written by people outside the editorial team. They go through `comrak`'s
//! tree, not through string replacement: raw HTML becomes visible code, headings are demoted below
//! the practice's own heading (no entry can open a chapter), only `http(s)` and `mailto` links are
//! kept (others become their text), and images become plain links (a published edition loads
//! nothing from elsewhere). Plain-text fields are escaped so that they read as typed.

use comrak::nodes::{AstNode, NodeCodeBlock, NodeLink, NodeValue};
use comrak::{Arena, Options};

/// The Markdown dialect bodies are read in: CommonMark with GitHub tables and strikethrough.
pub fn markdown_options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.render.width = 0;
    options
}

/// Whether a link target may be published.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Rewrites a CommonMark body for inclusion under a heading of level `under_level`.
pub fn sanitize_body(body: &str, under_level: u8) -> String {
    let arena = Arena::new();
    let options = markdown_options();
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

/// Escapes a plain-text field so that Markdown shows it exactly as written, on one line.
pub fn escape_text(text: &str) -> String {
    if reads_as_typed(text) {
        return text.to_string();
    }
    escape_text_in_full(text)
}

/// Whether a text needs no escaping and no folding (most titles and names): ASCII letters,
/// digits, single inner spaces and punctuation Markdown gives no meaning to, not starting with
/// a character that could open a block.
fn reads_as_typed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes
        .first()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'#' | b'+' | b'-' | b'=' | b':'))
    {
        return false;
    }
    let mut after_space = true;
    for &b in bytes {
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
            continue;
        }
        after_space = false;
        let plain = b.is_ascii_graphic()
            && !matches!(
                b,
                b'\\'
                    | b'`'
                    | b'*'
                    | b'_'
                    | b'['
                    | b']'
                    | b'<'
                    | b'>'
                    | b'|'
                    | b'~'
                    | b'&'
                    | b'!'
                    | b'$'
            );
        if !plain {
            return false;
        }
    }
    !after_space || bytes.is_empty()
}

fn escape_text_in_full(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = folded.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
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
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() {
                    digits.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push_str(&digits);
            if let Some(&p) = chars.peek() {
                if p == '.' || p == ')' {
                    out.push('\\');
                }
            }
        }
        at_start = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain text a Markdown string renders to, if it renders to a single paragraph.
    fn rendered_text(markdown: &str) -> Option<String> {
        let arena = Arena::new();
        // Strict CommonMark: bare e-mail addresses and URLs turning into links is fine for readers.
        let root = comrak::parse_document(&arena, markdown, &Options::default());
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
                NodeValue::Paragraph => {}
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
    }

    proptest! {
        #[test]
        fn the_plain_text_shortcut_agrees_with_full_escaping(s in "[ -~\t\n\u{e9}\u{a0}]{0,40}") {
            prop_assert_eq!(escape_text(&s), escape_text_in_full(&s));
        }

        #[test]
        fn escaped_text_renders_as_typed(s in "[ -~éü\u{a0}]{0,60}") {
            let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let escaped = escape_text(&s);
            prop_assert_eq!(rendered_text(&escaped), Some(folded));
        }
    }
}
