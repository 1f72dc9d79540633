//! `compendium new [ID]`: start an entry. At a terminal it asks for each required field, offers
//! the allowed values and checks every answer as it is typed; otherwise (or with `--no-input`) it
//! takes the fields as flags. Either way the entry is checked against the schema before it is
//! written, and an existing file is never overwritten.

use super::{exit, print_out, InputArgs};
use compendium::error::Shown;
use compendium::model::{Area, Instrument, Lifecycle, Modality, RecommendationsBy};
use compendium::schema::Schemas;
use compendium::validate::check_fields;
use serde_json::{json, Map, Value};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

/// Arguments of `new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new entry's id (lower-case words joined by hyphens); also its file name.
    id: Option<String>,
    /// Folder to write the entry into.
    #[arg(long, value_name = "DIR", default_value = "practices")]
    dir: PathBuf,
    /// Never ask questions; take every field from the flags.
    #[arg(long)]
    no_input: bool,
    /// Write the entry as Markdown (fields in a front matter, the description as the text,
    /// recommendations as a list under `## Recommendations`) instead of JSON.
    #[arg(long)]
    markdown: bool,
    /// Ask questions even when standard input is not a terminal (answers are read line by line).
    #[arg(long, conflicts_with = "no_input")]
    interactive: bool,
    /// One-line title (10–200 characters).
    #[arg(long, allow_hyphen_values = true)]
    title: Option<String>,
    /// Plain-text summary (40–600 characters).
    #[arg(long, allow_hyphen_values = true)]
    summary: Option<String>,
    /// The description in Markdown (100–20,000 characters).
    #[arg(long, allow_hyphen_values = true)]
    body: Option<String>,
    /// Read the description from this file.
    #[arg(long, value_name = "FILE", conflicts_with = "body")]
    body_file: Option<PathBuf>,
    /// An actionable step (repeat for several).
    #[arg(
        long = "recommendation",
        value_name = "TEXT",
        allow_hyphen_values = true
    )]
    recommendations: Vec<String>,
    /// Whose words the recommendations are: source, editors or both.
    #[arg(long, value_name = "WHO")]
    recommendations_by: Option<String>,
    /// Field of use: counter-terrorism, border-management, law-enforcement, criminal-justice,
    /// identity-management, humanitarian, aviation-security or military.
    #[arg(long)]
    area: Option<String>,
    /// A biometric modality (repeat for several): face, fingerprint, iris, dna, voice, palm,
    /// vein, gait, signature or other.
    #[arg(long = "modality", value_name = "MODALITY")]
    modalities: Vec<String>,
    /// A lifecycle stage (repeat for several): planning, collection, storage, matching, sharing,
    /// retention, deletion, oversight or redress.
    #[arg(long = "lifecycle", value_name = "STAGE")]
    lifecycle: Vec<String>,
    /// ISO 3166-1 alpha-2 code, EU or INT.
    #[arg(long)]
    jurisdiction: Option<String>,
    /// The body that applies the practice.
    #[arg(long)]
    organization: Option<String>,
    /// The kind of instrument that establishes the practice: law, regulation, court-decision,
    /// regulator-decision, policy, standard, guidance, operational-practice or report.
    #[arg(long, value_name = "KIND")]
    instrument: Option<String>,
    /// A principle id from schema/principles.json (repeat for several).
    #[arg(long = "principle", value_name = "ID")]
    principles: Vec<String>,
    /// Title of the main source.
    #[arg(long)]
    source_title: Option<String>,
    /// Publisher of the main source.
    #[arg(long)]
    source_publisher: Option<String>,
    /// Year of the main source.
    #[arg(long, value_name = "YEAR")]
    source_year: Option<String>,
    /// https:// address of the main source.
    #[arg(long)]
    source_url: Option<String>,
    /// Your name.
    #[arg(long)]
    contributor: Option<String>,
    /// Your organisation.
    #[arg(long)]
    contributor_organization: Option<String>,
    /// Your e-mail address.
    #[arg(long)]
    contributor_email: Option<String>,
    /// Submission date, YYYY-MM-DD [default: today, or SOURCE_DATE_EPOCH's date when set]
    #[arg(long)]
    submitted: Option<String>,
    /// BCP 47 language tag of the texts (en, fr, es …) [default: en; asked at a terminal]
    #[arg(long)]
    language: Option<String>,
    /// SPDX licence id.
    #[arg(long, default_value = "CC-BY-4.0")]
    license: String,
    /// Editorial status.
    #[arg(long, default_value = "draft")]
    status: String,
}

