//! The summary cache: every ticket of the branch parsed once and kept under
//! `.git/desk/cache/<branch>/` in a compact binary form, so that listing, queries, SLA
//! sweeps and reports do not parse 100,000 TOML files on every run.
//!
//! It is never the source of truth. Each shard of `tickets/` is cached as a section keyed
//! by that shard's tree id: a reader compares each key with the current tree and rebuilds
//! only the shards that differ, reusing every record whose blob id is unchanged. That is
//! the tree diff between the cached tree and the current one, so the cache is right after
//! `git fetch`, a sync or a hand-made commit without a full rebuild. Sections are grouped
//! in 32 bucket files by the shard's first character: few enough that a cold build does
//! not spend its time creating files, small enough that a writer rewrites little. A file
//! that is missing, truncated, corrupt (checked by CRC) or written by another build is
//! rebuilt silently. Files are replaced by rename, so a reader sees a whole old file or a
//! whole new one, never half of one.
//!
//! A bucket file: `MAGIC`, the fingerprint (`u32`), sections, then the CRC-32 of
//! everything before it. A section: the shard name (2 bytes), its tree id (20), the byte
//! length of its records (`u32`), the records. A record: the ticket id (16 bytes), its
//! blob id (20), a kind byte (parsed or broken), two `u32` lengths and two byte runs: the
//! ticket's state without its events and the events (postcard), or the reason the file is
//! broken and nothing.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use git2::{ObjectType, Oid, Repository};

use crate::error::DeskError;
use crate::model::id::{is_id_text, unique_prefix_len, TICKET_ID_LEN};
use crate::model::{Event, PriorityMatrix, Ticket, TicketId, TicketState};

/// The directory holding the ticket shards: `tickets/<shard>/<id>.toml`.
pub const TICKETS_DIR: &str = "tickets";

const MAGIC: &[u8; 8] = b"GDSKBKT1";
const HEADER_LEN: usize = 8 + 4;
const SHARD_LEN: usize = 2;
const SECTION_HEAD: usize = SHARD_LEN + 20 + 4;
const RECORD_HEAD: usize = TICKET_ID_LEN + 20 + 1 + 4 + 4;
const PARSED: u8 = 0;
/// What follows the state in a record's first run: the layout of a ticket whose events
/// are kept apart, in the second run.
const NO_EVENTS: &[Event] = &[];
const BROKEN: u8 = 1;

/// The code whose changes make old cache files unreadable: the model and its encoding.
/// Hashing the source itself means a changed build never misreads an older file.
const ENCODING_SOURCE: &[&str] = &[
    include_str!("cache.rs"),
    include_str!("../model/ticket.rs"),
    include_str!("../model/event.rs"),
    include_str!("../model/mail.rs"),
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

    /// The directory of this branch's cache, where other derived files (the knowledge
    /// base's index) live beside the buckets.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn bucket_path(&self, bucket: &str) -> PathBuf {
        self.dir.join(format!("{bucket}.bucket"))
    }

    /// The bucket file if it exists, is whole and was written by this build for this
    /// matrix; `None` otherwise.
    fn read_bucket(&self, bucket: &str, fingerprint: u32) -> Option<BucketFile> {
        let bytes = std::fs::read(self.bucket_path(bucket)).ok()?;
        BucketFile::check(bytes, fingerprint)
    }

    /// Replaces a bucket file whole (temp file, then rename). Failures are ignored: the
    /// cache only saves time, and a read-only repository still reads correctly.
    fn write_bucket(&self, bucket: &str, bytes: &[u8]) {
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let mut temp = tempfile::NamedTempFile::new_in(&self.dir)?;
            temp.write_all(bytes)?;
            temp.persist(self.bucket_path(bucket))?;
            Ok(())
        };
        let _ = write();
    }
}

/// The bucket of a shard: its first character.
fn bucket_of(shard: &str) -> &str {
    &shard[..1]
}

/// The shards of one bucket in the current tree, in order: name and tree id.
struct Bucket {
    name: String,
    shards: Vec<(String, Oid)>,
}

/// A checked bucket file.
struct BucketFile {
    bytes: Vec<u8>,
}

/// One shard's part of a bucket file.
struct Section {
    shard: String,
    tree: Oid,
    records: Range<usize>,
}

#[derive(Clone)]
struct RecordSpan {
    start: usize,
    end: usize,
    first: Range<usize>,
    second: Range<usize>,
    kind: u8,
}

impl BucketFile {
    fn check(bytes: Vec<u8>, fingerprint: u32) -> Option<BucketFile> {
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
        let file = BucketFile { bytes };
        // Walk every section and record once so later reads can trust the lengths.
        let mut at = HEADER_LEN;
        while at < file.body_len() {
            let section = file.section_at(at)?;
            let mut record = section.records.start;
            while record < section.records.end {
                record = file.record_at(record, section.records.end)?.end;
            }
            if record != section.records.end {
                return None;
            }
            at = section.records.end;
        }
        Some(file)
    }

    fn body_len(&self) -> usize {
        self.bytes.len() - 4
    }

    fn section_at(&self, at: usize) -> Option<Section> {
        let head = self.bytes[..self.body_len()].get(at..at + SECTION_HEAD)?;
        let shard = std::str::from_utf8(&head[..SHARD_LEN]).ok()?;
        if !is_id_text(shard) {
            return None;
        }
        let tree = Oid::from_bytes(&head[SHARD_LEN..SHARD_LEN + 20]).ok()?;
        let len = u32::from_le_bytes(head[SHARD_LEN + 20..].try_into().ok()?) as usize;
        let start = at + SECTION_HEAD;
        let end = start.checked_add(len)?;
        (end <= self.body_len()).then(|| Section {
            shard: shard.to_string(),
            tree,
            records: start..end,
        })
    }

