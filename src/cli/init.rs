//! `git desk init`: create the desk branch.

use anyhow::Result;
use clap::Args;

use git_desk::store::DEFAULT_BRANCH;

use super::Session;

/// Create the desk branch with a default desk.toml (tiers, teams, priority matrix).
/// With --branch NAME, the name is also recorded as `desk.branch` in the repository's
/// git config so later commands find it.
/// With --merge-driver, also make plain `git merge` unite ticket event logs (the driver
/// is installed in this repository's config and info/attributes; a desk that already
/// exists is left as it is).
#[derive(Args, Debug)]
pub struct InitArgs {
    /// Install `git desk merge-driver` for ticket files in this repository
    #[arg(long)]
    pub merge_driver: bool,
}

pub fn run(session: &Session, args: InitArgs) -> Result<()> {
    let desk = session.desk()?;
    if args.merge_driver {
        let attributes = super::merge_driver::install(desk.repo())?;
        session.out.info(format!(
            "installed the merge driver: merge.desk in git config, ticket files in {}",
            attributes.display()
        ));
        if desk.snapshot().is_ok() {
            return Ok(());
        }
    }
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
