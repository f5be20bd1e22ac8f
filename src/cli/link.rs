//! `git desk link`: relations between tickets, kept consistent on both sides.

use anyhow::Result;
use clap::{ArgGroup, Args};

use git_desk::model::{Action, Relation};

use super::targets::{collect_ids, BulkChange, TargetOpts};
use super::{usage, Session};

/// Link tickets to a problem record, mark them duplicates of another ticket, relate them,
/// or link a knowledge-base article. Ticket-to-ticket links are recorded on both sides.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("relation").required(true).args(["problem", "duplicate_of", "related", "kb"])))]
pub struct LinkArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The problem record these incidents belong to
    #[arg(long, value_name = "PID")]
    pub problem: Option<String>,
    /// The ticket these duplicate
    #[arg(long, value_name = "ID")]
    pub duplicate_of: Option<String>,
    /// A related ticket
    #[arg(long, value_name = "ID")]
    pub related: Option<String>,
    /// A knowledge-base article (kb/SLUG.md)
    #[arg(long, value_name = "SLUG")]
    pub kb: Option<String>,
    #[command(flatten)]
    pub opts: TargetOpts,
}

pub fn run(session: &Session, args: LinkArgs) -> Result<()> {
    let (relation, target) = match (&args.problem, &args.duplicate_of, &args.related, &args.kb) {
        (Some(p), _, _, _) => (Relation::Problem, p.clone()),
        (_, Some(d), _, _) => (Relation::DuplicateOf, d.clone()),
        (_, _, Some(r), _) => (Relation::Related, r.clone()),
        (_, _, _, Some(k)) => (Relation::Kb, k.trim().to_string()),
        _ => {
            return Err(usage(
                "say what to link: --problem, --duplicate-of, --related or --kb",
            ))
        }
    };
    if relation == Relation::Kb {
        let snapshot_desk = session.desk()?;
        let snapshot = snapshot_desk.snapshot()?;
        if target.is_empty() || snapshot.file(&format!("kb/{target}.md"))?.is_none() {
            return Err(usage(format!(
                "no knowledge-base article '{target}' (kb/{target}.md) on the desk: check the slug"
            )));
        }
    }
    let label = relation.as_str().replace('_', "-");
    BulkChange {
        verb: "link",
        ids: collect_ids(&args.ids, &args.opts)?,
        opts: &args.opts,
    }
    .run(
        session,
        |tx, t| {
            let target_id = match relation {
                Relation::Kb => {
                    // Both sides: the ticket's `kb` and the article's `tickets`.
                    git_desk::kb::link_ticket(tx, &target, &t.id)?;
                    if t.kb.contains(&target) {
                        return Ok(Vec::new());
                    }
                    return Ok(vec![Action::Linked {
                        relation,
                        target: target.clone(),
                    }]);
                }
                _ => tx.snapshot().resolve(&target)?,
            };
            git_desk::links::link_tickets(tx, t, relation, &target_id)
        },
        |_, _| format!("{label} {target}"),
    )
}
