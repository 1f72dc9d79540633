//! Stage 3: a validated document → a canonical [`Practice`] and its hashes.
//!
//! Two forms come out of this stage. The *published* form keeps the text as written (NFC, tidy
//! white space). The *content* form ([`text`]) is what duplicates are judged on and what the
//! content hash covers: title, summary, body and recommendations reduced to folded words.
//!
//! Canonical form: every text in Unicode NFC, line breaks as `\n`, no white space at either end,
//! single-line fields with runs of white space folded to one space, list fields in the order the
//! contributor gave (it carries meaning) except enumerations, which are sorted. Two entries that
//! differ only in such details publish identically and hash identically.

mod canonical;
pub mod text;

pub use canonical::{canonical_json, canonical_record, ContentForm};

use crate::model::Practice;
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// A practice in canonical form, with its hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedPractice {
    /// The practice, normalized.
    pub practice: Practice,
    /// SHA-256 (hex) of the content form ([`content_form`]): equal for exact duplicates.
    pub content_sha256: String,
    /// SHA-256 (hex) of the whole normalized entry, every field included.
    pub record_sha256: String,
}

/// Folds a single-line text: NFC, white space runs to one space, trimmed.
pub fn fold_line(text: &str) -> String {
    let nfc = to_nfc(text);
    let mut out = String::with_capacity(nfc.len());
    for word in nfc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `fold` of a text the practice owns: handed back as it is, without a copy, when `is_folded`
/// says folding would not change it, as for nearly every field of a valid entry.
fn fold_owned(text: String, is_folded: fn(&str) -> bool, fold: fn(&str) -> String) -> String {
    if is_folded(&text) {
        text
    } else {
        fold(&text)
    }
}

/// [`fold_line`] of a text the practice owns, without a copy when it is already folded.
fn fold_line_owned(text: String) -> String {
    fold_owned(text, is_folded_line, fold_line)
}

/// Whether [`fold_line`] would give `text` back unchanged, by a check that may say no to some
/// texts it would in fact keep: printable ASCII (in NFC, no white space but the space), no space
/// at either end, no two spaces in a row.
fn is_folded_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().all(|&b| (b' '..=b'~').contains(&b))
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !text.contains("  ")
}

/// [`fold_block`] of a text the practice owns, without a copy when it is already folded.
fn fold_block_owned(text: String) -> String {
    fold_owned(text, is_folded_block, fold_block)
}

/// Whether [`fold_block`] would give `text` back unchanged (a check that may say no to some
/// texts it would keep): ASCII (in NFC) with no carriage return and no control character but the
/// line feed, no white space at the end of a line, no line feed at either end.
fn is_folded_block(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .all(|&b| (b' '..=b'~').contains(&b) || b == b'\n')
        && bytes.first() != Some(&b'\n')
        && !matches!(bytes.last(), Some(b' ' | b'\n'))
        && !text.contains(" \n")
}

