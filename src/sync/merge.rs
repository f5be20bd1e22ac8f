//! The three-way merge of two desk trees, done by git-desk itself.
//!
//! Only directories whose ids differ are descended into, so merging two desks that
//! share most of their tickets costs what they do not share. Per path:
//! - the same on both sides, or changed on one side only: taken as it is;
//! - a ticket file changed on both sides: the union of the two event logs, folded again
//!   (byte-identical whichever side merges);
//! - `desk.toml` changed on both sides: merged by key (the `keyed` module), kept only if the
//!   result is a valid configuration;
//! - a KB article changed on both sides: front matter by key (`updated`: the later),
//!   text three-way by line;
//! - any other file changed on both sides: a three-way text merge;
//! - a true conflict keeps ours in place and theirs beside it under a `.conflict-<tag>`
//!   name, and is reported, never written with conflict markers;
//! - changed on one side and deleted on the other: the changed version is kept.

use std::collections::BTreeSet;

use git2::{FileMode, IndexEntry, IndexTime, ObjectType, Oid, Repository, Tree, TreeEntry};

use crate::config::{DeskConfig, CONFIG_PATH};
use crate::error::DeskError;
use crate::kb::Article;
use crate::model::id::{is_id_text, TICKET_ID_LEN};
use crate::model::{PriorityMatrix, Ticket, TicketId};
use crate::store::Desk;

mod keyed;

/// What a merge did beyond taking one side.
#[derive(Debug, Default, Clone)]
pub struct MergeReport {
    /// Tickets changed on both sides whose event logs were united.
    pub united: Vec<TicketId>,
    /// Other files merged without conflict (`desk.toml` by key, KB articles by
    /// front-matter key and text, others line by line).
    pub text_merged: Vec<String>,
    /// True conflicts: `(path, where the other version was put)`.
    pub conflicts: Vec<(String, String)>,
}

/// One side's entry at a path: its id and whether it is a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Side {
    id: Oid,
    is_tree: bool,
    mode: i32,
}

fn side(entry: Option<TreeEntry<'_>>) -> Option<Side> {
    entry.map(|e| Side {
        id: e.id(),
        is_tree: e.kind() == Some(ObjectType::Tree),
        mode: e.filemode(),
    })
}

/// Merges `ours` and `theirs` against `base` (their merge base; `None` for desks with
/// no common history) and writes the resulting tree. `tag` names conflict copies.
pub(crate) fn merge_trees(
    repo: &Repository,
    base: Option<&Tree<'_>>,
    ours: &Tree<'_>,
    theirs: &Tree<'_>,
    matrix: &PriorityMatrix,
    tag: &str,
) -> Result<(Oid, MergeReport), DeskError> {
    let mut merger = Merger {
        repo,
        matrix: matrix.clone(),
        tag,
        report: MergeReport::default(),
    };
    let id = merger.merge_dir("", base, Some(ours), Some(theirs))?;
    let id = match id {
        Some(id) => id,
        None => repo.treebuilder(None)?.write()?,
    };
    Ok((id, merger.report))
}

/// Merges two versions of a file other than a ticket as a sync's merge does
/// (`desk.toml` by key, KB articles by front-matter key and text, others by line), for
/// `git desk merge-driver`, in `desk`'s repository. `base`: `None` when both sides added
/// the file. `None` on a true conflict.
pub fn merge_file_versions(
    desk: &Desk,
    path: &str,
    base: Option<&str>,
    ours: &str,
    theirs: &str,
) -> Result<Option<String>, DeskError> {
    let merger = Merger {
        repo: desk.repo(),
        matrix: PriorityMatrix::default(),
        tag: "",
        report: MergeReport::default(),
    };
    let base = base.map(|b| merger.blob_side(b)).transpose()?;
    let (ours, theirs) = (merger.blob_side(ours)?, merger.blob_side(theirs)?);
    match merger.merge_file(path, base, ours, theirs)? {
        Some(id) => merger.text_of(id),
        None => Ok(None),
    }
}

struct Merger<'a> {
    repo: &'a Repository,
    /// The priority matrix tickets are folded with: the merged desk.toml's, once it is
    /// merged (it sorts before `tickets/`), so both sides fold alike.
    matrix: PriorityMatrix,
    tag: &'a str,
    report: MergeReport,
}

