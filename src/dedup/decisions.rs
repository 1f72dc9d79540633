//! The editors' decisions on possible duplicates (near copies, and the same practice written
//! twice), kept in `practices/dedup-decisions.json` and honoured by later runs: a pair judged
//! distinct is no longer reported; a pair judged a duplicate is collapsed by `build` like an exact
//! copy, keeping the practice the editors chose; a pair judged related stays in the edition, each
//! practice linking to the other.

use crate::error::Error;
use crate::error::Shown;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use crate::model::DECISIONS_FILE;

/// What the editors decided about two practices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Not the same practice: never report the pair again.
    Distinct,
    /// The same practice: publish only `keep`.
    Duplicate,
    /// Different practices that belong together (often of the same instrument): publish both,
    /// each linking to the other.
    Related,
}

/// One decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The two practice ids.
    #[serde(deserialize_with = "two_members")]
    pub members: [String; 2],
    /// The verdict.
    pub decision: Verdict,
    /// For a duplicate: which one to publish (default: the keep rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<String>,
    /// Why, for the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A decision's `members`: exactly two ids, or a message saying how many there are (a list of
/// three was reported as a JSON syntax error, "trailing characters").
fn two_members<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[String; 2], D::Error> {
    let ids = Vec::<String>::deserialize(d)?;
    <[String; 2]>::try_from(ids).map_err(|ids| {
        serde::de::Error::custom(format!(
            "`members` must name exactly two practices; this decision names {} (decide on each pair apart)",
            ids.len()
        ))
    })
}

/// The decisions file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    /// Lets editors validate while typing.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Every decision.
    pub decisions: Vec<Decision>,
}

impl Decisions {
    /// Reads a decisions file; a missing file means no decisions.
    pub fn load(path: &Path) -> Result<Decisions, Error> {
        let text = match crate::load::read_regular_text(path, crate::load::MAX_SIDE_FILE_BYTES) {
            Ok(t) => t,
            // Missing: no decisions yet. A symbolic link that leads nowhere is not missing: the
            // decisions are somewhere the link no longer reaches.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !path.is_symlink() => {
                return Ok(Decisions::default())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let target = std::fs::read_link(path).unwrap_or_default();
                return Err(Error::Refused {
                    path: path.to_path_buf(),
                    reason: format!(
                        "is a symbolic link to {}, which does not exist: the editors' decisions cannot be read. Mend or remove the link (remove it only if there are no decisions yet)",
                        target.shown()
                    ),
                });
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        // A file saved with a byte order mark (as Notepad does) reads the same without it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if text.trim_start().starts_with('[') {
            return Err(Error::BadSchema {
                what: format!("the dedup decisions file {}", path.shown()),
                reason: "it holds a list; it must hold one object with a `decisions` list: `{\"decisions\": [ … ]}`".into(),
            });
        }
        let decisions: Decisions = serde_json::from_str(text).map_err(|e| Error::BadSchema {
            what: format!("the dedup decisions file {}", path.shown()),
            reason: crate::error::plain_json_error(text, &e),
        })?;
        let mut first_of: HashMap<(String, String), usize> = HashMap::new();
        for (i, d) in decisions.decisions.iter().enumerate() {
            // Two decisions on one pair would leave the edition to their order in the file.
            if let Some(first) = first_of.insert(ordered(&d.members[0], &d.members[1]), i) {
                return Err(Error::BadSchema {
                    what: format!("the dedup decisions file {}", path.shown()),
                    reason: format!(
                        "`{}` and `{}` are decided twice (decisions {} and {}, counting from 1); keep one of the two",
                        d.members[0],
                        d.members[1],
                        first + 1,
                        i + 1
                    ),
                });
            }
            if d.members[0] == d.members[1] {
                return Err(Error::BadSchema {
                    what: format!("the dedup decisions file {}", path.shown()),
                    reason: format!(
                        "a decision names `{}` twice; `members` must be two different practices",
                        d.members[0]
                    ),
                });
            }
            if let Some(keep) = &d.keep {
                if !d.members.contains(keep) {
                    return Err(Error::BadSchema {
                        what: format!("the dedup decisions file {}", path.shown()),
                        reason: format!(
                            "`keep` is `{keep}`, which is not one of the two practices decided on (`{}` and `{}`, decision {}, counting from 1)",
                            d.members[0],
                            d.members[1],
                            i + 1
                        ),
                    });
                }
            }
        }
        Ok(decisions)
    }

