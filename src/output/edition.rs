//! Writing an edition ([`write_edition`]): its files go into a private staging folder beside the
//! output, which then takes the output's place (one exchange of names, or two renames), and the
//! previous edition is removed file by file.

use super::attributes::{
    copy_attributes, keep_file_attributes, keep_owner, take_what_a_new_folder_gets,
};
use super::check::{stamps, OutDir, Stamp};
use super::files::{make_folders, remove_made_folders};
#[cfg(target_os = "linux")]
use super::handles::rename_between;
use super::handles::{
    create_in, identity, names_of, open_folder, open_own_folder, private_folder, remove_if_same,
    remove_in, rename_new, same_folder, stat_in, swap, sync_folder,
};
use super::{MANIFEST, MOVED_ASIDE, STAGING_PREFIXES};
use crate::error::{Error, Shown};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `files` (name, contents) as the new contents of the checked folder, replacing it
/// whole. The files go into a staging folder beside it, which is renamed into place once every
/// file is written; if anything fails before that, the previous contents stay exactly as they
/// were and the staging folder is removed.
///
/// The previous edition is then removed file by file, only the files the check found and
/// unchanged since. `Ok(Some(warning))` when some of it could not be removed (a file the
/// system would not delete, or one that appeared in the folder while the edition was being
/// made): the new edition is in place, and what is left of the previous one is kept under a
/// name the warning gives, never deleted.
pub fn write_edition(out: &OutDir, files: &[(&str, String)]) -> Result<Option<String>, Error> {
    let parent = out.path.parent().unwrap_or(Path::new("/"));
    let made = make_folders(parent).map_err(|e| Error::io(parent, e))?;
    let written = write_edition_in(out, parent, files);
    // A build that published nothing takes back the folders it made for the edition.
    if written.is_err() {
        remove_made_folders(&made);
    }
    written
}

