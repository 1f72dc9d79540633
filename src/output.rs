//! Stage 7, and every other command that writes files: writing what the tool makes, without ever
//! losing what it did not make.
//!
//! An edition replaces its output folder whole, all at once or not at all: its files are written
//! into a fresh folder beside the target, which is then renamed into place; if anything fails
//! before the rename, the previous output is left exactly as it was. Before any work,
//! [`check_out_dir`] decides whether the target may be replaced at all: only a folder that does
//! not exist, is empty, or holds an unchanged edition of this tool, and never one that is, holds
//! or lies inside what the build reads. Single files (`convert`, `new`, `man --dir`) are written by
//! [`write_new_file`], which never replaces anything.

use crate::error::Error;
use crate::error::Shown;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The manifest's file name: how a folder written by `build` is recognised.
pub const MANIFEST: &str = "compendium.json";

/// Name prefixes of the folders `build` makes beside its output folder while it works: the new
/// edition, and (where folders cannot trade places in one step) the previous one moved aside, as
/// `.compendium-old-NAME-…/previous` for an output folder named `NAME`.
pub const STAGING_PREFIXES: [&str; 2] = [".compendium-build-", ".compendium-old-"];

/// An output folder that [`check_out_dir`] found safe to replace.
#[derive(Debug, Clone)]
pub struct OutDir {
    /// The folder as given on the command line (for messages).
    pub given: PathBuf,
    /// The folder itself, symbolic links resolved: what is replaced.
    pub path: PathBuf,
    /// What the folder held when it was checked, name by name (`None`: it did not exist).
    found: Option<BTreeMap<OsString, Stamp>>,
    /// Staging folders beside it that an interrupted build left behind. They are never
    /// published; the caller reports them.
    pub leftovers: Vec<PathBuf>,
}

/// What tells that a file was changed, removed or replaced since it was looked at: its kind,
/// length and time of last change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    kind: std::fs::FileType,
    len: u64,
    modified: Option<std::time::SystemTime>,
    /// Where the system tells them, the inode and the time of the last change of its status,
    /// which no user can set back (`cp -p` and `touch -r` set the modification time).
    changed: Option<(u64, i64, i64)>,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            kind: meta.file_type(),
            len: meta.len(),
            modified: meta.modified().ok(),
            changed: changed(meta),
        }
    }
}

#[cfg(unix)]
fn changed(meta: &std::fs::Metadata) -> Option<(u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.ino(), meta.ctime(), meta.ctime_nsec()))
}

#[cfg(not(unix))]
fn changed(_: &std::fs::Metadata) -> Option<(u64, i64, i64)> {
    None
}

/// What must never be written over: the entries read, the schema, taxonomy and decisions
/// files, and the folder the tool runs in.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    /// Entry files and folders given (or the default `practices/`).
    pub inputs: Vec<PathBuf>,
    /// Other files read: a schema, a taxonomy, the decisions file.
    pub files: Vec<PathBuf>,
}

/// Decides whether `out` may be replaced by a new edition, before any work is done.
///
/// It may when it does not exist, is an empty folder, or holds exactly what an earlier build
/// wrote: its manifest and the files the manifest lists, unchanged since (their SHA-256 as
/// recorded), and nothing else. It may never be, contain or lie inside an input, contain a file
/// read, or be or contain the current folder. Symbolic links are resolved before every check.
pub fn check_out_dir(out: &Path, protected: &Protected) -> Result<OutDir, Error> {
    let refuse = |reason: String| Error::Refused {
        path: out.to_path_buf(),
        reason,
    };
    let path = resolve(out).map_err(|e| {
        refuse(match std::fs::read_link(out) {
            Ok(target) => format!(
                "is a symbolic link to {}, which cannot be followed ({e}). Nothing was written",
                target.shown()
            ),
            Err(_) => format!("cannot tell where this folder is ({e}). Nothing was written"),
        })
    })?;
    let pick = "choose another folder for --out";
    if let Ok(here) = std::env::current_dir().and_then(|d| d.canonicalize()) {
        if here.starts_with(&path) {
            let what = if here == path { "is" } else { "contains" };
            return Err(refuse(format!(
                "this folder {what} the current folder; building here would replace it with the edition. Nothing was written; {pick}"
            )));
        }
    }
    // By folder identity as well as by path: a folder mounted a second time elsewhere (a bind
    // mount) has two paths.
    let out_chain = folder_ids(&path);
    for input in &protected.inputs {
        let Ok(input_path) = resolve(input) else {
            continue;
        };
        let input_id = folder_ids(&input_path).into_iter().next();
        let relation = if input_path == path {
            "is"
        } else if input_path.starts_with(&path) {
            "contains"
        } else if path.starts_with(&input_path) {
            "lies inside"
        } else if input_id.is_some() && out_chain.first() == input_id.as_ref() && path.exists() {
            "is"
        } else if input_id.is_some_and(|id| out_chain.contains(&id))
            || folder_below(&input_path, &out_chain)
        {
            "lies inside"
        } else if path.exists()
            && out_chain
                .first()
                .is_some_and(|id| folder_ids(&input_path).contains(id))
        {
            "contains"
        } else {
            continue;
        };
        return Err(refuse(format!(
            "this folder {relation} the entries being read ({}); the edition must go elsewhere. Nothing was written; {pick}",
            input.shown()
        )));
    }
    for file in &protected.files {
        let Ok(file_path) = resolve(file) else {
            continue;
        };
        if file_path.starts_with(&path) {
            let what = if file_path == path { "is" } else { "contains" };
            return Err(refuse(format!(
                "this folder {what} {}, which this build reads. Nothing was written; {pick}",
                file.shown()
            )));
        }
    }
    // First, since neither its permissions nor its contents matter then (its owner may rebuild
    // it; nobody else, not even with write access to it).
    if let Some(owner) = owned_elsewhere_in_sticky_parent(&path) {
        return Err(refuse(format!(
            "cannot be replaced: it belongs to another user ({owner}), and the folder around it lets only an entry's owner move or remove it (its sticky bit, as /tmp's). Nothing was written; ask its owner to rebuild it, or {pick}"
        )));
    }
    let found = match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(refuse(format!(
                "cannot be used for the edition ({e}). Nothing was written; {pick}"
            )))
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(refuse(format!(
                "exists and is not a folder. Nothing was written; {pick}"
            )))
        }
        Ok(meta) if is_mount_point(&path, &meta) => {
            return Err(refuse(format!(
                "is a mount point (another disk or volume, or a folder mounted there): the edition is made beside the folder and put in its place, which cannot be done across volumes. Nothing was written; give a folder inside it (--out {})",
                out.join("edition").shown()
            )))
        }
        Ok(meta) if !writable(&path) || marked_read_only(&meta) => {
            let (why, mend) = if on_read_only_file_system(&path) {
                ("is on a file system mounted read-only", "")
            } else {
                (
                    "is read-only (its permissions or attributes forbid changing it)",
                    "make it writable (chmod u+w, or chattr -i if it is immutable) if the new edition should replace it, or ",
                )
            };
            return Err(refuse(format!(
                "{why}, so the edition in it is not replaced. Nothing was written; {mend}{pick}"
            )));
        }
        Ok(_) => {
            // Stamped before the check: a change made while it runs shows at the replacement.
            let found = stamps(&path).map_err(|e| Error::io(&path, e))?;
            let names: BTreeSet<OsString> = found.keys().cloned().collect();
            if !names.is_empty() {
                check_previous_edition(&path, &names).map_err(|reason| {
                    refuse(format!(
                        "{reason}. Nothing was written: `build` replaces only a folder it wrote itself. Choose another folder for --out, or move what it names away yourself"
                    ))
                })?;
            }
            Some(found)
        }
    };
    // The edition is made beside the folder: its parent must take a new folder and a rename,
    // and the first folder that exists on the way there must take the folders still to make.
    if let Some(parent) = path
        .parent()
        .and_then(|p| p.ancestors().find(|a| a.exists()))
    {
        let marked = std::fs::metadata(parent).is_ok_and(|m| marked_read_only(&m));
        if !writable(parent) || marked {
            let why = if on_read_only_file_system(parent) {
                "which is on a file system mounted read-only"
            } else if marked {
                "which is marked read-only (nobody may write it: chmod a-w)"
            } else {
                "which this process may not change (its permissions or attributes)"
            };
            let around = if Some(parent) == path.parent() {
                "the edition is made in the folder around it"
            } else {
                "the folders on the way to it would be made in"
            };
            return Err(refuse(format!(
                "cannot be made or replaced: {around} {}, {why}. Nothing was written; {pick}",
                parent.shown()
            )));
        }
    }
    let leftovers = leftovers_beside(&path);
    Ok(OutDir {
        given: out.to_path_buf(),
        path,
        found,
        leftovers,
    })
}

