//! `git desk doctor`: a checkup of a desk and the repository it lives in, and the repairs
//! that are safe to make without a person.
//!
//! [`examine`] reads every ticket file once (in parallel, through the summary cache's
//! audit) and checks that it parses, is the canonical serialisation of its events, names
//! itself rightly, has a schema this version knows, unique event ids, positive clocks and
//! believable timestamps; then desk.toml, the KB articles' front matter, the `.conflict-*`
//! files merges leave, the summary cache against a rebuild, the leftovers of killed
//! writers (the branch lock, temporary refs) and whether the branch is checked out in a
//! worktree. [`repair`] removes the leftovers no process holds, rewrites non-canonical
//! ticket files as one commit through the store's writer, and rebuilds the cache.
//!
//! A rewrite never drops an event: a file is rewritten only when its canonical form holds
//! every event the file holds. Two events with one id are the exception that proves it:
//! when they are identical copies (a hand merge that pasted an event twice), keeping one
//! loses nothing, and the rewrite does; when they differ, every reader already sees only
//! one of them and a merge keeps only one, so a person has to decide, and the file is
//! left alone.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::{DeskConfig, CONFIG_PATH};
use crate::error::DeskError;
use crate::kb::{valid_slug, Article, KB_DIR};
use crate::model::ticket::SCHEMA;
use crate::model::{Event, Ticket, TicketId};
use crate::store::{
    CacheFault, CacheFinding, CommitId, CommitMessage, Desk, Leftover, LeftoverKind, Seen,
    TicketFile, TICKETS_DIR,
};

/// How far ahead of now an event may be dated before it is a clock anomaly: clocks drift,
/// and time zones are misread by a day at most.
pub const FUTURE_TOLERANCE: chrono::Duration = chrono::Duration::days(1);

/// What a problem is about: the check that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// A ticket file that does not parse.
    Parse,
    /// A ticket file whose id is not the one its file name gives.
    Id,
    /// A file under `tickets/` where no reader looks for it.
    Path,
    /// A ticket file with a schema newer than this version's.
    Schema,
    /// A ticket file that is not the canonical serialisation of its events.
    Canonical,
    /// Two events of one ticket with one id.
    EventIds,
    /// Lamport clocks that are not positive.
    Clocks,
    /// Event timestamps that cannot be right: far in the future, before the filing.
    Timestamps,
    /// desk.toml does not parse or validate, or has keys this version does not know.
    Config,
    /// A KB article that cannot be read.
    Kb,
    /// The other side of a merge conflict, kept beside the file.
    Conflict,
    /// A summary cache file that is corrupt, stale or wrong.
    Cache,
    /// A lock file a killed writer left.
    Lock,
    /// A temporary ref a killed process left.
    TempRef,
    /// The desk branch is checked out in a worktree.
    Worktree,
}

impl Check {
    /// The name in output and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Parse => "parse",
            Check::Id => "id",
            Check::Path => "path",
            Check::Schema => "schema",
            Check::Canonical => "canonical",
            Check::EventIds => "event-ids",
            Check::Clocks => "clocks",
            Check::Timestamps => "timestamps",
            Check::Config => "config",
            Check::Kb => "kb",
            Check::Conflict => "conflict",
            Check::Cache => "cache",
            Check::Lock => "lock",
            Check::TempRef => "temp-ref",
            Check::Worktree => "worktree",
        }
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Something is wrong: the desk is not healthy until it is fixed.
    Problem,
    /// Worth knowing, nothing broken (a desk.toml key this version does not know).
    Warning,
}

/// One finding: where, what is wrong, and what fixes it.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The file, ref, lock or worktree it is about.
    pub path: String,
    /// The check that found it.
    pub check: Check,
    /// Problem or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// What fixes it, in one line.
    pub fix: String,
    /// True when `--fix` can repair it.
    pub fixable: bool,
    /// True once [`repair`] did.
    pub fixed: bool,
    repair: Option<Repair>,
}

/// What [`repair`] does about a fixable problem.
#[derive(Debug, Clone)]
enum Repair {
    /// Rewrite this ticket file canonically.
    Rewrite(String),
    /// Remove this leftover.
    Remove(Leftover),
    /// Rebuild this cache file.
    Rebuild(CacheFinding),
}

