//! Findings rendered for people (text with the source line), scripts (JSON) and GitHub Actions.

use super::{ui, Format};
use compendium::error::Shown;
use compendium::load::MAX_FILE_BYTES;
use compendium::span::LineIndex;
use compendium::validate::Report;
use compendium::{Diagnostic, Severity};
use serde_json::json;
use std::collections::HashMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

/// A whole validation report: findings and, for text, a closing summary. `not_read`: the
/// folders and files holding entries that were not read, whose entries were not checked (found
/// by a reviewer: their warnings were followed by "0 warnings"), listed in JSON when any.
pub fn report(report: &Report, not_read: &[String], format: Format) -> String {
    match format {
        Format::Json => {
            let mut doc = json!({
                "files_checked": report.files_checked,
                "valid": report.valid,
                "schema_version": report.schema_version,
                "problems": report.diagnostics,
            });
            if !not_read.is_empty() {
                doc["not_read"] = json!(not_read);
            }
            let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
            out.push('\n');
            out
        }
        Format::Github | Format::Sarif => diagnostics(&report.diagnostics, format),
        Format::Text => {
            let mut out = diagnostics(&report.diagnostics, format);
            if ui().quiet {
                return out;
            }
            let errors = report.count(Severity::Error);
            let warnings = report.count(Severity::Warning);
            let files = report.files_checked;
            let against = match &report.schema_version {
                Some(v) => format!(" against entry schema {v}"),
                None => " against the given entry schema".to_string(),
            };
            let _ = writeln!(
                out,
                "checked {files} {}{against}: {} valid, {} with problems ({errors} {}, {warnings} {})",
                plural(files, "file", "files"),
                report.valid,
                files - report.valid,
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings"),
            );
            if !not_read.is_empty() {
                let _ = writeln!(
                    out,
                    "{} {} holding entries {} not read (the warnings above): those entries were not checked",
                    not_read.len(),
                    plural(not_read.len(), "folder or file", "folders or files"),
                    if not_read.len() == 1 { "was" } else { "were" },
                );
            }
            out
        }
    }
}

/// `one` when `n` is 1, `many` otherwise.
pub(super) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Findings alone, in the chosen format.
pub fn diagnostics(diags: &[Diagnostic], format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Json => {
            out = serde_json::to_string_pretty(&json!({ "problems": diags })).unwrap_or_default();
            out.push('\n');
        }
        Format::Github => {
            for d in diags {
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let message = match &d.hint {
                    Some(h) => format!("{} ({}). Fix: {h}", d.message, display_pointer(&d.pointer)),
                    None => format!("{} ({})", d.message, display_pointer(&d.pointer)),
                };
                let _ = writeln!(
                    out,
                    "::{level} file={},line={},col={},endColumn={},title={}::{}",
                    gh_property(&d.file.display().to_string()),
                    d.line,
                    d.column,
                    d.column + d.width,
                    gh_property(&format!("compendium {}", d.code)),
                    gh_data(&message)
                );
            }
        }
        Format::Sarif => out = sarif(diags),
        Format::Text => {
            let mut sources = SourceCache::default();
            for d in diags {
                text_one(d, &mut sources, &mut out);
            }
        }
    }
    out
}

fn display_pointer(pointer: &str) -> String {
    if pointer.is_empty() {
        "whole file".to_string()
    } else {
        // Made of the file's keys: on one line.
        compendium::error::one_line(pointer).into_owned()
    }
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Default)]
struct SourceCache {
    texts: HashMap<PathBuf, Option<String>>,
}

impl SourceCache {
    /// The file's text, when it is small enough and readable; invalid UTF-8 shown lossily.
    fn get(&mut self, path: &Path) -> Option<&str> {
        self.texts
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                // Only a regular file: a FIFO would block, a device never end.
                let meta = std::fs::metadata(path).ok()?;
                if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
                    return None;
                }
                let file = std::fs::File::open(path).ok()?;
                let bytes = compendium::load::read_at_most(file, MAX_FILE_BYTES).ok()??;
                let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                Some(String::from_utf8_lossy(bytes).into_owned())
            })
            .as_deref()
    }
}

/// The part of a long line to show around 1-based `column` (a JSON entry's body is one line of
/// hundreds of characters: found by a tester, no line was shown at all), with `…` where it is
/// cut, and the column within it. A line of at most [`WHOLE_LINE`] characters is shown whole.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    const WHOLE_LINE: usize = 400;
    const AROUND: usize = 60;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WHOLE_LINE {
        return (line.to_string(), column);
    }
    let at = column.saturating_sub(1).min(chars.len());
    let from = at.saturating_sub(AROUND);
    let to = (at + AROUND).min(chars.len());
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    (shown, at - from + 1 + usize::from(from > 0))
}

