//! `git desk problem new` and `git desk problem resolve`: Level 3's problem records.

use anyhow::Result;
use clap::{Args, Subcommand};

use git_desk::links::link_tickets;
use git_desk::model::{Filing, Rca, Relation, TicketType, Tier};
use git_desk::store::Summary;
use git_desk::workflow;
use git_desk::DeskError;

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
    let mut created = None;
    desk.transact(&actor, now, false, |tx| {
        tx.snapshot().config.rules()?;
        let incidents = super::targets::resolve_all(tx.snapshot(), from)?;
        for id in &incidents {
            let t = tx.ticket(id)?;
            if t.ticket_type == TicketType::Problem {
                return Err(DeskError::invalid(format!(
                    "{} is itself a problem record: --from takes incidents (link problems with `git desk link --related`)",
                    &id.as_str()[..8]
                )));
            }
        }
        let tier = Tier::new(3).expect("tier 3");
        let filing = Filing {
            ticket_type: TicketType::Problem,
            tier,
            team: tx.snapshot().config.tier(tier).team.clone(),
            description: message.clone().unwrap_or_default(),
            ..Filing::new(title.clone(), actor.email.clone())
        };
        let pid = tx.create(filing)?;
        for id in &incidents {
            let incident = tx.ticket(id)?.clone();
            for a in link_tickets(tx, &incident, Relation::Problem, &pid)? {
                tx.record(id, a)?;
            }
        }
        let short = tx.snapshot().short_id(&pid)?;
        let mut summary = Summary::new(
            format!("problem new {short}: {title} (from {} incident(s))", incidents.len()),
            "problem",
        );
        summary.tiers.push("3".into());
        created = Some((pid, short));
        Ok(summary)
    })?;
    let (pid, short) = created.expect("transact ran the change");
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
    let mut resolved = Vec::new();
    let outcome = desk.transact(&actor, now, false, |tx| {
        resolved.clear();
        let pid = tx.snapshot().resolve(prefix)?;
        let problem = tx.ticket(&pid)?.clone();
        if problem.ticket_type != TicketType::Problem {
            return Err(DeskError::invalid(format!(
                "{} is {} {}, not a problem record: resolve it with `git desk resolve`",
                &pid.as_str()[..8],
                workflow::article(problem.ticket_type.as_str()),
                problem.ticket_type
            )));
        }
        workflow::may_act(&tx.snapshot().config, &actor.email, &problem, "resolve")?;
        let short = tx.snapshot().short_id(&pid)?;
        let rca = Rca {
            fix: Some(fix.clone()),
            ..Rca::default()
        };
        for a in workflow::record_rca(&problem, &rca, None)? {
            tx.record(&pid, a)?;
        }
        let current = tx.ticket(&pid)?.clone();
        for a in workflow::resolve(&current, &fix, Some("fixed"), None)? {
            tx.record(&pid, a)?;
        }
        if with_incidents {
            for id in &problem.incidents {
                let Ok(id) = git_desk::model::TicketId::parse(id) else {
                    continue;
                };
                if !tx.snapshot().contains(&id)? {
                    continue;
                }
                let incident = tx.ticket(&id)?.clone();
                if !incident.status.is_active() {
                    continue;
                }
                let resolution = format!("fixed by problem {short}: {fix}");
                for a in workflow::resolve(&incident, &resolution, Some("problem"), None)? {
                    tx.record(&id, a)?;
                }
                resolved.push(tx.snapshot().short_id(&id)?);
            }
        }
        Ok(Summary::new(
            format!(
                "problem resolve {short}: {}{}",
                problem.title,
                if resolved.is_empty() {
                    String::new()
                } else {
                    format!(" and {} incident(s)", resolved.len())
                }
            ),
            "problem-resolve",
        ))
    })?;
    session.out.line(sanitize_line(&outcome.summary.subject))?;
    if !resolved.is_empty() {
        session
            .out
            .line(format!("  incidents resolved: {}", resolved.join(", ")))?;
    }
    Ok(())
}