impl Problem {
    fn new(path: impl Into<String>, check: Check, message: String, fix: String) -> Problem {
        Problem {
            path: path.into(),
            check,
            severity: Severity::Problem,
            message,
            fix,
            fixable: false,
            fixed: false,
            repair: None,
        }
    }

    fn fixed_by(mut self, repair: Repair) -> Problem {
        self.fixable = true;
        self.repair = Some(repair);
        self
    }

    fn warning(mut self) -> Problem {
        self.severity = Severity::Warning;
        self
    }

    /// True when it still needs doing something (a problem, not fixed).
    pub fn outstanding(&self) -> bool {
        self.severity == Severity::Problem && !self.fixed
    }
}

/// What a checkup found, and after [`repair`], what was fixed.
#[derive(Debug, Default)]
pub struct Checkup {
    /// Every finding, by path and check.
    pub problems: Vec<Problem>,
    /// Ticket files read.
    pub tickets: usize,
    /// Events in the tickets that parsed.
    pub events: usize,
    /// KB articles read.
    pub articles: usize,
    /// The commit that rewrote ticket files, after [`repair`].
    pub commit: Option<CommitId>,
}

impl Checkup {
    /// True when nothing is wrong (warnings aside), or everything wrong was fixed.
    pub fn healthy(&self) -> bool {
        !self.problems.iter().any(Problem::outstanding)
    }

    /// How many findings are problems (not warnings).
    pub fn problem_count(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Problem)
            .count()
    }

    /// How many problems `--fix` can repair.
    pub fn fixable(&self) -> usize {
        self.problems.iter().filter(|p| p.fixable).count()
    }

    /// How many problems were repaired.
    pub fn fixed(&self) -> usize {
        self.problems.iter().filter(|p| p.fixed).count()
    }
}

/// Examines the desk and its repository at `now`. Sync's fetch refs are judged with this
/// network timeout (a fetch may still be using a younger one).
pub fn examine(
    desk: &Desk,
    now: DateTime<Utc>,
    fetch_timeout: Duration,
) -> Result<Checkup, DeskError> {
    let snapshot = desk.snapshot()?;
    let mut checkup = Checkup::default();
    let mut problems = Vec::new();

    if let Some(bytes) = snapshot.file(CONFIG_PATH)? {
        problems.extend(check_config(&bytes));
    }
    for path in snapshot.paths()? {
        problems.extend(check_placement(&path));
    }
    let (articles, kb_problems) = check_kb(&snapshot)?;
    checkup.articles = articles;
    problems.extend(kb_problems);

    let seen: Mutex<(Vec<Problem>, usize, usize)> = Mutex::new((Vec::new(), 0, 0));
    let visit = |file: Seen<'_>| {
        let (mut found, events, latest) = match file {
            Seen::Read(file) => (
                check_file(&file),
                file.parsed.map_or(0, |t| t.events.len()),
                file.parsed.ok().map(|t| (file.path, latest_event(t))),
            ),
            Seen::Known(known) => (Vec::new(), known.events, Some((known.path, known.latest))),
        };
        // Clean but for the day: not read again while it stays the same.
        let clean = found.is_empty();
        found.extend(latest.and_then(|(path, latest)| check_ahead(path, latest, now)));
        let mut seen = seen.lock().expect("no panics");
        seen.0.extend(found);
        seen.1 += 1;
        seen.2 += events;
        clean
    };
    let findings = snapshot.audit(checks_fingerprint(), &visit)?;
    let (ticket_problems, tickets, events) = seen.into_inner().expect("no panics");
    checkup.tickets = tickets;
    checkup.events = events;
    problems.extend(ticket_problems);
    problems.extend(findings.into_iter().map(cache_problem));

    let mut leftovers = desk.leftovers();
    leftovers.extend(crate::sync::leftover_fetch_refs(desk, fetch_timeout));
    problems.extend(leftovers.into_iter().map(leftover_problem));
    if let Some(worktree) = desk.checked_out_worktree()? {
        let path = worktree.display().to_string();
        problems.push(Problem::new(
            &path,
            Check::Worktree,
            format!(
                "the desk branch '{}' is checked out in this worktree: git-desk refuses to write it while it is",
                desk.branch()
            ),
            format!("switch that worktree to another branch (git -C {path} switch --detach)"),
        ));
    }
    problems.sort_by(|a, b| (&a.path, a.check).cmp(&(&b.path, b.check)));
    checkup.problems = problems;
    Ok(checkup)
}

