//! No command loses a user's files: `build --out` replaces only a folder it wrote itself, and
//! the commands that write single files never replace one. Each case is run as a user would, on
//! a copy of a small project.

use crate::{bin, succeed, within_a_minute};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A project folder: `practices/` with three entries, a notes file and a folder of documents.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/build-small.in");
    copy(&fixture.join("practices"), &tmp.path().join("practices"));
    std::fs::create_dir_all(tmp.path().join("practices/eu")).unwrap();
    std::fs::rename(
        tmp.path().join("practices/example-retention-schedule.json"),
        tmp.path()
            .join("practices/eu/example-retention-schedule.json"),
    )
    .unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "an editor's notes").unwrap();
    std::fs::create_dir(tmp.path().join("letters")).unwrap();
    std::fs::write(tmp.path().join("letters/reply.txt"), "a reply").unwrap();
    tmp
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, in order: what must not change.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                files.push((path, Vec::new()));
            } else if meta.is_symlink() {
                files.push((
                    path.clone(),
                    std::fs::read_link(&path)
                        .unwrap()
                        .into_os_string()
                        .into_encoded_bytes(),
                ));
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

fn build(project: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(project)
        .args(["build", "--edition", "safety"])
        .args(args)
        .output()
        .unwrap()
}

/// The build was refused before any work: exit 2, a message naming `what`, nothing changed.
fn assert_refused(project: &Path, args: &[&str], what: &str) {
    let before = snapshot(project);
    let out = build(project, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?} was not refused: {stderr}"
    );
    assert!(
        stderr.contains(what) && stderr.contains("Nothing was written"),
        "{args:?}: the message should name {what:?} and say nothing was written: {stderr}"
    );
    assert_eq!(snapshot(project), before, "{args:?} changed the project");
    assert!(out.stdout.is_empty());
}

#[test]
fn the_entries_folder_is_never_the_output() {
    let p = project();
    assert_refused(p.path(), &["--out", "practices"], "is the entries");
    assert_refused(p.path(), &["--out", "practices/eu"], "lies inside");
    assert_refused(p.path(), &["--out", "practices/new"], "lies inside");
    assert_refused(
        p.path(),
        &["--out", "./practices/../practices"],
        "is the entries",
    );
}

#[test]
fn an_edition_whose_manifest_was_edited_is_kept() {
    let p = project();
    assert_eq!(build(p.path(), &["--out", "dist"]).status.code(), Some(0));
    let manifest = p.path().join("dist/compendium.json");
    let edited = std::fs::read_to_string(&manifest).unwrap().replacen(
        "\"edition\": \"safety\"",
        "\"edition\": \"safety, with my notes\"",
        1,
    );
    std::fs::write(&manifest, &edited).unwrap();
    assert_refused(
        p.path(),
        &["--out", "dist"],
        "compendium.json was changed after the build",
    );
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), edited);
    // `verify` says so too.
    let out = bin()
        .current_dir(p.path())
        .args(["verify", "dist"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("own SHA-256"));
}

#[test]
fn the_current_folder_and_its_parents_are_never_the_output() {
    let p = project();
    let here = p.path().display().to_string();
    assert_refused(p.path(), &["--out", "."], "the current folder");
    assert_refused(p.path(), &["--out", &here], "the current folder");
    assert_refused(p.path(), &["--out", ".."], "the current folder");
}

#[test]
fn a_folder_holding_a_file_the_tool_did_not_write_is_kept() {
    let p = project();
    std::fs::create_dir(p.path().join("mydocs")).unwrap();
    std::fs::write(p.path().join("mydocs/minutes.txt"), "keep me").unwrap();
    assert_refused(p.path(), &["--out", "mydocs"], "minutes.txt");
    assert_refused(p.path(), &["--out", "letters"], "reply.txt");
    assert_refused(p.path(), &["--out", "notes.txt"], "not a folder");
}

#[test]
fn a_folder_holding_the_schema_or_decisions_read_is_never_the_output() {
    let p = project();
    std::fs::create_dir(p.path().join("config")).unwrap();
    let schema = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/practice.schema.json");
    std::fs::copy(&schema, p.path().join("config/practice.schema.json")).unwrap();
    assert_refused(
        p.path(),
        &["--schema", "config/practice.schema.json", "--out", "config"],
        "practice.schema.json",
    );
    std::fs::write(
        p.path().join("config/decisions.json"),
        "{\"decisions\": []}",
    )
    .unwrap();
    assert_refused(
        p.path(),
        &["--decisions", "config/decisions.json", "--out", "config"],
        "decisions.json",
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_followed_before_the_checks() {
    let p = project();
    std::os::unix::fs::symlink(p.path().join("letters"), p.path().join("dist")).unwrap();
    assert_refused(p.path(), &["--out", "dist"], "reply.txt");
    std::os::unix::fs::symlink(p.path().join("practices"), p.path().join("entries-link")).unwrap();
    assert_refused(p.path(), &["--out", "entries-link"], "is the entries");
    // A link to an edition the tool built: the edition is replaced, the link stays.
    std::os::unix::fs::symlink(p.path().join("site"), p.path().join("site-link")).unwrap();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "site"]));
    let out = build(p.path(), &["--out", "site-link"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::symlink_metadata(p.path().join("site-link"))
        .unwrap()
        .is_symlink());
    succeed(bin().current_dir(p.path()).args(["verify", "site-link"]));
}

