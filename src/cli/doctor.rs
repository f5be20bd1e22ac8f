//! `git desk doctor`: check the desk and its repository, and repair what is safe.

use anyhow::{anyhow, Result};
use clap::Args;
use serde_json::json;

use git_desk::doctor::{self, Checkup, Problem, Severity};

use super::output::sanitize_line;
use super::Session;

/// Check the desk and the repository it lives in: every ticket file (it parses, is the
/// canonical serialisation of its events, names itself rightly, has a known schema,
/// unique event ids, positive clocks, no timestamps more than a day ahead or before the
/// filing), desk.toml and the KB articles' front matter, `.conflict-*` files left by
/// merges, the summary cache against a rebuild, locks and temporary refs left by killed
/// processes, and whether the desk branch is checked out in a worktree.
///
/// Each problem is shown with its path, what is wrong and what fixes it. Exit 0 when the
/// desk is healthy (warnings aside), 1 when problems were found (or, with --fix, when some
/// remain that need a person).
#[derive(Args, Debug)]
#[command(
    after_help = "--fix repairs what is safe: it removes the locks and temporary refs no process holds, rewrites non-canonical ticket files canonically as one commit (every event kept; a file that does not parse, or holds two different events with one id, is left for a person), and rebuilds the summary cache. It never drops an event.\n\nExit codes: 0 healthy (warnings aside; with --fix, when everything found was fixed), 1 problems that need fixing, 2 bad input."
)]
pub struct DoctorArgs {
    /// Repair what is safe, and say what needs a person
    #[arg(long)]
    pub fix: bool,
    /// Print the problems and a summary as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(session: &Session, args: DoctorArgs) -> Result<()> {
    let desk = session.desk()?;
    let now = session.now()?;
    let timeout = super::sync::network_timeout(&desk)?;
    let mut checkup = doctor::examine(&desk, now, timeout)?;
    if args.fix {
        doctor::repair(&desk, &mut checkup, now)?;
    }
    if args.json {
        session.out.json(&as_json(&checkup))?;
    } else {
        render(session, &checkup, args.fix)?;
    }
    if checkup.healthy() {
        return Ok(());
    }
    let left = checkup.problems.iter().filter(|p| p.outstanding()).count();
    let fixable = checkup
        .problems
        .iter()
        .filter(|p| p.outstanding() && p.fixable)
        .count();
    Err(if args.fix {
        anyhow!(
            "{} need a person: see each one's fix above",
            count(left, "problem", "problems")
        )
    } else if fixable > 0 {
        anyhow!(
            "doctor found {}: `git desk doctor --fix` repairs {fixable} of them; the others need a person",
            count(left, "problem", "problems")
        )
    } else {
        anyhow!(
            "doctor found {}, each needing a person: see each one's fix above",
            count(left, "problem", "problems")
        )
    })
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn render(session: &Session, checkup: &Checkup, fixing: bool) -> Result<()> {
    for problem in &checkup.problems {
        let label = match (problem.severity, problem.fixed) {
            (_, true) => "fixed",
            (Severity::Warning, _) => "warning",
            (_, false) if fixing => "needs a person",
            (_, false) if problem.fixable => "fixable",
            (_, false) => "problem",
        };
        session.out.line(sanitize_line(&format!(
            "{}: {} [{label}]: {}",
            problem.path,
            problem.check.as_str(),
            problem.message
        )))?;
        if !problem.fixed {
            session
                .out
                .line(sanitize_line(&format!("    fix: {}", problem.fix)))?;
        }
    }
    let contents = format!(
        "{}, {}, {}",
        count(checkup.tickets, "ticket", "tickets"),
        count(checkup.events, "event", "events"),
        count(checkup.articles, "KB article", "KB articles")
    );
    if let Some(commit) = &checkup.commit {
        session.out.line(format!(
            "rewrote the non-canonical ticket files in commit {}",
            commit.short()
        ))?;
    }
    if checkup.healthy() {
        let fixed = checkup.fixed();
        if fixed > 0 {
            session.out.line(format!(
                "fixed {}; desk is healthy: {contents}",
                count(fixed, "problem", "problems")
            ))?;
        } else {
            session.out.line(format!("desk is healthy: {contents}"))?;
        }
    } else {
        let problems = checkup.problem_count();
        let warnings = checkup.problems.len() - problems;
        let mut line = count(problems, "problem", "problems");
        if warnings > 0 {
            line.push_str(&format!(", {}", count(warnings, "warning", "warnings")));
        }
        line.push_str(&format!(" in {contents}"));
        if fixing {
            line.push_str(&format!("; fixed {}", checkup.fixed()));
        } else if checkup.fixable() > 0 {
            line.push_str(&format!("; --fix repairs {} of them", checkup.fixable()));
        }
        session.out.line(line)?;
    }
    Ok(())
}

fn problem_json(problem: &Problem) -> serde_json::Value {
    json!({
        "path": problem.path,
        "check": problem.check.as_str(),
        "severity": match problem.severity {
            Severity::Problem => "problem",
            Severity::Warning => "warning",
        },
        "message": problem.message,
        "fix": problem.fix,
        "fixable": problem.fixable,
        "fixed": problem.fixed,
    })
}

fn as_json(checkup: &Checkup) -> serde_json::Value {
    let warnings = checkup.problems.len() - checkup.problem_count();
    json!({
        "healthy": checkup.healthy(),
        "problems": checkup.problems.iter().map(problem_json).collect::<Vec<_>>(),
        "summary": {
            "tickets": checkup.tickets,
            "events": checkup.events,
            "articles": checkup.articles,
            "problems": checkup.problem_count(),
            "warnings": warnings,
            "fixable": checkup.fixable(),
            "fixed": checkup.fixed(),
            "commit": checkup.commit.as_ref().map(|c| c.to_string()),
        },
    })
}
