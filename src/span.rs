//! Source positions for JSON values: maps an RFC 6901 JSON pointer to where its value (and its key)
//! stands in the text, and finds keys that appear twice in one object.
//!
//! `serde_json` checks the syntax and builds the value; it keeps no positions and silently keeps
//! the last of two equal keys. This module makes one more, cheap pass over text that is already
//! known to be well-formed JSON, so that every finding can name a line and a column. It never
//! recurses (a stack of frames instead) and never panics, even on text that is not JSON.

use std::collections::HashMap;

/// A byte range in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

/// Where one value stands: the value itself and, for object members, its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// The value (for objects and arrays, from the opening to the closing bracket).
    pub value: Span,
    /// The member's key, quotes included; `None` for array items and the root.
    pub key: Option<Span>,
}

/// A key that appears a second (or later) time in the same object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer to the member (`/contributor/name`).
    pub pointer: String,
    /// The decoded key.
    pub key: String,
    /// Where the repeated key stands.
    pub span: Span,
}

/// Pointer → position for every value of a document, and the duplicate keys found.
#[derive(Debug, Default, Clone)]
pub struct SpanMap {
    entries: HashMap<String, Located>,
    /// Keys repeated within one object, in the order they appear.
    pub duplicates: Vec<DuplicateKey>,
}

impl SpanMap {
    /// Locates every value of `text`, which should be well-formed JSON. On other text the map is
    /// partial but the call still returns.
    pub fn build(text: &str) -> SpanMap {
        Scanner::new(text).run()
    }

    /// The position of the value at `pointer`, if there is one.
    pub fn get(&self, pointer: &str) -> Option<&Located> {
        self.entries.get(pointer)
    }

    /// The nearest located value at or above `pointer` (for a pointer into a value that does not
    /// exist, such as a missing key, this is its parent object).
    pub fn nearest(&self, pointer: &str) -> Option<(&str, &Located)> {
        let mut p = pointer;
        loop {
            if let Some((k, v)) = self.entries.get_key_value(p) {
                return Some((k.as_str(), v));
            }
            if p.is_empty() {
                return None;
            }
            p = match p.rfind('/') {
                Some(i) => &p[..i],
                None => "",
            };
        }
    }

    /// Records where the value at `pointer` stands (for sources other than JSON text, such as a
    /// Markdown entry's front matter).
    pub fn insert(&mut self, pointer: impl Into<String>, located: Located) {
        self.entries.insert(pointer.into(), located);
    }

