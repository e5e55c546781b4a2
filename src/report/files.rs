//! Writing report files safely, and checking report paths before a run.
//!
//! Every report file (JUnit, Cucumber JSON, HTML, evidence, `diff -o`, `merge -o`) is written
//! to a temporary file in the target's folder and renamed over the target, so that a reader
//! never sees half a file, even if the run is killed while writing. `tempfile` makes the
//! temporary file (unique name, removed on every error path, so a failed write leaves
//! nothing behind) and does the rename.
//!
//! A rename replaces whatever has the target's name, so the target must be a regular file or
//! nothing: a device (`/dev/null`, `/dev/full`), a FIFO, a socket or a folder is refused with
//! one line, before the run when [`check`] is used. A symbolic link is followed: the report
//! replaces the file the link points to and the link stays; a link to nothing, or to
//! something that is not a regular file, is refused.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// What a report path must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// A regular file (created or replaced).
    File,
    /// A folder (created if missing), like the evidence folder.
    Folder,
}

/// One report path to check: what it is for (e.g. "the JUnit report"), where, and which kind.
#[derive(Debug, Clone)]
pub(crate) struct Output<'a> {
    pub(crate) what: &'a str,
    pub(crate) path: &'a Path,
    pub(crate) want: Want,
}

/// The kind of an existing filesystem entry, as messages name it.
fn kind_name(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a folder"
    } else if ft.is_file() {
        "a regular file"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

fn missing(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
    )
}

/// The file a report for `path` really replaces: `path` itself, or the regular file a
/// symbolic link at `path` points to. Errors (one line) when that is neither a regular file
/// nor missing.
fn file_target(what: &str, path: &Path) -> Result<PathBuf, String> {
    let meta = match std::fs::symlink_metadata(path) {
        // Missing, or under something that is not a folder (the caller's check names it).
        Err(e) if missing(&e) => return Ok(path.to_path_buf()),
        Err(e) => return Err(format!("cannot write {what} to {}: {e}", path.display())),
        Ok(m) => m,
    };
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(path.to_path_buf());
    }
    if ft.is_symlink() {
        // /dev/stdout, /dev/fd/N, /proc/self/fd/N: links to whatever a descriptor holds (a
        // pipe, a terminal, a file a shell redirected to). Replacing that file would cut
        // the shell's redirection off, so such links are refused like devices.
        let abs = identity_lexical(path);
        if abs.starts_with("/dev") || abs.starts_with("/proc") {
            return Err(format!(
                "cannot write {what} to {}: it is a link to a device or a file descriptor, not a regular file (give a file path; print the file afterwards to see it)",
                path.display()
            ));
        }
        let real = std::fs::canonicalize(path).map_err(|_| {
            format!(
                "cannot write {what} to {}: it is a symbolic link to nothing (remove the link or give another path)",
                path.display()
            )
        })?;
        let meta = std::fs::metadata(&real)
            .map_err(|e| format!("cannot write {what} to {}: {e}", path.display()))?;
        if meta.is_file() {
            return Ok(real);
        }
        return Err(format!(
            "cannot write {what} to {}: it is a symbolic link to {}, which is {}, not a regular file (reports are written through a temporary file and a rename, which would replace it; give a file path)",
            path.display(),
            real.display(),
            kind_name(&meta.file_type())
        ));
    }
    let hint = if ft.is_dir() {
        "give a file name inside it"
    } else {
        "reports are written through a temporary file and a rename, which would replace it; give a file path"
    };
    Err(format!(
        "cannot write {what} to {}: it is {}, not a regular file ({hint})",
        path.display(),
        kind_name(&ft)
    ))
}

/// The folder a file at `path` goes in ("." for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Checks, without changing anything, that `path` can be what it must be: an existing
/// entry of the right kind, or missing with no regular file where a folder must be.
fn check_kind(o: &Output) -> Result<(), String> {
    let (what, path) = (o.what, o.path);
    let folder_to_create = match o.want {
        Want::File => {
            let target = file_target(what, path)?;
            folder_of(&target).to_path_buf()
        }
        Want::Folder => match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(m) => {
                return Err(format!(
                    "cannot write {what} to {}: it is {}, not a folder (give a folder path)",
                    path.display(),
                    kind_name(&m.file_type())
                ));
            }
            Err(e) if missing(&e) => path.to_path_buf(),
            Err(e) => return Err(format!("cannot write {what} to {}: {e}", path.display())),
        },
    };
    // The nearest existing ancestor must be a folder (a regular file there makes the
    // folder impossible to create).
    for a in folder_to_create.ancestors() {
        if a.as_os_str().is_empty() {
            break;
        }
        match std::fs::metadata(a) {
            Ok(m) if m.is_dir() => break,
            Ok(m) => {
                return Err(format!(
                    "cannot write {what} to {}: {} is {}, not a folder",
                    path.display(),
                    a.display(),
                    kind_name(&m.file_type())
                ));
            }
            Err(_) => continue,
        }
    }
    Ok(())
}