/// ANSI styling, when colour is on.
fn paint(text: &str, style: &str) -> String {
    if ui().color {
        format!("\x1b[{style}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn text_one(d: &Diagnostic, sources: &mut SourceCache, out: &mut String) {
    let label = match d.severity {
        Severity::Error => paint(&format!("error[{}]", d.code), "1;31"),
        Severity::Warning => paint(&format!("warning[{}]", d.code), "1;33"),
    };
    // A message or a hint may quote a value of the file, control characters and all: shown on
    // one line, every control character written out.
    let message = compendium::error::one_line(&d.message);
    let _ = writeln!(out, "{label}: {}", paint(&message, "1"));
    let pad = " ".repeat(d.line.to_string().len());
    let _ = writeln!(
        out,
        "{pad}--> {}:{}:{} (at {})",
        d.file.shown(),
        d.line,
        d.column,
        display_pointer(&d.pointer)
    );
    let line_text = sources.get(&d.file).and_then(|text| {
        let index = LineIndex::new(text);
        let line = index.line_text(text, d.line);
        // A line of which a quarter or more is NUL is not text (a file saved as UTF-16): not
        // shown. A short line with one NUL is shown, the NUL as a space.
        let nuls = line.chars().filter(|&c| c == '\0').count();
        if nuls >= 4 && nuls * 4 >= line.chars().count() {
            return None;
        }
        // A control character (a raw escape in a file that is not JSON) shows as a mark of the
        // same width, so that the carets still fall under the culprit.
        Some(line.replace('\0', " ").replace(
            |c: char| compendium::error::hidden(c) && c != '\t',
            "\u{FFFD}",
        ))
    });
    if let Some((line_text, column, cut)) = line_text.filter(|l| !l.is_empty()).map(|l| {
        let (shown, column) = excerpt(&l, d.column);
        let cut = shown != l;
        (shown, column, cut)
    }) {
        let number = d.line.to_string();
        // Carets go under the culprit as a terminal shows the line: a wide character (CJK,
        // most emoji) takes two columns, a combining mark none, an emoji sequence joined by
        // zero-width joiners (a family) or a flag's two letters one glyph of two columns (found
        // by a tester), and a tab stays a tab.
        let start = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        // Never under the `…` that ends a cut line.
        let shown_end = if cut {
            line_text
                .strip_suffix('…')
                .map_or(line_text.len(), str::len)
        } else {
            line_text.len()
        };
        let end = line_text[start..]
            .char_indices()
            .nth(d.width)
            .map_or(line_text.len(), |(i, _)| start + i)
            .min(shown_end.max(start));
        let prefix: String = line_text[..start]
            .split('\t')
            .map(|part| " ".repeat(part.width()))
            .collect::<Vec<_>>()
            .join("\t");
        let width = line_text[start..end].width().max(1);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{number} | {line_text}");
        let _ = writeln!(out, "{pad} | {prefix}{}", paint(&"^".repeat(width), "1;31"));
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "{pad} = help: {}", compendium::error::one_line(hint));
    }
    out.push('\n');
}

/// A path as a relative URI reference (RFC 3986), as SARIF requires: every byte other than
/// letters, digits, `-`, `.`, `_`, `~` and the `/` between folders percent-encoded (UTF-8), so
/// that a space, an accent, `#`, `%` or `?` in a folder's name reads as part of the path.
fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    // A Windows path with a drive (`C:/x`) is an absolute file address, not a relative one.
    let path = match path.as_bytes() {
        [drive, b':', b'/', ..] if drive.is_ascii_alphabetic() => {
            out.push_str("file:///");
            out.push(char::from(*drive));
            out.push(':');
            &path[2..]
        }
        _ => path,
    };
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A minimal SARIF 2.1.0 log: one run, one rule per code used, one result per finding.
fn sarif(diags: &[Diagnostic]) -> String {
    let mut codes: Vec<compendium::Code> = diags.iter().map(|d| d.code).collect();
    codes.sort();
    codes.dedup();
    let rules: Vec<SarifRule> = codes
        .iter()
        .map(|c| SarifRule {
            id: c.as_str(),
            short_description: SarifText {
                text: c.description().to_string(),
            },
            help: SarifText {
                text: format!("Run `compendium explain {c}` for the long explanation."),
            },
        })
        .collect();
    let results = diags
        .iter()
        .map(|d| SarifResult {
            rule_id: d.code.as_str(),
            level: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: SarifText {
                text: match &d.hint {
                    Some(h) => format!("{} ({}). Fix: {h}", d.message, display_pointer(&d.pointer)),
                    None => format!("{} ({})", d.message, display_pointer(&d.pointer)),
                },
            },
            locations: vec![SarifLocation {
                physical_location: SarifPhysical {
                    artifact_location: SarifArtifact {
                        uri: uri_reference(&d.file.to_string_lossy().replace('\\', "/")),
                    },
                    region: SarifRegion {
                        start_line: d.line,
                        start_column: d.column,
                        end_column: d.column + d.width,
                    },
                },
            }],
        })
        .collect();
    let log = SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![SarifRun {
            tool: SarifTool {
                driver: SarifDriver {
                    name: "compendium",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            // Columns count characters (Unicode scalar values), not SARIF's default UTF-16
            // code units, which differ after an emoji.
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

#[derive(serde::Serialize)]
struct SarifLog {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<SarifRun>,
}

#[derive(serde::Serialize)]
struct SarifRun {
    tool: SarifTool,
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(serde::Serialize)]
struct SarifTool {
    driver: SarifDriver,
}

#[derive(serde::Serialize)]
struct SarifDriver {
    name: &'static str,
    version: &'static str,
    rules: Vec<SarifRule>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule {
    id: &'static str,
    short_description: SarifText,
    help: SarifText,
}

#[derive(serde::Serialize)]
struct SarifText {
    text: String,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    level: &'static str,
    message: SarifText,
    locations: Vec<SarifLocation>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: SarifPhysical,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical {
    artifact_location: SarifArtifact,
    region: SarifRegion,
}

#[derive(serde::Serialize)]
struct SarifArtifact {
    uri: String,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    end_column: usize,
}

#[cfg(test)]
mod tests {
    use super::uri_reference;

    #[test]
    fn a_sarif_uri_is_percent_encoded_except_between_folders() {
        assert_eq!(
            uri_reference("C:/My entries/x.json"),
            "file:///C:/My%20entries/x.json"
        );
        assert_eq!(
            uri_reference("Entrées été/sub dir/a#1,b%.json"),
            "Entr%C3%A9es%20%C3%A9t%C3%A9/sub%20dir/a%231%2Cb%25.json"
        );
        assert_eq!(
            uri_reference("practices/eu/x-1_y~z.json"),
            "practices/eu/x-1_y~z.json"
        );
    }
}
