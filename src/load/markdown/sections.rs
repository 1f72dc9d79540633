//! The Markdown after the front matter: the body, and the recommendations under the final
//! `## Recommendations` heading, found in `comrak`'s tree and cut from the source text by the
//! nodes' source positions (so the body is the exact text typed, not a re-rendering).

use super::Problem;
use crate::diag::Code;
use crate::markdown::options as markdown_options;
use crate::span::Span;
use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::Arena;

/// What the Markdown part holds. Spans are byte offsets in the whole `.md` text.
pub(super) struct Sections {
    /// The body text and where it stands.
    pub body: (String, Span),
    /// The recommendations, when there is a `## Recommendations` heading.
    pub recommendations: Option<Recommendations>,
    /// Findings about the shape of the recommendations.
    pub problems: Vec<Problem>,
}

/// The list under the final `## Recommendations` heading.
pub(super) struct Recommendations {
    /// The heading line.
    pub heading: Span,
    /// The list (the heading, when there is no list).
    pub list: Span,
    /// Each item's text and position.
    pub items: Vec<(String, Span)>,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Line starts of `md`, for turning comrak's (line, byte column) into offsets.
struct Lines<'t> {
    md: &'t str,
    base: usize,
    starts: Vec<usize>,
}

impl Lines<'_> {
    /// Offset in `md` of the start of 1-based `line` (the end of the text past the last line).
    fn start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.md.len())
    }

    /// Offset in `md` of the end of `line`, before its line break.
    fn end(&self, line: usize) -> usize {
        let end = self
            .starts
            .get(line)
            .map_or(self.md.len(), |&s| s.saturating_sub(1));
        let start = self.start(line).min(end);
        start + self.md[start..end].trim_end_matches('\r').len()
    }

    /// The byte range of 1-based `line` in `md`, without its line break.
    fn range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.start(line);
        start..self.end(line).max(start)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.base + start,
            end: self.base + end.max(start),
        }
    }
}

/// Reads the Markdown that starts at byte `md_start` of `text`.
pub(super) fn read(text: &str, md_start: usize) -> Sections {
    let md = &text[md_start..];
    // Lines end as CommonMark (and comrak's positions) say: at `\n`, `\r\n`, or a `\r` alone.
    let bytes = md.as_bytes();
    let mut starts = vec![0];
    starts.extend(
        (0..bytes.len())
            .filter(|&i| {
                bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            })
            .map(|i| i + 1),
    );
    let lines = Lines {
        md,
        base: md_start,
        starts,
    };
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, md, &markdown_options());
    let blocks: Vec<&AstNode<'_>> = root.children().collect();
    let heading = blocks.iter().rposition(|n| is_recommendations_heading(n));
    let body_end = heading.map_or(md.len(), |i| {
        lines.start(blocks[i].data().sourcepos.start.line)
    });
    let (b0, b1) = trim_blank_lines(md, body_end);
    let mut sections = Sections {
        body: (md[b0..b1].to_string(), lines.span(b0, b1)),
        recommendations: None,
        problems: Vec::new(),
    };
    if let Some(i) = heading {
        sections.recommendations = Some(recommendations(
            &lines,
            blocks[i],
            &blocks[i + 1..],
            &mut sections.problems,
        ));
    } else if let Some(problem) =
        unclosed_fence(&lines, root).or_else(|| unclosed_html(&lines, &blocks))
    {
        sections.problems.push(problem);
    } else if let Some(problem) = misnamed_heading(&lines, &blocks) {
        sections.problems.push(problem);
    }
    sections
}

