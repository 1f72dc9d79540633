//! Reading a manifest back, whole (for `verify`) or in part (for `diff`).
//!
//! A manifest of 100,000 practices is about half a gigabyte. Its practices are therefore read in
//! parallel, and a reader that needs only some of them (`diff` needs the ones that changed) first
//! reads each practice's *key* — id, record hash, principles — with the position of its text,
//! then parses in full only the practices it asks for.
//!
//! The tool writes one practice per line (see [`super::render`]); such a file is cut into
//! practices at its line breaks, which JSON strings cannot contain. Any other layout (a manifest
//! re-indented by another program) is read by the general JSON parser, more slowly, with the same
//! result.

use super::{FORMAT, FORMAT_VERSION, SUPERSEDING_CARRIED_SINCE, TAXONOMY_RECORDED_SINCE};
use crate::model::NormalizedPractice;
use crate::model::{Chapter, Practice, Taxonomy};
use crate::model::{Dropped, Edition, EditionPractice, Tag};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;

/// A manifest read back: the edition as recorded, and what the file claims about itself.
#[derive(Debug, Clone)]
pub struct ReadManifest {
    /// The edition, with hashes as recorded in the file (not recomputed).
    pub edition: Edition,
    /// The other files' SHA-256, as recorded.
    pub files: BTreeMap<String, String>,
    /// The format version it says it is written in.
    pub format_version: u32,
    /// How many practices its header says it lists.
    pub practice_count: Option<usize>,
}

/// Everything in a manifest but its practices.
#[derive(Debug, Clone, Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u32>,
    edition: Option<String>,
    practice_count: Option<usize>,
    digest: Option<String>,
    files: Option<BTreeMap<String, String>>,
    dropped_duplicates: Option<Vec<Dropped>>,
    taxonomy: Option<Vec<Chapter>>,
}

/// The general parse: the header, and each practice left as unparsed text.
#[derive(Deserialize)]
struct WholeManifest<'a> {
    #[serde(flatten)]
    header: Header,
    #[serde(borrow)]
    practices: Option<Vec<&'a RawValue>>,
}

/// One practice as stored.
#[derive(Deserialize)]
struct StoredPractice {
    #[serde(flatten)]
    practice: Practice,
    tags: Vec<Tag>,
    sha256: String,
    record_sha256: String,
    #[serde(default)]
    related: Vec<String>,
}

/// What tells whether a practice changed between two editions, read without the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeKey {
    /// Practice id.
    pub id: String,
    /// Hash of every field (equal hashes: equal fields).
    pub record_sha256: String,
    /// Final principles, sorted.
    pub principles: Vec<String>,
    /// The practices the editors judged related, sorted: not in the record hash, yet a change
    /// to the edition.
    pub related: Vec<String>,
}

impl PracticeKey {
    /// The key of a practice held in memory.
    pub fn of(p: &EditionPractice) -> PracticeKey {
        let mut principles: Vec<String> = p.tags.iter().map(|t| t.principle.clone()).collect();
        principles.sort();
        principles.dedup();
        let mut related = p.related.clone();
        related.sort();
        PracticeKey {
            id: p.id().to_string(),
            record_sha256: p.normalized.record_sha256.clone(),
            principles,
            related,
        }
    }
}

#[derive(Deserialize)]
struct StoredKey<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    record_sha256: Cow<'a, str>,
    #[serde(borrow)]
    tags: Vec<StoredTagKey<'a>>,
    #[serde(borrow, default)]
    related: Vec<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct StoredTagKey<'a> {
    #[serde(borrow)]
    principle: Cow<'a, str>,
}

/// The key of every practice of a manifest, and where each practice's text lies in it.
#[derive(Debug, Clone)]
pub struct PracticeIndex {
    /// One key per practice, in the manifest's order.
    pub keys: Vec<PracticeKey>,
    ranges: Vec<Range<usize>>,
    header: Header,
}

fn missing(name: &str) -> String {
    format!("the manifest has no `{name}`")
}

fn at(i: usize) -> impl Fn(serde_json::Error) -> String {
    move |e| format!("practice {}: {e}", i + 1)
}

