//! The front matter: YAML events → the JSON value of the entry's fields, with byte spans.
//!
//! `saphyr-parser` gives every event a span in characters of the YAML text; they are turned into
//! byte offsets of the whole `.md` text here. Scalars keep the JSON types the schema expects: a
//! plain (unquoted) scalar is `null` (`~`, `null`, nothing), `true`/`false`, a number only as the
//! value of a `year` key, and otherwise text, exactly as written (`submitted: 2026-10-01` and
//! `id: 2017` are texts). Quoted and block (`|`, `>`) scalars and scalars tagged `!!str` are
//! always texts.

use super::Problem;
use crate::diag::Code;
use crate::span::{push_token, Located, Span};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

/// Containers nested deeper than this are refused, as in JSON files.
const MAX_DEPTH: usize = 127;

/// The fields read from the front matter.
pub(super) struct FrontMatter {
    /// The root mapping (empty when the front matter holds nothing).
    pub value: Map<String, Value>,
    /// Pointer → position, in document order (a repeated key: the later one wins).
    pub spans: Vec<(String, Located)>,
    /// Findings that leave the value usable (repeated keys).
    pub problems: Vec<Problem>,
}

enum Kind {
    Map {
        map: Map<String, Value>,
        /// The key read and waiting for its value, with its span.
        key: Option<(String, Span)>,
    },
    Seq(Vec<Value>),
}

struct Frame {
    pointer: String,
    key: Option<Span>,
    start: usize,
    end: usize,
    kind: Kind,
}

struct Builder<'t> {
    text: &'t str,
    base: usize,
    /// Byte offset (within the YAML) of each character index, plus the length.
    offsets: Vec<usize>,
    stack: Vec<Frame>,
    root: Option<(Value, Span)>,
    spans: Vec<(String, Located)>,
    problems: Vec<Problem>,
}

/// Reads the YAML at `text[range]`. A fatal problem (syntax, an alias, a list at the root, …)
/// comes back as `Err`.
pub(super) fn parse(text: &str, range: std::ops::Range<usize>) -> Result<FrontMatter, Problem> {
    let yaml = &text[range.clone()];
    let mut offsets: Vec<usize> = yaml.char_indices().map(|(i, _)| i).collect();
    offsets.push(yaml.len());
    let mut b = Builder {
        text,
        base: range.start,
        offsets,
        stack: Vec::new(),
        root: None,
        spans: Vec::new(),
        problems: Vec::new(),
    };
    let mut documents = 0;
    // Where each scalar is (keys and values), to tell a comment from a `#` inside a text.
    let mut scalars: Vec<Span> = Vec::new();
    let keeps_every_word = |span: Span, anchor: usize, tag: Option<&Tag>| match dropped_word(
        text,
        range.clone(),
        span,
        anchor,
        tag,
    ) {
        Some(problem) => Err(problem),
        None => Ok(()),
    };
    if let Some(problem) = misread_line(text, range.clone()) {
        return Err(problem);
    }
    for item in Parser::new_from_str(yaml) {
        let (event, yspan) = item.map_err(|e| {
            let at = b.byte(e.marker().index());
            if e.info() == "recursion limit exceeded" {
                return too_deep(at);
            }
            if let Some(problem) = odd_space_near(text, range.clone(), at) {
                return problem;
            }
            if let Some(problem) = usual_mistake(text, range.clone(), at) {
                return problem;
            }
            fatal(
                Code::InvalidYaml,
                at,
                format!(
                    "the front matter is not valid YAML from here on (in the YAML reader's words: {})",
                    e.info()
                ),
                YAML_HINT,
            )
        })?;
        let span = Span {
            start: b.byte(yspan.start.index()),
            end: b.byte(yspan.end.index()),
        };
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(fatal(
                        Code::InvalidYaml,
                        span.start,
                        "the front matter holds more than one YAML document (a `...` line ends the first)".into(),
                        "remove the `...` line: the front matter is one block of fields between two `---` lines",
                    ));
                }
            }
            Event::Alias(_) => {
                return Err(fatal(
                    Code::InvalidYaml,
                    span.start,
                    "the front matter uses a YAML alias (`*name`); entries do not support anchors and aliases".into(),
                    "write the value out in full where the alias stands",
                ))
            }
            Event::Scalar(value, style, anchor, tag) => {
                keeps_every_word(span, anchor, tag.as_deref())?;
                scalars.push(span);
                b.scalar(&value, style, tag.as_deref(), span)?;
            }
            // An anchor on a list or a group of fields drops no text (aliases are refused).
            Event::SequenceStart(_, tag) => {
                keeps_every_word(span, 0, tag.as_deref())?;
                b.open(span, Kind::Seq(Vec::new()))?;
            }
            Event::MappingStart(_, tag) => {
                keeps_every_word(span, 0, tag.as_deref())?;
                b.open(
                    span,
                    Kind::Map {
                        map: Map::new(),
                        key: None,
                    },
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => b.close(span),
            _ => {}
        }
    }
    if let Some(problem) = comment(text, range.clone(), &scalars) {
        return Err(problem);
    }
    let value = match b.root.take() {
        None => Map::new(),
        Some((Value::Object(map), _)) => map,
        Some((other, span)) => {
            let what = match other {
                Value::Array(_) => "a list",
                _ => "a single value",
            };
            return Err(Problem {
                code: Code::NotAnObject,
                pointer: String::new(),
                message: format!(
                    "the front matter must hold the entry's fields (`id: …`, `title: …`), not {what}"
                ),
                hint: Some("write one field per line, `name: value`, between the two `---` lines".into()),
                span,
            });
        }
    };
    Ok(FrontMatter {
        value,
        spans: b.spans,
        problems: b.problems,
    })
}

