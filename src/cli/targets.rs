//! What every command that changes tickets shares: several ids, `--stdin`, `--dry-run`,
//! confirmation for bulk changes, a progress bar, one commit, and a report of what
//! changed.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Read};
use std::sync::OnceLock;

use anyhow::{Context, Result};
use clap::Args;

use git_desk::workflow::{resolve_all, ApplyOptions, Change, Outcome, RefusedTicket, TicketChange};

use super::hints;
use super::output::sanitize_line;
use super::{usage, Session};

/// Above this many tickets a change asks for confirmation on a terminal.
pub const CONFIRM_ABOVE: usize = 20;

/// Above this many tickets a report gives a summary line, not a line per ticket
/// (`--verbose` lists each).
pub const LIST_UP_TO: usize = 20;

/// From this many tickets a change shows a progress bar on a terminal.
const BAR_FROM: usize = 2;

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
    /// Leave out the tickets the rules refuse (already at the highest tier, closed, not
    /// yours to change...), change the others, and list those left out
    #[arg(long)]
    pub skip_invalid: bool,
    /// List every ticket changed, also above 20
    #[arg(long)]
    pub verbose: bool,
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
        let ask = !opts.yes && !opts.dry_run && can_ask(session);
        let count = if ask {
            resolve_all(&snapshot, &ids)?.len()
        } else {
            0
        };
        if count > CONFIRM_ABOVE && !ask_first(session, &format!("{verb} {count} tickets?"))? {
            return Err(usage(
                "stopped: nothing was changed (pass --yes to skip the question)",
            ));
        }
    }
    let bar = Bar::new(session, verb);
    let options = ApplyOptions {
        dry_run: opts.dry_run,
        skip_invalid: opts.skip_invalid,
        progress: Some(&|done, total| bar.show(done, total)),
    };
    let outcome = desk.apply_with(&actor, now, &ids, &change, options);
    bar.finish();
    let outcome = outcome?;
    let prefix = if opts.dry_run { "would " } else { "" };
    if outcome.changed.is_empty() {
        if let Some(first) = outcome.refused.first() {
            return Err(usage(format!(
                "{}; nothing was changed: every ticket named ({}) was refused",
                hints::worded(&first.reason),
                outcome.refused.len()
            )));
        }
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
            list(session, &outcome.changed, opts.verbose)?;
        }
        report_left_out(session, &outcome, opts.verbose);
        if opts.dry_run {
            session.out.info("dry run: nothing was written");
        }
    }
    Ok(())
}

/// The targets that were already so, and those the rules refused and were left out.
fn report_left_out(session: &Session, outcome: &Outcome, verbose: bool) {
    if !outcome.unchanged.is_empty() {
        session.out.info(format!(
            "unchanged (already so): {}",
            names(&outcome.unchanged, verbose)
        ));
    }
    if outcome.refused.is_empty() {
        return;
    }
    let refused = &outcome.refused;
    session.out.info(format!(
        "left out {} ticket(s) the rules refuse (--skip-invalid):",
        refused.len()
    ));
    let shown = if verbose || refused.len() <= LIST_UP_TO {
        refused.len()
    } else {
        LIST_UP_TO / 2
    };
    for RefusedTicket { reason, .. } in &refused[..shown] {
        session.out.info(format!("  {}", hints::worded(reason)));
    }
    if shown < refused.len() {
        session.out.info(format!(
            "  and {} more (--verbose lists each)",
            refused.len() - shown
        ));
    }
}

/// Short ids for a message: all with `verbose` or when few, else the first ten and how
/// many more.
fn names(shorts: &[String], verbose: bool) -> String {
    if verbose || shorts.len() <= LIST_UP_TO {
        return shorts.join(", ");
    }
    format!(
        "{} and {} more (--verbose lists each)",
        shorts[..LIST_UP_TO / 2].join(", "),
        shorts.len() - LIST_UP_TO / 2
    )
}

/// One line per ticket changed (`  4f2a9c  L1 -> L2  VPN drops`); above [`LIST_UP_TO`]
/// tickets, unless `verbose`, a summary line instead.
pub fn list(session: &Session, changed: &[TicketChange], verbose: bool) -> Result<()> {
    if changed.len() > LIST_UP_TO && !verbose {
        let tickets: BTreeSet<&str> = changed.iter().map(|c| c.id.as_str()).collect();
        session.out.line(format!(
            "  {} change(s) on {} tickets (--verbose lists each)",
            changed.len(),
            tickets.len()
        ))?;
        return Ok(());
    }
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

/// True when a person at a terminal can be asked: the question goes to stderr, the
/// answer comes from the terminal, also when stdin is a pipe (`git desk ls --ids | git
/// desk escalate --stdin`). Never in cron or a script without a terminal.
pub fn can_ask(session: &Session) -> bool {
    session.interactive() || super::editor::person_at_terminal()
}

/// Asks a yes/no question (default no) on the terminal; call only when [`can_ask`].
pub fn ask_first(session: &Session, prompt: &str) -> Result<bool> {
    if session.interactive() {
        return session.confirm(prompt);
    }
    // Stdin is a pipe: the answer is read from the terminal itself (/dev/tty).
    Ok(dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact()?)
}

/// A progress bar on stderr for a change to many tickets, shown only on a terminal.
pub struct Bar {
    label: String,
    on_terminal: bool,
    bar: OnceLock<indicatif::ProgressBar>,
}

impl Bar {
    /// A bar labelled `label` (`escalate`, `import`), not yet drawn.
    pub fn new(session: &Session, label: &str) -> Bar {
        Bar {
            label: label.to_string(),
            on_terminal: std::io::stderr().is_terminal() && !session.out.quiet(),
            bar: OnceLock::new(),
        }
    }

    /// `done` of `total` tickets; the bar appears on the first call with enough of them.
    pub fn show(&self, done: usize, total: usize) {
        if !self.on_terminal || total < BAR_FROM {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
                "{} {{bar:30}} {{pos}}/{{len}} tickets",
                self.label
            )) {
                bar.set_style(style);
            }
            bar
        });
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    }

    /// Takes the bar off the screen.
    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