/// Repairs what [`examine`] found that is safe to repair: leftovers no process holds
/// first (a stale lock would stop the commit), then the non-canonical ticket files as one
/// commit by `actor`, then the summary cache. Marks what it fixed; a repair that failed
/// says so in the problem's fix.
pub fn repair(desk: &Desk, checkup: &mut Checkup, now: DateTime<Utc>) -> Result<(), DeskError> {
    let rewrites: Vec<String> = checkup
        .problems
        .iter()
        .filter_map(|p| match &p.repair {
            Some(Repair::Rewrite(path)) => Some(path.clone()),
            _ => None,
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let blocked = checkup.problems.iter().any(|p| p.check == Check::Worktree);
    // Who commits is known before anything is repaired: no identity, nothing touched.
    let actor = if rewrites.is_empty() || blocked {
        None
    } else {
        Some(desk.actor()?)
    };
    for problem in &mut checkup.problems {
        if let Some(Repair::Remove(leftover)) = &problem.repair {
            match desk.remove_leftover(leftover) {
                Ok(()) => problem.fixed = true,
                Err(e) => problem.fix = format!("{} (--fix could not: {e})", problem.fix),
            }
        }
    }

    if !rewrites.is_empty() {
        if blocked {
            for problem in &mut checkup.problems {
                if matches!(problem.repair, Some(Repair::Rewrite(_))) {
                    problem.fix = format!(
                        "{} (not done: the desk branch is checked out in a worktree)",
                        problem.fix
                    );
                }
            }
        } else {
            let actor = actor.expect("known above when there is a commit to make");
            let mut done: Vec<String> = Vec::new();
            let written = desk.transact(&actor, now, false, |tx| {
                done.clear();
                let mut message = CommitMessage::new("", "doctor");
                // `ticket_of` gives the id of the file name; only files where their id
                // says are rewritten, so the rewrite lands on the same path.
                for path in &rewrites {
                    let Some(bytes) = tx.file(path)? else {
                        continue;
                    };
                    let Some(id) = ticket_of(path).filter(|id| id.path() == *path) else {
                        continue;
                    };
                    // Judged again on this tip: another writer may have changed it.
                    if let Some(ticket) =
                        canonical_rewrite(&id, &bytes, &tx.snapshot().config.matrix)
                    {
                        tx.rewrite(ticket);
                        done.push(path.clone());
                    }
                }
                message.subject = match done.len() {
                    1 => format!("doctor: rewrite {} canonically", done[0]),
                    n => format!("doctor: rewrite {n} ticket files canonically"),
                };
                Ok(message)
            })?;
            checkup.commit = written.commit;
            for problem in &mut checkup.problems {
                if let Some(Repair::Rewrite(path)) = &problem.repair {
                    if done.contains(path) {
                        problem.fixed = true;
                    }
                }
            }
        }
    }

    let findings: Vec<CacheFinding> = checkup
        .problems
        .iter()
        .filter_map(|p| match &p.repair {
            Some(Repair::Rebuild(finding)) => Some(finding.clone()),
            _ => None,
        })
        .collect();
    if !findings.is_empty() {
        desk.cache().forget_findings(&findings)?;
        // Reading the listing builds every missing or stale file again.
        desk.snapshot()?.listing(None)?;
        for problem in &mut checkup.problems {
            if matches!(problem.repair, Some(Repair::Rebuild(_))) {
                problem.fixed = true;
            }
        }
    }
    Ok(())
}

/// desk.toml: it parses and validates; keys this version does not know are warnings.
fn check_config(bytes: &[u8]) -> Vec<Problem> {
    let fix = "repair it with `git desk config edit` (git show desk:desk.toml shows it)";
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => {
            return vec![Problem::new(
                CONFIG_PATH,
                Check::Config,
                "it is not UTF-8".into(),
                fix.into(),
            )]
        }
    };
    match DeskConfig::parse(text) {
        Err(reason) => vec![Problem::new(CONFIG_PATH, Check::Config, reason, fix.into())],
        Ok(config) => config
            .unknown_keys
            .iter()
            .map(|key| {
                Problem::new(
                    CONFIG_PATH,
                    Check::Config,
                    format!("line {}: key '{}' is not known to this version of git-desk; it is kept and ignored", key.line, key.key),
                    "check its spelling (`git desk config edit`), or use the newer git-desk that wrote it".into(),
                )
                .warning()
            })
            .collect(),
    }
}

/// A file's place in the tree: merge conflict copies, and files under `tickets/` where
/// no reader looks.
fn check_placement(path: &str) -> Option<Problem> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if let Some(original) = conflict_original(path) {
        return Some(Problem::new(
            path,
            Check::Conflict,
            format!("the other side of a merge conflict, kept beside {original}"),
            format!("compare it with {original}, keep what is right in {original}, then delete this file with plain git"),
        ));
    }
    let rest = path.strip_prefix(TICKETS_DIR)?.strip_prefix('/')?;
    let id = name
        .strip_suffix(".toml")
        .and_then(|n| TicketId::parse(n).ok());
    match id {
        Some(id) if id.path() == path => None,
        Some(id) => Some(Problem::new(
            path,
            Check::Path,
            format!("ticket {id} is filed in the wrong place: readers look for it at {}", id.path()),
            format!("move it to {} with plain git, on a checkout of the branch", id.path()),
        )),
        None => Some(Problem::new(
            path,
            Check::Path,
            format!("'{rest}' under {TICKETS_DIR}/ is not a ticket file (tickets/<first two characters>/<id>.toml): no reader looks at it"),
            "move it out of tickets/ or delete it with plain git".into(),
        )),
    }
}