/// The first YAML comment in the front matter at `text[range]`, as a problem: a `#` at the
/// start of a line or after a space, outside every scalar. YAML drops what follows it without a
/// word, so `organization: Border Unit #5 of the Ministry` would keep only "Border Unit", and a
/// note to the editors would vanish when the entry is converted or published.
fn comment(text: &str, range: std::ops::Range<usize>, scalars: &[Span]) -> Option<Problem> {
    let yaml = &text[range.clone()];
    let inside = |at: usize| scalars.iter().any(|s| s.start <= at && at < s.end);
    let at = yaml.char_indices().find_map(|(i, c)| {
        let at = range.start + i;
        let starts = c == '#' && (i == 0 || yaml[..i].ends_with([' ', '\t', '\n', '\r']));
        (starts && !inside(at)).then_some(at)
    })?;
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = text[line_start..at].trim();
    // The value before the `#`, without its field name (`organization:` alone: none).
    let value = match before.split_once(": ") {
        Some((_, v)) => v.trim(),
        None if before.ends_with(':') => "",
        None => before,
    };
    let (message, hint) = if before.is_empty() {
        (
            "the front matter holds a comment line (starting with `#`), which is not kept: it would be lost when the entry is converted or published".to_string(),
            "remove the line; a note to the editors belongs in your message to them, not in the entry",
        )
    } else if value.is_empty() {
        (
            "YAML reads ` #` as the start of a comment and drops what follows: this field is left empty".to_string(),
            "write the value itself, in double quotes if it holds a `#` (`\"Border Unit #5\"`), or remove the comment",
        )
    } else {
        (
            format!(
                "YAML reads ` #` as the start of a comment and drops what follows: the value is cut after \"{}\"",
                value.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect::<String>()
            ),
            "put the text that holds the `#` in double quotes (`\"Border Unit #5\"`), or remove the comment",
        )
    };
    Some(Problem {
        code: Code::InvalidYaml,
        pointer: String::new(),
        message,
        hint: Some(hint.into()),
        span: Span {
            start: at,
            end: at + 1,
        },
    })
}

const YAML_HINT: &str = "put a text that contains `: ` or ` #`, or that starts with one of \
`[ { * & ! | > ' \" % @` or a backquote, in double quotes; indent with spaces, not tabs, and keep \
the items of one list at the same indentation";

