//! Errors that stop a run (an unreadable schema, an output folder that cannot be written).
//!
//! Problems *in the entries* are not errors: they are [`crate::Diagnostic`]s, collected and
//! reported all at once.

use std::path::PathBuf;

/// A failure that prevents the tool from doing its job at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A path named on the command line does not exist.
    #[error("{path}: no such file or folder")]
    MissingPath {
        /// The path as given.
        path: PathBuf,
    },
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The practice schema or the taxonomy is not usable.
    #[error("{what} is not usable: {reason}")]
    BadSchema {
        /// Which file (schema or taxonomy).
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A manifest could not be read as one.
    #[error("{path}: {reason}")]
    BadManifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The paths given hold no entry file: nothing to check or publish.
    #[error("{paths}: {reason}")]
    NoEntries {
        /// The paths as given, joined.
        paths: String,
        /// What was found instead, and what to do.
        reason: String,
    },
    /// `git` failed to give what was asked of it.
    #[error("{0}")]
    Git(String),
    /// A file the tool was asked to write exists: the tool never writes over one.
    #[error("{path}: already exists; nothing was overwritten")]
    AlreadyExists {
        /// The path the tool was asked to write.
        path: PathBuf,
    },
    /// The HTML edition would hold something that can run or load content: refused, never
    /// written. The sanitizing layers are meant to make this impossible; it is a defect to report.
    #[error(
        "the HTML edition would hold content that can run or load something ({found}); nothing was written. Build without --html and report this, with the entries, as a defect of compendium"
    )]
    ActiveContent {
        /// What the page would hold.
        found: String,
    },
    /// The tool will not write to a path because that could lose something it did not write.
    #[error("{path}: {reason}")]
    Refused {
        /// The path the tool was asked to write.
        path: PathBuf,
        /// What stopped it and what to do, in plain words.
        reason: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
