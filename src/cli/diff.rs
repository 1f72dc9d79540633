//! `compendium diff OLD NEW`: what changed between two editions. Each side is a manifest
//! (`compendium.json`, or a built folder holding one), a practices folder, or `git:REV` (the
//! practices folder at a revision of the current repository, read with the system `git`).

use super::{exit, print_out, render, InputArgs};
use clap::ValueEnum;
use compendium::dedup::decisions::{Decisions, DECISIONS_FILE};
use compendium::diff::{self, git};
use compendium::error::Shown;
use compendium::schema::Schemas;
use compendium::{load, pipeline};
use std::path::{Path, PathBuf};

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A report for reviewers: counts, then each change, prose as word-level diffs.
    Markdown,
    /// For scripts.
    Json,
    /// One row per changed field: change,id,field,old,new.
    Csv,
}

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old edition: compendium.json, a built folder, a practices folder, or git:REV.
    old: String,
    /// The new edition, in any of the same forms.
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: DiffFormat,
    /// Exit with 1 when the editions differ and 0 when they are the same (like `git diff --exit-code`).
    #[arg(long)]
    exit_code: bool,
    /// For git:REV sides: the practices folder, relative to the current folder.
    #[arg(long, value_name = "DIR", default_value = "practices")]
    practices_dir: PathBuf,
    /// Use this practice schema instead of the built-in one (folder and git sides).
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Use this principle taxonomy instead of the built-in one for folder and git sides, and
    /// for manifests of editions built before format 9 (a manifest of format 9 or later records
    /// the taxonomy its edition was built with, and that one is used).
    #[arg(long, value_name = "FILE")]
    principles: Option<PathBuf>,
}

enum Loaded {
    Source(diff::Source),
    Problems,
}

fn load_side(spec: &str, args: &Args, schemas: &Schemas) -> anyhow::Result<Loaded> {
    if let Some(rev) = spec.strip_prefix("git:") {
        let top = std::process::Command::new("git")
            .args(["rev-parse", "--show-toplevel"])
            .output()
            .map_err(|e| {
                anyhow::anyhow!(
                    "git:{rev}: git could not be run ({e}); the git: form needs git installed"
                )
            })?;
        if !top.status.success() {
            anyhow::bail!("git:{rev}: the current folder is not inside a git repository");
        }
        let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
        let here = std::env::current_dir()?.join(&args.practices_dir);
        let relative = here
            .strip_prefix(&top)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| args.practices_dir.to_string_lossy().into_owned());
        let mut revision = revision_folder().map_err(|e| {
            anyhow::anyhow!(
                "git:{rev}: the revision cannot be read into a folder of its own in the temporary folder {} ({e}); nothing else there was touched. Set TMPDIR to a folder of your own (this one may not be writable, or someone who may rename things in it replaced the folder made there)",
                std::env::temp_dir().shown()
            )
        })?;
        git::export_tree(&top, rev, &relative, &mut |path, bytes| {
            revision.write(path, &bytes)
        })
        .map_err(|e| anyhow::anyhow!("git:{rev}: could not be read from the repository: {e}"))?;
        // Read through the folder's handle where the system allows it: never a folder put at
        // its name meanwhile.
        let root = revision.read_from();
        let folder = root.join(&relative);
        if !folder.is_dir() {
            anyhow::bail!("git:{rev}: the revision has no folder `{relative}`");
        }
        // Findings name files as `git:REV:path`, not by the temporary folder they were read from.
        let shown = (format!("{}/", root.display()), format!("git:{rev}:"));
        // An error while reading names the revision's files as findings do.
        let (prefix, instead) = shown.clone();
        let loaded = from_folder(&folder, spec, schemas, Some(shown))
            .map_err(|e| anyhow::anyhow!(e.to_string().replace(&prefix, &instead)));
        drop(revision);
        return loaded;
    }
    let path = Path::new(spec);
    // A folder is an edition when its compendium.json is a manifest, not an entry whose id
    // happens to be `compendium`.
    let manifest = if path.is_dir() {
        Some(path.join("compendium.json")).filter(|m| m.is_file() && is_manifest(m))
    } else {
        Some(path.to_path_buf())
    };
    if let Some(manifest) = manifest.filter(|m| m.is_file()) {
        // Another file of an edition, or an entry, is named for what it is (found by a tester:
        // the CSV "was saved again by an editor", an entry "has no `practices`").
        let name = manifest.file_name().unwrap_or_default().to_string_lossy();
        if name != "compendium.json" && compendium::render::FILE_NAMES.contains(&name.as_ref()) {
            anyhow::bail!(
                "{spec}: this is one of an edition's published files, not its manifest; give `diff` the edition's folder or its compendium.json"
            );
        }
        if !is_manifest(&manifest) && is_entry(&manifest) {
            anyhow::bail!(
                "{spec}: this is a practice entry, not an edition; give `diff` a folder of entries, an edition's folder or its compendium.json, or git:REV"
            );
        }
        // Read later, and only in part: see `diff::compare`.
        return Ok(Loaded::Source(diff::Source::Manifest(manifest)));
    }
    if path.is_dir() {
        return from_folder(path, spec, schemas, None);
    }
    if !path.exists() {
        anyhow::bail!(
            "{spec}: no such file or folder (give an edition's folder or its compendium.json, a folder of entries, or git:REV)"
        )
    }
    anyhow::bail!("{spec}: not a manifest, a folder, or git:REV")
}

