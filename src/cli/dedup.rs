//! `compendium dedup`: exact and near duplicates, each explained, with the practice to keep.

use super::{exit, print_out, render, InputArgs};
use clap::ValueEnum;
use compendium::dedup::explain::{
    compare, field_differences, one_text_several_holders, FieldComparison,
};
use compendium::dedup::{self, Cluster, ClusterKind, ClusterStatus, Thresholds};
use compendium::error::Shown;
use compendium::model::Practice;
use compendium::normalize::Normalized;
use compendium::pipeline;
use serde_json::json;
use std::collections::HashMap;
use std::fmt::Write;

/// Output formats of `dedup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DedupFormat {
    /// For people, with explanations.
    Text,
    /// For scripts.
    Json,
    /// A report to paste into a review.
    Markdown,
}

/// Arguments of `dedup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Minimum Jaccard similarity of word 3-shingles for a near duplicate (above 0, at most 1).
    #[arg(long, value_name = "FRACTION", default_value_t = dedup::DEFAULT_JACCARD, value_parser = fraction)]
    threshold: f64,
    /// Minimum containment (shared shingles / shingles of the shorter practice; above 0, at most
    /// 1).
    #[arg(long, value_name = "FRACTION", default_value_t = dedup::DEFAULT_CONTAINMENT, value_parser = fraction)]
    containment: f64,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: DedupFormat,
}

fn fraction(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&v) && v > 0.0 {
        Ok(v)
    } else {
        Err(format!("`{s}` must be above 0 and at most 1"))
    }
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    let (schemas, files) = args.input.schemas_and_files();
    let schemas = schemas?;
    let decisions = args.input.decisions()?;
    let files = files?;
    let (report, practices) =
        pipeline::practices(&files, &schemas, compendium::validate::Scope::Part, &|| {});
    let prints = compendium::timing::stage("fingerprints", || dedup::fingerprints(&practices));
    if report.has_errors() {
        eprint!(
            "{}",
            render::diagnostics(&report.diagnostics, super::Format::Text)
        );
        eprintln!("compendium: the entries with errors above were left out of the comparison");
    }
    args.input
        .warn_unknown_decided(&decisions, prints.iter().map(|p| p.id.as_str()));
    let thresholds = Thresholds {
        jaccard: args.threshold,
        containment: args.containment,
    };
    let clusters = compendium::timing::stage("find duplicates", || {
        dedup::find_clusters(&prints, thresholds, &decisions)
    });
    let too_common = dedup::too_common_keys(&prints);
    let by_id: HashMap<&str, &Normalized> = practices
        .iter()
        .map(|p| (p.practice.practice.id.as_str(), p))
        .collect();
    // Same-practice and related pairs: the fields that differ, before the citations and figures.
    let mut clusters = clusters;
    for c in &mut clusters {
        if let (Some(evidence), [a, b]) = (&mut c.evidence, c.members.as_slice()) {
            if let (Some(a), Some(b)) = (by_id.get(a.as_str()), by_id.get(b.as_str())) {
                let mut differences = field_differences(&a.practice.practice, &b.practice.practice);
                // The search's own comparison of the principles, when it weighed them, wins.
                if evidence.differences.iter().any(|d| d.field == "principles") {
                    differences.retain(|d| d.field != "principles");
                }
                differences.append(&mut evidence.differences);
                evidence.differences = differences;
            }
        }
    }
    let out = match args.format {
        DedupFormat::Json => {
            let mut s = serde_json::to_string_pretty(&json!({
                "practices": prints.len(),
                "thresholds": {"jaccard": args.threshold, "containment": args.containment},
                "clusters": clusters,
                "too_common_keys": too_common,
            }))?;
            s.push('\n');
            s
        }
        DedupFormat::Text => {
            let mut out = text(
                &clusters,
                &by_id,
                prints.len(),
                &args.input.decisions_path(),
            );
            out.push_str(&too_common_text(&too_common));
            out
        }
        DedupFormat::Markdown => {
            let mut out = markdown(&clusters, &by_id, prints.len());
            if !too_common.is_empty() {
                out.push('\n');
                out.push_str(&too_common_text(&too_common));
            }
            out
        }
    };
    print_out(&out);
    let undecided = clusters
        .iter()
        .any(|c| c.status == ClusterStatus::Undecided);
    Ok(if undecided || report.has_errors() {
        exit::PROBLEMS
    } else {
        exit::OK
    })
}

