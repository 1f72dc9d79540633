//! `compendium verify DIR`: was a published edition altered after it was built?

use super::{exit, print_out, InputArgs};
use compendium::manifest::verify;
use compendium::normalize::sha256_hex_file;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Arguments of `verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The built folder (holding compendium.json, compendium.md, compendium.csv).
    #[arg(value_name = "DIR", default_value = "dist")]
    dir: PathBuf,
    /// Also require this edition digest (the one cited in official documents).
    #[arg(long, value_name = "SHA256")]
    digest: Option<String>,
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    let schemas = InputArgs::with_schemas(None, None).schemas()?;
    let manifest_path = args.dir.join("compendium.json");
    let manifest = std::fs::read(&manifest_path)
        .map_err(|e| anyhow::anyhow!("{}: {e}", manifest_path.display()))?;
    let manifest = String::from_utf8_lossy(&manifest).into_owned();
    // Every other file of the folder, hashed as it is read (side by side): the manifest says
    // which ones it expects and their hashes. A file that cannot be read counts as missing.
    let others: Vec<(String, PathBuf)> = std::fs::read_dir(&args.dir)?
        .flatten()
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            )
        })
        .filter(|(name, path)| name != "compendium.json" && path.is_file())
        .collect();
    let hashes: BTreeMap<String, String> = others
        .par_iter()
        .filter_map(|(name, path)| Some((name.clone(), sha256_hex_file(path).ok()?)))
        .collect();
    let verification = verify(&manifest, &hashes, &schemas.taxonomy);
    let mut problems: Vec<String> = verification
        .alterations
        .into_iter()
        .map(|a| format!("{}: {}", args.dir.join(&a.file).display(), a.message))
        .collect();
    // A manifest the tool cannot read may still name its digest.
    let recorded = verification
        .digest
        .or_else(|| {
            let value = serde_json::from_str::<serde_json::Value>(&manifest).ok()?;
            value.get("digest")?.as_str().map(str::to_string)
        })
        .unwrap_or_default();
    if let Some(expected) = &args.digest {
        if !expected.eq_ignore_ascii_case(&recorded) {
            problems.push(format!(
                "the edition digest is {recorded}, not the expected {expected}"
            ));
        }
    }
    if problems.is_empty() {
        print_out(&format!(
            "{}: intact; edition digest {recorded}\n",
            args.dir.display()
        ));
        Ok(exit::OK)
    } else {
        let mut out = String::new();
        for p in &problems {
            out.push_str(&format!("altered: {p}\n"));
        }
        out.push_str(&format!(
            "{}: {} problem(s); this is not the edition as built\n",
            args.dir.display(),
            problems.len()
        ));
        print_out(&out);
        Ok(exit::PROBLEMS)
    }
}
