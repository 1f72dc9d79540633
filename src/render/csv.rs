//! `compendium.csv`: one row per practice, for spreadsheets.
//!
//! RFC 4180 (comma, `"` quoting, CRLF line ends), UTF-8 with a byte order mark so that Excel
//! opens accents and non-Latin scripts correctly (LibreOffice and scripts accept it too).
//! Lists of names (modalities, principles, ids) are joined with `; `; recommendations and sources,
//! whose texts may hold `; ` themselves, are one to a line within their cell. A text cell that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: OWASP's CSV injection list) is
//! prefixed with `'`, which spreadsheets show as text.

use crate::model::{Edition, EditionPractice};
use rayon::prelude::*;
use std::borrow::Cow;

/// The columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "title",
    "summary",
    "area",
    "modalities",
    "lifecycle",
    "jurisdiction",
    "organization",
    "instrument",
    "principles",
    "recommendations",
    "recommendations_by",
    "sources",
    "contributor",
    "submitted",
    "language",
    "license",
    "status",
    "supersedes",
    "superseded_by",
    "related",
    "sha256",
    "body",
];

/// Makes a cell safe to open in a spreadsheet.
pub fn defuse_formula(cell: &str) -> String {
    defused(cell).into_owned()
}

/// [`defuse_formula`] without copying a cell that needs nothing.
fn defused(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Renders the CSV file: the header, then each practice's row (written in parallel, joined in
/// edition order).
pub fn render(edition: &Edition) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&record(
        CSV_COLUMNS.iter().map(|c| std::borrow::Cow::Borrowed(*c)),
    ));
    let rows: Vec<String> = edition
        .practices
        .par_iter()
        .map(|ep| record(row(ep).into_iter().map(|c| defused(&c).into_owned().into())))
        .collect();
    for r in rows {
        out.push_str(&r);
    }
    out
}

/// One CSV record (RFC 4180 quoting, CRLF end).
fn record<'a>(cells: impl Iterator<Item = Cow<'a, str>>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail; errors would only come from I/O.
    let cells: Vec<Cow<'a, str>> = cells.collect();
    let _ = writer.write_record(cells.iter().map(|c| c.as_bytes()));
    // Every cell is a `&str` and the writer only adds ASCII, so the bytes are UTF-8.
    String::from_utf8_lossy(&writer.into_inner().unwrap_or_default()).into_owned()
}

/// One practice's cells, in [`CSV_COLUMNS`] order.
fn row(ep: &EditionPractice) -> [Cow<'_, str>; 23] {
    let p = &ep.normalized.practice;
    let join = |items: Vec<String>| Cow::Owned(items.join("; "));
    let sources: Vec<String> = p
        .sources
        .iter()
        .map(|s| match &s.url {
            Some(url) => format!("{}, {} ({}) {url}", s.title, s.publisher, s.year),
            None => format!("{}, {} ({})", s.title, s.publisher, s.year),
        })
        .collect();
    let contributor = match &p.contributor.organization {
        Some(org) => Cow::Owned(format!("{} ({org})", p.contributor.name)),
        None => Cow::Borrowed(p.contributor.name.as_str()),
    };
    [
        Cow::Borrowed(p.id.as_str()),
        Cow::Borrowed(p.title.as_str()),
        Cow::Borrowed(p.summary.as_str()),
        Cow::Owned(p.area.to_string()),
        join(p.modalities.iter().map(ToString::to_string).collect()),
        join(p.lifecycle.iter().map(ToString::to_string).collect()),
        Cow::Borrowed(p.jurisdiction.as_str()),
        Cow::Borrowed(p.organization.as_str()),
        Cow::Borrowed(p.instrument.as_str()),
        join(
            ep.tags
                .iter()
                .map(|t| format!("{} ({})", t.principle, t.origin.as_str()))
                .collect(),
        ),
        Cow::Owned(p.recommendations.join("\n")),
        Cow::Borrowed(p.recommendations_by.as_str()),
        Cow::Owned(sources.join("\n")),
        contributor,
        Cow::Borrowed(p.submitted.as_str()),
        Cow::Borrowed(p.language.as_str()),
        Cow::Borrowed(p.license.as_str()),
        Cow::Owned(p.status.to_string()),
        Cow::Owned(p.supersedes.join("; ")),
        Cow::Owned(ep.superseded_by.join("; ")),
        Cow::Owned(ep.related.join("; ")),
        Cow::Borrowed(ep.normalized.content_sha256.as_str()),
        Cow::Borrowed(p.body.as_str()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::assemble;
    use crate::model::Practice;
    use crate::normalize::normalize;
    use crate::schema::Schemas;

    /// The rows read back as a table: every practice once, in order, each cell as written
    /// (formulas defused, quotes and line breaks kept).
    #[test]
    fn rows_read_back_as_a_table() {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let count = 40;
        let items = (0..count)
            .map(|i| {
                let mut p = Practice::example(&format!("p-{i:04}"));
                p.title = format!("=HYPERLINK(\"x\") number {i}");
                p.body = format!("Line one, \"quoted\"\r\nline two of {i}");
                (normalize(p), None)
            })
            .collect();
        let edition = assemble("draft", items, vec![], &taxonomy);
        let csv = render(&edition);
        let body = csv.strip_prefix('\u{feff}').unwrap();
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        assert_eq!(reader.headers().unwrap(), CSV_COLUMNS);
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), count);
        for (record, ep) in records.iter().zip(&edition.practices) {
            let expected: Vec<String> = row(ep).iter().map(|c| defuse_formula(c)).collect();
            assert_eq!(record.iter().collect::<Vec<_>>(), expected);
            assert!(record[1].starts_with("'="));
        }
    }

    #[test]
    fn formulas_are_defused() {
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(defuse_formula(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(defuse_formula("Plain text"), "Plain text");
        assert_eq!(defuse_formula(""), "");
    }
}
