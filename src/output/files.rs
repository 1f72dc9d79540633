//! Single files for the other commands (`new`, `convert`, `man --dir`, `diff`): folders made and
//! taken back, a new file that never replaces one ([`write_new_file`]), a page of the tool's
//! replaced in one step ([`replace_own_file`]), and files below a private folder written through
//! handles.

use super::attributes::keep_owner;
use super::handles::{
    identity, is_own_folder, open_without_waiting, plain, rename_new, swap, sync_folder,
};
use crate::error::{Error, Shown};
#[cfg(target_os = "linux")]
use std::collections::BTreeSet;
use std::io::Write;
#[cfg(target_os = "linux")]
use std::path::Component;
use std::path::{Path, PathBuf};

/// A folder [`make_folders`] made: its path, and what it was just after it was made, if it
/// was then this process's user's own folder.
#[derive(Debug)]
pub struct MadeFolder {
    /// Where it was made.
    pub path: PathBuf,
    identity: Option<(u64, u64)>,
}

/// Creates the folder `dir` and any missing folder above it, and returns those it made,
/// deepest last, so that a command that then fails can take back what it made
/// ([`remove_made_folders`]) and leave the disk as it found it.
pub fn make_folders(dir: &Path) -> std::io::Result<Vec<MadeFolder>> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(path) = at.filter(|p| !p.as_os_str().is_empty()) {
        if std::fs::symlink_metadata(path).is_ok() {
            break;
        }
        missing.push(path.to_path_buf());
        at = path.parent();
    }
    missing.reverse();
    let mut made = Vec::new();
    for path in missing {
        match std::fs::create_dir(&path) {
            Ok(()) => {
                // Looked at once made: someone who may rename things where it was made may put
                // a folder of theirs at its name, and that one is never taken back.
                let identity = std::fs::symlink_metadata(&path)
                    .ok()
                    .filter(|_| is_own_folder(&path))
                    .and_then(|meta| identity(&meta));
                made.push(MadeFolder { path, identity });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                remove_made_folders(&made);
                return Err(e);
            }
        }
    }
    // What exists must be a folder (or lead to one).
    if !dir.is_dir() {
        remove_made_folders(&made);
        let link = dir
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        let why = match std::fs::metadata(dir) {
            Err(e) if link && e.kind() == std::io::ErrorKind::NotFound => {
                "is a symbolic link that leads nowhere".to_string()
            }
            Err(e) if link => format!("is a symbolic link whose target cannot be reached ({e})"),
            _ => "exists and is not a folder".to_string(),
        };
        return Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, why));
    }
    Ok(made)
}

/// Removes the folders [`make_folders`] made, deepest first, each only if still empty and
/// still the folder it made (a folder cannot be removed through a handle: its name is looked at
/// just before).
pub fn remove_made_folders(made: &[MadeFolder]) {
    for folder in made.iter().rev() {
        let now = std::fs::symlink_metadata(&folder.path)
            .ok()
            .and_then(|meta| identity(&meta));
        if folder.identity.is_some() && now == folder.identity {
            let _ = std::fs::remove_dir(&folder.path);
        }
    }
}

/// The folders on the way to `relative` below the folder `root` is open on, each opened through
/// the one above it and never through a link (made, private, when `make` and missing), and the
/// last part of `relative`: what a file below a folder of the tool's own is created or removed
/// through, so that nobody who may rename things around that folder can send the tool
/// elsewhere. Only plain parts (no `..`, no root) are accepted.
#[cfg(target_os = "linux")]
fn folder_on_the_way<'a>(
    root: &std::fs::File,
    relative: &'a Path,
    make: bool,
) -> std::io::Result<(std::fs::File, &'a std::ffi::OsStr)> {
    use rustix::fs::{mkdirat, openat, Mode, OFlags};
    let mut parts = Vec::new();
    for part in relative.components() {
        match part {
            Component::Normal(part) => parts.push(part),
            _ => return Err(std::io::Error::from(std::io::ErrorKind::InvalidInput)),
        }
    }
    let name = parts
        .pop()
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    let mut folder = root.try_clone()?;
    for part in parts {
        if make {
            match mkdirat(&folder, part, Mode::from_raw_mode(0o700)) {
                Ok(()) => {}
                Err(e) if e == rustix::io::Errno::EXIST => {}
                Err(e) => return Err(e.into()),
            }
        }
        let flags = OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::RDONLY | OFlags::CLOEXEC;
        folder = std::fs::File::from(openat(&folder, part, flags, Mode::empty())?);
    }
    Ok((folder, name))
}

