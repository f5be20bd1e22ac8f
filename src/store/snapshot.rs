//! Reading the desk at one commit: configuration, ticket lookup by id prefix, tickets.

use git2::{ObjectType, Oid, Repository, Tree};

use crate::config::{DeskConfig, CONFIG_PATH};
use crate::error::DeskError;
use crate::model::id::{is_id_text, unique_prefix_len, TICKET_ID_LEN};
use crate::model::{Ticket, TicketId};

use super::cache::{
    self, parse_ticket, ticket_name, CacheFinding, Listing, Progress, TicketCache, Visit,
};

pub use super::cache::TICKETS_DIR;

/// The desk as of one commit of its branch.
pub struct Snapshot<'r> {
    repo: &'r Repository,
    /// The commit read; `None` for a desk branch that does not exist yet.
    pub(crate) commit: Option<Oid>,
    tree: Option<Tree<'r>>,
    /// The configuration in force at this commit.
    pub config: DeskConfig,
    /// Problems met while reading that did not stop it (a broken desk.toml, keys of it
    /// this version does not know).
    pub warnings: Vec<String>,
    /// The summary cache to read through, for snapshots of the desk branch's tip.
    pub(crate) cache: Option<TicketCache>,
}

/// The outcome of reading every ticket: those that parsed, and those that did not.
pub struct TicketSet {
    /// Tickets that parsed, in id order.
    pub tickets: Vec<Ticket>,
    /// Files that are broken, each with its reason.
    pub broken: Vec<DeskError>,
}

impl<'r> Snapshot<'r> {
    pub(crate) fn at(repo: &'r Repository, commit: Option<Oid>) -> Result<Snapshot<'r>, DeskError> {
        let tree = match commit {
            Some(id) => Some(repo.find_commit(id)?.tree()?),
            None => None,
        };
        let mut snapshot = Snapshot {
            repo,
            commit,
            tree,
            config: DeskConfig::default(),
            warnings: Vec::new(),
            cache: None,
        };
        if let Some(bytes) = snapshot.file(CONFIG_PATH)? {
            match std::str::from_utf8(&bytes)
                .map_err(|_| "it is not UTF-8".to_string())
                .and_then(DeskConfig::parse)
            {
                Ok(config) => {
                    let unknown = config.unknown_keys.iter().map(|k| k.to_string());
                    snapshot.warnings.extend(unknown);
                    snapshot.config = config;
                }
                Err(reason) => {
                    // Reads go on with the defaults; writes its rules check are refused.
                    snapshot.warnings.push(format!(
                        "{CONFIG_PATH} is broken ({reason}): reading with the default configuration; writes that its rules check are refused until it is fixed with `git desk config edit`"
                    ));
                    snapshot.config = DeskConfig::stand_in(reason);
                }
            }
        }
        Ok(snapshot)
    }

    /// The root tree, if the branch exists.
    pub(crate) fn tree(&self) -> Option<&Tree<'r>> {
        self.tree.as_ref()
    }

