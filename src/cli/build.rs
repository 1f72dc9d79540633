//! `compendium build`: validate, then publish the edition atomically.

use super::{exit, print_out, render, Format, InputArgs};
use compendium::assemble::{self, render_csv, render_manifest, render_markdown};
use compendium::normalize::{normalize, practice_from_document};
use compendium::{load, output, validate};
use std::path::PathBuf;

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Folder to write compendium.md, compendium.csv and compendium.json into (replaced whole).
    #[arg(long, value_name = "DIR", default_value = "dist")]
    out: PathBuf,
    /// Edition name printed in the compendium and the manifest.
    #[arg(long, value_name = "NAME", default_value = "draft")]
    edition: String,
    /// Format of the problems reported when the corpus is invalid.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    let schemas = args.input.schemas()?;
    let files = load::discover(&args.input.paths())?;
    let (report, practices) = validate::validate_and_map(&files, &schemas, |doc| {
        practice_from_document(doc).map(normalize)
    });
    if report.has_errors() {
        eprint!("{}", render::report(&report, args.format));
        eprintln!(
            "compendium: nothing was published; {} was left as it was",
            args.out.display()
        );
        return Ok(exit::PROBLEMS);
    }
    if !report.diagnostics.is_empty() {
        eprint!("{}", render::diagnostics(&report.diagnostics, args.format));
    }
    let edition = assemble::assemble(&args.edition, practices, &schemas.taxonomy);
    let files = [
        ("compendium.md", render_markdown(&edition)),
        ("compendium.csv", render_csv(&edition)),
        ("compendium.json", render_manifest(&edition)),
    ];
    output::write_atomically(&args.out, &files)?;
    print_out(&format!(
        "published edition \"{}\": {} practices, digest {}\nwrote {}\n",
        edition.name,
        edition.practices.len(),
        edition.digest,
        files
            .iter()
            .map(|(name, _)| args.out.join(name).display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Ok(exit::OK)
}