/// A space YAML does not read as one (a no-break space that a word processor put after a
/// colon, say), or a tab where YAML needs a space, on the line of a syntax error at byte `at`,
/// on the line before (the parser may notice it one line late) or on the line after (it may
/// report the start of the value the tab interrupts): reported at the character itself.
fn odd_space_near(text: &str, front: std::ops::Range<usize>, at: usize) -> Option<Problem> {
    let front_start = front.start;
    // Never past the front matter: a tab in the body below is no YAML's business.
    let text = &text[..front.end.min(text.len())];
    let at = at.min(text.len());
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let previous_start = text[..line_start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let next_end = text
        .get(line_end + 1..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| line_end + 1 + i);
    let (start, c, indents) = odd_space_in(text, previous_start.max(front_start), line_end)
        .or_else(|| odd_space_in(text, line_end, next_end))?;
    let (message, hint) = match c {
        '\t' if indents => (
            "this line is indented with a tab, which YAML does not allow".to_string(),
            "indent with spaces only (an editor can turn tabs into spaces)",
        ),
        '\t' => (
            "this line holds a tab where YAML needs a space".to_string(),
            "replace the tab with an ordinary space",
        ),
        _ => {
            let name = odd_space_name(c);
            (
                format!("this line holds {name}, which YAML does not read as a space"),
                "replace it with an ordinary space (word processors often put one after a colon)",
            )
        }
    };
    Some(Problem {
        code: Code::InvalidYaml,
        pointer: String::new(),
        message: format!("the front matter is not valid YAML: {message}"),
        hint: Some(hint.into()),
        span: Span {
            start,
            end: start + c.len_utf8(),
        },
    })
}

/// A value that starts with a word YAML takes for a type name (`!Kung San …`, a tag) or for a
/// name to refer back to (`&Co …`, an anchor), and leaves out of the text without a word (found
/// by a tester: titles, organisations and names were published without their first word).
/// `!!str`, which keeps a value a text, is the one tag allowed. Pointed at the word, which
/// precedes the value's own span on its line.
fn dropped_word(
    text: &str,
    front: std::ops::Range<usize>,
    span: Span,
    anchor: usize,
    tag: Option<&Tag>,
) -> Option<Problem> {
    // YAML's own type names (`!!str`, `!!int`) are no words of the text; a name of the writer's
    // (`!Kung`) is.
    let own_tag = tag.is_some_and(|t| !t.is_yaml_core_schema());
    if anchor == 0 && !own_tag {
        return None;
    }
    let mark = if own_tag { '!' } else { '&' };
    // The word stands before the value's own span, on its line (in a list `[a, !b c]` too).
    let at = span.start.clamp(front.start, front.end.min(text.len()));
    let line_start = text[front.start..at]
        .rfind('\n')
        .map_or(front.start, |i| front.start + i + 1);
    let start = text[line_start..at]
        .rfind(mark)
        .map_or(at, |i| line_start + i);
    let end = text[start..]
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
        .map_or(text.len(), |i| start + i);
    let word = &text[start..end];
    let what = if own_tag {
        "a type name (a tag)"
    } else {
        "a name to refer back to (an anchor)"
    };
    let line = text[line_start..]
        .split('\n')
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    let (_, value) = value_of(line);
    let field = line.trim_start().trim_start_matches("- ");
    let hint = match key_end(field) {
        // The whole value is the text: it goes in quotes as a whole.
        Some(colon) if value.starts_with(mark) => quoting(&field[..colon], value),
        _ => format!("put the text that starts with `{word}` in double quotes"),
    };
    Some(Problem {
        code: Code::InvalidYaml,
        pointer: String::new(),
        message: format!(
            "the front matter is not valid YAML here: a text that starts with `{mark}` is read by YAML as {what}, and `{word}` would be left out of the text"
        ),
        hint: Some(hint),
        span: Span {
            start,
            end: end.max(start + 1),
        },
    })
}

/// The mistakes contributors make most in a front matter, told in plain words at the place
/// they were made, for a syntax error the YAML reader found at byte `at` (often a line later, and
/// in its own terms: "simple key expect ':'", "did not find expected '-' indicator"; found by a
/// tester). Looked for on the lines up to the error's, nearest first: a quote or a list opened
/// and never closed, a field name without a space after its colon; then, on the error's own line,
/// an indentation unlike the line above. `None` when none of them is there.
fn usual_mistake(text: &str, front: std::ops::Range<usize>, at: usize) -> Option<Problem> {
    let end = front.end.min(text.len());
    let at = at.clamp(front.start, end);
    // The front matter's lines up to the error's, with their byte offsets, without line ends.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut start = front.start;
    for line in text[front.start..end].split_inclusive('\n') {
        if start > at {
            break;
        }
        lines.push((start, line.trim_end_matches(['\n', '\r'])));
        start += line.len();
    }
    let problem = |start: usize, len: usize, message: String, hint: String| Problem {
        code: Code::InvalidYaml,
        pointer: String::new(),
        message: format!("the front matter is not valid YAML: {message}"),
        hint: Some(hint),
        span: Span {
            start,
            end: start + len,
        },
    };
    // Only the error's line and the line above it: the reader notices a slip there or one line
    // later, and a valid line further up (a line of a `>-` text, a quoted key) must never be
    // blamed (found by a reviewer).
    let window: Vec<(usize, &str)> = lines
        .iter()
        .rev()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(2)
        .copied()
        .collect();
    for &(offset, line) in &window {
        if inside_a_text(&lines, offset) {
            continue;
        }
        let (value_at, value) = value_of(line);
        let value_start = offset + value_at;
        if let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) {
            match closing_quote(&value[1..], quote) {
                None => {
                    return Some(problem(
                        value_start,
                        1,
                        format!("the quote `{quote}` opened here is never closed"),
                        format!("end the text with `{quote}` on the same line"),
                    ))
                }
                // `"CNIL" (France)`, or a quote inside a quoted text: the text ends at the
                // second quote, and YAML cannot read what follows.
                Some(close)
                    if !value[1 + close + 1..].trim().is_empty()
                        && !value[1 + close + 1..].trim_start().starts_with(['#', ':']) =>
                {
                    let other = if quote == '"' { '\'' } else { '"' };
                    return Some(problem(
                        value_start + 1 + close,
                        1,
                        format!("the text in quotes ends at this `{quote}`, and YAML cannot read what follows it on the line"),
                        format!("put the quotes around the whole text; a text that holds `{quote}` itself goes in `{other}` quotes instead"),
                    ));
                }
                Some(_) => {}
            }
        }
        // Characters YAML reserves at the start of a plain value (`@CNIL`, `*CNIL`, `>CNIL`),
        // a list begun on its field's line (`modalities: - face`), a Markdown bullet (`* x`).
        let first = value.chars().next();
        if matches!(first, Some('@' | '`' | '%' | '*'))
            || (matches!(first, Some('>' | '|'))
                && value.len() > 1
                && !value[1..].starts_with(['-', '+', ' '])
                && !value[1..].starts_with(|c: char| c.is_ascii_digit()))
        {
            let name = line
                .trim_start()
                .trim_start_matches("- ")
                .split(':')
                .next()
                .unwrap_or_default();
            let bullet = line.trim_start().starts_with("* ");
            return Some(if bullet {
                problem(
                    offset + line.len() - line.trim_start().len(),
                    1,
                    "a list item in YAML starts with `- `, not `* `".into(),
                    format!("write `- {}`", line.trim_start()[2..].trim()),
                )
            } else {
                problem(
                    value_start,
                    1,
                    format!("a text cannot start with `{}` in YAML, which gives the character a meaning of its own", first.unwrap_or(' ')),
                    if key_end(line.trim_start().trim_start_matches("- ")).is_some() { quoting(name, value) } else { "put the whole text in double quotes".into() },
                )
            });
        }
        if let Some(item) = value
            .strip_prefix("- ")
            .filter(|_| key_end(line.trim_start()).is_some())
        {
            let name = line.trim_start().split(':').next().unwrap_or_default();
            // A field that holds a text, not a list: the text itself starts with `- ` (found
            // by a tester: told to write `title: [...]`, then that a title cannot be a list).
            const LISTS: [&str; 7] = [
                "recommendations",
                "modalities",
                "lifecycle",
                "principles",
                "principles_refused",
                "sources",
                "supersedes",
            ];
            if !LISTS.contains(&name) && name != "contributor" {
                return Some(problem(
                    value_start,
                    1,
                    format!("`{name}` holds a text, and a text cannot start with `- ` in YAML, which reads it as a list"),
                    quoting(name, value),
                ));
            }
            return Some(problem(
                value_start,
                1,
                format!("a list cannot begin on the line of its field `{name}`"),
                format!("write `{name}: [{item}]`, or put each `- item` on a line of its own below `{name}:`, indented by two spaces"),
            ));
        }
        if let Some(open) = value.chars().next().filter(|c| matches!(c, '[' | '{')) {
            let close = if open == '[' { ']' } else { '}' };
            let outside = without_quoted(value);
            // `[CNIL] France`, `[face]]`: the list ends, and more follows on the line (looked
            // for in a list without quotes, where the offsets in `outside` are the value's).
            let mut depth = 0i32;
            let end = outside.char_indices().find_map(|(i, c)| {
                depth += i32::from(c == open) - i32::from(c == close);
                (depth == 0).then_some(i)
            });
            let more_after = |e: usize| {
                let after = outside[e + 1..].trim_start();
                !after.is_empty() && !after.starts_with('#')
            };
            if let Some(end) = end.filter(|&e| more_after(e) && !value.contains(['"', '\''])) {
                return Some(problem(
                    value_start + end,
                    1,
                    format!("the list ends at this `{close}`, and YAML cannot read what follows it on the line"),
                    format!("remove what follows `{close}`; if the value is a text, not a list, put it in double quotes"),
                ));
            }
            if outside.matches(open).count() > outside.matches(close).count() {
                let what = if open == '[' {
                    "list"
                } else {
                    "group of fields"
                };
                return Some(problem(
                    value_start,
                    1,
                    format!("the {what} opened with `{open}` here is never closed with `{close}`"),
                    format!("end it with `{close}` on the same line, as in `modalities: [face, fingerprint]`"),
                ));
            }
        }
        // A plain text holding `: ` (`title: Retention: a rule`) reads as a second field.
        let plain = !value.starts_with(['"', '\'', '[', '{', '|', '>']);
        if let Some(colon) = value
            .find(": ")
            .filter(|_| plain && key_end(line.trim_start()).is_some())
        {
            let name = line.trim_start().split(':').next().unwrap_or_default();
            return Some(problem(
                value_start + colon,
                1,
                format!("the text of `{name}` holds `: `, which YAML reads as the start of another field"),
                quoting(name, value),
            ));
        }
        if let Some((name_at, name)) = key_without_space(line) {
            let colon = offset + name_at + name.len();
            return Some(problem(
                colon,
                1,
                format!("`{name}:` needs a space after its colon: YAML reads a field only as `name: value`"),
                format!("write `{name}: {}`", &line[name_at + name.len() + 1..]),
            ));
        }
        // A line at the left margin is a field of its own: `title "Retention"` lacks its colon
        // (a text running over several lines goes on indented).
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        let rest = &line[name.len()..];
        if !name.is_empty()
            && rest.starts_with([' ', '"', '\''])
            && !rest.trim_start().is_empty()
            && key_end(line).is_none()
        {
            // A field's name lacks its colon; any other words go on with the text above them
            // (found by a tester: "write `faciale: aux frontières`" for a wrapped title).
            let above_is_text = lines
                .iter()
                .rev()
                .skip_while(|&&(o, _)| o >= offset)
                .find(|(_, l)| !l.trim().is_empty())
                .is_some_and(|(_, l)| {
                    let (_, value) = value_of(l);
                    key_end(l).is_some()
                        && !value.is_empty()
                        && !value.starts_with(['"', '\'', '[', '{', '|', '>'])
                });
            let quoted = rest.trim_start().starts_with(['"', '\'']);
            if crate::model::FIELD_ORDER.contains(&name.as_str()) && (quoted || !above_is_text) {
                return Some(problem(
                    offset + name.len(),
                    1,
                    format!(
                        "`{name}` needs a colon after it: YAML reads a field only as `name: value`"
                    ),
                    format!("write `{name}: {}`", rest.trim()),
                ));
            }
            let above = lines
                .iter()
                .rev()
                .skip_while(|&&(o, _)| o >= offset)
                .find(|(_, l)| !l.trim().is_empty())
                .and_then(|(_, l)| key_end(l).map(|colon| &l[..colon]));
            if let Some(field) = above {
                return Some(problem(
                    offset,
                    name.len(),
                    format!("this line goes on with the text of `{field}` above it, but YAML reads a line at the left margin as a new field"),
                    "indent this line by two spaces, or join it to the end of the line above".to_string(),
                ));
            }
        }
    }
    // An indentation unlike the line above's, on the error's own line: the fields of one item
    // line up, and a line indented less than a field's first line ends that field.
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let mut non_blank = lines.iter().rev().filter(|(_, l)| !l.trim().is_empty());
    let &(offset, line) = non_blank.next()?;
    let &(_, above) = non_blank.next()?;
    let (own, theirs) = (indent(line), indent(above));
    let above_opens = above.trim_end().ends_with(':');
    let above_item = above.trim_start().starts_with("- ");
    // A line indented under a field's text goes on with that text: a `: ` in it is the slip.
    if own > theirs
        && !above_opens
        && key_end(above.trim_start()).is_some()
        && key_end(line.trim_start()).is_none()
    {
        if let Some(colon) = line.find(": ") {
            let name = &above.trim_start()[..key_end(above.trim_start()).unwrap_or(0)];
            return Some(problem(
                offset + colon,
                1,
                format!("the text of `{name}` goes on on this line and holds `: `, which YAML reads as the start of another field"),
                format!("write `{name}: >-` and the whole text on the lines below it, indented by two spaces"),
            ));
        }
        return None;
    }
    if own != theirs && !above_opens && !above_item && own > 0 {
        return Some(problem(
            offset + own,
            1,
            format!(
                "this line is indented by {own} space{}, the line above by {theirs}: the fields of one item must line up under each other",
                if own == 1 { "" } else { "s" }
            ),
            format!("indent this line by {theirs} spaces, as the line above"),
        ));
    }
    if above_item && own != theirs + 2 && own > theirs {
        return Some(problem(
            offset + own,
            1,
            format!(
                "this line is indented by {own} spaces: the fields of a list item line up under the first one, after `- `, here at {} spaces",
                theirs + 2
            ),
            format!("indent this line by {} spaces", theirs + 2),
        ));
    }
    None
}

