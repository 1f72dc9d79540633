//! A change set for reviewers (Markdown), scripts (JSON) and spreadsheets (CSV, one row per
//! changed field: `change,id,field,old,new`).

use super::inline::inline_diff;
use super::{fields_of, ChangeSet};
use crate::markdown::escape_text;
use crate::model::{Edition, EditionPractice, Taxonomy};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write;

/// Fields shown as a word-level inline diff.
const PROSE: &[&str] = &["title", "summary", "body", "organization"];

fn by_id(e: &Edition) -> HashMap<&str, &EditionPractice> {
    e.practices.iter().map(|p| (p.id(), p)).collect()
}

fn field(p: &EditionPractice, name: &str) -> Value {
    if name == "related" {
        // Not an entry field: the practices the editors judged related to this one.
        let mut related = p.related.clone();
        related.sort();
        return Value::from(related);
    }
    fields_of(p)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .unwrap_or(Value::Null)
}

/// A value as one line of text.
fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join("; "),
        Value::Object(map) => map
            .values()
            .map(plain)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// A value as a CSV cell: as [`plain`], but a list's items one to a line, as the edition's CSV
/// has them (their own texts may hold `; `; found by a tester).
fn cell(v: &Value) -> String {
    match v {
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join("\n"),
        other => plain(other),
    }
}

/// The items of a list field, as text.
fn items(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().map(plain).collect(),
        Value::Null => Vec::new(),
        other => vec![plain(other)],
    }
}

fn field_lines(out: &mut String, name: &str, a: &EditionPractice, b: &EditionPractice) {
    let (va, vb) = (field(a, name), field(b, name));
    if PROSE.contains(&name) {
        let _ = writeln!(
            out,
            "  - `{name}`: {}",
            inline_diff(&plain(&va), &plain(&vb))
        );
    } else if va.is_array() || vb.is_array() {
        let (ia, ib) = (items(&va), items(&vb));
        let gone: Vec<String> = ia
            .iter()
            .filter(|x| !ib.contains(x))
            .map(|x| format!("− {}", escape_text(x)))
            .collect();
        let new: Vec<String> = ib
            .iter()
            .filter(|x| !ia.contains(x))
            .map(|x| format!("+ {}", escape_text(x)))
            .collect();
        // The items in both lists, in each list's order: those that left the longest run the
        // two orders share moved. A move beside an addition was not told (found by a tester:
        // the first two sources traded places, and only the source added at the end was shown).
        // (A list that names an item twice is compared as before: moves of copies mean nothing.)
        let repeats = |v: &[String]| v.iter().enumerate().any(|(i, x)| v[..i].contains(x));
        let repeated = repeats(&ia) || repeats(&ib);
        let kept_a: Vec<&String> = if repeated {
            Vec::new()
        } else {
            ia.iter().filter(|x| ib.contains(x)).collect()
        };
        let kept_b: Vec<&String> = ib.iter().filter(|x| kept_a.contains(x)).collect();
        // Each item both lists hold whose place among them changed, from where to where (found
        // by a tester: of five principles reversed, the one still third was said to have moved,
        // and the one gone from first to last was not named). Many at once: the two orders.
        let places: Vec<String> = kept_b
            .iter()
            .enumerate()
            .filter(|&(j, x)| kept_a[j] != *x)
            .map(|(j, x)| {
                let from = kept_a.iter().position(|y| y == x).unwrap_or(0) + 1;
                format!(
                    "{}: place {from} → {} of {}",
                    escape_text(x),
                    j + 1,
                    kept_b.len()
                )
            })
            .collect();
        let mut moved = Vec::new();
        if gone.is_empty() && new.is_empty() && repeated && ia != ib {
            moved.push("the same items, repeated or ordered otherwise".to_string());
        } else if !places.is_empty() {
            let changed = if gone.is_empty() && new.is_empty() {
                "order changed".to_string()
            } else {
                format!("order changed among the {} items both hold", kept_b.len())
            };
            if places.len() > 3 {
                let list = |v: &[&String]| {
                    v.iter()
                        .map(|x| escape_text(x))
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                moved.push(format!(
                    "{changed}: now {} (was {})",
                    list(&kept_b),
                    list(&kept_a)
                ));
            } else {
                moved.push(changed);
                moved.extend(places);
            }
        }
        let _ = writeln!(
            out,
            "  - `{name}`: {}",
            gone.into_iter()
                .chain(new)
                .chain(moved)
                .collect::<Vec<_>>()
                .join("; ")
        );
    } else {
        let _ = writeln!(
            out,
            "  - `{name}`: {} → {}",
            escape_text(&plain(&va)),
            escape_text(&plain(&vb))
        );
    }
}

/// What a field of a chapter says in `taxonomy` (`place`: its number among the chapters).
fn chapter_field(taxonomy: &Taxonomy, id: &str, name: &str) -> String {
    let Some(p) = taxonomy.get(id) else {
        return String::new();
    };
    match name {
        "label" => p.label.clone(),
        "tier" => format!("{:?}", p.tier).to_lowercase(),
        "parent" => p.parent.clone().unwrap_or_default(),
        "definition" => p.definition.clone(),
        "place" => format!(
            "place {} of {} in the taxonomy",
            taxonomy.position(id).unwrap_or(0) + 1,
            taxonomy.principles.len()
        ),
        _ => String::new(),
    }
}

/// The chapters the two editions show otherwise, for the Markdown report.
fn chapter_lines(out: &mut String, cs: &ChangeSet, old: &Edition, new: &Edition) {
    if cs.chapters.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n## Chapters\n\nThe two editions' taxonomies differ in these principles. (An edition of format 9 or later \
         records the taxonomy it was built with; a practices folder, or an earlier edition, is taken \
         to have the taxonomy `diff` was given.)\n"
    );
    for c in &cs.chapters {
        let side = if c.change == "removed" { old } else { new };
        let label = escape_text(&chapter_field(&side.taxonomy, &c.id, "label"));
        match c.change {
            "changed" => {
                let _ = writeln!(out, "- `{}`: {label}", c.id);
                for f in &c.fields {
                    let (a, b) = (
                        chapter_field(&old.taxonomy, &c.id, f),
                        chapter_field(&new.taxonomy, &c.id, f),
                    );
                    let shown = match *f {
                        "definition" | "label" => inline_diff(&a, &b),
                        _ => format!("{} → {}", escape_text(&a), escape_text(&b)),
                    };
                    let _ = writeln!(out, "  - `{f}`: {shown}");
                }
            }
            change => {
                let _ = writeln!(out, "- `{}`: {label} ({change})", c.id);
            }
        }
    }
}