/// The keys too common to compare every pair of their practices, in words.
fn too_common_text(keys: &[dedup::same::CrowdedKey]) -> String {
    let mut out = String::new();
    if keys.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "too many practices draw on these to compare every pair of them; among them only practices that also cite the same article or give the same figure were compared:"
    );
    for k in keys {
        let _ = writeln!(out, "  - {} ({} practices)", k.key, k.practices);
    }
    out
}

/// The fields other than the texts in which two practices differ (jurisdiction first, then
/// organisation, instrument, area, modalities, lifecycle, sources and language), each as
/// `field first / second`: what an editor must weigh before letting one stand for the other.
fn other_differences(a: &Practice, b: &Practice) -> Vec<String> {
    let mut differences = Vec::new();
    if a.jurisdiction != b.jurisdiction {
        differences.push(format!(
            "jurisdiction {} / {}",
            a.jurisdiction, b.jurisdiction
        ));
    }
    differences.extend(
        field_differences(a, b)
            .into_iter()
            .filter(|d| d.field != "title")
            .map(|d| {
                let shown = |v: &str| {
                    if v.is_empty() {
                        "none".to_string()
                    } else {
                        compendium::error::with_invisibles_shown(v)
                    }
                };
                if d.field == "principles" {
                    // What only one of the two declares, said so: "none / transparency" read as
                    // if the first declared nothing (found by a reviewer).
                    format!(
                        "principles declared only by {}: {}, only by {}: {}",
                        a.id,
                        shown(&d.first),
                        b.id,
                        shown(&d.second)
                    )
                } else {
                    format!("{} {} / {}", d.field, shown(&d.first), shown(&d.second))
                }
            }),
    );
    differences
}

/// Field by field, how two near copies compare: each text, then the other fields that differ.
fn comparison_lines(a: &Practice, b: &Practice) -> Vec<String> {
    let mut lines: Vec<String> = compare(a, b)
        .iter()
        .map(|c: &FieldComparison| {
            if c.identical() {
                format!("{}: identical", c.field)
            } else {
                format!(
                    "{}: {} words shared, {} only in `{}`, {} only in `{}`; {}",
                    c.field,
                    c.shared_words,
                    c.only_in_first,
                    a.id,
                    c.only_in_second,
                    b.id,
                    c.examples.join("; ")
                )
            }
        })
        .collect();
    let others = other_differences(a, b);
    if !others.is_empty() {
        lines.push(format!("they also differ in: {}", others.join("; ")));
    }
    lines
}

/// Whether practices (by id) are one text from several jurisdictions or bodies.
fn adopted<'a>(
    ids: impl IntoIterator<Item = &'a String>,
    by_id: &HashMap<&str, &Normalized>,
) -> bool {
    one_text_several_holders(
        ids.into_iter()
            .filter_map(|m| by_id.get(m.as_str()).map(|p| &p.practice)),
    )
}

fn kind_word(c: &Cluster, by_id: &HashMap<&str, &Normalized>) -> &'static str {
    match (c.kind, c.status) {
        (ClusterKind::Near, ClusterStatus::Undecided) if adopted(&c.members, by_id) => {
            "the same text from different jurisdictions or bodies, or in both Chinese scripts (undecided: one may have adopted the other's practice, or be its version in the other script)"
        }
        (ClusterKind::Exact, _) => "exact duplicates",
        (ClusterKind::Near, ClusterStatus::Decided) => "near duplicates (decided: duplicate)",
        (ClusterKind::Near, _) => "near duplicates (undecided)",
        (ClusterKind::SamePractice, ClusterStatus::Decided) => {
            "the same practice written twice (decided: duplicate)"
        }
        (ClusterKind::SamePractice, _) => "possibly the same practice written twice (undecided)",
        (ClusterKind::Related, ClusterStatus::Decided) => "related practices (decided: related)",
        (ClusterKind::Related, _) => {
            "related practices: the same instrument; the search reads them as different practices, but it may be wrong (for information)"
        }
    }
}

/// What a decision on two practices the search does not find alike does, in words.
pub(super) fn not_found_alike(c: &Cluster) -> String {
    let (a, b) = (&c.members[0], &c.members[1]);
    match c.kind {
        // Exact copies the editors decided related: the only related pair that scores 1.
        ClusterKind::Related if c.similarity >= 1.0 => "the same text; the editors decided they are related, so both are published, each linking to the other".to_string(),
        ClusterKind::Related => "the search does not find these two alike; the editors decided they are related, so both are published, each linking to the other".to_string(),
        _ => {
            let dropped = if &c.keep == a { b } else { a };
            format!(
                "decided as duplicates although the search does not find them alike: {a} and {b}; {dropped} is left out"
            )
        }
    }
}

