//! `compendium.json`: the machine-readable record of an edition, and reading it back.
//!
//! The manifest holds every published practice in full (normalized), its final tags with their
//! origin, its two hashes, the edition digest, the practices left out as duplicates, and the
//! SHA-256 of the Markdown and CSV files written beside it, so that [`verify`] can tell whether
//! anything was altered after the build.

use super::{edition_digest, Dropped, Edition, EditionPractice, Tag};
use crate::model::{Practice, Taxonomy};
use crate::normalize::{normalize, sha256_hex_bytes, NormalizedPractice};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The manifest format name.
pub const FORMAT: &str = "compendium-manifest";

#[derive(Serialize)]
struct Manifest<'a> {
    format: &'static str,
    format_version: u32,
    edition: &'a str,
    digest: &'a str,
    practice_count: usize,
    files: &'a BTreeMap<String, String>,
    practices: Vec<ManifestPractice<'a>>,
    dropped_duplicates: &'a [Dropped],
}

#[derive(Serialize)]
struct ManifestPractice<'a> {
    #[serde(flatten)]
    practice: &'a Practice,
    tags: &'a [Tag],
    sha256: &'a str,
    record_sha256: &'a str,
}

/// Renders the manifest as pretty JSON with a final newline. `files` maps the other published
/// files' names to their SHA-256.
pub fn render_manifest(edition: &Edition, files: &BTreeMap<String, String>) -> String {
    let manifest = Manifest {
        format: FORMAT,
        format_version: 1,
        edition: &edition.name,
        digest: &edition.digest,
        practice_count: edition.practices.len(),
        files,
        practices: edition
            .practices
            .iter()
            .map(|p| ManifestPractice {
                practice: &p.normalized.practice,
                tags: &p.tags,
                sha256: &p.normalized.content_sha256,
                record_sha256: &p.normalized.record_sha256,
            })
            .collect(),
        dropped_duplicates: &edition.dropped,
    };
    let mut out = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    out.push('\n');
    out
}

/// A manifest read back: the edition as recorded, and what the file claims about itself.
#[derive(Debug, Clone)]
pub struct ReadManifest {
    /// The edition, with hashes as recorded in the file (not recomputed).
    pub edition: Edition,
    /// The other files' SHA-256, as recorded.
    pub files: BTreeMap<String, String>,
}

fn field<'v>(v: &'v Value, name: &str) -> Result<&'v Value, String> {
    v.get(name)
        .ok_or_else(|| format!("the manifest has no `{name}`"))
}

fn string(v: &Value, name: &str) -> Result<String, String> {
    field(v, name)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("`{name}` is not a text"))
}

/// Reads a manifest. `taxonomy` is only used for labels when the edition is rendered again.
pub fn read_manifest(text: &str, taxonomy: &Taxonomy) -> Result<ReadManifest, String> {
    let mut root: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    if root.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(
            "this is not a compendium manifest (no \"format\": \"compendium-manifest\")".into(),
        );
    }
    let files: BTreeMap<String, String> = serde_json::from_value(field(&root, "files")?.clone())
        .map_err(|e| format!("`files`: {e}"))?;
    let dropped: Vec<Dropped> = serde_json::from_value(field(&root, "dropped_duplicates")?.clone())
        .map_err(|e| format!("`dropped_duplicates`: {e}"))?;
    // Taken out of the tree rather than copied: a manifest of a large corpus is big.
    let items = match root.get_mut("practices").map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => return Err("`practices` is not a list".into()),
    };
    let mut practices = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(mut object) = item else {
            return Err(format!("practice {} is not an object", i + 1));
        };
        let where_ = |e: String| format!("practice {}: {e}", i + 1);
        let tags: Vec<Tag> = serde_json::from_value(object.remove("tags").unwrap_or(Value::Null))
            .map_err(|e| where_(format!("`tags`: {e}")))?;
        let sha = object
            .remove("sha256")
            .and_then(|v| v.as_str().map(str::to_string));
        let record = object
            .remove("record_sha256")
            .and_then(|v| v.as_str().map(str::to_string));
        let practice: Practice =
            serde_json::from_value(Value::Object(object)).map_err(|e| where_(e.to_string()))?;
        practices.push(EditionPractice {
            normalized: NormalizedPractice {
                practice,
                content_sha256: sha.ok_or_else(|| where_("no `sha256`".into()))?,
                record_sha256: record.ok_or_else(|| where_("no `record_sha256`".into()))?,
            },
            tags,
        });
    }
    let edition = Edition {
        name: string(&root, "edition")?,
        digest: string(&root, "digest")?,
        practices,
        dropped,
        taxonomy: taxonomy.clone(),
    };
    Ok(ReadManifest { edition, files })
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
    for p in &read.edition.practices {
        let again = normalize(p.normalized.practice.clone());
        if again.content_sha256 != p.normalized.content_sha256
            || again.record_sha256 != p.normalized.record_sha256
        {
            found.push(Alteration {
                file: manifest_file.clone(),
                message: format!("practice `{}` does not match its recorded hashes", p.id()),
            });
        }
    }
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
