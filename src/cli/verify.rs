//! `git desk verify`: the server's pre-receive hook, holding the desk branch's rules.

use std::io::{BufRead, Write};

use anyhow::{anyhow, Context, Result};
use clap::Args;

use git_desk::verify::{verify_update, RefUpdate};

use super::{output, usage, Session};

/// Check a push to the desk branch against the desk's rules (SPEC 12), as a server's
/// pre-receive hook: reads `OLD NEW REF` lines on stdin (or takes OLD NEW [REF] as
/// arguments), ignores other refs, and rejects the push with one line per violation
/// (commit, file, rule, what to do). Exit 0 accept, 1 reject, 2 bad input. Reads only
/// objects and writes nothing. Install it with `git desk server install`.
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The desk branch's value before the push (all zeros: it did not exist)
    #[arg(value_name = "OLD", requires = "new")]
    pub old: Option<String>,
    /// Its value after the push (all zeros: it is deleted)
    #[arg(value_name = "NEW")]
    pub new: Option<String>,
    /// The ref pushed (default: the desk branch)
    #[arg(value_name = "REF")]
    pub refname: Option<String>,
}

pub fn run(session: &Session, args: VerifyArgs) -> Result<()> {
    let desk = session.desk()?;
    let desk_ref = desk.refname();
    let updates: Vec<RefUpdate> = match (&args.old, &args.new) {
        (Some(old), Some(new)) => {
            let refname = args.refname.as_deref().unwrap_or(&desk_ref);
            vec![RefUpdate::parse(
                &format!("{old} {new} {refname}"),
                &desk_ref,
            )?]
        }
        _ => {
            let mut updates = Vec::new();
            for line in std::io::stdin().lock().lines() {
                let line = line.context("cannot read the updates on stdin")?;
                if line.trim().is_empty() {
                    continue;
                }
                updates.push(RefUpdate::parse(&line, &desk_ref)?);
            }
            if updates.is_empty() {
                return Err(usage(
                    "no update to verify: give OLD NEW [REF] as arguments, or `OLD NEW REF` lines on stdin as git hands a pre-receive hook",
                ));
            }
            updates
        }
    };
    let lookup = |name: &str| std::env::var(name).ok();
    let check = |commit, allowed: &[u8]| desk.check_signature(commit, allowed);
    let mut violations = Vec::new();
    for update in updates.iter().filter(|u| u.refname == desk_ref) {
        violations.extend(verify_update(&desk, update, &lookup, &check)?);
    }
    if violations.is_empty() {
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    for v in &violations {
        let _ = writeln!(
            err,
            "git-desk verify: {}",
            output::sanitize_line(&v.to_string())
        );
    }
    Err(anyhow!(
        "push to {desk_ref} rejected: {} violation{} of the desk's rules (each named above)",
        violations.len(),
        if violations.len() == 1 { "" } else { "s" }
    ))
}