    fn sections(&self) -> impl Iterator<Item = Section> + '_ {
        let mut at = HEADER_LEN;
        std::iter::from_fn(move || {
            if at >= self.body_len() {
                return None;
            }
            let section = self
                .section_at(at)
                .expect("sections were checked when read");
            at = section.records.end;
            Some(section)
        })
    }

    fn record_at(&self, at: usize, limit: usize) -> Option<RecordSpan> {
        let head = self.bytes[..limit].get(at..at + RECORD_HEAD)?;
        let kind = head[TICKET_ID_LEN + 20];
        let len = |from: usize| -> usize {
            u32::from_le_bytes(head[from..from + 4].try_into().expect("four bytes")) as usize
        };
        let first = len(TICKET_ID_LEN + 21);
        let second = len(TICKET_ID_LEN + 25);
        let end = (at + RECORD_HEAD).checked_add(first)?.checked_add(second)?;
        if end > limit
            || kind > BROKEN
            || !is_id_text(std::str::from_utf8(&head[..TICKET_ID_LEN]).ok()?)
        {
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

    fn records<'f>(&'f self, section: &Section) -> impl Iterator<Item = RecordSpan> + 'f {
        let mut at = section.records.start;
        let end = section.records.end;
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let span = self
                .record_at(at, end)
                .expect("records were checked when read");
            at = span.end;
            Some(span)
        })
    }

    fn id_of(&self, span: &RecordSpan) -> &str {
        std::str::from_utf8(&self.bytes[span.start..span.start + TICKET_ID_LEN])
            .expect("ids were checked when read")
    }

    fn blob_of(&self, span: &RecordSpan) -> &[u8] {
        &self.bytes[span.start + TICKET_ID_LEN..span.start + TICKET_ID_LEN + 20]
    }

    /// True when the file holds exactly these shards at these trees.
    fn is_current(&self, bucket: &Bucket) -> bool {
        let mut sections = self.sections();
        bucket.shards.iter().all(|(name, tree)| {
            sections
                .next()
                .is_some_and(|s| &s.shard == name && s.tree == *tree)
        }) && sections.next().is_none()
    }
}

/// Builds a bucket file section by section, record by record.
struct BucketWriter {
    bytes: Vec<u8>,
    section: usize,
}

