//! `compendium new`: flags or questions, checked answers, never an overwrite.

use crate::{bin, succeed};
use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;

const FLAGS: &[&str] = &[
    "--no-input",
    "--title",
    "Published retention schedule for border fingerprints",
    "--summary",
    "The agency publishes how long it keeps fingerprints and deletes them on time.",
    "--body",
    "The agency keeps a public retention schedule for each category of record and deletes records automatically when the period ends.\n\nEach deletion is logged.",
    "--recommendation",
    "Publish the retention period for each category of record.",
    "--area",
    "border-management",
    "--modality",
    "fingerprint",
    "--lifecycle",
    "retention",
    "--jurisdiction",
    "GB",
    "--organization",
    "Example border agency",
    "--instrument",
    "policy",
    "--recommendations-by",
    "editors",
    "--source-title",
    "Example retention policy",
    "--source-publisher",
    "Example border agency",
    "--source-year",
    "2024",
    "--contributor",
    "Ana Example",
    "--submitted",
    "2026-11-01",
];

/// [`FLAGS`] without the description (`--body` and its text) and without the flags `leave_out`
/// names: what a test gives beside a description of its own, or typed answers.
fn flags_without(leave_out: &[&str]) -> Vec<&'static str> {
    FLAGS
        .iter()
        .copied()
        .enumerate()
        .filter(|&(i, f)| {
            f != "--body" && (i == 0 || FLAGS[i - 1] != "--body") && !leave_out.contains(&f)
        })
        .map(|(_, f)| f)
        .collect()
}

/// Runs `args` in `dir` with `answers` typed on standard input, one a line.
fn answer(dir: &std::path::Path, args: &[&str], answers: &[&str]) -> std::process::Output {
    let mut child = bin()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all((answers.join("\n") + "\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Found by a tester: a `--dir` that is a symbolic link leading nowhere was called a thing that
/// "exists and is not a folder".
#[cfg(unix)]
#[test]
fn new_names_a_folder_link_that_leads_nowhere() {
    let tmp = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("missing", tmp.path().join("drafts")).unwrap();
    let out = bin()
        .current_dir(tmp.path())
        .args(["new", "my-practice", "--dir", "drafts"])
        .args(FLAGS)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("is a symbolic link that leads nowhere"),
        "{stderr}"
    );
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "only the link: nothing was written");
    assert!(!tmp.path().join("missing").exists());
}

#[test]
fn new_from_flags_writes_a_valid_entry_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    succeed(
        bin()
            .current_dir(tmp.path())
            .args(["new", "my-practice"])
            .args(FLAGS),
    );
    let path = tmp.path().join("practices/my-practice.json");
    let entry: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(entry["status"], "draft");
    assert_eq!(entry["license"], "CC-BY-4.0");
    assert_eq!(entry["language"], "en");
    assert_eq!(entry["sources"][0]["year"], 2024);
    succeed(
        bin()
            .current_dir(tmp.path())
            .args(["validate", "practices"]),
    );

    let before = std::fs::read(&path).unwrap();
    let again = bin()
        .current_dir(tmp.path())
        .args(["new", "my-practice"])
        .args(FLAGS)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    // Marked as an error, as every other command's refusals are (found by a tester).
    assert!(String::from_utf8_lossy(&again.stderr).starts_with("compendium: error: "));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // The same id as a Markdown entry would be a second file with one id: refused too.
    let markdown = bin()
        .current_dir(tmp.path())
        .args(["new", "my-practice", "--markdown"])
        .args(FLAGS)
        .output()
        .unwrap();
    assert_eq!(markdown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&markdown.stderr).contains("my-practice.json already exists"));
    assert!(!tmp.path().join("practices/my-practice.md").exists());
    // An entry with the id in a sub-folder of the corpus: ids are unique in the whole corpus,
    // so a second one is refused, from the corpus folder or from a folder inside it (found by
    // a tester: `new` wrote it, `validate` of the new file passed, and `build` refused).
    std::fs::create_dir_all(tmp.path().join("practices/eu")).unwrap();
    std::fs::rename(&path, tmp.path().join("practices/eu/my-practice.json")).unwrap();
    for dir in ["practices", "practices/new"] {
        let elsewhere = bin()
            .current_dir(tmp.path())
            .args(["new", "my-practice", "--dir", dir])
            .args(FLAGS)
            .output()
            .unwrap();
        assert_eq!(elsewhere.status.code(), Some(2), "{dir}");
        assert!(
            String::from_utf8_lossy(&elsewhere.stderr)
                .contains("practices/eu/my-practice.json already exists"),
            "{dir}: {}",
            String::from_utf8_lossy(&elsewhere.stderr)
        );
    }
    assert!(!path.exists());
    assert!(!tmp.path().join("practices/new").exists());
}