/// A heading that was meant to be `## Recommendations` (`## Recommendations:`,
/// `### Recommendations`, the French `## Recommandations` …): said at the heading, since its
/// list is read as part of the body and the entry would only be told that its recommendations
/// are missing (found by a tester). Failing that, a last heading followed by nothing but a list
/// (`## التوصيات`, `## 推奨事項`: the heading translated into the entry's language).
fn misnamed_heading<'a>(lines: &Lines<'_>, blocks: &[&'a AstNode<'a>]) -> Option<Problem> {
    let is_heading = |n: &&&'a AstNode<'a>| matches!(&n.data().value, NodeValue::Heading(_));
    // The word in the languages written in Latin letters that contributors use (found by a
    // tester: Swahili, German and Italian headings were not told).
    // A heading's or a line's words without the marks around them (`##`, `**`, `:`).
    let bare = |text: &str| -> String {
        text.trim_matches(|c: char| matches!(c, '#' | '*' | '_' | ':') || c.is_whitespace())
            .to_lowercase()
    };
    let names_recommendations = |text: &str| {
        let text = bare(text);
        [
            "recommend",
            "recommand",
            "recomend",
            "empfehlung",
            "raccomandazion",
            "mapendekezo",
            "aanbeveling",
            "zaleceni",
            "rekomendasi",
            "rekommendation",
            "anbefaling",
            "suosituks",
            "doporučen",
            "öneri",
        ]
        .iter()
        .any(|start| text.starts_with(start))
    };
    let first_line = |n: &&&'a AstNode<'a>| &lines.md[lines.range(n.data().sourcepos.start.line)];
    // Or what a word processor or a hurried hand makes of it, a line of text just above the
    // list: `##Recommendations` (no space), `**Recommendations**`, `Recommendations:`.
    let as_text = blocks
        .iter()
        .rposition(|n| !matches!(&n.data().value, NodeValue::List(_)));
    let named_as_text = as_text.map(|at| &blocks[at]).filter(|n| {
        matches!(&n.data().value, NodeValue::Paragraph)
            && n.data().sourcepos.start.line == n.data().sourcepos.end.line
            && as_text.is_some_and(|at| at + 1 < blocks.len())
            // The word alone, not a sentence of the body ("Recommended reading:").
            && !bare(first_line(n)).contains(char::is_whitespace)
            && names_recommendations(first_line(n))
    });
    let named = blocks
        .iter()
        .rev()
        .find(|n| is_heading(n) && names_recommendations(&n.collect_text()))
        .or(named_as_text);
    // Only a heading in another script than Latin: an English heading (`## Legal basis`) over a
    // list is a section of the description, and renaming it would publish that list as the
    // recommendations (found by a reviewer).
    let last_before_a_list = || {
        let at = blocks.iter().rposition(|n| is_heading(&n))?;
        if blocks[at]
            .collect_text()
            .chars()
            .any(|c| c.is_ascii_alphabetic())
        {
            return None;
        }
        let after = &blocks[at + 1..];
        let only_lists = !after.is_empty()
            && after
                .iter()
                .all(|n| matches!(&n.data().value, NodeValue::List(_)));
        only_lists.then(|| &blocks[at])
    };
    let node = named.or_else(last_before_a_list)?;
    let line = node.data().sourcepos.start.line;
    let start = lines.start(line);
    let end = lines.end(line).max(start);
    Some(Problem {
        code: Code::MissingField,
        pointer: "/recommendations".into(),
        message: format!(
            "the recommendations must come under a heading written exactly `## Recommendations`, in English whatever the entry's language; this one is `{}`, so the list under it is read as part of the description",
            lines.md[start..end].trim()
        ),
        hint: Some("write the heading as `## Recommendations`: two `#`, the English word, nothing after it".into()),
        span: lines.span(start, end),
    })
}