/// Whether a file reads as a practice entry: a JSON object with an `id` and a `title` and no
/// manifest `format`, or a Markdown file that opens with front matter.
fn is_entry(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}');
    if text.starts_with("---") {
        return true;
    }
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| {
        v.get("format").is_none() && v.get("id").is_some() && v.get("title").is_some()
    })
}

/// How the temporary folders that `git:REV` is read into begin: `compendium-diff-PID-…`.
const REVISION_FOLDER: &str = "compendium-diff-";
/// The file in such a folder that the comparison using it holds locked while it runs.
const REVISION_LOCK: &str = ".compendium-diff.lock";

/// A temporary folder to read a past revision into, private to this user, emptied when the
/// comparison ends. It is written, read and emptied through the handle held on it (Linux), never
/// by its name: whoever may rename things in the temporary folder around it (one shared and not
/// sticky) can neither send the revision's files into a folder of theirs or of a colleague, nor
/// have anything of theirs removed. While the comparison runs it holds the lock file in the
/// folder locked; the lock file lists every file written, so that the next comparison can remove
/// what one that was stopped (Ctrl-C, `kill`) left, and nothing else. A lock, not a process
/// number, tells a stopped comparison: it is released by any end of the process, and means the
/// same across process namespaces.
struct RevisionFolder {
    path: PathBuf,
    folder: std::fs::File,
    /// Locked, and listing the files written into the folder (each path ended by a NUL); made
    /// just after the folder.
    lock: Option<std::fs::File>,
    written: Vec<PathBuf>,
}

fn revision_folder() -> std::io::Result<RevisionFolder> {
    let tmp = std::env::temp_dir();
    let prefix = format!("{REVISION_FOLDER}{}-", std::process::id());
    // Kept: emptied by `Drop` below, never removed whole by its name.
    let path = compendium::output::private_folder(&tmp, &prefix)?;
    // This user's own, private and empty: not a folder put at its name in the meantime.
    #[cfg(target_os = "linux")]
    let folder = compendium::output::open_own_folder(&path).and_then(|folder| {
        if compendium::output::names_in(&folder)?.is_empty() {
            Ok(folder)
        } else {
            Err(std::io::Error::other(
                "the folder just made is not this comparison's own: someone replaced it",
            ))
        }
    });
    #[cfg(not(target_os = "linux"))]
    let folder = std::fs::File::open(&path);
    // Not this comparison's folder: whatever has the name now is left alone, whoever's it is
    // (the folder it made, moved away by someone, is empty).
    let folder = folder?;
    // From here on, dropping it empties and removes it.
    let mut revision = RevisionFolder {
        path,
        folder,
        lock: None,
        written: Vec::new(),
    };
    #[cfg(target_os = "linux")]
    {
        let lock = compendium::output::create_below(&revision.folder, Path::new(REVISION_LOCK))?;
        rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive)?;
        revision.lock = Some(lock);
    }
    #[cfg(not(target_os = "linux"))]
    {
        revision.lock = Some(std::fs::File::create(revision.path.join(REVISION_LOCK))?);
    }
    remove_abandoned_revision_folders(&tmp, &revision.folder);
    Ok(revision)
}

