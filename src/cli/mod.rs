//! The command line: the only place that knows clap, the terminal and exit codes.
//!
//! Exit codes: 0 all good; 1 the input has problems; 2 usage error or the tool could not run.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod build;
mod completions;
mod convert;
mod dedup;
mod diff;
mod explain;
mod new;
mod render;
mod report;
mod tag;
mod validate;
mod verify;

use clap::{Parser, Subcommand, ValueEnum};
use compendium::schema::Schemas;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Build, check and publish a compendium of good practices for the responsible use of biometrics.
#[derive(Debug, Parser)]
#[command(name = "compendium", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour in text output: auto (when writing to a terminal and NO_COLOR is not set), always, never.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Print only problems: no summaries or progress.
    #[arg(long, short, global = true)]
    quiet: bool,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// How output should look, settled once from the global flags and the environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ui {
    /// Use ANSI colours in text output.
    pub color: bool,
    /// Leave out summaries and progress.
    pub quiet: bool,
}

static UI: std::sync::OnceLock<Ui> = std::sync::OnceLock::new();

/// The output settings of this run.
pub fn ui() -> Ui {
    UI.get().copied().unwrap_or_default()
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a new practice entry: asks for each field at a terminal, or takes them as flags.
    New(Box<new::Args>),
    /// Check practice entries and report every problem, with file, line and column.
    Validate(validate::Args),
    /// Find practices that are the same practice: exact or near copies, or one practice written twice
    Dedup(dedup::Args),
    /// Suggest principle tags from each practice's text, with the evidence for each.
    Tag(tag::Args),
    /// Validate, tag, collapse duplicates, then publish Markdown, CSV and a JSON manifest.
    Build(build::Args),
    /// Check that a built edition was not altered after the build.
    Verify(verify::Args),
    /// Show what changed between two editions (manifests, folders or git revisions).
    Diff(diff::Args),
    /// Coverage and gaps: principle × area, modality × lifecycle, jurisdictions, source ages.
    Report(report::Args),
    /// Explain a finding code in full (`compendium explain invalid-date`).
    Explain(explain::Args),
    /// Turn a JSON entry into a Markdown entry, or back, without losing anything.
    Convert(convert::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionArgs),
    /// Print the manual page (roff), or write one page per command with --dir.
    Man(completions::ManArgs),
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: the source line with a caret under the problem.
    Text,
    /// For scripts: one JSON document.
    Json,
    /// GitHub Actions annotations.
    Github,
    /// A SARIF 2.1.0 log, for code-scanning tools.
    Sarif,
}

/// The entries a command reads, and the schemas it reads them with.
#[derive(Debug, Clone, clap::Args)]
pub struct EntryArgs {
    /// Entry files or folders (folders are searched for *.json and *.md) [default: practices/]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Use this practice schema instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Use this principle taxonomy instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    principles: Option<PathBuf>,
}

/// Refuses a place to write that cannot be what the user meant (found by a tester): a path
/// that starts with a `~` the shell left as it is (it expands none after `--out=`), which would
/// make a folder named `~` here; and, for `folder` (where the file or files go), a folder that
/// holds an edition built by `compendium build`, which anything written there would make fail
/// `verify`. `option` names the option given the path.
pub fn refuse_unmeant_place(
    path: &Path,
    folder: Option<&Path>,
    option: &str,
) -> anyhow::Result<()> {
    let first = path.components().next().and_then(|c| match c {
        std::path::Component::Normal(name) => name.to_str(),
        _ => None,
    });
    if let Some(first) = first.filter(|f| f.starts_with('~') && !Path::new(f).is_dir()) {
        anyhow::bail!(
            "{}: the `~` was not turned into a home folder (a shell does not after `{option}=`), so a folder named `{}` would be made here; write `{option} ~/…` with a space, or the full path",
            path.shown(),
            compendium::error::one_line(first)
        );
    }
    // `-` (standard output, to many tools) and a name with a space copied along at either end
    // would make a folder or file beside the one meant (found by a tester: `--out " dist"`
    // published beside `dist`, which still held last week's edition). A name that exists is
    // meant.
    if std::fs::symlink_metadata(path).is_err() {
        if path.as_os_str() == "-" {
            anyhow::bail!(
                "-: {option} takes the name of a place on disk, and `-` would be made a folder or file named `-` here; give a name (nothing was written)"
            );
        }
        let spaced = path.components().find_map(|c| match c {
            std::path::Component::Normal(name) => name
                .to_str()
                .filter(|n| n.trim() != *n && !n.trim().is_empty()),
            _ => None,
        });
        if let Some(name) = spaced {
            anyhow::bail!(
                "\"{}\": the name \"{}\" starts or ends with a space (copied along with it?), so a folder or file beside the one meant would be made; write the name without the space (nothing was written)",
                path.shown(),
                compendium::error::one_line(name)
            );
        }
    }
    // A folder marked read-only is said before any question (see `write_new_file`).
    if let Some(folder) = folder.and_then(compendium::output::read_only_on_the_way) {
        anyhow::bail!(
            "{}: this folder is read-only (its permissions forbid changing it), so nothing is written into it; make it writable (chmod u+w) if the file should go there, or choose another place (nothing was written)",
            folder.shown()
        );
    }
    // The folder or any folder above it (`new --dir dist/sub` made the edition in `dist` fail
    // `verify`; found by a reviewer).
    let absolute = folder.map(|f| std::path::absolute(f).unwrap_or_else(|_| f.to_path_buf()));
    let edition = absolute.as_deref().and_then(|f| {
        f.ancestors()
            .find(|a| compendium::load::holds_an_edition(a))
    });
    if let Some(folder) = edition {
        anyhow::bail!(
            "{}: this folder holds an edition built by `compendium build`, and a file written there would make the edition fail `verify` and stop the next build into it; choose another folder (nothing was written)",
            folder.shown()
        );
    }
    Ok(())
}