/// A fenced code block that is never closed runs to the end of the file and takes the
/// `## Recommendations` heading in with it: said where the fence opens, not only as missing
/// recommendations at the top of the file.
fn unclosed_fence<'a>(lines: &Lines<'_>, root: &'a AstNode<'a>) -> Option<Problem> {
    root.descendants().find_map(|node| {
        let NodeValue::CodeBlock(code) = &node.data().value else {
            return None;
        };
        if !code.fenced || code.closed {
            return None;
        }
        let fence = char::from(code.fence_char)
            .to_string()
            .repeat(code.fence_length.max(3));
        swallowing(
            lines,
            node.data().sourcepos.start.line,
            format!("the code block that opens here with {fence} is never closed, so everything after it, the `## Recommendations` heading too, is read as code"),
            format!("add a line {fence} where the code ends"),
        )
    })
}

/// An HTML comment, or a `<pre>`, `<script>`, `<style>` or `<textarea>` block, that is never
/// closed runs to the end of the file as an open code fence does, and takes the
/// `## Recommendations` heading in with it (found by a tester: only "recommendations missing"
/// at line 1 was said). The last such block, where it opens.
fn unclosed_html<'a>(lines: &Lines<'_>, blocks: &[&'a AstNode<'a>]) -> Option<Problem> {
    let node = blocks.last()?;
    let NodeValue::HtmlBlock(html) = &node.data().value else {
        return None;
    };
    let literal = html.literal.to_lowercase();
    let (opened, close) = match html.block_type {
        1 => {
            let tag = ["pre", "script", "style", "textarea"]
                .into_iter()
                .find(|t| literal.trim_start().starts_with(&format!("<{t}")))?;
            (format!("`<{tag}>` block"), format!("</{tag}>"))
        }
        2 => ("HTML comment `<!--`".to_string(), "-->".to_string()),
        _ => return None,
    };
    if literal.contains(&close) {
        return None;
    }
    swallowing(
        lines,
        node.data().sourcepos.start.line,
        format!("the {opened} that opens here is never closed with `{close}`, so everything after it, the `## Recommendations` heading too, is read as part of it"),
        format!("add `{close}` where it ends"),
    )
}

/// The finding on a block left open at `line` of the Markdown, when a `## Recommendations`
/// heading follows it (the block swallowed it); with none, the recommendations are simply
/// missing (found by a reviewer), and that is said instead.
fn swallowing(lines: &Lines<'_>, line: usize, message: String, hint: String) -> Option<Problem> {
    let start = lines.start(line);
    if !heading_below(lines, start) {
        return None;
    }
    Some(Problem {
        code: Code::UnclosedBlock,
        pointer: "/body".into(),
        message,
        hint: Some(hint),
        span: lines.span(start, lines.end(line).max(start)),
    })
}

/// Whether a line `## Recommendations` follows byte `start` of the Markdown.
fn heading_below(lines: &Lines<'_>, start: usize) -> bool {
    lines.md[start..]
        .lines()
        .skip(1)
        .any(|l| l.trim().eq_ignore_ascii_case("## recommendations"))
}

fn is_recommendations_heading<'a>(node: &'a AstNode<'a>) -> bool {
    matches!(&node.data().value, NodeValue::Heading(h) if h.level == 2)
        && node
            .collect_text()
            .trim()
            .eq_ignore_ascii_case("recommendations")
}

/// The body's bounds in `md[..end]`: without the blank lines around it and the trailing white
/// space; the indentation of its first line is kept.
fn trim_blank_lines(md: &str, end: usize) -> (usize, usize) {
    let mut start = 0;
    for line in md[..end].split_inclusive('\n') {
        if !line.trim_matches(is_space).is_empty() {
            break;
        }
        start += line.len();
    }
    let end = start + md[start..end].trim_end_matches(is_space).len();
    (start, end)
}