impl RevisionFolder {
    /// Writes one file of the revision, listed in the lock file before it is made.
    fn write(&mut self, relative: &Path, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        let mut listed = relative.to_string_lossy().into_owned().into_bytes();
        listed.push(0);
        if let Some(mut lock) = self.lock.as_ref() {
            lock.write_all(&listed)?;
        }
        #[cfg(target_os = "linux")]
        let mut file = compendium::output::create_below(&self.folder, relative)?;
        #[cfg(not(target_os = "linux"))]
        let mut file = {
            let target = self.path.join(relative);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(target)?
        };
        // Listed for removal once made: a file that was there already is not the comparison's.
        self.written.push(relative.to_path_buf());
        file.write_all(bytes)
    }

    /// Where the folder's files are read from: through its handle (`/proc/self/fd/N`) where the
    /// system offers that, by its name elsewhere.
    fn read_from(&self) -> PathBuf {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let through = PathBuf::from(format!("/proc/self/fd/{}", self.folder.as_raw_fd()));
            if through.is_dir() {
                return through;
            }
        }
        self.path.clone()
    }
}

impl Drop for RevisionFolder {
    fn drop(&mut self) {
        let mut listed = std::mem::take(&mut self.written);
        listed.push(PathBuf::from(REVISION_LOCK));
        #[cfg(target_os = "linux")]
        compendium::output::remove_below(&self.folder, &listed);
        #[cfg(not(target_os = "linux"))]
        for relative in &listed {
            let _ = std::fs::remove_file(self.path.join(relative));
        }
        // Empty by now, and still this folder: only then is its name removed.
        compendium::output::remove_if_same(&self.path, &self.folder);
    }
}

/// Removes what stopped comparisons left in `tmp`: in each folder named as [`revision_folder`]
/// names them, of the same user as the folder `ours` is open on, holding the lock file, and
/// whose lock is free, the files the lock file lists as written there (regular files only) and
/// the folders on their way once empty; then the lock file, and the folder if nothing else is
/// in it. Everything goes through handles opened without following links; anything else (a
/// file the comparison did not write, a folder of someone else's, of another program, a link)
/// is left alone. Linux only.
fn remove_abandoned_revision_folders(tmp: &Path, ours: &std::fs::File) {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{flock, openat, unlinkat, AtFlags, FlockOperation, Mode, OFlags};
        use std::os::unix::fs::MetadataExt;
        let Ok(ours) = ours.metadata() else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(tmp) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !entry
                .file_name()
                .to_string_lossy()
                .starts_with(REVISION_FOLDER)
            {
                continue;
            }
            let Ok(folder) = compendium::output::open_folder(&path) else {
                continue;
            };
            let mine = folder.metadata().is_ok_and(|m| {
                m.uid() == ours.uid()
                    && compendium::output::identity(&m) != compendium::output::identity(&ours)
            });
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let lock = openat(&folder, REVISION_LOCK, flags, Mode::empty())
                .map(std::fs::File::from)
                .ok()
                .filter(|lock| {
                    lock.metadata()
                        .is_ok_and(|m| m.is_file() && m.uid() == ours.uid())
                        && flock(lock, FlockOperation::NonBlockingLockExclusive).is_ok()
                });
            let (true, Some(mut lock)) = (mine, lock) else {
                continue;
            };
            let mut listed = Vec::new();
            if std::io::Read::read_to_end(&mut lock, &mut listed).is_err() {
                continue;
            }
            let listed: Vec<PathBuf> = listed
                .split(|&b| b == 0)
                .filter(|name| !name.is_empty())
                .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
                .collect();
            compendium::output::remove_below(&folder, &listed);
            let only_the_lock = compendium::output::names_in(&folder)
                .is_ok_and(|names| names.iter().all(|name| name == REVISION_LOCK));
            if only_the_lock {
                let _ = unlinkat(&folder, REVISION_LOCK, AtFlags::empty());
                compendium::output::remove_if_same(&path, &folder);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (tmp, ours);
    }
}

