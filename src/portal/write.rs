//! Writing a built site into its folder so that a failed build leaves no half site: the
//! files go into a new folder beside it, which then takes the folder's place.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::DeskError;

/// The file that marks a folder as a portal this command wrote, so that building again
/// may replace it, while any other non-empty folder is refused.
pub const MARKER: &str = ".git-desk-portal";

/// The marker's content.
pub const MARKER_TEXT: &str = "A self-service portal written by `git desk portal build`; building again replaces this folder.\n";

/// Writes `files` (path in the site -> bytes) as the folder `dir`, replacing a previous
/// portal there. Bad input (nothing written): `dir` is a file, a non-empty folder that is
/// not a portal, or its parent folder does not exist.
pub fn write_site(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), DeskError> {
    let shown = dir.display();
    let previous = match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            let empty = fs::read_dir(dir)
                .map_err(|e| DeskError::io(format!("cannot read {shown}"), e))?
                .next()
                .is_none();
            if !empty && !dir.join(MARKER).is_file() {
                return Err(DeskError::invalid(format!(
                    "{shown} is a folder with files that is not a portal (it has no {MARKER} file): give a new or empty folder, or remove it first"
                )));
            }
            !empty
        }
        Ok(_) => {
            return Err(DeskError::invalid(format!(
                "{shown} exists and is not a folder: give a folder for the portal"
            )))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(DeskError::io(format!("cannot read {shown}"), e)),
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(DeskError::invalid(format!(
            "{} does not exist: create it first, or give another folder for the portal",
            parent.display()
        )));
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "portal".into());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.building-"))
        .tempdir_in(&parent)
        .map_err(|e| DeskError::io(format!("cannot create a folder in {}", parent.display()), e))?;
    for (path, bytes) in files {
        let target = staging.path().join(path);
        if let Some(folder) = target.parent() {
            fs::create_dir_all(folder)
                .map_err(|e| DeskError::io(format!("cannot create {}", folder.display()), e))?;
        }
        fs::write(&target, bytes)
            .map_err(|e| DeskError::io(format!("cannot write {}", target.display()), e))?;
    }
    fs::write(staging.path().join(MARKER), MARKER_TEXT)
        .map_err(|e| DeskError::io(format!("cannot write {MARKER}"), e))?;
    // Readable by a web server like any published folder, not private as a temp dir is.
    set_public(staging.path())?;
    let staged = staging.keep();
    if previous || dir.exists() {
        // A folder cannot be renamed over a non-empty one: move the old one aside first,
        // and put it back if the new one cannot take its place.
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)
            .map_err(|e| {
                DeskError::io(format!("cannot create a folder in {}", parent.display()), e)
            })?
            .keep();
        fs::remove_dir(&old).map_err(|e| DeskError::io("cannot prepare the swap", e))?;
        fs::rename(dir, &old)
            .map_err(|e| DeskError::io(format!("cannot move the previous {shown} aside"), e))?;
        if let Err(e) = fs::rename(&staged, dir) {
            let _ = fs::rename(&old, dir);
            let _ = fs::remove_dir_all(&staged);
            return Err(DeskError::io(
                format!("cannot move the new portal to {shown}"),
                e,
            ));
        }
        let _ = fs::remove_dir_all(&old);
    } else if let Err(e) = fs::rename(&staged, dir) {
        let _ = fs::remove_dir_all(&staged);
        return Err(DeskError::io(
            format!("cannot move the new portal to {shown}"),
            e,
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn set_public(dir: &Path) -> Result<(), DeskError> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
        .map_err(|e| DeskError::io(format!("cannot set the mode of {}", dir.display()), e))
}

#[cfg(not(unix))]
fn set_public(_dir: &Path) -> Result<(), DeskError> {
    Ok(())
}
