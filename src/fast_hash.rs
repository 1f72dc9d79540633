//! The hash map and set for the tool's own tables, whose keys are short words, small integers or
//! hashes already: none is chosen by an adversary, so the standard library's DoS-resistant
//! SipHash is not needed. These are rustc-hash's, which hash with a fixed seed, so a table
//! iterates in the same order on every run.

pub use rustc_hash::{FxHashMap as FastMap, FxHashSet as FastSet};
