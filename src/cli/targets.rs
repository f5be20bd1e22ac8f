//! What every command that changes tickets shares: several ids, `--stdin`, `--dry-run`,
//! confirmation for bulk changes, one commit, and a report of what changed.

use std::collections::BTreeSet;
use std::io::Read;

use anyhow::{Context, Result};
use clap::Args;

use git_desk::model::{Action, Ticket, TicketId};
use git_desk::store::{Snapshot, Summary, Transaction};
use git_desk::{workflow, DeskError};

use super::output::sanitize_line;
use super::{usage, Session};

/// Above this many tickets a change asks for confirmation on a terminal.
const CONFIRM_ABOVE: usize = 20;

/// `--stdin`, `--dry-run`, `--yes`.
#[derive(Args, Debug, Clone)]
pub struct TargetOpts {
    /// Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)
    #[arg(long)]
    pub stdin: bool,
    /// Print what would change and write nothing
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// Change more than 20 tickets without asking
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// The ids named on the command line plus those read from stdin, in order, once each.
pub fn collect_ids(ids: &[String], opts: &TargetOpts) -> Result<Vec<String>> {
    let mut all: Vec<String> = ids.to_vec();
    if opts.stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read ticket ids from standard input")?;
        for line in decode_text(bytes, "stdin")?.lines() {
            let line = line.trim();
            // Blank lines, comments and the header of an `ls` table are not ids.
            if line.is_empty()
                || line.starts_with('#')
                || line.split_whitespace().next() == Some("ID")
            {
                continue;
            }
            // Accept `ls` table lines too: the id is the first word.
            if let Some(word) = line.split_whitespace().next() {
                all.push(word.to_string());
            }
        }
    }
    let mut seen = BTreeSet::new();
    all.retain(|id| seen.insert(id.to_ascii_lowercase()));
    if all.is_empty() {
        return Err(usage(if opts.stdin {
            "no ticket ids on standard input: pipe some in, e.g. `git desk ls --ids tier:1 | git desk escalate --stdin --reason TEXT`"
        } else {
            "no ticket ids given: name at least one ticket, or pass --stdin and pipe ids in"
        }));
    }
    Ok(all)
}

/// Bytes read from `source` (`stdin`, a file's name) as text. Invalid UTF-8 is bad
/// input naming the line, not a failed read: the data is wrong, not the system.
pub fn decode_text(bytes: Vec<u8>, source: &str) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let valid = e.utf8_error().valid_up_to();
        let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
        usage(format!(
            "{source} line {line} is not valid UTF-8 (byte {:#04x}): convert it first, e.g. with `iconv -f LATIN1 -t UTF-8`",
            bytes[valid]
        ))
    })
}

