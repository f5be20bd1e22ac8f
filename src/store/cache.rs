//! The summary cache: every ticket of the branch parsed once and kept under
//! `.git/desk/cache/<branch>/` in a binary form laid out for scanning, so that listing,
//! queries, SLA sweeps and reports do not parse 100,000 TOML files on every run, and a
//! query reads only the columns it tests.
//!
//! It is never the source of truth. Each shard of `tickets/` is cached as a section keyed
//! by that shard's tree id: a reader compares each key with the current tree and rebuilds
//! only the shards that differ, reusing every record whose blob id is unchanged. That is
//! the tree diff between the cached tree and the current one, so the cache is right after
//! `git fetch`, a sync or a hand-made commit without a full rebuild. Sections are grouped
//! in 256 bucket files by the shard's first character and the quarter of the alphabet its
//! second falls in: few enough that a listing opens few files, small enough (some 200 KB
//! at 100,000 tickets) that a one-ticket write rewrites little. A file that is missing,
//! truncated, corrupt (checked by CRC) or written by another build is rebuilt silently.
//! Files are replaced by rename, so a reader sees a whole old file or a whole new one.
//!
//! A bucket file has three parts, each with its own CRC, so that a reader reads only what
//! it needs:
//! - the head: `MAGIC`, the fingerprint, the section count, the row count, the byte
//!   lengths of the other two parts, the three CRCs; then the sections (shard name, tree
//!   id, row count) and one fixed-width row per ticket ([`ROW_LEN`] bytes: the id, the
//!   kind, status, type, tier, priority, impact, urgency, flags, created, updated,
//!   customer_updated, the follow-up date, and where its runs are in the other parts);
//! - the texts: per ticket the text fields queries and sorting read (postcard), or the
//!   reason a broken file is broken;
//! - the records: per ticket its blob id, its state without events and its events
//!   (postcard).
//!
//! A listing reads every head (the rows: ids and the fixed-width fields) and nothing
//! else; the texts and records of a bucket are read the first time something asks for
//! them. `ls --ids` and queries on fixed-width fields never decode a ticket.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, NaiveDate, Utc};
use git2::{ObjectType, Oid, Repository};

use crate::error::DeskError;
use crate::model::field::grade_rank;
use crate::model::id::{is_id_text, unique_prefix_len, ALPHABET, TICKET_ID_LEN};
use crate::model::{
    Event, Field, Grade, PriorityMatrix, Status, Ticket, TicketId, TicketState, TicketType,
};
use crate::query::Columns;

/// The directory holding the ticket shards: `tickets/<shard>/<id>.toml`.
pub const TICKETS_DIR: &str = "tickets";

const MAGIC: &[u8; 8] = b"GDSKBKT2";
/// The fixed part of the head: magic, fingerprint, five counts and lengths, three CRCs.
const FIXED_LEN: usize = 8 + 4 * 8;
const SHARD_LEN: usize = 2;
const SECTION_LEN: usize = SHARD_LEN + 20 + 4;
/// One ticket's fixed-width row; the offsets are named below.
pub(crate) const ROW_LEN: usize = 84;
const KIND: usize = 16;
const STATUS: usize = 17;
const TYPE: usize = 18;
const TIER: usize = 19;
const PRIORITY: usize = 20;
const IMPACT: usize = 21;
const URGENCY: usize = 22;
const FLAGS: usize = 23;
const CREATED: usize = 24;
const UPDATED: usize = 36;
const CUSTOMER_UPDATED: usize = 48;
const FOLLOW_UP: usize = 60;
const TEXTS_AT: usize = 64;
const RECORD_AT: usize = 72;
const MAJOR: u8 = 1;
const KNOWN_ERROR: u8 = 2;
const HAS_CUSTOMER_UPDATED: u8 = 4;
const HAS_FOLLOW_UP: u8 = 8;
const PARSED: u8 = 0;
/// What follows the state in a record's first run: the layout of a ticket whose events
/// are kept apart, in the second run.
const NO_EVENTS: &[Event] = &[];
const BROKEN: u8 = 1;
/// Buckets per first character of a shard: its second character's quarter of the
/// alphabet, so that the buckets follow id order.
const BUCKETS_PER_CHAR: usize = 8;

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

    /// The head of the bucket file if it exists, is whole and was written by this build
    /// for this matrix; `None` otherwise. Its other parts are read when asked for.
    fn read_head(&self, bucket: &str, fingerprint: u32) -> Option<BucketFile> {
        let path = self.bucket_path(bucket);
        let mut file = std::fs::File::open(&path).ok()?;
        let file_len = file.metadata().ok()?.len();
        let mut fixed = [0u8; FIXED_LEN];
        file.read_exact(&mut fixed).ok()?;
        let sizes = Sizes::of(&fixed, fingerprint)?;
        if sizes.file_len() != Some(file_len) {
            return None;
        }
        let mut head = fixed.to_vec();
        head.resize(sizes.head_len()?, 0);
        file.read_exact(&mut head[FIXED_LEN..]).ok()?;
        BucketFile::check_head(head, sizes, Some(path))
    }

    /// The whole bucket file, every part checked, for a writer that reuses its records.
    fn read_whole(&self, bucket: &str, fingerprint: u32) -> Option<BucketFile> {
        let path = self.bucket_path(bucket);
        BucketFile::check(std::fs::read(&path).ok()?, fingerprint, Some(path))
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

    /// Deletes the bucket files of buckets not in `present`: a shard the branch lost, or
    /// the files of an older layout. Failures are ignored, as for writes.
    fn forget_others(&self, present: &BTreeSet<&str>) {
        for (bucket, path) in self.bucket_files() {
            if !present.contains(bucket.as_str()) {
                let _ = self.forget(&path);
            }
        }
    }
}

/// The bucket of a shard: its first character and its second character's quarter of
/// the alphabet (`k3` is in `k0`, `kz` in `k7`).
fn bucket_of(shard: &str) -> String {
    let bytes = shard.as_bytes();
    let second = ALPHABET.iter().position(|c| *c == bytes[1]).unwrap_or(0);
    let group = second * BUCKETS_PER_CHAR / ALPHABET.len();
    format!("{}{group}", &shard[..1])
}

/// The shards of one bucket in the current tree, in order: name and tree id.
#[derive(Clone)]
struct Bucket {
    name: String,
    shards: Vec<(String, Oid)>,
}

