//! Stage 3: validated documents → practices in canonical form, with their hashes and the texts
//! the later stages read.
//!
//! Two forms come out of this stage. The *published* form keeps the text as written (NFC, tidy
//! white space). The *content* form ([`content_form`]) is what duplicates are judged on and what
//! the content hash covers: title, summary, body and recommendations reduced to folded words.
//!
//! Canonical form: every text in Unicode NFC, line breaks as `\n`, no white space at either end,
//! single-line fields with runs of white space folded to one space, list fields in the order the
//! contributor gave (it carries meaning) except enumerations, which are sorted. Two entries that
//! differ only in such details publish identically and hash identically.

pub mod glossary;
pub mod stem;
pub mod text;

use crate::model::{ContentForm, NormalizedPractice};

use crate::load::Document;
use crate::model::Practice;
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

/// A practice on its way to the edition: where it was read, its canonical form and hashes, and
/// the texts the tagger and the duplicate finder read (reducing Markdown to text is the costly
/// part of normalizing, so it is done once, here).
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The file the practice was read from.
    pub path: PathBuf,
    /// The practice in canonical form, with its hashes.
    pub practice: NormalizedPractice,
    /// The body reduced to plain text.
    pub body_text: String,
    /// The content form the content hash was taken of.
    pub form: ContentForm,
}

/// Normalizes every validated document, in parallel. A document the model cannot read (the
/// schema and the model disagree) is reported as a finding, never a panic.
pub fn all(docs: Vec<Document>) -> (Vec<Normalized>, Vec<crate::Diagnostic>) {
    let results: Vec<Result<Normalized, Box<crate::Diagnostic>>> = docs
        .into_par_iter()
        .map(|mut doc| {
            let practice = practice_from_document(&mut doc)?;
            Ok(normalize_read(doc.path, practice))
        })
        .collect();
    let mut practices = Vec::with_capacity(results.len());
    let mut findings = Vec::new();
    for result in results {
        match result {
            Ok(p) => practices.push(p),
            Err(d) => findings.push(*d),
        }
    }
    (practices, findings)
}

/// One practice read from `path`, normalized, with its texts.
pub fn normalize_read(path: PathBuf, p: Practice) -> Normalized {
    let practice = canonical(p);
    let body_text = text::markdown_to_text(&practice.body);
    let form = content_form_of(&practice, &body_text);
    let content_sha256 = sha256_hex_bytes(&canonical_json(&form.to_value()));
    let record_sha256 = sha256_hex_bytes(&canonical_record(&practice));
    Normalized {
        path,
        practice: NormalizedPractice {
            practice,
            content_sha256,
            record_sha256,
        },
        body_text,
        form,
    }
}

/// Normalizes one practice and computes its hashes.
pub fn normalize(p: Practice) -> NormalizedPractice {
    normalize_read(PathBuf::new(), p).practice
}

/// The first manifest format version whose content hashes keep symbols (see [`text`]).
pub const SYMBOLS_KEPT_SINCE_FORMAT: u32 = 9;

/// The first manifest format version whose content hashes fold what a script writes two ways
/// (Traditional and Simplified Chinese, Arabic vowel marks and tatweel, digits of other scripts;
/// see [`text::fold_script`]).
pub const SCRIPTS_FOLDED_SINCE_FORMAT: u32 = 11;

/// [`normalize`] as an edition of manifest format `version` took the hashes, which folded texts
/// as [`text::fold_as_format`] says. For `verify` of such an edition, whose recorded hashes are
/// the old ones.
pub fn normalize_as_format(p: Practice, version: u32) -> NormalizedPractice {
    let mut normalized = normalize(p);
    if version < SCRIPTS_FOLDED_SINCE_FORMAT {
        let p = &normalized.practice;
        let fold = |text: &str| text::fold_as_format(text, version);
        let form = ContentForm {
            title: fold(&p.title),
            summary: fold(&p.summary),
            body: fold(&text::markdown_to_text(&p.body)),
            recommendations: p.recommendations.iter().map(|r| fold(r)).collect(),
        };
        normalized.content_sha256 = sha256_hex_bytes(&canonical_json(&form.to_value()));
    }
    normalized
}

/// The practice in canonical form.
fn canonical(mut p: Practice) -> Practice {
    let line = |text: &mut String| *text = fold_line(text);
    let lines = |texts: &mut Vec<String>| texts.iter_mut().for_each(line);
    p.schema = None;
    line(&mut p.id);
    line(&mut p.title);
    line(&mut p.summary);
    p.body = fold_block(&p.body);
    lines(&mut p.recommendations);
    p.modalities.sort();
    p.lifecycle.sort();
    line(&mut p.jurisdiction);
    line(&mut p.organization);
    lines(&mut p.principles);
    for s in &mut p.sources {
        line(&mut s.title);
        line(&mut s.publisher);
        s.url.as_mut().map(line);
    }
    line(&mut p.contributor.name);
    p.contributor.organization.as_mut().map(line);
    p.contributor.email.as_mut().map(line);
    lines(&mut p.supersedes);
    p.supersedes.sort();
    p
}

