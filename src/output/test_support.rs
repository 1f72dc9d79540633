//! Test hooks the code calls (under `#[cfg(test)]`) and helpers the tests of every part share.

use super::{check_out_dir, write_edition, Protected, MANIFEST};
use crate::error::Error;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;

pub(super) type Hook = Box<dyn FnOnce(&Path)>;

thread_local! {
    /// What a test does to the folders in the instant before an edition is published.
    pub(super) static BEFORE_PUBLISHING: RefCell<Option<Hook>> = RefCell::new(None);
    /// Whether the file system is taken for one that cannot exchange two names.
    pub(super) static NO_EXCHANGE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

pub(super) fn on_publishing(hook: impl FnOnce(&Path) + 'static) {
    BEFORE_PUBLISHING.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
}

pub(super) fn before_publishing(staging: &Path) {
    if let Some(hook) = BEFORE_PUBLISHING.with(|h| h.borrow_mut().take()) {
        hook(staging);
    }
}

/// The process's file-creation mask, as the system reports it (Linux); 022 where it cannot be
/// read, the usual value.
pub(super) fn umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// Writes an edition the way `build` does: the files, and a manifest listing their hashes.
pub(super) fn edition(files: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let hashes: BTreeMap<&str, String> = files
        .iter()
        .map(|(name, text)| (*name, crate::normalize::sha256_hex(text)))
        .collect();
    let manifest = serde_json::json!({
        "format": "compendium-manifest",
        "files": hashes,
        "manifest_sha256": crate::manifest::OWN_HASH_PLACEHOLDER,
    });
    let manifest = crate::manifest::seal(serde_json::to_string_pretty(&manifest).unwrap());
    let mut all: Vec<(&'static str, String)> = files
        .iter()
        .map(|(name, text)| (*name, text.to_string()))
        .collect();
    all.push((MANIFEST, manifest));
    all
}

pub(super) fn build(out: &Path, files: &[(&'static str, &str)]) -> Result<(), Error> {
    let checked = check_out_dir(out, &Protected::default())?;
    let kept = write_edition(&checked, &edition(files))?;
    assert_eq!(kept, None, "the previous edition was removed whole");
    Ok(())
}

pub(super) fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

pub(super) fn refusal<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Refused { reason, .. }) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}
