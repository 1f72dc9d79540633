//! Errors that stop a run (an unreadable schema, an output folder that cannot be written).
//!
//! Problems *in the entries* are not errors: they are [`crate::Diagnostic`]s, collected and
//! reported all at once.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// A failure that prevents the tool from doing its job at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A path named on the command line does not exist.
    #[error("{}: no such file or folder", path.shown())]
    MissingPath {
        /// The path as given.
        path: PathBuf,
    },
    /// A file or folder could not be read or written.
    #[error("{}: {}", path.shown(), one_line(&source.to_string()))]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The practice schema or the taxonomy is not usable.
    #[error("{} is not usable: {}", one_line(what), one_line(reason))]
    BadSchema {
        /// Which file (schema or taxonomy).
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A manifest could not be read as one.
    #[error("{}: {}", path.shown(), one_line(reason))]
    BadManifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The paths given hold no entry file: nothing to check or publish.
    #[error("{}: {}", one_line(paths), one_line(reason))]
    NoEntries {
        /// The paths as given, joined.
        paths: String,
        /// What was found instead, and what to do.
        reason: String,
    },
    /// `git` failed to give what was asked of it.
    #[error("{}", one_line(.0))]
    Git(String),
    /// A file the tool was asked to write exists: the tool never writes over one.
    #[error("{}: already exists; nothing was overwritten", path.shown())]
    AlreadyExists {
        /// The path the tool was asked to write.
        path: PathBuf,
    },
    /// The HTML edition would hold something that can run or load content: refused, never
    /// written. The sanitizing layers are meant to make this impossible; it is a defect to report.
    #[error(
        "the HTML edition would hold content that can run or load something ({}); nothing was written. Build without --html and report this, with the entries, as a defect of compendium",
        one_line(found)
    )]
    ActiveContent {
        /// What the page would hold.
        found: String,
    },
    /// The tool will not write to a path because that could lose something it did not write.
    #[error("{}: {}", path.shown(), one_line(reason))]
    Refused {
        /// The path the tool was asked to write.
        path: PathBuf,
        /// What stopped it and what to do, in plain words.
        reason: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// `text` on one line, as a message shows a name or a value read from a file: every control
/// character, the line break and the tab too, written out as an escape (`\n`, `\t`, `\r`,
/// `\u001b`), so that it can neither forge a line of the message nor move the cursor, clear
/// the screen or retitle the terminal it is shown in. The escapes are JSON's: inside a JSON
/// string they stand for the same character.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `c` is written out as an escape in a message: a control character, or one that
/// reorders the text around it when shown (the bidirectional embeddings, overrides and
/// isolates), with which a name could read as another ("Trojan source"), and the line and
/// paragraph separators (U+2028, U+2029) that word processors leave, which break a line where
/// a reader of the text sees none.
pub fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` shows as nothing or as a space where a word is expected: white space, a
/// [`hidden`] character, or a zero-width or soft one (zero-width space and joiners, the
/// direction marks, word joiner, byte order mark, soft hyphen), as word processors leave in a
/// copied value.
pub fn invisible(c: char) -> bool {
    c.is_whitespace()
        || hidden(c)
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        )
}

/// `text` with every character that shows nothing, or turns the text around it, but the ordinary
/// space written out as an escape (`\u200f`, `\n`): two names that differ only by such a
/// character print differently, and a refused value shows what is wrong with it.
pub fn with_invisibles_shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c != ' ' && (invisible(c) || matches!(c, '\u{2061}'..='\u{2065}')) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes the control character `c` out as an escape, as JSON would.
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.push_str(&format!("\\u{:04x}", u32::from(c))),
    }
}

/// A path as a message shows it: on one line ([`one_line`]).
pub trait Shown {
    /// The path, every control character in it written out as an escape.
    fn shown(&self) -> String;
}

impl Shown for Path {
    fn shown(&self) -> String {
        one_line(&self.display().to_string()).into_owned()
    }
}

/// A `serde_json` syntax error (its message without the position) in plain words; one it does
/// not know is given as it is. The entries' reader and the side files' use the same words.
pub fn plain_json_syntax(what: &str) -> String {
    match what {
        "unexpected end of hex escape" | "lone leading surrogate in hex escape" | "invalid unicode code point" => {
            "a `\\u` escape is cut short or names half of a character (a lone `\\ud800` … `\\udfff`)".into()
        }
        "trailing comma" => "there is a comma before a closing `}` or `]`".into(),
        "expected `,` or `}`" => "a comma or a closing `}` is missing".into(),
        "expected `,` or `]`" => "a comma or a closing `]` is missing".into(),
        "key must be a string" => "a field name must be in double quotes".into(),
        "expected `:`" => "a colon `:` is missing after a field name".into(),
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a text contains a raw line break or tab; write it as \\n or \\t".into()
        }
        "trailing characters" => "there is more text after the end of the JSON object".into(),
        "expected value" => "a value is missing or is not valid JSON (texts need double quotes)".into(),
        "invalid escape" => "a backslash `\\` starts an escape that JSON does not know; write `\\\\` for a backslash".into(),
        other => other.to_string(),
    }
}

/// A character a word processor, an e-mail or a web page puts where JSON needs another, at byte
/// `offset` of a JSON text (where serde stopped), in words, with how to fix it: serde says a
/// field name is not in double quotes, or a value is missing, on a line that looks right (found
/// by a tester: an indent of no-break spaces, Word's curly quotes, French guillemets).
pub fn typographic_in_json(text: &str, offset: usize) -> Option<(char, String, &'static str)> {
    let c = text.get(offset..)?.chars().next()?;
    let code = format!("U+{:04X}", u32::from(c));
    match c {
        // JSON reads only the ASCII spaces as spaces.
        _ if c.is_whitespace() && !c.is_ascii() => Some((
            c,
            format!("a no-break or other special space ({code}) stands here, which JSON does not read as a space"),
            "replace it with an ordinary space (such spaces come with text copied from an e-mail, a web page or a word processor)",
        )),
        _ if invisible(c) && !hidden(c) && !c.is_whitespace() => Some((
            c,
            format!("an invisible character ({code}) stands here"),
            "delete it (it comes with text copied from a web page or a word processor)",
        )),
        '“' | '”' | '„' | '‟' | '«' | '»' | '＂' | '‘' | '’' | '‚' | '‹' | '›' => Some((
            c,
            format!("the typographic quotation mark `{c}` ({code}) stands here, where JSON needs a straight double quote `\"`"),
            "the quotes that open and close field names and texts must be straight double quotes `\"` (a word processor turns them into curly ones, so edit entries in a plain-text editor); typographic quotes within a text's words are fine",
        )),
        _ => None,
    }
}

