//! Writing trees: apply a set of path changes to a base tree, rewriting only the
//! directories on the changed paths.

use std::collections::BTreeMap;

use git2::{FileMode, Oid, Repository, Tree};

/// A change to one path: a new blob, or removal.
pub type PathChange = Option<Oid>;

/// Applies `changes` (full paths like `tickets/k3/k3m9....toml`) to `base` and writes the
/// resulting trees. Untouched subtrees are reused by id, never read.
pub fn apply_changes(
    repo: &Repository,
    base: Option<&Tree<'_>>,
    changes: &BTreeMap<String, PathChange>,
) -> Result<Oid, git2::Error> {
    let mut builder = repo.treebuilder(base)?;
    // Group by first path component: direct entries here, the rest per subdirectory.
    let mut subdirs: BTreeMap<&str, BTreeMap<String, PathChange>> = BTreeMap::new();
    for (path, change) in changes {
        match path.split_once('/') {
            None => match change {
                Some(blob) => {
                    builder.insert(path, *blob, FileMode::Blob.into())?;
                }
                None => {
                    if builder.get(path)?.is_some() {
                        builder.remove(path)?;
                    }
                }
            },
            Some((dir, rest)) => {
                subdirs
                    .entry(dir)
                    .or_default()
                    .insert(rest.to_string(), *change);
            }
        }
    }
    for (dir, sub_changes) in subdirs {
        let sub_base = match builder.get(dir)? {
            Some(entry) if entry.kind() == Some(git2::ObjectType::Tree) => {
                Some(repo.find_tree(entry.id())?)
            }
            _ => None,
        };
        let sub = apply_changes(repo, sub_base.as_ref(), &sub_changes)?;
        if repo.find_tree(sub)?.is_empty() {
            if builder.get(dir)?.is_some() {
                builder.remove(dir)?;
            }
        } else {
            builder.insert(dir, sub, FileMode::Tree.into())?;
        }
    }
    builder.write()
}
