//! `compendium tag`: principle suggestions with their evidence, and where they disagree with what
//! contributors declared; `--report` describes the lexicon's behaviour on the corpus.

use super::{exit, print_out, render, EntryArgs, InputArgs};
use clap::ValueEnum;
use compendium::error::Shown;
use compendium::evaluate::{evaluate, Evaluation, MIN_SUPPORT};
use compendium::tag::model;
use compendium::tag::{
    lexicon_report, EvidenceOptions, LexiconReport, TagResult, Tagger, MODEL_STEM_LETTERS,
};
use compendium::{pipeline, tag, validate};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Output formats of `tag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TagFormat {
    /// For people.
    Text,
    /// For scripts.
    Json,
    /// One row per practice and principle.
    Csv,
}

/// Arguments of `tag`: the inputs of the other commands that read entries but `--decisions`
/// (tags do not depend on the editors' duplicate decisions).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    entries: EntryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: TagFormat,
    /// Instead of tags, report on the lexicon: how often each term fires, terms that never fire,
    /// and principles that overlap most.
    #[arg(long, conflicts_with_all = ["evaluate", "train"])]
    report: bool,
    /// Instead of tags, measure the suggestions against labels: a JSON file
    /// `{"<id>": ["principle", …]}` of what careful readers found each practice embodies.
    /// Per-principle precision, recall, F1 and support, and the macro-F1 over the principles with
    /// at least 4 labelled practices. Practices missing from the labels are skipped and counted.
    #[arg(long, value_name = "LABELS", conflicts_with = "train")]
    evaluate: Option<std::path::PathBuf>,
    /// Instead of tags, learn the model from labels (same form as --evaluate): how much each
    /// lexicon and cue counts for each principle, and the probability from which each principle
    /// is suggested and published (a precision of 0.9 on held-out practices). Prints it as JSON:
    /// the content of schema/tag-model.json.
    #[arg(long, value_name = "LABELS")]
    train: Option<std::path::PathBuf>,
    /// Weigh the evidence with this model (made by --train) instead of the shipped one.
    #[arg(long, value_name = "FILE")]
    model: Option<std::path::PathBuf>,
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    let input = InputArgs::without_decisions(args.entries.clone());
    if args.evaluate.is_some() && args.format == TagFormat::Csv {
        anyhow::bail!(
            "`tag --evaluate` writes text or JSON, not CSV: use --format text or --format json"
        );
    }
    let (schemas, files) = input.schemas_and_files();
    let schemas = schemas?;
    let mut tagger = Tagger::new(&schemas.taxonomy);
    if let Some(path) = &args.model {
        let text =
            std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.shown()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let model: model::Model = serde_json::from_str(text).map_err(|e| {
            anyhow::anyhow!(
                "{}: not a tagging model ({}); make one with `compendium tag --train LABELS PATH…`",
                path.shown(),
                compendium::error::plain_json_error(text, &e)
            )
        })?;
        // Models made before the words were shared by the languages name them `word:en:…`.
        let by_language = model
            .principles
            .values()
            .flat_map(|m| m.weights.keys())
            .any(|name| name.strip_prefix("word:").is_some_and(|w| w.contains(':')));
        if by_language {
            anyhow::bail!(
                "{}: made by an earlier version of compendium (its words are named by language); make it again with `compendium tag --train LABELS PATH…`",
                path.shown()
            );
        }
        if model.word_letters != MODEL_STEM_LETTERS {
            anyhow::bail!(
                "{}: made by an earlier version of compendium (its words are cut to {} letters, this version's to {}); make it again with `compendium tag --train LABELS PATH…`",
                path.shown(),
                model.word_letters,
                MODEL_STEM_LETTERS
            );
        }
        tagger = tagger.with_model(&model);
    }
    let files = files?;
    let unknown = tagger.unknown_to_model();
    if args.train.is_none() && !unknown.is_empty() {
        eprintln!("compendium: warning: {}", unknown_to_model_note(&unknown));
    }
    // Gather only the evidence the output shows: the lexicon report counts terms and shows none;
    // text shows four items per principle, CSV every item, neither the snippets; JSON everything.
    let measuring = args.report || args.evaluate.is_some() || args.train.is_some();
    let evidence = match (measuring, args.format) {
        (true, _) => EvidenceOptions::NONE,
        (false, TagFormat::Text) => EvidenceOptions {
            max_items: TEXT_EVIDENCE,
            snippets: false,
        },
        (false, TagFormat::Csv) => EvidenceOptions {
            snippets: false,
            ..EvidenceOptions::FULL
        },
        (false, TagFormat::Json) => EvidenceOptions::FULL,
    };
    let (report, practices) = pipeline::practices(&files, &schemas, validate::Scope::Part, &|| {});
    report_errors(&report);
    if let Some(labels) = &args.train {
        let labels_read = read_labels(labels, &schemas.taxonomy)?;
        let mut samples: Vec<(String, _)> = practices
            .iter()
            .map(|p| {
                let features = tagger.features(&p.practice.practice, &p.body_text);
                (p.practice.practice.id.clone(), features)
            })
            .collect();
        samples.sort_by(|a, b| a.0.cmp(&b.0));
        let mut command = format!("compendium tag --train {}", labels.shown());
        for path in input.paths() {
            command.push(' ');
            command.push_str(&path.shown());
        }
        let names = tagger.feature_names();
        let model = model::train(&samples, &names, &labels_read, &schemas.taxonomy, &command);
        // A principle with too few labelled practices gets no model: say which, since the model
        // will then never suggest them and `tag --model` would call their declarations
        // unsupported.
        let unlearned: Vec<&str> = schemas
            .taxonomy
            .principles
            .iter()
            .map(|p| p.id.as_str())
            .filter(|id| !model.principles.contains_key(*id))
            .collect();
        if !unlearned.is_empty() {
            eprintln!(
                "compendium: warning: {} of {} principles are labelled on fewer than {} of the practices read, too few to learn from, and the model will never suggest them: {}",
                unlearned.len(),
                schemas.taxonomy.principles.len(),
                model::FOLDS,
                unlearned.join(", ")
            );
        }
        print_out(&pretty(&model)?);
        return Ok(exit_code(&report));
    }
    let mut results = compendium::timing::stage("tag", || tag::all(&tagger, &practices, evidence));
    results.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(labels) = &args.evaluate {
        let labelled = read_labels(labels, &schemas.taxonomy)?;
        let published = evaluate_against(&labelled, &results, &schemas.taxonomy, true);
        let all = evaluate_against(&labelled, &results, &schemas.taxonomy, false);
        print_out(&match args.format {
            TagFormat::Json => pretty(&serde_json::json!({
                "published": published,
                "all_suggestions": all,
            }))?,
            _ => evaluation_text(&published, &all, labels, &labelled, &results),
        });
        return Ok(exit_code(&report));
    }
    if !args.report && args.format == TagFormat::Text {
        let mut out = compendium::timing::stage("render", || {
            let blocks: Vec<String> = results.par_iter().map(text_block).collect();
            blocks.concat()
        });
        let disagreements = results.iter().filter(|r| disagrees(r)).count();
        let not_read: String = unread_notes(&results)
            .iter()
            .map(|n| format!("; {n}"))
            .collect();
        let _ = writeln!(
            out,
            "tagged {} {}; {disagreements} {} from what their contributors declared{not_read}",
            results.len(),
            render::plural(results.len(), "practice", "practices"),
            render::plural(disagreements, "differs", "differ"),
        );
        print_out(&out);
        return Ok(exit_code(&report));
    }
    let notes = unread_notes(&results);
    if !args.report && !notes.is_empty() && !super::ui().quiet {
        // The text output ends with these; a CSV would otherwise leave such practices out
        // without a word (found by a tester), and JSON marks them only practice by practice.
        eprintln!("compendium: note: {}", notes.join("; "));
    }
    let out = compendium::timing::stage("render", || -> anyhow::Result<String> {
        Ok(if args.report {
            let lexicon = lexicon_report(&tagger, &results);
            match args.format {
                TagFormat::Json => pretty(&lexicon)?,
                _ => report_text(&lexicon),
            }
        } else {
            match args.format {
                TagFormat::Json => pretty(&Practices {
                    practices: &results,
                })?,
                TagFormat::Csv | TagFormat::Text => csv(&results)?,
            }
        })
    })?;
    compendium::timing::stage("print", || print_out(&out));
    Ok(exit_code(&report))
}

/// The id of a practice read that a labelled id was likely meant to be: a close spelling, or
/// the one id that begins with it (a long id cut short) or that it begins with.
fn near_id<'a>(missing: &str, ids: &[&'a str]) -> Option<&'a str> {
    validate::closest(missing, ids).or_else(|| {
        let mut starting = ids
            .iter()
            .filter(|id| id.starts_with(missing) || missing.starts_with(**id));
        match (starting.next(), starting.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

/// The warning for principles of the taxonomy that the model has no weights for (found by a
/// tester: a principle an editor added was "not supported by the text" of a practice all about
/// it, and a renamed one vanished from every suggestion without a word).
pub fn unknown_to_model_note(unknown: &[impl AsRef<str>]) -> String {
    let one = unknown.len() == 1;
    let names: Vec<&str> = unknown.iter().map(AsRef::as_ref).collect();
    format!(
        "the tagging model has no weights for {} {} of the taxonomy ({}): the tagger never suggests {}, and does not judge {} declarations; to weigh {}, learn a model from labelled practices (`compendium tag --train LABELS PATH… > model.json`) and use it with `tag --model model.json` (`build` uses the shipped model)",
        unknown.len(),
        if one { "principle" } else { "principles" },
        names.join(", "),
        if one { "it" } else { "them" },
        if one { "its" } else { "their" },
        if one { "it" } else { "them" },
    )
}

/// What the summary says of the practices the tagger did not read: in a language it does not
/// read, or written in another script than their `language`.
fn unread_notes(results: &[TagResult]) -> Vec<String> {
    let (mut languages, other_script): (Vec<&str>, Vec<&str>) = results
        .iter()
        .filter_map(|r| r.language_not_read.as_deref())
        .partition(|l| !compendium::tag::reads_language(l));
    let mut notes = Vec::new();
    let unread = languages.len();
    languages.sort_unstable();
    languages.dedup();
    if unread > 0 {
        notes.push(format!(
            "{unread} {} not read, in a language the tagger does not read ({})",
            render::plural(unread, "practice", "practices"),
            languages.join(", ")
        ));
    }
    if !other_script.is_empty() {
        let n = other_script.len();
        notes.push(format!(
            "{n} {} not read, written in another script than {} `language`",
            render::plural(n, "practice", "practices"),
            if n == 1 { "its" } else { "their" }
        ));
    }
    notes
}

/// Reads a labels file: practice id → principle ids. A label that is not a principle of the
/// taxonomy refuses the file, as an id labelled twice does: dropped, it would count its
/// practice as not embodying the principle meant (found by a tester: a misspelt label moved
/// recall from 0.18 to 0.67, and the run ended as if all was well).
fn read_labels(
    path: &std::path::Path,
    taxonomy: &compendium::model::Taxonomy,
) -> anyhow::Result<BTreeMap<String, Vec<String>>> {
    let text = compendium::load::read_regular_text(path, compendium::load::MAX_SIDE_FILE_BYTES)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.shown()))?;
    // A file saved with a byte order mark (as Notepad does) reads the same without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let labels: Labels = serde_json::from_str(text).map_err(|e| {
        anyhow::anyhow!(
            "{}: not a labels file ({}); write one JSON object mapping each practice id to the list of its principle ids",
            path.shown(),
            compendium::error::plain_json_error(text, &e)
        )
    })?;
    let unknown: Vec<(&String, &String)> = labels
        .0
        .iter()
        .flat_map(|(id, principles)| principles.iter().map(move |p| (id, p)))
        .filter(|(_, p)| taxonomy.get(p).is_none())
        .collect();
    for (id, p) in &unknown {
        eprintln!(
            "compendium: error: {}: label `{p}` of `{id}` is not a principle of the taxonomy{}",
            path.shown(),
            did_you_mean(p, taxonomy)
        );
    }
    if !unknown.is_empty() {
        anyhow::bail!(
            "{}: {} of the taxonomy (above), and would count {} as not embodying the principle meant; correct {}, or give with --principles the taxonomy that has {}",
            path.shown(),
            match unknown.len() {
                1 => "a label is not a principle".to_string(),
                n => format!("{n} labels are not principles"),
            },
            if unknown.len() == 1 { "its practice" } else { "their practices" },
            if unknown.len() == 1 { "it" } else { "them" },
            if unknown.len() == 1 { "it" } else { "them" },
        );
    }
    Ok(labels.0)
}

/// A labels file: practice id → principle ids. An id named twice is refused, as a key written
/// twice in an entry is: one of the two lists would be lost without a word.
struct Labels(BTreeMap<String, Vec<String>>);

impl<'de> serde::Deserialize<'de> for Labels {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Labels, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Labels;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object mapping each practice id to a list of principle ids")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Labels, A::Error> {
                let mut labels = BTreeMap::new();
                while let Some((id, principles)) = map.next_entry::<String, Vec<String>>()? {
                    if labels.contains_key(&id) {
                        return Err(serde::de::Error::custom(format!(
                            "`{id}` is labelled twice, so one of its two lists would be lost"
                        )));
                    }
                    labels.insert(id, principles);
                }
                Ok(Labels(labels))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// Compares the suggestions (the published ones, or all) with labels.
fn evaluate_against(
    labels: &BTreeMap<String, Vec<String>>,
    results: &[TagResult],
    taxonomy: &compendium::model::Taxonomy,
    published_only: bool,
) -> Evaluation {
    let suggested: BTreeMap<String, Vec<String>> = results
        .iter()
        .map(|r| {
            let principles = r
                .suggested
                .iter()
                .filter(|s| s.published || !published_only)
                .map(|s| s.principle.clone())
                .collect();
            (r.id.clone(), principles)
        })
        .collect();
    evaluate(&suggested, labels, taxonomy)
}

/// ` (did you mean `x`?)` after a principle id that is not in the taxonomy, when one is close.
/// A principle written by its name or a term in any language (`vie privée`) is found too.
fn did_you_mean(id: &str, taxonomy: &compendium::model::Taxonomy) -> String {
    let ids: Vec<&str> = taxonomy.principles.iter().map(|p| p.id.as_str()).collect();
    validate::named_in_taxonomy(id, taxonomy)
        .map(|(near, _, _)| near)
        .or_else(|| validate::closest(id, &ids))
        .map(|near| format!(" (did you mean `{near}`?)"))
        .unwrap_or_default()
}

/// The evaluation as a table for people: the published suggestions in full, then the summary
/// of all suggestions (candidates included).
fn evaluation_text(
    e: &Evaluation,
    all: &Evaluation,
    labels: &std::path::Path,
    labelled: &BTreeMap<String, Vec<String>>,
    results: &[TagResult],
) -> String {
    let figure = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.2}"));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "published suggestions against {}: {} labelled practices",
        labels.shown(),
        e.practices
    );
    if e.skipped_unlabelled > 0 {
        let n = e.skipped_unlabelled;
        let noun = if n == 1 { "practice" } else { "practices" };
        let _ = writeln!(out, "skipped {n} {noun} that the labels do not mention");
    }
    if !e.labels_without_practice.is_empty() {
        let n = e.labels_without_practice.len();
        let (noun, verb) = if n == 1 {
            ("id", "was")
        } else {
            ("ids", "were")
        };
        let _ = writeln!(
            out,
            "{n} labelled {noun} {verb} not among the practices read (first: {})",
            e.labels_without_practice[0]
        );
        // An id written slightly wrong, as the decisions file's ids are offered.
        let ids: Vec<&str> = results.iter().map(|r| r.id.as_str()).collect();
        for (missing, near) in e
            .labels_without_practice
            .iter()
            .filter_map(|m| near_id(m, &ids).map(|near| (m, near)))
            .take(5)
        {
            let _ = writeln!(out, "  `{missing}`: did you mean `{near}`?");
        }
    }
    // On an entry that declares principles only suggestions that repeat them are published
    // (step 4 of the README's Tags), so the published figures partly measure the declarations
    // (found by a tester, whose published precision fell from 0.91 to 0.81 without them).
    let declaring = results
        .iter()
        .filter(|r| !r.declared.is_empty() && labelled.contains_key(&r.id))
        .count();
    if declaring > 0 {
        let _ = writeln!(
            out,
            "{declaring} of the labelled practices declare principles: on {}, a suggestion is published only where it repeats what {} or its parent, so the published figures partly measure the declarations; to measure the tagger alone, evaluate copies without `principles`",
            if declaring == 1 { "it" } else { "those" },
            if declaring == 1 { "it declares" } else { "they declare" },
        );
    }
    let _ = writeln!(
        out,
        "\n{:<28} {:>7} {:>9} {:>9} {:>6} {:>5}",
        "principle", "support", "suggested", "precision", "recall", "F1"
    );
    for p in &e.principles {
        let _ = writeln!(
            out,
            "{:<28} {:>7} {:>9} {:>9} {:>6} {:>5}",
            p.principle,
            p.support,
            p.suggested,
            figure(p.precision),
            figure(p.recall),
            figure(p.f1)
        );
    }
    let _ = writeln!(
        out,
        "\nmacro-F1 over the {} principles with at least {MIN_SUPPORT} labelled practices: {}",
        e.macro_f1_over,
        figure(e.macro_f1)
    );
    let _ = writeln!(
        out,
        "precision of the published suggestions: {}; recall of all labels: {}",
        figure(e.precision),
        figure(e.recall)
    );
    let _ = writeln!(
        out,
        "with the candidates (suggestions not published): macro-F1 {}, precision {}, recall {}",
        figure(all.macro_f1),
        figure(all.precision),
        figure(all.recall)
    );
    out
}

fn pretty<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

/// Evidence items shown per principle in text output.
const TEXT_EVIDENCE: usize = 4;

/// The JSON shape of `tag`, serialized straight from the results (building a `Value` tree of a
/// large corpus first cost a quarter of the run).
#[derive(serde::Serialize)]
struct Practices<'a> {
    practices: &'a [TagResult],
}

fn disagrees(r: &TagResult) -> bool {
    !r.unsupported.is_empty() || !r.undeclared.is_empty()
}

fn report_errors(report: &validate::Report) {
    if report.has_errors() {
        eprint!(
            "{}",
            render::diagnostics(&report.diagnostics, super::Format::Text)
        );
        eprintln!("compendium: the entries with errors above were not tagged");
    }
}

fn exit_code(report: &validate::Report) -> u8 {
    if report.has_errors() {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}

fn text_block(r: &TagResult) -> String {
    let mut out = String::with_capacity(1024);
    {
        let _ = writeln!(out, "{}", r.id);
        let _ = writeln!(out, "  declared:  {}", list(&r.declared));
        if !r.implied.is_empty() {
            let _ = writeln!(out, "  implied:   {}", r.implied.join(", "));
        }
        if let Some(language) = &r.language_not_read {
            let why = if compendium::tag::reads_language(language) {
                format!("marked `{language}`, but its text is written mostly in another script (`validate` says which)")
            } else {
                format!("written in `{language}`, and the tagger reads English, French and Spanish only")
            };
            let _ = writeln!(
                out,
                "  not read: {why}; it suggests nothing, and the declared principles are kept as declared\n"
            );
            return out;
        }
        let suggested: Vec<String> = r
            .suggested
            .iter()
            .map(|s| {
                let candidate = match (s.published, s.held_back) {
                    (true, _) => "",
                    // Carried by the edition as declared, or as the parent of a declared facet.
                    (false, _) if r.declared.contains(&s.principle) => ", declared",
                    (false, _) if r.implied.contains(&s.principle) => ", implied",
                    (false, _) if r.refused.contains(&s.principle) => ", refused",
                    (false, true) => {
                        ", candidate: not declared; the tagger's additions to declared principles \
                         are too rarely right to publish"
                    }
                    (false, false) => ", candidate",
                };
                format!("{} ({:.2}{candidate})", s.principle, s.score)
            })
            .collect();
        let _ = writeln!(out, "  suggested: {}", list(&suggested));
        for s in &r.suggested {
            let ev: Vec<String> = s
                .evidence
                .iter()
                .take(TEXT_EVIDENCE)
                .map(|e| {
                    let from = match e.source.as_str() {
                        "" => String::new(),
                        own if own == s.principle => String::new(),
                        "word" => ", a word".to_string(),
                        cue if cue.starts_with("cue:") => format!(", cue {}", &cue[4..]),
                        other => format!(", {other} term"),
                    };
                    format!("\"{}\" ({}{from}, +{:.2})", e.text, e.field, e.weight)
                })
                .collect();
            let _ = writeln!(out, "    {}: {}", s.principle, ev.join(", "));
        }
        // Said of the tagger, not of the text: a text that names a principle the model weighs
        // too little is not "unsupported" to a lawyer (found by a tester).
        if !r.unsupported.is_empty() {
            let _ = writeln!(
                out,
                "  declared, but too little in the text for the tagger to suggest: {}",
                r.unsupported.join(", ")
            );
        }
        if !r.undeclared.is_empty() {
            let _ = writeln!(
                out,
                "  supported by the text but not declared: {}",
                r.undeclared.join(", ")
            );
        }
        out.push('\n');
    }
    out
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".to_string()
    } else {
        items.join(", ")
    }
}

fn csv(results: &[TagResult]) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record([
        "id",
        "principle",
        "declared",
        "suggested",
        "published",
        "score",
        "evidence",
    ])?;
    for r in results {
        let mut principles: Vec<&str> = r.declared.iter().map(String::as_str).collect();
        principles.extend(r.implied.iter().map(String::as_str));
        for s in &r.suggested {
            if !principles.contains(&s.principle.as_str()) {
                principles.push(&s.principle);
            }
        }
        for p in principles {
            let s = r.suggested.iter().find(|s| s.principle == p);
            let evidence: Vec<String> = s
                .map(|s| {
                    s.evidence
                        .iter()
                        .map(|e| format!("{}: {} (+{:.2})", e.field, e.text, e.weight))
                        .collect()
                })
                .unwrap_or_default();
            let declared = if r.declared.iter().any(|d| d == p) {
                "yes"
            } else {
                "no"
            };
            let score = s.map(|s| s.score.to_string()).unwrap_or_default();
            let suggested = if s.is_some() { "yes" } else { "no" };
            // What the edition carries: every declared principle, the parents of declared
            // facets, and the suggestions published (the others are candidates).
            let implied = r.implied.iter().any(|i| i == p);
            let published = if declared == "yes" || implied || s.is_some_and(|s| s.published) {
                "yes"
            } else {
                "no"
            };
            w.write_record([
                r.id.as_str(),
                p,
                declared,
                suggested,
                published,
                &score,
                &evidence.join("; "),
            ])?;
        }
    }
    Ok(String::from_utf8(
        w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?,
    )?)
}

fn report_text(r: &LexiconReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "lexicon report over {} practices\n", r.practices);
    let _ = writeln!(out, "suggested per principle:");
    for (p, n) in &r.suggested {
        let _ = writeln!(out, "  {p}: {n}");
    }
    let _ = writeln!(out, "\nterms that fired (practices):");
    for t in &r.terms {
        let _ = writeln!(out, "  {}: \"{}\" {}", t.principle, t.term, t.practices);
    }
    let _ = writeln!(out, "\nterms that never fired: {}", r.never_fired.len());
    for t in &r.never_fired {
        let _ = writeln!(out, "  {}: \"{}\"", t.principle, t.term);
    }
    let _ = writeln!(out, "\nprinciples suggested together most often:");
    for o in &r.overlaps {
        let _ = writeln!(
            out,
            "  {} + {}: {} practices (Jaccard {:.2})",
            o.a, o.b, o.both, o.jaccard
        );
    }
    out
}