/// Where a comment (`//` or `/*`) starts at or just before byte `offset` of a JSON text, where
/// serde stopped: JSON has none, and serde calls it a field name without quotes or a value
/// missing.
pub fn json_comment_at(text: &str, offset: usize) -> Option<usize> {
    [offset, offset.saturating_sub(1)].into_iter().find(|&at| {
        text.get(at..)
            .is_some_and(|rest| rest.starts_with("//") || rest.starts_with("/*"))
    })
}

/// What is wrong with a JSON file the tool reads beside the entries (decisions, labels, a model)
/// that cannot be read, in plain words, with the line and column where it goes wrong (columns in
/// characters, from 1, as editors count them).
pub fn plain_json_error(text: &str, e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let raw = e.to_string();
    let what = raw.split(" at line ").next().unwrap_or(&raw);
    // serde_json counts columns in bytes, and points past the end of the file with column 0:
    // positions are taken as the entries' reader takes them (`span::LineIndex`).
    let lines = crate::span::LineIndex::new(text);
    let mut comment = None;
    // A curly quote or a no-break space where JSON wants its own punctuation, as an entry's
    // reader names it (found by a tester: a decisions file pasted through a word processor was
    // told that a field name "must be in double quotes").
    let at = crate::span::serde_json_offset(text, e.line(), e.column());
    let typographic = (!e.is_eof()
        && e.classify() == Category::Syntax
        && !what.starts_with("invalid escape")
        && json_comment_at(text, at).is_none())
    .then(|| typographic_in_json(text, at))
    .flatten();
    if let Some((_, said, hint)) = typographic {
        let offset = at;
        let (line, column) = lines.position(text, offset);
        return format!("line {line}, column {column}: not valid JSON: {said}; {hint}");
    }
    let (line, column) = if e.is_eof() {
        lines.position(text, text.trim_end().len())
    } else {
        let mut offset = crate::span::serde_json_offset(text, e.line(), e.column());
        // A comma before a closing bracket is pointed at itself, as in an entry (found by a
        // tester: the bracket on the next line was named); a comment at its start.
        if what.starts_with("trailing comma") {
            offset = text[..offset].rfind(',').unwrap_or(offset);
        }
        comment = json_comment_at(text, offset);
        offset = comment.unwrap_or(offset);
        // A wrong value or field name is reported at its closing quote: point at its opening one
        // (on the same line).
        if e.classify() == Category::Data && text[offset..].starts_with('"') {
            let before = &text[..offset];
            let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
            offset = before[line_start..]
                .rfind('"')
                .map_or(offset, |i| line_start + i);
        }
        lines.position(text, offset)
    };
    // `unknown variant `x`, expected one of `a`, `b``: the words between the backticks.
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let message = match e.classify() {
        _ if comment.is_some() => {
            "not valid JSON: JSON has no comments, and `//` or `/*` starts one here".to_string()
        }
        Category::Eof => {
            "the file ends before the JSON is complete: a bracket or quote was never closed"
                .to_string()
        }
        Category::Syntax | Category::Io => {
            let words = plain_json_syntax(what);
            if words == what {
                format!(
                    "not valid JSON ({what}); look just before this point for a missing comma or quote, or an extra comma before `}}` or `]`"
                )
            } else {
                format!("not valid JSON: {words}")
            }
        }
        Category::Data => {
            let words = quoted(what);
            if what.starts_with("unknown variant") && !words.is_empty() {
                format!(
                    "`{}` is not allowed here; write one of: {}",
                    words[0],
                    words[1..].join(", ")
                )
            } else if what.starts_with("unknown field") && !words.is_empty() {
                format!(
                    "`{}` is not a field known here; the fields are: {}",
                    words[0],
                    words[1..].join(", ")
                )
            } else if what.starts_with("missing field") && !words.is_empty() {
                format!("the field `{}` is missing", words[0])
            } else if let Some(rest) = what.strip_prefix("invalid type: ") {
                // `invalid type: sequence, expected an object`.
                let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another"));
                format!(
                    "{} where {} is expected",
                    plain_type(found),
                    plain_type(expected)
                )
            } else {
                what.to_string()
            }
        }
    };
    format!("line {line}, column {column}: {message}")
}

