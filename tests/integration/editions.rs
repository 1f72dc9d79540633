//! Editions: `verify` finds any alteration; `diff` gives the same answer for folders, manifests
//! and git revisions; an edition compared with itself shows no change.

use crate::{bin, succeed};
use compendium::diff::diff;
use compendium::model::Edition;
use compendium::model::{Practice, Status};
use compendium::normalize::normalize;
use compendium::schema::Schemas;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// `changed`, a manifest made from `manifest` by hand, sealed again as the tool seals one: its
/// own SHA-256 (the one `manifest` records) made anew.
fn sealed_again(manifest: &str, changed: String) -> String {
    let own = &manifest[manifest.find("\"manifest_sha256\": \"").unwrap() + 20..][..64];
    compendium::manifest::seal(changed.replace(own, compendium::manifest::OWN_HASH_PLACEHOLDER))
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cmd/diff.in")
        .join(name)
}

fn build(practices: &Path, out: &Path) {
    succeed(
        bin()
            .args(["build", "--html", "--out"])
            .arg(out)
            .arg(practices),
    );
}

fn diff_json(dir: &Path, old: &str, new: &str) -> serde_json::Value {
    let run = succeed(
        bin()
            .current_dir(dir)
            .args(["diff", "--format", "json", old, new]),
    );
    let mut v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    // Edition names differ by form; everything else must not.
    v["old"]["edition"] = serde_json::Value::Null;
    v["new"]["edition"] = serde_json::Value::Null;
    v
}

#[test]
fn verify_finds_a_one_byte_change_in_each_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build(&fixture("new"), &out);
    let ok = bin().arg("verify").arg(&out).output().unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    for name in compendium::render::FILE_NAMES {
        let path = out.join(name);
        let original = std::fs::read(&path).unwrap();
        // Change one byte in the middle (a letter to another letter, or a space to a tab).
        let mut altered = original.clone();
        let at = (altered.len() / 2..altered.len())
            .find(|&i| altered[i].is_ascii_alphabetic() || altered[i] == b' ')
            .unwrap();
        altered[at] = match altered[at] {
            b' ' => b'\t',
            b'a' => b'b',
            _ => b'a',
        };
        std::fs::write(&path, &altered).unwrap();
        let run = bin().arg("verify").arg(&out).output().unwrap();
        assert_eq!(
            run.status.code(),
            Some(1),
            "{name}: {}",
            String::from_utf8_lossy(&run.stdout)
        );
        assert!(
            String::from_utf8_lossy(&run.stdout).contains(name),
            "{name}"
        );
        std::fs::write(&path, &original).unwrap();
    }
    let wrong_digest = bin()
        .arg("verify")
        .arg(&out)
        .args(["--digest", &"0".repeat(64)])
        .output()
        .unwrap();
    assert_eq!(wrong_digest.status.code(), Some(1));
    // Intact, but another edition than the one cited: not called altered (found by a tester).
    let said = String::from_utf8_lossy(&wrong_digest.stdout);
    assert!(said.starts_with("other edition: "), "{said}");
    assert!(
        said.contains("is intact, but its edition digest is"),
        "{said}"
    );
    assert!(!said.contains("altered"), "{said}");
    // A manifest checked out with Windows line endings: its text is as built, and said so.
    let manifest = out.join("compendium.json");
    let as_built = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, as_built.replace('\n', "\r\n")).unwrap();
    let crlf = bin().arg("verify").arg(&out).output().unwrap();
    assert_eq!(crlf.status.code(), Some(1));
    let said = String::from_utf8_lossy(&crlf.stdout);
    assert!(said.contains("only its line endings differ"), "{said}");
    assert!(!said.contains("edited after the build"), "{said}");
    let diff = bin().arg("diff").arg(&out).arg(&out).output().unwrap();
    assert_eq!(diff.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&diff.stderr).contains("only its line endings differ"));
    std::fs::write(&manifest, as_built).unwrap();
}