/// Today's date (UTC), or SOURCE_DATE_EPOCH's when it is set, as YYYY-MM-DD.
fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// One question of the form.
struct Question {
    field: &'static str,
    prompt: &'static str,
    choices: Vec<&'static str>,
    list: bool,
    optional: bool,
}

fn questions() -> Vec<Question> {
    let q = |field, prompt, choices: Vec<&'static str>, list, optional| Question {
        field,
        prompt,
        choices,
        list,
        optional,
    };
    vec![
        q(
            "id",
            "Id (lower-case words joined by hyphens, e.g. eu-ees-retention-limits)",
            vec![],
            false,
            false,
        ),
        q(
            "language",
            "Language the texts are written in: en, fr, es, or another BCP 47 tag (empty for en)",
            vec![],
            false,
            true,
        ),
        q(
            "title",
            "Title (one line, 10–200 characters)",
            vec![],
            false,
            false,
        ),
        q(
            "summary",
            "Summary (plain text, 40–600 characters)",
            vec![],
            false,
            false,
        ),
        q(
            "body",
            "Description (Markdown, 100–20,000 characters; empty lines separate paragraphs; end with a line holding only a full stop `.`)",
            vec![],
            false,
            false,
        ),
        q(
            "recommendations",
            "Recommendations (one per line; end with an empty line)",
            vec![],
            true,
            false,
        ),
        q(
            "recommendations_by",
            "Whose words are the recommendations: source (the source itself requires or recommends them), editors (yours, from the source's facts), or both",
            RecommendationsBy::ALL.iter().map(|r| r.as_str()).collect(),
            false,
            false,
        ),
        q(
            "area",
            "Area",
            Area::ALL.iter().map(|a| a.as_str()).collect(),
            false,
            false,
        ),
        q(
            "modalities",
            "Modalities (separate with commas)",
            Modality::ALL.iter().map(|m| m.as_str()).collect(),
            true,
            false,
        ),
        q(
            "lifecycle",
            "Lifecycle stages (separate with commas)",
            Lifecycle::ALL.iter().map(|l| l.as_str()).collect(),
            true,
            false,
        ),
        q(
            "jurisdiction",
            "Jurisdiction (GB, FR, KE…, EU or INT)",
            vec![],
            false,
            false,
        ),
        q(
            "organization",
            "Organization that applies the practice",
            vec![],
            false,
            false,
        ),
        q(
            "instrument",
            "Kind of instrument that establishes the practice",
            Instrument::ALL.iter().map(|i| i.as_str()).collect(),
            false,
            false,
        ),
        q(
            "principles",
            "Principles (ids, separated with commas; empty to skip)",
            vec![],
            true,
            true,
        ),
    ]
}

/// How an answer ends: a one-line answer at its line break; a list at an empty line; a text of
/// paragraphs (the body), whose empty lines separate paragraphs, at a line holding only `.`.
#[derive(Clone, Copy, PartialEq)]
enum Ends {
    Line,
    EmptyLine,
    FullStopLine,
}

fn ask(reader: &mut dyn BufRead, prompt: &str, ends: Ends) -> anyhow::Result<Option<String>> {
    eprint!("{prompt}: ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line).map_err(|e| {
            if e.kind() == std::io::ErrorKind::InvalidData {
                anyhow::anyhow!(
                    "an answer is not UTF-8 text (the terminal or the file sends another encoding); nothing was written"
                )
            } else {
                anyhow::anyhow!("the answers could not be read ({e}); nothing was written")
            }
        })?;
        if read == 0 {
            return Ok(if answer.is_empty() {
                None
            } else {
                Some(answer.trim_end().to_string())
            });
        }
        let line = line.trim_end_matches(['\n', '\r']);
        let done = match ends {
            Ends::Line => return Ok(Some(line.trim().to_string())),
            Ends::EmptyLine => line.trim().is_empty(),
            Ends::FullStopLine => line.trim() == ".",
        };
        if done {
            return Ok(Some(answer.trim_end().to_string()));
        }
        // Empty lines before the first paragraph are nothing typed yet.
        if answer.is_empty() && line.trim().is_empty() {
            continue;
        }
        answer.push_str(line);
        answer.push('\n');
    }
}

