//! The checks of the fuzz targets, one function per target, each taking the fuzzer's bytes.
//! Shared by the targets (`fuzz/fuzz_targets/*.rs`) and by the regression test that replays every
//! input a fuzzer ever found (`tests/integration/fuzz_regressions.rs`): a crash kept in
//! `fuzz/regressions/TARGET/` must stay fixed.
#![allow(dead_code)]

use arbitrary::Unstructured;
use compendium::assemble::assemble;
use compendium::load::{entry_json, markdown::to_markdown};
use compendium::load::{parse_bytes, Document};
use compendium::manifest::read_manifest;
use compendium::render::html::active_content;
use compendium::schema::Schemas;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

pub fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| Schemas::embedded().expect("the built-in schemas load"))
}

/// The tagger of the built-in taxonomy, made once: making it (its lexicon's tries and stems)
/// takes far longer than tagging one practice, and would set the pace of a target that tags.
pub fn tagger() -> &'static compendium::tag::Tagger {
    static TAGGER: OnceLock<compendium::tag::Tagger> = OnceLock::new();
    TAGGER.get_or_init(|| compendium::tag::Tagger::new(&schemas().taxonomy))
}

/// Reads `data` as the entry file `name` and checks that every finding is located inside the
/// text: a line that exists, a column within that line (or just past its end).
pub fn read(name: &str, data: &[u8]) -> Option<Document> {
    let loaded = parse_bytes(Path::new(name), data);
    located_inside(data, &loaded.diagnostics);
    loaded.document
}

pub fn located_inside(data: &[u8], diagnostics: &[compendium::Diagnostic]) {
    // Lines end where an editor ends them, and the tool counts them: at LF, CRLF or a lone CR.
    let text = String::from_utf8_lossy(data)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        if d.line == 0 {
            continue;
        }
        assert!(
            d.line <= lines.len(),
            "line {} of {}: {d:?}",
            d.line,
            lines.len()
        );
        let chars = lines[d.line - 1].chars().count();
        assert!(
            d.column <= chars + 1,
            "column {} of {chars}: {d:?}",
            d.column
        );
    }
}

/// The document checked against the schema, if it has no error.
pub fn valid(name: &str, data: &[u8]) -> Option<Document> {
    let loaded = parse_bytes(Path::new(name), data);
    located_inside(data, &loaded.diagnostics);
    let doc = loaded.document?;
    let (findings, _) = compendium::validate::check_document(&doc, schemas());
    located_inside(data, &findings);
    // Errors of reading (a key written twice …) count as `validate` counts them.
    let ok = !findings
        .iter()
        .chain(&loaded.diagnostics)
        .any(|d| d.severity == compendium::Severity::Error);
    ok.then_some(doc)
}

/// Reading a JSON entry with positions: never a panic, every finding located inside the text.
pub fn load_json(data: &[u8]) {
    read("entry.json", data);
}

/// Reading a Markdown entry (YAML front matter): never a panic, every finding located inside the
/// text.
pub fn load_markdown(data: &[u8]) {
    read("entry.md", data);
}

/// Validating one entry (read as JSON, or as Markdown when the input starts with `---`): never a
/// panic, every finding located, and an entry the schema accepts can be read into the model.
pub fn validate_entry(data: &[u8]) {
    let name = if data.starts_with(b"---") {
        "entry.md"
    } else {
        "entry.json"
    };
    if let Some(mut doc) = valid(name, data) {
        if let Err(d) = compendium::normalize::practice_from_document(&mut doc) {
            panic!("the schema accepted an entry the model cannot read: {d:?}");
        }
    }
}

/// Rendering one valid practice to Markdown and to the HTML page: never a panic, and nothing in
/// the page can run or load anything (no script, handler, frame, image, form …).
pub fn render_practice(data: &[u8]) {
    let name = if data.starts_with(b"---") {
        "entry.md"
    } else {
        "entry.json"
    };
    if let Some(doc) = valid(name, data) {
        render_document(doc);
    }
}

