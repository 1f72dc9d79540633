//! Writing an edition to disk all at once or not at all.
//!
//! Files are written into a fresh folder beside the target, then the folder is renamed into
//! place. If anything fails before the rename, the previous output is left exactly as it was.

use crate::error::Error;
use std::io::{IoSlice, Write};
use std::path::{Path, PathBuf};

/// A rendered file's text, kept as the pieces it was rendered in (in parallel, practice by
/// practice) and never joined on the way to the disk: hashing and writing read the pieces in
/// order. Joining the files of a 10,000-practice edition meant copying 140 MB into fresh memory
/// once more before writing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileText {
    pieces: Vec<String>,
    len: usize,
}

/// Pieces handed to one `writev` call (Linux takes at most 1,024).
const PIECES_PER_WRITE: usize = 1024;

impl FileText {
    /// An empty text.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a piece (an empty one is not kept).
    pub fn push(&mut self, piece: String) {
        if !piece.is_empty() {
            self.len += piece.len();
            self.pieces.push(piece);
        }
    }

    /// The pieces, in order.
    pub fn pieces(&self) -> &[String] {
        &self.pieces
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// SHA-256 of the whole text, as lower-case hex.
    pub fn sha256_hex(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for piece in &self.pieces {
            hasher.update(piece.as_bytes());
        }
        crate::normalize::hex(&hasher.finalize())
    }

    /// Writes the whole text, many pieces per system call.
    pub fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        for group in self.pieces.chunks(PIECES_PER_WRITE) {
            let mut slices: Vec<IoSlice<'_>> =
                group.iter().map(|p| IoSlice::new(p.as_bytes())).collect();
            let mut rest = &mut slices[..];
            while !rest.is_empty() {
                match out.write_vectored(rest) {
                    Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                    Ok(n) => IoSlice::advance_slices(&mut rest, n),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }

    /// The text as one string.
    pub fn into_string(self) -> String {
        if self.pieces.len() == 1 {
            return self.pieces.into_iter().next().unwrap_or_default();
        }
        self.pieces.concat()
    }
}

impl From<String> for FileText {
    fn from(text: String) -> Self {
        let mut file = FileText::new();
        file.push(text);
        file
    }
}

impl From<&str> for FileText {
    fn from(text: &str) -> Self {
        FileText::from(text.to_string())
    }
}

/// Writes `files` (name, contents) as the new contents of `dir`, replacing it whole.
pub fn write_atomically(dir: &Path, files: &[(&str, FileText)]) -> Result<(), Error> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".compendium-build-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    // The files are written side by side: copying over 100 MB into the page cache is work for
    // both cores.
    crate::timing::stage("write: files", || {
        use rayon::prelude::*;
        files.par_iter().try_for_each(|(name, contents)| {
            let path = staging.path().join(name);
            std::fs::File::create(&path)
                .and_then(|mut file| contents.write_to(&mut file))
                .map_err(|e| Error::io(&path, e))
        })
    })?;
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Output(format!(
                "{} exists and is not a folder",
                dir.display()
            )));
        }
        let old = tempfile::Builder::new()
            .prefix(".compendium-old-")
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        let old_path = old.path().join("previous");
        std::fs::rename(dir, &old_path).map_err(|e| Error::io(dir, e))?;
        if let Err(e) = std::fs::rename(staging.path(), dir) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&old_path, dir);
            return Err(Error::io(dir, e));
        }
        crate::timing::stage("write: remove previous", || {
            remove_files_side_by_side(&old_path);
            // `old` removes what is left of the previous output (sub-folders) when dropped.
            drop(old)
        });
    } else {
        std::fs::rename(staging.path(), dir).map_err(|e| Error::io(dir, e))?;
    }
    // The staging folder was renamed away; forget it without deleting anything.
    let _ = staging.keep();
    Ok(())
}

/// Removes the files (not the sub-folders) directly in `dir`, several at once: giving a
/// previous edition's pages back (over 100 MB of them for a large corpus) is work for every core.
/// Best effort: whatever is left is removed with the folder.
fn remove_files_side_by_side(dir: &Path) {
    use rayon::prelude::*;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .map(|e| e.path())
        .collect();
    files.par_iter().for_each(|f| {
        let _ = std::fs::remove_file(f);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        write_atomically(&out, &[("a.txt", "one".into()), ("b.txt", "two".into())]).unwrap();
        write_atomically(&out, &[("a.txt", "three".into())]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "three");
        assert!(!out.join("b.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders left behind");
    }

    /// The previous output goes whole: its files, a sub-folder an editor put there, a link (the
    /// link, not what it points at).
    #[cfg(unix)]
    #[test]
    fn removes_every_kind_of_previous_entry_and_nothing_outside() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        let outside = tmp.path().join("outside.txt");
        std::fs::write(&outside, "keep me").unwrap();
        write_atomically(&out, &[("a.txt", "one".into()), ("b.txt", "two".into())]).unwrap();
        std::fs::create_dir(out.join("notes")).unwrap();
        std::fs::write(out.join("notes").join("n.txt"), "n").unwrap();
        std::os::unix::fs::symlink(&outside, out.join("link.txt")).unwrap();
        write_atomically(&out, &[("c.txt", "three".into())]).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["c.txt"]);
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
        let mut left: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["dist", "outside.txt"], "staging folders left behind");
    }

    /// A writer that takes at most a few bytes per call, as a pipe or a full disk may.
    struct Trickle {
        written: Vec<u8>,
        most: usize,
        calls: usize,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.calls += 1;
            let n = buf.len().min(self.most);
            self.written.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> std::io::Result<usize> {
            self.calls += 1;
            let mut n = 0;
            for buf in bufs {
                let take = buf.len().min(self.most - n);
                self.written.extend_from_slice(&buf[..take]);
                n += take;
                if n == self.most {
                    break;
                }
            }
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn file_text(pieces: &[String]) -> FileText {
        let mut text = FileText::new();
        for piece in pieces {
            text.push(piece.clone());
        }
        text
    }

    #[test]
    fn pieces_are_hashed_and_written_as_one_text() {
        // More pieces than one system call takes, some of them empty.
        let pieces: Vec<String> = (0..2500)
            .map(|i| {
                if i % 7 == 0 {
                    String::new()
                } else {
                    format!("piece {i}; ")
                }
            })
            .collect();
        let text = file_text(&pieces);
        let whole = pieces.concat();
        assert_eq!(text.len(), whole.len());
        assert_eq!(text.sha256_hex(), crate::normalize::sha256_hex(&whole));
        let mut out = Vec::new();
        text.write_to(&mut out).unwrap();
        assert_eq!(out, whole.as_bytes());
        assert_eq!(text.into_string(), whole);
    }

    #[test]
    fn an_empty_text_hashes_as_nothing() {
        let text = FileText::new();
        assert!(text.is_empty());
        assert_eq!(
            text.sha256_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(text.into_string(), "");
    }

    proptest::proptest! {
        /// Whatever the pieces and however little the writer takes per call, the bytes written
        /// are the pieces in order, each once.
        #[test]
        fn short_writes_lose_and_repeat_nothing(
            pieces in proptest::collection::vec(".{0,40}", 0..300),
            most in 1usize..97,
        ) {
            let text = file_text(&pieces);
            let mut out = Trickle { written: Vec::new(), most, calls: 0 };
            text.write_to(&mut out).unwrap();
            let whole = pieces.concat();
            proptest::prop_assert_eq!(&out.written, whole.as_bytes());
            proptest::prop_assert!(out.calls <= out.written.len() / most + pieces.len() / PIECES_PER_WRITE + 1);
        }
    }
}