/// A recommendation without the list marker a contributor may type before it (`- `, `* `, `+ `,
/// `2. `, `2) `) or paste from a word processor (`• `, `– `, `▪ `, a bullet and a tab): the
/// entry makes the list, and a kept marker would be published as part of the text (found by
/// testers: `- - Publish …`, then `1. • Carry out …`).
fn without_list_marker(text: &str) -> &str {
    let text = text.trim();
    let pasted = text
        .strip_prefix([
            '•', '◦', '▪', '▫', '●', '○', '■', '□', '►', '▶', '➢', '✓', '✔', '·', '–', '—',
            // Word's Symbol-font bullet, as it pastes into plain text.
            '\u{F0B7}',
        ])
        .filter(|rest| rest.starts_with([' ', '\t', '\u{a0}']));
    if let Some(rest) = pasted {
        return rest.trim_start_matches([' ', '\t', '\u{a0}']);
    }
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = match text.as_bytes() {
        [b'-' | b'*' | b'+', b' ', ..] => 2,
        _ if digits > 0
            && text[digits..].starts_with(['.', ')'])
            && text[digits + 1..].starts_with(' ') =>
        {
            digits + 2
        }
        _ => 0,
    };
    text[marker..].trim_start()
}

fn to_value(q: &Question, answer: &str) -> Value {
    if !q.list {
        return Value::String(answer.trim().to_string());
    }
    let items: Vec<Value> = if q.field == "recommendations" {
        answer
            .lines()
            .map(without_list_marker)
            .filter(|l| !l.is_empty())
            .map(|l| Value::String(l.to_string()))
            .collect()
    } else {
        answer
            .split([',', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Value::String(s.to_string()))
            .collect()
    };
    Value::Array(items)
}

/// Where the entry goes, for the checks `interview` makes as each answer is typed.
struct Destination<'a> {
    dir: &'a std::path::Path,
    markdown: bool,
}

/// What is wrong with an answer that the schema accepts but the entry could not take: an id
/// whose file exists, a body that a Markdown entry could not hold. Asked at once, so that no
/// answer typed after it is lost.
fn answer_refused(field: &str, entry: &Map<String, Value>, to: &Destination<'_>) -> Option<String> {
    match field {
        "id" => {
            let id = entry.get("id")?.as_str()?;
            let path = taken(to.dir, id)?;
            Some(in_use(&path, id))
        }
        "body" if to.markdown => {
            let mut probe = entry.clone();
            probe.insert("recommendations".into(), json!(["A recommendation."]));
            let probe = Value::Object(probe);
            let text = compendium::load::markdown::to_markdown(&probe);
            let lost = compendium::load::markdown::lost_in_markdown(&probe, &text);
            lost.contains(&"body".to_string()).then(|| {
                format!(
                    "as a Markdown entry, {}",
                    compendium::load::markdown::describe_lost(&probe, &["body".to_string()])
                )
            })
        }
        _ => None,
    }
}