/// [`write_edition`], once the folder around the output exists.
fn write_edition_in(
    out: &OutDir,
    parent: &Path,
    files: &[(&str, String)],
) -> Result<Option<String>, Error> {
    let dir = &out.path;
    let names = files.iter().map(|(name, _)| name.to_string()).collect();
    let staging = Staging::new(parent, names)?;
    // The edition it replaces, held open from here on: its permissions, access lists and files
    // are read, and its files removed, through this handle, wherever someone who may rename in
    // the folder around moves it; never by name.
    let previous = match &out.found {
        None => None,
        Some(_) => {
            let opened = open_folder(dir).and_then(|folder| Ok((folder.metadata()?, folder)));
            match opened {
                Ok((meta, folder)) => Some((folder, meta)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(changed_meanwhile(out))
                }
                Err(e) => return Err(Error::io(dir, e)),
            }
        }
    };
    // Side by side: copying 100 MB of text into the page cache is most of this stage. Each file
    // is on the disk before the folder takes the output's place, so that a crash or a power cut
    // just after cannot leave an edition of empty or cut files where a whole one was.
    files.par_iter().try_for_each(|(name, contents)| {
        let path = staging.path.join(name);
        create_in(&staging.folder, &staging.path, name)
            .and_then(|mut file| {
                if let Some((previous_folder, previous)) = &previous {
                    keep_file_attributes(previous_folder, dir, name, &file)?;
                    keep_owner(&file, previous);
                }
                file.write_all(contents.as_bytes())?;
                file.sync_all()
            })
            .map_err(|e| Error::io(&path, e))
    })?;
    let folder = &staging.folder;
    // The folder takes the permissions, access lists and owner of the one it replaces once
    // its files are written; its owner last, since its owner may change what is in it.
    if let Some((previous_folder, previous)) = &previous {
        folder
            .set_permissions(previous.permissions())
            .and_then(|()| copy_attributes(previous_folder, folder))
            .map_err(|e| Error::io(&staging.path, e))?;
        keep_owner(folder, previous);
    } else {
        // A new folder gets what `mkdir` would give it there, not the privacy it was written
        // in: the permissions the umask leaves, and the access lists the folder around it passes
        // on to new folders.
        take_what_a_new_folder_gets(folder, &staging.path)
            .map_err(|e| Error::io(&staging.path, e))?;
    }
    folder.sync_all().map_err(|e| Error::io(&staging.path, e))?;
    if !same_folder(&staging.path, folder) {
        return Err(replaced(out, &staging.path));
    }
    // Whatever came into the folder, left it or was changed in it while the edition was made
    // stops the replacement.
    let now = match stamps(dir) {
        Ok(names) => Some(names),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(dir, e)),
    };
    if now != out.found {
        return Err(changed_meanwhile(out));
    }
    #[cfg(test)]
    super::test_support::before_publishing(&staging.path);
    if out.found.is_some() && swap(&staging.path, dir)? {
        if !same_folder(dir, folder) {
            // Someone put another folder in the staging folder's place: put back what was.
            let _ = swap(&staging.path, dir);
            return Err(replaced(out, &staging.path));
        }
        let (previous_folder, _) = previous.as_ref().expect("a previous edition was found");
        if !same_folder(&staging.path, previous_folder) {
            // What had the output's name was not the edition checked (someone put a folder
            // there in the instant before): it goes back, and nothing is published.
            let _ = swap(&staging.path, dir);
            return Err(changed_meanwhile(out));
        }
        // The previous edition now stands where the staging folder was.
        let at = staging.published();
        // Published: from here on nothing fails the build.
        let _ = sync_folder(parent);
        return Ok(remove_previous(previous_folder, &at, out));
    }
    if out.found.is_some() {
        // Named after the folder it stands in for, so that a build killed before the second
        // rename can tell whose edition it holds. Kept from the start: what it holds is the
        // previous edition, removed only file by file below, never as a whole.
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        let prefix = format!("{}{name}-", STAGING_PREFIXES[1]);
        let old = private_folder(parent, &prefix).map_err(|e| Error::io(parent, e))?;
        // Moved into it and out of it through its handle: someone who may rename in the folder
        // around cannot have the edition moved into a folder of theirs.
        let old_folder = match open_own_folder(&old) {
            Ok(folder) => folder,
            Err(e) => return Err(Error::io(&old, e)),
        };
        let (previous_folder, _) = previous.as_ref().expect("a previous edition was found");
        let old_path = old.join(MOVED_ASIDE);
        if let Err(e) = move_into(dir, &old_folder, &old) {
            remove_if_same(&old, &old_folder);
            return Err(Error::io(dir, e));
        }
        let moved_aside = stat_in(&old_folder, &old, MOVED_ASIDE.as_ref());
        let ours = previous_folder.metadata().ok();
        if moved_aside.ok().as_ref().and_then(identity) != ours.as_ref().and_then(identity) {
            // Not the edition that was checked: put back whatever it is.
            if move_out(&old_folder, &old, dir).is_err() {
                return Err(put_back_failed(out, &old_path));
            }
            remove_if_same(&old, &old_folder);
            return Err(changed_meanwhile(out));
        }
        // Never over a folder someone made at the output's name while it was missing.
        let moved = rename_new(&staging.path, dir);
        if !moved || !same_folder(dir, folder) {
            // Put the previous edition back before reporting (and, if another folder was put
            // in the staging folder's place, that folder back where it was).
            if moved && !rename_new(dir, &staging.path) {
                return Err(put_back_failed(out, &old_path));
            }
            if move_out(&old_folder, &old, dir).is_err() {
                return Err(put_back_failed(out, &old_path));
            }
            remove_if_same(&old, &old_folder);
            return Err(if moved {
                replaced(out, &staging.path)
            } else {
                changed_meanwhile(out)
            });
        }
        // The staging folder was renamed into place.
        staging.published();
        let _ = sync_folder(parent);
        let warning = remove_previous(previous_folder, &old_path, out);
        // Empty by now, unless what was kept could not be renamed out of it.
        remove_if_same(&old, &old_folder);
        return Ok(warning);
    }
    // Only where nothing has the name yet: a folder made there meanwhile is not replaced.
    if !rename_new(&staging.path, dir) {
        return Err(Error::Refused {
            path: out.given.clone(),
            reason: "was made by someone else while the edition was being made, or could not be given the edition. Nothing was published, and it was left as it is".into(),
        });
    }
    if !same_folder(dir, folder) {
        // Another folder, put in the staging folder's place, went to the output's name: back
        // where it was, and nothing is published.
        let _ = rename_new(dir, &staging.path);
        return Err(replaced(out, &staging.path));
    }
    staging.published();
    let _ = sync_folder(parent);
    Ok(None)
}