/// The bullet a word processor writes that `line` starts with, if any: a bullet character
/// (`•`, `◦`, `▪` …), a dash or middle dot (`–`, `—`, `·`), Word's second-level `o` before a
/// tab, or a `-`, `*` or `+` followed by a no-break space instead of a space. Markdown reads only
/// `-`, `*` and `+` before a space or tab as bullets.
pub(super) fn foreign_bullet(line: &str) -> Option<String> {
    const BULLETS: &[char] = &[
        '•', '◦', '▪', '▫', '‣', '⁃', '●', '○', '■', '□', '►', '▸', '➢', '➤', '✓', '✔', '–', '—',
        '·', '∙', '\u{F0B7}',
    ];
    let line = line.trim_start();
    let mut chars = line.chars();
    let first = chars.next()?;
    let second = chars.next();
    let no_break = |c: Option<char>| matches!(c, Some('\u{A0}' | '\u{202F}' | '\u{2007}'));
    if BULLETS.contains(&first) {
        Some(format!("`{first}`"))
    } else if first == 'o' && second == Some('\t') {
        Some("`o` and a tab".into())
    } else if matches!(first, '-' | '*' | '+') && no_break(second) {
        Some(format!("`{first}` and a no-break space"))
    } else {
        None
    }
}

fn recommendations<'a>(
    lines: &Lines<'_>,
    heading: &'a AstNode<'a>,
    after: &[&'a AstNode<'a>],
    problems: &mut Vec<Problem>,
) -> Recommendations {
    let hpos = heading.data().sourcepos;
    let h0 = lines.start(hpos.start.line);
    let heading_span = lines.span(h0, lines.end(hpos.start.line).max(h0));
    let mut list = None;
    stray_text(lines, hpos.end.line.max(hpos.start.line), after, problems);
    for node in after {
        let pos = node.data().sourcepos;
        let span = lines.span(lines.start(pos.start.line), lines.end(pos.start.line));
        let (message, hint) = match &node.data().value {
            NodeValue::List(l) if l.list_type == ListType::Bullet && list.is_none() => {
                list = Some(*node);
                continue;
            }
            NodeValue::List(l) if l.list_type == ListType::Bullet => (
                "only one bullet list may follow the `## Recommendations` heading; this is a second one",
                "start every item with the same bullet (`- `): a different bullet character starts a new list",
            ),
            NodeValue::List(_) => (
                "the recommendations must be a bullet list (`- `), not a numbered list",
                "start each recommendation with `- `",
            ),
            // What a word processor writes for its bullets (found by a tester: recommendations
            // pasted from Word were told to move into the body).
            NodeValue::Paragraph => match foreign_bullet(&lines.md[lines.range(pos.start.line)]) {
                Some(bullet) => {
                    problems.push(Problem {
                        code: Code::WrongType,
                        pointer: "/recommendations".into(),
                        message: format!("these lines start with {bullet}, a bullet as a word processor writes it, which Markdown does not read as one: they are text, not the list of recommendations"),
                        hint: Some("start each recommendation with `- ` (a hyphen and an ordinary space) instead".into()),
                        span,
                    });
                    continue;
                }
                None => (
                    "only the bullet list of recommendations may follow the final `## Recommendations` heading",
                    "move this text above the `## Recommendations` heading, into the body",
                ),
            },
            _ => (
                "only the bullet list of recommendations may follow the final `## Recommendations` heading",
                "move this text above the `## Recommendations` heading, into the body",
            ),
        };
        problems.push(Problem {
            code: Code::WrongType,
            pointer: "/recommendations".into(),
            message: message.into(),
            hint: Some(hint.into()),
            span,
        });
    }
    let mut items = Vec::new();
    if let Some(list) = list {
        for (index, item) in list.children().enumerate() {
            let (text, span) = item_text(lines, item);
            let blocks = item.children().count();
            if blocks > 1 {
                problems.push(Problem {
                    code: Code::WrongType,
                    pointer: format!("/recommendations/{index}"),
                    message: format!("a recommendation must be one paragraph of plain text; this item holds {blocks} blocks (a blank line or a nested list inside it)"),
                    hint: Some("make each step its own `- ` item, and remove blank lines inside an item".into()),
                    span,
                });
            }
            // A word processor's bullet on a line of its own inside an item: Markdown reads it
            // as the item's continuation (found by a reviewer: "… record. • Delete records …"
            // was published as one recommendation).
            let pos = item.data().sourcepos;
            for line in pos.start.line + 1..=pos.end.line {
                let range = lines.range(line);
                if let Some(bullet) = foreign_bullet(&lines.md[range.clone()]) {
                    problems.push(Problem {
                        code: Code::WrongType,
                        pointer: format!("/recommendations/{index}"),
                        message: format!("this line starts with {bullet}, a bullet as a word processor writes it, which Markdown does not read as one: it is read as part of the recommendation above"),
                        hint: Some("start it with `- ` (a hyphen and an ordinary space) to make it a recommendation of its own".into()),
                        span: lines.span(range.start, range.end),
                    });
                }
            }
            items.push((text, span));
        }
    }
    let list_span = match (list, items.last()) {
        (Some(list), Some((_, last))) => {
            let p = list.data().sourcepos.start;
            let start = lines.start(p.line) + p.column.saturating_sub(1);
            Span {
                start: lines.base + start,
                end: last.end,
            }
        }
        _ => heading_span,
    };
    Recommendations {
        heading: heading_span,
        list: list_span,
        items,
    }
}

