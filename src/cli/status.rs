//! Status moves: `status`, and the shorthands `start`, `pend`, `resolve`, `close`, `reopen`.

use anyhow::Result;
use clap::Args;

use git_desk::model::{Action, Status, Ticket};
use git_desk::workflow;
use git_desk::DeskError;

use super::targets::{collect_ids, BulkChange, TargetOpts};
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

fn transition(before: &Ticket, after: &Ticket) -> String {
    format!("{} -> {}", before.status, after.status)
}

fn change<P>(
    session: &Session,
    verb: &str,
    ids: &[String],
    opts: &TargetOpts,
    plan: P,
) -> Result<()>
where
    P: Fn(&Ticket) -> Result<Vec<Action>, DeskError>,
{
    BulkChange {
        verb,
        ids: collect_ids(ids, opts)?,
        opts,
    }
    .run(session, |_, t| plan(t), transition)
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
    let reason = args.reason.clone();
    change(session, "status", &words, &args.opts, |t| {
        workflow::move_status(t, status, reason.as_deref())
    })
}

pub fn run_start(session: &Session, args: StartArgs) -> Result<()> {
    change(session, "start", &args.ids, &args.opts, |t| {
        workflow::move_status(t, Status::InProgress, None)
    })
}

pub fn run_pend(session: &Session, args: PendArgs) -> Result<()> {
    change(session, "pend", &args.ids, &args.opts, |t| {
        workflow::move_status(t, Status::Pending, Some(&args.reason))
    })
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
    BulkChange {
        verb: "resolve",
        ids: collect_ids(&args.ids, &args.opts)?,
        opts: &args.opts,
    }
    .run(
        session,
        |tx, t| {
            let actions = workflow::resolve(
                t,
                &args.resolution,
                args.code.as_deref(),
                args.kb.as_deref(),
            )?;
            if let (Some(slug), false) = (&args.kb, actions.is_empty()) {
                git_desk::kb::link_ticket(tx, slug, &t.id)?;
            }
            Ok(actions)
        },
        transition,
    )
}

pub fn run_close(session: &Session, args: CloseArgs) -> Result<()> {
    change(session, "close", &args.ids, &args.opts, |t| {
        workflow::move_status(t, Status::Closed, None)
    })
}

pub fn run_reopen(session: &Session, args: ReopenArgs) -> Result<()> {
    change(session, "reopen", &args.ids, &args.opts, |t| {
        workflow::reopen(t, &args.reason)
    })
}