/// Whether the line at `offset` is a line of a field's text rather than a line of fields: the
/// nearest line above it indented less opens a `|` or `>` block, or holds a text this line goes
/// on with.
fn inside_a_text(lines: &[(usize, &str)], offset: usize) -> bool {
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let Some(&(_, line)) = lines.iter().find(|(o, _)| *o == offset) else {
        return false;
    };
    let own = indent(line);
    let Some(&(_, parent)) = lines
        .iter()
        .rev()
        .skip_while(|&&(o, _)| o >= offset)
        .find(|(_, l)| !l.trim().is_empty() && indent(l) < own)
    else {
        return false;
    };
    let (_, value) = value_of(parent);
    let block = value.starts_with(['|', '>'])
        && value[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+') || c.is_ascii_digit());
    let plain_text = key_end(parent.trim_start().trim_start_matches("- ")).is_some()
        && !value.is_empty()
        && !value.starts_with(['"', '\'', '[', '{']);
    block || plain_text || quote_left_open(value)
}

/// Whether a value opens a quoted text that its line does not close: its next lines are text
/// too (found by a reviewer: a full-width colon on the second line of a quoted summary was
/// refused as broken YAML). In double quotes `\"` is an escaped quote; in single quotes `''` is
/// one quote, so an odd count of `'` leaves the text open.
fn quote_left_open(value: &str) -> bool {
    if let Some(rest) = value.strip_prefix('"') {
        let mut escaped = false;
        for c in rest.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => return false,
                _ => {}
            }
        }
        true
    } else if let Some(rest) = value.strip_prefix('\'') {
        rest.matches('\'').count() % 2 == 0
    } else {
        false
    }
}

