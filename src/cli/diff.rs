//! `compendium diff OLD NEW`: what changed between two editions. Each side is a manifest
//! (`compendium.json`, or a built folder holding one), a practices folder, or `git:REV` (the
//! practices folder at a revision of the current repository, read with the system `git`).

use super::{exit, print_out, render, InputArgs};
use clap::ValueEnum;
use compendium::dedup::decisions::{Decisions, DECISIONS_FILE};
use compendium::diff::{self, git};
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
    /// Use this principle taxonomy instead of the built-in one.
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
        let revision = revision_folder()?;
        let tmp = &revision.folder;
        git::export_tree(&top, rev, &relative, tmp.path(), &mut &revision.lock).map_err(|e| {
            anyhow::anyhow!("git:{rev}: could not be read from the repository: {e}")
        })?;
        let folder = tmp.path().join(&relative);
        if !folder.is_dir() {
            anyhow::bail!("git:{rev}: the revision has no folder `{relative}`");
        }
        // Findings name files as `git:REV:path`, not by the temporary folder they were read from.
        let shown = (format!("{}/", tmp.path().display()), format!("git:{rev}:"));
        return from_folder(&folder, spec, schemas, Some(shown));
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
        // Read later, and only in part: see `diff::compare`.
        return Ok(Loaded::Source(diff::Source::Manifest(manifest)));
    }
    if path.is_dir() {
        return from_folder(path, spec, schemas, None);
    }
    anyhow::bail!("{spec}: not a manifest, a folder, or git:REV")
}

/// How the temporary folders that `git:REV` is read into begin: `compendium-diff-PID-…`.
const REVISION_FOLDER: &str = "compendium-diff-";
/// The file in such a folder that the comparison using it holds locked while it runs.
const REVISION_LOCK: &str = ".compendium-diff.lock";

/// A temporary folder to read a past revision into, private to this user, removed when the
/// comparison ends. While it runs the comparison holds the lock file in it locked (Linux); the
/// next comparison removes such a folder whose lock is free: one left by a comparison that was
/// stopped (Ctrl-C, `kill`). A lock, not a process number, tells it: it is released by any end
/// of the process, and means the same across process namespaces.
struct RevisionFolder {
    folder: tempfile::TempDir,
    /// Locked, and holding the list of the files written into the folder.
    lock: std::fs::File,
}

fn revision_folder() -> std::io::Result<RevisionFolder> {
    let tmp = std::env::temp_dir();
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{REVISION_FOLDER}{}-", std::process::id());
    builder.prefix(&prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let folder = builder.tempdir_in(&tmp)?;
    let lock = std::fs::File::create(folder.path().join(REVISION_LOCK))?;
    #[cfg(target_os = "linux")]
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive)?;
    remove_abandoned_revision_folders(&tmp, folder.path());
    Ok(RevisionFolder { folder, lock })
}

/// Removes what stopped comparisons left in `tmp`: in each folder named as [`revision_folder`]
/// names them, of the same user as `ours`, holding the lock file, and whose lock is free, the
/// files the lock file lists as written there (regular files only) and the folders above them
/// once empty; then the lock file and the folder, if nothing else is in it. Anything else (a
/// file the comparison did not write, a folder of someone else's, of another program, a link)
/// is left alone. Linux only.
fn remove_abandoned_revision_folders(tmp: &Path, ours: &Path) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(owner) = std::fs::metadata(ours).map(|m| m.uid()) else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(tmp) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let named = entry
                .file_name()
                .to_string_lossy()
                .starts_with(REVISION_FOLDER);
            let mine =
                std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir() && m.uid() == owner);
            if !named || !mine || path == ours {
                continue;
            }
            let lock = path.join(REVISION_LOCK);
            let lock_is_file =
                std::fs::symlink_metadata(&lock).is_ok_and(|m| m.is_file() && m.uid() == owner);
            let Some(mut file) = std::fs::File::open(&lock).ok().filter(|file| {
                lock_is_file
                    && rustix::fs::flock(file, rustix::fs::FlockOperation::NonBlockingLockExclusive)
                        .is_ok()
            }) else {
                continue;
            };
            let mut listed = Vec::new();
            if std::io::Read::read_to_end(&mut file, &mut listed).is_err() {
                continue;
            }
            remove_listed(&path, &listed);
            let only_the_lock = std::fs::read_dir(&path).is_ok_and(|names| {
                names
                    .flatten()
                    .all(|name| name.file_name() == std::ffi::OsStr::new(REVISION_LOCK))
            });
            if only_the_lock {
                let _ = std::fs::remove_file(&lock);
                let _ = std::fs::remove_dir(&path);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (tmp, ours);
    }
}

/// Removes from `folder` the regular files whose relative paths `listed` holds (each ended by
/// a NUL), then each folder above them that this leaves empty, deepest first.
#[cfg(target_os = "linux")]
fn remove_listed(folder: &Path, listed: &[u8]) {
    let mut above = std::collections::BTreeSet::new();
    for name in listed.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let relative = Path::new(std::str::from_utf8(name).unwrap_or("/"));
        if !relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        {
            continue;
        }
        // Not through a link: every folder on the way is a folder of its own.
        let mut within = folder.to_path_buf();
        let mut plain = true;
        for part in relative.parent().into_iter().flat_map(Path::components) {
            within.push(part);
            plain &= std::fs::symlink_metadata(&within).is_ok_and(|m| m.is_dir());
            above.insert(within.clone());
        }
        let file = folder.join(relative);
        if plain && std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(&file);
        }
    }
    // Deepest first: a longer path sorts after its parent.
    for path in above.iter().rev() {
        let _ = std::fs::remove_dir(path);
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
        remove_abandoned_revision_folders(tmp.path(), &ours);
        assert!(!abandoned.exists());
        assert!(!kept.join("practices/a.json").exists());
        assert!(kept.join("practices/mine.txt").exists() && kept.join("sub/deep.txt").exists());
        assert!(running.join("practices/a.json").exists());
        assert!(notes.join("practices/a.json").exists());
        assert!(ours.join("practices/a.json").exists());
        drop(held);
        remove_abandoned_revision_folders(tmp.path(), &ours);
        assert!(!running.exists());
    }
}
