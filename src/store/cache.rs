//! The summary cache: every ticket of the branch parsed once and kept under
//! `.git/desk/cache/<branch>/` in a compact binary form, so that listing, queries, SLA
//! sweeps and reports do not parse 100,000 TOML files on every run.
//!
//! It is never the source of truth. There is one file per shard of `tickets/`, keyed by
//! that shard's tree id: a reader compares each cached key with the current tree and
//! rebuilds only the shards that differ, reusing every record whose blob id is unchanged.
//! That is the tree diff between the cached tree and the current one, so the cache is
//! right after `git fetch`, a sync or a hand-made commit without a full rebuild. A file
//! that is missing, truncated, corrupt (checked by CRC) or written by another build is
//! rebuilt silently. Files are replaced by rename, so a reader sees a whole old file or a
//! whole new one, never half of one.
//!
//! A shard file: `MAGIC`, the fingerprint (`u32`), the shard tree id (20 bytes), then
//! records, then the CRC-32 of everything before it. A record: the ticket id (16 bytes),
//! its blob id (20), a kind byte (parsed or broken), two `u32` lengths and two byte runs:
//! the ticket's state without its events and the events (postcard), or the reason the
//! file is broken and nothing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use git2::{ObjectType, Oid, Repository};

use crate::error::DeskError;
use crate::model::id::{is_id_text, unique_prefix_len, TICKET_ID_LEN};
use crate::model::{Event, PriorityMatrix, Ticket, TicketId};

use super::snapshot::TICKETS_DIR;

const MAGIC: &[u8; 8] = b"GDSKSHD1";
const HEADER_LEN: usize = 8 + 4 + 20;
const RECORD_HEAD: usize = TICKET_ID_LEN + 20 + 1 + 4 + 4;
const PARSED: u8 = 0;
const BROKEN: u8 = 1;

/// The code whose changes make old cache files unreadable: the model and its encoding.
/// Hashing the source itself means a changed build never misreads an older file.
const ENCODING_SOURCE: &[&str] = &[
    include_str!("cache.rs"),
    include_str!("../model/ticket.rs"),
    include_str!("../model/event.rs"),
    include_str!("../model/types.rs"),
    include_str!("../model/id.rs"),
    include_str!("../model/binary.rs"),
];

/// What a cached record depends on besides its blob: this build's encoding and the
/// priority matrix the ticket was folded with.
pub(crate) fn fingerprint(matrix: &PriorityMatrix) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    for source in ENCODING_SOURCE {
        hasher.update(source.as_bytes());
    }
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(format!("{matrix:?}").as_bytes());
    hasher.finalize()
}

/// Where one branch's cache lives.
#[derive(Debug, Clone)]
pub struct TicketCache {
    dir: PathBuf,
}

impl TicketCache {
    /// The cache of `branch` in the repository whose git directory is `git_dir`.
    pub fn for_branch(git_dir: &Path, branch: &str) -> TicketCache {
        TicketCache {
            dir: git_dir.join("desk").join("cache").join(branch),
        }
    }

    /// Its directory (for tests and `--help` texts).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn shard_path(&self, shard: &str) -> PathBuf {
        self.dir.join(format!("{shard}.shard"))
    }

    /// The shard file's bytes if it exists, is whole and was written by this build for
    /// this matrix; `None` otherwise.
    fn read_shard(&self, shard: &str, fingerprint: u32) -> Option<ShardFile> {
        let bytes = std::fs::read(self.shard_path(shard)).ok()?;
        ShardFile::check(bytes, fingerprint)
    }

    /// Replaces a shard file whole (temp file, then rename). Failures are ignored: the
    /// cache only saves time, and a read-only repository still reads correctly.
    fn write_shard(&self, shard: &str, bytes: &[u8]) {
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let mut temp = tempfile::NamedTempFile::new_in(&self.dir)?;
            temp.write_all(bytes)?;
            temp.persist(self.shard_path(shard))?;
            Ok(())
        };
        let _ = write();
    }
}

/// A checked shard file.
struct ShardFile {
    bytes: Vec<u8>,
}

impl ShardFile {
    fn check(bytes: Vec<u8>, fingerprint: u32) -> Option<ShardFile> {
        if bytes.len() < HEADER_LEN + 4 || &bytes[..8] != MAGIC {
            return None;
        }
        let (body, crc) = bytes.split_at(bytes.len() - 4);
        if crc32fast::hash(body).to_le_bytes() != crc {
            return None;
        }
        if u32::from_le_bytes(body[8..12].try_into().ok()?) != fingerprint {
            return None;
        }
        let file = ShardFile { bytes };
        // Walk the records once so later reads can trust the lengths.
        let mut at = HEADER_LEN;
        while at < file.body_len() {
            at = file.record_at(at)?.end;
        }
        (at == file.body_len()).then_some(file)
    }