/// Text after the heading that no block holds: Markdown drops a link reference definition
/// (`[name]: https://…`) from what it shows, so one written below the recommendations would belong
/// to no field and be lost without a word. Each run of such lines is reported where it starts.
fn stray_text<'a>(
    lines: &Lines<'_>,
    heading_line: usize,
    after: &[&'a AstNode<'a>],
    problems: &mut Vec<Problem>,
) {
    let held = |line: usize| {
        after.iter().any(|n| {
            let pos = n.data().sourcepos;
            (pos.start.line..=pos.end.line.max(pos.start.line)).contains(&line)
        })
    };
    let mut in_run = false;
    for line in heading_line + 1..=lines.starts.len() {
        let (s, e) = (lines.start(line), lines.end(line));
        let stray = s < e && !lines.md[s..e].trim_matches(is_space).is_empty() && !held(line);
        if stray && !in_run {
            problems.push(Problem {
                code: Code::WrongType,
                pointer: "/recommendations".into(),
                message: "this text after the `## Recommendations` heading belongs to no field and would be lost (Markdown does not show a link definition such as `[name]: https://…`)".into(),
                hint: Some("move it above the `## Recommendations` heading, into the body".into()),
                span: lines.span(s, e),
            });
        }
        in_run = stray;
    }
}

/// An item's text as typed: its source lines after the bullet, each trimmed, joined with a
/// space (a soft line break reads as a space). Markdown punctuation is kept as it is.
fn item_text<'a>(lines: &Lines<'_>, item: &'a AstNode<'a>) -> (String, Span) {
    let pos = item.data().sourcepos;
    let md = lines.md;
    let mut parts = Vec::new();
    let (mut first, mut last) = (None, None);
    for line in pos.start.line..=pos.end.line.max(pos.start.line) {
        let (mut s, e) = (lines.start(line), lines.end(line));
        if line == pos.start.line {
            // Step over the indentation, the bullet character and the space after it.
            s = (s + pos.start.column.saturating_sub(1)).min(e);
            let rest = &md[s..e];
            let indent = rest.len() - rest.trim_start_matches(is_space).len();
            s += indent;
            if md[s..e].starts_with(['-', '+', '*']) {
                s += 1;
            }
        }
        let seg = &md[s..e];
        let trimmed = seg.trim_matches(is_space);
        if trimmed.is_empty() {
            continue;
        }
        let lead = seg.len() - seg.trim_start_matches(is_space).len();
        first.get_or_insert(s + lead);
        last = Some(s + lead + trimmed.len());
        parts.push(trimmed);
    }
    let start = first.unwrap_or_else(|| lines.start(pos.start.line));
    (parts.join(" "), lines.span(start, last.unwrap_or(start)))
}