    /// The ids the decisions name that are not in `ids` (a mistyped id, or a practice since
    /// removed), each once, in file order: their decisions apply to nothing.
    pub fn unknown_members<'a>(&'a self, ids: &HashSet<&str>) -> Vec<&'a str> {
        let mut seen = HashSet::new();
        self.decisions
            .iter()
            .flat_map(|d| d.members.iter().map(String::as_str))
            .filter(|m| !ids.contains(m) && seen.insert(*m))
            .collect()
    }

    /// Decisions by unordered pair.
    pub fn by_pair(&self) -> HashMap<(String, String), &Decision> {
        self.decisions
            .iter()
            .map(|d| (ordered(&d.members[0], &d.members[1]), d))
            .collect()
    }
}

/// The pair in a fixed order.
pub fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Decisions, Error> {
        let dir = tempfile::tempdir().map_err(|e| Error::io(Path::new("tmp"), e))?;
        let path = dir.path().join(DECISIONS_FILE);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        Decisions::load(&path)
    }

    #[test]
    fn related_is_a_decision_and_a_pair_of_one_practice_is_refused() {
        let related = load_text(
            r#"{"decisions": [{"members": ["a", "b"], "decision": "related", "reason": "r"}]}"#,
        )
        .map(|d| d.decisions[0].decision);
        assert_eq!(related.ok(), Some(Verdict::Related));
        let twice =
            load_text(r#"{"decisions": [{"members": ["a", "a"], "decision": "distinct"}]}"#);
        assert!(
            twice.is_err_and(|e| e.to_string().contains("names `a` twice")),
            "a pair of one practice must be refused"
        );
    }

    /// Each problem in plain words, at the line and column an editor's text editor shows.
    #[test]
    fn a_file_that_cannot_be_read_is_explained_where_it_goes_wrong() {
        let cases = [
            (
                "{\"decisions\": [\n",
                "line 1, column 16: the file ends before the JSON is complete",
            ),
            (
                "{\"decisions\": [\n  {\"members\": [\"a\", \"b\"], \"decision\": \"duplicat\"}]}",
                "line 2, column 39: `duplicat` is not allowed here; write one of: distinct, duplicate, related",
            ),
            (
                "{\"decisions\": [{\"members\": [\"é\", \"b\"], \"decision\": \"distinct\", \"reasons\": \"x\"}]}",
                "line 1, column 64: `reasons` is not a field known here; the fields are: members, decision, keep, reason",
            ),
            (
                "{\"decisions\": [{\"members\": [\"a\", \"b\"], \"decision\": \"duplicate\", \"keep\": \"c\"}]}",
                "`keep` is `c`, which is not one of the two practices decided on (`a` and `b`, decision 1",
            ),
        ];
        for (text, expected) in cases {
            let said = load_text(text).map_or_else(|e| e.to_string(), |_| String::new());
            assert!(said.contains(expected), "{said}");
            // No program formatting (`["a", "b"]`) reaches the reader.
            assert!(!said.contains("[\""), "{said}");
        }
        // Found by a tester: three members were "not valid JSON (trailing characters)", and a
        // list for the whole file was "expected struct Decisions with 2 elements".
        let three =
            load_text(r#"{"decisions": [{"members": ["a", "b", "c"], "decision": "distinct"}]}"#);
        let said = three.map_or_else(|e| e.to_string(), |_| String::new());
        assert!(
            said.contains("must name exactly two practices; this decision names 3"),
            "{said}"
        );
        let list = load_text("[]").map_or_else(|e| e.to_string(), |_| String::new());
        assert!(
            list.contains("it holds a list; it must hold one object"),
            "{list}"
        );
        // Saved with a byte order mark, the file reads the same.
        assert!(load_text("\u{feff}{\"decisions\": []}").is_ok());
    }

    /// A missing file means no decisions yet; a link that leads nowhere does not (found by a
    /// tester: the editors' decisions, moved with the folder the link pointed into, were
    /// silently dropped and a practice judged distinct was left out as a duplicate).
    #[cfg(unix)]
    #[test]
    fn a_link_that_leads_nowhere_is_not_a_missing_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(DECISIONS_FILE);
        assert!(Decisions::load(&path).is_ok_and(|d| d.decisions.is_empty()));
        std::os::unix::fs::symlink(tmp.path().join("moved/decisions.json"), &path).unwrap();
        let said = Decisions::load(&path)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            said.contains("symbolic link") && said.contains("does not exist"),
            "{said}"
        );
    }

    #[test]
    fn a_pair_decided_twice_is_refused_in_either_order() {
        let twice = load_text(
            r#"{"decisions": [
                {"members": ["a", "b"], "decision": "duplicate", "keep": "a"},
                {"members": ["c", "d"], "decision": "distinct"},
                {"members": ["b", "a"], "decision": "related"}]}"#,
        );
        assert!(
            twice.is_err_and(|e| e
                .to_string()
                .contains("`b` and `a` are decided twice (decisions 1 and 3")),
            "which decision holds would depend on their order"
        );
    }
}
