//! `git desk escalate` and `git desk deescalate`.

use anyhow::Result;
use clap::Args;

use git_desk::model::Tier;
use git_desk::workflow::Change;

use super::targets::{self, collect_ids, TargetOpts};
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

pub fn run(session: &Session, args: EscalateArgs) -> Result<()> {
    let to: Option<Tier> = args.to.as_deref().map(str::parse).transpose()?;
    let ids = collect_ids(&args.ids, &args.opts)?;
    let change = Change::Escalate {
        to,
        reason: args.reason,
    };
    targets::apply(session, ids, &args.opts, change)
}

pub fn run_down(session: &Session, args: DeescalateArgs) -> Result<()> {
    let to: Tier = args.to.parse()?;
    let ids = collect_ids(&args.ids, &args.opts)?;
    let change = Change::Deescalate {
        to,
        reason: args.reason,
    };
    targets::apply(session, ids, &args.opts, change)
}
