//! `git desk assign` and `git desk take`.

use anyhow::Result;
use clap::Args;

use git_desk::config::DeskConfig;
use git_desk::workflow::Change;

use super::targets::{self, collect_ids, TargetOpts};
use super::{usage, Session};

/// Assign tickets to a person and/or a team of desk.toml. `me` names yourself, `none`
/// clears (an empty value is an error).
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
    /// A team of desk.toml, or `none`
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

/// A person option: `me`, `none` (clears), or an email. An empty value is refused, not
/// taken as `none`: a script whose variable came out empty must not clear the field.
fn person(value: Option<&str>, me: &str, option: &str) -> Result<Option<String>> {
    value
        .map(|v| match v.trim() {
            "" => Err(usage(format!(
                "{option} is empty: give an email, `me`, or `none` to clear it"
            ))),
            "me" => Ok(me.to_string()),
            "none" => Ok(String::new()),
            other => Ok(other.to_lowercase()),
        })
        .transpose()
}

/// The team option: a team of desk.toml, or `none` (clears).
fn team_named(value: &str, config: &DeskConfig) -> Result<String> {
    match value.trim() {
        "" => Err(usage(
            "--team is empty: give a team of desk.toml, or `none` to clear it",
        )),
        "none" => Ok(String::new()),
        team if config.teams.contains_key(team) => Ok(team.to_string()),
        team => {
            let known = config.teams.keys().cloned().collect::<Vec<_>>();
            Err(usage(if known.is_empty() {
                format!("team '{team}' is not in desk.toml, which names no teams: add [teams.{team}] to it first")
            } else {
                format!(
                    "team '{team}' is not in desk.toml: use one of {} (or add [teams.{team}] to desk.toml)",
                    known.join(", ")
                )
            }))
        }
    }
}

pub fn run(session: &Session, args: AssignArgs) -> Result<()> {
    let desk = session.desk()?;
    let me = desk.actor()?.email;
    let to = person(args.to.as_deref(), &me, "--to")?;
    let owner = person(args.owner.as_deref(), &me, "--owner")?;
    let team = match args.team.as_deref() {
        Some(team) => Some(team_named(team, &desk.snapshot()?.config)?),
        None => None,
    };
    let ids = collect_ids(&args.ids, &args.opts)?;
    targets::apply(session, ids, &args.opts, Change::Assign { to, team, owner })
}

pub fn run_take(session: &Session, args: TakeArgs) -> Result<()> {
    let ids = collect_ids(&args.ids, &args.opts)?;
    targets::apply(session, ids, &args.opts, Change::Take)
}
