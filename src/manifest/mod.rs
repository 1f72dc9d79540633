//! `compendium.json`: the machine-readable record of an edition, and reading it back.
//!
//! The manifest holds every published practice in full (normalized), its final tags with their
//! origin, its two hashes, the edition digest, the practices left out as duplicates, and the
//! SHA-256 of the Markdown and CSV files written beside it, so that [`verify`] can tell whether
//! anything was altered after the build.

use crate::assemble::edition_digest;
use crate::model::{Chapter, Edition, EditionPractice, Practice, Tag, Taxonomy};
use crate::normalize::normalize_as_format;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

mod read;

pub use read::{
    read_manifest, read_manifest_except, read_practice_index, read_recorded_files, PracticeIndex,
    PracticeKey, ReadManifest, NEWER_VERSION,
};

/// The manifest format name.
pub const FORMAT: &str = "compendium-manifest";

/// The manifest format version: 2 writes one practice per line and no evidence snippets; 3
/// records the manifest's own SHA-256 in its header (`manifest_sha256`); in 4 the edition's
/// digest covers the practices left out as duplicates too; 5 adds the tag origin `implied`
/// (the parent of a declared facet), which earlier readers do not know; 6 marks files rendered
/// otherwise (each practice's language in the page, a replaced practice linked to the one that
/// replaces it, retired practices out of the coverage counts); 7 too (web addresses in square
/// brackets linked whole, a link's address without a scheme kept as text, recommendations and
/// sources one to a line in a CSV cell, the CSV's `superseded_by`, superseded practices out of
/// the coverage counts, the anchors of practices left out as duplicates, the HTML labels of a
/// practice in another language kept English); 9 records the taxonomy's chapters (`taxonomy`:
/// each principle's id, label, tier, parent and definition), which the digest then covers, and
/// renders otherwise: the Unclassified chapter, the coverage report's languages, each practice's
/// licence and contributing body, single tildes as text, a practice that supersedes a copy left
/// out as superseding the copy kept; 10 renders otherwise: a notice under a retired practice's
/// title and the retired practices of each chapter in the contents, the titles of practices
/// in another language isolated (`<bdi>`) where the page repeats them, the whole of what the
/// digest covers in the introduction; 11 takes content hashes with what a script writes two ways
/// folded to one (Traditional and Simplified Chinese, Arabic vowel marks and tatweel, digits of
/// other scripts), and renders otherwise: bold and italics around Chinese or Japanese
/// punctuation, and names written in another script (an organisation, a contributor, a source's
/// title and publisher) isolated, with their practice's language. The version goes up whenever the
/// published files are rendered otherwise, so that `verify` can say why a file of an earlier
/// edition may differ from what it renders (it still reports it).
pub const FORMAT_VERSION: u32 = 11;

/// The first format version whose `file` this version renders alike: a file of an edition of
/// that version or later that differs from what its manifest's practices render to was changed
/// after the build, and one of an earlier edition may have been rendered otherwise (found by a
/// tester: an edited CSV of a format-9 edition, its hash sealed again, was only "not checked").
/// The CSV and the coverage chart last changed with format 9 (a practice that supersedes a copy
/// left out); the coverage report with 10 (it shows the edition's name as Markdown, whose `www.`
/// addresses now link to `https://`); the Markdown and HTML editions with 11 (emphasis around
/// Chinese and Japanese punctuation, names in another script isolated).
pub fn rendered_alike_since(file: &str) -> u32 {
    match file {
        "compendium.csv" | "coverage.svg" => 9,
        "coverage.md" => 10,
        _ => FORMAT_VERSION,
    }
}

/// The first format version whose digest covers the practices left out as duplicates.
const DIGEST_COVERS_DROPPED_SINCE: u32 = 4;

/// The first format version whose manifests always record their own SHA-256.
const SEALED_SINCE: u32 = 3;

/// The first format version whose manifests record the taxonomy's chapters, and whose digest
/// covers them.
pub const TAXONOMY_RECORDED_SINCE: u32 = 9;

/// The first format version in which a practice that supersedes a copy left out as a duplicate
/// supersedes the copy kept for it (its "Superseded by" line, and the coverage counts).
pub const SUPERSEDING_CARRIED_SINCE: u32 = 9;

