//! `compendium.json`: the machine-readable record of an edition, and reading it back.
//!
//! The manifest holds every published practice in full (normalized), its final tags with their
//! origin, its two hashes, the edition digest, the practices left out as duplicates, and the
//! SHA-256 of the Markdown and CSV files written beside it, so that [`verify`] can tell whether
//! anything was altered after the build.

use super::{edition_digest, Edition};
use crate::model::Taxonomy;
use crate::normalize::normalize;
use crate::output::FileText;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

mod read;

pub use read::{
    read_manifest, read_manifest_except, read_practice_index, PracticeIndex, PracticeKey,
    ReadManifest,
};

/// The manifest format name.
pub const FORMAT: &str = "compendium-manifest";

/// The manifest format version: 2 writes one practice per line and no evidence snippets.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Serialize)]
struct Header<'a> {
    format: &'static str,
    format_version: u32,
    edition: &'a str,
    digest: &'a str,
    practice_count: usize,
    files: &'a BTreeMap<String, String>,
}

/// Renders the manifest with a final newline. `files` maps the other published files' names to
/// their SHA-256.
///
/// The header is indented for people; each practice (and each dropped duplicate) is one compact
/// line, so that a large manifest stays small and fast to read back, and a line-based diff of two
/// manifests shows one changed line per changed practice.
pub fn render_manifest(edition: &Edition, files: &BTreeMap<String, String>) -> String {
    render_manifest_with(edition, files, manifest_lines(edition)).into_string()
}

/// The manifest's lines for practices and dropped duplicates: they do not depend on the other
/// files, so `build` renders them beside those files and only the header waits for their hashes.
#[derive(Debug)]
pub struct ManifestLines {
    /// Each practice's item of the list, as it is written (see [`manifest_item`]).
    practices: Vec<String>,
    dropped: Vec<String>,
}

/// Renders [`ManifestLines`] (each practice on its own line, in parallel).
pub fn manifest_lines(edition: &Edition) -> ManifestLines {
    let last = edition.practices.len().saturating_sub(1);
    let practices = edition
        .practices
        .par_iter()
        .enumerate()
        .map(|(i, p)| manifest_item(p, i == last))
        .collect();
    ManifestLines {
        practices,
        dropped: dropped_lines(edition),
    }
}

/// One line per dropped duplicate.
fn dropped_lines(edition: &Edition) -> Vec<String> {
    edition
        .dropped
        .iter()
        .map(|d| serde_json::to_string(d).unwrap_or_default())
        .collect()
}

/// [`render_manifest`] from lines already rendered.
/// The practices' lines are pieces of the file as they are: they are not copied again.
pub fn render_manifest_with(
    edition: &Edition,
    files: &BTreeMap<String, String>,
    lines: ManifestLines,
) -> FileText {
    let ManifestLines { practices, dropped } = lines;
    let mut out = FileText::from(manifest_head(edition, files, &dropped));
    let end = if practices.is_empty() { "]" } else { "\n  ]" };
    for item in practices {
        out.push(item);
    }
    out.push(format!("{end}{MANIFEST_END}"));
    out
}

/// What ends every manifest, after the list of practices.
const MANIFEST_END: &str = "\n}\n";

/// The manifest up to its list of practices: the header, the dropped duplicates, and the opening
/// of the practices list.
fn manifest_head(
    edition: &Edition,
    files: &BTreeMap<String, String>,
    dropped: &[String],
) -> String {
    let header = Header {
        format: FORMAT,
        format_version: FORMAT_VERSION,
        edition: &edition.name,
        digest: &edition.digest,
        practice_count: edition.practices.len(),
        files,
    };
    // Serializing plain strings and numbers cannot fail.
    let header = serde_json::to_string_pretty(&header).unwrap_or_default();
    let mut out = String::with_capacity(header.len() + 1024);
    out.push_str(header.trim_end().trim_end_matches('}').trim_end());
    write_list(&mut out, "dropped_duplicates", dropped);
    out.push_str(",\n  \"practices\": [");
    out
}

/// Whether `text` is exactly the manifest [`render_manifest`] writes for this edition, worked
/// out line by line in parallel: no second copy of a manifest that may be half a gigabyte.
pub fn is_rendered_manifest(
    edition: &Edition,
    files: &BTreeMap<String, String>,
    text: &str,
) -> bool {
    let head = manifest_head(edition, files, &dropped_lines(edition));
    let Some(rest) = text.strip_prefix(head.as_str()) else {
        return false;
    };
    let Some(items) = rest.strip_suffix(MANIFEST_END) else {
        return false;
    };
    if edition.practices.is_empty() {
        return items == "]";
    }
    // `\n    line,` for every practice but the last, `\n    line` for it, then `\n  ]`. A
    // practice's line never holds a line break (JSON escapes them in strings).
    let Some(items) = items.strip_suffix("\n  ]") else {
        return false;
    };
    let lines: Vec<&str> = items.split('\n').skip(1).collect();
    if !items.starts_with('\n') || lines.len() != edition.practices.len() {
        return false;
    }
    let last = lines.len() - 1;
    edition
        .practices
        .par_iter()
        .zip(lines.par_iter())
        .enumerate()
        .all(|(i, (p, written))| {
            let body = written.strip_prefix("    ").and_then(|w| {
                if i < last {
                    w.strip_suffix(',')
                } else {
                    Some(w)
                }
            });
            body == Some(manifest_line(p).as_str())
        })
}

