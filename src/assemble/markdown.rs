//! `compendium.md`: the edition as one CommonMark document.
//!
//! Layout: title, edition, digest, contents; one chapter per principle in taxonomy order, each
//! practice under the chapter of its first principle (and linked from the chapters of its other
//! principles); practices with no principle under "Unclassified"; an index table; the numbered
//! list of sources. Anchors: a practice is `#<id>`; the tool's own anchors contain `_`, which an
//! id cannot, so the two never collide.

use super::sanitize::{escape_text, sanitize_body};
use super::{Edition, EditionPractice};
use crate::model::Source;
use crate::output::FileText;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Heading level of a practice; body headings are demoted below it.
const PRACTICE_LEVEL: u8 = 3;

/// A source as it is numbered in the bibliography.
type SourceKey<'e> = (&'e str, &'e str, u16, Option<&'e str>);

fn source_key(s: &Source) -> SourceKey<'_> {
    (&s.title, &s.publisher, s.year, s.url.as_deref())
}

/// Renders the Markdown edition.
pub fn render_markdown(edition: &Edition) -> String {
    render_markdown_in_parts(edition).0.into_string()
}

/// [`render_markdown`] as pieces, with the indices of the pieces where the document can be cut
/// into parts that read the same alone as in the whole: before each chapter, each practice, the
/// index and the sources. Each part starts with a heading of the tool's own at the start of a
/// line, after a blank line, so no block of a part continues into the next (contributor text is
/// inside the parts, already re-rendered by comrak with its headings demoted below the
/// practice's).
pub fn render_markdown_in_parts(edition: &Edition) -> (FileText, Vec<usize>) {
    let mut out = Pieces::default();
    // Writing to a String cannot fail.
    let _ = write_document(edition, &mut out);
    out.finish_piece();
    (out.text, out.cuts)
}

/// The document as it is written: the finished pieces, the piece being written, and the pieces
/// where parts start.
#[derive(Default)]
struct Pieces {
    text: FileText,
    current: String,
    cuts: Vec<usize>,
}

impl Write for Pieces {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.current.push_str(s);
        Ok(())
    }
}

impl Pieces {
    /// Starts a new part with the next piece.
    fn cut(&mut self) {
        self.finish_piece();
        self.cuts.push(self.text.pieces().len());
    }

    fn finish_piece(&mut self) {
        let piece = std::mem::take(&mut self.current);
        self.text.push(piece);
    }

    /// Appends a piece rendered elsewhere, without copying it.
    fn push_piece(&mut self, piece: String) {
        self.finish_piece();
        self.text.push(piece);
    }
}

fn chapter_anchor(principle: Option<&str>) -> String {
    match principle {
        Some(id) => format!("chapter_{id}"),
        None => "chapter_unclassified".to_string(),
    }
}

fn label<'e>(edition: &'e Edition, id: &'e str) -> &'e str {
    edition.taxonomy.get(id).map_or(id, |p| p.label.as_str())
}