#[derive(Serialize)]
struct Header<'a> {
    format: &'static str,
    format_version: u32,
    edition: &'a str,
    digest: &'a str,
    practice_count: usize,
    files: &'a BTreeMap<String, String>,
    /// The SHA-256 of the manifest itself, taken with this value written as 64 zeros: see
    /// [`own_hash_matches`].
    manifest_sha256: &'a str,
    /// The chapters of the taxonomy the edition was built with (left out by the format versions
    /// before [`TAXONOMY_RECORDED_SINCE`], as verify renders such a manifest again).
    #[serde(skip_serializing_if = "Option::is_none")]
    taxonomy: Option<Vec<Chapter>>,
}

pub use crate::model::seal::{own_hash_matches, OWN_HASH_KEY, OWN_HASH_PLACEHOLDER};

/// Whether a manifest can be trusted to be as the tool wrote it, short of [`verify`]: an error
/// when its own SHA-256 does not match it, or when it records none although its format version
/// always does. A manifest of an earlier version without one passes (nothing shows it edited).
pub fn check_sealed(text: &str, format_version: Option<u32>) -> Result<(), String> {
    match own_hash_matches(text) {
        Some(true) => Ok(()),
        Some(false) if line_endings_only(text) => Err(LINE_ENDINGS_ONLY.into()),
        Some(false) => Err(
            "it was edited after it was built: its own SHA-256, recorded in its \
             header, does not match it (`compendium verify` on its folder shows what changed)"
                .into(),
        ),
        None if format_version.unwrap_or(0) >= SEALED_SINCE => Err(
            "it was edited after it was built: the SHA-256 of itself its header records was \
             removed (`compendium verify` on its folder shows what changed)"
                .into(),
        ),
        None => Ok(()),
    }
}

/// Whether a manifest whose own SHA-256 does not match it would match with its Windows line
/// endings (CR LF) made the ones it was written with (LF): saved again by an editor, or checked
/// out by git with `core.autocrlf` (found by a tester: called "edited after the build").
fn line_endings_only(text: &str) -> bool {
    text.contains("\r\n") && own_hash_matches(&text.replace("\r\n", "\n")) == Some(true)
}

/// What is said of a manifest whose only change is its line endings.
const LINE_ENDINGS_ONLY: &str = "only its line endings differ from the manifest as built (saved again with Windows line endings, as git does with `core.autocrlf`): its text is as built, but the file is not; check the edition out with its line endings as built (`git config core.autocrlf false`, then check it out again)";

/// A practice as the manifest records it: its fields, then its final tags and its two hashes.
#[derive(Serialize)]
struct StoredPractice<'a> {
    #[serde(flatten)]
    practice: &'a Practice,
    tags: &'a [Tag],
    sha256: &'a str,
    record_sha256: &'a str,
    /// Practices the editors judged related (left out when there are none).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    related: &'a [String],
}

/// Renders the manifest with a final newline. `files` maps the other published files' names to
/// their SHA-256.
///
/// The header is indented for people; each practice (and each dropped duplicate) is one compact
/// line, so that a large manifest stays small and fast to read back, and a line-based diff of two
/// manifests shows one changed line per changed practice.
pub fn render(edition: &Edition, files: &BTreeMap<String, String>) -> String {
    render_version(edition, files, FORMAT_VERSION)
}

/// The manifest as a format `version` lays it out: as [`render`], without the taxonomy before
/// version [`TAXONOMY_RECORDED_SINCE`].
fn render_version(edition: &Edition, files: &BTreeMap<String, String>, version: u32) -> String {
    let header = Header {
        format: FORMAT,
        format_version: FORMAT_VERSION,
        edition: &edition.name,
        digest: &edition.digest,
        practice_count: edition.practices.len(),
        files,
        manifest_sha256: OWN_HASH_PLACEHOLDER,
        taxonomy: (version >= TAXONOMY_RECORDED_SINCE).then(|| edition.taxonomy.chapters()),
    };
    // Serializing plain strings, numbers and the model cannot fail.
    let header = serde_json::to_string_pretty(&header).unwrap_or_default();
    let dropped: Vec<String> = edition
        .dropped
        .iter()
        .map(|d| serde_json::to_string(d).unwrap_or_default())
        .collect();
    let practices: Vec<String> = edition.practices.par_iter().map(practice_line).collect();
    let items: usize = dropped.iter().chain(&practices).map(|s| s.len() + 6).sum();
    let mut out = String::with_capacity(header.len() + items + 64);
    out.push_str(header.trim_end().trim_end_matches('}').trim_end());
    out.push_str(",\n  \"dropped_duplicates\": [");
    write_items(&mut out, &dropped);
    out.push_str(",\n  \"practices\": [");
    write_items(&mut out, &practices);
    out.push_str("\n}\n");
    seal(out)
}

