//! `compendium completions SHELL` and `compendium man`: shell completion scripts and a manual
//! page, generated from the same command definitions as `--help`.

use super::{exit, Cli};
use clap::CommandFactory;

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
            std::fs::create_dir_all(dir)?;
            clap_mangen::generate_to(command, dir)?;
        }
    }
    Ok(exit::OK)
}
