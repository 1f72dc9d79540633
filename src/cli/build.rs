//! `compendium build`: validate, tag, collapse duplicates, then publish the edition atomically.

use super::{exit, print_out, render, Format, InputArgs};
use compendium::dedup::explain::one_text_several_holders;
use compendium::dedup::{ClusterKind, ClusterStatus};
use compendium::error::Shown;
use compendium::{output, pipeline};
use std::path::PathBuf;

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Folder to write the edition into. Replaced whole, but only when it does not exist, is
    /// empty, or holds an unchanged edition an earlier build wrote; anything else is refused.
    #[arg(long, value_name = "DIR", default_value = "dist")]
    out: PathBuf,
    /// Edition name printed in the compendium and the manifest.
    #[arg(long, value_name = "NAME", default_value = "draft")]
    edition: String,
    /// Also write compendium.html: one self-contained page (inline CSS, no scripts, strict
    /// Content-Security-Policy) for the web or for printing to PDF.
    #[arg(long)]
    html: bool,
    /// Refuse to publish while near duplicates, or practices that may be the same practice
    /// written twice, wait for an editor's decision, while the decisions file names an id no
    /// practice has, while a hidden or linked folder, or a file not named as an entry, holds
    /// entries that were not read, or while an edition not named as a draft holds practices
    /// still draft or submitted.
    #[arg(long)]
    strict: bool,
    /// Format of the problems reported when the corpus is invalid.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// A new edition that could not be written, said in plain words, naming the file, not the
/// staging folder already removed; a folder that was not there is not "as it was" (found by a
/// tester).
fn not_written(
    out: &std::path::Path,
    file: &std::path::Path,
    source: &std::io::Error,
) -> compendium::Error {
    let folder = if out.exists() {
        "this folder is as it was"
    } else {
        "no folder was made"
    };
    compendium::Error::Refused {
        path: out.to_path_buf(),
        reason: format!(
            "the new edition could not be written ({}: {}). Nothing was published, and {folder}",
            file.file_name()
                .unwrap_or(file.as_os_str())
                .to_string_lossy(),
            output::plain_words(source),
        ),
    }
}

/// The practices of an edition still `draft` or `submitted`, in a line: how many of each, and
/// the first few ids. `None` when every practice is accepted (or retired).
fn not_accepted(edition: &compendium::model::Edition) -> Option<String> {
    use compendium::model::Status;
    let waiting: Vec<&compendium::model::EditionPractice> = edition
        .practices
        .iter()
        .filter(|p| {
            matches!(
                p.normalized.practice.status,
                Status::Draft | Status::Submitted
            )
        })
        .collect();
    if waiting.is_empty() {
        return None;
    }
    let count = |status: Status| {
        waiting
            .iter()
            .filter(|p| p.normalized.practice.status == status)
            .count()
    };
    let kinds: Vec<String> = [
        (count(Status::Draft), "draft"),
        (count(Status::Submitted), "submitted"),
    ]
    .into_iter()
    .filter(|&(n, _)| n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    let mut ids: Vec<&str> = waiting.iter().take(5).map(|p| p.id()).collect();
    if waiting.len() > ids.len() {
        ids.push("…");
    }
    Some(format!(
        "{} {} of edition \"{}\" {} not accepted yet ({}: {})",
        waiting.len(),
        render::plural(waiting.len(), "practice", "practices"),
        compendium::error::one_line(&edition.name),
        if waiting.len() == 1 { "is" } else { "are" },
        kinds.join(", "),
        ids.join(", "),
    ))
}

/// The word for a draft in the languages an editor names editions in, as the first word of an
/// edition's name (found by a tester: a secretariat naming its working editions `borrador` or
/// `مسودة` had them taken for editions to be cited).
const DRAFT_WORDS: &[&str] = &[
    "draft",
    "brouillon",
    "borrador",
    "rascunho",
    "entwurf",
    "черновик",
    "مسودة",
    "草稿",
];

/// Whether `word` is written in Han characters, which run on without spaces.
fn is_han(word: &str) -> bool {
    use unicode_script::{Script, UnicodeScript};
    word.chars().all(|c| c.script() == Script::Han)
}

/// Whether an edition's name says it is a draft (its first word is one of [`DRAFT_WORDS`], in
/// any case: `draft`, `Draft 3`, `draft-2027`, `Borrador 2`, `草稿2027`), not an edition to be
/// cited.
fn is_draft_name(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric())
        .next()
        .map(str::to_lowercase)
        .is_some_and(|word| {
            DRAFT_WORDS.iter().any(|&w| {
                // Han characters are written without spaces: the name may run on (`草稿2027`).
                word == w || (is_han(w) && word.starts_with(w))
            })
        })
}

