//! Status moves: `status`, and the shorthands `start`, `pend`, `resolve`, `close`, `reopen`.

use anyhow::Result;
use clap::Args;

use git_desk::model::Status;
use git_desk::workflow::Change;

use super::targets::{self, collect_ids, TargetOpts};
use super::{usage, Session};

/// Move tickets to a status: open, in-progress, pending (with --reason customer|vendor|
/// change|problem) or closed. Resolve with `git desk resolve`, reopen with `git desk reopen`.
#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Ticket ids (any unique prefix), then the status
    #[arg(value_name = "ID... STATUS", required = true)]
    pub words: Vec<String>,
    /// Why (for pending: customer, vendor, change or problem)
    #[arg(long, value_name = "R", allow_hyphen_values = true)]
    pub reason: Option<String>,
    #[command(flatten)]
    pub opts: TargetOpts,
}

/// Start work on tickets: status in-progress.
#[derive(Args, Debug)]
pub struct StartArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub opts: TargetOpts,
}

/// Put tickets on hold (status pending): the SLA clock pauses.
#[derive(Args, Debug)]
pub struct PendArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// What it waits for: customer, vendor, change or problem
    #[arg(long, value_name = "R", required = true, allow_hyphen_values = true)]
    pub reason: String,
    #[command(flatten)]
    pub opts: TargetOpts,
}

/// Resolve tickets with a resolution.
#[derive(Args, Debug)]
pub struct ResolveArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// What fixed it
    #[arg(
        long,
        short = 'r',
        value_name = "TEXT",
        required = true,
        allow_hyphen_values = true
    )]
    pub resolution: String,
    /// A resolution code (e.g. fixed, workaround, no-fault, duplicate)
    #[arg(long, value_name = "C")]
    pub code: Option<String>,
    /// The knowledge-base article that resolved it
    #[arg(long, value_name = "SLUG")]
    pub kb: Option<String>,
    #[command(flatten)]
    pub opts: TargetOpts,
}

/// Close resolved tickets.
#[derive(Args, Debug)]
pub struct CloseArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub opts: TargetOpts,
}

/// Reopen resolved or closed tickets (recorded as a reopen).
#[derive(Args, Debug)]
pub struct ReopenArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// Why it is back
    #[arg(long, value_name = "R", required = true, allow_hyphen_values = true)]
    pub reason: String,
    #[command(flatten)]
    pub opts: TargetOpts,
}

fn change(session: &Session, ids: &[String], opts: &TargetOpts, change: Change) -> Result<()> {
    let ids = collect_ids(ids, opts)?;
    targets::apply(session, ids, opts, change)
}

pub fn run(session: &Session, args: StatusArgs) -> Result<()> {
    let mut words = args.words.clone();
    let status_word = words
        .pop()
        .ok_or_else(|| usage("give ticket ids and then a status"))?;
    let status: Status = status_word.parse()?;
    if words.is_empty() && !args.opts.stdin {
        return Err(usage(format!(
            "no ticket ids given: `git desk status ID... {status}` (or pass --stdin)"
        )));
    }
    let to = Change::Status {
        to: status,
        reason: args.reason.clone(),
    };
    change(session, &words, &args.opts, to)
}

pub fn run_start(session: &Session, args: StartArgs) -> Result<()> {
    change(session, &args.ids, &args.opts, Change::Start)
}

pub fn run_pend(session: &Session, args: PendArgs) -> Result<()> {
    let pend = Change::Pend {
        reason: args.reason.clone(),
    };
    change(session, &args.ids, &args.opts, pend)
}

pub fn run_resolve(session: &Session, args: ResolveArgs) -> Result<()> {
    if let Some(slug) = &args.kb {
        let desk = session.desk()?;
        let snapshot = desk.snapshot()?;
        if snapshot.file(&format!("kb/{slug}.md"))?.is_none() {
            return Err(usage(format!(
                "no knowledge-base article '{slug}' (kb/{slug}.md) on the desk: check the slug"
            )));
        }
    }
    let resolve = Change::Resolve {
        resolution: args.resolution.clone(),
        code: args.code.clone(),
        kb: args.kb.clone(),
    };
    change(session, &args.ids, &args.opts, resolve)
}

pub fn run_close(session: &Session, args: CloseArgs) -> Result<()> {
    change(session, &args.ids, &args.opts, Change::Close)
}

pub fn run_reopen(session: &Session, args: ReopenArgs) -> Result<()> {
    let reopen = Change::Reopen {
        reason: args.reason.clone(),
    };
    change(session, &args.ids, &args.opts, reopen)
}
