//! `git desk sweep`: apply the escalation rules, as one commit. Made for cron.

use anyhow::Result;
use clap::Args;
use serde_json::{json, Value};

use git_desk::model::Action;
use git_desk::workflow::{ApplyOptions, Change, Outcome};

use super::targets::{ask_first, can_ask, list, Bar, CONFIRM_ABOVE};
use super::{usage, Session};

/// Apply desk.toml's [[escalation]] rules to every ticket they match (escalate, set
/// priority, reassign), as one commit. Idempotent: a rule fires once per ticket until the
/// ticket changes tier or is reopened, so a second run changes nothing. On a terminal it
/// asks before changing more than 20 tickets (--yes does not ask); without a terminal
/// (cron) it never asks. Exit 0 when there is nothing to do.
#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Print what would change and write nothing
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// With --dry-run: print the firings as JSON, one object per rule firing
    #[arg(long, requires = "dry_run")]
    pub json: bool,
    /// Change more than 20 tickets without asking
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// List every firing, also above 20
    #[arg(long)]
    pub verbose: bool,
}

pub fn run(session: &Session, args: SweepArgs) -> Result<()> {
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    let bar = Bar::new(session, "sweep");
    let progress = |done, total| bar.show(done, total);
    let sweep = |dry_run| {
        let options = ApplyOptions {
            dry_run,
            progress: Some(&progress),
            ..ApplyOptions::default()
        };
        let outcome = desk.apply_with(&actor, now, &[], &Change::Sweep, options);
        bar.finish();
        outcome
    };
    // A person at a terminal sees how many tickets would change before any is: the
    // rules are planned once without writing, then again for the commit.
    let ask = !args.yes && !args.dry_run && can_ask(session);
    if ask {
        let planned = sweep(true)?;
        let count = tickets(&planned);
        if count > CONFIRM_ABOVE
            && !ask_first(
                session,
                &format!(
                    "sweep: {} rule firing(s) would change {count} tickets: go ahead?",
                    planned.changed.len()
                ),
            )?
        {
            return Err(usage(
                "stopped: nothing was changed (pass --yes to skip the question)",
            ));
        }
    }
    let outcome = sweep(args.dry_run)?;
    if args.json {
        session.out.json(&firings_json(&outcome))?;
        return Ok(());
    }
    if outcome.changed.is_empty() {
        session.out.info("nothing to sweep: no rule applies");
        return Ok(());
    }
    if !session.out.quiet() {
        let prefix = if args.dry_run { "would " } else { "" };
        session.out.line(format!("{prefix}{}", outcome.subject))?;
        list(session, &outcome.changed, args.verbose)?;
        if args.dry_run {
            session.out.info("dry run: nothing was written");
        }
    }
    Ok(())
}

/// How many tickets the firings change.
fn tickets(outcome: &Outcome) -> usize {
    let ids: std::collections::BTreeSet<&str> =
        outcome.changed.iter().map(|c| c.id.as_str()).collect();
    ids.len()
}

/// The firings as a JSON array: each with the ticket, the rule and what it changes.
fn firings_json(outcome: &Outcome) -> Value {
    let firings = outcome
        .changed
        .iter()
        .zip(&outcome.fired)
        .map(|(change, fired)| {
            let mut tier = Value::Null;
            let mut fields = serde_json::Map::new();
            for action in &fired.actions {
                match action {
                    Action::TierChanged { from, to, .. } => {
                        tier = json!({ "from": from.level(), "to": to.level() });
                    }
                    Action::FieldSet { field, value, .. } => {
                        fields.insert(
                            field.clone(),
                            json!(value
                                .as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| value.to_string())),
                        );
                    }
                    Action::Assigned { assignee, team } => {
                        fields.insert("assignee".into(), json!(assignee));
                        fields.insert("team".into(), json!(team));
                    }
                    _ => {}
                }
            }
            json!({
                "id": change.id.as_str(),
                "short_id": change.short,
                "title": change.title,
                "rule": fired.rule,
                "when": fired.when,
                "tier": tier,
                "set": fields,
            })
        })
        .collect();
    Value::Array(firings)
}
