//! JSON entry → Markdown entry: the front matter in schema order, then the body, then the
//! recommendations as a bullet list under `## Recommendations`.
//!
//! Texts are written plain when YAML reads them back unchanged, folded (`>-`, cut at single
//! spaces) when they are long, and in double quotes otherwise (so that `2017`, `null`, `: ` or a
//! leading `#` stay texts). Lists of short ids are written `[a, b]`, other lists one item a line.

use super::yaml::number;
use crate::diag::Code;
use serde_json::{Map, Value};

/// Lines are cut near this many characters.
const WIDTH: usize = 100;

/// The entry's fields in schema order, except `body` and `recommendations`, which go below the
/// front matter.
fn front_matter_fields() -> Vec<&'static str> {
    crate::model::FIELD_ORDER
        .iter()
        .copied()
        .filter(|f| *f != "body" && *f != "recommendations")
        .collect()
}

/// Fields left out of the front matter.
const SKIP: &[&str] = &["$schema", "body", "recommendations"];

/// The order of the members of the objects under a top-level field.
fn member_order(field: &str) -> &'static [&'static str] {
    match field {
        "sources" => &["title", "publisher", "year", "url"],
        "contributor" => &["name", "organization", "email"],
        "principles_refused" => &["principle", "reason"],
        _ => &[],
    }
}

/// Writes a JSON entry value as a Markdown entry (see the module comment of
/// [`crate::load::markdown`]). `$schema` is dropped. Any value is accepted; a valid entry reads
/// back equal (without `$schema`) through [`super::parse_markdown_entry`].
pub fn to_markdown(value: &Value) -> String {
    let mut out = String::from("---\n");
    let empty = Map::new();
    let map = value.as_object().unwrap_or(&empty);
    mapping(&mut out, map, &front_matter_fields(), SKIP, 0, None);
    out.push_str("---\n");
    if let Some(Value::String(body)) = map.get("body") {
        out.push_str(body);
        out.push('\n');
    }
    if let Some(Value::Array(items)) = map.get("recommendations") {
        out.push_str("\n## Recommendations\n\n");
        for item in items {
            let text = match item {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.push_str("- ");
            out.push_str(&text);
            out.push('\n');
        }
    }
    out
}

/// The fields of `value` that the Markdown entry `markdown` (made from it by [`to_markdown`])
/// would not carry back, in name order: empty when it reads back the same (`$schema` aside, the
/// body's white space at its ends aside, numbers by value). A body that leaves a code block or an
/// HTML block open, for one, swallows the recommendations written below it.
pub fn lost_in_markdown(value: &Value, markdown: &str) -> Vec<String> {
    let back = super::super::parse_bytes(std::path::Path::new("entry.md"), markdown.as_bytes());
    let empty = Map::new();
    let original = value.as_object().unwrap_or(&empty);
    let Some(back) = back.document else {
        return original
            .keys()
            .filter(|k| *k != "$schema")
            .cloned()
            .collect();
    };
    let read = back.value.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = original.keys().chain(read.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| *k != "$schema")
        .filter(|k| {
            let (a, b) = (original.get(*k), read.get(*k));
            match (k.as_str(), a, b) {
                ("body", Some(Value::String(a)), Some(Value::String(b))) => {
                    a.trim_matches(['\n', '\r', ' ', '\t'])
                        != b.trim_matches(['\n', '\r', ' ', '\t'])
                }
                (_, Some(a), Some(b)) => !same(a, b),
                _ => true,
            }
        })
        .cloned()
        .collect()
}

/// Why `field` of `value` (one of [`lost_in_markdown`]'s) would not read back from the Markdown
/// form, in plain words for the message that refuses to write it.
pub fn why_lost(value: &Value, field: &str) -> &'static str {
    match field {
        "recommendations" => {
            let items = value.get("recommendations").and_then(Value::as_array);
            let awkward = items.is_some_and(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|s| s != s.trim() || s.contains(['\n', '\r']))
            });
            if awkward {
                "a recommendation starts or ends with white space or holds a line break, which an item of a Markdown list does not keep"
            } else {
                "the body leaves a code block or an HTML block open, and it takes in the recommendations written below it"
            }
        }
        "body" => "the body leaves a code block or an HTML block open, or holds a `## Recommendations` heading of its own",
        _ => "the front matter would not read back as written",
    }
}

