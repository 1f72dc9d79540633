//! Stage 1: paths → parsed documents that remember where each value stands.
//!
//! Reading is defensive: only regular files are opened, the size is checked before a file is
//! read, the bytes must be UTF-8 without NUL characters, a byte order mark is accepted with a
//! warning, and syntax errors, truncation, excessive nesting and duplicate keys each get their
//! own finding with a position.

mod discover;
pub mod markdown;

use crate::diag::{Code, Diagnostic};
use crate::error::Shown;
use crate::span::{LineIndex, Span, SpanMap};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use discover::{discover, discover_noting_editions, holds_an_edition, no_entries, Discovered};

/// The largest entry file accepted, in bytes (1 MiB). The longest valid entry is far smaller; a
/// larger file is refused before it is read, so a stray data dump cannot slow a run down.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The largest side file accepted (a schema, a taxonomy, a decisions or labels file), in bytes
/// (64 MiB): far above any real one (the shipped taxonomy is 0.3 MB), low enough that a wrong
/// file, or one that never ends, cannot fill the memory.
pub const MAX_SIDE_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads at most `limit` bytes of an open file: `None` when it holds more (a file that grows, or
/// is replaced, while it is read is cut off just past the limit, whatever size it claimed).
pub fn read_at_most(file: std::fs::File, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let claimed = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut bytes = Vec::with_capacity(usize::try_from(claimed).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// A parsed entry file with its source text and positions.
///
/// Positions are worked out only when a finding needs one: most documents of a large corpus
/// are valid and never need them.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file, as found.
    pub path: PathBuf,
    /// The text, without a byte order mark.
    pub text: String,
    /// The parsed JSON value.
    pub value: Value,
    spans: OnceLock<SpanMap>,
    lines: OnceLock<LineIndex>,
}

impl Document {
    /// A JSON document; its positions are found from the text when first needed.
    pub fn new(path: &Path, text: &str, value: Value) -> Document {
        Document {
            path: path.to_path_buf(),
            text: text.to_string(),
            value,
            spans: OnceLock::new(),
            lines: OnceLock::new(),
        }
    }

    /// A document whose positions come from elsewhere (a Markdown entry's front matter).
    pub fn with_spans(path: &Path, text: &str, value: Value, spans: SpanMap) -> Document {
        let doc = Document::new(path, text, value);
        let _ = doc.spans.set(spans);
        doc
    }

    /// Pointer → position.
    pub fn spans(&self) -> &SpanMap {
        self.spans.get_or_init(|| SpanMap::build(&self.text))
    }

    /// Offset → line and column.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// A finding located at the value `pointer` names (or, when `on_key`, at its key), falling
    /// back to the nearest enclosing value when the pointer names nothing (a missing field).
    pub fn diagnostic(
        &self,
        code: Code,
        pointer: &str,
        message: impl Into<String>,
        on_key: bool,
    ) -> Diagnostic {
        let span = match self.spans().nearest(pointer) {
            Some((found, loc)) => {
                if found == pointer {
                    if on_key {
                        loc.key.unwrap_or(loc.value)
                    } else {
                        loc.value
                    }
                } else {
                    // The pointer names nothing: point at the opening brace of the parent.
                    Span {
                        start: loc.value.start,
                        end: loc.value.start + 1,
                    }
                }
            }
            None => Span { start: 0, end: 1 },
        };
        let (line, column, width) = self.lines().locate(&self.text, span);
        Diagnostic::new(code, &self.path, pointer, message).at(line, column, width)
    }

    /// Line, column and width of the first `c` in the value at `pointer`, as written there or
    /// as an escape that stands for it (`\t`, `\u0007`); `None` when neither is found.
    pub fn locate_character(&self, pointer: &str, c: char) -> Option<(usize, usize, usize)> {
        let value = self.spans().get(pointer)?.value;
        let raw = self.text.get(value.start..value.end)?;
        let (start, end) = crate::span::find_character(raw, c)?;
        let span = Span {
            start: value.start + start,
            end: value.start + end,
        };
        let (line, column, _) = self.lines().locate(&self.text, span);
        // One column for the character itself (a line break has no width of its own).
        let width = if end - start > c.len_utf8() {
            raw[start..end].chars().count()
        } else {
            1
        };
        Some((line, column, width))
    }
}

/// What loading one file produced: a document when it could be parsed, and findings.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The parsed document, unless the file could not be read as JSON.
    pub document: Option<Document>,
    /// Problems found while reading and parsing.
    pub diagnostics: Vec<Diagnostic>,
}

/// Writes an entry value as JSON text the way contributors expect it: 2-space indentation,
/// `$schema` first (when given), then the fields in the schema's order, then any others.
pub fn entry_json(value: &Value, schema_ref: Option<&str>) -> String {
    let Some(object) = value.as_object() else {
        return format!(
            "{}\n",
            serde_json::to_string_pretty(value).unwrap_or_default()
        );
    };
    let mut fields: Vec<(String, Value)> = Vec::new();
    if let Some(reference) = schema_ref {
        fields.push(("$schema".into(), Value::String(reference.to_string())));
    }
    let order = crate::model::FIELD_ORDER;
    for k in order {
        if let Some(v) = object.get(*k) {
            fields.push((k.to_string(), v.clone()));
        }
    }
    for (k, v) in object {
        if k != "$schema" && !order.contains(&k.as_str()) {
            fields.push((k.clone(), v.clone()));
        }
    }
    let members: Vec<String> = fields
        .iter()
        .map(|(k, v)| {
            let rendered = serde_json::to_string_pretty(v)
                .unwrap_or_default()
                .replace('\n', "\n  ");
            format!("  {}: {rendered}", Value::String(k.clone()))
        })
        .collect();
    format!("{{\n{}\n}}\n", members.join(",\n"))
}

/// Whether a file is read as a Markdown entry: its name ends in `.md`, or in another way
/// Markdown files are named ([`misnamed_entry`]).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        || misnamed_entry(path).is_some_and(|(_, form)| form == "md")
}

