//! Stage 2: documents × schema → findings, in words a contributor understands.
//!
//! Each file is read and checked on its own (in parallel, results in path order), then the
//! corpus is checked as a whole: ids unique, file names matching ids, `supersedes` naming real
//! entries.

mod messages;

pub use messages::closest;

use crate::diag::{sort_diagnostics, Code, Diagnostic, Severity};
use crate::load::{self, Document};
use crate::schema::Schemas;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use messages::describe_pointer;

/// What the corpus-wide checks need to know about one entry.
#[derive(Debug, Clone)]
pub struct EntryFacts {
    /// The file.
    pub path: PathBuf,
    /// The entry's id, and the finding position of the id value.
    pub id: Option<(String, Position)>,
    /// Each id in `supersedes`, with its pointer and position.
    pub supersedes: Vec<(String, String, Position)>,
}

/// A line, column and width in characters.
pub type Position = (usize, usize, usize);

/// The outcome of checking a set of files.
#[derive(Debug, Default)]
pub struct Report {
    /// How many files were read.
    pub files_checked: usize,
    /// How many files have no error.
    pub valid: usize,
    /// Every finding, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// The version of the entry schema the files were checked against (`v2`), when it says.
    pub schema_version: Option<String>,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Adds the findings of a later stage about files counted valid here (one per file: a
    /// document normalizing could not read), keeping the findings sorted.
    pub fn add_file_findings(&mut self, findings: Vec<Diagnostic>) {
        if findings.is_empty() {
            return;
        }
        self.valid -= findings.len();
        self.diagnostics.extend(findings);
        crate::diag::sort_diagnostics(&mut self.diagnostics);
    }

    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Checks every file and reports every finding (the documents are not kept), calling `tick`
/// once per file read.
pub fn report(
    files: &[PathBuf],
    schemas: &Schemas,
    scope: Scope,
    tick: &(dyn Fn() + Sync),
) -> Report {
    check_files(files, schemas, false, scope, tick).0
}

/// Whether a run reads the whole corpus or a part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every entry of the corpus (`build`, or `validate` of folders not all inside
    /// `./practices`): an id named in `supersedes` that no entry has is an error.
    Corpus,
    /// Some entries (one file, a folder within the corpus, or `tag` and `dedup`, whose results
    /// do not depend on `supersedes`): that id may well be in a file not read, so it is a
    /// warning.
    Part,
}

/// Stages 1 and 2: reads every file (in parallel) and checks it against the schema, then checks
/// the corpus as a whole (ids unique, file names matching ids, `supersedes` naming real
/// entries). Hands back the report and the documents of the files without error, in the order
/// of `files`. `tick` is called once per file read (for a progress bar).
pub fn all(
    files: &[PathBuf],
    schemas: &Schemas,
    scope: Scope,
    tick: &(dyn Fn() + Sync),
) -> (Report, Vec<Document>) {
    check_files(files, schemas, true, scope, tick)
}

/// [`all`], keeping the documents only when `keep` is set (so that checking a hundred thousand
/// files needs little memory).
fn check_files(
    files: &[PathBuf],
    schemas: &Schemas,
    keep: bool,
    scope: Scope,
    tick: &(dyn Fn() + Sync),
) -> (Report, Vec<Document>) {
    let checked: Vec<(Vec<Diagnostic>, EntryFacts, Option<Document>)> = files
        .par_iter()
        .map(|path| {
            tick();
            let loaded = load::load_file(path);
            let mut diags = loaded.diagnostics;
            let Some(doc) = loaded.document else {
                let facts = EntryFacts {
                    path: path.clone(),
                    id: None,
                    supersedes: Vec::new(),
                };
                return (diags, facts, None);
            };
            let (more, facts) = check_document(&doc, schemas);
            // A field the reader already said why it could not find (a misnamed
            // `## Recommendations` heading, a code or HTML block left open above it) is not
            // also "missing" at the top of the file.
            let explained: Vec<String> = diags
                .iter()
                .filter_map(|d| match d.code {
                    Code::MissingField => Some(d.pointer.trim_start_matches('/').to_string()),
                    Code::UnclosedBlock => Some("recommendations".to_string()),
                    _ => None,
                })
                .collect();
            // A list the reader found written otherwise (a numbered list of recommendations)
            // is not also "empty" (found by a tester).
            let read_otherwise: Vec<String> = diags
                .iter()
                .filter(|d| d.code == Code::WrongType)
                .map(|d| d.pointer.clone())
                .collect();
            diags.extend(more.into_iter().filter(|d| {
                let explained_missing = d.code == Code::MissingField
                    && d.pointer.is_empty()
                    && explained
                        .iter()
                        .any(|f| d.message.contains(&format!("`{f}`")));
                let explained_empty =
                    d.code == Code::TooFewItems && read_otherwise.contains(&d.pointer);
                !explained_missing && !explained_empty
            }));
            let ok = !diags.iter().any(|d| d.severity == Severity::Error);
            (diags, facts, (keep && ok).then_some(doc))
        })
        .collect();

    let mut report = Report {
        files_checked: files.len(),
        schema_version: schemas.practice_version(),
        ..Report::default()
    };
    let mut facts = Vec::with_capacity(checked.len());
    let mut docs = Vec::new();
    for (diags, fact, doc) in checked {
        report.diagnostics.extend(diags);
        facts.push(fact);
        docs.extend(doc);
    }
    report
        .diagnostics
        .extend(locate(check_corpus(&facts, scope)));
    sort_diagnostics(&mut report.diagnostics);
    let with_errors: std::collections::HashSet<&Path> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.file.as_path())
        .collect();
    report.valid = files
        .iter()
        .filter(|f| !with_errors.contains(f.as_path()))
        .count();
    // A file that breaks a corpus-wide rule (a duplicate id) loses its document too.
    docs.retain(|d| !with_errors.contains(d.path.as_path()));
    (report, docs)
}