/// The `$schema` line leads from the entry's folder to the schema however the folder is named:
/// `practices/eu/..` is `practices/`, one level down.
#[test]
fn new_points_to_the_schema_from_a_folder_named_with_dot_dot() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("schema")).unwrap();
    std::fs::create_dir_all(tmp.path().join("practices/eu")).unwrap();
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/practice.schema.json"),
        tmp.path().join("schema/practice.schema.json"),
    )
    .unwrap();
    succeed(
        bin()
            .current_dir(tmp.path())
            .args(["new", "my-practice", "--dir", "practices/eu/.."])
            .args(FLAGS),
    );
    let entry: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("practices/my-practice.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(entry["$schema"], "../schema/practice.schema.json");
}

/// `new --help` lists, for each flag that takes one of a fixed set of values, every value the
/// schema allows (found by a tester: `--area`, `--modality` and `--lifecycle` listed none).
#[test]
fn new_help_lists_the_allowed_values_of_each_flag() {
    let help = succeed(bin().args(["new", "--help"]));
    let help = String::from_utf8_lossy(&help.stdout).replace('\n', " ");
    let help: String = help.split_whitespace().collect::<Vec<_>>().join(" ");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/practice.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for (field, flag) in [
        ("area", "--area"),
        ("modalities", "--modality"),
        ("lifecycle", "--lifecycle"),
        ("instrument", "--instrument"),
        ("recommendations_by", "--recommendations-by"),
    ] {
        let rule = &schema["properties"][field];
        let allowed = rule.get("enum").unwrap_or(&rule["items"]["enum"]);
        // The flag's own paragraph: from the flag to the next flag.
        let start = help
            .find(&format!("{flag} <"))
            .unwrap_or_else(|| panic!("{flag}: {help}"));
        let rest = &help[start + flag.len()..];
        let paragraph = &rest[..rest.find(" --").unwrap_or(rest.len())];
        for value in allowed.as_array().unwrap() {
            let value = value.as_str().unwrap();
            let named = paragraph
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .any(|w| w == value);
            assert!(named, "{flag} does not list `{value}`: {paragraph}");
        }
    }
}

/// A description file is read as an editor shows it: no byte order mark, ordinary line endings
/// (found by a tester: the mark became the body's first character, and a file with CR line
/// endings was refused as a Markdown entry for a code block it did not have).
#[test]
fn new_reads_a_description_file_as_an_editor_shows_it() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "The agency keeps a public retention schedule for each category of record.\r\rRecords are deleted automatically when the period ends, and each deletion is logged.\r";
    std::fs::write(tmp.path().join("body.txt"), format!("\u{feff}{body}")).unwrap();
    let flags = flags_without(&[]);
    succeed(
        bin()
            .current_dir(tmp.path())
            .args([
                "new",
                "from-a-file",
                "--markdown",
                "--body-file",
                "body.txt",
            ])
            .args(&flags),
    );
    let text = std::fs::read_to_string(tmp.path().join("practices/from-a-file.md")).unwrap();
    assert!(
        !text.contains('\r') && !text.contains('\u{feff}'),
        "{text:?}"
    );
    assert!(
        text.contains("each category of record.\n\nRecords are deleted"),
        "{text:?}"
    );
}

