//! `git desk sweep`: apply the escalation rules, as one commit. Made for cron.

use anyhow::Result;
use clap::Args;

use git_desk::model::Action;
use git_desk::sweep;

use super::output::sanitize_line;
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

fn describe(actions: &[Action]) -> String {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::TierChanged { from, to, .. } => Some(format!("L{from} -> L{to}")),
            Action::FieldSet { field, value, .. } => {
                Some(format!("{field} {}", value.as_str().unwrap_or_default()))
            }
            Action::Assigned { assignee, team } => Some(format!(
                "-> {}",
                assignee.as_deref().or(team.as_deref()).unwrap_or("nobody")
            )),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn run(session: &Session, args: SweepArgs) -> Result<()> {
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    {
        // The sweep needs its rules: a broken desk.toml refuses it (exit 2).
        desk.snapshot()?.config.rules()?;
    }
    let mut lines = Vec::new();
    let outcome = desk.transact(&actor, now, args.dry_run, |tx| {
        lines.clear();
        let (firings, summary) = sweep::apply(tx, now)?;
        for f in &firings {
            let snapshot = tx.snapshot();
            let rule = &snapshot.config.escalation[f.rule - 1];
            lines.push(format!(
                "  {}  rule #{} ({}): {}  {}",
                snapshot.short_id(&f.ticket)?,
                f.rule,
                rule.when_text,
                describe(&f.actions),
                sanitize_line(&tx.ticket(&f.ticket)?.title)
            ));
        }
        Ok(summary)
    })?;
    if lines.is_empty() {
        session.out.info("nothing to sweep: no rule applies");
        return Ok(());
    }
    if !session.out.quiet() {
        let prefix = if args.dry_run { "would " } else { "" };
        let subject = outcome.summary.subject;
        session.out.line(format!("{prefix}{subject}"))?;
        for l in &lines {
            session.out.line(l)?;
        }
        if args.dry_run {
            session.out.info("dry run: nothing was written");
        }
    }
    Ok(())
}