/// NFC, without copying text that is already in NFC (all ASCII text is).
fn to_nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// Normalizes a multi-line text: NFC, `\r\n` and `\r` to `\n`, trailing white space removed from
/// every line, blank lines at either end removed.
pub fn fold_block(text: &str) -> String {
    let nfc = to_nfc(text);
    let unified = if nfc.contains('\r') {
        std::borrow::Cow::Owned(nfc.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        nfc
    };
    let mut out = String::with_capacity(unified.len());
    for line in unified.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.trim_matches('\n').to_string()
}

/// Normalizes one practice and computes its hashes.
pub fn normalize(p: Practice) -> NormalizedPractice {
    normalize_with_form(p).0
}

/// [`normalize`], also handing back the content form it hashed (the duplicate finder needs it, and
/// working it out twice would double the cost of reading a large corpus).
pub fn normalize_with_form(p: Practice) -> (NormalizedPractice, ContentForm) {
    let (normalized, form, _) = normalize_with_texts(p);
    (normalized, form)
}

/// [`normalize_with_form`], also handing back the body reduced to text (the tagger reads it;
/// reducing Markdown is the costly part of normalizing).
pub fn normalize_with_texts(p: Practice) -> (NormalizedPractice, ContentForm, String) {
    normalize_with_texts_by(p, content_form_of)
}

/// [`normalize_with_texts`], the content form made by `form_of` from the normalized practice and
/// its body reduced to text (the pipeline makes it from the words the tagger cuts anyway; it
/// must give what [`content_form`] gives).
pub fn normalize_with_texts_by(
    p: Practice,
    form_of: impl FnOnce(&Practice, &str) -> ContentForm,
) -> (NormalizedPractice, ContentForm, String) {
    let (p, content_sha256, form, body_text) = normalize_content_by(p, form_of);
    let record_sha256 = sha256_hex_bytes(&canonical_record(&p));
    (
        NormalizedPractice {
            practice: p,
            content_sha256,
            record_sha256,
        },
        form,
        body_text,
    )
}

/// The practice in canonical form, its content hash, its content form and its body reduced to
/// text; not the record hash, which only an edition needs (the duplicate finder does not).
pub fn normalize_content(p: Practice) -> (Practice, String, ContentForm, String) {
    normalize_content_by(p, content_form_of)
}

/// [`normalize_content`], the content form made by `form_of` (see [`normalize_with_texts_by`]).
pub fn normalize_content_by(
    mut p: Practice,
    form_of: impl FnOnce(&Practice, &str) -> ContentForm,
) -> (Practice, String, ContentForm, String) {
    let line = |text: &mut String| *text = fold_line_owned(std::mem::take(text));
    let lines = |texts: &mut Vec<String>| texts.iter_mut().for_each(line);
    p.schema = None;
    line(&mut p.id);
    line(&mut p.title);
    line(&mut p.summary);
    p.body = fold_block_owned(std::mem::take(&mut p.body));
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
    let body_text = text::markdown_to_text(&p.body);
    let form = form_of(&p, &body_text);
    let content_sha256 = sha256_hex_bytes(&form.canonical_json());
    (p, content_sha256, form, body_text)
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

/// SHA-256 of a text, as lower-case hex.
pub fn sha256_hex(text: &str) -> String {
    sha256_hex_bytes(text.as_bytes())
}

/// SHA-256 of bytes, as lower-case hex.
pub fn sha256_hex_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of a file, as lower-case hex, read a piece at a time (a published file may be
/// hundreds of megabytes).
pub fn sha256_hex_file(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Bytes as lower-case hex (two digits each), the form every published hash takes.
pub fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(digest.len() * 2);
    for &b in digest {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Reads a validated document into the domain model. The schema has already accepted it, so
/// failure here means the schema and the model disagree; it is reported, never a panic.
pub fn practice_from_document(
    doc: &mut crate::load::Document,
) -> Result<Practice, Box<crate::diag::Diagnostic>> {
    // The practice takes the document's strings instead of copying them: the document is read
    // for nothing else once it has passed the schema (its positions come from its text).
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
        assert_eq!(fold_block("a  \r\nb\r\n\r\n"), "a\nb");
        assert_eq!(
            canonical_json(&json!({"b": 1, "a": [true, {"d": null, "c": "x"}]})),
            r#"{"a":[true,{"c":"x","d":null}],"b":1}"#
        );
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    proptest! {
        /// A text kept without a copy is exactly what folding would have made of it.
        #[test]
        fn texts_kept_as_they_are_are_folded(
            s in "[ a-z\t\r\n~é\u{301}\u{0}\u{b}]{0,12}",
        ) {
            prop_assert_eq!(fold_line_owned(s.clone()), fold_line(&s));
            prop_assert_eq!(fold_block_owned(s.clone()), fold_block(&s));
            if is_folded_line(&s) {
                prop_assert_eq!(fold_line(&s), s.clone());
            }
            if is_folded_block(&s) {
                prop_assert_eq!(fold_block(&s), s.clone());
            }
        }

        #[test]
        fn folding_is_idempotent(s in "\\PC*") {
            let once = fold_line(&s);
            prop_assert_eq!(fold_line(&once), once.clone());
            let block = fold_block(&s);
            prop_assert_eq!(fold_block(&block), block.clone());
        }
    }
}
