//! The file-system steps the other parts share: folders opened as themselves and used through
//! their handle (so that nobody who may rename things around them can redirect a write), renames
//! that never replace, and small helpers.

use crate::error::Error;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The names in a folder.
pub(super) fn list(dir: &Path) -> std::io::Result<BTreeSet<OsString>> {
    std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.file_name()))
        .collect()
}

/// Whether `path` is a folder (not a link) of this process's user.
pub(super) fn is_own_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            meta.is_dir() && meta.uid() == rustix::process::geteuid().as_raw()
        }
        #[cfg(not(unix))]
        {
            meta.is_dir()
        }
    })
}

/// Whether a staging folder is held by a build still running (it keeps its folder locked).
#[cfg(target_os = "linux")]
pub(super) fn in_use(path: &Path) -> bool {
    use rustix::fs::{flock, FlockOperation};
    open_folder(path).is_ok_and(|folder| {
        flock(&folder, FlockOperation::NonBlockingLockShared) == Err(rustix::io::Errno::WOULDBLOCK)
    })
}

/// A folder opened as itself, never through a link.
#[cfg(target_os = "linux")]
pub fn open_folder(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{open, Mode, OFlags};
    let flags = OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::RDONLY | OFlags::CLOEXEC;
    Ok(std::fs::File::from(open(path, flags, Mode::empty())?))
}

#[cfg(not(target_os = "linux"))]
pub fn open_folder(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(not(target_os = "linux"))]
pub(super) fn in_use(_: &Path) -> bool {
    false
}

/// Removes the file `name` from the folder `folder` is open on (at `path` when it was made):
/// through the handle where the system allows it, so that only that folder's file can go.
#[cfg(target_os = "linux")]
pub(super) fn remove_in(
    folder: &std::fs::File,
    _: &Path,
    name: &std::ffi::OsStr,
) -> std::io::Result<()> {
    Ok(rustix::fs::unlinkat(
        folder,
        name,
        rustix::fs::AtFlags::empty(),
    )?)
}

#[cfg(not(target_os = "linux"))]
pub(super) fn remove_in(
    folder: &std::fs::File,
    path: &Path,
    name: &std::ffi::OsStr,
) -> std::io::Result<()> {
    if same_folder(path, folder) {
        std::fs::remove_file(path.join(name))
    } else {
        Ok(())
    }
}

/// Opens the staging folder just made, without following a link, and checks that it is this
/// process's own private folder (not one put in its place), then locks it.
#[cfg(target_os = "linux")]
pub fn open_own_folder(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{flock, FlockOperation};
    use std::os::unix::fs::MetadataExt;
    let folder = open_folder(path)?;
    let meta = folder.metadata()?;
    if meta.uid() != rustix::process::geteuid().as_raw() || meta.mode() & 0o077 != 0 {
        return Err(std::io::Error::other(
            "the folder just made is not this run's own: someone who may rename things in the folder around it replaced it",
        ));
    }
    flock(&folder, FlockOperation::NonBlockingLockExclusive)?;
    Ok(folder)
}

