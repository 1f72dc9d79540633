//! `compendium` builds a compendium of good practices for the responsible use of biometrics.
//!
//! The library is a pipeline of stages around one domain model ([`model`]):
//! [`load`] (files → parsed documents with source positions) → [`validate`] (documents × schema →
//! diagnostics) → [`normalize`] (documents → canonical practices with content hashes) →
//! [`assemble`] (practices → Markdown, CSV and JSON manifest). Each stage takes a value and
//! returns a value plus findings; none of them prints. The `compendium` binary renders findings
//! for people and decides exit codes.

pub mod assemble;
pub mod dedup;
pub mod diag;
pub mod diff;
pub mod error;
pub mod explain;
pub mod fast_hash;
pub mod json_text;
pub mod load;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod schema;
pub mod span;
pub mod tag;
pub mod timing;
pub mod validate;

pub use diag::{Code, Diagnostic, Severity};
pub use error::Error;