/// Whether a file opens as the manifests `build` writes do, read no further than that (intact
/// or not: `diff` compares an edited edition too, and says what it finds).
fn is_manifest(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut start = Vec::new();
    if file.take(256).read_to_end(&mut start).is_err() {
        return false;
    }
    compendium::model::seal::opens_as_manifest(&String::from_utf8_lossy(&start))
}

/// Reads a folder of entries as an edition. `shown`: a prefix of the files' paths and what to
/// show instead in findings.
fn from_folder(
    folder: &Path,
    name: &str,
    schemas: &Schemas,
    shown: Option<(String, String)>,
) -> anyhow::Result<Loaded> {
    let decisions = Decisions::load(&folder.join(DECISIONS_FILE))?;
    let files = load::discover(&[folder.to_path_buf()])?;
    // A folder with no entry is a wrong folder, not an edition that removed every practice
    // (found by a tester: "Removed 130"); `build` and `validate` refuse it too.
    if files.is_empty() && shown.is_none() {
        anyhow::bail!(
            "{}: no entry files here (an entry is a file whose name ends in .json or .md); give `diff` a folder of entries, an edition's folder or its compendium.json, or git:REV",
            folder.shown()
        );
    }
    let outcome = pipeline::run(&files, schemas, &decisions, name, &|| {});
    match outcome.edition {
        Some(e) => Ok(Loaded::Source(diff::Source::Edition(Box::new(e)))),
        None => {
            let mut findings =
                render::diagnostics(&outcome.report.diagnostics, super::Format::Text);
            if let Some((prefix, instead)) = shown {
                findings = findings.replace(&prefix, &instead);
            }
            eprint!("{findings}");
            eprintln!("compendium: {name}: the entries above have errors; fix them to compare this edition");
            Ok(Loaded::Problems)
        }
    }
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    let input = InputArgs::with_schemas(args.schema.clone(), args.principles.clone());
    let schemas = input.schemas()?;
    let (Loaded::Source(old), Loaded::Source(new)) = (
        load_side(&args.old, args, &schemas)?,
        load_side(&args.new, args, &schemas)?,
    ) else {
        return Ok(exit::PROBLEMS);
    };
    let diff::Comparison { changes, old, new } = diff::compare(old, new, &schemas.taxonomy)?;
    let out = match args.format {
        DiffFormat::Markdown => diff::render::markdown(&changes, &old, &new),
        DiffFormat::Csv => diff::render::csv(&changes, &old, &new),
        DiffFormat::Json => {
            let mut s = serde_json::to_string_pretty(&changes)?;
            s.push('\n');
            s
        }
    };
    print_out(&out);
    Ok(if args.exit_code && !changes.is_empty() {
        exit::PROBLEMS
    } else {
        exit::OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Someone who may rename things in the temporary folder moves the revision folder away
    /// and puts a colleague's folder, or a link to one, at its name (found by a reviewer: the
    /// colleague's folder was deleted, or their entries overwritten with the revision's). The
    /// revision's files still go into its own folder, and only they are removed.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_revision_folder_is_written_and_emptied_through_its_handle() {
        let mut revision = revision_folder().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let moved = tmp.path().join("moved");
        let notes = tmp.path().join("notes");
        std::fs::create_dir_all(notes.join("practices")).unwrap();
        std::fs::write(notes.join("practices/a.json"), "a colleague's").unwrap();
        std::fs::rename(&revision.path, &moved).unwrap();
        std::os::unix::fs::symlink(&notes, &revision.path).unwrap();
        revision
            .write(Path::new("practices/a.json"), b"the revision's")
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(revision.read_from().join("practices/a.json")).unwrap(),
            "the revision's"
        );
        let name = revision.path.clone();
        drop(revision);
        assert_eq!(
            std::fs::read_to_string(notes.join("practices/a.json")).unwrap(),
            "a colleague's"
        );
        assert!(name.is_symlink());
        std::fs::remove_file(&name).unwrap();
        assert_eq!(std::fs::read_dir(&moved).unwrap().count(), 0);
        // A file already at a name the revision writes is not the comparison's: writing it
        // fails, and it is not removed (found by a reviewer).
        let mut revision = revision_folder().unwrap();
        let there = revision.read_from().join("a.json");
        std::fs::write(&there, "someone's").unwrap();
        assert!(revision
            .write(Path::new("a.json"), b"the revision's")
            .is_err());
        let kept = revision.path.join("a.json");
        let name = revision.path.clone();
        drop(revision);
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "someone's");
        std::fs::remove_dir_all(&name).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_revision_folder_left_by_a_stopped_comparison_is_removed_by_the_next() {
        // Found by a tester: `diff git:REV` stopped by Ctrl-C left a copy of the entries in the
        // temporary folder that nothing named or removed; a first clean-up, by process number,
        // removed folders it should not have.
        let tmp = tempfile::tempdir().unwrap();
        let ours = tmp.path().join(format!("{REVISION_FOLDER}1-ours"));
        let make = |name: &str, lock: bool| {
            let folder = tmp.path().join(name);
            std::fs::create_dir_all(folder.join("practices")).unwrap();
            std::fs::write(folder.join("practices/a.json"), "{}").unwrap();
            if lock {
                std::fs::write(folder.join(REVISION_LOCK), "practices/a.json\0").unwrap();
            }
            folder
        };
        make(&format!("{REVISION_FOLDER}1-ours"), true);
        let ours_open = compendium::output::open_folder(&ours).unwrap();
        let abandoned = make(&format!("{REVISION_FOLDER}4000000000-abc"), true);
        let running = make(&format!("{REVISION_FOLDER}4000000001-abc"), true);
        let held = std::fs::File::open(running.join(REVISION_LOCK)).unwrap();
        rustix::fs::flock(&held, rustix::fs::FlockOperation::NonBlockingLockExclusive).unwrap();
        let notes = make("compendium-diff-77777-drafts", false);
        // A folder of that name with a lock file, holding files the comparison did not write
        // (found by a tester: the whole folder went): those stay.
        let kept = make(&format!("{REVISION_FOLDER}4000000002-abc"), true);
        std::fs::write(kept.join("practices/mine.txt"), "someone's").unwrap();
        std::fs::create_dir(kept.join("sub")).unwrap();
        std::fs::write(kept.join("sub/deep.txt"), "someone's").unwrap();
        // A link with such a name, to a folder that looks abandoned (found by a reviewer: the
        // files it listed were removed from the user's project): never followed.
        let project = make("project", true);
        std::os::unix::fs::symlink(
            &project,
            tmp.path().join(format!("{REVISION_FOLDER}4000000003-abc")),
        )
        .unwrap();
        remove_abandoned_revision_folders(tmp.path(), &ours_open);
        assert!(project.join("practices/a.json").exists());
        assert!(!abandoned.exists());
        assert!(!kept.join("practices/a.json").exists());
        assert!(kept.join("practices/mine.txt").exists() && kept.join("sub/deep.txt").exists());
        assert!(running.join("practices/a.json").exists());
        assert!(notes.join("practices/a.json").exists());
        assert!(ours.join("practices/a.json").exists());
        drop(held);
        remove_abandoned_revision_folders(tmp.path(), &ours_open);
        assert!(!running.exists());
    }
}
