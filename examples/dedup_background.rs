//! Writes `src/dedup/background.txt`: how many practices of the given folders have each word
//! stem, the background against which `dedup` weighs the words of a corpus (see
//! `compendium::dedup::same`). Run from the repository after the shipped corpus changes much:
//!
//! ```sh
//! cargo run --example dedup_background -- practices > src/dedup/background.txt
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use compendium::dedup::same::stems_of;
use compendium::schema::Schemas;
use compendium::{load, pipeline};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let folders: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if folders.is_empty() {
        anyhow::bail!("usage: dedup_background FOLDER...");
    }
    let files = load::discover(&folders)?;
    let schemas = Schemas::embedded()?;
    let (report, practices) = pipeline::practices(&files, &schemas, &|| {});
    if report.has_errors() {
        anyhow::bail!("the entries have errors: run `compendium validate` first");
    }
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    for p in &practices {
        for stem in stems_of(&p.practice.practice, &p.form) {
            *df.entry(stem).or_insert(0) += 1;
        }
    }
    println!("# How many practices of the shipped compendium have each word stem (see same.rs).");
    println!("# Written by `cargo run --example dedup_background -- practices`.");
    println!("practices\t{}", practices.len());
    for (stem, n) in df {
        println!("{stem}\t{n}");
    }
    Ok(())
}