/// Folds a single-line text: NFC, white space runs to one space, trimmed.
pub fn fold_line(text: &str) -> String {
    let text = to_nfc(text);
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// NFC, without rewriting a text that is already in it (as nearly every text is).
fn to_nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

/// Normalizes a multi-line text: NFC, `\r\n` and `\r` to `\n`, trailing white space removed from
/// every line, blank lines at either end removed. A line that ends in two spaces before a line
/// of text keeps two: in Markdown that is a hard line break (an address written one part a
/// line), which trimming lost (found by a tester).
pub fn fold_block(text: &str) -> String {
    let unified = to_nfc(text).replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.lines().collect();
    let mut out = String::with_capacity(unified.len());
    for (i, line) in lines.iter().enumerate() {
        let kept = line.trim_end();
        out.push_str(kept);
        let breaks = line.ends_with("  ")
            && !kept.is_empty()
            && lines.get(i + 1).is_some_and(|next| !next.trim().is_empty());
        if breaks {
            out.push_str("  ");
        }
        out.push('\n');
    }
    out.trim_matches('\n').to_string()
}

/// The fields that make a practice what it is (title, summary, body, recommendations), in their
/// content form: Markdown reduced to text, NFKC, case-folded, punctuation removed. Not the id,
/// the contributor, the dates or the status.
pub fn content_form(p: &Practice) -> ContentForm {
    content_form_of(p, &text::markdown_to_text(&p.body))
}

/// [`content_form`] of a practice whose body is already reduced to text.
pub fn content_form_of(p: &Practice, body_text: &str) -> ContentForm {
    ContentForm {
        title: text::fold_for_comparison(&p.title),
        summary: text::fold_for_comparison(&p.summary),
        body: text::fold_for_comparison(body_text),
        recommendations: p
            .recommendations
            .iter()
            .map(|r| text::fold_for_comparison(r))
            .collect(),
    }
}

/// JSON with object keys sorted and no insignificant white space: the form that is hashed.
/// (serde_json's maps keep their keys sorted.)
pub fn canonical_json(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// The whole practice in canonical JSON: what the record hash covers.
pub fn canonical_record(p: &Practice) -> Vec<u8> {
    canonical_json(&serde_json::to_value(p).unwrap_or_default())
}

/// SHA-256 of a text, as lower-case hex.
pub fn sha256_hex(text: &str) -> String {
    sha256_hex_bytes(text.as_bytes())
}

/// SHA-256 of bytes, as lower-case hex.
pub fn sha256_hex_bytes(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// SHA-256 of a file, as lower-case hex, read a piece at a time (a published file may be
/// large).
pub fn sha256_hex_file(path: &std::path::Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher)?;
    Ok(format!("{:x}", hasher.finalize()))
}

/// Reads a validated document into the domain model. The schema has already accepted it, so
/// failure here means the schema and the model disagree; it is reported, never a panic.
pub fn practice_from_document(doc: &mut Document) -> Result<Practice, Box<crate::Diagnostic>> {
    let mut value = std::mem::take(&mut doc.value);
    // JSON Schema counts 2020.0 as an integer; so does the model.
    if let Some(sources) = value.get_mut("sources").and_then(Value::as_array_mut) {
        for s in sources {
            if let Some(year) = s.get_mut("year") {
                let whole = year
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && !year.is_i64() && !year.is_u64());
                if let Some(f) = whole {
                    *year = Value::from(f as i64);
                }
            }
        }
    }
    Practice::deserialize(value).map_err(|e| {
        Box::new(doc.diagnostic(
            crate::diag::Code::SchemaViolation,
            "",
            format!("the entry passed the schema but could not be read: {e}"),
            false,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use proptest::prelude::*;

    /// A year written as a whole number with a decimal point (which the schema accepts as an
    /// integer) is read as that year; a document the model cannot read is a finding, not a
    /// panic.
    #[test]
    fn a_document_is_read_into_the_model() {
        let mut value = serde_json::to_value(crate::model::Practice::example("p-1")).unwrap();
        value["sources"][0]["year"] = json!(2020.0);
        let text = value.to_string();
        let mut doc = crate::load::Document::new(std::path::Path::new("p-1.json"), &text, value);
        let p = practice_from_document(&mut doc).unwrap();
        assert_eq!(p.sources[0].year, 2020);
        assert_eq!(p.id, "p-1");

        let broken = json!({"id": 7});
        let text = broken.to_string();
        let mut doc = crate::load::Document::new(std::path::Path::new("b.json"), &text, broken);
        let finding = practice_from_document(&mut doc).unwrap_err();
        assert!(
            finding.message.contains("could not be read"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn nfc_and_white_space() {
        assert_eq!(fold_line("  Cafe\u{301}   au\tlait \n"), "Café au lait");
        assert_eq!(fold_block("a \t\r\nb\r\n\r\n"), "a\nb");
        // A Markdown hard line break (two spaces before a line of text) is kept, as two spaces.
        assert_eq!(fold_block("a   \r\nb  \n\nc  \n"), "a  \nb\n\nc");
        assert_eq!(
            canonical_json(&json!({"b": 1, "a": [true, {"d": null, "c": "x"}]})),
            br#"{"a":[true,{"c":"x","d":null}],"b":1}"#
        );
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC*") {
            let once = fold_line(&s);
            prop_assert_eq!(fold_line(&once), once.clone());
            let block = fold_block(&s);
            prop_assert_eq!(fold_block(&block), block.clone());
        }
    }
}
