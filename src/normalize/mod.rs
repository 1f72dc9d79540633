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

pub mod text;

use crate::model::Practice;
use serde::Deserialize;
use serde_json::{json, Value};
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

/// A practice's content form ([`content_form`]): what the content hash covers and what the
/// duplicate finder compares. Each text is folded words with single spaces between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentForm {
    /// The title, folded.
    pub title: String,
    /// The summary, folded.
    pub summary: String,
    /// The body reduced to text, folded.
    pub body: String,
    /// Each recommendation, folded.
    pub recommendations: Vec<String>,
}

impl ContentForm {
    /// The canonical JSON the content hash is taken of: an object with the four fields, keys in
    /// sorted order (the same bytes as [`canonical_json`] of the form as a JSON value; tested).
    pub fn canonical_json(&self) -> Vec<u8> {
        let length = self.title.len()
            + self.summary.len()
            + self.body.len()
            + self
                .recommendations
                .iter()
                .map(|r| r.len() + 3)
                .sum::<usize>();
        let mut out = Vec::with_capacity(length + 64);
        out.extend_from_slice(b"{\"body\":");
        write_json_str(&self.body, &mut out);
        out.extend_from_slice(b",\"recommendations\":");
        write_list(&mut out, &self.recommendations, |out, r| {
            write_json_str(r, out)
        });
        out.extend_from_slice(b",\"summary\":");
        write_json_str(&self.summary, &mut out);
        out.extend_from_slice(b",\"title\":");
        write_json_str(&self.title, &mut out);
        out.push(b'}');
        out
    }

    /// The texts of the form in reading order: title, summary, body, then each recommendation.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        [&self.title, &self.summary, &self.body]
            .into_iter()
            .chain(&self.recommendations)
            .map(String::as_str)
    }

    /// The form as a JSON value.
    pub fn to_value(&self) -> Value {
        json!({
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "recommendations": self.recommendations,
        })
    }
}

/// JSON with object keys sorted and no insignificant white space: the form that is hashed.
pub fn canonical_json(value: &Value) -> String {
    let mut out = Vec::with_capacity(4096);
    write_canonical(value, &mut out);
    // Built from `str`s and ASCII punctuation only.
    String::from_utf8(out).unwrap_or_default()
}

/// The whole practice in canonical JSON (what the record hash covers): the same bytes as
/// [`canonical_json`] of the practice as a JSON value (tested), written straight from the model,
/// keys in sorted order, instead of through a copy of every field in a `serde_json::Value`.
pub fn canonical_record(p: &Practice) -> Vec<u8> {
    let mut out = Vec::with_capacity(p.body.len() + p.summary.len() + 2048);
    let str_list = |out: &mut Vec<u8>, items: &mut dyn Iterator<Item = &str>| {
        write_list(out, items, |out, item| write_json_str(item, out));
    };
    // Each key is written with the comma that separates it from the previous one.
    let key = |out: &mut Vec<u8>, name: &str| {
        if out.len() > 1 {
            out.push(b',');
        }
        write_json_str(name, out);
        out.push(b':');
    };
    out.push(b'{');
    key(&mut out, "area");
    write_json_str(p.area.as_str(), &mut out);
    key(&mut out, "body");
    write_json_str(&p.body, &mut out);
    key(&mut out, "contributor");
    let c = &p.contributor;
    write_object(
        &mut out,
        [
            ("email", c.email.as_deref().map(Scalar::Text)),
            ("name", Some(Scalar::Text(&c.name))),
            ("organization", c.organization.as_deref().map(Scalar::Text)),
        ],
    );
    key(&mut out, "id");
    write_json_str(&p.id, &mut out);
    key(&mut out, "jurisdiction");
    write_json_str(&p.jurisdiction, &mut out);
    key(&mut out, "language");
    write_json_str(&p.language, &mut out);
    key(&mut out, "license");
    write_json_str(&p.license, &mut out);
    key(&mut out, "lifecycle");
    str_list(&mut out, &mut p.lifecycle.iter().map(|l| l.as_str()));
    key(&mut out, "modalities");
    str_list(&mut out, &mut p.modalities.iter().map(|m| m.as_str()));
    key(&mut out, "organization");
    write_json_str(&p.organization, &mut out);
    key(&mut out, "principles");
    str_list(&mut out, &mut p.principles.iter().map(String::as_str));
    if !p.principles_refused.is_empty() {
        key(&mut out, "principles_refused");
        write_list(&mut out, &p.principles_refused, |out, r| {
            write_object(
                out,
                [
                    ("principle", Some(Scalar::Text(&r.principle))),
                    ("reason", Some(Scalar::Text(&r.reason))),
                ],
            );
        });
    }
    key(&mut out, "recommendations");
    str_list(&mut out, &mut p.recommendations.iter().map(String::as_str));
    key(&mut out, "sources");
    write_list(&mut out, &p.sources, |out, source| {
        write_object(
            out,
            [
                ("publisher", Some(Scalar::Text(&source.publisher))),
                ("title", Some(Scalar::Text(&source.title))),
                ("url", source.url.as_deref().map(Scalar::Text)),
                ("year", Some(Scalar::Number(source.year.into()))),
            ],
        );
    });
    key(&mut out, "status");
    write_json_str(p.status.as_str(), &mut out);
    key(&mut out, "submitted");
    write_json_str(&p.submitted, &mut out);
    key(&mut out, "summary");
    write_json_str(&p.summary, &mut out);
    key(&mut out, "supersedes");
    str_list(&mut out, &mut p.supersedes.iter().map(String::as_str));
    key(&mut out, "title");
    write_json_str(&p.title, &mut out);
    out.push(b'}');
    out
}