/// How to write `name: value` so that YAML keeps the whole text: in double quotes, or in single
/// quotes when it holds double quotes, or as a `>-` block when it holds both.
fn quoting(name: &str, value: &str) -> String {
    // A text a word processor put in typographic quotes: the quotes are to become straight ones,
    // not to be kept inside them (found by a tester).
    let curly = value
        .strip_prefix(['\u{201C}', '\u{201E}', '\u{AB}'])
        .and_then(|v| v.strip_suffix(['\u{201D}', '\u{201C}', '\u{BB}']))
        .map(|v| v.trim_matches(['\u{A0}', '\u{202F}', ' ']));
    if let Some(inner) = curly.filter(|v| !v.contains(['"', '\\'])) {
        return format!("the quotes around the text are typographic ones, which YAML keeps as part of it: write straight double quotes, `{name}: \"{inner}\"`");
    }
    // Inside double quotes a backslash starts an escape: such a text goes in single quotes.
    if !value.contains(['"', '\\']) {
        format!("put the whole text in double quotes: `{name}: \"{value}\"`")
    } else if !value.contains('\'') {
        format!("put the whole text in single quotes: `{name}: '{value}'`")
    } else {
        format!("write `{name}: >-` and the text on the next line, indented by two spaces")
    }
}

/// Where a line's value starts (after `name: ` or `- `), and the value, trimmed at its end.
fn value_of(line: &str) -> (usize, &str) {
    let rest = line.trim_start_matches(' ');
    let mut at = line.len() - rest.len();
    let mut rest = rest;
    if let Some(item) = rest.strip_prefix("- ") {
        let trimmed = item.trim_start_matches(' ');
        at += rest.len() - trimmed.len();
        rest = trimmed;
    }
    if let Some(colon) = key_end(rest) {
        let value = &rest[colon + 1..];
        let trimmed = value.trim_start_matches(' ');
        at += colon + 1 + value.len() - trimmed.len();
        rest = trimmed;
    }
    (at, rest.trim_end())
}

