//! `git desk notify`: send the notices due, each once (for cron, beside `sweep`).

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use clap::Args;
use serde_json::json;

use git_desk::mail::deliver::{Delivery, SmtpTarget, DEFAULT_SENDMAIL};
use git_desk::mail::dispatch::{notify, Fate, Report};
use git_desk::mail::notice::no_mail;
use git_desk::store::{Actor, Desk};
use git_desk::sync::{GitProgram, Remote};

use super::command_error::usage;
use super::Session;

/// Work out the notices due from the tickets' events and desk.toml's [[notify]] rules,
/// claim them (recorded as `notified` events, and pushed to the desk's remote before
/// anything is sent, so two clones never send the same notice), send them, and record how
/// it went. A failed delivery is recorded and tried again by the next run (exit 1).
/// Templates: mail/templates/<kind>.txt on the desk branch override the built-in ones.
#[derive(Args, Debug)]
pub struct NotifyArgs {
    /// Hand each notice to this command, which reads the message on its input
    /// [default: "sendmail -t -i"]
    #[arg(long, value_name = "CMD", group = "via")]
    pub sendmail: Option<String>,
    /// Send through an SMTP server, STARTTLS when offered (password from
    /// DESK_SMTP_PASSWORD)
    #[arg(long, value_name = "smtp://[USER@]HOST:PORT", group = "via")]
    pub smtp: Option<String>,
    /// Write each notice as a .eml file into this directory
    #[arg(long, value_name = "DIR", group = "via")]
    pub outbox: Option<PathBuf>,
    /// The remote the claims are pushed to before sending (default: git config
    /// desk.remote, else origin when it exists; none: local claims only)
    #[arg(long, value_name = "REMOTE")]
    pub remote: Option<String>,
    /// Print what would be sent; claim, send and write nothing
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// List the notices as JSON (ticket, kind, to, message_id, subject, result)
    #[arg(long)]
    pub json: bool,
}

/// The desk's remote: the one named, else `desk.remote`, else `origin` when configured.
fn remote_name(desk: &Desk, named: Option<String>) -> Result<Option<String>> {
    if let Some(name) = named {
        return Ok(Some(name));
    }
    if let Some(r) = desk
        .git_config("desk.remote")?
        .filter(|r| !r.trim().is_empty())
    {
        return Ok(Some(r));
    }
    Ok(desk
        .git_config("remote.origin.url")?
        .map(|_| "origin".to_string()))
}

fn delivery(args: &NotifyArgs) -> Result<Delivery> {
    let delivery = if let Some(url) = &args.smtp {
        let password = std::env::var("DESK_SMTP_PASSWORD").ok();
        Delivery::Smtp(SmtpTarget::parse(url, password).map_err(|e| usage(e.to_string()))?)
    } else if let Some(dir) = &args.outbox {
        Delivery::Outbox(dir.clone())
    } else {
        let command = args
            .sendmail
            .clone()
            .unwrap_or_else(|| DEFAULT_SENDMAIL.to_string());
        if command.trim().is_empty() {
            return Err(usage(
                "--sendmail needs a command, such as \"sendmail -t -i\"",
            ));
        }
        Delivery::Sendmail { command }
    };
    delivery.check().map_err(|e| {
        if e.is_bad_input() {
            usage(e.to_string())
        } else {
            anyhow!(e)
        }
    })?;
    Ok(delivery)
}

pub fn run(session: &Session, args: NotifyArgs) -> Result<()> {
    let desk = session.desk()?;
    let delivery = delivery(&args)?;
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    let Some(mail) = snapshot.config.mail.clone() else {
        return Err(no_mail().into());
    };
    drop(snapshot);
    // Run from the cron of a user git may know nothing of (the mail system's, say): then
    // the desk itself records its notices, as `mail ingest` takes mail in.
    let actor = desk
        .actor()
        .unwrap_or_else(|_| Actor::new(&mail.name, &mail.address));
    let now = session.now()?;
    let name = remote_name(&desk, args.remote.clone())?;
    let remote = match &name {
        Some(name) => {
            let git = GitProgram::new(desk.git_dir().to_path_buf(), session.interactive(), false)
                .with_timeout(super::sync::network_timeout(&desk)?);
            Some(Remote::new(&desk, name, git)?)
        }
        None => None,
    };
    let report = notify(&desk, &actor, now, remote.as_ref(), &delivery, args.dry_run)?;
    if args.json {
        session.out.json(&json!(report
            .notices
            .iter()
            .map(|(c, fate)| json!({
                "ticket": c.ticket.to_string(),
                "short": c.short,
                "kind": c.kind.as_str(),
                "about": c.notice.about,
                "to": c.notice.to,
                "message_id": c.notice.message_id,
                "attempt": c.notice.attempt,
                "subject": c.outgoing.subject,
                "result": fate.as_str(),
                "failure": match fate {
                    Fate::Failed(reason) => Some(reason.as_str()),
                    _ => None,
                },
            }))
            .collect::<Vec<_>>()))?;
    } else {
        print(session, &report, args.dry_run)?;
    }
    finish(session, &report, name.as_deref())
}

fn print(session: &Session, report: &Report, dry_run: bool) -> Result<()> {
    let out = &session.out;
    if report.notices.is_empty() {
        out.info("no notice is due");
        return Ok(());
    }
    if out.quiet() {
        return Ok(());
    }
    for (c, fate) in &report.notices {
        let to = c.notice.to.join(", ");
        let line = format!(
            "{:<17} {}  {:<16} -> {}  {}",
            fate.as_str(),
            c.short,
            c.kind.as_str(),
            to,
            super::output::sanitize_line(&c.outgoing.subject)
        );
        out.line(line)?;
        if let Fate::Failed(reason) = fate {
            out.line(format!("    {}", super::output::sanitize_line(reason)))?;
        }
        if dry_run {
            out.line(format!("    Message-ID: <{}>", c.notice.message_id))?;
            for body in c.outgoing.body.lines() {
                out.line(format!("    | {}", super::output::sanitize_line(body)))?;
            }
        }
    }
    if dry_run {
        out.info("dry run: nothing was claimed, sent or written");
    }
    Ok(())
}

/// Warnings, and exit 1 when a notice could not go out.
fn finish(session: &Session, report: &Report, remote: Option<&str>) -> Result<()> {
    if report.local_only {
        session.out.info(format!(
            "{} has no desk branch, so the claims were recorded here only; share the desk with `git desk push` to have clones claim against it",
            remote.unwrap_or("the remote")
        ));
    }
    if let Some(reason) = &report.outcomes_unpushed {
        session.out.warn(format!(
            "the delivery records could not be pushed ({reason}): `git desk sync` shares them later"
        ));
    }
    if let Some(reason) = &report.unpushed {
        return Err(anyhow!(
            "the claims could not be pushed to {} ({reason}), so nothing was sent: run notify again when the remote can be reached",
            remote.unwrap_or("the remote")
        ));
    }
    let failed = report.failed();
    if failed > 0 {
        return Err(anyhow!(
            "{failed} notice(s) could not be sent: recorded on their tickets, the next run tries them again"
        ));
    }
    Ok(())
}