/// An entry read through a link in the entries folder is protected where the link leads.
#[cfg(unix)]
#[test]
fn a_folder_holding_an_entry_read_through_a_link_is_never_the_output() {
    let p = project();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "dist"]));
    // Not an entry, but read as one: the build fails, yet must not replace `dist` first.
    std::os::unix::fs::symlink(
        "../dist/compendium.json",
        p.path().join("practices/linked.json"),
    )
    .unwrap();
    assert_refused(p.path(), &["--out", "dist"], "linked.json");
}

#[test]
fn a_new_folder_and_the_tools_own_edition_are_written() {
    let p = project();
    let before = snapshot(&p.path().join("practices"));
    succeed(
        bin()
            .current_dir(p.path())
            .args(["build", "--out", "dist/2026"]),
    );
    succeed(
        bin()
            .current_dir(p.path())
            .args(["build", "--html", "--out", "dist/2026"]),
    );
    succeed(
        bin()
            .current_dir(p.path())
            .args(["build", "--out", "dist/2026"]),
    );
    succeed(bin().current_dir(p.path()).args(["verify", "dist/2026"]));
    std::fs::create_dir(p.path().join("empty")).unwrap();
    succeed(
        bin()
            .current_dir(p.path())
            .args(["build", "--out", "empty"]),
    );
    assert_eq!(snapshot(&p.path().join("practices")), before);
    let left: Vec<String> = std::fs::read_dir(p.path().join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["2026"], "staging folders left behind");
}

#[test]
fn an_edition_changed_by_hand_is_not_replaced() {
    let p = project();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "dist"]));
    std::fs::write(p.path().join("dist/compendium.md"), "edited by hand").unwrap();
    assert_refused(p.path(), &["--out", "dist"], "changed after the build");
    std::fs::remove_file(p.path().join("dist/compendium.md")).unwrap();
    std::fs::write(p.path().join("dist/index.html"), "a page of mine").unwrap();
    assert_refused(p.path(), &["--out", "dist"], "index.html");
}

