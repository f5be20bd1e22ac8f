//! `git desk sweep`: apply the escalation rules, as one commit. Made for cron.

use anyhow::Result;
use clap::Args;

use git_desk::workflow::Change;

use super::Session;

/// Apply desk.toml's [[escalation]] rules to every ticket they match (escalate, set
/// priority, reassign), as one commit. Idempotent: a rule fires once per ticket until the
/// ticket changes tier or is reopened, so a second run changes nothing. Never prompts;
/// exit 0 when there is nothing to do.
#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Print what would change and write nothing
    #[arg(short = 'n', long)]
    pub dry_run: bool,
}

pub fn run(session: &Session, args: SweepArgs) -> Result<()> {
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    let outcome = desk.apply(&actor, now, &[], &Change::Sweep, args.dry_run)?;
    if outcome.changed.is_empty() {
        session.out.info("nothing to sweep: no rule applies");
        return Ok(());
    }
    if !session.out.quiet() {
        let prefix = if args.dry_run { "would " } else { "" };
        session.out.line(format!("{prefix}{}", outcome.subject))?;
        super::targets::list(session, &outcome.changed)?;
        if args.dry_run {
            session.out.info("dry run: nothing was written");
        }
    }
    Ok(())
}
