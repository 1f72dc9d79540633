//! `compendium.md`: the edition as one CommonMark document.
//!
//! Layout: title, edition, digest, contents; one chapter per principle in taxonomy order, each
//! practice under the chapter of its first principle (and linked from the chapters of its other
//! principles); practices with no principle under "Unclassified"; an index table; the numbered
//! list of sources. Anchors: a practice is `#<id>`; the tool's own anchors contain `_`, which an
//! id cannot, so the two never collide.

use crate::markdown::sanitize::write_link_to_address;
use crate::markdown::{escape_link_text, escape_text, sanitize_body};
use crate::model::{Edition, EditionPractice, Source, Status};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

/// Heading level of a practice; body headings are demoted below it.
pub(super) const PRACTICE_LEVEL: u8 = 3;
/// The heading of a chapter's list of practices filed elsewhere (level 4, after the chapter's
/// own practices): the HTML page ends a practice's section before it.
pub(super) const ALSO_UNDER: &str = "Also under this principle";
/// What the Unclassified chapter says of its practices: they have no principle tag, declared or
/// published from a suggestion (an entry may be in a language the tagger does not read, or its
/// text may give no suggestion strong enough; it was "declare no principle yet", which blamed
/// the contributors of practices the tagger had simply not placed).
const UNCLASSIFIED: &str = "Practices with no principle tag: their entries declare none, and the tagger published no suggestion for them.";

/// A source as it is numbered in the bibliography.
pub(super) type SourceKey<'e> = (&'e str, &'e str, u16, Option<&'e str>);

pub(super) fn source_key(s: &Source) -> SourceKey<'_> {
    (&s.title, &s.publisher, s.year, s.url.as_deref())
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

/// Renders the Markdown edition.
pub fn render(edition: &Edition) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_document(edition, &mut out);
    out
}

/// The edition's sources, each once, in the order the list of sources numbers them
/// (alphabetically: title, publisher, year, address): source `i + 1` is `sources[i]`.
pub(super) fn numbered_sources(edition: &Edition) -> Vec<SourceKey<'_>> {
    let mut sources: Vec<SourceKey<'_>> = edition
        .practices
        .iter()
        .flat_map(|p| p.normalized.practice.sources.iter().map(source_key))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    sources
}

