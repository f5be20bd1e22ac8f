//! What every command that changes tickets shares: several ids, `--stdin`, `--dry-run`,
//! confirmation for bulk changes, one commit, and a report of what changed.

use std::collections::BTreeSet;
use std::io::Read;

use anyhow::{Context, Result};
use clap::Args;

use git_desk::workflow::{resolve_all, Change, TicketChange};

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

/// Applies a change to the tickets named by `ids` (as typed) as one commit, asking
/// first when a person at a terminal changes many, and reports what changed.
pub fn apply(session: &Session, ids: Vec<String>, opts: &TargetOpts, change: Change) -> Result<()> {
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    let verb = change.verb();
    {
        let snapshot = desk.snapshot()?;
        session.warn_about(&snapshot);
        // Only a person at a terminal is asked, so only then are the ids resolved twice.
        let ask = !opts.yes && !opts.dry_run && session.interactive();
        let count = if ask {
            resolve_all(&snapshot, &ids)?.len()
        } else {
            0
        };
        if count > CONFIRM_ABOVE && !session.confirm(&format!("{verb} {count} tickets?"))? {
            return Err(usage(
                "stopped: nothing was changed (pass --yes to skip the question)",
            ));
        }
    }
    let outcome = desk.apply(&actor, now, &ids, &change, opts.dry_run)?;
    let prefix = if opts.dry_run { "would " } else { "" };
    if outcome.changed.is_empty() {
        session
            .out
            .info(format!("nothing to {verb}: no ticket needed a change"));
        return Ok(());
    }
    if !session.out.quiet() {
        session
            .out
            .line(format!("{prefix}{}", sanitize_line(&outcome.subject)))?;
        if outcome.changed.len() > 1 {
            list(session, &outcome.changed)?;
        }
        if !outcome.unchanged.is_empty() {
            session.out.info(format!(
                "unchanged (already so): {}",
                outcome.unchanged.join(", ")
            ));
        }
        if opts.dry_run {
            session.out.info("dry run: nothing was written");
        }
    }
    Ok(())
}

/// One line per ticket changed: `  4f2a9c1d  L1 -> L2  VPN drops`.
pub fn list(session: &Session, changed: &[TicketChange]) -> Result<()> {
    for c in changed {
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
    Ok(())
}