/// The check of `render_practice` on a document that validates.
fn render_document(mut doc: Document) {
    let practice = compendium::normalize::practice_from_document(&mut doc).expect("valid");
    let taxonomy = &schemas().taxonomy;
    let normalized = compendium::normalize::normalize(practice);
    let tags = tagger().tag(&normalized.practice);
    let edition = assemble("fuzz", vec![(normalized, Some(tags))], Vec::new(), taxonomy);
    let markdown = compendium::render::markdown::render(&edition);
    assert!(markdown.contains(edition.practices[0].id()));
    let practice = &edition.practices[0].normalized.practice;
    title_and_summary_read_as_written(&markdown, practice);
    fields_read_as_written(&markdown, practice);
    let page = match compendium::render::html::render(&edition, &markdown) {
        Ok(page) => page,
        Err(e) => panic!("{e}"),
    };
    let active = active_content(&page);
    assert!(active.is_empty(), "active content in the page: {active:?}");
}

/// The practice's heading and summary in the Markdown edition, read in the tool's dialect (the
/// autolink extension on), hold its title and summary as written (white space folded), and each
/// link in them leads to the address it shows.
fn title_and_summary_read_as_written(markdown: &str, practice: &compendium::model::Practice) {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &compendium::markdown::options());
    let anchor = format!("<a id=\"{}\">", practice.id);
    let heading = root.descendants().find(|n| {
        matches!(n.data().value, NodeValue::Heading(_))
            && n.children()
                .any(|c| matches!(&c.data().value, NodeValue::HtmlInline(h) if *h == anchor))
    });
    let heading = heading.expect("the practice has its heading");
    let fold = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        text_of(heading),
        fold(&practice.title),
        "the heading does not read as the title:\n{markdown}"
    );
    let mut summary = heading
        .next_sibling()
        .expect("the summary follows the heading");
    // A retired practice's notice comes first, in the tool's words.
    if practice.status == compendium::model::Status::Retired {
        assert!(
            matches!(summary.data().value, NodeValue::BlockQuote)
                && text_of(summary).starts_with("Retired:"),
            "a retired practice has no notice under its title:\n{markdown}"
        );
        summary = summary
            .next_sibling()
            .expect("the summary follows the notice");
    }
    assert_eq!(
        text_of(summary),
        fold(&practice.summary),
        "the summary does not read as written:\n{markdown}"
    );
    for link in heading.descendants().chain(summary.descendants()) {
        if let NodeValue::Link(l) = &link.data().value {
            assert_eq!(
                l.url,
                shown_address(&text_of(link), &l.url),
                "a link in the heading leads elsewhere:\n{markdown}"
            );
        }
    }
}

/// Every other plain-text field the Markdown edition shows reads back as written (white space
/// folded), and each web address in those lines leads where it shows: the organization, the
/// jurisdiction, the contributor's name (in the facts list), each recommendation (its numbered
/// item), each source (its line in the list of sources), and the title in the index table.
fn fields_read_as_written(markdown: &str, practice: &compendium::model::Practice) {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &compendium::markdown::options());
    let fold = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let items: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Item(_)))
        .map(|n| (fold(&text_of(n)), n))
        .collect();
    let expect_item = |what: &str, want: String| {
        let want = fold(&want);
        let Some((_, item)) = items.iter().find(|(text, _)| *text == want) else {
            panic!("{what} does not read as written: no list item reads {want:?}\n{markdown}");
        };
        for link in item.descendants() {
            if let NodeValue::Link(l) = &link.data().value {
                if !l.url.starts_with('#') {
                    assert_eq!(
                        l.url,
                        shown_address(&text_of(link), &l.url),
                        "a link in {what} leads elsewhere:\n{markdown}"
                    );
                }
            }
        }
    };
    let p = practice;
    expect_item(
        "the organization",
        format!("Organization: {}", p.organization),
    );
    expect_item(
        "the jurisdiction",
        format!("Jurisdiction: {}", p.jurisdiction),
    );
    let organization = p
        .contributor
        .organization
        .as_ref()
        .map_or(String::new(), |o| format!(", {o}"));
    expect_item(
        "the contributor's name",
        format!(
            "Status: {} (submitted {} by {}{organization})",
            p.status.as_str(),
            p.submitted,
            p.contributor.name
        ),
    );
    expect_item("the licence", format!("Licence: {}", p.license));
    for r in &p.recommendations {
        expect_item("a recommendation", r.clone());
    }
    for s in &p.sources {
        let stop = if s.title.ends_with(['.', '?', '!']) {
            ""
        } else {
            "."
        };
        let mut want = format!("{}{stop} {}, {}.", s.title, s.publisher, s.year);
        if let Some(url) = &s.url {
            want.push(' ');
            want.push_str(&url.replace('>', "%3E").replace(' ', "%20"));
        }
        expect_item("a source", want);
    }
    let title = fold(&p.title);
    assert!(
        root.descendants()
            .any(|n| matches!(n.data().value, NodeValue::TableCell) && fold(&text_of(n)) == title),
        "the title does not read as written in the index table:\n{markdown}"
    );
}