/// Whether a file's name ends in `.json`, in any case.
fn has_json_ending(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Endings that people and systems give entry files instead of `.md` or `.json` (a Markdown
/// editor's `.markdown`; `.md.txt`, where Windows hides the `.txt` it added), with the ending
/// the file should have. Such a file is read, in the form its name says, and told to be renamed:
/// left out without a word, it would be missing from the edition (found by a tester).
const MISNAMED_ENDINGS: &[(&str, &str)] = &[
    (".markdown", "md"),
    (".mdown", "md"),
    (".mkdn", "md"),
    (".mkd", "md"),
    (".md.txt", "md"),
    (".json.txt", "json"),
    (".md.rtf", "md"),
    (".json.rtf", "json"),
    (".jsonc", "json"),
    (".json5", "json"),
];

/// The id an entry file's name stands for and the ending it should have (`md` or `json`), when
/// the name ends in one of the [`MISNAMED_ENDINGS`], in any case.
pub fn misnamed_entry(path: &Path) -> Option<(&str, &'static str)> {
    let name = path.file_name()?.to_str()?;
    // A space (or another blank) typed after the ending hides it, `.json` and `.md` too (found
    // by a tester).
    let trimmed = name.trim_end();
    let hidden: &[(&str, &'static str)] = if trimmed.len() < name.len() {
        &[(".json", "json"), (".md", "md")]
    } else {
        &[]
    };
    hidden
        .iter()
        .chain(MISNAMED_ENDINGS)
        .find_map(|(ending, form)| {
            let cut = trimmed.len().checked_sub(ending.len())?;
            let tail = trimmed.get(cut..)?;
            (cut > 0 && tail.eq_ignore_ascii_case(ending)).then(|| (&name[..cut], *form))
        })
}

/// Reads a whole text file the tool was pointed at (a schema, a taxonomy, the decisions file,
/// labels, a description for `new`), refusing anything but a regular file before opening it: a
/// FIFO would wait for ever, a device never end. Its errors say in plain words what is wrong and
/// what to do (the system's "stream did not contain valid UTF-8" and "os error 2" did not). A
/// file of more than `limit` bytes is refused, with its size, and never read whole (found by a
/// reviewer: a file's size was checked apart from the read, which had no limit).
pub fn read_regular_text(path: &Path, limit: u64) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind};
    let plain = |e: Error| match e.kind() {
        ErrorKind::NotFound => Error::new(
            ErrorKind::NotFound,
            "no such file: check its name and the folder it is in",
        ),
        ErrorKind::PermissionDenied => Error::new(
            ErrorKind::PermissionDenied,
            "you may not read this file (permission denied)",
        ),
        _ => e,
    };
    let meta = std::fs::metadata(path).map_err(plain)?;
    if meta.is_dir() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "this is a folder; give a file",
        ));
    }
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "not a regular file (a pipe or a device)",
        ));
    }
    let too_large = |len: u64| {
        Error::new(
            ErrorKind::FileTooLarge,
            format!("the file is {len} bytes, more than the {limit} bytes such a file may have: check that this is the right file"),
        )
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(plain)?;
    let Some(bytes) = read_at_most(file, limit).map_err(plain)? else {
        return Err(too_large(limit + 1));
    };
    if let Some(encoding) = utf16(&bytes) {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("the file is saved as {encoding}, not as UTF-8 text; save it again with the UTF-8 encoding"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::InvalidData,
            format!(
                "the file is not UTF-8 text (byte {} cannot be read as UTF-8; it may be saved as Latin-1 or Windows-1252); save it again with the UTF-8 encoding",
                e.utf8_error().valid_up_to() + 1
            ),
        )
    })
}

