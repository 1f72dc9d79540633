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
        let tmp = revision_folder()?;
        git::export_tree(&top, rev, &relative, tmp.path()).map_err(|e| {
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

/// A temporary folder to read a past revision into, named after this process. It is removed when
/// the comparison ends; one left by a comparison that was stopped (Ctrl-C, `kill`) is removed by
/// the next one, once its process is gone.
fn revision_folder() -> std::io::Result<tempfile::TempDir> {
    let tmp = std::env::temp_dir();
    remove_abandoned_revision_folders(&tmp);
    tempfile::Builder::new()
        .prefix(&format!("{REVISION_FOLDER}{}-", std::process::id()))
        .tempdir_in(tmp)
}

/// Removes the folders in `tmp` named as [`revision_folder`] names them whose process no longer
/// runs (Linux: it has no `/proc/PID`). Elsewhere nothing is removed.
fn remove_abandoned_revision_folders(tmp: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some((pid, _)) = name
            .strip_prefix(REVISION_FOLDER)
            .and_then(|rest| rest.split_once('-'))
        else {
            continue;
        };
        let gone = pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists();
        if gone && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a file begins as the manifests `build` writes do (`"format": "compendium-manifest"`
/// in its first lines), read no further than that.
fn is_manifest(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut start = Vec::new();
    if file.take(4096).read_to_end(&mut start).is_err() {
        return false;
    }
    String::from_utf8_lossy(&start)
        .contains(&format!("\"format\": \"{}\"", compendium::manifest::FORMAT))
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

    #[test]
    fn a_revision_folder_left_by_a_stopped_comparison_is_removed_by_the_next() {
        // Found by a tester: `diff git:REV` stopped by Ctrl-C left a copy of the entries in the
        // temporary folder that nothing named or removed.
        let tmp = tempfile::tempdir().unwrap();
        let abandoned = tmp.path().join(format!("{REVISION_FOLDER}4000000000-abc"));
        let running = tmp
            .path()
            .join(format!("{REVISION_FOLDER}{}-abc", std::process::id()));
        let other = tmp.path().join("compendium-diff-notes");
        for folder in [&abandoned, &running, &other] {
            std::fs::create_dir_all(folder.join("practices")).unwrap();
            std::fs::write(folder.join("practices/a.json"), "{}").unwrap();
        }
        remove_abandoned_revision_folders(tmp.path());
        if Path::new("/proc/self").exists() {
            assert!(!abandoned.exists());
        }
        assert!(running.join("practices/a.json").exists());
        assert!(other.join("practices/a.json").exists());
    }
}