/// Writes a manifest's own SHA-256 into it, in place of the 64 zeros of
/// [`OWN_HASH_PLACEHOLDER`] its header's `manifest_sha256` holds (the header comes first, so the
/// first occurrence is its field; see [`own_hash_matches`]).
pub fn seal(text: String) -> String {
    let own = crate::normalize::sha256_hex(&text);
    text.replacen(
        &format!("{OWN_HASH_KEY}{OWN_HASH_PLACEHOLDER}"),
        &format!("{OWN_HASH_KEY}{own}"),
        1,
    )
}

/// One practice's line of the manifest.
fn practice_line(p: &EditionPractice) -> String {
    let stored = StoredPractice {
        practice: &p.normalized.practice,
        tags: &p.tags,
        sha256: &p.normalized.content_sha256,
        record_sha256: &p.normalized.record_sha256,
        related: &p.related,
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// One item per line, then `]`.
fn write_items(out: &mut String, items: &[String]) {
    for (i, item) in items.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(item);
    }
    out.push_str(if items.is_empty() { "]" } else { "\n  ]" });
}

/// Whether `text` is the manifest the tool writes for what `read` holds: the same bytes; or, for
/// a manifest of an earlier format version, the same bytes once both say that version and
/// neither has its own SHA-256 line (earlier versions wrote none, or one over their own text,
/// checked apart).
fn written_so(read: &ReadManifest, text: &str) -> bool {
    let version = read.format_version;
    let rendered = render_version(&read.edition, &read.files, version);
    let unsealed = |text: &str| -> String {
        text.split_inclusive('\n')
            .filter(|line| !line.trim_start().starts_with("\"manifest_sha256\""))
            .collect()
    };
    rendered == text
        || (version < FORMAT_VERSION
            && unsealed(&rendered.replacen(
                &format!("\"format_version\": {FORMAT_VERSION},"),
                &format!("\"format_version\": {version},"),
                1,
            )) == unsealed(text))
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
#[derive(Debug, Clone)]
pub struct Verification {
    /// Everything altered (nothing: the edition is as built).
    pub alterations: Vec<Alteration>,
    /// The edition digest the manifest records, if it could be read.
    pub digest: Option<String>,
    /// Whether the manifest records its own SHA-256 (editions of earlier versions do not: their
    /// header cannot be told unchanged).
    pub sealed: bool,
    /// The manifest as read, when it could be read: its practices' hashes checked, so that the
    /// other files can be rendered again from them and compared.
    pub read: Option<ReadManifest>,
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
                sealed: false,
                read: None,
            }
        }
    };
    let mut found = Vec::new();
    let mismatched: Vec<Alteration> = read
        .edition
        .practices
        .par_iter()
        .filter(|p| {
            let again = normalize_as_format(p.normalized.practice.clone(), read.format_version);
            again.content_sha256 != p.normalized.content_sha256
                || again.record_sha256 != p.normalized.record_sha256
        })
        .map(|p| Alteration {
            file: manifest_file.clone(),
            message: format!("practice `{}` does not match its recorded hashes", p.id()),
        })
        .collect();
    found.extend(mismatched);
    let dropped: &[crate::model::Dropped] = if read.format_version >= DIGEST_COVERS_DROPPED_SINCE {
        &read.edition.dropped
    } else {
        &[]
    };
    let listed = read.edition.practices.len();
    if let Some(counted) = read.practice_count.filter(|&n| n != listed) {
        found.push(Alteration {
            file: manifest_file.clone(),
            message: format!(
                "its header counts {counted} practices, but it lists {listed}: the count in its header was edited, or a practice was {} the manifest, after the build",
                if counted > listed { "removed from" } else { "added to" }
            ),
        });
    }
    let taxonomy_sha256 = (read.format_version >= TAXONOMY_RECORDED_SINCE)
        .then(|| read.edition.taxonomy.chapters_sha256());
    let digest = edition_digest(&read.edition.practices, dropped, taxonomy_sha256.as_deref());
    if digest != read.edition.digest {
        found.push(Alteration {
            file: manifest_file.clone(),
            message: format!(
                "the recorded digest {} is not the digest of the practices published, of those left out as duplicates and of the taxonomy's chapters ({digest})",
                read.edition.digest
            ),
        });
    }
    let own_hash = own_hash_matches(manifest_text);
    if own_hash.is_none() && read.format_version >= SEALED_SINCE {
        found.push(Alteration {
            file: manifest_file.clone(),
            message: format!(
                "the header's `manifest_sha256`, which every manifest of format version {} records, was removed (edited after the build)",
                read.format_version
            ),
        });
    } else if own_hash == Some(false) && line_endings_only(manifest_text) {
        found.push(Alteration {
            file: manifest_file.clone(),
            message: LINE_ENDINGS_ONLY.into(),
        });
    } else if own_hash == Some(false) {
        found.push(Alteration {
            file: manifest_file.clone(),
            message: "the file's own SHA-256, recorded in its header, does not match it (edited after the build)"
                .into(),
        });
    } else if !written_so(&read, manifest_text) {
        found.push(Alteration {
            file: manifest_file.clone(),
            message: "the file differs from the manifest the tool wrote (edited after the build)"
                .into(),
        });
    }
    for (name, recorded) in &read.files {
        // A name that is not a plain file name would lead outside the edition's folder, where
        // nothing is read: whether such a file exists says nothing about the edition.
        let outside = name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\']);
        match file_hashes.get(name) {
            None if outside => found.push(Alteration {
                file: name.clone(),
                message: "not read: the manifest names it by a path that leads outside the edition's folder".into(),
            }),
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
        digest: Some(read.edition.digest.clone()),
        sealed: own_hash.is_some(),
        read: Some(read),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::assemble;
    use crate::model::Dropped;
    use crate::normalize::normalize;
    use crate::schema::Schemas;

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

    /// A manifest with its own SHA-256 written as 64 zeros, ready to be sealed again.
    fn unsealed(text: &str) -> String {
        let start = text.find(OWN_HASH_KEY).unwrap() + OWN_HASH_KEY.len();
        let end = start + OWN_HASH_PLACEHOLDER.len();
        format!("{}{OWN_HASH_PLACEHOLDER}{}", &text[..start], &text[end..])
    }

    /// The manifest of `e` as an earlier format `version` wrote it: no taxonomy, the digest of
    /// that version, the version said (and, as [`render`] writes it, its own SHA-256 taken).
    fn as_version(e: &Edition, version: u32) -> String {
        let dropped: &[Dropped] = if version >= DIGEST_COVERS_DROPPED_SINCE {
            &e.dropped
        } else {
            &[]
        };
        let old_digest = edition_digest(&e.practices, dropped, None);
        let text = render_version(e, &BTreeMap::new(), version)
            .replace(&e.digest, &old_digest)
            .replacen(
                &format!("\"format_version\": {FORMAT_VERSION},"),
                &format!("\"format_version\": {version},"),
                1,
            );
        seal(unsealed(&text))
    }

    /// A manifest of format 9 records the taxonomy's chapters, and its digest covers them: a
    /// definition rewritten and the manifest sealed again breaks the digest; a manifest of
    /// format 8, which records none, verifies with the taxonomy given.
    #[test]
    fn the_digest_covers_the_taxonomy() {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let e = edition(2, 0);
        let written = render(&e, &BTreeMap::new());
        assert!(written.contains("\n  \"taxonomy\": [\n"));
        let read = read_manifest(&written, &taxonomy).unwrap();
        assert_eq!(read.edition.taxonomy.chapters(), taxonomy.chapters());
        let definition = &taxonomy.principles[0].definition;
        let forged = seal(unsealed(&written).replacen(definition.as_str(), "Anything goes.", 1));
        let v = verify(&forged, &BTreeMap::new(), &taxonomy);
        assert!(
            v.alterations
                .iter()
                .any(|a| a.message.contains("recorded digest")),
            "{:?}",
            v.alterations
        );
        // Another taxonomy given changes nothing: the edition is checked with its own.
        let mut other = taxonomy.clone();
        other.principles[0].definition = "Anything goes.".into();
        assert!(verify(&written, &BTreeMap::new(), &other)
            .alterations
            .is_empty());
        let eight = as_version(&e, 8);
        assert!(!eight.contains("\"taxonomy\""));
        let v = verify(&eight, &BTreeMap::new(), &taxonomy);
        assert!(v.alterations.is_empty(), "{:?}", v.alterations);
        // A manifest of format 9 without its taxonomy was not written by the tool.
        let without =
            seal(as_version(&e, 8).replacen("\"format_version\": 8,", "\"format_version\": 9,", 1));
        let message = read_manifest(&without, &taxonomy).unwrap_err();
        assert!(message.contains("no `taxonomy`"), "{message}");
    }

    /// A recorded taxonomy `build` would never write is refused: none, a parent it lacks, a
    /// principle its own ancestor, an id not written as ids are, a tag it does not have, or a
    /// taxonomy in a manifest of a format that records none.
    #[test]
    fn a_recorded_taxonomy_build_would_not_write_is_refused() {
        let given = Schemas::embedded().unwrap().taxonomy;
        let e = edition(2, 0);
        let refused = |change: &dyn Fn(&mut Edition), said: &str| {
            let mut forged = e.clone();
            change(&mut forged);
            let text = render(&forged, &BTreeMap::new());
            let message = read_manifest(&text, &given).map(|_| ()).unwrap_err();
            assert!(message.contains(said), "{message}");
        };
        refused(&|e| e.taxonomy.principles.clear(), "holds no principle");
        refused(
            &|e| e.taxonomy.principles[1].parent = Some("nowhere".into()),
            "which the taxonomy does not have",
        );
        refused(
            &|e| {
                let (a, b) = (
                    e.taxonomy.principles[0].id.clone(),
                    e.taxonomy.principles[1].id.clone(),
                );
                e.taxonomy.principles[0].parent = Some(b);
                e.taxonomy.principles[1].parent = Some(a);
            },
            "rolls up to itself",
        );
        refused(
            &|e| e.taxonomy.principles[0].id = "Data Protection".into(),
            "not written as principle ids are",
        );
        refused(
            &|e| e.taxonomy.principles[0].label = "two\nlines".into(),
            "control character",
        );
        refused(
            &|e| {
                e.practices[0].tags.push(Tag {
                    principle: "nowhere".into(),
                    origin: crate::model::TagOrigin::Declared,
                    score: None,
                    evidence: Vec::new(),
                })
            },
            "which its taxonomy does not have",
        );
        let eight = seal(unsealed(&render(&e, &BTreeMap::new()).replacen(
            &format!("\"format_version\": {FORMAT_VERSION},"),
            "\"format_version\": 8,",
            1,
        )));
        let message = read_manifest(&eight, &given).map(|_| ()).unwrap_err();
        assert!(
            message.contains("no manifest of format version 8"),
            "{message}"
        );
    }

    /// A manifest read back gives the same edition, which renders to the same bytes, whatever
    /// its size; the layout is one line per practice.
    #[test]
    fn a_manifest_reads_back_as_written() {
        let files = BTreeMap::from([("compendium.md".to_string(), "ab".repeat(32))]);
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        for (count, dropped) in [(0, 0), (1, 0), (3, 2), (0, 1)] {
            let e = edition(count, dropped);
            let text = render(&e, &files);
            assert_eq!(text.matches("\"record_sha256\":").count(), count);
            let read = read_manifest(&text, &taxonomy).unwrap();
            assert_eq!(
                render(&read.edition, &read.files),
                text,
                "{count} {dropped}"
            );
            assert!(verify(&text, &files, &taxonomy).alterations.is_empty());
        }
    }

    #[test]
    fn a_manifest_of_an_earlier_version_verifies_without_its_own_hash() {
        let written = as_version(&edition(3, 0), 2);
        let line_start = written.find("  \"manifest_sha256\"").unwrap();
        let line_end = line_start + written[line_start..].find('\n').unwrap() + 1;
        let older = format!("{}{}", &written[..line_start], &written[line_end..]);
        assert_ne!(older, written);
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let v = verify(&older, &BTreeMap::new(), &taxonomy);
        assert!(v.alterations.is_empty(), "{:?}", v.alterations);
        let edited = older.replacen(
            "\n  \"dropped_duplicates\"",
            "\n   \"dropped_duplicates\"",
            1,
        );
        assert_ne!(edited, older);
        assert!(!verify(&edited, &BTreeMap::new(), &taxonomy)
            .alterations
            .is_empty());
    }

    /// Removing the hash line does not turn a manifest of this version into one of an earlier
    /// version; saying it is of an earlier version does not either (it then differs from what the
    /// tool wrote) unless nothing else changed.
    #[test]
    fn a_manifest_whose_own_hash_was_removed_is_altered() {
        let written = render(&edition(3, 0), &BTreeMap::new());
        let current = format!("\"format_version\": {FORMAT_VERSION},");
        let without: String = written
            .split_inclusive('\n')
            .filter(|line| !line.contains("\"manifest_sha256\""))
            .collect();
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let v = verify(&without, &BTreeMap::new(), &taxonomy);
        assert_eq!(v.alterations.len(), 1, "{:?}", v.alterations);
        assert!(v.alterations[0].message.contains("was removed"));
        let renamed: String = as_version(&edition(3, 0), 2)
            .split_inclusive('\n')
            .filter(|line| !line.contains("\"manifest_sha256\""))
            .collect::<String>()
            .replacen("\"edition\": \"test\"", "\"edition\": \"official\"", 1);
        let v = verify(&renamed, &BTreeMap::new(), &taxonomy);
        assert!(!v.sealed);
        // The edition name is outside the digest: an earlier version's manifest cannot show it
        // unchanged, which `verify` says; everything the digest covers still checks.
        assert!(v.alterations.is_empty(), "{:?}", v.alterations);
        let newer = written.replacen(
            &current,
            &format!("\"format_version\": {},", FORMAT_VERSION + 1),
            1,
        );
        let v = verify(&newer, &BTreeMap::new(), &taxonomy);
        assert!(v.alterations[0].message.contains("newer version"));
    }

    /// The digest vouches for what was left out as a duplicate, and for which practice: a list
    /// forged and the manifest sealed again breaks it. A manifest of format version 3, whose
    /// digest covered the practices only, still verifies.
    #[test]
    fn the_digest_covers_the_practices_left_out() {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let e = edition(3, 1);
        let written = render(&e, &BTreeMap::new());
        let chapters = e.taxonomy.chapters_sha256();
        assert_ne!(e.digest, edition_digest(&e.practices, &[], Some(&chapters)));
        let forged = seal(unsealed(&written).replace("\"id\":\"d-0\"", "\"id\":\"invented\""));
        assert_ne!(forged, written);
        assert_eq!(own_hash_matches(&forged), Some(true));
        let v = verify(&forged, &BTreeMap::new(), &taxonomy);
        assert!(
            v.alterations
                .iter()
                .any(|a| a.message.contains("recorded digest")),
            "{:?}",
            v.alterations
        );
        let v = verify(&as_version(&e, 3), &BTreeMap::new(), &taxonomy);
        assert!(v.alterations.is_empty(), "{:?}", v.alterations);
    }

    #[test]
    fn a_manifest_records_its_own_hash_and_any_edit_breaks_it() {
        let written = render(&edition(3, 1), &BTreeMap::new());
        assert_eq!(own_hash_matches(&written), Some(true));
        let renamed = written.replacen("\"edition\": \"", "\"edition\": \"x", 1);
        assert_eq!(own_hash_matches(&renamed), Some(false));
        let value: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(own_hash_matches(&value.to_string()), Some(false));
        let mut old = value;
        old.as_object_mut().unwrap().remove("manifest_sha256");
        assert_eq!(
            own_hash_matches(&serde_json::to_string_pretty(&old).unwrap()),
            None
        );
    }
}
