//! `git desk escalate` and `git desk deescalate`.

use anyhow::Result;
use clap::Args;

use git_desk::model::{Ticket, Tier};
use git_desk::workflow;

use super::targets::{collect_ids, BulkChange, TargetOpts};
use super::Session;

/// Escalate tickets up one tier, or to tier N. The tier's default team takes them over;
/// the Level 1 owner stays the single point of contact.
#[derive(Args, Debug)]
pub struct EscalateArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The tier to escalate to (0-4); default: one up
    #[arg(long, value_name = "N")]
    pub to: Option<String>,
    /// Why it needs the higher tier
    #[arg(long, value_name = "TEXT", required = true, allow_hyphen_values = true)]
    pub reason: String,
    #[command(flatten)]
    pub opts: TargetOpts,
}

/// Hand tickets back down to tier N.
#[derive(Args, Debug)]
pub struct DeescalateArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The tier to hand back to (0-4)
    #[arg(long, value_name = "N", required = true)]
    pub to: String,
    /// Why
    #[arg(long, value_name = "TEXT", required = true, allow_hyphen_values = true)]
    pub reason: String,
    #[command(flatten)]
    pub opts: TargetOpts,
}

fn tiers(before: &Ticket, after: &Ticket) -> String {
    format!("L{} -> L{}", before.tier, after.tier)
}

pub fn run(session: &Session, args: EscalateArgs) -> Result<()> {
    let to: Option<Tier> = args.to.as_deref().map(str::parse).transpose()?;
    BulkChange {
        verb: "escalate",
        ids: collect_ids(&args.ids, &args.opts)?,
        opts: &args.opts,
    }
    .run(
        session,
        |tx, t| workflow::escalate(t, to, &args.reason, &tx.snapshot().config),
        tiers,
    )
}

pub fn run_down(session: &Session, args: DeescalateArgs) -> Result<()> {
    let to: Tier = args.to.parse()?;
    BulkChange {
        verb: "deescalate",
        ids: collect_ids(&args.ids, &args.opts)?,
        opts: &args.opts,
    }
    .run(
        session,
        |tx, t| workflow::deescalate(t, to, &args.reason, &tx.snapshot().config),
        tiers,
    )
}
