//! The coverage report as Markdown: its tables and the lists of gaps.
//!
//! A gap (a cell with no practice) is shown as `—`. Every text that comes from the data (edition
//! name, principle labels, jurisdiction codes) goes through [`escape_text`]. Lists of principles are
//! separated by `;`, as some labels contain commas.

use super::{Coverage, Matrix};
use crate::markdown::escape_text;
use crate::model::Taxonomy;
use std::fmt::Write;

/// What a gap looks like in a table.
const GAP: &str = "—";

/// The label of a principle, or its id when the taxonomy does not know it.
pub(super) fn principle_label<'a>(taxonomy: &'a Taxonomy, id: &'a str) -> &'a str {
    taxonomy.get(id).map_or(id, |p| p.label.as_str())
}

fn cell(n: usize) -> String {
    if n == 0 {
        GAP.to_string()
    } else {
        n.to_string()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Header and alignment rows of a table whose first column is text and the others numbers.
fn table_head(out: &mut String, first: &str, columns: &[String]) {
    let escaped: Vec<String> = columns.iter().map(|c| escape_text(c)).collect();
    let _ = writeln!(out, "| {} | {} |", first, escaped.join(" | "));
    let _ = writeln!(out, "| --- |{}", " ---: |".repeat(columns.len()));
}

fn table_row(out: &mut String, label: &str, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.collect();
    let _ = writeln!(out, "| {} | {} |", label, cells.join(" | "));
}

/// Renders the coverage report. Principle labels come from `taxonomy` (normally the edition's).
pub fn coverage_markdown(c: &Coverage, taxonomy: &Taxonomy) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Coverage of edition \"{}\"\n",
        escape_text(&c.edition)
    );
    let mut set_aside = Vec::new();
    if c.retired > 0 {
        set_aside.push(format!("{} retired", plural(c.retired, "is", "are")));
    }
    if c.superseded > 0 {
        set_aside.push(format!(
            "{} superseded by another practice of the edition",
            plural(c.superseded, "is", "are")
        ));
    }
    let retired = match set_aside.len() {
        0 => String::new(),
        _ => format!(
            "; {}: no longer current practice, and not counted below",
            set_aside.join(" and ")
        ),
    };
    let _ = writeln!(
        out,
        "{} in the edition{retired}. In the tables, {GAP} marks a gap: no practice.\n",
        plural(c.practices, "practice", "practices")
    );
    principle_area(&mut out, c, taxonomy);
    modality_lifecycle(&mut out, &c.modality_lifecycle);
    jurisdictions(&mut out, c);
    languages(&mut out, c);
    instruments(&mut out, c);
    source_age(&mut out, c);
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// What establishes the practices, and whose words their recommendations are.
fn instruments(out: &mut String, c: &Coverage) {
    let _ = writeln!(out, "## Instruments and recommendations\n");
    let _ = writeln!(
        out,
        "The kind of instrument that establishes each practice, and whose words its \
         recommendations are: the source's own, the editors' (from the source's facts), or both.\n"
    );
    let _ = writeln!(out, "| Instrument | Practices |\n| --- | ---: |");
    for k in &c.instruments {
        let _ = writeln!(out, "| {} | {} |", k.kind, cell(k.practices));
    }
    let _ = writeln!(out, "\n| Recommendations by | Practices |\n| --- | ---: |");
    for k in &c.recommendations_by {
        let _ = writeln!(out, "| {} | {} |", k.kind, cell(k.practices));
    }
    out.push('\n');
}

fn principle_area(out: &mut String, c: &Coverage, taxonomy: &Taxonomy) {
    let m = &c.principle_area;
    let _ = writeln!(out, "## Principles by area\n");
    let _ = writeln!(
        out,
        "Practices tagged with each principle (final tags), by area. A practice with several \
         principles counts once in each of their rows.\n"
    );
    let mut columns = m.columns.clone();
    columns.push("total".to_string());
    table_head(out, "Principle", &columns);
    for (r, id) in m.rows.iter().enumerate() {
        let label = escape_text(principle_label(taxonomy, id));
        let total = m.row_total(r);
        let cells = m.counts[r].iter().map(|&n| cell(n));
        table_row(out, &label, cells.chain([cell(total)]));
    }
    let unclassified: usize = c.unclassified.iter().sum();
    if unclassified > 0 {
        let cells = c.unclassified.iter().map(|&n| cell(n));
        table_row(out, "*No principle*", cells.chain([cell(unclassified)]));
    }
    let cells = c.area_totals.iter().map(|&n| format!("**{n}**"));
    table_row(
        out,
        "**Practices**",
        cells.chain([format!("**{}**", c.counted())]),
    );
    out.push('\n');

    let _ = writeln!(out, "### Gaps by area\n");
    for (col, area) in m.columns.iter().enumerate() {
        let gaps = m.gaps_in_column(col);
        let area = escape_text(area);
        if gaps.is_empty() {
            let _ = writeln!(out, "- **{area}**: no gap.");
        } else if c.area_totals.get(col) == Some(&0) {
            let _ = writeln!(
                out,
                "- **{area}**: no practice in this area (all {} principles).",
                gaps.len()
            );
        } else {
            let labels: Vec<String> = gaps
                .iter()
                .map(|id| escape_text(principle_label(taxonomy, id)))
                .collect();
            let _ = writeln!(
                out,
                "- **{area}** ({} of {}): {}.",
                gaps.len(),
                m.rows.len(),
                labels.join("; ")
            );
        }
    }
    let empty: Vec<String> = (0..m.rows.len())
        .filter(|&r| m.row_total(r) == 0)
        .map(|r| escape_text(principle_label(taxonomy, &m.rows[r])))
        .collect();
    if !empty.is_empty() {
        let _ = writeln!(
            out,
            "\nPrinciples with no practice in any area: {}.",
            empty.join("; ")
        );
    }
    out.push('\n');
}

fn modality_lifecycle(out: &mut String, m: &Matrix) {
    let _ = writeln!(out, "## Modalities by lifecycle stage\n");
    let _ = writeln!(
        out,
        "A practice counts once in every cell of its modalities and lifecycle stages.\n"
    );
    table_head(out, "Modality", &m.columns);
    for (r, modality) in m.rows.iter().enumerate() {
        table_row(
            out,
            &escape_text(modality),
            m.counts[r].iter().map(|&n| cell(n)),
        );
    }
    out.push('\n');
    let _ = writeln!(out, "### Gaps by modality\n");
    for (r, modality) in m.rows.iter().enumerate() {
        let gaps = m.gaps_in_row(r);
        let modality = escape_text(modality);
        if gaps.is_empty() {
            let _ = writeln!(out, "- **{modality}**: no gap.");
        } else if gaps.len() == m.columns.len() {
            let _ = writeln!(out, "- **{modality}**: no practice at any stage.");
        } else {
            let stages: Vec<String> = gaps.iter().map(|s| escape_text(s)).collect();
            let _ = writeln!(out, "- **{modality}**: {}.", stages.join(", "));
        }
    }
    out.push('\n');
}

fn jurisdictions(out: &mut String, c: &Coverage) {
    let _ = writeln!(out, "## Jurisdictions\n");
    if c.jurisdictions.is_empty() {
        let _ = writeln!(out, "No practice.\n");
        return;
    }
    table_head(out, "Jurisdiction", &["practices".to_string()]);
    for j in &c.jurisdictions {
        table_row(
            out,
            &escape_text(&j.code),
            [j.practices.to_string()].into_iter(),
        );
    }
    out.push('\n');
}

/// The names of the languages the tagger reads: "English, French and Spanish".
fn tagger_languages() -> String {
    let names: Vec<&str> = crate::tag::LANGUAGES
        .iter()
        .map(|(code, _)| isolang::Language::from_639_1(code).map_or(*code, |l| l.to_name()))
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// The languages the practices are written in, and which of them the tagger reads.
fn languages(out: &mut String, c: &Coverage) {
    let _ = writeln!(out, "## Languages\n");
    if c.languages.is_empty() {
        let _ = writeln!(out, "No practice.\n");
        return;
    }
    let unread: usize = c
        .languages
        .iter()
        .filter(|l| !l.tagger_reads)
        .map(|l| l.practices)
        .sum();
    if unread > 0 {
        let _ = writeln!(
            out,
            "The tagger reads {}. Practices in other languages ({unread} here) are published under the principles their entries declare, and the parents of those, only: nothing is suggested from their text.\n",
            tagger_languages()
        );
    }
    table_head(
        out,
        "Language",
        &["practices".to_string(), "the tagger reads it".to_string()],
    );
    for l in &c.languages {
        let label = match &l.name {
            Some(name) => format!("{name} ({})", l.code),
            None => l.code.clone(),
        };
        table_row(
            out,
            &escape_text(&label),
            [
                l.practices.to_string(),
                if l.tagger_reads { "yes" } else { "no" }.to_string(),
            ]
            .into_iter(),
        );
    }
    out.push('\n');
}

fn source_age(out: &mut String, c: &Coverage) {
    let a = &c.source_age;
    let _ = writeln!(out, "## Age of sources\n");
    let _ = writeln!(
        out,
        "Practices by the publication year of their newest source.\n"
    );
    table_head(out, "Newest source", &["practices".to_string()]);
    for b in &a.buckets {
        table_row(out, &escape_text(&b.label), [cell(b.practices)].into_iter());
    }
    if a.without_sources > 0 {
        table_row(
            out,
            "no source",
            [a.without_sources.to_string()].into_iter(),
        );
    }
    out.push('\n');
    if let (Some(median), Some(oldest), Some(newest)) = (a.median, a.oldest, a.newest) {
        let _ = writeln!(
            out,
            "Newest source year: median {median}, oldest {oldest}, newest {newest}.\n"
        );
    }
}
