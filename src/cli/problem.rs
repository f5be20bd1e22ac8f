//! `git desk problem new` and `git desk problem resolve`: Level 3's problem records.

use anyhow::Result;
use clap::{Args, Subcommand};

use git_desk::workflow::Change;

use super::output::sanitize_line;
use super::{usage, Session};

/// Problem records: the cause of one or more incidents, worked by Level 3.
#[derive(Args, Debug)]
pub struct ProblemArgs {
    #[command(subcommand)]
    pub command: ProblemCommand,
}

#[derive(Subcommand, Debug)]
pub enum ProblemCommand {
    /// Open a problem record from incidents and link them both ways (one commit)
    New {
        /// The problem's title
        #[arg(value_name = "TITLE", required = true)]
        title: Vec<String>,
        /// The incidents it causes (any unique prefixes)
        #[arg(long = "from", value_name = "ID", required = true, num_args = 1..)]
        from: Vec<String>,
        /// What is known so far
        #[arg(
            short = 'm',
            long = "message",
            value_name = "TEXT",
            allow_hyphen_values = true
        )]
        message: Option<String>,
    },
    /// Resolve a problem with its fix; --resolve-incidents resolves its open incidents too,
    /// in the same commit
    Resolve {
        /// The problem (any unique prefix)
        #[arg(value_name = "PID")]
        id: String,
        /// The permanent fix
        #[arg(long, value_name = "TEXT", required = true, allow_hyphen_values = true)]
        fix: String,
        /// Also resolve the linked incidents still open, with the fix as their resolution
        #[arg(long)]
        resolve_incidents: bool,
    },
}

pub fn run(session: &Session, args: ProblemArgs) -> Result<()> {
    match args.command {
        ProblemCommand::New {
            title,
            from,
            message,
        } => new(session, title.join(" "), &from, message),
        ProblemCommand::Resolve {
            id,
            fix,
            resolve_incidents,
        } => resolve(session, &id, &fix, resolve_incidents),
    }
}

fn new(session: &Session, title: String, from: &[String], message: Option<String>) -> Result<()> {
    let title = title.trim().to_string();
    if title.is_empty() || title.contains('\n') {
        return Err(usage("the problem needs a one-line title"));
    }
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    let change = Change::ProblemNew {
        title: title.clone(),
        description: message.unwrap_or_default(),
    };
    let outcome = desk.apply(&actor, now, from, &change, false)?;
    let pid = outcome.filed.expect("filing files a problem");
    let short = desk.snapshot()?.short_id(&pid)?;
    session.out.line(pid.as_str())?;
    session
        .out
        .info(format!("opened problem {short}: {}", sanitize_line(&title)));
    Ok(())
}

fn resolve(session: &Session, prefix: &str, fix: &str, with_incidents: bool) -> Result<()> {
    let fix = fix.trim().to_string();
    if fix.is_empty() {
        return Err(usage("the fix must not be empty: --fix TEXT"));
    }
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    let change = Change::ProblemResolve {
        fix,
        resolve_incidents: with_incidents,
    };
    let outcome = desk.apply(&actor, now, &[prefix.to_string()], &change, false)?;
    session.out.line(sanitize_line(&outcome.subject))?;
    let resolved: Vec<&str> = outcome.changed[1..]
        .iter()
        .map(|c| c.short.as_str())
        .collect();
    if !resolved.is_empty() {
        session
            .out
            .line(format!("  incidents resolved: {}", resolved.join(", ")))?;
    }
    Ok(())
}