#[cfg(not(target_os = "linux"))]
pub fn open_own_folder(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// What the name `name` in the folder `folder` is open on (at `path` when it was opened) is,
/// not followed if a link, looked at through the folder's handle.
#[cfg(target_os = "linux")]
pub(super) fn stat_in(
    folder: &std::fs::File,
    _: &Path,
    name: &std::ffi::OsStr,
) -> std::io::Result<std::fs::Metadata> {
    use rustix::fs::{openat, Mode, OFlags};
    let flags = OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    std::fs::File::from(openat(folder, name, flags, Mode::empty())?).metadata()
}

#[cfg(not(target_os = "linux"))]
pub(super) fn stat_in(
    _: &std::fs::File,
    path: &Path,
    name: &std::ffi::OsStr,
) -> std::io::Result<std::fs::Metadata> {
    std::fs::symlink_metadata(path.join(name))
}

/// Opens the name `name` in the folder `folder` is open on for reading, through the folder's
/// handle, without following a link and without waiting on a named pipe.
#[cfg(target_os = "linux")]
pub(super) fn open_in(
    folder: &std::fs::File,
    _: &Path,
    name: &std::ffi::OsStr,
) -> std::io::Result<std::fs::File> {
    use rustix::fs::{openat, Mode, OFlags};
    let flags =
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    Ok(std::fs::File::from(openat(
        folder,
        name,
        flags,
        Mode::empty(),
    )?))
}

#[cfg(not(target_os = "linux"))]
pub(super) fn open_in(
    _: &std::fs::File,
    path: &Path,
    name: &std::ffi::OsStr,
) -> std::io::Result<std::fs::File> {
    open_without_waiting(&path.join(name))
}

/// The names in the folder `folder` is open on (at `path` when it was opened).
#[cfg(target_os = "linux")]
pub(super) fn names_of(folder: &std::fs::File, _: &Path) -> std::io::Result<Vec<OsString>> {
    names_in(folder)
}

#[cfg(not(target_os = "linux"))]
pub(super) fn names_of(_: &std::fs::File, path: &Path) -> std::io::Result<Vec<OsString>> {
    Ok(list(path)?.into_iter().collect())
}

/// Renames `from` (in the folder `from_folder`) to `to` (in `to_folder`) only if nothing has
/// that name: in one step where the file system can (`RENAME_NOREPLACE`), else after looking
/// (file systems without it, where the caller's folder is one nobody else can write).
/// `Ok(true)` when the name was taken.
#[cfg(target_os = "linux")]
pub(super) fn rename_between<F: std::os::fd::AsFd, G: std::os::fd::AsFd>(
    from_folder: F,
    from: impl rustix::path::Arg + Copy,
    to_folder: G,
    to: impl rustix::path::Arg + Copy,
) -> std::io::Result<bool> {
    use rustix::fs::{renameat, renameat_with, statat, AtFlags, RenameFlags};
    use rustix::io::Errno;
    let flags = RenameFlags::NOREPLACE;
    // Tests take the file system for one without the flag, as FUSE file systems often are.
    #[cfg(test)]
    let flags = match super::test_support::NO_EXCHANGE.with(|no| no.get()) {
        true => RenameFlags::all(),
        false => flags,
    };
    match renameat_with(&from_folder, from, &to_folder, to, flags) {
        Ok(()) => Ok(false),
        Err(e) if e == Errno::EXIST => Ok(true),
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::NOTSUP => {
            if statat(&to_folder, to, AtFlags::SYMLINK_NOFOLLOW).is_ok() {
                return Ok(true);
            }
            renameat(&from_folder, from, &to_folder, to)?;
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Removes the folder at `path` if that name still leads to the folder `folder` is open on and
/// it is empty (a folder cannot be removed through a handle).
pub fn remove_if_same(path: &Path, folder: &std::fs::File) {
    if same_folder(path, folder) {
        let _ = std::fs::remove_dir(path);
    }
}

/// Creates the file `name` in the staging folder (at `path`), through the folder's handle:
/// never an existing name, never through a link.
#[cfg(target_os = "linux")]
pub(super) fn create_in(
    folder: &std::fs::File,
    _: &Path,
    name: &str,
) -> std::io::Result<std::fs::File> {
    use rustix::fs::{openat, Mode, OFlags};
    let flags = OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::WRONLY | OFlags::CLOEXEC;
    Ok(std::fs::File::from(openat(
        folder,
        name,
        flags,
        Mode::from_raw_mode(0o666),
    )?))
}

#[cfg(not(target_os = "linux"))]
pub(super) fn create_in(
    _: &std::fs::File,
    path: &Path,
    name: &str,
) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path.join(name))
}

/// What tells one file or folder from every other (its device and inode) where the system
/// says; `None` elsewhere.
pub fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Whether `path` (not followed if a link) is the folder `folder` is open on.
pub fn same_folder(path: &Path, folder: &std::fs::File) -> bool {
    #[cfg(unix)]
    {
        let (Ok(there), Ok(ours)) = (std::fs::symlink_metadata(path), folder.metadata()) else {
            return false;
        };
        identity(&there) == identity(&ours)
    }
    #[cfg(not(unix))]
    {
        let _ = (path, folder);
        true
    }
}

/// Puts a folder's list of names on the disk (`fsync` of the folder), so that a file created or
/// renamed in it survives a crash; a no-op where folders cannot be opened as files (Windows).
pub(super) fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(folder)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}

/// Renames `from` to `to` only if nothing has that name (Linux: in one step, `RENAME_NOREPLACE`;
/// elsewhere after looking, since a plain rename would replace an empty folder).
pub(super) fn rename_new(from: &Path, to: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::CWD;
        rename_between(CWD, from, CWD, to).is_ok_and(|taken| !taken)
    }
    #[cfg(not(target_os = "linux"))]
    {
        std::fs::symlink_metadata(to).is_err() && std::fs::rename(from, to).is_ok()
    }
}

/// Swaps two folders in one step where the system can (Linux: `renameat2` with
/// `RENAME_EXCHANGE`), so that `dir` is never missing, even for a build killed at that moment;
/// `Ok(false)` where it cannot (another system, a file system without it), and the caller
/// replaces the folder in two renames.
pub(super) fn swap(staging: &Path, dir: &Path) -> Result<bool, Error> {
    #[cfg(test)]
    if super::test_support::NO_EXCHANGE.with(|no| no.get()) {
        return Ok(false);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, staging, CWD, dir, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP].contains(&e) => Ok(false),
            Err(e) => Err(Error::io(dir, e.into())),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (staging, dir);
        Ok(false)
    }
}

