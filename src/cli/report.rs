//! `compendium report`: coverage and gaps for editors (principle × area, modality × lifecycle,
//! jurisdictions, age of sources), as Markdown, JSON or an SVG heat map.

use super::{exit, print_out, render, InputArgs};
use clap::ValueEnum;
use compendium::pipeline;
use compendium::report::{coverage, coverage_markdown, heatmap_svg};

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Tables with gaps marked.
    Markdown,
    /// For scripts.
    Json,
    /// The principle × area heat map.
    Svg,
}

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: ReportFormat,
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    let (schemas, files) = args.input.schemas_and_files();
    let schemas = schemas?;
    let decisions = args.input.decisions()?;
    let files = files?;
    let outcome = pipeline::run(&files, &schemas, &decisions, "draft", &|| {});
    let Some(edition) = outcome.edition else {
        eprint!(
            "{}",
            render::report(&outcome.report, &[], super::Format::Text)
        );
        return Ok(exit::PROBLEMS);
    };
    let c = coverage(&edition);
    let out = match args.format {
        ReportFormat::Markdown => coverage_markdown(&c, &schemas.taxonomy),
        ReportFormat::Svg => heatmap_svg(&c, &schemas.taxonomy),
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&c)?;
            s.push('\n');
            s
        }
    };
    print_out(&out);
    Ok(exit::OK)
}