/// Options shared by the commands that read entries: the entries, and the editors' decisions.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    #[command(flatten)]
    entries: EntryArgs,
    /// Editors' duplicate decisions [default: dedup-decisions.json in the first folder given]
    #[arg(long, value_name = "FILE")]
    decisions: Option<PathBuf>,
    /// The command reads no decisions (`tag`).
    #[arg(skip)]
    no_decisions: bool,
    /// The folders holding entry files (hidden, or links) and the files holding an entry under
    /// another name that discovery did not read, as messages name them: `build --strict`
    /// publishes nothing then.
    #[arg(skip)]
    not_read: std::cell::RefCell<Vec<String>>,
}

impl InputArgs {
    /// The folders and files holding entries that were not read (after
    /// [`Self::schemas_and_files`]), as messages name them.
    fn not_read(&self) -> Vec<String> {
        self.not_read.borrow().clone()
    }

    fn paths(&self) -> Vec<PathBuf> {
        if self.entries.paths.is_empty() {
            vec![PathBuf::from("practices")]
        } else {
            self.entries.paths.clone()
        }
    }

    /// Entries and schema overrides, without decisions (`tag`: tags do not depend on them).
    fn without_decisions(entries: EntryArgs) -> InputArgs {
        InputArgs {
            entries,
            decisions: None,
            no_decisions: true,
            not_read: Default::default(),
        }
    }

    /// Only schema overrides (commands that take no entry paths).
    fn with_schemas(schema: Option<PathBuf>, principles: Option<PathBuf>) -> InputArgs {
        InputArgs {
            entries: EntryArgs {
                paths: Vec::new(),
                schema,
                principles,
            },
            decisions: None,
            no_decisions: false,
            not_read: Default::default(),
        }
    }

    /// The editors' decisions. The default file may be missing (no decisions yet); a file named
    /// with `--decisions` must exist: a mistyped name must not publish as if nothing were decided.
    fn decisions(&self) -> Result<compendium::dedup::decisions::Decisions, compendium::Error> {
        let path = self.decisions_path();
        if self.decisions.is_some() && std::fs::symlink_metadata(&path).is_err() {
            return Err(compendium::Error::Refused {
                path,
                reason: "no such file: the decisions file given with --decisions must exist (leave --decisions out while there are no decisions yet)".into(),
            });
        }
        compendium::dedup::decisions::Decisions::load(&path)
    }

    /// Whether `--decisions` was given.
    fn names_decisions(&self) -> bool {
        self.decisions.is_some()
    }