/// Whether this process may change what a folder holds (its permissions, or attributes such
/// as Linux's immutable flag, may forbid it).
#[cfg(target_os = "linux")]
fn writable(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}

/// Whether nobody may change a folder by its permissions (`chmod a-w`): a sign that it is to
/// stay as it is, which binds an administrator too, whom the system would let write it anyway.
#[cfg(unix)]
fn marked_read_only(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o222 == 0
}

#[cfg(not(unix))]
fn marked_read_only(meta: &std::fs::Metadata) -> bool {
    meta.permissions().readonly()
}

/// Whether `path` lies on a file system mounted read-only, where no permission would help.
#[cfg(target_os = "linux")]
fn on_read_only_file_system(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK) == Err(rustix::io::Errno::ROFS)
}

#[cfg(not(target_os = "linux"))]
fn on_read_only_file_system(_: &Path) -> bool {
    false
}

#[cfg(not(target_os = "linux"))]
fn writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// The owner of `path` when this process may not move it away because the folder around it is
/// sticky: only the owner of an entry, the owner of the folder, or an administrator may rename or
/// remove an entry of a sticky folder. An administrator inside a user namespace (a container,
/// `unshare -U -r`) is one only over files whose owner and group the namespace maps.
#[cfg(target_os = "linux")]
fn owned_elsewhere_in_sticky_parent(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let entry = std::fs::metadata(path).ok()?;
    let parent = std::fs::metadata(path.parent()?).ok()?;
    let me = rustix::process::geteuid().as_raw();
    let admin = me == 0
        && mapped("/proc/self/uid_map", entry.uid())
        && mapped("/proc/self/gid_map", entry.gid());
    let held = parent.mode() & 0o1000 != 0 && !admin && ![parent.uid(), entry.uid()].contains(&me);
    held.then(|| format!("user id {}", entry.uid()))
}

/// Whether the user namespace of this process maps `id` (as its `/proc/self/uid_map` or
/// `gid_map` lists: inside, outside and count per line). An id the namespace does not map shows
/// as the overflow id (`/proc/sys/kernel/overflowuid`, `overflowgid`; 65534 by default), so
/// inside a namespace that id never counts as mapped, even when the map includes it (a
/// container's `0 100000 65536`): it cannot be told from an owner outside. Where the map cannot
/// be read (no `/proc`), every id counts as mapped, as it is outside any namespace.
#[cfg(target_os = "linux")]
fn mapped(map: &str, id: u32) -> bool {
    let Ok(text) = std::fs::read_to_string(map) else {
        return true;
    };
    let whole = text.split_whitespace().eq(["0", "0", "4294967295"]);
    let overflow = if map.ends_with("gid_map") {
        "/proc/sys/kernel/overflowgid"
    } else {
        "/proc/sys/kernel/overflowuid"
    };
    let overflow = std::fs::read_to_string(overflow)
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(65534);
    if !whole && id == overflow {
        return false;
    }
    text.lines().any(|line| {
        let numbers: Vec<u64> = line.split_whitespace().filter_map(|n| n.parse().ok()).collect();
        matches!(numbers[..], [inside, _, count] if (inside..inside + count).contains(&u64::from(id)))
    })
}

#[cfg(not(target_os = "linux"))]
fn owned_elsewhere_in_sticky_parent(_: &Path) -> Option<String> {
    None
}

/// Whether a folder below `input` (not following links) is one of `chain`: the output folder or
/// a folder above it reached by another path, as a bind mount of a sub-folder of the entries
/// is. The entries folder holds few folders; walked only when it is a folder.
fn folder_below(input: &Path, chain: &[(u64, u64)]) -> bool {
    if chain.is_empty() || !input.is_dir() {
        return false;
    }
    walkdir::WalkDir::new(input)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .any(|e| {
            folder_ids(e.path())
                .first()
                .is_some_and(|id| chain.contains(id))
        })
}

/// The [`identity`] of `path` and of each folder above it that exists, nearest first (`path`
/// itself first when it exists); empty where the system gives no identities.
fn folder_ids(path: &Path) -> Vec<(u64, u64)> {
    path.ancestors()
        .filter_map(|a| std::fs::metadata(a).ok())
        .filter_map(|m| identity(&m))
        .collect()
}