impl BucketWriter {
    fn new(fingerprint: u32) -> BucketWriter {
        let mut bytes = Vec::with_capacity(256 * 1024);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&fingerprint.to_le_bytes());
        BucketWriter { bytes, section: 0 }
    }

    fn begin_section(&mut self, shard: &str, tree: Oid) {
        self.section = self.bytes.len();
        self.bytes.extend_from_slice(shard.as_bytes());
        self.bytes.extend_from_slice(tree.as_bytes());
        self.bytes.extend_from_slice(&[0; 4]);
    }

    fn end_section(&mut self) {
        let len = (self.bytes.len() - self.section - SECTION_HEAD) as u32;
        let at = self.section + SHARD_LEN + 20;
        self.bytes[at..at + 4].copy_from_slice(&len.to_le_bytes());
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

    fn parsed(&mut self, blob: Oid, ticket: Ticket) {
        let Ticket { state, events } = ticket;
        let first = postcard::to_stdvec(&(&state, NO_EVENTS)).expect("a ticket state encodes");
        let events = postcard::to_stdvec(&events).expect("events encode");
        self.record(state.id.as_str(), blob, PARSED, &first, &events);
    }

    fn broken(&mut self, id: &TicketId, blob: Oid, reason: &str) {
        self.record(id.as_str(), blob, BROKEN, reason.as_bytes(), &[]);
    }

    fn copy(&mut self, from: &BucketFile, range: Range<usize>) {
        self.bytes.extend_from_slice(&from.bytes[range]);
    }

    fn finish(mut self) -> BucketFile {
        let crc = crc32fast::hash(&self.bytes);
        self.bytes.extend_from_slice(&crc.to_le_bytes());
        BucketFile { bytes: self.bytes }
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

/// What sees each ticket file a bucket build reads, with its blob id.
type Inspect<'a> = &'a mut dyn FnMut(Oid, TicketFile<'_>);

/// Builds the file of one bucket from the current shard trees: a section whose tree is
/// unchanged is copied whole, and in the others a record whose blob is unchanged is
/// copied; only the remaining ticket files are read and parsed.
fn build_bucket(
    repo: &Repository,
    matrix: &PriorityMatrix,
    fingerprint: u32,
    bucket: &Bucket,
    old: Option<&BucketFile>,
    mut inspect: Option<Inspect<'_>>,
) -> Result<BucketFile, DeskError> {
    let old_sections: HashMap<String, Section> = old
        .map(|f| f.sections().map(|s| (s.shard.clone(), s)).collect())
        .unwrap_or_default();
    let mut writer = BucketWriter::new(fingerprint);
    for (shard, tree_id) in &bucket.shards {
        writer.begin_section(shard, *tree_id);
        let old_section = old.zip(old_sections.get(shard));
        if let Some((file, section)) = old_section {
            if section.tree == *tree_id {
                writer.copy(file, section.records.clone());
                writer.end_section();
                continue;
            }
        }
        let reusable: HashMap<&str, RecordSpan> = old_section
            .map(|(f, s)| f.records(s).map(|r| (f.id_of(&r), r)).collect())
            .unwrap_or_default();
        let tree = repo.find_tree(*tree_id)?;
        for entry in tree.iter() {
            let Some(name) = entry.name() else { continue };
            let Some(id) = ticket_name(name).and_then(|n| TicketId::parse(n).ok()) else {
                continue;
            };
            if entry.kind() != Some(ObjectType::Blob) {
                continue;
            }
            let blob = entry.id();
            if let (Some((file, _)), Some(span)) = (old_section, reusable.get(id.as_str())) {
                if file.blob_of(span) == blob.as_bytes() {
                    writer.copy(file, span.start..span.end);
                    continue;
                }
            }
            let content = repo.find_blob(blob)?;
            let path = format!("{TICKETS_DIR}/{shard}/{name}");
            let parsed = parse_ticket(matrix, &id, &path, content.content());
            if let Some(inspect) = inspect.as_mut() {
                let seen = match &parsed {
                    Ok(ticket) => Some(Ok(ticket)),
                    Err(DeskError::BrokenTicket { reason, .. }) => Some(Err(reason.as_str())),
                    Err(_) => None,
                };
                if let Some(parsed) = seen {
                    inspect(
                        blob,
                        TicketFile {
                            path: &path,
                            bytes: content.content(),
                            parsed,
                        },
                    );
                }
            }
            match parsed {
                Ok(ticket) => writer.parsed(blob, ticket),
                Err(DeskError::BrokenTicket { reason, .. }) => writer.broken(&id, blob, &reason),
                Err(e) => return Err(e),
            }
        }
        writer.end_section();
    }
    Ok(writer.finish())
}

/// Reports the progress of a cold build: shards done, shards to do.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// The shards of a `tickets/` tree by bucket, in order.
fn buckets(repo: &Repository, tickets_tree: Oid) -> Result<Vec<Bucket>, DeskError> {
    let tree = repo.find_tree(tickets_tree)?;
    let mut buckets: Vec<Bucket> = Vec::new();
    for entry in tree.iter() {
        let Some(name) = entry.name() else { continue };
        if entry.kind() != Some(ObjectType::Tree) || name.len() != SHARD_LEN || !is_id_text(name) {
            continue;
        }
        match buckets.last_mut() {
            Some(b) if b.name == bucket_of(name) => b.shards.push((name.to_string(), entry.id())),
            _ => buckets.push(Bucket {
                name: bucket_of(name).to_string(),
                shards: vec![(name.to_string(), entry.id())],
            }),
        }
    }
    Ok(buckets)
}

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
    let buckets = buckets(repo, tickets_tree)?;
    let mut files: Vec<Option<BucketFile>> = Vec::with_capacity(buckets.len());
    let mut stale = Vec::new();
    for (i, bucket) in buckets.iter().enumerate() {
        let cached = cache.and_then(|c| c.read_bucket(&bucket.name, fingerprint));
        match cached {
            Some(file) if file.is_current(bucket) => files.push(Some(file)),
            old => {
                stale.push((i, old));
                files.push(None);
            }
        }
    }
    for (i, file) in rebuild(repo, matrix, fingerprint, cache, &buckets, stale, progress)? {
        files[i] = Some(file);
    }
    for file in files {
        listing.add_bucket(file.expect("every bucket is built"));
    }
    Ok(listing)
}

/// Rebuilds the buckets at the `stale` positions of `buckets` (each with its old file, if
/// any), in parallel, writing each to the cache as it is done.
fn rebuild(
    repo: &Repository,
    matrix: &PriorityMatrix,
    fingerprint: u32,
    cache: Option<&TicketCache>,
    buckets: &[Bucket],
    stale: Vec<(usize, Option<BucketFile>)>,
    progress: Option<Progress<'_>>,
) -> Result<Vec<(usize, BucketFile)>, DeskError> {
    let build = |repo: &Repository, i: usize, old: Option<&BucketFile>| {
        let bucket = &buckets[i];
        let file = build_bucket(repo, matrix, fingerprint, bucket, old, None)?;
        if let Some(cache) = cache {
            cache.write_bucket(&bucket.name, &file.bytes);
        }
        Ok::<BucketFile, DeskError>(file)
    };
    if stale.len() < 2 {
        return stale
            .into_iter()
            .map(|(i, old)| Ok((i, build(repo, i, old.as_ref())?)))
            .collect();
    }
    let total: usize = stale.iter().map(|(i, _)| buckets[*i].shards.len()).sum();
    let workers = crate::parallel::workers();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let built: Mutex<Vec<(usize, BucketFile)>> = Mutex::new(Vec::with_capacity(stale.len()));
    let git_dir = repo.path().to_path_buf();
    let stale = &stale;
    std::thread::scope(|scope| -> Result<(), DeskError> {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<(), DeskError> {
                    // libgit2 handles are not shared between threads: one each.
                    let repo = Repository::open(&git_dir)?;
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some((i, old)) = stale.get(k) else {
                            return Ok(());
                        };
                        let file = build(&repo, *i, old.as_ref())?;
                        built.lock().expect("no panics").push((*i, file));
                        let n = done.fetch_add(buckets[*i].shards.len(), Ordering::Relaxed)
                            + buckets[*i].shards.len();
                        if let Some(report) = progress {
                            report(n, total);
                        }
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().expect("building a bucket does not panic")?;
        }
        Ok(())
    })?;
    Ok(built.into_inner().expect("no panics"))
}

/// Brings the cache up to date with `tickets_tree` for the shards `names` (a writer,
/// right after its commit): only the tickets whose blob changed are parsed.
pub(crate) fn refresh(
    repo: &Repository,
    tickets_tree: Oid,
    matrix: &PriorityMatrix,
    cache: &TicketCache,
    names: &BTreeSet<String>,
) -> Result<(), DeskError> {
    let fingerprint = fingerprint(matrix);
    let wanted: BTreeSet<&str> = names.iter().map(|n| bucket_of(n)).collect();
    let buckets: Vec<Bucket> = buckets(repo, tickets_tree)?
        .into_iter()
        .filter(|b| wanted.contains(b.name.as_str()))
        .collect();
    let stale = buckets
        .iter()
        .enumerate()
        .filter_map(
            |(i, bucket)| match cache.read_bucket(&bucket.name, fingerprint) {
                Some(file) if file.is_current(bucket) => None,
                old => Some((i, old)),
            },
        )
        .collect();
    rebuild(
        repo,
        matrix,
        fingerprint,
        Some(cache),
        &buckets,
        stale,
        None,
    )?;
    Ok(())
}

/// One ticket file as [`audit`] meets it: where it is, its bytes, and what parsing made
/// of it (the ticket, or why it is broken).
pub struct TicketFile<'a> {
    /// `tickets/<shard>/<id>.toml`.
    pub path: &'a str,
    /// The file as committed.
    pub bytes: &'a [u8],
    /// The ticket, or the reason the file cannot be read.
    pub parsed: Result<&'a Ticket, &'a str>,
}

/// A ticket file an earlier audit found clean, unchanged since (same blob, same id): what
/// still depends on the day is known without reading it.
pub struct KnownFile<'a> {
    /// `tickets/<shard>/<id>.toml`.
    pub path: &'a str,
    /// The time of its latest event.
    pub latest: DateTime<Utc>,
    /// How many events it holds.
    pub events: usize,
}