    /// Warns about each id the decisions name that is not among `ids`, the practices read, and
    /// returns how many there are. A `duplicate` decision whose kept practice is gone (renamed,
    /// most often) no longer leaves the other out: the warning names it, and an id of the
    /// practices read that is like the missing one (found by a tester: a renamed id published a
    /// decided duplicate again, and the warning only guessed at a typo).
    fn warn_unknown_decided<'a>(
        &self,
        decisions: &compendium::dedup::decisions::Decisions,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> usize {
        use compendium::dedup::decisions::Verdict;
        use compendium::error::one_line;
        let ids: std::collections::HashSet<&str> = ids.into_iter().collect();
        let unknown = decisions.unknown_members(&ids);
        if unknown.is_empty() {
            return 0;
        }
        // The ids no decision names, among which a renamed practice would be.
        let named: std::collections::HashSet<&str> = decisions
            .decisions
            .iter()
            .flat_map(|d| d.members.iter().map(String::as_str))
            .collect();
        let mut undecided_ids: Vec<&str> = ids.difference(&named).copied().collect();
        undecided_ids.sort_unstable();
        for id in &unknown {
            // The other member of each `duplicate` decision on the missing id: left out by it
            // when the missing one was kept, named or by the keep rule (`keep` left out).
            let others = |named_keep: bool| -> Vec<String> {
                decisions
                    .decisions
                    .iter()
                    .filter(|d| {
                        d.decision == Verdict::Duplicate
                            && d.members.iter().any(|m| m == id)
                            && match &d.keep {
                                Some(keep) => named_keep && keep == id,
                                None => !named_keep,
                            }
                    })
                    .flat_map(|d| d.members.iter())
                    .filter(|m| m != id && ids.contains(m.as_str()))
                    .map(|m| format!("`{}`", one_line(m)))
                    .collect()
            };
            let (back_in, maybe_back) = (others(true), others(false));
            let mut consequence = String::new();
            if !back_in.is_empty() {
                consequence.push_str(&format!(
                    "; {}, which it left out as a duplicate of `{}`, is no longer left out",
                    back_in.join(" and "),
                    one_line(id)
                ));
            }
            if !maybe_back.is_empty() {
                consequence.push_str(&format!(
                    "; if `{}` was the one kept, {} is no longer left out",
                    one_line(id),
                    maybe_back.join(" and ")
                ));
            }
            let hint = match compendium::validate::closest(id, &undecided_ids) {
                Some(like) => format!(
                    "if it was renamed `{}`, write that id in the decision",
                    one_line(like)
                ),
                None => "correct the id (a mistyped or renamed id?), or remove the decision".into(),
            };
            eprintln!(
                "compendium: warning: {} names `{}`, which is not among the practices read: its decision applies to nothing{consequence}; {hint}",
                self.decisions_path().shown(),
                one_line(id)
            );
        }
        unknown.len()
    }

    fn decisions_path(&self) -> PathBuf {
        if let Some(path) = &self.decisions {
            return path.clone();
        }
        let folder = self
            .paths()
            .into_iter()
            .find(|p| p.is_dir())
            .unwrap_or_else(|| PathBuf::from("practices"));
        folder.join(compendium::dedup::decisions::DECISIONS_FILE)
    }

    /// What an output must never replace: the entries, and the files read beside them.
    fn protected(&self) -> compendium::output::Protected {
        let mut files: Vec<PathBuf> = [&self.entries.schema, &self.entries.principles]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        files.push(self.decisions_path());
        compendium::output::Protected {
            inputs: self.paths(),
            files,
        }
    }

    fn schemas(&self) -> Result<Schemas, compendium::Error> {
        Schemas::load(
            self.entries.schema.as_deref(),
            self.entries.principles.as_deref(),
        )
    }