/// The address a link showing `shown` should lead to: the text itself, `mailto:` before an
/// e-mail address (`www.rd@example.org` is one), `https://` before a `www.` address.
fn shown_address(shown: &str, url: &str) -> String {
    if url.starts_with("mailto:") && !shown.starts_with("mailto:") {
        format!("mailto:{shown}")
    } else if shown.starts_with("www.") {
        format!("https://{shown}")
    } else {
        shown.to_string()
    }
}

/// The text of a Markdown node, as a reader sees it.
fn text_of<'a>(node: &'a comrak::nodes::AstNode<'a>) -> String {
    use comrak::nodes::NodeValue;
    let mut text = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            _ => {}
        }
    }
    text
}

/// The pieces `render_fields` builds its texts from: what Markdown, HTML and the renderers treat
/// specially. Most of what a byte-level fuzzer spends its time on in `render_practice` is getting
/// an entry past reading and validation; built from fields, every input is an entry.
const PIECES: &[&str] = &[
    "<",
    ">",
    "&",
    "\"",
    "'",
    "`",
    "```",
    "~~~",
    "\\",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "#",
    "# ",
    "## ",
    "## Recommendations",
    "|",
    "---",
    "- ",
    "1. ",
    "> ",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    " ",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"",
    "javascript:",
    "jAvAsCrIpT:",
    "data:text/html,",
    "vbscript:",
    "https://",
    "http://",
    "mailto:",
    "www.",
    "<https://example.org/a_b>",
    "&#106;",
    "&#x6A;",
    "&lt;",
    "&amp;",
    "<!--",
    "-->",
    "<![CDATA[",
    "<iframe",
    "<svg onload=",
    "<style>",
    "<form",
    "<object",
    "<embed",
    "<meta",
    "<base href=",
    "<details open ontoggle=",
    " on",
    "=",
    "{",
    "}",
    "$",
    "\u{200B}",
    "\u{202E}",
    "\u{A0}",
    "\u{FEFF}",
    "\0",
    "é",
    "日本語",
    "😀",
    "e\u{301}",
    "data protection",
    "proportionality",
    "not",
    "no",
    "without",
    "three years",
    "30 days",
    "human review",
    "watchlist",
    "[^1]",
    "[^1]: ",
    "[x]: https://e.org",
    "[x]",
    "<div>",
    "</div>",
    "<p>",
    "<br>",
];

/// Text for one field: pieces and arbitrary strings, in the order the fuzzer chooses.
fn text(u: &mut Unstructured) -> arbitrary::Result<String> {
    let mut out = String::new();
    for _ in 0..u.int_in_range(0..=12)? {
        if u.ratio(2, 3)? {
            out.push_str(u.choose(PIECES)?);
        } else {
            out.push_str(&u.arbitrary::<String>()?);
        }
    }
    Ok(out)
}

/// Text for a field the schema wants at least `min` characters long: the fuzzer's text with plain
/// words before or after it until it is long enough.
fn long_text(u: &mut Unstructured, min: usize) -> arbitrary::Result<String> {
    let mut out = text(u)?;
    let before = u.arbitrary::<bool>()?;
    while out.chars().count() < min {
        out = if before {
            format!("Plain words of a practice. {out}")
        } else {
            format!("{out} Plain words of a practice.")
        };
    }
    Ok(out)
}

/// Rendering one practice built from the fuzzer's choices ([`entry_from_fields`]), kept only
/// when it validates, as an entry must before it is rendered; then the same checks as
/// `render_practice`.
pub fn render_fields(data: &[u8]) {
    if let Some(json) = entry_from_fields(data) {
        if let Some(doc) = valid("entry.json", json.as_bytes()) {
            render_document(doc);
        }
    }
}

/// `convert` of one practice built from the fuzzer's choices ([`entry_from_fields`]): the checks
/// of `convert_roundtrip` on its JSON form.
pub fn convert_fields(data: &[u8]) {
    if let Some(json) = entry_from_fields(data) {
        convert_roundtrip(json.as_bytes());
    }
}

