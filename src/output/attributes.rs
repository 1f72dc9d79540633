//! What a new edition keeps of the one it replaces, or gets as any new folder would: permissions,
//! access lists, `user.` attributes and owner.

use super::handles::open_in;
use super::PROBE;
use std::path::Path;

/// Gives `folder` (the staging folder, at `path`) the permissions and access lists a folder
/// made now beside it would get. Learned from an empty folder made in it and removed at once,
/// through its handle: the staging folder was given, when it was made, what the folder around
/// it passes on to new folders (its default access list, its group and set-group-ID bit), and
/// passes that on in turn, and nobody else can rename anything in it.
#[cfg(target_os = "linux")]
pub(super) fn take_what_a_new_folder_gets(folder: &std::fs::File, _: &Path) -> std::io::Result<()> {
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
pub(super) fn take_what_a_new_folder_gets(
    folder: &std::fs::File,
    path: &Path,
) -> std::io::Result<()> {
    let probe = path.join(PROBE);
    std::fs::create_dir(&probe)?;
    let taken = std::fs::metadata(&probe).and_then(|m| folder.set_permissions(m.permissions()));
    let _ = std::fs::remove_dir(&probe);
    taken
}

/// Gives a file of the new edition, before anything is written into it, the permissions (not
/// set-user-ID and the like), access lists and `user.` attributes of the file of the same name
/// it replaces: one made private, or given an access list, by hand stays so. Nothing when there
/// was none.
pub(super) fn keep_file_attributes(
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
pub(super) fn copy_attributes(from: &std::fs::File, to: &std::fs::File) -> std::io::Result<()> {
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
pub(super) fn keep_owner(new: &std::fs::File, previous: &std::fs::Metadata) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::test_support::*;

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
}