    /// The schemas, then the entry files. Both are looked for even when the first fails: the
    /// caller reports a problem with the schemas before one with the paths.
    fn schemas_and_files(&self) -> (Found<Schemas>, Found<Vec<PathBuf>>) {
        let schemas = self.schemas();
        let paths = self.paths();
        let files = compendium::timing::stage("discover", || {
            compendium::load::discover_noting_editions(&paths)
        })
        .map(|found| {
            let compendium::load::Discovered {
                files,
                editions,
                decisions_files,
                skipped_folders,
                entry_like_files,
            } = found;
            // A build's own staging folder, left by a build stopped with its output inside the
            // entries folder, holds an edition's files, not entries (found by a tester: it was
            // called entries not read, and stopped `build --strict`).
            let (staging, skipped_folders): (Vec<PathBuf>, Vec<PathBuf>) =
                skipped_folders.into_iter().partition(|f| {
                    f.file_name().is_some_and(|n| {
                        let n = n.to_string_lossy();
                        compendium::output::STAGING_PREFIXES
                            .iter()
                            .any(|p| n.starts_with(p))
                    })
                });
            for folder in &staging {
                eprintln!(
                    "compendium: warning: {} was left by a build that was stopped: it holds an edition's files, not entries, and was not read; a build into a folder beside it removes it, or says what it holds; or remove it yourself once no build is running",
                    folder.shown()
                );
            }
            // Entries left out of an edition are a problem, said even with --quiet (found by a
            // tester: `build --strict -q` published 122 of 130 practices without a word).
            *self.not_read.borrow_mut() = skipped_folders
                .iter()
                .map(|f| f.shown())
                .chain(entry_like_files.iter().map(|(f, _, _)| f.shown()))
                .collect();
            for (file, form, id) in entry_like_files {
                let rich = file
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("rtf"));
                let name = if compendium::validate::is_valid_id(&id) {
                    format!("{id}.{form}")
                } else {
                    format!("<its id>.{form}")
                };
                eprintln!(
                    "compendium: warning: {} holds an entry (id `{}`), which is not read because of the file's name: {} `{name}`",
                    file.shown(),
                    compendium::error::one_line(&id),
                    if rich { "save it as plain text named" } else { "rename it" },
                );
            }
            for folder in skipped_folders {
                eprintln!(
                    "compendium: warning: {} holds entry files that were not read: hidden folders and links to folders are skipped; move the entries into a plain folder, or give the folder's path",
                    folder.shown()
                );
            }
            // Every decisions file but the one read is named (`tag` reads none: tags do not
            // depend on decisions).
            let read = std::fs::canonicalize(self.decisions_path()).ok();
            for other in decisions_files {
                if !ui().quiet && !self.no_decisions && std::fs::canonicalize(&other).ok() != read {
                    eprintln!(
                        "compendium: warning: {} is a duplicate decisions file that is not read: only {} is; move its decisions there, or give it with --decisions",
                        other.shown(),
                        self.decisions_path().shown()
                    );
                }
            }
            for edition in editions {
                if !ui().quiet {
                    eprintln!(
                        "compendium: note: {} holds an edition built by `compendium build`: its manifest (compendium.json) and the files it lists are not entries and were skipped; any other entry file there was read. Build editions outside the entries folder",
                        edition.shown()
                    );
                }
            }
            files
        })
        .and_then(|files| {
                if files.is_empty() {
                    Err(compendium::load::no_entries(&paths))
                } else {
                    Ok(files)
                }
            });
        (schemas, files)
    }
}

/// What finding the inputs gave: the thing, or why it could not be had.
type Found<T> = Result<T, compendium::Error>;

/// Exit codes, as documented in the README.
pub mod exit {
    /// All good.
    pub const OK: u8 = 0;
    /// The input has problems.
    pub const PROBLEMS: u8 = 1;
    /// Usage error, or the tool could not run.
    pub const FAILURE: u8 = 2;
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::FAILURE
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    keep_running_at_file_size_limit();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !no_color && std::io::IsTerminal::is_terminal(&std::io::stdout()),
    };
    let _ = UI.set(Ui {
        color,
        quiet: cli.quiet,
    });
    let result = match &cli.command {
        Command::New(args) => new::execute(args),
        Command::Validate(args) => validate::execute(args),
        Command::Dedup(args) => dedup::execute(args),
        Command::Tag(args) => tag::execute(args),
        Command::Build(args) => build::execute(args),
        Command::Verify(args) => verify::execute(args),
        Command::Diff(args) => diff::execute(args),
        Command::Report(args) => report::execute(args),
        Command::Explain(args) => explain::execute(args),
        Command::Convert(args) => convert::execute(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
    };
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            // One line, whatever a value quoted in it held.
            eprintln!(
                "compendium: error: {}",
                compendium::error::one_line(&e.to_string())
            );
            exit::FAILURE
        }
    };
    if let Some(e) = STDOUT_FAILED.get() {
        eprintln!(
            "compendium: error: what this command prints could not be written to standard output ({e}), so it is incomplete or missing (any file it was to write is written whole, or not at all)"
        );
        return ExitCode::from(exit::FAILURE);
    }
    ExitCode::from(code)
}

/// A file-size limit (`ulimit -f`) reached while writing would end the process on the spot,
/// leaving a staging folder behind. With the signal caught, the write fails instead ("File too
/// large") and the tool cleans up and reports it like any other write error.
fn keep_running_at_file_size_limit() {
    #[cfg(unix)]
    {
        static REACHED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, &REACHED);
    }
}

/// The relative path from a folder to `schema/practice.schema.json` under the current folder,
/// when that file exists (so that editors validate an entry written into the folder).
pub fn schema_reference(dir: &std::path::Path) -> Option<String> {
    let here = std::env::current_dir().ok()?;
    if !here.join("schema/practice.schema.json").is_file() {
        return None;
    }
    let dir = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        here.join(dir)
    };
    // Counted by the folders the path goes down and up (`practices/eu/..` is one level down).
    let mut depth: usize = 0;
    for part in dir.strip_prefix(&here).ok()?.components() {
        match part {
            std::path::Component::Normal(_) => depth += 1,
            std::path::Component::ParentDir => depth = depth.checked_sub(1)?,
            _ => {}
        }
    }
    Some(format!(
        "{}schema/practice.schema.json",
        "../".repeat(depth)
    ))
}