/// A JSON entry built field by field from the fuzzer's bytes: texts from `PIECES` and arbitrary
/// strings, values from the schema's lists; `None` when the bytes run out. Most entries it makes
/// validate, so fuzzing time goes to what comes after reading.
/// `FUZZ_SHOW=1 fuzz/target/…/render_fields INPUT` shows the entry an input stands for.
pub fn entry_from_fields(data: &[u8]) -> Option<String> {
    let practice = practice_from_fields(&mut Unstructured::new(data)).ok()?;
    let json = serde_json::to_string_pretty(&practice).expect("a practice serializes");
    if std::env::var_os("FUZZ_SHOW").is_some() {
        eprintln!("{json}");
    }
    Some(json)
}

fn practice_from_fields(u: &mut Unstructured) -> arbitrary::Result<compendium::model::Practice> {
    use compendium::model::*;
    let mut recommendations = vec![long_text(u, 10)?];
    for _ in 0..u.int_in_range(0..=3)? {
        recommendations.push(long_text(u, 10)?);
    }
    let mut sources = Vec::new();
    for _ in 0..u.int_in_range(1..=3)? {
        let url = if u.arbitrary()? {
            Some(format!("https://{}", text(u)?))
        } else {
            None
        };
        sources.push(Source {
            title: long_text(u, 3)?,
            publisher: long_text(u, 2)?,
            year: u.int_in_range(1900..=2100)?,
            url,
        });
    }
    let names: Vec<&str> = schemas().taxonomy.ids().collect();
    let mut tags = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        tags.push(u.choose(&names)?.to_string());
    }
    let mut refused = Vec::new();
    if u.ratio(1, 4)? {
        refused.push(RefusedPrinciple {
            principle: u.choose(&names)?.to_string(),
            reason: long_text(u, 10)?,
        });
    }
    Ok(Practice {
        id: u.choose(&["ppp", "eu-a-b", "un-x1"])?.to_string(),
        title: long_text(u, 10)?,
        summary: long_text(u, 40)?,
        body: long_text(u, 100)?,
        recommendations,
        recommendations_by: *u.choose(RecommendationsBy::ALL)?,
        area: *u.choose(Area::ALL)?,
        modalities: vec![*u.choose(Modality::ALL)?],
        lifecycle: vec![*u.choose(Lifecycle::ALL)?],
        jurisdiction: u.choose(&["INT", "EU", "FR", "JP"])?.to_string(),
        organization: long_text(u, 2)?,
        instrument: *u.choose(Instrument::ALL)?,
        principles: tags,
        principles_refused: refused,
        sources,
        contributor: Contributor {
            name: long_text(u, 2)?,
            organization: Some(long_text(u, 2)?),
            email: None,
        },
        language: u
            .choose(&["en", "fr", "es", "fr-BE", "de", "ja"])?
            .to_string(),
        status: *u.choose(Status::ALL)?,
        ..Practice::example("ppp")
    })
}

/// `convert`: a JSON entry that validates, turned into Markdown and back, is the same entry in
/// its canonical form (the form every hash and edition is made of: white space at the ends of the
/// body, which Markdown cannot carry, aside), and the Markdown validates too; or else `convert`
/// refuses it, and only for its body or recommendations (a block left open, a body long enough
/// only with the white space at its ends).
pub fn convert_roundtrip(data: &[u8]) {
    let Some(doc) = valid("entry.json", data) else {
        return;
    };
    let markdown = match compendium::convert::markdown_form(&doc, schemas()) {
        Ok(markdown) => markdown,
        Err(why) => {
            let markdown = to_markdown(&doc.value);
            let lost = compendium::load::markdown::lost_in_markdown(&doc.value, &markdown);
            assert!(
                lost.iter().all(|f| f == "body" || f == "recommendations")
                    && (!lost.is_empty() || why.contains("`body`")),
                "convert refuses ({why}) for {lost:?}:\n{markdown}"
            );
            return;
        }
    };
    let Some(back) = valid("entry.md", markdown.as_bytes()) else {
        panic!("a valid entry's Markdown does not validate:\n{markdown}");
    };
    let json = entry_json(&back.value, None);
    let again = valid("entry.json", json.as_bytes()).expect("the JSON written validates");
    let canonical = |mut d: Document| {
        let practice = compendium::normalize::practice_from_document(&mut d).expect("valid");
        compendium::normalize::normalize(practice)
    };
    let original = canonical(doc);
    assert_eq!(
        canonical(back),
        original,
        "Markdown lost something:\n{markdown}"
    );
    assert_eq!(canonical(again), original, "JSON lost something:\n{json}");
}