/// Checks some fields of an entry being written (by `compendium new`): the findings about those
/// fields only, so that a form can be checked one answer at a time.
pub fn check_fields(entry: &Value, fields: &[&str], schemas: &Schemas) -> Vec<Diagnostic> {
    let Some(object) = entry.as_object() else {
        return Vec::new();
    };
    let subset: serde_json::Map<String, Value> = object
        .iter()
        .filter(|(k, _)| fields.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let text = serde_json::to_string_pretty(&Value::Object(subset)).unwrap_or_default();
    let loaded = load::parse_bytes(Path::new("<answer>"), text.as_bytes());
    let Some(doc) = loaded.document else {
        return loaded.diagnostics;
    };
    check_document(&doc, schemas)
        .0
        .into_iter()
        .filter(|d| {
            fields
                .iter()
                .any(|f| d.pointer == format!("/{f}") || d.pointer.starts_with(&format!("/{f}/")))
        })
        .collect()
}

/// Checks one parsed document against the schema and the taxonomy.
pub fn check_document(doc: &Document, schemas: &Schemas) -> (Vec<Diagnostic>, EntryFacts) {
    let mut diags = Vec::new();
    if !doc.value.is_object() {
        diags.push(
            doc.diagnostic(
                Code::NotAnObject,
                "",
                "the file must hold one JSON object (`{ … }`)",
                false,
            )
            .with_hint("a practice entry starts with `{` and ends with `}`"),
        );
        return (
            diags,
            EntryFacts {
                path: doc.path.clone(),
                id: None,
                supersedes: Vec::new(),
            },
        );
    }
    // Texts are checked as they will be published: in NFC, where an accent saved as a separate
    // mark (as some editors and file systems write it) joins its letter and counts as one
    // character towards a length limit.
    let composed = composed(&doc.value);
    let value = composed.as_ref().unwrap_or(&doc.value);
    // Most entries are valid: the quick yes/no check first, the detailed walk only if needed.
    if !schemas.validator.is_valid(value) {
        for error in schemas.validator.iter_errors(value) {
            diags.extend(messages::from_schema_error(doc, &error, &schemas.practice));
        }
    }
    // An editor's schema adds rules to the built-in one: what the built-in one refuses is
    // refused too (once, when both refuse it: one finding per place and code is kept below).
    if let Some((built_in, practice)) = &schemas.built_in {
        if !built_in.is_valid(value) {
            for error in built_in.iter_errors(value) {
                diags.extend(messages::from_schema_error(doc, &error, practice));
            }
        }
    }
    // A text of white space only has the length the schema asks for and says nothing: the
    // edition would print an empty heading or summary.
    let mut blank = Vec::new();
    blank_texts(&doc.value, &mut String::new(), &mut blank);
    for pointer in blank {
        diags.push(
            doc.diagnostic(
                Code::TooShort,
                &pointer,
                format!(
                    "{} holds only white space",
                    messages::describe_pointer(&pointer)
                ),
                false,
            )
            .with_hint("write the text, or leave the field out if it is optional"),
        );
    }
    let mut tags: Vec<(String, &str)> = Vec::new();
    if let Some(Value::Array(items)) = doc.value.get("principles") {
        tags.extend(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| Some((format!("/principles/{i}"), v.as_str()?))),
        );
    }
    if let Some(Value::Array(items)) = doc.value.get("principles_refused") {
        tags.extend(items.iter().enumerate().filter_map(|(i, v)| {
            Some((
                format!("/principles_refused/{i}/principle"),
                v.get("principle")?.as_str()?,
            ))
        }));
    }
    for (pointer, tag) in &tags {
        if !pointer.starts_with("/principles_refused/") {
            continue;
        }
        let declared: Vec<&str> = tags
            .iter()
            .filter(|(p, _)| p.starts_with("/principles/"))
            .map(|&(_, t)| t)
            .collect();
        // A principle under another is part of it: declaring `retention-limits` declares
        // `data-protection`.
        let parts: Vec<String> = declared
            .iter()
            .filter(|t| {
                **t != *tag
                    && schemas
                        .taxonomy
                        .with_parents(&[t.to_string()])
                        .contains(*tag)
            })
            .map(|t| format!("`{t}`"))
            .collect();
        let (message, hint) = if declared.contains(tag) {
            (
                format!("`{tag}` is declared in `principles` and refused here"),
                "keep one: remove it from `principles`, or remove this refusal".to_string(),
            )
        } else if let Some((last, rest)) = parts.split_last() {
            let (parts, are) = match rest {
                [] => (last.clone(), "is"),
                _ => (format!("{} and {last}", rest.join(", ")), "are"),
            };
            (
                format!(
                    "this entry declares {parts}, which {are} part of `{tag}`, and refuses `{tag}` here; an entry cannot declare part of a principle and refuse the principle"
                ),
                format!("keep one: remove {parts} from `principles`, or remove this refusal"),
            )
        } else {
            continue;
        };
        diags.push(
            doc.diagnostic(Code::DeclaredAndRefused, pointer, message, false)
                .with_hint(hint),
        );
    }
    for (pointer, tag) in tags {
        if schemas.taxonomy.get(tag).is_some() {
            continue;
        }
        let message = format!(
            "{}: `{tag}` is not a principle of the taxonomy",
            describe_pointer(&pointer)
        );
        let ids: Vec<&str> = schemas.taxonomy.ids().collect();
        let listed = &schemas.taxonomy_file;
        let hint = match named_in_taxonomy(tag, &schemas.taxonomy) {
            Some((id, name, true)) => format!(
                "did you mean `{id}`? \"{name}\" is its name; the principles are listed in {listed}"
            ),
            Some((id, term, false)) => format!(
                "did you mean `{id}`? \"{term}\" is one of its terms; the principles are listed in {listed}"
            ),
            None => match messages::closest(tag, &ids) {
                Some(best) => format!(
                    "did you mean `{best}`? The principles are listed in {listed}"
                ),
                None => format!("use one of: {}", ids.join(", ")),
            },
        };
        diags.push(
            doc.diagnostic(Code::UnknownPrinciple, &pointer, message, false)
                .with_hint(hint),
        );
    }
    // A well-formed tag (the schema checks the form) must name a language.
    if let Some(tag) = value.get("language").and_then(Value::as_str) {
        let well_formed = tag.split('-').next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase())
        });
        if let Some((message, hint)) = well_formed
            .then(|| messages::unknown_language(tag))
            .flatten()
        {
            diags.push(
                doc.diagnostic(
                    Code::InvalidLanguage,
                    "/language",
                    format!("`language`: {message}"),
                    false,
                )
                .with_hint(hint),
            );
        } else {
            let text = |field: &str| value.get(field).and_then(Value::as_str).unwrap_or("");
            let recommendations = value
                .get("recommendations")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str);
            let texts: Vec<&str> = [text("title"), text("summary"), text("body")]
                .into_iter()
                .chain(recommendations)
                .collect();
            if let Some((message, hint)) = messages::script_mismatch(tag, texts.iter().copied()) {
                diags.push(
                    doc.diagnostic(Code::LanguageScript, "/language", message, false)
                        .with_hint(hint),
                );
            } else if let Some((message, hint)) = messages::words_mismatch(tag, texts) {
                diags.push(
                    doc.diagnostic(Code::LanguageWords, "/language", message, false)
                        .with_hint(hint),
                );
            }
        }
    }
    // AU is Australia's code; the African Union's entries take INT (found by a tester: an
    // African Union practice was filed under Australia without a word).
    if value.get("jurisdiction").and_then(Value::as_str) == Some("AU") {
        // The practice's organisation only: an Australian practice may be sent in by someone
        // at the African Union (found by a reviewer).
        if let Some(body) = value
            .get("organization")
            .and_then(Value::as_str)
            .filter(|n| messages::names_the_african_union(n))
        {
            diags.push(
                doc.diagnostic(
                    Code::RegionalBody,
                    "/jurisdiction",
                    format!("`jurisdiction` is `AU`, which is Australia, but the entry is the African Union's (\"{body}\")"),
                    false,
                )
                .with_hint("write `INT` for the African Union, as for every regional body but the EU; keep `AU` only for a practice of Australia"),
            );
        }
    }
    // One finding per place and kind is enough (a bad URL breaks both its format and its pattern),
    // except for missing fields: each one missing from the same object is its own finding.
    // A principle that is no principle gets one finding, with the principle meant: its form
    // (`proportionnalité`, accented) is beside the point, and the form's hint named an id that is
    // no principle either (found by a tester).
    let unknown: Vec<String> = diags
        .iter()
        .filter(|d| d.code == Code::UnknownPrinciple)
        .map(|d| d.pointer.clone())
        .collect();
    diags.retain(|d| d.code != Code::InvalidId || !unknown.contains(&d.pointer));
    // A misspelt required field is one mistake, not two: the field "missing" is the one the
    // misspelling stands for (found by a tester: `título` was also told to add `title`).
    let renamed: Vec<(String, String)> = diags
        .iter()
        .filter(|d| d.code == Code::UnknownField)
        .filter_map(|d| {
            let meant = d
                .hint
                .as_deref()?
                .strip_prefix("did you mean `")?
                .split('`')
                .next()?;
            let parent = d.pointer.rsplit_once('/').map_or("", |(p, _)| p);
            Some((parent.to_string(), meant.to_string()))
        })
        .collect();
    let stands_for = |d: &Diagnostic, (parent, meant): &(String, String)| {
        d.code == Code::MissingField
            && *parent == d.pointer
            && d.message.contains(&format!("`{meant}`"))
    };
    let required: Vec<(String, String)> = renamed
        .into_iter()
        .filter(|r| diags.iter().any(|d| stands_for(d, r)))
        .collect();
    diags.retain(|d| !required.iter().any(|r| stands_for(d, r)));
    for d in diags.iter_mut().filter(|d| d.code == Code::UnknownField) {
        let parent = d.pointer.rsplit_once('/').map_or("", |(p, _)| p);
        let hint = d.hint.clone().unwrap_or_default();
        if let Some((_, meant)) = required
            .iter()
            .find(|(p, m)| p == parent && hint == format!("did you mean `{m}`?"))
        {
            d.hint = Some(format!(
                "did you mean `{meant}`? Rename it: `{meant}` is required"
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    diags.retain(|d| {
        let which = (d.code == Code::MissingField).then(|| d.message.clone());
        seen.insert((d.pointer.clone(), d.code, which))
    });
    (diags, facts_of(doc))
}

/// When a practice's texts are written mostly in another script than its `language` is
/// ([`Code::LanguageScript`]), what is said of it and what to do: the tagger then does not read
/// the text (read as English, an Arabic text "did not support" its declared principles; found
/// by a tester).
pub fn written_in_another_script(practice: &crate::model::Practice) -> Option<(String, String)> {
    let texts = [
        practice.title.as_str(),
        practice.summary.as_str(),
        practice.body.as_str(),
    ]
    .into_iter()
    .chain(practice.recommendations.iter().map(String::as_str));
    messages::script_mismatch(&practice.language, texts)
}

/// The principle a word of the contributor's names, by its label or one of its terms in any
/// language, accents and case aside (`protección-de-datos` is `data-protection`'s term
/// "protección de datos"; found by a tester, who was offered the full list), with the label or
/// term, and whether it is the label.
pub fn named_in_taxonomy<'t>(
    written: &str,
    taxonomy: &'t crate::model::Taxonomy,
) -> Option<(&'t str, &'t str, bool)> {
    let fold = messages::folded_name;
    let wanted = fold(written);
    taxonomy.principles.iter().find_map(|p| {
        if fold(&p.label) == wanted {
            return Some((p.id.as_str(), p.label.as_str(), true));
        }
        p.lexicon
            .terms
            .iter()
            .find(|t| fold(&t.text) == wanted)
            .map(|t| (p.id.as_str(), t.text.as_str(), false))
    })
}

/// `value` with every text in NFC, or `None` when every text is in NFC already (nearly always).
fn composed(value: &Value) -> Option<Value> {
    use unicode_normalization::{is_nfc, UnicodeNormalization};
    fn all_nfc(v: &Value) -> bool {
        match v {
            Value::String(s) => is_nfc(s),
            Value::Array(items) => items.iter().all(all_nfc),
            Value::Object(fields) => fields.values().all(all_nfc),
            _ => true,
        }
    }
    fn nfc(v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(s.nfc().collect()),
            Value::Array(items) => Value::Array(items.iter().map(nfc).collect()),
            Value::Object(fields) => {
                Value::Object(fields.iter().map(|(k, v)| (k.clone(), nfc(v))).collect())
            }
            other => other.clone(),
        }
    }
    (!all_nfc(value)).then(|| nfc(value))
}

/// The JSON pointers of the strings in `value` that are not empty but hold only white space.
/// `pointer` is where `value` is; it is extended and cut back in place, so that the walk over
/// every entry allocates nothing unless it finds one.
fn blank_texts(value: &Value, pointer: &mut String, found: &mut Vec<String>) {
    use std::fmt::Write;
    let at = pointer.len();
    match value {
        Value::String(text) if !text.is_empty() && text.trim().is_empty() => {
            found.push(pointer.clone());
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let _ = write!(pointer, "/{i}");
                blank_texts(item, pointer, found);
                pointer.truncate(at);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                pointer.push('/');
                if key.contains(['~', '/']) {
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                } else {
                    pointer.push_str(key);
                }
                blank_texts(item, pointer, found);
                pointer.truncate(at);
            }
        }
        _ => {}
    }
}

