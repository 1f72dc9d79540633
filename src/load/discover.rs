//! Which files a run reads: folders walked for entry files, in one fixed order.

use crate::error::Error;
use crate::error::Shown;
use std::path::{Path, PathBuf};

/// Expands files and folders into the sorted list of entry files (`*.json` and `*.md` in any
/// case, hidden files and folders skipped, and the editors' `dedup-decisions.json` at the top of
/// a folder, or below it when it holds decisions, which is not an entry). A symbolic link with an entry file's name is listed like a file
/// (read through the link; a broken one is then reported), and so is a FIFO, socket or device
/// (reported when read); links to folders are neither walked nor listed.
/// A file named explicitly is taken whatever its name.
///
/// The list is in [`Path`] order (component by component), whatever order the file system
/// lists a folder in: folders are walked as the file system lists them and the files sorted once
/// at the end. If a folder cannot be read, the error reported is the one of the first path in
/// that order, as a sorted walk would have met it.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    discover_noting_editions(paths).map(|found| found.files)
}

/// What [`discover_noting_editions`] found.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The entry files, in path order.
    pub files: Vec<PathBuf>,
    /// The folders below a path given that hold an edition (its files skipped).
    pub editions: Vec<PathBuf>,
    /// Every decisions file (`dedup-decisions.json`) found: no entries. A command reads one of
    /// them at most (the first folder's, unless `--decisions` names another).
    pub decisions_files: Vec<PathBuf>,
    /// Hidden folders and links to folders that hold entry files at their top level, which are
    /// not read: named, so that no entry drops out unseen (found by a tester).
    pub skipped_folders: Vec<PathBuf>,
    /// Files whose names do not make them entries, though they start as one does (`{` or
    /// `---`) with an id: `x.txt`, `x.yaml`, `x.rtf` (found by a tester: left out without a
    /// word), with the ending their start calls for (`json` or `md`) and the id they hold.
    pub entry_like_files: Vec<(PathBuf, &'static str, String)>,
}