/// A kind of value in serde's words (`sequence`, `a map`, `string "a-b"`, `struct Decision`,
/// `u16`) in the words of the format's readers (a list, an object, the text "a-b", a whole
/// number); anything else as it is.
fn plain_type(serde: &str) -> String {
    let bare = serde
        .strip_prefix("a ")
        .or_else(|| serde.strip_prefix("an "))
        .unwrap_or(serde);
    if let Some(text) = bare.strip_prefix("string ") {
        return format!("the text {text}");
    }
    for (kind, words) in [
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("boolean ", ""),
    ] {
        if let Some(value) = bare.strip_prefix(kind) {
            return format!("{words}{}", value.trim_matches('`'));
        }
    }
    match bare {
        "sequence" => "a list".into(),
        "map" => "an object".into(),
        "string" => "a text".into(),
        "boolean" => "true or false".into(),
        "null" | "unit value" => "null".into(),
        kind if kind.starts_with("struct ") || kind.starts_with("map") => "an object".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" | "integer" => {
            "a whole number".into()
        }
        "f64" | "f32" | "floating point" => "a number".into(),
        _ => serde.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde's names of kinds of value never reach a reader (found by a reviewer: "string
    /// "a-b" where a sequence is expected").
    #[test]
    fn kinds_of_value_are_named_in_plain_words() {
        assert_eq!(plain_type("a sequence"), "a list");
        assert_eq!(plain_type("sequence"), "a list");
        assert_eq!(plain_type("string \"a-b\""), "the text \"a-b\"");
        assert_eq!(plain_type("integer `5`"), "the number 5");
        assert_eq!(plain_type("struct Decisions"), "an object");
        assert_eq!(plain_type("u16"), "a whole number");
        assert_eq!(plain_type("boolean `true`"), "true");
    }

    /// A comment is named as one, and a comma before a closing bracket is pointed at itself,
    /// in an entry and in a file beside the entries alike (found by a tester).
    #[test]
    fn comments_and_trailing_commas_are_pointed_at() {
        let said = |text: &str| {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            plain_json_error(text, &e)
        };
        let text = "{\n  \"a\": [\"x\"],\n  \"b\": [\"y\"],\n}\n";
        assert!(
            said(text).starts_with("line 3, column 13: "),
            "{}",
            said(text)
        );
        let text = "{\n  // a note\n  \"a\": 1\n}\n";
        assert!(
            said(text).starts_with("line 2, column 3: not valid JSON: JSON has no comments"),
            "{}",
            said(text)
        );
        let entry = crate::load::parse_bytes(std::path::Path::new("e.json"), text.as_bytes());
        let d = &entry.diagnostics[0];
        assert_eq!((d.line, d.column), (2, 3));
        assert!(d.message.contains("JSON has no comments"), "{}", d.message);
    }

    #[test]
    fn names_and_values_are_shown_on_one_line() {
        assert_eq!(
            Path::new("out\nwrote fake\x1b[0m\u{9b}").shown(),
            "out\\nwrote fake\\u001b[0m\\u009b"
        );
        assert!(matches!(one_line("plain é"), Cow::Borrowed(_)));
        // A right-to-left override would show `evil\u{202E}txt.exe` as `evilexe.txt`.
        assert_eq!(one_line("evil\u{202E}txt.exe"), "evil\\u202etxt.exe");
        let error = Error::Refused {
            path: "a\nerror: forged".into(),
            reason: "why".into(),
        };
        assert_eq!(error.to_string(), "a\\nerror: forged: why");
        let error = Error::BadSchema {
            what: "the decisions file".into(),
            reason: "keeps `x\nerror: forged`".into(),
        };
        assert!(!error.to_string().contains('\n'));
        // The escapes are JSON's: read back as a JSON string, the text is what it was.
        let text = "a\u{7f}b\u{1b}c\td\n";
        let json = format!("\"{}\"", one_line(text));
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

    /// Two names that differ by a mark that shows nothing are told apart (found by a tester).
    #[test]
    fn invisible_marks_are_written_out() {
        assert_eq!(with_invisibles_shown("المفوضية\u{200F}"), "المفوضية\\u200f");
        assert_eq!(with_invisibles_shown("UNHCR Jordan"), "UNHCR Jordan");
        assert_eq!(
            with_invisibles_shown("a\u{200B}b\u{a0}c\u{202E}d\ne"),
            "a\\u200bb\\u00a0c\\u202ed\\ne"
        );
    }

    /// A side file pasted through a word processor is told of the curly quotes, as an entry is.
    #[test]
    fn side_files_with_curly_quotes_are_told_so() {
        let text =
            "[\n  {\"members\": [\"a\", \"b\"], \u{201C}decision\u{201D}: \"distinct\"}\n]\n";
        let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let said = plain_json_error(text, &e);
        assert!(
            said.starts_with(
                "line 2, column 27: not valid JSON: the typographic quotation mark `\u{201C}`"
            ),
            "{said}"
        );
        assert!(said.contains("straight double quotes"), "{said}");
    }

    /// A side file's error is placed as an editor shows it, whatever its line endings, past
    /// wide characters, and at the opening quote of a wrong value.
    #[test]
    fn side_file_errors_are_placed_as_an_editor_shows_them() {
        let place = |text: &str| {
            let e =
                serde_json::from_str::<std::collections::BTreeMap<String, u32>>(text).unwrap_err();
            let message = plain_json_error(text, &e);
            message.split(':').next().unwrap().to_string()
        };
        for ending in ["\n", "\r\n", "\r"] {
            let missing_comma = ["{", "  \"é\": 1", "  \"b\": 2", "}"].join(ending);
            assert_eq!(place(&missing_comma), "line 3, column 3", "{ending:?}");
            let wrong_value = ["{", "  \"éé\": \"x\"", "}"].join(ending);
            assert_eq!(place(&wrong_value), "line 2, column 9", "{ending:?}");
        }
        // Syntax errors in the words the entries' reader uses.
        let e = serde_json::from_str::<serde_json::Value>("{\"a\": 1 \"b\": 2}").unwrap_err();
        assert_eq!(
            plain_json_error("{\"a\": 1 \"b\": 2}", &e),
            "line 1, column 9: not valid JSON: a comma or a closing `}` is missing"
        );
    }
}