/// `[a,b,…]`, each item written by `write`.
fn write_list<T>(
    out: &mut Vec<u8>,
    items: impl IntoIterator<Item = T>,
    mut write: impl FnMut(&mut Vec<u8>, T),
) {
    out.push(b'[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

/// A field value of [`write_object`].
enum Scalar<'a> {
    Text(&'a str),
    Number(u64),
}

/// An object of scalar fields, keys given in sorted order; absent ones left out.
fn write_object<const N: usize>(out: &mut Vec<u8>, fields: [(&str, Option<Scalar<'_>>); N]) {
    out.push(b'{');
    let mut first = true;
    for (name, value) in fields {
        if let Some(value) = value {
            if !first {
                out.push(b',');
            }
            first = false;
            write_json_str(name, out);
            out.push(b':');
            match value {
                Scalar::Text(text) => write_json_str(text, out),
                Scalar::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
            }
        }
    }
    out.push(b'}');
}

/// A JSON string, escaped as serde_json escapes it.
fn write_json_str(s: &str, out: &mut Vec<u8>) {
    // Writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

// Sorts keys explicitly: serde_json keeps insertion order when any crate in the build enables
// its `preserve_order` feature, and the hash must not depend on that.
fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json_str(k, out);
                out.push(b':');
                write_canonical(v, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => write_list(out, items, |out, v| write_canonical(v, out)),
        Value::String(s) => write_json_str(s, out),
        scalar => out.extend_from_slice(scalar.to_string().as_bytes()),
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

    proptest::proptest! {
        /// The record written straight from the model is byte for byte the canonical JSON of
        /// the practice as a JSON value, optional fields present or not, any text.
        #[test]
        fn the_record_written_from_the_model_is_the_canonical_json_of_its_value(
            text in "\\PC{0,12}",
            quote in "[\"\\\\\u{0}-\u{1f}\u{7f}é\u{2028}]{0,4}",
            optional in proptest::collection::vec(proptest::bool::ANY, 5),
            year in 0u16..3000,
        ) {
            let mut p = crate::model::Practice::example("p-1");
            p.title = format!("{text}{quote}");
            p.body = format!("{quote}{text}\n\nmore");
            p.summary = quote.clone();
            p.recommendations = vec![text.clone(), quote.clone()];
            p.contributor.email = optional[0].then(|| format!("{text}@example.org"));
            p.contributor.organization = optional[1].then(|| quote.clone());
            p.sources[0].url = optional[2].then(|| format!("https://example.org/{text}"));
            p.sources[0].year = year;
            if optional[3] {
                p.principles_refused = vec![crate::model::RefusedPrinciple {
                    principle: "human-rights".into(),
                    reason: text.clone(),
                }];
            }
            if optional[4] {
                p.supersedes = vec![quote.clone()];
                p.sources.push(p.sources[0].clone());
            }
            let value = serde_json::to_value(&p).unwrap();
            proptest::prop_assert_eq!(
                String::from_utf8(canonical_record(&p)).unwrap(),
                canonical_json(&value)
            );
        }
    }
    use proptest::prelude::*;

    proptest! {
        /// The content form's canonical JSON, written straight from it, is the canonical JSON
        /// of the form as a JSON value.
        #[test]
        fn the_content_form_is_hashed_as_its_canonical_json(
            texts in proptest::collection::vec("\\PC{0,8}[\"\\\\\u{1}]?", 3),
            recommendations in proptest::collection::vec("\\PC{0,8}", 0..4),
        ) {
            let form = ContentForm {
                title: texts[0].clone(),
                summary: texts[1].clone(),
                body: texts[2].clone(),
                recommendations,
            };
            prop_assert_eq!(
                String::from_utf8(form.canonical_json()).unwrap(),
                canonical_json(&form.to_value())
            );
        }
    }

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