/// [`discover`], which also skips the files of every edition written by `compendium build` in a
/// folder below a path given (its `compendium.json` is an edition's manifest, and the files it
/// lists are not entries), and says which folders hold one: an edition built inside the entries
/// folder would otherwise stop every later run on the manifest, CSV and Markdown read as
/// entries. Any other entry file in such a folder is read (found by a tester: an entry saved
/// there was left out of the edition without a word). It also lists the decisions files found,
/// so that the caller can name those it does not read.
pub fn discover_noting_editions(paths: &[PathBuf]) -> Result<Discovered, Error> {
    let mut files = Vec::new();
    let mut decisions_files = Vec::new();
    let editions = std::cell::RefCell::new(Vec::new());
    let skipped_folders = std::cell::RefCell::new(Vec::new());
    let mut entry_like_files = Vec::new();
    // An edition's folder → the names of its own files.
    let own_files = std::cell::RefCell::new(std::collections::HashMap::new());
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::MissingPath { path: path.clone() },
            _ => Error::io(path, e),
        })?;
        if !meta.is_dir() {
            // An edition's manifest given where entries are expected (`report dist/compendium.json`):
            // said plainly, as for its folder, rather than 27 findings of a broken entry (found by
            // a tester).
            if meta.is_file() && opens_as_manifest_file(path) {
                return Err(Error::NoEntries {
                    paths: path.shown(),
                    reason: "this file is the manifest of an edition built by `compendium build`, not an entry; give the folder of entries instead (`compendium verify` checks an edition, and its coverage report is the coverage.md beside it)".into(),
                });
            }
            files.push(path.clone());
            continue;
        }
        // An edition given where entries are expected (`validate dist`): said plainly, rather
        // than its manifest, Markdown and CSV each reported as a broken entry.
        if holds_an_edition(path) {
            return Err(Error::NoEntries {
                paths: path.shown(),
                reason: "this folder holds an edition built by `compendium build` (its compendium.json is that edition's manifest), not entries; give the folder of entries instead (`compendium verify` checks an edition)".into(),
            });
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                if e.file_name().to_string_lossy().starts_with('.') {
                    if e.file_type().is_dir() && holds_entry_files(e.path()) {
                        skipped_folders.borrow_mut().push(e.path().to_path_buf());
                    }
                    return false;
                }
                if e.file_type().is_dir() {
                    if let Some(names) = edition_files(e.path()) {
                        editions.borrow_mut().push(e.path().to_path_buf());
                        own_files.borrow_mut().insert(e.path().to_path_buf(), names);
                    }
                }
                true
            });
        let mut first_error: Option<(PathBuf, walkdir::Error)> = None;
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let at = e.path().map_or_else(|| path.clone(), Path::to_path_buf);
                    let earlier = first_error
                        .as_ref()
                        .is_some_and(|(first, _)| first.as_path() <= at.as_path());
                    if !earlier {
                        first_error = Some((at, e));
                    }
                    continue;
                }
            };
            // The editors' decisions file is no entry: at the top of a folder given, whatever
            // it holds; in a subfolder, when it holds decisions (an entry named so is read, and
            // told that its id is reserved).
            let decisions = entry.file_name() == crate::model::DECISIONS_FILE
                && (entry.depth() == 1 || holds_decisions(entry.path()));
            if decisions {
                decisions_files.push(entry.path().to_path_buf());
            }
            // A symbolic link named like an entry file is read through the link, as a path
            // given on the command line is; a broken one is then reported as unreadable. Links
            // to folders are neither walked (`follow_links(false)`: no walk can loop) nor listed.
            // Anything else named like an entry (a FIFO, a socket, a device) is listed too, so
            // that reading it reports what it is instead of leaving it out without a word.
            let kind = entry.file_type();
            let linked_folder =
                kind.is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            if linked_folder && holds_entry_files(entry.path()) {
                skipped_folders
                    .borrow_mut()
                    .push(entry.path().to_path_buf());
            }
            let folder = kind.is_dir() || linked_folder;
            let of_an_edition = entry.path().parent().is_some_and(|dir| {
                own_files
                    .borrow()
                    .get(dir)
                    .is_some_and(|names: &Vec<String>| {
                        names.iter().any(|n| entry.file_name() == n.as_str())
                    })
            });
            if !folder && is_entry_file(entry.path()) && !decisions && !of_an_edition {
                files.push(entry.into_path());
            } else if let Some((form, id)) = kind
                .is_file()
                .then(|| starts_like_an_entry(entry.path()))
                .flatten()
            {
                entry_like_files.push((entry.into_path(), form, id));
            }
        }
        if let Some((at, e)) = first_error {
            return Err(Error::io(at, e.into()));
        }
    }
    sort_in_path_order(&mut files);
    // One file reached through two of the paths given (`practices` and `./practices/eu`) is
    // read once, under the first of its names, not reported as its own duplicate. (Within one
    // folder no file is listed twice; resolving every name costs a tenth of `validate`.)
    if paths.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    }
    let mut editions = editions.into_inner();
    sort_in_path_order(&mut editions);
    sort_in_path_order(&mut decisions_files);
    let mut skipped_folders = skipped_folders.into_inner();
    sort_in_path_order(&mut skipped_folders);
    entry_like_files.sort();
    // One file reached through two of the paths given is named once, as above.
    let mut seen = std::collections::HashSet::new();
    entry_like_files
        .retain(|(f, _, _)| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    Ok(Discovered {
        files,
        editions,
        decisions_files,
        skipped_folders,
        entry_like_files,
    })
}

/// Whether a file that is not named as an entry is probably one all the same: a text, YAML or
/// rich-text file whose first characters are an entry's, `{` with an `"id"` member (`json`), or
/// a front matter's `---` with an `id:` line (`md`); with the id it holds. Its first 2 KiB are
/// read (an RTF file's text comes after its font table).
fn starts_like_an_entry(path: &Path) -> Option<(&'static str, String)> {
    use std::io::Read;
    let ending = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !["txt", "text", "yaml", "yml", "rtf"]
        .iter()
        .any(|e| ending.eq_ignore_ascii_case(e))
    {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(2048).read_to_end(&mut head))
        .ok()?;
    let head = String::from_utf8_lossy(&head);
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if head.starts_with('{') {
        // `"id": "…"`, also as an RTF file writes it.
        let after = &head[head.find("\"id\"")? + 4..];
        let value = after.trim_start_matches([' ', '\t', ':', '\r', '\n']);
        let id = value.strip_prefix('"')?.split('"').next()?;
        Some(("json", id.to_string()))
    } else if let Some(front) = head.strip_prefix("---") {
        let front = front.split("\n---").next().unwrap_or(front);
        let id = front
            .lines()
            .find_map(|line| line.strip_prefix("id:"))?
            .trim()
            .trim_matches(['"', '\'']);
        Some(("md", id.to_string()))
    } else {
        None
    }
}

