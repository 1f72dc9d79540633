//! `compendium.md`: the edition as one CommonMark document.
//!
//! Layout: title, edition, digest, contents; one chapter per principle in taxonomy order, each
//! practice under the chapter of its first principle (and linked from the chapters of its other
//! principles); practices with no principle under "Unclassified"; an index table; the numbered
//! list of sources. Anchors: a practice is `#<id>`; the tool's own anchors contain `_`, which an
//! id cannot, so the two never collide.

use super::sanitize::{escape_text, sanitize_body};
use super::{Edition, EditionPractice};
use crate::fast_hash::FastMap;
use crate::model::Source;
use crate::output::FileText;
use rayon::prelude::*;
use std::borrow::Cow;
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
    // Number sources alphabetically (title, publisher, year), once each: source `i + 1` is
    // `sources[i]`. Sorted on both cores (a sorted map built one source at a time compared long
    // titles on one core while the other had nothing to do).
    let mut sources: Vec<SourceKey<'_>> = edition
        .practices
        .par_iter()
        .flat_map_iter(|p| p.normalized.practice.sources.iter().map(source_key))
        .collect();
    sources.par_sort_unstable();
    sources.dedup();
    // Looked up once per source of every practice: by hash, not by comparing long titles.
    let source_numbers: FastMap<SourceKey<'_>, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, key)| (*key, i + 1))
        .collect();
    let principles = PrincipleNames::new(edition);
    // Each practice's section (its body sanitized through comrak, the costly part), its row of
    // the index and its line in the lists of other chapters are written in parallel, then put in
    // order as pieces of the document.
    let written: Vec<(String, String, String)> =
        crate::timing::stage("markdown: practices", || {
            edition
                .practices
                .par_iter()
                .map(|p| {
                    (
                        practice_section(p, &principles, &source_numbers),
                        index_row(p),
                        link_line(p, &principles),
                    )
                })
                .collect()
        });
    let mut blocks = Vec::with_capacity(written.len());
    let mut rows = Vec::with_capacity(written.len());
    let mut links = Vec::with_capacity(written.len());
    for (block, row, link) in written {
        blocks.push(Some(block));
        rows.push(row);
        links.push(link);
    }

    // Chapters: each principle with a practice filed under it or linked to it, in taxonomy order;
    // practices by their index in the edition, in edition order.
    let count = edition.taxonomy.principles.len();
    let mut home: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut linked: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut unclassified = Vec::new();
    for (i, p) in edition.practices.iter().enumerate() {
        let own = p.home_principle();
        match own {
            Some(id) => principles.chapters(id).for_each(|c| home[c].push(i)),
            None => unclassified.push(i),
        }
        for tag in p.tags.iter().filter(|t| Some(t.principle.as_str()) != own) {
            for c in principles.chapters(&tag.principle) {
                if linked[c].last() != Some(&i) {
                    linked[c].push(i);
                }
            }
        }
    }
    let mut chapters: Vec<(Option<&str>, Vec<usize>, Vec<usize>)> = edition
        .taxonomy
        .principles
        .iter()
        .zip(home.into_iter().zip(linked))
        .filter(|(_, (home, linked))| !home.is_empty() || !linked.is_empty())
        .map(|(principle, (home, linked))| (Some(principle.id.as_str()), home, linked))
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
        for &i in home {
            // A practice has one home chapter, so its section is moved here, not copied (unless
            // a taxonomy names one principle twice).
            out.cut();
            let section = blocks[i].take().unwrap_or_else(|| {
                practice_section(&edition.practices[i], &principles, &source_numbers)
            });
            out.push_piece(section);
        }
        if !linked.is_empty() {
            writeln!(out, "#### Also under this principle\n")?;
            out.current
                .reserve(linked.iter().map(|&i| links[i].len()).sum::<usize>() + 1);
            for &i in linked {
                out.write_str(&links[i])?;
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
    // Each source's line is written on both cores, then the lines put in order.
    let lines: Vec<String> = sources
        .par_iter()
        .enumerate()
        .map(|(i, source)| source_line(i + 1, source))
        .collect();
    out.current
        .reserve(lines.iter().map(String::len).sum::<usize>());
    for line in &lines {
        out.write_str(line)?;
    }
    Ok(())
}

/// Source `n`'s line in the list of sources.
fn source_line(n: usize, (title, publisher, year, url): &SourceKey<'_>) -> String {
    let mut line = format!(
        "{n}. <a id=\"source_{n}\"></a>{}. {}, {year}.",
        escape_text(title),
        escape_text(publisher)
    );
    match url {
        Some(url) => {
            line.push_str(" <");
            line.push_str(&url.replace('>', "%3E").replace(' ', "%20"));
            line.push_str(">\n");
        }
        None => line.push('\n'),
    }
    line
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

/// A practice's line in the list of another chapter it belongs to.
fn link_line(p: &EditionPractice, principles: &PrincipleNames<'_>) -> String {
    let home = p
        .home_principle()
        .map_or(Cow::Borrowed("Unclassified"), |id| principles.label(id));
    format!(
        "- [{}](#{}) (in chapter {home})\n",
        escape_text(&p.normalized.practice.title),
        p.id(),
    )
}

/// Each principle's label (escaped) and chapter anchor, worked out once for the edition rather
/// than for every tag of every practice, and where its chapter stands in the taxonomy.
struct PrincipleNames<'e> {
    edition: &'e Edition,
    /// Principle id → positions in the taxonomy (one, unless a taxonomy repeats an id).
    positions: FastMap<&'e str, Vec<usize>>,
    /// By position: escaped label, chapter anchor.
    names: Vec<(String, String)>,
}

impl<'e> PrincipleNames<'e> {
    fn new(edition: &'e Edition) -> Self {
        let mut positions: FastMap<&str, Vec<usize>> = FastMap::default();
        for (i, p) in edition.taxonomy.principles.iter().enumerate() {
            positions.entry(p.id.as_str()).or_default().push(i);
        }
        let names = edition
            .taxonomy
            .principles
            .iter()
            .map(|p| {
                (
                    escape_text(label(edition, &p.id)).into_owned(),
                    chapter_anchor(Some(&p.id)),
                )
            })
            .collect();
        PrincipleNames {
            edition,
            positions,
            names,
        }
    }

    /// The chapters (taxonomy positions) of a principle.
    fn chapters(&self, id: &str) -> impl Iterator<Item = usize> + '_ {
        self.positions.get(id).into_iter().flatten().copied()
    }

    fn first(&self, id: &str) -> Option<&(String, String)> {
        self.chapters(id).next().map(|i| &self.names[i])
    }

    /// The principle's label, escaped.
    fn label(&self, id: &str) -> Cow<'_, str> {
        match self.first(id) {
            Some((label, _)) => Cow::Borrowed(label),
            None => Cow::Owned(escape_text(label(self.edition, id)).into_owned()),
        }
    }

    /// The principle's chapter anchor.
    fn anchor(&self, id: &str) -> Cow<'_, str> {
        match self.first(id) {
            Some((_, anchor)) => Cow::Borrowed(anchor),
            None => Cow::Owned(chapter_anchor(Some(id))),
        }
    }
}