/// Reads and parses one file.
///
/// Only a regular file (a symbolic link is followed) is opened: a folder, a FIFO or a device is
/// refused first, since opening a FIFO waits for a writer and a device such as `/dev/zero`
/// never ends. At most [`MAX_FILE_BYTES`] + 1 bytes are read, whatever size the file claims.
pub fn load_file(path: &Path) -> Loaded {
    // The size is the one looked up with the kind of file: the path is looked up once before
    // it is opened, as the kind must be known before a FIFO is opened.
    let len = match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return Loaded::problem(not_a_file(path, &meta)),
        Ok(meta) => meta.len(),
        Err(e) => return Loaded::problem(read_failure(path, &e)),
    };
    if len > MAX_FILE_BYTES {
        return Loaded::problem(too_large(path, len));
    }
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return Loaded::problem(read_failure(path, &e)),
    };
    match read_at_most(file, MAX_FILE_BYTES) {
        Ok(Some(bytes)) => parse_bytes(path, &bytes),
        Ok(None) => Loaded::problem(too_large(path, MAX_FILE_BYTES + 1)),
        Err(e) => Loaded::problem(read_failure(path, &e)),
    }
}

/// Something other than a regular file: a folder, a FIFO, a device, a socket.
fn not_a_file(path: &Path, meta: &std::fs::Metadata) -> Diagnostic {
    let kind = if meta.is_dir() {
        "a folder"
    } else {
        special_kind(meta)
    };
    Diagnostic::new(
        Code::Unreadable,
        path,
        "",
        format!("this is not a regular file ({kind}); an entry must be a file"),
    )
    .with_hint("give the entry file itself, or move this out of the folder of entries")
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "neither a file nor a folder"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "neither a file nor a folder"
}

/// A file over [`MAX_FILE_BYTES`].
fn too_large(path: &Path, len: u64) -> Diagnostic {
    Diagnostic::new(
        Code::FileTooLarge,
        path,
        "",
        format!("the file is {len} bytes; an entry may be at most {MAX_FILE_BYTES} bytes (1 MiB)"),
    )
    .with_hint("check that this is really a practice entry; long texts belong in `body` (at most 20,000 characters)")
}

fn read_failure(path: &Path, e: &std::io::Error) -> Diagnostic {
    // A link whose file was moved or renamed is listed by `ls` as a file: say what it is (found
    // by a tester, told "No such file or directory" of a name `ls` showed).
    if e.kind() == std::io::ErrorKind::NotFound {
        if let Ok(target) = std::fs::read_link(path) {
            // A relative target is relative to the link's folder: shown from here.
            let target = match path.parent() {
                Some(folder) if target.is_relative() => folder.join(target),
                _ => target,
            };
            return Diagnostic::new(
                Code::Unreadable,
                path,
                "",
                format!(
                    "the file is a link to {}, which does not exist",
                    target.shown()
                ),
            )
            .with_hint("the file it leads to was probably moved or renamed: point the link at it again, or put the entry itself here");
        }
    }
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => {
            "you may not read it (permission denied)".to_string()
        }
        _ => e.to_string(),
    };
    Diagnostic::new(
        Code::Unreadable,
        path,
        "",
        format!("the file could not be read: {why}"),
    )
    .with_hint("check that the file exists and that you may read it")
}

