//! `git desk server install`: the pre-receive hook that runs `git desk verify`.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

use git_desk::store::Desk;

use super::{usage, Session};

/// The line that marks a hook as written by `git desk server install`.
const HOOK_MARK: &str = "# written by `git desk server install`";

/// Set up a server repository that holds the desk's rules
#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(subcommand)]
    pub command: ServerCommand,
}

#[derive(Subcommand, Debug)]
pub enum ServerCommand {
    /// Write a pre-receive hook running `git desk verify` into a (bare) repository
    ///
    /// The hook calls this git-desk by its absolute path. A pre-receive hook that
    /// git-desk did not write is left alone unless --force is given; then it is kept
    /// beside as `pre-receive.before-git-desk` (not chained: run it from a hook of your
    /// own if you need both). Running it again changes nothing.
    Install(InstallArgs),
}

#[derive(Args, Debug)]
pub struct InstallArgs {
    /// The repository's git directory (default: the current repository)
    #[arg(value_name = "GIT_DIR")]
    pub git_dir: Option<PathBuf>,
    /// Replace a pre-receive hook git-desk did not write (kept as pre-receive.before-git-desk)
    #[arg(long)]
    pub force: bool,
}

pub fn run(session: &Session, args: ServerArgs) -> Result<()> {
    match args.command {
        ServerCommand::Install(a) => install(session, a),
    }
}

fn install(session: &Session, args: InstallArgs) -> Result<()> {
    let desk = match &args.git_dir {
        Some(dir) => Desk::open_at(dir, session.global.branch.as_deref())?,
        None => session.desk()?,
    };
    let exe = std::env::current_exe().context("cannot tell where this git-desk is")?;
    let exe = exe.canonicalize().unwrap_or(exe);
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let branch = match &session.global.branch {
        Some(b) => format!(" --branch {}", quote(b)),
        None => String::new(),
    };
    let hook_text = format!(
        "#!/bin/sh\n{HOOK_MARK}: the desk branch's rules, checked on every push (see `git desk verify --help`).\nexec {} verify{branch}\n",
        quote(&exe.to_string_lossy())
    );
    let hooks = desk.git_dir().join("hooks");
    let hook = hooks.join("pre-receive");
    match std::fs::read_to_string(&hook) {
        Ok(existing) if existing == hook_text => {
            session
                .out
                .info(format!("{} already runs git desk verify", hook.display()));
            return Ok(());
        }
        Ok(existing) if !existing.contains(HOOK_MARK) => {
            if !args.force {
                return Err(usage(format!(
                    "{} exists and was not written by git-desk: run it from a hook of your own, or give --force to replace it (it is kept as pre-receive.before-git-desk)",
                    hook.display()
                )));
            }
            let kept = hooks.join("pre-receive.before-git-desk");
            std::fs::rename(&hook, &kept)
                .with_context(|| format!("cannot move {} aside", hook.display()))?;
            session
                .out
                .info(format!("kept the previous hook as {}", kept.display()));
        }
        _ => {}
    }
    std::fs::create_dir_all(&hooks)
        .with_context(|| format!("cannot create {}", hooks.display()))?;
    // Written beside and renamed: a push never runs half a hook.
    let partial = hooks.join("pre-receive.git-desk-partial");
    std::fs::write(&partial, &hook_text)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {} executable", partial.display()))?;
    std::fs::rename(&partial, &hook).with_context(|| format!("cannot write {}", hook.display()))?;
    session.out.info(format!(
        "installed {}: pushes to {} are checked by git desk verify",
        hook.display(),
        desk.refname()
    ));
    Ok(())
}