/// Why two practices may be the same practice, or related: what they share, how alike their
/// words are, and field by field what differs.
fn evidence_lines(c: &Cluster) -> Vec<String> {
    let Some(e) = &c.evidence else {
        return vec![not_found_alike(c)];
    };
    let mut lines = Vec::new();
    let [la, lb] = &e.languages;
    if la != lb {
        lines.push(format!(
            "written in two languages ({la} and {lb}): possibly a translation, or the same practice described twice"
        ));
    }
    if e.words_not_compared {
        lines.push(
            "the search compares the words of English, French and Spanish only, so it cannot tell whether these two describe one practice; they share an instrument, so an editor decides"
                .to_string(),
        );
    }
    lines.push(format!("same jurisdiction: {}", e.jurisdiction));
    if !e.shared_instruments.is_empty() {
        lines.push(format!("both draw on: {}", e.shared_instruments.join("; ")));
    }
    if !e.shared_citations.is_empty() {
        lines.push(format!("both cite: {}", e.shared_citations.join(", ")));
    }
    if !e.shared_figures.is_empty() {
        lines.push(format!(
            "both give the figures: {}",
            e.shared_figures.join(", ")
        ));
    }
    if !e.shared_principles.is_empty() {
        lines.push(format!(
            "both declare the principles: {}",
            e.shared_principles.join(", ")
        ));
    }
    let across = if la != lb {
        " (across languages only names, cognates and the glossary's words count)"
    } else {
        ""
    };
    // How the principles the two declare moved the score, in words (nothing when they did not).
    let principles = match e.principles_effect {
        x if x > 0.0 => format!(" (raised by {x:.2}: they declare mostly the same principles)"),
        x if x < 0.0 => format!(
            " (lowered by {:.2}: they declare mostly different principles)",
            -x
        ),
        _ => String::new(),
    };
    lines.push(format!(
        "similarity of their words {:.2}{across}; score {:.2}{principles}",
        e.similarity, e.score
    ));
    let (a, b) = (&c.members[0], &c.members[1]);
    if !e.differences.is_empty() {
        lines.push("what differs, field by field:".to_string());
    }
    let or_none = |text: &str| match text {
        "" => "(none)".to_string(),
        _ => text.to_string(),
    };
    for d in &e.differences {
        lines.push(format!("  {}", d.field));
        // Of the lists, only what the other does not have is shown: "(none)" alone would read as
        // "declares no principle" (found by a tester).
        let only = match d.field.as_str() {
            "citations" | "figures" | "principles" => "only in ",
            _ => "",
        };
        lines.push(format!("    {only}{a}: {}", or_none(&d.first)));
        lines.push(format!("    {only}{b}: {}", or_none(&d.second)));
    }
    lines
}

/// The decisions an editor may paste into the decisions file for a pair, one valid JSON object
/// a line, one per choice (`keep` only with `duplicate`; `related` for same-practice pairs).
fn to_decide(decisions: &std::path::Path, members: [&str; 2], keep: &str, related: bool) -> String {
    to_decide_in_order(decisions, members, keep, related, false)
}

/// [`to_decide`], with `related` first when the search already reads the two as related (a
/// pair listed for information, which an editor may still judge otherwise).
fn to_decide_in_order(
    decisions: &std::path::Path,
    members: [&str; 2],
    keep: &str,
    related: bool,
    related_first: bool,
) -> String {
    let mut out = if related_first {
        format!(
            "  nothing needs deciding; to record what an editor judges them, add one of these lines to the \"decisions\" list of {}:\n",
            decisions.shown()
        )
    } else {
        format!(
            "  to decide, add one of these lines to the \"decisions\" list of {}:\n",
            decisions.shown()
        )
    };
    let quoted = |s: &str| serde_json::Value::from(s).to_string();
    let pair = format!("[{}, {}]", quoted(members[0]), quoted(members[1]));
    let mut choices = vec![
        format!(
            "{{\"members\": {pair}, \"decision\": \"duplicate\", \"keep\": {}, \"reason\": \"…\"}}",
            quoted(keep)
        ),
        format!("{{\"members\": {pair}, \"decision\": \"distinct\", \"reason\": \"…\"}}"),
    ];
    if related {
        choices.push(format!(
            "{{\"members\": {pair}, \"decision\": \"related\", \"reason\": \"…\"}}"
        ));
    }
    if related_first {
        choices.reverse();
    }
    for choice in choices {
        let _ = writeln!(out, "    {choice}");
    }
    out
}