/// Whether a folder holds an entry file at its top level (a look at one folder, not a walk: a
/// hidden folder may be large, `.git` say, whose top level holds none).
fn holds_entry_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            e.file_type().is_ok_and(|t| !t.is_dir())
                && is_entry_file(&e.path())
                && e.file_name() != crate::model::DECISIONS_FILE
        })
    })
}

/// Whether a file is a JSON object with a `decisions` member, as a decisions file is.
fn holds_decisions(path: &Path) -> bool {
    // Read as any side file: a regular file, up to its limit (found by a reviewer: a FIFO of
    // that name made `validate` wait for ever).
    super::read_regular_text(path, super::MAX_SIDE_FILE_BYTES)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .is_some_and(|value| value.get("decisions").is_some())
}

/// Whether a folder holds an edition `compendium build` wrote: its `compendium.json` (a file,
/// not a link) opens as an edition's manifest does and carries the manifest's seal, unbroken.
/// Whether the regular file at `path` opens as an edition's manifest (read no further than its
/// start; never called on a FIFO or a device, which would wait for ever).
fn opens_as_manifest_file(path: &Path) -> bool {
    use std::io::Read;
    let mut start = Vec::new();
    std::fs::File::open(path).is_ok_and(|f| f.take(256).read_to_end(&mut start).is_ok())
        && crate::model::seal::opens_as_manifest(&String::from_utf8_lossy(&start))
}

/// A file that only looks like one (its first line copied into a folder of entries) does not
/// hide the entries beside it.
pub fn holds_an_edition(dir: &Path) -> bool {
    edition_files(dir).is_some()
}

/// The names of the files of the edition in `dir` (its manifest and the files the manifest
/// lists), if `dir` holds one (see [`holds_an_edition`]).
fn edition_files(dir: &Path) -> Option<Vec<String>> {
    let path = dir.join("compendium.json");
    if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    if !crate::model::seal::opens_as_manifest(&text)
        || crate::model::seal::own_hash_matches(&text) != Some(true)
    {
        return None;
    }
    let mut names = listed_and_there(dir, &text)?;
    names.push("compendium.json".to_string());
    Some(names)
}

/// The files a manifest lists, if every one is beside it: a manifest copied alone into a folder
/// of entries does not make the entries an edition (found by a tester: seven entries left out of
/// the edition without an error).
fn listed_and_there(dir: &Path, manifest: &str) -> Option<Vec<String>> {
    let value = serde_json::from_str::<serde_json::Value>(manifest).ok()?;
    let files = value["files"].as_object()?;
    files
        .keys()
        .all(|name| std::fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.is_file()))
        .then(|| files.keys().cloned().collect())
}

/// Why `paths`, which hold no entry file, hold none: an error to stop on, since checking nothing
/// would say "no problems" and building nothing would publish an empty edition.
pub fn no_entries(paths: &[PathBuf]) -> Error {
    let reason = "no entry files here (an entry is a file whose name ends in .json or .md); nothing was checked or published".to_string();
    Error::NoEntries {
        paths: paths
            .iter()
            .map(|p| p.shown())
            .collect::<Vec<_>>()
            .join(", "),
        reason,
    }
}

/// Sorts paths in [`Path`]'s own order and drops repeats (paths equal as `Path`s: `a//b` is
/// `a/b`); of paths spelled differently but equal, the one first in byte order is kept.
fn sort_in_path_order(files: &mut Vec<PathBuf>) {
    files.sort_by(|a, b| a.cmp(b).then_with(|| a.as_os_str().cmp(b.as_os_str())));
    files.dedup();
}