/// Reading a manifest and verifying it: never a panic, whatever the bytes.
pub fn manifest_verify(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let taxonomy = &schemas().taxonomy;
    let _ = compendium::manifest::read_manifest(&text, taxonomy);
    let _ = compendium::manifest::read_practice_index(&text);
    let verification = compendium::manifest::verify(&text, &BTreeMap::new(), taxonomy);
    let _ = verification.digest;
}

/// `diff` of two manifests (the input cut in two at its first 0xFF byte, which UTF-8 text never
/// holds): never a panic; a manifest compared with itself has no changes.
pub fn diff_manifests(data: &[u8]) {
    let cut = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let old = String::from_utf8_lossy(&data[..cut]);
    let new = String::from_utf8_lossy(data.get(cut + 1..).unwrap_or_default());
    let taxonomy = &schemas().taxonomy;
    let (Ok(old), Ok(new)) = (read_manifest(&old, taxonomy), read_manifest(&new, taxonomy)) else {
        return;
    };
    let changes = compendium::diff::diff(&old.edition, &new.edition);
    let _ = compendium::diff::render::markdown(&changes, &old.edition, &new.edition);
    let _ = compendium::diff::render::csv(&changes, &old.edition, &new.edition);
    let same = compendium::diff::diff(&old.edition, &old.edition);
    assert!(same.is_empty(), "an edition differs from itself: {same:?}");
}

/// `diff` of two editions built from the fuzzer's choices ([`editions_from_fields`]), each read
/// back from its manifest as `diff` reads an edition: an edition compared with itself has no
/// change; each practice kept as it was is unchanged, each changed one is modified, each dropped
/// one removed (or renamed), each new one added (or renamed); in the Markdown report, in the
/// tool's dialect, each title and each word-level diff of a prose field reads as written (the
/// old words without the added ones, the new words without the struck ones), and each changed
/// recommendation as written; the CSV report has five cells a row, a row per changed field.
pub fn diff_fields(data: &[u8]) {
    use compendium::diff::{diff, render};
    let Some((old, new, fate)) = editions_from_fields(&mut Unstructured::new(data)) else {
        return;
    };
    assert!(
        diff(&old, &old).is_empty(),
        "an edition differs from itself"
    );
    assert!(
        diff(&new, &new).is_empty(),
        "an edition differs from itself"
    );
    let changes = diff(&old, &new);
    let renamed_from = |id: &str| changes.renamed.iter().any(|r| r.from == id);
    let renamed_to = |id: &str| changes.renamed.iter().any(|r| r.to == id);
    let modified = |id: &str| changes.modified.iter().any(|m| m.id == id);
    for (id, fate) in &fate {
        let id = id.as_str();
        let seen = match fate {
            Fate::Kept => !modified(id) && !changes.removed.iter().any(|r| r == id),
            Fate::Changed => modified(id),
            Fate::Dropped => changes.removed.iter().any(|r| r == id) || renamed_from(id),
            Fate::Added => changes.added.iter().any(|a| a == id) || renamed_to(id),
        };
        assert!(seen, "{id} ({fate:?}) is not reported as such: {changes:?}");
    }
    let markdown = render::markdown(&changes, &old, &new);
    report_reads_as_written(&markdown, &changes, &old, &new);
    let csv = render::csv(&changes, &old, &new);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("CSV reads")).collect();
    assert!(
        rows.iter().all(|r| r.len() == 5),
        "a row without five cells:\n{csv}"
    );
    let fields: usize = changes
        .modified
        .iter()
        .map(|m| m.fields.len())
        .sum::<usize>()
        + changes
            .renamed
            .iter()
            .map(|r| 1 + r.fields.len())
            .sum::<usize>();
    let expected = 1
        + changes.added.len()
        + changes.removed.len()
        + fields
        + changes.retired.len()
        + changes.superseded.len()
        // A row for the principles gained or lost, and one per principle whose origin changed.
        + changes
            .retagged
            .iter()
            .map(|r| usize::from(!r.added.is_empty() || !r.removed.is_empty()) + r.origins.len())
            .sum::<usize>();
    assert_eq!(rows.len(), expected, "rows of the CSV report:\n{csv}");
}