/// The counts and lengths a bucket file's fixed head gives.
#[derive(Clone, Copy)]
struct Sizes {
    sections: usize,
    rows: usize,
    texts: usize,
    records: usize,
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

impl Sizes {
    /// The sizes in a fixed head with this magic and fingerprint.
    fn of(fixed: &[u8], fingerprint: u32) -> Option<Sizes> {
        if fixed.len() < FIXED_LEN || &fixed[..8] != MAGIC || u32_at(fixed, 8) != fingerprint {
            return None;
        }
        Some(Sizes {
            sections: u32_at(fixed, 12) as usize,
            rows: u32_at(fixed, 16) as usize,
            texts: u32_at(fixed, 20) as usize,
            records: u32_at(fixed, 24) as usize,
        })
    }

    fn head_len(self) -> Option<usize> {
        FIXED_LEN
            .checked_add(self.sections.checked_mul(SECTION_LEN)?)?
            .checked_add(self.rows.checked_mul(ROW_LEN)?)
    }

    fn file_len(self) -> Option<u64> {
        let len = self
            .head_len()?
            .checked_add(self.texts)?
            .checked_add(self.records)?;
        Some(len as u64)
    }
}

/// The CRC of a head: everything in it but its own CRC field.
fn head_crc(head: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&head[..28]);
    hasher.update(&head[32..]);
    hasher.finalize()
}

/// A bucket file whose head is checked: its texts and records are read on first use
/// (or were given whole).
struct BucketFile {
    path: Option<PathBuf>,
    head: Vec<u8>,
    sizes: Sizes,
    texts: OnceLock<Vec<u8>>,
    records: OnceLock<Vec<u8>>,
}

/// One shard's part of a bucket file.
struct Section {
    shard: String,
    tree: Oid,
    rows: Range<usize>,
}

/// The two parts read on demand.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Texts,
    Records,
}

impl BucketFile {
    /// A whole file, every part checked.
    fn check(bytes: Vec<u8>, fingerprint: u32, path: Option<PathBuf>) -> Option<BucketFile> {
        let sizes = Sizes::of(&bytes, fingerprint)?;
        if sizes.file_len() != Some(bytes.len() as u64) {
            return None;
        }
        let head_len = sizes.head_len()?;
        let mut bytes = bytes;
        let records = bytes.split_off(head_len + sizes.texts);
        let texts = bytes.split_off(head_len);
        bytes.shrink_to_fit();
        let file = BucketFile::check_head(bytes, sizes, path)?;
        (crc32fast::hash(&texts) == u32_at(&file.head, 32)
            && crc32fast::hash(&records) == u32_at(&file.head, 36))
        .then(|| {
            let _ = file.texts.set(texts);
            let _ = file.records.set(records);
            file
        })
    }

    /// A head whose CRC holds and whose sections and rows are well formed, so later
    /// reads can trust them.
    fn check_head(head: Vec<u8>, sizes: Sizes, path: Option<PathBuf>) -> Option<BucketFile> {
        if head_crc(&head) != u32_at(&head, 28) {
            return None;
        }
        let file = BucketFile {
            path,
            head,
            sizes,
            texts: OnceLock::new(),
            records: OnceLock::new(),
        };
        let mut rows = 0usize;
        for k in 0..sizes.sections {
            let at = FIXED_LEN + k * SECTION_LEN;
            let section = &file.head[at..at + SECTION_LEN];
            if !std::str::from_utf8(&section[..SHARD_LEN]).is_ok_and(is_id_text) {
                return None;
            }
            rows = rows.checked_add(u32_at(section, SHARD_LEN + 20) as usize)?;
        }
        if rows != sizes.rows {
            return None;
        }
        (0..sizes.rows)
            .all(|r| file.row_is_sound(file.row(r)))
            .then_some(file)
    }

    fn row_is_sound(&self, row: &[u8]) -> bool {
        let within = |at: usize, extra: usize, limit: usize| {
            (u32_at(row, at) as usize)
                .checked_add(u32_at(row, at + 4) as usize)
                .and_then(|end| end.checked_add(extra))
                .is_some_and(|end| end <= limit)
        };
        let record_len =
            (u32_at(row, RECORD_AT + 4) as usize).checked_add(u32_at(row, RECORD_AT + 8) as usize);
        std::str::from_utf8(&row[..TICKET_ID_LEN]).is_ok_and(is_id_text)
            && row[KIND] <= BROKEN
            && within(TEXTS_AT, 0, self.sizes.texts)
            && record_len.is_some_and(|len| {
                (u32_at(row, RECORD_AT) as usize)
                    .checked_add(20 + len)
                    .is_some_and(|end| end <= self.sizes.records)
            })
            && (row[KIND] == BROKEN
                || ((row[STATUS] as usize) < Status::ALL.len()
                    && (row[TYPE] as usize) < TicketType::ALL.len()
                    && crate::model::Tier::new(i64::from(row[TIER])).is_some()
                    && crate::model::Priority::new(i64::from(row[PRIORITY])).is_some()
                    && (row[IMPACT] as usize) < Grade::ALL.len()
                    && (row[URGENCY] as usize) < Grade::ALL.len()
                    && [CREATED, UPDATED, CUSTOMER_UPDATED]
                        .iter()
                        .all(|&at| instant_is_sound(row, at))
                    && (row[FLAGS] & HAS_FOLLOW_UP == 0
                        || NaiveDate::from_num_days_from_ce_opt(u32_at(row, FOLLOW_UP) as i32)
                            .is_some())))
    }

    fn row(&self, r: usize) -> &[u8] {
        let at = FIXED_LEN + self.sizes.sections * SECTION_LEN + r * ROW_LEN;
        &self.head[at..at + ROW_LEN]
    }

    fn sections(&self) -> impl Iterator<Item = Section> + '_ {
        let mut first = 0;
        (0..self.sizes.sections).map(move |k| {
            let at = FIXED_LEN + k * SECTION_LEN;
            let raw = &self.head[at..at + SECTION_LEN];
            let count = u32_at(raw, SHARD_LEN + 20) as usize;
            let section = Section {
                shard: std::str::from_utf8(&raw[..SHARD_LEN])
                    .expect("shards were checked when read")
                    .to_string(),
                tree: Oid::from_bytes(&raw[SHARD_LEN..SHARD_LEN + 20]).expect("20 bytes"),
                rows: first..first + count,
            };
            first += count;
            section
        })
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