/// One practice's section: heading, summary, facts, sanitized body, recommendations.
fn practice_section(
    ep: &EditionPractice,
    principles: &PrincipleNames<'_>,
    numbers: &FastMap<SourceKey<'_>, usize>,
) -> String {
    let body = sanitize_body(&ep.normalized.practice.body, PRACTICE_LEVEL);
    let mut out = String::with_capacity(body.len() + 2048);
    // Writing to a String cannot fail.
    let _ = write_practice(ep, principles, numbers, &body, &mut out);
    out
}

/// Appends `items` to `out` with `separator` between them.
fn push_joined<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>, separator: &str) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(item);
    }
}

/// One practice's section. Written piece by piece with `push_str` (a section is mostly fixed
/// labels and the practice's own texts, and formatting machinery cost more than the copying).
fn write_practice(
    ep: &EditionPractice,
    principles: &PrincipleNames<'_>,
    numbers: &FastMap<SourceKey<'_>, usize>,
    body: &str,
    out: &mut String,
) -> std::fmt::Result {
    let p = &ep.normalized.practice;
    out.extend(std::iter::repeat_n('#', usize::from(PRACTICE_LEVEL)));
    out.push_str(" <a id=\"");
    out.push_str(&p.id);
    out.push_str("\"></a>");
    out.push_str(&escape_text(&p.title));
    out.push_str("\n\n*");
    out.push_str(&escape_text(&p.summary));
    out.push_str("*\n\n- **Id:** `");
    out.push_str(&p.id);
    out.push_str("`\n- **Area:** ");
    out.push_str(p.area.as_str());
    out.push_str("\n- **Modalities:** ");
    push_joined(out, p.modalities.iter().map(|m| m.as_str()), ", ");
    out.push_str("\n- **Lifecycle:** ");
    push_joined(out, p.lifecycle.iter().map(|l| l.as_str()), ", ");
    out.push_str("\n- **Jurisdiction:** ");
    out.push_str(&escape_text(&p.jurisdiction));
    out.push_str("\n- **Organization:** ");
    out.push_str(&escape_text(&p.organization));
    out.push('\n');
    if !ep.tags.is_empty() {
        out.push_str("- **Principles:** ");
        for (i, t) in ep.tags.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push('[');
            out.push_str(&principles.label(&t.principle));
            out.push_str("](#");
            out.push_str(&principles.anchor(&t.principle));
            out.push_str(") (");
            out.push_str(t.origin.as_str());
            out.push(')');
        }
        out.push('\n');
    }
    out.push_str("- **Status:** ");
    out.push_str(p.status.as_str());
    out.push_str(" (submitted ");
    out.push_str(&p.submitted);
    out.push_str(" by ");
    out.push_str(&escape_text(&p.contributor.name));
    out.push_str(")\n");
    if !p.supersedes.is_empty() {
        out.push_str("- **Supersedes:** ");
        for (i, id) in p.supersedes.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write!(out, "[{id}](#{id})")?;
        }
        out.push('\n');
    }
    let mut cited: Vec<usize> = p
        .sources
        .iter()
        .filter_map(|s| numbers.get(&source_key(s)).copied())
        .collect();
    cited.sort_unstable();
    cited.dedup();
    out.push_str("- **Sources:** ");
    for (i, n) in cited.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write!(out, "[\\[{n}\\]](#source_{n})")?;
    }
    out.push_str("\n\n");
    out.push_str(body);
    out.push_str("\n\n**Recommendations**\n\n");
    for (i, r) in p.recommendations.iter().enumerate() {
        write!(out, "{}. ", i + 1)?;
        out.push_str(&escape_text(r));
        out.push('\n');
    }
    out.push('\n');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::assemble;
    use crate::model::Practice;
    use crate::normalize::normalize;
    use crate::schema::Schemas;

    fn edition_with(taxonomy: &crate::model::Taxonomy, practices: Vec<Practice>) -> Edition {
        let items = practices
            .into_iter()
            .map(|p| (normalize(p), None))
            .collect();
        assemble("draft", items, vec![], taxonomy)
    }

    /// Each practice is filed once under its first principle and listed under each other one,
    /// with its title and its home chapter's label; a practice with no principle is unclassified.
    #[test]
    fn practices_are_filed_under_their_first_principle_and_linked_from_the_others() {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let mut both = Practice::example("filed-under-two");
        both.title = "Two *principles*".into();
        both.principles = vec!["data-protection".into(), "proportionality".into()];
        let mut none = Practice::example("filed-under-none");
        none.principles = vec![];
        let markdown = render_markdown(&edition_with(&taxonomy, vec![both, none]));
        let chapter = |id: &str| {
            let start = markdown
                .find(&format!("<a id=\"chapter_{id}\"></a>"))
                .unwrap();
            let end = markdown[start + 1..]
                .find("\n## ")
                .map_or(markdown.len(), |e| start + 1 + e);
            &markdown[start..end]
        };
        let home = taxonomy
            .ids()
            .find(|id| ["data-protection", "proportionality"].contains(id));
        let (home, other) = match home {
            Some("data-protection") => ("data-protection", "proportionality"),
            _ => ("proportionality", "data-protection"),
        };
        assert!(chapter(home).contains("<a id=\"filed-under-two\"></a>"));
        let label = escape_text(&taxonomy.get(home).unwrap().label).into_owned();
        assert!(
            chapter(other).contains(&format!(
                "- [Two \\*principles\\*](#filed-under-two) (in chapter {label})"
            )),
            "{}",
            chapter(other)
        );
        assert!(chapter("unclassified").contains("<a id=\"filed-under-none\"></a>"));
        assert_eq!(
            markdown.matches("<a id=\"filed-under-two\"></a>").count(),
            1
        );
    }

    /// A taxonomy that names a principle twice (an editor's mistake, given with `--schema`)
    /// gets two chapters, each holding the practice in full; nothing is lost or left empty.
    #[test]
    fn a_principle_named_twice_gets_the_practice_in_both_chapters() {
        let mut taxonomy = Schemas::embedded().unwrap().taxonomy;
        let first = taxonomy.principles[0].clone();
        taxonomy.principles.push(first.clone());
        let mut p = Practice::example("twice-filed");
        p.principles = vec![first.id.clone()];
        let markdown = render_markdown(&edition_with(&taxonomy, vec![p]));
        assert_eq!(markdown.matches("<a id=\"twice-filed\"></a>").count(), 2);
        assert_eq!(
            markdown
                .matches(&format!("<a id=\"chapter_{}\"></a>", first.id))
                .count(),
            2
        );
    }
}