    fn body_len(&self) -> usize {
        self.bytes.len() - 4
    }

    fn tree(&self) -> &[u8] {
        &self.bytes[12..HEADER_LEN]
    }

    fn record_at(&self, at: usize) -> Option<RecordSpan> {
        let body = &self.bytes[..self.body_len()];
        let head = body.get(at..at + RECORD_HEAD)?;
        let kind = head[TICKET_ID_LEN + 20];
        let len = |from: usize| -> usize {
            u32::from_le_bytes(head[from..from + 4].try_into().expect("four bytes")) as usize
        };
        let first = len(TICKET_ID_LEN + 21);
        let second = len(TICKET_ID_LEN + 25);
        let end = (at + RECORD_HEAD).checked_add(first)?.checked_add(second)?;
        if end > body.len() || kind > BROKEN {
            return None;
        }
        Some(RecordSpan {
            start: at,
            end,
            first: at + RECORD_HEAD..at + RECORD_HEAD + first,
            second: at + RECORD_HEAD + first..end,
            kind,
        })
    }

    fn records(&self) -> impl Iterator<Item = RecordSpan> + '_ {
        let mut at = HEADER_LEN;
        std::iter::from_fn(move || {
            if at >= self.body_len() {
                return None;
            }
            let span = self.record_at(at).expect("records were checked when read");
            at = span.end;
            Some(span)
        })
    }

    fn id_of(&self, span: &RecordSpan) -> &[u8] {
        &self.bytes[span.start..span.start + TICKET_ID_LEN]
    }

    fn blob_of(&self, span: &RecordSpan) -> &[u8] {
        &self.bytes[span.start + TICKET_ID_LEN..span.start + TICKET_ID_LEN + 20]
    }
}

#[derive(Clone)]
struct RecordSpan {
    start: usize,
    end: usize,
    first: std::ops::Range<usize>,
    second: std::ops::Range<usize>,
    kind: u8,
}

/// Builds a shard file record by record.
struct ShardWriter {
    bytes: Vec<u8>,
}

impl ShardWriter {
    fn new(fingerprint: u32, tree: Oid) -> ShardWriter {
        let mut bytes = Vec::with_capacity(64 * 1024);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&fingerprint.to_le_bytes());
        bytes.extend_from_slice(tree.as_bytes());
        ShardWriter { bytes }
    }

    fn record(&mut self, id: &str, blob: Oid, kind: u8, first: &[u8], second: &[u8]) {
        self.bytes.extend_from_slice(id.as_bytes());
        self.bytes.extend_from_slice(blob.as_bytes());
        self.bytes.push(kind);
        self.bytes
            .extend_from_slice(&(first.len() as u32).to_le_bytes());
        self.bytes
            .extend_from_slice(&(second.len() as u32).to_le_bytes());
        self.bytes.extend_from_slice(first);
        self.bytes.extend_from_slice(second);
    }

    fn parsed(&mut self, blob: Oid, mut ticket: Ticket) {
        let events = std::mem::take(&mut ticket.events);
        let state = postcard::to_stdvec(&ticket).expect("a ticket encodes");
        let events = postcard::to_stdvec(&events).expect("events encode");
        self.record(ticket.id.as_str(), blob, PARSED, &state, &events);
    }

    fn broken(&mut self, id: &TicketId, blob: Oid, reason: &str) {
        self.record(id.as_str(), blob, BROKEN, reason.as_bytes(), &[]);
    }

    fn copy(&mut self, from: &ShardFile, span: &RecordSpan) {
        self.bytes
            .extend_from_slice(&from.bytes[span.start..span.end]);
    }

    fn finish(mut self) -> ShardFile {
        let crc = crc32fast::hash(&self.bytes);
        self.bytes.extend_from_slice(&crc.to_le_bytes());
        ShardFile { bytes: self.bytes }
    }
}

/// The id in a ticket file name (`<id>.toml`), if it is one.
pub(crate) fn ticket_name(file_name: &str) -> Option<&str> {
    file_name
        .strip_suffix(".toml")
        .filter(|id| id.len() == TICKET_ID_LEN && is_id_text(id))
}