/// One practice's line of the manifest.
fn manifest_line(p: &super::EditionPractice) -> String {
    let mut bytes = Vec::new();
    write_manifest_line(&mut bytes, p);
    text_of(bytes)
}

/// One practice's item in the list of practices, as [`write_items`] would write it: a line break
/// and indent, its line, and a comma unless it is the last.
fn manifest_item(p: &super::EditionPractice, last: bool) -> String {
    let mut bytes = Vec::with_capacity(manifest_item_room(p));
    bytes.extend_from_slice(b"\n    ");
    write_manifest_line(&mut bytes, p);
    if !last {
        bytes.push(b',');
    }
    text_of(bytes)
}

/// Room for a practice's manifest item, so that it is not copied as it grows: its texts, its
/// sources, its tags as serialized, and a margin for the other (short) fields, the keys and
/// the escapes.
fn manifest_item_room(p: &super::EditionPractice) -> usize {
    let practice = &p.normalized.practice;
    let (texts, sources) = p.text_bytes();
    let refused: usize = practice
        .principles_refused
        .iter()
        .map(|r| r.principle.len() + r.reason.len() + 32)
        .sum();
    texts
        + texts / 32
        + sources
        + 64 * practice.sources.len()
        + refused
        + p.tags_json().len()
        + 1536
}

/// The practice's fields, then its tags, content hash and record hash: what serde writes for the
/// practice flattened with those three (tested), with the tags already serialized.
fn write_manifest_line(out: &mut Vec<u8>, p: &super::EditionPractice) {
    crate::json_text::write_practice(&p.normalized.practice, out);
    // The practice's object ends `…}`: its fields go on.
    out.pop();
    out.extend_from_slice(b",\"tags\":");
    out.extend_from_slice(p.tags_json().as_bytes());
    out.extend_from_slice(b",\"sha256\":");
    crate::json_text::write_str(&p.normalized.content_sha256, out);
    out.extend_from_slice(b",\"record_sha256\":");
    crate::json_text::write_str(&p.normalized.record_sha256, out);
    out.push(b'}');
}

/// JSON written from `str`s and ASCII punctuation is UTF-8.
fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `,\n  "name": [` then one item per line, then `]`.
fn write_list(out: &mut String, name: &str, items: &[String]) {
    out.push_str(",\n  \"");
    out.push_str(name);
    out.push_str("\": [");
    write_items(out, items);
}

/// One item per line, then `]`.
fn write_items(out: &mut String, items: &[String]) {
    for (i, item) in items.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(item);
    }
    out.push_str(if items.is_empty() { "]" } else { "\n  ]" });
}

/// One thing `verify` found altered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alteration {
    /// The file concerned.
    pub file: String,
    /// What does not match.
    pub message: String,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Everything altered (nothing: the edition is as built).
    pub alterations: Vec<Alteration>,
    /// The edition digest the manifest records, if it could be read.
    pub digest: Option<String>,
}

