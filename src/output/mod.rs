//! Stage 7, and every other command that writes files: writing what the tool makes, without ever
//! losing what it did not make.
//!
//! An edition replaces its output folder whole, all at once or not at all: its files are written
//! into a fresh folder beside the target, which is then renamed into place; if anything fails
//! before the rename, the previous output is left exactly as it was. Before any work,
//! [`check_out_dir`] decides whether the target may be replaced at all: only a folder that does
//! not exist, is empty, or holds an unchanged edition of this tool, and never one that is, holds
//! or lies inside what the build reads. Single files (`convert`, `new`, `man --dir`) are written by
//! [`write_new_file`], which never replaces anything.
//!
//! In parts: `check` decides whether a folder may be replaced, `edition` writes an edition,
//! `attributes` says what it keeps of the one it replaces, `files` serves the other commands,
//! and `handles` and `folder_facts` hold the system-level steps they share.

mod attributes;
mod check;
mod edition;
mod files;
mod folder_facts;
mod handles;
#[cfg(test)]
mod test_support;

pub use check::{check_out_dir, resolve, OutDir, Protected};
pub use edition::{remove_interrupted, write_edition};
#[cfg(target_os = "linux")]
pub use files::{create_below, remove_below};
pub use files::{
    is_marked_read_only, make_folders, plain_words, read_only_on_the_way, read_regular,
    remove_made_folders, replace_own_file, write_new_file, MadeFolder, Replaced, PAGE_ASIDE_PREFIX,
};
#[cfg(target_os = "linux")]
pub use handles::names_in;
pub use handles::{
    identity, open_folder, open_own_folder, private_folder, remove_if_same, same_folder,
};

/// The manifest's file name: how a folder written by `build` is recognised.
pub const MANIFEST: &str = "compendium.json";

/// Name prefixes of the folders `build` makes beside its output folder while it works: the new
/// edition, and (where folders cannot trade places in one step) the previous one moved aside, as
/// `.compendium-old-NAME-…/previous` for an output folder named `NAME`.
pub const STAGING_PREFIXES: [&str; 2] = [".compendium-build-", ".compendium-old-"];

/// The name the previous edition takes in the private folder it is moved into when the system
/// cannot exchange two names.
pub const MOVED_ASIDE: &str = "previous";

/// The empty folder made for a moment in a new edition's staging folder to learn what
/// permissions a new folder gets.
pub const PROBE: &str = ".probe";
