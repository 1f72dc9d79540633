//! `compendium build`: validate, tag, collapse duplicates, then publish the edition atomically.

use super::{exit, print_out, render, Format, InputArgs};
use compendium::assemble::{self, render_csv, render_manifest, render_markdown, Dropped};
use compendium::dedup::{self, decisions::Decisions, ClusterStatus, Fingerprint, Thresholds};
use compendium::normalize::{normalize, practice_from_document};
use compendium::tag::Tagger;
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
    /// Refuse to publish while near duplicates wait for an editor's decision.
    #[arg(long)]
    strict: bool,
    /// Format of the problems reported when the corpus is invalid.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    let schemas = args.input.schemas()?;
    let decisions = Decisions::load(&args.input.decisions_path())?;
    let tagger = Tagger::new(&schemas.taxonomy);
    let files = load::discover(&args.input.paths())?;
    let (report, analysed) = validate::validate_and_map(&files, &schemas, |doc| {
        let normalized = normalize(practice_from_document(doc)?);
        let fingerprint = Fingerprint::new(doc.path.clone(), &normalized);
        let tagging = tagger.tag(&normalized.practice);
        Ok((normalized, tagging, fingerprint))
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

    let prints: Vec<Fingerprint> = analysed.iter().map(|a| a.2.clone()).collect();
    let clusters = dedup::find_clusters(&prints, Thresholds::default(), &decisions);
    let undecided: Vec<_> = clusters
        .iter()
        .filter(|c| c.status == ClusterStatus::Undecided)
        .collect();
    for c in &undecided {
        eprintln!(
            "compendium: warning: possible duplicates, not yet decided: {} (similarity {:.2}); run `compendium dedup` to review",
            c.members.join(", "),
            c.similarity
        );
    }
    if args.strict && !undecided.is_empty() {
        eprintln!(
            "compendium: --strict: {} near-duplicate group(s) wait for a decision in {}; nothing was published",
            undecided.len(),
            args.input.decisions_path().display()
        );
        return Ok(exit::PROBLEMS);
    }
    let dropped_ids = dedup::dropped_ids(&clusters);
    let mut dropped = Vec::new();
    let mut practices = Vec::with_capacity(analysed.len());
    for (normalized, tagging, _) in analysed {
        match dropped_ids.get(&normalized.practice.id) {
            Some(kept) => {
                eprintln!(
                    "compendium: left out `{}`: a duplicate of `{kept}`",
                    normalized.practice.id
                );
                dropped.push(Dropped {
                    id: normalized.practice.id.clone(),
                    kept: kept.clone(),
                });
            }
            None => practices.push((normalized, Some(tagging))),
        }
    }

    let edition = assemble::assemble(&args.edition, practices, dropped, &schemas.taxonomy);
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