fn text(
    clusters: &[Cluster],
    by_id: &HashMap<&str, &Normalized>,
    practices: usize,
    decisions: &std::path::Path,
) -> String {
    let mut out = String::new();
    for c in clusters {
        let _ = writeln!(out, "{}: {}", kind_word(c, by_id), c.members.join(", "));
        if let Some(conflict) = &c.conflict {
            let _ = writeln!(
                out,
                "  the decisions cannot all hold: {conflict}; until then every member is published"
            );
        }
        for m in &c.members {
            // Related practices are both published: there is nothing to keep.
            let marker = if m == &c.keep && c.kind != ClusterKind::Related {
                "  ← keep"
            } else {
                ""
            };
            let path = by_id
                .get(m.as_str())
                .map(|p| p.path.shown())
                .unwrap_or_default();
            let _ = writeln!(out, "  - {m} ({path}){marker}");
        }
        match c.kind {
            ClusterKind::SamePractice | ClusterKind::Related => {
                for line in evidence_lines(c) {
                    let _ = writeln!(out, "  {line}");
                }
                // A related pair is listed for information, but the search may have taken one
                // practice written twice for two (found by a tester): the editors may decide.
                if c.status != ClusterStatus::Decided {
                    out.push_str(&to_decide_in_order(
                        decisions,
                        [&c.members[0], &c.members[1]],
                        &c.keep,
                        true,
                        c.kind == ClusterKind::Related,
                    ));
                }
            }
            ClusterKind::Exact => {
                let _ = writeln!(out, "  same title, summary, body and recommendations once case, punctuation, formatting and the ways a script writes one text are set aside");
                // The same text may be another country's or body's practice: what else differs
                // is for the editors to weigh before they let one copy stand for the others.
                let first = by_id.get(c.members[0].as_str());
                for m in &c.members[1..] {
                    let (Some(a), Some(b)) = (first, by_id.get(m.as_str())) else {
                        continue;
                    };
                    let differences = other_differences(&a.practice.practice, &b.practice.practice);
                    if !differences.is_empty() {
                        let _ = writeln!(
                            out,
                            "  {} and {m} differ in: {}",
                            c.members[0],
                            differences.join("; ")
                        );
                    }
                }
            }
            ClusterKind::Near => {
                for p in &c.pairs {
                    let _ = writeln!(
                        out,
                        "  {} ~ {}: Jaccard {:.2}, containment {:.2}",
                        p.a, p.b, p.jaccard, p.containment
                    );
                    if let (Some(a), Some(b)) = (
                        by_id.get(p.a.as_str()).map(|x| &x.practice.practice),
                        by_id.get(p.b.as_str()).map(|x| &x.practice.practice),
                    ) {
                        for line in comparison_lines(a, b) {
                            let _ = writeln!(out, "    {line}");
                        }
                    }
                }
                if c.status == ClusterStatus::Undecided {
                    let p = &c.pairs[0];
                    // The practice to keep must be one of the pair: the group's choice when it is
                    // in the pair, else the pair's first (the other is then its duplicate).
                    let keep = if c.keep == p.b { &p.b } else { &p.a };
                    // One text from two holders may be an adoption: related is a fair choice.
                    let related = adopted([&p.a, &p.b], by_id);
                    out.push_str(&to_decide(decisions, [&p.a, &p.b], keep, related));
                }
            }
        }
        out.push('\n');
    }
    let exact = clusters
        .iter()
        .filter(|c| c.kind == ClusterKind::Exact)
        .count();
    let near = clusters
        .iter()
        .filter(|c| c.kind == ClusterKind::Near)
        .count();
    let same = clusters
        .iter()
        .filter(|c| c.kind == ClusterKind::SamePractice)
        .count();
    let related = clusters
        .iter()
        .filter(|c| c.kind == ClusterKind::Related)
        .count();
    let undecided = clusters
        .iter()
        .filter(|c| c.status == ClusterStatus::Undecided)
        .count();
    if same + related == 0 {
        let _ = writeln!(
            out,
            "compared {practices} practices: {exact} exact and {near} near duplicate groups ({undecided} undecided)"
        );
    } else {
        let _ = writeln!(
            out,
            "compared {practices} practices: {exact} exact and {near} near duplicate groups, {same} possible same-practice pairs, {related} related pairs ({undecided} undecided)"
        );
    }
    if undecided > 0 {
        let _ = writeln!(
            out,
            "record decisions in {}; `build --strict` refuses undecided groups",
            decisions.shown()
        );
    }
    out
}