/// A description file far larger than any description is refused before it is read (found by
/// a tester: a 200 MB file exhausted the memory), and nothing is written.
#[test]
fn new_refuses_a_huge_description_file_before_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    let big = std::fs::File::create(tmp.path().join("export.txt")).unwrap();
    big.set_len(300 * 1024 * 1024).unwrap();
    let flags = flags_without(&[]);
    let out = bin()
        .current_dir(tmp.path())
        .args(["new", "from-a-file", "--body-file", "export.txt"])
        .args(&flags)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("export.txt: the file is 314572800 bytes, more than the 1048576 bytes")
            && stderr.contains("a description may be at most 20,000 characters"),
        "{stderr}"
    );
    assert!(!tmp.path().join("practices").exists());
}

/// When the entry cannot be written after the questions (here its folder cannot be made: a
/// file has that name), the answers are printed for the user to save, not lost (found by a
/// tester: a name taken meanwhile, or a full disk, lost every answer).
#[test]
fn new_keeps_the_answers_when_the_entry_cannot_be_written() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("batch"), "a file, not a folder").unwrap();
    let flags = flags_without(&["--no-input"]);
    let answers = [
        "", // language: en
        "Typed at the prompt: the agency keeps a public retention schedule for each category of record, and deletes them on time.",
        ".",
        "", // no principles
        "", // no address
        "", // no organisation
        "", // no e-mail
    ];
    let args: Vec<&str> = ["new", "typed-entry", "--interactive", "--dir", "batch/sub"]
        .into_iter()
        .chain(flags.iter().copied())
        .collect();
    let out = answer(tmp.path(), &args, &answers);
    let err = String::from_utf8_lossy(&out.stderr);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("your answers are not lost"), "{err}");
    assert!(
        printed.contains("Typed at the prompt: the agency keeps"),
        "{printed}"
    );
    assert!(printed.contains("\"id\": \"typed-entry\""), "{printed}");
    assert!(!err.contains("$schema"), "{err}");
}

/// In Markdown, a description that would swallow the recommendations is refused at its
/// question, not after the last one (found by a tester: every answer was lost).
#[test]
fn new_refuses_a_markdown_description_as_it_is_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let flags = flags_without(&["--no-input"]);
    let answers = [
        "", // language: en
        "The agency keeps a public retention schedule for each category of record, quoted here:",
        "",
        "```",
        "Article 34 - retention periods for each category of record, deleted when they end.",
        ".",
        "The agency keeps a public retention schedule for each category of record and deletes records on time.",
        ".",
        "", // no principles
        "", // no address
        "", // no organisation
        "", // no e-mail
    ];
    let args: Vec<&str> = ["new", "typed-body", "--interactive", "--markdown"]
        .into_iter()
        .chain(flags.iter().copied())
        .collect();
    let out = answer(tmp.path(), &args, &answers);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.matches("not accepted").count(), 1, "{err}");
    assert!(err.contains("code block"), "{err}");
    let text = std::fs::read_to_string(tmp.path().join("practices/typed-body.md")).unwrap();
    assert!(text.contains("deletes records on time."), "{text}");
    // Given as a flag, it is refused before the first question (found by a reviewer).
    let given = bin()
        .current_dir(tmp.path())
        .args(["new", "flag-body", "--interactive", "--markdown", "--body"])
        .arg(format!("{}\n\n```\n{}", answers[1], answers[4]))
        .args(&flags)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&given.stderr);
    assert_eq!(given.status.code(), Some(1), "{err}");
    assert!(
        err.contains("nothing was asked or written") && !err.contains("Language"),
        "{err}"
    );
}

#[test]
fn new_without_required_flags_says_which_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let run = bin()
        .current_dir(tmp.path())
        .args(["new", "x-y-z", "--no-input", "--title", "Too short"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("`title` is 9 characters long"), "{err}");
    assert!(err.contains("give it with --summary"), "{err}");
    assert!(err.contains("--source-title"), "{err}");
    assert!(!tmp.path().join("practices/x-y-z.json").exists());
}