/// Resolves typed ids against a snapshot; duplicates (two prefixes of one id) collapse.
pub fn resolve_all(snapshot: &Snapshot<'_>, typed: &[String]) -> Result<Vec<TicketId>, DeskError> {
    let mut out: Vec<TicketId> = Vec::new();
    for t in typed {
        let id = snapshot.resolve(t)?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// One ticket's part in a change, for the report.
pub struct Changed {
    /// Short id.
    pub short: String,
    /// Title after the change.
    pub title: String,
    /// What happened to it (`L1 -> L2`), may be empty.
    pub detail: String,
}

/// A change to several tickets, each handled by `plan`, committed as one commit.
pub struct BulkChange<'a> {
    /// The verb of the commit subject and `Desk-Action` trailer: `escalate`.
    pub verb: &'a str,
    /// The ids as typed.
    pub ids: Vec<String>,
    /// The shared options.
    pub opts: &'a TargetOpts,
}

impl BulkChange<'_> {
    /// Runs the change. `plan` gets each ticket and returns the actions to record (empty
    /// to leave it alone). `detail` describes a ticket's change from before and after.
    pub fn run<P, D>(self, session: &Session, mut plan: P, detail: D) -> Result<()>
    where
        P: FnMut(&mut Transaction<'_, '_>, &Ticket) -> Result<Vec<Action>, DeskError>,
        D: Fn(&Ticket, &Ticket) -> String,
    {
        let desk = session.desk()?;
        let actor = desk.actor()?;
        let now = session.now()?;
        {
            let snapshot = desk.snapshot()?;
            session.warn_about(&snapshot);
            // Only a person at a terminal is asked, so only then are the ids resolved twice.
            let ask = !self.opts.yes && !self.opts.dry_run && session.interactive();
            let count = if ask {
                resolve_all(&snapshot, &self.ids)?.len()
            } else {
                0
            };
            if count > CONFIRM_ABOVE
                && !session.confirm(&format!("{} {count} tickets?", self.verb))?
            {
                return Err(usage(
                    "stopped: nothing was changed (pass --yes to skip the question)",
                ));
            }
        }
        let mut report: Vec<Changed> = Vec::new();
        let mut skipped: Vec<String> = Vec::new();
        let verb = self.verb;
        let outcome = desk.transact(&actor, now, self.opts.dry_run, |tx| {
            report.clear();
            skipped.clear();
            let mut tiers: Vec<String> = Vec::new();
            for id in resolve_all(tx.snapshot(), &self.ids)? {
                let before = tx.ticket(&id)?.clone();
                workflow::may_act(&tx.snapshot().config, &tx.actor().email, &before, verb)?;
                let actions = plan(tx, &before)?;
                let short = tx.snapshot().short_id(&id)?;
                if actions.is_empty() {
                    skipped.push(short);
                    continue;
                }
                for action in actions {
                    if let Action::TierChanged { from, to, .. } = &action {
                        let t = format!("{from} -> {to}");
                        if !tiers.contains(&t) {
                            tiers.push(t);
                        }
                    }
                    tx.record(&id, action)?;
                }
                let after = tx.ticket(&id)?;
                report.push(Changed {
                    short,
                    title: after.title.clone(),
                    detail: detail(&before, after),
                });
            }
            let mut summary = Summary::new(subject(verb, &report), verb);
            summary.tiers = tiers;
            Ok(summary)
        })?;
        let prefix = if self.opts.dry_run { "would " } else { "" };
        if report.is_empty() {
            session
                .out
                .info(format!("nothing to {verb}: no ticket needed a change"));
            return Ok(());
        }
        if !session.out.quiet() {
            let summary = outcome.summary.subject;
            session
                .out
                .line(format!("{prefix}{}", sanitize_line(&summary)))?;
            if report.len() > 1 {
                for c in &report {
                    let detail = if c.detail.is_empty() {
                        String::new()
                    } else {
                        format!("{}  ", c.detail)
                    };
                    session.out.line(format!(
                        "  {}  {detail}{}",
                        c.short,
                        sanitize_line(&c.title)
                    ))?;
                }
            }
            if !skipped.is_empty() {
                session
                    .out
                    .info(format!("unchanged (already so): {}", skipped.join(", ")));
            }
            if self.opts.dry_run {
                session.out.info("dry run: nothing was written");
            }
        }
        Ok(())
    }
}

/// The commit subject: `escalate 4f2a9c: L1 -> L2: VPN drops` for one ticket,
/// `escalate 30 tickets: L1 -> L2` for several (the detail only when all share it).
pub fn subject(verb: &str, changed: &[Changed]) -> String {
    match changed {
        [] => format!("{verb}: nothing"),
        [one] => {
            if one.detail.is_empty() {
                format!("{verb} {}: {}", one.short, one.title)
            } else {
                format!("{verb} {}: {}: {}", one.short, one.detail, one.title)
            }
        }
        [first, rest @ ..] => {
            let shared = rest.iter().all(|c| c.detail == first.detail) && !first.detail.is_empty();
            if shared {
                format!("{verb} {} tickets: {}", changed.len(), first.detail)
            } else {
                format!("{verb} {} tickets", changed.len())
            }
        }
    }
}
