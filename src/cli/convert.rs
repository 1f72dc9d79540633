//! `compendium convert FILE`: a JSON entry to Markdown, or a Markdown entry to JSON, losslessly.

use super::{exit, print_out, render, Format};
use compendium::error::Shown;
use compendium::load::{self, entry_json, is_markdown};
use compendium::output;
use std::path::{Path, PathBuf};

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
    // A path that does not exist is a usage error (exit 2), as for every command.
    if let Err(e) = args.file.symlink_metadata() {
        if e.kind() == std::io::ErrorKind::NotFound {
            anyhow::bail!("{}: no such file", args.file.shown());
        }
    }
    let to_markdown_form = !is_markdown(&args.file);
    let out = args.out.clone().unwrap_or_else(|| {
        args.file
            .with_extension(if to_markdown_form { "md" } else { "json" })
    });
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    super::refuse_unmeant_place(&out, Some(&folder), "--out")?;
    // The form written is the other one, and the name must say so as a folder is read: under
    // any other name (`.txt`, none, the input's own form, `.MD`, which reading a folder refuses)
    // the entry would be read as what it is not, or not at all.
    let wanted = if to_markdown_form { "md" } else { "json" };
    let names_a_folder = out.as_os_str().to_string_lossy().ends_with(['/', '\\']);
    let right_name = out.extension().is_some_and(|e| e == wanted);
    // A name ending in `/` is refused below, as naming a folder.
    if !right_name && !names_a_folder {
        anyhow::bail!(
            "{}: converting {} writes a {} entry; give --out a file name with the extension .{wanted} in lower case, such as {}",
            out.shown(),
            args.file.shown(),
            if to_markdown_form { "Markdown" } else { "JSON" },
            args.file.with_extension(wanted).shown()
        );
    }
    if out.symlink_metadata().is_ok() {
        // `--out sub/` on a folder that exists names a folder, not a file that would be
        // overwritten (found by a tester).
        if names_a_folder || out.is_dir() {
            anyhow::bail!(
                "{}: is a folder; give --out a file name with the extension .{wanted}, such as {}",
                out.shown(),
                out.join(
                    args.file
                        .with_extension(wanted)
                        .file_name()
                        .unwrap_or_default()
                )
                .shown()
            );
        }
        return Err(already_exists(&out));
    }
    let loaded = load::load_file(&args.file);
    let Some(doc) = loaded.document else {
        eprint!("{}", render::diagnostics(&loaded.diagnostics, Format::Text));
        eprintln!(
            "compendium: {} could not be read; nothing was written",
            args.file.shown()
        );
        return Ok(exit::PROBLEMS);
    };
    // Problems of reading (a field written twice, recommendations in the wrong place or form)
    // mean that part of the text was set aside: converting would lose it without a word.
    if loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == compendium::Severity::Error)
    {
        eprint!("{}", render::diagnostics(&loaded.diagnostics, Format::Text));
        eprintln!(
            "compendium: {} has the problems above, and converting it would lose text they set aside; fix them first (`compendium validate` checks); nothing was written",
            args.file.shown()
        );
        return Ok(exit::PROBLEMS);
    }
    let schema_ref = doc
        .value
        .get("$schema")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let text = if to_markdown_form {
        // A Markdown entry that would not read back the same, or would not validate when the
        // JSON entry does, is not written: nothing is lost quietly.
        match compendium::convert::markdown_form(&doc, &compendium::schema::Schemas::embedded()?) {
            Ok(text) => text,
            Err(why) => {
                eprintln!(
                    "compendium: {}: as a Markdown entry, {why}; nothing was written (mend it in the JSON entry, or keep this entry in JSON)",
                    args.file.shown(),
                );
                return Ok(exit::PROBLEMS);
            }
        }
    } else {
        let folder = out.parent().unwrap_or(std::path::Path::new("."));
        entry_json(
            &doc.value,
            schema_ref
                .or_else(|| super::schema_reference(folder))
                .as_deref(),
        )
    };
    // Written whole or not at all, and never over a file that appeared meanwhile.
    output::write_new_file(&out, text.as_bytes()).map_err(|e| match e {
        compendium::Error::AlreadyExists { .. } => already_exists(&out),
        other => other.into(),
    })?;
    if !super::ui().quiet {
        print_out(&format!("wrote {}\n", out.shown()));
    }
    // An entry is read under its id's name: one written under another is refused by `validate`
    // until renamed (found by a tester), so say it now.
    let id = doc
        .value
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let stem = out.file_stem().map(|s| s.to_string_lossy());
    if !id.is_empty() && stem.as_deref() != Some(id) {
        eprintln!(
            "compendium: warning: the entry's id is `{id}`, so `validate` will ask for the file to be named {id}.{wanted}",
        );
    }
    Ok(exit::OK)
}

/// The refusal to write over a file: the tool never replaces what it did not write.
fn already_exists(out: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "{} already exists; nothing was overwritten (give another name with --out, or move that file away)",
        out.shown()
    )
}
