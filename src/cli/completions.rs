//! `compendium completions SHELL` and `compendium man`: shell completion scripts and a manual
//! page, generated from the same command definitions as `--help`.

use super::{exit, Cli};
use clap::CommandFactory;
use compendium::error::Shown;

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell to write completions for.
    shell: clap_complete::Shell,
}

pub fn completions(args: &CompletionArgs) -> anyhow::Result<u8> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "compendium", &mut out);
    super::print_out(&String::from_utf8_lossy(&out));
    Ok(exit::OK)
}

/// Arguments of `man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write one page per subcommand into this folder instead of the main page to standard output.
    #[arg(long, value_name = "DIR")]
    dir: Option<std::path::PathBuf>,
}

pub fn man(args: &ManArgs) -> anyhow::Result<u8> {
    let command = Cli::command();
    match &args.dir {
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(command).render(&mut out)?;
            super::print_out(&String::from_utf8_lossy(&out));
        }
        Some(dir) => {
            super::refuse_unmeant_place(dir, Some(dir), "--dir")?;
            let made = compendium::output::make_folders(dir).map_err(|e| {
                anyhow::anyhow!(
                    "{}: cannot be made a folder for the pages ({e}); nothing was written",
                    dir.shown()
                )
            })?;
            let pages = pages(command)?;
            // Every page is checked before any is written: a file of the same name that is not
            // a page of this tool (or not a regular file) stops the whole run.
            for (name, _) in &pages {
                let path = dir.join(name);
                match compendium::output::read_regular(&path) {
                    Ok(None) => {}
                    Ok(Some((text, _))) if is_our_page(&text) => {}
                    Ok(Some(_)) => anyhow::bail!(
                        "{}: exists and is not a manual page compendium wrote, unchanged since (it may be someone's edits, or a page of an earlier version); nothing was written (choose another folder, or move that file away)",
                        path.shown()
                    ),
                    Err(e) => anyhow::bail!("{e}"),
                }
            }
            // A run stopped while a page stood aside (file systems without an exchange of
            // names) leaves it under this name: said, never removed.
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                if entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(compendium::output::PAGE_ASIDE_PREFIX)
                {
                    eprintln!(
                        "compendium: warning: {} is a page moved aside by a run of `man --dir` that was stopped; keep it if it holds edits of yours, otherwise remove it",
                        entry.path().shown()
                    );
                }
            }
            for (done, (name, text)) in pages.iter().enumerate() {
                let path = dir.join(name);
                // A page of ours that is out of date is replaced in one step, never removed
                // first: a full disk leaves it as it was.
                if let Err(e) = compendium::output::replace_own_file(&path, text, &is_our_page) {
                    // A folder made for the pages goes, if nothing was written into it.
                    compendium::output::remove_made_folders(&made);
                    if done == 0 && !made.is_empty() && !dir.exists() {
                        anyhow::bail!(
                            "{e}; nothing was written, and the folder made for the pages was removed again"
                        );
                    }
                    // Say how far it got: the pages before this one are up to date; this one
                    // and the rest are as they were (absent, or an earlier page).
                    anyhow::bail!(
                        "{e}; {done} of the {} pages are up to date, and the other {} are as they were (absent, or an earlier page): run `compendium man --dir {}` again once this is solved (it replaces only pages it wrote)",
                        pages.len(),
                        pages.len() - done,
                        dir.shown()
                    );
                }
            }
        }
    }
    Ok(exit::OK)
}

/// The manual pages of a command and its subcommands: file name and text, as
/// `clap_mangen::generate_to` would write them.
fn pages(command: clap::Command) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    fn add(command: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            add(sub.clone(), pages)?;
        }
        let man = clap_mangen::Man::new(command);
        let mut text = Vec::new();
        man.render(&mut text)?;
        // A last comment line records the page's SHA-256, so that a later run can tell its own
        // unchanged page (which it may replace) from an edited one (which it must not).
        let seal = format!(
            "{PAGE_SEAL}{}\n",
            compendium::normalize::sha256_hex_bytes(&text)
        );
        text.extend_from_slice(seal.as_bytes());
        pages.push((man.get_filename(), text));
        Ok(())
    }
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    add(command, &mut pages)?;
    Ok(pages)
}

/// How the last line of a page this tool writes begins (a roff comment), before the SHA-256 of
/// the lines above it.
const PAGE_SEAL: &str = ".\\\" compendium page sha256 ";

/// Whether a file's text is a manual page this tool wrote, unchanged since: its last line
/// records the SHA-256 of the lines above it.
fn is_our_page(text: &[u8]) -> bool {
    let Some(body) = text.strip_suffix(b"\n") else {
        return false;
    };
    let start = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let (above, last) = text.split_at(start);
    let recorded = last
        .strip_prefix(PAGE_SEAL.as_bytes())
        .and_then(|rest| rest.strip_suffix(b"\n"));
    recorded == Some(compendium::normalize::sha256_hex_bytes(above).as_bytes())
}