/// The practices' texts as the tool lays them out: after a line `  "practices": [`, one per line
/// (with a comma after all but the last), then `  ]`, `}` and the end of the file. `None` when
/// the text is laid out otherwise.
fn practice_lines(text: &str) -> Option<(Header, Vec<&str>)> {
    const OPEN: &str = ",\n  \"practices\": [";
    let open = text.find(OPEN)?;
    let head = format!("{}\n}}", &text[..open]);
    let header: Header = serde_json::from_str(&head).ok()?;
    let body = &text[open + OPEN.len()..];
    let body = match body.strip_suffix("\n  ]\n}\n") {
        Some(lines) => lines.strip_prefix('\n')?,
        None if body == "]\n}\n" => "",
        None => return None,
    };
    let mut lines: Vec<&str> = if body.is_empty() {
        Vec::new()
    } else {
        body.split('\n').collect()
    };
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter_mut().enumerate() {
        let item = line.strip_prefix("    ")?;
        *line = if i == last {
            item
        } else {
            item.strip_suffix(',')?
        };
        if !line.starts_with('{') || !line.ends_with('}') {
            return None;
        }
    }
    Some((header, lines))
}

/// The header and each practice's text, by the fast layout when it applies.
fn split(text: &str) -> Result<(Header, Vec<&str>, bool), String> {
    if let Some((header, lines)) = practice_lines(text) {
        return Ok((header, lines, true));
    }
    let whole: WholeManifest = serde_json::from_str(text)
        .map_err(|e| format!("not a readable manifest: {}", shape_problem(text, &e)))?;
    let practices = whole.practices.ok_or_else(|| missing("practices"))?;
    Ok((
        whole.header,
        practices.into_iter().map(RawValue::get).collect(),
        false,
    ))
}

/// What is wrong with a manifest serde could not read, in plain words and at the right line:
/// the parse of the header (flattened) reports a wrong type or a repeated field at the end of the
/// file, in the words of a type system.
fn shape_problem(text: &str, e: &serde_json::Error) -> String {
    use serde_json::Value;
    let value: Value = match serde_json::from_str(text) {
        // Not JSON at all: serde's own words carry the right line and column.
        Err(syntax) => return crate::error::plain_json_error(text, &syntax),
        Ok(value) => value,
    };
    // The line where a field of the header is written, counting from 1.
    let line_of = |key: &str, nth: usize| {
        text.match_indices(&format!("\n  \"{key}\":"))
            .nth(nth)
            .map(|(at, _)| text[..=at].matches('\n').count() + 1)
    };
    // Each field: its name, what it should be in words, and the test of its value.
    type Field = (&'static str, &'static str, fn(&Value) -> bool);
    let fields: [Field; 6] = [
        ("format", "a text", Value::is_string),
        ("format_version", "a whole number", Value::is_u64),
        ("edition", "a text", Value::is_string),
        (
            "digest",
            "a text (64 hexadecimal characters)",
            Value::is_string,
        ),
        ("files", "an object of file names and their SHA-256", |v| {
            v.as_object()
                .is_some_and(|m| m.values().all(Value::is_string))
        }),
        (
            "dropped_duplicates",
            "a list of objects, each with `id` and `kept`",
            |v| {
                v.as_array().is_some_and(|items| {
                    items.iter().all(|i| {
                        i.get("id").is_some_and(Value::is_string)
                            && i.get("kept").is_some_and(Value::is_string)
                    })
                })
            },
        ),
    ];
    for (key, _, _) in &fields {
        if let (Some(first), Some(second)) = (line_of(key, 0), line_of(key, 1)) {
            return format!("`{key}` is written twice (lines {first} and {second})");
        }
    }
    for (key, wanted, fits) in fields {
        if let Some(v) = value.get(key) {
            if !fits(v) {
                let line = line_of(key, 0).map_or(String::new(), |l| format!(" (line {l})"));
                return format!("`{key}` should be {wanted}{line}");
            }
        }
    }
    e.to_string()
}

/// What the reader says of a manifest of a later format version, by which the commands tell it
/// from one that is not a manifest or was changed (found by a tester: `build --out` called such
/// an edition "not a manifest written by compendium", and `verify` "altered").
pub const NEWER_VERSION: &str = "written by a newer version of compendium";

