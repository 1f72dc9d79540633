//! The two schemas the tool works with: the practice entry schema and the principle taxonomy.
//!
//! Both are embedded in the binary (so the tool works from any folder) and can be replaced by a
//! file. Nothing is ever fetched from the network: `jsonschema` is built without its HTTP
//! resolver, so a remote `$ref` fails instead of being downloaded.

use crate::error::Error;
use crate::error::Shown;
use crate::model::Taxonomy;
use jsonschema::{Draft, Validator};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The practice entry schema shipped with the tool.
pub const PRACTICE_SCHEMA: &str = include_str!("../schema/practice.schema.json");
/// The principle taxonomy shipped with the tool.
pub const PRINCIPLES: &str = include_str!("../schema/principles.json");
/// The schema of the taxonomy file.
pub const PRINCIPLES_SCHEMA: &str = include_str!("../schema/principles.schema.json");

/// A compiled practice schema and a checked taxonomy, ready to validate entries against.
pub struct Schemas {
    /// The practice schema as JSON (for field descriptions and allowed names in messages).
    pub practice: Value,
    /// The compiled validator.
    pub validator: Validator,
    /// The principle taxonomy.
    pub taxonomy: Taxonomy,
    /// The built-in schema, compiled, when an editor's schema replaces it: an editor's schema
    /// adds rules to the built-in one, so an entry must pass both (a schema that relaxed a rule
    /// would otherwise let through what cannot be published).
    pub built_in: Option<(Validator, Value)>,
    /// Where the taxonomy was read, as messages name it: `schema/principles.json` (built in)
    /// or the editor's file.
    pub taxonomy_file: String,
}

impl Schemas {
    /// The embedded schema and taxonomy.
    pub fn embedded() -> Result<Schemas, Error> {
        Schemas::load(None, None)
    }

    /// The version of the practice schema, from its title (`… (v2)`): `v2`, or `None` for a
    /// schema that does not say.
    pub fn practice_version(&self) -> Option<String> {
        let title = self.practice.get("title")?.as_str()?;
        let version = title.rsplit_once("(v")?.1.strip_suffix(')')?;
        (!version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("v{version}"))
    }

    /// Loads the schema and the taxonomy, each from a file when one is given.
    pub fn load(schema: Option<&Path>, principles: Option<&Path>) -> Result<Schemas, Error> {
        let schema_text = read_or(schema, PRACTICE_SCHEMA)?;
        let practice = parse_json("the practice schema", schema, &schema_text)?;
        if schema.is_some() {
            requires_what_is_published(schema, &practice)?;
        }
        let validator = compile("the practice schema", schema, &practice)?;
        let taxonomy_text = read_or(principles, PRINCIPLES)?;
        let taxonomy = load_taxonomy(principles, &taxonomy_text)?;
        let built_in = match schema {
            None => None,
            Some(_) => {
                let value = parse_json("the practice schema", None, PRACTICE_SCHEMA)?;
                Some((compile("the practice schema", None, &value)?, value))
            }
        };
        Ok(Schemas {
            practice,
            validator,
            taxonomy,
            built_in,
            taxonomy_file: principles.map_or("schema/principles.json".to_string(), |p| {
                crate::error::Shown::shown(p)
            }),
        })
    }
}

/// An editor's schema may add rules to the built-in one, not drop what an entry must hold to be
/// published: without it a schema of any shape (or no schema at all) would let every entry pass
/// `validate` and then stop `build`, or publish what the built-in rules refuse.
fn requires_what_is_published(path: Option<&Path>, practice: &Value) -> Result<(), Error> {
    let built_in: Value =
        serde_json::from_str(PRACTICE_SCHEMA).expect("the embedded practice schema is JSON");
    let required = |v: &Value| -> Vec<String> {
        v.get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|f| f.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let has = required(practice);
    let missing: Vec<String> = required(&built_in)
        .into_iter()
        .filter(|f| !has.contains(f))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::BadSchema {
        what: name("the practice schema", path),
        reason: format!(
            "it does not require {}, which every entry needs to be published; an entry schema adds rules to the built-in one (start from a copy of schema/practice.schema.json) and keeps its required fields",
            missing.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
        ),
    })
}