impl Loaded {
    fn problem(d: Diagnostic) -> Self {
        Loaded {
            document: None,
            diagnostics: vec![d],
        }
    }
}

/// Whether bytes are text saved as UTF-16, and which: a UTF-16 byte order mark, or (without
/// one) a zero byte in every other place of the first characters, as Latin letters, digits and
/// punctuation have in UTF-16. Read as UTF-8 such a file was called damaged, or blamed on its
/// first accented letter (found by a tester).
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE\0\0") || bytes.starts_with(b"\0\0\xFE\xFF") {
        return Some("UTF-32");
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("UTF-16 (little-endian)");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 (big-endian)");
    }
    let head = &bytes[..bytes.len().min(200) & !1];
    if head.len() < 8 {
        return None;
    }
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    // Most characters of an entry are ASCII: their other byte is zero.
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= pairs * 7 && even * 10 < pairs {
        Some("UTF-16 (little-endian)")
    } else if even * 10 >= pairs * 7 && odd * 10 < pairs {
        Some("UTF-16 (big-endian)")
    } else {
        None
    }
}

/// A file that is not UTF-8 text, with what it is and what to do.
fn not_utf8(path: &Path, message: String, hint: &str) -> Diagnostic {
    Diagnostic::new(Code::NotUtf8, path, "", message).with_hint(hint)
}

/// Parses the bytes of one entry file. Never panics, whatever the bytes.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Loaded {
    let mut out = Loaded::default();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        out.diagnostics.push(too_large(path, bytes.len() as u64));
        return out;
    }
    if let Some(encoding) = utf16(bytes) {
        let windows = if encoding == "UTF-32" {
            ""
        } else {
            ", which Windows calls \"Unicode\""
        };
        out.diagnostics.push(not_utf8(
            path,
            format!("the file is saved as {encoding}{windows}, not as UTF-8 text"),
            "save it again with the UTF-8 encoding (in Notepad: File, Save as, Encoding: UTF-8)",
        ));
        return out;
    }
    let mut bytes = bytes;
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        bytes = rest;
        out.diagnostics.push(
            Diagnostic::new(Code::Bom, path, "", "the file starts with a byte order mark (BOM)")
                .with_hint("save the file as UTF-8 without BOM; most editors have this choice in their encoding menu"),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            let (line, column) = LineIndex::new(valid).position(valid, valid.len());
            out.diagnostics.push(
                not_utf8(
                    path,
                    format!(
                        "the file is not UTF-8 text: byte {} cannot be read as UTF-8",
                        e.valid_up_to() + 1
                    ),
                    "save the file with the UTF-8 encoding",
                )
                .at(line, column, 1),
            );
            return out;
        }
    };
    if let Some(nul) = text.find('\0') {
        let (line, column) = LineIndex::new(text).position(text, nul);
        out.diagnostics.push(
            Diagnostic::new(Code::NulByte, path, "", "the file contains a NUL character (byte 0)")
                .with_hint("the file is probably damaged or not a text file; save it again as plain UTF-8 text")
                .at(line, column, 1),
        );
        return out;
    }
    if text.trim().is_empty() {
        out.diagnostics.push(
            Diagnostic::new(Code::EmptyFile, path, "", "the file is empty")
                .with_hint("start from `compendium new`, or copy an existing entry"),
        );
        return out;
    }
    if is_markdown(path) {
        let mut loaded = markdown::parse_markdown_entry(path, text);
        out.diagnostics.append(&mut loaded.diagnostics);
        out.document = loaded.document;
        return out;
    }
    match parse_json(text) {
        Ok((value, has_duplicates)) => {
            let doc = Document::new(path, text, value);
            if has_duplicates {
                for dup in &doc.spans().duplicates {
                    let (line, column, width) = doc.lines().locate(&doc.text, dup.span);
                    out.diagnostics.push(
                        Diagnostic::new(
                            Code::DuplicateKey,
                            path,
                            dup.pointer.clone(),
                            format!(
                                "the field `{}` appears twice in the same object; only one value can be kept",
                                dup.key
                            ),
                        )
                        .with_hint("remove one of the two, or merge them")
                        .at(line, column, width),
                    );
                }
            }
            out.document = Some(doc);
        }
        // A Markdown entry under a name that is neither `.md` nor one of the usual mistakes
        // (`entry.txt`, no ending at all) is read as JSON: the error says what the file is.
        Err(e) if text.trim_start().starts_with("---") && !has_json_ending(path) => {
            // `x.json.txt` stands for `x`, as `x.txt` does.
            let stem = misnamed_entry(path).map_or_else(
                || {
                    path.file_stem()
                        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
                },
                |(stem, _)| stem.to_string(),
            );
            let mut d = json_error(path, text, &e);
            d.message =
                "the file was read as JSON, since its name does not end in .md, and it is not JSON"
                    .into();
            out.diagnostics.push(d.with_hint(format!(
                "this looks like a Markdown entry (it starts with `---`), but only a file whose name ends in .md is read as Markdown: rename it to `{stem}.md`"
            )))
        }
        Err(e) => out.diagnostics.push(json_error(path, text, &e)),
    }
    out
}

