//! Writes `src/dedup/background.txt`: how many practices of the given folders have each word
//! stem, the background against which `dedup` weighs the words of a corpus (see
//! `compendium::dedup::same`; made by `compendium::derived::background`). Run from the repository
//! whenever the shipped corpus changes (an integration test, `derived_files`, checks that the
//! shipped file is what this writes):
//!
//! ```sh
//! cargo run --example dedup_background -- practices > src/dedup/background.txt
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use compendium::schema::Schemas;
use compendium::{load, pipeline};
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let folders: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if folders.is_empty() {
        anyhow::bail!("usage: dedup_background FOLDER...");
    }
    let files = load::discover(&folders)?;
    let schemas = Schemas::embedded()?;
    let (report, practices) = pipeline::practices(
        &files,
        &schemas,
        compendium::validate::Scope::Corpus,
        &|| {},
    );
    if report.has_errors() {
        anyhow::bail!("the entries have errors: run `compendium validate` first");
    }
    print!("{}", compendium::derived::background(&practices));
    Ok(())
}