/// `lost` (from [`lost_in_markdown`]) in words: "`a` and `b` would not read back as written
/// (why; why)", each reason once.
pub fn describe_lost(value: &Value, lost: &[String]) -> String {
    // A block the description leaves open is the one cause, said where it opens (found by a
    // tester: the reasons of both fields were given, one of them not the case).
    let body = value
        .get("body")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let probe = format!("---\nid: probe\n---\n{body}\n\n## Recommendations\n\n- A step.\n");
    let read = super::super::parse_bytes(std::path::Path::new("probe.md"), probe.as_bytes());
    if let Some(open) = read
        .diagnostics
        .iter()
        .find(|d| d.code == Code::UnclosedBlock)
    {
        // Lines of the description: the probe's front matter takes three.
        let line = open.line.saturating_sub(3);
        let what = open
            .message
            .split(" that opens here")
            .next()
            .unwrap_or("a block");
        let close = open.hint.as_deref().unwrap_or_default();
        let fields: Vec<String> = lost.iter().map(|f| format!("`{f}`")).collect();
        return format!(
            "{what} on line {line} of the description is never closed, so the `## Recommendations` written below it would be read as part of it, and {} would not read back as written ({close})",
            fields.join(" and ")
        );
    }
    let fields: Vec<String> = lost.iter().map(|f| format!("`{f}`")).collect();
    let mut reasons: Vec<&str> = Vec::new();
    for field in lost {
        let why = why_lost(value, field);
        if !reasons.contains(&why) {
            reasons.push(why);
        }
    }
    format!(
        "{} would not read back as written ({})",
        fields.join(" and "),
        reasons.join("; ")
    )
}

/// Equal values, numbers compared by value (`2020` and `2020.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Members in `order` first, then the others in the map's order, less `skip`.
fn mapping(
    out: &mut String,
    map: &Map<String, Value>,
    order: &[&str],
    skip: &[&str],
    indent: usize,
    field: Option<&str>,
) {
    let known = order.iter().filter_map(|k| map.get_key_value(*k));
    let others = map.iter().filter(|(k, _)| !order.contains(&k.as_str()));
    for (key, value) in known.chain(others) {
        if skip.contains(&key.as_str()) {
            continue;
        }
        let key_text = scalar_text(key);
        out.push_str(&" ".repeat(indent));
        out.push_str(&key_text);
        out.push(':');
        let field = field.unwrap_or(key);
        after_key(
            out,
            value,
            indent,
            indent + key_text.chars().count() + 2,
            field,
        );
    }
}

/// Writes what follows `key:` (or `-`): ` value\n`, or a line break and a nested block.
/// `column` is where an inline value would start.
fn after_key(out: &mut String, value: &Value, indent: usize, column: usize, field: &str) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            mapping(out, m, member_order(field), &[], indent + 2, Some(field));
        }
        Value::Array(items) if !items.is_empty() => match flow(items) {
            Some(text) if column + text.chars().count() <= WIDTH => {
                out.push(' ');
                out.push_str(&text);
                out.push('\n');
            }
            _ => {
                out.push('\n');
                sequence(out, items, indent + 2, field);
            }
        },
        Value::Object(_) => out.push_str(" {}\n"),
        Value::Array(_) => out.push_str(" []\n"),
        Value::String(s) => string(out, s, indent + 2, column),
        Value::Null => out.push_str(" null\n"),
        Value::Bool(b) => out.push_str(if *b { " true\n" } else { " false\n" }),
        Value::Number(n) => {
            out.push(' ');
            out.push_str(&n.to_string());
            out.push('\n');
        }
    }
}