thread_local! {
    static DUPLICATE_SEEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A JSON value read by `serde_json` that notices a key repeated in one object (serde_json alone
/// would keep the last value silently).
struct CheckedValue(Value);

impl<'de> serde::Deserialize<'de> for CheckedValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CheckedVisitor).map(CheckedValue)
    }
}

struct CheckedVisitor;

impl<'de> serde::de::Visitor<'de> for CheckedVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(CheckedVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(CheckedValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some((key, CheckedValue(v))) = map.next_entry::<String, CheckedValue>()? {
            if object.insert(key, v).is_some() {
                DUPLICATE_SEEN.with(|d| d.set(true));
            }
        }
        Ok(Value::Object(object))
    }
}

/// Parses JSON text; also says whether some object repeats a key.
fn parse_json(text: &str) -> Result<(Value, bool), serde_json::Error> {
    DUPLICATE_SEEN.with(|d| d.set(false));
    let CheckedValue(value) = serde_json::from_str(text)?;
    Ok((value, DUPLICATE_SEEN.with(|d| d.get())))
}

/// Turns a `serde_json` error into a finding in plain words, at the right line and column.
fn json_error(path: &Path, text: &str, e: &serde_json::Error) -> Diagnostic {
    let lines = LineIndex::new(text);
    let raw = e.to_string();
    let offset = crate::span::serde_json_offset(text, e.line(), e.column());
    // A comment (`// …`, `/* … */`), as people write in other formats: serde says that a field
    // name must be in double quotes (found by a tester).
    if let Some(at) = crate::error::json_comment_at(text, offset) {
        let (line, column) = lines.position(text, at);
        return Diagnostic::new(
            Code::InvalidJson,
            path,
            "",
            "the file is not valid JSON: JSON has no comments, and `//` or `/*` starts one here",
        )
        .with_hint("delete the comment; a note for the editors can go in a Markdown entry's description, or to them directly")
        .at(line, column, 2);
    }
    // Only where serde wanted JSON's own punctuation: in an escape, the backslash is the fault.
    let wanted_punctuation = !raw.starts_with("invalid escape");
    if let Some((c, what, hint)) =
        crate::error::typographic_in_json(text, offset).filter(|_| wanted_punctuation)
    {
        let (line, column) = lines.position(text, offset);
        return Diagnostic::new(
            Code::InvalidJson,
            path,
            "",
            format!("the file is not valid JSON: {what}"),
        )
        .with_hint(hint)
        .at(
            line,
            column,
            unicode_width::UnicodeWidthChar::width(c)
                .unwrap_or(1)
                .max(1),
        );
    }
    // A straight quote inside a text ends it early, and serde stops on the words after it
    // (found by a tester: `la loi dite "sécurité globale"` was called a missing comma).
    // Told apart from a comma really missing: words follow the quote, and a quote later on the
    // same line closes the rest of the broken text (`"… dite "sécurité globale" encadre"`).
    let before = text[..offset].trim_end_matches([' ', '\t']);
    let rest_of_line = text[offset..]
        .split(['\n', '\r'])
        .next()
        .unwrap_or_default();
    let escaped = before
        .strip_suffix('"')
        .is_some_and(|b| (b.len() - b.trim_end_matches('\\').len()) % 2 == 1);
    if raw.starts_with("expected `,` or")
        && before.ends_with('"')
        && !escaped
        && rest_of_line.chars().next().is_some_and(char::is_alphabetic)
        && rest_of_line.contains('"')
    {
        let (line, column) = lines.position(text, before.len() - 1);
        return Diagnostic::new(
            Code::InvalidJson,
            path,
            "",
            "the file is not valid JSON: this `\"` ends a text early, and the words after it are not JSON",
        )
        .with_hint("inside a text, write a straight double quote as `\\\"`, or use typographic quotes such as « » or “ ”")
        .at(line, column, 1);
    }
    let (code, message, hint) = if e.is_eof() {
        (
            Code::TruncatedJson,
            "the file ends before the JSON is complete".to_string(),
            "the end of the file is missing or a bracket or quote was never closed; compare the opening `{`, `[` and `\"` with their closing ones",
        )
    } else if raw.starts_with("recursion limit exceeded") {
        (
            Code::TooDeep,
            "objects or lists are nested too deeply (more than 127 levels)".to_string(),
            "a practice entry needs at most three levels; the file is probably not an entry",
        )
    } else {
        let what = raw.split(" at line ").next().unwrap_or(&raw);
        let hint = if what.contains("hex escape") || what.contains("surrogate") {
            ESCAPE_HINT
        } else if what == "invalid escape" {
            // `L\'analyse`, as JavaScript writes it: the apostrophe needs nothing.
            let after = text[..offset.min(text.len())]
                .rfind('\\')
                .and_then(|at| text[at + 1..].chars().next());
            if matches!(after, Some('\'' | '’' | '‘')) {
                "an apostrophe needs no backslash in JSON: delete the `\\` before it"
            } else {
                "write each backslash in a text as two, `\\\\` (a Windows path `C:\\Users` is written `C:\\\\Users`)"
            }
        } else {
            JSON_HINT
        };
        (
            Code::InvalidJson,
            format!(
                "the file is not valid JSON: {}",
                crate::error::plain_json_syntax(what)
            ),
            hint,
        )
    };
    let (line, column) = if e.is_eof() {
        lines.position(text, text.trim_end().len())
    } else if raw.starts_with("trailing comma") {
        // Point at the comma itself, not at the bracket after it.
        lines.position(text, text[..offset].rfind(',').unwrap_or(offset))
    } else {
        lines.position(text, offset)
    };
    Diagnostic::new(code, path, "", message)
        .with_hint(hint)
        .at(line, column, 1)
}

