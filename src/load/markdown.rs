//! Markdown practice entries: a YAML front matter with the fields, the body in CommonMark, and
//! the recommendations as a bullet list; read into the same [`Document`] a JSON entry gives, and
//! written back from a JSON entry by [`to_markdown`].
//!
//! ```text
//! ---
//! id: eu-ees-retention-limits
//! title: Fixed retention periods in the EU Entry/Exit System
//! summary: >-
//!   Plain-text summary, folded over several lines: single line breaks
//!   read as spaces.
//! area: border-management
//! modalities: [face, fingerprint]
//! lifecycle:
//!   - retention
//!   - deletion
//! sources:
//!   - title: Regulation (EU) 2017/2226
//!     publisher: European Parliament and Council
//!     year: 2017
//!     url: https://eur-lex.europa.eu/eli/reg/2017/2226/oj
//! contributor:
//!   name: Compendium editorial team
//! submitted: 2026-10-01
//! language: en
//! license: CC-BY-4.0
//! status: accepted
//! ---
//! The body in CommonMark: everything after the front matter, up to a final
//! `## Recommendations` heading.
//!
//! ## Recommendations
//!
//! - First actionable step.
//! - Second actionable step, which may be
//!   wrapped over several lines.
//! ```
//!
//! The rules:
//!
//! - The file starts with a line `---`; the front matter ends at the next line that is exactly
//!   `---` (trailing spaces allowed). It holds every field of the entry except `body` and
//!   `recommendations`, which have one place only: writing either in the front matter is an
//!   `unknown-field` error.
//! - Front matter values keep the JSON types of the schema. An unquoted value is `null` when it
//!   is empty, `~` or `null`; `true`/`false` are booleans; under a `year` key a plain number is a
//!   number; everything else is text exactly as written, so `submitted: 2026-10-01`,
//!   `id: 2017` and `license: 1.0` are texts. Quoted values, `|`/`>` blocks and `!!str` values
//!   are always texts (`year: "2017"` is a text, and the schema reports it).
//!   Aliases (`*a`) are refused (an anchor `&a` alone is ignored); a field written twice is a
//!   `duplicate-key` error (the later value is kept, as in JSON files).
//! - `body` is the Markdown between the front matter and the final level-2 heading
//!   `Recommendations` (any case; an earlier heading of that name is part of the body), exactly
//!   as typed, without the blank lines around it and trailing white space.
//! - `recommendations` are the items of the one bullet list that must follow that heading,
//!   nothing else after it. Each item is its source text after the bullet, lines trimmed and
//!   joined with one space: Markdown punctuation (`*`, `` ` ``) stays as typed, like in a JSON
//!   entry. An item with several blocks (a blank line, a nested list) is an error. Without the
//!   heading there is no `recommendations` field (and the schema says it is missing).
//!
//! Every value is located in the `.md` text (the root `""` spans the front matter, `/body` the
//! body, `/recommendations` the list, each item its text), so findings name its line and column.
//!
//! Not every JSON entry can be written as Markdown: the writer trims the body and the
//! recommendation items like the reader does, and a body that ends inside an unclosed code fence
//! or HTML comment would swallow the `## Recommendations` heading.

mod sections;
#[cfg(test)]
mod tests;
mod write;
mod yaml;

pub use write::{describe_lost, lost_in_markdown, to_markdown};

use super::{Document, Loaded};
use crate::diag::{Code, Diagnostic};
use crate::span::{LineIndex, Located, Span, SpanMap};
use serde_json::Value;
use std::path::Path;

/// A finding before it is placed on a line: a byte span of the `.md` text.
pub(super) struct Problem {
    code: Code,
    pointer: String,
    message: String,
    hint: Option<String>,
    span: Span,
}

impl Problem {
    fn at_start(code: Code, message: &str, hint: &str) -> Problem {
        Problem {
            code,
            pointer: String::new(),
            message: message.into(),
            hint: Some(hint.into()),
            span: Span { start: 0, end: 1 },
        }
    }

    fn diagnostic(self, path: &Path, text: &str, lines: &LineIndex) -> Diagnostic {
        let (line, column, width) = lines.locate(text, self.span);
        let d = Diagnostic::new(self.code, path, self.pointer, self.message);
        match self.hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
        .at(line, column, width)
    }
}

/// The parts of the file around the front matter (byte offsets).
struct Split {
    /// From the opening `---` to the end of the closing one.
    front: Span,
    /// The YAML between the two `---` lines.
    yaml: std::ops::Range<usize>,
    /// Where the Markdown starts (after the closing line).
    markdown: usize,
}

