//! Reading the practices of a past revision with the system `git` (only the `git:REV` form of
//! `diff` needs it): one `ls-tree` for the file list, one `cat-file --batch` for the contents,
//! written to a folder the pipeline can read. The repository itself is never touched.

use crate::error::Error;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(repo);
    c
}

fn failure(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Git(format!("git {what}: {detail}"))
}

/// Reads the files under `subdir` at revision `rev` of the repository at `repo` and hands each
/// to `write` (its path relative to the repository, and its bytes); returns how many there
/// were. Where they go is the caller's: the repository itself is never touched.
pub fn export_tree(
    repo: &Path,
    rev: &str,
    subdir: &str,
    write: &mut dyn FnMut(&Path, Vec<u8>) -> std::io::Result<()>,
) -> Result<usize, Error> {
    if rev.starts_with('-') {
        return Err(failure("revision", format!("`{rev}` is not a revision")));
    }
    let listing = git(repo)
        .args(["ls-tree", "-r", "-z", "--full-tree", rev, "--", subdir])
        .output()
        .map_err(|e| failure("could not be run (is git installed?)", e))?;
    if !listing.status.success() {
        return Err(failure(
            "ls-tree",
            String::from_utf8_lossy(&listing.stderr).trim(),
        ));
    }
    let mut entries = Vec::new();
    for record in listing.stdout.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let record = String::from_utf8_lossy(record);
        let Some((meta, path)) = record.split_once('\t') else {
            continue;
        };
        let parts: Vec<&str> = meta.split(' ').collect();
        // Regular files only (mode 100644 or 100755): a symbolic link's blob is the path it
        // points to, not an entry, and a past revision is read from the repository alone.
        if parts.len() == 3 && parts[1] == "blob" && parts[0].starts_with("100") {
            entries.push((parts[2].to_string(), path.to_string()));
        }
    }
    let mut child = git(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| failure("cat-file", e))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| failure("cat-file", "no input"))?;
    let hashes: Vec<String> = entries.iter().map(|(h, _)| h.clone()).collect();
    let writer = std::thread::spawn(move || {
        for h in hashes {
            if writeln!(stdin, "{h}").is_err() {
                break;
            }
        }
    });
    let mut reader = BufReader::new(
        child
            .stdout
            .take()
            .ok_or_else(|| failure("cat-file", "no output"))?,
    );
    for (_, path) in &entries {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| failure("cat-file", e))?;
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| failure("cat-file", format!("unexpected answer `{}`", header.trim())))?;
        let mut content = vec![0; size + 1];
        reader
            .read_exact(&mut content)
            .map_err(|e| failure("cat-file", e))?;
        content.pop();
        let relative = Path::new(path);
        if relative
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            continue;
        }
        write(relative, content).map_err(|e| Error::io(relative, e))?;
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(entries.len())
}
