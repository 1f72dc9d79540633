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
    // Raw HTML shown as text is shown as written: no address in it becomes a link.
    let mut shown_html: Vec<*const AstNode<'_>> = Vec::new();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    for node in nodes {
        // Text between two single tildes is not struck out: CommonMark has no strikethrough, and
        // a single tilde is how Chinese, Japanese and Korean write a range ("3~5年", "5~10
        // days"; found by a tester: the HTML edition read "35年" with the 5 struck out). Only
        // `~~…~~` strikes text; the single tildes stay, as text.
        if matches!(node.data.borrow().value, NodeValue::Strikethrough)
            && single_tilde(body, &line_starts, node.data.borrow().sourcepos)
        {
            let tilde = || arena.alloc(AstNode::from(NodeValue::Text("~".into())));
            node.prepend(tilde());
            node.append(tilde());
            unwrap_node(node);
            continue;
        }
        // Looked at in place; only what changes is taken out of the node.
        let unwrap = {
            let mut data = node.data_mut();
            let value = &mut data.value;
            match value {
                NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => {
                    show_raw_html(value, "text");
                    shown_html.push(std::ptr::from_ref(node));
                    false
                }
                NodeValue::Heading(heading) => {
                    heading.level = (heading.level.saturating_add(under_level)).min(6);
                    heading.setext = false;
                    false
                }
                // comrak writes the info string right after the fence: one starting with the
                // fence's character would lengthen the fence, and the shorter closing fence would
                // then leave the block open over the rest of the edition. A space between them is
                // what a reader's parser trims off again.
                NodeValue::CodeBlock(block) if block.info.starts_with(['~', '`']) => {
                    block.info.insert(0, ' ');
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
            if let Some(address) = address_to_show(node).filter(|a| *a != node.collect_text()) {
                node.append(arena.alloc(AstNode::from(NodeValue::Text(
                    format!(" ({address})").into(),
                ))));
            }
            unwrap_node(node);
        }
    }
    secure_www_links(root, body, &line_starts);
    link_addresses(&arena, root, &shown_html);
    let mut out = String::new();
    if comrak::format_commonmark(root, &options, &mut out).is_err() {
        return escape_text(body);
    }
    out.trim_end().to_string()
}

/// Whether the strikethrough at `at` in `body` opens with a single tilde (`~x~`, not `~~x~~`).
/// `line_starts`: where each line of `body` starts.
fn single_tilde(body: &str, line_starts: &[usize], at: comrak::nodes::Sourcepos) -> bool {
    let Some(offset) = offset_of(line_starts, at) else {
        return false;
    };
    let bytes = body.as_bytes();
    bytes.get(offset) == Some(&b'~') && bytes.get(offset + 1) != Some(&b'~')
}

/// The byte offset in the body of where a node starts (`line_starts`: where each line starts).
fn offset_of(line_starts: &[usize], at: comrak::nodes::Sourcepos) -> Option<usize> {
    let line = line_starts.get(at.start.line.wrapping_sub(1))?;
    Some(line + at.start.column.saturating_sub(1))
}

/// The address of a link (or an image) that is not published as a link, to show as text after
/// its own text: a web address written without `https://` (`www.courts.example/judgment.pdf`),
/// a document symbol in what was meant as a footnote (`[^1]: A/HRC/44/24`), an ECLI, CELEX or
/// DOI (`ECLI:EU:C:2014:238`). Dropping it would lose what the contributor wrote (found by a
/// tester and a reviewer). Only what a browser would run or load is not shown (`javascript:`,
/// `vbscript:`, `data:`, `file:`): it says nothing to a reader.
fn address_to_show(node: &AstNode<'_>) -> Option<String> {
    let url = match &node.data.borrow().value {
        NodeValue::Link(link) | NodeValue::Image(link) => link.url.trim().to_string(),
        _ => return None,
    };
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let active = ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .any(|scheme| squeezed.starts_with(scheme));
    (!url.is_empty() && !active).then_some(url)
}