/// Whether a folder is mounted where it is: it lies on another volume than the folder around
/// it, or (Linux) the system says it is the root of a mount, as it is of a folder mounted a
/// second time onto itself or elsewhere (a bind mount), which cannot be renamed.
#[cfg(unix)]
fn is_mount_point(path: &Path, meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    let other_volume = path
        .parent()
        .and_then(|parent| std::fs::metadata(parent).ok())
        .is_some_and(|parent| parent.dev() != meta.dev());
    other_volume || mount_root(path).unwrap_or_else(|| listed_as_mount_point(path))
}

/// Whether `path` is the root of a mount, as `statx` tells it (Linux 5.8 and later, without
/// reading `/proc`); `None` when the system cannot tell.
#[cfg(target_os = "linux")]
fn mount_root(path: &Path) -> Option<bool> {
    use rustix::fs::{statx, AtFlags, StatxAttributes, StatxFlags, CWD};
    let found = statx(CWD, path, AtFlags::NO_AUTOMOUNT, StatxFlags::empty()).ok()?;
    found
        .stx_attributes_mask
        .contains(StatxAttributes::MOUNT_ROOT)
        .then(|| found.stx_attributes.contains(StatxAttributes::MOUNT_ROOT))
}

#[cfg(all(unix, not(target_os = "linux")))]
fn mount_root(_: &Path) -> Option<bool> {
    None
}

/// Whether `/proc/self/mountinfo` lists `path` as a mount point (its fifth field, with spaces,
/// tabs, newlines and backslashes written as octal escapes).
#[cfg(unix)]
fn listed_as_mount_point(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(table) = std::fs::read("/proc/self/mountinfo") else {
        return false;
    };
    let wanted = path.as_os_str().as_bytes();
    table.split(|&b| b == b'\n').any(|line| {
        line.split(|&b| b == b' ')
            .nth(4)
            .is_some_and(|point| unescape_octal(point) == wanted)
    })
}

#[cfg(unix)]
fn unescape_octal(field: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        let code = field
            .get(i + 1..i + 4)
            .filter(|d| field[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match code {
            Some(d) => {
                out.push(
                    d.iter()
                        .fold(0u8, |n, c| n.wrapping_mul(8).wrapping_add(c - b'0')),
                );
                i += 4;
            }
            None => {
                out.push(field[i]);
                i += 1;
            }
        }
    }
    out
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &std::fs::Metadata) -> bool {
    false
}

/// Whether a folder holds exactly an edition a build wrote, and if not, which file says so.
fn check_previous_edition(dir: &Path, names: &BTreeSet<OsString>) -> Result<(), String> {
    let manifest = dir.join(MANIFEST);
    let recorded = match std::fs::symlink_metadata(&manifest) {
        Ok(meta) if meta.is_file() => read_manifest_files(&manifest)?,
        Ok(_) => {
            return Err(format!(
                "its {MANIFEST} is not a plain file (a link, a folder or a special file such as a pipe), not the file a build writes, so it is not an edition this tool built"
            ))
        }
        Err(_) => {
            let first = names
                .iter()
                .next()
                .map(|n| n.to_string_lossy().into_owned());
            return Err(format!(
                "it holds {} and no {MANIFEST}, so it is not an edition this tool built",
                describe(dir, first.as_deref().unwrap_or("files"))
            ));
        }
    };
    // A manifest sealed again by hand may list a file of anyone's: only the tool's own count.
    if let Some(other) = recorded
        .keys()
        .find(|name| !crate::render::FILE_NAMES.contains(&name.as_str()))
    {
        return Err(format!(
            "its {MANIFEST} lists {}, which the tool does not write, so the folder is not an edition as built",
            describe(dir, other)
        ));
    }
    let mut listed = Vec::new();
    for name in names {
        let text = name.to_string_lossy();
        if text == MANIFEST {
            continue;
        }
        let Some(expected) = recorded.get(text.as_ref()) else {
            return Err(format!(
                "it holds {}, which the edition built there did not write",
                describe(dir, &text)
            ));
        };
        listed.push((dir.join(name), expected));
    }
    // The files of a large edition are large: hashed side by side.
    let changed = listed
        .par_iter()
        .find_map_first(|(file, expected)| unchanged(file, expected).err());
    match changed {
        Some(reason) => Err(reason),
        None => Ok(()),
    }
}

/// Whether a file of an earlier edition is still the file the build wrote (`expected`: its
/// SHA-256 in the manifest), and if not, what it is instead.
fn unchanged(file: &Path, expected: &str) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(file).map_err(|e| {
        format!(
            "{} cannot be looked at ({e}), so it cannot be told unchanged",
            file.shown()
        )
    })?;
    if meta.is_symlink() {
        return Err(format!(
            "{} is a symbolic link, not the file the build wrote there, so it may lead to someone's file",
            file.shown()
        ));
    }
    if !meta.is_file() {
        return Err(format!(
            "{} is not a file, not what the build wrote there",
            file.shown()
        ));
    }
    match crate::normalize::sha256_hex_file(file) {
        Ok(actual) if actual == expected => Ok(()),
        Ok(_) => Err(format!(
            "{} was changed after the build (it no longer matches the manifest) and may hold someone's edits",
            file.shown()
        )),
        Err(e) => Err(format!(
            "{} cannot be read ({e}), so it cannot be told unchanged",
            file.shown()
        )),
    }
}

/// Names `name` in `dir` for a message, saying when it is a folder.
fn describe(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
        format!("the folder {}", path.shown())
    } else {
        path.shown()
    }
}

/// The files a manifest lists, with their SHA-256, once the manifest itself is known to be as
/// the tool wrote it; or why the folder is not an edition to replace.
fn read_manifest_files(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let not_ours = || {
        format!(
            "{} is not a manifest written by compendium, so the folder is not an edition this tool built",
            path.shown()
        )
    };
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => not_ours(),
        _ => format!(
            "{} cannot be read ({e}), so the folder cannot be told an unchanged edition",
            path.shown()
        ),
    })?;
    let files = crate::manifest::read_recorded_files(&text).map_err(|_| not_ours())?;
    match crate::manifest::own_hash_matches(&text) {
        Some(true) => Ok(files),
        Some(false) => Err(format!(
            "{} was changed after the build (it no longer matches the SHA-256 it records of itself) and may hold someone's edits",
            path.shown()
        )),
        None => Err(format!(
            "{} records no SHA-256 of itself (an edition built by an earlier version of compendium, or an edited manifest), so it cannot be told unchanged",
            path.shown()
        )),
    }
}

/// The names in a folder.
fn list(dir: &Path) -> std::io::Result<BTreeSet<OsString>> {
    std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.file_name()))
        .collect()
}

/// The names in a folder, each with its [`Stamp`] (links not followed).
fn stamps(dir: &Path) -> std::io::Result<BTreeMap<OsString, Stamp>> {
    let mut found = BTreeMap::new();
    for name in list(dir)? {
        let meta = std::fs::symlink_metadata(dir.join(&name))?;
        found.insert(name, Stamp::of(&meta));
    }
    Ok(found)
}