/// Entry files are `*.json` and Markdown entries `*.md`, in any case (`.JSON`, as some systems
/// save them: found by a tester, such files were left out without a word), except a folder's
/// documentation (`README.md`, `Changelog.md`, `CONTRIBUTING.md`, `LICENSE.md`: not all in lower
/// case, as an entry's id is). Files named
/// as entries often are by mistake (`.markdown`, `.md.txt`: [`crate::load::misnamed_entry`])
/// are listed too, to be read and told to be renamed rather than left out without a word.
fn is_entry_file(path: &Path) -> bool {
    if let Some((stem, _)) = crate::load::misnamed_entry(path) {
        return !is_documentation(stem);
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") => true,
        Some(e) if e.eq_ignore_ascii_case("md") => {
            !is_documentation(&stem.unwrap_or_default()) && !is_lower_case_documentation(path)
        }
        _ => false,
    }
}

/// Whether a Markdown file's name (without its ending) is one a folder's documentation has
/// (`README`, `Changelog`), not an entry's. Written all in lower case it may be an entry's, whose
/// id it is (found by a tester: `new readme --markdown` wrote an entry every later run left out).
fn is_documentation(stem: &str) -> bool {
    let lower = stem.to_lowercase();
    lower != stem
        && matches!(
            lower.as_str(),
            "readme" | "changelog" | "contributing" | "license"
        )
}

