//! Reading the desk at one commit: configuration, ticket lookup by id prefix, tickets.

use git2::{ObjectType, Oid, Repository, Tree};

use crate::config::{DeskConfig, CONFIG_PATH};
use crate::error::DeskError;
use crate::model::id::{is_id_text, unique_prefix_len, TICKET_ID_LEN};
use crate::model::{PriorityMatrix, Ticket, TicketId};

/// The directory holding the ticket shards.
pub const TICKETS_DIR: &str = "tickets";

/// The desk as of one commit of its branch.
pub struct Snapshot<'r> {
    repo: &'r Repository,
    /// The commit read; `None` for a desk branch that does not exist yet.
    pub commit: Option<Oid>,
    tree: Option<Tree<'r>>,
    /// The configuration in force at this commit.
    pub config: DeskConfig,
    /// Problems met while reading that did not stop it (a broken desk.toml).
    pub warnings: Vec<String>,
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
        };
        if let Some(bytes) = snapshot.file(CONFIG_PATH)? {
            match std::str::from_utf8(&bytes)
                .map_err(|_| "it is not UTF-8".to_string())
                .and_then(DeskConfig::parse)
            {
                Ok(config) => snapshot.config = config,
                Err(reason) => snapshot.warnings.push(format!(
                    "{CONFIG_PATH} is broken ({reason}); using the default configuration until it is fixed"
                )),
            }
        }
        Ok(snapshot)
    }

    /// The repository read from.
    pub fn repo(&self) -> &'r Repository {
        self.repo
    }

    /// The root tree, if the branch exists.
    pub fn tree(&self) -> Option<&Tree<'r>> {
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
            return Err(DeskError::invalid(format!(
                "'{prefix}' is not a ticket id: ids use 0-9 and a-z without i, l, o, u (see `git desk ls`)"
            )));
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

    /// Reads every ticket. Broken files are collected, not fatal, so one bad file never
    /// hides the others. Blobs are read in batches and parsed on every core.
    pub fn load_all(&self) -> Result<TicketSet, DeskError> {
        let mut set = TicketSet {
            tickets: Vec::new(),
            broken: Vec::new(),
        };
        let Some(tickets_tree) = self.subtree(TICKETS_DIR)? else {
            return Ok(set);
        };
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let mut batch: Vec<RawTicket> = Vec::with_capacity(PARSE_BATCH);
        for shard in tickets_tree.iter() {
            if shard.kind() != Some(ObjectType::Tree) {
                continue;
            }
            let shard_tree = self.repo.find_tree(shard.id())?;
            let shard_name = shard.name().unwrap_or_default();
            for entry in shard_tree.iter() {
                let Some(name) = entry.name() else { continue };
                let Some(id) = ticket_name(name).and_then(|n| TicketId::parse(n).ok()) else {
                    continue;
                };
                let blob = self.repo.find_blob(entry.id())?;
                batch.push(RawTicket {
                    id,
                    path: format!("{TICKETS_DIR}/{shard_name}/{name}"),
                    bytes: blob.content().to_vec(),
                });
                if batch.len() == PARSE_BATCH {
                    parse_batch(&self.config.matrix, &mut batch, workers, &mut set);
                }
            }
        }
        parse_batch(&self.config.matrix, &mut batch, workers, &mut set);
        Ok(set)
    }
}

/// Tickets parsed per batch: enough to keep every core busy, few enough to keep the raw
/// bytes in memory small.
const PARSE_BATCH: usize = 4096;

/// A ticket file read but not yet parsed.
struct RawTicket {
    id: TicketId,
    path: String,
    bytes: Vec<u8>,
}

/// Parses a batch on `workers` threads, keeping tree order, and empties it.
fn parse_batch(
    matrix: &PriorityMatrix,
    batch: &mut Vec<RawTicket>,
    workers: usize,
    set: &mut TicketSet,
) {
    if batch.is_empty() {
        return;
    }
    let chunk = batch.len().div_ceil(workers);
    let parsed: Vec<Vec<Result<Ticket, DeskError>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|raw| parse_ticket(matrix, &raw.id, &raw.path, &raw.bytes))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("parsing a ticket does not panic"))
            .collect()
    });
    for result in parsed.into_iter().flatten() {
        match result {
            Ok(t) => set.tickets.push(t),
            Err(e) => set.broken.push(e),
        }
    }
    batch.clear();
}

/// Parses one ticket file; `BrokenTicket` names the path and the reason.
fn parse_ticket(
    matrix: &PriorityMatrix,
    id: &TicketId,
    path: &str,
    bytes: &[u8],
) -> Result<Ticket, DeskError> {
    let text = std::str::from_utf8(bytes).map_err(|_| DeskError::BrokenTicket {
        path: path.to_string(),
        reason: "it is not UTF-8".into(),
    })?;
    Ticket::from_toml(id, text, matrix).map_err(|reason| DeskError::BrokenTicket {
        path: path.to_string(),
        reason,
    })
}

/// The id in a ticket file name (`<id>.toml`), if it is one.
fn ticket_name(file_name: &str) -> Option<&str> {
    file_name
        .strip_suffix(".toml")
        .filter(|id| id.len() == TICKET_ID_LEN && is_id_text(id))
}