/// Staging folders that interrupted builds of this user left beside `dir`: folders, not links,
/// of this process's user (what someone else put there under such a name is not called a
/// build's, and not offered for removal).
fn leftovers_beside(dir: &Path) -> Vec<PathBuf> {
    let Some(parent) = dir.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            STAGING_PREFIXES.iter().any(|p| name.starts_with(p))
        })
        .map(|e| e.path())
        .filter(|path| is_own_folder(path) && !in_use(path))
        .collect();
    found.sort();
    found
}

/// Whether `path` is a folder (not a link) of this process's user.
fn is_own_folder(path: &Path) -> bool {
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
fn in_use(path: &Path) -> bool {
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
fn in_use(_: &Path) -> bool {
    false
}

/// An absolute path with every symbolic link resolved, for a path that may not exist yet: the
/// longest part that exists is resolved by the file system, the rest is appended as written.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let parts: Vec<Component<'_>> = absolute.components().collect();
    for existing in (1..=parts.len()).rev() {
        let head: PathBuf = parts[..existing].iter().collect();
        if std::fs::symlink_metadata(&head).is_err() {
            continue;
        }
        let mut resolved = head.canonicalize()?;
        for part in &parts[existing..] {
            match part {
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::Normal(name) => resolved.push(name),
                _ => {}
            }
        }
        return Ok(resolved);
    }
    Ok(absolute)
}

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
    tests::before_publishing(&staging.path);
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

/// Removes the file `name` from the folder `folder` is open on (at `path` when it was made):
/// through the handle where the system allows it, so that only that folder's file can go.
#[cfg(target_os = "linux")]
fn remove_in(folder: &std::fs::File, _: &Path, name: &std::ffi::OsStr) -> std::io::Result<()> {
    Ok(rustix::fs::unlinkat(
        folder,
        name,
        rustix::fs::AtFlags::empty(),
    )?)
}

#[cfg(not(target_os = "linux"))]
fn remove_in(folder: &std::fs::File, path: &Path, name: &std::ffi::OsStr) -> std::io::Result<()> {
    if same_folder(path, folder) {
        std::fs::remove_file(path.join(name))
    } else {
        Ok(())
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

/// Gives `folder` (the staging folder, at `path`) the permissions and access lists a folder
/// made now beside it would get. Learned from an empty folder made in it and removed at once,
/// through its handle: the staging folder was given, when it was made, what the folder around
/// it passes on to new folders (its default access list, its group and set-group-ID bit), and
/// passes that on in turn, and nobody else can rename anything in it.
#[cfg(target_os = "linux")]
fn take_what_a_new_folder_gets(folder: &std::fs::File, _: &Path) -> std::io::Result<()> {
    use rustix::fs::{mkdirat, openat, unlinkat, AtFlags, Mode, OFlags};
    mkdirat(folder, PROBE, Mode::from_raw_mode(0o777))?;
    let flags = OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::RDONLY | OFlags::CLOEXEC;
    let taken = openat(folder, PROBE, flags, Mode::empty())
        .map_err(std::io::Error::from)
        .and_then(|probe| {
            let probe = std::fs::File::from(probe);
            folder.set_permissions(probe.metadata()?.permissions())?;
            copy_attributes(&probe, folder)
        });
    let _ = unlinkat(folder, PROBE, AtFlags::REMOVEDIR);
    taken
}

#[cfg(not(target_os = "linux"))]
fn take_what_a_new_folder_gets(folder: &std::fs::File, path: &Path) -> std::io::Result<()> {
    let probe = path.join(PROBE);
    std::fs::create_dir(&probe)?;
    let taken = std::fs::metadata(&probe).and_then(|m| folder.set_permissions(m.permissions()));
    let _ = std::fs::remove_dir(&probe);
    taken
}

/// What the name `name` in the folder `folder` is open on (at `path` when it was opened) is,
/// not followed if a link, looked at through the folder's handle.
#[cfg(target_os = "linux")]
fn stat_in(
    folder: &std::fs::File,
    _: &Path,
    name: &std::ffi::OsStr,
) -> std::io::Result<std::fs::Metadata> {
    use rustix::fs::{openat, Mode, OFlags};
    let flags = OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    std::fs::File::from(openat(folder, name, flags, Mode::empty())?).metadata()
}

#[cfg(not(target_os = "linux"))]
fn stat_in(
    _: &std::fs::File,
    path: &Path,
    name: &std::ffi::OsStr,
) -> std::io::Result<std::fs::Metadata> {
    std::fs::symlink_metadata(path.join(name))
}

/// Opens the name `name` in the folder `folder` is open on for reading, through the folder's
/// handle, without following a link and without waiting on a named pipe.
#[cfg(target_os = "linux")]
fn open_in(
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
fn open_in(
    _: &std::fs::File,
    path: &Path,
    name: &std::ffi::OsStr,
) -> std::io::Result<std::fs::File> {
    open_without_waiting(&path.join(name))
}

/// The names in the folder `folder` is open on (at `path` when it was opened).
#[cfg(target_os = "linux")]
fn names_of(folder: &std::fs::File, _: &Path) -> std::io::Result<Vec<OsString>> {
    names_in(folder)
}

#[cfg(not(target_os = "linux"))]
fn names_of(_: &std::fs::File, path: &Path) -> std::io::Result<Vec<OsString>> {
    Ok(list(path)?.into_iter().collect())
}

/// The name the previous edition takes in the private folder it is moved into when the system
/// cannot exchange two names.
pub const MOVED_ASIDE: &str = "previous";

/// The empty folder made for a moment in a new edition's staging folder to learn what
/// permissions a new folder gets.
pub const PROBE: &str = ".probe";

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

/// Renames `from` (in the folder `from_folder`) to `to` (in `to_folder`) only if nothing has
/// that name: in one step where the file system can (`RENAME_NOREPLACE`), else after looking
/// (file systems without it, where the caller's folder is one nobody else can write).
/// `Ok(true)` when the name was taken.
#[cfg(target_os = "linux")]
fn rename_between<F: std::os::fd::AsFd, G: std::os::fd::AsFd>(
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
    let flags = match tests::NO_EXCHANGE.with(|no| no.get()) {
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

#[cfg(not(target_os = "linux"))]
fn move_out(_: &std::fs::File, from: &Path, dir: &Path) -> std::io::Result<()> {
    if rename_new(&from.join(MOVED_ASIDE), dir) {
        Ok(())
    } else {
        Err(std::io::ErrorKind::AlreadyExists.into())
    }
}

/// Removes the folder at `path` if that name still leads to the folder `folder` is open on and
/// it is empty (a folder cannot be removed through a handle).
pub fn remove_if_same(path: &Path, folder: &std::fs::File) {
    if same_folder(path, folder) {
        let _ = std::fs::remove_dir(path);
    }
}

/// The refusal when the output folder changed after it was checked.
fn changed_meanwhile(out: &OutDir) -> Error {
    Error::Refused {
        path: out.given.clone(),
        reason: "its contents changed while the edition was being made (by hand, or by another build writing the same folder). Nothing was written; build again once nothing else writes it".into(),
    }
}

/// Creates the file `name` in the staging folder (at `path`), through the folder's handle:
/// never an existing name, never through a link.
#[cfg(target_os = "linux")]
fn create_in(folder: &std::fs::File, _: &Path, name: &str) -> std::io::Result<std::fs::File> {
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
fn create_in(_: &std::fs::File, path: &Path, name: &str) -> std::io::Result<std::fs::File> {
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

/// Gives a file of the new edition, before anything is written into it, the permissions (not
/// set-user-ID and the like), access lists and `user.` attributes of the file of the same name
/// it replaces: one made private, or given an access list, by hand stays so. Nothing when there
/// was none.
fn keep_file_attributes(
    folder: &std::fs::File,
    at: &Path,
    name: &str,
    new: &std::fs::File,
) -> std::io::Result<()> {
    // Opened once, through the previous edition's handle, not followed if a link, never
    // waiting on a named pipe: what is read is the file that was looked at.
    let Ok(opened) = open_in(folder, at, name.as_ref()) else {
        return Ok(());
    };
    let meta = opened.metadata()?;
    if !meta.is_file() {
        return Ok(());
    }
    copy_attributes(&opened, new)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        new.set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// Gives `to` the access control lists and the users' extended attributes (`user.`) of `from`
/// (Linux; both open files): a list that grants a colleague access or denies it
/// to someone stays as it was, and `to` keeps no list `from` has not (none inherited from the
/// folder around it). An access list that cannot be copied is an error (the folder would open
/// to whom it was closed to); a `user.` attribute that cannot is left out. Attributes of the
/// system's own namespaces (`security.`, such as a file's capabilities, and `trusted.`) are
/// never copied: they are for the system to give, and an administrator's rebuild must not pass
/// them on.
fn copy_attributes(from: &std::fs::File, to: &std::fs::File) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{fgetxattr, flistxattr, fremovexattr, fsetxattr, XattrFlags};
        const ACCESS_LISTS: [&str; 2] = ["system.posix_acl_access", "system.posix_acl_default"];
        let mut names = vec![0u8; 65536];
        let len = flistxattr(from, &mut names[..]).unwrap_or(0);
        let names: Vec<&str> = names[..len]
            .split(|&b| b == 0)
            .filter_map(|n| std::str::from_utf8(n).ok())
            .filter(|n| ACCESS_LISTS.contains(n) || n.starts_with("user."))
            .collect();
        for list in ACCESS_LISTS {
            if !names.contains(&list) {
                match fremovexattr(to, list) {
                    Ok(()) => {}
                    Err(e) if e == rustix::io::Errno::NODATA || e == rustix::io::Errno::NOTSUP => {}
                    // A default list belongs to folders only.
                    Err(e) if e == rustix::io::Errno::ACCESS && list.ends_with("default") => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        let mut value = vec![0u8; 65536];
        for name in names {
            let copied = fgetxattr(from, name, &mut value[..])
                .and_then(|n| fsetxattr(to, name, &value[..n], XattrFlags::empty()));
            if let Err(e) = copied {
                if ACCESS_LISTS.contains(&name) {
                    return Err(e.into());
                }
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (from, to);
    }
    Ok(())
}

/// Gives a file or folder of the new edition the owner and group of the folder it replaces,
/// where this process may: an administrator rebuilding a colleague's edition must not take it
/// from them, and a member of a group rebuilding a folder shared by that group gives it that
/// group (only an administrator may give a file to another user).
fn keep_owner(new: &std::fs::File, previous: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{fchown, MetadataExt};
        if fchown(new, Some(previous.uid()), Some(previous.gid())).is_err() {
            let _ = fchown(new, None, Some(previous.gid()));
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (new, previous);
    }
}

/// Puts a folder's list of names on the disk (`fsync` of the folder), so that a file created or
/// renamed in it survives a crash; a no-op where folders cannot be opened as files (Windows).
fn sync_folder(folder: &Path) -> std::io::Result<()> {
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

/// Renames `from` to `to` only if nothing has that name (Linux: in one step, `RENAME_NOREPLACE`;
/// elsewhere after looking, since a plain rename would replace an empty folder).
fn rename_new(from: &Path, to: &Path) -> bool {
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
fn swap(staging: &Path, dir: &Path) -> Result<bool, Error> {
    #[cfg(test)]
    if tests::NO_EXCHANGE.with(|no| no.get()) {
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
fn plain(e: std::io::Error) -> std::io::Error {
    let text = e.to_string();
    match text.find(" at path ") {
        Some(at) => std::io::Error::new(e.kind(), text[..at].to_string()),
        None => e,
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

/// Opens `path` for reading without following a link and without blocking on a named pipe;
/// a link is the error `InvalidInput`.
#[cfg(target_os = "linux")]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
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
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file",
        ));
    }
    std::fs::File::open(path)
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
    tests::before_publishing(path);
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

/// Writes one new file whole, or nothing: the text goes to a temporary file beside it, which
/// takes the name only if no file (or link) has it. Never replaces anything.
pub fn write_new_file(path: &Path, text: &[u8]) -> Result<(), Error> {
    let folder = folder_of(path);
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
        _ => Error::io(folder, plain(e)),
    })?;
    write_whole(&mut temp, text, path)?;
    temp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::AlreadyExists {
                path: path.to_path_buf(),
            }
        } else {
            Error::io(path, e.error)
        }
    })?;
    sync_folder(folder).map_err(|e| Error::io(folder, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    type Hook = Box<dyn FnOnce(&Path)>;

    thread_local! {
        /// What a test does to the folders in the instant before an edition is published.
        static BEFORE_PUBLISHING: RefCell<Option<Hook>> = RefCell::new(None);
        /// Whether the file system is taken for one that cannot exchange two names.
        pub(super) static NO_EXCHANGE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    fn on_publishing(hook: impl FnOnce(&Path) + 'static) {
        BEFORE_PUBLISHING.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
    }

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

    pub(super) fn before_publishing(staging: &Path) {
        if let Some(hook) = BEFORE_PUBLISHING.with(|h| h.borrow_mut().take()) {
            hook(staging);
        }
    }

    /// The process's file-creation mask, as the system reports it (Linux); 022 where it cannot be
    /// read, the usual value.
    fn umask() -> u32 {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Umask:"))
                    .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
            })
            .unwrap_or(0o022)
    }

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

    /// Writes an edition the way `build` does: the files, and a manifest listing their hashes.
    fn edition(files: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        let hashes: BTreeMap<&str, String> = files
            .iter()
            .map(|(name, text)| (*name, crate::normalize::sha256_hex(text)))
            .collect();
        let manifest = serde_json::json!({
            "format": "compendium-manifest",
            "files": hashes,
            "manifest_sha256": crate::manifest::OWN_HASH_PLACEHOLDER,
        });
        let manifest = crate::manifest::seal(serde_json::to_string_pretty(&manifest).unwrap());
        let mut all: Vec<(&'static str, String)> = files
            .iter()
            .map(|(name, text)| (*name, text.to_string()))
            .collect();
        all.push((MANIFEST, manifest));
        all
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_id_is_mapped_only_within_a_range_of_the_namespace_map() {
        let dir = tempfile::tempdir().unwrap();
        let map = |text: &str| {
            let path = dir.path().join("map");
            std::fs::write(&path, text).unwrap();
            path.to_string_lossy().into_owned()
        };
        // `unshare -U -r` as user 1000: only root, which is that user, is mapped.
        let one = map("         0       1000          1\n");
        assert!(mapped(&one, 0));
        assert!(!mapped(&one, 65534));
        assert!(!mapped(&one, 1));
        // Outside any namespace every id is mapped, the overflow id too.
        let all = map("         0          0 4294967295\n");
        assert!(mapped(&all, 65534) && mapped(&all, 4_000_000_000));
        // A container's map includes the overflow id, but an unmapped owner shows as it.
        let container = map("         0     100000      65536\n");
        assert!(mapped(&container, 1000) && mapped(&container, 0));
        assert!(!mapped(&container, 65534));
        let two = map("0 100000 1000\n1000 1000 1\n");
        assert!(mapped(&two, 999) && mapped(&two, 1000) && !mapped(&two, 1001));
        let missing = dir.path().join("none").to_string_lossy().into_owned();
        assert!(mapped(&missing, 65534));
    }

    fn build(out: &Path, files: &[(&'static str, &str)]) -> Result<(), Error> {
        let checked = check_out_dir(out, &Protected::default())?;
        let kept = write_edition(&checked, &edition(files))?;
        assert_eq!(kept, None, "the previous edition was removed whole");
        Ok(())
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn refusal<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
        match result {
            Err(Error::Refused { reason, .. }) => reason,
            other => panic!("expected a refusal, got {other:?}"),
        }
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

    /// A file of the edition replaced by a link, even to an identical copy, is not the file the
    /// build wrote, and the refusal says so rather than calling it edited (found by a tester).
    #[cfg(unix)]
    #[test]
    fn a_file_of_the_edition_replaced_by_a_link_is_named_as_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        let copy = tmp.path().join("copy.md");
        std::fs::copy(out.join("compendium.md"), &copy).unwrap();
        std::fs::remove_file(out.join("compendium.md")).unwrap();
        std::os::unix::fs::symlink(&copy, out.join("compendium.md")).unwrap();
        let reason = refusal(build(&out, &[("compendium.md", "two")]));
        assert!(reason.contains("is a symbolic link"), "{reason}");
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), "one");
    }

    /// The folder's extended attributes (access lists among them) are those of the folder it
    /// replaces (found by a tester: a list denying someone access was dropped by a rebuild).
    /// Where the file system keeps no `user.` attribute there is nothing to check.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_rebuilt_edition_keeps_the_folders_attributes() {
        use rustix::fs::{getxattr, setxattr, XattrFlags};
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        if setxattr(&out, "user.compendium-test", b"kept", XattrFlags::empty()).is_err() {
            return;
        }
        build(&out, &[("compendium.md", "two")]).unwrap();
        let mut value = [0u8; 16];
        let n = getxattr(&out, "user.compendium-test", &mut value[..]).unwrap();
        assert_eq!(&value[..n], b"kept");
        assert_eq!(
            std::fs::read_to_string(out.join("compendium.md")).unwrap(),
            "two"
        );
    }

    /// Each file of the edition keeps what was set on the file it replaces: its permissions and
    /// extended attributes (found by a tester: only the folder's were kept). Where the file
    /// system keeps no `user.` attribute, the permissions alone are checked.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_rebuilt_file_keeps_its_permissions_and_attributes() {
        use rustix::fs::{getxattr, setxattr, XattrFlags};
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(
            &out,
            &[
                ("compendium.md", "one"),
                ("compendium.csv", "a"),
                ("coverage.md", ""),
            ],
        )
        .unwrap();
        let md = out.join("compendium.md");
        std::fs::set_permissions(&md, std::fs::Permissions::from_mode(0o4640)).unwrap();
        let attributes = setxattr(&md, "user.compendium-test", b"kept", XattrFlags::empty());
        // A file capability (the value of `setcap cap_net_raw+ep`) an administrator's rebuild
        // must not pass on; setting it needs root, so it is checked only where it could be set.
        // (Writing to a file drops its capabilities: shown on a file written empty.)
        let capability = [
            1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let empty = out.join("coverage.md");
        let capable = setxattr(
            &empty,
            "security.capability",
            &capability,
            XattrFlags::empty(),
        );
        build(
            &out,
            &[
                ("compendium.md", "two"),
                ("compendium.csv", "b"),
                ("coverage.md", ""),
            ],
        )
        .unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        // Never the set-user-ID bit, which a rebuild by an administrator would make dangerous.
        assert_eq!(mode(&md), 0o640);
        assert_eq!(mode(&out.join("compendium.csv")), 0o666 & !umask());
        assert_eq!(std::fs::read_to_string(&md).unwrap(), "two");
        let mut value = [0u8; 32];
        if attributes.is_ok() {
            let n = getxattr(&md, "user.compendium-test", &mut value[..]).unwrap();
            assert_eq!(&value[..n], b"kept");
        }
        if capable.is_ok() {
            assert!(getxattr(&empty, "security.capability", &mut value[..]).is_err());
        }
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
        // Made as any new folder is (found by a tester: it was published private, 0700).
        #[cfg(unix)]
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
    fn an_empty_folder_is_used() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("dist")).unwrap();
        build(&tmp.path().join("dist"), &[("compendium.md", "one")]).unwrap();
        assert_eq!(names(&tmp.path().join("dist")), [MANIFEST, "compendium.md"]);
    }

    #[test]
    fn a_folder_with_a_file_the_tool_did_not_write_is_refused_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mydocs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("letter.docx"), "months of work").unwrap();
        let reason = refusal(build(&out, &[("compendium.md", "one")]));
        assert!(reason.contains("letter.docx"), "{reason}");
        assert_eq!(names(&out), ["letter.docx"]);
        assert_eq!(names(tmp.path()), ["mydocs"]);
    }

    #[test]
    fn an_edition_with_anything_added_or_changed_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(refusal(build(&out, &[("compendium.md", "two")])).contains("notes.txt"));
        std::fs::remove_file(out.join("notes.txt")).unwrap();
        std::fs::create_dir(out.join("images")).unwrap();
        assert!(refusal(build(&out, &[("compendium.md", "two")])).contains("the folder"));
        std::fs::remove_dir(out.join("images")).unwrap();
        std::fs::write(out.join("compendium.md"), "one, edited by hand").unwrap();
        assert!(
            refusal(build(&out, &[("compendium.md", "two")])).contains("changed after the build")
        );
        assert_eq!(
            std::fs::read_to_string(out.join("compendium.md")).unwrap(),
            "one, edited by hand"
        );
    }

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

    /// A mount point cannot be swapped with a folder beside it: told before any work.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_mount_point_is_recognised() {
        let proc = Path::new("/proc");
        assert!(is_mount_point(proc, &std::fs::metadata(proc).unwrap()));
        let tmp = tempfile::tempdir().unwrap();
        let inner = tmp.path().join("dist");
        std::fs::create_dir(&inner).unwrap();
        assert!(!is_mount_point(&inner, &std::fs::metadata(&inner).unwrap()));
    }

    #[cfg(unix)]
    #[test]
    fn mount_points_are_read_as_the_system_writes_them() {
        assert_eq!(unescape_octal(br"a\040b\011c\134d\1"), b"a b\tc\\d\\1");
        assert!(listed_as_mount_point(Path::new("/")));
        assert!(!listed_as_mount_point(tempfile::tempdir().unwrap().path()));
    }

    /// A folder mounted a second time (a bind mount) is one folder with two paths: refused as
    /// the entries, or as a mount point, by what it is, before any work (found by a tester).
    /// Needs the right to mount (root on Linux); elsewhere it says so and checks nothing.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_mounted_twice_is_known_by_what_it_is() {
        let tmp = tempfile::tempdir().unwrap();
        let (practices, door) = (tmp.path().join("practices"), tmp.path().join("door"));
        std::fs::create_dir(&practices).unwrap();
        std::fs::create_dir(&door).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["--bind"])
            .arg(&practices)
            .arg(&door)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            // Only an administrator may mount a folder: nothing to check here.
            return;
        }
        let protected = Protected {
            inputs: vec![practices.clone()],
            files: Vec::new(),
        };
        let inside = refusal(check_out_dir(&door.join("new"), &protected));
        // A sub-folder of the entries mounted elsewhere is inside them too.
        let eu = practices.join("eu");
        std::fs::create_dir(&eu).unwrap();
        let side = tmp.path().join("side");
        std::fs::create_dir(&side).unwrap();
        let _ = std::process::Command::new("mount")
            .arg("--bind")
            .arg(&eu)
            .arg(&side)
            .status();
        let below = refusal(check_out_dir(&side.join("new"), &protected));
        let _ = std::process::Command::new("umount").arg(&side).status();
        let itself = refusal(check_out_dir(&door, &protected));
        let alone = refusal(check_out_dir(&door, &Protected::default()));
        // Told by the system call itself, so also where /proc is not mounted.
        let told = mount_root(&door);
        let _ = std::process::Command::new("umount").arg(&door).status();
        assert_eq!(told, Some(true));
        assert_eq!(mount_root(&door), Some(false));
        assert!(inside.contains("lies inside the entries"), "{inside}");
        assert!(below.contains("lies inside the entries"), "{below}");
        assert!(itself.contains("is the entries"), "{itself}");
        assert!(alone.contains("mount point"), "{alone}");
        assert!(!practices.join("new").exists());
    }

    #[test]
    fn a_manifest_listing_a_file_the_tool_does_not_write_is_refused() {
        // A letter put in the folder and added to a manifest sealed again by hand.
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        let files = edition(&[("compendium.md", "one"), ("cover-letter.txt", "mine")]);
        std::fs::create_dir(&out).unwrap();
        for (name, text) in &files {
            std::fs::write(out.join(name), text).unwrap();
        }
        let reason = refusal(build(&out, &[("compendium.md", "two")]));
        assert!(reason.contains("cover-letter.txt"), "{reason}");
        assert_eq!(
            std::fs::read_to_string(out.join("cover-letter.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn an_edited_manifest_or_one_that_records_no_hash_of_itself_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        let manifest = out.join(MANIFEST);
        let sealed = std::fs::read_to_string(&manifest).unwrap();
        // Re-indented, as another program would: same JSON, other bytes.
        let value: serde_json::Value = serde_json::from_str(&sealed).unwrap();
        std::fs::write(&manifest, value.to_string()).unwrap();
        let reason = refusal(build(&out, &[("compendium.md", "two")]));
        assert!(
            reason.contains("compendium.json was changed after the build"),
            "{reason}"
        );
        // Without its own hash (an edition of an earlier version).
        let mut old = value.clone();
        old.as_object_mut().unwrap().remove("manifest_sha256");
        std::fs::write(&manifest, old.to_string()).unwrap();
        let reason = refusal(build(&out, &[("compendium.md", "two")]));
        assert!(reason.contains("records no SHA-256 of itself"), "{reason}");
        assert_eq!(
            std::fs::read_to_string(out.join("compendium.md")).unwrap(),
            "one"
        );
        std::fs::write(&manifest, &sealed).unwrap();
        build(&out, &[("compendium.md", "two")]).unwrap();
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

    #[cfg(unix)]
    #[test]
    fn the_folder_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("private");
        std::fs::create_dir(&out).unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o700)).unwrap();
        build(&out, &[("compendium.md", "one")]).unwrap();
        build(&out, &[("compendium.md", "two")]).unwrap();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }

    #[test]
    fn a_manifest_of_another_program_is_not_ours() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(MANIFEST), r#"{"name": "my-site", "files": {}}"#).unwrap();
        assert!(refusal(build(&out, &[("compendium.md", "one")])).contains("not a manifest"));
        assert_eq!(names(&out), [MANIFEST]);
    }

    #[test]
    fn inputs_and_files_read_are_never_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let practices = tmp.path().join("practices");
        std::fs::create_dir_all(practices.join("eu")).unwrap();
        let schema = tmp.path().join("schema").join("practice.schema.json");
        std::fs::create_dir_all(schema.parent().unwrap()).unwrap();
        std::fs::write(&schema, "{}").unwrap();
        let protected = Protected {
            inputs: vec![practices.clone()],
            files: vec![schema.clone()],
        };
        let check = |out: &Path| match check_out_dir(out, &protected) {
            Err(Error::Refused { reason, .. }) => reason,
            other => panic!("{} accepted: {other:?}", out.display()),
        };
        assert!(check(&practices).contains("is the entries"));
        assert!(check(&practices.join("eu")).contains("lies inside"));
        assert!(check(&practices.join("new-folder")).contains("lies inside"));
        assert!(check(tmp.path()).contains("contains the entries"));
        assert!(check(schema.parent().unwrap()).contains("practice.schema.json"));
        assert!(check_out_dir(&tmp.path().join("dist"), &protected).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_resolved_before_every_check() {
        let tmp = tempfile::tempdir().unwrap();
        let docs = tmp.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        std::fs::write(docs.join("report.pdf"), "keep").unwrap();
        let link = tmp.path().join("dist");
        std::os::unix::fs::symlink(&docs, &link).unwrap();
        assert!(refusal(build(&link, &[("compendium.md", "one")])).contains("report.pdf"));
        assert_eq!(names(&docs), ["report.pdf"]);
        // A link to the entries is the entries.
        let protected = Protected {
            inputs: vec![docs.clone()],
            files: vec![],
        };
        assert!(check_out_dir(&link, &protected).is_err());
        // A link to the tool's own edition: the edition is replaced, the link stays a link.
        std::fs::remove_file(docs.join("report.pdf")).unwrap();
        build(&link, &[("compendium.md", "one")]).unwrap();
        build(&link, &[("compendium.md", "two")]).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(
            std::fs::read_to_string(docs.join("compendium.md")).unwrap(),
            "two"
        );
        // A link to nowhere is refused.
        let dangling = tmp.path().join("gone");
        std::os::unix::fs::symlink(tmp.path().join("missing"), &dangling).unwrap();
        assert!(build(&dangling, &[("compendium.md", "one")]).is_err());
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

    #[test]
    fn leftover_staging_folders_are_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let leftover = tmp.path().join(".compendium-build-x1y2");
        std::fs::create_dir(&leftover).unwrap();
        let checked = check_out_dir(&tmp.path().join("dist"), &Protected::default()).unwrap();
        assert_eq!(checked.leftovers, [leftover.canonicalize().unwrap()]);
        // One a running build holds (locked) is not called a leftover (found by a tester).
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&leftover, std::fs::Permissions::from_mode(0o700)).unwrap();
            let held = open_own_folder(&leftover).unwrap();
            let checked = check_out_dir(&tmp.path().join("dist"), &Protected::default()).unwrap();
            assert!(checked.leftovers.is_empty(), "{:?}", checked.leftovers);
            drop(held);
            // Nor is a link given such a name, or someone else's folder (found by a tester: both
            // were called an interrupted build's, to remove; `rm -rf` of the link with a slash
            // would have emptied the folder it leads to).
            std::fs::remove_dir(&leftover).unwrap();
            let home = tmp.path().join("home");
            std::fs::create_dir(&home).unwrap();
            std::os::unix::fs::symlink(&home, &leftover).unwrap();
            let theirs = tmp.path().join(".compendium-build-z9");
            std::fs::create_dir(&theirs).unwrap();
            let me = rustix::process::geteuid().as_raw();
            let other = if me == 0 { 65534 } else { me + 1 };
            let given = std::os::unix::fs::chown(&theirs, Some(other), None).is_ok();
            let checked = check_out_dir(&tmp.path().join("dist"), &Protected::default()).unwrap();
            assert!(
                checked.leftovers.is_empty() || !given,
                "{:?}",
                checked.leftovers
            );
            assert!(!checked
                .leftovers
                .iter()
                .any(|p| p.ends_with(".compendium-build-x1y2")));
        }
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

    /// A rebuilt edition has the access lists its previous edition had, not those the folder
    /// around it would give a new file (found by a tester: an edition made private regained a
    /// colleague's access from its parent's default list). Where the file system keeps no
    /// access lists there is nothing to check.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_rebuilt_edition_does_not_inherit_the_parents_default_access_list() {
        use rustix::fs::{getxattr, setxattr, XattrFlags};
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        build(&out, &[("compendium.md", "one")]).unwrap();
        // A default list on the parent: user 65534 may read and write what is made in it.
        let entry = |tag: u16, perm: u16, id: u32| {
            let mut e = tag.to_le_bytes().to_vec();
            e.extend(perm.to_le_bytes());
            e.extend(id.to_le_bytes());
            e
        };
        let mut list = 2u32.to_le_bytes().to_vec();
        for (tag, perm, id) in [
            (0x01, 7, u32::MAX),
            (0x02, 7, 65534),
            (0x04, 5, u32::MAX),
            (0x10, 7, u32::MAX),
            (0x20, 5, u32::MAX),
        ] {
            list.extend(entry(tag, perm, id));
        }
        if setxattr(
            tmp.path(),
            "system.posix_acl_default",
            &list,
            XattrFlags::empty(),
        )
        .is_err()
        {
            return;
        }
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o750)).unwrap();
        let md = out.join("compendium.md");
        std::fs::set_permissions(&md, std::fs::Permissions::from_mode(0o640)).unwrap();
        build(&out, &[("compendium.md", "two")]).unwrap();
        let mut value = [0u8; 128];
        for path in [&out, &md] {
            assert!(
                getxattr(path, "system.posix_acl_access", &mut value[..]).is_err(),
                "{} has an access list",
                path.display()
            );
        }
        assert!(getxattr(&out, "system.posix_acl_default", &mut value[..]).is_err());
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(&out), mode(&md)), (0o750, 0o640));
        assert_eq!(std::fs::read_to_string(&md).unwrap(), "two");
        // A new edition folder gets them, as any new folder there would (found by a reviewer:
        // made private and then opened by mode alone, it shut the colleague out).
        let fresh = tmp.path().join("fresh");
        build(&fresh, &[("compendium.md", "one")]).unwrap();
        let plain = tmp.path().join("plain");
        std::fs::create_dir(&plain).unwrap();
        for list in ["system.posix_acl_access", "system.posix_acl_default"] {
            let n = getxattr(&fresh, list, &mut value[..]).unwrap();
            let mut expected = [0u8; 128];
            let m = getxattr(&plain, list, &mut expected[..]).unwrap();
            assert_eq!(value[..n], expected[..m], "{list}");
        }
        assert_eq!(mode(&fresh), mode(&plain));
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