/// A ticket file met by [`audit`]: read now, or known clean from an earlier audit.
pub enum Seen<'a> {
    /// Read and parsed now.
    Read(TicketFile<'a>),
    /// Found clean by an earlier audit, unchanged since.
    Known(KnownFile<'a>),
}

/// What sees each ticket file during an audit (from several threads at once). For a file
/// it read, it answers whether the file is clean in every way that does not depend on the
/// day: such a file is not read again by later audits while its blob stays the same.
pub type Visit<'a> = &'a (dyn Fn(Seen<'_>) -> bool + Sync);

/// What is wrong with one file of the summary cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheFault {
    /// It cannot be read: truncated, or its checksum or layout is wrong.
    Corrupt,
    /// It describes another state of the branch, or was written by another build.
    Stale,
    /// It claims the current state of the branch but holds other tickets than a rebuild.
    Wrong,
}

/// One bad file of the summary cache.
#[derive(Debug, Clone)]
pub struct CacheFinding {
    /// The bucket file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub fault: CacheFault,
}

/// The file in which audits remember what they found clean.
const AUDIT_FILE: &str = "audit";
const AUDIT_MAGIC: &[u8; 8] = b"GDSKAUD1";
const AUDIT_RECORD: usize = 20 + TICKET_ID_LEN + 8 + 4;

/// A clean ticket file, as remembered: its id, latest event time and event count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CleanFile {
    id: [u8; TICKET_ID_LEN],
    latest: i64,
    events: u32,
}

/// What earlier audits found right, for the build and checks that found it: bucket files
/// equal to a rebuild (by length and checksum) and clean ticket blobs. Only saves time:
/// a missing or unreadable memo means every file is read again.
#[derive(Debug, Default, PartialEq)]
struct AuditMemo {
    buckets: HashMap<String, (u64, u32)>,
    blobs: HashMap<Oid, CleanFile>,
}

impl AuditMemo {
    fn encode(&self, key: u32) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.blobs.len() * AUDIT_RECORD);
        out.extend_from_slice(AUDIT_MAGIC);
        out.extend_from_slice(&key.to_le_bytes());
        let mut buckets: Vec<_> = self.buckets.iter().collect();
        buckets.sort();
        out.extend_from_slice(&(buckets.len() as u32).to_le_bytes());
        for (name, (len, crc)) in buckets {
            out.push(name.len() as u8);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&crc.to_le_bytes());
        }
        out.extend_from_slice(&(self.blobs.len() as u32).to_le_bytes());
        for (blob, clean) in &self.blobs {
            out.extend_from_slice(blob.as_bytes());
            out.extend_from_slice(&clean.id);
            out.extend_from_slice(&clean.latest.to_le_bytes());
            out.extend_from_slice(&clean.events.to_le_bytes());
        }
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    fn decode(bytes: &[u8], key: u32) -> Option<AuditMemo> {
        if !(bytes.len() >= 16 && &bytes[..8] == AUDIT_MAGIC && is_checked(bytes)) {
            return None;
        }
        let body = &bytes[..bytes.len() - 4];
        let mut at = 8;
        let mut take = |n: usize| -> Option<&[u8]> {
            let run = body.get(at..at + n)?;
            at += n;
            Some(run)
        };
        let u32_of = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("four bytes"));
        if u32_of(take(4)?) != key {
            return None;
        }
        let mut memo = AuditMemo::default();
        for _ in 0..u32_of(take(4)?) {
            let len = take(1)?[0] as usize;
            let name = std::str::from_utf8(take(len)?).ok()?.to_string();
            let size = u64::from_le_bytes(take(8)?.try_into().ok()?);
            let crc = u32_of(take(4)?);
            memo.buckets.insert(name, (size, crc));
        }
        for _ in 0..u32_of(take(4)?) {
            let record = take(AUDIT_RECORD)?;
            let blob = Oid::from_bytes(&record[..20]).ok()?;
            let id = record[20..20 + TICKET_ID_LEN].try_into().ok()?;
            let rest = &record[20 + TICKET_ID_LEN..];
            let latest = i64::from_le_bytes(rest[..8].try_into().ok()?);
            let events = u32_of(&rest[8..12]);
            memo.blobs.insert(blob, CleanFile { id, latest, events });
        }
        Some(memo)
    }
}