impl Merger<'_> {
    /// Merges one directory; `None` when the result is empty.
    fn merge_dir(
        &mut self,
        prefix: &str,
        base: Option<&Tree<'_>>,
        ours: Option<&Tree<'_>>,
        theirs: Option<&Tree<'_>>,
    ) -> Result<Option<Oid>, DeskError> {
        let mut names: BTreeSet<String> = BTreeSet::new();
        for tree in [ours, theirs].into_iter().flatten() {
            names.extend(tree.iter().filter_map(|e| e.name().map(str::to_string)));
        }
        let get = |t: Option<&Tree<'_>>, name: &str| side(t.and_then(|t| t.get_name(name)));
        let mut builder = self.repo.treebuilder(None)?;
        for name in names {
            let (b, o, t) = (get(base, &name), get(ours, &name), get(theirs, &name));
            let path = format!("{prefix}{name}");
            let merged: Vec<(String, Side)> = if o == t || t == b {
                o.map(|o| vec![(name.clone(), o)]).unwrap_or_default()
            } else if o == b {
                t.map(|t| vec![(name.clone(), t)]).unwrap_or_default()
            } else {
                self.merge_path(&path, &name, b, o, t)?
            };
            for (entry_name, s) in merged {
                if path == CONFIG_PATH && entry_name == CONFIG_PATH {
                    self.use_config(s.id)?;
                }
                builder.insert(&entry_name, s.id, s.mode)?;
            }
        }
        if builder.is_empty() {
            return Ok(None);
        }
        Ok(Some(builder.write()?))
    }

    fn use_config(&mut self, blob: Oid) -> Result<(), DeskError> {
        let blob = self.repo.find_blob(blob)?;
        if let Some(config) = std::str::from_utf8(blob.content())
            .ok()
            .and_then(|text| DeskConfig::parse(text).ok())
        {
            self.matrix = config.matrix;
        }
        Ok(())
    }

    /// Both sides changed `path` (differently). Returns the entries to write.
    fn merge_path(
        &mut self,
        path: &str,
        name: &str,
        b: Option<Side>,
        o: Option<Side>,
        t: Option<Side>,
    ) -> Result<Vec<(String, Side)>, DeskError> {
        let (o, t) = match (o, t) {
            // Changed on one side, deleted on the other: nothing is lost.
            (Some(o), None) => return Ok(vec![(name.to_string(), o)]),
            (None, Some(t)) => return Ok(vec![(name.to_string(), t)]),
            (None, None) => return Ok(Vec::new()),
            (Some(o), Some(t)) => (o, t),
        };
        let tree_of = |s: Option<Side>| -> Result<Option<Tree<'_>>, DeskError> {
            match s {
                Some(s) if s.is_tree => Ok(Some(self.repo.find_tree(s.id)?)),
                _ => Ok(None),
            }
        };
        if o.is_tree && t.is_tree {
            let (bt, ot, tt) = (tree_of(b)?, tree_of(Some(o))?, tree_of(Some(t))?);
            let merged =
                self.merge_dir(&format!("{path}/"), bt.as_ref(), ot.as_ref(), tt.as_ref())?;
            return Ok(merged
                .map(|id| {
                    vec![(
                        name.to_string(),
                        Side {
                            id,
                            is_tree: true,
                            mode: FileMode::Tree.into(),
                        },
                    )]
                })
                .unwrap_or_default());
        }
        if !o.is_tree && !t.is_tree {
            if let Some(id) = ticket_path_id(path) {
                if let Some(blob) = self.unite_ticket(&id, o.id, t.id)? {
                    self.report.united.push(id);
                    return Ok(vec![(name.to_string(), Side { id: blob, ..o })]);
                }
            } else if let Some(blob) = self.merge_file(path, b.filter(|b| !b.is_tree), o, t)? {
                self.report.text_merged.push(path.to_string());
                return Ok(vec![(name.to_string(), Side { id: blob, ..o })]);
            }
        }
        // A true conflict: ours stays, theirs goes beside it.
        let other = conflict_name(name, self.tag);
        let other_path = format!("{}{other}", &path[..path.len() - name.len()]);
        self.report.conflicts.push((path.to_string(), other_path));
        Ok(vec![(name.to_string(), o), (other, t)])
    }

    /// The union of two versions of a ticket; `None` if either cannot be read (then
    /// both are kept as a conflict).
    fn unite_ticket(
        &self,
        id: &TicketId,
        ours: Oid,
        theirs: Oid,
    ) -> Result<Option<Oid>, DeskError> {
        let read = |oid: Oid| -> Result<Option<Ticket>, DeskError> {
            let blob = self.repo.find_blob(oid)?;
            Ok(std::str::from_utf8(blob.content())
                .ok()
                .and_then(|text| Ticket::from_toml(id, text, &self.matrix).ok()))
        };
        match (read(ours)?, read(theirs)?) {
            (Some(a), Some(b)) => {
                let united = Ticket::union(&a, &b, &self.matrix);
                Ok(Some(self.repo.blob(united.to_toml().as_bytes())?))
            }
            _ => Ok(None),
        }
    }

    /// A file other than a ticket changed on both sides: `desk.toml` by key, a KB
    /// article with its front matter by key and its text three-way, anything else (or a
    /// version that cannot be read as such) three-way by line. `None` on a true conflict.
    fn merge_file(
        &self,
        path: &str,
        base: Option<Side>,
        ours: Side,
        theirs: Side,
    ) -> Result<Option<Oid>, DeskError> {
        let text = |side: Option<Side>| match side {
            Some(side) => self.text_of(side.id),
            None => Ok(None),
        };
        let (b, o, t) = (text(base)?, text(Some(ours))?, text(Some(theirs))?);
        let (Some(o), Some(t)) = (o, t) else {
            return self.merge_lines(path, base, ours, theirs);
        };
        if base.is_some() && b.is_none() {
            return self.merge_lines(path, base, ours, theirs);
        }
        if path == CONFIG_PATH && toml_documents(&[b.as_deref(), Some(&o), Some(&t)]) {
            // Merged by key, and only if the result is a configuration that works.
            return match keyed::merge_documents(b.as_deref(), &o, &t)
                .filter(|merged| DeskConfig::parse(merged).is_ok())
            {
                Some(merged) => Ok(Some(self.repo.blob(merged.as_bytes())?)),
                None => Ok(None),
            };
        }
        if let Some(slug) = crate::kb::article_slug(path) {
            let read = |text: &str| Article::parse(&slug, text).ok();
            // Added on both sides: no base; a base that cannot be read: merge by line.
            let base_article = match b.as_deref() {
                None => Some(None),
                Some(text) => read(text).map(Some),
            };
            if let (Some(base_article), Some(oa), Some(ta)) = (base_article, read(&o), read(&t)) {
                let merged =
                    Article::merge(base_article.as_ref(), &oa, &ta, |base, ours, theirs| {
                        self.merge_strings(path, base, ours, theirs)
                    })?;
                return match merged {
                    Some(a) => Ok(Some(self.repo.blob(a.to_markdown().as_bytes())?)),
                    None => Ok(None),
                };
            }
        }
        self.merge_lines(path, base, ours, theirs)
    }

    /// Three texts merged by line; `None` on a conflict.
    fn merge_strings(
        &self,
        path: &str,
        base: &str,
        ours: &str,
        theirs: &str,
    ) -> Result<Option<String>, DeskError> {
        let base = Some(self.blob_side(base)?);
        match self.merge_lines(path, base, self.blob_side(ours)?, self.blob_side(theirs)?)? {
            Some(id) => self.text_of(id),
            None => Ok(None),
        }
    }

    /// A file entry holding `text`, its blob written.
    fn blob_side(&self, text: &str) -> Result<Side, DeskError> {
        Ok(Side {
            id: self.repo.blob(text.as_bytes())?,
            is_tree: false,
            mode: FileMode::Blob.into(),
        })
    }

    /// A blob's text; `None` when it is not UTF-8.
    fn text_of(&self, blob: Oid) -> Result<Option<String>, DeskError> {
        let blob = self.repo.find_blob(blob)?;
        Ok(std::str::from_utf8(blob.content()).ok().map(str::to_string))
    }

    /// libgit2's three-way text merge; `None` on a conflict.
    fn merge_lines(
        &self,
        path: &str,
        base: Option<Side>,
        ours: Side,
        theirs: Side,
    ) -> Result<Option<Oid>, DeskError> {
        // Added on both sides: merge against an empty ancestor.
        let base_id = match base {
            Some(b) => b.id,
            None => self.repo.blob(b"")?,
        };
        let entry = |id: Oid| IndexEntry {
            ctime: IndexTime::new(0, 0),
            mtime: IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: u32::from(FileMode::Blob),
            uid: 0,
            gid: 0,
            file_size: 0,
            id,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        };
        let result = self.repo.merge_file_from_index(
            &entry(base_id),
            &entry(ours.id),
            &entry(theirs.id),
            None,
        )?;
        if !result.is_automergeable() {
            return Ok(None);
        }
        Ok(Some(self.repo.blob(result.content())?))
    }
}