/// An edition's name is printed at the top of the edition's files and cited: it must say
/// something, on one line, with no control character a terminal would act on, and as the files
/// print it (no space at either end).
fn edition_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("an edition needs a name (for example 2027-1)".into());
    }
    // The files print it trimmed: the manifest, which records it, must say the same.
    if name.trim() != name {
        return Err("an edition name may not start or end with a space".into());
    }
    if name.chars().any(char::is_control) {
        return Err(
            "an edition name may not hold a line break, tab or other control character".into(),
        );
    }
    // Characters that show nothing or turn the text around would let a cited name read
    // otherwise than it is.
    let chars: Vec<char> = name.chars().collect();
    use finl_unicode::categories::CharacterCategories;
    let in_word = |c: char| c.is_letter() || c.is_mark();
    let joins_letters = |i: usize| {
        matches!(chars[i], '\u{200C}' | '\u{200D}')
            && i > 0
            && in_word(chars[i - 1])
            && chars.get(i + 1).is_some_and(|&c| in_word(c))
    };
    // Persian, Kurdish and several Indic scripts spell words with a zero-width (non-)joiner
    // between two letters (or a letter's vowel sign or virama and a letter; found by a tester):
    // there it is part of the word.
    if let Some(&c) = chars
        .iter()
        .enumerate()
        .find(|&(i, &c)| is_invisible(c) && !joins_letters(i))
        .map(|(_, c)| c)
    {
        return Err(format!(
            "an edition name may not hold an invisible character or one that changes the direction of the text (U+{:04X})",
            u32::from(c)
        ));
    }
    Ok(())
}

