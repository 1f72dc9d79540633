//! `compendium verify DIR`: was a published edition altered after it was built?

use super::{exit, print_out, InputArgs};
use compendium::error::Shown;
use compendium::manifest::{verify, Alteration};
use compendium::normalize::{sha256_hex, sha256_hex_file};
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
    /// The principle taxonomy the edition was built with, if not the built-in one (its names
    /// are in the Markdown, CSV and coverage files, which are rendered again to be compared).
    #[arg(long, value_name = "FILE")]
    principles: Option<PathBuf>,
}

/// The manifest's name in an edition folder.
const MANIFEST: &str = "compendium.json";

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    if let Some(digest) = &args.digest {
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            eprintln!(
                "compendium: error: --digest takes an edition digest, 64 hexadecimal characters; `{digest}` is not one"
            );
            return Ok(exit::FAILURE);
        }
    }
    let schemas = InputArgs::with_schemas(None, args.principles.clone()).schemas()?;
    match std::fs::metadata(&args.dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
            "{}: no such folder (give the folder of the edition, for example dist)",
            args.dir.shown()
        ),
        Ok(meta) if !meta.is_dir() => anyhow::bail!(
            "{}: is a file; give the folder of the edition that holds it ({})",
            args.dir.shown(),
            args.dir
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."))
                .shown()
        ),
        _ => {}
    }
    let manifest_path = args.dir.join(MANIFEST);
    match std::fs::symlink_metadata(&manifest_path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
            "{}: there is no {MANIFEST} here, so this is not an edition built by compendium",
            args.dir.shown()
        ),
        Err(e) => anyhow::bail!("{}: {e}", manifest_path.shown()),
        // A link: the edition is then whatever the file it leads to holds, which anyone who may
        // write there can change.
        Ok(meta) if meta.is_symlink() => anyhow::bail!(
            "{}: is a symbolic link, not the manifest the tool wrote (an edition holds files, not links)",
            manifest_path.shown()
        ),
        // Never opened: a FIFO would wait for ever, a device never end.
        Ok(meta) if !meta.is_file() => anyhow::bail!(
            "{}: not a regular file, so not a manifest the tool wrote",
            manifest_path.shown()
        ),
        Ok(_) => {}
    }
    let manifest = std::fs::read(&manifest_path)
        .map_err(|e| anyhow::anyhow!("{}: {e}", manifest_path.shown()))?;
    let manifest = String::from_utf8_lossy(&manifest).into_owned();

    // Every other entry of the folder: regular files are hashed side by side; anything else
    // (a link, a folder, a pipe) is named for what it is, and never opened.
    let mut present: BTreeMap<String, Result<PathBuf, String>> = BTreeMap::new();
    for entry in std::fs::read_dir(&args.dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == MANIFEST {
            continue;
        }
        let path = entry.path();
        let kind = match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_symlink() => Err(
                "is a symbolic link, not a file: an edition as built holds files, and a link's target can be changed by whoever may write there"
                    .to_string(),
            ),
            Ok(meta) if meta.is_file() => Ok(path),
            Ok(meta) if meta.is_dir() => Err("is a folder, not a file".to_string()),
            Ok(_) => Err("is not a regular file (a pipe, socket or device)".to_string()),
            Err(e) => Err(format!("cannot be read ({e})")),
        };
        present.insert(name, kind);
    }
    let hashed: Vec<(String, Result<String, String>)> = present
        .par_iter()
        .map(|(name, kind)| {
            let hash = match kind {
                Ok(path) => sha256_hex_file(path).map_err(|e| format!("cannot be read ({e})")),
                Err(why) => Err(why.clone()),
            };
            (name.clone(), hash)
        })
        .collect();
    let hashes: BTreeMap<String, String> = hashed
        .iter()
        .filter_map(|(name, hash)| Some((name.clone(), hash.clone().ok()?)))
        .collect();
    let unreadable: BTreeMap<&str, &str> = hashed
        .iter()
        .filter_map(|(name, hash)| Some((name.as_str(), hash.as_ref().err()?.as_str())))
        .collect();

    let verification = verify(&manifest, &hashes, &schemas.taxonomy);
    let mut alterations = verification.alterations;
    for a in &mut alterations {
        if let Some(why) = unreadable.get(a.file.as_str()) {
            a.message = format!("the edition's file {why}");
        }
    }
    if let Some(read) = &verification.read {
        // Anything in the folder that the manifest does not list was added after the build.
        for name in present.keys().filter(|n| !read.files.contains_key(*n)) {
            alterations.push(Alteration {
                file: name.clone(),
                message:
                    "not part of the edition: the manifest does not list it (added after the build)"
                        .into(),
            });
        }
        // A manifest already found edited explains why its files no longer render as recorded.
        // Files an earlier version rendered its own way cannot be rendered again to compare:
        // their recorded hashes are all there is (found while changing the page: every edition
        // cited before would have been called altered).
        let manifest_edited = alterations.iter().any(|a| a.file == MANIFEST);
        if read.format_version == compendium::manifest::FORMAT_VERSION {
            alterations.extend(rendered_again(read, &hashes, manifest_edited));
        } else {
            eprintln!(
                "compendium: note: {} was built by an earlier version of compendium (manifest format version {}), which rendered the Markdown, CSV, HTML and coverage files its own way: they were checked against the SHA-256 the manifest records, not rendered again from its practices",
                args.dir.shown(),
                read.format_version
            );
        }
    }

    // A manifest the tool cannot read may still name its digest.
    let recorded = verification
        .digest
        .or_else(|| {
            let value = serde_json::from_str::<serde_json::Value>(&manifest).ok()?;
            value.get("digest")?.as_str().map(str::to_string)
        })
        .unwrap_or_default();
    let recorded = compendium::error::one_line(&recorded).into_owned();
    let mut problems: Vec<String> = alterations
        .into_iter()
        .map(|a| {
            // A message may name a file or quote a value of the manifest: on one line.
            let message = compendium::error::one_line(&a.message);
            format!("{}: {message}", args.dir.join(&a.file).shown())
        })
        .collect();
    if let Some(expected) = &args.digest {
        if !expected.eq_ignore_ascii_case(&recorded) {
            problems.push(format!(
                "the edition digest is {recorded}, not the expected {expected}"
            ));
        }
    }
    if problems.is_empty() {
        if !verification.sealed {
            eprintln!(
                "compendium: note: {} was built by an earlier version of compendium: its manifest records no SHA-256 of itself, so its header (the edition's name) cannot be shown unchanged; its practices, digest and files were checked",
                args.dir.shown()
            );
        }
        if !super::ui().quiet {
            print_out(&format!(
                "{}: intact; edition digest {recorded}\n",
                args.dir.shown()
            ));
        }
        Ok(exit::OK)
    } else {
        let mut out = String::new();
        for p in &problems {
            out.push_str(&format!("altered: {p}\n"));
        }
        out.push_str(&format!(
            "{}: {} problem(s); this is not the edition as built\n",
            args.dir.shown(),
            problems.len()
        ));
        print_out(&out);
        Ok(exit::PROBLEMS)
    }
}