/// A block sequence, items at `indent`.
fn sequence(out: &mut String, items: &[Value], indent: usize, field: &str) {
    let pad = " ".repeat(indent);
    for item in items {
        // A nested block starts on the dash's line: write it one level deeper, then put the
        // dash over its first indentation.
        let mut nested = String::new();
        match item {
            Value::Object(m) if !m.is_empty() => {
                mapping(
                    &mut nested,
                    m,
                    member_order(field),
                    &[],
                    indent + 2,
                    Some(field),
                );
            }
            Value::Array(a) if !a.is_empty() && flow(a).is_none() => {
                sequence(&mut nested, a, indent + 2, field);
            }
            other => {
                out.push_str(&pad);
                out.push('-');
                after_key(out, other, indent, indent + 2, field);
                continue;
            }
        }
        out.push_str(&pad);
        out.push_str("- ");
        out.push_str(&nested[indent + 2..]);
    }
}

/// `[a, b]` when every item is a short id that needs no quotes.
fn flow(items: &[Value]) -> Option<String> {
    let words: Option<Vec<&str>> = items
        .iter()
        .map(|v| match v {
            Value::String(s)
                if !s.is_empty()
                    && s.len() <= 40
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
                    && plain_ok(s) =>
            {
                Some(s.as_str())
            }
            _ => None,
        })
        .collect();
    Some(format!("[{}]", words?.join(", ")))
}

/// Writes ` text\n`, folded over several lines when it is long.
fn string(out: &mut String, s: &str, content_indent: usize, column: usize) {
    let flat = scalar_text(s);
    if column + flat.chars().count() > WIDTH && foldable(s) {
        out.push_str(" >-\n");
        let pad = " ".repeat(content_indent);
        for line in fold(s, WIDTH.saturating_sub(content_indent).max(40)) {
            out.push_str(&pad);
            out.push_str(line);
            out.push('\n');
        }
    } else {
        out.push(' ');
        out.push_str(&flat);
        out.push('\n');
    }
}

/// The text plain when YAML reads it back unchanged as a text, else double-quoted.
fn scalar_text(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        quote(s)
    }
}

/// Characters YAML does not take as they are (or that read as line breaks).
fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// Whether `s` can be written as a plain scalar (in block context; [`flow`] is stricter) and read
/// back as the same text by [`super::yaml::resolve`] (and by other YAML readers).
fn plain_ok(s: &str) -> bool {
    const INDICATORS: &[char] = &[
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', '.', '+', ' ',
    ];
    const RESERVED: &[&str] = &[
        "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
        "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
        "<<",
    ];
    !s.is_empty()
        && !s.starts_with(INDICATORS)
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(unprintable)
        && !RESERVED.contains(&s)
        && number(s).is_none()
}

/// A double-quoted YAML scalar (JSON-style escapes, which YAML reads the same way).
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if unprintable(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a folded (`>-`) scalar reads back as exactly `s`.
fn foldable(s: &str) -> bool {
    !s.is_empty() && !s.starts_with(' ') && !s.ends_with(' ') && !s.chars().any(unprintable)
}

/// Cuts `s` into lines of about `width` characters at single spaces between two other
/// characters (folding joins such lines with one space again). A word longer than the width
/// stays whole.
fn fold(s: &str, width: usize) -> Vec<&str> {
    let bytes = s.as_bytes();
    let breaks = (1..bytes.len().saturating_sub(1))
        .filter(|&i| bytes[i] == b' ' && bytes[i - 1] != b' ' && bytes[i + 1] != b' ');
    let mut lines = Vec::new();
    let (mut line_start, mut piece_start) = (0, 0);
    let mut prev_end = None;
    for end in breaks.chain(std::iter::once(s.len())) {
        if let Some(pe) = prev_end {
            if s[line_start..end].chars().count() > width {
                lines.push(&s[line_start..pe]);
                line_start = piece_start;
            }
        }
        prev_end = Some(end);
        piece_start = end + 1;
    }
    lines.push(&s[line_start..]);
    lines
}