fn check_format(header: &Header) -> Result<(), String> {
    if header.format.as_deref() != Some(FORMAT) {
        return Err(
            "this is not a compendium manifest (no \"format\": \"compendium-manifest\")".into(),
        );
    }
    match header.format_version {
        Some(v) if v > FORMAT_VERSION => Err(format!(
            "the manifest is of format version {v}, {NEWER_VERSION} than this one (which reads \
             versions up to {FORMAT_VERSION}): update compendium"
        )),
        _ => Ok(()),
    }
}

/// The files a manifest records beside it (name -> SHA-256), read from its header alone when the
/// file is laid out as the tool writes it; an error when the text is not a compendium manifest.
pub fn read_recorded_files(text: &str) -> Result<BTreeMap<String, String>, String> {
    let header = match practice_lines(text) {
        Some((header, _)) => header,
        None => {
            let whole: WholeManifest = serde_json::from_str(text).map_err(|e| {
                format!(
                    "not a readable manifest: {}",
                    crate::error::plain_json_error(text, &e)
                )
            })?;
            whole.header
        }
    };
    check_format(&header)?;
    header.files.ok_or_else(|| missing("files"))
}

/// A value read from a practice, and where the practice lies in the text.
type Placed<T> = (T, Range<usize>);

/// Runs `parse` on every practice in parallel. When a line of the fast layout does not parse, the
/// whole text is read again by the general parser, whose error (or success) is the answer.
fn parse_each<T: Send>(
    text: &str,
    parse: impl Fn(usize, &str) -> Result<T, String> + Sync,
) -> Result<(Header, Vec<Placed<T>>), String> {
    let (header, items, fast) = split(text)?;
    check_format(&header)?;
    let base = text.as_ptr() as usize;
    let run = |items: &[&str]| -> Result<Vec<Placed<T>>, String> {
        items
            .par_iter()
            .enumerate()
            .map(|(i, item)| {
                let start = item.as_ptr() as usize - base;
                Ok((parse(i, item)?, start..start + item.len()))
            })
            .collect()
    };
    match run(&items) {
        Ok(parsed) => Ok((header, parsed)),
        Err(_) if fast => {
            let whole: WholeManifest = serde_json::from_str(text).map_err(|e| {
                format!(
                    "not a readable manifest: {}",
                    crate::error::plain_json_error(text, &e)
                )
            })?;
            let items: Vec<&str> = whole
                .practices
                .ok_or_else(|| missing("practices"))?
                .into_iter()
                .map(RawValue::get)
                .collect();
            Ok((whole.header, run(&items)?))
        }
        Err(e) => Err(e),
    }
}

fn key_of(i: usize, item: &str) -> Result<PracticeKey, String> {
    let key: StoredKey = serde_json::from_str(item).map_err(at(i))?;
    let mut principles: Vec<String> = key.tags.iter().map(|t| t.principle.to_string()).collect();
    principles.sort();
    principles.dedup();
    let mut related: Vec<String> = key.related.iter().map(|r| r.to_string()).collect();
    related.sort();
    Ok(PracticeKey {
        id: key.id.into_owned(),
        record_sha256: key.record_sha256.into_owned(),
        principles,
        related,
    })
}

fn practice_of(i: usize, item: &str) -> Result<EditionPractice, String> {
    let stored: StoredPractice = serde_json::from_str(item).map_err(at(i))?;
    Ok(EditionPractice {
        normalized: NormalizedPractice {
            practice: stored.practice,
            content_sha256: stored.sha256,
            record_sha256: stored.record_sha256,
        },
        tags: stored.tags,
        related: stored.related,
        superseded_by: Vec::new(),
    })
}

/// An edition never holds two practices with one id; a manifest that does was not written by
/// the tool (and would make an edition differ from itself).
fn unique_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(format!(
                "the practice `{id}` appears twice; an edition holds each practice once"
            ));
        }
    }
    Ok(())
}