/// Creates the new file `relative` below the folder `root` is open on, and the folders on the
/// way, through handles only: never through a link, never over an existing file.
#[cfg(target_os = "linux")]
pub fn create_below(root: &std::fs::File, relative: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{openat, Mode, OFlags};
    let (folder, name) = folder_on_the_way(root, relative, true)?;
    let flags = OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::WRONLY | OFlags::CLOEXEC;
    Ok(std::fs::File::from(openat(
        &folder,
        name,
        flags,
        Mode::from_raw_mode(0o600),
    )?))
}

/// Removes the files `listed` (relative paths) below the folder `root` is open on, through
/// handles only: regular files, not links, then the folders on their way that this leaves
/// empty, deepest first. Whatever else is there stays.
#[cfg(target_os = "linux")]
pub fn remove_below(root: &std::fs::File, listed: &[PathBuf]) {
    use rustix::fs::{statat, unlinkat, AtFlags, FileType};
    let mut on_the_way = BTreeSet::new();
    for relative in listed {
        if let Ok((folder, name)) = folder_on_the_way(root, relative, false) {
            let regular = statat(&folder, name, AtFlags::SYMLINK_NOFOLLOW)
                .is_ok_and(|s| FileType::from_raw_mode(s.st_mode) == FileType::RegularFile);
            if regular {
                let _ = unlinkat(&folder, name, AtFlags::empty());
            }
        }
        let mut above = relative.parent();
        while let Some(folder) = above.filter(|p| !p.as_os_str().is_empty()) {
            on_the_way.insert(folder.to_path_buf());
            above = folder.parent();
        }
    }
    // A folder sorts before the folders in it: in reverse, the deepest go first.
    for path in on_the_way.iter().rev() {
        if let Ok((folder, name)) = folder_on_the_way(root, path, false) {
            let _ = unlinkat(&folder, name, AtFlags::REMOVEDIR);
        }
    }
}

/// What [`replace_own_file`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// There was no file of that name: written new.
    New,
    /// A file of the tool's was there: replaced by the new text.
    Replaced,
    /// The file already held the new text: left as it was.
    Unchanged,
}

/// Reads the regular file at `path` as it is, without following a link and without waiting
/// on a named pipe or a device put at its name: `Ok(None)` when nothing has the name, a
/// refusal when something other than a regular file has it.
pub fn read_regular(path: &Path) -> Result<Option<(Vec<u8>, std::fs::Metadata)>, Error> {
    let not_a_file = || {
        Error::Refused {
        path: path.to_path_buf(),
        reason: "is not a regular file (a link, a folder, a named pipe or a device); nothing was written or read through it".into(),
    }
    };
    // Looked at before it is opened: opening a named pipe, even without waiting, would throw
    // away what a writer had sent into it.
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Ok(meta) if !meta.is_file() => return Err(not_a_file()),
        _ => {}
    }
    let file = match open_without_waiting(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => return Err(not_a_file()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(not_a_file());
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut &file, &mut bytes).map_err(|e| Error::io(path, e))?;
    Ok(Some((bytes, meta)))
}

/// The folder a file named `path` is written in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `text` whole into a temporary file and puts it on the disk; an error names `path`, the
/// file the temporary one will become.
fn write_whole(temp: &mut tempfile::NamedTempFile, text: &[u8], path: &Path) -> Result<(), Error> {
    // Through the file itself: the temporary file's own writer adds its random name to an
    // error ("at path …/.compendium-new-x1Y2z3"), which says nothing to the user.
    temp.as_file_mut()
        .write_all(text)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))
}

/// What the temporary files of [`replace_own_file`] and [`write_new_file`] are named after.
const NEW_FILE_PREFIX: &str = ".compendium-new-";

/// What a page moved aside by [`replace_own_file`] is named after, where names cannot be
/// exchanged: a run stopped meanwhile leaves it, for `man --dir` to point out.
pub const PAGE_ASIDE_PREFIX: &str = ".compendium-page-";