    /// The shards it was built from.
    fn bucket(&self, name: &str) -> Bucket {
        Bucket {
            name: name.to_string(),
            shards: self.sections().map(|s| (s.shard, s.tree)).collect(),
        }
    }

    /// The part if it is loaded (or read now from the file and checked); `None` when the
    /// file no longer holds it whole. A reader of the records reads the texts with them,
    /// in one read: the rest of the file.
    fn part(&self, which: Part) -> Option<&[u8]> {
        let cell = match which {
            Part::Texts => &self.texts,
            Part::Records => &self.records,
        };
        if let Some(bytes) = cell.get() {
            return Some(bytes);
        }
        let with_texts = self.texts.get().is_none();
        let (at, len) = match which {
            Part::Texts => (0, self.sizes.texts),
            Part::Records if with_texts => (0, self.sizes.texts + self.sizes.records),
            Part::Records => (self.sizes.texts, self.sizes.records),
        };
        // Each part into a buffer of its own size: no part holds the other's capacity.
        let read = || -> Option<(Vec<u8>, Vec<u8>)> {
            let mut file = std::fs::File::open(self.path.as_ref()?).ok()?;
            let mut fixed = [0u8; FIXED_LEN];
            file.read_exact(&mut fixed).ok()?;
            // Another head means another file (renamed over this one since).
            if fixed[..] != self.head[..FIXED_LEN] {
                return None;
            }
            file.seek(SeekFrom::Start((self.head.len() + at) as u64))
                .ok()?;
            let first_len = match which {
                Part::Records if with_texts => self.sizes.texts,
                _ => len,
            };
            let mut first = vec![0; first_len];
            file.read_exact(&mut first).ok()?;
            let mut second = vec![0; len - first_len];
            file.read_exact(&mut second).ok()?;
            Some((first, second))
        };
        let (first, second) = read()?;
        if which == Part::Records {
            let (texts, records) = if with_texts {
                (Some(first), second)
            } else {
                (None, first)
            };
            if crc32fast::hash(&records) != u32_at(&self.head, 36) {
                return None;
            }
            if let Some(texts) = texts {
                if crc32fast::hash(&texts) != u32_at(&self.head, 32) {
                    return None;
                }
                let _ = self.texts.set(texts);
            }
            return Some(self.records.get_or_init(|| records));
        }
        if crc32fast::hash(&first) != u32_at(&self.head, 32) {
            return None;
        }
        Some(self.texts.get_or_init(|| first))
    }

    /// Sets a part from a rebuild of the same trees.
    fn adopt(&self, rebuilt: &BucketFile) {
        if let (Some(texts), Some(records)) = (rebuilt.texts.get(), rebuilt.records.get()) {
            let _ = self.texts.set(texts.clone());
            let _ = self.records.set(records.clone());
        }
    }

    /// The bytes of the whole file, for writing and comparing; only for a file whose
    /// parts are loaded.
    fn to_bytes(&self) -> Vec<u8> {
        let texts = self.texts.get().expect("a whole file");
        let records = self.records.get().expect("a whole file");
        [&self.head[..], texts, records].concat()
    }

    fn texts_of(&self, row: &[u8]) -> Option<&[u8]> {
        let at = u32_at(row, TEXTS_AT) as usize;
        Some(&self.part(Part::Texts)?[at..at + u32_at(row, TEXTS_AT + 4) as usize])
    }

    /// A row's record: its blob id, the state run and the events run.
    fn record_of(&self, row: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
        let at = u32_at(row, RECORD_AT) as usize;
        let state = u32_at(row, RECORD_AT + 4) as usize;
        let events = u32_at(row, RECORD_AT + 8) as usize;
        let run = &self.part(Part::Records)?[at..at + 20 + state + events];
        Some((&run[..20], &run[20..20 + state], &run[20 + state..]))
    }
}

/// An instant as a row holds it: seconds and nanoseconds.
fn instant_at(row: &[u8], at: usize) -> Option<DateTime<Utc>> {
    let secs = i64::from_le_bytes(row[at..at + 8].try_into().expect("eight bytes"));
    DateTime::from_timestamp(secs, u32_at(row, at + 8))
}

/// True when a row's instant is one [`instant_at`] reads: checked without building it,
/// as every row of every file read is checked.
fn instant_is_sound(row: &[u8], at: usize) -> bool {
    let secs = i64::from_le_bytes(row[at..at + 8].try_into().expect("eight bytes"));
    (DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp()).contains(&secs)
        && u32_at(row, at + 8) < 1_000_000_000
}

fn put_instant(row: &mut [u8], at: usize, t: DateTime<Utc>) {
    row[at..at + 8].copy_from_slice(&t.timestamp().to_le_bytes());
    row[at + 8..at + 12].copy_from_slice(&t.timestamp_subsec_nanos().to_le_bytes());
}

fn put_u32(row: &mut [u8], at: usize, n: usize) {
    row[at..at + 4].copy_from_slice(&(n as u32).to_le_bytes());
}

fn index_of<T: PartialEq>(all: &[T], value: &T) -> u8 {
    all.iter()
        .position(|v| v == value)
        .expect("a value is in ALL") as u8
}

/// The text fields queries and sorting read, as a bucket's texts part keeps them.
#[derive(serde::Serialize, serde::Deserialize)]
struct Texts<'a> {
    #[serde(borrow)]
    title: Cow<'a, str>,
    #[serde(borrow)]
    service: Option<Cow<'a, str>>,
    #[serde(borrow)]
    site: Option<Cow<'a, str>>,
    #[serde(borrow)]
    team: Option<Cow<'a, str>>,
    #[serde(borrow)]
    owner: Option<Cow<'a, str>>,
    #[serde(borrow)]
    assignee: Option<Cow<'a, str>>,
    #[serde(borrow)]
    reporter: Cow<'a, str>,
    #[serde(borrow)]
    labels: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    problem: Option<Cow<'a, str>>,
    #[serde(borrow)]
    vendor: Option<Cow<'a, str>>,
}