/// True when the last four bytes are the CRC-32 of the rest.
fn is_checked(bytes: &[u8]) -> bool {
    bytes.len() >= 4 && {
        let (body, crc) = bytes.split_at(bytes.len() - 4);
        crc32fast::hash(body).to_le_bytes() == crc
    }
}

impl TicketCache {
    /// Deletes one bucket file; the next reader builds it again.
    fn forget(&self, path: &Path) -> std::io::Result<()> {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// The bucket files present, by bucket name.
    fn bucket_files(&self) -> Vec<(String, PathBuf)> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut files: Vec<(String, PathBuf)> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let bucket = name.strip_suffix(".bucket")?.to_string();
                Some((bucket, e.path()))
            })
            .collect();
        files.sort();
        files
    }

    /// Deletes the files `findings` name, so that the next read builds them anew (a
    /// wrong file cannot be patched: its keys claim it is current).
    pub fn forget_findings(&self, findings: &[CacheFinding]) -> Result<(), DeskError> {
        for finding in findings {
            self.forget(&finding.path)
                .map_err(|e| DeskError::io("cannot remove a summary cache file", e))?;
        }
        Ok(())
    }

    fn read_memo(&self, key: u32) -> AuditMemo {
        std::fs::read(self.dir.join(AUDIT_FILE))
            .ok()
            .and_then(|bytes| AuditMemo::decode(&bytes, key))
            .unwrap_or_default()
    }

    /// Replaces the memo whole, as bucket files are; failures are ignored.
    fn write_memo(&self, memo: &AuditMemo, key: u32) {
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let mut temp = tempfile::NamedTempFile::new_in(&self.dir)?;
            temp.write_all(&memo.encode(key))?;
            temp.persist(self.dir.join(AUDIT_FILE))?;
            Ok(())
        };
        let _ = write();
    }
}

/// What the audit of one bucket found: a bad cache file, the clean ticket files it saw,
/// and the cache file it found equal to a rebuild.
#[derive(Default)]
struct BucketAudit {
    finding: Option<CacheFinding>,
    clean: Vec<(Oid, CleanFile)>,
    verified: Option<(String, (u64, u32))>,
}

/// The memo's record of a ticket that `visit` found clean.
fn clean_file(ticket: &Ticket) -> CleanFile {
    CleanFile {
        id: ticket
            .id
            .as_str()
            .as_bytes()
            .try_into()
            .expect("ids are 16 bytes"),
        latest: ticket
            .events
            .iter()
            .map(|e| e.at.timestamp())
            .max()
            .unwrap_or(ticket.created.timestamp()),
        events: ticket.events.len() as u32,
    }
}