/// Flags as a contributor types them (found by a tester): a recommendation written as a list
/// item, a year with a space after it; plain words for a year that is no number, for a source
/// without its title, and for a flag whose text was left out.
#[test]
fn new_takes_texts_as_typed_and_names_the_flags() {
    let tmp = tempfile::tempdir().unwrap();
    // FLAGS with some values replaced, and some flags left out with their values.
    let with = |changes: &[(&str, Option<&str>)]| -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < FLAGS.len() {
            let flag = FLAGS[i];
            match changes.iter().find(|(f, _)| *f == flag) {
                Some((_, Some(value))) => out.extend([flag.to_string(), value.to_string()]),
                Some((_, None)) => {}
                None if flag == "--no-input" => {
                    out.push(flag.to_string());
                    i += 1;
                    continue;
                }
                None => out.extend([flag.to_string(), FLAGS[i + 1].to_string()]),
            }
            i += 2;
        }
        out
    };
    let run = |id: &str, flags: Vec<String>| {
        bin()
            .current_dir(tmp.path())
            .args(["new", id])
            .args(flags)
            .output()
            .unwrap()
    };
    let typed = run(
        "as-typed",
        with(&[
            (
                "--recommendation",
                Some("- Publish the retention period for each category."),
            ),
            ("--source-year", Some("2024 ")),
        ]),
    );
    assert_eq!(
        typed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&typed.stderr)
    );
    let entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("practices/as-typed.json")).unwrap())
            .unwrap();
    assert_eq!(
        entry["recommendations"][0],
        "Publish the retention period for each category."
    );
    assert_eq!(entry["sources"][0]["year"], 2024);

    let refused = |id: &str, flags: Vec<String>, code: i32, words: &str| {
        let out = run(id, flags);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(code), "{stderr}");
        assert!(stderr.contains(words), "{stderr}");
        assert!(!stderr.contains("invalid digit"), "{stderr}");
        assert!(!tmp.path().join(format!("practices/{id}.json")).exists());
    };
    refused(
        "no-year",
        with(&[("--source-year", Some("twenty"))]),
        1,
        "--source-year takes the year the source was published, in digits",
    );
    refused(
        "no-source-title",
        with(&[("--source-title", None)]),
        1,
        "the source's `title` is missing: give it with --source-title",
    );
    let mut flags = with(&[("--title", None)]);
    flags.insert(0, "--title".into());
    refused(
        "no-title",
        flags,
        2,
        "--title was followed by `--no-input`, which looks like another flag",
    );
}

