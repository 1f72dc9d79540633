//! Writing an edition to disk all at once or not at all.
//!
//! Files are written into a fresh folder beside the target, then the folder is renamed into
//! place. If anything fails before the rename, the previous output is left exactly as it was.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// Writes `files` (name, contents) as the new contents of `dir`, replacing it whole.
pub fn write_atomically(dir: &Path, files: &[(&str, String)]) -> Result<(), Error> {
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
            std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))
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
        // `old` removes the previous output when dropped.
        crate::timing::stage("write: remove previous", || drop(old));
    } else {
        std::fs::rename(staging.path(), dir).map_err(|e| Error::io(dir, e))?;
    }
    // The staging folder was renamed away; forget it without deleting anything.
    let _ = staging.keep();
    Ok(())
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
}
