//! `git desk init`: create the desk branch.

use anyhow::Result;
use clap::Args;

use git_desk::store::DEFAULT_BRANCH;

use super::Session;

/// Create the desk branch with a default desk.toml (tiers, teams, priority matrix).
/// With --branch NAME, the name is also recorded as `desk.branch` in the repository's
/// git config so later commands find it.
#[derive(Args, Debug)]
pub struct InitArgs {}

pub fn run(session: &Session, _args: InitArgs) -> Result<()> {
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let commit = desk.init(&actor, session.now()?)?;
    if let Some(branch) = &session.global.branch {
        if branch != DEFAULT_BRANCH {
            desk.repo().config()?.set_str("desk.branch", branch)?;
        }
    }
    session.out.info(format!(
        "created the desk on branch '{}' ({}) with a default desk.toml; file a ticket with `git desk new TITLE`",
        desk.branch(),
        &commit.to_string()[..10]
    ));
    Ok(())
}
