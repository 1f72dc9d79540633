//! What `validate` reads: files that are not regular files, symbolic links in a folder of
//! entries, and file names that are not UTF-8. Unix only: the cases need FIFOs, devices, links
//! and arbitrary bytes in file names.
#![cfg(unix)]

use crate::within_a_minute;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A folder holding `practices/` with one valid entry.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let entry = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cmd/build-small.in/practices/example-retention-schedule.json");
    std::fs::create_dir(tmp.path().join("practices")).unwrap();
    std::fs::copy(
        &entry,
        tmp.path().join("practices/example-retention-schedule.json"),
    )
    .unwrap();
    tmp
}

/// Runs `validate --format json` in `dir`, at most a minute.
fn validate(dir: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let Output { status, stdout, .. } =
        within_a_minute(dir, &[&["validate", "--format", "json"], args].concat());
    let report = serde_json::from_slice(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&stdout)));
    (status.code(), report)
}

/// (file, code) of every problem reported.
fn problems(report: &serde_json::Value) -> Vec<(String, String)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["file"].as_str().unwrap().to_string(),
                p["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_fifo_or_a_device_is_refused_without_being_read() {
    let p = project();
    let fifo = p.path().join("waiting.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let mut args = vec!["waiting.json"];
    if Path::new("/dev/zero").exists() {
        args.push("/dev/zero");
    }
    let (code, report) = validate(p.path(), &args);
    assert_eq!(code, Some(1));
    let mut found = problems(&report);
    found.sort();
    let mut expected: Vec<(String, String)> = args
        .iter()
        .map(|a| (a.to_string(), "unreadable-file".to_string()))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
    for problem in report["problems"].as_array().unwrap() {
        let message = problem["message"].as_str().unwrap();
        assert!(message.contains("not a regular file"), "{message}");
    }
}

#[test]
fn links_in_a_folder_are_read_through_and_a_broken_one_is_reported() {
    let p = project();
    let entries = p.path().join("practices");
    std::fs::create_dir(p.path().join("elsewhere")).unwrap();
    std::fs::rename(
        entries.join("example-retention-schedule.json"),
        p.path().join("elsewhere/example-retention-schedule.json"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../elsewhere/example-retention-schedule.json",
        entries.join("example-retention-schedule.json"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/nonexistent/compendium", entries.join("broken.json")).unwrap();
    // A link to a folder is not walked into: its entry is not read twice.
    std::os::unix::fs::symlink("../elsewhere", entries.join("more")).unwrap();
    let (code, report) = validate(p.path(), &["practices"]);
    assert_eq!(code, Some(1));
    assert_eq!(report["files_checked"], 2);
    assert_eq!(
        problems(&report),
        [(
            "practices/broken.json".to_string(),
            "unreadable-file".to_string()
        )]
    );
    // Said to be a link whose file is gone, not "no such file" of a name `ls` lists.
    assert_eq!(
        report["problems"][0]["message"],
        "the file is a link to /nonexistent/compendium, which does not exist"
    );
}

#[test]
fn a_file_name_that_is_not_utf8_does_not_match_the_id() {
    use std::os::unix::ffi::OsStrExt;
    let p = project();
    let entries = p.path().join("practices");
    // The stem is `example-retention-schedule` followed by the byte 0xFF.
    let mut name = b"example-retention-schedule".to_vec();
    name.extend_from_slice(b"\xff.json");
    let renamed = entries.join(std::ffi::OsStr::from_bytes(&name));
    if std::fs::rename(entries.join("example-retention-schedule.json"), &renamed).is_err() {
        eprintln!("skipped: this file system refuses names that are not UTF-8");
        return;
    }
    let (code, report) = validate(p.path(), &["practices"]);
    assert_eq!(code, Some(1));
    let found = problems(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "id-file-mismatch");
}

/// A FIFO inside the folder of entries is reported, not left out; a FIFO given as the decisions
/// file or the taxonomy is refused (exit 2) instead of waiting for a writer for ever.
#[test]
fn a_fifo_in_the_folder_or_as_a_file_read_beside_the_entries_never_hangs() {
    let p = project();
    let made = std::process::Command::new("mkfifo")
        .arg(p.path().join("practices/pipe.json"))
        .arg(p.path().join("decisions.json"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let (code, report) = validate(p.path(), &["practices"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        problems(&report),
        [(
            "practices/pipe.json".to_string(),
            "unreadable-file".to_string()
        )]
    );
    std::fs::remove_file(p.path().join("practices/pipe.json")).unwrap();
    for flag in ["--decisions", "--principles"] {
        let out = within_a_minute(
            p.path(),
            &[
                "build",
                flag,
                "decisions.json",
                "--out",
                "dist",
                "practices",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not a regular file"),
            "{flag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!p.path().join("dist").exists());
    }
}

/// A file's name or a value in it may hold terminal control sequences (clear the screen, set
/// the window title, move the cursor): what the tool prints shows them written out, never
/// raw, and a line break in `--out` cannot forge a line of its summary.
#[test]
fn control_characters_from_names_and_values_are_shown_not_sent() {
    let p = project();
    let entries = p.path().join("practices");
    std::fs::write(
        entries.join("odd\x1b[2J\x1b]0;title\x07.json"),
        r#"{"id": "odd\u001b]0;owned\u0007", "title": "x"}"#,
    )
    .unwrap();
    // Not JSON: the excerpt of the line shows the raw escape as a mark.
    std::fs::write(entries.join("broken.json"), "{\"id\": \x1b[31m\n").unwrap();
    let out = within_a_minute(p.path(), &["validate", "practices"]);
    assert_eq!(out.status.code(), Some(1));
    for stream in [&out.stdout, &out.stderr] {
        assert!(!stream.contains(&0x1b) && !stream.contains(&0x07));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(r"odd\u001b[2J\u001b]0;title\u0007.json"),
        "{text}"
    );
    assert!(
        text.contains(r"the id is `odd\u001b]0;owned\u0007`"),
        "{text}"
    );
    assert!(text.contains("{\"id\": \u{FFFD}[31m"), "{text}");
    // A line break in a value cannot forge a line of the report.
    std::fs::write(
        entries.join("forged.json"),
        r#"{"id": "x\nerror[forged]: all is well", "title": "x"}"#,
    )
    .unwrap();
    let out = within_a_minute(p.path(), &["validate", "practices"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("\nerror[forged]"), "{text}");
    assert!(text.contains(r"x\nerror[forged]"), "{text}");
    // Nor a key, which the report shows as where the problem is (found by a reviewer).
    std::fs::write(
        entries.join("forged.json"),
        r#"{"id": "x", "title": "x", "b\n\u001b[1;31merror[forged]\u001b[0m: gone": 1}"#,
    )
    .unwrap();
    let out = within_a_minute(p.path(), &["validate", "practices"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains('\x1b') && !text.contains("\nerror[forged]"),
        "{text}"
    );
    assert!(text.contains(r"/b\n\u001b[1;31merror[forged]"), "{text}");
    // Redirected, a machine-readable report is exactly what it says: the id's own characters.
    std::fs::write(
        entries.join("forged.json"),
        "{\"id\": \"x\u{7f}\u{9b}y\", \"title\": \"x\"}",
    )
    .unwrap();
    let out = within_a_minute(p.path(), &["build", "--format", "json", "--out", "d"]);
    // The report, then a line saying nothing was published.
    let report: serde_json::Value = serde_json::Deserializer::from_slice(&out.stderr)
        .into_iter()
        .next()
        .unwrap()
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(report.to_string().contains("x\u{7f}\u{9b}y"), "{report}");
    std::fs::remove_file(entries.join("forged.json")).unwrap();

    std::fs::remove_file(entries.join("broken.json")).unwrap();
    for entry in std::fs::read_dir(&entries).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains("odd") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let out = within_a_minute(p.path(), &["build", "--out", "ed\nwrote fake"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(r"wrote ed\nwrote fake/compendium.md"),
        "{text}"
    );
    assert!(!text.contains("\nwrote fake"), "{text}");
}

/// An address that starts right but holds a space or a quote is told so, not "not an https://
/// address"; an entry in a file whose name is not a valid id is not told to take that name.
#[test]
fn an_address_with_a_space_and_a_file_named_unlike_an_id_are_told_what_is_wrong() {
    let tmp = project();
    let path = tmp.path().join("practices/example-retention-schedule.json");
    let mut entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for (url, said) in [
        ("https://example.org/a b", "holds a space or line break"),
        (
            "https://example.org/a\"b",
            "holds a character a web address cannot",
        ),
    ] {
        entry["sources"][0]["url"] = url.into();
        std::fs::write(&path, serde_json::to_string_pretty(&entry).unwrap()).unwrap();
        let (code, report) = validate(tmp.path(), &[]);
        assert_eq!(code, Some(1));
        let problem = &report["problems"][0];
        assert_eq!(problem["code"], "invalid-url", "{report}");
        assert!(
            problem["message"].as_str().unwrap().contains(said),
            "{report}"
        );
        assert!(
            problem["hint"].as_str().unwrap().contains("%20"),
            "{report}"
        );
    }
    entry["sources"][0]["url"] = "https://example.org/a".into();
    std::fs::remove_file(&path).unwrap();
    std::fs::write(
        tmp.path().join("practices/Example.json"),
        serde_json::to_string_pretty(&entry).unwrap(),
    )
    .unwrap();
    let (_, report) = validate(tmp.path(), &[]);
    let problem = &report["problems"][0];
    assert_eq!(problem["code"], "id-file-mismatch", "{report}");
    assert!(
        !problem["hint"].as_str().unwrap().contains("change the id"),
        "{report}"
    );
}

/// A file saved with Windows (`\r\n`) or old Mac (`\r`) line endings gets the same line and
/// column as with Unix ones, JSON and Markdown alike.
#[test]
fn every_kind_of_line_ending_gives_the_same_position() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let json = std::fs::read_to_string(
        fixtures.join("build-small.in/practices/example-retention-schedule.json"),
    )
    .unwrap()
    .replace("\"area\": \"", "\"area\": \"x-");
    let markdown =
        std::fs::read_to_string(fixtures.join("validate-invalid-md.in/practices/bad-language.md"))
            .unwrap()
            .replace("\narea: ", "\narea: x-");
    for (name, text) in [
        ("example-retention-schedule.json", json),
        ("bad-language.md", markdown),
    ] {
        let mut seen = Vec::new();
        for ending in ["\n", "\r\n", "\r"] {
            let tmp = tempfile::tempdir().unwrap();
            std::fs::create_dir(tmp.path().join("practices")).unwrap();
            std::fs::write(
                tmp.path().join("practices").join(name),
                text.replace('\n', ending),
            )
            .unwrap();
            let (code, report) = validate(tmp.path(), &[]);
            assert_eq!(code, Some(1), "{name} {ending:?}: {report}");
            let area = report["problems"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["pointer"] == "/area")
                .unwrap_or_else(|| panic!("{name} {ending:?}: {report}"));
            seen.push((area["line"].clone(), area["column"].clone()));
        }
        assert!(seen[0].0.as_u64().unwrap() > 1, "{name}: {seen:?}");
        assert!(seen.iter().all(|s| s == &seen[0]), "{name}: {seen:?}");
    }
    // A syntax error too: a comma missing at the end of line 3.
    let mut lines: Vec<String> = json_lines();
    lines[2] = lines[2].trim_end_matches(',').to_string();
    let mut seen = Vec::new();
    for ending in ["\n", "\r\n", "\r"] {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("practices")).unwrap();
        std::fs::write(
            tmp.path().join("practices/example-retention-schedule.json"),
            lines.join(ending),
        )
        .unwrap();
        let (_, report) = validate(tmp.path(), &[]);
        let problem = &report["problems"][0];
        assert_eq!(problem["code"], "invalid-json", "{report}");
        seen.push((problem["line"].clone(), problem["column"].clone()));
    }
    assert_eq!(seen[0], (4.into(), 3.into()));
    assert!(seen.iter().all(|s| s == &seen[0]), "{seen:?}");
}

/// The lines of the fixture entry.
fn json_lines() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cmd/build-small.in/practices/example-retention-schedule.json");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// A misnamed `## Recommendations` heading is pointed at, once, not reported as a field missing
/// at the top of the file whose hint (add it to the front matter) leads to another error (found
/// by a tester).
#[test]
fn a_misnamed_recommendations_heading_is_pointed_at() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let markdown =
        std::fs::read_to_string(fixtures.join("validate-invalid-md.in/practices/bad-language.md"))
            .unwrap()
            .replace("language: English", "language: en");
    assert!(markdown.contains("\n## Recommendations\n"));
    for heading in [
        "## Recommendations:",
        "### Recommendations",
        "## Recommandations",
        // Translated into the entry's language: the last heading, with only a list below it.
        "## التوصيات",
        "## 推奨事項",
    ] {
        // (An English heading over a list is a section of the description: see below.)
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("practices")).unwrap();
        let text = markdown.replace("\n## Recommendations\n", &format!("\n{heading}\n"));
        std::fs::write(tmp.path().join("practices/bad-language.md"), &text).unwrap();
        let (code, report) = validate(tmp.path(), &[]);
        assert_eq!(code, Some(1), "{report}");
        let problems = report["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 1, "{heading}: {report}");
        let line = text.lines().position(|l| l == heading).unwrap() + 1;
        assert_eq!(problems[0]["line"], line, "{report}");
        assert!(
            problems[0]["message"].as_str().unwrap().contains(heading),
            "{report}"
        );
    }
}

/// An entry without recommendations whose description ends with an English section over a list
/// (`## Legal basis`) is told that its recommendations are missing, not to rename that heading,
/// which would publish the list as recommendations (found by a reviewer).
#[test]
fn a_section_of_the_description_is_not_taken_for_the_recommendations() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let markdown =
        std::fs::read_to_string(fixtures.join("validate-invalid-md.in/practices/bad-language.md"))
            .unwrap()
            .replace("language: English", "language: en")
            .replace("\n## Recommendations\n", "\n## Legal basis\n");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("practices")).unwrap();
    std::fs::write(tmp.path().join("practices/bad-language.md"), &markdown).unwrap();
    let (code, report) = validate(tmp.path(), &[]);
    assert_eq!(code, Some(1), "{report}");
    let message = report["problems"][0]["message"].as_str().unwrap();
    assert!(!message.contains("Legal basis"), "{report}");
    assert!(message.contains("recommendations"), "{report}");
}

/// Entries that are not read are said even with `--quiet`, and `build --strict` publishes
/// nothing then: a hidden folder or a linked one, and a file that starts as an entry does under
/// another ending (found by a tester: `build --strict -q` published 122 of 130 practices
/// without a word, and `x.txt`, `x.yaml` were left out unseen). A blank after `.json` in a
/// name is told apart.
#[test]
fn entries_not_read_are_said_and_stop_a_strict_build() {
    let tmp = project();
    let practices = tmp.path().join("practices");
    let entry = std::fs::read_to_string(practices.join("example-retention-schedule.json")).unwrap();
    std::fs::create_dir(practices.join(".hidden")).unwrap();
    std::fs::write(practices.join(".hidden/other-entry.json"), &entry).unwrap();
    std::fs::write(practices.join("saved-as-text.txt"), &entry).unwrap();
    std::fs::write(practices.join("notes.txt"), "My notes, not an entry.").unwrap();
    // Found by a reviewer: every RTF file starts with `{`, many YAML files with `---`.
    std::fs::write(
        practices.join("notes.rtf"),
        "{\\rtf1\\ansi Notes of the meeting \\par}",
    )
    .unwrap();
    std::fs::write(practices.join("mkdocs.yml"), "---\nsite_name: Compendium\n").unwrap();
    let out = within_a_minute(tmp.path(), &["build", "--strict", "-q", "--out", "dist"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(!tmp.path().join("dist").exists());
    assert!(
        said.contains("practices/.hidden holds entry files that were not read"),
        "{said}"
    );
    assert!(
        said.contains("practices/saved-as-text.txt holds an entry (id `example-retention-schedule`), which is not read because of the file's name: rename it `example-retention-schedule.json`"),
        "{said}"
    );
    for other in ["notes.txt", "notes.rtf", "mkdocs.yml"] {
        assert!(!said.contains(other), "{said}");
    }
    assert!(
        said.contains("2 folders or files holding entries were not read"),
        "{said}"
    );
    // Without --strict the edition is built, the warnings said all the same.
    let out = within_a_minute(tmp.path(), &["build", "-q", "--out", "dist"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("saved-as-text.txt"));
    // `validate` says it after its summary, and in its JSON (found by a reviewer).
    let out = within_a_minute(tmp.path(), &["validate"]);
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("2 folders or files holding entries were not read (the warnings above)"));
    let (_, report) = validate(tmp.path(), &[]);
    assert_eq!(
        report["not_read"],
        serde_json::json!(["practices/.hidden", "practices/saved-as-text.txt"])
    );
    // A blank typed after the ending: read, and told to be renamed.
    std::fs::remove_dir_all(practices.join(".hidden")).unwrap();
    std::fs::remove_file(practices.join("saved-as-text.txt")).unwrap();
    std::fs::rename(
        practices.join("example-retention-schedule.json"),
        practices.join("example-retention-schedule.json "),
    )
    .unwrap();
    let (code, report) = validate(tmp.path(), &[]);
    assert_eq!(code, Some(1));
    let message = report["problems"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("its name ends in a space after the ending"),
        "{message}"
    );
}
