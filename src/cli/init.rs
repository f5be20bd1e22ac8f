//! `git desk init`: create the desk branch.

use anyhow::Result;
use clap::Args;

use git_desk::store::DEFAULT_BRANCH;

use super::{usage, Session};

/// Create the desk branch with a default desk.toml (tiers, teams, priority matrix).
/// With --branch NAME, the name is also recorded as `desk.branch` in the repository's
/// git config so later commands find it.
/// With --merge-driver, also make plain `git merge` unite ticket event logs (the driver
/// is installed in this repository's config and info/attributes; a desk that already
/// exists is left as it is).
#[derive(Args, Debug)]
pub struct InitArgs {
    /// Install `git desk merge-driver` for ticket files, desk.toml and KB articles in this
    /// repository
    #[arg(long)]
    pub merge_driver: bool,
}

pub fn run(session: &Session, args: InitArgs) -> Result<()> {
    let desk = session.desk()?;
    if args.merge_driver {
        let attributes = desk.install_merge_driver()?;
        session.out.info(format!(
            "installed the merge driver: merge.desk in git config, desk files in {}",
            attributes.display()
        ));
        if desk.snapshot().is_ok() {
            return Ok(());
        }
    }
    if let Some(problem) = branch_name_problem(desk.branch()) {
        return Err(usage(format!(
            "'{}' cannot be the desk's branch name: {problem}; pick another with --branch NAME (e.g. --branch desk)",
            desk.branch()
        )));
    }
    let actor = desk.actor()?;
    let commit = desk.init(&actor, session.now()?)?;
    if let Some(branch) = &session.global.branch {
        if branch != DEFAULT_BRANCH {
            desk.set_git_config("desk.branch", branch)?;
        }
    }
    session.out.info(format!(
        "created the desk on branch '{}' ({}) with a default desk.toml; file a ticket with `git desk new TITLE`",
        desk.branch(),
        commit.short()
    ));
    Ok(())
}

/// Why git itself would refuse `name` as a branch (`git check-ref-format --branch`), beyond
/// what a valid ref name already rules out; `None` when it is fine.
fn branch_name_problem(name: &str) -> Option<&'static str> {
    if name == "HEAD" {
        Some("HEAD names the checked-out commit, and a branch of that name confuses git")
    } else if name.starts_with('-') {
        Some("a branch name starting with '-' reads as an option to git")
    } else if name == "@" || name.contains("@{") {
        Some("'@' and '@{' are git's shorthand for HEAD and reflog entries")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::branch_name_problem;

    #[test]
    fn names_git_refuses_for_branches() {
        for bad in ["HEAD", "-desk", "--force", "@", "desk@{1}"] {
            assert!(branch_name_problem(bad).is_some(), "{bad}");
        }
        for good in ["desk", "support/desk", "HEADS", "desk-2", "a@b"] {
            assert!(branch_name_problem(good).is_none(), "{good}");
        }
    }
}