fn write_document(edition: &Edition, out: &mut String) -> std::fmt::Result {
    let sources = numbered_sources(edition);
    let source_numbers: HashMap<SourceKey<'_>, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, key)| (*key, i + 1))
        .collect();
    let principles = PrincipleNames::new(edition);
    // Each practice's section (its body sanitized through comrak, the costly part), its line in
    // the lists of its other chapters and its row of the index are written in parallel.
    let (sections, (links, rows)): (Vec<String>, (Vec<String>, Vec<String>)) = edition
        .practices
        .par_iter()
        .map(|p| {
            let section = practice_section(p, &principles, &source_numbers);
            (section, (link_line(p, &principles), index_row(p)))
        })
        .unzip();

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

    // The document is mostly these pieces: room for them at once, not by doubling.
    out.reserve(
        sections
            .iter()
            .chain(&links)
            .chain(&rows)
            .map(String::len)
            .sum(),
    );
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
principles; its other principles link to it. Each principle says where it comes from: declared by the \
contributor, implied (included because the contributor declared a part of it: purpose limitation is part \
of data protection), or suggested by the tagger from the text. The digest identifies this exact edition: any change to any practice, or to any \
principle's label, definition, tier, parent or place in the taxonomy, changes it. A practice marked retired is \
no longer current practice: it stays in the edition, with that notice under its title, so that a citation of it still leads \
somewhere.\n"
    )?;

    writeln!(out, "## <a id=\"section_contents\"></a>Contents\n")?;
    for (i, (principle, home, linked)) in chapters.iter().enumerate() {
        let title = principle.map_or("Unclassified", |id| label(edition, id));
        let count = home.len() + linked.len();
        let noun = if count == 1 { "practice" } else { "practices" };
        // Retired practices are counted apart, as the coverage report leaves them out (found by
        // a tester: the contents counted a retired practice like a current one).
        let retired = home
            .iter()
            .chain(linked)
            .filter(|&&i| edition.practices[i].normalized.practice.status == Status::Retired)
            .count();
        let retired = match retired {
            0 => String::new(),
            1 if count == 1 => ", retired".to_string(),
            n if n == count => ", all retired".to_string(),
            n => format!(", {n} of them retired"),
        };
        writeln!(
            out,
            "{}. [{}](#{}) ({count} {noun}{retired})",
            i + 1,
            escape_link_text(title),
            chapter_anchor(*principle)
        )?;
    }
    writeln!(
        out,
        "{}. [Index of practices](#section_index)",
        chapters.len() + 1
    )?;
    if edition.dropped.is_empty() {
        writeln!(out, "{}. [Sources](#section_sources)\n", chapters.len() + 2)?;
    } else {
        writeln!(out, "{}. [Sources](#section_sources)", chapters.len() + 2)?;
        writeln!(
            out,
            "{}. [Practices left out as duplicates](#section_left_out)\n",
            chapters.len() + 3
        )?;
    }

    for (i, (principle, home, linked)) in chapters.iter().enumerate() {
        let title = principle.map_or("Unclassified", |id| label(edition, id));
        writeln!(
            out,
            "## <a id=\"{}\"></a>{}. {}\n",
            chapter_anchor(*principle),
            i + 1,
            escape_text(title)
        )?;
        match principle.and_then(|id| edition.taxonomy.get(id)) {
            Some(p) => writeln!(out, "> {}\n", escape_text(&p.definition))?,
            None => writeln!(out, "{UNCLASSIFIED}\n")?,
        }
        for &i in home {
            out.push_str(&sections[i]);
        }
        if !linked.is_empty() {
            writeln!(out, "#### {ALSO_UNDER}\n")?;
            for &i in linked {
                out.push_str(&links[i]);
            }
            writeln!(out)?;
        }
    }

    writeln!(out, "## <a id=\"section_index\"></a>Index of practices\n")?;
    writeln!(
        out,
        "| Practice | Area | Jurisdiction | Principles | Status |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    for row in &rows {
        out.push_str(row);
    }
    writeln!(out)?;

    writeln!(out, "## <a id=\"section_sources\"></a>Sources\n")?;
    for (i, source) in sources.iter().enumerate() {
        out.push_str(&source_line(i + 1, source));
    }

    // A practice left out keeps its anchor, which earlier editions or documents may cite, and
    // sends the reader on to the practice kept for it (found by a tester: a later copy under a
    // smaller id displaced a published practice, whose links then led nowhere).
    if !edition.dropped.is_empty() {
        writeln!(
            out,
            "\n## <a id=\"section_left_out\"></a>Practices left out as duplicates\n"
        )?;
        writeln!(
            out,
            "Each of these is the same practice as one published here, which stands for it.\n"
        )?;
        for d in &edition.dropped {
            writeln!(
                out,
                "- <a id=\"{id}\"></a>{id}: see [{kept}](#{kept})",
                id = d.id,
                kept = d.kept
            )?;
        }
    }
    Ok(())
}

/// Source `n`'s line in the list of sources.
fn source_line(n: usize, (title, publisher, year, url): &SourceKey<'_>) -> String {
    // A title that ends a sentence itself (`… or Risky Business?`) takes no full stop after it.
    let stop = if title.ends_with(['.', '?', '!']) {
        ""
    } else {
        "."
    };
    let mut line = format!(
        "{n}. <a id=\"source_{n}\"></a>{}{stop} {}, {year}.",
        escape_text(title),
        escape_text(publisher)
    );
    match url {
        Some(url) => {
            line.push(' ');
            write_link_to_address(&mut line, &url.replace('>', "%3E").replace(' ', "%20"));
            line.push('\n');
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
        escape_link_text(&practice.title),
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
        escape_link_text(&p.normalized.practice.title),
        p.id(),
    )
}

/// Each principle's label (escaped) and chapter anchor, worked out once for the edition rather
/// than for every tag of every practice, and where its chapter stands in the taxonomy.
struct PrincipleNames<'e> {
    edition: &'e Edition,
    /// Principle id → positions in the taxonomy (one, unless a taxonomy repeats an id).
    positions: HashMap<&'e str, Vec<usize>>,
    /// By position: escaped label, chapter anchor.
    names: Vec<(String, String)>,
}