/// Where the `:` after a field name is, when `text` starts with `name: ` or is `name:` alone.
fn key_end(text: &str) -> Option<usize> {
    let colon = text.find(':')?;
    let name = &text[..colon];
    let after = &text[colon + 1..];
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (is_name && (after.is_empty() || after.starts_with(' '))).then_some(colon)
}

/// A field name followed by a colon and, with no space between, its value (`area:border`), at
/// the start of a line or of a list item: the name's offset in the line, and the name.
fn key_without_space(line: &str) -> Option<(usize, &str)> {
    let rest = line.trim_start_matches(' ');
    let mut at = line.len() - rest.len();
    let rest = match rest.strip_prefix("- ") {
        Some(item) => {
            at += 2;
            item
        }
        None => rest,
    };
    let colon = rest.find(':')?;
    let name = &rest[..colon];
    let after = rest[colon + 1..].chars().next()?;
    let is_name = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        && !matches!(name, "http" | "https");
    (is_name && !after.is_whitespace() && !matches!(after, ':' | '/')).then_some((at, name))
}

/// Where the closing `quote` is in a text that followed an opening one (its byte offset in
/// `rest`), if it is there (a `\"` inside double quotes, or a doubled `''` inside single quotes,
/// does not close it).
fn closing_quote(rest: &str, quote: char) -> Option<usize> {
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                if quote == '\'' && chars.peek().map(|&(_, c)| c) == Some('\'') {
                    chars.next();
                } else {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A line with its quoted texts left out, so that a bracket inside quotes does not count.
fn without_quoted(line: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'') => quote = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// The last odd space or tab in `text[from..to]` where YAML needs a space (in the indentation,
/// after a list's `-` or a key's `:`): its byte offset, the character, and whether it is in the
/// indentation.
fn odd_space_in(text: &str, from: usize, to: usize) -> Option<(usize, char, bool)> {
    let window = text.get(from..to)?;
    window.char_indices().rev().find_map(|(i, c)| {
        let before = window[..i].rsplit('\n').next().unwrap_or_default();
        let before = before.trim_end_matches(|b: char| b == ' ' || b == '\t' || is_odd_space(b));
        let needs_space = before.is_empty() || before.ends_with([':', '-']);
        ((c == '\t' || is_odd_space(c)) && needs_space).then_some((from + i, c, before.is_empty()))
    })
}

/// A line YAML would read as something else without an error, or with one about another line:
/// indented with a no-break space (the field becomes an unknown one named `  name`), or a field
/// name followed by a full-width colon `：` as Chinese and Japanese keyboards type it (the line
/// becomes part of a text). Found by a tester, who got messages about other things. A line
/// within a text (a `|` block, a text running on) is the text's own.
fn misread_line(text: &str, front: std::ops::Range<usize>) -> Option<Problem> {
    let end = front.end.min(text.len());
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut start = front.start;
    for line in text[front.start..end].split_inclusive('\n') {
        lines.push((start, line.trim_end_matches(['\n', '\r'])));
        start += line.len();
    }
    for &(offset, line) in &lines {
        // Only a suspect line is placed among the others (which takes a look at them all).
        let suspect = line.contains(['\u{FF1A}', '\u{FE55}', '\u{FE13}'])
            || line
                .trim_start_matches([' ', '\t'])
                .starts_with(is_odd_space);
        if !suspect || inside_a_text(&lines, offset) {
            continue;
        }
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest = &line[indent..];
        if let Some(c) = rest.chars().next().filter(|&c| is_odd_space(c)) {
            if rest
                .trim_start_matches(|c: char| c == ' ' || is_odd_space(c))
                .is_empty()
            {
                continue;
            }
            return Some(fatal(
                Code::InvalidYaml,
                offset + indent,
                format!(
                    "the front matter is not valid YAML: this line is indented with {}, which YAML does not read as a space",
                    odd_space_name(c)
                ),
                "indent with ordinary spaces only (a word processor or a web page may have put a no-break space there)",
            ));
        }
        let item = rest.strip_prefix("- ").unwrap_or(rest);
        let name_end = item
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(item.len());
        let after = item[name_end..].trim_start_matches(' ');
        if let Some(colon) = after
            .chars()
            .next()
            .filter(|c| matches!(c, '\u{FF1A}' | '\u{FE55}' | '\u{FE13}'))
        {
            if name_end == 0 || key_end(item).is_some() {
                continue;
            }
            let at = offset + (line.len() - after.len());
            let mut problem = fatal(
                Code::InvalidYaml,
                at,
                format!(
                    "the front matter is not valid YAML: `{colon}` after `{}` is a full-width colon (U+{:04X}), which YAML does not read as the colon after a field name",
                    &item[..name_end],
                    u32::from(colon)
                ),
                "write the ordinary colon `:` followed by a space (switch the keyboard to half-width characters, or retype it)",
            );
            problem.span.end = at + colon.len_utf8();
            return Some(problem);
        }
    }
    None
}

fn odd_space_name(c: char) -> String {
    match c {
        '\u{a0}' => "a no-break space (U+00A0)".to_string(),
        '\u{202f}' => "a narrow no-break space (U+202F)".to_string(),
        '\u{3000}' => "a full-width space (U+3000)".to_string(),
        other => format!("a Unicode space (U+{:04X})", u32::from(other)),
    }
}

fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

fn fatal(code: Code, at: usize, message: String, hint: &str) -> Problem {
    Problem {
        code,
        pointer: String::new(),
        message,
        hint: Some(hint.into()),
        span: Span {
            start: at,
            end: at + 1,
        },
    }
}

fn too_deep(at: usize) -> Problem {
    fatal(
        Code::TooDeep,
        at,
        "lists or mappings are nested too deeply (more than 127 levels)".into(),
        "a practice entry needs at most three levels",
    )
}

impl Builder<'_> {
    fn byte(&self, char_index: usize) -> usize {
        self.base + self.offsets[char_index.min(self.offsets.len() - 1)]
    }

    /// The pointer and key span of the value that comes next.
    fn slot(&self, span: Span) -> Result<(String, Option<Span>), Problem> {
        Ok(match self.stack.last() {
            None => (String::new(), None),
            Some(Frame {
                kind: Kind::Map { key: None, .. },
                ..
            }) => {
                return Err(fatal(
                    Code::InvalidYaml,
                    span.start,
                    "a field name in the front matter is a list or a mapping".into(),
                    "field names are single words such as `title`; remove the `?` or the brackets",
                ))
            }
            Some(Frame {
                kind: Kind::Map {
                    key: Some((k, ks)), ..
                },
                pointer,
                ..
            }) => {
                let mut p = pointer.clone();
                push_token(&mut p, k);
                (p, Some(*ks))
            }
            Some(Frame {
                kind: Kind::Seq(items),
                pointer,
                ..
            }) => {
                let mut p = pointer.clone();
                push_token(&mut p, &items.len().to_string());
                (p, None)
            }
        })
    }

    fn scalar(
        &mut self,
        value: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<(), Problem> {
        let span = tighten(self.text, span, style);
        if let Some(Frame {
            kind: Kind::Map {
                map,
                key: key @ None,
            },
            pointer,
            ..
        }) = self.stack.last_mut()
        {
            if map.contains_key(value) {
                let mut member = pointer.clone();
                push_token(&mut member, value);
                self.problems.push(Problem {
                    code: Code::DuplicateKey,
                    pointer: member,
                    message: format!("the field `{value}` appears twice in the same object; only one value can be kept"),
                    hint: Some("remove one of the two, or merge them".into()),
                    span,
                });
            }
            *key = Some((value.to_string(), span));
            return Ok(());
        }
        let is_year = matches!(
            self.stack.last(),
            Some(Frame { kind: Kind::Map { key: Some((k, _)), .. }, .. }) if k == "year"
        );
        let (pointer, key) = self.slot(span)?;
        self.finish(pointer, key, resolve(value, style, tag, is_year), span);
        Ok(())
    }

    fn open(&mut self, span: Span, kind: Kind) -> Result<(), Problem> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(too_deep(span.start));
        }
        let (pointer, key) = self.slot(span)?;
        self.stack.push(Frame {
            pointer,
            key,
            start: span.start,
            end: span.end,
            kind,
        });
        Ok(())
    }

    fn close(&mut self, span: Span) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        // Flow collections end at their bracket; block ones at their last item.
        let end = if span.end > span.start {
            span.end
        } else {
            frame.end
        };
        let value = match frame.kind {
            Kind::Map { map, .. } => Value::Object(map),
            Kind::Seq(items) => Value::Array(items),
        };
        let span = Span {
            start: frame.start,
            end: end.max(frame.start),
        };
        self.finish(frame.pointer, frame.key, value, span);
    }

    fn finish(&mut self, pointer: String, key: Option<Span>, value: Value, span: Span) {
        self.spans.push((pointer, Located { value: span, key }));
        match self.stack.last_mut() {
            None => self.root = Some((value, span)),
            Some(parent) => {
                parent.end = parent.end.max(span.end);
                match &mut parent.kind {
                    Kind::Map { map, key } => {
                        if let Some((k, _)) = key.take() {
                            map.insert(k, value);
                        }
                    }
                    Kind::Seq(items) => items.push(value),
                }
            }
        }
    }
}