/// Points each `www.` address the autolink extension linked to `https://`, not the `http://` it
/// assumes: the contributor wrote no scheme, and the tool accepts only secure addresses for
/// sources (found by testers: the editions published insecure links no entry held). A link the
/// contributor wrote out, `[www.x](http://www.x)`, starts with `[` in `body` (`line_starts`:
/// where each line starts) and keeps the scheme chosen.
fn secure_www_links<'a>(root: &'a AstNode<'a>, body: &str, line_starts: &[usize]) {
    for node in root.descendants() {
        let written_out = offset_of(line_starts, node.data().sourcepos)
            .is_some_and(|offset| body.as_bytes().get(offset) == Some(&b'['));
        if written_out {
            continue;
        }
        let shown = node.collect_text();
        if let NodeValue::Link(link) = &mut node.data_mut().value {
            if shown.starts_with("www.") && link.url.strip_prefix("http://") == Some(&shown) {
                link.url = format!("https://{shown}");
            }
        }
    }
}

/// Links each web address the parser left as text (comrak links none inside square brackets:
/// `[available at https://…/oj_eng]`), as [`address_at`] reads it. Written back as text, such an
/// address would be escaped (`oj\_eng\]`), and a reader's autolink extension would then take the
/// backslashes and the bracket into the link (found by a tester).
fn link_addresses<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>, skip: &[*const AstNode<'a>]) {
    let texts: Vec<&AstNode<'_>> = root
        .descendants()
        .filter(|n| matches!(n.data.borrow().value, NodeValue::Text(_)))
        .filter(|n| !skip.contains(&std::ptr::from_ref(*n)))
        .filter(|n| {
            !n.ancestors()
                .any(|a| matches!(a.data.borrow().value, NodeValue::Link(_)))
        })
        .collect();
    for node in texts {
        let text = match &node.data.borrow().value {
            NodeValue::Text(text) => text.to_string(),
            _ => continue,
        };
        let mut pieces: Vec<NodeValue> = Vec::new();
        let (mut plain_from, mut previous) = (0, ' ');
        let mut chars = text.char_indices();
        while let Some((at, c)) = chars.next() {
            let Some(address) = address_at(&text[at..], previous) else {
                previous = c;
                continue;
            };
            if plain_from < at {
                pieces.push(NodeValue::Text(text[plain_from..at].to_string().into()));
            }
            let url = if address.starts_with("www.") {
                format!("https://{address}")
            } else {
                address.to_string()
            };
            pieces.push(NodeValue::Link(Box::new(NodeLink {
                url,
                title: String::new(),
            })));
            pieces.push(NodeValue::Text(address.to_string().into()));
            plain_from = at + address.len();
            previous = address.chars().last().unwrap_or(' ');
            while chars.offset() < plain_from {
                chars.next();
            }
        }
        if plain_from == 0 {
            continue;
        }
        if plain_from < text.len() {
            pieces.push(NodeValue::Text(text[plain_from..].to_string().into()));
        }
        let mut link: Option<&AstNode<'_>> = None;
        for value in pieces {
            let is_link = matches!(value, NodeValue::Link(_));
            let new = arena.alloc(AstNode::from(value));
            match link.take() {
                // The address is the text of the link just made.
                Some(parent) if !is_link => parent.append(new),
                _ => {
                    node.insert_before(new);
                    if is_link {
                        link = Some(new);
                    }
                }
            }
        }
        node.detach();
    }
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
/// name may hold, such as a terminal's escape) shows as U+FFFD. A web address is written as a
/// link to itself (see [`write_address`]).
pub fn escape_text(text: &str) -> String {
    escape(text, true)
}

/// [`escape_text`] for text that is itself the text of a link (a practice's title in the index,
/// a chapter's name in the contents): no link inside it, since a link cannot hold another.
pub fn escape_link_text(text: &str) -> String {
    escape(text, false)
}

fn escape(text: &str, addresses: bool) -> String {
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
        if addresses {
            if let Some(address) = address_at(&folded[at..], previous) {
                write_address(&mut out, address);
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
        // Any other `www.` the autolink extension reads as the start of an address is no address
        // to link, but the extension may still link part of it (of `www..`, a link to
        // `http://www`): its dot is escaped.
        if addresses && folded[at..].starts_with("www.") && www_domain(&folded[at + 4..]) {
            out.push_str("www\\.");
            chars.nth(2);
            previous = '.';
            at_start = false;
            continue;
        }
        // A run of `#` after a space at the end would close a heading, and vanish with it.
        let closes_heading = c == '#' && previous == ' ' && folded[at..].bytes().all(|b| b == b'#');
        previous = c;
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '$'
        ) || (at_start && matches!(c, '#' | '+' | '-' | '=' | ':'))
            || closes_heading;
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

/// Writes a web address found in plain text as a link to itself that every reader of Markdown
/// links as typed (see [`write_link_to_address`]). A `www.` address, which only the autolink
/// extension links (and takes backslashes into), becomes a link whose text is escaped and whose
/// address, `https://www.…` (no insecure scheme the writer did not choose), is in angle
/// brackets, its `&` written as in a link destination.
fn write_address(out: &mut String, address: &str) {
    if address.starts_with("www.") {
        out.push('[');
        out.push_str(&escape(address, false));
        out.push_str("](<https://");
        write_destination(out, address);
        out.push_str(">)");
        return;
    }
    write_link_to_address(out, address);
}

/// Writes an `https://` or `http://` address as a link to itself that every reader of Markdown
/// links as typed: an autolink, `<https://…>`, where backslash escapes do not work (a `\_` would
/// become part of the address). Readers differ on character references in an autolink (cmark
/// and comrak read `&amp;` as `&`, commonmark.js and markdown-it keep it), so an address holding
/// anything that reads as one (`&amp;`, `&#106;`) becomes a link, `[address](<address>)`, whose
/// destination every reader decodes alike (found by a tester: the Markdown edition sent such a
/// source to another address than the HTML page did).
pub fn write_link_to_address(out: &mut String, address: &str) {
    let references = address
        .char_indices()
        .any(|(at, c)| c == '&' && starts_reference(&address[at..]));
    if references {
        out.push('[');
        out.push_str(&escape(address, false));
        out.push_str("](<");
        write_destination(out, address);
        out.push_str(">)");
    } else {
        out.push('<');
        out.push_str(address);
        out.push('>');
    }
}

/// An address for a link destination in angle brackets: as it is, but for the `&` of anything
/// that reads as a character reference (`&amp;`, `&#106;`, `&#x6A;`), written `&amp;` so that it
/// stays itself.
fn write_destination(out: &mut String, address: &str) {
    for (at, c) in address.char_indices() {
        if c == '&' && starts_reference(&address[at..]) {
            out.push_str("&amp;");
        } else {
            out.push(c);
        }
    }
}

/// Whether `text` starts with what could be a character reference: `&`, then a name or `#` and
/// digits, then `;`.
fn starts_reference(text: &str) -> bool {
    let rest = &text[1..];
    let Some(end) = rest.find(';') else {
        return false;
    };
    let name = &rest[..end];
    let name = name.strip_prefix('#').unwrap_or(name);
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The web address `text` starts with, if any: `http://`, `https://` or `www.` and what follows
/// up to a space or a character an autolink cannot hold (`<`, `>`, `|` for tables, a backslash,
/// a backquote), less the punctuation that ends a sentence after it, and less a closing bracket
/// the address does not open (`(see https://x.org/a)`, but `…/Convention_(1981)` keeps it), as
/// the autolink extension reads it. Only where the extension would see an address after
/// `previous`: an `https://` or `http://` one after anything but an ASCII letter (`éhttps://…`
/// and `1http://…` are linked, `xhttps://…` is not), a `www.` one after anything but a letter or
/// digit.
fn address_at(text: &str, previous: char) -> Option<&str> {
    let head = ["https://", "http://", "www."].into_iter().find(|s| {
        text.as_bytes()
            .get(..s.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(s.as_bytes()))
    })?;
    // `www.` only as the extension reads it: lower case, then a domain it accepts.
    let www = head == "www.";
    if www && !(text.starts_with(head) && www_domain(&text[4..])) {
        return None;
    }
    if previous.is_ascii_alphabetic() || (www && previous.is_alphanumeric()) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '|' | '\\' | '`'))
        .unwrap_or(text.len());
    let mut address = &text[..end];
    loop {
        let trimmed =
            address.trim_end_matches(['.', ',', ':', ';', '!', '?', '\'', '"', ']', '*', '_', '~']);
        let unopened =
            trimmed.ends_with(')') && trimmed.matches(')').count() > trimmed.matches('(').count();
        address = if unopened {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if !unopened {
            break;
        }
    }
    (address.len() > head.len()).then_some(address)
}

/// Whether the autolink extension takes what follows a `www.` for a domain: host characters
/// (anything but white space, punctuation and symbols), `-`, `_`, `.` and backslash escapes, up to
/// the first other character; at least one dot (`www..` counts, `www.org` does not), and no `_` in
/// the last two parts unless there are more than ten dots. Its rule, followed exactly, because an
/// address it links and this module does not see would be linked with escaping backslashes inside.
fn www_domain(text: &str) -> bool {
    use finl_unicode::categories::CharacterCategories;
    let (mut dots, mut underscores, mut before_last_dot) = (0, 0, 0);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some() => {}
            '_' => underscores += 1,
            '.' => {
                before_last_dot = underscores;
                underscores = 0;
                dots += 1;
            }
            c if c == '-' || !(c.is_whitespace() || c.is_punctuation() || c.is_symbol()) => {}
            _ => break,
        }
    }
    dots > 10 || (dots > 0 && underscores == 0 && before_last_dot == 0)
}

#[cfg(test)]
mod tests {
    /// A range written with single tildes stays as written; `~~…~~` still strikes text out.
    /// A `www.` address the autolink extension links leads to `https://`; a link the contributor
    /// wrote out keeps the scheme written (found by testers and a reviewer).
    #[test]
    fn www_addresses_link_to_https_unless_written_out() {
        let out = sanitize_body(
            "See www.a.example/x and [www.b.example](http://www.b.example).",
            3,
        );
        assert!(out.contains("(https://www.a.example/x)"), "{out}");
        assert!(out.contains("(http://www.b.example)"), "{out}");
        assert!(!out.contains("http://www.a.example"), "{out}");
    }

    #[test]
    fn single_tildes_are_text_and_double_tildes_strike() {
        let html = |markdown: &str| comrak::markdown_to_html(markdown, &super::super::options());
        for (body, shown) in [
            (
                "Kept for 5~10 days at the border and 20~30 days at the airport.",
                "5~10 days at the border and 20~30 days",
            ),
            (
                "保存期間を3~5年と定め、延長は1~2年に限る。",
                "3~5年と定め、延長は1~2年",
            ),
            (
                "- a range of 1~2 *years* and ~3~ more\n- two",
                "1~2 <em>years</em> and ~3~ more",
            ),
        ] {
            let published = super::sanitize_body(body, 3);
            let page = html(&published);
            assert!(page.contains(shown), "{body}\n{published}\n{page}");
            assert!(!page.contains("<del>"), "{page}");
        }
        let page = html(&super::sanitize_body("Police may ~~not~~ keep it.", 3));
        assert!(page.contains("<del>not</del>"), "{page}");
    }

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
        // Strict CommonMark: bare e-mail addresses and URLs turning into links is fine for readers.
        read_in(markdown, &comrak::Options::default()).0
    }

    /// The text of a one-paragraph Markdown as the tool's dialect reads it (the autolink
    /// extension on), and each link's address and text; `None` for the text when it is not one
    /// paragraph of text and links.
    fn read_with_links(markdown: &str) -> (Option<String>, Vec<(String, String)>) {
        read_in(markdown, &super::super::options())
    }

    /// [`read_with_links`] in the dialect `options` sets.
    fn read_in(
        markdown: &str,
        options: &comrak::Options<'_>,
    ) -> (Option<String>, Vec<(String, String)>) {
        let arena = Arena::new();
        let root = comrak::parse_document(&arena, markdown, options);
        let blocks: Vec<_> = root.children().collect();
        if markdown.is_empty() {
            return (Some(String::new()), Vec::new());
        }
        if blocks.len() != 1 || !matches!(blocks[0].data().value, NodeValue::Paragraph) {
            return (None, Vec::new());
        }
        let mut text = String::new();
        let mut links = Vec::new();
        for n in blocks[0].descendants() {
            match &n.data().value {
                NodeValue::Text(t) => text.push_str(t),
                NodeValue::Paragraph => {}
                NodeValue::Link(link) => {
                    let mut shown = String::new();
                    for d in n.descendants() {
                        if let NodeValue::Text(t) = &d.data().value {
                            shown.push_str(t);
                        }
                    }
                    links.push((link.url.to_string(), shown));
                }
                _ => return (None, links),
            }
        }
        (Some(text), links)
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
    fn a_code_block_ends_where_the_body_ends() {
        // Found by render_fields (eleventh session): a body that is an unclosed `~~~` block whose
        // info string starts with tildes and holds a backquote came out with a longer opening
        // fence than its closing one, and the recommendations after it read as code.
        for body in ["~~~\t~~~~_``` words", "~~~ ~~~`x\ncode", "```\n~~~~\n```"] {
            let out = sanitize_body(body, 3);
            let page = format!("{out}\n\n**After** the body\n");
            let arena = Arena::new();
            let root = comrak::parse_document(&arena, &page, &super::super::options());
            assert!(
                root.descendants()
                    .any(|n| matches!(n.data().value, NodeValue::Strong)),
                "{out}"
            );
        }
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
        assert!(!out.contains("](../x.html)"), "{out}");
        assert!(out.contains("mailto:a@b.org"), "{out}");
        assert!(!out.contains("!["), "{out}");
        assert!(out.contains("bad") && out.contains("rel"), "{out}");
        // An address without a scheme is kept as text beside the link's text.
        assert!(out.contains("rel (../x.html)"), "{out}");
        assert!(!out.contains("bad ("), "{out}");
    }

    /// A web address comrak leaves as text (inside square brackets) is linked as it reads,
    /// rather than escaped into a link that takes the backslashes and the bracket (found by a
    /// tester); a link written without `https://` and a footnote keep their address as text.
    #[test]
    fn addresses_in_brackets_and_schemeless_links_are_published_whole() {
        let out = sanitize_body(
            "The Act [available at https://eur-lex.europa.eu/eli/reg/2024/1689/oj_eng] applies.",
            3,
        );
        let (text, links) = read_with_links(&out);
        assert_eq!(
            text.as_deref(),
            Some("The Act [available at https://eur-lex.europa.eu/eli/reg/2024/1689/oj_eng] applies."),
            "{out}"
        );
        assert_eq!(
            links,
            [(
                "https://eur-lex.europa.eu/eli/reg/2024/1689/oj_eng".to_string(),
                "https://eur-lex.europa.eu/eli/reg/2024/1689/oj_eng".to_string()
            )],
            "{out}"
        );
        let out = sanitize_body(
            "Read [the judgment](www.courts.example/judgment-2024.pdf) and the note.[^1]\n\n[^1]: A/HRC/44/24",
            3,
        );
        assert!(out.contains("the judgment (["), "{out}");
        assert!(out.contains("^1 (A/HRC/44/24)"), "{out}");
        // A link whose text is its address shows it once; raw HTML shown as text holds no link.
        let out = sanitize_body(
            "See [www.example.org/a](www.example.org/a) and <a href=\"https://example.org/b\">b</a>.",
            3,
        );
        assert_eq!(out.matches("www.example.org/a").count(), 2, "{out}");
        assert!(!out.contains("<https://example.org/b>"), "{out}");
        // Identifiers that look like a scheme are addresses lawyers cite: kept as text too.
        let out = sanitize_body(
            "Ruled.[^1] See [the judgment](ECLI:EU:C:2014:238), [the paper](doi:10.1000/182) and ![a scan](scans/p1.png).\n\n[^1]: CELEX:32016R0679",
            3,
        );
        for kept in [
            "^1 (CELEX:32016R0679)",
            "the judgment (ECLI:EU:C:2014:238)",
            "the paper (doi:10.1000/182)",
            "a scan (scans/p1.png)",
        ] {
            assert!(out.contains(kept), "{kept}: {out}");
        }
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
        // Where the autolink extension sees an address (found by render_fields' reading check).
        assert_eq!(escape_text("éhttps://é.org/a_b"), "é<https://é.org/a_b>");
        assert_eq!(escape_text("1http://y.org/e_f"), "1<http://y.org/e_f>");
        assert_eq!(escape_text("1www.b.org/x_y"), "1www\\.b.org/x\\_y");
        // The extension takes `www.` and a dot for a domain (found by render_fields, eleventh
        // session); `www.a_b.org` has `_` in its last two parts, so it is not an address.
        assert_eq!(
            escape_text("_www..}x[y]"),
            "\\_[www..}x\\[y](<https://www..}x[y>)\\]"
        );
        assert_eq!(escape_text("see www.a_b.org"), "see www.a\\_b.org");
        // Nor is `www..`, of which the extension would link `www` (found by render_fields).
        assert_eq!(escape_text("x ___www.."), "x \\_\\_\\_www\\..");
        // In the text of a link, which the extension does not link inside, it stays as it is.
        assert_eq!(escape_link_text("www.x.org"), "www.x.org");
        // Found by a tester of the published files (tenth session).
        assert_eq!(escape_text("Case file ###"), "Case file \\###");
        assert_eq!(escape_text("rule #5 and C#"), "rule #5 and C#");
        assert_eq!(
            escape_text("https://en.wikipedia.org/wiki/Convention_108_(Council_of_Europe)."),
            "<https://en.wikipedia.org/wiki/Convention_108_(Council_of_Europe)>."
        );
        assert_eq!(
            escape_text("see https://e.org/?q=face&amp;lang=en&x=1"),
            "see [https://e.org/?q=face\\&amp;lang=en\\&x=1](<https://e.org/?q=face&amp;amp;lang=en&x=1>)"
        );
        // Without anything that reads as a character reference: an autolink, as it is.
        assert_eq!(
            escape_text("see https://e.org/?q=face&lang=en"),
            "see <https://e.org/?q=face&lang=en>"
        );
        assert_eq!(
            escape_text("at www.example.org/user_guide*"),
            "at [www.example.org/user\\_guide](<https://www.example.org/user_guide>)\\*"
        );
        assert_eq!(
            escape_text("wwwx or www. or WWW.E.ORG"),
            "wwwx or www. or WWW.E.ORG"
        );
        assert_eq!(
            escape_link_text("rules at https://example.org/a_b"),
            "rules at https://example.org/a\\_b"
        );
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

        /// Read as the HTML edition reads it (the autolink extension on), a plain text with web
        /// addresses in it shows as typed, and each link leads to the address it shows.
        #[test]
        fn addresses_link_to_what_they_show(
            words in proptest::collection::vec(
                prop_oneof![
                    "[ -~]{0,12}",
                    "[xé1(_*<]?(https://|http://|www\\.)[a-zé]{1,5}\\.org/[a-zA-Z0-9_~*!$/?=&;#()'.,<\\\\-]{0,16}",
                    Just("&amp;".to_string()),
                    Just("&#106;".to_string()),
                    "[a-z_.+-]{1,5}@[a-z_-]{1,5}\\.org",
                ],
                0..6,
            ),
        ) {
            let s = words.join(" ");
            let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let escaped = escape_text(&s);
            let (text, links) = read_with_links(&escaped);
            prop_assert_eq!(text, Some(folded), "{}", escaped);
            for (url, shown) in links {
                // The extension links e-mail addresses too.
                let expected = if shown.starts_with("www.") {
                    format!("https://{shown}")
                } else if url.starts_with("mailto:") && !shown.starts_with("mailto:") {
                    format!("mailto:{shown}")
                } else {
                    shown.clone()
                };
                prop_assert_eq!(url, expected, "{}", escaped);
            }
        }

        /// In the text of a link, nothing becomes a link.
        #[test]
        fn link_text_holds_no_link(s in "[ -~]{0,20}(https://|www\\.)[a-z]{1,5}\\.org[ -~]{0,20}") {
            let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let markdown = format!("[{}](#anchor)", escape_link_text(&s));
            let (text, links) = read_with_links(&markdown);
            prop_assert_eq!(text, Some(folded));
            prop_assert_eq!(links, vec![("#anchor".to_string(), s.split_whitespace().collect::<Vec<_>>().join(" "))]);
        }
    }
}
