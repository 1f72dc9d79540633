//! `compendium.csv`: one row per practice, for spreadsheets.
//!
//! RFC 4180 (comma, `"` quoting, CRLF line ends), UTF-8 with a byte order mark so that Excel
//! opens accents and non-Latin scripts correctly (LibreOffice and scripts accept it too).
//! Multi-valued cells are joined with `; `. A text cell that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: OWASP's CSV injection list) is
//! prefixed with `'`, which spreadsheets show as text.

use super::Edition;

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
    "principles",
    "recommendations",
    "sources",
    "contributor",
    "submitted",
    "language",
    "license",
    "status",
    "supersedes",
    "sha256",
    "body",
];

/// Makes a cell safe to open in a spreadsheet.
pub fn defuse_formula(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Renders the CSV file.
pub fn render_csv(edition: &Edition) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail; errors would only come from I/O.
    let _ = writer.write_record(CSV_COLUMNS);
    for ep in &edition.practices {
        let p = &ep.normalized.practice;
        let join = |items: Vec<String>| items.join("; ");
        let sources = p
            .sources
            .iter()
            .map(|s| match &s.url {
                Some(url) => format!("{}, {} ({}) {url}", s.title, s.publisher, s.year),
                None => format!("{}, {} ({})", s.title, s.publisher, s.year),
            })
            .collect();
        let contributor = match &p.contributor.organization {
            Some(org) => format!("{} ({org})", p.contributor.name),
            None => p.contributor.name.clone(),
        };
        let record = [
            p.id.clone(),
            p.title.clone(),
            p.summary.clone(),
            p.area.to_string(),
            join(p.modalities.iter().map(ToString::to_string).collect()),
            join(p.lifecycle.iter().map(ToString::to_string).collect()),
            p.jurisdiction.clone(),
            p.organization.clone(),
            join(
                ep.tags
                    .iter()
                    .map(|t| format!("{} ({})", t.principle, t.origin.as_str()))
                    .collect(),
            ),
            join(p.recommendations.clone()),
            join(sources),
            contributor,
            p.submitted.clone(),
            p.language.clone(),
            p.license.clone(),
            p.status.to_string(),
            join(p.supersedes.clone()),
            ep.normalized.content_sha256.clone(),
            p.body.clone(),
        ];
        let _ = writer.write_record(record.iter().map(|c| defuse_formula(c)));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(defuse_formula(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(defuse_formula("Plain text"), "Plain text");
        assert_eq!(defuse_formula(""), "");
    }
}