/// The file a `.conflict-<tag>` file stands beside: `desk.conflict-x.toml` ->
/// `desk.toml`; `None` for other files.
fn conflict_original(path: &str) -> Option<String> {
    let (dir, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => (String::new(), path),
    };
    let at = name.find(".conflict-")?;
    let stem = &name[..at];
    let tail = &name[at + ".conflict-".len()..];
    let original = match tail.split_once('.') {
        Some((_, ext)) => format!("{stem}.{ext}"),
        None => stem.to_string(),
    };
    Some(format!("{dir}{original}"))
}

/// The KB articles: each `kb/<slug>.md` has a valid slug and readable front matter.
/// Returns the number of articles read and the problems.
fn check_kb(snapshot: &crate::store::Snapshot<'_>) -> Result<(usize, Vec<Problem>), DeskError> {
    let mut problems = Vec::new();
    let mut articles = 0;
    for name in snapshot.file_names(KB_DIR)? {
        let path = format!("{KB_DIR}/{name}");
        let Some(slug) = name.strip_suffix(".md") else {
            continue;
        };
        if conflict_original(&path).is_some() {
            continue;
        }
        let fix =
            format!("repair it with `git desk kb edit {slug}` or plain git (git show desk:{path})");
        if !valid_slug(slug) {
            problems.push(Problem::new(
                &path,
                Check::Kb,
                "its name is not a valid slug (lower-case letters, digits, single dashes): no reader lists it".into(),
                "rename it with plain git to a valid slug".into(),
            ));
            continue;
        }
        let Some(bytes) = snapshot.file(&path)? else {
            continue;
        };
        articles += 1;
        let parsed = std::str::from_utf8(&bytes)
            .map_err(|_| "it is not UTF-8".to_string())
            .and_then(|text| Article::parse(slug, text));
        if let Err(reason) = parsed {
            problems.push(Problem::new(&path, Check::Kb, reason, fix));
        }
    }
    Ok((articles, problems))
}

/// The id of a ticket file path, from its file name.
fn ticket_of(path: &str) -> Option<TicketId> {
    let name = path.rsplit('/').next()?;
    TicketId::parse(name.strip_suffix(".toml")?).ok()
}

/// Events of one ticket that share an id.
#[derive(Debug, PartialEq)]
struct SharedId {
    id: String,
    clocks: Vec<u64>,
    /// Every one an exact copy of the first: keeping one loses nothing.
    identical: bool,
}

/// The ids that more than one event of `events` carries, in order of first appearance.
fn shared_ids(events: &[Event]) -> Vec<SharedId> {
    let mut by_id: HashMap<&str, Vec<&Event>> = HashMap::new();
    let mut order = Vec::new();
    for event in events {
        let group = by_id.entry(event.id.as_str()).or_default();
        if group.is_empty() {
            order.push(event.id.as_str());
        }
        group.push(event);
    }
    order
        .into_iter()
        .filter_map(|id| {
            let group = &by_id[id];
            (group.len() > 1).then(|| SharedId {
                id: id.to_string(),
                clocks: group.iter().map(|e| e.lamport).collect(),
                identical: group.iter().all(|e| *e == group[0]),
            })
        })
        .collect()
}