fn markdown(clusters: &[Cluster], by_id: &HashMap<&str, &Normalized>, practices: usize) -> String {
    let mut out = String::from("# Duplicate report\n\n");
    let _ = writeln!(
        out,
        "{practices} {} compared; {} {} found.\n",
        super::render::plural(practices, "practice", "practices"),
        clusters.len(),
        super::render::plural(clusters.len(), "group", "groups")
    );
    if clusters.is_empty() {
        return out;
    }
    out.push_str(
        "| Kind | Members | Keep | Similarity | Status |\n| --- | --- | --- | --- | --- |\n",
    );
    for c in clusters {
        let kind = match c.kind {
            ClusterKind::Exact => "exact",
            ClusterKind::Near => "near",
            ClusterKind::SamePractice => "same practice",
            ClusterKind::Related => "related",
        };
        let status = match c.status {
            ClusterStatus::Automatic => "automatic",
            ClusterStatus::Decided => "decided",
            ClusterStatus::Undecided if c.conflict.is_some() => "decisions conflict",
            ClusterStatus::Undecided => "undecided",
        };
        let members: Vec<String> = c.members.iter().map(|m| format!("`{m}`")).collect();
        // Related practices are both published: there is nothing to keep.
        let keep = match c.kind {
            ClusterKind::Related => "—".to_string(),
            _ => format!("`{}`", c.keep),
        };
        let _ = writeln!(
            out,
            "| {kind} | {} | {keep} | {:.2} | {status} |",
            members.join(", "),
            c.similarity
        );
    }
    for c in clusters
        .iter()
        .filter(|c| matches!(c.kind, ClusterKind::SamePractice | ClusterKind::Related))
    {
        let _ = writeln!(
            out,
            "\n## `{}` and `{}`: {}\n",
            c.members[0],
            c.members[1],
            kind_word(c, by_id)
        );
        for line in evidence_lines(c) {
            // Two spaces of indentation are one level of the list.
            let text = line.trim_start();
            let indent = line.len() - text.len();
            let _ = writeln!(out, "{}- {}", " ".repeat(indent), markdown_line(text));
        }
    }
    for c in clusters.iter().filter(|c| c.kind == ClusterKind::Near) {
        for p in &c.pairs {
            let _ = writeln!(
                out,
                "\n## `{}` and `{}`\n\nJaccard {:.2}, containment {:.2}.\n",
                p.a, p.b, p.jaccard, p.containment
            );
            if let (Some(a), Some(b)) = (
                by_id.get(p.a.as_str()).map(|x| &x.practice.practice),
                by_id.get(p.b.as_str()).map(|x| &x.practice.practice),
            ) {
                for line in comparison_lines(a, b) {
                    let _ = writeln!(out, "- {}", markdown_line(&line));
                }
            }
        }
    }
    out
}

/// A line of the report, which quotes contributors' words, made safe to paste into Markdown:
/// every character that could open HTML, a link, an image, emphasis or a table cell is escaped,
/// so that the text shows as written. Backticks are kept: the report marks ids with them.
fn markdown_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use compendium::dedup::decisions::Decision;

    /// Rendered as Markdown (by the Markdown crate the tool uses), a line quoting a title with
    /// HTML, a link and strike-through shows the words and nothing else.
    #[test]
    fn report_lines_quote_contributors_words_without_markup() {
        let line = r#"title: "<img src=x onerror=alert(1)> [see](javascript:alert(1)) ~~old~~ a|b" → "plain""#;
        let html = comrak::markdown_to_html(
            &format!("- {}", markdown_line(line)),
            &compendium::markdown::options(),
        );
        assert!(
            !html.contains("<img") && !html.contains("<a ") && !html.contains("<del"),
            "{html}"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(html.contains("~~old~~ a|b"), "{html}");
    }

    #[test]
    fn each_line_to_decide_is_a_decision_ready_to_paste() {
        let text = to_decide(
            std::path::Path::new("dedup-decisions.json"),
            ["a \"quoted\" id", "b"],
            "b",
            true,
        );
        let lines: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(lines.len(), 3);
        for line in lines {
            let d: Decision = serde_json::from_str(line.trim()).unwrap();
            assert_eq!(d.members, ["a \"quoted\" id", "b"]);
            assert_eq!(d.keep.is_some(), line.contains("duplicate"));
        }
    }
}
