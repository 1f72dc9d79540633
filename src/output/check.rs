//! May this folder be replaced by a new edition? Decided before any work ([`check_out_dir`]):
//! only a folder that does not exist, is empty, or holds an unchanged edition of this tool, and
//! never one that is, holds or lies inside what the build reads.

use super::folder_facts::{
    folder_below, folder_ids, is_mount_point, marked_read_only, on_read_only_file_system,
    owned_elsewhere_in_sticky_parent, writable,
};
use super::handles::{in_use, is_own_folder, list};
use super::{MANIFEST, STAGING_PREFIXES};
use crate::error::{Error, Shown};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

/// An output folder that [`check_out_dir`] found safe to replace.
#[derive(Debug, Clone)]
pub struct OutDir {
    /// The folder as given on the command line (for messages).
    pub given: PathBuf,
    /// The folder itself, symbolic links resolved: what is replaced.
    pub path: PathBuf,
    /// What the folder held when it was checked, name by name (`None`: it did not exist).
    pub(super) found: Option<BTreeMap<OsString, Stamp>>,
    /// Staging folders beside it that an interrupted build left behind. They are never
    /// published; the caller reports them.
    pub leftovers: Vec<PathBuf>,
}

/// What tells that a file was changed, removed or replaced since it was looked at: its kind,
/// length and time of last change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamp {
    kind: std::fs::FileType,
    len: u64,
    modified: Option<std::time::SystemTime>,
    /// Where the system tells them, the inode and the time of the last change of its status,
    /// which no user can set back (`cp -p` and `touch -r` set the modification time).
    changed: Option<(u64, i64, i64)>,
}

impl Stamp {
    pub(super) fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            kind: meta.file_type(),
            len: meta.len(),
            modified: meta.modified().ok(),
            changed: changed(meta),
        }
    }
}

#[cfg(unix)]
fn changed(meta: &std::fs::Metadata) -> Option<(u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.ino(), meta.ctime(), meta.ctime_nsec()))
}

#[cfg(not(unix))]
fn changed(_: &std::fs::Metadata) -> Option<(u64, i64, i64)> {
    None
}

/// What must never be written over: the entries read, the schema, taxonomy and decisions
/// files, and the folder the tool runs in.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    /// Entry files and folders given (or the default `practices/`).
    pub inputs: Vec<PathBuf>,
    /// Other files read: a schema, a taxonomy, the decisions file.
    pub files: Vec<PathBuf>,
}