const JSON_HINT: &str =
    "look just before this point for a missing comma, an extra comma before `}` or `]`, \
a missing quote, or an unescaped `\"` or line break inside a text";

const ESCAPE_HINT: &str =
    "write the character itself rather than its `\\u` code; a character beyond \
`\\uFFFF` (an emoji) is written in JSON as two codes, `\\ud83d\\ude00`, never one of them alone";

#[cfg(test)]
mod tests {
    use super::*;

    /// Side files are read up to their limit and no further; one over it is refused with its
    /// size, in plain words (found by a reviewer: the size was checked apart from an unbounded
    /// read).
    #[test]
    fn files_are_read_up_to_their_limit_only() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("labels.json");
        std::fs::write(&path, "0123456789").unwrap();
        let open = || std::fs::File::open(&path).unwrap();
        assert_eq!(read_at_most(open(), 10).unwrap().unwrap(), b"0123456789");
        assert_eq!(read_at_most(open(), 9).unwrap(), None);
        assert_eq!(read_regular_text(&path, 10).unwrap(), "0123456789");
        let e = read_regular_text(&path, 9).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
        assert_eq!(
            e.to_string(),
            "the file is 10 bytes, more than the 9 bytes such a file may have: check that this is the right file"
        );
    }

    fn codes(bytes: &[u8]) -> Vec<(Code, usize, usize)> {
        parse_bytes(Path::new("x.json"), bytes)
            .diagnostics
            .iter()
            .map(|d| (d.code, d.line, d.column))
            .collect()
    }

    /// A no-break space in an indent, Word's curly quotes and French guillemets are named where
    /// JSON stops on them, not blamed on a comma (found by a tester).
    #[test]
    fn typographic_characters_in_json_are_named() {
        for (text, said, at) in [
            ("{\n\u{a0}\u{a0}\"id\": \"a\"\n}\n", "no-break", (2, 1)),
            ("{\n  “id”: “a”\n}\n", "`“`", (2, 3)),
            ("{\n  \"id\": « a »\n}\n", "`«`", (2, 9)),
        ] {
            let found = parse_bytes(Path::new("x.json"), text.as_bytes()).diagnostics;
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].message.contains(said), "{}", found[0].message);
            assert_eq!((found[0].line, found[0].column), at, "{text}");
            assert!(!found[0].hint.as_deref().unwrap().contains("comma"));
        }
    }

    /// A straight quote inside a text is named where it ends the text, not called a missing
    /// comma; a backslash gets its own help (found by a tester).
    #[test]
    fn a_quote_that_ends_a_text_early_is_named() {
        let text = "{\n  \"body\": \"la loi dite \"sécurité globale\" encadre\"\n}\n";
        let found = parse_bytes(Path::new("x.json"), text.as_bytes()).diagnostics;
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("ends a text early"),
            "{}",
            found[0].message
        );
        assert_eq!((found[0].line, found[0].column), (2, 24));
        let text = "{\n  \"body\": \"C:\\Users\"\n}\n";
        let found = parse_bytes(Path::new("x.json"), text.as_bytes()).diagnostics;
        assert!(
            found[0].hint.as_deref().unwrap().contains("C:\\\\Users"),
            "{found:?}"
        );
        // An apostrophe escaped as in JavaScript, straight or curly: delete the backslash.
        for text in [
            "{\n  \"body\": \"L\\'analyse\"\n}\n",
            "{\n  \"body\": \"L\\’analyse\"\n}\n",
        ] {
            let found = parse_bytes(Path::new("x.json"), text.as_bytes()).diagnostics;
            assert!(
                found[0]
                    .hint
                    .as_deref()
                    .unwrap()
                    .contains("delete the `\\`"),
                "{found:?}"
            );
        }
        // A comma missing before an unquoted name or a number is not a quote ending a text.
        for text in [
            "{\n  \"area\": \"border\" modalities: 1\n}\n",
            "{\n  \"area\": \"iris\" 3\n}\n",
        ] {
            let found = parse_bytes(Path::new("x.json"), text.as_bytes()).diagnostics;
            assert!(!found[0].message.contains("ends a text early"), "{found:?}");
        }
        // A comma really missing between two fields is still called so.
        let text = "{\n  \"id\": \"a\"\n  \"title\": \"b\"\n}\n";
        let found = parse_bytes(Path::new("x.json"), text.as_bytes()).diagnostics;
        assert!(found[0].message.contains("comma"), "{found:?}");
    }

    /// Text saved as UTF-16, with or without a byte order mark, is named as such, not called
    /// damaged or blamed on its first accented letter (found by a tester).
    #[test]
    fn text_saved_as_utf16_is_named() {
        let text = "---\ntitle: Plazos de conservación\n---\nCuerpo.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let with_bom = [&b"\xFF\xFE"[..], &le].concat();
        for (bytes, which) in [
            (&le, "little-endian"),
            (&be, "big-endian"),
            (&with_bom, "little-endian"),
        ] {
            let found = parse_bytes(Path::new("x.md"), bytes).diagnostics;
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].code, Code::NotUtf8);
            assert!(found[0].message.contains(which), "{}", found[0].message);
            assert!(found[0].message.contains("UTF-16"), "{}", found[0].message);
        }
        assert_eq!(utf16(b"\xFF\xFE\0\0-\0\0\0"), Some("UTF-32"));
        // A NUL in an ordinary file is still a NUL, and Latin-1 still points at its byte.
        assert_eq!(utf16(b"{\"a\": 1,\n\0}"), None);
        assert_eq!(utf16("{\"title\": \"conservaci\u{f3}n\"}".as_bytes()), None);
    }

    #[test]
    fn hostile_inputs_get_their_own_codes() {
        assert_eq!(codes(b""), [(Code::EmptyFile, 1, 1)]);
        assert_eq!(codes(b"  \n "), [(Code::EmptyFile, 1, 1)]);
        assert_eq!(codes(b"{\"a\":\n \"\xff\"}"), [(Code::NotUtf8, 2, 3)]);
        assert_eq!(codes(b"{\"a\": 1,\n\0}"), [(Code::NulByte, 2, 1)]);
        assert_eq!(codes(b"{\"a\": [1, 2"), [(Code::TruncatedJson, 1, 12)]);
        assert_eq!(codes(b"{\"a\": 1,}"), [(Code::InvalidJson, 1, 8)]);
        let lone = parse_bytes(Path::new("x.json"), b"{\"a\": \"\\ud800\"}").diagnostics;
        assert_eq!(lone[0].code, Code::InvalidJson);
        assert!(
            lone[0].message.contains("half of a character"),
            "{:?}",
            lone[0]
        );
        assert!(
            lone[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("two codes")),
            "{:?}",
            lone[0]
        );
        assert_eq!(codes(b"{\"a\": 1,\n  \n}"), [(Code::InvalidJson, 1, 8)]);
        let deep = "[".repeat(100_000);
        assert_eq!(codes(deep.as_bytes())[0].0, Code::TooDeep);
        assert_eq!(
            codes(b"{\"a\": 1, \"a\": 2}"),
            [(Code::DuplicateKey, 1, 10)]
        );
    }

    /// The one finding of a file that is not read, with its message.
    fn refused(path: &Path) -> (Code, String) {
        let loaded = load_file(path);
        assert!(loaded.document.is_none());
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
        let d = &loaded.diagnostics[0];
        (d.code, d.message.clone())
    }

    #[test]
    fn a_folder_is_not_an_entry_file() {
        let tmp = tempfile::tempdir().unwrap();
        let (code, message) = refused(tmp.path());
        assert_eq!(code, Code::Unreadable);
        assert!(
            message.contains("not a regular file (a folder)"),
            "{message}"
        );
    }

    /// A FIFO would block the open until a writer came; it is refused without being opened.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("x.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        let (done, wait) = std::sync::mpsc::channel();
        let reader = fifo.clone();
        std::thread::spawn(move || {
            let _ = done.send(refused(&reader));
        });
        let outcome = wait.recv_timeout(std::time::Duration::from_secs(10));
        if outcome.is_err() {
            // Let the blocked reader go before failing.
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
        }
        let (code, message) = outcome.expect("reading a FIFO blocked");
        assert_eq!(code, Code::Unreadable);
        assert!(message.contains("not a regular file (a FIFO)"), "{message}");
    }

    /// A device claims a size of 0 and never ends: it is refused before anything is read.
    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_before_being_read() {
        let zero = Path::new("/dev/zero");
        if !zero.exists() {
            return;
        }
        let (code, message) = refused(zero);
        assert_eq!(code, Code::Unreadable);
        assert!(
            message.contains("not a regular file (a device)"),
            "{message}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_file_is_read_and_a_broken_link_is_unreadable() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("target.json");
        std::fs::write(&target, "{\"a\": 1}").unwrap();
        let link = tmp.path().join("x.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let loaded = load_file(&link);
        assert!(loaded.document.is_some(), "{:?}", loaded.diagnostics);
        let broken = tmp.path().join("broken.json");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &broken).unwrap();
        assert_eq!(refused(&broken).0, Code::Unreadable);
    }

    #[test]
    fn bom_is_accepted_with_a_warning() {
        let loaded = parse_bytes(Path::new("x.json"), b"\xEF\xBB\xBF{\"a\": 1}");
        assert!(loaded.document.is_some());
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].code, Code::Bom);
    }

    #[test]
    fn columns_of_syntax_errors_count_characters() {
        // The error is the comma before `}`, past two two-byte characters.
        let d = &parse_bytes(Path::new("x.json"), "{\"é\": \"ü\",}".as_bytes()).diagnostics[0];
        assert_eq!((d.line, d.column), (1, 10));
    }
}