/// Creates the folder `path` needs and makes (and removes) a temporary file in it: the
/// proof that the report can be written there.
fn prepare(o: &Output) -> Result<(), String> {
    let (what, path) = (o.what, o.path);
    let folder = match o.want {
        Want::File => folder_of(&file_target(what, path)?).to_path_buf(),
        Want::Folder => path.to_path_buf(),
    };
    std::fs::create_dir_all(&folder).map_err(|e| {
        format!(
            "cannot write {what} to {}: cannot create the folder {}: {e}",
            path.display(),
            folder.display()
        )
    })?;
    tempfile::Builder::new()
        .prefix(".fc-probe.")
        .tempfile_in(&folder)
        .map(drop)
        .map_err(|e| {
            format!(
                "cannot write {what} to {}: cannot create a file in {}: {e}",
                path.display(),
                folder.display()
            )
        })
}

/// `path` made absolute and free of `.`/`..`, without looking at the filesystem.
fn identity_lexical(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other.as_os_str()),
        }
    }
    clean
}

/// `path` made absolute and free of `.`/`..`, with its longest existing ancestor resolved
/// (symbolic links followed): two paths that name one entry compare equal.
pub(crate) fn identity(path: &Path) -> PathBuf {
    let clean = identity_lexical(path);
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    let mut base = clean.clone();
    loop {
        if let Ok(real) = std::fs::canonicalize(&base) {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (base.file_name().map(|n| n.to_os_string()), base.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                base = parent.to_path_buf();
            }
            _ => return clean,
        }
    }
}

/// Checks every report path before anything runs: each can be what it must be (see the
/// module comment), no two name the same file, its folder can be created and written. Only
/// once every path passes the side-effect-free checks are folders created and probed, so a
/// refused path leaves nothing behind. Errors are one line.
pub(crate) fn check(outputs: &[Output]) -> Result<(), String> {
    for o in outputs {
        check_kind(o)?;
    }
    for (i, a) in outputs.iter().enumerate() {
        for b in &outputs[i + 1..] {
            if identity(a.path) == identity(b.path) {
                return Err(format!(
                    "{} and {} both name the same file or folder, {} (give each report its own path; the HTML report and the evidence folder default to report.html and evidence/ beside the JUnit file)",
                    a.what,
                    b.what,
                    b.path.display()
                ));
            }
        }
    }
    for o in outputs {
        prepare(o)?;
    }
    Ok(())
}

/// Writes `bytes` to `path` safely (see the module comment); `what` names the report in
/// errors, e.g. "the JUnit report".
pub(crate) fn write(what: &str, path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_with(what, path, 0o666, |f| f.write_all(bytes))
}