/// What [`editions_from_fields`] did to a practice of the old edition, or that it added one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fate {
    Kept,
    Changed,
    Dropped,
    Added,
}

/// An old edition, a new one, and what was done to each practice.
pub type TwoEditions = (
    compendium::model::Edition,
    compendium::model::Edition,
    Vec<(String, Fate)>,
);

/// Two editions from the fuzzer's choices: an old one of one to three practices built field by
/// field, and a new one that keeps each, changes one of its fields (title, summary, body,
/// organization, recommendations, or all of them), or drops it, and may add one; each read back
/// from its manifest. `None` when the bytes run out or a practice does not validate.
pub fn editions_from_fields(u: &mut Unstructured) -> Option<TwoEditions> {
    let mut old = Vec::new();
    let mut new = Vec::new();
    let mut fate = Vec::new();
    for i in 0..u.int_in_range(1..=3usize).ok()? {
        // The choices first: once the bytes run out, every choice is its first (kept as it was).
        let change = u.int_in_range(0..=6u8).ok()?;
        let dropped = u.int_in_range(0..=9u8).ok()? == 9;
        let mut practice = practice_from_fields(u).ok()?;
        practice.id = format!("old-{i}");
        let mut other = if change == 0 {
            practice.clone()
        } else {
            practice_from_fields(u).ok()?
        };
        other.id = practice.id.clone();
        let changed = match change {
            0 => None,
            1 => Some(compendium::model::Practice {
                title: other.title,
                ..practice.clone()
            }),
            2 => Some(compendium::model::Practice {
                summary: other.summary,
                ..practice.clone()
            }),
            3 => Some(compendium::model::Practice {
                body: other.body,
                ..practice.clone()
            }),
            4 => Some(compendium::model::Practice {
                organization: other.organization,
                ..practice.clone()
            }),
            5 => Some(compendium::model::Practice {
                recommendations: other.recommendations,
                ..practice.clone()
            }),
            _ => Some(other),
        };
        let practice = edition_practice(&practice)?;
        match (dropped, changed) {
            (true, _) => fate.push((practice.0.practice.id.clone(), Fate::Dropped)),
            (false, None) => {
                fate.push((practice.0.practice.id.clone(), Fate::Kept));
                new.push(practice.clone());
            }
            (false, Some(changed)) => {
                let changed = edition_practice(&changed)?;
                let differs = changed.0 != practice.0;
                let id = practice.0.practice.id.clone();
                fate.push((id, if differs { Fate::Changed } else { Fate::Kept }));
                new.push(changed);
            }
        }
        old.push(practice);
    }
    if u.int_in_range(0..=3u8).ok()? == 3 {
        let mut added = practice_from_fields(u).ok()?;
        added.id = "new-0".into();
        fate.push((added.id.clone(), Fate::Added));
        new.push(edition_practice(&added)?);
    }
    let read = |name: &str, practices| {
        let taxonomy = &schemas().taxonomy;
        let edition = assemble(name, practices, Vec::new(), taxonomy);
        let manifest = compendium::manifest::render(&edition, &BTreeMap::new());
        read_manifest(&manifest, taxonomy)
            .expect("a manifest the tool wrote reads back")
            .edition
    };
    Some((read("old", old), read("new", new), fate))
}

/// A practice as `build` puts it in an edition: written as JSON, validated, normalized, tagged;
/// `None` when it does not validate.
fn edition_practice(
    practice: &compendium::model::Practice,
) -> Option<(
    compendium::model::NormalizedPractice,
    Option<compendium::tag::TagResult>,
)> {
    let json = serde_json::to_string_pretty(practice).expect("a practice serializes");
    let mut doc = valid("entry.json", json.as_bytes())?;
    let practice = compendium::normalize::practice_from_document(&mut doc).expect("valid");
    let normalized = compendium::normalize::normalize(practice);
    let tags = tagger().tag(&normalized.practice);
    Some((normalized, Some(tags)))
}