/// The folder a new edition is made in, beside the output folder: private from the start
/// (0700), opened and locked while it lives (so that another build does not call it a
/// leftover), and written through its handle, never by path, so that nobody who may change the
/// folder around it can send a write elsewhere by swapping the folder, or a name in it, for a
/// link.
///
/// Dropped before it is published (a build that fails or is refused), it removes the files it
/// was to hold through that same handle, and the folder itself by name only if the name still
/// leads to it, and only if empty: someone who may change the folder around it can rename it
/// and put a folder of their own, or of a colleague, at its name, and that folder is never
/// touched (found by a tester: a refused build deleted a colleague's folder put there).
struct Staging {
    path: PathBuf,
    folder: std::fs::File,
    /// The names of the files the edition writes: all the folder may hold.
    names: Vec<String>,
    /// Cleared once the folder is published (or holds the previous edition).
    armed: bool,
}

impl Staging {
    fn new(parent: &Path, names: Vec<String>) -> Result<Staging, Error> {
        let path = private_folder(parent, STAGING_PREFIXES[0]).map_err(|e| Error::io(parent, e))?;
        match open_own_folder(&path) {
            Ok(folder) => Ok(Staging {
                path,
                folder,
                names,
                armed: true,
            }),
            // Not this build's folder any more (someone who may rename in the folder around put
            // another at its name), or one it could not lock: left alone, whoever's it is.
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// The folder is published, or holds the previous edition: nothing is removed on drop.
    /// Returns the staging folder's name.
    fn published(mut self) -> PathBuf {
        self.armed = false;
        std::mem::take(&mut self.path)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        for name in &self.names {
            let _ = remove_in(&self.folder, &self.path, name.as_ref());
        }
        remove_if_same(&self.path, &self.folder);
    }
}

/// The refusal when a replacement failed and the previous edition could not be put back.
fn put_back_failed(out: &OutDir, previous: &Path) -> Error {
    Error::Refused {
        path: out.given.clone(),
        reason: format!(
            "could not be replaced, and its previous edition could not be put back: it is whole in {}. Move it back yourself (rename it to {})",
            previous.shown(),
            out.path.shown()
        ),
    }
}

/// The refusal when the folder being made was swapped for another while the build ran.
fn replaced(out: &OutDir, staging: &Path) -> Error {
    Error::Refused {
        path: out.given.clone(),
        reason: format!("the folder the edition was being made in ({}) was replaced by another while the build ran: someone who may change the folder around it did so. Nothing was published, the previous edition is as it was, and what now has that name is not the build's and was left alone", staging.shown()),
    }
}

/// Moves the folder `dir` into the folder `into` is open on, as [`MOVED_ASIDE`].
#[cfg(target_os = "linux")]
fn move_into(dir: &Path, into: &std::fs::File, _: &Path) -> std::io::Result<()> {
    // Nothing has that name in the private folder `into`, just made and empty, unless someone
    // with an administrator's rights put it there.
    if rename_between(rustix::fs::CWD, dir, into, MOVED_ASIDE)? {
        Err(std::io::ErrorKind::AlreadyExists.into())
    } else {
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
fn move_into(dir: &Path, _: &std::fs::File, into: &Path) -> std::io::Result<()> {
    std::fs::rename(dir, into.join(MOVED_ASIDE))
}

/// Moves [`MOVED_ASIDE`] out of the folder `from` is open on back to `dir`, only if nothing has
/// that name.
#[cfg(target_os = "linux")]
fn move_out(from: &std::fs::File, _: &Path, dir: &Path) -> std::io::Result<()> {
    if rename_between(from, MOVED_ASIDE, rustix::fs::CWD, dir)? {
        Err(std::io::ErrorKind::AlreadyExists.into())
    } else {
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
fn move_out(_: &std::fs::File, from: &Path, dir: &Path) -> std::io::Result<()> {
    if rename_new(&from.join(MOVED_ASIDE), dir) {
        Ok(())
    } else {
        Err(std::io::ErrorKind::AlreadyExists.into())
    }
}

/// The refusal when the output folder changed after it was checked.
fn changed_meanwhile(out: &OutDir) -> Error {
    Error::Refused {
        path: out.given.clone(),
        reason: "its contents changed while the edition was being made (by hand, or by another build writing the same folder). Nothing was written; build again once nothing else writes it".into(),
    }
}

/// Removes the previous edition, now at `folder`: the files [`check_out_dir`] found there, each
/// only if unchanged since, then the folder if that left it empty. Anything else (a file saved
/// into the folder while the edition was being made, a file the system would not delete) is
/// kept: the folder is renamed beside the output folder, to `NAME.previous` (or `NAME.previous-2`
/// …), and the warning returned says where and why.
fn remove_previous(folder: &std::fs::File, at: &Path, out: &OutDir) -> Option<String> {
    // Private while it is emptied, where this user owns it: nobody else can then save a file
    // at one of its names between the look at a file and its removal (in a folder shared with
    // a group, a colleague's save lost that way). Given its permissions back if anything stays.
    let before = folder.metadata().map(|m| m.permissions());
    #[cfg(unix)]
    let private = before.is_ok()
        && folder
            .set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .is_ok();
    #[cfg(not(unix))]
    let private = false;
    let mut refused = None;
    // The manifest last: whatever is kept still says it was an edition (and reading entries
    // skips a folder that holds one).
    let mut found: Vec<_> = out.found.iter().flatten().collect();
    found.sort_by_key(|(name, _)| *name == MANIFEST);
    for (name, stamp) in found {
        let unchanged = stat_in(folder, at, name).is_ok_and(|m| Stamp::of(&m) == *stamp);
        if unchanged {
            if let Err(e) = remove_in(folder, at, name) {
                refused.get_or_insert(format!(
                    "{} could not be removed: {e}",
                    name.to_string_lossy()
                ));
            }
        }
    }
    let left: Vec<String> = names_of(folder, at)
        .map(|names| {
            names
                .iter()
                .map(|n| n.to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    // Where it was left (someone may have moved it meanwhile): its name is used only while it
    // still leads to it.
    let here = same_folder(at, folder);
    if left.is_empty() {
        if here {
            let _ = std::fs::remove_dir(at);
        }
        return None;
    }
    if let (true, Ok(before)) = (private, before) {
        let _ = folder.set_permissions(before);
    }
    let why = refused.unwrap_or_else(|| {
        "it holds files the build did not write, or files of it changed, while the edition was being made".into()
    });
    let kept = if here {
        format!("is kept in {}", keep_beside(at, &out.path).shown())
    } else {
        format!(
            "was moved away from {} by someone else while the build ran",
            at.shown()
        )
    };
    Some(format!(
        "the new edition is in {}, but the previous one could not be removed completely ({why}). What is left of it ({}) {kept}: take out anything you need, then remove that folder yourself",
        out.given.shown(),
        left.join(", "),
    ))
}

/// Renames `folder` to the first free name of `NAME.previous`, `NAME.previous-2` … beside
/// `dir` (named `NAME`), so that what is kept of a previous edition is easy to find; where none
/// can be used, `folder` stays where it is.
fn keep_beside(folder: &Path, dir: &Path) -> PathBuf {
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return folder.to_path_buf();
    };
    for n in 1..100 {
        let mut kept = name.to_os_string();
        kept.push(if n == 1 {
            ".previous".to_string()
        } else {
            format!(".previous-{n}")
        });
        let kept = parent.join(kept);
        if rename_new(folder, &kept) {
            return kept;
        }
    }
    folder.to_path_buf()
}

/// Removes a staging folder (`.compendium-build-…`) that a build stopped before publishing
/// (Ctrl-C, a closed terminal, `kill`) left beside an output folder: only if it is this user's
/// private folder that no running build holds (it is locked here, as a build locks its own), and
/// it holds nothing but files an edition is made of, each removed through the folder's handle.
/// Found by a tester: after Ctrl-C, a hidden folder of cut files stayed, named by every later
/// build for the user to remove by hand. Anything else is left as it is, with the reason.
#[cfg(target_os = "linux")]
pub fn remove_interrupted(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    // Said in plain words before the checks that lock it.
    let meta = std::fs::symlink_metadata(path)?;
    if meta.mode() & 0o077 != 0 {
        return Err(std::io::Error::other(
            "others may use it, as a build's own folder never lets them",
        ));
    }
    if super::handles::in_use(path) {
        return Err(std::io::Error::other("a running build holds it"));
    }
    let folder = open_own_folder(path)?;
    let names = names_of(&folder, path)?;
    let made_by_a_build = |name: &std::ffi::OsStr| {
        name.to_str()
            .is_some_and(|n| crate::render::FILE_NAMES.contains(&n) || n == super::PROBE)
    };
    if !names.iter().all(|n| made_by_a_build(n)) {
        return Err(std::io::Error::other(
            "it holds files a build does not write",
        ));
    }
    // Empty, it may be a build's that has just made it and not yet locked it; with a manifest,
    // it may be a previous edition a build was emptying, with a file it kept on purpose (found
    // by a reviewer). Either is left for the user.
    if names.is_empty() || names.iter().any(|n| n == super::MANIFEST) {
        return Err(std::io::Error::other(
            "it may hold a whole edition, or belong to a build just starting",
        ));
    }
    for name in &names {
        if name == super::PROBE {
            rustix::fs::unlinkat(&folder, name.as_os_str(), rustix::fs::AtFlags::REMOVEDIR)?;
        } else {
            remove_in(&folder, path, name)?;
        }
    }
    remove_if_same(path, &folder);
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(std::io::Error::other(
            "the emptied folder could not be removed",
        ));
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
pub fn remove_interrupted(_: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "this system does not let the tool remove it safely",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::test_support::*;
    use crate::output::{check_out_dir, Protected};

    /// Someone who may rename things in the folder around the output moves the staging folder
    /// away and puts a colleague's folder at its name just before the edition is published (found
    /// by a tester: the refused build then deleted that colleague's folder). Nothing of it is
    /// touched, the previous edition (if any) stays, and only the build's own files go.
    #[test]
    fn a_folder_put_in_the_staging_folders_place_is_never_touched() {
        // With and without an exchange of names in one step (a FUSE file system has neither
        // it nor `RENAME_NOREPLACE`: a rebuild there failed once the previous edition was moved
        // through a handle).
        for exchange in [true, false] {
            NO_EXCHANGE.with(|no| no.set(!exchange));
            a_folder_put_in_the_staging_folders_place_is_never_touched_with();
            let tmp = tempfile::tempdir().unwrap();
            let dist = tmp.path().join("dist");
            build(&dist, &[("compendium.md", "first")]).unwrap();
            build(&dist, &[("compendium.md", "second")]).unwrap();
            assert_eq!(
                std::fs::read_to_string(dist.join("compendium.md")).unwrap(),
                "second"
            );
            assert_eq!(names(tmp.path()), ["dist"], "{exchange}");
            NO_EXCHANGE.with(|no| no.set(false));
        }
    }

    /// Someone who may rename in the folder around the output moves the edition away and puts
    /// a folder of theirs at its name in the instant before it is replaced (found by a tester:
    /// their folder was swapped out of the way under the staging folder's hidden name, without a
    /// word). It goes back to its place, nothing is published, and the edition moved away is
    /// left whole.
    #[test]
    fn a_folder_put_at_the_outputs_name_before_the_replacement_goes_back() {
        for exchange in [true, false] {
            NO_EXCHANGE.with(|no| no.set(!exchange));
            let tmp = tempfile::tempdir().unwrap();
            let dist = tmp.path().join("dist");
            build(&dist, &[("compendium.md", "first")]).unwrap();
            let theirs = tmp.path().join("theirs");
            std::fs::create_dir(&theirs).unwrap();
            std::fs::write(theirs.join("notes.txt"), "a colleague's").unwrap();
            let (dist2, theirs2) = (dist.clone(), theirs.clone());
            let moved = tmp.path().join("moved");
            let moved2 = moved.clone();
            on_publishing(move |_| {
                std::fs::rename(&dist2, &moved2).unwrap();
                std::fs::rename(&theirs2, &dist2).unwrap();
            });
            let error = refusal(build(&dist, &[("compendium.md", "second")]));
            assert!(error.contains("changed while"), "{error}");
            assert_eq!(names(&dist), ["notes.txt"], "{exchange}");
            assert_eq!(
                std::fs::read_to_string(moved.join("compendium.md")).unwrap(),
                "first"
            );
            assert_eq!(names(tmp.path()), ["dist", "moved"], "{exchange}");
            NO_EXCHANGE.with(|no| no.set(false));
        }
    }

    fn a_folder_put_in_the_staging_folders_place_is_never_touched_with() {
        for rebuild in [true, false] {
            let tmp = tempfile::tempdir().unwrap();
            let dist = tmp.path().join("dist");
            if rebuild {
                build(&dist, &[("compendium.md", "first")]).unwrap();
            }
            let notes = tmp.path().join("notes");
            std::fs::create_dir_all(notes.join("sub")).unwrap();
            std::fs::write(notes.join("opinion.txt"), "a colleague's").unwrap();
            std::fs::write(notes.join("compendium.md"), "a colleague's too").unwrap();
            let moved = tmp.path().join("moved");
            let (notes2, moved2) = (notes.clone(), moved.clone());
            BEFORE_PUBLISHING.with(|h| {
                *h.borrow_mut() = Some(Box::new(move |staging: &Path| {
                    std::fs::rename(staging, &moved2).unwrap();
                    std::fs::rename(&notes2, staging).unwrap();
                }))
            });
            let error = refusal(build(&dist, &[("compendium.md", "second")]));
            assert!(error.contains("was replaced by another"), "{error}");
            let staging = std::fs::read_dir(tmp.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.to_string_lossy().contains(STAGING_PREFIXES[0]))
                .expect("the colleague's folder is where it was put");
            assert_eq!(
                std::fs::read_to_string(staging.join("opinion.txt")).unwrap(),
                "a colleague's"
            );
            assert_eq!(
                std::fs::read_to_string(staging.join("compendium.md")).unwrap(),
                "a colleague's too"
            );
            assert!(staging.join("sub").is_dir());
            if rebuild {
                assert_eq!(
                    std::fs::read_to_string(dist.join("compendium.md")).unwrap(),
                    "first"
                );
            } else {
                assert!(!dist.exists());
            }
            // What the build wrote is gone from its own folder, wherever that went.
            assert_eq!(names(&moved), Vec::<String>::new());
        }
    }

    /// The staging folder, dropped unpublished, takes away only what it wrote.
    #[test]
    fn an_unpublished_staging_folder_removes_only_its_own_files() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::new(tmp.path(), vec!["compendium.md".into()]).unwrap();
        create_in(&staging.folder, &staging.path, "compendium.md").unwrap();
        let path = staging.path.clone();
        drop(staging);
        assert!(!path.exists());
        let staging = Staging::new(tmp.path(), vec!["compendium.md".into()]).unwrap();
        create_in(&staging.folder, &staging.path, "compendium.md").unwrap();
        let moved = tmp.path().join("moved");
        std::fs::rename(&staging.path, &moved).unwrap();
        std::fs::create_dir(&staging.path).unwrap();
        std::fs::write(staging.path.join("compendium.md"), "someone's").unwrap();
        let path = staging.path.clone();
        drop(staging);
        assert_eq!(
            std::fs::read_to_string(path.join("compendium.md")).unwrap(),
            "someone's"
        );
        assert!(!moved.join("compendium.md").exists());
    }

    #[test]
    fn what_was_not_the_previous_edition_is_kept_and_reported() {
        // A file saved into the folder after the last check but before the swap ends up in
        // the previous edition's folder: it must survive its removal (found by a tester).
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        let checked = check_out_dir(&out, &Protected::default()).unwrap();
        let previous = tmp.path().join(".compendium-build-x");
        std::fs::rename(&out, &previous).unwrap();
        std::fs::write(previous.join("notes.txt"), "mine").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&previous, std::fs::Permissions::from_mode(0o775)).unwrap();
        }
        let handle = open_folder(&previous).unwrap();
        let warning = remove_previous(&handle, &previous, &checked).expect("a warning");
        let kept = tmp.path().join("dist.previous");
        // Made private while it was emptied (nobody else could save into it then), and given
        // its permissions back once what is left of it is kept.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&kept).unwrap().permissions().mode() & 0o7777;
            assert_eq!(mode, 0o775);
        }
        assert!(warning.contains("notes.txt") && warning.contains(&*kept.to_string_lossy()));
        assert_eq!(names(&kept), ["notes.txt"]);
        assert_eq!(
            std::fs::read_to_string(kept.join("notes.txt")).unwrap(),
            "mine"
        );
        assert!(!previous.exists());
        // A second time, the name is taken: the next one is used.
        std::fs::create_dir(&previous).unwrap();
        std::fs::write(previous.join("notes.txt"), "again").unwrap();
        let handle = open_folder(&previous).unwrap();
        let warning = remove_previous(&handle, &previous, &checked).expect("a warning");
        assert!(warning.contains("dist.previous-2"), "{warning}");
        // An unchanged previous edition goes whole, leaving nothing behind.
        build(&out, &[("compendium.md", "two")]).unwrap();
        build(&out, &[("compendium.md", "three")]).unwrap();
        let mut all = names(tmp.path());
        all.retain(|n| n.starts_with(".compendium"));
        assert!(all.is_empty(), "{all:?}");
    }

    /// The previous edition is removed through the handle held on it, wherever someone who may
    /// rename in the folder around moves it, and whatever they put at its name (a colleague's
    /// folder, a link to one) is neither emptied nor renamed (found by a tester: a build deleted
    /// files of the folder swapped in, then renamed it to `dist.previous`).
    #[cfg(target_os = "linux")]
    #[test]
    fn the_previous_edition_is_removed_through_its_handle_only() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one"), ("compendium.csv", "a")]).unwrap();
        let checked = check_out_dir(&out, &Protected::default()).unwrap();
        let at = tmp.path().join(".compendium-build-x");
        std::fs::rename(&out, &at).unwrap();
        let handle = open_folder(&at).unwrap();
        let colleague = tmp.path().join("colleague");
        std::fs::create_dir(&colleague).unwrap();
        std::fs::write(colleague.join("compendium.md"), "theirs").unwrap();
        for swapped_in in ["folder", "link"] {
            let moved = tmp.path().join("moved");
            std::fs::rename(&at, &moved).unwrap();
            if swapped_in == "folder" {
                std::fs::rename(&colleague, &at).unwrap();
            } else {
                std::os::unix::fs::symlink(&colleague, &at).unwrap();
            }
            // What is left of the edition (a file saved into it meanwhile) is named, not moved.
            std::fs::write(moved.join("notes.txt"), "mine").unwrap();
            let warning = remove_previous(&handle, &at, &checked).expect("a warning");
            assert!(warning.contains("moved away"), "{warning}");
            assert_eq!(names(&moved), ["notes.txt"], "{swapped_in}");
            let theirs = if swapped_in == "folder" {
                &at
            } else {
                &colleague
            };
            assert_eq!(
                std::fs::read_to_string(theirs.join("compendium.md")).unwrap(),
                "theirs"
            );
            assert!(!tmp.path().join("dist.previous").exists());
            // Back as it was, for the next round.
            if swapped_in == "folder" {
                std::fs::rename(&at, &colleague).unwrap();
            } else {
                std::fs::remove_file(&at).unwrap();
            }
            std::fs::remove_file(moved.join("notes.txt")).unwrap();
            std::fs::rename(&moved, &at).unwrap();
            build(&out, &[("compendium.md", "one"), ("compendium.csv", "a")]).unwrap();
            std::fs::remove_dir_all(&out).unwrap();
        }
    }

    /// A new edition's folder gets what a folder made by `mkdir` beside it gets (its mode, the
    /// set-group-ID bit of a shared folder), learned inside the private staging folder, where
    /// nobody else can put a folder of theirs (found by a tester: a looser folder swapped in for
    /// one made beside the output lent the edition its mode and access list); and a file of the
    /// previous edition is read without waiting on a named pipe put in its place.
    #[cfg(target_os = "linux")]
    #[test]
    fn attributes_are_read_only_from_what_was_opened() {
        use crate::output::names_in;
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let shared = tmp.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2775)).unwrap();
        std::fs::create_dir(shared.join("by-mkdir")).unwrap();
        let staging = Staging::new(&shared, Vec::new()).unwrap();
        take_what_a_new_folder_gets(&staging.folder, &staging.path).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&staging.path), mode(&shared.join("by-mkdir")));
        assert_eq!(mode(&staging.path) & 0o2000, 0o2000);
        assert!(names_in(&staging.folder).unwrap().is_empty());
        drop(staging);
        assert_eq!(names(&shared), ["by-mkdir"]);
        // A named pipe where a file of the previous edition was: nothing waits, nothing is read.
        let fifo = tmp.path().join("compendium.md");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        let new = std::fs::File::create(tmp.path().join("new")).unwrap();
        new.set_permissions(std::fs::Permissions::from_mode(0o600))
            .unwrap();
        let folder = open_folder(tmp.path()).unwrap();
        keep_file_attributes(&folder, tmp.path(), "compendium.md", &new).unwrap();
        assert_eq!(new.metadata().unwrap().permissions().mode() & 0o777, 0o600);
    }