/// Like [`write`], with the file's permission bits (before the umask) and the content
/// produced by `fill`; whatever `fill` or the rename fails with, no temporary file remains.
pub(crate) fn write_with(
    what: &str,
    path: &Path,
    mode: u32,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let target = file_target(what, path)?;
    let folder = folder_of(&target);
    let fail =
        |e: &dyn std::fmt::Display| format!("cannot write {what} to {}: {e}", path.display());
    std::fs::create_dir_all(folder).map_err(|e| fail(&e))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    // Dropped on every error below, which removes it.
    let mut tmp = builder.tempfile_in(folder).map_err(|e| fail(&e))?;
    fill(tmp.as_file_mut())
        .and_then(|_| tmp.as_file_mut().flush())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| fail(&e))?;
    // Checked again just before the rename: the entry may have changed since.
    file_target(what, path)?;
    tmp.persist(&target).map_err(|e| fail(&e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("fc-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("dir");
        d
    }

    fn names(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("read")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_the_old_file_and_no_temp_file() {
        let d = dir("fail");
        let p = d.join("junit.xml");
        std::fs::write(&p, "old").expect("write");
        let err = write_with("the JUnit report", &p, 0o666, |w| {
            w.write_all(b"<testsuites>")?;
            Err(std::io::Error::other("No space left on device"))
        })
        .expect_err("the write fails");
        assert!(
            err.contains("the JUnit report") && err.contains("No space left"),
            "{err}"
        );
        assert!(!err.contains('\n'), "one line: {err}");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "old");
        assert_eq!(names(&d), vec!["junit.xml"], "no temp file left");
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn a_folder_as_the_target_is_refused_and_leaves_no_temp_file() {
        let d = dir("folder");
        let target = d.join("dm");
        std::fs::create_dir_all(&target).expect("dir");
        let err = write("the JUnit report", &target, b"x").expect_err("refused");
        assert!(err.contains("a folder"), "{err}");
        assert_eq!(names(&d), vec!["dm"]);
        assert!(names(&target).is_empty());
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn a_write_replaces_a_regular_file_atomically() {
        let d = dir("ok");
        let p = d.join("sub/r.xml");
        write("the report", &p, b"one").expect("first");
        write("the report", &p, b"two").expect("second");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "two");
        assert_eq!(names(&d.join("sub")), vec!["r.xml"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&p).expect("meta").permissions().mode();
            assert_ne!(
                mode & 0o044,
                0,
                "readable by others as File::create makes it"
            );
        }
        let _ = std::fs::remove_dir_all(d);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_to_its_regular_file_and_kept() {
        let d = dir("link");
        let real = d.join("real.xml");
        std::fs::write(&real, "old").expect("write");
        let link = d.join("link.xml");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        write("the report", &link, b"new").expect("written");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
        let dangling = d.join("dangling.xml");
        std::os::unix::fs::symlink(d.join("nowhere"), &dangling).expect("symlink");
        let err = write("the report", &dangling, b"x").expect_err("refused");
        assert!(err.contains("symbolic link to nothing"), "{err}");
        let _ = std::fs::remove_dir_all(d);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_opening_it() {
        let d = dir("fifo");
        let fifo = d.join("pipe");
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(ok.success());
        // Opening a FIFO for writing would block: the check must not open it.
        let err = write("the HTML report", &fifo, b"x").expect_err("refused");
        assert!(err.contains("FIFO"), "{err}");
        let err = check(&[Output {
            what: "the HTML report",
            path: &fifo,
            want: Want::File,
        }])
        .expect_err("refused");
        assert!(err.contains("FIFO"), "{err}");
        assert_eq!(names(&d), vec!["pipe"]);
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn check_refuses_duplicates_files_under_files_and_unwritable_folders() {
        let d = dir("check");
        let f = d.join("f");
        std::fs::write(&f, "x").expect("write");
        let file = |what, path| Output {
            what,
            path,
            want: Want::File,
        };
        let a = d.join("a.xml");
        let a2 = d.join("sub/../a.xml");
        let err = check(&[file("the JUnit report", &a), file("Cucumber JSON", &a2)])
            .expect_err("same file");
        assert!(err.contains("same file"), "{err}");
        let under = f.join("x.html");
        let err = check(&[file("the HTML report", &under)]).expect_err("under a file");
        assert!(err.contains("not a folder"), "{err}");
        let evidence = Output {
            what: "the evidence folder",
            path: &f,
            want: Want::Folder,
        };
        let err = check(&[evidence]).expect_err("a file as the folder");
        assert!(err.contains("not a folder"), "{err}");
        assert_eq!(names(&d), vec!["f"], "a refused check creates nothing");
        let ok = d.join("new/deeper/j.xml");
        let ev = d.join("new/evidence");
        check(&[
            file("the JUnit report", &ok),
            Output {
                what: "the evidence folder",
                path: &ev,
                want: Want::Folder,
            },
        ])
        .expect("fine");
        assert!(ev.is_dir(), "the folders are made");
        assert!(names(&d.join("new/deeper")).is_empty(), "the probe is gone");
        let _ = std::fs::remove_dir_all(d);
    }

    #[test]
    fn identity_sees_through_dots_and_relative_paths() {
        let cwd = std::env::current_dir().expect("cwd");
        assert_eq!(
            identity(Path::new("x/../y.xml")),
            identity(&cwd.join("y.xml"))
        );
        assert_ne!(identity(Path::new("a.xml")), identity(Path::new("b.xml")));
    }
}