/// Reads every ticket file of `tickets_tree` (in parallel) and shows each to `visit`, and
/// compares the cache's files with what a rebuild gives. A missing file is no finding (the
/// next reader builds it); the bucket files are not changed. Files an earlier audit found
/// clean (for this build, this matrix and these `checks`) are not read again, nor are
/// cache files it found right; what this audit finds clean is remembered in the cache.
pub(crate) fn audit(
    repo: &Repository,
    tickets_tree: Option<Oid>,
    matrix: &PriorityMatrix,
    cache: Option<&TicketCache>,
    checks: u32,
    visit: Visit<'_>,
) -> Result<Vec<CacheFinding>, DeskError> {
    let fingerprint = fingerprint(matrix);
    let key = crc32fast::hash(&[fingerprint.to_le_bytes(), checks.to_le_bytes()].concat());
    let memo = cache.map(|c| c.read_memo(key)).unwrap_or_default();
    let buckets = match tickets_tree {
        Some(tree) => buckets(repo, tree)?,
        None => Vec::new(),
    };
    let judge = |repo: &Repository, bucket: &Bucket| -> Result<BucketAudit, DeskError> {
        let mut audit = BucketAudit::default();
        let file = cache.map(|c| c.bucket_path(&bucket.name)).and_then(|path| {
            let bytes = std::fs::read(&path).ok()?;
            Some((path, bytes))
        });
        let fault = match &file {
            None => None,
            Some((_, bytes)) if !is_whole(bytes) => Some(CacheFault::Corrupt),
            Some((_, bytes)) => match BucketFile::check(bytes.clone(), fingerprint) {
                Some(f) if f.is_current(bucket) => {
                    let id = (bytes.len() as u64, crc_of(bytes));
                    if memo.buckets.get(&bucket.name) == Some(&id) {
                        audit.verified = Some((bucket.name.clone(), id));
                        None
                    } else {
                        // Right only if a rebuild gives the same bytes.
                        let mut see = |blob: Oid, file: TicketFile<'_>| {
                            let clean = file.parsed.ok().map(clean_file);
                            if visit(Seen::Read(file)) {
                                audit.clean.extend(clean.map(|c| (blob, c)));
                            }
                        };
                        let fresh =
                            build_bucket(repo, matrix, fingerprint, bucket, None, Some(&mut see))?;
                        if fresh.bytes == *bytes {
                            audit.verified = Some((bucket.name.clone(), id));
                            return Ok(audit);
                        }
                        Some(CacheFault::Wrong)
                    }
                }
                // Behind the branch, or whole but written by another build or matrix.
                _ => Some(CacheFault::Stale),
            },
        };
        audit.finding = fault
            .zip(file)
            .map(|(fault, (path, _))| CacheFinding { path, fault });
        if audit
            .finding
            .as_ref()
            .is_some_and(|f| f.fault == CacheFault::Wrong)
        {
            // Its ticket files were all seen by the rebuild.
            return Ok(audit);
        }
        for (shard, tree) in &bucket.shards {
            let tree = repo.find_tree(*tree)?;
            for entry in tree.iter() {
                let Some(name) = entry.name() else { continue };
                let Some(id) = ticket_name(name).and_then(|n| TicketId::parse(n).ok()) else {
                    continue;
                };
                if entry.kind() != Some(ObjectType::Blob) {
                    continue;
                }
                let path = format!("{TICKETS_DIR}/{shard}/{name}");
                let blob = entry.id();
                if let Some(known) = memo
                    .blobs
                    .get(&blob)
                    .filter(|k| k.id == id.as_str().as_bytes())
                {
                    let latest = DateTime::from_timestamp(known.latest, 0).unwrap_or_default();
                    visit(Seen::Known(KnownFile {
                        path: &path,
                        latest,
                        events: known.events as usize,
                    }));
                    audit.clean.push((blob, *known));
                    continue;
                }
                let content = repo.find_blob(blob)?;
                let parsed = match parse_ticket(matrix, &id, &path, content.content()) {
                    Ok(ticket) => Ok(ticket),
                    Err(DeskError::BrokenTicket { reason, .. }) => Err(reason),
                    Err(e) => return Err(e),
                };
                let seen = parsed.as_ref().map_err(String::as_str);
                let clean = seen.ok().map(clean_file);
                let file = TicketFile {
                    path: &path,
                    bytes: content.content(),
                    parsed: seen,
                };
                if visit(Seen::Read(file)) {
                    audit.clean.extend(clean.map(|c| (blob, c)));
                }
            }
        }
        Ok(audit)
    };
    let next = AtomicUsize::new(0);
    let audits: Mutex<Vec<BucketAudit>> = Mutex::new(Vec::new());
    let git_dir = repo.path().to_path_buf();
    let workers = crate::parallel::workers().min(buckets.len().max(1));
    std::thread::scope(|scope| -> Result<(), DeskError> {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<(), DeskError> {
                    // libgit2 handles are not shared between threads: one each.
                    let repo = Repository::open(&git_dir)?;
                    while let Some(bucket) = buckets.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let audit = judge(&repo, bucket)?;
                        audits.lock().expect("no panics").push(audit);
                    }
                    Ok(())
                })
            })
            .collect();
        for handle in handles {
            handle.join().expect("auditing a bucket does not panic")?;
        }
        Ok(())
    })?;
    let mut found = Vec::new();
    let mut remembered = AuditMemo::default();
    for audit in audits.into_inner().expect("no panics") {
        found.extend(audit.finding);
        remembered.buckets.extend(audit.verified);
        remembered.blobs.extend(audit.clean);
    }
    let Some(cache) = cache else {
        return Ok(found);
    };
    // Files of buckets the branch no longer has describe another state of it.
    let present: BTreeSet<&str> = buckets.iter().map(|b| b.name.as_str()).collect();
    for (bucket, path) in cache.bucket_files() {
        if !present.contains(bucket.as_str()) {
            found.push(CacheFinding {
                path,
                fault: CacheFault::Stale,
            });
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    if remembered != memo {
        cache.write_memo(&remembered, key);
    }
    Ok(found)
}

/// The CRC-32 a whole file ends with.
fn crc_of(bytes: &[u8]) -> u32 {
    u32::from_le_bytes(bytes[bytes.len() - 4..].try_into().expect("four bytes"))
}

/// True when a bucket file is whole (its magic and checksum hold), whatever build wrote
/// it.
fn is_whole(bytes: &[u8]) -> bool {
    bytes.len() >= HEADER_LEN + 4 && &bytes[..8] == MAGIC && is_checked(bytes)
}

/// One ticket's place in a [`Listing`].
struct Entry {
    id: TicketId,
    file: usize,
    state: std::ops::Range<usize>,
    events: std::ops::Range<usize>,
}

/// Every ticket of a `tickets/` tree, encoded, in id order: decoded on demand, as
/// summaries ([`TicketState`], for listing and state-only queries) or whole ([`Ticket`]).
#[derive(Default)]
pub struct Listing {
    files: Vec<Vec<u8>>,
    entries: Vec<Entry>,
    /// Ticket files that do not parse, each with its reason.
    pub broken: Vec<DeskError>,
}

impl Listing {
    fn add_bucket(&mut self, file: BucketFile) {
        let index = self.files.len();
        for section in file.sections() {
            for span in file.records(&section) {
                let id = TicketId::parse(file.id_of(&span)).expect("ids were checked when read");
                if span.kind == BROKEN {
                    self.broken.push(DeskError::BrokenTicket {
                        path: format!("{TICKETS_DIR}/{}/{id}.toml", section.shard),
                        reason: String::from_utf8_lossy(&file.bytes[span.first.clone()]).into(),
                    });
                    continue;
                }
                self.entries.push(Entry {
                    id,
                    file: index,
                    state: span.first,
                    events: span.second,
                });
            }
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

    /// The state of ticket `i`, without its event log.
    pub fn summary(&self, i: usize) -> TicketState {
        let entry = &self.entries[i];
        let run = &self.files[entry.file][entry.state.clone()];
        let (state, _no_events): (TicketState, Vec<Event>) =
            postcard::from_bytes(run).expect("checked cache records decode");
        state
    }

    /// Ticket `i` with its event log.
    pub fn ticket(&self, i: usize) -> Ticket {
        self.with_events(i, self.summary(i))
    }

    /// The event log of ticket `i`.
    fn events(&self, i: usize) -> Vec<Event> {
        let entry = &self.entries[i];
        postcard::from_bytes(&self.files[entry.file][entry.events.clone()])
            .expect("checked cache records decode")
    }

    /// Every ticket with its event log, decoded on every core.
    pub fn tickets(&self) -> Vec<Ticket> {
        self.decode_where(&|i| self.ticket(i), &|_| true)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    /// The summaries for which `keep` holds, with their positions, decoded and tested on
    /// every core: only the kept ones stay in memory.
    pub fn summaries_where(
        &self,
        keep: &(dyn Fn(&TicketState) -> bool + Sync),
    ) -> Vec<(usize, TicketState)> {
        self.decode_where(&|i| self.summary(i), keep)
    }

    /// For each ticket whose state passes `keep_state`, what `then` keeps of it (given its
    /// position and that state; see [`Listing::with_events`]), decoded and tested on every
    /// core: in order, in the runs the cores made, each sized to what it kept (joining
    /// them would hold everything kept twice for a moment). Each state is decoded once:
    /// only what is kept stays in memory.
    pub fn states_where<T: Send>(
        &self,
        keep_state: &(dyn Fn(&TicketState) -> bool + Sync),
        then: &(dyn Fn(usize, TicketState) -> Option<T> + Sync),
    ) -> Vec<Vec<T>> {
        crate::parallel::runs(self.entries.len(), |range| {
            let mut kept: Vec<T> = range
                .filter_map(|i| {
                    let state = self.summary(i);
                    if keep_state(&state) {
                        then(i, state)
                    } else {
                        None
                    }
                })
                .collect();
            kept.shrink_to_fit();
            kept
        })
    }

    /// Ticket `i` whole, its state already decoded: only the log is read.
    pub fn with_events(&self, i: usize, state: TicketState) -> Ticket {
        Ticket {
            state,
            events: self.events(i),
        }
    }

    fn decode_where<T: Send>(
        &self,
        decode: &(dyn Fn(usize) -> T + Sync),
        keep: &(dyn Fn(&T) -> bool + Sync),
    ) -> Vec<(usize, T)> {
        crate::parallel::runs(self.entries.len(), |range| {
            range
                .map(|i| (i, decode(i)))
                .filter(|(_, t)| keep(t))
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect()
    }
}

#[cfg(test)]
impl Listing {
    /// A listing of these tickets, encoded as the cache encodes them, without a repository.
    pub(crate) fn of(mut tickets: Vec<Ticket>) -> Listing {
        tickets.sort_by(|a, b| a.id.cmp(&b.id));
        let mut writer = BucketWriter::new(0);
        let mut shard = None;
        for t in tickets {
            if shard.as_deref() != Some(t.id.shard()) {
                if shard.is_some() {
                    writer.end_section();
                }
                shard = Some(t.id.shard().to_string());
                writer.begin_section(t.id.shard(), Oid::zero());
            }
            writer.parsed(Oid::zero(), t);
        }
        if shard.is_some() {
            writer.end_section();
        }
        let file = writer.finish();
        let mut listing = Listing::default();
        listing.add_bucket(BucketFile::check(file.bytes, 0).expect("a file just written checks"));
        listing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Filing};

    fn ticket(id: &str) -> Ticket {
        let m = PriorityMatrix::default();
        let at = "2026-11-22T09:00:00Z".parse().unwrap();
        let mut t = Ticket::file(
            TicketId::parse(id).unwrap(),
            Filing::new("VPN drops", "carol@example.com"),
            "carol@example.com",
            at,
            &m,
        );
        t.record(
            Action::Commented {
                text: "since Monday".into(),
                internal: false,
            },
            "alice@example.com",
            at,
            &m,
        );
        t
    }

    #[test]
    fn a_summary_is_the_state_and_a_whole_ticket_has_its_log() {
        let (a, b) = (ticket("k3m9x2q7wd4hb8fz"), ticket("k3m9x2q7wd4hb8fa"));
        let listing = Listing::of(vec![a.clone(), b.clone()]);
        assert_eq!(listing.len(), 2);
        let i = listing.find(&a.id).unwrap();
        assert_eq!(listing.summary(i), a.state);
        assert_eq!(listing.ticket(i), a);
        let kept = listing.summaries_where(&|t| t.id == b.id);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].1, b.state);
        assert_eq!(listing.tickets(), vec![b, a]);
    }

    #[test]
    fn states_where_keeps_in_order_what_each_passing_state_gives_in_runs() {
        // More tickets than one core takes alone: several runs on a machine with several.
        let tickets = (0..2_500).map(|_| ticket(TicketId::generate().as_str()));
        let listing = Listing::of(tickets.collect());
        let early = |t: &TicketState| t.id.as_str() < "m";
        let runs = listing.states_where(&early, &|i, state| {
            (i % 3 == 0).then(|| listing.with_events(i, state))
        });
        assert_eq!(runs.len(), crate::parallel::runs(2_500, |_| ()).len());
        let expected: Vec<Ticket> = (0..listing.len())
            .filter(|&i| i % 3 == 0 && early(&listing.summary(i)))
            .map(|i| listing.ticket(i))
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(runs.concat(), expected);
    }

    #[test]
    fn a_record_holds_the_state_laid_out_as_a_ticket_without_events_then_the_events() {
        let t = ticket("k3m9x2q7wd4hb8fz");
        let mut writer = BucketWriter::new(0);
        writer.begin_section("k3", Oid::zero());
        writer.parsed(Oid::zero(), t.clone());
        writer.end_section();
        let file = writer.finish();
        let file = BucketFile::check(file.bytes, 0).unwrap();
        let section = file.sections().next().unwrap();
        let span = file.records(&section).next().unwrap();
        let without_events = Ticket {
            state: t.state.clone(),
            events: Vec::new(),
        };
        assert_eq!(
            file.bytes[span.first.clone()],
            postcard::to_stdvec(&without_events).unwrap()
        );
        assert_eq!(
            file.bytes[span.second.clone()],
            postcard::to_stdvec(&t.events).unwrap()
        );
    }

    /// A repository whose `tickets/` tree holds these tickets; returns the tree.
    fn tickets_tree(repo: &Repository, tickets: &[Ticket]) -> Oid {
        let mut shards: std::collections::BTreeMap<String, git2::TreeBuilder<'_>> =
            Default::default();
        for t in tickets {
            let blob = repo.blob(t.to_toml().as_bytes()).unwrap();
            let shard = shards
                .entry(t.id.shard().to_string())
                .or_insert_with(|| repo.treebuilder(None).unwrap());
            shard
                .insert(format!("{}.toml", t.id), blob, 0o100644)
                .unwrap();
        }
        let mut root = repo.treebuilder(None).unwrap();
        for (name, shard) in shards {
            root.insert(name, shard.write().unwrap(), 0o040000).unwrap();
        }
        root.write().unwrap()
    }

    #[test]
    fn an_audit_sees_every_file_and_finds_corrupt_stale_and_wrong_cache_files() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path().join("repo.git")).unwrap();
        let cache = TicketCache::for_branch(dir.path(), "desk");
        let m = PriorityMatrix::default();
        let (a, b) = (ticket("k3m9x2q7wd4hb8fz"), ticket("k3m9x2q7wd4hb8fa"));
        let tree = tickets_tree(&repo, &[a.clone(), b.clone()]);
        let seen = Mutex::new(Vec::new());
        // Nothing is found clean here: every audit reads every file.
        let visit = |f: Seen<'_>| {
            let Seen::Read(f) = f else {
                panic!("only files read")
            };
            let id = f.parsed.map(|t| t.id.to_string()).unwrap();
            seen.lock().unwrap().push((f.path.to_string(), id));
            false
        };
        let audit = || audit(&repo, Some(tree), &m, Some(&cache), 0, &visit).unwrap();

        // No cache yet: nothing wrong with it, and every file is seen.
        assert!(audit().is_empty());
        let mut seen_now = seen.lock().unwrap().clone();
        seen_now.sort();
        assert_eq!(
            seen_now,
            [
                (format!("tickets/k3/{}.toml", b.id), b.id.to_string()),
                (format!("tickets/k3/{}.toml", a.id), a.id.to_string()),
            ]
        );
        read(&repo, Some(tree), &m, Some(&cache), None).unwrap();
        assert!(audit().is_empty(), "a fresh cache is right");

        // Keyed by the current tree, but holding one ticket too few.
        let shard_tree = repo.find_tree(tree).unwrap().get_name("k3").unwrap().id();
        let mut writer = BucketWriter::new(fingerprint(&m));
        writer.begin_section("k3", shard_tree);
        writer.parsed(Oid::zero(), a.clone());
        writer.end_section();
        let path = cache.bucket_path("k");
        std::fs::write(&path, writer.finish().bytes).unwrap();
        let found = audit();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].fault, &found[0].path), (CacheFault::Wrong, &path));

        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(bytes.len() - 1);
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(audit()[0].fault, CacheFault::Corrupt);

        // A file for another state of the branch, and one for a shard it no longer has.
        let older = tickets_tree(&repo, std::slice::from_ref(&a));
        read(&repo, Some(older), &m, Some(&cache), None).unwrap();
        std::fs::copy(&path, cache.bucket_path("z")).unwrap();
        let found = audit();
        assert_eq!(
            found.iter().map(|f| f.fault).collect::<Vec<_>>(),
            [CacheFault::Stale, CacheFault::Stale]
        );
        cache.forget_findings(&found).unwrap();
        assert!(audit().is_empty(), "forgotten files are no finding");
    }

    #[test]
    fn files_an_audit_found_clean_are_not_read_again_while_their_blob_stays() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path().join("repo.git")).unwrap();
        let cache = TicketCache::for_branch(dir.path(), "desk");
        let m = PriorityMatrix::default();
        let (a, b) = (ticket("k3m9x2q7wd4hb8fz"), ticket("p8c2hv0nq3xk7r1m"));
        let tree = tickets_tree(&repo, &[a.clone(), b.clone()]);
        read(&repo, Some(tree), &m, Some(&cache), None).unwrap();
        // `a` is clean, `b` is not.
        let seen = Mutex::new(Vec::new());
        let visit = |f: Seen<'_>| {
            let (path, read, events) = match f {
                Seen::Read(f) => (f.path.to_string(), true, f.parsed.unwrap().events.len()),
                Seen::Known(k) => (k.path.to_string(), false, k.events),
            };
            let clean = path.contains(a.id.as_str());
            seen.lock().unwrap().push((path, read, events));
            clean
        };
        let mut runs = Vec::new();
        for checks in [1, 1, 2] {
            seen.lock().unwrap().clear();
            assert!(audit(&repo, Some(tree), &m, Some(&cache), checks, &visit)
                .unwrap()
                .is_empty());
            let mut run = seen.lock().unwrap().clone();
            run.sort();
            runs.push(run);
        }
        let (pa, pb) = (a.id.path(), b.id.path());
        assert_eq!(runs[0], [(pa.clone(), true, 2), (pb.clone(), true, 2)]);
        assert_eq!(
            runs[1],
            [(pa.clone(), false, 2), (pb.clone(), true, 2)],
            "the clean file is known, with its event count"
        );
        assert_eq!(
            runs[2],
            [(pa, true, 2), (pb, true, 2)],
            "other checks read everything again"
        );
        let memo = cache.read_memo(crc32fast::hash(
            &[fingerprint(&m).to_le_bytes(), 2u32.to_le_bytes()].concat(),
        ));
        assert_eq!(memo.buckets.len(), 2, "both cache files were found right");
        assert_eq!(memo.blobs.len(), 1);
        assert_eq!(
            AuditMemo::decode(&memo.encode(7), 7),
            Some(memo),
            "the memo reads back"
        );
    }
}
