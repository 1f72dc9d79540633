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
    /// Only for an edition built before format 9, which records no taxonomy: the taxonomy it
    /// was built with, if not the built-in one (its labels and definitions are in the Markdown,
    /// CSV and coverage files, which are rendered again to be compared). A later edition records
    /// its own and is checked with it; given this, verify says which chapters differ.
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
    // Saved again by an editor that adds a byte order mark: said so, and the rest checked as if
    // it were not there (found by a tester: "expected value at line 1 column 1" was all).
    let (manifest, bom) = match manifest.strip_prefix('\u{feff}') {
        Some(rest) => (rest.to_string(), true),
        None => (manifest, false),
    };

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

    // An edition of a later format is not this version's to judge: neither intact nor altered
    // (found by a tester: it was called altered).
    // Believed only of a manifest whose seal holds: a format version raised by hand, the seal
    // not made again, is a change like any other (found by a reviewer).
    if let Err(e) = compendium::manifest::read_recorded_files(&manifest) {
        if e.contains(compendium::manifest::NEWER_VERSION)
            && compendium::manifest::own_hash_matches(&manifest) == Some(true)
        {
            anyhow::bail!(
                "{}: {e}; this version cannot check that edition",
                manifest_path.shown()
            );
        }
    }
    let verification = verify(&manifest, &hashes, &schemas.taxonomy);
    let mut alterations = verification.alterations;
    if bom {
        alterations.insert(
            0,
            Alteration {
                file: MANIFEST.into(),
                message: "starts with a byte order mark, which the tool never writes: the file was saved again by an editor after the build".into(),
            },
        );
    }
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
        // Every edition's files are rendered again, whatever version it says built it: the
        // version is not covered by the digest, and skipping the check for an earlier one let
        // an edited file through under a manifest that claimed it (found by a reviewer).
        rendered_again(read, &args.dir, &hashes, &mut alterations);
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
    // Told by the message the tool wrote, not by the printed line, which names files anyone may
    // name (found by a reviewer: a file added under a name holding the words was excused).
    let unchecked: Vec<bool> = alterations
        .iter()
        .map(|a| a.message.starts_with(RENDERED_OTHERWISE))
        .collect();
    let mut problems: Vec<String> = alterations
        .into_iter()
        .map(|a| {
            // A message may name a file or quote a value of the manifest: on one line.
            let message = compendium::error::one_line(&a.message);
            format!("{}: {message}", args.dir.join(&a.file).shown())
        })
        .collect();
    let other_edition = args
        .digest
        .as_ref()
        .filter(|expected| !expected.eq_ignore_ascii_case(&recorded));
    // An intact edition with another digest is another edition, not an altered one (found by a
    // tester: "altered … not the edition as built" sent a reviewer looking for tampering); so is
    // one of an earlier version whose only problems are files it may have rendered otherwise
    // (found by a tester: such an edition was called altered as soon as a digest was given).
    let only_unchecked = unchecked.iter().all(|&u| u);
    if let (true, Some(expected)) = (only_unchecked, other_edition) {
        let mut out = String::new();
        for p in &problems {
            out.push_str(&format!("not checked: {p}\n"));
        }
        let state = match problems.len() {
            0 => "is intact".to_string(),
            n => format!(
                "has its practices, hashes and digest as recorded ({n} {} could not be checked with this version of compendium)",
                if n == 1 { "file" } else { "files" }
            ),
        };
        out.push_str(&format!(
            "other edition: {} {state}, but its edition digest is {recorded}, not the expected {expected}: it is another edition (or a build from other entries) than the one whose digest you gave\n",
            args.dir.shown()
        ));
        print_out(&out);
        return Ok(exit::PROBLEMS);
    }
    if let Some(expected) = other_edition {
        problems.push(format!(
            "the edition digest is {recorded}, not the expected {expected}"
        ));
    }
    if problems.is_empty() {
        if !verification.sealed {
            eprintln!(
                "compendium: note: {} was built by an earlier version of compendium: its manifest records no SHA-256 of itself, so its header (the edition's name) cannot be shown unchanged; its practices, digest and files were checked",
                args.dir.shown()
            );
        }
        if !super::ui().quiet {
            let taxonomy = verification
                .read
                .as_ref()
                .and_then(|read| own_taxonomy(read, &schemas.taxonomy, args.principles.as_deref()))
                .map(|line| format!("{line}\n"))
                .unwrap_or_default();
            print_out(&format!(
                "{}: intact; edition digest {recorded}\n{taxonomy}",
                args.dir.shown()
            ));
        }
        Ok(exit::OK)
    } else if unchecked.iter().all(|&u| u) && unchecked.len() == problems.len() {
        // Nothing found altered: only files an earlier version rendered otherwise, which this
        // version cannot vouch for (found by a reviewer: "altered … not the edition as built"
        // was said of an intact edition of format 8).
        let mut out = String::new();
        for p in &problems {
            out.push_str(&format!("not checked: {p}\n"));
        }
        out.push_str(&format!(
            "{}: its practices, hashes and digest are as recorded, but {} {} could not be checked with this version of compendium; check {} with the version that built the edition\n",
            args.dir.shown(),
            problems.len(),
            if problems.len() == 1 { "file" } else { "files" },
            if problems.len() == 1 { "it" } else { "them" },
        ));
        print_out(&out);
        Ok(exit::PROBLEMS)
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

/// What `verify` says of a file that an earlier version may have rendered otherwise.
const EARLIER_VERSION: &str = "the edition says it was built by an earlier version";

/// How the message on a file an earlier version may have rendered otherwise begins.
const RENDERED_OTHERWISE: &str =
    "is not what the manifest's practices render to with this version of compendium; ";

/// What a reviewer is told of the taxonomy an edition records (format version 9 on) when its
/// chapters are not those of `given` (the built-in taxonomy, or `file`): which chapters differ
/// and how. The edition is checked with its own taxonomy either way.
fn own_taxonomy(
    read: &compendium::manifest::ReadManifest,
    given: &compendium::model::Taxonomy,
    file: Option<&std::path::Path>,
) -> Option<String> {
    if read.format_version < compendium::manifest::TAXONOMY_RECORDED_SINCE {
        return None;
    }
    let changes = compendium::diff::chapter_changes(given, &read.edition.taxonomy);
    if changes.is_empty() {
        return None;
    }
    let other = match file {
        Some(file) => file.shown(),
        None => "the built-in taxonomy".to_string(),
    };
    let told: Vec<String> = changes
        .iter()
        .map(|c| match c.change {
            "changed" => format!("`{}` ({})", c.id, c.fields.join(", ")),
            "added" => format!("`{}` (not in {other})", c.id),
            _ => format!("`{}` (only in {other})", c.id),
        })
        .collect();
    Some(format!(
        "taxonomy: its own, recorded in its manifest and checked with it; {} from {other}: {}",
        if changes.len() == 1 {
            "1 principle differs".to_string()
        } else {
            format!("{} principles differ", changes.len())
        },
        told.join(", ")
    ))
}

/// The published files rendered again from the practices the manifest holds (their hashes
/// checked by [`verify`]), against the hashes the manifest records for them: a file changed
/// together with its recorded hash is found, so that the edition digest vouches for every file.
/// When the manifest itself was found edited (among `found` so far), files that still match
/// their recorded hashes (`on_disk`) are named in one line on the manifest, not one line each.
/// A file found changed while the manifest is as built is compared with what it renders to, and
/// its finding says where the two differ.
fn rendered_again(
    read: &compendium::manifest::ReadManifest,
    dir: &std::path::Path,
    on_disk: &BTreeMap<String, String>,
    found: &mut Vec<Alteration>,
) {
    let manifest_edited = found.iter().any(|a| a.file == MANIFEST);
    let with_html = read.files.contains_key("compendium.html");
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
    // The text of a file in the folder, when it can be read as text.
    let in_folder = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
    for (name, text) in rendered.iter().filter(|(name, _)| *name != MANIFEST) {
        // A file changed after the build, the manifest as built: where it differs from what
        // the manifest's practices render to (found by a tester: two hashes told a reviewer
        // nothing, and a file saved again with other line endings looked like an edit).
        if let (Some(recorded), Some(actual)) = (read.files.get(*name), on_disk.get(*name)) {
            if actual != recorded && *recorded == sha256_hex(text) {
                let changed = found
                    .iter_mut()
                    .find(|a| a.file == *name && a.message.starts_with("SHA-256 is"));
                let where_ = in_folder(name).and_then(|now| differences(name, &now, text));
                if let (Some(changed), Some(where_)) = (changed, where_) {
                    changed.message = format!("{}: {where_}", changed.message);
                }
            }
        }
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
                message: if read.format_version < compendium::manifest::rendered_alike_since(name) {
                    // Which cannot be told apart from a change after the build.
                    format!(
                        "{RENDERED_OTHERWISE}{EARLIER_VERSION} (manifest format version {}), which may have rendered the file otherwise, and this cannot be told apart from a change after the build: check it with the version that built it",
                        read.format_version
                    )
                } else if on_disk.get(*name) == Some(recorded) {
                    // Which of the two it was cannot be told (found by a tester: an edition name
                    // changed in a manifest sealed again was blamed on the files alone).
                    "matches the SHA-256 the manifest records, but not what the manifest's \
                     practices and edition name render to: the file was changed together with \
                     its recorded hash, or the manifest (its edition name, say) was changed and \
                     sealed again"
                        .into()
                } else {
                    // The taxonomy is the one the manifest records (format 9 on): no other can
                    // explain the difference.
                    "is not what the manifest's practices, edition name and taxonomy render to"
                        .into()
                },
            }),
            Some(_) => {}
        }
    }
    if !as_built_but_unlike.is_empty() {
        // What the spreadsheet, as built, says of the practices the manifest now lists (found
        // by a tester: a practice deleted from the manifest was never named).
        let practices = as_built_but_unlike
            .contains(&"compendium.csv")
            .then(|| in_folder("compendium.csv"))
            .flatten()
            .zip(rendered.iter().find(|(n, _)| *n == "compendium.csv"))
            .and_then(|(built, (_, now))| manifest_changed(&built, now))
            .map(|s| format!("; {s}"))
            .unwrap_or_default();
        found.push(Alteration {
            file: MANIFEST.into(),
            // Which of the two it was cannot be told: the hashes the manifest records may have
            // been edited with the files (found by a reviewer: "as built" was said of a file
            // changed together with its recorded hash).
            message: format!(
                "its edited contents render {} differently, though {} the SHA-256 it records: either only the manifest was edited, or {} changed together with the hashes it records{practices}",
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
}

/// Where a published file in the folder (`now`) differs from what the manifest's practices
/// render to (`built`), in words: only a byte order mark, only the line endings, or the
/// practices whose rows or sections changed. `None` when nothing useful can be said.
fn differences(name: &str, now: &str, built: &str) -> Option<String> {
    let now_bare = now.strip_prefix('\u{feff}').unwrap_or(now);
    let built_bare = built.strip_prefix('\u{feff}').unwrap_or(built);
    if now_bare == built_bare {
        return Some(
            "only a byte order mark was added or removed at the start (the file was saved again by an editor): its text is as built, but the file is not".into(),
        );
    }
    let lines = |t: &str| t.replace("\r\n", "\n");
    if lines(now_bare) == lines(built_bare) {
        return Some(
            "only the line endings differ (saved again with Windows or Unix line endings): its text is as built, but the file is not".into(),
        );
    }
    if name == "compendium.csv" {
        return rows_changed(built, now);
    }
    // The first line that differs, and the practice whose section holds it.
    let (now_lines, built_lines) = (now_bare.lines(), built_bare.lines());
    let line = now_lines
        .clone()
        .zip(built_lines.clone())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| now_lines.clone().count().min(built_lines.count()));
    // The practice whose section holds that line in the file as built: the last heading of level
    // 3 or above, when it is a practice's (practices' own headings are demoted below 3; a line in
    // the sources or the index belongs to no practice, found by a reviewer). As built, not as
    // found: a section cut out is named, not the intact one after it (found by a tester).
    let practice = name
        .ends_with(".md")
        .then(|| {
            built_bare
                .lines()
                .take(line + 1)
                .filter(|l| {
                    let level = l.bytes().take_while(|&b| b == b'#').count();
                    (1..=3).contains(&level) && l.as_bytes().get(level) == Some(&b' ')
                })
                .last()?
                .strip_prefix("### <a id=\"")?
                .split('"')
                .next()
        })
        .flatten()
        .map(|id| format!(", in the section of practice `{id}`"))
        .unwrap_or_default();
    Some(format!(
        "it differs from what the manifest's practices render to from line {}{practice}",
        line + 1
    ))
}

/// The rows of two versions of compendium.csv, by practice id: those only in the first, those
/// only in the second, those in both that differ. `None` when either cannot be read.
type RowChanges = (Vec<String>, Vec<String>, Vec<String>);

fn practice_rows(first: &str, second: &str) -> Option<RowChanges> {
    fn rows(text: &str) -> Option<BTreeMap<String, Vec<String>>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes());
        let mut rows = BTreeMap::new();
        for record in reader.records() {
            let cells: Vec<String> = record.ok()?.iter().map(str::to_string).collect();
            rows.insert(cells.first()?.clone(), cells);
        }
        Some(rows)
    }
    let (first, second) = (rows(first)?, rows(second)?);
    let only = |a: &BTreeMap<String, Vec<String>>, b: &BTreeMap<String, Vec<String>>| {
        a.keys()
            .filter(|id| !b.contains_key(*id))
            .cloned()
            .collect()
    };
    let changed = first
        .iter()
        .filter(|(id, row)| second.get(*id).is_some_and(|other| other != *row))
        .map(|(id, _)| id.clone())
        .collect();
    Some((only(&first, &second), only(&second, &first), changed))
}