    /// A first build makes the folder; a second replaces the edition whole, leaving nothing of
    /// the first and no staging folder.
    #[test]
    fn builds_a_new_folder_then_replaces_its_own_edition_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one"), ("compendium.csv", "two")]).unwrap();
        // Made as any new folder is (found by a tester: it was published private, 0700); the
        // mask is read where the system tells it (Linux).
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o777 & !umask());
        }
        build(&out, &[("compendium.md", "three")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("compendium.md")).unwrap(),
            "three"
        );
        assert_eq!(names(&out), [MANIFEST, "compendium.md"]);
        assert_eq!(names(tmp.path()), ["dist"], "staging folders left behind");
    }

    #[test]
    fn a_file_changed_while_the_edition_is_made_stops_the_replacement() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        let checked = check_out_dir(&out, &Protected::default()).unwrap();
        // Same length, so that only the time of the change tells.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(out.join("compendium.md"), "two").unwrap();
        let reason = refusal(write_edition(
            &checked,
            &edition(&[("compendium.md", "new")]),
        ));
        assert!(
            reason.contains("changed while the edition was being made"),
            "{reason}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("compendium.md")).unwrap(),
            "two"
        );
        assert_eq!(names(tmp.path()), ["dist"], "staging folders left behind");
    }

    #[test]
    fn a_failure_midway_leaves_the_previous_edition_and_no_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        let before = std::fs::read(out.join(MANIFEST)).unwrap();
        let checked = check_out_dir(&out, &Protected::default()).unwrap();
        // The second file cannot be created (its folder does not exist).
        let files = [
            ("compendium.md", "two".to_string()),
            ("missing/b.md", "x".to_string()),
        ];
        assert!(matches!(
            write_edition(&checked, &files),
            Err(Error::Io { .. })
        ));
        assert_eq!(
            std::fs::read_to_string(out.join("compendium.md")).unwrap(),
            "one"
        );
        assert_eq!(std::fs::read(out.join(MANIFEST)).unwrap(), before);
        assert_eq!(names(tmp.path()), ["dist"]);
    }

    #[test]
    fn a_folder_changed_during_the_build_is_not_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        let checked = check_out_dir(&out, &Protected::default()).unwrap();
        std::fs::write(out.join("late.txt"), "arrived meanwhile").unwrap();
        assert!(refusal(write_edition(
            &checked,
            &edition(&[("compendium.md", "two")])
        ))
        .contains("changed"));
        assert_eq!(names(&out), [MANIFEST, "compendium.md", "late.txt"]);
        assert_eq!(names(tmp.path()), ["dist"]);
    }

    /// A first build that publishes nothing takes back the folders it made around the output
    /// (found by a reviewer: they stayed, empty, after "Nothing was published").
    #[test]
    fn a_failed_first_build_leaves_no_folder_it_made() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("a/b/dist");
        let moved = tmp.path().join("moved");
        let moved2 = moved.clone();
        on_publishing(move |staging| std::fs::rename(staging, &moved2).unwrap());
        assert!(build(&out, &[("compendium.md", "one")]).is_err());
        assert!(!tmp.path().join("a").exists());
        assert_eq!(names(&moved), Vec::<String>::new());
    }

    /// A first build does not replace a folder made at the output's name while it ran (found
    /// by a reviewer: an empty private folder made there was silently replaced).
    #[test]
    fn a_folder_made_at_the_output_meanwhile_is_not_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        let out2 = out.clone();
        on_publishing(move |_| {
            std::fs::create_dir(&out2).unwrap();
            std::fs::set_permissions(&out2, std::fs::Permissions::from_mode(0o700)).unwrap();
        });
        let error = refusal(build(&out, &[("compendium.md", "one")]));
        assert!(error.contains("made by someone else"), "{error}");
        assert_eq!(names(&out), Vec::<String>::new());
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        assert_eq!(names(tmp.path()), ["dist"]);
    }
}