/// An edition holds files: a file of it replaced by a link to an identical copy elsewhere (which
/// anyone who may write there could then change) is not the edition as built; and a folder
/// that does not exist, or the manifest given instead of its folder, is named for what it is.
#[cfg(unix)]
#[test]
fn verify_refuses_links_and_names_a_wrong_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build(&fixture("new"), &out);
    let elsewhere = tmp.path().join("copy.md");
    std::fs::copy(out.join("compendium.md"), &elsewhere).unwrap();
    std::fs::remove_file(out.join("compendium.md")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("compendium.md")).unwrap();
    let run = bin().arg("verify").arg(&out).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("symbolic link"), "{stdout}");
    let manifest = out.join("compendium.json");
    let moved = tmp.path().join("manifest.json");
    std::fs::rename(&manifest, &moved).unwrap();
    std::os::unix::fs::symlink(&moved, &manifest).unwrap();
    let run = bin().arg("verify").arg(&out).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("symbolic link"), "{stderr}");
    let run = bin()
        .arg("verify")
        .arg(tmp.path().join("dsit"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no such folder"), "{stderr}");
    let run = bin().arg("verify").arg(&moved).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is a file; give the folder"), "{stderr}");
}

/// What a reviewer relies on beyond one changed byte: a file added to the folder, a file changed
/// together with its recorded hash and the manifest sealed again by hand, the manifest's own hash
/// removed, and plain refusals of a malformed digest and of a folder that is not an edition.
#[test]
fn verify_ties_every_file_to_the_practices() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build(&fixture("new"), &out);
    let verify = |extra: &[&str]| bin().arg("verify").arg(&out).args(extra).output().unwrap();
    let altered = |run: &std::process::Output, name: &str| {
        let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
        assert_eq!(run.status.code(), Some(1), "{stdout}");
        assert!(
            stdout.contains(&format!("altered: {}", out.join(name).display())),
            "{stdout}"
        );
        stdout
    };
    let quiet = bin()
        .args(["--quiet", "verify"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stdout.is_empty());

    std::fs::write(out.join("notes.txt"), "withdrawn").unwrap();
    altered(&verify(&[]), "notes.txt");
    std::fs::remove_file(out.join("notes.txt")).unwrap();

    let manifest_path = out.join("compendium.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let md = std::fs::read_to_string(out.join("compendium.md")).unwrap();
    let forged = md.replacen("## ", "## Withdrawn: ", 1);
    std::fs::write(out.join("compendium.md"), &forged).unwrap();
    let resealed = sealed_again(
        &manifest,
        manifest.replace(
            &compendium::normalize::sha256_hex(&md),
            &compendium::normalize::sha256_hex(&forged),
        ),
    );
    std::fs::write(&manifest_path, resealed).unwrap();
    let stdout = altered(&verify(&[]), "compendium.md");
    assert!(
        stdout.contains("matches the SHA-256 the manifest records, but not what the manifest's practices and edition name render to"),
        "{stdout}"
    );
    std::fs::write(out.join("compendium.md"), &md).unwrap();

    let without_own_hash: String = manifest
        .split_inclusive('\n')
        .filter(|line| !line.contains("\"manifest_sha256\""))
        .collect();
    std::fs::write(&manifest_path, without_own_hash).unwrap();
    altered(&verify(&[]), "compendium.json");
    std::fs::write(&manifest_path, &manifest).unwrap();
    assert_eq!(verify(&[]).status.code(), Some(0));

    // An edit to the manifest alone (the edition's name) is blamed on the manifest, once: the
    // other files are as built, and are not said to have been changed.
    let (old_name, new_name) = ("\"edition\": \"draft\"", "\"edition\": \"final\"");
    assert!(manifest.contains(old_name), "{manifest}");
    std::fs::write(&manifest_path, manifest.replace(old_name, new_name)).unwrap();
    let stdout = altered(&verify(&[]), "compendium.json");
    assert!(
        stdout.contains("either only the manifest was edited, or those files were changed"),
        "{stdout}"
    );
    for name in [
        "compendium.md",
        "compendium.csv",
        "coverage.md",
        "compendium.html",
    ] {
        assert!(
            !stdout.contains(&format!("altered: {}", out.join(name).display())),
            "{name}: {stdout}"
        );
    }
    std::fs::write(&manifest_path, &manifest).unwrap();

    // A file changed together with its recorded hash, the manifest not sealed again: the file
    // is not said to be as built (found by a reviewer).
    std::fs::write(out.join("compendium.md"), &forged).unwrap();
    std::fs::write(
        &manifest_path,
        manifest.replace(
            &compendium::normalize::sha256_hex(&md),
            &compendium::normalize::sha256_hex(&forged),
        ),
    )
    .unwrap();
    let stdout = altered(&verify(&[]), "compendium.json");
    assert!(stdout.contains("compendium.md"), "{stdout}");
    assert!(!stdout.contains("is as built"), "{stdout}");
    assert!(
        stdout.contains("changed together with the hashes it records"),
        "{stdout}"
    );
    std::fs::write(out.join("compendium.md"), &md).unwrap();
    std::fs::write(&manifest_path, &manifest).unwrap();

    // A file listed by a path outside the folder is not read, and not said to be missing when
    // it exists.
    std::fs::write(tmp.path().join("precious.txt"), "mine").unwrap();
    let hash = compendium::normalize::sha256_hex("mine");
    let listed = manifest.replacen(
        "\"compendium.csv\":",
        &format!("\"../precious.txt\": \"{hash}\",\n    \"compendium.csv\":"),
        1,
    );
    assert_ne!(listed, manifest);
    let resealed = sealed_again(&manifest, listed);
    std::fs::write(&manifest_path, resealed).unwrap();
    let stdout = altered(&verify(&[]), "compendium.json");
    assert!(stdout.contains("which the tool does not write"), "{stdout}");
    assert!(!stdout.contains("missing"), "{stdout}");
    assert!(stdout.contains("outside the edition's folder"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("precious.txt")).unwrap(),
        "mine"
    );
    std::fs::write(&manifest_path, &manifest).unwrap();

    let malformed = verify(&["--digest", "not-a-digest"]);
    assert_eq!(malformed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&malformed.stderr).contains("64 hexadecimal characters"));
    let not_an_edition = bin().arg("verify").arg(fixture("new")).output().unwrap();
    assert_eq!(not_an_edition.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_an_edition.stderr).contains("not an edition"));
}

/// `verify` says where a changed file differs and which practices a change concerns, not only
/// two hashes (found by a tester): a file saved again with other line endings or a byte order
/// mark, a practice's row removed from the CSV, a practice's line removed from the manifest.
#[test]
fn verify_says_where_an_edition_was_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build(&fixture("new"), &out);
    let stdout_of = || {
        let run = bin().arg("verify").arg(&out).output().unwrap();
        assert_eq!(run.status.code(), Some(1));
        String::from_utf8_lossy(&run.stdout).into_owned()
    };
    let md_path = out.join("compendium.md");
    let md = std::fs::read_to_string(&md_path).unwrap();
    std::fs::write(&md_path, md.replace('\n', "\r\n")).unwrap();
    assert!(stdout_of().contains("only the line endings differ"));
    std::fs::write(&md_path, format!("\u{feff}{md}")).unwrap();
    assert!(stdout_of().contains("only a byte order mark was added or removed"));
    // One word of a practice's section: the line, and the practice.
    let at = md.find("### <a id=\"").unwrap() + 4;
    let id = md[at + 7..].split('"').next().unwrap().to_string();
    let edited = md.replacen(&format!("`{id}`"), "`withdrawn`", 1);
    assert!(edited != md, "no id line for {id}");
    let line = 1 + edited
        .lines()
        .position(|l| l.contains("`withdrawn`"))
        .unwrap();
    std::fs::write(&md_path, &edited).unwrap();
    let said = stdout_of();
    assert!(
        said.contains(&format!(
            "from line {line}, in the section of practice `{id}`"
        )),
        "{said}"
    );
    // A section cut out whole is named, not the intact one that now stands in its place (found
    // by a tester).
    let start = md.find(&format!("### <a id=\"{id}\"")).unwrap();
    let end = start + 4 + md[start + 4..].find("\n#").unwrap() + 1;
    std::fs::write(&md_path, format!("{}{}", &md[..start], &md[end..])).unwrap();
    let said = stdout_of();
    assert!(
        said.contains(&format!("in the section of practice `{id}`")),
        "{said}"
    );
    // A line of the sources belongs to no practice.
    let sources = md.find("<a id=\"source_1\">").unwrap();
    let edited = format!("{}Altered. {}", &md[..sources], &md[sources..]);
    std::fs::write(&md_path, &edited).unwrap();
    let said = stdout_of();
    assert!(said.contains("from line"), "{said}");
    assert!(!said.contains("in the section of practice"), "{said}");
    std::fs::write(&md_path, &md).unwrap();

    let csv_path = out.join("compendium.csv");
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let mut lines: Vec<&str> = csv.split_inclusive("\r\n").collect();
    let removed = lines.remove(1).split(',').next().unwrap().to_string();
    std::fs::write(&csv_path, lines.concat()).unwrap();
    let said = stdout_of();
    assert!(
        said.contains(&format!(
            "the rows of these practices were removed: `{removed}`"
        )),
        "{said}"
    );
    std::fs::write(&csv_path, &csv).unwrap();

    // A practice's line deleted from the manifest: counted, and named from the CSV as built.
    let manifest_path = out.join("compendium.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.contains(&format!("{{\"id\":\"{removed}\"")))
        .unwrap();
    std::fs::write(&manifest_path, manifest.replace(&format!("{line}\n"), "")).unwrap();
    let said = stdout_of();
    assert!(said.contains("its header counts"), "{said}");
    assert!(
        said.contains(&format!("the manifest no longer lists `{removed}`")),
        "{said}"
    );
    // Saved again with a byte order mark: said so, and nothing else is wrong.
    std::fs::write(&manifest_path, format!("\u{feff}{manifest}")).unwrap();
    let said = stdout_of();
    assert!(said.contains("starts with a byte order mark"), "{said}");
    assert!(said.contains("1 problem(s)"), "{said}");
    // The manifest given where entries are read is named as a manifest.
    let run = bin().arg("validate").arg(&manifest_path).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is the manifest of an edition"));
}