fn facts_of(doc: &Document) -> EntryFacts {
    // Positions are found later, and only for the few files a corpus-wide finding concerns.
    let position = |_: &str| -> Option<Position> { Some((0, 0, 0)) };
    let id = doc
        .value
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| Some((id.to_string(), position("/id")?)));
    let supersedes = match doc.value.get("supersedes") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let pointer = format!("/supersedes/{i}");
                Some((
                    v.as_str()?.to_string(),
                    pointer.clone(),
                    position(&pointer)?,
                ))
            })
            .collect(),
        _ => Vec::new(),
    };
    EntryFacts {
        path: doc.path.clone(),
        id,
        supersedes,
    }
}

/// Gives corpus-wide findings their line and column, reading again only the files concerned.
fn locate(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut docs: HashMap<PathBuf, Option<Document>> = HashMap::new();
    for d in &mut diags {
        let doc = docs
            .entry(d.file.clone())
            .or_insert_with(|| load::load_file(&d.file).document);
        if let Some(doc) = doc {
            let placed = doc.diagnostic(d.code, &d.pointer, "", false);
            (d.line, d.column, d.width) = (placed.line, placed.column, placed.width);
        }
    }
    diags
}

/// The checks that need the whole corpus: unique ids, file names, `supersedes`.
pub fn check_corpus(facts: &[EntryFacts], scope: Scope) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut sorted: Vec<&EntryFacts> = facts.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut first_use: HashMap<&str, &Path> = HashMap::new();
    for f in &sorted {
        let Some((id, (line, column, width))) = &f.id else {
            continue;
        };
        // A name that is not UTF-8 never matches: no id has the replacement character its
        // lossy form shows.
        // A file named `….markdown` or `….md.txt` stands for the id before that ending, and
        // must be renamed even when that is the id.
        let misnamed = crate::load::misnamed_entry(&f.path);
        let stem = match misnamed {
            Some((stem, _)) => Some(Some(stem)),
            None => f.path.file_stem().map(|s| s.to_str()),
        };
        let mismatch = match stem {
            None => None,
            Some(stem) if misnamed.is_some() && stem == Some(id.as_str()) => {
                let form = misnamed.map_or("json", |(_, form)| form);
                let name = file_name(&f.path);
                // A blank after the ending does not show between the backquotes.
                let blank = if name.trim_end().len() < name.len() {
                    " (its name ends in a space after the ending)"
                } else {
                    ""
                };
                Some((
                    format!(
                        "the file is named `{name}`{blank}; an entry's file name must be its id followed by .md or .json"
                    ),
                    format!("rename the file to `{id}.{form}`"),
                ))
            }
            Some(stem) if stem != Some(id.as_str()) => {
                // The file keeps its form: a Markdown entry renamed to .json would not read.
                let extension = misnamed.map(|(_, form)| form).unwrap_or_else(|| {
                    f.path
                        .extension()
                        .and_then(|e| e.to_str())
                        .filter(|e| e.eq_ignore_ascii_case("md"))
                        .unwrap_or("json")
                });
                let not_utf8 = if stem.is_none() {
                    " (the name is not UTF-8 text)"
                } else {
                    ""
                };
                let hint = match stem {
                    // An id that is no valid id is not offered as a file name (its own finding
                    // says how to mend it).
                    Some(stem) if is_valid_id(stem) && !is_valid_id(id) => {
                        format!("change the id to `{stem}`")
                    }
                    _ if !is_valid_id(id) => {
                        "mend the id first (see the finding on it), then name the file after it"
                            .to_string()
                    }
                    // A misnamed file is renamed in any case: to the id's name.
                    _ if misnamed.is_some() => format!("rename the file to `{id}.{extension}`"),
                    // The file's name is offered as an id only when it would be a valid one.
                    Some(stem) if is_valid_id(stem) => format!(
                        "rename the file to `{id}.{extension}`, or change the id to `{stem}`"
                    ),
                    _ => format!("rename the file to `{id}.{extension}`"),
                };
                Some((
                    format!(
                        "the id is `{id}` but the file is named `{}`{not_utf8}",
                        file_name(&f.path)
                    ),
                    hint,
                ))
            }
            Some(_) => None,
        };
        if let Some((message, hint)) = mismatch {
            diags.push(
                Diagnostic::new(Code::IdFileMismatch, &f.path, "/id", message)
                    .with_hint(hint)
                    .at(*line, *column, *width),
            );
        }
        match first_use.get(id.as_str()) {
            Some(other) => diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    &f.path,
                    "/id",
                    format!("the id `{id}` is already used by {}", other.display()),
                )
                .with_hint(if same_entry_in_two_formats(other, &f.path) {
                    // `convert` leaves the file it read (found by a tester: the advice made two
                    // entries of one).
                    "this is the same entry twice, in JSON and in Markdown (as `convert` leaves it): keep one of the two files and remove the other, or move it out of the folder"
                } else {
                    "every entry needs its own id; if this is a new version of that entry, give it a new id and list the old one in `supersedes`"
                })
                .at(*line, *column, *width),
            ),
            None => {
                first_use.insert(id, &f.path);
            }
        }
    }
    // Who supersedes whom, for circles (each entry replacing the next, the last the first).
    let replaces: HashMap<&str, Vec<&str>> = sorted
        .iter()
        .filter_map(|f| {
            let (id, _) = f.id.as_ref()?;
            Some((
                id.as_str(),
                f.supersedes.iter().map(|(t, _, _)| t.as_str()).collect(),
            ))
        })
        .collect();
    let circular = possibly_circular(&replaces);
    for f in &sorted {
        for (target, pointer, (line, column, width)) in &f.supersedes {
            if f.id.as_ref().is_some_and(|(id, _)| id == target) {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownSupersedes,
                        &f.path,
                        pointer.clone(),
                        format!(
                            "{}: an entry cannot supersede itself",
                            describe_pointer(pointer)
                        ),
                    )
                    .with_hint("list the ids of the older entries this one replaces")
                    .at(*line, *column, *width),
                );
                continue;
            }
            let in_circle = |id: &str| circular.contains(id) && circular.contains(target.as_str());
            if let Some(chain) =
                f.id.as_ref()
                    .filter(|(id, _)| in_circle(id))
                    .and_then(|(id, _)| supersession_chain(&replaces, target, id))
            {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownSupersedes,
                        &f.path,
                        pointer.clone(),
                        format!(
                            "{}: `{target}` cannot be superseded by this entry, which it supersedes itself ({})",
                            describe_pointer(pointer),
                            chain.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" supersedes ")
                        ),
                    )
                    .with_hint("of two versions of a practice, only the newer lists the older in `supersedes`")
                    .at(*line, *column, *width),
                );
                continue;
            }
            if !first_use.contains_key(target.as_str()) {
                let what = describe_pointer(pointer);
                let d = match scope {
                    Scope::Corpus => Diagnostic::new(
                        Code::UnknownSupersedes,
                        &f.path,
                        pointer.clone(),
                        format!("{what}: no entry has the id `{target}`"),
                    )
                    .with_hint("list only ids of entries in the corpus; keep a replaced entry with status `retired` rather than deleting it"),
                    Scope::Part => Diagnostic::new(
                        Code::UnknownSupersedes,
                        &f.path,
                        pointer.clone(),
                        format!("{what}: no entry read in this run has the id `{target}`"),
                    )
                    .with_severity(Severity::Warning)
                    .with_hint("check the whole practices folder to be sure the id exists"),
                };
                diags.push(d.at(*line, *column, *width));
            }
        }
    }
    diags
}