/// Whether a file named as a folder's documentation in lower case (`readme.md`) is that rather
/// than an entry with that id: it does not open with a front matter (`---`), as every Markdown
/// entry does (found by a reviewer: a folder's `readme.md` became an entry in error).
fn is_lower_case_documentation(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    if !matches!(
        stem.as_ref(),
        "readme" | "changelog" | "contributing" | "license"
    ) {
        return false;
    }
    let mut start = [0u8; 64];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut start))
        .unwrap_or(0);
    let text = String::from_utf8_lossy(&start[..read]);
    !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with("---")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_in_path_order_whatever_the_folder_order() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // Names where byte order of the whole path and component order differ: `a-b` sorts
        // before `a/` as a string, after `a` as a component.
        for dir in ["a", "a-b", "a/b", "b", ".hidden"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        for file in [
            "z.json",
            "a.json",
            "a/b/x.json",
            "a/y.md",
            "a/README.md",
            "a/notes.txt",
            "a-b/x.json",
            "b/a.json",
            ".hidden/h.json",
            ".h.json",
            "dedup-decisions.json",
            "a/dedup-decisions.json",
            "b/dedup-decisions.json",
        ] {
            std::fs::write(root.join(file), "{}").unwrap();
        }
        std::fs::write(root.join("b/dedup-decisions.json"), r#"{"decisions": []}"#).unwrap();
        let found = discover(&[root.to_path_buf()]).unwrap();
        // `a` is a shorter name than `a-b` and `a.json`: its files come first. A decisions file
        // is no entry, in a subfolder too (`b/`); a file so named that holds no decisions is.
        let expected: Vec<PathBuf> = [
            "a/b/x.json",
            "a/dedup-decisions.json",
            "a/y.md",
            "a-b/x.json",
            "a.json",
            "b/a.json",
            "z.json",
        ]
        .iter()
        .map(|f| root.join(f))
        .collect();
        assert_eq!(found, expected);
        assert!(expected.windows(2).all(|w| w[0] < w[1]));
    }

    /// Names an entry gets by mistake are listed (to be told to be renamed); documentation and
    /// other files are not.
    #[test]
    fn misnamed_entries_are_listed_and_documentation_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for file in [
            "a.markdown",
            "b.md.txt",
            "c.txt",
            "d.MARKDOWN",
            "e.json.TXT",
            "README.markdown",
            "License.MD",
            "f.mkd",
            ".markdown",
            "license.md",
        ] {
            std::fs::write(root.join(file), "{}").unwrap();
        }
        // An entry whose id is `readme` opens with its front matter; a folder's `license.md`
        // does not.
        std::fs::write(root.join("readme.md"), "---\nid: readme\n---\n").unwrap();
        let found = discover(&[root.to_path_buf()]).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "a.markdown",
                "b.md.txt",
                "d.MARKDOWN",
                "e.json.TXT",
                "f.mkd",
                "readme.md"
            ]
        );
        fn form(name: &str) -> Option<(&str, &'static str)> {
            crate::load::misnamed_entry(Path::new(name))
        }
        assert_eq!(form("b.md.txt"), Some(("b", "md")));
        assert_eq!(form("e.json.TXT"), Some(("e", "json")));
        assert_eq!(form("x.md"), None);
        // Found by a tester: a space after the ending, a JSON-with-comments or rich-text name.
        assert_eq!(form("g.json "), Some(("g", "json")));
        assert_eq!(form("h.md  "), Some(("h", "md")));
        assert_eq!(form("i.jsonc"), Some(("i", "json")));
        assert_eq!(form("j.json.rtf"), Some(("j", "json")));
        assert_eq!(form("k.txt "), None);
        assert_eq!(form(".markdown"), None);
        assert!(crate::load::is_markdown(Path::new("d.MARKDOWN")));
        assert!(!crate::load::is_markdown(Path::new("e.json.txt")));
    }

    #[cfg(unix)]
    #[test]
    fn links_named_like_entries_are_listed_but_never_walked_into() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("practices");
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("x.json"), "{}").unwrap();
        std::fs::write(root.join("a.json"), "{}").unwrap();
        symlink("../elsewhere/x.json", root.join("x.json")).unwrap();
        symlink("/nonexistent/compendium", root.join("broken.json")).unwrap();
        symlink("../../elsewhere/x.json", root.join("sub/notes.txt")).unwrap();
        symlink("../elsewhere/x.json", root.join(".hidden.json")).unwrap();
        // A link to a folder, and one back up to the walked folder: neither is walked.
        symlink("../elsewhere", root.join("linked")).unwrap();
        symlink("../elsewhere", root.join("folder.json")).unwrap();
        symlink("..", root.join("sub/loop")).unwrap();
        // A FIFO named like an entry is listed, to be reported when it is read.
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("pipe.json"))
            .status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        // A hidden folder holding an entry, and one holding none.
        std::fs::create_dir(root.join(".drafts")).unwrap();
        std::fs::write(root.join(".drafts/d.json"), "{}").unwrap();
        std::fs::create_dir(root.join(".empty")).unwrap();
        let found = discover_noting_editions(std::slice::from_ref(&root)).unwrap();
        let expected: Vec<PathBuf> = ["a.json", "broken.json", "pipe.json", "x.json"]
            .iter()
            .map(|f| root.join(f))
            .collect();
        assert_eq!(found.files, expected);
        // What is not read but holds entry files is named (found by a tester).
        let skipped: Vec<PathBuf> = [".drafts", "folder.json", "linked", "sub/loop"]
            .iter()
            .map(|f| root.join(f))
            .collect();
        assert_eq!(found.skipped_folders, skipped);
    }

    #[test]
    fn a_file_named_twice_is_read_once() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("x.json");
        std::fs::write(&file, "{}").unwrap();
        let twice = PathBuf::from(format!("{}//x.json", tmp.path().display()));
        let found = discover(&[file.clone(), tmp.path().to_path_buf(), twice]).unwrap();
        assert_eq!(found, vec![file]);
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_folder_is_reported_first_in_path_order() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for dir in ["c", "b", "a"] {
            std::fs::create_dir(root.join(dir)).unwrap();
            std::fs::write(root.join(dir).join("x.json"), "{}").unwrap();
        }
        for dir in ["c", "b"] {
            std::fs::set_permissions(root.join(dir), std::fs::Permissions::from_mode(0o000))
                .unwrap();
        }
        // Running as root, permissions are not enforced: nothing to check.
        let readable = std::fs::read_dir(root.join("b")).is_ok();
        let result = discover(&[root.to_path_buf()]);
        for dir in ["c", "b"] {
            std::fs::set_permissions(root.join(dir), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
        if readable {
            assert_eq!(result.unwrap().len(), 3);
            return;
        }
        match result {
            Err(Error::Io { path, .. }) => assert_eq!(path, root.join("b")),
            other => panic!("expected an I/O error, got {other:?}"),
        }
    }
}