const FRONT_MATTER_HINT: &str = "start the file with a line `---`, then the fields one per line \
(`id: …`, `title: …`, `summary: …` and so on), then another line `---`; the body follows, and the \
recommendations come last as a bullet list under `## Recommendations`";

fn split(text: &str) -> Result<Split, Problem> {
    let begin = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let lines = text[begin..].split_inclusive('\n').scan(begin, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    });
    let is_delimiter = |line: &str| line.trim_end() == "---";
    let all: Vec<(usize, &str)> = lines.collect();
    match all.first() {
        Some((_, line)) if is_delimiter(line) => {}
        // Word's AutoCorrect turns `---` into a dash (found by a tester).
        Some(&(start, line)) if dash_line(line).is_some() => {
            return Err(Problem {
                span: Span {
                    start,
                    end: start + line.trim_end().len(),
                },
                ..Problem::at_start(
                    Code::MissingFrontMatter,
                    &format!(
                        "the first line holds {}, not the three hyphens `---` that open the front matter",
                        dash_line(line).unwrap_or_default()
                    ),
                    DASH_HINT,
                )
            });
        }
        // Empty lines above the opening `---`, as pasting leaves (found by a tester).
        Some((_, line)) if line.trim().is_empty() => {
            if let Some(&(start, _)) = all
                .iter()
                .find(|(_, l)| !l.trim().is_empty())
                .filter(|(_, l)| is_delimiter(l))
            {
                return Err(Problem {
                    span: Span {
                        start,
                        end: start + 3,
                    },
                    ..Problem::at_start(
                        Code::MissingFrontMatter,
                        "empty lines stand above the `---` that opens the front matter, which must be the file's first line",
                        "delete the empty lines above the first `---`",
                    )
                });
            }
            return Err(Problem::at_start(
                Code::MissingFrontMatter,
                "a Markdown entry must start with its fields between two lines `---` (the front matter)",
                FRONT_MATTER_HINT,
            ));
        }
        _ => {
            return Err(Problem::at_start(
                Code::MissingFrontMatter,
                "a Markdown entry must start with its fields between two lines `---` (the front matter)",
                FRONT_MATTER_HINT,
            ))
        }
    }
    let lines = all.iter().skip(1).copied();
    let yaml_start = text[begin..]
        .find('\n')
        .map_or(text.len(), |i| begin + i + 1);
    for (start, line) in lines {
        if is_delimiter(line) {
            return Ok(Split {
                front: Span {
                    start: begin,
                    end: start + line.trim_end().len(),
                },
                yaml: yaml_start..start,
                markdown: start + line.len(),
            });
        }
    }
    // A closing line that a word processor turned into a dash.
    if let Some(&(start, line)) = all.iter().skip(1).find(|(_, l)| dash_line(l).is_some()) {
        return Err(Problem {
            span: Span {
                start,
                end: start + line.trim_end().len(),
            },
            ..Problem::at_start(
                Code::InvalidYaml,
                &format!(
                    "this line holds {}, where the three hyphens `---` that close the front matter are expected",
                    dash_line(line).unwrap_or_default()
                ),
                DASH_HINT,
            )
        });
    }
    Err(Problem {
        span: Span {
            start: begin,
            end: begin + 3,
        },
        ..Problem::at_start(
            Code::InvalidYaml,
            "the front matter that opens on line 1 is never closed by a line `---`",
            "add a line `---` after the last field, before the body",
        )
    })
}

const DASH_HINT: &str =
    "write the line as three hyphens `---` (a word processor's AutoCorrect turns \
them into a dash: edit entries in a plain-text editor, or turn AutoCorrect off)";

/// A line of dashes that is not `---`, in words (`` `—` (an em dash, U+2014) ``), as a word
/// processor leaves the front matter's lines: only dashes and spaces, at least one of them a
/// typographic dash, or two or four and more hyphens. A lone `-` is YAML's (an empty list item).
fn dash_line(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let dashes: Vec<char> = trimmed.chars().filter(|c| *c != ' ').collect();
    let is_dash = |c: char| {
        matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
        )
    };
    let typographic = dashes.iter().any(|&c| c != '-');
    if dashes.is_empty()
        || !dashes.iter().all(|&c| is_dash(c))
        || trimmed == "---"
        || (!typographic && (dashes.len() == 1 || dashes.len() == 3))
    {
        return None;
    }
    let name = match dashes.iter().find(|&&c| c != '-') {
        Some('\u{2014}') => "an em dash, U+2014".to_string(),
        Some('\u{2013}') => "an en dash, U+2013".to_string(),
        Some(&c) => format!("a dash, U+{:04X}", u32::from(c)),
        None => format!("{} hyphens", dashes.len()),
    };
    Some(format!("`{trimmed}` ({name})"))
}