fn write_document(edition: &Edition, out: &mut Pieces) -> std::fmt::Result {
    // Number sources alphabetically (title, publisher, year), once each.
    let mut numbers: BTreeMap<SourceKey<'_>, usize> = BTreeMap::new();
    for p in &edition.practices {
        for s in &p.normalized.practice.sources {
            numbers.entry(source_key(s)).or_insert(0);
        }
    }
    for (i, n) in numbers.values_mut().enumerate() {
        *n = i + 1;
    }
    // Each practice's section (its body sanitized through comrak, the costly part) and its row
    // of the index are written in parallel, then put in order as pieces of the document.
    let (mut blocks, rows): (Vec<String>, Vec<String>) =
        crate::timing::stage("markdown: practices", || {
            edition
                .practices
                .par_iter()
                .map(|p| (practice_section(edition, p, &numbers), index_row(p)))
                .unzip()
        });
    let position: HashMap<&str, usize> = edition
        .practices
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id(), i))
        .collect();

    // Chapters: each principle with a practice filed under it or linked to it, in taxonomy order.
    let mut chapters: Vec<(Option<&str>, Vec<&EditionPractice>, Vec<&EditionPractice>)> =
        Vec::new();
    for principle in &edition.taxonomy.principles {
        let home: Vec<_> = edition
            .practices
            .iter()
            .filter(|p| p.home_principle() == Some(&principle.id))
            .collect();
        let linked: Vec<_> = edition
            .practices
            .iter()
            .filter(|p| {
                p.home_principle() != Some(&principle.id)
                    && p.tags.iter().any(|t| t.principle == principle.id)
            })
            .collect();
        if !home.is_empty() || !linked.is_empty() {
            chapters.push((Some(principle.id.as_str()), home, linked));
        }
    }
    let unclassified: Vec<_> = edition
        .practices
        .iter()
        .filter(|p| p.home_principle().is_none())
        .collect();
    if !unclassified.is_empty() {
        chapters.push((None, unclassified, Vec::new()));
    }

    writeln!(
        out,
        "# Compendium of Recommended Practices for the Responsible Use of Biometrics\n"
    )?;
    writeln!(out, "- **Edition:** {}", escape_text(&edition.name))?;
    writeln!(out, "- **Practices:** {}", edition.practices.len())?;
    writeln!(out, "- **Digest (SHA-256):** `{}`\n", edition.digest)?;
    writeln!(
        out,
        "Each practice below was contributed, checked against the entry schema and filed under the first of its \
principles; its other principles link to it. The digest identifies this exact edition: any change to any \
practice changes it.\n"
    )?;

    writeln!(out, "## <a id=\"section_contents\"></a>Contents\n")?;
    for (i, (principle, home, linked)) in chapters.iter().enumerate() {
        let title = principle.map_or("Unclassified", |id| label(edition, id));
        let count = home.len() + linked.len();
        let noun = if count == 1 { "practice" } else { "practices" };
        writeln!(
            out,
            "{}. [{}](#{}) ({count} {noun})",
            i + 1,
            escape_text(title),
            chapter_anchor(*principle)
        )?;
    }
    writeln!(
        out,
        "{}. [Index of practices](#section_index)",
        chapters.len() + 1
    )?;
    writeln!(out, "{}. [Sources](#section_sources)\n", chapters.len() + 2)?;

    for (i, (principle, home, linked)) in chapters.iter().enumerate() {
        let title = principle.map_or("Unclassified", |id| label(edition, id));
        out.cut();
        writeln!(
            out,
            "## <a id=\"{}\"></a>{}. {}\n",
            chapter_anchor(*principle),
            i + 1,
            escape_text(title)
        )?;
        match principle.and_then(|id| edition.taxonomy.get(id)) {
            Some(p) => writeln!(out, "> {}\n", escape_text(&p.definition))?,
            None => writeln!(out, "Practices that declare no principle yet.\n")?,
        }
        for p in home {
            // Each practice has one home chapter, so its section is moved here, not copied.
            out.cut();
            out.push_piece(std::mem::take(&mut blocks[position[p.id()]]));
        }
        if !linked.is_empty() {
            writeln!(out, "#### Also under this principle\n")?;
            for p in linked {
                let home_title = p
                    .home_principle()
                    .map_or("Unclassified", |id| label(edition, id));
                writeln!(
                    out,
                    "- [{}](#{}) (in chapter {})",
                    escape_text(&p.normalized.practice.title),
                    p.id(),
                    escape_text(home_title)
                )?;
            }
            writeln!(out)?;
        }
    }

    out.cut();
    writeln!(out, "## <a id=\"section_index\"></a>Index of practices\n")?;
    writeln!(
        out,
        "| Practice | Area | Jurisdiction | Principles | Status |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    out.current
        .reserve(rows.iter().map(String::len).sum::<usize>() + 1);
    for row in &rows {
        out.write_str(row)?;
    }
    writeln!(out)?;

    out.cut();
    writeln!(out, "## <a id=\"section_sources\"></a>Sources\n")?;
    for ((title, publisher, year, url), n) in &numbers {
        write!(
            out,
            "{n}. <a id=\"source_{n}\"></a>{}. {}, {year}.",
            escape_text(title),
            escape_text(publisher)
        )?;
        match url {
            Some(url) => writeln!(out, " <{}>", url.replace('>', "%3E").replace(' ', "%20"))?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}

/// One row of the index table.
fn index_row(p: &EditionPractice) -> String {
    let practice = &p.normalized.practice;
    let principles: Vec<&str> = p.tags.iter().map(|t| t.principle.as_str()).collect();
    format!(
        "| [{}](#{}) | {} | {} | {} | {} |\n",
        escape_text(&practice.title),
        practice.id,
        practice.area,
        escape_text(&practice.jurisdiction),
        principles.join(", "),
        practice.status
    )
}

/// One practice's section: heading, summary, facts, sanitized body, recommendations.
fn practice_section(
    edition: &Edition,
    ep: &EditionPractice,
    numbers: &BTreeMap<SourceKey<'_>, usize>,
) -> String {
    let body = sanitize_body(&ep.normalized.practice.body, PRACTICE_LEVEL);
    let mut out = String::with_capacity(body.len() + 2048);
    // Writing to a String cannot fail.
    let _ = write_practice(edition, ep, numbers, &body, &mut out);
    out
}

fn write_practice(
    edition: &Edition,
    ep: &EditionPractice,
    numbers: &BTreeMap<SourceKey<'_>, usize>,
    body: &str,
    out: &mut String,
) -> std::fmt::Result {
    let p = &ep.normalized.practice;
    let hashes = "#".repeat(PRACTICE_LEVEL as usize);
    writeln!(
        out,
        "{hashes} <a id=\"{}\"></a>{}\n",
        p.id,
        escape_text(&p.title)
    )?;
    writeln!(out, "*{}*\n", escape_text(&p.summary))?;
    let list = |items: Vec<String>| items.join(", ");
    writeln!(out, "- **Id:** `{}`", p.id)?;
    writeln!(out, "- **Area:** {}", p.area)?;
    writeln!(
        out,
        "- **Modalities:** {}",
        list(p.modalities.iter().map(ToString::to_string).collect())
    )?;
    writeln!(
        out,
        "- **Lifecycle:** {}",
        list(p.lifecycle.iter().map(ToString::to_string).collect())
    )?;
    writeln!(out, "- **Jurisdiction:** {}", escape_text(&p.jurisdiction))?;
    writeln!(out, "- **Organization:** {}", escape_text(&p.organization))?;
    if !ep.tags.is_empty() {
        let tags: Vec<String> = ep
            .tags
            .iter()
            .map(|t| {
                format!(
                    "[{}](#{}) ({})",
                    escape_text(label(edition, &t.principle)),
                    chapter_anchor(Some(&t.principle)),
                    t.origin.as_str()
                )
            })
            .collect();
        writeln!(out, "- **Principles:** {}", tags.join(", "))?;
    }
    writeln!(
        out,
        "- **Status:** {} (submitted {} by {})",
        p.status,
        p.submitted,
        escape_text(&p.contributor.name)
    )?;
    if !p.supersedes.is_empty() {
        let links: Vec<String> = p
            .supersedes
            .iter()
            .map(|id| format!("[{id}](#{id})"))
            .collect();
        writeln!(out, "- **Supersedes:** {}", links.join(", "))?;
    }
    let mut cited: Vec<usize> = p
        .sources
        .iter()
        .filter_map(|s| numbers.get(&source_key(s)).copied())
        .collect();
    cited.sort_unstable();
    cited.dedup();
    let cited: Vec<String> = cited
        .iter()
        .map(|n| format!("[\\[{n}\\]](#source_{n})"))
        .collect();
    writeln!(out, "- **Sources:** {}\n", cited.join(" "))?;
    writeln!(out, "{body}\n")?;
    writeln!(out, "**Recommendations**\n")?;
    for (i, r) in p.recommendations.iter().enumerate() {
        writeln!(out, "{}. {}", i + 1, escape_text(r))?;
    }
    writeln!(out)?;
    Ok(())
}