/// Zero-width and direction-forcing characters, and the byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    // Checked here rather than by the argument parser, which would echo a refused name as it is:
    // a line break or a terminal escape in it would reach the terminal.
    if let Err(reason) = edition_name(&args.edition) {
        // Shown with every character that shows nothing (or turns the text) as its code.
        let shown = compendium::error::with_invisibles_shown(&args.edition);
        anyhow::bail!("--edition \"{shown}\" cannot be used: {reason}");
    }
    let (schemas, files) = args.input.schemas_and_files();
    let schemas = schemas?;
    let decisions = args.input.decisions()?;
    let files = files?;
    let mut protected = args.input.protected();
    // An entry read through a symbolic link in a folder may lie outside every input given: the
    // file it leads to is protected like a schema (`check_out_dir` resolves the link).
    protected
        .files
        .extend(files.iter().filter(|f| f.is_symlink()).cloned());
    super::refuse_unmeant_place(&args.out, None, "--out")?;
    let out = output::check_out_dir(&args.out, &protected)?;
    // `.compendium-old-NAME-` and six random characters.
    let name = out.path.file_name().unwrap_or_default().to_string_lossy();
    let own_old = |leftover: &std::path::Path| {
        let file = leftover.file_name().unwrap_or_default().to_string_lossy();
        file.strip_prefix(output::STAGING_PREFIXES[1])
            .and_then(|rest| rest.strip_prefix(&*name))
            .is_some_and(|random| random.len() == 7 && random.starts_with('-'))
    };
    for leftover in &out.leftovers {
        // Where folders cannot be swapped in one step, a build killed between its two renames
        // leaves the previous edition here, named after its folder: that is not to be removed,
        // and while the folder is missing, not to be built over either.
        let previous = leftover.join(output::MOVED_ASIDE);
        if previous.join(output::MANIFEST).is_file() {
            let ours = own_old(leftover);
            if ours && !out.path.exists() {
                return Err(compendium::Error::Refused {
                    path: args.out.clone(),
                    reason: format!(
                        "is missing because a build was stopped while replacing it: its previous edition is in {}. Nothing was written; move it back first (rename {} to {}), then build again",
                        previous.shown(),
                        previous.shown(),
                        args.out.shown()
                    ),
                }
                .into());
            }
            let whose = if ours {
                format!("the edition that was in {} before a build replaced it and was stopped before removing it", args.out.shown())
            } else {
                "an edition that a build of another folder moved aside and was stopped before putting back or removing (the folder's name, after `.compendium-old-`, says which)".to_string()
            };
            eprintln!(
                "compendium: warning: {} holds {whose}; it is not part of the edition being built. Keep what you need of it, then remove it",
                leftover.shown()
            );
            continue;
        }
        // What the tool writes, or something else: a stopped removal can leave a file of the
        // user's in it.
        let foreign: Vec<String> = std::fs::read_dir(leftover)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                !compendium::render::FILE_NAMES.contains(&n.as_str())
                    && ![output::PROBE, output::MOVED_ASIDE].contains(&n.as_str())
            })
            .collect();
        let building = leftover
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(output::STAGING_PREFIXES[0]));
        if foreign.is_empty() && building {
            match output::remove_interrupted(leftover) {
                Ok(()) => eprintln!(
                    "compendium: removed {}, left by a build that was interrupted: it held only the files that build had begun to write, and was part of no edition",
                    leftover.shown()
                ),
                Err(e) => eprintln!(
                    "compendium: warning: {} was left by a build that was interrupted; it is not part of any edition, and you may remove it once no other build is running (it was not removed: {e})",
                    leftover.shown()
                ),
            }
        } else if foreign.is_empty() {
            eprintln!(
                "compendium: warning: {} was left by a build that was interrupted; it is not part of any edition, and you may remove it once no other build is running",
                leftover.shown()
            );
        } else {
            eprintln!(
                "compendium: warning: {} was left by a build that was interrupted; it is not part of any edition, but it holds files the tool did not write ({}): keep what you need of them before you remove it",
                leftover.shown(),
                foreign.join(", ")
            );
        }
    }
    let bar = super::progress(files.len(), "building");
    let outcome = pipeline::run(&files, &schemas, &decisions, &args.edition, &|| bar.inc(1));
    bar.finish_and_clear();
    let Some(edition) = outcome.edition else {
        eprint!("{}", render::report(&outcome.report, &[], args.format));
        eprintln!(
            "compendium: nothing was published; {} was left as it was",
            args.out.shown()
        );
        return Ok(exit::PROBLEMS);
    };
    if !outcome.report.diagnostics.is_empty() {
        eprint!(
            "{}",
            render::diagnostics(&outcome.report.diagnostics, args.format)
        );
    }
    let stale = args.input.warn_unknown_decided(
        &decisions,
        edition
            .practices
            .iter()
            .map(|p| p.id())
            .chain(edition.dropped.iter().map(|d| d.id.as_str())),
    );
    let undecided: Vec<_> = outcome
        .clusters
        .iter()
        .filter(|c| c.status == ClusterStatus::Undecided)
        .collect();
    for c in &undecided {
        if let Some(conflict) = &c.conflict {
            eprintln!(
                "compendium: warning: {} all stay in the edition: {conflict} in {}",
                c.members.join(", "),
                args.input.decisions_path().shown()
            );
        } else if c.kind == ClusterKind::SamePractice {
            eprintln!(
                "compendium: warning: possibly the same practice written twice, not yet decided: {} (score {:.2}); run `compendium dedup` to review, then record in {} whether they are a duplicate, distinct or related",
                c.members.join(" and "),
                c.similarity,
                args.input.decisions_path().shown()
            );
        } else if one_text_several_holders(c.members.iter().filter_map(|m| {
            // The edition's practices are in id order.
            let at = edition
                .practices
                .binary_search_by(|p| p.id().cmp(m.as_str()))
                .ok()?;
            Some(&edition.practices[at].normalized)
        })) {
            eprintln!(
                "compendium: warning: the same text from different jurisdictions or bodies, or in both Chinese scripts, not yet decided: {}; each copy stays in the edition until an editor decides. Run `compendium dedup` to review, then record in {} whether one is a duplicate of another, or they are distinct or related",
                c.members.join(", "),
                args.input.decisions_path().shown()
            );
        } else {
            eprintln!(
                "compendium: warning: possible duplicates, not yet decided: {} (similarity {:.2}); run `compendium dedup` to review",
                c.members.join(", "),
                c.similarity
            );
        }
    }
    for c in outcome.clusters.iter().filter(|c| {
        c.kind == ClusterKind::SamePractice
            && c.status == ClusterStatus::Decided
            && c.evidence.is_none()
    }) {
        eprintln!(
            "compendium: warning: {}; check the decision in {}",
            super::dedup::not_found_alike(c),
            args.input.decisions_path().shown()
        );
    }
    let not_read = args.input.not_read().len();
    if args.strict && not_read > 0 {
        eprintln!(
            "compendium: --strict: {not_read} {} holding entries {} not read (above); nothing was published",
            render::plural(not_read, "folder or file", "folders or files"),
            if not_read == 1 { "was" } else { "were" },
        );
        return Ok(exit::PROBLEMS);
    }
    if args.strict && stale > 0 {
        eprintln!(
            "compendium: --strict: {} names {} not among the practices read; correct or remove {}; nothing was published",
            args.input.decisions_path().shown(),
            if stale == 1 { "1 id".to_string() } else { format!("{stale} ids") },
            if stale == 1 { "its decision" } else { "their decisions" },
        );
        return Ok(exit::PROBLEMS);
    }
    if args.strict && !undecided.is_empty() {
        // Named as the warnings above name them: a group whose decisions conflict (exact
        // copies included) is no near-duplicate group (found by a tester).
        let conflicting = undecided.iter().filter(|c| c.conflict.is_some()).count();
        let same = undecided
            .iter()
            .filter(|c| c.conflict.is_none() && c.kind == ClusterKind::SamePractice)
            .count();
        let near = undecided.len() - same - conflicting;
        let waiting: Vec<String> = [
            (near, "near-duplicate group(s)"),
            (same, "possible same-practice pair(s)"),
            (conflicting, "group(s) whose decisions conflict"),
        ]
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        eprintln!(
            "compendium: --strict: {} wait for a decision in {}; nothing was published",
            waiting.join(" and "),
            args.input.decisions_path().shown()
        );
        return Ok(exit::PROBLEMS);
    }
    // An edition given a name is one to cite: practices not yet accepted in it are said (found
    // by a tester: 31 drafts were published in a named edition without a word), and `--strict`
    // refuses them.
    if let Some(line) = not_accepted(&edition).filter(|_| !is_draft_name(&args.edition)) {
        let advice = "set `status` to `accepted` in each entry the editors accepted, or leave the others out";
        if args.strict {
            // Say why the edition is one to be cited (found by a tester, whose edition's name
            // was a draft's in Spanish).
            let others: Vec<String> = DRAFT_WORDS[1..].iter().map(|w| format!("`{w}`")).collect();
            eprintln!("compendium: --strict: {line}; nothing was published: {advice}; or, if this is a working draft, start the edition's name with the word `draft` (or {}): an edition named otherwise is one to be cited", others.join(", "));
            return Ok(exit::PROBLEMS);
        }
        let (they, their) = if line.starts_with("1 ") {
            ("it is", "its")
        } else {
            ("they are", "their")
        };
        eprintln!(
            "compendium: warning: {line}; {they} published with {their} status shown in the index of practices and in {their} facts. Before this edition is cited, {advice}"
        );
    }
    // Practices whose texts the tagger cannot read carry only the principles declared for them.
    let mut unread: Vec<&str> = edition
        .practices
        .iter()
        .map(|p| p.normalized.practice.language.as_str())
        .filter(|l| !compendium::tag::reads_language(l))
        .collect();
    if !unread.is_empty() {
        let count = unread.len();
        unread.sort_unstable();
        unread.dedup();
        eprintln!(
            "compendium: note: {count} {} written in a language the tagger does not read ({}): {} only the principles declared for {}, and no suggestion",
            render::plural(count, "practice is", "practices are"),
            unread.join(", "),
            if count == 1 { "it carries" } else { "they carry" },
            if count == 1 { "it" } else { "them" },
        );
    }
    // An editor's taxonomy may name principles the shipped model never learned.
    if !outcome.unknown_to_model.is_empty() {
        eprintln!(
            "compendium: warning: {}",
            super::tag::unknown_to_model_note(&outcome.unknown_to_model)
        );
    }
    for d in &edition.dropped {
        // Left out by the editors' decision, or as a copy of the same text from the same
        // jurisdiction and body (the one case that needs no decision).
        let decided = outcome.clusters.iter().any(|c| {
            c.settles() && c.status == ClusterStatus::Decided && c.members.contains(&d.id)
        });
        // Its declarations leave with it (found by a tester: four of six declared principles
        // vanished from an edition without a word).
        let lost = match outcome.declarations_left_out.get(&d.id) {
            Some(principles) => format!(
                "; it declares {}, which `{}` does not: the edition carries {} only where the tagger suggests {}, unless `{}` declares {} too or a decision keeps `{}`",
                principles.join(", "),
                d.kept,
                if principles.len() == 1 { "it" } else { "them" },
                if principles.len() == 1 { "it" } else { "them" },
                d.kept,
                if principles.len() == 1 { "it" } else { "them" },
                d.id
            ),
            None => String::new(),
        };
        if decided {
            eprintln!(
                "compendium: left out `{}`: a duplicate of `{}`, as decided in {}{lost}",
                d.id,
                d.kept,
                args.input.decisions_path().shown()
            );
        } else {
            eprintln!(
                "compendium: left out `{}`: the same text as `{}`, from the same jurisdiction and body{lost}",
                d.id, d.kept
            );
        }
    }
    let files = compendium::render::all(&edition, args.html)?;
    // A failure here (a full disk, a file-size limit) leaves the previous edition as it was:
    // said in those words, naming the file, not the staging folder already removed.
    let kept = compendium::timing::stage("write", || output::write_edition(&out, &files)).map_err(
        |e| match e {
            compendium::Error::Io { path, source } => not_written(&args.out, &path, &source),
            other => other,
        },
    )?;
    if let Some(warning) = kept {
        eprintln!("compendium: warning: {warning}");
    }
    let summary = format!(
        "published edition \"{}\": {} {}, digest {}\nwrote {}\n",
        edition.name,
        edition.practices.len(),
        super::render::plural(edition.practices.len(), "practice", "practices"),
        edition.digest,
        files
            .iter()
            .map(|(name, _)| args.out.join(name).shown())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !super::ui().quiet {
        print_out(&summary);
        // The error that follows (exit 2) is about the summary, not the edition (found by a
        // tester: a full disk for the log read as a failed build).
        if super::stdout_failed() {
            eprintln!(
                "compendium: note: the edition was published in {} (digest {}); only this summary could not be printed",
                args.out.shown(),
                edition.digest
            );
        }
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::{edition_name, is_draft_name};

    /// A draft is named so in the editor's language too (found by a tester).
    #[test]
    fn drafts_are_named_in_several_languages() {
        for draft in [
            "draft",
            "Draft 2",
            "draft-2027",
            "Borrador 2027",
            "brouillon",
            "rascunho-1",
            "مسودة 2027",
            "草稿2027",
            "Черновик 1",
        ] {
            assert!(is_draft_name(draft), "{draft}");
        }
        for cited in [
            "2027-1",
            "drafted rules",
            "Edición 2027",
            "final draft",
            "草",
        ] {
            assert!(!is_draft_name(cited), "{cited}");
        }
    }

    /// A zero-width (non-)joiner between two letters is part of a Persian or Indic word; alone,
    /// at an end, or beside a space or digit it shows nothing and is refused, as are the other
    /// invisible characters.
    #[test]
    fn joiners_are_allowed_only_inside_words() {
        assert!(edition_name("ویرایش\u{200C}نخست ۱۴۰۵").is_ok());
        assert!(edition_name("क्\u{200D}ष 2027").is_ok());
        for refused in [
            "2027\u{200C}-1",
            "\u{200C}نخست",
            "نخست\u{200C} 1",
            "2027-1\u{200B}x",
            "a\u{202E}b",
        ] {
            assert!(edition_name(refused).is_err(), "{refused:?}");
        }
    }
}