fn interview(
    entry: &mut Map<String, Value>,
    schemas: &Schemas,
    to: &Destination<'_>,
    reader: &mut dyn BufRead,
) -> anyhow::Result<()> {
    eprintln!("New practice entry. Each answer is checked as you type it; press Ctrl-C to stop.\n");
    for q in questions() {
        if entry.contains_key(q.field) {
            continue;
        }
        if !q.choices.is_empty() {
            eprintln!("  allowed: {}", q.choices.join(", "));
        }
        if q.field == "principles" {
            let ids: Vec<&str> = schemas.taxonomy.ids().collect();
            eprintln!("  allowed: {}", ids.join(", "));
        }
        // Recommendations accepted while another was refused: kept, not typed again.
        let mut kept: Vec<Value> = Vec::new();
        loop {
            let ends = match q.field {
                "body" => Ends::FullStopLine,
                "recommendations" => Ends::EmptyLine,
                _ => Ends::Line,
            };
            let Some(answer) = ask(reader, q.prompt, ends)? else {
                anyhow::bail!(
                    "the answers ended before the entry was complete; nothing was written"
                );
            };
            if answer.is_empty() && q.optional {
                break;
            }
            let mut value = to_value(&q, &answer);
            if let Value::Array(items) = &mut value {
                items.splice(0..0, kept.drain(..));
            }
            entry.insert(q.field.to_string(), value);
            let problems = check_fields(&Value::Object(entry.clone()), &[q.field], schemas);
            if problems.is_empty() {
                match answer_refused(q.field, entry, to) {
                    None => break,
                    Some(why) => eprintln!("  not accepted: {why}"),
                }
            } else {
                report_answer_problems(&problems);
            }
            let refused = entry.remove(q.field);
            if q.field == "recommendations" {
                // Keep the recommendations nothing was said about; ask for the others.
                let bad: Vec<String> = problems.iter().map(|p| p.pointer.clone()).collect();
                // The ones before the first refused are kept, in their order; that one and those
                // after it are typed again (a problem with the list as a whole keeps none).
                if let Some(Value::Array(items)) = refused {
                    let first_bad = (0..items.len())
                        .find(|i| {
                            bad.iter().any(|p| {
                                p == "/recommendations" || *p == format!("/recommendations/{i}")
                            })
                        })
                        .unwrap_or(0);
                    kept = items.into_iter().take(first_bad).collect();
                }
                if !kept.is_empty() {
                    eprintln!(
                        "  kept the first {} recommendation(s); type recommendation {} again and any after it, then an empty line",
                        kept.len(),
                        kept.len() + 1
                    );
                }
            }
        }
    }
    Ok(())
}

/// Questions for one source: (key, prompt, optional, integer).
const SOURCE_QUESTIONS: [(&str, &str, bool, bool); 4] = [
    ("title", "Main source: title", false, false),
    ("publisher", "Main source: publisher", false, false),
    ("year", "Main source: year", false, true),
    (
        "url",
        "Main source: https:// address (empty to skip)",
        true,
        false,
    ),
];

/// Questions about the contributor.
const CONTRIBUTOR_QUESTIONS: [(&str, &str, bool, bool); 3] = [
    ("name", "Your name", false, false),
    (
        "organization",
        "Your organisation (empty to skip)",
        true,
        false,
    ),
    ("email", "Your e-mail address (empty to skip)", true, false),
];

/// Asks for the members of a nested object (a source, the contributor), checking each answer.
fn interview_nested(
    entry: &mut Map<String, Value>,
    field: &str,
    object: &mut Map<String, Value>,
    questions: &[(&str, &str, bool, bool)],
    schemas: &Schemas,
    reader: &mut dyn BufRead,
) -> anyhow::Result<()> {
    for (key, prompt, optional, integer) in questions {
        if object.contains_key(*key) {
            continue;
        }
        loop {
            let Some(answer) = ask(reader, prompt, Ends::Line)? else {
                anyhow::bail!(
                    "the answers ended before the entry was complete; nothing was written"
                );
            };
            if answer.is_empty() && *optional {
                break;
            }
            let value = match (integer, answer.parse::<i64>()) {
                (true, Ok(n)) => json!(n),
                _ => json!(answer),
            };
            object.insert(key.to_string(), value);
            let wrapped = if field == "sources" {
                json!([object.clone()])
            } else {
                Value::Object(object.clone())
            };
            let mut probe = entry.clone();
            probe.insert(field.to_string(), wrapped);
            let pointer_part = if field == "sources" {
                format!("{field}/0/{key}")
            } else {
                format!("{field}/{key}")
            };
            let problems: Vec<_> = check_fields(&Value::Object(probe), &[field], schemas)
                .into_iter()
                .filter(|d| d.pointer == format!("/{pointer_part}"))
                .collect();
            if problems.is_empty() {
                break;
            }
            report_answer_problems(&problems);
            object.remove(*key);
        }
    }
    Ok(())
}

