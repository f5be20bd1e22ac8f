//! `git desk assign` and `git desk take`.

use anyhow::Result;
use clap::Args;

use git_desk::workflow;

use super::targets::{collect_ids, BulkChange, TargetOpts};
use super::Session;

/// Assign tickets to a person and/or a team. `me` names yourself, `none` clears.
/// The first person assigned at tier 0-1 becomes the Level 1 owner; --owner changes the
/// owner explicitly.
#[derive(Args, Debug)]
pub struct AssignArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The assignee's email, `me`, or `none`
    #[arg(long, value_name = "EMAIL")]
    pub to: Option<String>,
    /// The team, or `none`
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    /// Make this person the Level 1 owner (single point of contact)
    #[arg(long, value_name = "EMAIL")]
    pub owner: Option<String>,
    #[command(flatten)]
    pub opts: TargetOpts,
}

/// Assign tickets to yourself.
#[derive(Args, Debug)]
pub struct TakeArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub opts: TargetOpts,
}

fn person(value: Option<&str>, me: &str) -> Option<String> {
    value.map(|v| match v.trim() {
        "me" => me.to_string(),
        "none" | "" => String::new(),
        other => other.to_lowercase(),
    })
}

pub fn run(session: &Session, args: AssignArgs) -> Result<()> {
    let me = session.desk()?.actor()?.email;
    let to = person(args.to.as_deref(), &me);
    let owner = person(args.owner.as_deref(), &me);
    let team = args
        .team
        .as_deref()
        .map(|t| if t == "none" { "" } else { t.trim() });
    BulkChange {
        verb: "assign",
        ids: collect_ids(&args.ids, &args.opts)?,
        opts: &args.opts,
    }
    .run(
        session,
        |_, t| workflow::assign(t, to.as_deref(), team, owner.as_deref()),
        |_, after| describe(after),
    )
}

pub fn run_take(session: &Session, args: TakeArgs) -> Result<()> {
    let me = session.desk()?.actor()?.email;
    BulkChange {
        verb: "take",
        ids: collect_ids(&args.ids, &args.opts)?,
        opts: &args.opts,
    }
    .run(
        session,
        |_, t| workflow::assign(t, Some(&me), None, None),
        |_, after| describe(after),
    )
}

fn describe(t: &git_desk::model::Ticket) -> String {
    format!(
        "-> {}",
        t.assignee
            .as_deref()
            .or(t.team.as_deref())
            .unwrap_or("nobody")
    )
}