/// The names in the folder `folder` is open on (not `.` and `..`).
#[cfg(target_os = "linux")]
pub fn names_in(folder: &std::fs::File) -> std::io::Result<Vec<OsString>> {
    use std::os::unix::ffi::OsStrExt;
    let mut names = Vec::new();
    for entry in rustix::fs::Dir::read_from(folder)? {
        let name = entry?.file_name().to_bytes().to_vec();
        if name != b"." && name != b".." {
            names.push(std::ffi::OsStr::from_bytes(&name).to_os_string());
        }
    }
    Ok(names)
}

/// Makes a new folder in `parent`, named `prefix` and random characters, that only this user may
/// enter (0700 where permissions exist), and keeps it: nothing removes it as a whole by its
/// name, since another folder may come to have that name. Open it with [`open_own_folder`].
pub fn private_folder(parent: &Path, prefix: &str) -> std::io::Result<PathBuf> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    Ok(builder.tempdir_in(parent).map_err(plain)?.keep())
}

/// An error of the `tempfile` crate without the random name of the temporary file or folder it
/// appends (" at path …/.compendium-new-x1Y2z3"), which says nothing to the user.
pub(super) fn plain(e: std::io::Error) -> std::io::Error {
    let text = e.to_string();
    match text.find(" at path ") {
        Some(at) => std::io::Error::new(e.kind(), text[..at].to_string()),
        None => e,
    }
}

/// Opens `path` for reading without following a link and without blocking on a named pipe;
/// a link is the error `InvalidInput`.
#[cfg(target_os = "linux")]
pub(super) fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{open, Mode, OFlags};
    let flags =
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    match open(path, flags, Mode::empty()) {
        Ok(fd) => Ok(std::fs::File::from(fd)),
        Err(e) if e == rustix::io::Errno::LOOP => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a link",
        )),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file",
        ));
    }
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On Linux the two folders trade places in one step: there is no moment without `dist`.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_new_edition_and_the_previous_one_swap_in_one_step() {
        let tmp = tempfile::tempdir().unwrap();
        let (new, dist) = (tmp.path().join("new"), tmp.path().join("dist"));
        std::fs::create_dir(&new).unwrap();
        std::fs::create_dir(&dist).unwrap();
        std::fs::write(new.join("compendium.md"), "new").unwrap();
        std::fs::write(dist.join("compendium.md"), "old").unwrap();
        let (kept, moved) = if swap(&new, &dist).unwrap() {
            ("new", "old")
        } else {
            // A file system without the exchange: nothing moved, the caller renames twice.
            ("old", "new")
        };
        assert_eq!(
            std::fs::read_to_string(dist.join("compendium.md")).unwrap(),
            kept
        );
        assert_eq!(
            std::fs::read_to_string(new.join("compendium.md")).unwrap(),
            moved
        );
    }

    /// The staging folder is written through its handle: a link put in it, or in its place, by
    /// someone who may change the folder around it is never written through (found by a
    /// tester: a rebuild truncated and re-permissioned a file the link pointed to).
    #[cfg(target_os = "linux")]
    #[test]
    fn the_staging_folder_is_written_through_its_handle_only() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let tmp = tempfile::tempdir().unwrap();
        let private = tmp.path().join("private.txt");
        std::fs::write(&private, "someone's").unwrap();
        let staging = tmp.path().join(".compendium-build-t");
        std::fs::create_dir(&staging).unwrap();
        std::fs::set_permissions(&staging, std::fs::Permissions::from_mode(0o700)).unwrap();
        let folder = open_own_folder(&staging).unwrap();
        symlink(&private, staging.join("compendium.md")).unwrap();
        assert!(create_in(&folder, &staging, "compendium.md").is_err());
        // The folder swapped for another: writes still go to the one opened, and the swap is seen.
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::rename(&staging, &elsewhere).unwrap();
        symlink(tmp.path(), &staging).unwrap();
        create_in(&folder, &staging, "compendium.csv").unwrap();
        assert!(elsewhere.join("compendium.csv").exists());
        assert!(!tmp.path().join("compendium.csv").exists());
        assert!(!same_folder(&staging, &folder));
        assert!(same_folder(&elsewhere, &folder));
        // A link, or a folder others may enter, is not taken for the folder just made.
        assert!(open_own_folder(&staging).is_err());
        std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(open_own_folder(&elsewhere).is_err());
        assert_eq!(std::fs::read_to_string(&private).unwrap(), "someone's");
    }
}