/// Parses one ticket file; `BrokenTicket` names the path and the reason.
pub(crate) fn parse_ticket(
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

/// Builds the file of one shard from its tree, reusing the records of `old` whose blob
/// is unchanged and parsing the rest.
fn build_shard(
    repo: &Repository,
    matrix: &PriorityMatrix,
    fingerprint: u32,
    shard: &str,
    tree_id: Oid,
    old: Option<&ShardFile>,
) -> Result<ShardFile, DeskError> {
    let tree = repo.find_tree(tree_id)?;
    let reusable: std::collections::HashMap<&[u8], RecordSpan> = old
        .map(|f| f.records().map(|r| (f.id_of(&r), r)).collect())
        .unwrap_or_default();
    let mut writer = ShardWriter::new(fingerprint, tree_id);
    for entry in tree.iter() {
        let Some(name) = entry.name() else { continue };
        let Some(id) = ticket_name(name).and_then(|n| TicketId::parse(n).ok()) else {
            continue;
        };
        let blob = entry.id();
        if let (Some(old), Some(span)) = (old, reusable.get(id.as_str().as_bytes())) {
            if old.blob_of(span) == blob.as_bytes() {
                writer.copy(old, span);
                continue;
            }
        }
        if entry.kind() != Some(ObjectType::Blob) {
            continue;
        }
        let content = repo.find_blob(blob)?;
        let path = format!("{TICKETS_DIR}/{shard}/{name}");
        match parse_ticket(matrix, &id, &path, content.content()) {
            Ok(ticket) => writer.parsed(blob, ticket),
            Err(DeskError::BrokenTicket { reason, .. }) => writer.broken(&id, blob, &reason),
            Err(e) => return Err(e),
        }
    }
    Ok(writer.finish())
}

/// Reports the progress of a cold build: shards done, shards to do.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// From this many shards to rebuild on, the work is spread over every core.
const PARALLEL_FROM: usize = 8;

/// Every ticket of a `tickets/` tree, encoded: read from the cache where it is current,
/// rebuilt (and the cache updated) where it is not. With no cache, everything is built in
/// memory.
pub(crate) fn read(
    repo: &Repository,
    tickets_tree: Option<Oid>,
    matrix: &PriorityMatrix,
    cache: Option<&TicketCache>,
    progress: Option<Progress<'_>>,
) -> Result<Listing, DeskError> {
    let mut listing = Listing::default();
    let Some(tickets_tree) = tickets_tree else {
        return Ok(listing);
    };
    let fingerprint = fingerprint(matrix);
    let tree = repo.find_tree(tickets_tree)?;
    let mut shards: Vec<(String, Oid, Option<ShardFile>)> = Vec::new();
    let mut stale = Vec::new();
    for entry in tree.iter() {
        if entry.kind() != Some(ObjectType::Tree) {
            continue;
        }
        let Some(name) = entry.name() else { continue };
        let cached = cache.and_then(|c| c.read_shard(name, fingerprint));
        let current = cached
            .as_ref()
            .is_some_and(|f| f.tree() == entry.id().as_bytes());
        if !current {
            stale.push(shards.len());
        }
        shards.push((name.to_string(), entry.id(), cached));
    }
    rebuild(
        repo,
        matrix,
        fingerprint,
        cache,
        &mut shards,
        &stale,
        progress,
    )?;
    for (name, _, file) in shards {
        listing.add_shard(&name, file.expect("every shard is built"));
    }
    Ok(listing)
}

/// Rebuilds the shards at `stale`, in parallel when there are many, writing each to the
/// cache as it is done.
fn rebuild(
    repo: &Repository,
    matrix: &PriorityMatrix,
    fingerprint: u32,
    cache: Option<&TicketCache>,
    shards: &mut [(String, Oid, Option<ShardFile>)],
    stale: &[usize],
    progress: Option<Progress<'_>>,
) -> Result<(), DeskError> {
    let build = |repo: &Repository, (name, tree, old): &(String, Oid, Option<ShardFile>)| {
        let file = build_shard(repo, matrix, fingerprint, name, *tree, old.as_ref())?;
        if let Some(cache) = cache {
            cache.write_shard(name, &file.bytes);
        }
        Ok::<ShardFile, DeskError>(file)
    };
    if stale.len() < PARALLEL_FROM {
        for &i in stale {
            let file = build(repo, &shards[i])?;
            shards[i].2 = Some(file);
        }
        return Ok(());
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let built: Mutex<Vec<(usize, ShardFile)>> = Mutex::new(Vec::with_capacity(stale.len()));
    let git_dir = repo.path().to_path_buf();
    let shards_ref = &*shards;
    std::thread::scope(|scope| -> Result<(), DeskError> {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<(), DeskError> {
                    // libgit2 handles are not shared between threads: one each.
                    let repo = Repository::open(&git_dir)?;
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&i) = stale.get(k) else {
                            return Ok(());
                        };
                        let file = build(&repo, &shards_ref[i])?;
                        built.lock().expect("no panics").push((i, file));
                        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                        if let Some(report) = progress {
                            report(n, stale.len());
                        }
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().expect("building a shard does not panic")?;
        }
        Ok(())
    })?;
    for (i, file) in built.into_inner().expect("no panics") {
        shards[i].2 = Some(file);
    }
    Ok(())
}

/// Brings the cached shards `names` up to date with `tickets_tree` (a writer, right after
/// its commit): only the tickets whose blob changed are parsed.
pub(crate) fn refresh(
    repo: &Repository,
    tickets_tree: Oid,
    matrix: &PriorityMatrix,
    cache: &TicketCache,
    names: &std::collections::BTreeSet<String>,
) -> Result<(), DeskError> {
    let fingerprint = fingerprint(matrix);
    let tree = repo.find_tree(tickets_tree)?;
    let mut shards = Vec::new();
    for name in names {
        let Some(entry) = tree.get_name(name) else {
            continue;
        };
        if entry.kind() == Some(ObjectType::Tree) {
            shards.push((
                name.clone(),
                entry.id(),
                cache.read_shard(name, fingerprint),
            ));
        }
    }
    let stale: Vec<usize> = (0..shards.len()).collect();
    rebuild(
        repo,
        matrix,
        fingerprint,
        Some(cache),
        &mut shards,
        &stale,
        None,
    )
}

/// One ticket's place in a [`Listing`].
struct Entry {
    id: TicketId,
    shard: usize,
    state: std::ops::Range<usize>,
    events: std::ops::Range<usize>,
}

/// Every ticket of a snapshot, encoded, in id order: decoded on demand, as summaries
/// (the state without the event log, for listing and state-only queries) or whole.
#[derive(Default)]
pub struct Listing {
    files: Vec<Vec<u8>>,
    entries: Vec<Entry>,
    /// Ticket files that do not parse, each with its reason.
    pub broken: Vec<DeskError>,
}

impl Listing {
    fn add_shard(&mut self, name: &str, file: ShardFile) {
        let index = self.files.len();
        for span in file.records() {
            let id = std::str::from_utf8(file.id_of(&span))
                .ok()
                .and_then(|s| TicketId::parse(s).ok())
                .expect("ids were checked when written");
            if span.kind == BROKEN {
                self.broken.push(DeskError::BrokenTicket {
                    path: format!("{TICKETS_DIR}/{name}/{id}.toml"),
                    reason: String::from_utf8_lossy(&file.bytes[span.first.clone()]).into(),
                });
                continue;
            }
            self.entries.push(Entry {
                id,
                shard: index,
                state: span.first,
                events: span.second,
            });
        }
        self.files.push(file.bytes);
    }

    /// How many tickets parsed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The position of a ticket, if it is listed.
    pub fn find(&self, id: &TicketId) -> Option<usize> {
        self.entries.binary_search_by(|e| e.id.cmp(id)).ok()
    }

    /// The shortest unique prefix (at least 6 characters) of a listed id among all
    /// listed ids: only its neighbours in id order need looking at.
    pub fn short_id(&self, id: &TicketId) -> String {
        let pos = self.entries.partition_point(|e| e.id < *id);
        let window: Vec<&str> = self.entries[pos.saturating_sub(1)..(pos + 3).min(self.len())]
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        id.as_str()[..unique_prefix_len(id.as_str(), &window)].to_string()
    }

    /// The ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &TicketId> {
        self.entries.iter().map(|e| &e.id)
    }

    fn decode(&self, i: usize, whole: bool) -> Ticket {
        let entry = &self.entries[i];
        let file = &self.files[entry.shard];
        let mut ticket: Ticket =
            postcard::from_bytes(&file[entry.state.clone()]).expect("checked cache records decode");
        if whole {
            ticket.events = postcard::from_bytes::<Vec<Event>>(&file[entry.events.clone()])
                .expect("checked cache records decode");
        }
        ticket
    }

    /// Ticket `i` with its event log.
    pub fn ticket(&self, i: usize) -> Ticket {
        self.decode(i, true)
    }

    /// Ticket `i`'s state alone: `events` is empty.
    pub fn summary(&self, i: usize) -> Ticket {
        self.decode(i, false)
    }

    /// Every ticket's state (events empty), decoded on every core.
    pub fn summaries(&self) -> Vec<Ticket> {
        self.decode_where(false, &|_| true)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    /// Every ticket with its event log, decoded on every core.
    pub fn tickets(&self) -> Vec<Ticket> {
        self.decode_where(true, &|_| true)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    /// The summaries (events empty) for which `keep` holds, with their positions, decoded
    /// and tested on every core: only the kept ones stay in memory.
    pub fn summaries_where(&self, keep: &(dyn Fn(&Ticket) -> bool + Sync)) -> Vec<(usize, Ticket)> {
        self.decode_where(false, keep)
    }

    fn decode_where(
        &self,
        whole: bool,
        keep: &(dyn Fn(&Ticket) -> bool + Sync),
    ) -> Vec<(usize, Ticket)> {
        crate::parallel::runs(self.entries.len(), |range| {
            range
                .map(|i| (i, self.decode(i, whole)))
                .filter(|(_, t)| keep(t))
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect()
    }
}