impl<'a> Texts<'a> {
    fn of(t: &'a TicketState) -> Texts<'a> {
        let opt = |v: &'a Option<String>| v.as_deref().map(Cow::Borrowed);
        Texts {
            title: Cow::Borrowed(&t.title),
            service: opt(&t.service),
            site: opt(&t.site),
            team: opt(&t.team),
            owner: opt(&t.owner),
            assignee: opt(&t.assignee),
            reporter: Cow::Borrowed(&t.reporter),
            labels: t.labels.iter().map(|l| Cow::Borrowed(l.as_str())).collect(),
            problem: opt(&t.problem),
            vendor: t
                .vendor
                .as_ref()
                .and_then(|v| v.name.as_deref())
                .map(Cow::Borrowed),
        }
    }

    /// A field's values as [`TicketState::texts`] gives them, for the fields kept here.
    fn get(&self, field: Field) -> Option<Vec<Cow<'_, str>>> {
        fn one<'s>(v: &'s Option<Cow<'_, str>>) -> Vec<Cow<'s, str>> {
            v.as_deref().map(Cow::Borrowed).into_iter().collect()
        }
        Some(match field {
            Field::Title => vec![Cow::Borrowed(&*self.title)],
            Field::Service => one(&self.service),
            Field::Site => one(&self.site),
            Field::Team => one(&self.team),
            Field::Owner => one(&self.owner),
            Field::Assignee => one(&self.assignee),
            Field::Reporter => vec![Cow::Borrowed(&*self.reporter)],
            Field::Labels => self.labels.iter().map(|l| Cow::Borrowed(&**l)).collect(),
            Field::Problem => one(&self.problem),
            Field::Vendor => one(&self.vendor),
            _ => return None,
        })
    }
}