impl<'e> PrincipleNames<'e> {
    fn new(edition: &'e Edition) -> Self {
        let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, p) in edition.taxonomy.principles.iter().enumerate() {
            positions.entry(p.id.as_str()).or_default().push(i);
        }
        let names = edition
            .taxonomy
            .principles
            .iter()
            .map(|p| {
                (
                    escape_link_text(label(edition, &p.id)),
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
            None => Cow::Owned(escape_link_text(label(self.edition, id))),
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
    numbers: &HashMap<SourceKey<'_>, usize>,
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
    numbers: &HashMap<SourceKey<'_>, usize>,
    body: &str,
    out: &mut String,
) -> std::fmt::Result {
    let p = &ep.normalized.practice;
    out.extend(std::iter::repeat_n('#', usize::from(PRACTICE_LEVEL)));
    out.push_str(" <a id=\"");
    out.push_str(&p.id);
    out.push_str("\"></a>");
    out.push_str(&escape_text(&p.title));
    if p.status == Status::Retired {
        // Said where a reader who follows a citation lands, not only in the list of facts (found
        // by a tester: a retired practice read like a current one).
        out.push_str(
            "\n\n> **Retired:** no longer current practice; kept in the edition for reference.",
        );
    }
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
    out.push_str("\n- **Instrument:** ");
    out.push_str(&p.instrument.as_str().replace('-', " "));
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
    // The contributor's organisation and the licence, as the CSV gives them: a reader of the
    // cited edition must be able to credit the body that contributed a practice, and know on
    // what terms it may be reused (found by a tester: only the CSV and the manifest said).
    if let Some(organization) = &p.contributor.organization {
        out.push_str(", ");
        out.push_str(&escape_text(organization));
    }
    out.push_str(")\n- **Licence:** ");
    out.push_str(&escape_text(&p.license));
    out.push('\n');
    if !ep.superseded_by.is_empty() {
        // A reader who follows a citation to a replaced practice is sent on to the one in force.
        out.push_str("- **Superseded by:** ");
        for (i, id) in ep.superseded_by.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write!(out, "[{id}](#{id})")?;
        }
        out.push('\n');
    }
    if !p.supersedes.is_empty() {
        // Only a practice of this edition has an anchor to link to; one left out as a duplicate
        // is reached through the practice kept for it.
        let edition = principles.edition;
        out.push_str("- **Supersedes:** ");
        for (i, id) in p.supersedes.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let published = edition
                .practices
                .binary_search_by(|q| q.id().cmp(id.as_str()))
                .is_ok();
            match edition.dropped.iter().find(|d| d.id == *id) {
                _ if published => write!(out, "[{id}](#{id})")?,
                // An earlier entry of this very text, under another id (a practice renamed).
                Some(d) if d.kept == p.id => {
                    write!(out, "{id} (left out as a copy of this practice)")?;
                }
                Some(d) => write!(
                    out,
                    "{id} (left out as a duplicate of [{kept}](#{kept}))",
                    kept = d.kept
                )?,
                None => out.push_str(&escape_text(id)),
            }
        }
        out.push('\n');
    }
    if !ep.related.is_empty() {
        out.push_str("- **Related practices:** ");
        for (i, id) in ep.related.iter().enumerate() {
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
    out.push_str("\n\n**Recommendations** (by ");
    out.push_str(p.recommendations_by.describe());
    out.push_str(")\n\n");
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

    #[test]
    fn a_source_title_ending_a_sentence_takes_no_full_stop() {
        let line = |title: &str| source_line(3, &(title, "Publisher", 2022, None));
        assert_eq!(
            line("Aid transparency or privacy?"),
            "3. <a id=\"source_3\"></a>Aid transparency or privacy? Publisher, 2022.\n"
        );
        assert_eq!(
            line("A report"),
            "3. <a id=\"source_3\"></a>A report. Publisher, 2022.\n"
        );
    }
    use crate::assemble::assemble;
    use crate::model::Practice;
    use crate::normalize::normalize;
    use crate::schema::Schemas;
    use render as render_markdown;

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
        let label = escape_text(&taxonomy.get(home).unwrap().label);
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

    /// A retired practice says so under its title, where a citation of it lands, and the
    /// contents count it apart (found by a tester: it read like a current practice).
    #[test]
    fn a_retired_practice_says_so_under_its_title_and_in_the_contents() {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let mut old = Practice::example("old");
        old.status = Status::Retired;
        let items = vec![
            (normalize(old), None),
            (normalize(Practice::example("current")), None),
        ];
        let markdown = render_markdown(&assemble("draft", items, vec![], &taxonomy));
        let notice =
            "> **Retired:** no longer current practice; kept in the edition for reference.";
        assert_eq!(markdown.matches(notice).count(), 1, "{markdown}");
        let old = &markdown[markdown.find("<a id=\"old\"></a>").unwrap()..];
        let under_title = old.split("\n\n").nth(1).unwrap();
        assert_eq!(under_title, notice);
        assert!(
            markdown.contains(" (2 practices, 1 of them retired)\n"),
            "{markdown}"
        );
    }

    /// A link must lead somewhere: a superseded practice left out as a duplicate is reached
    /// through the practice kept for it, and one not in the edition is named without a link.
    #[test]
    fn supersedes_links_only_to_practices_of_the_edition() {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let mut newer = Practice::example("newer");
        newer.supersedes = vec!["merged".into(), "elsewhere".into(), "kept".into()];
        let items = vec![
            (normalize(newer), None),
            (normalize(Practice::example("kept")), None),
        ];
        let dropped = vec![crate::model::Dropped {
            id: "merged".into(),
            kept: "kept".into(),
        }];
        let markdown = render_markdown(&assemble("draft", items, dropped, &taxonomy));
        assert!(
            markdown.contains(
                "- **Supersedes:** elsewhere, [kept](#kept), merged (left out as a duplicate of [kept](#kept))\n"
            ),
            "{markdown}"
        );
        assert!(!markdown.contains("](#merged)") && !markdown.contains("](#elsewhere)"));
        // The practice replaced sends its reader on to the one that replaces it (found by a
        // tester: a citation to the old practice led nowhere further).
        let kept = &markdown[markdown.find("<a id=\"kept\"></a>").unwrap()..];
        let kept = &kept[..kept[1..].find("\n#").map_or(kept.len(), |i| i + 1)];
        assert!(
            kept.contains("- **Superseded by:** [newer](#newer)\n"),
            "{kept}"
        );
        let newer = &markdown[markdown.find("<a id=\"newer\"></a>").unwrap()..];
        let newer = &newer[..newer[1..].find("\n#").map_or(newer.len(), |i| i + 1)];
        assert!(!newer.contains("Superseded by"), "{newer}");
        // A practice left out keeps its anchor, sending its reader on to the practice kept
        // (found by a tester: a published practice displaced by a later copy left its citations
        // leading nowhere); the contents list the section.
        assert!(
            markdown.contains("- <a id=\"merged\"></a>merged: see [kept](#kept)\n"),
            "{markdown}"
        );
        assert!(
            markdown.contains("[Practices left out as duplicates](#section_left_out)"),
            "{markdown}"
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