/// Ids as a reader sees them: `a`, `b`, the first five of a longer list and how many more (a CSV
/// saved again with another separator made every row "removed": found by a reviewer).
fn ids(ids: &[String]) -> String {
    let mut shown: Vec<String> = ids.iter().take(5).map(|id| format!("`{id}`")).collect();
    if ids.len() > 5 {
        shown.push(format!("and {} more", ids.len() - 5));
    }
    shown.join(", ")
}

/// Each non-empty list of a [`RowChanges`] as `words[i]` followed by its ids.
fn rows_in_words(changes: RowChanges, words: [&str; 3]) -> Vec<String> {
    let (removed, added, changed) = changes;
    [removed, added, changed]
        .into_iter()
        .zip(words)
        .filter(|(list, _)| !list.is_empty())
        .map(|(list, what)| format!("{what} {}", ids(&list)))
        .collect()
}

/// What a changed compendium.csv (`now`) holds otherwise than the one built (`built`).
fn rows_changed(built: &str, now: &str) -> Option<String> {
    let said = rows_in_words(
        practice_rows(built, now)?,
        [
            "the rows of these practices were removed:",
            "rows were added for:",
            "the rows of these practices were changed:",
        ],
    );
    (!said.is_empty()).then(|| said.join("; "))
}

/// What an edited manifest lists otherwise than compendium.csv as built says it did.
fn manifest_changed(built_csv: &str, rendered_csv: &str) -> Option<String> {
    let said = rows_in_words(
        practice_rows(built_csv, rendered_csv)?,
        [
            "no longer lists",
            "lists practices the edition did not have",
            "holds other values for",
        ],
    );
    (!said.is_empty()).then(|| {
        format!(
            "compared with compendium.csv as built, the manifest {}",
            said.join(", and ")
        )
    })
}