/// A block left open in a Markdown body, or recommendations written as a numbered list, get one
/// finding each, where the cause is, not also "missing" or "empty" (found by a tester); `new
/// --markdown` names the open block and its line.
#[test]
fn markdown_slips_around_the_recommendations_get_one_finding_each() {
    let tmp = tempfile::tempdir().unwrap();
    succeed(
        bin()
            .current_dir(tmp.path())
            .args(["new", "slips", "--markdown"])
            .args(FLAGS),
    );
    let path = tmp.path().join("practices/slips.md");
    let entry = std::fs::read_to_string(&path).unwrap();
    let heading = entry.find("## Recommendations").unwrap();
    let check = |text: String, words: &str| {
        std::fs::write(&path, text).unwrap();
        let out = bin()
            .current_dir(tmp.path())
            .args(["--color", "never", "validate", "practices/slips.md"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert_eq!(stdout.matches("error[").count(), 1, "{stdout}");
        assert!(stdout.contains(words), "{stdout}");
    };
    for (opened, close) in [
        ("<!-- to check with the agency", "-->"),
        ("<pre>", "</pre>"),
    ] {
        let text = format!("{}{opened}\n\n{}", &entry[..heading], &entry[heading..]);
        check(text, &format!("never closed with `{close}`"));
    }
    let numbered = entry.replace("\n- ", "\n1. ");
    assert_ne!(numbered, entry);
    check(numbered, "not a numbered list");

    std::fs::remove_file(&path).unwrap();
    let mut flags: Vec<&str> = FLAGS.to_vec();
    let body = flags.iter().position(|f| *f == "--body").unwrap() + 1;
    let open_body = format!("{}\n\n<!-- a note", flags[body]);
    flags[body] = &open_body;
    let out = bin()
        .current_dir(tmp.path())
        .args(["new", "slips", "--markdown"])
        .args(&flags)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the HTML comment `<!--` on line 5 of the description is never closed"),
        "{stderr}"
    );
    assert!(!path.exists());
}

#[test]
fn new_asks_checks_each_answer_and_writes_the_entry() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("practices")).unwrap();
    std::fs::write(tmp.path().join("practices/taken-practice.md"), "mine").unwrap();
    let answers = [
        "taken-practice",                                     // its file exists: asked again at once
        "asked-practice",
        "French",                                             // not a language tag: asked again
        "fr",
        "Short",                                              // title too short: asked again
        "Trained examiners confirm every automated match",    // title
        "No automated match leads to action until a trained examiner has confirmed it.",
        "Face recognition returns candidates, not identifications. A trained examiner compares each",
        "candidate with the probe image and records the decision and the features relied on.",
        "",                                                   // a paragraph break, kept
        "The examiner's notes go to the case file.",
        ".",                                                  // end of body
        "Require a trained examiner to confirm every match.",
        "Too short",                                          // refused; the first one is kept
        "",
        "Publish how many matches examiners reject each year.",
        "",                                                   // end of recommendations
        "their words",                                        // not a choice: asked again
        "both",
        "policing",                                           // not an area: asked again
        "law-enforcement",
        "face",
        "matching, oversight",
        "gb",                                                 // lower case: asked again
        "GB",
        "Example police force",
        "operational-practice",
        "human-review, proportionalty",                       // typo: asked again
        "human-review",
        "Example procedure",
        "Example police force",
        "2025",
        "",                                                   // no url
        "Ana Example",
        "",
        "",
    ];
    let out = answer(
        tmp.path(),
        &["new", "--interactive", "--submitted", "2026-11-01"],
        &answers,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("allowed: counter-terrorism, border-management"),
        "{err}"
    );
    assert_eq!(err.matches("not accepted").count(), 8, "{err}");
    assert!(
        err.contains("not accepted: practices/taken-practice.md already exists, and `new` never writes over a file"),
        "{err}"
    );
    assert!(err.contains("kept the first 1 recommendation(s)"), "{err}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("practices/taken-practice.md")).unwrap(),
        "mine"
    );
    assert!(
        err.contains("did you mean `law-enforcement`?") || err.contains("policing"),
        "{err}"
    );
    assert!(err.contains("did you mean `GB`?"), "{err}");
    assert!(err.contains("did you mean `proportionality`?"), "{err}");
    let entry: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("practices/asked-practice.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        entry["lifecycle"],
        serde_json::json!(["matching", "oversight"])
    );
    assert_eq!(entry["principles"], serde_json::json!(["human-review"]));
    assert_eq!(
        entry["recommendations"],
        serde_json::json!([
            "Require a trained examiner to confirm every match.",
            "Publish how many matches examiners reject each year."
        ])
    );
    assert_eq!(entry["language"], "fr");
    assert!(entry["body"]
        .as_str()
        .unwrap()
        .ends_with("\ncandidate with the probe image and records the decision and the features relied on.\n\nThe examiner's notes go to the case file."));
}