fn read_or(path: Option<&Path>, embedded: &str) -> Result<String, Error> {
    match path {
        None => Ok(embedded.to_string()),
        Some(p) => crate::load::read_regular_text(p, crate::load::MAX_SIDE_FILE_BYTES)
            .map_err(|e| Error::io(p, e)),
    }
}

fn name(what: &str, path: Option<&Path>) -> String {
    match path {
        Some(p) => format!("{what} {}", p.shown()),
        None => format!("the embedded {}", what.trim_start_matches("the ")),
    }
}

fn parse_json(what: &str, path: Option<&Path>, text: &str) -> Result<Value, Error> {
    // In plain words, at the line and column an editor sees (whatever the line endings), as
    // for the other files the tool reads beside the entries.
    serde_json::from_str(text).map_err(|e| Error::BadSchema {
        what: name(what, path),
        reason: crate::error::plain_json_error(text, &e),
    })
}

fn compile(what: &str, path: Option<&Path>, schema: &Value) -> Result<Validator, Error> {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| Error::BadSchema {
            what: name(what, path),
            reason: e.to_string(),
        })
}

/// Parses a taxonomy, checks it against the taxonomy schema, and checks what a schema cannot:
/// unique ids and parents that exist.
pub fn load_taxonomy(path: Option<&Path>, text: &str) -> Result<Taxonomy, Error> {
    let what = "the principle taxonomy";
    let value = parse_json(what, path, text)?;
    let meta: Value =
        serde_json::from_str(PRINCIPLES_SCHEMA).expect("embedded taxonomy schema is JSON");
    let validator = compile("the taxonomy schema", None, &meta)?;
    if let Some(first) = validator.iter_errors(&value).next() {
        let pointer = first.instance_path().as_str();
        let (line, column) = crate::span::SpanMap::build(text)
            .nearest(pointer)
            .map_or((1, 1), |(_, at)| {
                crate::span::LineIndex::new(text).position(text, at.value.start)
            });
        let place = if pointer.is_empty() {
            "the file as a whole".to_string()
        } else {
            format!("at `{pointer}`")
        };
        return Err(Error::BadSchema {
            what: name(what, path),
            reason: format!("line {line}, column {column} ({place}): {first}"),
        });
    }
    let taxonomy: Taxonomy = serde_json::from_value(value).map_err(|e| Error::BadSchema {
        what: name(what, path),
        reason: e.to_string(),
    })?;
    let mut ids = HashSet::new();
    for p in &taxonomy.principles {
        if !ids.insert(p.id.as_str()) {
            return Err(Error::BadSchema {
                what: name(what, path),
                reason: format!("principle `{}` is listed twice", p.id),
            });
        }
    }
    let parent_of: HashMap<&str, &str> = taxonomy
        .principles
        .iter()
        .filter_map(|p| Some((p.id.as_str(), p.parent.as_deref()?)))
        .collect();
    for p in &taxonomy.principles {
        let Some(parent) = &p.parent else { continue };
        let reason = if parent == &p.id {
            format!("principle `{parent}` names itself as its parent")
        } else if !ids.contains(parent.as_str()) {
            format!(
                "principle `{}` names `{parent}` as its parent, which is not a principle",
                p.id
            )
        } else {
            // Follow the parents up: a chain that comes back to this principle is a loop (a
            // facet would imply its own parent, which implies the facet …).
            let mut chain = vec![p.id.as_str()];
            let mut at = parent.as_str();
            while at != p.id && chain.len() <= ids.len() {
                chain.push(at);
                match parent_of.get(at) {
                    Some(up) => at = up,
                    None => break,
                }
            }
            if at != p.id {
                continue;
            }
            chain.push(at);
            format!(
                "the parents of the principles go round in a circle ({}); a principle may not be the parent of its own parent",
                chain.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" → ")
            )
        };
        return Err(Error::BadSchema {
            what: name(what, path),
            reason,
        });
    }
    Ok(taxonomy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schemas_load() {
        let s = Schemas::embedded().unwrap();
        for core in ["proportionality", "data-protection", "human-rights"] {
            assert!(s.taxonomy.get(core).is_some(), "{core} missing");
        }
        assert!(s.taxonomy.principles.len() >= 10);
    }

    /// A file that is not JSON is placed as an editor sees it, old Mac line endings included,
    /// and described in plain words (serde said "expected value at line 1 column 16").
    #[test]
    fn a_file_that_is_not_json_is_placed_at_its_line() {
        for text in [
            "{\r\"version\": 1,\r\"principles\": }\r",
            "{\n\"version\": 1,\n\"principles\": }\n",
        ] {
            let said = load_taxonomy(None, text).unwrap_err().to_string();
            assert!(said.contains("line 3, column 15"), "{said}");
            assert!(said.contains("a value is missing"), "{said}");
        }
    }

    #[test]
    fn a_taxonomy_with_an_unknown_parent_is_refused() {
        let text = r#"{"version": 1, "principles": [{"id": "a-b", "label": "AB", "tier": "facet", "parent": "zz",
            "definition": "A definition that is long enough to pass the schema rule.",
            "lexicon": {"terms": [{"text": "x", "weight": 1}]}}]}"#;
        let err = load_taxonomy(None, text).unwrap_err().to_string();
        assert!(err.contains("`zz`"), "{err}");
        // What the taxonomy's schema refuses is placed at its line and column.
        let wrong = text.replace("\"weight\": 1", "\"weight\": \"high\"");
        let err = load_taxonomy(None, &wrong).unwrap_err().to_string();
        assert!(
            err.contains("line 3, column 59 (at `/principles/0/lexicon/terms/0/weight`)"),
            "{err}"
        );
        let extra = text.replacen('{', "{\"extra\": 1, ", 1);
        let err = load_taxonomy(None, &extra).unwrap_err().to_string();
        assert!(
            err.contains("line 1, column 1 (the file as a whole)"),
            "{err}"
        );
    }

    /// An editor's schema that does not require what an entry needs to be published is refused;
    /// the built-in one, written to a file, is taken.
    #[test]
    fn a_schema_that_requires_less_than_publishing_needs_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let not_a_schema = tmp.path().join("note.json");
        std::fs::write(&not_a_schema, r#"{"note": "not a schema"}"#).unwrap();
        let err = Schemas::load(Some(&not_a_schema), None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("does not require `id`, `title`"), "{err}");
        let copy = tmp.path().join("practice.schema.json");
        std::fs::write(&copy, PRACTICE_SCHEMA).unwrap();
        assert!(Schemas::load(Some(&copy), None).is_ok());
    }

    /// A principle that is its own parent, or two that are each other's, are refused in words
    /// that say so.
    #[test]
    fn parents_that_go_round_in_a_circle_are_refused() {
        let principle = |id: &str, parent: &str| {
            format!(
                r#"{{"id": "{id}", "label": "{id}", "tier": "facet", "parent": "{parent}",
                "definition": "A definition that is long enough to pass the schema rule.",
                "lexicon": {{"terms": [{{"text": "x", "weight": 1}}]}}}}"#
            )
        };
        let taxonomy = |principles: &[String]| {
            format!(
                r#"{{"version": 1, "principles": [{}]}}"#,
                principles.join(",")
            )
        };
        let own = load_taxonomy(None, &taxonomy(&[principle("a-b", "a-b")]))
            .unwrap_err()
            .to_string();
        assert!(own.contains("`a-b` names itself as its parent"), "{own}");
        let circle = load_taxonomy(
            None,
            &taxonomy(&[principle("a-b", "c-d"), principle("c-d", "a-b")]),
        )
        .unwrap_err()
        .to_string();
        assert!(circle.contains("`a-b` → `c-d` → `a-b`"), "{circle}");
    }

    #[test]
    fn a_remote_ref_is_never_fetched() {
        let schema: Value = serde_json::json!({"$ref": "https://example.com/schema.json"});
        assert!(compile("a schema", None, &schema).is_err());
    }
}