/// Decides whether `out` may be replaced by a new edition, before any work is done.
///
/// It may when it does not exist, is an empty folder, or holds exactly what an earlier build
/// wrote: its manifest and the files the manifest lists, unchanged since (their SHA-256 as
/// recorded), and nothing else. It may never be, contain or lie inside an input, contain a file
/// read, or be or contain the current folder. Symbolic links are resolved before every check.
pub fn check_out_dir(out: &Path, protected: &Protected) -> Result<OutDir, Error> {
    let refuse = |reason: String| Error::Refused {
        path: out.to_path_buf(),
        reason,
    };
    let path = resolve(out).map_err(|e| {
        refuse(match std::fs::read_link(out) {
            Ok(target) => format!(
                "is a symbolic link to {}, which cannot be followed ({e}). Nothing was written",
                target.shown()
            ),
            Err(_) => format!("cannot tell where this folder is ({e}). Nothing was written"),
        })
    })?;
    let pick = "choose another folder for --out";
    if let Ok(here) = std::env::current_dir().and_then(|d| d.canonicalize()) {
        if here.starts_with(&path) {
            let what = if here == path { "is" } else { "contains" };
            return Err(refuse(format!(
                "this folder {what} the current folder; building here would replace it with the edition. Nothing was written; {pick}"
            )));
        }
    }
    // By folder identity as well as by path: a folder mounted a second time elsewhere (a bind
    // mount) has two paths.
    let out_chain = folder_ids(&path);
    for input in &protected.inputs {
        let Ok(input_path) = resolve(input) else {
            continue;
        };
        let input_id = folder_ids(&input_path).into_iter().next();
        let relation = if input_path == path {
            "is"
        } else if input_path.starts_with(&path) {
            "contains"
        } else if path.starts_with(&input_path) {
            "lies inside"
        } else if input_id.is_some() && out_chain.first() == input_id.as_ref() && path.exists() {
            "is"
        } else if input_id.is_some_and(|id| out_chain.contains(&id))
            || folder_below(&input_path, &out_chain)
        {
            "lies inside"
        } else if path.exists()
            && out_chain
                .first()
                .is_some_and(|id| folder_ids(&input_path).contains(id))
        {
            "contains"
        } else {
            continue;
        };
        return Err(refuse(format!(
            "this folder {relation} the entries being read ({}); the edition must go elsewhere. Nothing was written; {pick}",
            input.shown()
        )));
    }
    for file in &protected.files {
        let Ok(file_path) = resolve(file) else {
            continue;
        };
        if file_path.starts_with(&path) {
            let what = if file_path == path { "is" } else { "contains" };
            return Err(refuse(format!(
                "this folder {what} {}, which this build reads. Nothing was written; {pick}",
                file.shown()
            )));
        }
    }
    // First, since neither its permissions nor its contents matter then (its owner may rebuild
    // it; nobody else, not even with write access to it).
    if let Some(owner) = owned_elsewhere_in_sticky_parent(&path) {
        return Err(refuse(format!(
            "cannot be replaced: it belongs to another user ({owner}), and the folder around it lets only an entry's owner move or remove it (its sticky bit, as /tmp's). Nothing was written; ask its owner to rebuild it, or {pick}"
        )));
    }
    let found = match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(refuse(format!(
                "cannot be used for the edition ({e}). Nothing was written; {pick}"
            )))
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(refuse(format!(
                "exists and is not a folder. Nothing was written; {pick}"
            )))
        }
        Ok(meta) if is_mount_point(&path, &meta) => {
            return Err(refuse(format!(
                "is a mount point (another disk or volume, or a folder mounted there): the edition is made beside the folder and put in its place, which cannot be done across volumes. Nothing was written; give a folder inside it (--out {})",
                out.join("edition").shown()
            )))
        }
        Ok(meta) if !writable(&path) || marked_read_only(&meta) => {
            let (why, mend) = if on_read_only_file_system(&path) {
                ("is on a file system mounted read-only", "")
            } else {
                (
                    "is read-only (its permissions or attributes forbid changing it)",
                    "make it writable (chmod u+w, or chattr -i if it is immutable) if the new edition should replace it, or ",
                )
            };
            return Err(refuse(format!(
                "{why}, so the edition in it is not replaced. Nothing was written; {mend}{pick}"
            )));
        }
        Ok(_) => {
            // Stamped before the check: a change made while it runs shows at the replacement.
            let found = stamps(&path).map_err(|e| Error::io(&path, e))?;
            let names: BTreeSet<OsString> = found.keys().cloned().collect();
            if !names.is_empty() {
                check_previous_edition(&path, &names).map_err(|reason| {
                    refuse(format!(
                        "{reason}. Nothing was written: `build` replaces only a folder it wrote itself. Choose another folder for --out, or move what it names away yourself"
                    ))
                })?;
            }
            Some(found)
        }
    };
    // The edition is made beside the folder: its parent must take a new folder and a rename,
    // and the first folder that exists on the way there must take the folders still to make.
    if let Some(parent) = path
        .parent()
        .and_then(|p| p.ancestors().find(|a| a.exists()))
    {
        let marked = std::fs::metadata(parent).is_ok_and(|m| marked_read_only(&m));
        if !writable(parent) || marked {
            let why = if on_read_only_file_system(parent) {
                "which is on a file system mounted read-only"
            } else if marked {
                "which is marked read-only (nobody may write it: chmod a-w)"
            } else {
                "which this process may not change (its permissions or attributes)"
            };
            let around = if Some(parent) == path.parent() {
                "the edition is made in the folder around it"
            } else {
                "the folders on the way to it would be made in"
            };
            return Err(refuse(format!(
                "cannot be made or replaced: {around} {}, {why}. Nothing was written; {pick}",
                parent.shown()
            )));
        }
    }
    let leftovers = leftovers_beside(&path);
    Ok(OutDir {
        given: out.to_path_buf(),
        path,
        found,
        leftovers,
    })
}