#[test]
fn a_leftover_staging_folder_is_reported_and_never_published() {
    let p = project();
    std::fs::create_dir(p.path().join(".compendium-build-AbC123")).unwrap();
    std::fs::write(
        p.path().join(".compendium-build-AbC123/compendium.md"),
        "half",
    )
    .unwrap();
    let out = build(p.path(), &["--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(".compendium-build-AbC123") && stderr.contains("interrupted"),
        "{stderr}"
    );
    assert_ne!(
        std::fs::read(p.path().join("dist/compendium.md")).unwrap(),
        b"half"
    );
    assert!(stderr.contains("you may remove it"), "{stderr}");
    // One holding a file the tool does not write (a build stopped while removing a previous
    // edition that held the user's notes) is not called removable without a word of it.
    std::fs::write(p.path().join(".compendium-build-AbC123/notes.txt"), "mine").unwrap();
    let out = build(p.path(), &["--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("holds files the tool did not write (notes.txt)"),
        "{stderr}"
    );
}

/// A build stopped by Ctrl-C leaves its private staging folder of cut files: the next build
/// removes it, since it holds only files an edition is made of (found by a tester: it stayed,
/// hidden, named by every later build for the user to remove by hand).
#[cfg(target_os = "linux")]
#[test]
fn a_stopped_builds_staging_folder_is_removed_by_the_next() {
    use std::os::unix::fs::PermissionsExt;
    let p = project();
    let leftover = p.path().join(".compendium-build-XyZ789");
    std::fs::create_dir(&leftover).unwrap();
    std::fs::set_permissions(&leftover, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(leftover.join("compendium.md"), "half").unwrap();
    std::fs::write(leftover.join("compendium.csv"), "cut").unwrap();
    let out = build(p.path(), &["--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("compendium: removed") && stderr.contains(".compendium-build-XyZ789"),
        "{stderr}"
    );
    assert!(!leftover.exists());
    // One holding a manifest may be a previous edition a build was emptying: kept.
    std::fs::create_dir(&leftover).unwrap();
    std::fs::set_permissions(&leftover, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(leftover.join("compendium.md"), "kept on purpose").unwrap();
    std::fs::write(leftover.join("compendium.json"), "{}").unwrap();
    let out = build(p.path(), &["--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("compendium: removed"), "{stderr}");
    assert_eq!(
        std::fs::read(leftover.join("compendium.md")).unwrap(),
        b"kept on purpose"
    );
    std::fs::remove_dir_all(&leftover).unwrap();
    // One holding anything else is left, and named.
    std::fs::create_dir(&leftover).unwrap();
    std::fs::set_permissions(&leftover, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(leftover.join("compendium.md"), "half").unwrap();
    std::fs::write(leftover.join("my notes.txt"), "mine").unwrap();
    let out = build(p.path(), &["--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("my notes.txt"), "{stderr}");
    assert_eq!(
        std::fs::read(leftover.join("my notes.txt")).unwrap(),
        b"mine"
    );
}

/// A stopped build's staging folder inside the entries folder (an edition built there, as the
/// README allows) is named as such, not as entries not read, and does not stop `--strict`
/// (found by a tester).
#[test]
fn a_staging_folder_among_the_entries_is_no_unread_entries() {
    let p = project();
    let leftover = p.path().join("practices/.compendium-build-QwE123");
    std::fs::create_dir(&leftover).unwrap();
    std::fs::write(leftover.join("compendium.md"), "# half an edition\n").unwrap();
    let out = bin()
        .current_dir(p.path())
        .args(["build", "--strict", "--edition", "draft-1", "--out", "dist"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("was left by a build that was stopped"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("holds entry files that were not read"),
        "{stderr}"
    );
}

/// A folder with no entry file (empty, or an entry saved as `.txt` by another program) is no
/// reason to publish an empty edition over the real one, nor to say "no problems". An entry
/// saved as `.JSON` is one (found by a tester: beside other entries it was left out without a
/// word), and one saved as `.json.txt` (Windows hides the `.txt`) is read and refused until it
/// is renamed, so that it cannot drop out of the edition unseen.
#[test]
fn paths_without_entries_publish_nothing_and_say_why() {
    let p = project();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "dist"]));
    let incoming = p.path().join("incoming");
    std::fs::create_dir(&incoming).unwrap();
    std::fs::copy(
        p.path()
            .join("practices/eu/example-retention-schedule.json"),
        incoming.join("example-retention-schedule.txt"),
    )
    .unwrap();
    // `build` and `validate` of the folder exit with `code`, say `words` (`validate` reports on
    // standard output, `build` on standard error), and change nothing.
    let both_refuse = |code: i32, words: &str| {
        let before = snapshot(p.path());
        for command in ["build", "validate"] {
            let out = bin()
                .current_dir(p.path())
                .args([command, "incoming"])
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(code), "{command}: {said}");
            assert!(said.contains(words), "{command}: {said}");
        }
        assert_eq!(snapshot(p.path()), before, "something was changed");
    };
    both_refuse(2, "no entry files here");
    // So does `diff` with such a folder on either side: it is no edition without practices
    // (found by a tester: "Removed 130").
    for sides in [["dist", "incoming"], ["incoming", "dist"]] {
        let out = bin()
            .current_dir(p.path())
            .arg("diff")
            .args(sides)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(said.contains("no entry files here"), "{said}");
    }
    std::fs::rename(
        incoming.join("example-retention-schedule.txt"),
        incoming.join("example-retention-schedule.json.txt"),
    )
    .unwrap();
    both_refuse(1, "rename the file to `example-retention-schedule.json`");
    std::fs::rename(
        incoming.join("example-retention-schedule.json.txt"),
        incoming.join("example-retention-schedule.JSON"),
    )
    .unwrap();
    let out = bin()
        .current_dir(p.path())
        .args(["validate", "--format", "json", "practices", "incoming"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("\"files_checked\": 4"), "{report}");
    assert!(
        report.contains("incoming/example-retention-schedule.JSON"),
        "{report}"
    );
}

/// One folder given twice in two spellings is read once: no entry is its own duplicate.
#[test]
fn a_folder_given_twice_is_read_once() {
    let p = project();
    let out = build(p.path(), &["--out", "dist", "practices", "./practices/eu"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("duplicate-id"), "{stderr}");
}

/// A build killed between the two renames of a system that cannot swap folders in one step
/// leaves the previous edition in `.compendium-old-…/previous` and no output folder: the next
/// build says where it is and how to put it back, never that it may be removed.
#[test]
fn a_previous_edition_moved_aside_by_an_interrupted_build_is_not_called_removable() {
    // Where folders cannot trade places in one step, a build killed between its two renames
    // leaves `dist` missing and its edition in `.compendium-old-dist-…/previous`.
    let p = project();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "dist"]));
    let aside = p.path().join(".compendium-old-dist-XyZ789");
    std::fs::create_dir(&aside).unwrap();
    std::fs::rename(p.path().join("dist"), aside.join("previous")).unwrap();
    // Building `dist` anew would leave the advice to move it back wrong: refused until it is.
    assert_refused(p.path(), &["--out", "dist"], "move it back first");
    // Another folder's build names it as someone else's, not as its own, even one whose name
    // begins as this one's does.
    assert!(build(p.path(), &["--out", "dist-x"]).status.success());
    let out = build(p.path(), &["--out", "site"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("a build of another folder"), "{stderr}");
    assert!(!stderr.contains("was in site"), "{stderr}");
    assert!(!stderr.contains("you may remove it"), "{stderr}");
    assert!(aside.join("previous/compendium.json").is_file());
    // The edition of `dist-x` moved aside is not `dist`'s, although its name begins so.
    let other = p.path().join(".compendium-old-dist-x-XyZ789");
    std::fs::rename(&aside, &other).unwrap();
    let out = build(p.path(), &["--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("a build of another folder"), "{stderr}");
    assert!(other.join("previous/compendium.json").is_file());
}

/// Runs the tool in `dir` with `args` (no quoting needed) under a file-size limit of `blocks`
/// blocks of 512 bytes (`ulimit -f`), as a full disk would stop it.
fn with_file_size_limit(dir: &Path, blocks: u32, args: &str) -> Output {
    let script = format!(
        "ulimit -f {blocks} && exec '{}' {args}",
        env!("CARGO_BIN_EXE_compendium")
    );
    std::process::Command::new("sh")
        .current_dir(dir)
        .args(["-c", &script])
        .output()
        .unwrap()
}

/// A file-size limit hit halfway through writing: the previous edition stays byte for byte and
/// no staging folder is left.
#[cfg(unix)]
#[test]
fn a_file_size_limit_leaves_the_previous_edition() {
    let p = project();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "dist"]));
    let before = snapshot(p.path());
    // 4 blocks of 512 bytes: the manifest and the Markdown of three practices are larger.
    let out = with_file_size_limit(p.path(), 4, "build --edition other --out dist");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("(a file-size limit)"), "{stderr}");
    // Said plainly, and without naming the staging folder, already removed (found by a tester).
    assert!(
        stderr.contains("Nothing was published, and this folder is as it was"),
        "{stderr}"
    );
    assert!(!stderr.contains(".compendium-build-"), "{stderr}");
    assert_eq!(snapshot(p.path()), before);
}

/// A folder the tool may not write into: refused with the reason, nothing left behind, whoever
/// runs it.
#[cfg(unix)]
#[test]
fn permission_denied_leaves_the_previous_edition() {
    use std::os::unix::fs::PermissionsExt;
    let p = project();
    let locked = p.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    succeed(
        bin()
            .current_dir(p.path())
            .args(["build", "--out", "locked/dist"]),
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(p.path());
    let out = build(p.path(), &["--out", "locked/dist"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Refused before any work, by whoever runs it: the edition is made in the folder around
    // `dist`, which its owner marked read-only (found by a tester: an administrator, whom
    // permissions do not bind, went ahead).
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("locked"), "{stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(stderr.contains("Nothing was written"), "{stderr}");
    assert_eq!(snapshot(p.path()), before);
    // Nor folders to be made inside it on the way (found by a reviewer).
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = build(p.path(), &["--out", "locked/new/dist"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the folders on the way to it would be made in")
            && stderr.contains("locked, which is marked read-only"),
        "{stderr}"
    );
    assert_eq!(snapshot(p.path()), before);
}

#[test]
fn convert_and_man_never_replace_a_file() {
    let p = project();
    let entry = "practices/example-human-review-of-matches";
    std::fs::write(p.path().join(format!("{entry}.md")), "my own notes").unwrap();
    let out = bin()
        .current_dir(p.path())
        .args(["convert", &format!("{entry}.json")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was overwritten"));
    assert_eq!(
        std::fs::read_to_string(p.path().join(format!("{entry}.md"))).unwrap(),
        "my own notes"
    );
    // man --dir: a page of the user's with a page's name is kept; the tool's own are refreshed.
    let man = || {
        let mut command = bin();
        command.current_dir(p.path()).args(["man", "--dir", "man"]);
        command
    };
    std::fs::create_dir(p.path().join("man")).unwrap();
    succeed(&mut man());
    succeed(&mut man());
    std::fs::write(p.path().join("man/compendium-build.1"), "my page").unwrap();
    let out = man().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("compendium-build.1"));
    assert_eq!(
        std::fs::read_to_string(p.path().join("man/compendium-build.1")).unwrap(),
        "my page"
    );
    // One of its own pages edited by hand is kept too, and the run refused.
    let page = p.path().join("man/compendium-build.1");
    std::fs::remove_file(&page).unwrap();
    succeed(&mut man());
    let edited = std::fs::read_to_string(&page).unwrap() + ".\\\" my local note\n";
    std::fs::write(&page, &edited).unwrap();
    assert_eq!(man().output().unwrap().status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), edited);
    // A page it wrote, unchanged since (here as another version would have written it), is
    // replaced.
    let older = ".TH compendium-build 1 \"compendium 0.0.1\"\n";
    let sealed = format!(
        "{older}.\\\" compendium page sha256 {}\n",
        compendium::normalize::sha256_hex(older)
    );
    std::fs::write(&page, &sealed).unwrap();
    succeed(&mut man());
    assert_ne!(std::fs::read_to_string(&page).unwrap(), sealed);
    // A page a stopped run left aside is named, and kept.
    let aside = p.path().join("man/.compendium-page-AbC123");
    std::fs::write(&aside, "my edits").unwrap();
    let out = succeed(&mut man());
    assert!(String::from_utf8_lossy(&out.stderr).contains("moved aside by a run"));
    assert_eq!(std::fs::read_to_string(&aside).unwrap(), "my edits");
}

#[test]
fn an_edition_built_among_the_entries_is_not_read_as_entries() {
    // Found by a tester: `build practices/eu --out practices/eu-edition` is allowed (the
    // edition is not inside what it reads), but every later run over `practices/` then read
    // the edition's manifest, Markdown and CSV as entries and published nothing.
    let p = project();
    succeed(bin().current_dir(p.path()).args([
        "build",
        "practices/eu",
        "--out",
        "practices/eu-edition",
    ]));
    let out = build(p.path(), &["--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("practices/eu-edition holds an edition built by `compendium build`"),
        "{stderr}"
    );
    let manifest = std::fs::read_to_string(p.path().join("dist/compendium.json")).unwrap();
    assert!(manifest.contains("\"practice_count\": 3"), "{manifest}");
    // An entry saved in that folder is no file of the edition: it is read (found by a tester:
    // it was left out of the edition without a word).
    let mut entry: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            p.path()
                .join("practices/eu/example-retention-schedule.json"),
        )
        .unwrap(),
    )
    .unwrap();
    entry["id"] = "example-saved-in-an-edition".into();
    entry["title"] = "A retention schedule saved in the edition's folder".into();
    std::fs::write(
        p.path()
            .join("practices/eu-edition/example-saved-in-an-edition.json"),
        entry.to_string(),
    )
    .unwrap();
    let out = build(p.path(), &["--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let manifest = std::fs::read_to_string(p.path().join("dist/compendium.json")).unwrap();
    assert!(manifest.contains("\"practice_count\": 4"), "{manifest}");
    assert!(
        manifest.contains("example-saved-in-an-edition"),
        "{manifest}"
    );
    std::fs::remove_file(
        p.path()
            .join("practices/eu-edition/example-saved-in-an-edition.json"),
    )
    .unwrap();
    // A file that only looks like a manifest (its first line, or a manifest edited) does not
    // hide the entries beside it: they are read, and so is it, as the entry it is not.
    std::fs::write(
        p.path().join("practices/eu/compendium.json"),
        "{\"format\": \"compendium-manifest\"",
    )
    .unwrap();
    let out = build(p.path(), &["--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("skipped practices/eu:"), "{stderr}");
    assert!(stderr.contains("practices/eu/compendium.json"), "{stderr}");
    // Nor does a real manifest copied alone among entries, without the files it lists (found
    // by a tester: the folder's entries were left out of the edition, exit 0).
    std::fs::copy(
        p.path().join("practices/eu-edition/compendium.json"),
        p.path().join("practices/eu/compendium.json"),
    )
    .unwrap();
    let out = build(p.path(), &["--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("skipped practices/eu:"), "{stderr}");
    assert!(stderr.contains("practices/eu/compendium.json"), "{stderr}");
    // The edition given where entries are expected is named as an edition.
    let out = bin()
        .current_dir(p.path())
        .args(["validate", "practices/eu-edition"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("holds an edition built by `compendium build`"),
        "{stderr}"
    );
}

#[test]
fn a_read_only_edition_is_not_replaced() {
    // Found by a tester: an edition folder made read-only was swapped out anyway, and the
    // previous edition, which could not be deleted, was left in a hidden folder without a word.
    use std::os::unix::fs::PermissionsExt;
    let p = project();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "dist"]));
    let dist = p.path().join("dist");
    std::fs::set_permissions(&dist, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Refused by whoever runs it: an administrator, whom permissions do not bind, replaced it
    // until a tester found it (the README promises that `chmod a-w` keeps an edition).
    assert_refused(p.path(), &["--out", "dist"], "is read-only");
    std::fs::set_permissions(&dist, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn an_edition_on_a_read_only_file_system_is_named_as_such() {
    // Found by a tester: on a file system mounted read-only the refusal told the user to chmod
    // the folder, which cannot help. Mounting needs an administrator; elsewhere nothing to check.
    let p = project();
    let vol = p.path().join("vol");
    std::fs::create_dir(&vol).unwrap();
    succeed(
        bin()
            .current_dir(p.path())
            .args(["build", "--out", "vol/dist"]),
    );
    let mount = |args: &[&str]| {
        std::process::Command::new("mount")
            .args(args)
            .arg(&vol)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !mount(&["--bind", vol.to_str().unwrap()]) {
        return;
    }
    let read_only = mount(&["-o", "remount,bind,ro"]);
    let out = build(p.path(), &["--out", "vol/dist"]);
    let unmounted = std::process::Command::new("umount").arg(&vol).status();
    assert!(unmounted.is_ok_and(|s| s.success()));
    assert!(read_only);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("mounted read-only"), "{stderr}");
    assert!(!stderr.contains("chmod"), "{stderr}");
}

#[test]
fn a_rebuilt_edition_keeps_its_owner_and_group() {
    // Found by a tester: an administrator rebuilding a colleague's edition (mode 2770) took it
    // from them; the folder became root's and its owner could no longer open it.
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let p = project();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "dist"]));
    let dist = p.path().join("dist");
    if std::os::unix::fs::chown(&dist, Some(65534), Some(65534)).is_err() {
        // Only an administrator may give a folder away: nothing to check here.
        return;
    }
    std::fs::set_permissions(&dist, std::fs::Permissions::from_mode(0o2770)).unwrap();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "dist"]));
    let meta = std::fs::metadata(&dist).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(meta.permissions().mode() & 0o7777, 0o2770);
    let manifest = std::fs::metadata(dist.join("compendium.json")).unwrap();
    assert_eq!((manifest.uid(), manifest.gid()), (65534, 65534));
}

#[test]
fn man_pages_that_cannot_be_written_into_a_new_folder_leave_nothing() {
    // Found by a tester: the message said the pages "were left as they were" where there had
    // been none, and the folder made for them was gone.
    let p = project();
    let out = with_file_size_limit(p.path(), 1, "man --dir pages");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("nothing was written, and the folder made for the pages was removed again"),
        "{stderr}"
    );
    assert!(!p.path().join("pages").exists());
}

#[cfg(target_os = "linux")]
#[test]
fn man_pages_cut_short_say_how_far_they_got() {
    // Found by a tester: `man --dir` on a full disk left some of the pages and named only the
    // one that failed. Here a 12 KiB file system holds the first pages only. Mounting one needs
    // an administrator; elsewhere there is nothing to check.
    let p = project();
    succeed(bin().current_dir(p.path()).args(["man", "--dir", "whole"]));
    let cut = p.path().join("cut");
    std::fs::create_dir(&cut).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=12k", "tmpfs"])
        .arg(&cut)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        return;
    }
    let out = bin()
        .current_dir(p.path())
        .args(["man", "--dir", "cut"])
        .output()
        .unwrap();
    let written: Vec<_> = std::fs::read_dir(&cut).unwrap().flatten().collect();
    let pages: Vec<_> = written
        .iter()
        .map(|page| (page.file_name(), std::fs::read(page.path()).unwrap()))
        .collect();
    // A folder entry keeps its folder open, which would keep the file system busy.
    drop(written);
    let unmounted = std::process::Command::new("umount").arg(&cut).status();
    assert!(unmounted.is_ok_and(|s| s.success()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{} of the 13 pages are up to date, and the other",
            pages.len()
        )) && stderr.contains("again"),
        "{stderr}"
    );
    // What was written is whole: each page equals the one written without a limit.
    assert!(!pages.is_empty());
    for (name, bytes) in pages {
        assert_eq!(
            bytes,
            std::fs::read(p.path().join("whole").join(name)).unwrap()
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn man_pages_out_of_date_on_a_full_disk_are_kept() {
    // Found by a tester: an out-of-date page was removed before its replacement was written, so
    // a full disk left fewer pages than before. Each is now replaced in one step or kept. As
    // above, mounting a small file system needs an administrator.
    use std::os::unix::fs::PermissionsExt;
    let p = project();
    let fs = p.path().join("fs");
    std::fs::create_dir(&fs).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&fs)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        return;
    }
    let man = fs.join("man");
    let run = bin()
        .current_dir(p.path())
        .args(["man", "--dir", "fs/man"])
        .output()
        .unwrap();
    // Every page made out of date (as an older version would have left it), one made private,
    // and the disk filled.
    let older = ".TH OLD 1\n";
    let sealed = format!(
        "{older}.\\\" compendium page sha256 {}\n",
        compendium::normalize::sha256_hex(older)
    );
    let mut before = Vec::new();
    for page in std::fs::read_dir(&man).unwrap() {
        let page = page.unwrap().path();
        std::fs::write(&page, &sealed).unwrap();
        before.push(page);
    }
    let private = man.join("compendium-build.1");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut filler = std::fs::File::create(fs.join("filler")).unwrap();
    while std::io::Write::write_all(&mut filler, &[0; 4096]).is_ok() {}
    drop(filler);
    let out = bin()
        .current_dir(p.path())
        .args(["man", "--dir", "fs/man"])
        .output()
        .unwrap();
    let pages: Vec<String> = before
        .iter()
        .map(|page| std::fs::read_to_string(page).unwrap_or_default())
        .collect();
    // Room again: the pages are refreshed, and the private one stays private.
    std::fs::remove_file(fs.join("filler")).unwrap();
    let again = bin()
        .current_dir(p.path())
        .args(["man", "--dir", "fs/man"])
        .output()
        .unwrap();
    let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
    let refreshed = std::fs::read_to_string(&private).unwrap();
    let unmounted = std::process::Command::new("umount").arg(&fs).status();
    assert!(unmounted.is_ok_and(|s| s.success()));
    assert_eq!(run.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("0 of the 13 pages are up to date"),
        "{stderr}"
    );
    // The error names the page, not a temporary file's random name.
    assert!(!stderr.contains("at path"), "{stderr}");
    assert!(pages.iter().all(|page| *page == sealed), "{pages:?}");
    assert_eq!(again.status.code(), Some(0));
    assert!(refreshed.contains(".SH NAME"));
    assert_eq!(mode, 0o600);
}

#[cfg(unix)]
#[test]
fn man_pages_never_open_what_is_not_a_file() {
    // Found by a tester: a named pipe with a page's name was opened and read, so `man --dir`
    // waited for a writer for ever (or consumed what one sent).
    let p = project();
    let man = p.path().join("man");
    std::fs::create_dir(&man).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(man.join("compendium-build.1"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        return;
    }
    let out = within_a_minute(p.path(), &["man", "--dir", "man"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not a regular file"), "{stderr}");
    assert_eq!(std::fs::read_dir(&man).unwrap().count(), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_an_error() {
    // Found by a tester: with standard output on a full disk (here /dev/full), `completions`,
    // `man`, `report`, `verify` and the rest exited 0 having written nothing. A closed pipe
    // (`| head`) stays no error.
    let p = project();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "dist"]));
    // Runs `args` in the project with standard output on a full disk.
    let to_full_disk = |args: &[&str]| {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        bin()
            .current_dir(p.path())
            .args(args)
            .stdout(full)
            .output()
            .unwrap()
    };
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["report", "practices"],
        &["verify", "dist"],
        &["validate", "--format", "json", "practices"],
    ] {
        let out = to_full_disk(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("could not be written to standard output"),
            "{stderr}"
        );
    }
    // A build that published says so, and that only its summary was lost (found by a tester).
    let out = to_full_disk(&["build", "--edition", "again", "--out", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the edition was published in dist"),
        "{stderr}"
    );
    let manifest = std::fs::read_to_string(p.path().join("dist/compendium.json")).unwrap();
    assert!(manifest.contains("\"edition\": \"again\""), "{manifest}");
    let mut child = bin()
        .current_dir(p.path())
        .args(["man"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn a_closed_standard_error_does_not_stop_a_build_half_way() {
    // Found by a tester: with standard error a pipe whose reader had gone, the first warning
    // ended `build` with a panic (exit 101).
    let p = project();
    succeed(bin().current_dir(p.path()).args(["build", "--out", "dist"]));
    std::fs::create_dir(p.path().join(".compendium-build-AAAAAA")).unwrap();
    let mut child = bin()
        .current_dir(p.path())
        .args(["build", "--out", "dist", "--edition", "again"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let manifest = std::fs::read_to_string(p.path().join("dist/compendium.json")).unwrap();
    assert!(manifest.contains("\"edition\": \"again\""));
}

/// A project whose edition was built into `shared/dist`.
#[cfg(target_os = "linux")]
fn edition_in_shared_folder() -> (tempfile::TempDir, PathBuf) {
    let p = project();
    let shared = p.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    succeed(
        bin()
            .current_dir(p.path())
            .args(["build", "--out", "shared/dist"]),
    );
    (p, shared)
}

/// Whether this test runs as root and `runner` (a command that runs another as someone else)
/// can run the tool: the cases that need it check nothing elsewhere.
#[cfg(target_os = "linux")]
fn can_run_as_other(mut runner: std::process::Command) -> bool {
    effective_user() == 0
        && runner
            .arg(env!("CARGO_BIN_EXE_compendium"))
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// Rebuilds `shared/dist` through `runner`, and checks that the build is refused before any work
/// because the edition belongs to another user, with nothing in the project changed.
#[cfg(target_os = "linux")]
fn rebuild_is_refused_as_anothers(project: &Path, mut runner: std::process::Command) {
    let before = snapshot(project);
    let out = runner
        .arg(env!("CARGO_BIN_EXE_compendium"))
        .args(["build", "--out", "shared/dist", "--edition", "two"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("belongs to another user") && stderr.contains("Nothing was written"),
        "{stderr}"
    );
    assert_eq!(snapshot(project), before);
}

#[cfg(target_os = "linux")]
#[test]
fn an_edition_another_user_owns_in_a_sticky_folder_is_refused_before_work() {
    // Found by a tester: in a folder with the sticky bit (as /tmp), an edition owned by another
    // user cannot be moved aside; the build did all its work, then failed with "Operation not
    // permitted". Run as an unprivileged user (needs root and `setpriv`).
    use std::os::unix::fs::PermissionsExt;
    let (p, shared) = edition_in_shared_folder();
    for (path, mode) in [(p.path(), 0o755), (shared.as_path(), 0o1777)] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let as_nobody = || {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.current_dir(p.path());
        c
    };
    // Writable by all, or only by its owner: either way the reason is whose it is (a tester
    // found the second called read-only, with advice to `chmod` a folder not theirs).
    for mode in [0o777, 0o755] {
        std::fs::set_permissions(shared.join("dist"), std::fs::Permissions::from_mode(mode))
            .unwrap();
        if can_run_as_other(as_nobody()) {
            rebuild_is_refused_as_anothers(p.path(), as_nobody());
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_edition_outside_the_namespace_in_a_sticky_folder_is_refused_before_work() {
    // Found by a tester: inside a user namespace (`unshare -U -r`, a container) the builder is
    // root, but not over files whose owner the namespace does not map; the sticky-folder check
    // took it for an administrator and the build failed after all its work. Needs root (to give
    // the folders other owners) and `unshare`.
    use std::os::unix::fs::PermissionsExt;
    let (p, shared) = edition_in_shared_folder();
    let namespaced = || {
        let mut c = std::process::Command::new("unshare");
        c.args(["--user", "--map-root-user"]);
        c.current_dir(p.path());
        c
    };
    if !can_run_as_other(namespaced()) {
        return;
    }
    // The folder around the edition belongs to one user, the edition to another; neither is
    // mapped in the namespace, where only root is.
    std::os::unix::fs::chown(&shared, Some(1), Some(1)).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    for entry in walkdir::WalkDir::new(shared.join("dist")) {
        std::os::unix::fs::lchown(entry.unwrap().path(), Some(2), Some(2)).unwrap();
    }
    std::fs::set_permissions(shared.join("dist"), std::fs::Permissions::from_mode(0o777)).unwrap();
    rebuild_is_refused_as_anothers(p.path(), namespaced());
}

/// The effective user of this test process, read from /proc (root: 0).
#[cfg(target_os = "linux")]
fn effective_user() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|u| u.parse().ok())
        .unwrap_or(u32::MAX)
}

/// `new --dir`, `convert --out` and `man --dir` write nothing into a folder holding an edition
/// (the edition would then fail `verify` and stop the next build), and no command makes a
/// folder named `~` from a `--out=~/…` the shell did not expand (found by a tester).
#[test]
fn no_file_is_written_into_an_edition_nor_under_a_literal_tilde() {
    let p = project();
    succeed(
        bin()
            .current_dir(p.path())
            .args(["build", "-q", "--out", "dist"]),
    );
    let before = snapshot(p.path());
    let entry = "practices/eu/example-retention-schedule.json";
    let attempts: [&[&str]; 4] = [
        &[
            "convert",
            entry,
            "--out",
            "dist/example-retention-schedule.md",
        ],
        &["man", "--dir", "dist"],
        &[
            "new",
            "draft-idea",
            "--no-input",
            "--dir",
            "dist",
            "--title",
            "A draft practice idea",
        ],
        &["build", "-q", "--out=~/edition"],
    ];
    for args in attempts {
        let out = within_a_minute(p.path(), args);
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        assert!(
            said.contains("holds an edition built by `compendium build`")
                || said.contains("the `~` was not turned into a home folder"),
            "{args:?}: {said}"
        );
        assert_eq!(snapshot(p.path()), before, "{args:?} changed the project");
    }
    succeed(bin().current_dir(p.path()).args(["verify", "dist"]));
    // `-` and a name with a space copied along at an end make nothing beside the folder meant
    // (found by a tester).
    for args in [
        &["build", "-q", "--out", "-"][..],
        &["build", "-q", "--out", " dist"],
        &["build", "-q", "--out", "dist "],
        &["convert", entry, "--out", " x.md"],
    ] {
        let out = within_a_minute(p.path(), args);
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        assert!(
            said.contains("starts or ends with a space") || said.contains("`-` would be made"),
            "{args:?}: {said}"
        );
        assert_eq!(snapshot(p.path()), before, "{args:?} changed the project");
    }
}

/// `convert`, `new` and `man --dir` write nothing into a folder marked read-only, as `build`
/// refuses one, whoever runs them (found by a tester: run as root, they did).
#[cfg(unix)]
#[test]
fn nothing_is_written_into_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let p = project();
    let frozen = p.path().join("frozen");
    std::fs::create_dir(&frozen).unwrap();
    std::fs::copy(
        p.path()
            .join("practices/eu/example-retention-schedule.json"),
        frozen.join("example-retention-schedule.json"),
    )
    .unwrap();
    std::fs::set_permissions(&frozen, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(p.path());
    let attempts: [&[&str]; 5] = [
        &["convert", "frozen/example-retention-schedule.json"],
        &["man", "--dir", "frozen"],
        // Nor a folder made inside it (found by a reviewer).
        &["man", "--dir", "frozen/man"],
        &["new", "draft-idea", "--no-input", "--dir", "frozen/sub"],
        &[
            "new",
            "draft-idea",
            "--no-input",
            "--dir",
            "frozen",
            "--title",
            "A draft practice idea",
        ],
    ];
    for args in attempts {
        let out = within_a_minute(p.path(), args);
        let said = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{args:?}: {said}");
        assert!(said.contains("read-only"), "{args:?}: {said}");
        assert_eq!(snapshot(p.path()), before, "{args:?} changed the project");
    }
    std::fs::set_permissions(&frozen, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A file `convert` or `new` cannot write is said in plain words with "nothing was written", and
/// a name taken by a file that is not an entry is not said to be another entry (found by a
/// tester: "Not a directory (os error 20)"; a notes file was said to be another entry).
#[test]
fn what_new_and_convert_cannot_write_is_said_plainly() {
    let p = project();
    let entry = "practices/eu/example-retention-schedule.json";
    let out = within_a_minute(p.path(), &["convert", entry, "--out", "notes.txt/entry.md"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("a part of its path is a file, not a folder; nothing was written"),
        "{said}"
    );
    std::fs::write(p.path().join("practices/my-notes.json"), "notes").unwrap();
    let before = snapshot(p.path());
    let out = within_a_minute(
        p.path(),
        &["new", "my-notes", "--no-input", "--title", "A practice"],
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("already exists, and `new` never writes over a file"),
        "{said}"
    );
    assert_eq!(snapshot(p.path()), before);
}

/// A folder that cannot be replaced is refused with every reason at once, not one per run
/// (found by a tester).
#[test]
fn every_reason_to_keep_an_edition_is_told_at_once() {
    let p = project();
    succeed(
        bin()
            .current_dir(p.path())
            .args(["build", "-q", "--out", "dist"]),
    );
    std::fs::write(p.path().join("dist/notes.txt"), "my notes").unwrap();
    let md = p.path().join("dist/compendium.md");
    let mut text = std::fs::read_to_string(&md).unwrap();
    text.push_str("A typo mended by hand.\n");
    std::fs::write(&md, text).unwrap();
    let out = build(p.path(), &["--out", "dist"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("notes.txt, which the edition built there did not write")
            && said.contains("compendium.md was changed after the build"),
        "{said}"
    );
}