    /// How many values were located.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no value was located.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Decodes one reference token of a JSON pointer (`~1` → `/`, `~0` → `~`).
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Converts byte offsets to 1-based line and column numbers (columns count characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`. A line ends at `\n`, `\r\n` or a lone `\r` (files
    /// saved with old Mac line endings), as an editor shows it.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line and column of the byte at `offset` (clamped to the text).
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text[start..offset].chars().count() + 1;
        (line, column)
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(text.len(), |&s| s);
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.max(start).min(text.len()));
        let line = &text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        line.strip_suffix('\r').unwrap_or(line)
    }

    /// Line, column and width in characters (cut at the end of the line) of `span`.
    pub fn locate(&self, text: &str, span: Span) -> (usize, usize, usize) {
        let (line, column) = self.position(text, span.start);
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let width = text[start..end]
            .split(['\n', '\r'])
            .next()
            .unwrap_or("")
            .chars()
            .count();
        (line, column, width.max(1))
    }
}

/// The byte range of the first `c` in `raw`, a value as written in an entry: the character
/// itself, or, in a text in double quotes, an escape that stands for it (`\t`, `\n`, `\u0007`,
/// YAML's `\x07`).
pub fn find_character(raw: &str, c: char) -> Option<(usize, usize)> {
    if let Some(at) = raw.find(c) {
        return Some((at, at + c.len_utf8()));
    }
    if !raw.starts_with('"') {
        return None;
    }
    let mut rest = raw.char_indices();
    while let Some((i, ch)) = rest.next() {
        if ch != '\\' {
            continue;
        }
        let Some((_, kind)) = rest.next() else { break };
        let hex = |n: usize| {
            raw.get(i + 2..i + 2 + n)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
        };
        let (stands_for, len) = match kind {
            't' => (Some('\t'), 2),
            'n' => (Some('\n'), 2),
            'r' => (Some('\r'), 2),
            'b' => (Some('\u{8}'), 2),
            'f' => (Some('\u{c}'), 2),
            '0' => (Some('\0'), 2),
            'a' => (Some('\u{7}'), 2),
            'v' => (Some('\u{b}'), 2),
            'e' => (Some('\u{1b}'), 2),
            'x' => (hex(2).and_then(char::from_u32), 4),
            'u' => (hex(4).and_then(char::from_u32), 6),
            'U' => (hex(8).and_then(char::from_u32), 10),
            _ => (None, 2),
        };
        if stands_for == Some(c) {
            return Some((i, (i + len).min(raw.len())));
        }
    }
    None
}

/// The byte offset of the place `serde_json` reports as 1-based `line` and `column`: it counts
/// lines at `\n` only and columns in bytes, sometimes one past the end of the line (kept on it).
/// [`LineIndex::position`] then gives the line and column an editor shows.
pub fn serde_json_offset(text: &str, line: usize, column: usize) -> usize {
    let start = match line {
        0 | 1 => 0,
        _ => text
            .match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = text[start..end]
        .strip_suffix('\r')
        .map_or(end, |l| start + l.len());
    floor_char_boundary(text, (start + column.saturating_sub(1)).min(end))
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

enum Frame {
    Object {
        pointer: String,
        start: usize,
        key: Option<Span>,
        keys: Vec<String>,
    },
    Array {
        pointer: String,
        start: usize,
        key: Option<Span>,
        next_index: usize,
    },
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    map: SpanMap,
    stack: Vec<Frame>,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            map: SpanMap::default(),
            stack: Vec::new(),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.bytes.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') || (self.pos == 0 && *b == 0xEF) {
                self.pos += if *b == 0xEF { 3 } else { 1 };
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Scans a string starting at the opening quote; returns its span (quotes included).
    fn scan_string(&mut self) -> Span {
        let start = self.pos;
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'"' => break,
                _ => {}
            }
        }
        self.pos = self.pos.min(self.bytes.len());
        Span {
            start,
            end: self.pos,
        }
    }

    fn scan_scalar(&mut self) -> Span {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':') {
                break;
            }
            self.pos += 1;
        }
        if self.pos == start {
            // Not JSON: step over one byte so that the scan always advances.
            self.pos += 1;
        }
        Span {
            start,
            end: self.pos.min(self.bytes.len()),
        }
    }

    fn decode_key(&self, span: Span) -> String {
        let raw = &self.text[span.start..span.end];
        if !raw.contains('\\') && raw.len() >= 2 {
            return raw[1..raw.len() - 1].to_string();
        }
        serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.trim_matches('"').to_string())
    }

    fn run(mut self) -> SpanMap {
        // `pending` is the value expected next: its pointer and its key span.
        let mut pending: Option<(String, Option<Span>)> = Some((String::new(), None));
        while self.pos < self.bytes.len() {
            self.skip_ws();
            if let Some((pointer, key)) = pending.take() {
                // A value starts here.
                match self.peek() {
                    None => break,
                    Some(b'{') => {
                        self.stack.push(Frame::Object {
                            pointer,
                            start: self.pos,
                            key,
                            keys: Vec::new(),
                        });
                        self.pos += 1;
                        pending = self.next_member();
                    }
                    Some(b'[') => {
                        self.stack.push(Frame::Array {
                            pointer,
                            start: self.pos,
                            key,
                            next_index: 0,
                        });
                        self.pos += 1;
                        self.skip_ws();
                        if self.peek() == Some(b']') {
                            continue;
                        }
                        pending = self.next_item();
                    }
                    Some(b'"') => {
                        let value = self.scan_string();
                        self.map.entries.insert(pointer, Located { value, key });
                    }
                    Some(_) => {
                        let value = self.scan_scalar();
                        self.map.entries.insert(pointer, Located { value, key });
                    }
                }
                continue;
            }
            // After a value: a separator or the end of a container.
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    pending = match self.stack.last() {
                        Some(Frame::Object { .. }) => self.next_member(),
                        Some(Frame::Array { .. }) => self.next_item(),
                        None => None,
                    };
                }
                Some(b'}') | Some(b']') => {
                    self.pos += 1;
                    let end = self.pos;
                    match self.stack.pop() {
                        Some(Frame::Object {
                            pointer,
                            start,
                            key,
                            ..
                        })
                        | Some(Frame::Array {
                            pointer,
                            start,
                            key,
                            ..
                        }) => {
                            self.map.entries.insert(
                                pointer,
                                Located {
                                    value: Span { start, end },
                                    key,
                                },
                            );
                        }
                        None => break,
                    }
                }
                Some(_) => self.pos += 1,
                None => break,
            }
        }
        // Containers left open (text that is not well-formed) still get a position.
        while let Some(
            Frame::Object {
                pointer,
                start,
                key,
                ..
            }
            | Frame::Array {
                pointer,
                start,
                key,
                ..
            },
        ) = self.stack.pop()
        {
            let value = Span {
                start,
                end: self.bytes.len(),
            };
            self.map
                .entries
                .entry(pointer)
                .or_insert(Located { value, key });
        }
        self.map
    }

    /// Reads `"key":` inside an object; returns the member's pointer, or `None` at `}`.
    fn next_member(&mut self) -> Option<(String, Option<Span>)> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return None;
        }
        let key_span = self.scan_string();
        let key = self.decode_key(key_span);
        self.skip_ws();
        if self.peek() == Some(b':') {
            self.pos += 1;
        }
        let Some(Frame::Object { pointer, keys, .. }) = self.stack.last_mut() else {
            return None;
        };
        let mut member = pointer.clone();
        push_token(&mut member, &key);
        if keys.contains(&key) {
            self.map.duplicates.push(DuplicateKey {
                pointer: member.clone(),
                key,
                span: key_span,
            });
        } else {
            keys.push(key);
        }
        Some((member, Some(key_span)))
    }

    /// Gives the pointer of the next array item.
    fn next_item(&mut self) -> Option<(String, Option<Span>)> {
        let Some(Frame::Array {
            pointer,
            next_index,
            ..
        }) = self.stack.last_mut()
        else {
            return None;
        };
        let mut item = pointer.clone();
        push_token(&mut item, &next_index.to_string());
        *next_index += 1;
        Some((item, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(text: &str, pointer: &str) -> (usize, usize) {
        let map = SpanMap::build(text);
        let loc = map
            .get(pointer)
            .unwrap_or_else(|| panic!("{pointer} not located"));
        LineIndex::new(text).position(text, loc.value.start)
    }

    #[test]
    fn locates_nested_values() {
        let text = "{\n  \"a\": 1,\n  \"b\": [true, {\"c\": \"x\"}],\n  \"d\": {}\n}\n";
        assert_eq!(pos(text, ""), (1, 1));
        assert_eq!(pos(text, "/a"), (2, 8));
        assert_eq!(pos(text, "/b"), (3, 8));
        assert_eq!(pos(text, "/b/0"), (3, 9));
        assert_eq!(pos(text, "/b/1"), (3, 15));
        assert_eq!(pos(text, "/b/1/c"), (3, 21));
        assert_eq!(pos(text, "/d"), (4, 8));
    }

    #[test]
    fn key_spans_and_value_widths() {
        let text = r#"{"title": "abc", "n": -12.5e3}"#;
        let map = SpanMap::build(text);
        let title = map.get("/title").unwrap();
        assert_eq!(
            &text[title.key.unwrap().start..title.key.unwrap().end],
            "\"title\""
        );
        assert_eq!(&text[title.value.start..title.value.end], "\"abc\"");
        let n = map.get("/n").unwrap();
        assert_eq!(&text[n.value.start..n.value.end], "-12.5e3");
    }

    #[test]
    fn escapes_in_keys_and_pointer_tokens() {
        let text = r#"{"a/b": {"m~n": 1}, "q\"k": 2, "\u00e9": 3}"#;
        let map = SpanMap::build(text);
        assert!(map.get("/a~1b/m~0n").is_some());
        assert!(map.get("/q\"k").is_some());
        assert!(map.get("/é").is_some());
        assert_eq!(unescape_token("a~1b~0"), "a/b~");
    }

    #[test]
    fn strings_with_brackets_and_escaped_quotes_do_not_confuse_the_scan() {
        let text = r#"{"s": "a \" } ] , [ {", "t": [1, "]", {"u": null}]}"#;
        let map = SpanMap::build(text);
        let t = map.get("/t/2/u").unwrap();
        assert_eq!(&text[t.value.start..t.value.end], "null");
        assert_eq!(map.len(), 7);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\"é\": \"ü\", \"x\": 1}";
        assert_eq!(pos(text, "/x"), (1, 17));
    }

    #[test]
    fn finds_duplicate_keys_in_each_object() {
        let text = "{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}, \"a\": 3}";
        let map = SpanMap::build(text);
        let dups: Vec<_> = map.duplicates.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(dups, ["/b/c", "/a"]);
        let second_a = &map.duplicates[1];
        assert_eq!(
            LineIndex::new(text).position(text, second_a.span.start),
            (1, 33)
        );
    }

    #[test]
    fn nearest_falls_back_to_the_parent() {
        let text = r#"{"sources": [{"title": "x"}]}"#;
        let map = SpanMap::build(text);
        assert_eq!(map.nearest("/sources/0/year").unwrap().0, "/sources/0");
        assert_eq!(map.nearest("/nothing").unwrap().0, "");
    }

    #[test]
    fn line_text_and_locate() {
        let text = "{\r\n  \"a\": \"xyz\"\r\n}";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_text(text, 2), "  \"a\": \"xyz\"");
        let map = SpanMap::build(text);
        assert_eq!(idx.locate(text, map.get("/a").unwrap().value), (2, 8, 5));
    }

    /// Lines end at `\n`, `\r\n` or a lone `\r`, mixed in one text as editors allow.
    #[test]
    fn every_kind_of_line_ending() {
        for text in [
            "{\r  \"a\": \"xyz\"\r}",
            "{\n  \"a\": \"xyz\"\r\n}",
            "{\r\n  \"a\": \"xyz\"\r}",
        ] {
            let idx = LineIndex::new(text);
            assert_eq!(idx.line_text(text, 1), "{", "{text:?}");
            assert_eq!(idx.line_text(text, 2), "  \"a\": \"xyz\"", "{text:?}");
            assert_eq!(idx.line_text(text, 3), "}", "{text:?}");
            let map = SpanMap::build(text);
            assert_eq!(idx.locate(text, map.get("/a").unwrap().value), (2, 8, 5));
            assert_eq!(idx.position(text, text.len() - 1), (3, 1), "{text:?}");
        }
        // A string value that runs over a lone `\r` is cut there, as at a `\n`.
        let text = "\"ab\rcd\"";
        assert_eq!(
            LineIndex::new(text).locate(
                text,
                Span {
                    start: 0,
                    end: text.len()
                }
            ),
            (1, 1, 3)
        );
    }

    #[test]
    fn a_character_is_found_as_written_or_as_its_escape() {
        assert_eq!(find_character("\"a\tb\"", '\t'), Some((2, 3)));
        assert_eq!(find_character(r#""a\tb""#, '\t'), Some((2, 4)));
        assert_eq!(find_character(r#""a\u0007b""#, '\u{7}'), Some((2, 8)));
        assert_eq!(find_character(r#""a\x07b""#, '\u{7}'), Some((2, 6)));
        assert_eq!(find_character(r#""\u202Eab""#, '\u{202E}'), Some((1, 7)));
        // An escaped backslash followed by `t` is no tab; nor is `\t` outside double quotes.
        assert_eq!(find_character(r#""a\\tb\tc""#, '\t'), Some((6, 8)));
        assert_eq!(find_character(r#"a\tb"#, '\t'), None);
        // Escapes cut short at the end never panic.
        for raw in [r#""\"#, r#""\u00"#, r#""\x"#, r#""é\U0001"#] {
            assert_eq!(find_character(raw, '\u{7}'), None);
        }
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "",
            "{",
            "[",
            "\"",
            "{\"a\":",
            "}}}",
            "[1,,]",
            "{\"a\" 1}",
            "\u{FEFF}{}",
            "é{",
        ] {
            let _ = SpanMap::build(text);
            let _ = LineIndex::new(text).position(text, 99);
        }
    }
}
