//! Findings about the entries: what is wrong, where, and how to fix it.
//!
//! Every finding has a stable [`Code`] (scripts and the documentation rely on it), a severity,
//! the file, the 1-based line and column of the offending value, the RFC 6901 JSON pointer, and a
//! message written for the contributor rather than for a programmer.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a finding is: errors block publication, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks `validate` (exit 1) and `build`.
    Error,
    /// Reported, but does not block.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $severity:ident, $doc:literal; )*) => {
        /// The stable identifier of a kind of finding.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( #[doc = $doc] $variant, )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as written in reports (`invalid-date`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity findings of this kind have.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One sentence on what the code means.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $doc,)* }
            }
        }
    };
}

codes! {
    Unreadable = "unreadable-file", Error, "The file could not be opened or read (missing permission, a folder, a broken link).";
    EmptyFile = "empty-file", Error, "The file is empty or holds only white space.";
    FileTooLarge = "file-too-large", Error, "The file is larger than the size limit for one entry (1 MiB).";
    NotUtf8 = "not-utf8", Error, "The file is not UTF-8 text.";
    Bom = "byte-order-mark", Warning, "The file starts with a UTF-8 byte order mark; it is accepted but should be removed.";
    NulByte = "nul-character", Error, "The file contains a NUL character (byte 0), so it is not a plain text file.";
    InvalidJson = "invalid-json", Error, "The file is not well-formed JSON.";
    TruncatedJson = "truncated-json", Error, "The file ends before the JSON is complete.";
    InvalidYaml = "invalid-yaml", Error, "The front matter of a Markdown entry is not well-formed YAML.";
    MissingFrontMatter = "missing-front-matter", Error, "A Markdown entry does not start with its fields between two `---` lines.";
    UnclosedBlock = "unclosed-block", Error, "In a Markdown entry, a code block, an HTML comment or a `<pre>` block is never closed, so it takes in the `## Recommendations` heading below it.";
    TooDeep = "nesting-too-deep", Error, "Objects or lists are nested deeper than any entry needs.";
    DuplicateKey = "duplicate-key", Error, "The same field appears twice in one object; one of the two values would be lost.";
    NotAnObject = "not-an-object", Error, "The file must hold one JSON object, in braces.";
    UnknownField = "unknown-field", Error, "A field that the entry format does not have (often a misspelling).";
    MissingField = "missing-field", Error, "A required field is missing.";
    WrongType = "wrong-type", Error, "A value has the wrong type (text where a list is needed, and so on).";
    NotAllowed = "value-not-allowed", Error, "A value is not one of the allowed choices.";
    TooShort = "too-short", Error, "A text is shorter than the minimum length, or holds only white space.";
    TooLong = "too-long", Error, "A text is longer than the maximum length.";
    TooFewItems = "too-few-items", Error, "A list has fewer items than required.";
    TooManyItems = "too-many-items", Error, "A list has more items than allowed.";
    RepeatedItem = "repeated-item", Error, "A list names the same value twice.";
    OutOfRange = "out-of-range", Error, "A number is outside the allowed range.";
    InvalidId = "invalid-id", Error, "An id is not lower-case words of letters and digits joined by single hyphens.";
    InvalidDate = "invalid-date", Error, "A date is not a real calendar date written YYYY-MM-DD.";
    InvalidEmail = "invalid-email", Error, "An e-mail address is not well-formed.";
    InvalidUrl = "invalid-url", Error, "A source address is not a well-formed https:// URL.";
    InvalidJurisdiction = "invalid-jurisdiction", Error, "A jurisdiction is not an ISO 3166-1 alpha-2 code, EU or INT.";
    InvalidLanguage = "invalid-language", Error, "A language is not a BCP 47 tag such as en, fr or pt-BR, or names no language (`spa`, `jp`).";
    LanguageScript = "language-script", Warning, "The entry's text is written mostly in another script than its `language` is written in (Arabic text marked `en`).";
    LanguageWords = "language-words", Warning, "The entry's text reads as another of English, French, Spanish and Portuguese than its `language` (English text marked `fr`), or as one of them under a country's code (`br` for Brazil).";
    RegionalBody = "regional-body", Warning, "The jurisdiction is `AU`, Australia, for a practice of the African Union, whose entries take `INT`.";
    InvalidLicense = "invalid-license", Error, "A licence is not an SPDX identifier such as CC-BY-4.0.";
    ControlCharacter = "control-character", Error, "A text holds a line break or another invisible control character where none is allowed.";
    SchemaViolation = "schema-violation", Error, "The entry breaks a rule of the schema not covered by a more specific code.";
    UnknownPrinciple = "unknown-principle", Error, "A principle id is not in the taxonomy (schema/principles.json).";
    DeclaredAndRefused = "declared-and-refused", Error, "A principle is both declared in `principles` (itself, or through a principle that is part of it) and refused in `principles_refused`.";
    DuplicateId = "duplicate-id", Error, "Two entries use the same id; ids must be unique across the corpus.";
    IdFileMismatch = "id-file-mismatch", Error, "The file name is not the entry's id followed by .json or .md.";
    UnknownSupersedes = "unknown-supersedes", Error, "`supersedes` names an id that no entry has (a warning when only a part of the corpus is read).";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One finding about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as found (relative paths stay relative). Written as text, a name that is not
    /// UTF-8 with U+FFFD in place of its other bytes.
    #[serde(serialize_with = "lossy_path")]
    pub file: PathBuf,
    /// 1-based line of the offending value.
    pub line: usize,
    /// 1-based column (in characters) of the offending value.
    pub column: usize,
    /// How many characters the offending text spans on that line (for the caret); at least 1.
    #[serde(skip)]
    pub width: usize,
    /// RFC 6901 JSON pointer to the value (`""` for the whole document).
    pub pointer: String,
    /// Error or warning.
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// A path as text, whatever its bytes: serde refuses a path that is not UTF-8.
fn lossy_path<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

impl Diagnostic {
    /// A finding with the code's own severity, at a position still to be set.
    pub fn new(
        code: Code,
        file: impl Into<PathBuf>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line: 1,
            column: 1,
            width: 1,
            pointer: pointer.into(),
            severity: code.severity(),
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets another severity than the code's own.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Sets the position (1-based line and column, width in characters).
    pub fn at(mut self, line: usize, column: usize, width: usize) -> Self {
        self.line = line.max(1);
        self.column = column.max(1);
        self.width = width.max(1);
        self
    }

    /// Sort key that makes reports independent of the order files were read in.
    pub fn sort_key(&self) -> (&PathBuf, usize, usize, &str, &str) {
        (
            &self.file,
            self.line,
            self.column,
            self.code.as_str(),
            &self.message,
        )
    }
}

/// Sorts findings by file, line, column and code, and removes exact repeats.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "code {} used twice", code);
            assert!(code
                .as_str()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()));
            assert!(!code.description().is_empty());
        }
    }
}