/// A ticket's fixed-width row; its runs' places are set as it is written.
fn row_of(state: &TicketState) -> [u8; ROW_LEN] {
    let mut row = [0u8; ROW_LEN];
    row[..TICKET_ID_LEN].copy_from_slice(state.id.as_str().as_bytes());
    row[KIND] = PARSED;
    row[STATUS] = index_of(Status::ALL, &state.status);
    row[TYPE] = index_of(TicketType::ALL, &state.ticket_type);
    row[TIER] = state.tier.level();
    row[PRIORITY] = state.priority.number();
    row[IMPACT] = index_of(Grade::ALL, &state.impact);
    row[URGENCY] = index_of(Grade::ALL, &state.urgency);
    let follow_up = state.vendor.as_ref().and_then(|v| v.follow_up);
    row[FLAGS] = [
        (state.major, MAJOR),
        (state.known_error, KNOWN_ERROR),
        (state.customer_updated.is_some(), HAS_CUSTOMER_UPDATED),
        (follow_up.is_some(), HAS_FOLLOW_UP),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .fold(0, |flags, (_, bit)| flags | bit);
    put_instant(&mut row, CREATED, state.created);
    put_instant(&mut row, UPDATED, state.updated);
    put_instant(
        &mut row,
        CUSTOMER_UPDATED,
        state.customer_updated.unwrap_or(state.created),
    );
    if let Some(date) = follow_up {
        use chrono::Datelike;
        row[FOLLOW_UP..FOLLOW_UP + 4].copy_from_slice(&date.num_days_from_ce().to_le_bytes());
    }
    row
}

/// Builds a bucket file section by section, record by record.
struct BucketWriter {
    fingerprint: u32,
    sections: Vec<u8>,
    section_count: usize,
    rows: Vec<u8>,
    row_count: usize,
    section_start: usize,
    texts: Vec<u8>,
    records: Vec<u8>,
}

impl BucketWriter {
    fn new(fingerprint: u32) -> BucketWriter {
        BucketWriter {
            fingerprint,
            sections: Vec::new(),
            section_count: 0,
            rows: Vec::with_capacity(64 * 1024),
            row_count: 0,
            section_start: 0,
            texts: Vec::with_capacity(64 * 1024),
            records: Vec::with_capacity(256 * 1024),
        }
    }

    fn begin_section(&mut self, shard: &str, tree: Oid) {
        self.sections.extend_from_slice(shard.as_bytes());
        self.sections.extend_from_slice(tree.as_bytes());
        self.sections.extend_from_slice(&[0; 4]);
        self.section_start = self.row_count;
        self.section_count += 1;
    }

    fn end_section(&mut self) {
        let at = self.sections.len() - 4;
        let count = self.row_count - self.section_start;
        put_u32(&mut self.sections, at, count);
    }

    /// Appends a row whose text and record runs are these; the row's offsets are set here.
    fn push(&mut self, mut row: [u8; ROW_LEN], texts: &[u8], blob: &[u8], runs: [&[u8]; 2]) {
        put_u32(&mut row, TEXTS_AT, self.texts.len());
        put_u32(&mut row, TEXTS_AT + 4, texts.len());
        put_u32(&mut row, RECORD_AT, self.records.len());
        put_u32(&mut row, RECORD_AT + 4, runs[0].len());
        put_u32(&mut row, RECORD_AT + 8, runs[1].len());
        self.texts.extend_from_slice(texts);
        self.records.extend_from_slice(blob);
        self.records.extend_from_slice(runs[0]);
        self.records.extend_from_slice(runs[1]);
        self.rows.extend_from_slice(&row);
        self.row_count += 1;
    }

    fn parsed(&mut self, blob: Oid, ticket: Ticket) {
        let Ticket { state, events } = ticket;
        let texts = postcard::to_stdvec(&Texts::of(&state)).expect("texts encode");
        let first = postcard::to_stdvec(&(&state, NO_EVENTS)).expect("a ticket state encodes");
        let events = postcard::to_stdvec(&events).expect("events encode");
        let row = row_of(&state);
        self.push(row, &texts, blob.as_bytes(), [&first, &events]);
    }

    fn broken(&mut self, id: &TicketId, blob: Oid, reason: &str) {
        let mut row = [0u8; ROW_LEN];
        row[..TICKET_ID_LEN].copy_from_slice(id.as_str().as_bytes());
        row[KIND] = BROKEN;
        self.push(row, reason.as_bytes(), blob.as_bytes(), [&[], &[]]);
    }

    /// Copies row `r` of a whole file, with its runs.
    fn copy(&mut self, from: &BucketFile, r: usize) {
        let row: [u8; ROW_LEN] = from.row(r).try_into().expect("a row");
        let texts = from.texts_of(&row).expect("a whole file");
        let (blob, state, events) = from.record_of(&row).expect("a whole file");
        self.push(row, texts, blob, [state, events]);
    }

    fn finish(self) -> BucketFile {
        let sizes = Sizes {
            sections: self.section_count,
            rows: self.row_count,
            texts: self.texts.len(),
            records: self.records.len(),
        };
        let mut head = Vec::with_capacity(FIXED_LEN + self.sections.len() + self.rows.len());
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&self.fingerprint.to_le_bytes());
        for n in [sizes.sections, sizes.rows, sizes.texts, sizes.records] {
            head.extend_from_slice(&(n as u32).to_le_bytes());
        }
        head.extend_from_slice(&0u32.to_le_bytes());
        head.extend_from_slice(&crc32fast::hash(&self.texts).to_le_bytes());
        head.extend_from_slice(&crc32fast::hash(&self.records).to_le_bytes());
        head.extend_from_slice(&self.sections);
        head.extend_from_slice(&self.rows);
        let crc = head_crc(&head);
        head[28..32].copy_from_slice(&crc.to_le_bytes());
        let file = BucketFile {
            path: None,
            head,
            sizes,
            texts: OnceLock::new(),
            records: OnceLock::new(),
        };
        let _ = file.texts.set(self.texts);
        let _ = file.records.set(self.records);
        file
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
/// copied; only the remaining ticket files are read and parsed. `old` is a whole file.
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
                for r in section.rows.clone() {
                    writer.copy(file, r);
                }
                writer.end_section();
                continue;
            }
        }
        let reusable: HashMap<&[u8], usize> = old_section
            .map(|(f, s)| {
                s.rows
                    .clone()
                    .map(|r| (&f.row(r)[..TICKET_ID_LEN], r))
                    .collect()
            })
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
            if let (Some((file, _)), Some(&r)) = (old_section, reusable.get(id.as_str().as_bytes()))
            {
                if file.record_of(file.row(r)).map(|(b, _, _)| b) == Some(blob.as_bytes()) {
                    writer.copy(file, r);
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
    buckets_where(repo, tickets_tree, &|_| true)
}

/// The shards of a `tickets/` tree by bucket, in order, of the shards whose name passes
/// `keep` (tested before anything is built for a shard).
fn buckets_where(
    repo: &Repository,
    tickets_tree: Oid,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Vec<Bucket>, DeskError> {
    let tree = repo.find_tree(tickets_tree)?;
    let mut buckets: Vec<Bucket> = Vec::new();
    for entry in tree.iter() {
        let Some(name) = entry.name() else { continue };
        if entry.kind() != Some(ObjectType::Tree)
            || name.len() != SHARD_LEN
            || !is_id_text(name)
            || !keep(name)
        {
            continue;
        }
        let bucket = bucket_of(name);
        match buckets.last_mut() {
            Some(b) if b.name == bucket => b.shards.push((name.to_string(), entry.id())),
            _ => buckets.push(Bucket {
                name: bucket,
                shards: vec![(name.to_string(), entry.id())],
            }),
        }
    }
    Ok(buckets)
}

/// Every ticket of a `tickets/` tree, encoded: read from the cache where it is current,
/// rebuilt (and the cache updated) where it is not. With no cache, everything is built in
/// memory. Only the heads of current files are read now (see [`Listing`]).
pub(crate) fn read(
    repo: &Repository,
    tickets_tree: Option<Oid>,
    matrix: &PriorityMatrix,
    cache: Option<&TicketCache>,
    progress: Option<Progress<'_>>,
) -> Result<Listing, DeskError> {
    let fingerprint = fingerprint(matrix);
    let mut listing = Listing {
        source: Some(Source {
            git_dir: repo.path().to_path_buf(),
            matrix: matrix.clone(),
            fingerprint,
            cache: cache.cloned(),
        }),
        ..Listing::default()
    };
    let Some(tickets_tree) = tickets_tree else {
        return Ok(listing);
    };
    let buckets = buckets(repo, tickets_tree)?;
    let mut files: Vec<Option<BucketFile>> = Vec::with_capacity(buckets.len());
    let mut stale = Vec::new();
    for (i, bucket) in buckets.iter().enumerate() {
        let cached = cache.and_then(|c| c.read_head(&bucket.name, fingerprint));
        match cached {
            Some(file) if file.is_current(bucket) => files.push(Some(file)),
            _ => {
                stale.push(i);
                files.push(None);
            }
        }
    }
    if !stale.is_empty() {
        for (i, file) in rebuild(repo, matrix, fingerprint, cache, &buckets, stale, progress)? {
            files[i] = Some(file);
        }
        if let Some(cache) = cache {
            cache.forget_others(&buckets.iter().map(|b| b.name.as_str()).collect());
        }
    }
    for (bucket, file) in buckets.iter().zip(files) {
        listing.add_bucket(&bucket.name, file.expect("every bucket is built"));
    }
    Ok(listing)
}

/// Rebuilds the buckets at the `stale` positions of `buckets` (each from its old file, if
/// it is whole), in parallel, writing each to the cache as it is done.
fn rebuild(
    repo: &Repository,
    matrix: &PriorityMatrix,
    fingerprint: u32,
    cache: Option<&TicketCache>,
    buckets: &[Bucket],
    stale: Vec<usize>,
    progress: Option<Progress<'_>>,
) -> Result<Vec<(usize, BucketFile)>, DeskError> {
    let build = |repo: &Repository, i: usize| {
        let bucket = &buckets[i];
        let old = cache.and_then(|c| c.read_whole(&bucket.name, fingerprint));
        let mut file = build_bucket(repo, matrix, fingerprint, bucket, old.as_ref(), None)?;
        if let Some(cache) = cache {
            cache.write_bucket(&bucket.name, &file.to_bytes());
            file.path = Some(cache.bucket_path(&bucket.name));
        }
        Ok::<BucketFile, DeskError>(file)
    };
    if stale.len() < 2 {
        return stale
            .into_iter()
            .map(|i| Ok((i, build(repo, i)?)))
            .collect();
    }
    let total: usize = stale.iter().map(|i| buckets[*i].shards.len()).sum();
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
                        let Some(&i) = stale.get(k) else {
                            return Ok(());
                        };
                        let file = build(&repo, i)?;
                        built.lock().expect("no panics").push((i, file));
                        let n = done.fetch_add(buckets[i].shards.len(), Ordering::Relaxed)
                            + buckets[i].shards.len();
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
/// right after its commit): only the tickets whose blob changed are parsed, and only the
/// buckets of those shards are rewritten.
pub(crate) fn refresh(
    repo: &Repository,
    tickets_tree: Oid,
    matrix: &PriorityMatrix,
    cache: &TicketCache,
    names: &BTreeSet<String>,
) -> Result<(), DeskError> {
    let fingerprint = fingerprint(matrix);
    let wanted: BTreeSet<String> = names
        .iter()
        .filter(|n| n.len() == SHARD_LEN && is_id_text(n))
        .map(|n| bucket_of(n))
        .collect();
    // A writer touches a shard or two: only the shards sharing a first character with
    // them are looked at, not the whole `tickets` tree's.
    let firsts: BTreeSet<u8> = wanted.iter().map(|b| b.as_bytes()[0]).collect();
    let buckets = buckets_where(repo, tickets_tree, &|name| {
        firsts.contains(&name.as_bytes()[0]) && wanted.contains(&bucket_of(name))
    })?;
    let stale = buckets
        .iter()
        .enumerate()
        .filter_map(
            |(i, bucket)| match cache.read_head(&bucket.name, fingerprint) {
                Some(file) if file.is_current(bucket) => None,
                _ => Some(i),
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
            Some((_, bytes)) => match BucketFile::check(bytes.clone(), fingerprint, None) {
                Some(f) if f.is_current(bucket) => {
                    let id = (bytes.len() as u64, crc32fast::hash(bytes));
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
                        if fresh.to_bytes() == *bytes {
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

/// True when a bucket file is whole (its magic, lengths and checksums hold), whatever
/// build wrote it.
fn is_whole(bytes: &[u8]) -> bool {
    bytes.len() >= FIXED_LEN && BucketFile::check(bytes.to_vec(), u32_at(bytes, 8), None).is_some()
}

/// Where a listing's tickets come from, to read a bucket again from git when its file
/// went bad after its head was read.
struct Source {
    git_dir: PathBuf,
    matrix: PriorityMatrix,
    fingerprint: u32,
    cache: Option<TicketCache>,
}

/// Every ticket of a `tickets/` tree, in id order, as the summary cache holds it: rows of
/// fixed-width fields read up front, text fields and whole tickets decoded on demand, as
/// columns ([`Row`], for queries and sorting), summaries ([`TicketState`]) or whole
/// ([`Ticket`]).
#[derive(Default)]
pub struct Listing {
    files: Vec<(String, BucketFile)>,
    /// Per ticket: its file and its row in that file.
    entries: Vec<(u32, u32)>,
    ids: OnceLock<Vec<TicketId>>,
    source: Option<Source>,
    /// Ticket files that do not parse, each with its reason.
    pub broken: Vec<DeskError>,
}

impl Listing {
    fn add_bucket(&mut self, name: &str, file: BucketFile) {
        let index = self.files.len() as u32;
        self.files.push((name.to_string(), file));
        let file = &self.files[index as usize].1;
        let mut broken = Vec::new();
        for section in file.sections() {
            for r in section.rows {
                let row = file.row(r);
                if row[KIND] == BROKEN {
                    broken.push((section.shard.clone(), r));
                    continue;
                }
                self.entries.push((index, r as u32));
            }
        }
        for (shard, r) in broken {
            let row = self.files[index as usize].1.row(r);
            let id = std::str::from_utf8(&row[..TICKET_ID_LEN]).expect("ids were checked");
            let reason = String::from_utf8_lossy(self.texts_run(index as usize, row)).into();
            self.broken.push(DeskError::BrokenTicket {
                path: format!("{TICKETS_DIR}/{shard}/{id}.toml"),
                reason,
            });
        }
    }

    /// A part of file `f`, read now if it was not yet; a file that went bad since its
    /// head was read is built again from git.
    fn part(&self, f: usize, which: Part) -> &[u8] {
        let (name, file) = &self.files[f];
        if let Some(bytes) = file.part(which) {
            return bytes;
        }
        let source = self
            .source
            .as_ref()
            .expect("a listing without a repository holds every part");
        let rebuilt = Repository::open(&source.git_dir)
            .map_err(DeskError::from)
            .and_then(|repo| {
                build_bucket(
                    &repo,
                    &source.matrix,
                    source.fingerprint,
                    &file.bucket(name),
                    None,
                    None,
                )
            })
            .expect("the desk's objects stay readable while it is read");
        assert!(
            rebuilt.head == file.head,
            "a rebuilt summary cache file matches the one read"
        );
        if let Some(cache) = &source.cache {
            cache.write_bucket(name, &rebuilt.to_bytes());
        }
        file.adopt(&rebuilt);
        file.part(which).expect("a rebuilt part is held")
    }

    fn texts_run(&self, f: usize, row: &[u8]) -> &[u8] {
        let at = u32_at(row, TEXTS_AT) as usize;
        &self.part(f, Part::Texts)[at..at + u32_at(row, TEXTS_AT + 4) as usize]
    }

    /// Ticket `i`'s state run and events run.
    fn record(&self, i: usize) -> (&[u8], &[u8]) {
        let (f, r) = self.entries[i];
        let row = self.files[f as usize].1.row(r as usize);
        let at = u32_at(row, RECORD_AT) as usize + 20;
        let state = u32_at(row, RECORD_AT + 4) as usize;
        let events = u32_at(row, RECORD_AT + 8) as usize;
        let run = &self.part(f as usize, Part::Records)[at..at + state + events];
        run.split_at(state)
    }

    fn row_bytes(&self, i: usize) -> &[u8] {
        let (f, r) = self.entries[i];
        self.files[f as usize].1.row(r as usize)
    }

    /// How many tickets parsed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Ticket `i`'s id, read from its row.
    pub fn id(&self, i: usize) -> &str {
        std::str::from_utf8(&self.row_bytes(i)[..TICKET_ID_LEN]).expect("ids were checked")
    }

    /// The position of a ticket, if it is listed.
    pub fn find(&self, id: &TicketId) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = (low + high) / 2;
            match self.id(mid).cmp(id.as_str()) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The shortest unique prefix (at least 6 characters) of a listed id among all
    /// listed ids: only its neighbours in id order need looking at.
    pub fn short_id(&self, id: &TicketId) -> String {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = (low + high) / 2;
            if self.id(mid) < id.as_str() {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        let window: Vec<&str> = (low.saturating_sub(1)..(low + 3).min(self.len()))
            .map(|i| self.id(i))
            .collect();
        id.as_str()[..unique_prefix_len(id.as_str(), &window)].to_string()
    }

    /// The ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &TicketId> {
        self.ids
            .get_or_init(|| {
                (0..self.len())
                    .map(|i| TicketId::parse(self.id(i)).expect("ids were checked"))
                    .collect()
            })
            .iter()
    }

    /// Ticket `i` as columns: its row, and its text fields decoded when first asked for.
    pub fn row(&self, i: usize) -> Row<'_> {
        Row {
            listing: self,
            i,
            row: self.row_bytes(i),
            texts: OnceCell::new(),
        }
    }

    /// The positions of the tickets for which `keep` holds of their columns, tested on
    /// every core, in order: no ticket is decoded for it.
    pub fn positions_where(&self, keep: &(dyn Fn(&Row<'_>) -> bool + Sync)) -> Vec<usize> {
        crate::parallel::runs(self.len(), |range| {
            range
                .filter(|&i| keep(&self.row(i)))
                .collect::<Vec<usize>>()
        })
        .concat()
    }

    /// The state of ticket `i`, without its event log.
    pub fn summary(&self, i: usize) -> TicketState {
        let (state, _no_events): (TicketState, Vec<Event>) =
            postcard::from_bytes(self.record(i).0).expect("checked cache records decode");
        state
    }

    /// Ticket `i` with its event log.
    pub fn ticket(&self, i: usize) -> Ticket {
        self.with_events(i, self.summary(i))
    }

    /// The event log of ticket `i`.
    fn events(&self, i: usize) -> Vec<Event> {
        postcard::from_bytes(self.record(i).1).expect("checked cache records decode")
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

/// One listed ticket read through the summary cache's columns: the fixed-width fields
/// straight from its row, the text fields decoded (without copying) the first time a
/// query or a sort asks for one.
pub struct Row<'l> {
    listing: &'l Listing,
    i: usize,
    row: &'l [u8],
    texts: OnceCell<Box<Texts<'l>>>,
}

impl<'l> Row<'l> {
    /// Its position in the listing.
    pub fn position(&self) -> usize {
        self.i
    }

    fn texts(&self) -> &Texts<'l> {
        self.texts.get_or_init(|| {
            let f = self.listing.entries[self.i].0 as usize;
            Box::new(
                postcard::from_bytes(self.listing.texts_run(f, self.row))
                    .expect("checked cache texts decode"),
            )
        })
    }

    fn grade(&self, at: usize) -> Grade {
        Grade::ALL[self.row[at] as usize]
    }
}

impl Columns for Row<'_> {
    fn id(&self) -> &str {
        std::str::from_utf8(&self.row[..TICKET_ID_LEN]).expect("ids were checked")
    }

    fn status(&self) -> Status {
        Status::ALL[self.row[STATUS] as usize]
    }

    fn ticket_type(&self) -> TicketType {
        TicketType::ALL[self.row[TYPE] as usize]
    }

    fn rank(&self, field: Field) -> Option<i64> {
        match field {
            Field::Tier => Some(i64::from(self.row[TIER])),
            Field::Priority => Some(i64::from(self.row[PRIORITY])),
            Field::Impact => Some(grade_rank(self.grade(IMPACT))),
            Field::Urgency => Some(grade_rank(self.grade(URGENCY))),
            _ => None,
        }
    }

    fn flag(&self, field: Field) -> Option<bool> {
        match field {
            Field::Major => Some(self.row[FLAGS] & MAJOR != 0),
            Field::KnownError => Some(self.row[FLAGS] & KNOWN_ERROR != 0),
            _ => None,
        }
    }

    fn time(&self, field: Field) -> Option<DateTime<Utc>> {
        let at = match field {
            Field::Created => CREATED,
            Field::Updated => UPDATED,
            // Its row holds the creation time when there was no customer update.
            Field::CustomerUpdated => CUSTOMER_UPDATED,
            _ => return None,
        };
        instant_at(self.row, at)
    }

    fn follow_up(&self) -> Option<NaiveDate> {
        (self.row[FLAGS] & HAS_FOLLOW_UP != 0)
            .then(|| NaiveDate::from_num_days_from_ce_opt(u32_at(self.row, FOLLOW_UP) as i32))
            .flatten()
    }

    fn texts(&self, field: Field) -> Vec<Cow<'_, str>> {
        match field {
            Field::Id => vec![Cow::Borrowed(self.id())],
            Field::Type => vec![Cow::Borrowed(self.ticket_type().as_str())],
            Field::Status => vec![Cow::Borrowed(self.status().as_str())],
            _ => match self.texts().get(field) {
                Some(texts) => texts,
                // A field no column holds: read it from the whole state.
                None => self
                    .listing
                    .summary(self.i)
                    .texts(field)
                    .into_iter()
                    .map(|t| Cow::Owned(t.into_owned()))
                    .collect(),
            },
        }
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
        let file = BucketFile::check(file.to_bytes(), 0, None).expect("a file just written checks");
        listing.add_bucket("all", file);
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
        let file = BucketFile::check(writer.finish().to_bytes(), 0, None).unwrap();
        let section = file.sections().next().unwrap();
        assert_eq!((section.shard.as_str(), section.rows.clone()), ("k3", 0..1));
        let (blob, state, events) = file.record_of(file.row(0)).unwrap();
        let without_events = Ticket {
            state: t.state.clone(),
            events: Vec::new(),
        };
        assert_eq!(blob, Oid::zero().as_bytes());
        assert_eq!(state, postcard::to_stdvec(&without_events).unwrap());
        assert_eq!(events, postcard::to_stdvec(&t.events).unwrap());
    }

    /// Tickets that differ in every field a row or the texts hold.
    fn varied(n: usize) -> Vec<Ticket> {
        let m = PriorityMatrix::default();
        (0..n)
            .map(|k| {
                let mut t = ticket(TicketId::generate().as_str());
                t.state.status = Status::ALL[k % Status::ALL.len()];
                t.state.ticket_type = TicketType::ALL[k % TicketType::ALL.len()];
                t.state.tier = crate::model::Tier::new((k % 5) as i64).unwrap();
                t.state.impact = Grade::ALL[k % 3];
                t.state.urgency = Grade::ALL[(k / 3) % 3];
                t.state.priority = m.priority(t.state.impact, t.state.urgency);
                t.state.major = k % 7 == 0;
                t.state.known_error = k % 11 == 0;
                t.state.title = format!("Case {} {}", k % 13, ["VPN", "vpn", "Printer"][k % 3]);
                t.state.assignee = (k % 4 != 0).then(|| format!("agent{}@example.com", k % 5));
                t.state.team = (k % 3 != 0).then(|| ["network", "desktop"][k % 2].into());
                t.state.service = (k % 5 != 0).then(|| "email".into());
                t.state.site = (k % 6 == 0).then(|| "berlin".into());
                t.state.owner = (k % 2 == 0).then(|| "olga@example.com".into());
                if k % 2 == 1 {
                    t.state.reporter = "dave@example.com".into();
                }
                t.state.labels = (0..k % 3).map(|l| format!("label{l}")).collect();
                t.state.problem = (k % 9 == 0).then(|| "p8c2hv0nq3xk7r1m".into());
                let at = chrono::Duration::seconds((k as i64 * 7_919) % 900_000);
                t.state.created -= at;
                t.state.updated = t.state.created + chrono::Duration::seconds((k % 40) as i64);
                t.state.customer_updated = (k % 3 == 0).then_some(t.state.updated);
                if k % 4 == 1 {
                    t.state.vendor = Some(crate::model::Vendor {
                        name: Some("acme".into()),
                        follow_up: NaiveDate::from_ymd_opt(2026, 11, 20 + (k % 5) as u32),
                        ..Default::default()
                    });
                }
                t
            })
            .collect()
    }

    #[test]
    fn rows_and_texts_read_as_the_state_does_for_every_query_and_sort() {
        use crate::query::{sort_columns, sort_order, Query, QueryContext};
        let listing = Listing::of(varied(600));
        let ctx = QueryContext {
            me: Some("agent1@example.com".into()),
            now: "2026-11-22T12:00:00Z".parse().unwrap(),
            config: None,
        };
        let queries = [
            "status:open,pending",
            "-status:new",
            "type:problem",
            "is:paused",
            "is:active",
            "tier:>=2",
            "priority:<=P2",
            "impact:high",
            "urgency:<medium",
            "major:true",
            "known_error:false",
            "age:>4h",
            "updated:<2026-11-20",
            "created:2026-11-21",
            "customer_updated:>=2026-11-19",
            "followup:due",
            "followup:set",
            "followup:none",
            "title:vpn",
            "assignee:me",
            "assignee:none",
            "team:network",
            "service:email",
            "site:berlin",
            "owner:olga@example.com",
            "reporter:carol@example.com",
            "label:label1",
            "problem:p8c2",
            "vendor:acme",
            "id:0,1,a",
            "tier:2 priority:<=P3 label:label0",
        ];
        let states: Vec<TicketState> = (0..listing.len()).map(|i| listing.summary(i)).collect();
        for text in queries {
            let query = Query::parse(&[text]).unwrap();
            let by_state: Vec<usize> = (0..states.len())
                .filter(|&i| query.matches_state(&states[i], &ctx))
                .collect();
            let by_columns = listing.positions_where(&|row| query.matches_columns(row, &ctx));
            assert!(
                !by_state.is_empty() && by_state.len() < states.len(),
                "{text}"
            );
            assert_eq!(by_columns, by_state, "{text}");
        }
        let rows: Vec<Row<'_>> = (0..listing.len()).map(|i| listing.row(i)).collect();
        for key in crate::model::field::SORT_KEY_NAMES {
            for key in [key.to_string(), format!("-{key}")] {
                assert_eq!(
                    sort_columns(&rows, &key).unwrap(),
                    sort_order(&states, &key).unwrap(),
                    "{key}"
                );
            }
        }
    }

    #[test]
    fn a_head_is_read_alone_and_the_other_parts_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path().join("repo.git")).unwrap();
        let cache = TicketCache::for_branch(dir.path(), "desk");
        let m = PriorityMatrix::default();
        let tickets = varied(50);
        let tree = tickets_tree(&repo, &tickets);
        let built = read(&repo, Some(tree), &m, Some(&cache), None).unwrap();
        let listing = read(&repo, Some(tree), &m, Some(&cache), None).unwrap();
        assert!(listing
            .files
            .iter()
            .all(|(_, f)| f.texts.get().is_none() && f.records.get().is_none()));
        assert_eq!(listing.len(), 50);
        assert_eq!(listing.tickets(), built.tickets());
        // A file whose records went bad after its head was read is built again from git,
        // and written whole.
        let listing = read(&repo, Some(tree), &m, Some(&cache), None).unwrap();
        let (name, file) = &listing.files[0];
        let path = cache.bucket_path(name);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        assert!(file.part(Part::Records).is_none());
        let first = listing.entries.iter().position(|e| e.0 == 0).unwrap();
        assert_eq!(listing.ticket(first), built.ticket(first));
        assert!(is_whole(&std::fs::read(&path).unwrap()));
    }

    #[test]
    fn an_instant_a_row_holds_is_sound_exactly_when_it_reads() {
        let mut row = [0u8; ROW_LEN];
        for (secs, nanos) in [
            (0i64, 0u32),
            (1_795_000_000, 999_999_999),
            (1_795_000_000, 1_000_000_000),
            (DateTime::<Utc>::MAX_UTC.timestamp(), 0),
            (DateTime::<Utc>::MAX_UTC.timestamp() + 1, 0),
            (DateTime::<Utc>::MIN_UTC.timestamp(), 0),
            (DateTime::<Utc>::MIN_UTC.timestamp() - 1, 0),
            (i64::MAX, 0),
        ] {
            row[CREATED..CREATED + 8].copy_from_slice(&secs.to_le_bytes());
            row[CREATED + 8..CREATED + 12].copy_from_slice(&nanos.to_le_bytes());
            assert_eq!(
                instant_is_sound(&row, CREATED),
                instant_at(&row, CREATED).is_some(),
                "{secs} {nanos}"
            );
        }
    }

    #[test]
    fn a_bucket_is_a_quarter_of_a_first_character_in_id_order() {
        assert_eq!(bucket_of("k0"), "k0");
        assert_eq!(bucket_of("k3"), "k0");
        assert_eq!(bucket_of("k4"), "k1");
        assert_eq!(bucket_of("kz"), "k7");
        let shards: Vec<String> = ALPHABET
            .iter()
            .flat_map(|a| {
                ALPHABET
                    .iter()
                    .map(move |b| format!("{}{}", *a as char, *b as char))
            })
            .collect();
        let buckets: Vec<String> = shards.iter().map(|s| bucket_of(s)).collect();
        assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "in shard order");
        assert_eq!(buckets.iter().collect::<BTreeSet<_>>().len(), 256);
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
        let path = cache.bucket_path(&bucket_of("k3"));
        std::fs::write(&path, writer.finish().to_bytes()).unwrap();
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