    /// The bytes of a file in the desk tree.
    pub fn file(&self, path: &str) -> Result<Option<Vec<u8>>, DeskError> {
        let Some(tree) = &self.tree else {
            return Ok(None);
        };
        match tree.get_path(std::path::Path::new(path)) {
            Ok(entry) if entry.kind() == Some(ObjectType::Blob) => {
                Ok(Some(self.repo.find_blob(entry.id())?.content().to_vec()))
            }
            Ok(_) => Ok(None),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether the desk tree has a file at `path`; its bytes are not read.
    pub fn has_file(&self, path: &str) -> Result<bool, DeskError> {
        let Some(tree) = &self.tree else {
            return Ok(false);
        };
        match tree.get_path(std::path::Path::new(path)) {
            Ok(entry) => Ok(entry.kind() == Some(ObjectType::Blob)),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The bytes of a blob of the repository, by id.
    pub(crate) fn blob(&self, oid: Oid) -> Result<Vec<u8>, DeskError> {
        Ok(self.repo.find_blob(oid)?.content().to_vec())
    }

    /// The names of the files directly in directory `dir` of the desk tree, in tree
    /// order; none when there is no such directory.
    pub fn file_names(&self, dir: &str) -> Result<Vec<String>, DeskError> {
        let Some(tree) = self.subtree(dir)? else {
            return Ok(Vec::new());
        };
        Ok(tree
            .iter()
            .filter(|e| e.kind() == Some(ObjectType::Blob))
            .filter_map(|e| e.name().map(str::to_string))
            .collect())
    }

    /// The files directly in directory `dir` of the desk tree, in tree order, each with
    /// its blob id; none when there is no such directory.
    pub(crate) fn dir_files(&self, dir: &str) -> Result<Vec<(String, Oid)>, DeskError> {
        let Some(tree) = self.subtree(dir)? else {
            return Ok(Vec::new());
        };
        Ok(tree
            .iter()
            .filter(|e| e.kind() == Some(ObjectType::Blob))
            .filter_map(|e| Some((e.name()?.to_string(), e.id())))
            .collect())
    }

    fn subtree(&self, path: &str) -> Result<Option<Tree<'r>>, DeskError> {
        let Some(tree) = &self.tree else {
            return Ok(None);
        };
        match tree.get_path(std::path::Path::new(path)) {
            Ok(entry) if entry.kind() == Some(ObjectType::Tree) => {
                Ok(Some(self.repo.find_tree(entry.id())?))
            }
            Ok(_) => Ok(None),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Ticket ids in one shard, sorted.
    fn shard_ids(&self, shard: &str) -> Result<Vec<String>, DeskError> {
        let Some(tree) = self.subtree(&format!("{TICKETS_DIR}/{shard}"))? else {
            return Ok(Vec::new());
        };
        Ok(tree
            .iter()
            .filter_map(|e| e.name().and_then(ticket_name).map(str::to_string))
            .collect())
    }

    /// The shard names present.
    fn shards(&self) -> Result<Vec<String>, DeskError> {
        let Some(tree) = self.subtree(TICKETS_DIR)? else {
            return Ok(Vec::new());
        };
        Ok(tree
            .iter()
            .filter(|e| e.kind() == Some(ObjectType::Tree))
            .filter_map(|e| e.name().map(str::to_string))
            .collect())
    }

    /// Every ticket id, sorted, from the tree alone (no file is read).
    pub fn ticket_ids(&self) -> Result<Vec<TicketId>, DeskError> {
        let mut ids = Vec::new();
        for shard in self.shards()? {
            for id in self.shard_ids(&shard)? {
                ids.push(TicketId::parse(&id)?);
            }
        }
        Ok(ids)
    }

    /// The ticket a user-typed id or prefix names. Reads only the shard it falls in.
    pub fn resolve(&self, prefix: &str) -> Result<TicketId, DeskError> {
        let wanted = prefix.trim().to_ascii_lowercase();
        if wanted.is_empty() || wanted.len() > TICKET_ID_LEN || !is_id_text(&wanted) {
            return Err(crate::error::BadValue::TicketPrefix(prefix.to_string()).into());
        }
        let shards: Vec<String> = if wanted.len() >= 2 {
            vec![wanted[..2].to_string()]
        } else {
            self.shards()?
                .into_iter()
                .filter(|s| s.starts_with(&wanted))
                .collect()
        };
        let mut matches = Vec::new();
        for shard in shards {
            matches.extend(
                self.shard_ids(&shard)?
                    .into_iter()
                    .filter(|id| id.starts_with(&wanted)),
            );
        }
        match matches.len() {
            0 => Err(DeskError::UnknownTicket {
                prefix: prefix.to_string(),
            }),
            1 => TicketId::parse(&matches[0]),
            _ => {
                let refs: Vec<&str> = matches.iter().map(String::as_str).collect();
                let candidates = matches
                    .iter()
                    .take(8)
                    .map(|id| {
                        id[..unique_prefix_len(id, &refs)
                            .max(wanted.len() + 1)
                            .min(id.len())]
                            .to_string()
                    })
                    .collect();
                Err(DeskError::AmbiguousId {
                    prefix: prefix.to_string(),
                    candidates,
                })
            }
        }
    }

    /// The shortest unique prefix (at least 6 characters) of a ticket id. Reads one shard.
    pub fn short_id(&self, id: &TicketId) -> Result<String, DeskError> {
        let ids = self.shard_ids(id.shard())?;
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        Ok(id.as_str()[..unique_prefix_len(id.as_str(), &refs)].to_string())
    }

    /// True when a ticket file exists for the id.
    pub fn contains(&self, id: &TicketId) -> Result<bool, DeskError> {
        Ok(self.shard_ids(id.shard())?.iter().any(|x| x == id.as_str()))
    }

    /// Reads and folds one ticket; `BrokenTicket` when its file cannot be read.
    pub fn load(&self, id: &TicketId) -> Result<Ticket, DeskError> {
        let path = id.path();
        let bytes = self.file(&path)?.ok_or_else(|| DeskError::UnknownTicket {
            prefix: id.to_string(),
        })?;
        parse_ticket(&self.config.matrix, id, &path, &bytes)
    }

    /// Every ticket, encoded, from the summary cache where it is current (see
    /// [`super::cache`]); `progress` hears about a cold build of many shards.
    pub fn listing(&self, progress: Option<Progress<'_>>) -> Result<Listing, DeskError> {
        let tickets_tree = self.subtree(TICKETS_DIR)?.map(|t| t.id());
        cache::read(
            self.repo,
            tickets_tree,
            &self.config.matrix,
            self.cache.as_ref(),
            progress,
        )
    }

    /// Reads every ticket whole. Broken files are collected, not fatal, so one bad file
    /// never hides the others.
    pub fn load_all(&self) -> Result<TicketSet, DeskError> {
        let listing = self.listing(None)?;
        Ok(TicketSet {
            tickets: listing.tickets(),
            broken: listing.broken,
        })
    }

    /// Shows every ticket file to `visit` (read in parallel, or known clean from an
    /// earlier audit with the same `checks`, a fingerprint of what `visit` checks), and
    /// compares the summary cache with a rebuild: its files that are corrupt, stale or
    /// wrong. Without a cache (a snapshot not of the branch's tip) every file is read and
    /// there are no findings.
    pub fn audit(&self, checks: u32, visit: Visit<'_>) -> Result<Vec<CacheFinding>, DeskError> {
        let tickets_tree = self.subtree(TICKETS_DIR)?.map(|t| t.id());
        cache::audit(
            self.repo,
            tickets_tree,
            &self.config.matrix,
            self.cache.as_ref(),
            checks,
            visit,
        )
    }

    /// Every file of the desk tree (blobs and links), by path, in tree order.
    pub fn paths(&self) -> Result<Vec<String>, DeskError> {
        let mut paths = Vec::new();
        let Some(tree) = &self.tree else {
            return Ok(paths);
        };
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() != Some(ObjectType::Tree) {
                if let Some(name) = entry.name() {
                    paths.push(format!("{dir}{name}"));
                }
            }
            git2::TreeWalkResult::Ok
        })?;
        Ok(paths)
    }
}