/// Writes `text` to `path`, replacing what is there only if it is a regular file that `ours`
/// recognises as the tool's own (a page it wrote, unchanged since); anything else with that
/// name is refused and left as it was. The new text is written whole to a temporary file beside
/// it first, with the old file's permissions (and owner, where allowed), and takes the name in
/// one step: a full disk or a crash leaves the old file, never none. Where the system can
/// exchange two names in one step (Linux), the file displaced is checked to be the one found
/// and only then removed; a file someone put at the name in the meantime is put back.
pub fn replace_own_file(
    path: &Path,
    text: &[u8],
    ours: &dyn Fn(&[u8]) -> bool,
) -> Result<Replaced, Error> {
    let Some((old, meta)) = read_regular(path)? else {
        return write_new_file(path, text).map(|()| Replaced::New);
    };
    if !ours(&old) {
        return Err(Error::Refused {
            path: path.to_path_buf(),
            reason: "is not a file compendium wrote, unchanged since (it may be someone's edits); it was left as it was".into(),
        });
    }
    if old == text {
        return Ok(Replaced::Unchanged);
    }
    let folder = folder_of(path);
    refuse_read_only(folder, path)?;
    let mut temp = tempfile::Builder::new()
        .prefix(NEW_FILE_PREFIX)
        .tempfile_in(folder)
        .map_err(|e| Error::io(folder, plain(e)))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mode = std::fs::Permissions::from_mode(meta.mode() & 0o777);
        temp.as_file()
            .set_permissions(mode)
            .map_err(|e| Error::io(path, e))?;
    }
    keep_owner(temp.as_file(), &meta);
    write_whole(&mut temp, text, path)?;
    // From here the temporary name may come to hold the old file: nothing is removed by name
    // unless it is known to be what it should be.
    let (file, temp_path) = temp.keep().map_err(|e| Error::io(path, e.error))?;
    let at = |p: &Path| std::fs::symlink_metadata(p).ok().and_then(|m| identity(&m));
    let new_id = file.metadata().ok().and_then(|m| identity(&m));
    let remove_new = || {
        if at(&temp_path) == new_id {
            let _ = std::fs::remove_file(&temp_path);
        }
    };
    // What was displaced is the page that was checked, as it was then: the same file, with the
    // same text (an edit saved into it in place since keeps the file, not the text).
    let as_checked = |displaced: &Path| {
        at(displaced).is_some()
            && at(displaced) == identity(&meta)
            && read_regular(displaced).is_ok_and(|now| now.is_some_and(|(text, _)| text == old))
    };
    let changed_meanwhile = || Error::Refused {
        path: path.to_path_buf(),
        reason: "was changed or replaced while it was being written; it was left as it was".into(),
    };
    #[cfg(test)]
    super::test_support::before_publishing(path);
    match swap(&temp_path, path) {
        Ok(true) => {
            if as_checked(&temp_path) {
                let _ = std::fs::remove_file(&temp_path);
                let _ = sync_folder(folder);
                return Ok(Replaced::Replaced);
            }
            // Not the page as it was checked: it goes back, and the new text goes.
            let _ = swap(&temp_path, path);
            remove_new();
            Err(changed_meanwhile())
        }
        // No exchange on this file system (some network ones): the page is moved aside, checked,
        // and the new one linked in only where nothing has the name; otherwise the page goes
        // back, or where that cannot be done without replacing something, stays aside and the
        // refusal says where.
        Ok(false) => {
            let aside = tempfile::Builder::new()
                .prefix(PAGE_ASIDE_PREFIX)
                .tempfile_in(folder)
                .and_then(|t| t.keep().map_err(|e| e.error))
                .map(|(_, aside)| aside)
                .map_err(|e| Error::io(folder, plain(e)));
            let aside = match aside {
                Ok(aside) => aside,
                Err(e) => {
                    remove_new();
                    return Err(e);
                }
            };
            if let Err(e) = std::fs::rename(path, &aside) {
                let _ = std::fs::remove_file(&aside);
                remove_new();
                return Err(Error::io(path, e));
            }
            let kept_aside = |why: String| Error::Refused {
                path: path.to_path_buf(),
                reason: format!(
                    "{why}; what had its name is kept whole in {}",
                    aside.shown()
                ),
            };
            if !as_checked(&aside) {
                remove_new();
                return match std::fs::hard_link(&aside, path) {
                    Ok(()) => {
                        let _ = std::fs::remove_file(&aside);
                        Err(changed_meanwhile())
                    }
                    Err(_) => Err(kept_aside(
                        "was changed or replaced while it was being written".into(),
                    )),
                };
            }
            match std::fs::hard_link(&temp_path, path) {
                Ok(()) => {
                    remove_new();
                    let _ = std::fs::remove_file(&aside);
                    let _ = sync_folder(folder);
                    Ok(Replaced::Replaced)
                }
                // A file system without hard links: renamed in, if nothing has the name.
                Err(e)
                    if e.kind() != std::io::ErrorKind::AlreadyExists
                        && rename_new(&temp_path, path) =>
                {
                    let _ = std::fs::remove_file(&aside);
                    let _ = sync_folder(folder);
                    Ok(Replaced::Replaced)
                }
                Err(e) => {
                    remove_new();
                    match std::fs::hard_link(&aside, path) {
                        Ok(()) => {
                            let _ = std::fs::remove_file(&aside);
                            Err(Error::io(path, e))
                        }
                        Err(_) => Err(kept_aside(format!("could not be replaced ({e})"))),
                    }
                }
            }
        }
        Err(e) => {
            remove_new();
            Err(e)
        }
    }
}

