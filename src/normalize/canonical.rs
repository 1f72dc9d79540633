//! Canonical JSON: the bytes the content and record hashes are taken of. Keys in sorted order,
//! no insignificant white space, strings escaped as serde_json escapes them; written straight
//! from the model where it can be, rather than through a `serde_json::Value` copy.

use crate::json_text::{write_list, write_name, write_object, write_str, Scalar};
use crate::model::Practice;
use serde_json::{json, Value};

/// A practice's content form ([`content_form`](super::content_form)): what the content hash covers and what the
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
        write_str(&self.body, &mut out);
        out.extend_from_slice(b",\"recommendations\":");
        write_list(&mut out, &self.recommendations, |out, r| write_str(r, out));
        out.extend_from_slice(b",\"summary\":");
        write_str(&self.summary, &mut out);
        out.extend_from_slice(b",\"title\":");
        write_str(&self.title, &mut out);
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
        write_list(out, items, |out, item| write_str(item, out));
    };
    // Each key is written with the comma that separates it from the previous one.
    let key = |out: &mut Vec<u8>, name: &str| {
        if out.len() > 1 {
            out.push(b',');
        }
        write_name(name, out);
    };
    out.push(b'{');
    key(&mut out, "area");
    write_str(p.area.as_str(), &mut out);
    key(&mut out, "body");
    write_str(&p.body, &mut out);
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
    write_str(&p.id, &mut out);
    key(&mut out, "jurisdiction");
    write_str(&p.jurisdiction, &mut out);
    key(&mut out, "language");
    write_str(&p.language, &mut out);
    key(&mut out, "license");
    write_str(&p.license, &mut out);
    key(&mut out, "lifecycle");
    str_list(&mut out, &mut p.lifecycle.iter().map(|l| l.as_str()));
    key(&mut out, "modalities");
    str_list(&mut out, &mut p.modalities.iter().map(|m| m.as_str()));
    key(&mut out, "organization");
    write_str(&p.organization, &mut out);
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
    write_str(p.status.as_str(), &mut out);
    key(&mut out, "submitted");
    write_str(&p.submitted, &mut out);
    key(&mut out, "summary");
    write_str(&p.summary, &mut out);
    key(&mut out, "supersedes");
    str_list(&mut out, &mut p.supersedes.iter().map(String::as_str));
    key(&mut out, "title");
    write_str(&p.title, &mut out);
    out.push(b'}');
    out
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
                write_str(k, out);
                out.push(b':');
                write_canonical(v, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => write_list(out, items, |out, v| write_canonical(v, out)),
        Value::String(s) => write_str(s, out),
        scalar => out.extend_from_slice(scalar.to_string().as_bytes()),
    }
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
    proptest::proptest! {
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
            proptest::prop_assert_eq!(
                String::from_utf8(form.canonical_json()).unwrap(),
                canonical_json(&form.to_value())
            );
        }
    }
}