fn edition(
    header: Header,
    mut practices: Vec<EditionPractice>,
    taxonomy: &Taxonomy,
) -> Result<ReadManifest, String> {
    unique_ids(practices.iter().map(|p| p.id()))?;
    let taxonomy = recorded_taxonomy(&header, taxonomy)?;
    if header.taxonomy.is_some() {
        tags_in_taxonomy(&practices, &taxonomy)?;
    }
    let dropped = header
        .dropped_duplicates
        .clone()
        .ok_or_else(|| missing("dropped_duplicates"))?;
    // Format 9 on, a practice that supersedes a copy left out supersedes the copy kept.
    let carried = header.format_version.unwrap_or(0) >= SUPERSEDING_CARRIED_SINCE;
    crate::model::edition::link_supersessions(&mut practices, if carried { &dropped } else { &[] });
    Ok(ReadManifest {
        edition: Edition {
            name: header.edition.ok_or_else(|| missing("edition"))?,
            digest: header.digest.ok_or_else(|| missing("digest"))?,
            practices,
            dropped,
            taxonomy,
        },
        files: header.files.ok_or_else(|| missing("files"))?,
        format_version: header
            .format_version
            .ok_or_else(|| missing("format_version"))?,
        practice_count: header.practice_count,
    })
}

/// The taxonomy an edition was built with: the chapters its manifest records (format version 9
/// on), or, for an earlier version, which recorded none, `given`.
fn recorded_taxonomy(header: &Header, given: &Taxonomy) -> Result<Taxonomy, String> {
    let version = header.format_version.unwrap_or(0);
    match &header.taxonomy {
        Some(_) if version < TAXONOMY_RECORDED_SINCE => Err(format!(
            "it records a taxonomy, which no manifest of format version {version} does: it was not written by the tool"
        )),
        Some(chapters) => {
            check_chapters(chapters)?;
            Ok(Taxonomy::from_chapters(chapters.clone()))
        }
        None if header.format_version.unwrap_or(0) >= TAXONOMY_RECORDED_SINCE => {
            Err(missing("taxonomy"))
        }
        None => Ok(given.clone()),
    }
}

/// What `build` requires of a taxonomy, for the chapters a manifest records: at least one
/// principle, each id once and written as ids are (`data-protection`), each parent a principle of
/// the taxonomy, no principle its own ancestor. A manifest whose taxonomy is otherwise was not
/// written by the tool (found by a reviewer: a manifest sealed again with an empty taxonomy, whose
/// Markdown then held no practice, verified as intact).
fn check_chapters(chapters: &[Chapter]) -> Result<(), String> {
    if chapters.is_empty() {
        return Err("its taxonomy holds no principle".into());
    }
    let well_formed = |id: &str| {
        !id.is_empty()
            && id.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    let mut seen = HashSet::new();
    for c in chapters {
        if !well_formed(&c.id) {
            return Err(format!(
                "its taxonomy names a principle `{}`, which is not written as principle ids are (lower-case words joined by hyphens)",
                crate::error::one_line(&c.id)
            ));
        }
        if c.label
            .chars()
            .chain(c.definition.chars())
            .any(char::is_control)
        {
            return Err(format!(
                "in its taxonomy, the label or definition of `{}` holds a line break or another control character, which a taxonomy may not",
                c.id
            ));
        }
        if !seen.insert(c.id.as_str()) {
            return Err(format!(
                "its taxonomy lists the principle `{}` twice; a taxonomy holds each principle once",
                c.id
            ));
        }
    }
    let parent_of = |id: &str| {
        chapters
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.parent.as_deref())
    };
    for c in chapters {
        let mut next = c.parent.as_deref();
        let mut steps = 0;
        while let Some(parent) = next {
            if !seen.contains(parent) {
                return Err(format!(
                    "in its taxonomy, `{}` rolls up to `{}`, which the taxonomy does not have",
                    c.id,
                    crate::error::one_line(parent)
                ));
            }
            steps += 1;
            if parent == c.id || steps > chapters.len() {
                return Err(format!(
                    "in its taxonomy, `{}` rolls up to itself through its parents",
                    c.id
                ));
            }
            next = parent_of(parent);
        }
    }
    Ok(())
}