/// Whether a folder holds exactly an edition a build wrote, and if not, which file says so.
fn check_previous_edition(dir: &Path, names: &BTreeSet<OsString>) -> Result<(), String> {
    let manifest = dir.join(MANIFEST);
    let recorded = match std::fs::symlink_metadata(&manifest) {
        Ok(meta) if meta.is_file() => read_manifest_files(&manifest)?,
        Ok(_) => {
            return Err(format!(
                "its {MANIFEST} is not a plain file (a link, a folder or a special file such as a pipe), not the file a build writes, so it is not an edition this tool built"
            ))
        }
        Err(_) => {
            let first = names
                .iter()
                .next()
                .map(|n| n.to_string_lossy().into_owned());
            return Err(format!(
                "it holds {} and no {MANIFEST}, so it is not an edition this tool built",
                describe(dir, first.as_deref().unwrap_or("files"))
            ));
        }
    };
    // A manifest sealed again by hand may list a file of anyone's: only the tool's own count.
    if let Some(other) = recorded
        .keys()
        .find(|name| !crate::render::FILE_NAMES.contains(&name.as_str()))
    {
        return Err(format!(
            "its {MANIFEST} lists {}, which the tool does not write, so the folder is not an edition as built",
            describe(dir, other)
        ));
    }
    // Every reason at once, so that the folder can be put right in one go (found by a tester,
    // told one file per run).
    let mut listed = Vec::new();
    let mut strangers = Vec::new();
    for name in names {
        let text = name.to_string_lossy();
        if text == MANIFEST {
            continue;
        }
        match recorded.get(text.as_ref()) {
            Some(expected) => listed.push((dir.join(name), expected)),
            None => strangers.push(describe(dir, &text)),
        }
    }
    let mut reasons = Vec::new();
    if !strangers.is_empty() {
        reasons.push(format!(
            "it holds {}, which the edition built there did not write",
            strangers.join(", ")
        ));
    }
    // The files of a large edition are large: hashed side by side.
    let changed: Vec<String> = listed
        .par_iter()
        .filter_map(|(file, expected)| unchanged(file, expected).err())
        .collect();
    reasons.extend(changed);
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(reasons.join("; "))
    }
}

/// Whether a file of an earlier edition is still the file the build wrote (`expected`: its
/// SHA-256 in the manifest), and if not, what it is instead.
fn unchanged(file: &Path, expected: &str) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(file).map_err(|e| {
        format!(
            "{} cannot be looked at ({e}), so it cannot be told unchanged",
            file.shown()
        )
    })?;
    if meta.is_symlink() {
        return Err(format!(
            "{} is a symbolic link, not the file the build wrote there, so it may lead to someone's file",
            file.shown()
        ));
    }
    if !meta.is_file() {
        return Err(format!(
            "{} is not a file, not what the build wrote there",
            file.shown()
        ));
    }
    match crate::normalize::sha256_hex_file(file) {
        Ok(actual) if actual == expected => Ok(()),
        Ok(_) => Err(format!(
            "{} was changed after the build (it no longer matches the manifest) and may hold someone's edits",
            file.shown()
        )),
        Err(e) => Err(format!(
            "{} cannot be read ({e}), so it cannot be told unchanged",
            file.shown()
        )),
    }
}