/// A folder nobody may change by its permissions (`chmod a-w`) is to stay as it is: nothing is
/// written into it, by an administrator either, whom the system would let (found by a tester:
/// run as root, `convert` and `new` added a second entry with one id to a frozen folder of
/// accepted entries). `build` refuses such a folder the same way.
fn refuse_read_only(folder: &Path, path: &Path) -> Result<(), Error> {
    match read_only_on_the_way(folder) {
        Some(frozen) => Err(Error::Refused {
            path: path.to_path_buf(),
            reason: format!(
                "cannot be written: the folder {} is read-only (its permissions forbid changing it); nothing was written: make it writable (chmod u+w) if the file should go there, or choose another place",
                frozen.shown()
            ),
        }),
        None => Ok(()),
    }
}

/// The folder marked read-only (`chmod a-w`) that writing into `folder` would change: `folder`
/// itself, or, when it does not exist yet, the nearest folder above it that does, in which the
/// missing ones would be made (found by a reviewer: `new --dir frozen/sub` made `sub` in a
/// frozen folder).
pub fn read_only_on_the_way(folder: &Path) -> Option<PathBuf> {
    let existing = folder
        .ancestors()
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .find(|a| std::fs::symlink_metadata(a).is_ok())?;
    is_marked_read_only(existing).then(|| existing.to_path_buf())
}

/// Whether `folder` is a folder nobody may change by its permissions (`chmod a-w`).
pub fn is_marked_read_only(folder: &Path) -> bool {
    std::fs::metadata(folder)
        .is_ok_and(|meta| meta.is_dir() && super::folder_facts::marked_read_only(&meta))
}

/// Writes one new file whole, or nothing: the text goes to a temporary file beside it, which
/// takes the name only if no file (or link) has it. Never replaces anything.
pub fn write_new_file(path: &Path, text: &[u8]) -> Result<(), Error> {
    let folder = folder_of(path);
    refuse_read_only(folder, path)?;
    if path.as_os_str().to_string_lossy().ends_with(['/', '\\']) {
        return Err(Error::Refused {
            path: path.to_path_buf(),
            reason: "names a folder; give the name of the file to write".into(),
        });
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(NEW_FILE_PREFIX);
    // A temporary file is private (0600); the entry is an ordinary file, made with the
    // permissions any new file gets (0666 less the umask), so that colleagues can read it.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(folder).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Refused {
            path: path.to_path_buf(),
            reason: format!(
                "cannot be written: the folder {} does not exist; nothing was written",
                folder.shown()
            ),
        },
        _ => not_written(path, &e),
    })?;
    write_whole(&mut temp, text, path).map_err(|e| match e {
        Error::Io { source, .. } => not_written(path, &source),
        other => other,
    })?;
    temp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::AlreadyExists {
                path: path.to_path_buf(),
            }
        } else {
            not_written(path, &e.error)
        }
    })?;
    sync_folder(folder).map_err(|e| Error::io(folder, e))
}

/// A new file that could not be written, said in plain words (found by a tester: "Not a
/// directory (os error 20)", "File too large (os error 27)"), and that nothing was written: the
/// temporary file is gone with the error.
fn not_written(path: &Path, e: &std::io::Error) -> Error {
    let why = plain_words(e);
    Error::Refused {
        path: path.to_path_buf(),
        reason: format!("cannot be written: {why}; nothing was written"),
    }
}