/// Checks a built folder: each practice's hashes against its recorded fields, the digest against
/// the practices, the other files' SHA-256 (`file_hashes`: name → SHA-256 of each file found
/// beside the manifest) against those recorded, and the manifest's own bytes against how the
/// tool writes it (so even a changed space is found).
pub fn verify(
    manifest_text: &str,
    file_hashes: &BTreeMap<String, String>,
    taxonomy: &Taxonomy,
) -> Verification {
    let manifest_file = "compendium.json".to_string();
    let read = match read_manifest(manifest_text, taxonomy) {
        Ok(r) => r,
        Err(e) => {
            return Verification {
                alterations: vec![Alteration {
                    file: manifest_file,
                    message: e,
                }],
                digest: None,
            }
        }
    };
    let mut found = Vec::new();
    let mismatched: Vec<Alteration> = read
        .edition
        .practices
        .par_iter()
        .filter(|p| {
            let again = normalize(p.normalized.practice.clone());
            again.content_sha256 != p.normalized.content_sha256
                || again.record_sha256 != p.normalized.record_sha256
        })
        .map(|p| Alteration {
            file: manifest_file.clone(),
            message: format!("practice `{}` does not match its recorded hashes", p.id()),
        })
        .collect();
    found.extend(mismatched);
    let digest = edition_digest(&read.edition.practices);
    if digest != read.edition.digest {
        found.push(Alteration {
            file: manifest_file.clone(),
            message: format!(
                "the recorded digest {} is not the digest of the practices ({digest})",
                read.edition.digest
            ),
        });
    }
    if !is_rendered_manifest(&read.edition, &read.files, manifest_text) {
        found.push(Alteration {
            file: manifest_file.clone(),
            message: "the file differs from the manifest the tool wrote (edited after the build)"
                .into(),
        });
    }
    for (name, recorded) in &read.files {
        match file_hashes.get(name) {
            None => found.push(Alteration {
                file: name.clone(),
                message: "the file is missing".into(),
            }),
            Some(actual) => {
                if actual != recorded {
                    found.push(Alteration {
                        file: name.clone(),
                        message: format!("SHA-256 is {actual}, the manifest recorded {recorded}"),
                    });
                }
            }
        }
    }
    Verification {
        alterations: found,
        digest: Some(read.edition.digest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::{assemble, Dropped, Tag};
    use crate::model::Practice;
    use crate::schema::Schemas;
    use proptest::prelude::*;

    /// The manifest's line for a practice, as serde writes it: the practice's fields, then
    /// these.
    #[derive(Serialize)]
    struct ManifestPractice<'a> {
        #[serde(flatten)]
        practice: &'a Practice,
        tags: &'a [Tag],
        sha256: &'a str,
        record_sha256: &'a str,
    }

    proptest::proptest! {
        /// A practice's line, written from its fields and its tags serialized beforehand, is
        /// what serde writes for the practice with its tags and hashes, optional fields present
        /// or not, any text.
        #[test]
        fn a_practice_line_is_what_serde_writes(
            text in "\\PC{0,10}[\"\\\\\u{1}]?",
            optional in proptest::collection::vec(proptest::bool::ANY, 4),
            tagged in proptest::bool::ANY,
        ) {
            let mut p = Practice::example("line-1");
            p.title = text.clone();
            p.contributor.email = optional[0].then(|| format!("{text}@example.org"));
            p.contributor.organization = optional[1].then(|| text.clone());
            p.sources[0].url = optional[2].then(|| format!("https://example.org/{text}"));
            if optional[3] {
                p.principles_refused = vec![crate::model::RefusedPrinciple {
                    principle: "human-rights".into(),
                    reason: text.clone(),
                }];
            }
            let normalized = normalize(p);
            let tags = if tagged {
                vec![Tag {
                    principle: "data-protection".into(),
                    origin: super::super::TagOrigin::Suggested,
                    score: Some(2.5),
                    evidence: vec![crate::tag::Evidence {
                        field: "title".into(),
                        text: text.clone(),
                        term: "x".into(),
                        snippet: String::new(),
                    }],
                }]
            } else {
                Vec::new()
            };
            let expected = serde_json::to_string(&ManifestPractice {
                practice: &normalized.practice,
                tags: &tags,
                sha256: &normalized.content_sha256,
                record_sha256: &normalized.record_sha256,
            })
            .unwrap();
            let ep = super::super::EditionPractice::new(normalized, tags);
            proptest::prop_assert_eq!(manifest_line(&ep), expected);
        }
    }

    fn edition(count: usize, dropped: usize) -> Edition {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let items = (0..count)
            .map(|i| (normalize(Practice::example(&format!("p-{i}"))), None))
            .collect();
        let dropped = (0..dropped)
            .map(|i| Dropped {
                id: format!("d-{i}"),
                kept: "p-0".into(),
            })
            .collect();
        assemble("test", items, dropped, &taxonomy)
    }

    fn files() -> BTreeMap<String, String> {
        BTreeMap::from([("compendium.md".to_string(), "ab".repeat(32))])
    }

    #[test]
    fn the_manifest_as_written_is_recognised_whatever_its_size() {
        for (count, dropped) in [(0, 0), (1, 0), (3, 2), (0, 1)] {
            let e = edition(count, dropped);
            let text = render_manifest(&e, &files());
            assert!(
                is_rendered_manifest(&e, &files(), &text),
                "{count} {dropped}"
            );
            assert!(!is_rendered_manifest(&e, &BTreeMap::new(), &text));
        }
    }

    proptest! {
        /// Checked line by line, a manifest is the tool's exactly when the whole text equals
        /// the one rendered again: any inserted, removed or changed byte is found.
        #[test]
        fn the_line_by_line_check_agrees_with_rendering_again(
            count in 0usize..4,
            at in 0usize..10_000,
            edit in 0u8..3,
            byte in proptest::sample::select(vec![b' ', b'\n', b',', b'a', b'"', b']']),
        ) {
            let e = edition(count, 1);
            let text = render_manifest(&e, &files());
            let mut bytes = text.clone().into_bytes();
            let at = at % (bytes.len() + 1);
            match edit {
                0 => bytes.insert(at, byte),
                1 if at < bytes.len() => { bytes.remove(at); }
                _ if at < bytes.len() => bytes[at] = byte,
                _ => bytes.push(byte),
            }
            let altered = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(
                is_rendered_manifest(&e, &files(), &altered),
                altered == text
            );
        }
    }
}