/// The change set as a Markdown report.
pub fn markdown(cs: &ChangeSet, old: &Edition, new: &Edition) -> String {
    let (ob, nb) = (by_id(old), by_id(new));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Changes from edition {} to edition {}\n",
        escape_text(&cs.old.edition),
        escape_text(&cs.new.edition)
    );
    let _ = writeln!(
        out,
        "- Old digest: `{}`\n- New digest: `{}`\n",
        cs.old.digest, cs.new.digest
    );
    let _ = writeln!(out, "| Change | Practices |\n| --- | --- |");
    for (label, n) in [
        ("Added", cs.added.len()),
        ("Removed", cs.removed.len()),
        ("Renamed", cs.renamed.len()),
        ("Modified", cs.modified.len()),
        ("Retired", cs.retired.len()),
        ("Superseded", cs.superseded.len()),
        ("Retagged", cs.retagged.len()),
        ("Unchanged", cs.unchanged),
    ] {
        let _ = writeln!(out, "| {label} | {n} |");
    }
    // Rarer changes, shown only when they happen.
    for (label, n) in [
        ("Left out as duplicates", cs.left_out_as_duplicates.len()),
        ("No longer left out", cs.no_longer_left_out.len()),
        ("No longer superseded", cs.no_longer_superseded.len()),
    ] {
        if n > 0 {
            let _ = writeln!(out, "| {label} | {n} |");
        }
    }
    chapter_lines(&mut out, cs, old, new);
    let title = |p: Option<&&EditionPractice>| {
        p.map(|p| escape_text(&p.normalized.practice.title))
            .unwrap_or_default()
    };
    if !cs.added.is_empty() {
        let _ = writeln!(out, "\n## Added\n");
        for id in &cs.added {
            let _ = writeln!(out, "- `{id}`: {}", title(nb.get(id.as_str())));
        }
    }
    if !cs.removed.is_empty() {
        let _ = writeln!(out, "\n## Removed\n");
        for id in &cs.removed {
            let merged = cs.left_out_as_duplicates.iter().find(|l| l.id == *id);
            let note = merged.map_or(String::new(), |l| {
                format!(" (left out as a duplicate of `{}`)", l.kept)
            });
            let _ = writeln!(out, "- `{id}`: {}{note}", title(ob.get(id.as_str())));
        }
    }
    // Left out now without having been published before (the others are under Removed).
    let newly: Vec<_> = cs
        .left_out_as_duplicates
        .iter()
        .filter(|l| !cs.removed.contains(&l.id))
        .collect();
    if !newly.is_empty() {
        let _ = writeln!(out, "\n## Left out as duplicates\n");
        for l in newly {
            let before = match &l.previously_kept {
                Some(p) => format!(" (before: a duplicate of `{p}`)"),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "- `{}`: left out as a duplicate of `{}`{before}",
                l.id, l.kept
            );
        }
    }
    if !cs.no_longer_left_out.is_empty() {
        let _ = writeln!(out, "\n## No longer left out\n");
        for l in &cs.no_longer_left_out {
            // Published again, or gone.
            let now = if nb.contains_key(l.id.as_str()) {
                "published now"
            } else {
                "no longer in the corpus"
            };
            let _ = writeln!(
                out,
                "- `{}`: was left out as a duplicate of `{}`; {now}",
                l.id, l.kept
            );
        }
    }
    if !cs.renamed.is_empty() {
        let _ = writeln!(out, "\n## Renamed\n");
        // A citation of the earlier edition links to the old id (found by a tester: it led
        // nowhere in the new edition, and nothing said so).
        let _ = writeln!(
            out,
            "The new edition has no anchor for the old id: a link to it from a document citing the earlier edition no longer leads to the practice. To keep it, keep the old entry as well, with its status set to `retired`, and name it in the new entry's `supersedes`: the old id then keeps an anchor in the edition, which leads to the new practice.\n"
        );
        for r in &cs.renamed {
            let _ = writeln!(
                out,
                "- `{}` → `{}` (content similarity {:.2})",
                r.from, r.to, r.similarity
            );
            if let (Some(a), Some(b)) = (ob.get(r.from.as_str()), nb.get(r.to.as_str())) {
                for f in &r.fields {
                    field_lines(&mut out, f, a, b);
                }
            }
        }
    }
    if !cs.modified.is_empty() {
        let _ = writeln!(out, "\n## Modified\n");
        for m in &cs.modified {
            let _ = writeln!(out, "- `{}`: {}", m.id, title(nb.get(m.id.as_str())));
            if let (Some(a), Some(b)) = (ob.get(m.id.as_str()), nb.get(m.id.as_str())) {
                for f in &m.fields {
                    field_lines(&mut out, f, a, b);
                }
            }
        }
    }
    if !cs.retired.is_empty() {
        let _ = writeln!(out, "\n## Retired\n");
        for id in &cs.retired {
            let _ = writeln!(out, "- `{id}`: {}", title(nb.get(id.as_str())));
        }
    }
    if !cs.superseded.is_empty() {
        let _ = writeln!(out, "\n## Superseded\n");
        for s in &cs.superseded {
            let _ = writeln!(out, "- `{}` is superseded by `{}`", s.id, s.by);
        }
    }
    if !cs.no_longer_superseded.is_empty() {
        let _ = writeln!(out, "\n## No longer superseded\n");
        for s in &cs.no_longer_superseded {
            let _ = writeln!(
                out,
                "- `{}` was superseded by `{}` and is current practice again",
                s.id, s.by
            );
        }
    }
    if !cs.retagged.is_empty() {
        let _ = writeln!(out, "\n## Retagged\n");
        for r in &cs.retagged {
            let changes: Vec<String> =
                r.added
                    .iter()
                    .map(|p| format!("+ {p}"))
                    .chain(r.removed.iter().map(|p| format!("− {p}")))
                    .chain(r.origins.iter().map(|o| {
                        format!("{} {} → {}", o.principle, o.old.as_str(), o.new.as_str())
                    }))
                    .collect();
            let _ = writeln!(out, "- `{}`: {}", r.id, changes.join(", "));
        }
    }
    out
}