#[test]
fn new_markdown_entry_validates_and_converts_both_ways_without_loss() {
    let tmp = tempfile::tempdir().unwrap();
    succeed(
        bin()
            .current_dir(tmp.path())
            .args(["new", "md-practice", "--markdown"])
            .args(FLAGS),
    );
    let md = tmp.path().join("practices/md-practice.md");
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("---\nid: md-practice\n"), "{text}");
    assert!(
        text.contains("\n## Recommendations\n\n- Publish the retention period"),
        "{text}"
    );
    succeed(
        bin()
            .current_dir(tmp.path())
            .args(["validate", "practices"]),
    );

    // Converted in place, the entry is there twice: said so, with the fix that fits (found by
    // a tester: told to give the copy a new id).
    let beside = tmp.path().join("practices/md-practice.json");
    succeed(bin().arg("convert").arg(&md).arg("--out").arg(&beside));
    let run = bin()
        .current_dir(tmp.path())
        .args(["validate", "practices"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(
        said.contains("this is the same entry twice, in JSON and in Markdown"),
        "{said}"
    );
    std::fs::remove_file(&beside).unwrap();

    // Markdown → JSON → Markdown gives back the same text; the JSON validates too.
    let json = tmp.path().join("md-practice.json");
    assert!(bin()
        .arg("convert")
        .arg(&md)
        .arg("--out")
        .arg(&json)
        .status()
        .unwrap()
        .success());
    let back = tmp.path().join("again.md");
    assert!(bin()
        .arg("convert")
        .arg(&json)
        .arg("--out")
        .arg(&back)
        .status()
        .unwrap()
        .success());
    assert_eq!(std::fs::read_to_string(&back).unwrap(), text);
    let entry: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(
        entry["recommendations"][0],
        "Publish the retention period for each category of record."
    );
    // Never overwrites: refused with exit code 2, like any write the tool will not do.
    let again = bin()
        .arg("convert")
        .arg(&md)
        .arg("--out")
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}

/// The caret under a problem sits under the culprit as a terminal shows the line: after wide
/// characters (Japanese, emoji, emoji sequences) and a combining accent, it counts display
/// columns, not characters.
#[test]
fn carets_land_under_the_culprit_after_wide_characters() {
    use unicode_width::UnicodeWidthStr;
    let tmp = tempfile::tempdir().unwrap();
    let entry = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/cmd/validate-invalid.in/practices/bad-area.json"),
    )
    .unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&entry).unwrap();
    value["area"] = serde_json::json!("nowhere-at-all");
    for (name, title) in [
        ("cjk", "生体認証データの保存期間を定める"),
        ("emoji", "Faces 👩‍👩‍👧 and prints 🖐️ kept briefly"),
        // A family joined by zero-width joiners and a flag: one glyph of two columns each.
        ("joined", "Families 👨‍👩‍👧‍👦 and flags 🇪🇺 kept apart"),
        ("accent", "Re\u{301}tention limite\u{301}e des empreintes"),
    ] {
        value["title"] = serde_json::json!(title);
        // Title and area on one line, so that the wide text comes before the culprit.
        let text = serde_json::to_string_pretty(&value).unwrap().replace(
            ",\n  \"area\": \"nowhere-at-all\"",
            ", \"area\": \"nowhere-at-all\"",
        );
        let file = tmp.path().join(format!("bad-area-{name}.json"));
        std::fs::write(&file, &text).unwrap();
        let out = bin()
            .args(["--color", "never", "validate"])
            .arg(&file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let report = format!("{stdout}{stderr}");
        let lines: Vec<&str> = report.lines().collect();
        let shown = lines
            .iter()
            .position(|l| l.contains("\"nowhere-at-all\"") && l.contains(" | "))
            .unwrap_or_else(|| panic!("{report}"));
        let source = lines[shown];
        let carets = lines[shown + 1];
        let culprit = source.find("\"nowhere-at-all\"").unwrap();
        let caret = carets.find('^').unwrap();
        assert_eq!(
            carets[..caret].width(),
            source[..culprit].width(),
            "{name}:\n{source}\n{carets}"
        );
        assert_eq!(carets.trim_end().len() - caret, "\"nowhere-at-all\"".len());
    }
}