/// The JSON value of a scalar (see the module comment).
pub(super) fn resolve(text: &str, style: ScalarStyle, tag: Option<&Tag>, is_year: bool) -> Value {
    let forced_text = tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
    if style != ScalarStyle::Plain || forced_text {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if is_year {
        if let Some(n) = number(text) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_string())
}

/// A decimal integer or float as YAML's core schema reads it (`2017`, `+5`, `2017.0`, `1e3`).
pub(super) fn number(text: &str) -> Option<Number> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let unsigned = text.strip_prefix('+').unwrap_or(text);
        if let Ok(i) = unsigned.parse::<i64>() {
            return Some(Number::from(i));
        }
        if let Ok(u) = unsigned.parse::<u64>() {
            return Some(Number::from(u));
        }
    }
    let float_chars = text
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    if float_chars && text.bytes().any(|b| b.is_ascii_digit()) {
        let value = text.parse::<f64>().ok()?;
        // `2017.0` is the year 2017, and is written back as such (`convert` wrote `2017.0`).
        if value.fract() == 0.0 && value.abs() < 9.0e15 {
            return Some(Number::from(value as i64));
        }
        return Number::from_f64(value);
    }
    None
}

/// Narrows a scalar's span to the scalar itself: a quoted scalar ends at its closing quote
/// (the parser's span runs on over a trailing comment), a block scalar before its last line break.
fn tighten(text: &str, span: Span, style: ScalarStyle) -> Span {
    let quote = match style {
        ScalarStyle::DoubleQuoted => b'"',
        ScalarStyle::SingleQuoted => b'\'',
        _ => {
            let raw = text.get(span.start..span.end).unwrap_or("");
            let end = span.start + raw.trim_end().len();
            return Span {
                start: span.start,
                end,
            };
        }
    };
    let bytes = text.as_bytes();
    let Some(open) = (span.start..span.end.min(bytes.len())).find(|&i| bytes[i] == quote) else {
        return span;
    };
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => {
                return Span {
                    start: span.start,
                    end: i + 1,
                }
            }
            _ => i += 1,
        }
    }
    span
}
