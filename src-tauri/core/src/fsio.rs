//! Writing Baseline's state files so that a crash or a power cut never leaves a torn or
//! half-written file, and so that other local users cannot read them.
//!
//! Every state file (`secrets.json`, `settings.json`, the team file) goes through
//! [`write_atomic`]: a uniquely named temp file in the same directory (two writers never
//! share one), write, fsync, rename over the target, fsync of the directory (so the rename
//! itself survives a power cut). Files are created 0600 and `BASELINE_HOME` 0700 on unix.

use crate::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Mode of every file Baseline writes (unix).
pub const FILE_MODE: u32 = 0o600;
/// Mode of `BASELINE_HOME` (unix).
pub const DIR_MODE: u32 = 0o700;

/// Create `dir` (and its parents) private to the user; an existing one that others can
/// read is tightened, since it holds the journal and the index of secrets.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder.create(dir).map_err(|e| Error::io(dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(dir).map_err(|e| Error::io(dir, e))?;
        if meta.permissions().mode() & 0o077 != 0 {
            // Best effort: a folder the user pointed at but does not own stays as it is.
            if let Err(e) = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(DIR_MODE))
            {
                tracing::warn!(dir = %dir.display(), error = %e, "could not make the folder private");
            }
        }
    }
    Ok(())
}

/// Options that create a new file readable by its owner only.
pub fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    options
}

/// Open (or create, 0600) a file for appending, e.g. the journal.
pub fn open_append(path: &Path) -> std::io::Result<File> {
    private_options().create(true).append(true).open(path)
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temp name beside `path` no other writer uses: pid (other processes), a counter (other
/// threads of this one) and a random part (a pid reused after a crash).
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unique = format!(
        ".{name}.{}.{}.{:08x}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        rand::random::<u32>()
    );
    path.with_file_name(unique)
}

/// Replace `path` with `bytes` atomically and durably (see the module docs). The parent
/// directory must exist.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let (tmp, mut file) = loop {
        let tmp = temp_path(path);
        // create_new: never write into a file someone else made (or planted) under that name.
        match private_options().write(true).create_new(true).open(&tmp) {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(&tmp, e)),
        }
    };
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(&tmp, e))
        .and_then(|()| {
            drop(file);
            std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    sync_dir(path.parent().unwrap_or(Path::new(".")))
}

/// Make a rename in `dir` durable. Windows has no directory handles to sync; its rename
/// (MoveFileEx with write-through) is what std already does.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn writes_replace_the_file_and_leave_no_temp_behind() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("state.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
        #[cfg(unix)]
        assert_eq!(mode(&p), 0o600);
    }

    #[test]
    fn temp_names_are_unique_per_writer() {
        let p = Path::new("/x/secrets.json");
        let names: std::collections::HashSet<_> = (0..1000).map(|_| temp_path(p)).collect();
        assert_eq!(names.len(), 1000);
        assert!(names.iter().all(|n| n.parent() == Some(Path::new("/x"))));
    }

    #[test]
    fn concurrent_writers_never_clobber_each_others_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("settings.json");
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let p = p.clone();
                std::thread::spawn(move || {
                    let body = format!("{{\"writer\":{i},\"pad\":\"{}\"}}", "x".repeat(50_000));
                    for _ in 0..20 {
                        write_atomic(&p, body.as_bytes()).unwrap();
                        // Whatever is there is one writer's whole body, never a mix.
                        let now = std::fs::read_to_string(&p).unwrap();
                        let v: serde_json::Value = serde_json::from_str(&now).unwrap();
                        assert_eq!(v["pad"].as_str().unwrap().len(), 50_000);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn home_is_private_even_when_it_existed_open() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("a/baseline");
        ensure_private_dir(&home).unwrap();
        assert_eq!(mode(&home), 0o700);
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o755)).unwrap();
        ensure_private_dir(&home).unwrap();
        assert_eq!(mode(&home), 0o700);
        let journal = home.join("journal.jsonl");
        open_append(&journal).unwrap();
        assert_eq!(mode(&journal), 0o600);
    }
}
