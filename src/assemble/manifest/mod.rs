//! `compendium.json`: the machine-readable record of an edition, and reading it back.
//!
//! The manifest holds every published practice in full (normalized), its final tags with their
//! origin, its two hashes, the edition digest, the practices left out as duplicates, and the
//! SHA-256 of the Markdown and CSV files written beside it, so that [`verify`] can tell whether
//! anything was altered after the build.

use super::{edition_digest, Edition, Tag};
use crate::model::{Practice, Taxonomy};
use crate::normalize::{normalize, sha256_hex_bytes};
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

#[derive(Serialize)]
struct ManifestPractice<'a> {
    #[serde(flatten)]
    practice: &'a Practice,
    tags: &'a [Tag],
    sha256: &'a str,
    record_sha256: &'a str,
}

/// Renders the manifest with a final newline. `files` maps the other published files' names to
/// their SHA-256.
///
/// The header is indented for people; each practice (and each dropped duplicate) is one compact
/// line, so that a large manifest stays small and fast to read back, and a line-based diff of two
/// manifests shows one changed line per changed practice.
pub fn render_manifest(edition: &Edition, files: &BTreeMap<String, String>) -> String {
    render_manifest_with(edition, files, manifest_lines(edition))
}

/// The manifest's lines for practices and dropped duplicates: they do not depend on the other
/// files, so `build` renders them beside those files and only the header waits for their hashes.
#[derive(Debug)]
pub struct ManifestLines {
    practices: Vec<String>,
    dropped: Vec<String>,
}

/// Renders [`ManifestLines`] (each practice on its own line, in parallel).
pub fn manifest_lines(edition: &Edition) -> ManifestLines {
    let practices = edition
        .practices
        .par_iter()
        .map(|p| {
            serde_json::to_string(&ManifestPractice {
                practice: &p.normalized.practice,
                tags: &p.tags,
                sha256: &p.normalized.content_sha256,
                record_sha256: &p.normalized.record_sha256,
            })
            .unwrap_or_default()
        })
        .collect();
    let dropped = edition
        .dropped
        .iter()
        .map(|d| serde_json::to_string(d).unwrap_or_default())
        .collect();
    ManifestLines { practices, dropped }
}

/// [`render_manifest`] from lines already rendered.
pub fn render_manifest_with(
    edition: &Edition,
    files: &BTreeMap<String, String>,
    lines: ManifestLines,
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
    let ManifestLines { practices, dropped } = lines;
    let mut out =
        String::with_capacity(practices.iter().map(|l| l.len() + 6).sum::<usize>() + 1024);
    out.push_str(header.trim_end().trim_end_matches('}').trim_end());
    write_list(&mut out, "dropped_duplicates", &dropped);
    write_list(&mut out, "practices", &practices);
    out.push_str("\n}\n");
    out
}

/// `,\n  "name": [` then one item per line, then `]`.
fn write_list(out: &mut String, name: &str, items: &[String]) {
    out.push_str(",\n  \"");
    out.push_str(name);
    out.push_str("\": [");
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

/// Checks a built folder: each practice's hashes against its recorded fields, the digest against
/// the practices, the Markdown and CSV files against their recorded SHA-256, and the manifest's
/// own bytes against how the tool writes it (so even a changed space is found).
pub fn verify(
    manifest_text: &str,
    other_files: &BTreeMap<String, Vec<u8>>,
    taxonomy: &Taxonomy,
) -> Vec<Alteration> {
    let manifest_file = "compendium.json".to_string();
    let read = match read_manifest(manifest_text, taxonomy) {
        Ok(r) => r,
        Err(e) => {
            return vec![Alteration {
                file: manifest_file,
                message: e,
            }]
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
    if render_manifest(&read.edition, &read.files) != manifest_text {
        found.push(Alteration {
            file: manifest_file.clone(),
            message: "the file differs from the manifest the tool wrote (edited after the build)"
                .into(),
        });
    }
    for (name, recorded) in &read.files {
        match other_files.get(name) {
            None => found.push(Alteration {
                file: name.clone(),
                message: "the file is missing".into(),
            }),
            Some(bytes) => {
                let actual = sha256_hex_bytes(bytes);
                if &actual != recorded {
                    found.push(Alteration {
                        file: name.clone(),
                        message: format!("SHA-256 is {actual}, the manifest recorded {recorded}"),
                    });
                }
            }
        }
    }
    found
}