/// The entries that may lie on a circle of supersessions: those left once the entries nothing
/// supersedes are taken away, again and again (Kahn's peeling: a chain that ends goes whole, in
/// one pass).
fn possibly_circular<'a>(replaces: &HashMap<&'a str, Vec<&'a str>>) -> HashSet<&'a str> {
    let mut superseded_by = HashMap::<&str, usize>::new();
    for targets in replaces.values() {
        for t in targets.iter().filter(|t| replaces.contains_key(*t)) {
            *superseded_by.entry(*t).or_default() += 1;
        }
    }
    let mut left: HashSet<&str> = replaces.keys().copied().collect();
    let mut free: Vec<&str> = left
        .iter()
        .copied()
        .filter(|id| !superseded_by.contains_key(id))
        .collect();
    while let Some(id) = free.pop() {
        left.remove(id);
        for t in &replaces[id] {
            if let Some(n) = superseded_by.get_mut(t) {
                *n -= 1;
                if *n == 0 {
                    free.push(t);
                }
            }
        }
    }
    left
}

/// The chain of supersessions from `from` back to `to` (`from` supersedes … supersedes `to`), if
/// there is one: `to` superseding `from` would close a circle. A breadth-first search.
fn supersession_chain<'a>(
    replaces: &HashMap<&'a str, Vec<&'a str>>,
    from: &'a str,
    to: &'a str,
) -> Option<Vec<&'a str>> {
    let mut came_from: HashMap<&str, &str> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(at) = queue.pop_front() {
        if at == to {
            let mut chain = vec![at];
            while let Some(&before) = came_from.get(chain[chain.len() - 1]) {
                chain.push(before);
            }
            chain.reverse();
            return Some(chain);
        }
        for &next in replaces.get(at).into_iter().flatten() {
            if next != from && !came_from.contains_key(next) {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether `text` could be an entry's id: 3 to 80 lower-case letters and digits in words joined
/// by single hyphens (the schema's rule for `id`), and not the decisions file's name.
pub fn is_valid_id(text: &str) -> bool {
    (3..=80).contains(&text.len())
        && text != "dedup-decisions"
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Whether two files are one entry in JSON and in Markdown, as `convert` leaves them: the same
/// name in the same folder, one ending in `.json` and the other in `.md`.
fn same_entry_in_two_formats(a: &std::path::Path, b: &std::path::Path) -> bool {
    let extension = |p: &std::path::Path| {
        p.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    };
    let mut kinds = [extension(a), extension(b)];
    kinds.sort();
    a.parent() == b.parent() && a.file_stem() == b.file_stem() && kinds == ["json", "md"]
}

#[cfg(test)]
mod tests {
    /// An accent saved as a separate mark counts once towards a length limit, as published.
    #[test]
    fn lengths_are_counted_in_composed_characters() {
        let decomposed = serde_json::json!({"title": "e\u{301}".repeat(200), "n": [1]});
        let composed = super::composed(&decomposed).unwrap();
        assert_eq!(composed["title"].as_str().unwrap().chars().count(), 200);
        assert_eq!(composed["n"], serde_json::json!([1]));
        assert!(super::composed(&composed).is_none());
    }

    /// What `validate` finds in the model example entry once `change` has been made to it.
    fn findings_of_example(
        change: impl Fn(&mut serde_json::Value),
    ) -> Vec<crate::diag::Diagnostic> {
        let schemas = crate::schema::Schemas::embedded().unwrap();
        let mut value = serde_json::to_value(crate::model::Practice::example("p-1")).unwrap();
        change(&mut value);
        let text = serde_json::to_string_pretty(&value).unwrap();
        let doc = crate::load::parse_bytes(std::path::Path::new("p-1.json"), text.as_bytes())
            .document
            .unwrap();
        super::check_document(&doc, &schemas).0
    }

    /// Kosovo, which ISO 3166-1 does not list, is `XK`, as the EU and UN bodies write it (found
    /// by a tester: a Kosovo practice had no jurisdiction it could give); `UK` is still refused.
    #[test]
    fn kosovo_is_xk() {
        let codes = |jurisdiction: &str| {
            findings_of_example(|value| value["jurisdiction"] = jurisdiction.into())
                .iter()
                .map(|d| (d.code, d.hint.clone().unwrap_or_default()))
                .collect::<Vec<_>>()
        };
        let invalid = |j: &str| {
            codes(j)
                .into_iter()
                .find(|(c, _)| *c == super::Code::InvalidJurisdiction)
                .map(|(_, hint)| hint)
        };
        assert_eq!(codes("XK"), codes("GB"));
        assert_eq!(invalid("GB"), None);
        assert!(invalid("UK").unwrap().starts_with("did you mean `GB`?"));
        // The European Union's code for Greece (found by a tester).
        assert!(invalid("EL").unwrap().starts_with("did you mean `GR`?"));
        // A three-letter code or an English name (found by a tester).
        assert_eq!(
            invalid("ESP").unwrap(),
            "did you mean `ES`? ESP is the three-letter code of Spain; `jurisdiction` takes the two-letter ISO 3166-1 code"
        );
        assert!(invalid("ken").unwrap().starts_with("did you mean `KE`?"));
        assert!(invalid("USA").unwrap().starts_with("did you mean `US`?"));
        for (name, code) in [
            ("France", "FR"),
            ("Côte d'Ivoire", "CI"),
            ("Cote d'Ivoire", "CI"),
            ("United Kingdom", "GB"),
            ("Bolivia", "BO"),
            ("kenya", "KE"),
        ] {
            let hint = invalid(name).unwrap();
            assert!(
                hint.starts_with(&format!("did you mean `{code}`?")),
                "{name}: {hint}"
            );
            assert!(hint.contains("not its name"), "{hint}");
        }
        // A name two countries share gets no code.
        assert!(invalid("Korea").unwrap().starts_with("use a two-letter"));
        // Neither a code nor a name: the general rule.
        assert!(invalid("Atlantis").unwrap().starts_with("use a two-letter"));
        assert!(invalid("Int").unwrap().starts_with("did you mean `INT`?"));
    }

    /// An address without its scheme gets it written out, and an e-mail address written with
    /// "(at)" gets `@` (found by a tester, told to leave the address out).
    #[test]
    fn addresses_get_the_fix_written_out() {
        let hint = |url: &str, email: &str| {
            findings_of_example(|value| {
                value["sources"][0]["url"] = url.into();
                value["contributor"]["email"] = email.into();
            })
            .iter()
            .map(|d| d.hint.clone().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
        };
        let said = hint("www.aena.es/embarque", "jose.perez(at)aena.es");
        assert!(said.contains("`https://www.aena.es/embarque`"), "{said}");
        assert!(said.contains("`@` in place of"), "{said}");
        let said = hint("http://example.org/x", "jose.perez@aena.es");
        assert!(said.contains("`https://example.org/x`"), "{said}");
        // Not an address at all: the general rule.
        let said = hint("see the annex", "jose.perez@aena.es");
        assert!(said.contains("leave `url` out"), "{said}");
    }

    /// The file name is offered as an id only when it follows the id's rule.
    #[test]
    fn only_a_valid_id_is_offered_from_a_file_name() {
        assert!(super::is_valid_id("eu-ees-retention-2"));
        for bad in [
            "Eu-Ees",
            "o",
            "a--b",
            "-ab",
            "ab-",
            "dedup-decisions",
            "ab_c",
            "é-ab",
        ] {
            assert!(!super::is_valid_id(bad), "{bad}");
        }
        // An id that is itself invalid is never offered as a file name (found by a tester:
        // "rename the file to `Mon-Entrée.md`").
        let hint = |id: &str, path: &str| {
            let mut f = facts(path, id, &[]);
            f.id = Some((id.to_string(), (2, 5, 3)));
            super::check_corpus(&[f], Scope::Corpus)[0]
                .hint
                .clone()
                .unwrap_or_default()
        };
        assert_eq!(
            hint("Mon-Entrée", "p/entree.md"),
            "change the id to `entree`"
        );
        assert!(hint("Mon-Entrée", "p/Entrée.md").starts_with("mend the id first"));
        assert_eq!(
            hint("mon-entree", "p/entree.md"),
            "rename the file to `mon-entree.md`, or change the id to `entree`"
        );
    }

    use super::*;

    fn facts(path: &str, id: &str, supersedes: &[&str]) -> EntryFacts {
        EntryFacts {
            path: PathBuf::from(path),
            id: Some((id.to_string(), (2, 9, 5))),
            supersedes: supersedes
                .iter()
                .map(|s| (s.to_string(), "/supersedes/0".into(), (3, 1, 1)))
                .collect(),
        }
    }

    #[test]
    fn corpus_checks_find_duplicates_mismatches_and_unknown_targets() {
        let diags = check_corpus(
            &[
                facts("p/b/same-id.json", "same-id", &[]),
                facts("p/a/same-id.json", "same-id", &["gone"]),
                facts("p/other.json", "not-other", &["same-id"]),
            ],
            Scope::Corpus,
        );
        let got: Vec<(String, Code)> = diags
            .iter()
            .map(|d| (d.file.display().to_string(), d.code))
            .collect();
        assert_eq!(
            got,
            [
                ("p/b/same-id.json".to_string(), Code::DuplicateId),
                ("p/other.json".to_string(), Code::IdFileMismatch),
                ("p/a/same-id.json".to_string(), Code::UnknownSupersedes),
            ]
        );
        assert!(diags[0].message.contains("p/a/same-id.json"));
    }

    /// Entries that supersede each other, directly or around a longer circle, are each told;
    /// a chain that ends is not (found by a tester: two entries replacing each other were
    /// published so).
    #[test]
    fn entries_superseding_each_other_are_refused() {
        let circle = check_corpus(
            &[
                facts("p/a.json", "a", &["b"]),
                facts("p/b.json", "b", &["c"]),
                facts("p/c.json", "c", &["a"]),
                facts("p/d.json", "d", &["a"]),
            ],
            Scope::Corpus,
        );
        let files: Vec<String> = circle
            .iter()
            .map(|d| d.file.display().to_string())
            .collect();
        assert_eq!(files, ["p/a.json", "p/b.json", "p/c.json"], "{circle:?}");
        assert!(
            circle[0]
                .message
                .contains("(`b` supersedes `c` supersedes `a`)"),
            "{}",
            circle[0].message
        );
        let chain = check_corpus(
            &[
                facts("p/a.json", "a", &["b"]),
                facts("p/b.json", "b", &["c"]),
                facts("p/c.json", "c", &[]),
            ],
            Scope::Corpus,
        );
        assert!(chain.is_empty(), "{chain:?}");
        // A long chain that ends is peeled whole (a reviewer found that the first search, from
        // every link, took seconds on 4,000 entries); a circle closed at its end is found, link by link.
        let ids: Vec<String> = (0..1000).map(|i| format!("e{i:04}")).collect();
        let mut long: Vec<EntryFacts> = (0..ids.len())
            .map(|i| {
                let next: Vec<&str> = ids.get(i + 1).map(String::as_str).into_iter().collect();
                facts(&format!("p/{}.json", ids[i]), &ids[i], &next)
            })
            .collect();
        assert!(check_corpus(&long, Scope::Corpus).is_empty());
        long.last_mut().unwrap().supersedes =
            vec![("e0000".into(), "/supersedes/0".into(), (3, 1, 1))];
        assert_eq!(check_corpus(&long, Scope::Corpus).len(), 1000);
    }

    /// A text of white space only is too short, wherever it is (found by the render_fields fuzz
    /// target: a summary of spaces validated and was published as `**`).
    #[test]
    fn texts_of_white_space_only_are_too_short() {
        let mut value = entry_value("blank");
        assert!(
            findings_of("blank.json", &value).is_empty(),
            "{:?}",
            findings_of("blank.json", &value)
        );
        value["summary"] = " ".repeat(45).into();
        value["recommendations"][0] = " ".repeat(12).into();
        value["sources"][0]["title"] = "   ".into();
        let diags = findings_of("blank.json", &value);
        let found: Vec<(&str, Code)> = diags.iter().map(|d| (d.pointer.as_str(), d.code)).collect();
        assert_eq!(
            found,
            [
                ("/recommendations/0", Code::TooShort),
                ("/sources/0/title", Code::TooShort),
                ("/summary", Code::TooShort),
            ],
            "{diags:?}"
        );
        assert!(
            diags[2].message.contains("holds only white space"),
            "{}",
            diags[2].message
        );
    }

    /// An African Union entry filed under `AU` (Australia) is warned about, and a submission
    /// date of another calendar is refused with the Gregorian one (found by a tester).
    #[test]
    fn the_african_union_and_other_calendars_are_told_apart() {
        let mut value = entry_value("p-1");
        value["jurisdiction"] = "AU".into();
        assert!(
            findings_of("p-1.json", &value).is_empty(),
            "{:?}",
            findings_of("p-1.json", &value)
        );
        value["organization"] = "Commission de l'Union africaine".into();
        let found = findings_of("p-1.json", &value);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].code, found[0].pointer.as_str()),
            (Code::RegionalBody, "/jurisdiction")
        );
        assert_eq!(found[0].code.severity(), crate::diag::Severity::Warning);
        value["jurisdiction"] = "INT".into();
        assert!(
            findings_of("p-1.json", &value).is_empty(),
            "{:?}",
            findings_of("p-1.json", &value)
        );
        value["submitted"] = "2569-12-08".into();
        let found = findings_of("p-1.json", &value);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::InvalidDate);
        assert!(
            found[0]
                .hint
                .as_deref()
                .unwrap_or_default()
                .ends_with("write `2026-12-08`"),
            "{found:?}"
        );
        value["submitted"] = "1999-12-31".into();
        assert!(
            findings_of("p-1.json", &value).is_empty(),
            "{:?}",
            findings_of("p-1.json", &value)
        );
    }

    /// A wrong type is told in the words of the entry's format: JSON's quotes and brackets, or
    /// YAML's empty value in a Markdown entry's front matter.
    #[test]
    fn a_wrong_type_is_told_in_the_words_of_the_format() {
        let schemas = crate::schema::Schemas::embedded().unwrap();
        let check = |name: &str, text: &str| {
            let doc = crate::load::parse_bytes(std::path::Path::new(name), text.as_bytes())
                .document
                .unwrap();
            let diags = check_document(&doc, &schemas).0;
            diags
                .into_iter()
                .find(|d| d.pointer == "/organization")
                .unwrap_or_else(|| panic!("{name}: no finding on organization"))
        };
        let mut value = serde_json::to_value(crate::model::Practice::example("p-1")).unwrap();
        value["organization"] = Value::Null;
        let json = check("p-1.json", &value.to_string());
        assert_eq!(json.code, Code::WrongType);
        assert!(
            json.message
                .ends_with("must be a text in double quotes, not null"),
            "{}",
            json.message
        );
        let markdown = check("p-1.md", "---\nid: p-1\norganization: ~\n---\nBody\n");
        assert_eq!(markdown.code, Code::WrongType);
        assert!(
            markdown.message.ends_with("must be a text, not empty"),
            "{}",
            markdown.message
        );
        assert!(
            markdown.hint.as_deref().unwrap_or_default().contains("`~`"),
            "{markdown:?}"
        );
    }

    /// An allowed value with a character that shows nothing is told so, not "did you mean" the
    /// value the reader sees (found by a tester).
    #[test]
    fn an_invisible_character_in_a_listed_value_is_named() {
        let schemas = crate::schema::Schemas::embedded().unwrap();
        for (area, code) in [
            ("border-management\u{a0}", "U+00A0"),
            ("border\u{200b}-management", "U+200B"),
        ] {
            let mut value = serde_json::to_value(crate::model::Practice::example("p-1")).unwrap();
            value["area"] = area.into();
            let text = value.to_string();
            let doc = crate::load::parse_bytes(std::path::Path::new("p-1.json"), text.as_bytes())
                .document
                .unwrap();
            let d = check_document(&doc, &schemas)
                .0
                .into_iter()
                .find(|d| d.pointer == "/area")
                .unwrap();
            let hint = d.hint.unwrap_or_default();
            assert!(
                hint.contains(code) && hint.contains("retype `border-management`"),
                "{hint}"
            );
        }
    }

    /// An editor's schema adds rules to the built-in one: relaxing one (a source without a
    /// publisher) does not let through what cannot be published; a rule it adds holds.
    #[test]
    fn an_editors_schema_adds_rules_and_relaxes_none() {
        let tmp = tempfile::tempdir().unwrap();
        let mut schema: Value = serde_json::from_str(crate::schema::PRACTICE_SCHEMA).unwrap();
        let required = schema["properties"]["sources"]["items"]["required"]
            .as_array_mut()
            .unwrap();
        required.retain(|f| f != "publisher");
        schema["properties"]["jurisdiction"]["enum"] = serde_json::json!(["GB", "FR"]);
        // A longer minimum than the built-in one's: the two schemas refuse a short title in
        // different words, and it is still reported once.
        schema["properties"]["title"]["minLength"] = serde_json::json!(30);
        let path = tmp.path().join("schema.json");
        std::fs::write(&path, schema.to_string()).unwrap();
        let schemas = crate::schema::Schemas::load(Some(&path), None).unwrap();
        let check = |value: &Value| {
            let text = serde_json::to_string_pretty(value).unwrap();
            let doc = crate::load::parse_bytes(std::path::Path::new("p-1.json"), text.as_bytes())
                .document
                .unwrap();
            let diags = check_document(&doc, &schemas).0;
            diags
                .iter()
                .map(|d| (d.pointer.clone(), d.code))
                .collect::<Vec<_>>()
        };
        let mut value = serde_json::to_value(crate::model::Practice::example("p-1")).unwrap();
        value["jurisdiction"] = "GB".into();
        value["contributor"]["name"] = "A contributor".into();
        value["sources"][0]["publisher"] = "A publisher".into();
        value["sources"][0]["title"] = "A report".into();
        value["title"] = "A title of thirty characters or more".into();
        assert_eq!(check(&value), []);
        value["sources"][0]
            .as_object_mut()
            .unwrap()
            .remove("publisher");
        value["jurisdiction"] = "KE".into();
        let found = check(&value);
        assert!(
            found.contains(&("/sources/0".into(), Code::MissingField)),
            "{found:?}"
        );
        assert!(found.iter().any(|(p, _)| p == "/jurisdiction"), "{found:?}");
        // What both schemas refuse is reported once.
        value["jurisdiction"] = "GB".into();
        for (title, refused_by) in [
            ("short", "both schemas"),
            ("Twenty characters ok", "the editor's"),
        ] {
            value["title"] = title.into();
            let found = check(&value);
            assert_eq!(
                found.iter().filter(|(p, _)| p == "/title").count(),
                1,
                "{refused_by}: {found:?}"
            );
        }
    }

    /// A hidden character is pointed at itself, written as it is or as an escape, not at the
    /// start of the text that holds it.
    #[test]
    fn a_hidden_character_is_pointed_at_itself() {
        let schemas = crate::schema::Schemas::embedded().unwrap();
        let found = |name: &str, text: &str, pointer: &str| {
            let doc = crate::load::parse_bytes(std::path::Path::new(name), text.as_bytes())
                .document
                .unwrap();
            let d = check_document(&doc, &schemas)
                .0
                .into_iter()
                .find(|d| d.pointer == pointer)
                .unwrap_or_else(|| panic!("{name}: no finding on {pointer}"));
            assert_eq!(d.code, Code::ControlCharacter, "{d:?}");
            (d.line, d.column, d.width)
        };
        let mut value = serde_json::to_value(crate::model::Practice::example("p-1")).unwrap();
        value["title"] = "Twelve\tmonths".into();
        let long = "The agency keeps a public schedule of how long each kind of record is kept. ";
        value["body"] = format!("{long}{long}\nSecond \u{7}line.").into();
        let json = serde_json::to_string_pretty(&value).unwrap();
        let line = |text: &str, needle: &str| {
            let (i, l) = text
                .lines()
                .enumerate()
                .find(|(_, l)| l.contains(needle))
                .unwrap();
            (i + 1, l.chars().count())
        };
        // `"title": "Twelve\tmonths"`: the escape `\t`, two characters wide.
        let (title_line, _) = line(&json, "Twelve");
        let column = json
            .lines()
            .nth(title_line - 1)
            .unwrap()
            .find("\\t")
            .unwrap()
            + 1;
        assert_eq!(found("p-1.json", &json, "/title"), (title_line, column, 2));
        let (body_line, _) = line(&json, "\"body\"");
        let column = json
            .lines()
            .nth(body_line - 1)
            .unwrap()
            .find("\\u0007")
            .unwrap()
            + 1;
        assert_eq!(found("p-1.json", &json, "/body"), (body_line, column, 6));
        // In a Markdown body the character is written as it is.
        let markdown = format!("---\nid: p-1\n---\n{long}{long}\n\nSecond \u{7}line.\n");
        assert_eq!(found("p-1.md", &markdown, "/body"), (6, 8, 1));
    }

    /// A title written as a YAML `|` block ends with the line break the block keeps: the hint
    /// says how to write it (found by a tester: "keep it on one line" for a title on one line).
    #[test]
    fn a_title_in_a_yaml_block_is_told_how_to_lose_its_line_break() {
        let schemas = crate::schema::Schemas::embedded().unwrap();
        let finding = |title_lines: &str| {
            let text = format!("---\nid: p-1\n{title_lines}---\nBody.\n");
            let doc = crate::load::parse_bytes(std::path::Path::new("p-1.md"), text.as_bytes())
                .document
                .unwrap();
            check_document(&doc, &schemas)
                .0
                .into_iter()
                .find(|d| d.pointer == "/title")
        };
        let d = finding("title: |\n  Fixed retention periods\n").unwrap();
        assert_eq!(d.code, Code::ControlCharacter, "{d:?}");
        assert!(d.message.contains("ends with a line break"), "{d:?}");
        assert!(d.hint.unwrap().contains("`title: >-`"));
        assert!(finding("title: >-\n  Fixed retention periods\n").is_none());
        // Two lines kept by the block are not one line with a break at its end.
        let d = finding("title: |\n  Fixed retention\n  periods\n").unwrap();
        assert!(!d.message.contains("ends with a line break"), "{d:?}");
    }

    /// Refusing a declared principle, or the principle a declared facet belongs to, is a
    /// contradiction; refusing a facet of a declared principle is not.
    #[test]
    fn refusing_what_is_declared_directly_or_through_a_facet_is_an_error() {
        let schemas = crate::schema::Schemas::embedded().unwrap();
        let check = |declared: &[&str], refused: &str| {
            let mut value =
                serde_json::to_value(crate::model::Practice::example("refusing")).unwrap();
            value["contributor"]["name"] = "A contributor".into();
            value["sources"][0]["publisher"] = "A publisher".into();
            value["sources"][0]["title"] = "A report".into();
            value["principles"] = serde_json::json!(declared);
            value["principles_refused"] =
                serde_json::json!([{"principle": refused, "reason": "not this practice"}]);
            let text = serde_json::to_string_pretty(&value).unwrap();
            let path = std::path::Path::new("refusing.json");
            let doc = crate::load::parse_bytes(path, text.as_bytes())
                .document
                .unwrap();
            check_document(&doc, &schemas).0
        };
        let found = |diags: Vec<Diagnostic>| -> Vec<(String, Code, String)> {
            diags
                .into_iter()
                .map(|d| (d.pointer, d.code, d.message))
                .collect()
        };
        assert_eq!(
            found(check(&["retention-limits"], "retention-limits")),
            [(
                "/principles_refused/0/principle".to_string(),
                Code::DeclaredAndRefused,
                "`retention-limits` is declared in `principles` and refused here".to_string()
            )]
        );
        let diags = check(
            &["proportionality", "retention-limits", "purpose-limitation"],
            "data-protection",
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, Code::DeclaredAndRefused);
        assert!(
            diags[0]
                .message
                .contains("declares `retention-limits` and `purpose-limitation`, which are part of `data-protection`"),
            "{}",
            diags[0].message
        );
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("keep one: remove `retention-limits` and `purpose-limitation` from `principles`, or remove this refusal")
        );
        // The other way round is no contradiction: a principle applies without each of the
        // principles under it.
        assert!(check(&["data-protection"], "retention-limits").is_empty());
        assert!(check(&["human-rights"], "privacy").is_empty());
        // A principle under another that is no facet counts the same.
        assert_eq!(
            check(&["security"], "data-protection")[0].code,
            Code::DeclaredAndRefused
        );
    }

    /// A language tag must name a language: the form alone let `spa`, `jp` or `zz` through, and
    /// the tagger then read a Spanish text as English (found by a tester).
    #[test]
    fn a_language_tag_must_name_a_language() {
        let schemas = crate::schema::Schemas::embedded().unwrap();
        let check = |language: &str| -> Vec<(Code, String, Option<String>)> {
            let mut value =
                serde_json::to_value(crate::model::Practice::example("speaking")).unwrap();
            value["contributor"]["name"] = "A contributor".into();
            value["sources"][0]["publisher"] = "A publisher".into();
            value["sources"][0]["title"] = "A report".into();
            value["language"] = language.into();
            let text = serde_json::to_string_pretty(&value).unwrap();
            let path = std::path::Path::new("speaking.json");
            let doc = crate::load::parse_bytes(path, text.as_bytes())
                .document
                .unwrap();
            check_document(&doc, &schemas)
                .0
                .into_iter()
                // The example's English text in a Chinese tag: another finding, tested below.
                .filter(|d| d.code != Code::LanguageScript)
                .map(|d| (d.code, d.message, d.hint))
                .collect()
        };
        for fine in [
            "en",
            "fr",
            "es",
            "pt-BR",
            "zh-Hant-TW",
            "fil",
            "sw-KE",
            "es-419",
        ] {
            assert_eq!(check(fine), [], "{fine}");
        }
        let hint_of = |language: &str| {
            let found = check(language);
            assert_eq!(found.len(), 1, "{language}: {found:?}");
            assert_eq!(found[0].0, Code::InvalidLanguage, "{language}");
            found[0].2.clone().unwrap_or_default()
        };
        assert_eq!(hint_of("spa"), "write `es` (Spanish)");
        assert_eq!(hint_of("spa-MX"), "write `es-MX` (Spanish)");
        assert_eq!(hint_of("jp"), "did you mean `ja` (Japanese)?");
        assert_eq!(hint_of("fre"), "did you mean `fr` (French)?");
        assert!(hint_of("zz").contains("ISO 639-1"));
        assert_eq!(hint_of("mo"), "did you mean `ro` (Romanian)?");
        for none in ["und", "mul", "zxx"] {
            assert!(hint_of(none).contains("the language the entry is written in"));
        }
        // A tag of the wrong form is the schema's finding, once.
        assert_eq!(check("English").len(), 1);
        // A language's name, in English or its own, gets its code; a case slip is described by
        // what the tag has (found by a tester).
        assert!(hint_of("Arabic").starts_with("did you mean `ar` (Arabic)?"));
        assert!(hint_of("Português").starts_with("did you mean `pt` (Portuguese)?"));
        assert!(hint_of("español").starts_with("did you mean `es` (Spanish)?"));
        assert!(hint_of("Ewe").starts_with("did you mean `ee` (Ewe)?"));
        assert_eq!(hint_of("EN"), "write it as `en` (language in lower case)");
        assert_eq!(
            hint_of("zh-hans"),
            "write it as `zh-Hans` (language in lower case, script with a capital first letter)"
        );
        assert_eq!(
            hint_of("pt-br"),
            "write it as `pt-BR` (language in lower case, region in capitals)"
        );
        // A tag in another case is still a tag (found by a tester): said so.
        for (tag, said) in [
            (
                "pt-br",
                "is not written in the usual case of a language tag",
            ),
            (
                "zh-hant",
                "is not written in the usual case of a language tag",
            ),
            ("English", "is not a language tag"),
        ] {
            let found = check(tag);
            assert!(found[0].1.ends_with(said), "{tag}: {found:?}");
        }
    }

    /// The example entry as JSON, with the names the schema requires filled in: valid.
    fn entry_value(id: &str) -> Value {
        let mut value = serde_json::to_value(crate::model::Practice::example(id)).unwrap();
        value["contributor"]["name"] = "A contributor".into();
        value["sources"][0]["publisher"] = "A publisher".into();
        value["sources"][0]["title"] = "A report".into();
        value
    }

    /// The findings of an entry given as JSON, read from `name`.
    fn findings_of(name: &str, value: &Value) -> Vec<Diagnostic> {
        let schemas = crate::schema::Schemas::embedded().unwrap();
        let text = serde_json::to_string_pretty(value).unwrap();
        let doc = crate::load::parse_bytes(Path::new(name), text.as_bytes())
            .document
            .unwrap();
        check_document(&doc, &schemas).0
    }

    /// A principle written in the contributor's language gets one finding, naming the principle
    /// meant where a label or a term of the taxonomy says it (found by a tester: an accented
    /// `protección-de-datos` got two findings whose fixes disagreed, neither a principle).
    #[test]
    fn a_principle_written_in_another_language_gets_one_finding_with_the_principle() {
        let mut value = entry_value("named");
        value["principles"] =
            serde_json::json!(["protección-de-datos", "proportionnalité", "Data-Protection"]);
        let found: Vec<(String, Code, String)> = findings_of("named.json", &value)
            .into_iter()
            .filter(|d| d.pointer.starts_with("/principles/"))
            .map(|d| (d.pointer, d.code, d.hint.unwrap_or_default()))
            .collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found
            .iter()
            .all(|(_, code, _)| *code == Code::UnknownPrinciple));
        assert!(
            found[0].2.starts_with("did you mean `data-protection`?"),
            "{found:#?}"
        );
        assert!(
            found[1].2.starts_with("did you mean `proportionality`?"),
            "{found:#?}"
        );
        assert!(
            found[2].2.starts_with("did you mean `data-protection`?"),
            "{found:#?}"
        );
    }

    /// A required field written in another language or misspelt is one finding that names the
    /// field meant, and a Markdown entry's list of fields holds only what its front matter takes
    /// (found by a tester).
    #[test]
    fn a_field_named_in_another_language_is_one_finding() {
        let schemas = crate::schema::Schemas::embedded().unwrap();
        let mut value = entry_value("fields");
        let object = value.as_object_mut().unwrap();
        let title = object.remove("title").unwrap();
        object.insert("título".into(), title);
        let language = object.remove("language").unwrap();
        object.insert("Langue".into(), language);
        let found: Vec<(Code, String, String)> = findings_of("fields.json", &value)
            .into_iter()
            .map(|d| (d.code, d.pointer, d.hint.unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Code::UnknownField,
                    "/Langue".to_string(),
                    "did you mean `language`? Rename it: `language` is required".to_string()
                ),
                (
                    Code::UnknownField,
                    "/título".to_string(),
                    "did you mean `title`? Rename it: `title` is required".to_string()
                ),
            ]
        );
        let markdown = "---\nid: fields\nzzz: 1\n---\nBody.\n";
        let doc = crate::load::parse_bytes(Path::new("fields.md"), markdown.as_bytes())
            .document
            .unwrap();
        let found = check_document(&doc, &schemas).0;
        let unknown = found.iter().find(|d| d.code == Code::UnknownField).unwrap();
        let hint = unknown.hint.as_deref().unwrap_or_default();
        let listed: Vec<&str> = hint
            .split(": ")
            .nth(1)
            .unwrap_or_default()
            .split(", ")
            .collect();
        assert!(listed.contains(&"summary"), "{hint}");
        for not_in_front_matter in ["body", "recommendations", "$schema"] {
            assert!(!listed.contains(&not_in_front_matter), "{hint}");
        }
    }

    /// A text written in another script than its language's is a warning that names the script
    /// and suggests codes (found by a tester: an Arabic entry kept `new`'s default `en`, and
    /// was tagged and published as English); names and acronyms in another script are not.
    #[test]
    fn a_text_in_another_script_than_its_language_is_a_warning() {
        let check = |language: &str, title: &str, body: &str| -> Vec<Diagnostic> {
            let mut value = entry_value("scripted");
            value["language"] = language.into();
            value["title"] = title.into();
            value["summary"] = title.into();
            value["body"] = body.into();
            value["recommendations"] = serde_json::json!([title]);
            findings_of("scripted.json", &value)
                .into_iter()
                .filter(|d| d.code == Code::LanguageScript)
                .collect()
        };
        let arabic = "تحتفظ السلطات ببيانات بصمة العين للمسافرين لمدة محددة في القانون فقط";
        let english = "The border agency deletes iris records of travellers after five years";
        let found = check("en", arabic, arabic);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, crate::Severity::Warning);
        assert_eq!(found[0].pointer, "/language");
        assert!(
            found[0].message.contains("Arabic script"),
            "{}",
            found[0].message
        );
        assert!(found[0].hint.as_deref().unwrap_or("").contains("`ar`"));
        let found = check("ar", english, english);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("Latin script"),
            "{}",
            found[0].message
        );
        // Right, or mixed as real entries are: no warning.
        assert!(check("ar", arabic, arabic).is_empty());
        assert!(check("en", english, english).is_empty());
        let quoting = format!("{english}, under the law of the United Arab Emirates ({arabic})");
        assert!(check("en", english, &quoting).is_empty());
        let with_acronyms = format!("{arabic} (EU, ICAO, IATA, PNR, API, ISO/IEC 19794)");
        assert!(check("ar", &with_acronyms, &with_acronyms).is_empty());
        // A script subtag decides; a language without a known script is not checked.
        assert!(check("sr-Latn", english, english).is_empty());
        assert_eq!(check("sr-Cyrl", english, english).len(), 1);
        assert!(check("sr", english, english).is_empty());
        assert!(check(
            "ja",
            "出入国管理庁は顔画像を五年後に削除する",
            "顔画像は暗号化して保存される"
        )
        .is_empty());
        assert_eq!(check("ko", english, english).len(), 1);
    }

    /// Values written in another script's digits or letters are told so, with the value to
    /// write (found by a tester: "not a text" for `year: ٢٠٢١`, and a help for a Cyrillic id that
    /// it already followed).
    #[test]
    fn other_scripts_digits_and_letters_are_named() {
        let schemas = crate::schema::Schemas::embedded().unwrap();
        let check = |field: &str, value: serde_json::Value| -> (String, String) {
            let mut entry =
                serde_json::to_value(crate::model::Practice::example("scripts")).unwrap();
            entry["contributor"]["name"] = "A contributor".into();
            entry["sources"][0]["publisher"] = "A publisher".into();
            entry["sources"][0]["title"] = "A report".into();
            match field {
                "year" => entry["sources"][0]["year"] = value,
                _ => entry[field] = value,
            }
            let text = serde_json::to_string_pretty(&entry).unwrap();
            let doc =
                crate::load::parse_bytes(std::path::Path::new("scripts.json"), text.as_bytes())
                    .document
                    .unwrap();
            let found = check_document(&doc, &schemas).0;
            let d = found
                .iter()
                .find(|d| d.code != Code::IdFileMismatch)
                .unwrap();
            (d.message.clone(), d.hint.clone().unwrap_or_default())
        };
        // A range or Chinese numerals: what to write (found by a tester).
        for year in ["2021-2022", "二〇二一"] {
            let (message, hint) = check("year", year.into());
            assert!(message.contains("must be a whole number"), "{message}");
            assert!(hint.contains("alone, with the digits 0–9"), "{hint}");
        }
        let (message, hint) = check("year", "٢٠٢١".into());
        assert!(message.contains("Arabic-Indic digits"), "{message}");
        assert_eq!(hint, "write 2021");
        let (message, hint) = check("submitted", "２０２６-10-01".into());
        assert!(message.contains("full-width digits"), "{message}");
        assert_eq!(hint, "write `2026-10-01`");
        let (_, hint) = check("id", "россия-биометрия".into());
        assert!(hint.contains("Latin letters a-z"), "{hint}");
        // Accented Latin letters still get their id without accents.
        let (_, hint) = check("id", "rétention-données".into());
        assert!(hint.contains("`retention-donnees`"), "{hint}");
    }

    /// A file name that is not UTF-8 cannot equal an id, whatever its lossy form shows.
    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_never_matches_the_id() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"p/ke\xff.json");
        let mut entry = facts("", "ke", &[]);
        entry.path = PathBuf::from(name);
        let diags = check_corpus(&[entry], Scope::Corpus);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, Code::IdFileMismatch);
        assert!(
            diags[0].message.contains("not UTF-8"),
            "{}",
            diags[0].message
        );
    }
}