fn report_answer_problems(problems: &[compendium::Diagnostic]) {
    for p in problems {
        match &p.hint {
            Some(h) => eprintln!("  not accepted: {} ({h})", p.message),
            None => eprintln!("  not accepted: {}", p.message),
        }
    }
}

/// The flag that sets a field.
fn flag_for(field: &str) -> &'static str {
    match field {
        "id" => "the ID argument",
        "title" => "--title",
        "summary" => "--summary",
        "body" => "--body or --body-file",
        "recommendations" => "--recommendation (once per step)",
        "area" => "--area",
        "modalities" => "--modality (once per modality)",
        "lifecycle" => "--lifecycle (once per stage)",
        "jurisdiction" => "--jurisdiction",
        "organization" => "--organization",
        "recommendations_by" => "--recommendations-by",
        "instrument" => "--instrument",
        "sources" => "--source-title, --source-publisher and --source-year",
        "contributor" => "--contributor",
        "language" => "--language",
        _ => "its flag (see compendium new --help)",
    }
}

/// The entry file of `id` already in `dir`, in either form (two files with one id are an
/// error), or anything else with one of those names.
fn taken(dir: &std::path::Path, id: &str) -> Option<std::path::PathBuf> {
    let here = ["json", "md"]
        .iter()
        .map(|extension| dir.join(format!("{id}.{extension}")))
        .find(|path| path.symlink_metadata().is_ok());
    here.or_else(|| used_in_corpus(dir, id))
}