/// Every tag of every practice names a principle of the taxonomy the manifest records (format 9
/// on): a tag the taxonomy does not have has no chapter, and the practice would be published
/// nowhere.
fn tags_in_taxonomy(practices: &[EditionPractice], taxonomy: &Taxonomy) -> Result<(), String> {
    for p in practices {
        if let Some(t) = p.tags.iter().find(|t| taxonomy.get(&t.principle).is_none()) {
            return Err(format!(
                "the practice `{}` is tagged `{}`, which its taxonomy does not have",
                p.id(),
                crate::error::one_line(&t.principle)
            ));
        }
    }
    Ok(())
}

impl PracticeIndex {
    /// The format version the manifest says it is written in.
    pub fn format_version(&self) -> Option<u32> {
        self.header.format_version
    }
}

/// Reads the key of every practice of a manifest, and where each one lies in `text`.
pub fn read_practice_index(text: &str) -> Result<PracticeIndex, String> {
    let (header, parsed) = parse_each(text, key_of)?;
    let (keys, ranges): (Vec<PracticeKey>, _) = parsed.into_iter().unzip();
    unique_ids(keys.iter().map(|k| k.id.as_str()))?;
    Ok(PracticeIndex {
        keys,
        ranges,
        header,
    })
}

/// Reads a manifest. `taxonomy` is only used for labels when the edition is rendered again.
pub fn read_manifest(text: &str, taxonomy: &Taxonomy) -> Result<ReadManifest, String> {
    let (header, parsed) = parse_each(text, practice_of)?;
    edition(
        header,
        parsed.into_iter().map(|(p, _)| p).collect(),
        taxonomy,
    )
}

/// Reads from a manifest file whose [`PracticeIndex`] was read before only the practices whose
/// ids are not in `left_out`: each is read from its place in the file and parsed, and nothing else
/// of the file is read again.
pub fn read_manifest_except(
    file: &mut (impl Read + Seek),
    index: &PracticeIndex,
    taxonomy: &Taxonomy,
    left_out: &HashSet<String>,
) -> Result<ReadManifest, String> {
    let changed = || "the manifest changed while it was being read".to_string();
    let mut items: Vec<(usize, &PracticeKey, String)> = Vec::new();
    for (i, (key, range)) in index.keys.iter().zip(&index.ranges).enumerate() {
        if left_out.contains(&key.id) {
            continue;
        }
        let mut bytes = vec![0; range.len()];
        file.seek(SeekFrom::Start(range.start as u64))
            .and_then(|_| file.read_exact(&mut bytes))
            .map_err(|e| format!("could not read practice {}: {e}", i + 1))?;
        items.push((i, key, String::from_utf8(bytes).map_err(|_| changed())?));
    }
    let practices: Vec<EditionPractice> = items
        .par_iter()
        .map(|(i, key, item)| {
            let p = practice_of(*i, item).map_err(|_| changed())?;
            if p.id() != key.id || p.normalized.record_sha256 != key.record_sha256 {
                return Err(changed());
            }
            Ok(p)
        })
        .collect::<Result<_, String>>()?;
    edition(index.header.clone(), practices, taxonomy)
}

#[cfg(test)]
mod tests {
    use super::super::render as render_manifest;
    use super::*;
    use crate::assemble::assemble;
    use crate::normalize::normalize;
    use crate::schema::Schemas;

    /// A manifest listing one practice twice (found by the diff fuzz target: the edition then
    /// differed from itself) is refused, by the whole read and by the index.
    #[test]
    fn a_practice_listed_twice_is_refused() {
        let (text, taxonomy) = manifest();
        let first = text.find("\n    {\"id\":\"a-one\"").unwrap();
        let end = text[first + 1..].find('\n').unwrap() + first + 1;
        let line = &text[first..end];
        let doubled = text.replacen(line, &format!("{line}{line}"), 1);
        for result in [
            read_manifest(&doubled, &taxonomy).map(|_| ()),
            read_practice_index(&doubled).map(|_| ()),
        ] {
            let message = result.unwrap_err();
            assert!(message.contains("`a-one` appears twice"), "{message}");
        }
    }

