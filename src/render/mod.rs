//! Stage 6: the edition → the published files, each rendered whole into one buffer.
//!
//! `compendium.md` ([`markdown`]), `compendium.csv` ([`csv`]), the coverage report
//! (`coverage.md`, `coverage.svg`, see [`crate::report`]), `compendium.html` on request
//! ([`html`], made from the Markdown), and last the manifest `compendium.json`
//! ([`crate::manifest`]), which records the SHA-256 of every other file.

pub mod csv;
pub mod html;
pub mod markdown;

use crate::model::Edition;
use crate::normalize::sha256_hex;
use crate::Error;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The name of every file a build may write: an edition holds these and nothing else.
pub const FILE_NAMES: [&str; 6] = [
    "compendium.md",
    "compendium.csv",
    "coverage.md",
    "coverage.svg",
    "compendium.html",
    "compendium.json",
];

/// Every published file, name and text, in the order they are listed to the user.
///
/// # Errors
///
/// [`Error::ActiveContent`] if the HTML page, when asked for, would hold active content.
pub fn all(edition: &Edition, with_html: bool) -> Result<Vec<(&'static str, String)>, Error> {
    let markdown = crate::timing::stage("render markdown", || markdown::render(edition));
    let page = if with_html {
        Some(crate::timing::stage("render html", || {
            html::render(edition, &markdown)
        })?)
    } else {
        None
    };
    let coverage = crate::report::coverage(edition);
    let mut files = vec![
        ("compendium.md", markdown),
        (
            "compendium.csv",
            crate::timing::stage("render csv", || csv::render(edition)),
        ),
        (
            "coverage.md",
            crate::report::coverage_markdown(&coverage, &edition.taxonomy),
        ),
        (
            "coverage.svg",
            crate::report::heatmap_svg(&coverage, &edition.taxonomy),
        ),
    ];
    if let Some(page) = page {
        files.push(("compendium.html", page));
    }
    let hashes: BTreeMap<String, String> = files
        .par_iter()
        .map(|(name, text)| (name.to_string(), sha256_hex(text)))
        .collect();
    let manifest = crate::timing::stage("render manifest", || {
        crate::manifest::render(edition, &hashes)
    });
    files.push(("compendium.json", manifest));
    Ok(files)
}
