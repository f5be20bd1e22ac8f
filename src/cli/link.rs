//! `git desk link`: relations between tickets, kept consistent on both sides.

use anyhow::Result;
use clap::{ArgGroup, Args};

use git_desk::model::Relation;
use git_desk::workflow::Change;

use super::targets::{self, collect_ids, TargetOpts};
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
    let ids = collect_ids(&args.ids, &args.opts)?;
    targets::apply(session, ids, &args.opts, Change::Link { relation, target })
}