/// A valid JSON entry whose body leaves a code block open cannot become a Markdown entry: the
/// open block would take in the recommendations written below the body. `convert` says so,
/// names what would be lost, exits 1 and writes nothing (found by fuzzing `convert`).
#[test]
fn convert_refuses_a_body_that_would_swallow_the_recommendations() {
    let (tmp, mut entry) = shipped_entry_as("open-code-block");
    let body = entry["body"].as_str().unwrap().to_string();
    entry["body"] = serde_json::json!(format!("{body}\n\n```\nA code block never closed."));
    let (code, stderr) = convert_valid(tmp.path(), &entry);
    assert_eq!(code, Some(1), "{stderr}");
    // The fence opens after the body's lines and a blank one.
    let fence_line = body.lines().count() + 2;
    assert!(
        stderr.contains(&format!(
            "the code block on line {fence_line} of the description is never closed"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(
        stderr.contains("`## Recommendations` written below it would be read as part of it"),
        "{stderr}"
    );
    assert!(!tmp.path().join("open-code-block.md").exists());
    // A recommendation a list item cannot keep as written is named for what it is, not blamed
    // on the body.
    entry["body"] = serde_json::json!(body);
    entry["recommendations"][0] = serde_json::json!("  Starts with spaces.");
    let (code, stderr) = convert_valid(tmp.path(), &entry);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`recommendations` would not read back as written (a recommendation starts or ends with white space"),
        "{stderr}"
    );
    assert!(!stderr.contains("code block"), "{stderr}");
    assert!(!tmp.path().join("open-code-block.md").exists());
}

/// A valid JSON entry whose body is long enough only with the white space at its end would
/// become a Markdown entry that does not validate (Markdown cannot keep that white space):
/// `convert` says so and writes nothing (found by the convert_fields fuzz target).
#[test]
fn convert_refuses_to_write_a_markdown_entry_that_would_not_validate() {
    let (tmp, mut entry) = shipped_entry_as("short");
    // 98 characters of words, then two line breaks: 100, the least the schema accepts.
    let words = "Records are erased when the period ends. ".repeat(3);
    let body = format!("{}\n\n", &words[..98]);
    assert_eq!(body.chars().count(), 100);
    entry["body"] = serde_json::json!(body);
    let (code, stderr) = convert_valid(tmp.path(), &entry);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("it would not validate: `body` is 98 characters long"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cannot keep the white space at the ends of the body"),
        "{stderr}"
    );
    assert!(!tmp.path().join("short.md").exists());
}

/// A shipped entry with the id `id` and no `$schema`, and a folder to write it in.
fn shipped_entry_as(id: &str) -> (tempfile::TempDir, serde_json::Value) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = root.join("practices/eu/eu-ees-fixed-retention-and-automatic-erasure.json");
    let mut entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(source).unwrap()).unwrap();
    entry.as_object_mut().unwrap().remove("$schema");
    entry["id"] = serde_json::json!(id);
    (tempfile::tempdir().unwrap(), entry)
}

/// Writes `entry` as `ID.json` in `dir`, checks that it validates, and converts it: the exit code
/// and what `convert` said.
fn convert_valid(dir: &std::path::Path, entry: &serde_json::Value) -> (Option<i32>, String) {
    let json = dir.join(format!("{}.json", entry["id"].as_str().unwrap()));
    std::fs::write(&json, serde_json::to_string_pretty(entry).unwrap()).unwrap();
    succeed(bin().arg("validate").arg(&json));
    let output = bin().arg("convert").arg(&json).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

/// Every write error says, in words, what is wrong with the path given, and writes nothing; a
/// path that does not exist is a usage error (exit 2), as for every command.
#[test]
fn convert_says_what_is_wrong_with_the_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let entry = tmp.path().join("e.json");
    std::fs::copy(
        root.join("practices/eu/eu-ees-fixed-retention-and-automatic-erasure.json"),
        &entry,
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = bin().current_dir(tmp.path()).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["convert", "missing.json"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("missing.json: no such file"), "{err}");
    let (code, err) = run(&["convert", "e.json", "--out", "folder/"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("names a folder"), "{err}");
    let (code, err) = run(&["convert", "e.json", "--out", "nowhere/e.md"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("the folder nowhere does not exist"), "{err}");
    assert!(!err.contains(".compendium-new-"), "{err}");
    // Found by a tester: only the input's own extension was refused, so a Markdown entry could be
    // written as `x.txt` or `y`, where no command reads it as one.
    // Nor `.MD` (the tool writes its own names in lower case), nor a hidden `.md` without a name.
    for name in [
        "x.txt",
        "y",
        "noext.",
        "y.json.txt",
        "e.markdown",
        "E.MD",
        ".md",
    ] {
        let (code, err) = run(&["convert", "e.json", "--out", name]);
        assert_eq!(code, Some(2), "{name}: {err}");
        assert!(
            err.contains(
                "give --out a file name with the extension .md in lower case, such as e.md"
            ),
            "{err}"
        );
    }
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "only e.json: nothing was written");
    let (code, err) = run(&["convert", "e.json", "--out", "e2.md"]);
    assert_eq!(code, Some(0), "{err}");
    // Written under another name than the id's: said at once, not first by `validate`.
    assert!(
        err.contains(
            "warning: the entry's id is `eu-ees-fixed-retention-and-automatic-erasure`, so `validate` will ask for the file to be named eu-ees-fixed-retention-and-automatic-erasure.md"
        ),
        "{err}"
    );
    let (code, err) = run(&["convert", "e2.md", "--out", "back.txt"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("the extension .json in lower case"), "{err}");
    // A folder that exists is named as a folder, not as a file that would be overwritten.
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    let (code, err) = run(&["convert", "e.json", "--out", "sub/"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("sub/: is a folder; give --out a file name"),
        "{err}"
    );
}

/// Found by a tester: `convert` dropped what the reading had set aside (the first of two
/// `summary` fields), wrote Markdown into a `.json` name, and `new --markdown` wrote an entry whose
/// body swallowed the recommendations. Each is refused now, with nothing written.
#[test]
fn contributor_tools_refuse_what_would_lose_or_hide_text() {
    let tmp = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(
        root.join("practices/eu/eu-ees-fixed-retention-and-automatic-erasure.json"),
    )
    .unwrap();
    let twice = source.replacen(
        "\"summary\":",
        "\"summary\": \"A first summary the contributor wrote, long enough to count.\",\n  \"summary\":",
        1,
    );
    assert_ne!(twice, source);
    std::fs::write(tmp.path().join("twice.json"), twice).unwrap();
    std::fs::write(tmp.path().join("e.json"), &source).unwrap();
    let run = |args: &[&str]| {
        let out = bin().current_dir(tmp.path()).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["convert", "twice.json"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("duplicate-key") && err.contains("nothing was written"),
        "{err}"
    );
    let (code, err) = run(&["convert", "e.json", "--out", "other.json"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("give --out a file name with the extension .md"),
        "{err}"
    );
    let (code, err) = run(&[&["new", "open-fence", "--markdown"][..], FLAGS]
        .concat()
        .into_iter()
        .map(|a| {
            if a.starts_with("The agency keeps a public") {
                "The agency keeps a public retention schedule for each category of record and deletes it on time.\n\n```\nA code block never closed."
            } else {
                a
            }
        })
        .collect::<Vec<_>>());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the code block on line 3 of the description is never closed"),
        "{err}"
    );
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["e.json", "twice.json"], "nothing was written");
    // The hint to rename a Markdown entry keeps its form (it said `.json`).
    let (code, err) = run(&["convert", "e.json"]);
    assert_eq!(code, Some(0), "{err}");
    let out = bin()
        .current_dir(tmp.path())
        .args(["validate", "e.md"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("rename the file to `eu-ees-fixed-retention-and-automatic-erasure.md`"),
        "{text}"
    );
}
