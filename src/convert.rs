//! `convert`'s core: the Markdown form of a JSON entry, written only when nothing is lost and
//! an entry that validates stays one.

use crate::load::markdown::{describe_lost, lost_in_markdown, to_markdown};
use crate::load::{parse_bytes, Document};
use crate::schema::Schemas;
use crate::validate::check_document;
use crate::{Diagnostic, Severity};
use std::path::Path;

/// The Markdown form of the JSON entry `doc`, or why `convert` does not write it, in plain
/// words: a field that would not read back the same, or, when the JSON entry validates, a
/// problem the Markdown form would have (a body long enough only with the white space at its
/// ends, which a Markdown entry cannot keep).
pub fn markdown_form(doc: &Document, schemas: &Schemas) -> Result<String, String> {
    let text = to_markdown(&doc.value);
    let lost = lost_in_markdown(&doc.value, &text);
    if !lost.is_empty() {
        return Err(describe_lost(&doc.value, &lost));
    }
    let errors = |d: &Document| -> Vec<Diagnostic> {
        let (found, _) = check_document(d, schemas);
        found
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    };
    if !errors(doc).is_empty() {
        // A draft with problems converts as it is; `validate` names them in either form.
        return Ok(text);
    }
    let back = parse_bytes(Path::new("entry.md"), text.as_bytes());
    let problems = back.document.as_ref().map(errors).unwrap_or_default();
    if let Some(problem) = problems.first() {
        let why = if problem.pointer == "/body" {
            " (a Markdown entry cannot keep the white space at the ends of the body, which the JSON entry counts)"
        } else {
            ""
        };
        return Err(format!("it would not validate: {}{why}", problem.message));
    }
    Ok(text)
}