/// The published files rendered again from the practices the manifest holds (their hashes
/// checked by [`verify`]), against the hashes the manifest records for them: a file changed
/// together with its recorded hash is found, so that the edition digest vouches for every file.
/// When the manifest itself was found edited (`manifest_edited`), files that still match their
/// recorded hashes (`on_disk`) are named in one line on the manifest, not one line each.
fn rendered_again(
    read: &compendium::manifest::ReadManifest,
    on_disk: &BTreeMap<String, String>,
    manifest_edited: bool,
) -> Vec<Alteration> {
    let with_html = read.files.contains_key("compendium.html");
    let mut found = Vec::new();
    let rendered = match compendium::render::all(&read.edition, with_html) {
        Ok(rendered) => rendered,
        Err(e) => {
            // The tool refuses to write such a page, so the one in the folder is not its own.
            let found_in_page = match e {
                compendium::Error::ActiveContent { found } => found,
                other => other.to_string(),
            };
            found.push(Alteration {
                file: "compendium.html".into(),
                message: format!(
                    "not a page the tool writes: made from the practices the manifest lists, it would hold content that can run or load something ({found_in_page}), which build refuses to publish"
                ),
            });
            compendium::render::all(&read.edition, false).unwrap_or_default()
        }
    };
    let mut as_built_but_unlike = Vec::new();
    for (name, text) in rendered.iter().filter(|(name, _)| *name != MANIFEST) {
        match read.files.get(*name) {
            Some(recorded)
                if *recorded != sha256_hex(text)
                    && manifest_edited
                    && on_disk.get(*name) == Some(recorded) =>
            {
                as_built_but_unlike.push(*name);
            }
            None => found.push(Alteration {
                file: MANIFEST.into(),
                message: format!(
                    "does not list {name}, which every edition has (removed after the build)"
                ),
            }),
            Some(recorded) if *recorded != sha256_hex(text) => found.push(Alteration {
                file: (*name).into(),
                message: if on_disk.get(*name) == Some(recorded) {
                    // Which of the two it was cannot be told (found by a tester: an edition name
                    // changed in a manifest sealed again was blamed on the files alone).
                    "matches the SHA-256 the manifest records, but not what the manifest's \
                     practices and edition name render to: the file was changed together with \
                     its recorded hash, or the manifest (its edition name, say) was changed and \
                     sealed again (or the edition was built with another taxonomy: give it with \
                     --principles)"
                } else {
                    "is not what the manifest's practices and edition name render to (or the \
                     edition was built with another taxonomy: give it with --principles)"
                }
                .into(),
            }),
            Some(_) => {}
        }
    }
    if !as_built_but_unlike.is_empty() {
        found.push(Alteration {
            file: MANIFEST.into(),
            // Which of the two it was cannot be told: the hashes the manifest records may have
            // been edited with the files (found by a reviewer: "as built" was said of a file
            // changed together with its recorded hash).
            message: format!(
                "its edited contents render {} differently, though {} the SHA-256 it records: either only the manifest was edited (its edition name, say), or {} changed together with the hashes it records",
                as_built_but_unlike.join(", "),
                if as_built_but_unlike.len() == 1 { "that file matches" } else { "those files match" },
                if as_built_but_unlike.len() == 1 { "that file was" } else { "those files were" }
            ),
        });
    }
    for name in read.files.keys() {
        if !rendered.iter().any(|(n, _)| n == name) {
            found.push(Alteration {
                file: MANIFEST.into(),
                message: format!("lists {name}, which the tool does not write"),
            });
        }
    }
    found
}
