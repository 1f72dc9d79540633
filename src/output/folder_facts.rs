//! What the system says about a folder, for the checks: whether this process may write it,
//! whether it is marked or mounted read-only, whether a sticky folder around it forbids moving
//! it, whether it is a mount point, and which folders (by device and inode) lie on its path.

use super::handles::identity;
use std::path::Path;

/// Whether this process may change what a folder holds (its permissions, or attributes such
/// as Linux's immutable flag, may forbid it).
#[cfg(target_os = "linux")]
pub(super) fn writable(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}

/// Whether nobody may change a folder by its permissions (`chmod a-w`): a sign that it is to
/// stay as it is, which binds an administrator too, whom the system would let write it anyway.
#[cfg(unix)]
pub(super) fn marked_read_only(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o222 == 0
}

#[cfg(not(unix))]
pub(super) fn marked_read_only(meta: &std::fs::Metadata) -> bool {
    meta.permissions().readonly()
}

/// Whether `path` lies on a file system mounted read-only, where no permission would help.
#[cfg(target_os = "linux")]
pub(super) fn on_read_only_file_system(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK) == Err(rustix::io::Errno::ROFS)
}

#[cfg(not(target_os = "linux"))]
pub(super) fn on_read_only_file_system(_: &Path) -> bool {
    false
}

#[cfg(not(target_os = "linux"))]
pub(super) fn writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// The owner of `path` when this process may not move it away because the folder around it is
/// sticky: only the owner of an entry, the owner of the folder, or an administrator may rename or
/// remove an entry of a sticky folder. An administrator inside a user namespace (a container,
/// `unshare -U -r`) is one only over files whose owner and group the namespace maps.
#[cfg(target_os = "linux")]
pub(super) fn owned_elsewhere_in_sticky_parent(path: &Path) -> Option<String> {
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
pub(super) fn owned_elsewhere_in_sticky_parent(_: &Path) -> Option<String> {
    None
}

/// Whether a folder below `input` (not following links) is one of `chain`: the output folder or
/// a folder above it reached by another path, as a bind mount of a sub-folder of the entries
/// is. The entries folder holds few folders; walked only when it is a folder.
pub(super) fn folder_below(input: &Path, chain: &[(u64, u64)]) -> bool {
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
pub(super) fn folder_ids(path: &Path) -> Vec<(u64, u64)> {
    path.ancestors()
        .filter_map(|a| std::fs::metadata(a).ok())
        .filter_map(|m| identity(&m))
        .collect()
}

/// Whether a folder is mounted where it is: it lies on another volume than the folder around
/// it, or (Linux) the system says it is the root of a mount, as it is of a folder mounted a
/// second time onto itself or elsewhere (a bind mount), which cannot be renamed.
#[cfg(unix)]
pub(super) fn is_mount_point(path: &Path, meta: &std::fs::Metadata) -> bool {
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
pub(super) fn is_mount_point(_: &Path, _: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

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
        use crate::output::test_support::refusal;
        use crate::output::{check_out_dir, Protected};
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
}