/// The events a ticket file holds, as written (the fold sets aside a second event with
/// the same clock and id).
fn written_events(text: &str) -> Option<Vec<Event>> {
    let table: toml::Table = toml::from_str(text).ok()?;
    match table.get("events")? {
        toml::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                toml::Value::Table(t) => Event::from_table(t.clone()).ok(),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// The ticket of a file, when rewriting the file as its canonical serialisation is safe:
/// it parses, its schema is known, it is not canonical already, and the canonical text
/// holds every event the file holds (identical copies of one event aside). `None`
/// otherwise.
fn canonical_rewrite(
    id: &TicketId,
    bytes: &[u8],
    matrix: &crate::model::PriorityMatrix,
) -> Option<Ticket> {
    let text = std::str::from_utf8(bytes).ok()?;
    let ticket = Ticket::from_toml(id, text, matrix).ok()?;
    let canonical = ticket.to_toml();
    if canonical == text || ticket.schema > SCHEMA {
        return None;
    }
    let written = written_events(text)?;
    if shared_ids(&written).iter().any(|s| !s.identical) {
        return None;
    }
    // Belt and braces: the new text reads back to the same events.
    let again = Ticket::from_toml(id, &canonical, matrix).ok()?;
    (again.events == ticket.events).then_some(ticket)
}

/// What the ticket checks are: files an earlier checkup found clean are not read again
/// while this stays the same.
fn checks_fingerprint() -> u32 {
    crc32fast::hash(include_str!("doctor.rs").as_bytes())
}

/// The time of a ticket's latest event.
fn latest_event(ticket: &Ticket) -> DateTime<Utc> {
    ticket
        .events
        .iter()
        .map(|e| e.at)
        .max()
        .unwrap_or(ticket.created)
}

/// The clock anomaly of a ticket whose latest event is dated far after now.
fn check_ahead(path: &str, latest: DateTime<Utc>, now: DateTime<Utc>) -> Option<Problem> {
    (latest > now + FUTURE_TOLERANCE).then(|| {
        Problem::new(
            path,
            Check::Timestamps,
            format!(
                "its latest event is dated {}, more than a day after now ({}): a clock anomaly on the machine that wrote it",
                latest.to_rfc3339(),
                now.to_rfc3339()
            ),
            "check that machine's clock; the events are kept (they are ordered by clock, not time), but SLA clocks and reports use their times".into(),
        )
    })
}

/// The problems of one ticket file, `now` being now.
#[cfg(test)]
fn check_ticket(file: &TicketFile<'_>, now: DateTime<Utc>) -> Vec<Problem> {
    let mut problems = check_file(file);
    if let Ok(ticket) = file.parsed {
        problems.extend(check_ahead(file.path, latest_event(ticket), now));
    }
    problems
}

/// The problems of one ticket file that do not depend on the day.
fn check_file(file: &TicketFile<'_>) -> Vec<Problem> {
    let path = file.path;
    let show = format!("git show desk:{path}");
    let ticket = match file.parsed {
        Err(reason) => {
            let check = if reason.starts_with("its id ") {
                Check::Id
            } else {
                Check::Parse
            };
            return vec![Problem::new(
                path,
                check,
                format!("it cannot be read: {reason}"),
                format!("repair it by hand with plain git ({show}; its history: git log -p desk -- {path})"),
            )];
        }
        Ok(ticket) => ticket,
    };
    let mut problems = Vec::new();
    let newer = ticket.schema > SCHEMA;
    if newer {
        problems.push(Problem::new(
            path,
            Check::Schema,
            format!(
                "its schema is {}, newer than this git-desk knows ({SCHEMA})",
                ticket.schema
            ),
            "upgrade git-desk to the version that wrote it".into(),
        ));
    }
    let zero: Vec<&str> = ticket
        .events
        .iter()
        .filter(|e| e.lamport == 0)
        .map(|e| e.id.as_str())
        .collect();
    if !zero.is_empty() {
        problems.push(Problem::new(
            path,
            Check::Clocks,
            format!(
                "event {} has clock 0: clocks start at 1, so its place among the others is a guess",
                zero.join(", ")
            ),
            format!("a person decides its place: give it the right clock by hand ({show})"),
        ));
    }
    let early: Vec<&Event> = ticket
        .events
        .iter()
        .filter(|e| e.at < ticket.created)
        .collect();
    if let Some(first) = early.first() {
        problems.push(Problem::new(
            path,
            Check::Timestamps,
            format!(
                "{} dated before the ticket was filed ({}): event {} at {}; a clock anomaly on the machine that wrote it",
                count(early.len(), "event is", "events are"),
                ticket.created.to_rfc3339(),
                first.id,
                first.at.to_rfc3339()
            ),
            "check that machine's clock; the events are kept, but SLA clocks and reports use their times".into(),
        ));
    }

    let text = std::str::from_utf8(file.bytes).unwrap_or_default();
    let canonical = ticket.to_toml() == text;
    // A canonical file holds the events the fold kept; another may hold more.
    let written = if canonical {
        None
    } else {
        written_events(text)
    };
    let shared = shared_ids(written.as_deref().unwrap_or(&ticket.events));
    let mut conflicting = false;
    for s in &shared {
        let clocks = s
            .clocks
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        if s.identical {
            problems.push(
                Problem::new(
                    path,
                    Check::EventIds,
                    format!(
                        "event {} is written {} times, identical each time",
                        s.id,
                        s.clocks.len()
                    ),
                    "--fix rewrites the file with one copy (nothing is lost)".into(),
                )
                .fixed_by(Repair::Rewrite(path.to_string())),
            );
        } else {
            conflicting = true;
            problems.push(Problem::new(
                path,
                Check::EventIds,
                format!("{} different events share the id {} (clocks {clocks}): readers and merges keep only one of them", s.clocks.len(), s.id),
                format!("a person decides: give all but one a new id by hand ({show}), keeping every event"),
            ));
        }
    }
    if !canonical {
        let problem = Problem::new(
            path,
            Check::Canonical,
            "it is not the canonical serialisation of its events (edited by hand or by another tool): text diffs and merges of it are noisy".into(),
            "--fix rewrites it canonically, keeping every event".into(),
        );
        // A file in the wrong place is moved by a person first (placement reports it).
        let misplaced = ticket.id.path() != path;
        problems.push(if newer || conflicting || misplaced || written.is_none() {
            Problem {
                fix: "rewrite it by hand once the problems above are solved; --fix leaves it, as a rewrite could lose what it holds".into(),
                ..problem
            }
        } else {
            problem.fixed_by(Repair::Rewrite(path.to_string()))
        });
    }
    problems
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn cache_problem(finding: CacheFinding) -> Problem {
    let message = match finding.fault {
        CacheFault::Corrupt => "the summary cache file is corrupt (truncated or its checksum fails)",
        CacheFault::Stale => "the summary cache file describes another state of the branch (or another build of git-desk)",
        CacheFault::Wrong => "the summary cache file claims the branch's current state but holds other tickets than a rebuild: listings would be wrong",
    };
    let path = finding.path.display().to_string();
    let fault = finding.fault;
    let problem = Problem::new(
        path,
        Check::Cache,
        message.into(),
        "--fix rebuilds it (it is never the source of truth: deleting .git/desk is always safe)"
            .into(),
    )
    .fixed_by(Repair::Rebuild(finding));
    // A cache behind the branch is what plain `git fetch` leaves, and the next reader
    // brings it up to date: worth knowing, nothing wrong.
    if fault == CacheFault::Stale {
        problem.warning()
    } else {
        problem
    }
}

fn leftover_problem(leftover: Leftover) -> Problem {
    let (check, message, fix) = match leftover.kind {
        LeftoverKind::BranchLock => (
            Check::Lock,
            "a lock on the desk branch that no writer holds (older than any write takes): left by a killed process, it blocks every write",
            "--fix removes it (or delete the file by hand)",
        ),
        LeftoverKind::PackRef => (
            Check::TempRef,
            "a temporary ref of a commit writer that is no longer running: it keeps an unused commit alive",
            "--fix removes it (or git update-ref -d with its name)",
        ),
        LeftoverKind::FetchRef => (
            Check::TempRef,
            "a fetch's landing ref older than any fetch lives: left by a killed sync",
            "--fix removes it (or git update-ref -d with its name)",
        ),
    };
    Problem::new(leftover.name.clone(), check, message.into(), fix.into())
        .fixed_by(Repair::Remove(leftover))
}

#[cfg(test)]
mod tests;
