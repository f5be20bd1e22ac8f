//! The repository around the desk branch: creating one, its git config, and the merge
//! driver's installation, so that callers never handle the repository themselves.

use std::path::{Path, PathBuf};

use git2::Repository;

use super::Desk;
use crate::error::DeskError;

/// The `.gitattributes` lines that hand the desk's files to the merge driver.
const MERGE_DRIVER_ATTRIBUTES: [&str; 3] = [
    "tickets/**/*.toml merge=desk",
    "/desk.toml merge=desk",
    "kb/*.md merge=desk",
];

impl Desk {
    /// Creates an empty git repository (with a work tree) in `dir`, as `git init` does;
    /// open it with [`Desk::open_at`].
    pub fn create_repository(dir: &Path) -> Result<(), DeskError> {
        Repository::init(dir)?;
        Ok(())
    }

    /// The repository's git directory (`.git`, or the repository itself when bare).
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// A value of the repository's git config (all levels, as git reads them); `None`
    /// when it is not set.
    pub fn git_config(&self, key: &str) -> Result<Option<String>, DeskError> {
        Ok(self.repo.config()?.get_string(key).ok())
    }

    /// Sets a value in the repository's own git config (`.git/config`).
    pub fn set_git_config(&self, key: &str, value: &str) -> Result<(), DeskError> {
        self.repo.config()?.set_str(key, value)?;
        Ok(())
    }

    /// Makes git's own merges (`git merge`, `git pull`) hand the desk's files to
    /// `git-desk merge-driver`: the driver in this repository's git config, the files in
    /// its `info/attributes`. Returns the attributes file. Running it again changes nothing.
    pub fn install_merge_driver(&self) -> Result<PathBuf, DeskError> {
        self.set_git_config("merge.desk.name", "git-desk: unite ticket event logs")?;
        self.set_git_config("merge.desk.driver", "git-desk merge-driver %O %A %B %P")?;
        let attributes = self.repo.path().join("info").join("attributes");
        let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
        let missing: Vec<&str> = MERGE_DRIVER_ATTRIBUTES
            .iter()
            .copied()
            .filter(|line| !existing.lines().any(|l| l.trim() == *line))
            .collect();
        if !missing.is_empty() {
            let info = attributes.parent().expect("info/ has a parent");
            std::fs::create_dir_all(info)
                .map_err(|e| DeskError::io(format!("cannot create {}", info.display()), e))?;
            let mut text = existing;
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            for line in missing {
                text.push_str(line);
                text.push('\n');
            }
            std::fs::write(&attributes, text)
                .map_err(|e| DeskError::io(format!("cannot write {}", attributes.display()), e))?;
        }
        Ok(attributes)
    }
}