/// Why a file could not be written, in plain words: the system's own words for what these do
/// not name.
pub fn plain_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotADirectory => "a part of its path is a file, not a folder".into(),
        ErrorKind::FileTooLarge => {
            "it would be larger than the largest file allowed here (a file-size limit)".into()
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "the disk is full (or your share of it is used up)".into()
        }
        ErrorKind::PermissionDenied => "you may not write in its folder (permission denied)".into(),
        ErrorKind::ReadOnlyFilesystem => "its folder is on a disk that is read-only".into(),
        _ => plain(std::io::Error::new(e.kind(), e.to_string())).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::test_support::*;

    /// A page of the tool's is replaced whole, keeping its permissions, with or without an
    /// exchange of names; one edited in place, or replaced, while the new text was written is
    /// kept and the run refused (found by a reviewer: an edit saved in that instant was lost,
    /// and without an exchange a file saved at the name was overwritten).
    #[test]
    fn a_page_changed_while_it_is_replaced_is_kept() {
        use std::os::unix::fs::PermissionsExt;
        let ours = |text: &[u8]| text.starts_with(b"ours");
        for exchange in [true, false] {
            NO_EXCHANGE.with(|no| no.set(!exchange));
            let tmp = tempfile::tempdir().unwrap();
            let page = tmp.path().join("page.1");
            std::fs::write(&page, "ours, old").unwrap();
            std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o640)).unwrap();
            let replaced = replace_own_file(&page, b"ours, new", &ours).unwrap();
            assert_eq!(replaced, Replaced::Replaced);
            assert_eq!(std::fs::read_to_string(&page).unwrap(), "ours, new");
            let mode = std::fs::metadata(&page).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
            // Edited in place in the instant before the new page takes its name.
            on_publishing(|page| {
                let mut file = std::fs::OpenOptions::new().append(true).open(page).unwrap();
                file.write_all(b" and my edit").unwrap();
            });
            let error = refusal(replace_own_file(&page, b"ours, newer", &ours));
            assert!(error.contains("changed or replaced"), "{error}");
            assert_eq!(
                std::fs::read_to_string(&page).unwrap(),
                "ours, new and my edit"
            );
            // Replaced by another file in that instant.
            on_publishing(|page| {
                let mine = page.with_file_name("mine");
                std::fs::write(&mine, "mine").unwrap();
                std::fs::rename(&mine, page).unwrap();
            });
            let error = refusal(replace_own_file(&page, b"ours, newer", &ours));
            assert!(error.contains("changed or replaced"), "{error}");
            assert_eq!(std::fs::read_to_string(&page).unwrap(), "mine");
            assert_eq!(names(tmp.path()), ["page.1"], "{exchange}");
            NO_EXCHANGE.with(|no| no.set(false));
        }
    }

    /// A command that fails takes back the folders it made for its file, and only those
    /// (found by a tester: `new --dir` on a full disk left an empty folder behind).
    #[test]
    fn folders_made_for_a_file_are_taken_back_and_only_those() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("a")).unwrap();
        let deep = tmp.path().join("a/b/c");
        let made = make_folders(&deep).unwrap();
        let paths = |made: &[MadeFolder]| made.iter().map(|m| m.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&made), [tmp.path().join("a/b"), deep.clone()]);
        std::fs::write(tmp.path().join("a/b/kept.txt"), "someone's").unwrap();
        remove_made_folders(&made);
        assert!(!deep.exists() && tmp.path().join("a/b/kept.txt").exists());
        std::fs::write(tmp.path().join("file"), "").unwrap();
        assert!(make_folders(&tmp.path().join("file")).is_err());
        assert!(make_folders(&tmp.path().join("file/x")).is_err());
        assert!(make_folders(&tmp.path().join("a")).unwrap().is_empty());
        // An empty folder someone put at the name of one it made (found by a tester: `man
        // --dir` that then failed removed it) is not taken back.
        let made = make_folders(&tmp.path().join("new")).unwrap();
        std::fs::rename(tmp.path().join("new"), tmp.path().join("moved")).unwrap();
        std::fs::create_dir(tmp.path().join("new")).unwrap();
        remove_made_folders(&made);
        assert!(tmp.path().join("new").is_dir() && tmp.path().join("moved").is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_permissions_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let ordinary = tmp.path().join("ordinary.json");
        std::fs::write(&ordinary, "{}").unwrap();
        let written = tmp.path().join("entry.json");
        write_new_file(&written, b"{}").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&written), mode(&ordinary));
    }

    #[test]
    fn a_new_file_never_replaces_one() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("entry.md");
        write_new_file(&path, b"first").unwrap();
        assert!(matches!(
            write_new_file(&path, b"second"),
            Err(Error::AlreadyExists { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        #[cfg(unix)]
        {
            // A link to nowhere is not followed to create its target.
            let link = tmp.path().join("link.md");
            std::os::unix::fs::symlink(tmp.path().join("elsewhere.md"), &link).unwrap();
            assert!(write_new_file(&link, b"x").is_err());
            assert!(!tmp.path().join("elsewhere.md").exists());
            assert_eq!(
                names(tmp.path()),
                ["entry.md", "link.md"],
                "temporary files left"
            );
        }
    }
}