/// Names `name` in `dir` for a message, saying when it is a folder.
fn describe(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
        format!("the folder {}", path.shown())
    } else {
        path.shown()
    }
}

/// The files a manifest lists, with their SHA-256, once the manifest itself is known to be as
/// the tool wrote it; or why the folder is not an edition to replace.
fn read_manifest_files(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let not_ours = || {
        format!(
            "{} is not a manifest written by compendium, so the folder is not an edition this tool built",
            path.shown()
        )
    };
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => not_ours(),
        _ => format!(
            "{} cannot be read ({e}), so the folder cannot be told an unchanged edition",
            path.shown()
        ),
    })?;
    let files = crate::manifest::read_recorded_files(&text).map_err(|e| {
        if e.contains(crate::manifest::NEWER_VERSION)
            && crate::manifest::own_hash_matches(&text) == Some(true)
        {
            format!(
                "{}: {e}; this version cannot tell whether that edition is unchanged",
                path.shown()
            )
        } else {
            not_ours()
        }
    })?;
    match crate::manifest::own_hash_matches(&text) {
        Some(true) => Ok(files),
        Some(false) => Err(format!(
            "{} was changed after the build (it no longer matches the SHA-256 it records of itself) and may hold someone's edits",
            path.shown()
        )),
        None => Err(format!(
            "{} records no SHA-256 of itself (an edition built by an earlier version of compendium, or an edited manifest), so it cannot be told unchanged",
            path.shown()
        )),
    }
}

/// The names in a folder, each with its [`Stamp`] (links not followed).
pub(super) fn stamps(dir: &Path) -> std::io::Result<BTreeMap<OsString, Stamp>> {
    let mut found = BTreeMap::new();
    for name in list(dir)? {
        let meta = std::fs::symlink_metadata(dir.join(&name))?;
        found.insert(name, Stamp::of(&meta));
    }
    Ok(found)
}

/// Staging folders that interrupted builds of this user left beside `dir`: folders, not links,
/// of this process's user (what someone else put there under such a name is not called a
/// build's, and not offered for removal).
fn leftovers_beside(dir: &Path) -> Vec<PathBuf> {
    let Some(parent) = dir.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            STAGING_PREFIXES.iter().any(|p| name.starts_with(p))
        })
        .map(|e| e.path())
        .filter(|path| is_own_folder(path) && !in_use(path))
        .collect();
    found.sort();
    found
}

