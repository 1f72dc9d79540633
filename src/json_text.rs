//! JSON text written straight from the model, byte for byte as serde_json writes it (tested),
//! but faster where it matters: a build writes every practice's texts as JSON twice (the record
//! its hash covers, and the manifest), and serde_json escapes a string a byte at a time.

use crate::model::Practice;

/// Bytes to look at in one step when looking for a byte to escape.
const CHUNK: usize = 8;

/// Whether any of eight bytes (a little-endian word) must be escaped in a JSON string: a control
/// character (below 0x20), `"` or `\`. Each test is the classic "has a byte less than n" bit
/// trick (exact for n ≤ 128); `"` and `\` are found as a zero byte after an exclusive or.
fn any_to_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    (control | quote | backslash) != 0
}

/// How serde_json escapes a byte that must be escaped: the short forms it knows, `\u00XX`
/// (lower-case hexadecimal) for any other control character.
fn write_escape(byte: u8, out: &mut Vec<u8>) {
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xF)]);
            return;
        }
    };
    out.push(b'\\');
    out.push(short);
}

/// A JSON string, escaped as serde_json escapes it. Runs of bytes that need no escaping (nearly
/// all of a text) are skipped eight at a time and copied in one piece.
pub fn write_str(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + CHUNK) {
            let mut word = [0u8; CHUNK];
            word.copy_from_slice(chunk);
            if !any_to_escape(u64::from_le_bytes(word)) {
                i += CHUNK;
                continue;
            }
        }
        // Somewhere in the next eight bytes (or the last few): one byte at a time.
        let end = (i + CHUNK).min(bytes.len());
        while i < end {
            let byte = bytes[i];
            if byte < 0x20 || byte == b'"' || byte == b'\\' {
                out.extend_from_slice(&bytes[copied..i]);
                write_escape(byte, out);
                copied = i + 1;
            }
            i += 1;
        }
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// `[a,b,…]`, each item written by `write`.
pub fn write_list<T>(
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

/// A list of strings.
fn write_str_list<'a>(out: &mut Vec<u8>, items: impl IntoIterator<Item = &'a str>) {
    write_list(out, items, |out, item| write_str(item, out));
}

/// `"name":` after a comma (every field of an object but its first).
pub fn key(out: &mut Vec<u8>, name: &str) {
    out.push(b',');
    write_name(name, out);
}

/// `"name":` for a field name of the model: plain words, which JSON needs no escape for, so they
/// are copied as they are instead of scanned.
pub fn write_name(name: &str, out: &mut Vec<u8>) {
    debug_assert!(!name.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\'));
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":");
}

/// A field value of [`write_object`].
pub enum Scalar<'a> {
    /// A string.
    Text(&'a str),
    /// A whole number.
    Number(u64),
}

