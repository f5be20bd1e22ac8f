//! `git desk pull`, `git desk push`, `git desk sync`: sharing the desk through a remote.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::Result;
use clap::Args;

use git_desk::error::DeskError;
use git_desk::store::Desk;
use git_desk::sync::{GitProgram, Integrated, Pushed, Remote, SyncReport, NETWORK_TIMEOUT};

use super::Session;

/// The remote argument shared by pull, push and sync.
#[derive(Args, Debug)]
pub struct RemoteArgs {
    /// A configured remote, a path or a URL (default: git config desk.remote, else origin)
    #[arg(value_name = "REMOTE")]
    pub remote: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Pull,
    Push,
    Sync,
}

pub fn run_pull(session: &Session, args: RemoteArgs) -> Result<()> {
    run(session, args, Mode::Pull)
}

pub fn run_push(session: &Session, args: RemoteArgs) -> Result<()> {
    run(session, args, Mode::Push)
}

pub fn run_sync(session: &Session, args: RemoteArgs) -> Result<()> {
    run(session, args, Mode::Sync)
}

/// git config `desk.remote` (also as `git -c desk.remote=NAME desk sync`), else origin.
fn default_remote(session: &Session) -> String {
    session
        .git_config("desk.remote")
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| "origin".to_string())
}

/// How long one network step may take: DESK_NETWORK_TIMEOUT, else git config
/// desk.timeout, in seconds; else [`NETWORK_TIMEOUT`].
pub(super) fn network_timeout(desk: &Desk) -> Result<Duration, DeskError> {
    let (value, source) = match std::env::var_os("DESK_NETWORK_TIMEOUT") {
        Some(v) => (v.to_string_lossy().into_owned(), "DESK_NETWORK_TIMEOUT"),
        None => match desk.git_config("desk.timeout")? {
            Some(v) => (v, "git config desk.timeout"),
            None => return Ok(NETWORK_TIMEOUT),
        },
    };
    match value.trim().parse::<u64>() {
        Ok(seconds) if seconds > 0 => Ok(Duration::from_secs(seconds)),
        _ => Err(DeskError::invalid(format!(
            "{source} is '{}', not a number of seconds: set it to a whole number above 0, such as {}",
            value.escape_debug(),
            NETWORK_TIMEOUT.as_secs()
        ))),
    }
}

fn run(session: &Session, args: RemoteArgs, mode: Mode) -> Result<()> {
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    if mode == Mode::Push {
        // Pushing needs a desk; a pull or a sync may be the first contact with one (a
        // fresh clone has only the remote's desk branch), and creates it.
        desk.snapshot()?;
    }
    let name = args.remote.unwrap_or_else(|| default_remote(session));
    let on_terminal = std::io::stderr().is_terminal() && !session.out.quiet();
    let git = GitProgram::new(desk.git_dir().to_path_buf(), session.interactive(), false)
        .with_timeout(network_timeout(&desk)?);
    let remote = Remote::new(&desk, &name, git)?;
    let spinner = on_terminal.then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(match mode {
            Mode::Pull => format!("pulling from {name}"),
            Mode::Push => format!("pushing to {name}"),
            Mode::Sync => format!("syncing with {name}"),
        });
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    });
    let result = match mode {
        Mode::Pull => remote.pull(&actor, now),
        Mode::Push => remote.push(&actor, now),
        Mode::Sync => remote.sync(&actor, now),
    };
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    if let Err(DeskError::PushRefused { said, .. }) = &result {
        // The server's reasons, line by line as git shows them: each names what to fix.
        let mut err = std::io::stderr().lock();
        for line in said {
            let _ = writeln!(err, "remote: {}", super::output::sanitize_line(line));
        }
    }
    report(session, &name, desk.branch(), &result?)
}

fn report(session: &Session, remote: &str, branch: &str, r: &SyncReport) -> Result<()> {
    let out = &session.out;
    for step in &r.integrated {
        match step {
            Integrated::UpToDate => {}
            Integrated::Created(tip) => out.info(format!(
                "created the local desk branch '{branch}' from {remote} ({})",
                tip.short()
            )),
            Integrated::FastForwarded(tip) => out.info(format!(
                "fast-forwarded '{branch}' to {remote}'s {}",
                tip.short()
            )),
            Integrated::Merged(commit, m) => {
                out.info(format!(
                    "merged {remote}/{branch} ({}): {} ticket(s) changed on both sides united{}",
                    commit.short(),
                    m.united.len(),
                    if m.text_merged.is_empty() {
                        String::new()
                    } else {
                        format!(", {} file(s) merged line by line", m.text_merged.len())
                    }
                ));
                for (path, other) in &m.conflicts {
                    out.warn(format!(
                        "{path} was changed on both sides and could not be merged: ours is kept, theirs is in {other}; reconcile them and remove {other}"
                    ));
                }
            }
        }
    }
    match (&r.pushed, r.remote_tip) {
        (Some(Pushed::Updated), Some(tip)) => out.info(format!(
            "pushed '{branch}' to {remote} ({}){}",
            tip.short(),
            if r.retries > 0 {
                format!(" after {} retry(ies): others pushed meanwhile", r.retries)
            } else {
                String::new()
            }
        )),
        (Some(Pushed::UpToDate), _) => out.info(format!("{remote} is up to date")),
        _ => {}
    }
    if r.pushed.is_none()
        && r.integrated
            .iter()
            .all(|i| matches!(i, Integrated::UpToDate))
    {
        out.info(format!("already up to date with {remote}"));
    }
    Ok(())
}