/// An entry file elsewhere in the corpus whose name is the id (an entry's file is named by its
/// id): the corpus is the `practices` folder that `dir` is in, or `dir` itself. Without this, `new` wrote a second entry with the id of
/// one in `practices/eu/`, `validate` of the new file passed, and only the whole corpus's check
/// refused it (found by a tester).
fn used_in_corpus(dir: &std::path::Path, id: &str) -> Option<std::path::PathBuf> {
    let corpus = dir
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "practices"))
        .unwrap_or(dir);
    if !corpus.is_dir() {
        return None;
    }
    compendium::load::discover(&[corpus.to_path_buf()])
        .ok()?
        .into_iter()
        .find(|file| {
            file.file_stem().is_some_and(|stem| stem == id)
                && file
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("md"))
        })
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    // The texts may start with a hyphen (`--recommendation "- Publish …"`, a list item as
    // typed: clap refused it with a tip about `--`); a text that is a flag's name is then a
    // flag whose text was left out.
    let texts = [
        ("--title", args.title.as_slice()),
        ("--summary", args.summary.as_slice()),
        ("--body", args.body.as_slice()),
        ("--recommendation", args.recommendations.as_slice()),
    ];
    for (flag, values) in texts {
        if let Some(value) = values
            .iter()
            .find(|v| v.starts_with("--") && !v.contains(char::is_whitespace))
        {
            eprintln!(
                "compendium: error: {flag} was followed by `{}`, which looks like another flag: give the text right after {flag}; nothing was written",
                compendium::error::one_line(value)
            );
            return Ok(exit::FAILURE);
        }
    }
    let schemas = InputArgs::with_schemas(None, None).schemas()?;
    let mut entry = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            entry.insert(k.to_string(), v);
        }
    };
    let body = match &args.body_file {
        // Read as an editor shows it: without the byte order mark some editors save first, and
        // with Windows (CRLF) or old Mac (CR) line endings made ordinary ones, as in the entry.
        Some(f) => {
            // A description is at most 20,000 characters: a file far larger is the wrong file,
            // refused before it is read whole (found by a tester: a 200 MB file exhausted the
            // memory).
            let text = compendium::load::read_regular_text(f, compendium::load::MAX_FILE_BYTES)
                .map_err(|e| {
                    anyhow::anyhow!(
                        "{}: {e}{}",
                        f.shown(),
                        if e.kind() == std::io::ErrorKind::FileTooLarge {
                            " (a description may be at most 20,000 characters)"
                        } else {
                            ""
                        }
                    )
                })?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Some(text.replace("\r\n", "\n").replace('\r', "\n"))
        }
        None => args.body.clone(),
    };
    let strings = |v: &[String]| (!v.is_empty()).then(|| json!(v));
    put("id", args.id.clone().map(Value::String));
    put("title", args.title.clone().map(Value::String));
    put("summary", args.summary.clone().map(Value::String));
    put("body", body.map(Value::String));
    let recommendations: Vec<String> = args
        .recommendations
        .iter()
        .map(|r| without_list_marker(r).to_string())
        .collect();
    put("recommendations", strings(&recommendations));
    put("area", args.area.clone().map(Value::String));
    put("modalities", strings(&args.modalities));
    put("lifecycle", strings(&args.lifecycle));
    put("jurisdiction", args.jurisdiction.clone().map(Value::String));
    put("organization", args.organization.clone().map(Value::String));
    put("instrument", args.instrument.clone().map(Value::String));
    put(
        "recommendations_by",
        args.recommendations_by.clone().map(Value::String),
    );
    put("principles", strings(&args.principles));
    put("language", args.language.clone().map(Value::String));

    super::refuse_unmeant_place(&args.dir, Some(&args.dir), "--dir")?;
    let interactive = args.interactive || (!args.no_input && std::io::stdin().is_terminal());
    if let Some(path) = args.id.as_deref().and_then(|id| taken(&args.dir, id)) {
        return Ok(refuse_existing(&path));
    }
    if interactive {
        let stdin = std::io::stdin();
        let to = Destination {
            dir: &args.dir,
            markdown: args.markdown,
        };
        // A description given as a flag is checked before any question, as a typed one is at
        // its question (found by a reviewer: every answer was lost after the last one).
        if entry.contains_key("body") {
            if let Some(why) = answer_refused("body", &entry, &to) {
                eprintln!(
                    "compendium: error: {why}: mend the description, or write the entry without --markdown; nothing was asked or written"
                );
                return Ok(exit::PROBLEMS);
            }
        }
        interview(&mut entry, &schemas, &to, &mut stdin.lock())?;
    }
    let mut source = Map::new();
    let mut put_source = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            source.insert(k.to_string(), v);
        }
    };
    put_source("title", args.source_title.clone().map(Value::String));
    put_source(
        "publisher",
        args.source_publisher.clone().map(Value::String),
    );
    // Read here rather than by the argument parser, whose "invalid digit found in string" was
    // all a contributor got for `--source-year "2017 "` (found by a tester).
    let year = args.source_year.as_deref().map(str::trim);
    match year.map(|y| y.parse::<i64>()) {
        Some(Ok(y)) => put_source("year", Some(json!(y))),
        Some(Err(_)) => {
            eprintln!(
                "compendium: error: --source-year takes the year the source was published, in digits, such as 2017; `{}` is not one; nothing was written",
                compendium::error::one_line(year.unwrap_or_default())
            );
            return Ok(exit::PROBLEMS);
        }
        None => {}
    }
    put_source("url", args.source_url.clone().map(Value::String));
    let mut contributor = Map::new();
    if let Some(n) = &args.contributor {
        contributor.insert("name".into(), json!(n));
    }
    if let Some(o) = &args.contributor_organization {
        contributor.insert("organization".into(), json!(o));
    }
    if let Some(e) = &args.contributor_email {
        contributor.insert("email".into(), json!(e));
    }
    if interactive {
        let stdin = std::io::stdin();
        let mut reader = stdin.lock();
        interview_nested(
            &mut entry,
            "sources",
            &mut source,
            &SOURCE_QUESTIONS,
            &schemas,
            &mut reader,
        )?;
        interview_nested(
            &mut entry,
            "contributor",
            &mut contributor,
            &CONTRIBUTOR_QUESTIONS,
            &schemas,
            &mut reader,
        )?;
    }
    if !source.is_empty() {
        entry.insert("sources".into(), json!([source]));
    }
    if !contributor.is_empty() {
        entry.insert("contributor".into(), Value::Object(contributor));
    }
    entry.insert(
        "submitted".into(),
        json!(args.submitted.clone().unwrap_or_else(today)),
    );
    entry.entry("language").or_insert_with(|| json!("en"));
    entry.insert("license".into(), json!(args.license));
    entry.insert("status".into(), json!(args.status));

    // Check the whole entry before anything is written.
    let fields: Vec<&str> = compendium::model::FIELD_ORDER.to_vec();
    let mut problems = check_fields(&Value::Object(entry.clone()), &fields, &schemas);
    let required = schemas.practice["required"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for r in required.iter().filter_map(Value::as_str) {
        if !entry.contains_key(r) {
            problems.push(compendium::Diagnostic::new(
                compendium::Code::MissingField,
                "<new entry>",
                format!("/{r}"),
                format!("`{r}` is missing: give it with {}", flag_for(r)),
            ));
        }
    }
    // A part of the source or of the contributor is named by the flag that gives it, as the
    // other fields are (found by a tester: "source 1 lacks the required field `title`").
    for p in &mut problems {
        if p.code != compendium::Code::MissingField {
            continue;
        }
        let missing = p.message.split('`').nth(1).unwrap_or_default().to_string();
        let flag = match (p.pointer.as_str(), missing.as_str()) {
            ("/sources/0", "title" | "publisher" | "year" | "url") => {
                format!("--source-{missing}")
            }
            ("/contributor", "name") => "--contributor".to_string(),
            _ => continue,
        };
        let whose = if p.pointer == "/contributor" {
            "contributor's"
        } else {
            "source's"
        };
        p.message = format!("the {whose} `{missing}` is missing: give it with {flag}");
        p.hint = None;
    }
    // A warning does not stop the entry being written (answers typed at the prompts would be
    // lost): it is said after.
    let (warnings, problems): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .partition(|p| p.severity == compendium::Severity::Warning);
    if !problems.is_empty() {
        report_answer_problems(&problems);
        eprintln!("compendium: error: the entry is not complete or not valid; nothing was written");
        return Ok(exit::PROBLEMS);
    }
    let id = entry["id"].as_str().unwrap_or_default().to_string();
    let extension = if args.markdown { "md" } else { "json" };
    let path = args.dir.join(format!("{id}.{extension}"));
    let value = Value::Object(entry.clone());
    let reference = (!args.markdown)
        .then(|| super::schema_reference(&args.dir))
        .flatten();
    let text = if args.markdown {
        compendium::load::markdown::to_markdown(&value)
    } else {
        compendium::load::entry_json(&value, reference.as_deref())
    };
    // Answers typed at the prompts are never lost: when the entry cannot be written after all
    // (its name taken meanwhile, a full disk), it is printed for the user to save (found by a
    // tester: every answer was gone).
    let keep_answers = |entry: &str, name: &str| {
        if interactive {
            eprintln!(
                "compendium: the entry was not written; your answers are not lost: the entry follows on standard output, to save as a file named {name}"
            );
            print_out(entry);
        }
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    if let Some(existing) = taken(&args.dir, &id) {
        let code = refuse_existing(&existing);
        keep_answers(&text, &name);
        return Ok(code);
    }
    // A Markdown entry whose body leaves a code block or an HTML block open would read back
    // with the recommendations inside the body: refused, as `convert` refuses it.
    if args.markdown {
        let lost = compendium::load::markdown::lost_in_markdown(&value, &text);
        if !lost.is_empty() {
            eprintln!(
                "compendium: error: as a Markdown entry, {}: mend it, or write the entry without --markdown; nothing was written",
                compendium::load::markdown::describe_lost(&value, &lost)
            );
            // The answers, as a JSON entry, which holds them all (found by a reviewer).
            keep_answers(
                &compendium::load::entry_json(&value, None),
                &format!("{id}.json"),
            );
            return Ok(exit::PROBLEMS);
        }
    }
    let made = match compendium::output::make_folders(&args.dir) {
        Ok(made) => made,
        Err(e) => {
            eprintln!(
                "compendium: error: {}: cannot be made a folder for the entry ({e}); nothing was written (give another folder with --dir)",
                args.dir.shown()
            );
            keep_answers(&text, &name);
            return Ok(exit::FAILURE);
        }
    };
    // Written whole or not at all, and never over a file (or a link) that appeared meanwhile.
    if let Err(e) = compendium::output::write_new_file(&path, text.as_bytes()) {
        // A folder made for the entry goes with it.
        compendium::output::remove_made_folders(&made);
        let code = if matches!(e, compendium::Error::AlreadyExists { .. }) {
            refuse_existing(&path)
        } else {
            eprintln!("compendium: error: {e}");
            exit::FAILURE
        };
        keep_answers(&text, &name);
        return Ok(code);
    }
    // Said, not left out silently (found by a tester: the README promises the line); only of
    // an entry written.
    if !args.markdown && reference.is_none() && !super::ui().quiet {
        eprintln!(
            "compendium: note: the entry has no `$schema` line, which lets an editor check it as you type: run `new` from the compendium's folder (where schema/ is), writing inside it, to get the line"
        );
    }
    if !super::ui().quiet {
        print_out(&format!(
            "wrote {}\ncheck it with: compendium validate {}\n",
            path.shown(),
            shell_quoted(&path.shown())
        ));
    }
    for w in &warnings {
        let field = w.pointer.trim_start_matches('/');
        match &w.hint {
            Some(h) => eprintln!(
                "compendium: warning: {}: {h}, in {} (or remove it and run `new` again with {})",
                w.message,
                path.shown(),
                flag_for(field)
            ),
            None => eprintln!("compendium: warning: {}", w.message),
        }
    }
    Ok(exit::OK)
}

/// Says that an entry with the chosen id exists and gives the exit code of a refusal to overwrite
/// (2, as `convert` gives).
fn refuse_existing(path: &std::path::Path) -> u8 {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    eprintln!(
        "compendium: error: {} (nothing was written or overwritten)",
        in_use(path, &id)
    );
    exit::FAILURE
}

/// Why an id cannot be taken: its file exists (an entry of that id, or someone's file of that
/// name: a tester's notes file was called another entry), or a folder has its name.
fn in_use(path: &std::path::Path, id: &str) -> String {
    let id = compendium::error::one_line(id);
    if path.is_dir() {
        return format!(
            "{} is a folder, so no entry of that name can be written: choose another id than `{id}`, or rename the folder",
            path.shown()
        );
    }
    // Whether the file is the entry `id` or someone's notes, `new` never writes over it (a
    // guess at which it is would be wrong in some case: found by a reviewer).
    format!(
        "{} already exists, and `new` never writes over a file (ids are unique in the corpus): choose another id than `{id}`, or move that file",
        path.shown()
    )
}

/// A path as a shell reads it back: in single quotes when it holds anything but letters, digits
/// and `/._-` (found by a tester: a folder named "minhas entradas" made the command fail).
fn shell_quoted(path: &str) -> String {
    if !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    /// The command `new` suggests works when pasted into a shell.
    #[test]
    fn a_path_is_quoted_for_the_shell_when_it_must_be() {
        use super::shell_quoted;
        assert_eq!(
            shell_quoted("practices/fr/a-b.json"),
            "practices/fr/a-b.json"
        );
        assert_eq!(shell_quoted("ação/a.json"), "ação/a.json");
        assert_eq!(
            shell_quoted("minhas entradas/a.json"),
            "'minhas entradas/a.json'"
        );
        assert_eq!(shell_quoted("l'été/a.json"), "'l'\\''été/a.json'");
    }

    #[test]
    fn a_typed_list_marker_is_not_part_of_the_recommendation() {
        for (typed, kept) in [
            ("- Publish the period.", "Publish the period."),
            ("* Publish the period.", "Publish the period."),
            ("2. Publish the period.", "Publish the period."),
            ("10) Publish the period.", "Publish the period."),
            ("2020 figures are published.", "2020 figures are published."),
            ("-5 degrees is cold.", "-5 degrees is cold."),
            ("-", "-"),
            ("3.", "3."),
            ("• Carry out an assessment.", "Carry out an assessment."),
            ("–\tDo not collect DNA.", "Do not collect DNA."),
            ("▪\u{a0}Publish the period.", "Publish the period."),
            ("\u{F0B7}\tPublish the period.", "Publish the period."),
            ("•Publish", "•Publish"),
            ("o sistema é auditado.", "o sistema é auditado."),
        ] {
            assert_eq!(super::without_list_marker(typed), kept, "{typed:?}");
        }
    }
}