/// The change set as CSV: one row per changed field, `change,id,field,old,new`.
pub fn csv(cs: &ChangeSet, old: &Edition, new: &Edition) -> String {
    let (ob, nb) = (by_id(old), by_id(new));
    let mut rows: Vec<[String; 5]> = Vec::new();
    let row = |cells: [&str; 5]| cells.map(str::to_string);
    rows.push(row(["change", "id", "field", "old", "new"]));
    for c in &cs.chapters {
        let (old_label, new_label) = (
            chapter_field(&old.taxonomy, &c.id, "label"),
            chapter_field(&new.taxonomy, &c.id, "label"),
        );
        let change = format!("chapter-{}", c.change);
        match c.change {
            "added" => rows.push(row([&change, &c.id, "label", "", &new_label])),
            "removed" => rows.push(row([&change, &c.id, "label", &old_label, ""])),
            _ => rows.extend(c.fields.iter().map(|f| {
                row([
                    &change,
                    &c.id,
                    f,
                    &chapter_field(&old.taxonomy, &c.id, f),
                    &chapter_field(&new.taxonomy, &c.id, f),
                ])
            })),
        }
    }
    rows.extend(cs.added.iter().map(|id| row(["added", id, "", "", ""])));
    rows.extend(cs.removed.iter().map(|id| {
        match cs.left_out_as_duplicates.iter().find(|l| l.id == *id) {
            Some(l) => row(["removed", id, "duplicate_of", "", &l.kept]),
            None => row(["removed", id, "", "", ""]),
        }
    }));
    rows.extend(
        cs.left_out_as_duplicates
            .iter()
            .filter(|l| !cs.removed.contains(&l.id))
            .map(|l| {
                let before = l.previously_kept.as_deref().unwrap_or_default();
                row(["left-out", &l.id, "duplicate_of", before, &l.kept])
            }),
    );
    rows.extend(
        cs.no_longer_left_out
            .iter()
            .map(|l| row(["no-longer-left-out", &l.id, "duplicate_of", &l.kept, ""])),
    );
    let field_rows =
        |change: &str, id: &str, a: &EditionPractice, b: &EditionPractice, fields: &[String]| {
            fields
                .iter()
                .map(|f| row([change, id, f, &cell(&field(a, f)), &cell(&field(b, f))]))
                .collect::<Vec<_>>()
        };
    for r in &cs.renamed {
        rows.push(row(["renamed", &r.to, "id", &r.from, &r.to]));
        if let (Some(a), Some(b)) = (ob.get(r.from.as_str()), nb.get(r.to.as_str())) {
            rows.extend(field_rows("renamed", &r.to, a, b, &r.fields));
        }
    }
    for m in &cs.modified {
        if let (Some(a), Some(b)) = (ob.get(m.id.as_str()), nb.get(m.id.as_str())) {
            rows.extend(field_rows("modified", &m.id, a, b, &m.fields));
        }
    }
    for id in &cs.retired {
        // A practice renamed and retired is under its old id in the old edition.
        let old_id = cs
            .renamed
            .iter()
            .find(|r| &r.to == id)
            .map_or(id.as_str(), |r| r.from.as_str());
        let old_status = ob
            .get(old_id)
            .map(|p| p.normalized.practice.status.to_string())
            .unwrap_or_default();
        rows.push(row(["retired", id, "status", &old_status, "retired"]));
    }
    rows.extend(
        cs.superseded
            .iter()
            .map(|s| row(["superseded", &s.id, "superseded_by", "", &s.by])),
    );
    rows.extend(
        cs.no_longer_superseded
            .iter()
            .map(|s| row(["no-longer-superseded", &s.id, "superseded_by", &s.by, ""])),
    );
    for r in &cs.retagged {
        if !r.added.is_empty() || !r.removed.is_empty() {
            rows.push(row([
                "retagged",
                &r.id,
                "principles",
                &r.removed.join("; "),
                &r.added.join("; "),
            ]));
        }
        for o in &r.origins {
            rows.push(row([
                "retagged",
                &r.id,
                &format!("origin of {}", o.principle),
                o.old.as_str(),
                o.new.as_str(),
            ]));
        }
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in rows {
        let _ = w.write_record(r.iter().map(|c| crate::render::csv::defuse_formula(c)));
    }
    // A UTF-8 byte order mark first, as the edition's CSV has, so that a spreadsheet shows
    // accents and other scripts as written (found by a tester: without it, Excel garbled them).
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8_lossy(
        &w.into_inner().unwrap_or_default(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items that moved are told beside those added or removed, and which moved (found by a
    /// tester: a swap of two sources beside a source added was not told).
    #[test]
    fn moved_items_are_told_beside_added_ones() {
        let practice = |sources: &[&str]| {
            let mut p = crate::model::Practice::example("moved");
            p.recommendations = sources.iter().map(|s| s.to_string()).collect();
            EditionPractice {
                normalized: crate::normalize::normalize(p),
                tags: Vec::new(),
                related: Vec::new(),
                superseded_by: Vec::new(),
            }
        };
        let lines = |a: &[&str], b: &[&str]| {
            let mut out = String::new();
            field_lines(&mut out, "recommendations", &practice(a), &practice(b));
            out
        };
        assert_eq!(
            lines(
                &["One.", "Two.", "Three."],
                &["Two.", "One.", "Three.", "Four."]
            ),
            "  - `recommendations`: + Four.; order changed among the 3 items both hold; Two.: place 2 → 1 of 3; One.: place 1 → 2 of 3\n"
        );
        // Reversed: the middle one stays where it was, and is not named (found by a tester).
        assert_eq!(
            lines(&["A.", "B.", "C."], &["C.", "B.", "A."]),
            "  - `recommendations`: order changed; C.: place 3 → 1 of 3; A.: place 1 → 3 of 3\n"
        );
        assert_eq!(
            lines(&["One.", "Two."], &["Two.", "One."]),
            "  - `recommendations`: order changed; Two.: place 2 → 1 of 2; One.: place 1 → 2 of 2\n"
        );
        assert_eq!(
            lines(&["One.", "Two."], &["One.", "Two.", "Three."]),
            "  - `recommendations`: + Three.\n"
        );
        // A list that names an item twice (validate allows it): no move is made up.
        assert_eq!(
            lines(&["One.", "Two.", "One."], &["One.", "Two."]),
            "  - `recommendations`: the same items, repeated or ordered otherwise\n"
        );
    }
}