/// An object of scalar fields, written in the order given; absent ones left out (as serde
/// leaves out a `None` it is told to skip).
pub fn write_object<const N: usize>(out: &mut Vec<u8>, fields: [(&str, Option<Scalar<'_>>); N]) {
    out.push(b'{');
    let mut first = true;
    for (name, value) in fields {
        if let Some(value) = value {
            if !first {
                out.push(b',');
            }
            first = false;
            write_name(name, out);
            match value {
                Scalar::Text(text) => write_str(text, out),
                Scalar::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
            }
        }
    }
    out.push(b'}');
}

/// A practice as serde_json writes it (`serde_json::to_writer(out, p)`): fields in the model's
/// order, empty optional ones left out as the model's serde attributes say.
pub fn write_practice(p: &Practice, out: &mut Vec<u8>) {
    out.push(b'{');
    write_name("id", out);
    write_str(&p.id, out);
    key(out, "title");
    write_str(&p.title, out);
    key(out, "summary");
    write_str(&p.summary, out);
    key(out, "body");
    write_str(&p.body, out);
    key(out, "recommendations");
    write_str_list(out, p.recommendations.iter().map(String::as_str));
    key(out, "area");
    write_str(p.area.as_str(), out);
    key(out, "modalities");
    write_str_list(out, p.modalities.iter().map(|m| m.as_str()));
    key(out, "lifecycle");
    write_str_list(out, p.lifecycle.iter().map(|l| l.as_str()));
    key(out, "jurisdiction");
    write_str(&p.jurisdiction, out);
    key(out, "organization");
    write_str(&p.organization, out);
    key(out, "principles");
    write_str_list(out, p.principles.iter().map(String::as_str));
    if !p.principles_refused.is_empty() {
        key(out, "principles_refused");
        write_list(out, &p.principles_refused, |out, refused| {
            write_object(
                out,
                [
                    ("principle", Some(Scalar::Text(&refused.principle))),
                    ("reason", Some(Scalar::Text(&refused.reason))),
                ],
            );
        });
    }
    key(out, "sources");
    write_list(out, &p.sources, |out, source| {
        write_object(
            out,
            [
                ("title", Some(Scalar::Text(&source.title))),
                ("publisher", Some(Scalar::Text(&source.publisher))),
                ("year", Some(Scalar::Number(source.year.into()))),
                ("url", source.url.as_deref().map(Scalar::Text)),
            ],
        );
    });
    key(out, "contributor");
    let contributor = &p.contributor;
    write_object(
        out,
        [
            ("name", Some(Scalar::Text(&contributor.name))),
            (
                "organization",
                contributor.organization.as_deref().map(Scalar::Text),
            ),
            ("email", contributor.email.as_deref().map(Scalar::Text)),
        ],
    );
    key(out, "submitted");
    write_str(&p.submitted, out);
    key(out, "language");
    write_str(&p.language, out);
    key(out, "license");
    write_str(&p.license, out);
    key(out, "status");
    write_str(p.status.as_str(), out);
    key(out, "supersedes");
    write_str_list(out, p.supersedes.iter().map(String::as_str));
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RefusedPrinciple, Source};

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        write_str(text, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_as_serde_json_does() {
        for text in [
            "",
            "plain words, longer than eight bytes",
            "\"quoted\" and back\\slash",
            "tab\there, line\nbreak, \r, \u{8}, \u{c}, \u{0}, \u{1f}, \u{7f}",
            "é, \u{2028}, 😀 and \"\" at the very end\\",
        ] {
            assert_eq!(written(text), serde_json::to_string(text).unwrap());
        }
    }

    proptest::proptest! {
        /// Any text, escapes anywhere (inside and across the eight-byte steps), as serde_json.
        #[test]
        fn any_text_is_escaped_as_serde_json_escapes_it(
            text in "([a-z ]{0,11}|[\"\\\\\u{0}-\u{1f}\u{7f}é\u{2028}😀]){0,12}",
        ) {
            proptest::prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }

        /// A practice, optional fields present or not, lists empty or not, any text, as
        /// serde_json writes it.
        #[test]
        fn a_practice_is_written_as_serde_json_writes_it(
            text in "\\PC{0,12}",
            quote in "[\"\\\\\u{0}-\u{1f}\u{7f}é\u{2028}]{0,4}",
            optional in proptest::collection::vec(proptest::bool::ANY, 6),
            year in 0u16..3000,
        ) {
            let mut p = Practice::example("p-1");
            p.title = format!("{text}{quote}");
            p.summary = quote.clone();
            p.body = format!("{quote}{text}\n\nmore");
            p.recommendations = if optional[5] { Vec::new() } else { vec![text.clone(), quote.clone()] };
            p.jurisdiction = text.clone();
            p.organization = quote.clone();
            p.principles = if optional[5] { vec!["security".into(), text.clone()] } else { Vec::new() };
            p.contributor.name = text.clone();
            p.contributor.email = optional[0].then(|| format!("{text}@example.org"));
            p.contributor.organization = optional[1].then(|| quote.clone());
            p.sources[0].url = optional[2].then(|| format!("https://example.org/{text}"));
            p.sources[0].year = year;
            p.sources[0].title = quote.clone();
            if optional[3] {
                p.principles_refused = vec![
                    RefusedPrinciple { principle: "human-rights".into(), reason: text.clone() },
                    RefusedPrinciple { principle: quote.clone(), reason: String::new() },
                ];
            }
            if optional[4] {
                p.supersedes = vec![quote.clone(), text.clone()];
                p.sources.push(Source { url: None, ..p.sources[0].clone() });
            }
            let mut out = Vec::new();
            write_practice(&p, &mut out);
            proptest::prop_assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&p).unwrap()
            );
        }
    }
}