/// An absolute path with every symbolic link resolved, for a path that may not exist yet: the
/// longest part that exists is resolved by the file system, the rest is appended as written.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let parts: Vec<Component<'_>> = absolute.components().collect();
    for existing in (1..=parts.len()).rev() {
        let head: PathBuf = parts[..existing].iter().collect();
        if std::fs::symlink_metadata(&head).is_err() {
            continue;
        }
        let mut resolved = head.canonicalize()?;
        for part in &parts[existing..] {
            match part {
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::Normal(name) => resolved.push(name),
                _ => {}
            }
        }
        return Ok(resolved);
    }
    Ok(absolute)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::test_support::*;

    /// A file of the edition replaced by a link, even to an identical copy, is not the file the
    /// build wrote, and the refusal says so rather than calling it edited (found by a tester).
    #[cfg(unix)]
    #[test]
    fn a_file_of_the_edition_replaced_by_a_link_is_named_as_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        let copy = tmp.path().join("copy.md");
        std::fs::copy(out.join("compendium.md"), &copy).unwrap();
        std::fs::remove_file(out.join("compendium.md")).unwrap();
        std::os::unix::fs::symlink(&copy, out.join("compendium.md")).unwrap();
        let reason = refusal(build(&out, &[("compendium.md", "two")]));
        assert!(reason.contains("is a symbolic link"), "{reason}");
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), "one");
    }

    #[test]
    fn an_empty_folder_is_used() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("dist")).unwrap();
        build(&tmp.path().join("dist"), &[("compendium.md", "one")]).unwrap();
        assert_eq!(names(&tmp.path().join("dist")), [MANIFEST, "compendium.md"]);
    }

    #[test]
    fn a_folder_with_a_file_the_tool_did_not_write_is_refused_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mydocs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("letter.docx"), "months of work").unwrap();
        let reason = refusal(build(&out, &[("compendium.md", "one")]));
        assert!(reason.contains("letter.docx"), "{reason}");
        assert_eq!(names(&out), ["letter.docx"]);
        assert_eq!(names(tmp.path()), ["mydocs"]);
    }

    #[test]
    fn an_edition_with_anything_added_or_changed_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(refusal(build(&out, &[("compendium.md", "two")])).contains("notes.txt"));
        std::fs::remove_file(out.join("notes.txt")).unwrap();
        std::fs::create_dir(out.join("images")).unwrap();
        assert!(refusal(build(&out, &[("compendium.md", "two")])).contains("the folder"));
        std::fs::remove_dir(out.join("images")).unwrap();
        std::fs::write(out.join("compendium.md"), "one, edited by hand").unwrap();
        assert!(
            refusal(build(&out, &[("compendium.md", "two")])).contains("changed after the build")
        );
        assert_eq!(
            std::fs::read_to_string(out.join("compendium.md")).unwrap(),
            "one, edited by hand"
        );
    }

    #[test]
    fn a_manifest_listing_a_file_the_tool_does_not_write_is_refused() {
        // A letter put in the folder and added to a manifest sealed again by hand.
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        let files = edition(&[("compendium.md", "one"), ("cover-letter.txt", "mine")]);
        std::fs::create_dir(&out).unwrap();
        for (name, text) in &files {
            std::fs::write(out.join(name), text).unwrap();
        }
        let reason = refusal(build(&out, &[("compendium.md", "two")]));
        assert!(reason.contains("cover-letter.txt"), "{reason}");
        assert_eq!(
            std::fs::read_to_string(out.join("cover-letter.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn an_edited_manifest_or_one_that_records_no_hash_of_itself_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        let manifest = out.join(MANIFEST);
        let sealed = std::fs::read_to_string(&manifest).unwrap();
        // Re-indented, as another program would: same JSON, other bytes.
        let value: serde_json::Value = serde_json::from_str(&sealed).unwrap();
        std::fs::write(&manifest, value.to_string()).unwrap();
        let reason = refusal(build(&out, &[("compendium.md", "two")]));
        assert!(
            reason.contains("compendium.json was changed after the build"),
            "{reason}"
        );
        // Without its own hash (an edition of an earlier version).
        let mut old = value.clone();
        old.as_object_mut().unwrap().remove("manifest_sha256");
        std::fs::write(&manifest, old.to_string()).unwrap();
        let reason = refusal(build(&out, &[("compendium.md", "two")]));
        assert!(reason.contains("records no SHA-256 of itself"), "{reason}");
        assert_eq!(
            std::fs::read_to_string(out.join("compendium.md")).unwrap(),
            "one"
        );
        std::fs::write(&manifest, &sealed).unwrap();
        build(&out, &[("compendium.md", "two")]).unwrap();
    }

    #[test]
    fn a_manifest_of_another_program_is_not_ours() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(MANIFEST), r#"{"name": "my-site", "files": {}}"#).unwrap();
        assert!(refusal(build(&out, &[("compendium.md", "one")])).contains("not a manifest"));
        assert_eq!(names(&out), [MANIFEST]);
    }

    #[test]
    fn inputs_and_files_read_are_never_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let practices = tmp.path().join("practices");
        std::fs::create_dir_all(practices.join("eu")).unwrap();
        let schema = tmp.path().join("schema").join("practice.schema.json");
        std::fs::create_dir_all(schema.parent().unwrap()).unwrap();
        std::fs::write(&schema, "{}").unwrap();
        let protected = Protected {
            inputs: vec![practices.clone()],
            files: vec![schema.clone()],
        };
        let check = |out: &Path| match check_out_dir(out, &protected) {
            Err(Error::Refused { reason, .. }) => reason,
            other => panic!("{} accepted: {other:?}", out.display()),
        };
        assert!(check(&practices).contains("is the entries"));
        assert!(check(&practices.join("eu")).contains("lies inside"));
        assert!(check(&practices.join("new-folder")).contains("lies inside"));
        assert!(check(tmp.path()).contains("contains the entries"));
        assert!(check(schema.parent().unwrap()).contains("practice.schema.json"));
        assert!(check_out_dir(&tmp.path().join("dist"), &protected).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_resolved_before_every_check() {
        let tmp = tempfile::tempdir().unwrap();
        let docs = tmp.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        std::fs::write(docs.join("report.pdf"), "keep").unwrap();
        let link = tmp.path().join("dist");
        std::os::unix::fs::symlink(&docs, &link).unwrap();
        assert!(refusal(build(&link, &[("compendium.md", "one")])).contains("report.pdf"));
        assert_eq!(names(&docs), ["report.pdf"]);
        // A link to the entries is the entries.
        let protected = Protected {
            inputs: vec![docs.clone()],
            files: vec![],
        };
        assert!(check_out_dir(&link, &protected).is_err());
        // A link to the tool's own edition: the edition is replaced, the link stays a link.
        std::fs::remove_file(docs.join("report.pdf")).unwrap();
        build(&link, &[("compendium.md", "one")]).unwrap();
        build(&link, &[("compendium.md", "two")]).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(
            std::fs::read_to_string(docs.join("compendium.md")).unwrap(),
            "two"
        );
        // A link to nowhere is refused.
        let dangling = tmp.path().join("gone");
        std::os::unix::fs::symlink(tmp.path().join("missing"), &dangling).unwrap();
        assert!(build(&dangling, &[("compendium.md", "one")]).is_err());
    }

    #[test]
    fn leftover_staging_folders_are_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let leftover = tmp.path().join(".compendium-build-x1y2");
        std::fs::create_dir(&leftover).unwrap();
        let checked = check_out_dir(&tmp.path().join("dist"), &Protected::default()).unwrap();
        assert_eq!(checked.leftovers, [leftover.canonicalize().unwrap()]);
        // One a running build holds (locked) is not called a leftover (found by a tester).
        #[cfg(target_os = "linux")]
        {
            use crate::output::open_own_folder;
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&leftover, std::fs::Permissions::from_mode(0o700)).unwrap();
            let held = open_own_folder(&leftover).unwrap();
            let checked = check_out_dir(&tmp.path().join("dist"), &Protected::default()).unwrap();
            assert!(checked.leftovers.is_empty(), "{:?}", checked.leftovers);
            drop(held);
            // Nor is a link given such a name, or someone else's folder (found by a tester: both
            // were called an interrupted build's, to remove; `rm -rf` of the link with a slash
            // would have emptied the folder it leads to).
            std::fs::remove_dir(&leftover).unwrap();
            let home = tmp.path().join("home");
            std::fs::create_dir(&home).unwrap();
            std::os::unix::fs::symlink(&home, &leftover).unwrap();
            let theirs = tmp.path().join(".compendium-build-z9");
            std::fs::create_dir(&theirs).unwrap();
            let me = rustix::process::geteuid().as_raw();
            let other = if me == 0 { 65534 } else { me + 1 };
            let given = std::os::unix::fs::chown(&theirs, Some(other), None).is_ok();
            let checked = check_out_dir(&tmp.path().join("dist"), &Protected::default()).unwrap();
            assert!(
                checked.leftovers.is_empty() || !given,
                "{:?}",
                checked.leftovers
            );
            assert!(!checked
                .leftovers
                .iter()
                .any(|p| p.ends_with(".compendium-build-x1y2")));
        }
    }
}