/// The Markdown report of `diff_fields`, read in the tool's dialect: each practice's title as
/// written, each word-level diff of a prose field as the old and the new words, each changed
/// recommendation as written; each web address leads where it shows.
fn report_reads_as_written(
    markdown: &str,
    changes: &compendium::diff::ChangeSet,
    old: &compendium::model::Edition,
    new: &compendium::model::Edition,
) {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &compendium::markdown::options());
    let fold = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The first paragraph of each list item, as read, without struck or bold words.
    let without = |node, skip: fn(&NodeValue) -> bool| {
        let mut text = String::new();
        collect_text(node, skip, &mut text);
        fold(&text)
    };
    let lines: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        .filter(|n| {
            n.parent()
                .is_some_and(|p| matches!(p.data().value, NodeValue::Item(_)))
        })
        .collect();
    for link in root.descendants() {
        if let NodeValue::Link(l) = &link.data().value {
            assert_eq!(
                l.url,
                shown_address(&text_of(link), &l.url),
                "a link in the report leads elsewhere:\n{markdown}"
            );
        }
    }
    let find = |want: String, skip: fn(&NodeValue) -> bool, what: &str| {
        assert!(
            lines.iter().any(|n| without(*n, skip) == fold(&want)),
            "{what} does not read as written: no line reads {want:?}\n{markdown}"
        );
    };
    let none: fn(&NodeValue) -> bool = |_| false;
    let struck: fn(&NodeValue) -> bool = |v| matches!(v, NodeValue::Strikethrough);
    let bold: fn(&NodeValue) -> bool = |v| matches!(v, NodeValue::Strong);
    let practice = |e: &compendium::model::Edition, id: &str| {
        e.practices
            .iter()
            .find(|p| p.id() == id)
            .map(|p| p.normalized.practice.clone())
            .expect("listed practices are in their edition")
    };
    for id in &changes.added {
        find(
            format!("{id}: {}", practice(new, id).title),
            none,
            "an added title",
        );
    }
    for id in &changes.removed {
        let p = practice(old, id);
        if !changes.left_out_as_duplicates.iter().any(|l| l.id == *id) {
            find(format!("{id}: {}", p.title), none, "a removed title");
        }
    }
    for m in &changes.modified {
        let (a, b) = (practice(old, &m.id), practice(new, &m.id));
        find(format!("{}: {}", m.id, b.title), none, "a modified title");
        for field in &m.fields {
            let (before, after) = match field.as_str() {
                "title" => (&a.title, &b.title),
                "summary" => (&a.summary, &b.summary),
                "body" => (&a.body, &b.body),
                "organization" => (&a.organization, &b.organization),
                "recommendations" => {
                    let gone = a
                        .recommendations
                        .iter()
                        .filter(|r| !b.recommendations.contains(r))
                        .map(|r| format!("− {r}"));
                    let added = b
                        .recommendations
                        .iter()
                        .filter(|r| !a.recommendations.contains(r))
                        .map(|r| format!("+ {r}"));
                    // What was removed and added, then which items moved (told after them).
                    let all: Vec<String> = gone.chain(added).collect();
                    let told = if all.is_empty() {
                        "recommendations: order changed".to_string()
                    } else {
                        format!("recommendations: {}", all.join("; "))
                    };
                    let repeated = "recommendations: the same items, repeated or ordered otherwise";
                    assert!(
                        lines.iter().any(|n| {
                            let line = without(*n, none);
                            line == fold(&told)
                                || line.starts_with(&format!("{}; moved to place ", fold(&told)))
                                || (all.is_empty() && line == repeated)
                        }),
                        "a changed recommendation does not read as written: no line reads {told:?}\n{markdown}"
                    );
                    continue;
                }
                _ => continue,
            };
            if fold(before) == fold(after) {
                continue;
            }
            find(
                format!("{field}: {after}"),
                struck,
                "the new words of a field",
            );
            find(
                format!("{field}: {before}"),
                bold,
                "the old words of a field",
            );
        }
    }
}

/// The text of `node` as a reader sees it, leaving out what is under a node `skip` names.
fn collect_text<'a>(
    node: &'a comrak::nodes::AstNode<'a>,
    skip: fn(&comrak::nodes::NodeValue) -> bool,
    out: &mut String,
) {
    use comrak::nodes::NodeValue;
    match &node.data().value {
        v if skip(v) => {}
        NodeValue::Text(t) => out.push_str(t),
        NodeValue::Code(c) => out.push_str(&c.literal),
        NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
        _ => {
            for child in node.children() {
                collect_text(child, skip, out);
            }
        }
    }
}