/// An edition that says an earlier version built it is still checked in full: its files are
/// rendered again, and one that differs is reported, with the reason it may differ (that version
/// may have rendered it otherwise), never taken on its recorded hash alone: the version is not
/// covered by the digest, and a manifest lowered to an earlier version once let an edited file
/// through as "intact" (found by a reviewer).
#[test]
fn an_edition_of_an_earlier_format_version_is_checked_in_full() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build(&fixture("new"), &out);
    let manifest_path = out.join("compendium.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let own = &manifest[manifest.find("\"manifest_sha256\": \"").unwrap() + 20..][..64];
    let current = compendium::manifest::FORMAT_VERSION;
    // As format 8 wrote it: no taxonomy, and a digest that does not cover one.
    let taxonomy = compendium::schema::Schemas::embedded().unwrap().taxonomy;
    let read = compendium::manifest::read_manifest(&manifest, &taxonomy).unwrap();
    let digest_8 =
        compendium::assemble::edition_digest(&read.edition.practices, &read.edition.dropped, None);
    let start = manifest.find(",\n  \"taxonomy\": [").unwrap();
    let end = start + manifest[start..].find("\n  ]").unwrap() + "\n  ]".len();
    let mut manifest = format!("{}{}", &manifest[..start], &manifest[end..])
        .replace(&read.edition.digest, &digest_8);
    // The Markdown and HTML files show the digest.
    for name in ["compendium.md", "compendium.html"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let now = text.replace(&read.edition.digest, &digest_8);
        std::fs::write(out.join(name), &now).unwrap();
        manifest = manifest.replace(
            &compendium::normalize::sha256_hex(&text),
            &compendium::normalize::sha256_hex(&now),
        );
    }
    let md = std::fs::read_to_string(out.join("compendium.md")).unwrap();
    let earlier = |markdown: &str| {
        compendium::manifest::seal(
            manifest
                .replace(
                    &compendium::normalize::sha256_hex(&md),
                    &compendium::normalize::sha256_hex(markdown),
                )
                .replace(
                    &format!("\"format_version\": {current},"),
                    &format!(
                        "\"format_version\": {},",
                        compendium::manifest::TAXONOMY_RECORDED_SINCE - 1
                    ),
                )
                .replace(own, compendium::manifest::OWN_HASH_PLACEHOLDER),
        )
    };
    // Rendered as this version renders it: intact.
    std::fs::write(&manifest_path, earlier(&md)).unwrap();
    let run = bin().arg("verify").arg(&out).output().unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    // A recommendation weakened, its hash recorded, the version lowered and the manifest sealed
    // again: found.
    let edited = md.replacen("Publish", "Consider publishing", 1);
    assert_ne!(edited, md);
    std::fs::write(out.join("compendium.md"), &edited).unwrap();
    std::fs::write(&manifest_path, earlier(&edited)).unwrap();
    let run = bin().arg("verify").arg(&out).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("says it was built by an earlier version (manifest format version"),
        "{stdout}"
    );
    assert!(!stdout.contains("intact"), "{stdout}");
}

/// `diff` takes a manifest's practice hashes on trust, so it refuses a manifest edited after the
/// build; and a folder of entries holding one whose id is `compendium` is still a folder.
#[test]
fn diff_refuses_an_edited_manifest_and_knows_an_entry_from_a_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build(&fixture("new"), &out);
    let manifest = out.join("compendium.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let at = text.find("\"title\":\"").unwrap() + 9;
    let edited = format!("{}X{}", &text[..at], &text[at + 1..]);
    std::fs::write(&manifest, edited).unwrap();
    let run = bin()
        .arg("diff")
        .arg(fixture("new"))
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("edited after it was built"));

    let folder = tmp.path().join("entries");
    std::fs::create_dir(&folder).unwrap();
    let first = std::fs::read_dir(fixture("new"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "json") && !p.ends_with("dedup-decisions.json")
        })
        .unwrap();
    let mut entry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&first).unwrap()).unwrap();
    entry["id"] = "compendium".into();
    std::fs::write(folder.join("compendium.json"), entry.to_string()).unwrap();
    let same = bin()
        .arg("diff")
        .arg(&folder)
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
}

