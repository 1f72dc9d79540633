//! `compendium` builds a compendium of good practices for the responsible use of biometrics.
//!
//! The library is a pipeline of stages around one domain model ([`model`]), run in order by
//! [`pipeline`]: [`validate`] (files read by [`load`] → documents with source positions, and
//! findings) → [`normalize`] (documents → canonical practices with content hashes) → [`tag`]
//! (principle tags with evidence) and [`dedup`] (duplicate groups) → [`assemble`] (the
//! [`model::Edition`]) → [`render`] (Markdown, CSV, coverage, HTML, JSON manifest) → [`output`]
//! (written, replacing only what the tool owns). Each stage takes a value and returns a value
//! plus findings; none of them prints. The `compendium` binary renders findings for people and
//! decides exit codes. [`markdown`] owns the Markdown dialect; [`manifest`] reads and writes the
//! edition's record, for `verify` and `diff`.

pub mod assemble;
pub mod convert;
pub mod dedup;
pub mod derived;
pub mod diag;
pub mod diff;
pub mod error;
pub mod evaluate;
pub mod explain;
pub mod load;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod schema;
pub mod span;
pub mod tag;
pub mod timing;
pub mod validate;

pub use diag::{Code, Diagnostic, Severity};
pub use error::Error;