/// True when every version given parses as TOML (a missing one counts as empty).
fn toml_documents(versions: &[Option<&str>]) -> bool {
    versions.iter().all(|v| {
        v.unwrap_or_default()
            .parse::<toml_edit::DocumentMut>()
            .is_ok()
    })
}

/// The ticket id of `tickets/<2>/<id>.toml`, if the path is a ticket file.
pub fn ticket_path_id(path: &str) -> Option<TicketId> {
    let rest = path.strip_prefix("tickets/")?;
    let (shard, file) = rest.split_once('/')?;
    let id = file.strip_suffix(".toml")?;
    (id.len() == TICKET_ID_LEN && is_id_text(id) && id.starts_with(shard))
        .then(|| TicketId::parse(id).ok())
        .flatten()
}

/// `desk.toml` -> `desk.conflict-<tag>.toml`: the other version, beside ours.
fn conflict_name(name: &str, tag: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.conflict-{tag}.{ext}"),
        _ => format!("{name}.conflict-{tag}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Filing};
    use std::collections::BTreeMap;

    struct Fixture {
        _dir: tempfile::TempDir,
        repo: Repository,
    }

    impl Fixture {
        fn new() -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            let repo = Repository::init_bare(dir.path()).unwrap();
            Fixture { _dir: dir, repo }
        }

        fn tree(&self, files: &[(&str, &str)]) -> Tree<'_> {
            let changes: BTreeMap<String, Option<Oid>> = files
                .iter()
                .map(|(p, text)| {
                    (
                        p.to_string(),
                        Some(self.repo.blob(text.as_bytes()).unwrap()),
                    )
                })
                .collect();
            let id = crate::store::tree::apply_changes(&self.repo, None, &changes).unwrap();
            self.repo.find_tree(id).unwrap()
        }

        fn read(&self, tree: Oid, path: &str) -> Option<String> {
            let tree = self.repo.find_tree(tree).unwrap();
            let entry = tree.get_path(std::path::Path::new(path)).ok()?;
            let blob = self.repo.find_blob(entry.id()).unwrap();
            Some(String::from_utf8(blob.content().to_vec()).unwrap())
        }

        fn merge(&self, base: &Tree<'_>, ours: &Tree<'_>, theirs: &Tree<'_>) -> (Oid, MergeReport) {
            merge_trees(
                &self.repo,
                Some(base),
                ours,
                theirs,
                &PriorityMatrix::default(),
                "t4g",
            )
            .unwrap()
        }
    }

    fn ticket_versions() -> (String, String, String, String) {
        let m = PriorityMatrix::default();
        let id = TicketId::parse("k3m9x2q7wd4hb8fz").unwrap();
        let at = "2026-11-22T09:00:00Z".parse().unwrap();
        let base = Ticket::file(
            id.clone(),
            Filing::new("VPN drops", "c@example.com"),
            "c@example.com",
            at,
            &m,
        );
        let mut ours = base.clone();
        ours.record(
            Action::Commented {
                text: "ours".into(),
                internal: false,
            },
            "a@x",
            at,
            &m,
        );
        let mut theirs = base.clone();
        theirs.record(
            Action::Commented {
                text: "theirs".into(),
                internal: true,
            },
            "b@x",
            at,
            &m,
        );
        (id.path(), base.to_toml(), ours.to_toml(), theirs.to_toml())
    }

    #[test]
    fn tickets_changed_on_both_sides_are_united_the_same_either_way() {
        let f = Fixture::new();
        let (path, base, ours, theirs) = ticket_versions();
        let b = f.tree(&[(&path, &base), ("desk.toml", "name = 'x'\n")]);
        let o = f.tree(&[(&path, &ours), ("desk.toml", "name = 'x'\n")]);
        let t = f.tree(&[(&path, &theirs), ("desk.toml", "name = 'x'\n")]);
        let (ot, report) = f.merge(&b, &o, &t);
        let (to, _) = f.merge(&b, &t, &o);
        assert_eq!(ot, to, "the same tree whichever side merges");
        assert_eq!(report.united.len(), 1);
        let merged = f.read(ot, &path).unwrap();
        assert!(merged.contains("text = \"ours\"") && merged.contains("text = \"theirs\""));
    }

    #[test]
    fn one_sided_changes_and_deletions() {
        let f = Fixture::new();
        let b = f.tree(&[("a.txt", "1\n"), ("b.txt", "1\n"), ("c.txt", "1\n")]);
        let o = f.tree(&[("a.txt", "2\n"), ("b.txt", "1\n")]);
        let t = f.tree(&[("a.txt", "1\n"), ("c.txt", "changed\n"), ("d.txt", "new\n")]);
        let (id, report) = f.merge(&b, &o, &t);
        assert_eq!(f.read(id, "a.txt").as_deref(), Some("2\n"), "ours changed");
        assert_eq!(
            f.read(id, "b.txt"),
            None,
            "deleted by theirs, unchanged by us"
        );
        assert_eq!(
            f.read(id, "c.txt").as_deref(),
            Some("changed\n"),
            "changed beats deleted"
        );
        assert_eq!(f.read(id, "d.txt").as_deref(), Some("new\n"));
        assert!(report.conflicts.is_empty());
    }

    #[test]
    fn text_files_merge_by_line_and_true_conflicts_keep_both() {
        let f = Fixture::new();
        let base = "name = 'desk'\n[tiers.2]\nname = 'L2'\n\n\n[tiers.3]\nname = 'L3'\n";
        let b = f.tree(&[("desk.toml", base)]);
        let o = f.tree(&[("desk.toml", &base.replace("'L2'", "'Network'"))]);
        let t = f.tree(&[("desk.toml", &base.replace("'L3'", "'Engineering'"))]);
        let (id, report) = f.merge(&b, &o, &t);
        let merged = f.read(id, "desk.toml").unwrap();
        assert!(
            merged.contains("'Network'") && merged.contains("'Engineering'"),
            "{merged}"
        );
        assert_eq!(report.text_merged, vec!["desk.toml"]);

        let o = f.tree(&[("desk.toml", &base.replace("'desk'", "'ours'"))]);
        let t = f.tree(&[("desk.toml", &base.replace("'desk'", "'theirs'"))]);
        let (id, report) = f.merge(&b, &o, &t);
        assert!(f.read(id, "desk.toml").unwrap().contains("'ours'"));
        assert!(f
            .read(id, "desk.conflict-t4g.toml")
            .unwrap()
            .contains("'theirs'"));
        assert_eq!(
            report.conflicts,
            vec![(
                "desk.toml".to_string(),
                "desk.conflict-t4g.toml".to_string()
            )]
        );
        assert!(!f.read(id, "desk.toml").unwrap().contains("<<<<<<<"));
    }

    #[test]
    fn ticket_paths_are_recognised() {
        assert!(ticket_path_id("tickets/k3/k3m9x2q7wd4hb8fz.toml").is_some());
        assert!(ticket_path_id("tickets/ab/k3m9x2q7wd4hb8fz.toml").is_none());
        assert!(ticket_path_id("kb/k3m9x2q7wd4hb8fz.toml").is_none());
        assert!(ticket_path_id("tickets/k3/k3m9x2q7wd4hb8fz.toml.conflict-1").is_none());
    }

    #[test]
    fn conflict_copies_keep_their_extension() {
        assert_eq!(
            conflict_name("desk.toml", "3fa9c1e2"),
            "desk.conflict-3fa9c1e2.toml"
        );
        assert_eq!(
            conflict_name("vpn-rekey.md", "x"),
            "vpn-rekey.conflict-x.md"
        );
        assert_eq!(conflict_name("README", "x"), "README.conflict-x");
    }
}