#[test]
fn folder_manifest_and_git_forms_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(repo)
            .args([
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.org",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let copy = |from: &Path, to: &Path| {
        let _ = std::fs::remove_dir_all(to);
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    };
    git(&["init", "-q", "-b", "main"]);
    copy(&fixture("old"), &repo.join("practices"));
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "old"]);
    git(&["tag", "v1"]);
    copy(&fixture("new"), &repo.join("practices"));
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "new"]);
    copy(&fixture("old"), &repo.join("old"));
    copy(&fixture("new"), &repo.join("new"));
    build(&repo.join("old"), &repo.join("dist-old"));
    build(&repo.join("new"), &repo.join("dist-new"));

    let folders = diff_json(repo, "old", "new");
    let manifests = diff_json(repo, "dist-old/compendium.json", "dist-new");
    let revisions = diff_json(repo, "git:v1", "git:HEAD");
    assert_eq!(folders, manifests);
    assert_eq!(folders, revisions);
    assert_eq!(
        folders["added"],
        serde_json::json!(["custody-photo-retention-schedule"])
    );

    // Errors at a revision name the revision and the file in it, not a temporary folder.
    let unknown = bin()
        .current_dir(repo)
        .args(["diff", "git:no-such-revision", "new"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr)
        .contains("git:no-such-revision: could not be read from the repository"));
    std::fs::write(repo.join("practices/broken.json"), "{").unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "broken"]);
    let broken = bin()
        .current_dir(repo)
        .args(["diff", "git:HEAD", "new"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(
        stderr.contains("git:HEAD:practices/broken.json"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(&std::env::temp_dir().display().to_string()),
        "{stderr}"
    );
    // So does an error that stops the reading (found by a reviewer: it named /proc/self/fd/N).
    std::fs::write(repo.join("practices/dedup-decisions.json"), "nonsense").unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "decisions"]);
    let stopped = bin()
        .current_dir(repo)
        .args(["diff", "git:HEAD", "new"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&stopped.stderr);
    assert_eq!(stopped.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("git:HEAD:practices/dedup-decisions.json") && !stderr.contains("/proc/"),
        "{stderr}"
    );
    std::fs::remove_file(repo.join("practices/dedup-decisions.json")).unwrap();

    // A symbolic link committed among the entries is not an entry of the revision: its blob is
    // the path it points to, and a revision is read from the repository alone (a tester saw
    // the link's target quoted in the findings).
    std::fs::remove_file(repo.join("practices/broken.json")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", repo.join("practices/zz-link.json")).unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "link"]);
    let linked = bin()
        .current_dir(repo)
        .args(["diff", "git:HEAD~1", "git:HEAD"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&linked.stderr);
    assert!(
        !stderr.contains("zz-link") && !stderr.contains("/etc/hostname"),
        "{stderr}"
    );
}

fn practice(id: &str, words: &[String], status: Status) -> Practice {
    let text = words.join(" ");
    Practice {
        title: format!(
            "Practice {id} on {}",
            words.first().cloned().unwrap_or_default()
        ),
        summary: format!("A generated summary that mentions {text} for testing."),
        body: format!(
            "A generated body. {text}. It keeps biometric data for six months and deletes it."
        ),
        recommendations: vec![format!("Apply {text} carefully.")],
        principles: vec!["retention-limits".into()],
        status,
        ..Practice::example(id)
    }
}

fn edition(practices: Vec<Practice>) -> Edition {
    let taxonomy = Schemas::embedded().unwrap().taxonomy;
    let items = practices
        .into_iter()
        .map(|p| (normalize(p), None))
        .collect();
    compendium::assemble::assemble("generated", items, Vec::new(), &taxonomy)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn an_edition_compared_with_itself_has_no_change(
        entries in proptest::collection::vec(
            (proptest::collection::vec("[a-z]{3,9}", 1..12), prop_oneof![Just(Status::Accepted), Just(Status::Retired)]),
            0..20,
        )
    ) {
        let practices: Vec<Practice> =
            entries.iter().enumerate().map(|(i, (w, s))| practice(&format!("p-{i}"), w, *s)).collect();
        let mut reversed = practices.clone();
        reversed.reverse();
        let (a, b) = (edition(practices.clone()), edition(reversed));
        let changes = diff(&a, &b);
        prop_assert!(changes.is_empty(), "{changes:?}");
        prop_assert_eq!(changes.unchanged, practices.len());
        prop_assert_eq!(&changes.old.digest, &changes.new.digest);
    }
}

/// A practice whose tags alone changed is retagged, not unchanged too: the counts add up to the
/// practices (found by a tester: "Retagged 20" and "Unchanged 130" of 130 practices, after a
/// principle's parent changed).
#[test]
fn a_practice_retagged_alone_is_not_counted_unchanged() {
    let taxonomy = Schemas::embedded().unwrap().taxonomy;
    let mut moved = taxonomy.clone();
    for p in moved
        .principles
        .iter_mut()
        .filter(|p| p.id == "retention-limits")
    {
        p.parent = Some("human-rights".into());
    }
    let words = |w: &str| vec![w.to_string(), "records".to_string()];
    let practices = [
        practice("p-1", &words("alpha"), Status::Accepted),
        practice("p-2", &words("beta"), Status::Accepted),
    ];
    let build = |taxonomy: &compendium::model::Taxonomy| {
        let items = practices
            .iter()
            .map(|p| (normalize(p.clone()), None))
            .collect();
        compendium::assemble::assemble("generated", items, Vec::new(), taxonomy)
    };
    let changes = diff(&build(&taxonomy), &build(&moved));
    assert_eq!(changes.retagged.len(), 2, "{changes:?}");
    assert_eq!(changes.unchanged, 0, "{changes:?}");
    assert!(changes.modified.is_empty(), "{changes:?}");
}

/// `diff` given another file of an edition, an entry, or a cut manifest says what it was given, in
/// plain words (found by a tester: the CSV "was saved again by an editor", an entry "has no
/// `practices`", "EOF while parsing a string").
#[test]
fn diff_names_what_it_was_given_instead_of_an_edition() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build(&fixture("new"), &out);
    let entry = std::fs::read_dir(fixture("new"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    let manifest = std::fs::read_to_string(out.join("compendium.json")).unwrap();
    let cut = tmp.path().join("cut.json");
    std::fs::write(&cut, &manifest[..manifest.len() / 2]).unwrap();
    for (given, said) in [
        (
            out.join("compendium.csv"),
            "one of an edition's published files, not its manifest",
        ),
        (entry, "this is a practice entry, not an edition"),
        (cut, "not a readable manifest"),
    ] {
        let run = bin().arg("diff").arg(&out).arg(&given).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(said), "{given:?}: {stderr}");
        assert!(!stderr.contains("EOF while parsing"), "{stderr}");
    }
}

/// A practice whose superseding practice was withdrawn is current practice again: `diff` says so,
/// from whole editions and from manifests read in part alike (found by a tester: it was listed
/// as unchanged).
#[test]
fn a_practice_no_longer_superseded_is_reported() {
    use compendium::diff::{compare, Source};
    let words = |w: &str| vec![w.to_string(), "records".to_string()];
    let kept = practice("p-1", &words("alpha"), Status::Accepted);
    let mut newer = practice("p-2", &words("beta"), Status::Accepted);
    newer.supersedes = vec!["p-1".into()];
    let other = practice("p-3", &words("gamma"), Status::Accepted);
    let (a, b) = (
        edition(vec![kept.clone(), newer, other.clone()]),
        edition(vec![kept, other]),
    );
    let whole = diff(&a, &b);
    assert_eq!(whole.no_longer_superseded.len(), 1, "{whole:?}");
    assert_eq!(
        (
            whole.no_longer_superseded[0].id.as_str(),
            whole.no_longer_superseded[0].by.as_str()
        ),
        ("p-1", "p-2")
    );
    assert_eq!(whole.removed, ["p-2"]);
    // Only p-3 is unchanged: p-1 is current again (found by a tester: counted in both).
    assert_eq!(whole.unchanged, 1, "{whole:?}");
    let tmp = tempfile::tempdir().unwrap();
    let write = |e: &Edition, name: &str| {
        let path = tmp.path().join(name);
        std::fs::write(&path, compendium::manifest::render(e, &Default::default())).unwrap();
        path
    };
    let taxonomy = Schemas::embedded().unwrap().taxonomy;
    let from_files = compare(
        Source::Manifest(write(&a, "a.json")),
        Source::Manifest(write(&b, "b.json")),
        &taxonomy,
    )
    .unwrap();
    assert_eq!(from_files.changes, whole);
    // Back again: superseded, not "no longer".
    let back = diff(&b, &a);
    assert!(back.no_longer_superseded.is_empty(), "{back:?}");
    assert_eq!(back.superseded.len(), 1);
    assert_eq!(back.unchanged, 1, "{back:?}");
    let forth = compare(
        Source::Manifest(write(&b, "b.json")),
        Source::Manifest(write(&a, "a.json")),
        &taxonomy,
    )
    .unwrap();
    assert_eq!(forth.changes, back);
}

/// A file added to a current edition is altered, whatever its name says: a name holding the words
/// of the "earlier version" excuse does not make it one (found by a reviewer).
#[test]
fn a_file_named_like_the_excuse_is_still_altered() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build(&fixture("new"), &out);
    std::fs::write(
        out.join("evil (the edition says it was built by an earlier version).html"),
        "x",
    )
    .unwrap();
    let run = bin().arg("verify").arg(&out).output().unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{said}");
    assert!(said.contains("altered: "), "{said}");
    assert!(!said.contains("not checked"), "{said}");
}

/// What a change to one practice of an edition can be.
#[derive(Debug, Clone, Copy)]
enum Change {
    Keep,
    Remove,
    Retire,
    Reword,
    Rename,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        6 => Just(Change::Keep),
        1 => Just(Change::Remove),
        1 => Just(Change::Retire),
        1 => Just(Change::Reword),
        1 => Just(Change::Rename),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Reading only the practices that changed (`compare`, on manifests or editions in memory)
    /// reports exactly what comparing the two whole editions does.
    #[test]
    fn comparing_only_what_changed_agrees_with_the_whole_diff(
        entries in proptest::collection::vec(
            (proptest::collection::vec("[a-z]{3,9}", 4..12), change()),
            1..16,
        ),
        added in proptest::collection::vec(proptest::collection::vec("[a-z]{3,9}", 4..12), 0..3),
    ) {
        use compendium::diff::{compare, Source};
        let old: Vec<Practice> = entries
            .iter()
            .enumerate()
            .map(|(i, (w, _))| practice(&format!("p-{i}"), w, Status::Accepted))
            .collect();
        let mut new = Vec::new();
        for (i, (w, c)) in entries.iter().enumerate() {
            let id = format!("p-{i}");
            match c {
                Change::Keep => new.push(practice(&id, w, Status::Accepted)),
                Change::Remove => {}
                Change::Retire => new.push(practice(&id, w, Status::Retired)),
                Change::Reword => {
                    let mut w = w.clone();
                    w[0] = "reworded".into();
                    new.push(practice(&id, &w, Status::Accepted));
                }
                Change::Rename => new.push(practice(&format!("q-{i}"), w, Status::Accepted)),
            }
        }
        for (i, w) in added.iter().enumerate() {
            new.push(practice(&format!("n-{i}"), w, Status::Accepted));
        }
        let (a, b) = (edition(old), edition(new));
        let whole = diff(&a, &b);
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let tmp = tempfile::tempdir().unwrap();
        let write = |e: &Edition, name: &str| {
            let path = tmp.path().join(name);
            let text = compendium::manifest::render(e, &Default::default());
            std::fs::write(&path, text).unwrap();
            path
        };
        let (pa, pb) = (write(&a, "a.json"), write(&b, "b.json"));
        let from_files = compare(Source::Manifest(pa), Source::Manifest(pb), &taxonomy).unwrap();
        prop_assert_eq!(&from_files.changes, &whole);
        let in_memory = compare(
            Source::Edition(Box::new(a.clone())),
            Source::Edition(Box::new(b.clone())),
            &taxonomy,
        )
        .unwrap();
        prop_assert_eq!(&in_memory.changes, &whole);
        // Editions that differ in their practices' ids, fields or presence differ for `diff`
        // exactly when their digests do (scores and left-out duplicates are not varied here).
        prop_assert_eq!(whole.is_empty(), a.digest == b.digest, "{:?}", whole);
        // Only practices that changed are held (here tags follow the fields, so every unchanged
        // practice has the same key on both sides).
        let held = from_files.old.practices.len() + from_files.new.practices.len();
        prop_assert_eq!(held, a.practices.len() + b.practices.len() - 2 * whole.unchanged);
    }
}

/// A temporary folder with `old/` and `new/`, each a copy of the entries and decisions of the
/// fixture where one pair is decided a duplicate and another related.
fn two_sides_of_the_decided_pair() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cmd/same-practice-decided.in/practices");
    for side in ["old", "new"] {
        let dir = tmp.path().join(side);
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&fixture).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    tmp
}

/// Builds `old/` into `old-out/` and `new/` into `new-out/`.
fn build_both_sides(dir: &Path) {
    for side in ["old", "new"] {
        succeed(
            bin()
                .current_dir(dir)
                .args(["build", "--out", &format!("{side}-out"), side]),
        );
    }
}

/// Two editions that differ only in a `related` decision: `diff` reports the change, under
/// Modified (field `related`), for manifests and folders alike, and `--exit-code` fails.
#[test]
fn diff_reports_a_change_of_related_practices() {
    let tmp = two_sides_of_the_decided_pair();
    // The old side has only the duplicate decision, the new side the related one too.
    let decisions = tmp.path().join("old/dedup-decisions.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&decisions).unwrap()).unwrap();
    v["decisions"].as_array_mut().unwrap().truncate(1);
    std::fs::write(&decisions, v.to_string()).unwrap();
    build_both_sides(tmp.path());
    for (old, new) in [
        ("old-out/compendium.json", "new-out/compendium.json"),
        ("old", "new"),
    ] {
        let run = bin()
            .current_dir(tmp.path())
            .args(["diff", "--exit-code", "--format", "json", old, new])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(1), "{old} {new}");
        let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        assert_eq!(
            v["modified"],
            serde_json::json!([{
                "id": "eu-ees-fixed-retention-and-automatic-erasure",
                "fields": ["related"]
            }, {
                "id": "si-eu-ees-enfants-de-moins-de-12-ans-exemptes-des-empreintes",
                "fields": ["related"]
            }]),
            "{old} {new}: {v}"
        );
    }
}

/// A practice renamed and retired at once: its CSV row gives the status it had under its old id
/// (the row's old status was empty).
#[test]
fn a_practice_renamed_and_retired_shows_its_old_status() {
    let words: Vec<String> = ["fingerprint", "retention", "schedule", "border", "agency"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let old = edition(vec![practice("alpha", &words, Status::Accepted)]);
    let new = edition(vec![practice("alpha-renamed", &words, Status::Retired)]);
    let changes = compendium::diff::diff(&old, &new);
    assert_eq!(changes.renamed.len(), 1, "{changes:?}");
    let csv = compendium::diff::render::csv(&changes, &old, &new);
    assert!(
        csv.lines()
            .any(|l| l.trim_end() == "retired,alpha-renamed,status,accepted,retired"),
        "{csv}"
    );
}

/// A principle that stays but comes from elsewhere (implied by a declared facet, then declared
/// itself) is a retagging: `diff` says so in Markdown, CSV and JSON.
#[test]
fn diff_reports_a_principle_whose_origin_changed() {
    let words: Vec<String> = ["fingerprint", "retention", "schedule"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let old = edition(vec![practice("alpha", &words, Status::Accepted)]);
    let mut declared = practice("alpha", &words, Status::Accepted);
    declared.principles.push("data-protection".into());
    let new = edition(vec![declared]);
    let changes = compendium::diff::diff(&old, &new);
    assert_eq!(changes.retagged.len(), 1, "{changes:?}");
    let r = &changes.retagged[0];
    assert!(r.added.is_empty() && r.removed.is_empty(), "{r:?}");
    let md = compendium::diff::render::markdown(&changes, &old, &new);
    assert!(
        md.contains("- `alpha`: data-protection implied → declared"),
        "{md}"
    );
    let csv = compendium::diff::render::csv(&changes, &old, &new);
    assert!(
        csv.lines()
            .any(|l| l.trim_end() == "retagged,alpha,origin of data-protection,implied,declared"),
        "{csv}"
    );
    let json = serde_json::to_value(&changes).unwrap();
    assert_eq!(
        json["retagged"][0]["origins"],
        serde_json::json!([{"principle": "data-protection", "old": "implied", "new": "declared"}])
    );
}

/// A manifest edited by hand may list a principle twice, from two origins: the edition still
/// does not differ from itself (a kept fuzzing input found the first version reporting it).
#[test]
fn a_principle_listed_twice_is_no_change_of_origin() {
    let words: Vec<String> = ["fingerprint", "retention"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let mut e = edition(vec![practice("alpha", &words, Status::Accepted)]);
    let mut twice = e.practices[0].tags[0].clone();
    twice.origin = compendium::model::TagOrigin::Suggested;
    e.practices[0].tags.push(twice);
    let changes = compendium::diff::diff(&e, &e);
    assert!(changes.retagged.is_empty(), "{changes:?}");
}

/// A practice left out in both editions, but for another copy in the new one, is one change:
/// left out for another practice (the one kept before named), not also "no longer left out"
/// (found by a tester: it was counted in both, and the CSV said it was no longer left out).
#[test]
fn a_practice_left_out_for_another_copy_is_one_change() {
    let words: Vec<String> = ["fingerprint", "retention"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let both = || {
        edition(vec![
            practice("beta", &words, Status::Accepted),
            practice("gamma", &words, Status::Accepted),
        ])
    };
    let left_out = |kept: &str| compendium::model::Dropped {
        id: "alpha".into(),
        kept: kept.into(),
    };
    let (mut old, mut new) = (both(), both());
    old.dropped.push(left_out("beta"));
    new.dropped.push(left_out("gamma"));
    let changes = compendium::diff::diff(&old, &new);
    assert!(changes.no_longer_left_out.is_empty(), "{changes:?}");
    assert_eq!(changes.left_out_as_duplicates.len(), 1, "{changes:?}");
    let l = &changes.left_out_as_duplicates[0];
    assert_eq!(
        (l.id.as_str(), l.kept.as_str(), l.previously_kept.as_deref()),
        ("alpha", "gamma", Some("beta"))
    );
    assert!(!changes.is_empty());
    // Each format says which practice it stood for before and which now.
    let csv = compendium::diff::render::csv(&changes, &old, &new);
    assert!(
        csv.lines()
            .any(|l| l == "left-out,alpha,duplicate_of,beta,gamma"),
        "{csv}"
    );
    assert!(!csv.contains("no-longer-left-out"), "{csv}");
    let markdown = compendium::diff::render::markdown(&changes, &old, &new);
    assert!(
        markdown.contains("(before: a duplicate of `beta`)"),
        "{markdown}"
    );
    assert!(!markdown.contains("No longer left out"), "{markdown}");
    // Left out in both for the same practice: no change at all.
    assert!(compendium::diff::diff(&old, &old)
        .left_out_as_duplicates
        .is_empty());
}

/// A practice the editors merged into another is gone from the new edition, not deleted: `diff`
/// says which practice stands for it (JSON, CSV and Markdown).
#[test]
fn diff_says_which_practice_stands_for_one_left_out_as_a_duplicate() {
    let tmp = two_sides_of_the_decided_pair();
    // Before the editors decided, both practices were published.
    std::fs::remove_file(tmp.path().join("old/dedup-decisions.json")).unwrap();
    build_both_sides(tmp.path());
    let v = diff_json(tmp.path(), "old-out", "new-out");
    assert_eq!(
        v["left_out_as_duplicates"],
        serde_json::json!([{
            "id": "sp-ees-durees-conservation-effacement-automatique",
            "kept": "eu-ees-fixed-retention-and-automatic-erasure"
        }]),
        "{v}"
    );
    let markdown = succeed(
        bin()
            .current_dir(tmp.path())
            .args(["diff", "old-out", "new-out"]),
    );
    assert!(String::from_utf8_lossy(&markdown.stdout)
        .contains("(left out as a duplicate of `eu-ees-fixed-retention-and-automatic-erasure`)"));
    let csv = succeed(
        bin()
            .current_dir(tmp.path())
            .args(["diff", "--format", "csv", "old-out", "new-out"]),
    );
    assert!(String::from_utf8_lossy(&csv.stdout).contains(
        "removed,sp-ees-durees-conservation-effacement-automatique,duplicate_of,,eu-ees-fixed-retention-and-automatic-erasure"
    ));
    // A byte order mark first, as the edition's CSV has, for spreadsheets (found by a tester).
    assert!(csv
        .stdout
        .starts_with(b"\xEF\xBB\xBFchange,id,field,old,new\r\n"));
}

/// Leaving out a practice that was never published changes the edition (its digest): `diff`
/// says so, and so does `--exit-code`; the other way round, the practice is no longer left out.
#[test]
fn diff_reports_a_duplicate_left_out_that_was_never_published() {
    let tmp = two_sides_of_the_decided_pair();
    std::fs::remove_file(
        tmp.path()
            .join("old/sp-ees-durees-conservation-effacement-automatique.json"),
    )
    .unwrap();
    build_both_sides(tmp.path());
    let left_out = serde_json::json!([{
        "id": "sp-ees-durees-conservation-effacement-automatique",
        "kept": "eu-ees-fixed-retention-and-automatic-erasure"
    }]);
    let v = diff_json(tmp.path(), "old-out", "new-out");
    assert_eq!(v["left_out_as_duplicates"], left_out, "{v}");
    assert_eq!(v["removed"], serde_json::json!([]), "{v}");
    let back = diff_json(tmp.path(), "new-out", "old-out");
    assert_eq!(back["no_longer_left_out"], left_out, "{back}");
    for (old, new) in [("old-out", "new-out"), ("new-out", "old-out")] {
        let run = bin()
            .current_dir(tmp.path())
            .args(["diff", "--exit-code", old, new])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(1), "{old} → {new}");
    }
    let markdown = succeed(
        bin()
            .current_dir(tmp.path())
            .args(["diff", "new-out", "old-out"]),
    );
    assert!(String::from_utf8_lossy(&markdown.stdout).contains(
        "- `sp-ees-durees-conservation-effacement-automatique`: was left out as a duplicate of `eu-ees-fixed-retention-and-automatic-erasure`; no longer in the corpus"
    ));
}

/// A published practice left out for an exact copy added under another id was not renamed to
/// it: it is removed, left out as a duplicate of the copy.
#[test]
fn a_practice_left_out_for_its_new_copy_is_not_a_rename() {
    let tmp = two_sides_of_the_decided_pair();
    for side in ["old", "new"] {
        for file in [
            "dedup-decisions.json",
            "sp-ees-durees-conservation-effacement-automatique.json",
            "si-eu-ees-enfants-de-moins-de-12-ans-exemptes-des-empreintes.json",
        ] {
            std::fs::remove_file(tmp.path().join(side).join(file)).unwrap();
        }
    }
    let original = tmp
        .path()
        .join("new/eu-ees-fixed-retention-and-automatic-erasure.json");
    let mut copy: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&original).unwrap()).unwrap();
    copy["id"] = "aaa-copy-of-the-ees-entry".into();
    std::fs::write(
        tmp.path().join("new/aaa-copy-of-the-ees-entry.json"),
        serde_json::to_string_pretty(&copy).unwrap(),
    )
    .unwrap();
    build_both_sides(tmp.path());
    let v = diff_json(tmp.path(), "old-out", "new-out");
    assert_eq!(v["renamed"], serde_json::json!([]), "{v}");
    assert_eq!(
        v["left_out_as_duplicates"].as_array().map(Vec::len),
        Some(1),
        "{v}"
    );
}

#[cfg(unix)]
#[test]
fn verify_names_what_was_added_on_one_line() {
    // Found by a tester: a file added to an edition was named raw, so a line break in its
    // name could forge a line of the report ("altered: nothing").
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    build(&fixture("new"), &dist);
    std::fs::write(dist.join("evil\nintact; forged"), "").unwrap();
    let out = bin().arg("verify").arg(&dist).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(r"evil\nintact; forged"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("intact")), "{text}");
}

/// An edition records its taxonomy's chapters: built with a taxonomy whose first definition is
/// rewritten, it has another digest, `verify` checks it without being told the taxonomy and says
/// which chapter differs from the built-in one, and `diff` shows the chapter's change in every
/// format (found by a tester: the digest did not cover the taxonomy, and two editions whose
/// chapters said different things were "the same").
#[test]
fn an_edition_records_its_taxonomy_and_diff_shows_a_chapter_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let built_in: serde_json::Value = serde_json::from_str(compendium::schema::PRINCIPLES).unwrap();
    let mut own = built_in.clone();
    let first = own["principles"][0]["id"].as_str().unwrap().to_string();
    own["principles"][0]["definition"] = "A measure must stay within what its aim needs.".into();
    let own_file = tmp.path().join("principles.json");
    std::fs::write(&own_file, serde_json::to_string_pretty(&own).unwrap()).unwrap();
    let (plain, other) = (tmp.path().join("plain"), tmp.path().join("other"));
    build(&fixture("new"), &plain);
    succeed(
        bin()
            .args(["build", "--out"])
            .arg(&other)
            .arg("--principles")
            .arg(&own_file)
            .arg(fixture("new")),
    );
    let manifest = |dir: &Path| std::fs::read_to_string(dir.join("compendium.json")).unwrap();
    let digest = |dir: &Path| {
        let v: serde_json::Value = serde_json::from_str(&manifest(dir)).unwrap();
        v["digest"].as_str().unwrap().to_string()
    };
    assert_ne!(digest(&plain), digest(&other));
    assert!(manifest(&other).contains("A measure must stay within what its aim needs."));

    let run = succeed(bin().arg("verify").arg(&other));
    let said = String::from_utf8(run.stdout).unwrap();
    assert!(said.contains(": intact; edition digest"), "{said}");
    assert!(
        said.contains(&format!(
            "1 principle differs from the built-in taxonomy: `{first}` (definition)"
        )),
        "{said}"
    );
    let run = succeed(bin().arg("verify").arg(&plain));
    assert!(!String::from_utf8(run.stdout).unwrap().contains("taxonomy"));

    let (old, new) = (plain.join("compendium.json"), other.join("compendium.json"));
    let markdown =
        String::from_utf8(succeed(bin().arg("diff").arg(&old).arg(&new)).stdout).unwrap();
    assert!(markdown.contains("\n## Chapters\n"), "{markdown}");
    assert!(
        markdown.contains(&format!("- `{first}`: ")) && markdown.contains("  - `definition`: "),
        "{markdown}"
    );
    // The definition as a word-level diff: words struck out and words added.
    let line = markdown
        .lines()
        .find(|l| l.starts_with("  - `definition`: "))
        .unwrap();
    assert!(line.contains("~~") && line.contains("**"), "{line}");
    let csv = String::from_utf8(
        succeed(bin().args(["diff", "--format", "csv"]).arg(&old).arg(&new)).stdout,
    )
    .unwrap();
    assert!(
        csv.contains(&format!("chapter-changed,{first},definition,")),
        "{csv}"
    );
    let json = diff_json(tmp.path(), old.to_str().unwrap(), new.to_str().unwrap());
    assert_eq!(
        json["chapters"],
        serde_json::json!([{"id": first, "change": "changed", "fields": ["definition"]}])
    );
    let run = bin()
        .args(["diff", "--exit-code"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    // The same taxonomy on both sides: no chapter section, no difference.
    let json = diff_json(tmp.path(), old.to_str().unwrap(), old.to_str().unwrap());
    assert!(json.get("chapters").is_none(), "{json}");
}

/// The coverage report counts practices per language, and says that those in a language the
/// tagger does not read carry only their declared principles.
#[test]
fn the_coverage_report_counts_languages_and_names_those_the_tagger_does_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("practices");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(fixture("new")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    let report =
        |corpus: &Path| String::from_utf8(succeed(bin().arg("report").arg(corpus)).stdout).unwrap();
    let said = report(&corpus);
    assert!(said.contains("## Languages\n"), "{said}");
    assert!(said.contains("| English (en) | "), "{said}");
    assert!(!said.contains("The tagger reads English"), "{said}");
    // One entry marked as written in Swahili.
    let path = corpus.join("annual-audit-of-watchlists.json");
    let mut entry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    entry["language"] = "sw".into();
    std::fs::write(&path, serde_json::to_string_pretty(&entry).unwrap()).unwrap();
    let said = report(&corpus);
    assert!(said.contains("| Swahili (sw) | 1 | no |"), "{said}");
    assert!(
        said.contains("Practices in other languages (1 here) are published under the principles their entries declare"),
        "{said}"
    );
}

/// An edition really built by the last version of format 8 (`tests/editions/format-8`, never
/// rebuilt): its practices' hashes and its digest are as recorded (the content hash of format 9
/// keeps symbols, such as the `5%` and `£10` of one body, that format 8 set aside), and the files
/// this version renders otherwise are said to be unchecked, not altered (found by a reviewer:
/// every shipped practice with a `%` or `£` "did not match its recorded hashes"). A byte changed
/// in the CSV, which renders the same, is still found.
#[test]
fn an_edition_built_by_format_8_still_verifies_its_practices_and_digest() {
    earlier_edition_verifies("format-8", 8, "5%");
}

/// The same of an edition really built by the last version of format 9
/// (`tests/editions/format-9`): format 10 renders its retired practice, its Arabic practice's
/// title in the index and its introduction otherwise.
#[test]
fn an_edition_built_by_format_9_still_verifies_its_practices_and_digest() {
    earlier_edition_verifies("format-9", 9, "\"status\":\"retired\"");
}

/// The same of an edition really built by the last version of format 10
/// (`tests/editions/format-10`): format 11 folds its Arabic practice's vowel marks, tatweel and
/// Arabic-Indic digits and its Traditional Chinese practice's characters for the content hash,
/// which this edition recorded without them, and renders the Chinese bold and the Arabic names
/// otherwise. The coverage report renders as it did, and stays checked.
#[test]
fn an_edition_built_by_format_10_still_verifies_its_practices_and_digest() {
    earlier_edition_verifies("format-10", 10, "٢٠١٦");
    let built = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/editions/format-10");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("edition");
    build(&built.join("practices"), &out);
    let hashes = |manifest: &Path| -> Vec<(String, String)> {
        let m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(manifest).unwrap()).unwrap();
        m["practices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["id"].as_str().unwrap().to_string(),
                    p["sha256"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (old, new) = (
        hashes(&built.join("edition/compendium.json")),
        hashes(&out.join("compendium.json")),
    );
    let changed: Vec<&str> = old
        .iter()
        .zip(&new)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    // Only the two practices the new folding reads otherwise have new content hashes: the check
    // above found the old ones as recorded, so `verify` folded them as format 10 did.
    assert_eq!(
        changed,
        [
            "iris-cash-assistance-ar",
            "residential-face-alternative-zh-hant"
        ]
    );
    let run = bin()
        .arg("verify")
        .arg(built.join("edition"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(!said.contains("coverage.md"), "{said}");
}

/// Copies the edition of `tests/editions/NAME`, checks it says `version` and holds `marker`, and
/// verifies it: as recorded, with the files rendered otherwise unchecked, and a changed CSV found.
fn earlier_edition_verifies(name: &str, version: u32, marker: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let edition = tmp.path().join("edition");
    let built = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/editions")
        .join(name)
        .join("edition");
    std::fs::create_dir(&edition).unwrap();
    for entry in std::fs::read_dir(&built).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, edition.join(path.file_name().unwrap())).unwrap();
    }
    let manifest = std::fs::read_to_string(edition.join("compendium.json")).unwrap();
    assert!(
        manifest.contains(&format!("\"format_version\": {version},")) && manifest.contains(marker)
    );
    let run = bin().arg("verify").arg(&edition).output().unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{said}");
    assert!(!said.contains("altered"), "{said}");
    assert!(
        !said.contains("recorded hashes") && !said.contains("recorded digest"),
        "{said}"
    );
    assert!(
        said.contains("its practices, hashes and digest are as recorded, but"),
        "{said}"
    );
    let unchecked: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("not checked: "))
        .collect();
    assert!(
        unchecked.iter().any(|l| l.contains("compendium.md")),
        "{said}"
    );
    for line in unchecked {
        assert!(
            line.contains(&format!("(manifest format version {version})")),
            "{line}"
        );
    }
    // Checked against another edition's digest, it is another edition, not an altered one
    // (found by a tester).
    let other = "0".repeat(64);
    let run = bin()
        .arg("verify")
        .arg(&edition)
        .args(["--digest", &other])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{said}");
    assert!(!said.contains("altered"), "{said}");
    assert!(
        said.contains("other edition: ")
            && said.contains("has its practices, hashes and digest as recorded (")
            && said.contains(&format!("not the expected {other}")),
        "{said}"
    );
    let csv = edition.join("compendium.csv");
    let mut bytes = std::fs::read(&csv).unwrap();
    let at = bytes.iter().rposition(|b| b.is_ascii_lowercase()).unwrap();
    bytes[at] = if bytes[at] == b'a' { b'b' } else { b'a' };
    std::fs::write(&csv, bytes).unwrap();
    let run = bin().arg("verify").arg(&edition).output().unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(
        said.contains("altered: ") && said.contains("compendium.csv: SHA-256 is"),
        "{said}"
    );
    // Its hash recorded and the manifest sealed again: a CSV that this version renders as that
    // version did (format 9 on) is found altered, not excused as "not checked" (found by a
    // tester).
    let built_csv = std::fs::read(built.join("compendium.csv")).unwrap();
    let resealed = sealed_again(
        &manifest,
        manifest.replace(
            &compendium::normalize::sha256_hex(&String::from_utf8(built_csv).unwrap()),
            &compendium::normalize::sha256_hex(&std::fs::read_to_string(&csv).unwrap()),
        ),
    );
    std::fs::write(edition.join("compendium.json"), resealed).unwrap();
    let run = bin().arg("verify").arg(&edition).output().unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    let line = said
        .lines()
        .find(|l| l.contains("compendium.csv"))
        .unwrap_or_default();
    if version >= 9 {
        assert!(line.starts_with("altered: "), "{said}");
    } else {
        assert!(line.starts_with("not checked: "), "{said}");
    }
}

/// An edition written by a newer version is neither altered nor "not a manifest written by
/// compendium": `verify` and `build --out` say to update compendium, and the folder is left as
/// it is (found by a tester).
#[test]
fn an_edition_of_a_newer_version_is_told_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build(&fixture("new"), &out);
    let manifest_path = out.join("compendium.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let current = format!(
        "\"format_version\": {},",
        compendium::manifest::FORMAT_VERSION
    );
    assert!(manifest.contains(&current));
    let newer = sealed_again(
        &manifest,
        manifest.replace(
            &current,
            &format!(
                "\"format_version\": {},",
                compendium::manifest::FORMAT_VERSION + 1
            ),
        ),
    );
    std::fs::write(&manifest_path, &newer).unwrap();
    let verify = bin().arg("verify").arg(&out).output().unwrap();
    let said = String::from_utf8_lossy(&verify.stderr);
    assert_eq!(verify.status.code(), Some(2), "{said}");
    assert!(
        said.contains("written by a newer version of compendium"),
        "{said}"
    );
    assert!(said.contains("cannot check that edition"), "{said}");
    assert!(!String::from_utf8_lossy(&verify.stdout).contains("altered"));
    let rebuild = bin()
        .arg("build")
        .arg(fixture("new"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&rebuild.stderr);
    assert_ne!(rebuild.status.code(), Some(0), "{said}");
    assert!(
        said.contains("written by a newer version of compendium"),
        "{said}"
    );
    assert!(
        !said.contains("not a manifest written by compendium"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&manifest_path).unwrap(), newer);
    // Raised by hand, the seal not made again: a change, not a newer edition (found by a
    // reviewer).
    std::fs::write(
        &manifest_path,
        manifest.replace(
            &current,
            &format!(
                "\"format_version\": {},",
                compendium::manifest::FORMAT_VERSION + 1
            ),
        ),
    )
    .unwrap();
    let verify = bin().arg("verify").arg(&out).output().unwrap();
    let stdout = String::from_utf8_lossy(&verify.stdout);
    assert_eq!(verify.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("altered"), "{stdout}");
}