/// Reads a Markdown entry (see the module comment) into a [`Document`] whose text is `text`,
/// whose value is the JSON value the same entry written as JSON would give, and whose spans are
/// positions in `text`; with findings about what could not be read. `text` is the whole file
/// (the caller has checked the size, the encoding and NUL bytes).
pub fn parse_markdown_entry(path: &Path, text: &str) -> Loaded {
    let text = &lone_carriage_returns_as_newlines(text);
    let lines = LineIndex::new(text);
    let mut out = Loaded::default();
    let mut problems = Vec::new();
    let document = read(text, &mut problems);
    out.diagnostics = problems
        .into_iter()
        .map(|p| p.diagnostic(path, text, &lines))
        .collect();
    out.document = document.map(|(value, spans)| Document::with_spans(path, text, value, spans));
    out
}

/// A file saved with old Mac line endings (a lone `\r` ends each line) read as if each were
/// `\n`: one byte for one, so every position in the file stays where it was.
fn lone_carriage_returns_as_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return text.into();
    }
    let unified: Vec<u8> = (0..bytes.len())
        .map(|i| if lone(i) { b'\n' } else { bytes[i] })
        .collect();
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(unified)
        .unwrap_or_else(|_| text.to_string())
        .into()
}

fn read(text: &str, problems: &mut Vec<Problem>) -> Option<(Value, SpanMap)> {
    if text.trim_start_matches('\u{FEFF}').trim().is_empty() {
        problems.push(Problem::at_start(
            Code::EmptyFile,
            "the file is empty",
            "start from an existing entry, or write the front matter, the body and the recommendations",
        ));
        return None;
    }
    let parts = split(text).map_err(|p| problems.push(p)).ok()?;
    let front = yaml::parse(text, parts.yaml.clone())
        .map_err(|p| problems.push(p))
        .ok()?;
    problems.extend(front.problems);
    let mut map = front.value;
    let mut spans = SpanMap::default();
    let below = |p: &str, field: &str| {
        p.strip_prefix(field)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    let mut misplaced = Vec::new();
    for (pointer, located) in front.spans {
        if pointer == "/body" || pointer == "/recommendations" {
            misplaced.extend(located.key.map(|k| (pointer.clone(), k)));
        }
        if pointer.is_empty() || below(&pointer, "/body") || below(&pointer, "/recommendations") {
            continue;
        }
        spans.insert(pointer, located);
    }
    for (field, hint) in [
        ("body", "the body is the Markdown text after the closing `---` line; move the text there"),
        ("recommendations", "write the recommendations as a bullet list (`- `) under a `## Recommendations` heading at the end of the file"),
    ] {
        if map.remove(field).is_some() {
            let pointer = format!("/{field}");
            let at = misplaced.iter().filter(|(p, _)| *p == pointer).map(|(_, s)| *s);
            for span in at {
                problems.push(Problem {
                    code: Code::UnknownField,
                    pointer: pointer.clone(),
                    message: format!("`{field}` cannot be a field of the front matter of a Markdown entry"),
                    hint: Some(hint.into()),
                    span,
                });
            }
        }
    }
    spans.insert(
        "",
        Located {
            value: parts.front,
            key: None,
        },
    );
    let sections = sections::read(text, parts.markdown);
    problems.extend(sections.problems);
    let (body, body_span) = sections.body;
    map.insert("body".into(), Value::String(body));
    spans.insert(
        "/body",
        Located {
            value: body_span,
            key: Some(body_span),
        },
    );
    if let Some(recs) = sections.recommendations {
        spans.insert(
            "/recommendations",
            Located {
                value: recs.list,
                key: Some(recs.heading),
            },
        );
        let mut items = Vec::with_capacity(recs.items.len());
        for (i, (item, span)) in recs.items.into_iter().enumerate() {
            spans.insert(
                format!("/recommendations/{i}"),
                Located {
                    value: span,
                    key: None,
                },
            );
            items.push(Value::String(item));
        }
        map.insert("recommendations".into(), Value::Array(items));
    }
    Some((Value::Object(map), spans))
}
