//! `compendium validate`: check entries, report every problem at once.

use super::{exit, print_out, render, Format, InputArgs};
use compendium::validate;
use std::path::PathBuf;

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// A run over folders checks the corpus, unless every folder lies inside the practices folder
/// of the current folder (a contributor's batch in `practices/new`): an entry outside them may
/// be the one a `supersedes` names.
fn scope(paths: &[PathBuf]) -> validate::Scope {
    let corpus = std::fs::canonicalize("practices").ok();
    let within_corpus = |p: &PathBuf| {
        let p = std::fs::canonicalize(p).ok();
        matches!((&p, &corpus), (Some(p), Some(c)) if p != c && p.starts_with(c))
    };
    if paths.iter().any(|p| p.is_dir()) && !paths.iter().all(within_corpus) {
        validate::Scope::Corpus
    } else {
        validate::Scope::Part
    }
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    let (schemas, files) = args.input.schemas_and_files();
    let schemas = schemas?;
    let files = files?;
    let paths = args.input.paths();
    // Editors validate before publishing: a decisions file that `dedup` and `build` would refuse
    // (missing when named, or unreadable) is refused here too. It is read when a folder is
    // checked or the file is named; a contributor checking one entry is not held up by it.
    let decisions = if args.input.names_decisions() || paths.iter().any(|p| p.is_dir()) {
        Some(args.input.decisions()?)
    } else {
        None
    };
    let bar = super::progress(files.len(), "checking");
    let report = validate::report(&files, &schemas, scope(&paths), &|| bar.inc(1));
    bar.finish_and_clear();
    print_out(&render::report(
        &report,
        &args.input.not_read(),
        args.format,
    ));
    // A decision naming an id no entry has applies to nothing, and `build --strict` refuses it:
    // said here (after the summary, which counts the entries' own
    // findings), where an editor checks the corpus before building (found by a tester). An
    // entry's id is its file's name (a file named otherwise is reported above). Only when a
    // folder was checked: one entry checked alone is not the corpus the decisions are about.
    if let Some(decisions) = decisions
        .as_ref()
        .filter(|_| paths.iter().any(|p| p.is_dir()))
    {
        let ids = files
            .iter()
            .filter_map(|f| f.file_stem().and_then(|s| s.to_str()));
        args.input.warn_unknown_decided(decisions, ids);
    }
    Ok(if report.has_errors() {
        exit::PROBLEMS
    } else {
        exit::OK
    })
}