    /// A header edited by hand is described in plain words, at its own line, not at the end of
    /// the file in the words of a type system.
    #[test]
    fn a_header_edited_by_hand_is_described_at_its_line() {
        let (text, taxonomy) = manifest();
        let line = |key: &str| {
            let at = text.find(&format!("\n  \"{key}\":")).unwrap();
            text[..=at].matches('\n').count() + 1
        };
        let quoted = text.replacen(
            &format!("\"format_version\": {FORMAT_VERSION},"),
            &format!("\"format_version\": \"{FORMAT_VERSION}\","),
            1,
        );
        let message = read_manifest(&quoted, &taxonomy).map(|_| ()).unwrap_err();
        assert!(
            message.ends_with(&format!(
                "`format_version` should be a whole number (line {})",
                line("format_version")
            )),
            "{message}"
        );
        let digest_line = line("digest");
        let twice = text.replacen(
            "\n  \"digest\":",
            "\n  \"digest\": \"x\",\n  \"digest\":",
            1,
        );
        let message = read_manifest(&twice, &taxonomy).map(|_| ()).unwrap_err();
        assert!(
            message.contains(&format!(
                "`digest` is written twice (lines {digest_line} and {})",
                digest_line + 1
            )),
            "{message}"
        );
        let listed = text.replacen(
            "\"dropped_duplicates\": []",
            "\"dropped_duplicates\": [\"some-id\"]",
            1,
        );
        let message = read_manifest(&listed, &taxonomy).map(|_| ()).unwrap_err();
        assert!(message.contains("each with `id` and `kept`"), "{message}");
    }

    fn manifest() -> (String, Taxonomy) {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let items = ["a-one", "b-two", "c-three"]
            .iter()
            .map(|id| (normalize(Practice::example(id)), None))
            .collect();
        let edition = assemble("test", items, Vec::new(), &taxonomy);
        (render_manifest(&edition, &BTreeMap::new()), taxonomy)
    }

    #[test]
    fn the_line_layout_and_any_other_layout_read_the_same() {
        let (text, taxonomy) = manifest();
        assert!(practice_lines(&text).is_some(), "the tool's own layout");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert!(practice_lines(&pretty).is_none());
        let (a, b) = (
            read_manifest(&text, &taxonomy).unwrap(),
            read_manifest(&pretty, &taxonomy).unwrap(),
        );
        assert_eq!(a.edition.practices.len(), 3);
        assert_eq!(
            format!("{:?}", a.edition.practices),
            format!("{:?}", b.edition.practices)
        );
        let (ka, kb) = (
            read_practice_index(&text).unwrap(),
            read_practice_index(&pretty).unwrap(),
        );
        assert_eq!(ka.keys, kb.keys);
        assert_eq!(ka.keys[1].id, "b-two");
    }

    #[test]
    fn a_broken_practice_is_reported_by_its_position() {
        let (text, taxonomy) = manifest();
        let broken = text.replacen("\"id\":\"b-two\"", "\"id\":2", 1);
        let e = read_manifest(&broken, &taxonomy).unwrap_err();
        assert!(e.starts_with("practice 2:"), "{e}");
        let not_json = text.replacen("\"id\":\"b-two\"", "\"id\":", 1);
        let e = read_manifest(&not_json, &taxonomy).unwrap_err();
        assert!(e.contains("not a readable manifest"), "{e}");
        let e = read_manifest("{\"format\": \"other\", \"practices\": []}", &taxonomy).unwrap_err();
        assert!(e.contains("not a compendium manifest"), "{e}");
    }

    #[test]
    fn only_the_practices_asked_for_are_read_from_their_places() {
        let (text, taxonomy) = manifest();
        let index = read_practice_index(&text).unwrap();
        let left_out: HashSet<String> = ["a-one".to_string(), "c-three".to_string()].into();
        let mut file = std::io::Cursor::new(text.as_bytes().to_vec());
        let read = read_manifest_except(&mut file, &index, &taxonomy, &left_out).unwrap();
        let ids: Vec<&str> = read.edition.practices.iter().map(|p| p.id()).collect();
        assert_eq!(ids, ["b-two"]);
        assert_eq!(read.edition.name, "test");
        // The file changed since it was indexed: said so, not misread.
        let mut shifted = std::io::Cursor::new(format!(" {text}").into_bytes());
        let e = read_manifest_except(&mut shifted, &index, &taxonomy, &left_out).unwrap_err();
        assert!(e.contains("changed while"), "{e}");
    }
}
