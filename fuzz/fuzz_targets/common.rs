//! What the fuzz targets share: the built-in schemas (compiled once), reading an entry from
//! bytes, and the invariant that every located finding points into the text.
#![allow(dead_code)]

use compendium::load::{parse_bytes, Document};
use compendium::schema::Schemas;
use std::path::Path;
use std::sync::OnceLock;

pub fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| Schemas::embedded().expect("the built-in schemas load"))
}

/// Reads `data` as the entry file `name` and checks that every finding is located inside the
/// text: a line that exists, a column within that line (or just past its end).
pub fn read(name: &str, data: &[u8]) -> Option<Document> {
    let loaded = parse_bytes(Path::new(name), data);
    located_inside(data, &loaded.diagnostics);
    loaded.document
}

pub fn located_inside(data: &[u8], diagnostics: &[compendium::Diagnostic]) {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        if d.line == 0 {
            continue;
        }
        assert!(d.line <= lines.len(), "line {} of {}: {d:?}", d.line, lines.len());
        let chars = lines[d.line - 1].chars().count();
        assert!(d.column <= chars + 1, "column {} of {chars}: {d:?}", d.column);
    }
}

/// The document checked against the schema, if it has no error.
pub fn valid(name: &str, data: &[u8]) -> Option<Document> {
    let doc = read(name, data)?;
    let (findings, _) = compendium::validate::check_document(&doc, schemas());
    located_inside(data, &findings);
    let ok = !findings
        .iter()
        .any(|d| d.severity == compendium::Severity::Error);
    ok.then_some(doc)
}
