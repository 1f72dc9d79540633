//! `compendium convert FILE`: a JSON entry to Markdown, or a Markdown entry to JSON, losslessly.

use super::{exit, print_out, render, Format};
use compendium::load::{self, entry_json, is_markdown, markdown::to_markdown};
use std::path::PathBuf;

/// Arguments of `convert`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The entry to convert (`.json` becomes `.md`, `.md` becomes `.json`).
    file: PathBuf,
    /// Where to write [default: the same name with the other extension]
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    let to_markdown_form = !is_markdown(&args.file);
    let out = args.out.clone().unwrap_or_else(|| {
        args.file
            .with_extension(if to_markdown_form { "md" } else { "json" })
    });
    if out.exists() {
        eprintln!(
            "compendium: {} already exists; nothing was overwritten",
            out.display()
        );
        return Ok(exit::PROBLEMS);
    }
    let loaded = load::load_file(&args.file);
    let Some(doc) = loaded.document else {
        eprint!("{}", render::diagnostics(&loaded.diagnostics, Format::Text));
        eprintln!(
            "compendium: {} could not be read; nothing was written",
            args.file.display()
        );
        return Ok(exit::PROBLEMS);
    };
    let schema_ref = doc
        .value
        .get("$schema")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let text = if to_markdown_form {
        to_markdown(&doc.value)
    } else {
        let folder = out.parent().unwrap_or(std::path::Path::new("."));
        entry_json(
            &doc.value,
            schema_ref
                .or_else(|| super::schema_reference(folder))
                .as_deref(),
        )
    };
    std::fs::write(&out, text).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    if !super::ui().quiet {
        print_out(&format!("wrote {}\n", out.display()));
    }
    Ok(exit::OK)
}