/// Files above which a run takes about a second or more, and deserves a progress bar.
const PROGRESS_FROM_FILES: usize = 20_000;

/// A progress bar on standard error, shown only for long runs at a terminal (never with --quiet,
/// never when standard error is redirected).
pub fn progress(total: usize, what: &str) -> indicatif::ProgressBar {
    let visible = total >= PROGRESS_FROM_FILES
        && !ui().quiet
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    if !visible {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} files ({eta} left)")
    {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// Why standard output could not be written, the first time it could not (a full disk, a
/// device that takes nothing): the run then ends with exit code 2 and says so.
static STDOUT_FAILED: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Writes to standard output; a closed pipe (`compendium validate | head`) is not an error, any
/// other failure to write is (reported when the command ends, see [`run`]). At a terminal,
/// control characters a name or a value brought in are made visible ([`for_terminal`]);
/// redirected, the bytes are written as they are.
/// Whether something printed to standard output could not be written.
pub fn stdout_failed() -> bool {
    STDOUT_FAILED.get().is_some()
}

pub fn print_out(text: &str) {
    if STDOUT_FAILED.get().is_some() {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    let text = if std::io::IsTerminal::is_terminal(&stdout) {
        for_terminal(text)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush());
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = STDOUT_FAILED.set(e.to_string());
        }
    }
}

/// `text` as it may be shown at a terminal: each control character but the line break (alone or
/// after a carriage return), the tab and the few colour codes this tool paints with is written
/// out as an escape (`\u001b`, as in [`compendium::error::one_line`]), so that a file's name
/// or a value read from a file that a message carries can neither move the cursor, clear the
/// screen, retitle the terminal nor hide text (`ESC [8m`).
pub fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    let odd = |c: char| compendium::error::hidden(c) && c != '\n' && c != '\t';
    if !text.contains(odd) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let kept = COLOURS
            .iter()
            .find(|code| rest.starts_with(*code))
            .map(|code| code.len())
            .or_else(|| rest.starts_with("\r\n").then_some(1));
        match kept {
            Some(len) => out.push_str(&rest[..len]),
            None if odd(c) => compendium::error::push_escaped(&mut out, c),
            None => out.push(c),
        }
        rest = &rest[kept.unwrap_or(c.len_utf8())..];
    }
    std::borrow::Cow::Owned(out)
}

/// `text` as it goes to standard error: [`for_terminal`] when that is a terminal, as it is
/// otherwise (a JSON or SARIF report redirected to a file stays exactly what it says).
pub fn for_stderr(text: &str) -> std::borrow::Cow<'_, str> {
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        for_terminal(text)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The colour codes [`render`] paints with: the only control sequences shown as they are.
const COLOURS: [&str; 4] = ["\x1b[0m", "\x1b[1m", "\x1b[1;31m", "\x1b[1;33m"];

use compendium::error::Shown;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_hidden_for_short_runs_and_when_not_at_a_terminal() {
        assert!(progress(10, "checking").is_hidden());
        // Under `cargo test` standard error is captured, not a terminal.
        assert!(progress(PROGRESS_FROM_FILES * 2, "checking").is_hidden());
    }

    #[test]
    fn control_characters_are_shown_and_colour_codes_kept() {
        let painted =
            "\x1b[1;31merror\x1b[0m: at p/bad\x1b]0;title\x07\x1b[2J\u{9b}2J.json\n\tnext";
        assert_eq!(
            for_terminal(painted),
            "\x1b[1;31merror\x1b[0m: at p/bad\\u001b]0;title\\u0007\\u001b[2J\\u009b2J.json\n\tnext"
        );
        assert!(matches!(
            for_terminal("plain\n"),
            std::borrow::Cow::Borrowed(_)
        ));
        // Only the codes the tool paints with: not one that hides text, nor a cut one.
        assert_eq!(
            for_terminal("\x1b[8mhidden\x1b["),
            "\\u001b[8mhidden\\u001b["
        );
        // A line of a CSV file ends as it was written.
        assert_eq!(for_terminal("a,b\r\nc\rd"), "a,b\r\nc\\rd");
        assert_eq!(
            std::path::Path::new("out\nwrote fake\x1b[0m").shown(),
            "out\\nwrote fake\\u001b[0m"
        );
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
